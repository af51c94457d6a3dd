/*
 * Page-table helpers for test guests (guests/runtime/mm.c). The initial
 * mapping covers the image, the start-of-day structures, the bootstrap page
 * tables and at least 512 KiB beyond the boot stack; alloc_page() hands
 * out pages of that slack (mapped read-write, zeroed), never to be freed.
 * Page-table entries are read through the tables' read-only mappings.
 */
#ifndef GUEST_GUEST_MM_H
#define GUEST_GUEST_MM_H

#include <guest.h>

#define PTE_P 0x001UL
#define PTE_RW 0x002UL
#define PTE_US 0x004UL
#define PTE_A 0x020UL
#define PTE_D 0x040UL
#define PTE_PSE 0x080UL
#define PTE_NX (1UL << 63)
#define PTE_ADDR 0x000ffffffffff000UL

void *alloc_page(void);
/* Guest-virtual address of pfn inside the initial mapping (or NULL). */
void *pfn_to_virt(uint64_t pfn);
/* The entry at `level` (4..1) translating va in the kernel page tables, or NULL. */
uint64_t *pt_entry_of(unsigned long va, unsigned int level);
/* Machine address of a page-table entry (for mmu_update). */
static inline uint64_t entry_maddr(const uint64_t *e)
{
	return virt_to_mfn(e) << 12 | ((unsigned long)e & 0xfff);
}
/* A present entry for the frame of va, with these flags. */
static inline uint64_t pte_for(const void *va, uint64_t flags)
{
	return virt_to_mfn(va) << 12 | flags;
}
/* Remap va (a page of the initial mapping) with flags; 0 or -errno. */
long remap_page(const void *va, uint64_t flags);
long mmu_update1(uint64_t maddr, uint64_t val);
/* shared_info mapped (once) at a page of the slack; NULL on failure. */
struct shared_info *map_shared_info(void);
long mmuext1(unsigned int cmd, uint64_t arg1);

#endif
