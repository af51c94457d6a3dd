/*
 * mm-linear: read-only linear (recursive) page tables, as Xen 4.17 allows
 * them to 64-bit PV guests by default:
 *  - an L4, L3 or L2 entry may map a table of its own level, read-only only
 *    (the writable form is refused: it would let the guest write its own
 *    page-table entries);
 *  - through an L4 self-map the guest reads its L4 and its L1 entries, and
 *    a write through it faults;
 *  - linear use is one step deep: a table mapped linearly may not hold
 *    linear entries, a table holding them may not be mapped linearly;
 *  - the mapped table keeps its type while a linear entry references it
 *    (it cannot be mapped writable), and loses it when the last one goes;
 *  - an entry mapping a table of another level (not one down) is refused;
 *  - a linear entry may not name a frame that is not a validated table.
 * Runs with mm_audit on xeno (linear references and counts recounted after
 * every hypercall) and on Xen 4.17 (tests/reference).
 */
#include <guest_mm.h>

const char test_title[] = "mm-linear: read-only linear page tables and their limits";

#define SELF 400  /* free L4 slots of the guest half */
#define OTHER 401 /* L4 slot mapping a second L4 */
#define ENTRY_FLAGS (PTE_P | PTE_A)

static uint64_t *l4, l4_mfn;

static unsigned long va_of(unsigned long i4, unsigned long i3, unsigned long i2, unsigned long i1)
{
	unsigned long va = i4 << 39 | i3 << 30 | i2 << 21 | i1 << 12;

	return i4 >= 256 ? va | 0xffff000000000000UL : va;
}

static unsigned int idx(unsigned long va, unsigned int level)
{
	return (unsigned int)(va >> (12 + 9 * (level - 1))) & 511;
}

/* A new, empty table of `pin` kind (read-only mapped and pinned), or NULL. */
static uint64_t *new_table(unsigned int pin)
{
	uint64_t *t = alloc_page();

	if (!t || remap_page(t, ENTRY_FLAGS) || mmuext1(pin, virt_to_mfn(t))) {
		error("cannot make a table (pin %u)", pin);
		return NULL;
	}
	return t;
}

static long set_entry(uint64_t *table, unsigned int i, uint64_t val)
{
	return mmu_update1(entry_maddr(&table[i]), val);
}

static void l4_self_map(const uint64_t *data)
{
	unsigned long data_va = (unsigned long)data;
	volatile uint64_t *self = (uint64_t *)va_of(SELF, SELF, SELF, SELF);
	volatile uint64_t *l1_of_data =
		(uint64_t *)va_of(SELF, idx(data_va, 4), idx(data_va, 3), idx(data_va, 2));

	check(set_entry(l4, SELF, l4_mfn << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "a writable L4 self-map is refused (-EINVAL)");
	check(!(l4[SELF] & PTE_P), "and left no entry");
	if (set_entry(l4, SELF, l4_mfn << 12 | ENTRY_FLAGS)) {
		fail("a read-only L4 self-map refused");
		return; /* nothing to read through */
	}
	check(self[511] == l4[511], "the L4 read through the self-map: slot 511 %#lx",
	      (unsigned long)self[511]);
	check(l1_of_data[idx(data_va, 1)] == *pt_entry_of(data_va, 1),
	      "an L1 entry read through the self-map");
	trap_record_clear();
	__asm__ __volatile__("1: movq $0, (%0)\n2:\n" EXTABLE(1b, 2b)::"r"(&self[SELF + 2])
			     : "memory");
	check(last_trap.vector == 14 && (last_trap.error_code & 3) == 3,
	      "a write through the self-map: #PF (write, present), got vector %u ec %#x",
	      last_trap.vector, last_trap.error_code);
	check(set_entry(l4, SELF, l4_mfn << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "the self-map cannot be made writable");
	check(set_entry(l4, SELF, 0) == 0, "the self-map removed");
}

/* A (our L4) -> B linearly; then neither B -> C nor C -> A may be made. */
static void l4_one_step(void)
{
	uint64_t *b = new_table(MMUEXT_PIN_L4_TABLE), *c = new_table(MMUEXT_PIN_L4_TABLE);
	uint64_t b_mfn, c_mfn;

	if (!b || !c)
		return;
	b_mfn = virt_to_mfn(b);
	c_mfn = virt_to_mfn(c);
	check(set_entry(l4, OTHER, b_mfn << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "a writable L4 entry to another L4 is refused");
	check(set_entry(l4, OTHER, b_mfn << 12 | ENTRY_FLAGS) == 0,
	      "a read-only L4 entry to another L4");
	check(set_entry(b, 5, c_mfn << 12 | ENTRY_FLAGS) == -22,
	      "a table mapped linearly may not hold linear entries");
	check(set_entry(c, 6, l4_mfn << 12 | ENTRY_FLAGS) == -22,
	      "a table holding linear entries may not be mapped linearly");
	check(set_entry(c, 7, b_mfn << 12 | ENTRY_FLAGS) == 0,
	      "a second linear mapping of the same table");
	check(set_entry(b, 8, b_mfn << 12 | ENTRY_FLAGS) == 0,
	      "a self-map in a table mapped linearly (no references)");
	check(mmuext1(MMUEXT_UNPIN_TABLE, b_mfn) == 0, "unpin the linearly mapped table");
	check(remap_page(b, ENTRY_FLAGS | PTE_RW) < 0,
	      "a table still mapped linearly cannot be mapped writable");
	check(set_entry(l4, OTHER, 0) == 0 && set_entry(c, 7, 0) == 0,
	      "remove both linear entries");
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
	check(remap_page(b, ENTRY_FLAGS | PTE_RW | PTE_D) == 0,
	      "then the former table can be mapped writable");
	check(set_entry(l4, OTHER, b_mfn << 12 | ENTRY_FLAGS) == -22,
	      "and a linear entry to it (no longer a table) is refused");
	check(mmuext1(MMUEXT_UNPIN_TABLE, c_mfn) == 0, "unpin the other L4");
}

/* An L3 and an L2 of the kernel mapping: self-maps, read-only only. */
static void lower_levels(const uint64_t *data)
{
	unsigned long data_va = (unsigned long)data;
	uint64_t *l3 = (uint64_t *)((unsigned long)pt_entry_of(data_va, 3) & ~0xfffUL);
	uint64_t *l2 = (uint64_t *)((unsigned long)pt_entry_of(data_va, 2) & ~0xfffUL);
	uint64_t l3_mfn = virt_to_mfn(l3), l2_mfn = virt_to_mfn(l2);
	unsigned int f3 = idx(data_va, 3) ^ 1, f2 = 500; /* unused entries */
	volatile uint64_t *l1_of_data =
		(uint64_t *)va_of(idx(data_va, 4), idx(data_va, 3), f2, idx(data_va, 2));
	uint64_t *x;

	if ((l3[f3] & PTE_P) || (l2[f2] & PTE_P)) {
		error("entries L3[%u] %#lx / L2[%u] %#lx in use", f3, (unsigned long)l3[f3], f2,
		      (unsigned long)l2[f2]);
		return;
	}
	check(set_entry(l3, f3, l3_mfn << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "a writable L3 self-map is refused");
	check(set_entry(l3, f3, l3_mfn << 12 | ENTRY_FLAGS) == 0, "a read-only L3 self-map");
	check(set_entry(l3, f3, 0) == 0, "removed");
	check(set_entry(l2, f2, l2_mfn << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "a writable L2 self-map is refused");
	if (set_entry(l2, f2, l2_mfn << 12 | ENTRY_FLAGS) == 0)
		check(l1_of_data[idx(data_va, 1)] == *pt_entry_of(data_va, 1),
		      "an L1 entry read through the L2 self-map");
	else
		fail("a read-only L2 self-map refused");
	check(set_entry(l2, f2, 0) == 0, "removed");
	if (!(x = new_table(MMUEXT_PIN_L2_TABLE)))
		return;
	check(set_entry(l2, f2, virt_to_mfn(x) << 12 | ENTRY_FLAGS | PTE_RW) == -22,
	      "a writable L2 entry to another L2 is refused");
	check(set_entry(l2, f2, virt_to_mfn(x) << 12 | ENTRY_FLAGS) == 0,
	      "a read-only L2 entry to another L2");
	check(set_entry(l2, f2, 0) == 0, "removed");
	check(set_entry(l2, f2, l4_mfn << 12 | ENTRY_FLAGS) == -22,
	      "an L2 entry to an L4 (neither its level nor one down) is refused");
	check(set_entry(l3, f3, virt_to_mfn(x) << 12 | ENTRY_FLAGS) == 0,
	      "an L3 entry to the L2 (one down) as ever");
	check(set_entry(l3, f3, 0) == 0 && mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(x)) == 0,
	      "removed and unpinned");
}

void test_main(void)
{
	uint64_t *data = alloc_page();

	l4 = (uint64_t *)start_info->pt_base;
	l4_mfn = virt_to_mfn(l4);
	if (!data || (l4[SELF] & PTE_P) || (l4[OTHER] & PTE_P)) {
		error("cannot set up: L4 slots %u/%u in use", SELF, OTHER);
		return;
	}
	data[0] = 0x11ea5;
	l4_self_map(data);
	l4_one_step();
	lower_levels(data);
}
