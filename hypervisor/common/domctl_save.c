/*
 * domctl: what `xl save` / `xl restore` (libxc's xc_domain_save and
 * xc_domain_restore) ask of common code: resumedomain (a suspended domain
 * runs on: the toolstack cancelled the suspend, or checkpointed it) and
 * shadow_op, the log-dirty interface of live migration. The x86 vCPU and
 * page-type sub-ops are arch/x86/pv/domctl_save.c.
 *
 * shadow_op: the log-dirty ops (common/logdirty.c, which says what each
 * answers), after Xen's paging_domctl checks: not the caller's own domain,
 * a dying domain 0, a domain without vCPU 0 -EINVAL.
 *
 * Locking: none of its own; domain_resume() pauses the domain around the
 * change.
 */
#include <xeno/errno.h>
#include <xeno/logdirty.h>
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
	if (c.d == current->domain)
		return -EINVAL; /* as Xen's paging_domctl */
	if (c.d->is_dying)
		return 0;
	if (!c.d->max_vcpus || !c.d->vcpu[0])
		return -EINVAL;
	return logdirty_domctl(c.d, &op->u.shadow_op);
}
