/*
 * Xen's featureset: the CPUID feature words in a fixed order (1.edx,
 * 1.ecx, 0x80000001.edx, ..., 0x80000021.ecx), the numbering the toolstack
 * uses for every policy (sysctl get_cpu_featureset, physinfo's hw_cap) and
 * the words a domain's CPUID policy may clear. The host's view: CPUID as
 * the boot CPU answers it, zero beyond its highest leaves. No state.
 */
#include <asm/domain.h>
#include <asm/featureset.h>
#include <asm/processor.h>

#define NA XEN_CPUID_NO_SUBLEAF
#define MSR_WORD 0 /* an MSR_ARCH_CAPABILITIES word: no CPUID leaf */

const struct featureset_word featureset_words[CPU_FEATURESET_WORDS] = {
	{1, NA, CPUID_EDX},	     {1, NA, CPUID_ECX},	  {0x80000001, NA, CPUID_EDX},
	{0x80000001, NA, CPUID_ECX}, {0xd, 1, CPUID_EAX},	  {7, 0, CPUID_EBX},
	{7, 0, CPUID_ECX},	     {0x80000007, NA, CPUID_EDX}, {0x80000008, NA, CPUID_EBX},
	{7, 0, CPUID_EDX},	     {7, 1, CPUID_EAX},		  {0x80000021, NA, CPUID_EAX},
	{7, 1, CPUID_EBX},	     {7, 2, CPUID_EDX},		  {7, 1, CPUID_ECX},
	{7, 1, CPUID_EDX},	     {MSR_WORD, NA, CPUID_EAX},	  {MSR_WORD, NA, CPUID_EDX},
	{0x80000021, NA, CPUID_ECX},
};

u32 *cpuid_reg(struct cpuid_regs *r, unsigned int reg)
{
	switch (reg) {
	case CPUID_EAX: return &r->eax;
	case CPUID_EBX: return &r->ebx;
	case CPUID_ECX: return &r->ecx;
	default: return &r->edx;
	}
}

bool featureset_word_is(const struct featureset_word *w, u32 leaf, u32 subleaf)
{
	return w->leaf != MSR_WORD && w->leaf == leaf &&
	       (w->subleaf == NA || w->subleaf == subleaf);
}

struct cpuid_regs host_cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_regs r = {0};
	u32 base = leaf & 0x80000000u;

	cpuid_count(base, 0, &r);
	if (leaf > r.eax)
		return (struct cpuid_regs){0};
	cpuid_count(leaf, subleaf, &r);
	return r;
}

void host_featureset(u32 fs[CPU_FEATURESET_WORDS])
{
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++) {
		const struct featureset_word *w = &featureset_words[i];
		struct cpuid_regs r = {0};

		if (w->leaf != MSR_WORD)
			r = host_cpuid(w->leaf, w->subleaf == NA ? 0 : w->subleaf);
		fs[i] = *cpuid_reg(&r, w->reg);
	}
}
