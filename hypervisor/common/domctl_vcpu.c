/*
 * domctl: a vCPU's state from the control domain: setvcpucontext (the
 * context goes through the same checks and loading as VCPUOP_initialise,
 * vcpu_load_context(), once per vCPU; VGCF_online then brings it up),
 * getvcpucontext (of a paused vCPU), getvcpuinfo.
 *
 * The context (5 KiB) is copied in and out here through the handle in the
 * request, in a buffer of the heap. The target domain is paused (set) or the
 * vCPU is (get) while its state is read or written; the caller's own domain
 * is refused (-EINVAL), as Xen does since it cannot pause itself.
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <public/domctl.h>

/* vCPU id of d, if it exists and d is not the caller's domain (Xen: -EINVAL otherwise). */
static struct vcpu *named_vcpu(struct domain *d, u32 id)
{
	return id < d->max_vcpus && d != current->domain ? d->vcpu[id] : NULL;
}

long domctl_setvcpucontext(struct xen_domctl *op, struct subop_call c)
{
	struct domain *d = c.d;
	struct vcpu *v = named_vcpu(d, op->u.vcpucontext.vcpu);
	struct vcpu_guest_context *ctx;
	long rc;

	if (!v)
		return -EINVAL;
	if (guest_handle_is_null(op->u.vcpucontext.ctxt))
		return -EOPNOTSUPP; /* resetting a vCPU: not in xeno */
	if (!(ctx = xmalloc(struct vcpu_guest_context)))
		return -ENOMEM;
	if (copy_from_guest(ctx, op->u.vcpucontext.ctxt, 1)) {
		xfree(ctx);
		return -EFAULT;
	}
	domain_pause(d);
	rc = vcpu_load_context(v, ctx);
	if (!rc && (ctx->flags & VGCF_online))
		vcpu_unpause_flag(v, VPF_down);
	domain_unpause(d);
	xfree(ctx);
	return rc;
}

long domctl_getvcpucontext(struct xen_domctl *op, struct subop_call c)
{
	struct vcpu *v = named_vcpu(c.d, op->u.vcpucontext.vcpu);
	struct vcpu_guest_context *ctx;
	long rc = 0;

	if (!v)
		return -EINVAL;
	if (!v->is_initialised)
		return -ENODATA;
	if (!(ctx = xzalloc(struct vcpu_guest_context)))
		return -ENOMEM;
	domain_pause_sync(c.d);
	arch_get_info_guest(v, ctx);
	domain_unpause(c.d);
	if (copy_to_guest(op->u.vcpucontext.ctxt, ctx, 1))
		rc = -EFAULT;
	xfree(ctx);
	return rc;
}

long domctl_getvcpuinfo(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_getvcpuinfo *info = &op->u.getvcpuinfo;
	const struct vcpu *v;
	u32 flags;

	if (info->vcpu >= c.d->max_vcpus)
		return -EINVAL;
	if (!(v = c.d->vcpu[info->vcpu]))
		return -ESRCH;
	flags = __atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE);
	info->online = !(flags & VPF_down);
	info->blocked = !!(flags & VPF_blocked);
	info->running = v->is_running;
	info->cpu_time = vcpu_cpu_time(v);
	info->cpu = v->processor;
	return 0;
}
