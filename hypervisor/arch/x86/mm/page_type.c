/*
 * The frame reference-count and type state machine (see asm/page_type.h for
 * the rules it enforces). Lock-free: each transition is one successful
 * compare-and-swap of count_info or type_info; validation runs outside it.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <asm/page_type.h>

static bool cas(u64 *word, u64 *old, u64 new)
{
	return __atomic_compare_exchange_n(word, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

void put_page(struct page_info *pg, const struct page_type_ops *ops)
{
	if (put_page_drop(pg) && ops && ops->free)
		ops->free(pg, ops->ctx);
}

/* Wait for another CPU's validation of this type to finish. */
static int wait_validated(struct page_info *pg, unsigned long type)
{
	for (;;) {
		u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

		if ((x & PGT_type_mask) != type || !(x & PGT_count_mask) || (x & PGT_bad))
			return -EINVAL; /* validation failed, or the type went away */
		if (x & PGT_validated)
			return 0;
		__asm__ __volatile__("pause");
	}
}

static int finish_type_change(struct page_info *pg, unsigned long type,
			      const struct page_type_ops *ops)
{
	int rc = ops->validate(pg, type, ops->ctx);

	if (rc) {
		/* Others may be waiting with references: mark, then drop ours. */
		__atomic_fetch_or(&pg->type_info, PGT_bad, __ATOMIC_RELEASE);
		put_page_type(pg, ops);
		return rc;
	}
	__atomic_fetch_or(&pg->type_info, PGT_validated, __ATOMIC_RELEASE);
	return 0;
}

int get_page_type(struct page_info *pg, unsigned long type, const struct page_type_ops *ops)
{
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;

	for (;;) {
		u64 count = x & PGT_count_mask;

		if (count >= PGT_COUNT_MAX)
			return -EINVAL;
		if (x & PGT_bad)
			return -EINVAL; /* a failed validation is still unwinding */
		if (count == 0 && (x & PGT_type_mask) != type)
			nx = type | 1; /* rule 1: retype only when unused */
		else if (count == 0)
			nx = (x & ~PGT_pinned) | 1;
		else if ((x & PGT_type_mask) != type)
			return -EINVAL;
		else
			nx = x + 1;
		if (cas(&pg->type_info, &x, nx))
			break;
	}
	if (!is_pt_type(type))
		return 0;
	if (!(nx & PGT_validated) && (x & PGT_count_mask) == 0) {
		if ((x & PGT_type_mask) == PGT_writable_page && ops->retype_from_writable)
			ops->retype_from_writable(pg, ops->ctx);
		return finish_type_change(pg, type, ops);
	}
	if (!wait_validated(pg, type))
		return 0;
	put_page_type(pg, ops); /* give back the reference we could not use */
	return -EINVAL;
}

/*
 * Rule 2: the last reference to a validated page table devalidates it. That
 * reference is kept, with PGT_bad set, while devalidate() releases what the
 * entries held: meanwhile get_page_type() refuses the frame, so no CPU can
 * make it writable (and change the entries being released) or validate it
 * again under our feet. Then the count drops to 0 and PGT_bad goes.
 */
void put_page_type(struct page_info *pg, const struct page_type_ops *ops)
{
	u64 x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE), nx;
	bool teardown;

	do {
		BUG_ON(!(x & PGT_count_mask));
		teardown =
			(x & PGT_count_mask) == 1 && (x & PGT_validated) && ops && ops->devalidate;
		if (teardown)
			nx = (x & ~PGT_validated) | PGT_bad;
		else if (((nx = x - 1) & PGT_count_mask) == 0)
			nx &= ~(PGT_validated | PGT_bad);
	} while (!cas(&pg->type_info, &x, nx));
	if (!teardown)
		return;
	ops->devalidate(pg, x & PGT_type_mask, ops->ctx);
	__atomic_sub_fetch(&pg->type_info, PGT_bad + 1, __ATOMIC_RELEASE);
}

int pin_page_type(struct page_info *pg, unsigned long type, const struct page_type_ops *ops)
{
	int rc;

	if (!is_pt_type(type))
		return -EINVAL;
	rc = get_page_type(pg, type, ops);
	if (rc)
		return rc;
	if (__atomic_fetch_or(&pg->type_info, PGT_pinned, __ATOMIC_ACQ_REL) & PGT_pinned) {
		put_page_type(pg, ops);
		return -EBUSY;
	}
	return 0;
}

int unpin_page_type(struct page_info *pg, const struct page_type_ops *ops)
{
	if (!(__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) & PGT_pinned))
		return -EINVAL;
	put_page_type(pg, ops);
	return 0;
}
