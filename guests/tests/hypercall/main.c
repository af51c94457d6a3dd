/*
 * hypercall: the same hypercalls through the hypercall page and through a
 * bare SYSCALL give the same results; unknown numbers are -ENOSYS both
 * ways, and so are unknown sub-ops; sysctl and platform_op check their
 * interface version; an argument at an unmapped address is -EFAULT;
 * xen_version's sub-ops answer as Xen 4.17 does for a PV dom0; vm_assist
 * takes the types of Xen 4.17's 64-bit PV mask (also the three 32-bit
 * ones, which a domain saved on Xen carries) and refuses any other.
 */
#include <guest.h>
#include <public/features.h>
#include <public/platform.h>
#include <public/sysctl.h>

const char test_title[] = "hypercall: page and syscall, xen_version";

static long both(unsigned int nr, long a1, long a2)
{
	long p = hypercall_page_call(nr, a1, a2, 0, 0, 0);
	long s = hypercall_syscall(nr, a1, a2, 0, 0, 0);

	check(p == s, "hypercall %u: page %ld, syscall %ld", nr, p, s);
	return p;
}

/* Sub-ops that Xen 4.17 does not have either (xeno logs each once, by name). */
static void unknown_subops(void)
{
	struct xen_sysctl sc = {.cmd = 13, .interface_version = XEN_SYSCTL_INTERFACE_VERSION};
	struct xen_platform_op pf = {.cmd = 1, .interface_version = XENPF_INTERFACE_VERSION};

	check(both(__HYPERVISOR_xen_version, XENVER_commandline2, 0) == -XEN_ENOSYS,
	      "xen_version 14 (commandline2, after 4.17): -ENOSYS");
	check(both(__HYPERVISOR_memory_op, 63, 0) == -XEN_ENOSYS, "memory_op 63: -ENOSYS");
	check(both(__HYPERVISOR_event_channel_op, 99, 0) == -XEN_ENOSYS,
	      "event_channel_op 99: -ENOSYS");
	check(both(__HYPERVISOR_sysctl, (long)&sc, 0) == -XEN_ENOSYS, "sysctl 13: -ENOSYS");
	check(both(__HYPERVISOR_platform_op, (long)&pf, 0) == -XEN_ENOSYS,
	      "platform_op 1: -ENOSYS");
	sc.interface_version = 0x14;
	check(both(__HYPERVISOR_sysctl, (long)&sc, 0) == -XEN_EACCES,
	      "sysctl of another interface version: -EACCES");
	pf.interface_version = 0;
	check(both(__HYPERVISOR_platform_op, (long)&pf, 0) == -XEN_EACCES,
	      "platform_op of another interface version: -EACCES");
	check(both(__HYPERVISOR_sysctl, 0x10, 0) == -XEN_EFAULT, "sysctl at an unmapped address");
	check(both(__HYPERVISOR_event_channel_op, EVTCHNOP_send, 0x10) == -XEN_EFAULT,
	      "EVTCHNOP_send at an unmapped address");
}

/* Xen 4.17's PV64 mask: 0-5 and 32; anything else -EINVAL, an unknown cmd -ENOSYS. */
static void vm_assist_types(void)
{
	static const unsigned int ok[] = {VMASST_TYPE_4gb_segments, VMASST_TYPE_4gb_segments_notify,
					  VMASST_TYPE_pae_extended_cr3};
	static const unsigned int bad[] = {6, 7, 31, 33, 63, 64, 1000};

	for (unsigned int i = 0; i < ARRAY_SIZE(ok); i++) {
		long on = hc_vm_assist(VMASST_CMD_enable, ok[i]);
		long off = hc_vm_assist(VMASST_CMD_disable, ok[i]);

		check(on == 0 && off == 0, "vm_assist type %u: enable %ld, disable %ld", ok[i], on,
		      off);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		long rc = hc_vm_assist(VMASST_CMD_enable, bad[i]);

		check(rc == -XEN_EINVAL, "vm_assist type %u: %ld, want -EINVAL", bad[i], rc);
	}
	check_eq(hc_vm_assist(2, VMASST_TYPE_pae_extended_cr3), -XEN_ENOSYS,
		 "vm_assist cmd 2: -ENOSYS");
	check_eq(hc_vm_assist(2, 6), -XEN_EINVAL, "vm_assist cmd 2, type 6: -EINVAL first");
}

void test_main(void)
{
	struct xen_feature_info fi = {.submap_idx = 0};
	struct xen_platform_parameters pp;
	char extra[16];

	check((unsigned char)hypercall_page[0] != 0xcc, "the hypercall page was filled");
	check(both(__HYPERVISOR_xen_version, XENVER_version, 0) == 0x40011, "version 4.17");
	check(both(63, 0, 0) == -XEN_ENOSYS, "hypercall 63: -ENOSYS");
	check(hypercall_syscall(200, 0, 0, 0, 0, 0) == -XEN_ENOSYS, "hypercall 200: -ENOSYS");
	check(both(100, 0, 0) == -XEN_ENOSYS, "hypercall 100: -ENOSYS");
	check(both(__HYPERVISOR_xen_version, XENVER_pagesize, 0) == 4096, "pagesize");
	check(hc_xen_version(XENVER_extraversion, extra) == 0 && strnlen(extra, 16) < 16,
	      "extraversion is a string: \"%.16s\"", extra);
	check(hc_xen_version(XENVER_platform_parameters, &pp) == 0 &&
		      pp.virt_start == 0xffff800000000000UL,
	      "platform_parameters: virt_start %#lx", (unsigned long)pp.virt_start);
	check(hc_xen_version(XENVER_get_features, &fi) == 0, "get_features");
	check((fi.submap & (1u << XENFEAT_mmu_pt_update_preserve_ad)) &&
		      (fi.submap & (1u << XENFEAT_gnttab_map_avail_bits)) &&
		      (fi.submap & (1u << XENFEAT_dom0)),
	      "features preserve_ad, gnttab_map_avail_bits, dom0: %#x", fi.submap);
	check(!(fi.submap &
		((1u << XENFEAT_auto_translated_physmap) | (1u << XENFEAT_supervisor_mode_kernel) |
		 (1u << XENFEAT_writable_page_tables))),
	      "no auto_translated, supervisor_mode_kernel, writable_page_tables: %#x", fi.submap);
	fi.submap_idx = 99;
	check(hc_xen_version(XENVER_get_features, &fi) == -XEN_EINVAL,
	      "an unknown feature submap: -EINVAL");
	check(hc_xen_version(XENVER_version, (void *)0x1000) == 0x40011,
	      "XENVER_version ignores its argument");
	unknown_subops();
	vm_assist_types();
}
