/*
 * grant_table_op: the table itself (creation, growth, setup_table,
 * query_size, versions, status frames) and the dispatch of every sub-op.
 * Mappings are in grant_map.c, copies in grant_copy.c; the data model and
 * the locking are described in xeno/grant_table.h.
 *
 * Invariants: nr_frames only grows (up to max_frames) and every shared
 * frame below it, with its active entries, exists; shared frames are owned
 * by the domain with one general and one writable type reference each.
 * Only version 1 is offered: set_version(2) is -ENOSYS, as on Xen 4.17 for
 * a domain whose maximum grant version is 1 (createdomain's grant_opts
 * asking for 2 is -EINVAL, as on a Xen booted with gnttab=max-ver:1), so
 * there are no status frames and v2 entries do not exist: a v1 entry typed
 * GTF_transitive is not a permit_access grant, GTF_sub_page refuses a
 * mapping and is ignored by a copy (the whole page), as Xen does for v1.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <xeno/subop.h>

#define GNTTABOP_CMD_MASK 0xfffU /* bits above: continuation argument */

struct domain *gnttab_domain_by_any_id(domid_t domid)
{
	long rc;

	if (domid == DOMID_SELF) /* every copy names one side so: no policy walk */
		return current->domain;
	return domain_target(domid, TARGET_ANY_ID, &rc);
}

/* --- creation and growth ------------------------------------------------ */

/* A new shared frame for d: zeroed, owned by d, never a page table. */
static struct grant_entry_v1 *alloc_shared_frame(struct domain *d)
{
	struct grant_entry_v1 *f = alloc_xenheap_page();

	if (!f)
		return NULL;
	memset(f, 0, PAGE_SIZE);
	set_domain_frame_gpfn(virt_to_mfn(f), INVALID_GPFN);
	share_xen_page_with_domain(d, f);
	return f;
}

struct active_grant_entry *gnttab_active_get(struct grant_table *gt, grant_ref_t ref)
{
	struct active_grant_entry **page = &gt->active[ref / GNTTAB_ACTIVE_PER_PAGE];

	if (ref < GNTTAB_ACTIVE_INLINE)
		return &gt->active_inline[ref];
	if (!*page) {
		struct active_grant_entry *p = alloc_xenheap_page();

		if (!p)
			return NULL;
		memset(p, 0, PAGE_SIZE);
		__atomic_store_n(page, p, __ATOMIC_RELEASE);
	}
	return &(*page)[ref % GNTTAB_ACTIVE_PER_PAGE];
}

size_t gnttab_frame_bytes(const struct domain *d)
{
	return d->grant_table ? (size_t)d->grant_table->nr_frames * PAGE_SIZE : 0;
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
	if (__atomic_load_n(&d->is_dying, __ATOMIC_SEQ_CST))
		return -ESRCH; /* its frames are being let go (gnttab_put_shared) */
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

void gnttab_put_shared(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	spin_lock(&gt->lock); /* a growth under way ends; none after (d->is_dying) */
	spin_unlock(&gt->lock);
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		put_domain_frame_typed(d, virt_to_mfn(gt->shared[i]));
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	for (unsigned int i = 0; i < gt->nr_frames; i++)
		free_shared_xen_page(gt->shared[i]);
	for (unsigned int i = 0; i < GNTTAB_ACTIVE_PAGES; i++)
		if (gt->active[i])
			free_xenheap_page(gt->active[i]);
	for (unsigned int p = 0; gt->maptrack && p < gt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
	     p++)
		free_xenheap_page(gt->maptrack[p]);
	xfree(gt->maptrack);
	xfree(gt);
}

/* --- setup_table, query_size, acquire_resource --------------------------- */

unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id)
{
	return id == XENMEM_resource_grant_table_id_shared ? d->grant_table->max_frames : 0;
}

int gnttab_resource_frames(struct domain *d, u64 frame, unsigned int nr, xen_pfn_t *mfns)
{
	struct grant_table *gt = d->grant_table;
	int rc = 0;

	if (frame + nr > gt->max_frames)
		return -EINVAL;
	spin_lock(&gt->lock);
	if (frame + nr > gt->nr_frames)
		rc = grow_table(d, gt, (unsigned int)(frame + nr));
	for (unsigned int i = 0; !rc && i < nr; i++)
		mfns[i] = mfn_x(virt_to_mfn(gt->shared[frame + i]));
	spin_unlock(&gt->lock);
	return rc;
}

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

		if (copy_to_guest_offset(op->frame_list, i, &mfn, 1))
			status = GNTST_bad_virt_addr;
	}
	spin_unlock(&gt->lock);
	return rc ? GNTST_general_error : status;
}

/* The domain dom names, if the caller may control its table: GNTST_okay and *d. */
static s16 controlled(domid_t dom, struct domain **d)
{
	long rc;

	*d = domain_target(dom, TARGET_SELF_OR_PRIV, &rc);
	if (!*d)
		return rc == -ESRCH ? GNTST_bad_domain : GNTST_permission_denied;
	return GNTST_okay;
}

long gnttab_setup_table(struct gnttab_setup_table *unused, struct subop_call c)
{
	XEN_GUEST_HANDLE(gnttab_setup_table_t)
	hnd = guest_handle_cast(c.arg, gnttab_setup_table_t);
	struct gnttab_setup_table op;
	struct domain *d;

	if (c.count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	if (!guest_handle_okay(op.frame_list, op.nr_frames))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay)
		op.status = setup_frames(d, &op);
	if (copy_field_to_guest(hnd, &op, status))
		return -EFAULT;
	return 0;
}

long gnttab_query_size(struct gnttab_query_size *unused, struct subop_call c)
{
	XEN_GUEST_HANDLE(gnttab_query_size_t) hnd = guest_handle_cast(c.arg, gnttab_query_size_t);
	struct gnttab_query_size op;
	struct domain *d;

	if (c.count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay) {
		op.nr_frames = __atomic_load_n(&d->grant_table->nr_frames, __ATOMIC_ACQUIRE);
		op.max_nr_frames = d->grant_table->max_frames;
	}
	return copy_to_guest(hnd, &op, 1) ? -EFAULT : 0;
}

/* --- versions and status frames ----------------------------------------- */

/* The current version is copied back whatever the result (INOUTX). */
long gnttab_set_version(struct gnttab_set_version *op, struct subop_call c)
{
	long rc = 0;

	if (op->version != 1 && op->version != 2)
		rc = -EINVAL;
	else if (op->version == 2)
		rc = -ENOSYS; /* v2 not offered: as Xen with max version 1 */
	op->version = current->domain->grant_table->version;
	return rc;
}

long gnttab_get_version(struct gnttab_get_version *op, struct subop_call c)
{
	struct domain *d;
	long rc;

	if (!(d = domain_target(op->dom, TARGET_SELF_OR_PRIV, &rc)))
		return rc;
	op->version = d->grant_table->version;
	return 0;
}

/* v1 has no status frames: only a request for none succeeds. */
long gnttab_get_status_frames(struct gnttab_get_status_frames *unused, struct subop_call c)
{
	XEN_GUEST_HANDLE(gnttab_get_status_frames_t)
	hnd = guest_handle_cast(c.arg, gnttab_get_status_frames_t);
	struct gnttab_get_status_frames op;
	struct domain *d;

	if (c.count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	if (!guest_handle_okay(op.frame_list, op.nr_frames))
		return -EFAULT;
	op.status = controlled(op.dom, &d);
	if (op.status == GNTST_okay)
		op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
	if (copy_field_to_guest(hnd, &op, status))
		return -EFAULT;
	return 0;
}

/* --- swap_grant_ref ------------------------------------------------------ */

/* Swap two entries of the caller's own table, if neither is in use. */
static s16 swap_entries(grant_ref_t a, grant_ref_t b)
{
	struct grant_table *gt = current->domain->grant_table;
	const struct active_grant_entry *act_a, *act_b;
	struct grant_entry_v1 tmp;
	s16 status = GNTST_okay;

	spin_lock(&gt->lock);
	if (a >= gnttab_nr_entries(gt) || b >= gnttab_nr_entries(gt))
		status = GNTST_bad_gntref;
	else if (a != b) {
		act_a = gnttab_active_peek(gt, a);
		act_b = gnttab_active_peek(gt, b);
		if ((act_a && act_a->pin) || (act_b && act_b->pin))
			status = GNTST_eagain;
	}
	if (status == GNTST_okay && a != b) {
		tmp = *gnttab_shared_entry(gt, a);
		*gnttab_shared_entry(gt, a) = *gnttab_shared_entry(gt, b);
		*gnttab_shared_entry(gt, b) = tmp;
	}
	spin_unlock(&gt->lock);
	return status;
}

long gnttab_swap_grant_ref(struct gnttab_swap_grant_ref *unused, struct subop_call c)
{
	u64 uop = guest_handle_addr(c.arg);
	struct gnttab_swap_grant_ref op;

	for (unsigned int i = 0; i < c.count; i++, uop += sizeof(op)) {
		if (copy_from_guest_va(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = swap_entries(op.ref_a, op.ref_b);
		if (copy_to_guest_va(uop + offsetof(struct gnttab_swap_grant_ref, status),
				     &op.status, sizeof(op.status)))
			return -EFAULT;
	}
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

/* The batched sub-ops (grant_map.c, grant_copy.c) run their own loops over c.count entries. */
long gnttab_op_map_grant_ref(struct gnttab_map_grant_ref *unused, struct subop_call c)
{
	return gnttab_map_grant_ref(guest_handle_addr(c.arg), c.count);
}

long gnttab_op_unmap_grant_ref(struct gnttab_unmap_grant_ref *unused, struct subop_call c)
{
	return gnttab_unmap_grant_ref(guest_handle_addr(c.arg), c.count);
}

long gnttab_op_unmap_and_replace(struct gnttab_unmap_and_replace *unused, struct subop_call c)
{
	return gnttab_unmap_and_replace(guest_handle_addr(c.arg), c.count);
}

long gnttab_op_copy(struct gnttab_copy *unused, struct subop_call c)
{
	return gnttab_copy(guest_handle_addr(c.arg), c.count);
}

/* Sub-ops by table (xeno/hypercalls.def); a batch is checked whole before its first entry. */
long do_grant_table_op(u64 cmd, u64 uop, u64 count, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, uop), .count = (unsigned int)count};
	unsigned int op = (unsigned int)cmd & GNTTABOP_CMD_MASK;

	if ((int)c.count < 0)
		return -EINVAL;
	if (((unsigned int)cmd & ~GNTTABOP_CMD_MASK) && op != GNTTABOP_cache_flush)
		return -EINVAL;
	return subop_dispatch(grant_table_op, op, c);
}
