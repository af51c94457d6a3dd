/*
 * The x86 part of XEN_SYSCTL_physinfo (Xen's arch_do_physinfo): cpu_khz
 * (the TSC's frequency) and in hw_cap the boot CPU's feature words in Xen's featureset order
 * (1.edx, 1.ecx, 0x80000001.edx, 0x80000001.ecx, 0xd:1.eax, 7:0.ebx, 7:0.ecx, 0x80000007.edx), zero
 * for a leaf the CPU lacks. No state, no locking.
 */
#include <xeno/arch.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <asm/processor.h>
#include <public/sysctl.h>

static struct cpuid_regs leaf(u32 max, u32 l, u32 sub)
{
	struct cpuid_regs r = {0};

	if (l <= max)
		cpuid_count(l, sub, &r);
	return r;
}

void arch_physinfo(struct xen_sysctl_physinfo *pi)
{
	u32 *cap = pi->hw_cap;
	struct cpuid_regs b = leaf(~0u, 0, 0), e = leaf(~0u, 0x80000000, 0), r;

	r = leaf(b.eax, 1, 0);
	cap[0] = r.edx;
	cap[1] = r.ecx;
	r = leaf(e.eax, 0x80000001, 0);
	cap[2] = r.edx;
	cap[3] = r.ecx;
	cap[4] = leaf(b.eax, 0xd, 1).eax;
	r = leaf(b.eax, 7, 0);
	cap[5] = r.ebx;
	cap[6] = r.ecx;
	cap[7] = leaf(e.eax, 0x80000007, 0).edx;
	pi->cpu_khz = (u32)tsc_khz;
}
