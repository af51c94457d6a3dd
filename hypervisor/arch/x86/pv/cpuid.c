/*
 * The CPUID view of a PV guest: the host's, with what PV guests must not
 * use or cannot have hidden (VMX/SVM, MONITOR, PCID, x2APIC, TSC-deadline,
 * SMEP/SMAP, PKU, LA57, 1 GiB pages, PSE, PGE, MTRR, ...), the
 * "hypervisor present" bit set, the Xen leaves at 0x40000000, and leaves
 * only up to Xen 4.17's limits for guests (basic 0xd, leaf 7 subleaf 2,
 * extended 0x80000021; zero beyond, as in Xen). This view is the PV
 * default policy; a domain's own policy (d->arch, set by the toolstack
 * before it first runs) may clear feature words and set the limits
 * anywhere up to Xen's (Xen 4.17's maximum policy: a policy saved on a
 * host with more leaves must load); leaves beyond the host's read as zero.
 * d->arch is read without a lock: it changes only while the domain is
 * paused and has never run.
 */
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <asm/featureset.h>
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

/*
 * The highest basic leaf, leaf 7 subleaf and extended leaf d sees: its
 * own, up to Xen's maximum, once the toolstack set a policy; else the
 * default (the host's, up to Xen's maximum).
 */
u32 pv_cpuid_limit(const struct domain *d, u32 leaf)
{
	u32 host = host_cpuid(leaf, 0).eax, own = 0, max = PV_CPUID_MAX_EXTD;

	if (leaf == 0) {
		own = d ? d->arch.cpuid_max_basic : 0;
		max = PV_CPUID_MAX_BASIC;
	} else if (leaf == 7) {
		own = d ? d->arch.cpuid_max_feat : 0;
		max = PV_CPUID_MAX_FEAT;
	} else if (d) {
		own = d->arch.cpuid_max_extd;
	}
	return d && d->arch.cpuid_set ? MIN(own, max) : MIN(host, max);
}

static bool in_range(const struct domain *d, u32 leaf, u32 subleaf)
{
	if (leaf < XEN_CPUID_FIRST_LEAF)
		return leaf <= pv_cpuid_limit(d, 0) &&
		       (leaf != 7 || subleaf <= pv_cpuid_limit(d, 7));
	return leaf >= 0x80000000u && leaf <= pv_cpuid_limit(d, 0x80000000u);
}

/* A leaf the host does not have (a domain's limit may be above the host's). */
static bool beyond_host(u32 leaf, u32 subleaf)
{
	if (leaf >= 0x80000000u)
		return leaf > host_cpuid(0x80000000u, 0).eax;
	return leaf > host_cpuid(0, 0).eax || (leaf == 7 && subleaf > host_cpuid(7, 0).eax);
}

static void apply_masks(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(masks); i++) {
		if (masks[i].leaf != leaf || (leaf == 7 && subleaf != 0))
			continue;
		r->ecx = (r->ecx & ~masks[i].clear_ecx) | masks[i].set_ecx;
		r->edx &= ~masks[i].clear_edx;
		r->ebx &= ~masks[i].clear_ebx;
	}
}

static void apply_domain(const struct domain *d, u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++)
		if (featureset_word_is(&featureset_words[i], leaf, subleaf))
			*cpuid_reg(r, featureset_words[i].reg) &= ~d->arch.cpuid_clear[i];
}

void pv_cpuid(const struct domain *d, u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100) {
		xen_leaves(leaf, r);
		return;
	}
	if (!in_range(d, leaf, subleaf)) {
		*r = (struct cpuid_regs){0};
		return;
	}
	if (beyond_host(leaf, subleaf))
		*r = (struct cpuid_regs){0};
	else
		cpuid_count(leaf, subleaf, r);
	apply_masks(leaf, subleaf, r);
	if (leaf == 0 || leaf == 0x80000000u || (leaf == 7 && subleaf == 0))
		r->eax = pv_cpuid_limit(d, leaf);
	if (leaf == 0xd)
		xsave_leaf(subleaf, r);
	if (leaf == 1) /* OSXSAVE mirrors our CR4 */
		r->ecx = (r->ecx & ~BIT(27)) | ((read_cr4() & X86_CR4_OSXSAVE) ? BIT(27) : 0);
	if (d)
		apply_domain(d, leaf, subleaf, r);
}

void pv_featureset(const struct domain *d, u32 fs[CPU_FEATURESET_WORDS])
{
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++) {
		const struct featureset_word *w = &featureset_words[i];
		struct cpuid_regs r = {0};

		if (w->leaf)
			pv_cpuid(d, w->leaf, w->subleaf == XEN_CPUID_NO_SUBLEAF ? 0 : w->subleaf,
				 &r);
		fs[i] = *cpuid_reg(&r, w->reg);
	}
}
