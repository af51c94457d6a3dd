/*
 * Xen's permission semantics in xenstored's core: owner and default entry,
 * r/w/b/n, dom0's rights, inheritance on creation, owner changes,
 * SET_TARGET, hiding existence, privileged-only requests.
 */
#include "harness.h"

#define OP(c, type, ...) h_op(c, type, 0, __VA_ARGS__, NULL)
#define E(c, type, ...) assert_string_equal(OP(c, type, __VA_ARGS__), "OK")

static void test_dom0_node_hidden_from_domu(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	assert_string_equal(h_write(d0, 0, "/a", "v"), "OK");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/a"), "n0");
	assert_string_equal(OP(u1, XS_READ, "/a"), "EACCES");
	assert_string_equal(h_write(u1, 0, "/a", "x"), "EACCES");
	assert_string_equal(OP(u1, XS_DIRECTORY, "/"), "EACCES");
	assert_string_equal(OP(d0, XS_READ, "/a"), "v");
	h_store_free();
}

static void test_letters_and_default(void **state)
{
	struct xs_conn *d0, *u1, *u2;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	u2 = h_domu(2);
	assert_string_equal(h_write(d0, 0, "/a", "v"), "OK");
	E(d0, XS_SET_PERMS, "/a", "n0", "r1", "w2");
	assert_string_equal(OP(u1, XS_READ, "/a"), "v");
	assert_string_equal(h_write(u1, 0, "/a", "x"), "EACCES");
	assert_string_equal(OP(u2, XS_READ, "/a"), "EACCES");
	assert_string_equal(h_write(u2, 0, "/a", "w"), "OK");
	E(d0, XS_SET_PERMS, "/a", "r0", "n1");
	assert_string_equal(OP(u2, XS_READ, "/a"), "w"); /* default entry: read */
	assert_string_equal(OP(u1, XS_READ, "/a"), "EACCES");
	E(d0, XS_SET_PERMS, "/a", "b0");
	assert_string_equal(h_write(u1, 0, "/a", "u1"), "OK");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/a"), "b0");
	h_store_free();
}

static void test_inheritance_and_creator_owns(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	E(d0, XS_MKDIR, "/local/domain/1");
	E(d0, XS_SET_PERMS, "/local/domain/1", "n0", "b1");
	assert_string_equal(h_write(u1, 0, "data/x", "1"), "OK");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/local/domain/1/data"), "n1,b1");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/local/domain/1/data/x"), "n1,b1");
	assert_string_equal(h_write(d0, 0, "/local/domain/1/tool/y", "2"), "OK");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/local/domain/1/tool/y"), "n0,b1");
	/* dom0's relative paths are below /local/domain/0 */
	assert_string_equal(h_write(d0, 0, "rel", "3"), "OK");
	assert_string_equal(OP(d0, XS_READ, "/local/domain/0/rel"), "3");
	h_store_free();
}

static void test_owner_changes(void **state)
{
	struct xs_conn *d0, *u1, *u2;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	u2 = h_domu(2);
	E(d0, XS_MKDIR, "/x");
	E(d0, XS_SET_PERMS, "/x", "n1", "b2");
	E(u1, XS_SET_PERMS, "/x", "n1", "r2");
	assert_string_equal(OP(u1, XS_SET_PERMS, "/x", "n2"), "EPERM");
	assert_string_equal(OP(u2, XS_SET_PERMS, "/x", "n1", "b2"), "EACCES");
	E(d0, XS_SET_PERMS, "/x", "n2");
	assert_string_equal(OP(d0, XS_GET_PERMS, "/x"), "n2");
	assert_string_equal(OP(u1, XS_SET_PERMS, "/x", "q1"), "EINVAL");
	assert_string_equal(OP(u1, XS_SET_PERMS, "/x"), "EINVAL");
	assert_string_equal(OP(d0, XS_SET_PERMS, "/x", "r70000"), "EINVAL");
	h_store_free();
}

static void test_hidden_existence(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	E(d0, XS_MKDIR, "/open");
	E(d0, XS_SET_PERMS, "/open", "r0");
	E(d0, XS_MKDIR, "/closed");
	/* readable parent: the truth; unreadable parent: EACCES either way */
	assert_string_equal(OP(u1, XS_READ, "/open/none"), "ENOENT");
	assert_string_equal(OP(u1, XS_READ, "/closed/none"), "EACCES");
	assert_string_equal(OP(u1, XS_READ, "/closed"), "EACCES");
	assert_string_equal(OP(d0, XS_READ, "/closed/none"), "ENOENT");
	h_store_free();
}

static void test_set_target(void **state)
{
	struct xs_conn *d0, *u1, *u2;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	u2 = h_domu(2);
	E(d0, XS_MKDIR, "/g");
	E(d0, XS_SET_PERMS, "/g", "n1");
	E(d0, XS_MKDIR, "/h");
	E(d0, XS_SET_PERMS, "/h", "n0", "r1");
	assert_string_equal(OP(u2, XS_READ, "/g"), "EACCES");
	assert_string_equal(OP(d0, XS_SET_TARGET, "2", "9"), "ENOENT");
	E(d0, XS_SET_TARGET, "2", "1");
	assert_string_equal(h_write(u2, 0, "/g", "dm"), "OK"); /* owner is its target */
	assert_string_equal(OP(u2, XS_READ, "/h"), "");	       /* target's grant */
	assert_string_equal(h_write(u2, 0, "/h", "no"), "EACCES");
	assert_string_equal(OP(u1, XS_SET_TARGET, "1", "2"), "EACCES");
	(void)u1;
	h_store_free();
}

static void test_privileged_requests(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	assert_string_equal(OP(u1, XS_INTRODUCE, "5", "100", "3"), "EACCES");
	assert_string_equal(OP(u1, XS_RELEASE, "1"), "EACCES");
	assert_string_equal(OP(u1, XS_IS_DOMAIN_INTRODUCED, "1"), "EACCES");
	assert_string_equal(OP(u1, XS_CONTROL, "check"), "EACCES");
	assert_string_equal(OP(u1, XS_GET_DOMAIN_PATH, "1"), "/local/domain/1");
	E(d0, XS_CONTROL, "check");
	h_store_free();
}

static void test_release_removes_owned_nodes(void **state)
{
	struct xs_conn *d0, *u1;

	h_store();
	d0 = h_dom0();
	u1 = h_domu(1);
	E(d0, XS_MKDIR, "/local/domain/1");
	E(d0, XS_SET_PERMS, "/local/domain/1", "n1");
	assert_string_equal(h_write(u1, 0, "a/b/c", "x"), "OK");
	assert_string_equal(h_write(d0, 0, "/local/domain/1/a/dom0", "y"), "OK");
	assert_int_equal(store_owned_for_test(1), 5); /* dom0 inherits owner 1 */
	E(d0, XS_RELEASE, "1");
	assert_string_equal(OP(d0, XS_READ, "/local/domain/1"), "ENOENT");
	assert_string_equal(OP(d0, XS_DIRECTORY, "/local/domain"), "");
	assert_int_equal(store_owned_for_test(1), 0);
	assert_string_equal(OP(d0, XS_RELEASE, "1"), "ENOENT");
	assert_string_equal(OP(d0, XS_IS_DOMAIN_INTRODUCED, "1"), "F");
	h_store_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dom0_node_hidden_from_domu),
		cmocka_unit_test(test_letters_and_default),
		cmocka_unit_test(test_inheritance_and_creator_owns),
		cmocka_unit_test(test_owner_changes),
		cmocka_unit_test(test_hidden_existence),
		cmocka_unit_test(test_set_target),
		cmocka_unit_test(test_privileged_requests),
		cmocka_unit_test(test_release_removes_owned_nodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
