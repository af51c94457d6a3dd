/* The hypervisor's vsnprintf, against expected strings (not libc's). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/lib.h>
#include <xeno/symbols.h>

void symbol_format(unsigned long addr, char *buf, size_t len)
{
	snprintf(buf, len, "fn+%#lx", addr & 0xff);
}

#define CHECK(expect, ...)                                   \
	do {                                                 \
		char b[128];                                 \
		int n = snprintf(b, sizeof(b), __VA_ARGS__); \
		assert_string_equal(b, expect);              \
		assert_int_equal(n, (int)strlen(expect));    \
	} while (0)

static void integers(void **s)
{
	CHECK("42 -7 4294967295", "%d %i %u", 42, -7, 4294967295u);
	CHECK("ff FF 0xff 777", "%x %X %#x %o", 255, 255, 255, 511);
	CHECK("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
	CHECK("18446744073709551615", "%lu", ~0UL);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("65535 255", "%hu %hhu", 0x1ffff, 0x1ff);
	CHECK("12 34", "%zu %td", (size_t)12, (ptrdiff_t)34);
}

static void widths_and_flags(void **s)
{
	CHECK("   42|42   |00042|+42| 42", "%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	CHECK("-0042", "%05d", -42);
	CHECK("0000beef", "%08x", 0xbeef);
	CHECK("  007", "%5.3d", 7);
	CHECK("", "%.0d", 0);
	CHECK("    7", "%*d", 5, 7);
	CHECK("7    ", "%*d", -5, 7);
}

static void strings_chars_pointers(void **s)
{
	CHECK("abc|  abc|abc  |ab", "%s|%5s|%-5s|%.2s", "abc", "abc", "abc", "abcdef");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("x%", "%c%%", 'x');
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("fn+0x34", "%pS", (void *)0x1234);
}

static void truncation(void **s)
{
	char b[6];
	int n = snprintf(b, sizeof(b), "%s", "hello world");

	assert_int_equal(n, 11);
	assert_string_equal(b, "hello");
	n = snprintf(b, 0, "%d", 12345);
	assert_int_equal(n, 5);
	n = snprintf(b, 1, "%d", 12345);
	assert_string_equal(b, "");
}

static void unknown_conversion_kept(void **s)
{
	CHECK("%q", "%q");
	CHECK("50", "%d%", 50); /* trailing lone % is dropped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(widths_and_flags),
		cmocka_unit_test(strings_chars_pointers),
		cmocka_unit_test(truncation),
		cmocka_unit_test(unknown_conversion_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
