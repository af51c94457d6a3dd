/*
 * Page-table entry bits, frame-number types and address conversions.
 * mfn_t is a struct so machine frame numbers cannot be mixed up with guest
 * frame numbers or plain integers by accident.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <xeno/types.h>
#include <asm/config.h>

#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_USER 0x004UL
#define _PAGE_PWT 0x008UL
#define _PAGE_PCD 0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY 0x040UL
#define _PAGE_PSE 0x080UL
#define _PAGE_GLOBAL 0x100UL
#define _PAGE_NX (1UL << 63)
#define PADDR_MASK 0x000ffffffffff000UL

#define PAGE_HYPERVISOR_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RW (PAGE_HYPERVISOR_RO | _PAGE_RW | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_RX (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)
#define PAGE_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define PT_ENTRIES 512
#define pt_index(va, level) (((va) >> (12 + 9 * ((level)-1))) & 511)

typedef struct {
	unsigned long m;
} mfn_t;

static inline mfn_t _mfn(unsigned long m)
{
	return (mfn_t){m};
}

static inline unsigned long mfn_x(mfn_t m)
{
	return m.m;
}

#define INVALID_MFN _mfn(~0UL)

static inline paddr_t mfn_to_maddr(mfn_t m)
{
	return (paddr_t)mfn_x(m) << PAGE_SHIFT;
}

static inline mfn_t maddr_to_mfn(paddr_t pa)
{
	return _mfn(pa >> PAGE_SHIFT);
}

static inline void *maddr_to_virt(paddr_t pa)
{
	return (void *)(pa + DIRECTMAP_VIRT_START);
}

static inline paddr_t virt_to_maddr(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= XEN_VIRT_START && v < XEN_VIRT_END)
		return v - XEN_VIRT_START;
	return v - DIRECTMAP_VIRT_START;
}

static inline mfn_t virt_to_mfn(const void *va)
{
	return maddr_to_mfn(virt_to_maddr(va));
}

static inline void *mfn_to_virt(mfn_t m)
{
	return maddr_to_virt(mfn_to_maddr(m));
}

#endif
