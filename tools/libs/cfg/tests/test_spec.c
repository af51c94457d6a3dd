/*
 * DISKSPEC and VIFSPEC strings (tools/libs/cfg/disk.c, vif.c): the
 * examples of xl-disk-configuration(5) and xl-network-configuration(5),
 * xm's legacy forms, vdev numbers (xen-vbd-interface(7)) and refusals.
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

static struct xcfg_disk disk(const char *spec)
{
	struct xcfg_disk d;

	err[0] = '\0';
	if (xcfg_parse_disk(spec, &d, err, sizeof(err)))
		fail_msg("%s: %s", spec, err);
	return d;
}

static void disk_fails(const char *spec, const char *msg)
{
	struct xcfg_disk d;

	assert_int_equal(xcfg_parse_disk(spec, &d, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, msg);
}

static void test_equivalent_disk_forms(void **state)
{
	static const char *const forms[] = {
		"/dev/vg/guest-volume,,hda",
		"/dev/vg/guest-volume,raw,hda,rw",
		"format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
		"raw:/dev/vg/guest-volume,hda,w",
		"phy:/dev/vg/guest-volume,hda,w",
		"/dev/vg/guest-volume,hda,w",
		"vdev=hda,/dev/vg/guest-volume",
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct xcfg_disk d = disk(forms[i]);

		assert_string_equal(d.target, "/dev/vg/guest-volume");
		assert_string_equal(d.format, "raw");
		assert_string_equal(d.vdev, "hda");
		assert_true(d.readwrite);
		assert_false(d.cdrom);
		assert_int_equal(d.virtual_device, 768);
	}
}

static void test_disk_details(void **state)
{
	struct xcfg_disk d = disk("/root/image.iso,,hdc,cdrom");

	assert_true(d.cdrom);
	assert_false(d.readwrite);
	assert_int_equal(d.virtual_device, 22 << 8);
	d = disk(",hdc:cdrom,r");
	assert_true(d.cdrom);
	assert_string_equal(d.target, "");
	d = disk("format=qcow2, vdev=xvdb, access=ro, target=/a,b:c/img");
	assert_string_equal(d.target, "/a,b:c/img");
	assert_string_equal(d.format, "qcow2");
	assert_false(d.readwrite);
	d = disk("vg/lv,raw,xvda1,w,discard,backend=drv,script=block-iscsi,");
	assert_string_equal(d.target, "/dev/vg/lv");
	assert_true(d.discard);
	assert_string_equal(d.backend, "drv");
	assert_string_equal(d.script, "block-iscsi");
	assert_int_equal(d.virtual_device, 51713);
	d = disk("iscsi:iqn.2001-05.com.x:t,xvdc,r");
	assert_string_equal(d.script, "block-iscsi");
	assert_string_equal(d.target, "/dev/iqn.2001-05.com.x:t");
	assert_string_equal(d.vdev, "xvdc");
}

static void test_disk_refusals(void **state)
{
	disk_fails("/img,raw", "disk spec: no vdev (xvda, ...)");
	disk_fails(",raw,xvda", "disk spec: no target (only an empty cdrom may omit it)");
	disk_fails("/img,raw,xvda,w!",
		   "disk spec: access 'w!' (xm's forced write) is not supported");
	disk_fails("/img,vmdk,xvda",
		   "disk spec: unknown format 'vmdk' (raw, qcow, qcow2, vhd, qed)");
	disk_fails("/img,raw,xvda,rw,extra", "disk spec: unexpected 'extra' after target, format, "
					     "vdev and access");
	disk_fails("vdev=xvda,vdev=xvdb,/img", "disk spec: vdev given twice");
	disk_fails("/img,raw,eth0",
		   "disk spec: 'eth0' is not a virtual device name (xvda, xvdb1, ...)");
	disk_fails("/img,raw,xvda,bogus=1", "disk spec: unknown key 'bogus'");
}

static void test_vdev_numbers(void **state)
{
	assert_int_equal(xcfg_vdev_to_number("xvda"), 51712);
	assert_int_equal(xcfg_vdev_to_number("xvda1"), 51713);
	assert_int_equal(xcfg_vdev_to_number("xvdb"), 51728);
	assert_int_equal(xcfg_vdev_to_number("xvdq"), (1 << 28) | (16 << 8));
	assert_int_equal(xcfg_vdev_to_number("xvda16"), (1 << 28) | 16);
	assert_int_equal(xcfg_vdev_to_number("xvdaa"), (1 << 28) | (26 << 8));
	assert_int_equal(xcfg_vdev_to_number("sdb2"), (8 << 8) | (1 << 4) | 2);
	assert_int_equal(xcfg_vdev_to_number("hdb"), (3 << 8) | (1 << 6));
	assert_int_equal(xcfg_vdev_to_number("hdd1"), (22 << 8) | (1 << 6) | 1);
	assert_int_equal(xcfg_vdev_to_number("d0p1"), 51713);
	assert_int_equal(xcfg_vdev_to_number("51712"), 51712);
	assert_int_equal(xcfg_vdev_to_number("hde"), -EINVAL);
	assert_int_equal(xcfg_vdev_to_number("xvd"), -EINVAL);
	assert_int_equal(xcfg_vdev_to_number("xvda01"), -EINVAL);
	assert_int_equal(xcfg_vdev_to_number("xvdA"), -EINVAL);
	assert_int_equal(xcfg_vdev_to_number(""), -EINVAL);
}

static struct xcfg_vif vif(const char *spec)
{
	struct xcfg_vif v;

	err[0] = '\0';
	if (xcfg_parse_vif(spec, &v, err, sizeof(err)))
		fail_msg("%s: %s", spec, err);
	return v;
}

static void test_vif(void **state)
{
	static const unsigned char mac[6] = {0x00, 0x16, 0x3e, 0x12, 0x34, 0xab};
	struct xcfg_vif v = vif("");
	struct xcfg_vif w;

	assert_false(v.has_mac);
	assert_string_equal(v.bridge, "xenbr0");
	assert_string_equal(v.script, "vif-bridge");
	assert_int_equal(v.devid, -1);
	v = vif("bridge=br1, mac=00:16:3e:12:34:AB ,ip=10.0.0.2 10.0.0.3,mtu=9000,devid=3,"
		"rate=10MB/s@20ms,untrusted,vifname=web0");
	assert_true(v.has_mac);
	assert_memory_equal(v.mac, mac, 6);
	assert_string_equal(v.bridge, "br1");
	assert_string_equal(v.ip, "10.0.0.2 10.0.0.3");
	assert_int_equal(v.mtu, 9000);
	assert_int_equal(v.devid, 3);
	assert_false(v.trusted);
	assert_int_equal(v.rate_usec, 20000);
	assert_int_equal(v.rate_bytes, 10ul * 1024 * 1024 * 20 / 1000);
	w = vif("rate=8Kb/s");
	assert_int_equal(w.rate_usec, 50000);
	assert_int_equal(w.rate_bytes, 1024 / 20);
}

static void test_vif_refusals(void **state)
{
	static const char *const bad[] = {
		"mac=01:16:3e:00:00:01",
		"mac=00:16:3e:00:00",
		"mac=00:16:3e:00:00:01:02",
		"mac=0g:16:3e:00:00:01",
		"rate=10/s",
		"rate=10MB",
		"rate=10MB/s@0ms",
		"rate=99999999999999999GB/s",
		"mtu=10",
		"devid=-1",
		"colour=red",
		"promisc",
	};
	struct xcfg_vif v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (xcfg_parse_vif(bad[i], &v, err, sizeof(err)) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(xcfg_parse_vif("colour=red", &v, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "vif spec: unknown key 'colour'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equivalent_disk_forms),
		cmocka_unit_test(test_disk_details),
		cmocka_unit_test(test_disk_refusals),
		cmocka_unit_test(test_vdev_numbers),
		cmocka_unit_test(test_vif),
		cmocka_unit_test(test_vif_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
