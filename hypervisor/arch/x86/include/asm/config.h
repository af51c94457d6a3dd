/*
 * Hypervisor virtual memory layout (x86_64). Shared by C and assembly.
 *
 * The hypervisor owns L4 slots 256..271 (0xffff800000000000 - 0xffff87ffffffffff),
 * the range the Xen PV ABI reserves; every guest L4 gets these slots from the
 * idle page table. Within it we follow Xen 4.17's arrangement so that guest-
 * visible addresses (the read-only M2P) match:
 *
 *  0xffff800000000000  slot 256  read-only M2P (guest-visible)
 *  0xffff82c000000000  slot 261  ioremap window (1 GiB)
 *  0xffff82c080000000  slot 261  per-CPU GDT windows (64 KiB each)
 *  0xffff82d040000000  slot 261  hypervisor image: this VA maps physical 0
 *  0xffff82e000000000  slot 261  frame table (struct page_info per frame)
 *  0xffff830000000000  slot 262+ direct map of all RAM (up to 5 TiB)
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)

#define XEN_VIRT_START 0xffff82d040000000
#define XEN_PHYS_START 0x100000 /* where multiboot loaders put the image */
#define XEN_VIRT_END 0xffff82d080000000
/* Per-CPU SYSCALL entry stubs: the top NR_CPUS pages below XEN_VIRT_END. */
#define STUBS_VIRT_START (XEN_VIRT_END - NR_CPUS * PAGE_SIZE)
#define TRAP_syscall 0x100 /* entry_vector of a SYSCALL entry from a guest */

#define HYPERVISOR_SLOT_FIRST 256
#define HYPERVISOR_SLOT_LAST 271

#define RO_MPT_VIRT_START 0xffff800000000000
#define IOREMAP_VIRT_START 0xffff82c000000000
#define IOREMAP_VIRT_END 0xffff82c040000000
#define GDT_VIRT_START 0xffff82c080000000
#define GDT_WINDOW_SIZE 0x10000
#define FRAMETABLE_VIRT_START 0xffff82e000000000
#define FRAMETABLE_SIZE 0x2000000000 /* 128 GiB */
#define DIRECTMAP_VIRT_START 0xffff830000000000
#define DIRECTMAP_VIRT_END 0xffff880000000000

#define STACK_ORDER 3
#define STACK_SIZE (PAGE_SIZE << STACK_ORDER)
#define NR_CPUS 64

/* GDT selectors, at Xen's offsets (first reserved GDT page = 14). */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define __HYPERVISOR_CS 0xe008
#define __HYPERVISOR_DS 0xe010
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_DS 0xe02b
#define FLAT_RING3_CS64 0xe033
#define TSS_SELECTOR 0xe040
#define LDT_SELECTOR 0xe050

#endif
