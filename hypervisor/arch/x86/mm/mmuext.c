/*
 * mmuext_op: pinning and unpinning page tables, switching the kernel and
 * user L4 (each held with a general and a type reference by the vCPU),
 * TLB and cache flushes, LDT base, page copy/clear. Commands run in order
 * and stop at the first failure; *done reports how many succeeded. Every 8
 * commands a long batch may be preempted (continued as mmu_update is).
 * Each command is a row of the mmuext_op table (xeno/hypercalls.def).
 *
 * A pin holds one general and one type reference on the frame (the type
 * machine's PGT_pinned marks it, once). Flushes for other vCPUs reach the
 * CPUs they are loaded on: MULTI those of the vCPUs named, ALL every CPU
 * running one of the domain's; a vCPU that is not running has no
 * translations (a context switch flushes everything).
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <xeno/trace.h>
#include <asm/guest_words.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define MAX_LDT_ENTRIES 8192

static int pin(struct domain *d, u64 mfn, unsigned int level)
{
	struct page_type_ops ops = pv_type_ops(d);
	struct page_info *pg;
	int rc;

	if (mfn >= max_page || !get_page(pg = mfn_to_page(_mfn(mfn)), page_owner_tag(d)))
		return -EINVAL;
	rc = pin_page_type(pg, pt_type_of_level(level), &ops);
	if (rc)
		put_page(pg, &ops);
	else
		paging_mark_dirty(d, _mfn(mfn)); /* as Xen: a pin dirties the frame */
	return rc == -EBUSY ? -EINVAL : rc;	 /* already pinned: -EINVAL, as Xen */
}

static int unpin(struct domain *d, u64 mfn)
{
	struct page_type_ops ops = pv_type_ops(d);
	struct page_info *pg;

	if (mfn >= max_page || !page_owned_by(pg = mfn_to_page(_mfn(mfn)), d))
		return -EINVAL;
	if (unpin_page_type(pg, &ops))
		return -EINVAL;
	paging_mark_dirty(d, _mfn(mfn)); /* and so does an unpin */
	put_page(pg, &ops);
	return 0;
}

/* Replace *slot with a referenced L4 (mfn 0 clears a user L4). */
static int switch_l4(struct domain *d, mfn_t *slot, u64 mfn, bool may_clear)
{
	mfn_t old = *slot;

	if (mfn == mfn_x(old))
		return 0;
	if (!(may_clear && mfn == 0) && pv_get_base_table(d, _mfn(mfn)))
		return -EINVAL;
	/* seq_cst: pv_shadow_update_roots() looks at shadow.on next (mm/shadow.c) */
	__atomic_store_n(&slot->m, (may_clear && mfn == 0) ? mfn_x(INVALID_MFN) : mfn,
			 __ATOMIC_SEQ_CST);
	if (mfn_x(old) != mfn_x(INVALID_MFN))
		pv_put_table(d, old);
	return 0;
}

static bool m2p_strict(const struct domain *d)
{
	return d->vm_assist & (1UL << VMASST_TYPE_m2p_strict);
}

int pv_set_kernel_base(struct vcpu *v, u64 mfn)
{
	int rc = switch_l4(v->domain, &v->pv.guest_table, mfn, false);

	if (!rc && !m2p_strict(v->domain)) {
		pv_set_ro_mpt(v->pv.guest_table, true);
		pv_shadow_resync(v->domain, v->pv.guest_table, RO_MPT_SLOT, 4);
	}
	if (!rc)
		pv_shadow_update_roots(v);
	if (!rc && v->pv.kernel_mode)
		write_cr3(pv_vcpu_root(v, true));
	return rc;
}

static int new_user_baseptr(struct vcpu *v, u64 mfn)
{
	int rc;

	if (mfn == mfn_x(v->pv.guest_table_user))
		return 0;
	rc = switch_l4(v->domain, &v->pv.guest_table_user, mfn, true);
	if (!rc && mfn && m2p_strict(v->domain)) {
		pv_set_ro_mpt(v->pv.guest_table_user, false);
		pv_shadow_resync(v->domain, v->pv.guest_table_user, RO_MPT_SLOT, 4);
	}
	if (!rc)
		pv_shadow_update_roots(v);
	if (!rc && !v->pv.kernel_mode && mfn_x(v->pv.guest_table_user) != mfn_x(INVALID_MFN))
		write_cr3(pv_vcpu_root(v, false));
	return rc;
}

static int set_ldt(struct vcpu *v, u64 base, u32 ents)
{
	if ((base & (PAGE_SIZE - 1)) || ents > MAX_LDT_ENTRIES ||
	    (ents && !guest_range_ok(base, (size_t)ents * 8)))
		return -EINVAL;
	return pv_set_ldt(v, base, ents);
}

static int copy_or_clear(struct domain *d, u64 dst, u64 src, bool copy)
{
	int rc = 0;

	if (pv_get_page_and_type(d, _mfn(dst), PGT_writable_page))
		return -EINVAL;
	paging_mark_dirty(d, _mfn(dst));
	if (!copy)
		memset(mfn_to_virt(_mfn(dst)), 0, PAGE_SIZE);
	else if (src < max_page && get_page(mfn_to_page(_mfn(src)), page_owner_tag(d))) {
		memcpy(mfn_to_virt(_mfn(dst)), mfn_to_virt(_mfn(src)), PAGE_SIZE);
		put_page(mfn_to_page(_mfn(src)), NULL);
	} else
		rc = -EINVAL;
	pv_put_page_and_type(d, _mfn(dst));
	return rc;
}

/* --- the sub-ops: rows of the mmuext_op table (xeno/hypercalls.def) ---- */

long mmuext_pin_table(struct mmuext_op *op, struct subop_call c)
{
	return pin(c.v->domain, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
}

long mmuext_unpin_table(struct mmuext_op *op, struct subop_call c)
{
	return unpin(c.v->domain, op->arg1.mfn);
}

long mmuext_new_baseptr(struct mmuext_op *op, struct subop_call c)
{
	return pv_set_kernel_base(c.v, op->arg1.mfn);
}

long mmuext_new_user_baseptr(struct mmuext_op *op, struct subop_call c)
{
	return new_user_baseptr(c.v, op->arg1.mfn);
}

/*
 * TLB_FLUSH_MULTI, INVLPG_MULTI: the CPUs the named vCPUs are loaded on,
 * this one only if its vCPU is named (as Xen); an unreadable bitmap -EFAULT.
 */
long mmuext_flush_multi(struct mmuext_op *op, struct subop_call c)
{
	u64 cpus;

	if (pv_vcpumask_to_cpus(c.v->domain, guest_handle_addr(op->arg2.vcpumask), &cpus))
		return -EFAULT;
	pv_flush_cpus(cpus, op->arg1.linear_addr, op->cmd == MMUEXT_INVLPG_MULTI);
	return 0;
}

long mmuext_flush_all(struct mmuext_op *op, struct subop_call c)
{
	pv_flush_domain_tlbs(c.v->domain);
	return 0;
}

long mmuext_tlb_flush_local(struct mmuext_op *op, struct subop_call c)
{
	flush_tlb_local();
	return 0;
}

long mmuext_invlpg_local(struct mmuext_op *op, struct subop_call c)
{
	if (guest_range_ok(op->arg1.linear_addr, 1))
		invlpg(op->arg1.linear_addr);
	return 0;
}

/* FLUSH_CACHE, FLUSH_CACHE_GLOBAL: privileged domains (others -EACCES, as Xen). */
long mmuext_flush_cache(struct mmuext_op *op, struct subop_call c)
{
	if (!c.v->domain->is_privileged)
		return -EACCES;
	__asm__ __volatile__("wbinvd" ::: "memory");
	return 0;
}

long mmuext_set_ldt(struct mmuext_op *op, struct subop_call c)
{
	return set_ldt(c.v, op->arg1.linear_addr, op->arg2.nr_ents);
}

long mmuext_clear_page(struct mmuext_op *op, struct subop_call c)
{
	return copy_or_clear(c.v->domain, op->arg1.mfn, 0, false);
}

long mmuext_copy_page(struct mmuext_op *op, struct subop_call c)
{
	return copy_or_clear(c.v->domain, op->arg1.mfn, op->arg2.src_mfn, true);
}

/*
 * A command naming another domain's frames (foreigndom: how a toolstack
 * pins a new domain's tables, as libxc does): pins and unpins only, like
 * Xen (other commands -EPERM); none once that domain is being destroyed.
 */
static long foreign_op(struct domain *owner, const struct mmuext_op *op)
{
	if (op->cmd > MMUEXT_UNPIN_TABLE)
		return -EPERM;
	if (__atomic_load_n(&owner->is_dying, __ATOMIC_ACQUIRE))
		return -EINVAL;
	if (op->cmd == MMUEXT_UNPIN_TABLE)
		return unpin(owner, op->arg1.mfn);
	return pin(owner, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
}

/* foreigndom's domain: the caller (DOMID_SELF), or another it may act on. */
static struct domain *batch_owner(u64 foreigndom, long *rc)
{
	struct domain *d;

	if ((u16)foreigndom == DOMID_SELF)
		return current->domain;
	*rc = -ESRCH; /* its own id, as Xen: "itself as foreign"; reserved ids */
	if ((u16)foreigndom >= DOMID_FIRST_RESERVED ||
	    !(d = domain_target((domid_t)foreigndom, TARGET_PG_OWNER, rc)))
		return NULL;
	*rc = -EPERM;
	return domain_target_allowed(d) ? d : NULL;
}

/*
 * One command of the caller's own: the two base-table switches (Linux's
 * context switch issues both, in one call) straight to their rows'
 * handlers, unless sub-ops are traced; any other through its row.
 */
static inline __attribute__((always_inline)) long own_op(struct mmuext_op *op, struct subop_call c)
{
	if (likely(!(trace_on & (1u << TRC_CAT_HYPERCALL)))) {
		if (op->cmd == MMUEXT_NEW_BASEPTR)
			return pv_set_kernel_base(c.v, op->arg1.mfn);
		if (op->cmd == MMUEXT_NEW_USER_BASEPTR)
			return new_user_baseptr(c.v, op->arg1.mfn);
	}
	return subop_invoke(SUBOPS_mmuext_op, op->cmd, op, c);
}

/* The batch: each entry copied in, then dispatched by its cmd. */
long do_mmuext_op(u64 ops, u64 count, u64 done_ptr, u64 foreigndom, u64 a5)
{
	XEN_GUEST_HANDLE(mmuext_op_t) list = guest_handle_from(mmuext_op_t, ops);
	XEN_GUEST_HANDLE(uint) done_hnd = guest_handle_from(uint, done_ptr);
	struct subop_call c = {.v = current};
	struct mmuext_op op;
	u32 done = 0, prior = 0;
	long rc = 0;

	struct domain *owner = batch_owner(foreigndom, &rc);

	if (!owner)
		return rc;
	if (pv_batch_resume(&count, done_ptr, &prior))
		return -EFAULT;
	for (; done < count; done++, guest_handle_add_offset(list, 1)) {
		BUILD_BUG_ON(sizeof(op) != 3 * sizeof(u64));
		if (done && !(done % 8) && hypercall_preempt_check()) {
			rc = hypercall_create_continuation(
				__HYPERVISOR_mmuext_op, guest_handle_addr(list),
				(count - done) | MMU_UPDATE_PREEMPTED, done_ptr, foreigndom, 0);
			break;
		}
		if (guest_words_get((u64 *)&op, guest_handle_addr(list), 3)) {
			rc = -EFAULT;
			break;
		}
		rc = owner == current->domain ? own_op(&op, c) : foreign_op(owner, &op);
		if (rc < 0)
			break;
	}
	done += prior;
	if (!guest_handle_is_null(done_hnd) && copy_to_guest(done_hnd, &done, 1))
		return -EFAULT;
	return rc;
}
