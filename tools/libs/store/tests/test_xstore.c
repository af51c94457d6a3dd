/*
 * libxstore (tools/libs/store) against our xenstored on a host socket
 * (xsd.h): plain requests, and transactions: isolation until commit,
 * abort, a conflict's EAGAIN with nothing applied, mkdir/rm/set_perms/
 * directory inside one, xstore_transact's bounded retry, and the daemon's
 * errors (unknown transaction) as -errno.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "xsd.h"
#include "xstore.h"

struct fixture {
	struct test_xsd d;
	struct xstore *a, *b; /* two clients: b is "another writer" */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || test_xsd_start(&f->d))
		return -1;
	f->a = xstore_open(f->d.sock);
	f->b = xstore_open(f->d.sock);
	*state = f;
	return f->a && f->b ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	xstore_close(f->a);
	xstore_close(f->b);
	test_xsd_stop(&f->d);
	free(f);
	return 0;
}

/* The value at path (through c, outside any transaction) is want; NULL: absent. */
static void expect_node(struct xstore *c, const char *path, const char *want)
{
	char *v = xstore_read(c, path);

	if (!want) {
		assert_null(v);
		assert_int_equal(errno, ENOENT);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void test_plain(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xstore_write(f->a, "/p/k", "v"), 0);
	expect_node(f->b, "/p/k", "v");
	assert_int_equal(xstore_rm(f->a, "/p"), 0);
	expect_node(f->b, "/p/k", NULL);
}

static void test_commit_isolated(void **state)
{
	struct fixture *f = *state;
	xstore_txn_t t;
	char *v;

	assert_int_equal(xstore_txn_start(f->a, &t), 0);
	assert_int_not_equal(t, XSTORE_NO_TXN);
	assert_int_equal(xstore_txn_write(f->a, t, "/t/x", "1"), 0);
	assert_int_equal(xstore_txn_write(f->a, t, "/t/y", "2"), 0);
	v = xstore_txn_read(f->a, t, "/t/x"); /* its own write */
	assert_non_null(v);
	assert_string_equal(v, "1");
	free(v);
	expect_node(f->a, "/t/x", NULL); /* outside it: nothing yet */
	expect_node(f->b, "/t/y", NULL);
	assert_int_equal(xstore_txn_end(f->a, t, true), 0);
	expect_node(f->b, "/t/x", "1");
	expect_node(f->b, "/t/y", "2");
}

static void test_abort(void **state)
{
	struct fixture *f = *state;
	xstore_txn_t t;

	assert_int_equal(xstore_write(f->a, "/keep", "old"), 0);
	assert_int_equal(xstore_txn_start(f->a, &t), 0);
	assert_int_equal(xstore_txn_write(f->a, t, "/keep", "new"), 0);
	assert_int_equal(xstore_txn_mkdir(f->a, t, "/gone"), 0);
	assert_int_equal(xstore_txn_end(f->a, t, false), 0);
	expect_node(f->b, "/keep", "old");
	expect_node(f->b, "/gone", NULL);
	/* ended: the id is no longer the daemon's */
	assert_int_equal(xstore_txn_write(f->a, t, "/keep", "x"), -ENOENT);
	assert_int_equal(xstore_txn_end(f->a, t, true), -ENOENT);
}

static void test_conflict(void **state)
{
	struct fixture *f = *state;
	xstore_txn_t t;
	char *v;

	assert_int_equal(xstore_write(f->a, "/c", "0"), 0);
	assert_int_equal(xstore_txn_start(f->a, &t), 0);
	v = xstore_txn_read(f->a, t, "/c");
	assert_non_null(v);
	free(v);
	assert_int_equal(xstore_txn_write(f->a, t, "/c2", "mine"), 0);
	assert_int_equal(xstore_write(f->b, "/c", "theirs"), 0);
	assert_int_equal(xstore_txn_end(f->a, t, true), -EAGAIN);
	expect_node(f->b, "/c", "theirs");
	expect_node(f->b, "/c2", NULL);
}

static void test_dir_perms_rm(void **state)
{
	struct fixture *f = *state;
	const char *perms[] = {"n5", "r0"};
	xstore_txn_t t;
	size_t len;
	char *names;

	assert_int_equal(xstore_write(f->a, "/d/old", "1"), 0);
	assert_int_equal(xstore_txn_start(f->a, &t), 0);
	assert_int_equal(xstore_txn_mkdir(f->a, t, "/d/new"), 0);
	assert_int_equal(xstore_txn_set_perms(f->a, t, "/d/new", perms, 2), 0);
	assert_int_equal(xstore_txn_rm(f->a, t, "/d/old"), 0);
	names = xstore_txn_directory(f->a, t, "/d", &len);
	assert_non_null(names);
	assert_int_equal(len, 4);
	assert_string_equal(names, "new");
	free(names);
	names = xstore_directory(f->b, "/d", &len); /* not yet */
	assert_non_null(names);
	assert_string_equal(names, "old");
	free(names);
	assert_int_equal(xstore_txn_end(f->a, t, true), 0);
	expect_node(f->b, "/d/old", NULL);
	expect_node(f->b, "/d/new", "");
}

/* A body that reads /n, makes b change it the first `conflicts` times,
 * then writes /n + 1. */
struct counter {
	struct xstore *other;
	int calls, conflicts, fail;
};

static int bump(struct xstore *xs, xstore_txn_t t, void *arg)
{
	struct counter *c = arg;
	char *v = xstore_txn_read(xs, t, "/n"), val[16];
	int n = v ? atoi(v) : 0;

	free(v);
	if (c->calls++ < c->conflicts)
		xstore_write(c->other, "/n", "100");
	if (c->fail)
		return c->fail;
	snprintf(val, sizeof(val), "%d", n + 1);
	return xstore_txn_write(xs, t, "/n", val);
}

static void test_transact_retries(void **state)
{
	struct fixture *f = *state;
	struct counter c = {.other = f->b, .conflicts = 2};

	assert_int_equal(xstore_write(f->a, "/n", "1"), 0);
	assert_int_equal(xstore_transact(f->a, 5, bump, &c), 0);
	assert_int_equal(c.calls, 3);
	expect_node(f->b, "/n", "101");
}

static void test_transact_bounded(void **state)
{
	struct fixture *f = *state;
	struct counter c = {.other = f->b, .conflicts = 1000};

	assert_int_equal(xstore_write(f->a, "/n", "1"), 0);
	assert_int_equal(xstore_transact(f->a, 4, bump, &c), -EAGAIN);
	assert_int_equal(c.calls, 4);
	expect_node(f->b, "/n", "100"); /* b's, none of ours */
}

static void test_transact_body_error(void **state)
{
	struct fixture *f = *state;
	struct counter c = {.other = f->b, .fail = -EINVAL};

	assert_int_equal(xstore_write(f->a, "/n", "1"), 0);
	assert_int_equal(xstore_transact(f->a, 4, bump, &c), -EINVAL);
	assert_int_equal(c.calls, 1);
	expect_node(f->b, "/n", "1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_isolated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_perms_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transact_retries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transact_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transact_body_error, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
