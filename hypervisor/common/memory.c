/*
 * memory_op: a domain's reservation (increase, decrease, populate,
 * exchange) and its size queries; the x86 sub-ops are in mm/memory_arch.c.
 * Every sub-op is a row of the memory_op table (xeno/hypercalls.def): the
 * handlers here get their argument copied in.
 *
 * Frames a domain gives back lose their allocation reference (PGC_allocated)
 * and are freed, scrubbed, when their last reference goes (so mappings keep
 * a frame alive, never reachable by another domain before it is zeroed).
 * Extent lists are processed in order; the result is the number of extents
 * done, so a partial success is visible to the caller.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/memory.h>
#include <asm/m2p.h>
#include <asm/pv_mm.h>

#define MAX_EXTENT_ORDER 9 /* 2 MiB */

/* The domain a request names: the caller itself (DOMID_SELF or its id). */
static struct domain *target_domain(domid_t domid)
{
	struct domain *d = current->domain;

	return (domid == DOMID_SELF || domid == d->domain_id) ? d : NULL;
}

static bool below_address_bits(struct page_info *pg, unsigned int order, unsigned int bits)
{
	return !bits || bits >= 64 ||
	       ((mfn_x(page_to_mfn(pg)) + (1UL << order)) << PAGE_SHIFT) <= (1UL << bits);
}

/* Give back an allocation: drop PGC_allocated's reference on each frame. */
static void release_frames(struct domain *d, struct page_info *pg, unsigned long nr)
{
	struct page_type_ops ops = pv_type_ops(d);

	for (unsigned long i = 0; i < nr; i++)
		if (__atomic_fetch_and(&pg[i].count_info, ~PGC_allocated, __ATOMIC_ACQ_REL) &
		    PGC_allocated)
			put_page(&pg[i], &ops);
}

static struct page_info *alloc_extent(struct domain *d, unsigned int order, unsigned int bits,
				      unsigned long slack)
{
	struct page_info *pg = alloc_domheap_pages_slack(d, order, slack);

	if (pg && !below_address_bits(pg, order, bits)) {
		release_frames(d, pg, 1UL << order);
		return NULL;
	}
	return pg;
}

static long populate(struct domain *d, struct xen_memory_reservation *r, bool is_populate)
{
	unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);
	XEN_GUEST_HANDLE(xen_pfn_t) list = r->extent_start;
	unsigned long i;

	for (i = 0; i < r->nr_extents; i++) {
		xen_pfn_t gpfn = 0, mfn;
		struct page_info *pg;

		if (is_populate && copy_from_guest_offset(&gpfn, list, i, 1))
			break;
		if (!(pg = alloc_extent(d, r->extent_order, bits, 0)))
			break;
		mfn = mfn_x(page_to_mfn(pg));
		for (unsigned long j = 0; j < (1UL << r->extent_order); j++)
			set_gpfn_from_mfn(_mfn(mfn + j),
					  is_populate ? gpfn + j : INVALID_M2P_ENTRY);
		if (!guest_handle_is_null(list) && copy_to_guest_offset(list, i, &mfn, 1)) {
			release_frames(d, pg, 1UL << r->extent_order);
			break;
		}
	}
	return (long)i;
}

/* Are all 2^order frames from mfn d's (and their allocation reference held)? */
static bool owns_extent(struct domain *d, xen_pfn_t mfn, unsigned int order)
{
	for (unsigned long j = 0; j < (1UL << order); j++) {
		if (mfn + j >= max_page || !page_owned_by(mfn_to_page(_mfn(mfn + j)), d) ||
		    !(mfn_to_page(_mfn(mfn + j))->count_info & PGC_allocated))
			return false;
	}
	return true;
}

static long decrease(struct domain *d, struct xen_memory_reservation *r)
{
	unsigned long i;
	xen_pfn_t mfn;

	for (i = 0; i < r->nr_extents; i++) {
		if (copy_from_guest_offset(&mfn, r->extent_start, i, 1) ||
		    !owns_extent(d, mfn, r->extent_order))
			break;
		release_frames(d, mfn_to_page(_mfn(mfn)), 1UL << r->extent_order);
	}
	return (long)i;
}

/* The reservation r names, once its order and flags are checked (or NULL, *rc). */
static struct domain *reservation_domain(const struct xen_memory_reservation *r, long *rc)
{
	struct domain *d;

	*rc = -EINVAL;
	if (r->extent_order > MAX_EXTENT_ORDER || (r->mem_flags & ~0xffu))
		return NULL;
	*rc = -ESRCH;
	if (!(d = target_domain(r->domid)))
		return NULL;
	return d;
}

long memory_increase_reservation(struct xen_memory_reservation *r, struct subop_call c)
{
	long rc;
	struct domain *d = reservation_domain(r, &rc);

	return d ? populate(d, r, false) : rc;
}

long memory_populate_physmap(struct xen_memory_reservation *r, struct subop_call c)
{
	long rc;
	struct domain *d = reservation_domain(r, &rc);

	return d ? populate(d, r, true) : rc;
}

long memory_decrease_reservation(struct xen_memory_reservation *r, struct subop_call c)
{
	long rc;
	struct domain *d = reservation_domain(r, &rc);

	return d ? decrease(d, r) : rc;
}

long memory_maximum_ram_page(void *arg, struct subop_call c)
{
	return (long)max_page;
}

long memory_current_reservation(domid_t *domid, struct subop_call c)
{
	struct domain *d = target_domain(*domid);

	return d ? (long)d->tot_pages : -ESRCH;
}

long memory_maximum_reservation(domid_t *domid, struct subop_call c)
{
	struct domain *d = target_domain(*domid);

	return d ? (long)d->max_pages : -ESRCH;
}

/* PV guests publish their p2m size. */
long memory_maximum_gpfn(domid_t *domid, struct subop_call c)
{
	struct domain *d = target_domain(*domid);

	if (!d)
		return -ESRCH;
	return (long)(d->shared_info->arch.max_pfn ? d->shared_info->arch.max_pfn : 1) - 1;
}

/* Sub-ops by table (xeno/hypercalls.def); the arch ones are in mm/memory_arch.c. */
long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	if (cmd >> 6) /* higher bits: a continuation, never created here */
		return -ENOSYS;
	return subop_dispatch(memory_op, cmd, c);
}

/* Can the in-extent at mfn be handed back now (only its allocation ref)? */
static bool stealable(struct domain *d, xen_pfn_t mfn, unsigned int order)
{
	if (!owns_extent(d, mfn, order))
		return false;
	for (unsigned long j = 0; j < (1UL << order); j++) {
		const struct page_info *pg = mfn_to_page(_mfn(mfn + j));

		if ((pg->count_info & PGC_count_mask) != 1 || (pg->type_info & PGT_count_mask))
			return false;
	}
	return true;
}

struct exchange_chunk {
	unsigned long in_n, out_n; /* extents per chunk */
	struct page_info *out[1UL << MAX_EXTENT_ORDER];
};

static long exchange_chunk(struct domain *d, struct xen_memory_exchange *x,
			   struct exchange_chunk *c, unsigned long first_in)
{
	unsigned long first_out = first_in * c->out_n / c->in_n, i, k;
	unsigned int bits = XENMEMF_get_address_bits(x->out.mem_flags), oo = x->out.extent_order;
	xen_pfn_t mfn, gpfn;

	for (i = 0; i < c->in_n; i++)
		if (copy_from_guest_offset(&mfn, x->in.extent_start, first_in + i, 1) ||
		    !stealable(d, mfn, x->in.extent_order))
			return -EINVAL;
	for (k = 0; k < c->out_n; k++)
		/* the in-extents are still counted: they are freed below */
		if (!(c->out[k] = alloc_extent(d, oo, bits, c->in_n << x->in.extent_order))) {
			while (k--)
				release_frames(d, c->out[k], 1UL << oo);
			return -ENOMEM;
		}
	for (i = 0; i < c->in_n; i++) {
		copy_from_guest_offset(&mfn, x->in.extent_start, first_in + i, 1);
		release_frames(d, mfn_to_page(_mfn(mfn)), 1UL << x->in.extent_order);
	}
	for (k = 0; k < c->out_n; k++) {
		mfn = mfn_x(page_to_mfn(c->out[k]));
		if (copy_from_guest_offset(&gpfn, x->out.extent_start, first_out + k, 1) ||
		    copy_to_guest_offset(x->out.extent_start, first_out + k, &mfn, 1))
			return -EFAULT;
		for (unsigned long j = 0; j < (1UL << oo); j++)
			set_gpfn_from_mfn(_mfn(mfn + j), gpfn + j);
	}
	return 0;
}

/* XENMEM_exchange: in-extents for freshly allocated out-extents (PV). */
long memory_exchange(struct xen_memory_exchange *arg, struct subop_call c)
{
	static struct exchange_chunk chunk; /* one vCPU at a time: big_lock-free until SMP guests */
	XEN_GUEST_HANDLE(xen_memory_exchange_t)
	hnd = guest_handle_cast(c.arg, xen_memory_exchange_t);
	struct xen_memory_exchange x = *arg;
	struct domain *d;
	unsigned int hi;
	long rc = 0;

	if (x.in.extent_order > MAX_EXTENT_ORDER || x.out.extent_order > MAX_EXTENT_ORDER ||
	    x.nr_exchanged > x.in.nr_extents || x.in.nr_extents > (1UL << 32) ||
	    (x.in.nr_extents << x.in.extent_order) != (x.out.nr_extents << x.out.extent_order))
		return -EINVAL;
	if (!(d = target_domain(x.in.domid)) || target_domain(x.out.domid) != d)
		return -ESRCH;
	hi = MAX(x.in.extent_order, x.out.extent_order);
	chunk.in_n = 1UL << (hi - x.in.extent_order);
	chunk.out_n = 1UL << (hi - x.out.extent_order);
	while (x.nr_exchanged < x.in.nr_extents && !rc) {
		rc = exchange_chunk(d, &x, &chunk, x.nr_exchanged);
		if (!rc)
			x.nr_exchanged += chunk.in_n;
	}
	if (copy_field_to_guest(hnd, &x, nr_exchanged))
		return -EFAULT;
	return rc;
}
