/*
 * The x86 part of struct domain (d->arch).
 */
#ifndef XENO_ASM_DOMAIN_H
#define XENO_ASM_DOMAIN_H

#include <xeno/spinlock.h>
#include <xeno/types.h>

/* Words of Xen 4.17's featureset (FSCAPINTS): 1.edx ... 0x80000021.ecx. */
#define CPU_FEATURESET_WORDS 19

/* An E820 memory map entry (XENMEM_memory_map's buffer). */
struct __attribute__((packed)) e820_entry {
	u64 addr, size;
	u32 type;
};

/*
 * The toolstack's CPUID policy for the domain (domctl set_cpu_policy,
 * before the domain first runs): feature bits cleared from the PV view,
 * and (with cpuid_set) the highest basic leaf, leaf 7 subleaf and
 * extended leaf. Zero everywhere: the PV default policy.
 */
/* Shadow page tables while in log-dirty mode (arch/x86/mm/shadow.c). */
struct sh_slot {
	u32 gmfn; /* guest table frame + 1; 0 free, ~0 deleted */
	u32 smfn; /* its shadow */
	u16 level;
	u16 writable; /* an L1 shadow that may hold writable entries (CLEAN scans these) */
};

struct shadow_domain {
	spinlock_t lock; /* zero-initialised (unlocked) with the domain */
	bool on;
	struct sh_slot *hash; /* size slots (a power of two), used of them taken */
	unsigned int size, used;
	unsigned long nr_shadows;
	u64 zombies; /* shadows of devalidated tables, to free (a list through word 0) */
};

struct arch_domain {
	u32 cpuid_clear[CPU_FEATURESET_WORDS];
	u32 cpuid_max_extd;
	u8 cpuid_max_basic, cpuid_max_feat;
	bool cpuid_set;
	/* XENMEM_set_memory_map's map (NULL: one RAM region of max_pages); the
	 * lock is zero-initialised (unlocked) with the domain. */
	spinlock_t e820_lock;
	unsigned int nr_e820;
	struct e820_entry *e820;
	/* PHYSDEVOP_pirq_eoi_gmfn_v2: the guest's bitmap of pirqs needing an EOI. */
	void *pirq_eoi_map;
	struct shadow_domain shadow;
};

#endif
