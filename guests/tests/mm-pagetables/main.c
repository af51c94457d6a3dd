/*
 * mm-pagetables: a guest builds, pins, hooks in, updates and tears down an
 * L1 page table, and every isolation rule on the way holds:
 *  - a frame mapped writable cannot be pinned as a page table, and a page
 *    table (pinned, or referenced by a higher table) cannot be mapped
 *    writable; pinning twice fails; unpinning an in-use table keeps its type;
 *  - entries mapping a frame the guest does not own (the hypervisor's),
 *    superpages (PSE in an L2) and the hypervisor's L4 slots are refused;
 *  - writes through the tables' read-only mappings are emulated when
 *    writable_pagetables is on (mov, lock cmpxchg) and validated like
 *    mmu_update: an illegal one faults instead; every addressing shape of
 *    mov (disp8/disp32, r8-r15 as base and source) writes the right entry,
 *    a misaligned store across two entries faults; xchg returns the old
 *    entry in the right register, and an illegal one faults;
 *  - a one-request mmu_update without a done count (Linux's set_pte: the
 *    hypervisor's shortest path) does what the same call with one does,
 *    and an unreadable request is -EFAULT with or without it;
 *  - MMU_MACHPHYS_UPDATE changes the M2P entry of an own frame;
 *  - NEW_BASEPTR and NEW_USER_BASEPTR to a frame that is not an L4 (a
 *    data frame, an L2 in use) fail;
 *  - a user base table whose last holder lets go (NEW_USER_BASEPTR 0) is
 *    torn down: the L3 its entry held can be mapped writable again.
 */
#include <guest_mm.h>

const char test_title[] = "mm-pagetables: L1 lifecycle, isolation rules, ptwr";

#define WINDOW 0xffffffff81400000UL /* an unused 2 MiB slot of the kernel's L2 */
#define PATTERN 0x5a5a5a5a00c0ffeeUL

static uint64_t *data, *l1, *l2e;
static uint64_t l1_mfn;

static void build_and_pin(void)
{
	data = alloc_page();
	l1 = alloc_page();
	l2e = pt_entry_of(WINDOW, 2);
	if (!data || !l1 || !l2e || (*l2e & PTE_P)) {
		error("cannot set up: window L2 entry %p", (void *)l2e);
		return;
	}
	l1_mfn = virt_to_mfn(l1);
	data[0] = PATTERN;
	l1[0] = pte_for(data, PTE_P | PTE_A);		       /* read-only */
	l1[1] = pte_for(data, PTE_P | PTE_RW | PTE_A | PTE_D); /* read-write */
	check(mmuext1(MMUEXT_PIN_L1_TABLE, l1_mfn) < 0, "pin of a frame mapped writable refused");
	check(remap_page(l1, PTE_P | PTE_A) == 0, "remap the future L1 read-only");
	check(mmuext1(MMUEXT_PIN_L1_TABLE, l1_mfn) == 0, "pin L1");
	check(mmuext1(MMUEXT_PIN_L1_TABLE, l1_mfn) < 0, "second pin refused");
	check(remap_page(l1, PTE_P | PTE_RW | PTE_A) < 0, "pinned L1 cannot be mapped writable");
}

static void use_mapping(void)
{
	volatile uint64_t *ro = (uint64_t *)WINDOW, *rw = (uint64_t *)(WINDOW + 4096);

	check(mmu_update1(entry_maddr(l2e), l1_mfn << 12 | PTE_P | PTE_RW | PTE_US | PTE_A) == 0,
	      "hook the L1 into the kernel's L2 with mmu_update");
	check(*ro == PATTERN, "data visible through the read-only mapping");
	*rw = PATTERN + 1;
	check(data[0] == PATTERN + 1, "write through the read-write mapping");
	trap_record_clear();
	__asm__ __volatile__("1: movq $0, (%0)\n2:\n" EXTABLE(1b, 2b)::"r"(ro) : "memory");
	check(last_trap.vector == 14 && (last_trap.error_code & 3) == 3,
	      "write through the read-only mapping: #PF (write, present), got vector %u ec %#x",
	      last_trap.vector, last_trap.error_code);
	check(last_trap.cr2 == WINDOW, "#PF cr2 %#lx", (unsigned long)last_trap.cr2);
	check(data[0] == PATTERN + 1, "the read-only mapping did not write");
}

static void refused_entries(void)
{
	uint64_t hv_l4e = ((uint64_t *)start_info->pt_base)[256];
	uint64_t *l4 = (uint64_t *)start_info->pt_base;

	check(mmu_update1(entry_maddr(&l1[2]), l1_mfn << 12 | PTE_P | PTE_RW) < 0,
	      "an L1 entry mapping the L1 itself writable is refused");
	check(mmu_update1(entry_maddr(&l1[2]), l1_mfn << 12 | PTE_P) == 0,
	      "an L1 entry mapping the L1 itself read-only is fine");
	check(hv_l4e & PTE_P, "the hypervisor's L4 slot 256 is present in the guest L4");
	check(mmu_update1(entry_maddr(&l1[3]), (hv_l4e & PTE_ADDR) | PTE_P) < 0,
	      "mapping a hypervisor frame is refused");
	check(mmu_update1(entry_maddr(l2e + 1), virt_to_mfn(data) << 12 | PTE_P | PTE_PSE) < 0,
	      "a superpage (PSE) L2 entry is refused");
	check(mmu_update1(entry_maddr(&l4[256]), 0) < 0,
	      "the hypervisor's L4 slots are not the guest's");
	check(l4[256] == hv_l4e, "L4 slot 256 unchanged");
}

static void writable_pagetables(void)
{
	volatile uint64_t *e = l1;
	volatile uint64_t *va5 = (uint64_t *)(WINDOW + 5 * 4096);
	uint64_t want = pte_for(data, PTE_P | PTE_A), old, zero = 0;

	check(hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) == 0,
	      "vm_assist writable_pagetables");
	e[5] = want; /* a plain store to a read-only page table: emulated */
	/* The hypervisor adds the user bit, and bit 52 to mark a kernel-only page. */
	check((e[5] & ~(PTE_US | PTE_A | PTE_D | 1UL << 52)) == (want & ~PTE_A),
	      "emulated mov: entry %#lx", (unsigned long)e[5]);
	check(*va5 == PATTERN + 1, "emulated entry maps the data page");
	old = e[5];
	__asm__ __volatile__("lock cmpxchgq %2, %1"
			     : "+a"(old), "+m"(l1[5])
			     : "r"(zero)
			     : "memory");
	check(e[5] == 0, "emulated lock cmpxchg cleared the entry");
	mmuext1(MMUEXT_INVLPG_LOCAL, (uint64_t)va5);
	trap_record_clear();
	__asm__ __volatile__("1: movq (%0), %%rax\n2:\n" EXTABLE(1b, 2b)::"r"(va5)
			     : "rax", "memory");
	check(last_trap.vector == 14, "the cleared entry no longer maps");
	trap_record_clear();
	__asm__ __volatile__("1: movq %1, (%0)\n2:\n" EXTABLE(1b, 2b)::"r"(&l1[6]),
			     "r"(l1_mfn << 12 | PTE_P | PTE_RW)
			     : "memory");
	check(last_trap.vector == 14 && e[6] == 0,
	      "an emulated write of an illegal entry faults and changes nothing");
}

/* Masks what the hypervisor may add (see writable_pagetables). */
static bool entry_is(uint64_t e, uint64_t want)
{
	return (e & ~(PTE_US | PTE_A | PTE_D | 1UL << 52)) == (want & ~PTE_A);
}

static void ptwr_mov_shapes(void)
{
	uint64_t want = pte_for(data, PTE_P | PTE_A), wrong = want ^ 0x1000;
	uint64_t *l1w = l1; /* its read-only mapping: every store below is emulated */

	/* movq %r9, 8(%rbx): REX.W|R 89, mod 01 (disp8) */
	__asm__ __volatile__("mov %1, %%r9\n movq %%r9, 8(%0)" ::"b"(&l1w[8]), "r"(want)
			     : "r9", "memory");
	check(entry_is(l1w[9], want) && l1w[8] == 0, "mov r9 -> disp8(rbx): entry 9 %#lx",
	      (unsigned long)l1w[9]);
	/* movq %rcx, 8(%r13): REX.W|B 89, mod 01 rm 101 (r13, not RIP-relative) */
	__asm__ __volatile__("mov %0, %%r13\n movq %1, 8(%%r13)" ::"r"(&l1w[9]), "c"(want)
			     : "r13", "memory");
	check(entry_is(l1w[10], want), "mov rcx -> disp8(r13): entry 10 %#lx",
	      (unsigned long)l1w[10]);
	/* movq %rax, 0x100(%rbx): disp32 */
	__asm__ __volatile__("movq %1, 0x100(%0)" ::"b"((char *)&l1w[11] - 0x100), "a"(want)
			     : "memory");
	check(entry_is(l1w[11], want), "mov rax -> disp32(rbx): entry 11 %#lx",
	      (unsigned long)l1w[11]);
	/* An 8-byte store across entries 12 and 13: not a PTE write, left to the guest. */
	trap_record_clear();
	__asm__ __volatile__("1: movq %1, 4(%0)\n2:\n" EXTABLE(1b, 2b)::"r"(&l1w[12]), "r"(wrong)
			     : "memory");
	check(last_trap.vector == 14 && l1w[12] == 0 && l1w[13] == 0,
	      "a misaligned store across two entries faults (vector %u)", last_trap.vector);
	for (unsigned int i = 9; i <= 11; i++)
		l1w[i] = 0;
	check(l1w[9] == 0 && l1w[10] == 0 && l1w[11] == 0, "emulated clears");
}

/* xchg, Linux's ptep_get_and_clear: the old entry comes back in the register. */
static void ptwr_xchg_shapes(void)
{
	uint64_t want = pte_for(data, PTE_P | PTE_A), bad = l1_mfn << 12 | PTE_P | PTE_RW, got;
	uint64_t *l1w = l1;

	l1w[14] = want;
	/* xchg %r9, 8(%r13): REX.W|R|B 87, mod 01, rm 101 */
	__asm__ __volatile__("mov %1, %%r13\n xor %%r9d, %%r9d\n xchg %%r9, 8(%%r13)\n"
			     " mov %%r9, %0"
			     : "=r"(got)
			     : "r"(&l1w[13])
			     : "r9", "r13", "memory");
	check(entry_is(got, want) && l1w[14] == 0, "xchg r9 <-> disp8(r13): old %#lx, entry %#lx",
	      (unsigned long)got, (unsigned long)l1w[14]);
	/* An illegal new entry (the L1 itself, writable): faults, nothing changes. */
	l1w[15] = want;
	got = bad;
	trap_record_clear();
	__asm__ __volatile__("1: xchg %0, (%1)\n2:\n" EXTABLE(1b, 2b)
			     : "+a"(got)
			     : "b"(&l1w[15])
			     : "memory");
	check(last_trap.vector == 14 && got == bad && entry_is(l1w[15], want),
	      "an xchg of an illegal entry faults and changes nothing (vector %u)",
	      last_trap.vector);
	l1w[15] = 0;
}

static void unpin_and_release(void)
{
	check(mmuext1(MMUEXT_UNPIN_TABLE, l1_mfn) == 0, "unpin");
	check(mmuext1(MMUEXT_UNPIN_TABLE, l1_mfn) < 0, "unpin of an unpinned table refused");
	check(remap_page(l1, PTE_P | PTE_RW | PTE_A) < 0,
	      "an L1 still referenced by an L2 cannot be mapped writable");
	check(mmu_update1(entry_maddr(l2e), 0) == 0, "unhook the L1");
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
	check(remap_page(l1, PTE_P | PTE_RW | PTE_A | PTE_D) == 0,
	      "an unused former L1 can be mapped writable again");
	l1[0] = 0;
	check(l1[0] == 0, "and written");
}

/* The same request with and without a done count: the same result. */
static void without_done_count(void)
{
	struct mmu_update u = {entry_maddr(&l1[7]), pte_for(data, PTE_P | PTE_RW | PTE_A)};
	unsigned int done = 7;
	long rc;

	check(hc_mmu_update(&u, 1, NULL, DOMID_SELF) == 0 &&
		      (l1[7] & PTE_ADDR) == u.val >> 12 << 12,
	      "set_pte's shape (no done count) writes the entry");
	check(hc_mmu_update(&u, 1, &done, DOMID_SELF) == 0 && done == 1,
	      "the same again with a done count: 1");
	u.val = l1_mfn << 12 | PTE_P | PTE_RW; /* the L1 itself, writable: refused */
	rc = hc_mmu_update(&u, 1, NULL, DOMID_SELF);
	check(rc < 0, "an illegal entry without a done count: refused (%ld)", rc);
	done = 7;
	check(hc_mmu_update(&u, 1, &done, DOMID_SELF) == rc && done == 0,
	      "and with one: the same error, done 0");
	check((l1[7] & PTE_ADDR) == virt_to_mfn(data) << 12, "the entry is unchanged");
	u.val = 0;
	check(hc_mmu_update(&u, 1, NULL, DOMID_SELF) == 0 && l1[7] == 0, "cleared without one");
	check_eq(hc_mmu_update((struct mmu_update *)0x1000, 1, NULL, DOMID_SELF), -XEN_EFAULT,
		 "an unmapped request without a done count: -EFAULT");
	check_eq(hc_mmu_update((struct mmu_update *)0xffff830000000000UL, 1, NULL, DOMID_SELF),
		 -XEN_EFAULT, "a request in the hypervisor's half: -EFAULT");
}

static void machphys_and_baseptr(void)
{
	uint64_t mfn = virt_to_mfn(data), pfn = mfn_to_pfn(mfn);

	check(mmu_update1(mfn << 12 | MMU_MACHPHYS_UPDATE, 0x12345) == 0, "MMU_MACHPHYS_UPDATE");
	check(mfn_to_pfn(mfn) == 0x12345, "M2P entry updated");
	check(mmu_update1(mfn << 12 | MMU_MACHPHYS_UPDATE, pfn) == 0, "M2P entry restored");
	uint64_t l2_mfn = virt_to_mfn((const void *)((unsigned long)l2e & ~0xfffUL));

	check(mmuext1(MMUEXT_NEW_BASEPTR, mfn) < 0, "NEW_BASEPTR to a data frame refused");
	/* A table in use of another level (the fast path takes only an L4's). */
	check(mmuext1(MMUEXT_NEW_BASEPTR, l2_mfn) < 0, "NEW_BASEPTR to an L2 in use refused");
	check(mmuext1(MMUEXT_NEW_USER_BASEPTR, l2_mfn) < 0,
	      "NEW_USER_BASEPTR to an L2 in use refused");
}

/* An unpinned L4 held only as the user base: letting go of it releases its entries. */
static void user_base_released(void)
{
	uint64_t *u4 = alloc_page(), *l3 = alloc_page();

	if (!u4 || !l3) {
		error("cannot set up: no pages for the user base");
		return;
	}
	u4[0] = pte_for(l3, PTE_P | PTE_RW | PTE_A);
	check(remap_page(l3, PTE_P | PTE_A) == 0 && remap_page(u4, PTE_P | PTE_A) == 0,
	      "L4 and L3 mapped read-only");
	check(mmuext1(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(u4)) == 0,
	      "NEW_USER_BASEPTR to an unpinned L4 (validated now)");
	check(remap_page(l3, PTE_P | PTE_RW | PTE_A) < 0,
	      "the L3 under the user base cannot be mapped writable");
	check(mmuext1(MMUEXT_NEW_USER_BASEPTR, 0) == 0, "NEW_USER_BASEPTR 0");
	check(remap_page(l3, PTE_P | PTE_RW | PTE_A) == 0,
	      "the L3 of the released user base can be mapped writable again");
	check(remap_page(u4, PTE_P | PTE_RW | PTE_A) == 0, "so can the released user base itself");
}

void test_main(void)
{
	build_and_pin();
	if (!l1_mfn)
		return;
	use_mapping();
	refused_entries();
	writable_pagetables();
	ptwr_mov_shapes();
	ptwr_xchg_shapes();
	without_done_count();
	unpin_and_release();
	machphys_and_baseptr();
	user_base_released();
}
