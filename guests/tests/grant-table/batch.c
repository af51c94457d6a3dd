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
}
