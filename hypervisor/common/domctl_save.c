/*
 * domctl: what `xl save` / `xl restore` (libxc's xc_domain_save and
 * xc_domain_restore) ask of common code: resumedomain (a suspended domain
 * runs on: the toolstack cancelled the suspend, or checkpointed it) and
 * shadow_op, the log-dirty interface of live migration. The x86 vCPU and
 * page-type sub-ops are arch/x86/pv/domctl_save.c.
 *
 * shadow_op: xeno has no shadow paging and no log-dirty mode
 * (toolstack-abi.md §5.3), which is also how Debian builds Xen 4.17
 * (CONFIG_SHADOW_PAGING off), so it answers as that binary does for a PV
 * domain: ENABLE_LOGDIRTY (or ENABLE with LOG_DIRTY) -EOPNOTSUPP, OFF and
 * the other shadow ops -EINVAL (libxc's save issues OFF at its end and
 * ignores the result). CLEAN and PEEK: -EINVAL for mode bits other than
 * LOGDIRTY_FINAL, then -EOPNOTSUPP (Debian's Xen returns an empty bitmap).
 * So `xl migrate` (live) fails cleanly at its start and the domain runs on.
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
	case XEN_DOMCTL_SHADOW_OP_ENABLE:
		return sc->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY ? -EOPNOTSUPP : -EINVAL;
	case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY: return -EOPNOTSUPP;
	case XEN_DOMCTL_SHADOW_OP_CLEAN:
	case XEN_DOMCTL_SHADOW_OP_PEEK:
		return sc->mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL ? -EINVAL : -EOPNOTSUPP;
	default: return -EINVAL; /* OFF included: there is no shadow mode */
	}
}
