/*
 * References to whole page tables of 64-bit PV domains, the fast paths of
 * Linux's context switch and of the linear-page-table and unref writers:
 * a table in use (validated, with a type reference) takes one more with
 * one CAS and no validation, and gives one back the same way unless it is
 * the last (pv_pagetable.c devalidates then).
 *
 * Invariants: a reference taken here is a general and a type reference,
 * as pv_get_page_and_type() takes them; no lock is taken, the type word's
 * CAS orders everything (page_type.c).
 */
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <asm/pv_mm.h>

/* The frame's type if it is in use as a page table or descriptor page. */
unsigned long pv_type_in_use(mfn_t mfn)
{
	u64 x = __atomic_load_n(&mfn_to_page(mfn)->type_info, __ATOMIC_ACQUIRE);
	unsigned long t = x & PGT_type_mask;

	if (!is_pt_type(t) || !(x & PGT_count_mask) || !(x & PGT_validated))
		return 0;
	return t;
}

/*
 * A table in use is validated: one more type reference is one CAS
 * (get_page_type_in_use), no wait and no validation. If the table
 * stopped being one meanwhile, it is not a table, as if seen a moment later.
 */
unsigned int pv_get_table(struct domain *d, mfn_t mfn)
{
	struct page_info *pg;
	unsigned long t;

	if (mfn_x(mfn) >= max_page || !page_owned_by(mfn_to_page(mfn), d))
		return 0;
	t = pv_type_in_use(mfn);
	if (t < PGT_l1_page_table || t > PGT_l4_page_table)
		return 0;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, page_owner_tag(d)))
		return 0;
	if (!get_page_type_in_use(pg, t)) {
		struct page_type_ops ops = pv_type_ops(d);

		put_page(pg, &ops);
		return 0;
	}
	return (unsigned int)(t >> 60);
}

/*
 * A new kernel or user base table (NEW_BASEPTR, twice per Linux context
 * switch): a validated L4 of d's, as every pinned one is, takes its
 * references with two CASes (get_page() checks the owner after its own);
 * any other frame goes the general way (which validates it, or refuses it).
 */
int pv_get_base_table(struct domain *d, mfn_t mfn)
{
	struct page_info *pg;

	if (mfn_x(mfn) < max_page && get_page(pg = mfn_to_page(mfn), page_owner_tag(d))) {
		struct page_type_ops ops;

		if (get_page_type_in_use(pg, PGT_l4_page_table))
			return 0;
		ops = pv_type_ops(d);
		put_page(pg, &ops);
	}
	return pv_get_page_and_type(d, mfn, PGT_l4_page_table);
}

/*
 * The references pv_get_table() or pv_get_base_table() took. While the
 * table has another type reference (a pin, another vCPU's base pointer, an
 * entry above), this one is not the last: one CAS, as put_page_type() would
 * do it, and the general reference, which frees the frame only if it was
 * the last. The last type reference goes the general way (devalidation).
 */
void pv_put_table(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = mfn_to_page(mfn);
	u64 c;

	if (!put_page_type_not_last(pg)) {
		pv_put_page_and_type(d, mfn);
		return;
	}
	c = __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_ACQ_REL);
	BUG_ON((c & PGC_count_mask) == PGC_count_mask); /* underflow */
	if ((c & PGC_count_mask) == 0)
		pv_free_frame(pg, d); /* as put_page() with pv_type_ops(d) */
}
