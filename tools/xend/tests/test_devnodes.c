/*
 * xend's device nodes (devnodes.c, through nodes.c's writer) against our
 * xenstored on a host socket (tools/libs/store/tests/xsd.h). The link
 * wraps xstore_txn_write (-Wl,--wrap) with a spy that records each write's
 * transaction id and, at a chosen write, fails it, makes another client
 * change a node the transaction wrote (a conflict), or looks at the store
 * from another client. Checked: one transaction for both ends, nothing
 * visible before commit, nothing left after a failure midway, a conflict
 * redone, too many conflicts given up with nothing of ours left. The same
 * for a new domain's own nodes (nodes.c's xend_write_nodes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "xend_private.h"
#include "xsd.h"
#include "../libs/cfg/xcfg.h"

#define BE_VBD "/local/domain/0/backend/vbd/7/51712"
#define FE_VBD "/local/domain/7/device/vbd/51712"
#define BE_VIF "/local/domain/0/backend/vif/7/0"
#define FE_VIF "/local/domain/7/device/vif/0"

static struct spy {
	struct xstore *other; /* another client of the same daemon */
	int writes;
	xstore_txn_t txn[64];
	int fail_at, conflicts, peek_at;	 /* conflicts: at that many "online" writes */
	const char *conflict_path, *conflict_on; /* on: the written node's name ("/online") */
	bool peek_saw_be, peek_saw_fe;
	const char *peek_path; /* also looked at, at peek_at */
	bool peek_saw_path;
} spy;

int __real_xstore_txn_write(struct xstore *xs, xstore_txn_t t, const char *path, const char *value);
int __wrap_xstore_txn_write(struct xstore *xs, xstore_txn_t t, const char *path, const char *value);

static bool exists(const char *path)
{
	char *v = xstore_read(spy.other, path);

	free(v);
	return v != NULL;
}

int __wrap_xstore_txn_write(struct xstore *xs, xstore_txn_t t, const char *path, const char *value)
{
	int n = ++spy.writes, rc;

	if (n < 64)
		spy.txn[n] = t;
	if (n == spy.fail_at)
		return -EIO;
	rc = __real_xstore_txn_write(xs, t, path, value);
	if (spy.conflicts &&
	    !strcmp(strrchr(path, '/'), spy.conflict_on ? spy.conflict_on : "/online")) {
		spy.conflicts--; /* after the transaction touched it */
		xstore_write(spy.other, spy.conflict_path, "someone else");
	}
	if (n == spy.peek_at) {
		spy.peek_saw_be = exists(BE_VBD) || exists(BE_VIF);
		spy.peek_saw_fe = exists(FE_VBD) || exists(FE_VIF);
		spy.peek_saw_path = spy.peek_path && exists(spy.peek_path);
	}
	return rc;
}

struct fixture {
	struct test_xsd d;
	struct xend x;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	memset(&spy, 0, sizeof(spy));
	if (!f || test_xsd_start(&f->d))
		return -1;
	f->x.xs = xstore_open(f->d.sock);
	spy.other = xstore_open(f->d.sock);
	*state = f;
	return f->x.xs && spy.other ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	xstore_close(f->x.xs);
	xstore_close(spy.other);
	test_xsd_stop(&f->d);
	free(f);
	return 0;
}

static void expect_node(const char *path, const char *want)
{
	char *v = xstore_read(spy.other, path);

	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static struct xcfg_disk disk(void)
{
	struct xcfg_disk d = {.readwrite = true, .virtual_device = 51712};

	snprintf(d.vdev, sizeof(d.vdev), "xvda");
	snprintf(d.target, sizeof(d.target), "/srv/d.img");
	return d;
}

/* Every write of attempt [from, to] in one transaction, the same one. */
static void expect_one_txn(int from, int to)
{
	assert_int_not_equal(spy.txn[from], XSTORE_NO_TXN);
	for (int i = from; i <= to; i++)
		assert_int_equal(spy.txn[i], spy.txn[from]);
}

static void test_disk_one_transaction(void **state)
{
	struct fixture *f = *state;
	struct xcfg_disk d = disk();

	spy.peek_at = 19; /* the last write: the frontend's state */
	assert_int_equal(xend_disk_nodes(&f->x, 7, &d, "/dev/loop3", 7, 3), 0);
	assert_int_equal(spy.writes, 19);
	expect_one_txn(1, 19);
	assert_false(spy.peek_saw_be); /* nothing of either end before commit */
	assert_false(spy.peek_saw_fe);
	expect_node(BE_VBD "/frontend", FE_VBD);
	expect_node(BE_VBD "/physical-device", "7:3");
	expect_node(BE_VBD "/node", "/dev/loop3");
	expect_node(BE_VBD "/state", NULL); /* devices.c's, after the transaction */
	expect_node(FE_VBD "/backend", BE_VBD);
	expect_node(FE_VBD "/virtual-device", "51712");
	expect_node(FE_VBD "/state", "1");
}

static void test_disk_failure_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct xcfg_disk d = disk();

	spy.fail_at = 15; /* the frontend's backend-id, after its mkdir */
	assert_int_equal(xend_disk_nodes(&f->x, 7, &d, "", 8, 1), -EIO);
	assert_int_equal(spy.writes, 15); /* the writer stopped at the error */
	assert_non_null(strstr(f->x.err, "xenstore write " FE_VBD "/backend-id"));
	expect_node(BE_VBD, NULL);
	expect_node(FE_VBD, NULL);
	expect_node("/local/domain/0/backend", NULL);
	expect_node("/local/domain/7", NULL);
}

static void test_nic_conflict_redone(void **state)
{
	struct fixture *f = *state;

	spy.conflicts = 1; /* the first attempt's */
	spy.conflict_path = BE_VIF "/online";
	assert_int_equal(xend_nic_nodes(&f->x, 7, 0, "00:16:3e:00:00:01", "xenbr0"), 0);
	assert_int_equal(spy.writes, 28); /* two attempts of 14 */
	expect_one_txn(1, 14);
	expect_one_txn(15, 28);
	assert_int_not_equal(spy.txn[1], spy.txn[15]);
	expect_node(BE_VIF "/online", "1"); /* ours, committed after theirs */
	expect_node(BE_VIF "/mac", "00:16:3e:00:00:01");
	expect_node(FE_VIF "/mac", "00:16:3e:00:00:01");
	expect_node(FE_VIF "/state", "1");
}

static void test_nic_conflicts_bounded(void **state)
{
	struct fixture *f = *state;

	spy.conflicts = 1000;
	spy.conflict_path = BE_VIF "/online";
	assert_int_equal(xend_nic_nodes(&f->x, 7, 0, "00:16:3e:00:00:01", "xenbr0"), -EAGAIN);
	assert_int_equal(spy.writes, 8 * 14); /* DEV_TXN_TRIES attempts */
	assert_non_null(strstr(f->x.err, "8 transactions conflicted"));
	expect_node(BE_VIF "/online", "someone else");
	expect_node(BE_VIF "/mac", NULL);
	expect_node(FE_VIF, NULL);
}

#define DOM7 "/local/domain/7"
#define VM7 "/vm/00000000-0000-0000-0000-000000000007"

static struct xend_config dom_config(void)
{
	struct xend_config c = {.name = "seven",
				.memory_mib = 128,
				.maxmem_mib = 256,
				.vcpus = 1,
				.max_vcpus = 2,
				.uuid = {[15] = 7}};

	return c;
}

/* 14 writes + one per vCPU slot: 16, all in one transaction, none seen early. */
static void test_domain_nodes_one_transaction(void **state)
{
	struct fixture *f = *state;
	struct xend_config c = dom_config();

	spy.peek_at = 16; /* the last write: console/limit */
	spy.peek_path = VM7 "/name";
	assert_int_equal(xend_write_nodes(&f->x, &c, 7), 0);
	assert_int_equal(spy.writes, 16);
	expect_one_txn(1, 16);
	assert_false(spy.peek_saw_path);
	expect_node(VM7 "/name", "seven");
	expect_node(DOM7 "/vm", VM7);
	expect_node(DOM7 "/memory/static-max", "262144");
	expect_node(DOM7 "/cpu/1/availability", "offline");
	expect_node(DOM7 "/console/limit", "1048576");
}

static void test_domain_nodes_failure_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct xend_config c = dom_config();

	spy.fail_at = 7; /* memory/static-max, after /vm and the first mkdirs */
	assert_int_equal(xend_write_nodes(&f->x, &c, 7), -EIO);
	assert_int_equal(spy.writes, 7);
	assert_non_null(strstr(f->x.err, "xenstore write " DOM7 "/memory/static-max"));
	expect_node(VM7, NULL);
	expect_node(DOM7, NULL);
}

static void test_domain_nodes_conflict_redone(void **state)
{
	struct fixture *f = *state;
	struct xend_config c = dom_config();

	spy.conflicts = 1;
	spy.conflict_on = "/domid";
	spy.conflict_path = DOM7 "/domid";
	assert_int_equal(xend_write_nodes(&f->x, &c, 7), 0);
	assert_int_equal(spy.writes, 32); /* two attempts of 16 */
	expect_one_txn(17, 32);
	assert_int_not_equal(spy.txn[1], spy.txn[17]);
	expect_node(DOM7 "/domid", "7");
	expect_node(DOM7 "/name", "seven");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_disk_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_failure_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nic_conflict_redone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nic_conflicts_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_nodes_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_nodes_failure_leaves_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_domain_nodes_conflict_redone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
