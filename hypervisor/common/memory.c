/*
 * memory_op: a domain's reservation (increase, decrease, populate,
 * exchange), its size queries, and the arch sub-ops (arch_memory_op).
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
	u64 list = (u64)r->extent_start.p;
	unsigned long i;

	for (i = 0; i < r->nr_extents; i++) {
		xen_pfn_t gpfn = 0, mfn;
		struct page_info *pg;

		if (is_populate && copy_from_guest_va(&gpfn, list + i * 8, 8))
			break;
		if (!(pg = alloc_extent(d, r->extent_order, bits, 0)))
			break;
		mfn = mfn_x(page_to_mfn(pg));
		for (unsigned long j = 0; j < (1UL << r->extent_order); j++)
			set_gpfn_from_mfn(_mfn(mfn + j),
					  is_populate ? gpfn + j : INVALID_M2P_ENTRY);
		if (list && copy_to_guest_va(list + i * 8, &mfn, 8)) {
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
	u64 list = (u64)r->extent_start.p;
	unsigned long i;
	xen_pfn_t mfn;

	for (i = 0; i < r->nr_extents; i++) {
		if (copy_from_guest_va(&mfn, list + i * 8, 8) ||
		    !owns_extent(d, mfn, r->extent_order))
			break;
		release_frames(d, mfn_to_page(_mfn(mfn)), 1UL << r->extent_order);
	}
	return (long)i;
}

static long reservation_op(unsigned int cmd, u64 arg)
{
	struct xen_memory_reservation r;
	struct domain *d;

	if (copy_from_guest_va(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.extent_order > MAX_EXTENT_ORDER || (r.mem_flags & ~0xffu))
		return -EINVAL;
	if (!(d = target_domain(r.domid)))
		return -ESRCH;
	switch (cmd) {
	case XENMEM_increase_reservation: return populate(d, &r, false);
	case XENMEM_populate_physmap: return populate(d, &r, true);
	default: return decrease(d, &r);
	}
}

static long domain_size_op(unsigned int cmd, u64 arg)
{
	domid_t domid;
	struct domain *d;

	if (copy_from_guest_va(&domid, arg, sizeof(domid)))
		return -EFAULT;
	if (!(d = target_domain(domid)))
		return -ESRCH;
	switch (cmd) {
	case XENMEM_current_reservation: return (long)d->tot_pages;
	case XENMEM_maximum_reservation: return (long)d->max_pages;
	default: /* maximum_gpfn: PV guests publish their p2m size */
		return (long)(d->shared_info->arch.max_pfn ? d->shared_info->arch.max_pfn : 1) - 1;
	}
}

long memory_exchange(u64 arg);

long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	unsigned int op = (unsigned int)(cmd & 0x3f); /* higher bits: continuation */

	if (cmd >> 6)
		return -ENOSYS;
	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap: return reservation_op(op, arg);
	case XENMEM_maximum_ram_page: return (long)max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn: return domain_size_op(op, arg);
	case XENMEM_exchange: return memory_exchange(arg);
	default: return arch_memory_op(op, arg);
	}
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
		if (copy_from_guest_va(&mfn, (u64)x->in.extent_start.p + (first_in + i) * 8, 8) ||
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
		copy_from_guest_va(&mfn, (u64)x->in.extent_start.p + (first_in + i) * 8, 8);
		release_frames(d, mfn_to_page(_mfn(mfn)), 1UL << x->in.extent_order);
	}
	for (k = 0; k < c->out_n; k++) {
		u64 slot = (u64)x->out.extent_start.p + (first_out + k) * 8;

		mfn = mfn_x(page_to_mfn(c->out[k]));
		if (copy_from_guest_va(&gpfn, slot, 8) || copy_to_guest_va(slot, &mfn, 8))
			return -EFAULT;
		for (unsigned long j = 0; j < (1UL << oo); j++)
			set_gpfn_from_mfn(_mfn(mfn + j), gpfn + j);
	}
	return 0;
}

/* XENMEM_exchange: in-extents for freshly allocated out-extents (PV). */
long memory_exchange(u64 arg)
{
	static struct exchange_chunk chunk; /* one vCPU at a time: big_lock-free until SMP guests */
	struct xen_memory_exchange x;
	struct domain *d;
	unsigned int hi;
	long rc = 0;

	if (copy_from_guest_va(&x, arg, sizeof(x)))
		return -EFAULT;
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
	if (copy_to_guest_va(arg + __builtin_offsetof(struct xen_memory_exchange, nr_exchanged),
			     &x.nr_exchanged, sizeof(x.nr_exchanged)))
		return -EFAULT;
	return rc;
}
