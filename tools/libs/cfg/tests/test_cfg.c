/*
 * The xl.cfg parser (tools/libs/cfg): values, lists across lines, comments,
 * +=, last-wins, overrides, typed lookups, and the exact "file:line:"
 * errors for malformed files and unknown keys.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xcfg.h"

static char err[256];

static struct xcfg *parse(const char *text)
{
	struct xcfg *cfg;

	err[0] = '\0';
	assert_int_equal(xcfg_parse("demo.cfg", text, strlen(text), &cfg, err, sizeof(err)), 0);
	return cfg;
}

static void parse_fails(const char *text, const char *msg)
{
	struct xcfg *cfg = (void *)1;

	err[0] = '\0';
	assert_int_equal(xcfg_parse("demo.cfg", text, strlen(text), &cfg, err, sizeof(err)),
			 -EINVAL);
	assert_null(cfg);
	assert_string_equal(err, msg);
}

static const char *str(const struct xcfg *cfg, const char *key)
{
	const char *s = NULL;

	assert_int_equal(xcfg_get_string(cfg, key, &s, err, sizeof(err)), 0);
	return s;
}

static void test_demo_file(void **state)
{
	struct xcfg *cfg = parse("# a PV guest\n"
				 "name = \"demo\"\n"
				 "kernel = '/boot/vmlinuz'  # trailing comment\n"
				 "memory = 0x100; vcpus = 2\n"
				 "maxmem = 010\n"
				 "disk = [ 'phy:/dev/vg/lv,xvda,w',   # first\n"
				 "         # a comment line inside the list\n"
				 "         'format=raw, vdev=xvdb, access=ro, target=/x.img', ]\n"
				 "vif = []\n");
	const struct xcfg_value *l;
	long n;

	assert_string_equal(str(cfg, "name"), "demo");
	assert_string_equal(str(cfg, "kernel"), "/boot/vmlinuz");
	assert_int_equal(xcfg_get_long(cfg, "memory", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 256);
	assert_int_equal(xcfg_get_long(cfg, "vcpus", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(xcfg_get_long(cfg, "maxmem", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 8); /* strtol base 0, as xl */
	assert_int_equal(xcfg_get_list(cfg, "disk", &l, err, sizeof(err)), 0);
	assert_int_equal(l->nr_items, 2);
	assert_int_equal(l->items[1].line, 8);
	assert_string_equal(l->items[1].str, "format=raw, vdev=xvdb, access=ro, target=/x.img");
	assert_int_equal(xcfg_get_list(cfg, "vif", &l, err, sizeof(err)), 0);
	assert_int_equal(l->nr_items, 0);
	assert_int_equal(xcfg_get_long(cfg, "absent", &n, err, sizeof(err)), -ENOENT);
	xcfg_free(cfg);
}

static void test_strings_and_escapes(void **state)
{
	struct xcfg *cfg = parse("a = 'it\\'s'\nb = \"t\\tx\\x41\\065\"\nc = \"512\"\n"
				 "d = 'x # not a comment'\n");
	long n;

	assert_string_equal(str(cfg, "a"), "it's");
	assert_string_equal(str(cfg, "b"), "t\txAA"); /* \065 is decimal 65, as xl reads it */
	assert_int_equal(xcfg_get_long(cfg, "c", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 512);
	assert_string_equal(str(cfg, "d"), "x # not a comment");
	xcfg_free(cfg);
}

static void test_nested_lists_append_last_wins(void **state)
{
	struct xcfg *cfg =
		parse("cpus = [\"2\", [3, '4'],\n]\nextra = 'a'\nextra += ' b'\n"
		      "vif = ['x']\nvif += ['y', 'z']\nvif += []\nmemory = 1\nmemory = 2\n");
	const struct xcfg_value *l;
	long n;

	assert_int_equal(xcfg_get_list(cfg, "cpus", &l, err, sizeof(err)), 0);
	assert_int_equal(l->nr_items, 2);
	assert_int_equal(l->items[1].kind, XCFG_LIST);
	assert_string_equal(l->items[1].items[1].str, "4");
	assert_string_equal(str(cfg, "extra"), "a b");
	assert_int_equal(xcfg_get_list(cfg, "vif", &l, err, sizeof(err)), 0);
	assert_int_equal(l->nr_items, 3);
	assert_string_equal(l->items[2].str, "z");
	assert_int_equal(xcfg_get_long(cfg, "memory", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cfg->nr_entries, 4);
	xcfg_free(cfg);
}

static void test_errors_name_the_line(void **state)
{
	parse_fails("name = 'a'\n\ndisk = [ 'x'\n",
		    "demo.cfg:4: expected ']' (list opened on line 3)");
	parse_fails("a = ['x' 'y']\n", "demo.cfg:1: expected ',' or ']', found '''");
	parse_fails("name = \"demo\nx = 1\n", "demo.cfg:1: unterminated string (missing \")");
	parse_fails("\n\nName = 'x'\n", "demo.cfg:3: key starting with 'N': keys are lowercase");
	parse_fails("memory = 512 * 2\n",
		    "demo.cfg:1: expected end of line after the value, found '*'");
	parse_fails("kernel = os.path.join('a')\n",
		    "demo.cfg:1: expected a value (a string, a number or a [list]), found 'o'");
	parse_fails("memory = 1.5\n", "demo.cfg:1: expected end of line after the value, found '.' "
				      "(xl.cfg is not Python: no expressions)");
	parse_fails("a = 'x\\q'\n", "demo.cfg:1: unknown escape \\'q' in string");
	parse_fails("a = '\\0'\n", "demo.cfg:1: escape gives a NUL byte 0");
	parse_fails("a\n", "demo.cfg:1: expected '=', found end of line");
	parse_fails(
		"a = \n",
		"demo.cfg:1: expected a value (a string, a number or a [list]), found end of line");
	parse_fails("m = 1\nm += 2\n", "demo.cfg:2: '+=' needs a string or a list on both sides");
	parse_fails("a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
		    "demo.cfg:1: lists nested deeper than 32");
}

static void test_empty_and_separators(void **state)
{
	struct xcfg *cfg = parse("");

	assert_int_equal(cfg->nr_entries, 0);
	xcfg_free(cfg);
	cfg = parse(";;\n# only comments\r\n  \t\n;a=1;b='2';");
	assert_int_equal(cfg->nr_entries, 2);
	xcfg_free(cfg);
}

static void test_type_errors(void **state)
{
	struct xcfg *cfg = parse("name = ['x']\nmemory = 'lots'\nvif = 'x'\n");
	const struct xcfg_value *l;
	const char *s;
	long n;

	assert_int_equal(xcfg_get_string(cfg, "name", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "demo.cfg:1: name is a list but should be a single value");
	assert_int_equal(xcfg_get_long(cfg, "memory", &n, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "demo.cfg:2: memory could not be parsed as a number");
	assert_int_equal(xcfg_get_list(cfg, "vif", &l, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "demo.cfg:3: vif should be a list");
	xcfg_free(cfg);
}

static void test_override_and_unknown_keys(void **state)
{
	static const char *const known[] = {"name", "memory", "vcpus", "kernel", NULL};
	struct xcfg *cfg = parse("name = 'a'\nmemory = 128\n");
	const char *s;
	long n;

	assert_int_equal(xcfg_override(cfg, "memory=256", err, sizeof(err)), 0);
	assert_int_equal(xcfg_get_long(cfg, "memory", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 256);
	assert_int_equal(xcfg_override(cfg, "vcpus=", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "<command line>: expected a value (a string, a number or a "
				 "[list]), found end of file");
	assert_int_equal(xcfg_check_keys(cfg, known, err, sizeof(err)), 0);
	assert_int_equal(xcfg_override(cfg, "name=['x']", err, sizeof(err)), 0);
	assert_int_equal(xcfg_get_string(cfg, "name", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "<command line>: name is a list but should be a single value");
	assert_int_equal(xcfg_override(cfg, "memmory=1", err, sizeof(err)), 0);
	assert_int_equal(xcfg_check_keys(cfg, known, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "<command line>: unknown key 'memmory' (did you mean 'memory'?)");
	xcfg_free(cfg);
	cfg = parse("\nfoo = 1\n");
	assert_int_equal(xcfg_check_keys(cfg, known, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "demo.cfg:2: unknown key 'foo'");
	xcfg_free(cfg);
}

static void test_parse_file(void **state)
{
	struct xcfg *cfg;

	assert_int_equal(xcfg_parse_file("/nonexistent/x.cfg", &cfg, err, sizeof(err)), -ENOENT);
	assert_null(cfg);
	assert_string_equal(err, "/nonexistent/x.cfg: No such file or directory");
	assert_int_equal(xcfg_parse_file("tools/dom0/demo.cfg", &cfg, err, sizeof(err)), 0);
	assert_non_null(xcfg_get(cfg, "kernel"));
	xcfg_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_file),
		cmocka_unit_test(test_strings_and_escapes),
		cmocka_unit_test(test_nested_lists_append_last_wins),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_empty_and_separators),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_override_and_unknown_keys),
		cmocka_unit_test(test_parse_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
