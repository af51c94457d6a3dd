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
 * acquire_resource gives the control domain the frames of another
 * domain's grant table (the only resource xeno has; others -EOPNOTSUPP),
 * as machine frame numbers (the caller is PV), for mmu_update to map.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/memory.h>

#define MAX_EXTENT_ORDER 9 /* 2 MiB */

/* The domain a request names: itself, or any for the control domain. */
static struct domain *target_domain(domid_t domid, long *rc)
{
	return domain_target(domid, TARGET_SELF_OR_PRIV, rc);
}

static bool below_address_bits(struct page_info *pg, unsigned int order, unsigned int bits)
{
	return !bits || bits >= 64 ||
	       ((mfn_x(page_to_mfn(pg)) + (1UL << order)) << PAGE_SHIFT) <= (1UL << bits);
}

/* Give back an allocation: drop PGC_allocated's reference on each frame. */
static void release_frames(struct domain *d, struct page_info *pg, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (__atomic_fetch_and(&pg[i].count_info, ~PGC_allocated, __ATOMIC_ACQ_REL) &
		    PGC_allocated)
			put_domain_frame(d, page_to_mfn(&pg[i]));
}

static void release_extents(struct domain *d, struct page_info **pg, unsigned int n,
			    unsigned int order)
{
	for (unsigned int k = 0; k < n; k++)
		release_frames(d, pg[k], 1UL << order);
}

static struct page_info *alloc_extent(struct domain *d, unsigned int order, unsigned int bits,
				      unsigned int memf)
{
	struct page_info *pg = alloc_domheap_pages_memf(d, order, memf);

	if (pg && !below_address_bits(pg, order, bits)) {
		release_frames(d, pg, 1UL << order);
		return NULL;
	}
	return pg;
}

/*
 * Extents n at a time: their gpfns copied in at once, their frames from one
 * pass of the heap, their mfns copied out at once. A chunk whose list
 * cannot be read or written counts as not done (the extents before it
 * are), as are an extent above the address limit and all after it.
 */
#define POPULATE_CHUNK 32U

static unsigned int populate_chunk(struct domain *d, struct xen_memory_reservation *r,
				   bool is_populate, unsigned long first, unsigned int n)
{
	unsigned int bits = XENMEMF_get_address_bits(r->mem_flags), order = r->extent_order;
	xen_pfn_t gpfn[POPULATE_CHUNK] = {0}, mfn[POPULATE_CHUNK];
	struct page_info *pg[POPULATE_CHUNK];
	unsigned int got, k;

	if (is_populate && copy_from_guest_offset(gpfn, r->extent_start, first, n))
		return 0;
	got = alloc_domheap_batch(d, order, n, 0, pg);
	for (k = 0; k < got && below_address_bits(pg[k], order, bits); k++)
		mfn[k] = mfn_x(page_to_mfn(pg[k]));
	release_extents(d, pg + k, got - k, order);
	set_domain_extents_gpfn(mfn, is_populate ? gpfn : NULL, k, order);
	if (k && !guest_handle_is_null(r->extent_start) &&
	    copy_to_guest_offset(r->extent_start, first, mfn, k)) {
		release_extents(d, pg, k, order);
		return 0;
	}
	return k;
}

static long populate(struct domain *d, struct xen_memory_reservation *r, bool is_populate)
{
	unsigned long i = 0;
	unsigned int n, done;

	do {
		n = (unsigned int)MIN((unsigned long)POPULATE_CHUNK, r->nr_extents - i);
		done = n ? populate_chunk(d, r, is_populate, i, n) : 0;
		i += done;
	} while (done && done == n);
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

/* The domain r names, once its order and flags are checked (or NULL and *rc). */
static struct domain *reservation_domain(const struct xen_memory_reservation *r, long *rc)
{
	struct domain *d;

	*rc = -EINVAL;
	if (r->extent_order > MAX_EXTENT_ORDER || (r->mem_flags & ~0xffu))
		return NULL;
	if (!(d = target_domain(r->domid, rc)))
		*rc = 0; /* as Xen: no such domain, or not ours: no extent done */
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
	long rc;
	struct domain *d = target_domain(*domid, &rc);

	return d ? (long)d->tot_pages : rc;
}

/*
 * No domain has a virtual NUMA topology on xeno: as Xen for a domain
 * without one, -EOPNOTSUPP after the argument and target checks (libxl's
 * save refuses a guest unless it gets exactly that).
 */
long memory_get_vnumainfo(struct xen_vnuma_topology_info *t, struct subop_call c)
{
	long rc;

	if (t->pad)
		return -EINVAL;
	return target_domain(t->domid, &rc) ? -EOPNOTSUPP : rc;
}

long memory_maximum_reservation(domid_t *domid, struct subop_call c)
{
	long rc;
	struct domain *d = target_domain(*domid, &rc);

	return d ? (long)d->max_pages : rc;
}

/* PV guests publish their p2m size. */
long memory_maximum_gpfn(domid_t *domid, struct subop_call c)
{
	long rc;
	struct domain *d = target_domain(*domid, &rc);

	if (!d)
		return rc;
	return (long)(d->shared_info->arch.max_pfn ? d->shared_info->arch.max_pfn : 1) - 1;
}

/* Sub-ops by table (xeno/hypercalls.def); the arch ones are in mm/memory_arch.c. */
/* Frames saved or shared by page sharing: xeno shares none (as Xen without mem_sharing). */
long memory_sharing_pages(void *arg, struct subop_call c)
{
	return 0;
}

/*
 * XENMEM_claim_pages: promise d enough free frames to reach nr_extents
 * pages, so that its build cannot fail half-way for memory others took
 * (0: give the claim back). Xen's order: arguments, the domain (-EINVAL
 * when missing), the control domain, then the claim itself.
 */
long memory_claim_pages(struct xen_memory_reservation *r, struct subop_call c)
{
	struct domain *d;
	long rc;

	if (!guest_handle_is_null(r->extent_start) || r->extent_order || r->mem_flags)
		return -EINVAL;
	if (!(d = domain_target(r->domid, TARGET_BY_ID, &rc)))
		return -EINVAL;
	if (!current->domain->is_privileged)
		return -EPERM;
	if (!r->nr_extents)
		return heap_set_claim(&d->outstanding_pages, 0);
	if (r->nr_extents <= d->tot_pages || (d->max_pages && r->nr_extents > d->max_pages))
		return -EINVAL;
	return heap_set_claim(&d->outstanding_pages, r->nr_extents - d->tot_pages);
}

long do_memory_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	if (cmd >> 6) /* higher bits: a continuation, never created here */
		return -ENOSYS;
	return subop_dispatch(memory_op, cmd, c);
}

/*
 * Take the allocation reference of one frame of d that holds nothing else
 * (Xen's steal_page): count_info goes from allocated-with-one-reference to
 * one reference, ours, in one cmpxchg, so of two exchanges of the same
 * frame only one wins. The frame stays d's, on its list but no longer in
 * tot_pages (PGC_uncounted, see domain_uncount_pages), until that reference
 * is put (free_stolen) or the allocation is given back (unsteal).
 */
static bool steal_frame(struct domain *d, struct page_info *pg)
{
	u64 want = PGC_allocated | 1;

	if (!page_owned_by(pg, d) || (pg->type_info & PGT_count_mask))
		return false;
	return __atomic_compare_exchange_n(&pg->count_info, &want, PGC_uncounted | 1, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

static void unsteal_frames(struct page_info *pg, unsigned long nr)
{
	for (unsigned long j = 0; j < nr; j++) {
		__atomic_fetch_or(&pg[j].count_info, PGC_allocated, __ATOMIC_ACQ_REL);
		__atomic_fetch_and(&pg[j].count_info, ~PGC_uncounted, __ATOMIC_ACQ_REL);
	}
}

/* Give a stolen extent back: allocated and counted again. */
static void unsteal(struct domain *d, xen_pfn_t mfn, unsigned int order)
{
	domain_uncount_pages(d, 1UL << order, false);
	unsteal_frames(mfn_to_page(_mfn(mfn)), 1UL << order);
}

static void free_stolen(struct domain *d, struct page_info *pg, unsigned long nr)
{
	for (unsigned long j = 0; j < nr; j++)
		put_domain_frame(d, page_to_mfn(&pg[j]));
}

/* All 2^order frames from mfn, or none. */
static bool steal_extent(struct domain *d, xen_pfn_t mfn, unsigned int order)
{
	unsigned long j;

	if (mfn >= max_page || (1UL << order) > max_page - mfn)
		return false;
	for (j = 0; j < (1UL << order); j++)
		if (!steal_frame(d, mfn_to_page(_mfn(mfn + j))))
			break;
	if (j == (1UL << order)) {
		domain_uncount_pages(d, j, true);
		return true;
	}
	unsteal_frames(mfn_to_page(_mfn(mfn)), j);
	return false;
}

/*
 * One chunk: in_n in-extents for out_n out-extents of the same size (one of
 * the two counts is 1). Per call, on the caller's stack: exchanges on other
 * vCPUs and domains run at the same time.
 */
struct exchange_chunk {
	unsigned long in_n, out_n;
	xen_pfn_t in[1UL << MAX_EXTENT_ORDER];
	struct page_info *out[1UL << MAX_EXTENT_ORDER];
};

static long exchange_take_in(struct domain *d, struct xen_memory_exchange *x,
			     struct exchange_chunk *c, unsigned long first_in)
{
	unsigned int io = x->in.extent_order;

	for (unsigned long i = 0; i < c->in_n; i++)
		if (copy_from_guest_offset(&c->in[i], x->in.extent_start, first_in + i, 1) ||
		    !steal_extent(d, c->in[i], io)) {
			while (i--)
				unsteal(d, c->in[i], io);
			return -EINVAL;
		}
	return 0;
}

static long exchange_chunk(struct domain *d, struct xen_memory_exchange *x,
			   struct exchange_chunk *c, unsigned long first_in)
{
	unsigned long first_out = first_in * c->out_n / c->in_n, i, k;
	unsigned int bits = XENMEMF_get_address_bits(x->out.mem_flags), oo = x->out.extent_order;
	unsigned int io = x->in.extent_order;
	xen_pfn_t mfn, gpfn;
	long rc = exchange_take_in(d, x, c, first_in);

	for (k = 0; !rc && k < c->out_n; k++)
		if (!(c->out[k] = alloc_extent(d, oo, bits, MEMF_no_max))) {
			while (k--)
				release_frames(d, c->out[k], 1UL << oo);
			for (i = 0; i < c->in_n; i++)
				unsteal(d, c->in[i], io);
			return -ENOMEM;
		}
	if (rc)
		return rc;
	for (i = 0; i < c->in_n; i++)
		free_stolen(d, mfn_to_page(_mfn(c->in[i])), 1UL << io);
	for (k = 0; k < c->out_n; k++) {
		mfn = mfn_x(page_to_mfn(c->out[k]));
		if (copy_from_guest_offset(&gpfn, x->out.extent_start, first_out + k, 1) ||
		    copy_to_guest_offset(x->out.extent_start, first_out + k, &mfn, 1))
			return -EFAULT;
		for (unsigned long j = 0; j < (1UL << oo); j++)
			set_domain_frame_gpfn(_mfn(mfn + j), gpfn + j);
	}
	return 0;
}

/* XENMEM_exchange: in-extents for freshly allocated out-extents (PV). */
long memory_exchange(struct xen_memory_exchange *arg, struct subop_call c)
{
	struct exchange_chunk chunk; /* per call: vCPUs of any domains exchange at once */
	XEN_GUEST_HANDLE(xen_memory_exchange_t)
	hnd = guest_handle_cast(c.arg, xen_memory_exchange_t);
	struct xen_memory_exchange x = *arg;
	struct domain *d;
	unsigned int hi;
	long rc = 0;

	if (x.in.extent_order > MAX_EXTENT_ORDER || x.out.extent_order > MAX_EXTENT_ORDER ||
	    x.nr_exchanged > x.in.nr_extents || x.in.nr_extents > (1UL << 32) ||
	    (x.in.nr_extents << x.in.extent_order) != (x.out.nr_extents << x.out.extent_order) ||
	    x.in.domid != x.out.domid)
		return -EINVAL;
	if (!(d = target_domain(x.in.domid, &rc)))
		return rc;
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

/* Xen's order: pad and range, the domain (not oneself), privilege, the resource. */
long memory_acquire_resource(struct xen_mem_acquire_resource *r, struct subop_call c)
{
	xen_pfn_t mfns[GNTTAB_MAX_FRAMES];
	struct domain *d;
	unsigned int max;
	long rc;

	if (r->pad || (r->frame >> 32) || ((r->frame + r->nr_frames) >> 32))
		return -EINVAL;
	if (!(d = domain_target(r->domid, TARGET_BY_ID, &rc)))
		return rc;
	if (d == current->domain || !current->domain->is_privileged)
		return -EPERM;
	if (r->type != XENMEM_resource_grant_table)
		return -EOPNOTSUPP;
	if (!(max = gnttab_resource_max_frames(d, r->id)))
		return -EINVAL;
	if (guest_handle_is_null(r->frame_list)) { /* a query: how many there may be */
		if (r->nr_frames)
			return -EINVAL;
		r->nr_frames = max;
		return 0;
	}
	if (!r->nr_frames || r->nr_frames > ARRAY_SIZE(mfns))
		return -EINVAL;
	if ((rc = gnttab_resource_frames(d, r->frame, r->nr_frames, mfns)))
		return rc;
	return copy_to_guest(r->frame_list, mfns, r->nr_frames) ? -EFAULT : 0;
}
