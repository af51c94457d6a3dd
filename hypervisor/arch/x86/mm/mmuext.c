/*
 * mmuext_op, the part that needs no page-table validation: switching the
 * kernel and user L4 to a frame that is ALREADY a validated L4 of the
 * caller's (from the domain builder), and local TLB flushes. Pinning new
 * tables and the remaining commands need the page-type machinery of the PV
 * MM work (issue 4) and return -ENOSYS until then, so isolation is never
 * weakened: no frame becomes a page table here.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define MAX_MMUEXT_OPS 1024

static bool is_own_validated_l4(struct domain *d, u64 mfn)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return false;
	pg = mfn_to_page(_mfn(mfn));
	return page_owned_by(pg, d) && (pg->type_info & PGT_type_mask) == PGT_l4_page_table &&
	       (pg->type_info & PGT_validated);
}

static void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

static long one_op(struct vcpu *v, const struct mmuext_op *op)
{
	struct pv_vcpu *pv = &v->pv;

	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
		if (!pv->kernel_mode || !is_own_validated_l4(v->domain, op->arg1.mfn))
			return -EINVAL;
		pv->guest_table = _mfn(op->arg1.mfn);
		write_cr3(mfn_to_maddr(pv->guest_table));
		return 0;
	case MMUEXT_NEW_USER_BASEPTR:
		if (!op->arg1.mfn) {
			pv->guest_table_user = INVALID_MFN;
			return 0;
		}
		if (!is_own_validated_l4(v->domain, op->arg1.mfn))
			return -EINVAL;
		pv->guest_table_user = _mfn(op->arg1.mfn);
		return 0;
	case MMUEXT_TLB_FLUSH_LOCAL: flush_tlb_local(); return 0;
	case MMUEXT_INVLPG_LOCAL:
		if (!guest_range_ok(op->arg1.linear_addr, 1))
			return -EINVAL;
		invlpg(op->arg1.linear_addr);
		return 0;
	default: return -ENOSYS;
	}
}

long do_mmuext_op(u64 ops, u64 count, u64 done_ptr, u64 foreigndom, u64 a5)
{
	struct mmuext_op op;
	u64 done = 0;
	long rc = 0;

	if (count > MAX_MMUEXT_OPS)
		return -EINVAL;
	if ((u16)foreigndom != DOMID_SELF)
		return -ESRCH;
	for (; done < count; done++, ops += sizeof(op)) {
		if (copy_from_guest(&op, ops, sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		if ((rc = one_op(current, &op)) < 0)
			break;
	}
	if (done_ptr && copy_to_guest(done_ptr, &done, sizeof(u32)))
		return -EFAULT;
	return rc;
}
