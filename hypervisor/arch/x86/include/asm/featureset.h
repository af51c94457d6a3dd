/*
 * Xen's featureset numbering of CPUID feature words (cpu/featureset.c),
 * and CPUID as the host answers it.
 */
#ifndef XENO_ASM_FEATURESET_H
#define XENO_ASM_FEATURESET_H

#include <xeno/types.h>
#include <asm/domain.h>
#include <asm/processor.h>
#include <public/arch-x86/xen.h>

enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

struct featureset_word {
	u32 leaf, subleaf; /* subleaf XEN_CPUID_NO_SUBLEAF: any */
	u8 reg;		   /* enum cpuid_reg */
};
extern const struct featureset_word featureset_words[CPU_FEATURESET_WORDS];

u32 *cpuid_reg(struct cpuid_regs *r, unsigned int reg);
/* Does w live in CPUID leaf:subleaf? */
bool featureset_word_is(const struct featureset_word *w, u32 leaf, u32 subleaf);
/* The boot CPU's CPUID; zero beyond its highest basic or extended leaf. */
struct cpuid_regs host_cpuid(u32 leaf, u32 subleaf);
void host_featureset(u32 fs[CPU_FEATURESET_WORDS]);

#endif
