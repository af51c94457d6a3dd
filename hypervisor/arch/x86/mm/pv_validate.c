/*
 * Validation and devalidation of whole guest page tables for the frame type
 * machine (page_type.c): the references of every present guest entry taken
 * (and the forced bits set) when a frame becomes a table, dropped when it
 * stops being one. Invariants and locking: pv_pagetable.c's header; a frame
 * being validated has no writable mapping and no other updater, so this
 * needs no lock, and devalidation only waits for unreferenced L1 writers.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <public/xen.h>
#include "pv_entry.h"

/*
 * (De)validation tests 8 entries' present bits at once: most entries of a
 * new table are empty (a new process's L4, L3s and L2s hold a handful
 * each). The guest ranges: [0, 512), an L4's two around the hypervisor's.
 */
#define GROUP 8
_Static_assert(HYPERVISOR_SLOT_FIRST % GROUP == 0 && (HYPERVISOR_SLOT_LAST + 1) % GROUP == 0,
	       "the L4 guest ranges are whole groups");

static inline bool group_empty(const u64 *g)
{
	return !((g[0] | g[1] | g[2] | g[3] | g[4] | g[5] | g[6] | g[7]) & _PAGE_PRESENT);
}

/*
 * Drop the references of the present entries in [lo, hi) (hi: any index).
 * Inline twice, as validate_range_at: an L1's entries' references inline.
 */
static inline __attribute__((always_inline)) void release_range_at(struct domain *d, mfn_t table,
								   const u64 *t, unsigned int level,
								   unsigned int lo, unsigned int hi)
{
	for (unsigned int g = lo; g < hi; g += GROUP) {
		unsigned int end = g + GROUP < hi ? g + GROUP : hi;

		if (end == g + GROUP && group_empty(t + g))
			continue;
		for (unsigned int i = g; i < end; i++) {
			if (!(t[i] & _PAGE_PRESENT))
				continue;
			if (level == 1)
				put_from_l1e_inline(d, t[i]);
			else
				put_from_entry(d, table, t[i], level);
		}
	}
}

static void release_range(struct domain *d, mfn_t table, const u64 *t, unsigned int level,
			  unsigned int lo, unsigned int hi)
{
	release_range_at(d, table, t, level, lo, hi);
}

static void release_l1(struct domain *d, mfn_t table, const u64 *t, unsigned int upto)
{
	release_range_at(d, table, t, 1, 0, upto);
}

/* The guest entries before `upto`. */
static void release_entries(struct domain *d, mfn_t table, unsigned int level, unsigned int upto)
{
	const u64 *t = mfn_to_virt(table);

	if (level == 1) {
		release_l1(d, table, t, upto);
		return;
	}
	if (level != 4) {
		release_range(d, table, t, level, 0, upto);
		return;
	}
	release_range(d, table, t, 4, 0,
		      upto < HYPERVISOR_SLOT_FIRST ? upto : HYPERVISOR_SLOT_FIRST);
	if (upto > HYPERVISOR_SLOT_LAST + 1)
		release_range(d, table, t, 4, HYPERVISOR_SLOT_LAST + 1, upto);
}

/*
 * Take the references of the present entries in [lo, hi) (whole groups)
 * and set their forced bits; on an error, *failed is the entry's index.
 * Inline twice: for L1 tables (most of what validation does: the entry's
 * references inline, its legal flags computed once) and for the others.
 */
static inline __attribute__((always_inline)) int validate_range_at(struct domain *d, mfn_t table,
								   u64 *t, unsigned int level,
								   unsigned int lo, unsigned int hi,
								   unsigned int *failed)
{
	const u64 bad = ~(PADDR_MASK | allowed_flags(d, level));

	for (unsigned int g = lo; g < hi; g += GROUP) {
		if (group_empty(t + g))
			continue;
		for (unsigned int i = g; i < g + GROUP; i++) {
			u64 e = t[i];
			int rc;

			if (!(e & _PAGE_PRESENT))
				continue;
			rc = (e & bad) ? -EINVAL : get_checked_entry(d, d, table, e, level);
			if (rc == PV_L1E_FORCE_RO) {
				e &= ~_PAGE_RW;
				rc = 0;
			}
			if (rc) {
				*failed = i;
				return rc;
			}
			t[i] = adjust_entry(e, level);
		}
	}
	return 0;
}

static int validate_range(struct domain *d, mfn_t table, u64 *t, unsigned int level,
			  unsigned int lo, unsigned int hi, unsigned int *failed)
{
	return validate_range_at(d, table, t, level, lo, hi, failed);
}

static int validate_l1(struct domain *d, mfn_t table, u64 *t, unsigned int *failed)
{
	return validate_range_at(d, table, t, 1, 0, PT_ENTRIES, failed);
}

static int validate_entries(struct domain *d, mfn_t table, u64 *t, unsigned int level)
{
	unsigned int failed = 0;
	int rc;

	if (level == 1)
		rc = validate_l1(d, table, t, &failed);
	else if (level != 4)
		rc = validate_range(d, table, t, level, 0, PT_ENTRIES, &failed);
	else if (!(rc = validate_range(d, table, t, 4, 0, HYPERVISOR_SLOT_FIRST, &failed)))
		rc = validate_range(d, table, t, 4, HYPERVISOR_SLOT_LAST + 1, PT_ENTRIES, &failed);
	if (rc)
		release_entries(d, table, level, failed);
	return rc; /* the entry's own error, as Xen's alloc_lN_table */
}

int pv_validate_table(struct page_info *pg, unsigned long type, void *ctx)
{
	struct domain *d = ctx;
	unsigned int level = (unsigned int)(type >> 60);
	u64 *t = mfn_to_virt(page_to_mfn(pg));
	int rc;

	paging_mark_dirty(d, page_to_mfn(pg)); /* as Xen: becoming a table dirties it */
	if (type == PGT_seg_desc_page)
		return pv_validate_desc_page(pg);
	if (level < 1 || level > 4)
		return -EINVAL;
	rc = validate_entries(d, page_to_mfn(pg), t, level);
	if (rc)
		return rc;
	if (level == 4)
		for (unsigned int i = HYPERVISOR_SLOT_FIRST; i <= HYPERVISOR_SLOT_LAST; i++)
			t[i] = idle_pg_table[i];
	if (level == 4 && !(d->vm_assist & (1UL << VMASST_TYPE_m2p_strict)))
		t[RO_MPT_SLOT] = 0; /* see pv_set_ro_mpt() */
	return 0;
}

/*
 * Slot 256 of a guest L4, the read-only M2P, as in Xen: without m2p_strict
 * an L4 gets it when it becomes a kernel base table (and keeps it); with
 * m2p_strict every L4 gets it on validation and loses it when installed as
 * a user base table. Either way user-only page tables do not show it.
 */
void pv_set_ro_mpt(mfn_t l4, bool visible)
{
	u64 *t = mfn_to_virt(l4), want = visible ? idle_pg_table[RO_MPT_SLOT] : 0;

	/*
	 * Only validation and this function write the slot (it is not a guest
	 * entry). One that holds the value already is not written again:
	 * Linux's context switch installs the same L4s again and again. The
	 * caller's pv_shadow_resync() follows either way: it costs a load
	 * while log-dirty is off, and with it on, another CPU that wrote the
	 * slot a moment ago may not have resynced the shadow yet.
	 */
	if (__atomic_load_n(&t[RO_MPT_SLOT], __ATOMIC_RELAXED) != want)
		__atomic_exchange_n(&t[RO_MPT_SLOT], want, __ATOMIC_SEQ_CST);
}

void pv_devalidate_table(struct page_info *pg, unsigned long type, void *ctx)
{
	unsigned int level = (unsigned int)(type >> 60);

	if (level == 1) {
		/*
		 * A writer without a reference (pv_set_l1e_unref) that may have
		 * seen this L1 validated is done once its slot no longer names
		 * it; later ones see PGT_validated gone and go the general way.
		 * Not the lock itself: we may hold a pt_lock (mod_entry of an
		 * upper table, this L1's last reference dropped as a new table
		 * failed validation), maybe the very slot this L1 hashes to.
		 */
		pv_unref_wait(page_to_mfn(pg));
	}
	if (level >= 1 && level <= 4)
		release_entries(ctx, page_to_mfn(pg), level, PT_ENTRIES);
	pv_shadow_drop(ctx, page_to_mfn(pg));
	paging_mark_dirty(ctx, page_to_mfn(pg)); /* and so does ceasing to be one */
}
