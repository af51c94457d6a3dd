/*
 * grant-table: map and unmap batches whose ops name slots in different L1
 * tables (a hypervisor may keep the last op's table for the next one): by
 * virtual address in the initial L1 and in a second L1 the guest hooks
 * into its kernel L2, by an entry's machine address, back and forth, with
 * failing ops between them (a ref not granted, no L1 for the address, a
 * machine address in a frame that is no L1, an unmap at a slot that does
 * not map the grant, a bad handle). Each op gets its own status; the
 * mappings land in the slots named; after the batches no reference is
 * left on the second L1: unhooked and unpinned, it can be mapped writable.
 * Then batches that go round more L1 tables than a hypervisor may keep
 * (six, 2 MiB apart: back to a table named two ops before, to one named
 * five ops before, one by VA and by entry address): each slot maps its
 * grant, and no reference is left on any of the six afterwards.
 */
#include "gnt.h"

#define WINDOW2 0xffffffff81600000UL /* an unused 2 MiB slot of the kernel's L2 */
#define NOPS 8

static uint64_t *l1b, *l2e;

/* A second L1 table, pinned and hooked at WINDOW2; false if not set up. */
static bool second_l1(void)
{
	l1b = alloc_page();
	l2e = pt_entry_of(WINDOW2, 2);
	if (!l1b || !l2e || (*l2e & PTE_P)) {
		error("cannot set up: the L2 entry of %#lx", WINDOW2);
		return false;
	}
	check(remap_page(l1b, PTE_P | PTE_A) == 0 &&
		      mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1b)) == 0 &&
		      mmu_update1(entry_maddr(l2e),
				  virt_to_mfn(l1b) << 12 | PTE_P | PTE_RW | PTE_US | PTE_A) == 0,
	      "second L1 pinned and hooked");
	return true;
}

static void set_map(struct gnttab_map_grant_ref *op, grant_ref_t ref, uint64_t addr, uint32_t flags)
{
	*op = (struct gnttab_map_grant_ref){
		.host_addr = addr, .flags = GNTMAP_host_map | flags, .ref = ref, .dom = SELF_ID};
}

static void map_batch(uint64_t *p[NOPS], uint64_t *wa, uint64_t *wb,
		      struct gnttab_map_grant_ref m[NOPS])
{
	static const int16_t want[NOPS] = {GNTST_okay,		GNTST_okay, GNTST_okay,
					   GNTST_general_error, GNTST_okay, GNTST_general_error,
					   GNTST_general_error, GNTST_okay};

	for (unsigned int i = 0; i < NOPS; i++) {
		p[i] = alloc_page();
		p[i][0] = 0xb000 + i;
		grant(80 + i, p[i], SELF_ID, 0);
	}
	set_map(&m[0], 80, (unsigned long)wa, 0);
	set_map(&m[1], 81, WINDOW2, 0);
	set_map(&m[2], 82, (unsigned long)wb, GNTMAP_readonly);
	set_map(&m[3], 20, WINDOW2 + 4096, 0); /* not granted */
	set_map(&m[4], 84, entry_maddr(&l1b[2]), GNTMAP_contains_pte);
	set_map(&m[5], 85, UNMAPPED_VA, 0);
	set_map(&m[6], 86, entry_maddr(p[0]), GNTMAP_contains_pte); /* no L1 */
	set_map(&m[7], 87, WINDOW2 + 3 * 4096, 0);
	check(gnttab_op(GNTTABOP_map_grant_ref, m, NOPS) == 0, "map batch hypercall");
	for (unsigned int i = 0; i < NOPS; i++)
		check(m[i].status == want[i], "map op %u: status %d, want %d", i, m[i].status,
		      want[i]);
	check(wa[0] == 0xb000 && wb[0] == 0xb002, "the initial L1's slots map their grants");
	check(*(uint64_t *)WINDOW2 == 0xb001 && *(uint64_t *)(WINDOW2 + 2 * 4096) == 0xb004 &&
		      *(uint64_t *)(WINDOW2 + 3 * 4096) == 0xb007,
	      "the second L1's slots map theirs");
	check(!(l1b[1] & PTE_P) && !(l1b[4] & PTE_P), "the failed ops' slots stay empty");
	check(gflags(85) == GTF_permit_access && gflags(86) == GTF_permit_access,
	      "the failed ops' grants are not in use");
}

static void unmap_batch(uint64_t *wa, uint64_t *wb, const struct gnttab_map_grant_ref m[NOPS])
{
	struct gnttab_unmap_grant_ref u[7] = {
		{.host_addr = (unsigned long)wa, .handle = m[0].handle},
		{.host_addr = WINDOW2 + 4096, .handle = m[1].handle}, /* not its slot */
		{.host_addr = (unsigned long)wb, .handle = m[2].handle},
		{.host_addr = WINDOW2, .handle = m[1].handle},
		{.host_addr = WINDOW2, .handle = ~0u},
		{.host_addr = entry_maddr(&l1b[2]), .handle = m[4].handle},
		{.host_addr = WINDOW2 + 3 * 4096, .handle = m[7].handle}};
	static const int16_t want[7] = {GNTST_okay, GNTST_general_error, GNTST_okay,
					GNTST_okay, GNTST_bad_handle,	 GNTST_okay,
					GNTST_okay};

	check(gnttab_op(GNTTABOP_unmap_grant_ref, u, 7) == 0, "unmap batch hypercall");
	for (unsigned int i = 0; i < 7; i++)
		check(u[i].status == want[i], "unmap op %u: status %d, want %d", i, u[i].status,
		      want[i]);
	for (unsigned int i = 0; i < NOPS; i++)
		check(gflags(80 + i) == GTF_permit_access, "grant %u no longer in use: %#x", 80 + i,
		      gflags(80 + i));
	check(read_faults(wa) == 14 && read_faults(wb) == 14 &&
		      read_faults((void *)WINDOW2) == 14 &&
		      read_faults((void *)(WINDOW2 + 2 * 4096)) == 14,
	      "nothing mapped after the batch");
}

#define NTABLES 6
#define WINDOW3 (WINDOW2 + 0x200000UL) /* NTABLES more unused 2 MiB slots */
#define NROUND 12

static uint64_t *round_l1[NTABLES];

/* Table t's slot i, by VA, or by entry address (a_pte). */
static uint64_t round_addr(unsigned int t, unsigned int i, bool a_pte)
{
	return a_pte ? entry_maddr(&round_l1[t][i]) : WINDOW3 + t * 0x200000UL + i * 4096UL;
}

/* The tables and slots of the round's ops: t, slot, by entry address. */
static const uint8_t round_ops[NROUND][3] = {{0, 1, 0}, {1, 1, 0}, {2, 1, 0}, {3, 1, 0},
					     {1, 2, 0}, {4, 1, 0}, {0, 2, 0}, {5, 1, 1},
					     {1, 3, 0}, {5, 2, 0}, {2, 2, 1}, {0, 3, 0}};

static void round_hook(void)
{
	for (unsigned int t = 0; t < NTABLES; t++) {
		uint64_t va = WINDOW3 + t * 0x200000UL, *e = pt_entry_of(va, 2);

		round_l1[t] = alloc_page();
		check(round_l1[t] && e && !(*e & PTE_P), "the L2 entry of %#lx unused", va);
		check(remap_page(round_l1[t], PTE_P | PTE_A) == 0 &&
			      mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(round_l1[t])) == 0 &&
			      mmu_update1(entry_maddr(e), virt_to_mfn(round_l1[t]) << 12 | PTE_P |
								  PTE_RW | PTE_US | PTE_A) == 0,
		      "L1 %u pinned and hooked", t);
	}
}

static void round_maps(struct gnttab_map_grant_ref m[NROUND])
{
	for (unsigned int i = 0; i < NROUND; i++) {
		const uint8_t *o = round_ops[i];
		uint64_t *p = alloc_page();

		p[0] = 0xc000 + i;
		grant(100 + i, p, SELF_ID, 0);
		set_map(&m[i], 100 + i, round_addr(o[0], o[1], o[2]),
			o[2] ? GNTMAP_contains_pte : 0);
	}
	check(gnttab_op(GNTTABOP_map_grant_ref, m, NROUND) == 0, "round map batch hypercall");
	for (unsigned int i = 0; i < NROUND; i++) {
		uint64_t va = round_addr(round_ops[i][0], round_ops[i][1], false);

		check(m[i].status == GNTST_okay, "round map op %u: status %d", i, m[i].status);
		check(*(volatile uint64_t *)va == 0xc000 + i, "round op %u's slot maps its grant",
		      i);
	}
}

/* Unmapped in the reverse order (by the kind of address each was mapped by). */
static void round_unmaps(const struct gnttab_map_grant_ref m[NROUND])
{
	struct gnttab_unmap_grant_ref u[NROUND];

	for (unsigned int i = 0; i < NROUND; i++) {
		const uint8_t *o = round_ops[NROUND - 1 - i];

		u[i] = (struct gnttab_unmap_grant_ref){.host_addr = round_addr(o[0], o[1], o[2]),
						       .handle = m[NROUND - 1 - i].handle};
	}
	check(gnttab_op(GNTTABOP_unmap_grant_ref, u, NROUND) == 0, "round unmap batch hypercall");
	for (unsigned int i = 0; i < NROUND; i++) {
		check(u[i].status == GNTST_okay, "round unmap op %u: status %d", i, u[i].status);
		check(gflags(100 + i) == GTF_permit_access, "grant %u no longer in use", 100 + i);
	}
}

static void round_tables(void)
{
	struct gnttab_map_grant_ref m[NROUND];

	round_hook();
	round_maps(m);
	round_unmaps(m);
	for (unsigned int t = 0; t < NTABLES; t++) {
		uint64_t *e = pt_entry_of(WINDOW3 + t * 0x200000UL, 2);

		check(mmu_update1(entry_maddr(e), 0) == 0 &&
			      mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(round_l1[t])) == 0,
		      "L1 %u unhooked and unpinned", t);
		check(remap_page(round_l1[t], PTE_P | PTE_RW | PTE_A) == 0,
		      "no reference left on L1 %u: it can be mapped writable", t);
	}
}

void batch_tests(void)
{
	uint64_t *p[NOPS], *wa = window(), *wb = window();
	struct gnttab_map_grant_ref m[NOPS];

	if (!second_l1())
		return;
	map_batch(p, wa, wb, m);
	unmap_batch(wa, wb, m);
	check(mmu_update1(entry_maddr(l2e), 0) == 0 &&
		      mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1b)) == 0,
	      "second L1 unhooked and unpinned");
	check(remap_page(l1b, PTE_P | PTE_RW | PTE_A) == 0,
	      "no reference left on it: it can be mapped writable");
	round_tables();
}
