/*
 * The configuration of a save file (tools/xend/savecfg.c) on the host: an
 * xm creation request becomes one xl.cfg text with its overrides and the
 * current name and uuid last; libxl's JSON (as `xl save` of Xen 4.17 writes
 * it) becomes xl.cfg text with the keys xend reads; an HVM domain, a value
 * with a quote, and something that is not libxl's JSON are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "savecfg.h"

static void test_save_text(void **state)
{
	struct json_object *req = json_tokener_parse(
		"{\"file\": \"/etc/xen/demo.cfg\", \"config\": \"name = \\\"demo\\\"\\nmemory = "
		"128\","
		" \"overrides\": [\"name=\\\"saved\\\"\", \"extra=\\\"console=hvc0\\\"\"]}");
	char *t = xend_save_text(req, "saved2", "00000000-0000-0000-0000-000000000001");

	assert_non_null(t);
	assert_string_equal(t, "name = \"demo\"\nmemory = 128\nname=\"saved\"\n"
			       "extra=\"console=hvc0\"\nname = \"saved2\"\n"
			       "uuid = \"00000000-0000-0000-0000-000000000001\"\n");
	free(t);
	assert_null(xend_save_text(req, "bad\"name", "u"));
	json_object_put(req);
}

static const char libxl_json[] =
	"{\"c_info\": {\"type\": \"pv\", \"name\": \"demo\","
	" \"uuid\": \"4f1c0a52-8d3e-4b7a-9a51-1f2e3d4c5b6a\", \"run_hotplug_scripts\": \"True\"},"
	" \"b_info\": {\"max_vcpus\": 2, \"avail_vcpus\": [0, 1], \"max_memkb\": 262144,"
	" \"target_memkb\": 131072, \"kernel\": \"/var/lib/xen/images/demo/vmlinuz\","
	" \"ramdisk\": \"/var/lib/xen/images/demo/initrd.gz\", \"cmdline\": \"console=hvc0\","
	" \"type.pv\": {}},"
	" \"nics\": [{\"backend_domid\": 0, \"mac\": \"00:16:3e:01:02:03\", \"bridge\": "
	"\"xenbr0\"}],"
	" \"on_poweroff\": \"destroy\", \"on_reboot\": \"restart\", \"on_crash\": \"preserve\"}";

static void test_libxl_config(void **state)
{
	char err[160], *t = xend_libxl_config(libxl_json, err, sizeof(err));

	assert_non_null(t);
	assert_non_null(strstr(t, "type = \"pv\"\n"));
	assert_non_null(strstr(t, "name = \"demo\"\n"));
	assert_non_null(strstr(t, "uuid = \"4f1c0a52-8d3e-4b7a-9a51-1f2e3d4c5b6a\"\n"));
	assert_non_null(strstr(t, "kernel = \"/var/lib/xen/images/demo/vmlinuz\"\n"));
	assert_non_null(strstr(t, "ramdisk = \"/var/lib/xen/images/demo/initrd.gz\"\n"));
	assert_non_null(strstr(t, "cmdline = \"console=hvc0\"\n"));
	assert_non_null(strstr(t, "memory = 128\nmaxmem = 256\nvcpus = 2\nmaxvcpus = 2\n"));
	assert_non_null(strstr(t, "on_crash = \"preserve\"\n"));
	assert_non_null(strstr(t, "vif = [\n  \"mac=00:16:3e:01:02:03,bridge=xenbr0\",\n]\n"));
	free(t);
}

static void test_libxl_refused(void **state)
{
	char err[160], *hvm = strdup(libxl_json), *quote = strdup(libxl_json);

	memcpy(strstr(hvm, "\"pv\""), "\"hv\"", 4);
	assert_null(xend_libxl_config(hvm, err, sizeof(err)));
	assert_non_null(strstr(err, "type hv"));
	memcpy(strstr(quote, "hvc0"), "hv\\\"", 4);
	assert_null(xend_libxl_config(quote, err, sizeof(err)));
	assert_non_null(strstr(err, "cmdline has a quote"));
	assert_null(xend_libxl_config("name = \"demo\"", err, sizeof(err)));
	assert_non_null(strstr(err, "not libxl's JSON"));
	free(hvm);
	free(quote);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_text),
		cmocka_unit_test(test_libxl_config),
		cmocka_unit_test(test_libxl_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
