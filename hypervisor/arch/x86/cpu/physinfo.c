/*
 * The x86 part of XEN_SYSCTL_physinfo (Xen's arch_do_physinfo): cpu_khz
 * (the TSC's frequency) and in hw_cap the first eight words of the host's
 * featureset (1.edx, 1.ecx, 0x80000001.edx, 0x80000001.ecx, 0xd:1.eax,
 * 7:0.ebx, 7:0.ecx, 0x80000007.edx). No state, no locking.
 */
#include <xeno/arch.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <asm/featureset.h>
#include <public/sysctl.h>

void arch_physinfo(struct xen_sysctl_physinfo *pi)
{
	u32 fs[CPU_FEATURESET_WORDS];

	host_featureset(fs);
	memcpy(pi->hw_cap, fs, sizeof(pi->hw_cap));
	pi->cpu_khz = (u32)tsc_khz;
}
