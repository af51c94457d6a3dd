/*
 * Per-domain quotas of xenstored's core, at Xen 4.17's defaults: owned
 * nodes (1000), watches (128, E2BIG), transactions (10), node size (2048
 * bytes as Xen counts it), permission entries (5), path length (2048
 * below the domain's home). dom0 is exempt.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define OP(c, type, tx, ...) h_op(c, type, tx, __VA_ARGS__, NULL)

static struct xs_conn *d0, *u1;

/* A store with domain 1 owning its home (one node). */
static void setup_domu(void)
{
	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	assert_string_equal(OP(d0, XS_MKDIR, 0, "/local/domain/1"), "OK");
	assert_string_equal(OP(d0, XS_SET_PERMS, 0, "/local/domain/1", "n1"), "OK");
}

static void test_defaults(void **state)
{
	struct xs_quota *q;

	h_store();
	q = xs_store_quota(h_store_for_test());
	assert_int_equal(q->nodes, 1000);
	assert_int_equal(q->watches, 128);
	assert_int_equal(q->transactions, 10);
	assert_int_equal(q->node_size, 2048);
	assert_int_equal(q->perms, 5);
	assert_int_equal(q->path_max, 2048);
	h_store_free();
}

static void test_node_quota(void **state)
{
	char name[32];

	setup_domu();
	/* groups of 50: a directory's own record is under the node-size quota too */
	for (int i = 0; store_owned_for_test(1) < 1000; i++) {
		snprintf(name, sizeof(name), "g%d/n%d", i / 50, i);
		assert_string_equal(OP(u1, XS_MKDIR, 0, name), "OK");
	}
	assert_string_equal(OP(u1, XS_MKDIR, 0, "one-more"), "ENOSPC");
	assert_string_equal(h_write(u1, 0, "deep/er", "x"), "ENOSPC");
	assert_string_equal(OP(d0, XS_DIRECTORY, 0, "/local/domain/1/deep"), "ENOENT");
	assert_string_equal(OP(u1, XS_RM, 0, "g0/n1"), "OK");
	assert_string_equal(OP(u1, XS_MKDIR, 0, "one-more"), "OK");
	/* dom0 is not limited, and its nodes here are owned by 1 but not counted against dom0 */
	for (int i = 0; i < 1100; i++) {
		snprintf(name, sizeof(name), "/d0/n%d", i);
		assert_string_equal(OP(d0, XS_MKDIR, 0, name), "OK");
	}
	h_store_free();
}

static void test_node_quota_in_transaction(void **state)
{
	char name[32];
	const char *id;

	setup_domu();
	for (int i = 0; store_owned_for_test(1) < 999; i++) {
		snprintf(name, sizeof(name), "g%d/n%d", i / 50, i);
		assert_string_equal(OP(u1, XS_MKDIR, 0, name), "OK");
	}
	id = OP(u1, XS_TRANSACTION_START, 0, "");
	assert_string_equal(id, "1");
	assert_string_equal(OP(u1, XS_MKDIR, 1, "last"), "OK");
	assert_string_equal(OP(u1, XS_MKDIR, 1, "too-many"), "ENOSPC");
	assert_string_equal(OP(u1, XS_TRANSACTION_END, 1, "T"), "OK");
	assert_int_equal(store_owned_for_test(1), 1000);
	h_store_free();
}

static void test_watch_quota(void **state)
{
	char tok[16];

	setup_domu();
	for (int i = 0; i < 128; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		assert_string_equal(OP(u1, XS_WATCH, 0, "data", tok), "OK");
	}
	assert_string_equal(OP(u1, XS_WATCH, 0, "data", "t128"), "E2BIG");
	assert_string_equal(OP(u1, XS_UNWATCH, 0, "data", "t0"), "OK");
	assert_string_equal(OP(u1, XS_WATCH, 0, "data", "t128"), "OK");
	for (int i = 0; i < 200; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		assert_string_equal(OP(d0, XS_WATCH, 0, "/x", tok), "OK");
	}
	h_store_free();
}

static void test_transaction_quota(void **state)
{
	setup_domu();
	for (int i = 0; i < 10; i++)
		assert_string_not_equal(OP(u1, XS_TRANSACTION_START, 0, ""), "ENOSPC");
	assert_string_equal(OP(u1, XS_TRANSACTION_START, 0, ""), "ENOSPC");
	assert_string_equal(OP(u1, XS_TRANSACTION_END, 3, "F"), "OK");
	assert_string_not_equal(OP(u1, XS_TRANSACTION_START, 0, ""), "ENOSPC");
	for (int i = 0; i < 20; i++)
		assert_string_not_equal(OP(d0, XS_TRANSACTION_START, 0, ""), "ENOSPC");
	h_store_free();
}

static void test_node_size(void **state)
{
	static char big[4000];

	setup_domu();
	/* 24-byte header + one 8-byte permission + value must stay under 2048 */
	memset(big, 'v', 2015);
	assert_string_equal(h_write(u1, 0, "v", big), "OK");
	memset(big, 'v', 2016);
	assert_string_equal(h_write(u1, 0, "v", big), "ENOSPC");
	assert_int_equal(strlen(OP(u1, XS_READ, 0, "v")), 2015);
	memset(big, 'v', sizeof(big) - 1);
	assert_string_equal(h_write(d0, 0, "/local/domain/1/big", big), "OK");
	h_store_free();
}

static void test_perm_entries_and_path_length(void **state)
{
	static char path[2100];

	setup_domu();
	assert_string_equal(OP(u1, XS_MKDIR, 0, "p"), "OK");
	assert_string_equal(OP(u1, XS_SET_PERMS, 0, "p", "n1", "r2", "r3", "r4", "r5"), "OK");
	assert_string_equal(OP(u1, XS_SET_PERMS, 0, "p", "n1", "r2", "r3", "r4", "r5", "r6"),
			    "ENOSPC");
	/* 2048 bytes below the home, in components the node-size quota allows */
	memset(path, 'a', 2048);
	for (int i = 100; i < 2048; i += 100)
		path[i] = '/';
	assert_string_equal(OP(u1, XS_MKDIR, 0, path), "OK");
	path[2048] = 'b';
	assert_string_equal(OP(u1, XS_MKDIR, 0, path), "EINVAL");
	/* the child of a node: its name goes into the parent's record */
	memset(path, 'c', 2010);
	path[2010] = '\0';
	assert_string_equal(OP(u1, XS_MKDIR, 0, path), "ENOSPC");
	h_store_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_node_quota),
		cmocka_unit_test(test_node_quota_in_transaction),
		cmocka_unit_test(test_watch_quota),
		cmocka_unit_test(test_transaction_quota),
		cmocka_unit_test(test_node_size),
		cmocka_unit_test(test_perm_entries_and_path_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
