/*
 * A domain's frames for common code (xeno/mm.h): general and type
 * references through the PV type operations, so that dropping the last
 * reference of a page-table frame devalidates it exactly as a guest's own
 * unpin would. The M2P is written here too (set_domain_frame_gpfn).
 *
 * Invariants: every reference taken here is counted in page_info like any
 * other (mm_audit recounts them); a frame shared with a domain from the
 * hypervisor heap holds one general and one writable type reference for
 * the domain's life. No locks: the counts are atomic (asm/page_type.h).
 * A frame's last reference sends it to the heap's dirty list, zeroed later
 * through the direct map (arch_scrub_frame).
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/string.h>
#include <xeno/sched.h>
#include <asm/m2p.h>
#include <asm/pv_mm.h>

_Static_assert(INVALID_GPFN == INVALID_M2P_ENTRY, "one invalid M2P value");

void arch_scrub_frame(mfn_t mfn)
{
	memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
}

bool get_domain_frame(struct domain *d, mfn_t mfn)
{
	return mfn_x(mfn) < max_page && get_page(mfn_to_page(mfn), page_owner_tag(d));
}

/* The fast steps inline: the page-type ops only for a new type or a validated table's last. */
void put_domain_frame(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = mfn_to_page(mfn);

	if (put_page_drop(pg))
		pv_free_frame(pg, d); /* pv_type_ops(d).free */
}

bool get_domain_frame_type(struct domain *d, mfn_t mfn, unsigned long type)
{
	struct page_type_ops ops;

	if (type == PGT_writable_page)
		return get_page_writable(mfn_to_page(mfn));
	ops = pv_type_ops(d);
	return !get_page_type(mfn_to_page(mfn), type, &ops);
}

void put_domain_frame_type(struct domain *d, mfn_t mfn)
{
	struct page_type_ops ops;

	if (put_page_writable(mfn_to_page(mfn))) /* any type but a validated one's last */
		return;
	ops = pv_type_ops(d);
	put_page_type(mfn_to_page(mfn), &ops);
}

int get_domain_frame_typed(struct domain *d, mfn_t mfn, unsigned long type)
{
	return pv_get_page_and_type(d, mfn, type);
}

void put_domain_frame_typed(struct domain *d, mfn_t mfn)
{
	pv_put_page_and_type(d, mfn);
}

void share_xen_page_with_domain(struct domain *d, void *va)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	pg->type_info = PGT_writable_page | 1;
	pg->owner = page_owner_tag(d);
	__atomic_fetch_add(&pg->count_info, 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&d->xen_pages, 1,
			   __ATOMIC_RELAXED); /* d's page_lock not needed: d is not dead */
}

void free_shared_xen_page(void *va)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	BUG_ON(pg->count_info & PGC_count_mask);
	pg->owner = 0;
	pg->type_info = 0;
	set_gpfn_from_mfn(virt_to_mfn(va), INVALID_M2P_ENTRY);
	memset(va, 0, PAGE_SIZE);
	free_xenheap_page(va);
}

void set_domain_frame_gpfn(mfn_t mfn, unsigned long gpfn)
{
	set_gpfn_from_mfn(mfn, gpfn);
}

void set_domain_extents_gpfn(const u64 *mfn, const u64 *gpfn, unsigned int n, unsigned int order)
{
	for (unsigned int k = 0; k < n; k++)
		for (unsigned long j = 0; j < (1UL << order); j++)
			set_gpfn_from_mfn(_mfn(mfn[k] + j), gpfn ? gpfn[k] + j : INVALID_GPFN);
}

unsigned long domain_frame_gpfn(struct domain *d, mfn_t mfn)
{
	unsigned long gpfn;

	if (mfn_x(mfn) >= max_page || !page_owned_by(mfn_to_page(mfn), d))
		return INVALID_GPFN;
	gpfn = get_gpfn_from_mfn(mfn);
	return (long)gpfn < 0 ? INVALID_GPFN : gpfn; /* as Xen's VALID_M2P() */
}

unsigned long domain_max_gpfn(struct domain *d)
{
	unsigned long top = INVALID_GPFN, irq = spin_lock_irqsave(&d->page_lock);

	for (u32 m = d->page_list_head; m != PAGE_LIST_NULL; m = frame_table[m].next) {
		unsigned long gpfn = domain_frame_gpfn(d, _mfn(m));

		if (gpfn != INVALID_GPFN && (top == INVALID_GPFN || gpfn > top))
			top = gpfn;
	}
	spin_unlock_irqrestore(&d->page_lock, irq);
	return top;
}
