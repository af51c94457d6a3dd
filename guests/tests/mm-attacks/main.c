/*
 * mm-attacks: attempts to break PV memory isolation, each of which must
 * fail cleanly (an error or a fault to the guest, which then carries on):
 *  - write access to frames the guest does not own (the M2P's), also
 *    through an L1 hooked in under an L2 entry (-EBUSY, as Xen);
 *  - its own L4 mapped writable; a writable frame hooked in as a table;
 *  - superpages at L3, reserved bits at L4 / global bit at L2;
 *  - the hypervisor's L4 slots through the writable-page-table path, and
 *    hypervisor memory directly;
 *  - munmap's xchg of 0 (ptwr's clear) on a page that is no table, at an
 *    unmapped and a non-canonical address, and on an L1 in use (the old
 *    entry back, its references dropped);
 *  - a stale writable TLB entry to a frame that has since become a page
 *    table (the hypervisor must flush before validating);
 *  - giving back a pinned page table (it stays a table until unpinned);
 *  - M2P updates for frames not the guest's;
 *  - the hypervisor-written shared_info frame pinned as a page table (it
 *    would become a table the hypervisor writes into);
 *  - an L2 hooked under an L3 entry whose validation fails after it took
 *    an L1, the L1 and the L3 chosen to share xeno's hashed entry lock:
 *    the L1's teardown under the L3's lock must not wait for that lock
 *    (it did: a CPU spun forever, found by hcfuzz-dom0 in CI).
 */
#include <guest_mm.h>
#include <public/memory.h>

const char test_title[] = "mm-attacks: isolation rules hold under attack";

#define WINDOW 0xffffffff81600000UL /* unused 2 MiB slot of the kernel's L2 */
#define HV_DIRECTMAP 0xffff830000000000UL

static uint64_t *l2e;

/* Run `insn` on addr; return the vector it raised (0 = none). */
#define FAULTS(insn, addr)                                                          \
	({                                                                          \
		trap_record_clear();                                                \
		__asm__ __volatile__("1: " insn "\n2:\n" EXTABLE(1b, 2b)::"r"(addr) \
				     : "rax", "memory");                            \
		last_trap.count ? last_trap.vector : 0u;                            \
	})

/*
 * xchg %rax, (%rbx) (Linux's PTE store and clear shape) with *v at p, *v
 * getting the old value; the vector it raised (0 = none).
 */
static unsigned int xchg_at(volatile uint64_t *p, uint64_t *v)
{
	uint64_t r = *v;

	trap_record_clear();
	__asm__ __volatile__("1: xchg %0, (%1)\n2:\n" EXTABLE(1b, 2b)
			     : "+a"(r)
			     : "b"(p)
			     : "memory");
	*v = r;
	return last_trap.count ? last_trap.vector : 0u;
}

static unsigned int xchg_faults(uint64_t *p, uint64_t v)
{
	return xchg_at(p, &v);
}

/*
 * An L1 naming a frame not ours, hooked in under an L2 entry: its validation
 * fails and the L2 update keeps that error (-EBUSY, as Xen), not the
 * linear-page-table fallback's -EINVAL (what a forged restore stream meets
 * when its CR3 is loaded: tests/toolstack/test_saverestore.py).
 */
static void hooked_foreign_l1(xen_pfn_t mfn)
{
	uint64_t *t = alloc_page();

	t[0] = mfn << 12 | PTE_P | PTE_RW;
	check(remap_page(t, PTE_P | PTE_A) == 0, "a table-to-be, read-only");
	check_eq(mmu_update1(entry_maddr(l2e), virt_to_mfn(t) << 12 | PTE_P | PTE_RW), -XEN_EBUSY,
		 "an L1 mapping the M2P writable cannot be hooked in");
	check(!(*l2e & PTE_P), "L2 entry unchanged");
}

static void foreign_frames(void)
{
	xen_pfn_t m2p_mfn = 0;
	struct xen_machphys_mfn_list l = {.max_extents = 1};
	uint64_t *page = alloc_page();

	l.extent_start.p = &m2p_mfn;
	check(HC(memory_op, XENMEM_machphys_mfn_list, &l, 0) == 0 && m2p_mfn, "an M2P frame");
	/* -EBUSY as Xen 4.17: a frame the domain does not own (the hypervisor's). */
	check_eq(hc_update_va_mapping((unsigned long)page, m2p_mfn << 12 | PTE_P | PTE_RW,
				      UVMF_INVLPG),
		 -XEN_EBUSY, "the M2P cannot be mapped writable");
	check(mmu_update1(m2p_mfn << 12 | MMU_MACHPHYS_UPDATE, 0) < 0,
	      "M2P update of a frame not ours refused");
	check(FAULTS("movq (%0), %%rax", HV_DIRECTMAP) == 14, "hypervisor memory is not readable");
	hooked_foreign_l1(m2p_mfn);
}

static void own_tables(void)
{
	uint64_t *l4 = (uint64_t *)start_info->pt_base, *f = alloc_page();

	check_eq(remap_page(l4, PTE_P | PTE_RW | PTE_A), -XEN_EBUSY,
		 "the current L4 cannot be made writable (-EBUSY, as Xen)");
	check(mmu_update1(entry_maddr(l2e), virt_to_mfn(f) << 12 | PTE_P | PTE_RW) < 0,
	      "a writable frame cannot be hooked in as an L1");
	check(!(*l2e & PTE_P), "L2 entry unchanged");
	check(mmu_update1(entry_maddr(pt_entry_of(0xffffffff40000000UL, 3)),
			  virt_to_mfn(f) << 12 | PTE_P | PTE_PSE) < 0,
	      "a 1 GiB superpage is refused");
	check(mmu_update1(entry_maddr(&l4[300]), virt_to_mfn(f) << 12 | PTE_P | PTE_PSE) < 0,
	      "an L4 entry with PSE is refused");
	check(hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) == 0,
	      "writable_pagetables");
	check(FAULTS("movq $0, (%0)", &l4[256]) == 14 && (l4[256] & PTE_P),
	      "writing a hypervisor L4 slot through the read-only L4 faults");
	/* ptwr's fast shape on a table that is not an L1: the general way, refused */
	check(xchg_faults(l2e, virt_to_mfn(f) << 12 | PTE_P | PTE_RW) == 14 && !(*l2e & PTE_P),
	      "an xchg hooking a writable frame in through the read-only L2 faults");
}

/*
 * munmap's store, xchg of 0 (ptwr's clear without a check or a reference
 * to take): on an L1 in use the old entry comes back and its references go
 * (the frame can become a table); on a page that is not a table, at an
 * unmapped or a non-canonical address, the general path's fault.
 */
static void ptwr_clear_edges(void)
{
	uint64_t *t = alloc_page(), *f = alloc_page(), *plain = alloc_page(), v, old;
	volatile uint64_t *w = (uint64_t *)WINDOW;

	check(remap_page(t, PTE_P | PTE_A) == 0 &&
		      mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)) == 0 &&
		      mmu_update1(entry_maddr(l2e), pte_for(t, PTE_P | PTE_RW | PTE_US | PTE_A)) ==
			      0,
	      "an L1 in use at the window");
	check(mmu_update1(entry_maddr(&t[3]), pte_for(f, PTE_P | PTE_RW | PTE_A)) == 0,
	      "F mapped writable at window+12K");
	w[3 * 512] = 0x42000; /* not present as an entry; sets D: the xchg must return it */
	old = t[3], v = 0;
	check(xchg_at(&t[3], &v) == 0 && v == old && (v & PTE_D) && t[3] == 0,
	      "xchg 0 clears the entry and returns it (%#lx, want %#lx with D)", v, old);
	check(remap_page(f, PTE_P | PTE_A) == 0 &&
		      mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(f)) == 0,
	      "F's writable reference went with it: F can be pinned as an L1");
	check(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(f)) == 0 &&
		      remap_page(f, PTE_P | PTE_RW | PTE_A) == 0 && f[0] == 0x42000,
	      "F unpinned and writable again, as written");
	v = 0;
	check(xchg_at(&t[3], &v) == 0 && v == 0 && t[3] == 0, "xchg 0 on an empty entry: 0 back");
	plain[5] = 0x1234;
	v = 0;
	check(remap_page(plain, PTE_P | PTE_A) == 0 && xchg_at(&plain[5], &v) == 14 && v == 0 &&
		      plain[5] == 0x1234,
	      "xchg 0 on a read-only page that is no table faults and changes nothing");
	check(xchg_at(&w[4 * 512], &v) == 14 && last_trap.cr2 == WINDOW + 4 * 4096,
	      "xchg 0 at an unmapped address: #PF at it");
	check(xchg_at((uint64_t *)0x8000000000000000UL, &v) == 13,
	      "and at a non-canonical one: #GP");
	check(mmu_update1(entry_maddr(l2e), 0) == 0 &&
		      mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(t)) == 0,
	      "unhook and unpin the L1");
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

/* A stale TLB entry for a frame that became a page table must be gone. */
static long give_back(xen_pfn_t mfn)
{
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};

	r.extent_start.p = &mfn;
	return HC(memory_op, XENMEM_decrease_reservation, &r, 0);
}

static void stale_tlb(void)
{
	uint64_t *f = alloc_page(), *t = alloc_page();
	xen_pfn_t tm = virt_to_mfn(t);
	volatile uint64_t *w = (uint64_t *)WINDOW;

	check(remap_page(t, PTE_P | PTE_A) == 0 &&
		      mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)) == 0,
	      "pin the window L1");
	check(mmu_update1(entry_maddr(l2e), virt_to_mfn(t) << 12 | PTE_P | PTE_RW | PTE_US) == 0,
	      "hook it in");
	check(mmu_update1(entry_maddr(&t[0]), virt_to_mfn(f) << 12 | PTE_P | PTE_RW) == 0,
	      "map frame F writable at the window");
	check(remap_page(f, PTE_P | PTE_A) == 0, "F's own mapping read-only");
	*w = 0x42; /* the TLB now holds a writable entry for F */
	check(mmu_update1(entry_maddr(&t[0]), 0) == 0, "unmap it, no flush");
	check(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(f)) == 0, "F becomes an L1 table");
	check(FAULTS("movq $0x67, (%0)", w) == 14, "the old writable mapping is gone");
	check(f[0] == 0x42, "F unchanged by the attempt");
	check(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(f)) == 0, "unpin F");
	/* give back a pinned table: it stays a table until unpinned */
	check(mmu_update1(entry_maddr(&t[1]), virt_to_mfn(f) << 12 | PTE_P) == 0,
	      "F mapped read-only at window+4K");
	check(remap_page(t, 0) == 0, "unmap T's own mapping");
	check(give_back(tm) == 1, "give back the pinned, hooked-in L1");
	check(w[512] == 0x42, "the given-back table still translates");
	check(mmuext1(MMUEXT_PIN_L1_TABLE, tm) < 0, "it cannot be pinned again");
	check(mmu_update1(entry_maddr(l2e), 0) == 0, "unhook it");
	check(mmuext1(MMUEXT_UNPIN_TABLE, tm) == 0, "unpin: its last reference");
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
	check(hc_update_va_mapping((unsigned long)t, tm << 12 | PTE_P, UVMF_INVLPG) < 0,
	      "a freed table cannot be mapped");
	check(FAULTS("movq (%0), %%rax", w + 512) == 14, "nothing is mapped at the window");
}

static void shared_info_as_table(void)
{
	uint64_t mfn = start_info->shared_info >> 12;

	for (unsigned int level = 1; level <= 4; level++)
		check(mmuext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn) == -XEN_EINVAL,
		      "shared_info pinned as an L%u table: want -EINVAL", level);
}

/* xeno's entry-lock slot of a table frame (pt_slot, arch/x86/mm/pv_pagetable.c). */
static unsigned int lock_slot(uint64_t mfn)
{
	return (unsigned int)((mfn * 0x9e3779b97f4a7c15UL) >> 58);
}

/* Two fresh pages whose frames share a lock slot: 65 pages, 64 slots. */
static bool colliding_pair(uint64_t **a, uint64_t **b)
{
	uint64_t *seen[64] = {0};

	for (unsigned int i = 0; i <= 64; i++) {
		uint64_t *p = alloc_page();

		if (!p)
			return false;
		unsigned int s = lock_slot(virt_to_mfn(p));

		if (seen[s]) {
			*a = seen[s];
			*b = p;
			return true;
		}
		seen[s] = p;
	}
	return false;
}

static void failed_validation_under_lock(void)
{
	uint64_t *l4 = (uint64_t *)start_info->pt_base, *l3, *l1, *l2 = alloc_page();

	if (!l2 || !colliding_pair(&l3, &l1)) {
		error("cannot set up: no pages for the colliding tables");
		return;
	}
	l2[0] = pte_for(l1, PTE_P | PTE_RW | PTE_A);
	l2[1] = virt_to_mfn(l2) << 12 | PTE_P | PTE_PSE; /* refused: taken after l2[0] */
	check(remap_page(l3, PTE_P | PTE_A) == 0 && remap_page(l2, PTE_P | PTE_A) == 0 &&
		      remap_page(l1, PTE_P | PTE_A) == 0,
	      "L3, L2 and L1 to be, read-only");
	check(mmu_update1(entry_maddr(&l4[1]), pte_for(l3, PTE_P | PTE_RW | PTE_A)) == 0,
	      "an empty L3 hooked into L4 slot 1");
	check(mmu_update1(entry_maddr(&l3[0]), pte_for(l2, PTE_P | PTE_RW | PTE_A)) < 0,
	      "an L2 with a superpage entry after an L1 cannot be hooked under the L3");
	check(l3[0] == 0, "L3 entry unchanged");
	check(remap_page(l1, PTE_P | PTE_RW | PTE_A) == 0,
	      "the L1 it took and released is a plain frame again");
	check(mmu_update1(entry_maddr(&l4[1]), 0) == 0, "unhook the L3");
}

void test_main(void)
{
	l2e = pt_entry_of(WINDOW, 2);
	if (!l2e || (*l2e & PTE_P)) {
		error("window L2 entry unavailable");
		return;
	}
	foreign_frames();
	own_tables();
	ptwr_clear_edges();
	stale_tlb();
	shared_info_as_table();
	failed_validation_under_lock();
}
