/*
 * The CPUID view of a PV guest: the host's, with what PV guests must not
 * use or cannot have hidden (VMX/SVM, MONITOR, PCID, x2APIC, TSC-deadline,
 * SMEP/SMAP, PKU, LA57, 1 GiB pages, PSE, PGE, MTRR, ...), the
 * "hypervisor present" bit set, and the Xen leaves at 0x40000000.
 */
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/arch-x86/cpuid.h>

#define BIT(n) (1u << (n))

struct cpuid_mask {
	u32 leaf;
	u32 clear_ecx, clear_edx, clear_ebx;
	u32 set_ecx;
};

static const struct cpuid_mask masks[] = {
	/* VMX, SMX, MONITOR, PCID, x2APIC, TSC-deadline, DS-CPL, EST, TM2, SDBG;
	 * set "hypervisor" (31) */
	{1,
	 BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(11) | BIT(17) | BIT(21) |
		 BIT(24),
	 /* PSE, PGE, MTRR, MCE/MCA, ACPI, DS, TM, PBE, PSE36, VME (DE stays: the
	  * guest's CR4.DE decides how its DR4/DR5 read, as in Xen) */
	 BIT(1) | BIT(3) | BIT(7) | BIT(12) | BIT(13) | BIT(14) | BIT(17) | BIT(21) | BIT(22) |
		 BIT(29) | BIT(31),
	 0, BIT(31)},
	/* leaf 7: SGX, SMEP, INVPCID, PQM, MPX, RDT-A, PCOMMIT, SMAP, PT;
	 * ecx: UMIP, PKU, OSPKE, LA57, PKS */
	{7, BIT(2) | BIT(3) | BIT(4) | BIT(16) | BIT(31), 0,
	 BIT(2) | BIT(7) | BIT(10) | BIT(12) | BIT(14) | BIT(15) | BIT(20) | BIT(22) | BIT(25), 0},
	/* 0x80000001: SVM; 1 GiB pages, RDTSCP */
	{0x80000001, BIT(2), BIT(26) | BIT(27), 0, 0},
};

static void xen_leaves(u32 leaf, struct cpuid_regs *r)
{
	*r = (struct cpuid_regs){0};
	switch (leaf - XEN_CPUID_FIRST_LEAF) {
	case 0:
		r->eax = XEN_CPUID_LEAF(2);
		r->ebx = XEN_CPUID_SIGNATURE_EBX;
		r->ecx = XEN_CPUID_SIGNATURE_ECX;
		r->edx = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1: r->eax = (4 << 16) | 17; break;
	case 2:
		r->eax = 1;
		r->ebx = 0x40000000;
		break; /* 1 hypercall page, MSR */
	}
}

/*
 * XSAVE (leaf 0xd): only the states the hypervisor enables in XCR0 (x87,
 * SSE, AVX) and no XSAVES (supervisor states are the hypervisor's).
 */
static void xsave_leaf(u32 subleaf, struct cpuid_regs *r)
{
	u64 ok = pv_xcr0_allowed();

	if (subleaf == 0) {
		r->eax &= (u32)ok;
		r->edx = 0;
		r->ecx = (ok & 4) ? 832 : 576; /* legacy area + header (+ AVX state) */
	} else if (subleaf == 1) {
		r->eax &= BIT(0) | BIT(1) | BIT(2); /* XSAVEOPT, XSAVEC, XGETBV1 */
		r->ebx = r->ecx = r->edx = 0;
	} else if (subleaf >= 64 || !(ok & (1UL << subleaf))) {
		*r = (struct cpuid_regs){0};
	}
}

u64 pv_xcr0_allowed(void)
{
	u64 xcr0;
	u32 lo, hi;

	if (!(read_cr4() & X86_CR4_OSXSAVE))
		return 0;
	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	xcr0 = (u64)hi << 32 | lo;
	return xcr0;
}

void pv_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100) {
		xen_leaves(leaf, r);
		return;
	}
	cpuid_count(leaf, subleaf, r);
	for (unsigned int i = 0; i < ARRAY_SIZE(masks); i++) {
		if (masks[i].leaf != leaf || (leaf == 7 && subleaf != 0))
			continue;
		r->ecx = (r->ecx & ~masks[i].clear_ecx) | masks[i].set_ecx;
		r->edx &= ~masks[i].clear_edx;
		r->ebx &= ~masks[i].clear_ebx;
	}
	if (leaf == 0xd)
		xsave_leaf(subleaf, r);
	if (leaf == 1) /* OSXSAVE mirrors our CR4 */
		r->ecx = (r->ecx & ~BIT(27)) | ((read_cr4() & X86_CR4_OSXSAVE) ? BIT(27) : 0);
}
