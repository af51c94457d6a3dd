/* The machine-to-phys table (arch/x86/mm/m2p.c). */
#ifndef ASM_M2P_H
#define ASM_M2P_H

#include <xeno/types.h>
#include <asm/page.h>

#define INVALID_M2P_ENTRY (~0UL)

extern u64 *machine_to_phys;
extern unsigned long m2p_entries;

static inline void set_gpfn_from_mfn(mfn_t mfn, unsigned long pfn)
{
	machine_to_phys[mfn_x(mfn)] = pfn;
}

static inline unsigned long get_gpfn_from_mfn(mfn_t mfn)
{
	return mfn_x(mfn) < m2p_entries ? machine_to_phys[mfn_x(mfn)] : INVALID_M2P_ENTRY;
}

/*
 * A frame of the M2P table itself: the control domain may map these
 * read-only (foreigndom DOMID_XEN, as libxc's save and restore do; Xen
 * shares them read-only with privileged guests).
 */
static inline bool m2p_is_table_frame(unsigned long mfn)
{
	unsigned long first = mfn_x(virt_to_mfn(machine_to_phys));

	return mfn - first < (m2p_entries * sizeof(u64)) >> PAGE_SHIFT;
}

#endif
