/*
 * xm's pure helpers (tools/xm/cpus.c): CPU lists parsed as xl's vcpu-pin
 * takes them and printed as xl's vcpu-list shows them, and the CPU share
 * of xm top.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpus.h"

static uint64_t parse_ok(const char *s, unsigned int nr)
{
	char err[128] = "";
	uint64_t m = 0;

	assert_int_equal(xm_cpulist_parse(s, nr, &m, err, sizeof(err)), 0);
	return m;
}

static void parse_bad(const char *s, unsigned int nr, const char *msg)
{
	char err[128] = "";
	uint64_t m = 0xdead;

	assert_int_equal(xm_cpulist_parse(s, nr, &m, err, sizeof(err)), -1);
	assert_string_equal(err, msg);
	assert_int_equal(m, 0xdead);
}

static void test_parse(void **state)
{
	assert_int_equal(parse_ok("all", 2), 0x3);
	assert_int_equal(parse_ok("1", 2), 0x2);
	assert_int_equal(parse_ok("0-1", 2), 0x3);
	assert_int_equal(parse_ok("0,2-3,7", 8), 0x8d);
	assert_int_equal(parse_ok("all,^0", 4), 0xe);
	assert_int_equal(parse_ok("0-5,^2-3", 8), 0x33);
	assert_int_equal(parse_ok("63", 64), 1ULL << 63);
	assert_true(parse_ok("all", 64) == ~0ULL);
	assert_true(parse_ok("0-63", 64) == ~0ULL);
}

static void test_parse_errors(void **state)
{
	parse_bad("2", 2, "cpu 2 out of range (the host has CPUs 0-1)");
	parse_bad("0-64", 128, "cpu 64 out of range (the host has CPUs 0-127)");
	parse_bad("", 2, "empty cpu list");
	parse_bad("1-", 2, "invalid cpu range \"1-\"");
	parse_bad("-1", 2, "invalid cpu range \"-1\"");
	parse_bad("1-0", 2, "invalid cpu range \"1-0\"");
	parse_bad("0,,1", 2, "invalid cpu range \"\"");
	parse_bad("0-1-2", 4, "invalid cpu range \"0-1-2\"");
	parse_bad("x", 2, "invalid cpu range \"x\"");
	parse_bad("0,^0", 2, "the cpu list leaves no CPU");
}

static void fmt(uint64_t m, unsigned int nr, const char *want)
{
	char buf[64];

	xm_cpulist_format(m, nr, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format(void **state)
{
	fmt(0x3, 2, "all");
	fmt(~0ULL, 2, "all"); /* bits beyond the host's CPUs (Xen's default mask) */
	fmt(0x1, 2, "0");
	fmt(0x2, 2, "1");
	fmt(0, 2, "none");
	fmt(0x8d, 8, "0,2-3,7");
	fmt(0x33, 8, "0-1,4-5");
	fmt(1ULL << 63, 64, "63");
	fmt(~0ULL, 64, "all");
	fmt(0x7fffffffffffffffULL, 64, "0-62");
}

static void test_round_trip(void **state)
{
	char buf[256];

	for (uint64_t m = 1; m < 256; m++) {
		xm_cpulist_format(m, 9, buf, sizeof(buf));
		assert_int_equal(parse_ok(buf, 9), m);
	}
}

static void test_percent(void **state)
{
	assert_float_equal(xm_cpu_percent(10.0, 11.5, 100.0, 103.0), 50.0, 1e-9);
	assert_float_equal(xm_cpu_percent(0.0, 6.0, 0.0, 3.0), 200.0, 1e-9); /* 2 vCPUs */
	assert_float_equal(xm_cpu_percent(5.0, 5.0, 0.0, 3.0), 0.0, 1e-9);
	assert_float_equal(xm_cpu_percent(5.0, 1.0, 0.0, 3.0), 0.0, 1e-9); /* restarted */
	assert_float_equal(xm_cpu_percent(1.0, 2.0, 3.0, 3.0), 0.0, 1e-9); /* no interval */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),	cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_format),	cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_percent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
