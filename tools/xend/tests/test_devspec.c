/*
 * xend's device names (tools/xend/devspec.c) on the host: the devid a
 * block-detach argument names (xl's vdev numbering: xvda 51712, xvdb
 * 51728, ...; or the devid itself), which NIC a network-detach argument
 * names (devid or MAC), the default MAC's form, and refusals.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "devspec.h"

static void test_disk_devid(void **state)
{
	assert_int_equal(xend_disk_devid("xvda"), 51712);
	assert_int_equal(xend_disk_devid("xvdb"), 51728);
	assert_int_equal(xend_disk_devid("xvdc"), 51744);
	assert_int_equal(xend_disk_devid("xvdp"), 51712 + 15 * 16);
	assert_int_equal(xend_disk_devid("xvdq"), (1 << 28) | (16 << 8));
	assert_int_equal(xend_disk_devid("51728"), 51728);
	assert_int_equal(xend_disk_devid("0"), 0);
	assert_int_equal(xend_disk_devid("xvd"), -EINVAL);
	assert_int_equal(xend_disk_devid("disk1"), -EINVAL);
	assert_int_equal(xend_disk_devid("-5"), -EINVAL);
	assert_int_equal(xend_disk_devid("12x"), -EINVAL);
	assert_int_equal(xend_disk_devid("99999999999"), -EINVAL);
	assert_int_equal(xend_disk_devid(""), -EINVAL);
}

static void test_nic_matches(void **state)
{
	assert_true(xend_nic_matches("1", 1, "00:16:3e:00:00:13"));
	assert_false(xend_nic_matches("0", 1, "00:16:3e:00:00:13"));
	assert_true(xend_nic_matches("00:16:3E:00:00:13", 1, "00:16:3e:00:00:13"));
	assert_false(xend_nic_matches("00:16:3e:00:00:14", 1, "00:16:3e:00:00:13"));
	assert_false(xend_nic_matches("", 1, "00:16:3e:00:00:13"));
}

static void test_default_mac(void **state)
{
	static const unsigned char rnd[3] = {0xff, 0x01, 0xab};
	char s[18];

	xend_default_mac(rnd, s);
	assert_string_equal(s, "00:16:3e:7f:01:ab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk_devid),
		cmocka_unit_test(test_nic_matches),
		cmocka_unit_test(test_default_mac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
