/*
 * GNTTABOP_copy: copy bytes between two frames, each named by a grant
 * reference of some domain (granted to the caller) or by a frame number
 * of the caller itself (domid DOMID_SELF only). Each side is claimed in
 * Xen's order (source then destination): the domain, then the grant (pinned
 * as a host mapping while the copy runs: GTF_reading, and GTF_writing for
 * the destination) or the frame, with a general reference, and a writable
 * type reference for the destination; then the bounds are checked and the
 * bytes copied through the direct map. A side's claim is kept for the next
 * op of the same call when that op names the same side (the same domid and
 * grant reference, or the same frame), as netback's batches do, and
 * released otherwise; nothing outlives the hypercall. An op that fails
 * releases both sides. A side's domain is looked up again only when an op
 * names another domid than the last op did on that side (as Xen 4.17 keeps
 * its copy buffers' domains locked): lookups take no reference, and the
 * pointer is good until this CPU leaves the hypervisor (common/domain_reclaim.c).
 *
 * Locking: the granter's table lock only while pinning and unpinning (see
 * xeno/grant_table.h); the copy itself holds references, no lock.
 */
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/string.h>

struct copy_buf {
	struct domain *d;
	unsigned long mfn;
	grant_ref_t ref;
	domid_t domid;	  /* as the op named it (DOMID_SELF stays so) */
	domid_t d_domid;  /* the id d was looked up by, if have_domain */
	bool have_domain; /* d is valid until the call returns (no reference) */
	bool readonly, is_gref, have_grant, have_ref, have_type;
};

static u32 copy_pin(bool readonly)
{
	return readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
}

/* Pin (rd, ref) for the caller; on success the frame has one more reference. */
static s16 __attribute__((noinline)) acquire_grant(struct copy_buf *b, grant_ref_t ref)
{
	struct grant_table *rgt = b->d->grant_table;
	domid_t ldom = current->domain->domain_id;
	struct active_grant_entry *act;
	s16 rc = GNTST_okay;

	spin_lock(&rgt->lock);
	if (ref >= gnttab_nr_entries(rgt)) {
		spin_unlock(&rgt->lock);
		return GNTST_bad_gntref;
	}
	act = gnttab_active_peek(rgt, ref) ?: gnttab_active_get(rgt, ref);
	if (!act)
		rc = GNTST_general_error; /* no memory for the active entry */
	else if (act->pin &&
		 (act->domid != ldom || gnttab_pin_overflows(act->pin, copy_pin(b->readonly))))
		rc = GNTST_general_error;
	else if (gnttab_status_needed(act->pin, b->readonly))
		rc = gnttab_set_status_v1(gnttab_shared_entry(rgt, ref), act->pin, b->readonly,
					  false, ldom);
	if (rc == GNTST_okay) {
		unsigned long mfn = act->pin ? act->mfn : gnttab_shared_entry(rgt, ref)->frame;

		if (!gnttab_get_frame(b->d, mfn)) {
			rc = act->pin ? GNTST_bad_domain : GNTST_bad_page;
			gnttab_reduce_status_v1(gnttab_shared_entry(rgt, ref), act->pin,
						b->readonly);
		} else {
			act->domid = ldom;
			act->mfn = b->mfn = mfn;
			act->pin += copy_pin(b->readonly);
		}
	}
	spin_unlock(&rgt->lock);
	return rc;
}

static void __attribute__((noinline)) release_grant(struct copy_buf *b)
{
	struct grant_table *rgt = b->d->grant_table;
	struct active_grant_entry *act;

	spin_lock(&rgt->lock);
	act = gnttab_active(rgt, b->ref);
	act->pin -= copy_pin(b->readonly);
	gnttab_reduce_status_v1(gnttab_shared_entry(rgt, b->ref), act->pin, b->readonly);
	spin_unlock(&rgt->lock);
}

static inline void release_buf(struct copy_buf *b)
{
	if (b->have_grant)
		release_grant(b);
	if (b->have_type)
		gnttab_put_writable(b->d, b->mfn);
	if (b->have_ref)
		gnttab_put_frame(b->d, b->mfn);
	b->have_grant = b->have_type = b->have_ref = false;
}

/*
 * The side's domain, then: only the caller itself (DOMID_SELF) may name
 * frames directly. Debian's Xen 4.17.7+13 (with XSA-523's grant-copy fix)
 * answers in this order: a missing domain is GNTST_bad_domain even for a
 * frame (RELEASE-4.17.7 itself checked the frame first).
 */
static s16 lock_domain(struct copy_buf *b, const struct gnttab_copy_ptr *p, bool is_gref)
{
	if (!b->have_domain || b->d_domid != p->domid) {
		b->d = gnttab_domain_by_any_id(p->domid);
		b->d_domid = p->domid;
		b->have_domain = b->d != NULL;
	}
	if (!b->have_domain)
		return GNTST_bad_domain;
	return p->domid != DOMID_SELF && !is_gref ? GNTST_permission_denied : GNTST_okay;
}

static inline s16 claim_buf(struct copy_buf *b, const struct gnttab_copy_ptr *p, bool is_gref)
{
	s16 rc;

	if (is_gref) {
		b->ref = p->u.ref;
		if ((rc = acquire_grant(b, p->u.ref)) != GNTST_okay)
			return rc;
		b->have_grant = b->have_ref = true;
	} else {
		if (!gnttab_get_frame(b->d, p->u.gmfn))
			return GNTST_bad_page;
		b->mfn = p->u.gmfn;
		b->have_ref = true;
	}
	if (b->readonly)
		return GNTST_okay;
	if (!gnttab_get_writable(b->d, b->mfn))
		return GNTST_general_error;
	b->have_type = true;
	return GNTST_okay;
}

/* Does b still hold exactly the side p names (so its claim can be reused)? */
static bool buf_holds(const struct copy_buf *b, const struct gnttab_copy_ptr *p, bool is_gref)
{
	if (!b->have_ref || b->is_gref != is_gref || b->domid != p->domid)
		return false;
	return is_gref ? b->ref == p->u.ref : b->mfn == p->u.gmfn;
}

/* Claim the side p names afresh into b (its domain already looked up). */
static s16 claim_new(struct copy_buf *b, const struct gnttab_copy_ptr *p, bool is_gref)
{
	b->is_gref = is_gref;
	b->domid = p->domid;
	return claim_buf(b, p, is_gref);
}

/*
 * A side b does not hold any more is released first; then, in Xen's order,
 * the new sides' domains, then their grants or frames.
 */
static s16 copy_one(const struct gnttab_copy *op, struct copy_buf *src, struct copy_buf *dst)
{
	bool src_gref = op->flags & GNTCOPY_source_gref, dst_gref = op->flags & GNTCOPY_dest_gref;
	bool keep_src = buf_holds(src, &op->source, src_gref);
	bool keep_dst = buf_holds(dst, &op->dest, dst_gref);
	s16 rc;

	if (!keep_src && src->have_ref)
		release_buf(src);
	if (!keep_dst && dst->have_ref)
		release_buf(dst);
	if ((!keep_src && (rc = lock_domain(src, &op->source, src_gref)) != GNTST_okay) ||
	    (!keep_dst && (rc = lock_domain(dst, &op->dest, dst_gref)) != GNTST_okay) ||
	    (!keep_src && (rc = claim_new(src, &op->source, src_gref)) != GNTST_okay) ||
	    (!keep_dst && (rc = claim_new(dst, &op->dest, dst_gref)) != GNTST_okay))
		return rc;
	if (!gnttab_copy_in_page(op->source.offset, op->dest.offset, op->len))
		return GNTST_bad_copy_arg;
	paging_mark_dirty(dst->d, _mfn(dst->mfn));
	memcpy((u8 *)mfn_to_virt(_mfn(dst->mfn)) + op->dest.offset,
	       (const u8 *)mfn_to_virt(_mfn(src->mfn)) + op->source.offset, op->len);
	return GNTST_okay;
}

long gnttab_copy(u64 uop, unsigned int count)
{
	struct copy_buf src = {.readonly = true}, dst = {.readonly = false};
	struct gnttab_copy op;
	long rc = 0;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest_va(&op, uop, sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		op.status = copy_one(&op, &src, &dst);
		if (op.status != GNTST_okay) {
			release_buf(&dst);
			release_buf(&src);
		}
		if (copy_to_guest_va(uop + offsetof(struct gnttab_copy, status), &op.status,
				     sizeof(op.status))) {
			rc = -EFAULT;
			break;
		}
	}
	release_buf(&dst);
	release_buf(&src);
	return rc;
}
