/*
 * Watches in xenstored's core: the initial event, events for the node and
 * its descendants, removal (watchers below a removed node hear their own
 * path), relative paths, unwatch, permissions on events, and the special
 * watches @introduceDomain / @releaseDomain.
 */
#include "harness.h"

#define OP(c, type, ...) h_op(c, type, 0, __VA_ARGS__, NULL)
#define OK(c, type, ...) assert_string_equal(OP(c, type, __VA_ARGS__), "OK")

static void test_initial_event_follows_reply(void **state)
{
	struct xs_conn *w;

	h_store();
	w = h_dom0();
	OK(w, XS_WATCH, "/nothing/yet", "tok");
	assert_string_equal(h_event(w), "/nothing/yet|tok");
	assert_null(h_event(w));
	assert_string_equal(OP(w, XS_WATCH, "/nothing/yet", "tok"), "EEXIST");
	OK(w, XS_WATCH, "/nothing/yet", "tok2");
	assert_string_equal(h_event(w), "/nothing/yet|tok2");
	assert_string_equal(OP(w, XS_WATCH, "/a", "t", "1"), "EINVAL"); /* no depth in 4.17 */
	assert_string_equal(OP(w, XS_WATCH, "/a/", "t"), "EINVAL");
	h_store_free();
}

static void test_node_and_descendants(void **state)
{
	struct xs_conn *w, *c;

	h_store();
	w = h_dom0();
	c = h_dom0();
	OK(w, XS_WATCH, "/a", "t");
	h_drain_events(w);
	assert_string_equal(h_write(c, 0, "/a/b/c", "1"), "OK");
	assert_string_equal(h_event(w), "/a/b/c|t");
	assert_null(h_event(w));
	assert_string_equal(h_write(c, 0, "/ab", "1"), "OK"); /* not below /a */
	assert_string_equal(h_write(c, 0, "/a", "v"), "OK");
	assert_string_equal(h_event(w), "/a|t");
	OK(c, XS_MKDIR, "/a/b");
	assert_null(h_event(w)); /* existed: no change */
	OK(c, XS_SET_PERMS, "/a/b", "r0");
	assert_string_equal(h_event(w), "/a/b|t");
	assert_null(h_event(w));
	h_store_free();
}

static void test_rm_events(void **state)
{
	struct xs_conn *c, *up, *on, *below, *deeper;

	h_store();
	c = h_dom0();
	assert_string_equal(h_write(c, 0, "/r/s/t/u", "1"), "OK");
	up = h_dom0();
	on = h_dom0();
	below = h_dom0();
	deeper = h_dom0();
	OK(up, XS_WATCH, "/r", "up");
	OK(on, XS_WATCH, "/r/s", "on");
	OK(below, XS_WATCH, "/r/s/t", "below");
	OK(deeper, XS_WATCH, "/r/s/t/u/none", "deeper");
	h_drain_events(up);
	h_drain_events(on);
	h_drain_events(below);
	h_drain_events(deeper);
	OK(c, XS_RM, "/r/s");
	assert_string_equal(h_event(up), "/r/s|up");
	assert_null(h_event(up));
	assert_string_equal(h_event(on), "/r/s|on");
	assert_null(h_event(on));
	assert_string_equal(h_event(below), "/r/s/t|below");
	assert_null(h_event(below));
	assert_null(h_event(deeper)); /* never existed */
	OK(c, XS_RM, "/r/s");	      /* already gone, parent there */
	assert_string_equal(OP(c, XS_RM, "/r/s/x"), "ENOENT");
	assert_string_equal(OP(c, XS_RM, "/"), "EINVAL");
	h_store_free();
}

static void test_unwatch(void **state)
{
	struct xs_conn *w, *c;

	h_store();
	w = h_dom0();
	c = h_dom0();
	OK(w, XS_WATCH, "/u", "t");
	h_drain_events(w);
	OK(w, XS_UNWATCH, "/u", "t");
	assert_string_equal(h_write(c, 0, "/u/x", "1"), "OK");
	assert_null(h_event(w));
	assert_string_equal(OP(w, XS_UNWATCH, "/u", "t"), "ENOENT");
	OK(w, XS_WATCH, "/u", "t");
	OK(w, XS_RESET_WATCHES, "");
	h_drain_events(w);
	assert_string_equal(h_write(c, 0, "/u/y", "1"), "OK");
	assert_null(h_event(w));
	h_store_free();
}

static void test_relative_watch_of_a_domain(void **state)
{
	struct xs_conn *d0, *u3;

	h_store();
	d0 = h_dom0();
	u3 = h_domu(3);
	OK(d0, XS_MKDIR, "/local/domain/3/device");
	OK(d0, XS_SET_PERMS, "/local/domain/3/device", "n0", "r3");
	OK(u3, XS_WATCH, "device", "fe");
	assert_string_equal(h_event(u3), "device|fe");
	assert_string_equal(h_write(d0, 0, "/local/domain/3/device/vif/0/state", "1"), "OK");
	assert_string_equal(h_event(u3), "device/vif/0/state|fe");
	OK(u3, XS_WATCH, "/local/domain/3/device", "abs");
	assert_string_equal(h_event(u3), "/local/domain/3/device|abs");
	OK(u3, XS_UNWATCH, "device", "fe");
	h_store_free();
}

static void test_events_need_read_permission(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	OK(d0, XS_MKDIR, "/secret/inner");
	OK(d0, XS_SET_PERMS, "/secret", "n0", "r1");
	OK(u1, XS_WATCH, "/secret", "t");
	assert_string_equal(h_event(u1), "/secret|t"); /* the initial event, always */
	assert_string_equal(h_write(d0, 0, "/secret/inner/x", "1"), "OK");
	assert_null(h_event(u1)); /* neither x nor its parent readable */
	assert_string_equal(h_write(d0, 0, "/secret/y", "1"), "OK");
	assert_string_equal(h_event(u1), "/secret/y|t"); /* parent readable */
	OK(d0, XS_SET_PERMS, "/secret", "n0");
	assert_string_equal(h_event(u1), "/secret|t"); /* could read it before */
	assert_string_equal(h_write(d0, 0, "/secret", "z"), "OK");
	assert_null(h_event(u1));
	h_store_free();
}

static void test_special_watches(void **state)
{
	struct xs_conn *d0, *u1, *u2;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	OK(d0, XS_WATCH, "@introduceDomain", "in");
	OK(d0, XS_WATCH, "@releaseDomain", "out");
	OK(u1, XS_WATCH, "@releaseDomain", "u1");
	h_drain_events(d0);
	h_drain_events(u1);
	OK(d0, XS_INTRODUCE, "2", "4096", "5");
	assert_string_equal(h_event(d0), "@introduceDomain|in");
	assert_null(h_event(d0));
	OK(d0, XS_INTRODUCE, "2", "4096", "5"); /* again: no new domain */
	assert_null(h_event(d0));
	u2 = xs_domain_conn(h_store_for_test(), 2);
	assert_non_null(u2);
	xs_domain_shutdown(h_store_for_test(), 2);
	assert_string_equal(h_event(d0), "@releaseDomain|out");
	assert_null(h_event(u1)); /* n0: privileged only */
	xs_domain_shutdown(h_store_for_test(), 2);
	assert_null(h_event(d0)); /* once per shutdown */
	OK(d0, XS_RESUME, "2");
	OK(d0, XS_SET_PERMS, "@releaseDomain", "n0", "r1");
	xs_domain_shutdown(h_store_for_test(), 2);
	assert_string_equal(h_event(d0), "@releaseDomain|out");
	assert_string_equal(h_event(u1), "@releaseDomain|u1");
	OK(d0, XS_RELEASE, "2");
	assert_string_equal(h_event(d0), "@releaseDomain|out");
	assert_string_equal(h_event(u1), "@releaseDomain|u1");
	assert_string_equal(OP(u1, XS_SET_PERMS, "@releaseDomain", "b1"), "EACCES");
	assert_string_equal(OP(d0, XS_SET_PERMS, "@other", "n0"), "EINVAL");
	h_store_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initial_event_follows_reply),
		cmocka_unit_test(test_node_and_descendants),
		cmocka_unit_test(test_rm_events),
		cmocka_unit_test(test_unwatch),
		cmocka_unit_test(test_relative_watch_of_a_domain),
		cmocka_unit_test(test_events_need_read_permission),
		cmocka_unit_test(test_special_watches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
