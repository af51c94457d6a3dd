/*
 * Frame reference counts and types for PV memory management.
 *
 * Every frame a guest can name has two counts in its struct page_info:
 *  - a general reference count (count_info & PGC_count_mask): one for the
 *    owner's allocation plus one per mapping or hypervisor use; the frame
 *    is freed (ops->free) when it drops to zero;
 *  - a type (type_info & PGT_type_mask: none, L1..L4 page table, segment
 *    descriptor page, writable) with its own count (PGT_count_mask) of uses
 *    as that type, plus PGT_validated and PGT_pinned.
 *
 * Rules (Xen's, the ones PV isolation rests on):
 *  1. A frame has one type at a time; the type changes only while its type
 *     count is zero.
 *  2. A page-table or descriptor type is usable only once validated
 *     (ops->validate checked every entry and took references on what the
 *     entries point to); its last type reference devalidates it
 *     (ops->devalidate drops those references).
 *  3. Hence a frame mapped writable anywhere (type "writable", count > 0)
 *     cannot become a page table, and a validated page table cannot be
 *     mapped writable.
 *  4. Pinning holds one type reference, at most one pin per frame.
 *  5. Every type reference is backed by a general reference held by the
 *     caller: get_page() before get_page_type(), put_page_type() before
 *     put_page().
 *
 * Concurrency: all transitions are compare-and-swap loops on the 64-bit
 * words, so any CPU may take or drop references at any time without a lock.
 * The CPU that moves a frame to a new page-table type validates it; others
 * asking for the same type wait until PGT_validated appears, or fail if the
 * validation failed and the type count went back to zero.
 *
 * A frame that was writable may still be writable through TLB entries of
 * mappings already removed; ops->retype_from_writable runs before such a
 * frame is validated as a page table or descriptor page.
 */
#ifndef ASM_PAGE_TYPE_H
#define ASM_PAGE_TYPE_H

#include <xeno/lib.h>
#include <xeno/mm.h>

struct domain;

struct page_type_ops {
	/* Check a frame's contents for `type` and take the references its
	 * entries need; 0 or -errno (nothing left held on failure). */
	int (*validate)(struct page_info *pg, unsigned long type, void *ctx);
	/* Drop what validate took (the frame stops being of `type`). */
	void (*devalidate)(struct page_info *pg, unsigned long type, void *ctx);
	/* The last general reference is gone. */
	void (*free)(struct page_info *pg, void *ctx);
	/* The frame was writable and is about to become a page table or
	 * descriptor page: stale writable TLB entries must go first. */
	void (*retype_from_writable)(struct page_info *pg, void *ctx);
	void *ctx;
};

#define PGC_COUNT_MAX (PGC_count_mask - 1)
#define PGT_COUNT_MAX (PGT_count_mask - 1)

static inline bool page_count_cas(u64 *word, u64 *old, u64 new)
{
	return __atomic_compare_exchange_n(word, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/*
 * General references: owner must match (domid + 1, as page_info.owner).
 * get_page() is inline: every mmu_update, ptwr write and base-table switch
 * takes one (and a type reference: get_page_type_in_use below).
 */
static inline bool get_page(struct page_info *pg, u32 owner)
{
	u64 x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);

	do {
		if ((x & (PGC_free | PGC_reserved)) || (x & PGC_count_mask) == 0 ||
		    (x & PGC_count_mask) >= PGC_COUNT_MAX)
			return false;
	} while (!page_count_cas(&pg->count_info, &x, x + 1));
	if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != owner) {
		__atomic_fetch_sub(&pg->count_info, 1, __ATOMIC_ACQ_REL);
		return false; /* cannot reach zero: the owner's reference remains */
	}
	return true;
}
void put_page(struct page_info *pg, const struct page_type_ops *ops);

/*
 * put_page()'s step, inline, without the free: drop a general reference;
 * true if it was the last, and the caller then frees the frame as put_page()
 * does (ops->free), so a caller that knows its ops builds none.
 */
static inline bool put_page_drop(struct page_info *pg)
{
	u64 x = __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_ACQ_REL);

	BUG_ON((x & PGC_count_mask) == PGC_count_mask); /* underflow */
	return (x & PGC_count_mask) == 0;
}

/* Type references: -EINVAL on a type conflict, or what validate returned. */
int get_page_type(struct page_info *pg, unsigned long type, const struct page_type_ops *ops);
void put_page_type(struct page_info *pg, const struct page_type_ops *ops);
static inline bool is_pt_type(unsigned long type)
{
	return type >= PGT_l1_page_table && type <= PGT_seg_desc_page;
}

/*
 * The fast steps of get_page_type() and put_page_type(), inline for the hot
 * paths (a PTE's writable reference, a table's reference for mmu_update,
 * ptwr and the base tables); each is exactly the general function's step.
 * get_page_type_in_use: a type reference only if pg is already of `type`
 * with users, validated if a page-table type (never validates nor waits
 * for a validation); false otherwise.
 */
static inline bool get_page_type_in_use(struct page_info *pg, unsigned long type)
{
	u64 want = is_pt_type(type) ? type | PGT_validated : type;
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

	do {
		if ((x & (PGT_type_mask | PGT_validated | PGT_bad)) != want ||
		    (x & PGT_count_mask) == 0 || (x & PGT_count_mask) >= PGT_COUNT_MAX)
			return false;
	} while (!page_count_cas(&pg->type_info, &x, x + 1));
	return true;
}

/*
 * A writable type reference, inline: exactly get_page_type(pg,
 * PGT_writable_page) (a writable type never validates): one more user of a
 * writable frame, or an unused frame (count 0) retyped writable; false
 * where that returns -EINVAL (another type in use, a devalidation under
 * way, the count at its maximum).
 */
static inline bool get_page_writable(struct page_info *pg)
{
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;

	do {
		u64 count = x & PGT_count_mask;

		if (count >= PGT_COUNT_MAX || (x & PGT_bad))
			return false;
		if (count && (x & PGT_type_mask) != PGT_writable_page)
			return false;
		if (count)
			nx = x + 1;
		else if ((x & PGT_type_mask) == PGT_writable_page)
			nx = (x & ~PGT_pinned) | 1;
		else
			nx = PGT_writable_page | 1; /* rule 1: retype only when unused */
	} while (!page_count_cas(&pg->type_info, &x, nx));
	return true;
}

/* Drop a type reference that is not the last (one CAS); false if it is. */
static inline bool put_page_type_not_last(struct page_info *pg)
{
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

	while ((x & PGT_count_mask) > 1)
		if (page_count_cas(&pg->type_info, &x, x - 1))
			return true;
	return false;
}

/*
 * Drop a writable type reference, inline: exactly put_page_type()'s step
 * for a frame that is not validated (a writable type never is), the last
 * reference included; false (nothing done) where that would devalidate.
 * Every zap of a writable PTE drops the last one of its frame.
 */
static inline bool put_page_writable(struct page_info *pg)
{
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;

	do {
		BUG_ON(!(x & PGT_count_mask));
		if ((x & PGT_count_mask) == 1 && (x & PGT_validated))
			return false;
		nx = x - 1;
		if (!(nx & PGT_count_mask))
			nx &= ~(PGT_validated | PGT_bad);
	} while (!page_count_cas(&pg->type_info, &x, nx));
	return true;
}

/* Pin as a page table of `type` (one type reference); -EBUSY if pinned. */
int pin_page_type(struct page_info *pg, unsigned long type, const struct page_type_ops *ops);
int unpin_page_type(struct page_info *pg, const struct page_type_ops *ops);

#endif
