/*
 * cpuid: through the forced-emulation prefix (ud2; "xen"; cpuid) a PV guest
 * sees the Xen leaves (signature "XenVMMXenVMM" at 0x40000000, version 4.17
 * at 0x40000001, hypercall page count and MSR at 0x40000002), the
 * "hypervisor present" bit, and not what PV guests cannot use: SMEP, SMAP,
 * PKU, LA57, PCID, INVPCID, VMX, MONITOR, 1 GiB pages, x2APIC, TSC deadline.
 */
#include <guest.h>

const char test_title[] = "cpuid: Xen leaves and the PV feature view";

#define BIT(n) (1u << (n))

void test_main(void)
{
	uint32_t r[4];

	cpuid_forced(0x40000000, 0, r);
	check(r[1] == 0x566e6558 && r[2] == 0x65584d4d && r[3] == 0x4d4d566e,
	      "0x40000000: XenVMMXenVMM");
	check(r[0] >= 0x40000002 && r[0] < 0x40000100, "max Xen leaf %#x", r[0]);
	cpuid_forced(0x40000001, 0, r);
	check_eq(r[0], 0x40011, "0x40000001: version 4.17");
	cpuid_forced(0x40000002, 0, r);
	check(r[0] == 1 && r[1] == 0x40000000, "0x40000002: 1 hypercall page, MSR 0x40000000");
	cpuid_forced(1, 0, r);
	check(r[2] & BIT(31), "leaf 1: hypervisor present");
	check(!(r[2] & (BIT(3) | BIT(5) | BIT(17) | BIT(21) | BIT(24))),
	      "leaf 1 ecx hides MONITOR, VMX, PCID, x2APIC, TSC deadline: %#x", r[2]);
	cpuid_forced(7, 0, r);
	check(!(r[1] & (BIT(7) | BIT(10) | BIT(20))), "leaf 7 ebx hides SMEP, INVPCID, SMAP: %#x",
	      r[1]);
	check(!(r[2] & (BIT(3) | BIT(4) | BIT(16))), "leaf 7 ecx hides PKU, OSPKE, LA57: %#x",
	      r[2]);
	cpuid_forced(0x80000001, 0, r);
	check(!(r[3] & BIT(26)), "0x80000001 edx hides 1 GiB pages: %#x", r[3]);
	check(!(r[2] & BIT(2)), "0x80000001 ecx hides SVM: %#x", r[2]);
	cpuid_forced(0, 0, r);
	check(r[0] >= 7, "max basic leaf %u", r[0]);
}
