/*
 * grant_table_op: the table itself (creation, growth, setup_table,
 * query_size, versions, status frames) and the dispatch of every sub-op.
 * Mappings are in grant_map.c, copies in grant_copy.c; the data model and
 * the locking are described in xeno/grant_table.h.
 *
 * Invariants: nr_frames only grows (up to max_frames) and every shared
 * frame below it, with its active entries, exists; shared frames are owned
 * by the domain with one general and one writable type reference each.
 * Only version 1 is offered: set_version(2) is -ENOSYS, as on a Xen whose
 * domain may not use v2, so v1 has no status frames.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <asm/m2p.h>
#include <asm/pv_mm.h>

#define GNTTABOP_CMD_MASK 0xfffU /* bits above: continuation argument */

struct domain *gnttab_domain_by_any_id(domid_t domid)
{
	return domid == DOMID_SELF ? current->domain : domain_lookup(domid);
}

bool gnttab_may_control(const struct domain *d)
{
	return d == current->domain || current->domain->is_privileged;
}

/* --- frame references --------------------------------------------------- */

bool gnttab_get_frame(struct domain *d, unsigned long mfn)
{
	return mfn < max_page && get_page(mfn_to_page(_mfn(mfn)), (u32)d->domain_id + 1);
}

void gnttab_put_frame(struct domain *d, unsigned long mfn)
{
	struct page_type_ops ops = pv_type_ops(d);

	put_page(mfn_to_page(_mfn(mfn)), &ops);
}

bool gnttab_get_writable(struct domain *d, unsigned long mfn)
{
	struct page_type_ops ops = pv_type_ops(d);

	return !get_page_type(mfn_to_page(_mfn(mfn)), PGT_writable_page, &ops);
}

void gnttab_put_writable(struct domain *d, unsigned long mfn)
{
	struct page_type_ops ops = pv_type_ops(d);

	put_page_type(mfn_to_page(_mfn(mfn)), &ops);
}

/* --- creation and growth ------------------------------------------------ */

/* A new shared frame for d: zeroed, owned by d, never a page table. */
static struct grant_entry_v1 *alloc_shared_frame(struct domain *d)
{
	struct grant_entry_v1 *f = alloc_xenheap_page();
	struct page_info *pg;

	if (!f)
		return NULL;
	memset(f, 0, PAGE_SIZE);
	pg = mfn_to_page(virt_to_mfn(f));
	set_gpfn_from_mfn(virt_to_mfn(f), INVALID_M2P_ENTRY);
	pg->type_info = PGT_writable_page | 1;
	pg->owner = (u32)d->domain_id + 1;
	__atomic_fetch_add(&pg->count_info, 1, __ATOMIC_RELEASE);
	return f;
}

struct active_grant_entry *gnttab_active_get(struct grant_table *gt, grant_ref_t ref)
{
	struct active_grant_entry **page = &gt->active[ref / GNTTAB_ACTIVE_PER_PAGE];

	if (!*page) {
		struct active_grant_entry *p = alloc_xenheap_page();

		if (!p)
			return NULL;
		memset(p, 0, PAGE_SIZE);
		__atomic_store_n(page, p, __ATOMIC_RELEASE);
	}
	return &(*page)[ref % GNTTAB_ACTIVE_PER_PAGE];
}

/* Hypervisor memory d's grant table takes (shared frames included). */
size_t gnttab_hv_bytes(const struct domain *d)
{
	const struct grant_table *gt = d->grant_table;
	size_t n;

	if (!gt)
		return 0;
	n = xmalloc_footprint(sizeof(*gt)) + (size_t)gt->nr_frames * PAGE_SIZE;
	for (unsigned int i = 0; i < GNTTAB_ACTIVE_PAGES; i++)
		n += gt->active[i] ? PAGE_SIZE : 0;
	if (gt->maptrack)
		n += xmalloc_footprint(GNTTAB_MAPTRACK_FRAMES * sizeof(gt->maptrack[0])) +
		     (size_t)gt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE * PAGE_SIZE;
	return n;
}

/* Grow d's table to nr frames; gt->lock held (or d not yet running). */
static int grow_table(struct domain *d, struct grant_table *gt, unsigned int nr)
{
	while (gt->nr_frames < nr) {
		gt->shared[gt->nr_frames] = alloc_shared_frame(d);
		if (!gt->shared[gt->nr_frames])
			return -ENOMEM;
		__atomic_store_n(&gt->nr_frames, gt->nr_frames + 1, __ATOMIC_RELEASE);
	}
	return 0;
}

int grant_table_init(struct domain *d)
{
	struct grant_table *gt = xzalloc(struct grant_table);

	if (!gt)
		return -ENOMEM;
	spin_lock_init(&gt->lock);
	spin_lock_init(&gt->maptrack_lock);
	gt->version = 1;
	gt->max_frames = GNTTAB_MAX_FRAMES;
	gt->maptrack_free = GNTTAB_NO_HANDLE;
	d->grant_table = gt;
	return grow_table(d, gt, GNTTAB_INITIAL_FRAMES);
}

/* --- setup_table, query_size -------------------------------------------- */

static s16 setup_frames(struct domain *d, struct gnttab_setup_table *op)
{
	struct grant_table *gt = d->grant_table;
	s16 status = GNTST_okay;
	int rc = 0;

	spin_lock(&gt->lock);
	if (op->nr_frames > gt->max_frames)
		rc = -EINVAL;
	else if (op->nr_frames > gt->nr_frames)
		rc = grow_table(d, gt, op->nr_frames);
	for (unsigned int i = 0; !rc && i < op->nr_frames; i++) {
		xen_pfn_t mfn = mfn_x(virt_to_mfn(gt->shared[i]));

		if (copy_to_guest_va(op->frame_list.p + i, &mfn, sizeof(mfn)))
			status = GNTST_bad_virt_addr;
	}
	spin_unlock(&gt->lock);
	return rc ? GNTST_general_error : status;
}

/* The domain dom names, if the caller may control its table: GNTST_okay and *d. */
static s16 controlled(domid_t dom, struct domain **d)
{
	*d = gnttab_domain_by_any_id(dom);
	if (!*d)
		return GNTST_bad_domain;
	return gnttab_may_control(*d) ? GNTST_okay : GNTST_permission_denied;
}

static long setup_table(u64 uop, unsigned int count)
{
	struct gnttab_setup_table op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!guest_range_ok((unsigned long)op.frame_list.p, (size_t)op.nr_frames * 8))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay)
		op.status = setup_frames(d, &op);
	if (copy_to_guest_va(uop + offsetof(struct gnttab_setup_table, status), &op.status,
			     sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static long query_size(u64 uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay) {
		op.nr_frames = __atomic_load_n(&d->grant_table->nr_frames, __ATOMIC_ACQUIRE);
		op.max_nr_frames = d->grant_table->max_frames;
	}
	return copy_to_guest_va(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* --- versions and status frames ----------------------------------------- */

static long set_version(u64 uop, unsigned int count)
{
	struct gnttab_set_version op;
	long rc = 0;

	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version == 2)
		rc = -ENOSYS; /* v2 not offered: as Xen with max version 1 */
	op.version = current->domain->grant_table->version;
	return copy_to_guest_va(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(u64 uop, unsigned int count)
{
	struct gnttab_get_version op;
	struct domain *d;

	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_domain_by_any_id(op.dom);
	if (!d)
		return -ESRCH;
	if (!gnttab_may_control(d))
		return -EPERM;
	op.version = d->grant_table->version;
	return copy_to_guest_va(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* v1 has no status frames: only a request for none succeeds. */
static long get_status_frames(u64 uop, unsigned int count)
{
	struct gnttab_get_status_frames op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!guest_range_ok((unsigned long)op.frame_list.p, (size_t)op.nr_frames * 8))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay)
		op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
	if (copy_to_guest_va(uop + offsetof(struct gnttab_get_status_frames, status), &op.status,
			     sizeof(op.status)))
		return -EFAULT;
	return 0;
}

/* --- mm_audit ------------------------------------------------------------ */

void gnttab_for_each_pin(struct domain *d, void (*fn)(unsigned long mfn, u32 pin, void *arg),
			 void *arg)
{
	struct grant_table *gt = d->grant_table;

	if (!gt)
		return;
	spin_lock(&gt->lock);
	for (grant_ref_t ref = 0; ref < gnttab_nr_entries(gt); ref++) {
		const struct active_grant_entry *act = gnttab_active_peek(gt, ref);

		if (act && act->pin)
			fn(act->mfn, act->pin, arg);
	}
	spin_unlock(&gt->lock);
}

/* --- dispatch ------------------------------------------------------------ */

typedef long (*gnttab_op_fn)(u64 uop, unsigned int count);

/* Batched sub-ops: the array is checked whole before the first element. */
static const struct {
	gnttab_op_fn fn;
	size_t elem; /* element size of a batched sub-op, 0 if single */
} gnttab_ops[] = {
	[GNTTABOP_map_grant_ref] = {gnttab_map_grant_ref, sizeof(struct gnttab_map_grant_ref)},
	[GNTTABOP_unmap_grant_ref] = {gnttab_unmap_grant_ref,
				      sizeof(struct gnttab_unmap_grant_ref)},
	[GNTTABOP_setup_table] = {setup_table, 0},
	[GNTTABOP_copy] = {gnttab_copy, sizeof(struct gnttab_copy)},
	[GNTTABOP_query_size] = {query_size, 0},
	[GNTTABOP_unmap_and_replace] = {gnttab_unmap_and_replace,
					sizeof(struct gnttab_unmap_and_replace)},
	[GNTTABOP_set_version] = {set_version, 0},
	[GNTTABOP_get_status_frames] = {get_status_frames, 0},
	[GNTTABOP_get_version] = {get_version, 0},
};

long do_grant_table_op(u64 cmd, u64 uop, u64 count, u64 a4, u64 a5)
{
	unsigned int op = (unsigned int)cmd & GNTTABOP_CMD_MASK, n = (unsigned int)count;

	if ((int)n < 0)
		return -EINVAL;
	if (((unsigned int)cmd & ~GNTTABOP_CMD_MASK) && op != GNTTABOP_cache_flush)
		return -EINVAL;
	if (op >= ARRAY_SIZE(gnttab_ops) || !gnttab_ops[op].fn)
		return -ENOSYS;
	if (gnttab_ops[op].elem && !guest_range_ok(uop, (size_t)n * gnttab_ops[op].elem))
		return -EFAULT;
	return gnttab_ops[op].fn(uop, n);
}
