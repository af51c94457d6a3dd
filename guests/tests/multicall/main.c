/*
 * multicall: entries run in order with per-entry results; a failing entry
 * does not stop the later ones; an unknown hypercall is -ENOSYS in its
 * slot; a list the hypervisor cannot read is -EFAULT.
 */
#include <guest.h>

const char test_title[] = "multicall: per-entry results";

void test_main(void)
{
	static char buf[8];
	struct multicall_entry m[4] = {
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
		{.op = __HYPERVISOR_console_io, .args = {CONSOLEIO_write, 8, 0x1000}},
		{.op = 63},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_pagesize}},
	};

	(void)buf;
	for (int i = 0; i < 4; i++)
		m[i].result = 0x5a5a;
	check(hc_multicall(m, 4) == 0, "multicall returns 0");
	check_eq(m[0].result, 0x40011, "entry 0: xen_version");
	check_eq(m[1].result, (uint64_t)-XEN_EFAULT, "entry 1: console write from 0x1000");
	check_eq(m[2].result, (uint64_t)-XEN_ENOSYS, "entry 2: unknown hypercall");
	check_eq(m[3].result, 4096, "entry 3 runs after the failures: pagesize");
	check(hc_multicall((struct multicall_entry *)0x1000, 1) == -XEN_EFAULT,
	      "unreadable list: -EFAULT");
	check(hc_multicall(m, 0) == 0, "empty list");
}
