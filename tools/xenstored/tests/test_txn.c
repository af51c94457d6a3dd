/*
 * Transactions in xenstored's core: isolation, commit, abort, conflict
 * detection by generation (EAGAIN), events only at commit, id rules.
 */
#include <stdlib.h>

#include "harness.h"

#define OP(c, type, tx, ...) h_op(c, type, tx, __VA_ARGS__, NULL)

static uint32_t start(struct xs_conn *c)
{
	const char *id = OP(c, XS_TRANSACTION_START, 0, "");

	assert_true(id[0] >= '1' && id[0] <= '9');
	return (uint32_t)strtoul(id, NULL, 10);
}

static const char *end(struct xs_conn *c, uint32_t tx, const char *tf)
{
	return OP(c, XS_TRANSACTION_END, tx, tf);
}

static void test_isolation_and_commit(void **state)
{
	struct xs_conn *a, *b;
	uint32_t t;

	h_store();
	a = h_dom0();
	b = h_dom0();
	t = start(a);
	assert_string_equal(h_write(a, t, "/n/x", "1"), "OK");
	assert_string_equal(OP(a, XS_READ, t, "/n/x"), "1");
	assert_string_equal(OP(b, XS_READ, 0, "/n/x"), "ENOENT");
	assert_string_equal(OP(a, XS_READ, 0, "/n/x"), "ENOENT");
	assert_string_equal(end(a, t, "T"), "OK");
	assert_string_equal(OP(b, XS_READ, 0, "/n/x"), "1");
	h_store_free();
}

static void test_abort_discards(void **state)
{
	struct xs_conn *a;
	uint32_t t;

	h_store();
	a = h_dom0();
	assert_string_equal(h_write(a, 0, "/k", "old"), "OK");
	t = start(a);
	assert_string_equal(h_write(a, t, "/k", "new"), "OK");
	assert_string_equal(OP(a, XS_RM, t, "/tool"), "OK");
	assert_string_equal(end(a, t, "F"), "OK");
	assert_string_equal(OP(a, XS_READ, 0, "/k"), "old");
	assert_string_equal(OP(a, XS_DIRECTORY, 0, "/tool"), "xenstored");
	assert_string_equal(end(a, t, "T"), "ENOENT"); /* gone */
	h_store_free();
}

static void test_conflicting_write_is_eagain(void **state)
{
	struct xs_conn *a, *b;
	uint32_t t;

	h_store();
	a = h_dom0();
	b = h_dom0();
	assert_string_equal(h_write(a, 0, "/a", "1"), "OK");
	t = start(a);
	assert_string_equal(OP(a, XS_READ, t, "/a"), "1");
	assert_string_equal(h_write(b, 0, "/a", "2"), "OK");
	assert_string_equal(h_write(a, t, "/b", "from-t"), "OK");
	assert_string_equal(end(a, t, "T"), "EAGAIN");
	assert_string_equal(OP(a, XS_READ, 0, "/b"), "ENOENT");
	assert_string_equal(OP(a, XS_READ, 0, "/a"), "2");
	h_store_free();
}

static void test_conflicting_delete_is_eagain(void **state)
{
	struct xs_conn *a, *b;
	uint32_t t;

	h_store();
	a = h_dom0();
	b = h_dom0();
	assert_string_equal(h_write(a, 0, "/a/x", "1"), "OK");
	t = start(a);
	assert_string_equal(OP(a, XS_READ, t, "/a/x"), "1");
	assert_string_equal(OP(b, XS_RM, 0, "/a"), "OK");
	assert_string_equal(end(a, t, "T"), "EAGAIN");
	h_store_free();
}

static void test_unrelated_change_commits(void **state)
{
	struct xs_conn *a, *b;
	uint32_t t;

	h_store();
	a = h_dom0();
	b = h_dom0();
	assert_string_equal(h_write(a, 0, "/p/q", "1"), "OK");
	assert_string_equal(h_write(a, 0, "/other", "1"), "OK");
	t = start(a);
	assert_string_equal(OP(a, XS_READ, t, "/p/q"), "1");
	assert_string_equal(h_write(a, t, "/p/q", "2"), "OK");
	assert_string_equal(h_write(b, 0, "/other", "2"), "OK");
	assert_string_equal(end(a, t, "T"), "OK");
	assert_string_equal(OP(b, XS_READ, 0, "/p/q"), "2");
	h_store_free();
}

static void test_sibling_creations_conflict(void **state)
{
	struct xs_conn *a, *b;
	uint32_t ta, tb;

	h_store();
	a = h_dom0();
	b = h_dom0();
	assert_string_equal(OP(a, XS_MKDIR, 0, "/dir"), "OK");
	ta = start(a);
	tb = start(b);
	assert_string_equal(h_write(a, ta, "/dir/one", "1"), "OK");
	assert_string_equal(h_write(b, tb, "/dir/two", "2"), "OK");
	assert_string_equal(end(a, ta, "T"), "OK");
	assert_string_equal(end(b, tb, "T"), "EAGAIN");
	assert_string_equal(OP(a, XS_DIRECTORY, 0, "/dir"), "one");
	/* the retry succeeds */
	tb = start(b);
	assert_string_equal(h_write(b, tb, "/dir/two", "2"), "OK");
	assert_string_equal(end(b, tb, "T"), "OK");
	assert_string_equal(OP(a, XS_DIRECTORY, 0, "/dir"), "one,two");
	h_store_free();
}

static void test_rm_and_create_in_one_commit(void **state)
{
	struct xs_conn *a;
	uint32_t t;

	h_store();
	a = h_dom0();
	assert_string_equal(h_write(a, 0, "/r/s/t", "1"), "OK");
	t = start(a);
	assert_string_equal(OP(a, XS_RM, t, "/r/s"), "OK");
	assert_string_equal(OP(a, XS_READ, t, "/r/s/t"), "ENOENT");
	assert_string_equal(h_write(a, t, "/r/s/u/v", "2"), "OK");
	assert_string_equal(OP(a, XS_DIRECTORY, t, "/r/s"), "u");
	assert_string_equal(end(a, t, "T"), "OK");
	assert_string_equal(OP(a, XS_DIRECTORY, 0, "/r/s"), "u");
	assert_string_equal(OP(a, XS_READ, 0, "/r/s/t"), "ENOENT");
	h_store_free();
}

static void test_events_fire_at_commit_only(void **state)
{
	struct xs_conn *a, *w;
	uint32_t t;

	h_store();
	a = h_dom0();
	w = h_dom0();
	assert_string_equal(OP(w, XS_WATCH, 0, "/ev", "tok"), "OK");
	assert_string_equal(h_event(w), "/ev|tok");
	t = start(a);
	assert_string_equal(h_write(a, t, "/ev/x", "1"), "OK");
	assert_null(h_event(w));
	assert_string_equal(end(a, t, "T"), "OK");
	assert_string_equal(h_event(w), "/ev/x|tok");
	assert_null(h_event(w));
	t = start(a);
	assert_string_equal(h_write(a, t, "/ev/y", "1"), "OK");
	assert_string_equal(end(a, t, "F"), "OK");
	assert_null(h_event(w));
	h_store_free();
}

static void test_id_rules(void **state)
{
	struct xs_conn *a;
	uint32_t t;

	h_store();
	a = h_dom0();
	assert_string_equal(OP(a, XS_READ, 77, "/tool"), "ENOENT");
	t = start(a);
	assert_string_equal(OP(a, XS_TRANSACTION_START, t, ""), "EBUSY");
	assert_string_equal(end(a, 0, "T"), "ENOENT");
	assert_string_equal(end(a, t, "X"), "EINVAL");
	assert_string_equal(OP(a, XS_RESET_WATCHES, 0, ""), "OK");
	assert_string_equal(end(a, t, "T"), "ENOENT");
	h_store_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isolation_and_commit),
		cmocka_unit_test(test_abort_discards),
		cmocka_unit_test(test_conflicting_write_is_eagain),
		cmocka_unit_test(test_conflicting_delete_is_eagain),
		cmocka_unit_test(test_unrelated_change_commits),
		cmocka_unit_test(test_sibling_creations_conflict),
		cmocka_unit_test(test_rm_and_create_in_one_commit),
		cmocka_unit_test(test_events_fire_at_commit_only),
		cmocka_unit_test(test_id_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
