/*
 * GNTTABOP_map_grant_ref, unmap_grant_ref and unmap_and_replace, and the
 * maptrack (handles) of the mapping domain. Data model and locking: see
 * xeno/grant_table.h.
 *
 * A map pins the granter's active entry (marking the shared entry in use)
 * under the granter's lock, then takes the frame references and installs
 * the host PTE outside it, and only then publishes the maptrack entry; any
 * failure unwinds in reverse. An unmap removes what the handle still maps
 * under the granter's lock (the PTE must still map the granted frame), then
 * a batch's TLB flush, then the references and pins go (complete_unmap).
 * Per-op status codes are Xen's, in Xen's order of checks. A call's ops
 * share one struct arch_grant_batch (the last few L1 tables' references,
 * kept for later ops in the same tables), ended before the call returns.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/string.h>

/* --- maptrack ------------------------------------------------------------ */

static struct grant_mapping *maptrack_entry(struct grant_table *gt, u32 handle)
{
	return &gt->maptrack[handle / GNTTAB_MAPTRACK_PER_PAGE][handle % GNTTAB_MAPTRACK_PER_PAGE];
}

/* Add a page of handles to the free list; maptrack_lock held. */
static bool grow_maptrack(struct grant_table *gt)
{
	unsigned int page = gt->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
	struct grant_mapping *m;

	ASSERT(spin_is_locked(&gt->maptrack_lock));
	if (!gt->maptrack) {
		struct grant_mapping **dir =
			xzalloc_bytes(GNTTAB_MAPTRACK_FRAMES * sizeof(gt->maptrack[0]));

		if (!dir)
			return false;
		__atomic_store_n(&gt->maptrack, dir, __ATOMIC_RELEASE);
	}
	if (page >= GNTTAB_MAPTRACK_FRAMES || !(m = alloc_xenheap_page()))
		return false;
	memset(m, 0, PAGE_SIZE);
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK_PER_PAGE; i++)
		m[i].next_free = i + 1 < GNTTAB_MAPTRACK_PER_PAGE ? gt->maptrack_limit + i + 1
								  : gt->maptrack_free;
	gt->maptrack[page] = m;
	gt->maptrack_free = gt->maptrack_limit;
	__atomic_store_n(&gt->maptrack_limit, gt->maptrack_limit + GNTTAB_MAPTRACK_PER_PAGE,
			 __ATOMIC_RELEASE);
	return true;
}

static u32 get_maptrack_handle(struct grant_table *gt)
{
	u32 h = GNTTAB_NO_HANDLE;

	spin_lock(&gt->maptrack_lock);
	if (gt->maptrack_free != GNTTAB_NO_HANDLE || grow_maptrack(gt)) {
		h = gt->maptrack_free;
		gt->maptrack_free = maptrack_entry(gt, h)->next_free;
	}
	spin_unlock(&gt->maptrack_lock);
	return h;
}

static void put_maptrack_handle(struct grant_table *gt, u32 h)
{
	spin_lock(&gt->maptrack_lock);
	maptrack_entry(gt, h)->next_free = gt->maptrack_free;
	gt->maptrack_free = h;
	spin_unlock(&gt->maptrack_lock);
}

/* --- map ----------------------------------------------------------------- */

struct map_state {
	struct arch_grant_batch *batch;
	struct domain *ld, *rd;
	u32 incr;	       /* pin taken */
	unsigned long mfn;     /* the granted frame */
	unsigned int refs;     /* general references taken */
	unsigned int used;     /* of them, given to a mapping */
	unsigned int writable; /* writable type references taken */
	bool host_mapped;
};

/* Pin (rd, ref) for ld under rd's lock; the first pin takes a frame reference. */
static s16 pin_for_map(struct map_state *s, const struct gnttab_map_grant_ref *op)
{
	struct grant_table *rgt = s->rd->grant_table;
	bool ro = op->flags & GNTMAP_readonly;
	struct active_grant_entry *act;
	s16 rc = GNTST_okay;

	spin_lock(&rgt->lock);
	if (op->ref >= gnttab_nr_entries(rgt)) {
		spin_unlock(&rgt->lock);
		return GNTST_bad_gntref;
	}
	act = gnttab_active_peek(rgt, op->ref) ?: gnttab_active_get(rgt, op->ref);
	if (!act)
		rc = GNTST_general_error; /* no memory for the active entry */
	else if (act->pin &&
		 (act->domid != s->ld->domain_id || gnttab_pin_overflows(act->pin, s->incr)))
		rc = GNTST_general_error;
	else if (gnttab_status_needed(act->pin, ro))
		rc = gnttab_set_status_v1(gnttab_shared_entry(rgt, op->ref), act->pin, ro, true,
					  s->ld->domain_id);
	if (rc == GNTST_okay && !act->pin) {
		unsigned long frame = gnttab_shared_entry(rgt, op->ref)->frame;

		if (gnttab_get_frame(s->rd, frame)) {
			act->domid = s->ld->domain_id;
			act->mfn = frame;
			s->refs = 1;
		} else {
			rc = GNTST_bad_page;
			gnttab_reduce_status_v1(gnttab_shared_entry(rgt, op->ref), 0, ro);
		}
	}
	if (rc == GNTST_okay) {
		act->pin += s->incr;
		s->mfn = act->mfn;
	}
	spin_unlock(&rgt->lock);
	return rc;
}

static void unpin(struct domain *rd, grant_ref_t ref, u32 incr, bool ro)
{
	struct grant_table *rgt = rd->grant_table;
	struct active_grant_entry *act;

	spin_lock(&rgt->lock);
	act = gnttab_active(rgt, ref);
	act->pin -= incr;
	gnttab_reduce_status_v1(gnttab_shared_entry(rgt, ref), act->pin, ro);
	spin_unlock(&rgt->lock);
}

/*
 * One mapping's references: a general one (the first pin's, or a new one)
 * and a writable type reference unless read-only.
 */
static inline __attribute__((always_inline)) bool take_refs(struct map_state *s, bool ro)
{
	if (s->used == s->refs) {
		if (!gnttab_get_frame(s->rd, s->mfn))
			return false;
		s->refs++;
	}
	s->used++;
	if (ro)
		return true;
	if (!gnttab_get_writable(s->rd, s->mfn))
		return false;
	s->writable++;
	return true;
}

/* References and the host PTE, in Xen's order: device mapping, then host. */
static s16 map_frame(struct map_state *s, const struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;

	if ((op->flags & GNTMAP_device_map) && !take_refs(s, ro))
		return GNTST_general_error;
	if (!(op->flags & GNTMAP_host_map))
		return GNTST_okay;
	if (!take_refs(s, ro) || arch_grant_map(s->batch, op->host_addr, s->mfn, op->flags))
		return GNTST_general_error;
	s->host_mapped = true;
	return GNTST_okay;
}

static void undo_map(struct map_state *s, const struct gnttab_map_grant_ref *op)
{
	if (s->host_mapped) {
		arch_grant_replace(s->batch, op->host_addr, s->mfn, 0, op->flags);
		arch_grant_flush_tlb(s->ld);
	}
	while (s->writable--)
		gnttab_put_writable(s->rd, s->mfn);
	while (s->refs--)
		gnttab_put_frame(s->rd, s->mfn);
	unpin(s->rd, op->ref, s->incr, op->flags & GNTMAP_readonly);
}

static void map_one(struct gnttab_map_grant_ref *op, struct arch_grant_batch *batch)
{
	struct map_state s = {
		.batch = batch, .ld = current->domain, .incr = gnttab_map_pin_incr(op->flags)};
	struct grant_mapping *m;
	u32 handle;

	if (!s.incr) {
		op->status = GNTST_bad_gntref;
		return;
	}
	if (!(s.rd = domain_lookup(op->dom))) { /* domain_target(TARGET_BY_ID) */
		op->status = GNTST_bad_domain;
		return;
	}
	handle = get_maptrack_handle(s.ld->grant_table);
	if (handle == GNTTAB_NO_HANDLE) {
		op->status = GNTST_no_space;
		return;
	}
	op->status = pin_for_map(&s, op);
	if (op->status == GNTST_okay && (op->status = map_frame(&s, op)) != GNTST_okay)
		undo_map(&s, op);
	if (op->status != GNTST_okay) {
		put_maptrack_handle(s.ld->grant_table, handle);
		return;
	}
	m = maptrack_entry(s.ld->grant_table, handle);
	m->domid = op->dom;
	m->ref = op->ref;
	__atomic_store_n(&m->flags, op->flags, __ATOMIC_RELEASE);
	op->dev_bus_addr = (u64)s.mfn << PAGE_SHIFT;
	op->handle = handle;
}

long gnttab_map_grant_ref(u64 uop, unsigned int count)
{
	struct arch_grant_batch batch = {.nr = 0};
	struct gnttab_map_grant_ref op;
	long rc = 0;

	for (unsigned int i = 0; i < count && !rc; i++, uop += sizeof(op)) {
		if (copy_from_guest_va(&op, uop, sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		map_one(&op, &batch);
		if (copy_to_guest_va(uop, &op, sizeof(op)))
			rc = -EFAULT;
	}
	arch_grant_batch_end(&batch);
	return rc;
}

/* --- unmap --------------------------------------------------------------- */

struct unmap_state {
	struct arch_grant_batch *batch;
	u64 host_addr, dev_bus_addr, new_addr; /* in */
	u32 handle;			       /* in */
	s16 status;			       /* out */
	struct domain *rd;
	grant_ref_t ref;
	unsigned long mfn;
	u32 done; /* GNTMAP_host_map / device_map removed, | GNTMAP_readonly */
};

/* The live maptrack entry of handle, its flags read under rd's lock. */
static struct grant_mapping *lookup_handle(struct grant_table *lgt, u32 handle)
{
	struct grant_mapping *m;

	if (handle >= __atomic_load_n(&lgt->maptrack_limit, __ATOMIC_ACQUIRE))
		return NULL;
	m = maptrack_entry(lgt, handle);
	return __atomic_load_n(&m->flags, __ATOMIC_ACQUIRE) ? m : NULL;
}

/* Remove what op asks for from mapping m of op->rd's grant; rd's lock held. */
static s16 unmap_locked(struct unmap_state *op, struct grant_mapping *m)
{
	struct grant_table *rgt = op->rd->grant_table;
	u32 flags = m->flags;
	struct active_grant_entry *act;

	ASSERT(spin_is_locked(&rgt->lock));
	/* The handle may have been unmapped, even reused, since it was looked up. */
	if (!flags || m->domid != op->rd->domain_id || m->ref >= gnttab_nr_entries(rgt))
		return GNTST_bad_handle;
	act = gnttab_active(rgt, m->ref);
	op->ref = m->ref;
	op->mfn = act->mfn;
	if (op->dev_bus_addr && (flags & GNTMAP_device_map) &&
	    op->dev_bus_addr != (u64)act->mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	if (op->host_addr && (flags & GNTMAP_host_map)) {
		if (arch_grant_replace(op->batch, op->host_addr, act->mfn, op->new_addr, flags))
			return GNTST_general_error;
		m->flags &= ~GNTMAP_host_map;
		op->done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
	}
	if (op->dev_bus_addr && (flags & GNTMAP_device_map)) {
		m->flags &= ~GNTMAP_device_map;
		op->done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
	}
	if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		__atomic_store_n(&m->flags, 0, __ATOMIC_RELEASE);
	return GNTST_okay;
}

static void unmap_common(struct unmap_state *op)
{
	struct grant_table *lgt = current->domain->grant_table;
	struct grant_mapping *m = lookup_handle(lgt, op->handle);
	bool freed;

	op->done = 0;
	if (!m || !(op->rd = domain_lookup_any(m->domid))) {
		op->status = GNTST_bad_handle;
		return;
	}
	spin_lock(&op->rd->grant_table->lock);
	op->status = unmap_locked(op, m);
	freed = op->status == GNTST_okay && !m->flags;
	spin_unlock(&op->rd->grant_table->lock);
	if (freed)
		put_maptrack_handle(lgt, op->handle);
}

/* After the TLB flush: the references and pins of what was removed. */
static void complete_unmap(const struct unmap_state *op)
{
	bool ro = op->done & GNTMAP_readonly;
	unsigned int n = 0; /* mappings removed: one pin and its references each */
	u32 incr = 0;

	if (!op->done)
		return;
	if (op->done & GNTMAP_device_map) {
		incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
		n++;
	}
	if (op->done & GNTMAP_host_map) {
		incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
		n++;
	}
	unpin(op->rd, op->ref, incr, ro);
	if (!ro) /* as Xen: a writable mapping may have written the frame */
		paging_mark_dirty(op->rd, _mfn(op->mfn));
	for (unsigned int i = 0; i < n; i++) {
		if (!ro)
			gnttab_put_writable(op->rd, op->mfn);
		gnttab_put_frame(op->rd, op->mfn);
	}
}

/*
 * A dying domain's mappings of grants (its own page tables are going, and
 * grant PTEs hold no references): drop each mapping's pins and references
 * as an unmap would.
 */
void gnttab_release_mappings(struct domain *d)
{
	struct grant_table *lgt = d->grant_table;

	for (u32 h = 0; lgt && h < lgt->maptrack_limit; h++) {
		struct grant_mapping *m = maptrack_entry(lgt, h);
		struct unmap_state op = {.done = 0};
		u32 flags;

		if (!m->flags || !(op.rd = domain_lookup_any(m->domid)))
			continue;
		spin_lock(&op.rd->grant_table->lock);
		flags = m->flags;
		if (flags && m->ref < gnttab_nr_entries(op.rd->grant_table)) {
			op.ref = m->ref;
			op.mfn = gnttab_active(op.rd->grant_table, m->ref)->mfn;
			op.done = flags & (GNTMAP_host_map | GNTMAP_device_map | GNTMAP_readonly);
		}
		m->flags = 0;
		spin_unlock(&op.rd->grant_table->lock);
		complete_unmap(&op);
	}
}

#define UNMAP_BATCH 32

/* Ops of a batch are read by `in`, their status written by `out`. */
typedef bool (*unmap_in_fn)(u64 uop, struct unmap_state *st);
typedef bool (*unmap_out_fn)(u64 uop, const struct unmap_state *st);

static long unmap_batches(u64 uop, unsigned int count, size_t size, unmap_in_fn in,
			  unmap_out_fn out)
{
	struct arch_grant_batch batch = {.nr = 0};
	struct unmap_state st[UNMAP_BATCH];
	long rc = 0;

	for (unsigned int done = 0; done < count && !rc;) {
		unsigned int n = MIN(count - done, UNMAP_BATCH), processed = 0;

		for (unsigned int i = 0; i < n; i++, uop += size) {
			if (!in(uop, &st[i])) {
				rc = -EFAULT;
				break;
			}
			st[i].batch = &batch;
			unmap_common(&st[i]);
			processed = i + 1;
			if (!out(uop, &st[i])) {
				rc = -EFAULT;
				break;
			}
		}
		arch_grant_flush_tlb(current->domain);
		for (unsigned int i = 0; i < processed; i++)
			complete_unmap(&st[i]);
		done += n;
	}
	arch_grant_batch_end(&batch);
	return rc;
}

static bool unmap_in(u64 uop, struct unmap_state *st)
{
	struct gnttab_unmap_grant_ref op;

	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return false;
	*st = (struct unmap_state){
		.host_addr = op.host_addr, .dev_bus_addr = op.dev_bus_addr, .handle = op.handle};
	return true;
}

static bool unmap_out(u64 uop, const struct unmap_state *st)
{
	return !copy_to_guest_va(uop + offsetof(struct gnttab_unmap_grant_ref, status), &st->status,
				 sizeof(st->status));
}

long gnttab_unmap_grant_ref(u64 uop, unsigned int count)
{
	return unmap_batches(uop, count, sizeof(struct gnttab_unmap_grant_ref), unmap_in,
			     unmap_out);
}

static bool replace_in(u64 uop, struct unmap_state *st)
{
	struct gnttab_unmap_and_replace op;

	if (copy_from_guest_va(&op, uop, sizeof(op)))
		return false;
	*st = (struct unmap_state){
		.host_addr = op.host_addr, .new_addr = op.new_addr, .handle = op.handle};
	return true;
}

static bool replace_out(u64 uop, const struct unmap_state *st)
{
	return !copy_to_guest_va(uop + offsetof(struct gnttab_unmap_and_replace, status),
				 &st->status, sizeof(st->status));
}

long gnttab_unmap_and_replace(u64 uop, unsigned int count)
{
	return unmap_batches(uop, count, sizeof(struct gnttab_unmap_and_replace), replace_in,
			     replace_out);
}
