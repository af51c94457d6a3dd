/*
 * Host mappings of grants for PV guests: the L1 entries GNTMAP_host_map
 * creates and unmap removes (or unmap_and_replace replaces).
 *
 * The address is a virtual address in the caller's current page tables, or
 * with GNTMAP_contains_pte the machine address of the entry itself, in an
 * L1 table of the caller. The entry is built here (present, accessed,
 * dirty, NX, PAGE_GNTTAB; writable unless GNTMAP_readonly; user-accessible
 * only with GNTMAP_application_map; GNTMAP_guest_avail bits in the
 * software-available bits) and swapped in through pv_xchg_l1e(), the
 * table's lock serialising it with every other update of that table.
 * The L1 a slot lies in is found with a type reference on it, which a
 * batch keeps (struct arch_grant_batch) for its later ops naming slots of
 * the same table, up to ARCH_GRANT_TABLES tables at a time (the oldest
 * dropped for a new one), and drops at the batch's end: a table is never
 * written without a reference held.
 *
 * Invariants: an entry with PAGE_GNTTAB maps the frame of a live maptrack
 * entry of the table's domain, which holds its references; the old entry
 * a new mapping displaces keeps its own rules (its references are dropped
 * after a TLB flush). An unmap only removes an entry that still is a grant
 * mapping of the same frame with the same rights.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

#define PAGE_AVAIL_SHIFT 9
#define PAGE_AVAIL_LOW (7UL << PAGE_AVAIL_SHIFT)

static u64 grant_l1e(unsigned long mfn, u32 flags)
{
	u64 e = ((u64)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX |
		PAGE_GNTTAB | _PAGE_USER;

	if (!(flags & GNTMAP_readonly))
		e |= _PAGE_RW;
	if (!(flags & GNTMAP_application_map))
		e |= PAGE_GUEST_KERNEL;
	return e | (((u64)flags >> _GNTMAP_guest_avail0 << PAGE_AVAIL_SHIFT) & PAGE_AVAIL_LOW);
}

/* The L1 table addr names (a VA, or an entry's machine address), with its reference. */
static int get_slot_table(struct domain *d, u64 addr, bool by_pte, mfn_t root, mfn_t *l1)
{
	unsigned int level, idx;

	if (!by_pte)
		return pv_find_l1_in(d, root, addr, l1, &idx);
	*l1 = maddr_to_mfn(addr);
	level = pv_get_table(d, *l1);
	if (level == 1)
		return 0;
	if (level)
		pv_put_table(d, *l1); /* a table, but not an L1 */
	return -EINVAL;
}

/* Does h hold the table of (key, tag)? */
static inline bool held_is(const struct arch_grant_held *h, unsigned long key, u64 tag)
{
	return h->root == key && h->tag == tag;
}

/*
 * Not the last op's table: another one b holds, or a miss, which takes the
 * table addr names, in place of the oldest (its reference dropped) once
 * ARCH_GRANT_TABLES are held. key and tag as in find_slot().
 */
static int __attribute__((noinline))
hold_table(struct domain *d, struct arch_grant_batch *b, u64 addr, bool by_pte, mfn_t root, u64 tag)
{
	unsigned long key = by_pte ? ~0UL : mfn_x(root);
	unsigned int i;
	mfn_t l1;

	for (i = 0; i < b->nr; i++)
		if (held_is(&b->held[i], key, tag)) {
			b->last = i;
			return 0;
		}
	if (get_slot_table(d, addr, by_pte, root, &l1))
		return -EINVAL;
	if (b->nr < ARCH_GRANT_TABLES) {
		i = b->nr++;
	} else {
		i = b->next;
		b->next = (i + 1) % ARCH_GRANT_TABLES;
		pv_put_table(d, _mfn(b->held[i].table));
	}
	b->held[i] = (struct arch_grant_held){.root = key, .tag = tag, .table = mfn_x(l1)};
	b->last = i;
	return 0;
}

/*
 * The L1 table and slot addr names, its reference held by b. A VA in the
 * same 2 MiB as a held table's (the same tables walked, which a grant op
 * does not change above L1) reuses it: that VA passed the same range check,
 * whose bounds are 2 MiB-aligned (but for the last byte of the address
 * space, whose one-byte range wraps: refused here as the walk would).
 * Inline: a hit on the last op's table is a few compares.
 */
static inline int find_slot(struct domain *d, struct arch_grant_batch *b, u64 addr, u32 flags,
			    mfn_t *l1, unsigned int *idx)
{
	bool by_pte = flags & GNTMAP_contains_pte;
	struct vcpu *v = current;
	mfn_t root = v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user;
	u64 tag = by_pte ? addr >> PAGE_SHIFT : addr >> L2_SHIFT;

	if (by_pte ? (addr & 7) : addr == ~0ULL)
		return -EINVAL; /* a PTE straddling two entries; the wrapping VA */
	if ((!b->nr || !held_is(&b->held[b->last], by_pte ? ~0UL : mfn_x(root), tag)) &&
	    hold_table(d, b, addr, by_pte, root, tag))
		return -EINVAL;
	*l1 = _mfn(b->held[b->last].table);
	*idx = by_pte ? (unsigned int)(addr & (PAGE_SIZE - 1)) / 8 : pt_index(addr, 1);
	return 0;
}

void arch_grant_batch_end(struct arch_grant_batch *b)
{
	for (unsigned int i = 0; i < b->nr; i++)
		pv_put_table(current->domain, _mfn(b->held[i].table));
	b->nr = 0;
}

int arch_grant_map(struct arch_grant_batch *b, u64 addr, unsigned long mfn, u32 flags)
{
	struct domain *d = current->domain;
	unsigned int idx;
	u64 old;
	mfn_t l1;

	if (find_slot(d, b, addr, flags, &l1, &idx))
		return GNTST_general_error;
	pv_xchg_l1e(l1, idx, 0, 0, grant_l1e(mfn, flags), &old);
	pv_shadow_resync(d, l1, idx, 1);
	paging_mark_dirty(d, l1);
	if (old & _PAGE_PRESENT) {
		pv_flush_domain_tlbs(d);
		pv_put_l1e(d, old);
	}
	return GNTST_okay;
}

/* unmap_and_replace: take the entry mapping va away, with its references. */
static bool steal_entry(struct domain *d, u64 va, u64 *e)
{
	unsigned int idx;
	mfn_t l1;

	if (pv_find_l1(current, va, &l1, &idx))
		return false;
	pv_xchg_l1e(l1, idx, 0, 0, 0, e);
	pv_shadow_resync(d, l1, idx, 1);
	paging_mark_dirty(d, l1);
	pv_put_table(d, l1);
	return true;
}

int arch_grant_replace(struct arch_grant_batch *b, u64 addr, unsigned long mfn, u64 new_addr,
		       u32 flags)
{
	const u64 sig = PADDR_MASK | _PAGE_PRESENT | _PAGE_RW | PAGE_GNTTAB;
	struct domain *d = current->domain;
	u64 new = 0, old;
	unsigned int idx;
	int rc = GNTST_general_error;
	mfn_t l1;

	if (new_addr && ((flags & GNTMAP_contains_pte) || !steal_entry(d, new_addr, &new)))
		return GNTST_general_error;
	if (!find_slot(d, b, addr, flags, &l1, &idx)) {
		if (!pv_xchg_l1e(l1, idx, sig, grant_l1e(mfn, flags), new, &old))
			rc = GNTST_okay;
		pv_shadow_resync(d, l1, idx, 1);
		paging_mark_dirty(d, l1);
	}
	if (rc)
		pv_put_l1e(d, new); /* the stolen entry is still ours to drop */
	return rc;
}

/* Every CPU running one of d's vCPUs, and this one. */
void arch_grant_flush_tlb(struct domain *d)
{
	pv_flush_domain_tlbs(d);
}
