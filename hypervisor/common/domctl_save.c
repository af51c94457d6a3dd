/*
 * domctl: what `xl save` / `xl restore` (libxc's xc_domain_save and
 * xc_domain_restore) ask of common code: resumedomain (a suspended domain
 * runs on: the toolstack cancelled the suspend, or checkpointed it) and
 * shadow_op, the log-dirty interface of live migration. The x86 vCPU and
 * page-type sub-ops are arch/x86/pv/domctl_save.c.
 *
 * shadow_op: xeno has no log-dirty mode yet (toolstack-abi.md §5.3). OFF
 * succeeds, as on Xen when nothing is enabled (libxc's save issues it at
 * the end of every save, non-live included); every other op is
 * -EOPNOTSUPP, so `xl migrate` (live) fails cleanly at its first
 * ENABLE_LOGDIRTY and leaves the domain running.
 *
 * Locking: none of its own; domain_resume() pauses the domain around the
 * change.
 */
#include <xeno/errno.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/domctl.h>

long domctl_resumedomain(struct xen_domctl *op, struct subop_call c)
{
	if (c.d == current->domain)
		return -EINVAL; /* as Xen: it cannot pause itself */
	domain_resume(c.d);
	return 0;
}

long domctl_shadow_op(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_shadow_op *sc = &op->u.shadow_op;

	if (c.d == current->domain)
		return -EINVAL; /* as Xen's paging_domctl */
	if (c.d->is_dying)
		return 0;
	switch (sc->op) {
	case XEN_DOMCTL_SHADOW_OP_OFF: return 0;
	default: return -EOPNOTSUPP;
	}
}
