/* Command-line parsing: types, negation, bad values, unknown options, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/string.h>

static bool noreboot, flag = true;
static unsigned int loglvl_calls, vcpus;
static u64 mem;
static u8 small;
static char con[8];
static char last_custom[32];

static int custom(const char *v)
{
	loglvl_calls++;
	strlcpy(last_custom, v ? v : "(null)", sizeof(last_custom));
	return v && !strcmp(v, "bad") ? -1 : 0;
}

static const struct kernel_param params[] = {
	{"noreboot", PARAM_BOOL, sizeof(bool), &noreboot, NULL},
	{"flag", PARAM_BOOL, sizeof(bool), &flag, NULL},
	{"dom0_max_vcpus", PARAM_UINT, sizeof(vcpus), &vcpus, NULL},
	{"dom0_mem", PARAM_SIZE, sizeof(mem), &mem, NULL},
	{"small", PARAM_UINT, sizeof(small), &small, NULL},
	{"console", PARAM_STRING, sizeof(con), con, NULL},
	{"loglvl", PARAM_CUSTOM, 0, NULL, custom},
};
static char warnings[512];
static int nwarn;

static void warn(const char *what, const char *opt, size_t len)
{
	nwarn++;
	snprintf(warnings + strlen(warnings), sizeof(warnings) - strlen(warnings), "[%s:%.*s]",
		 what, (int)len, opt);
}

static int parse(const char *s)
{
	warnings[0] = 0;
	nwarn = 0;
	return cmdline_parse(s, params, params + sizeof(params) / sizeof(params[0]), warn);
}

static void typical_xen_line(void **s)
{
	assert_int_equal(parse("console=com1 noreboot dom0_mem=512M dom0_max_vcpus=2 loglvl=all"),
			 0);
	assert_true(noreboot);
	assert_int_equal(mem, 512ULL << 20);
	assert_int_equal(vcpus, 2);
	assert_string_equal(con, "com1");
	assert_string_equal(last_custom, "all");
}

static void booleans(void **s)
{
	assert_int_equal(parse("flag=no"), 0);
	assert_false(flag);
	assert_int_equal(parse("flag"), 0);
	assert_true(flag);
	assert_int_equal(parse("no-flag"), 0);
	assert_false(flag);
	assert_int_equal(parse("flag=on noflag"), 0);
	assert_false(flag);
	assert_int_equal(parse("flag=maybe"), 1);
	assert_int_equal(parse("no-dom0_mem"), 1); /* negation only for booleans */
}

static void numbers_and_sizes(void **s)
{
	assert_int_equal(parse("dom0_mem=2G dom0_max_vcpus=0x10"), 0);
	assert_int_equal(mem, 2ULL << 30);
	assert_int_equal(vcpus, 16);
	assert_int_equal(parse("dom0_mem=4096K"), 0);
	assert_int_equal(mem, 4ULL << 20);
	assert_int_equal(parse("dom0_max_vcpus=12abc dom0_max_vcpus= small=300"), 3);
	assert_int_equal(parse("dom0_max_vcpus=99999999999"), 1); /* doesn't fit u32 */
}

static void unknown_and_malformed(void **s)
{
	assert_int_equal(parse("  bogus=1   console=com1  weird "), 2);
	assert_non_null(strstr(warnings, "bogus=1"));
	assert_non_null(strstr(warnings, "weird"));
	assert_int_equal(parse("console=waytoolongvalue"), 1);
	assert_int_equal(parse("loglvl=bad"), 1);
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse(NULL), 0);
}

static void overlong_option(void **s)
{
	char line[400];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	assert_int_equal(parse(line), 1);
	assert_non_null(strstr(warnings, "too long"));
}

static void strtoul_edges(void **s)
{
	const char *end;

	assert_int_equal(simple_strtoul("0x1f", &end, 0), 31);
	assert_int_equal(simple_strtoul("017", &end, 0), 15);
	assert_int_equal(simple_strtoul("99", &end, 8), 0);
	assert_int_equal(simple_strtoul("99999999999999999999999", &end, 10), ~0UL);
	assert_int_equal(parse_size_and_unit("3m", &end), 3ULL << 20);
	assert_int_equal(parse_size_and_unit("1t", &end), 1ULL << 40);
	assert_int_equal(parse_size_and_unit("123", &end), 123);
	assert_int_equal(parse_bool("enable", 6), 1);
	assert_int_equal(parse_bool("off", 3), 0);
	assert_int_equal(parse_bool("of", 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typical_xen_line),  cmocka_unit_test(booleans),
		cmocka_unit_test(numbers_and_sizes), cmocka_unit_test(unknown_and_malformed),
		cmocka_unit_test(overlong_option),   cmocka_unit_test(strtoul_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
