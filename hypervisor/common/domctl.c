/*
 * domctl: what a privileged domain may do to another (the toolstack's
 * interface). Implemented: getdomaininfo, destroydomain, pausedomain, unpausedomain,
 * scheduler_op (weight and cap, as Xen 4.17's default credit2 scheduler
 * names them), max_mem. Everything else is -ENOSYS.
 *
 * The request is copied in whole, checked in Xen's order (interface
 * version, then the target domain and privilege through domain_target()),
 * handled by its row of the domctl table, and copied back
 * whole when the row says so.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <public/domctl.h>

#define SCHEDULER_ID XEN_SCHEDULER_CREDIT2

u64 vcpu_cpu_time(const struct vcpu *v)
{
	u64 t = v->runstate.time[RUNSTATE_running];

	if (v->runstate.state == RUNSTATE_running)
		t += (u64)NOW() - v->runstate.state_entry_time;
	return t;
}

static u64 domain_cpu_time(const struct domain *d)
{
	u64 t = 0;

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			t += vcpu_cpu_time(d->vcpu[i]);
	return t;
}

/* The flags, online vCPUs and the highest vCPU id (of those that exist, as Xen). */
static u32 domain_flags(const struct domain *d, u32 *online, u32 *max_id)
{
	u32 flags = 0, blocked = 0;

	*online = 0;
	*max_id = XEN_INVALID_MAX_VCPU_ID;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];

		if (v)
			*max_id = i;
		if (!v || (v->pause_flags & VPF_down))
			continue;
		(*online)++;
		blocked += !!(v->pause_flags & VPF_blocked);
		flags |= v->is_running ? XEN_DOMINF_running : 0;
	}
	if (*online && blocked == *online)
		flags |= XEN_DOMINF_blocked;
	if (d->is_dying)
		flags |= XEN_DOMINF_dying;
	if (d->is_shutting_down)
		flags |= XEN_DOMINF_shutdown |
			 ((d->shutdown_code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift);
	if (d->ctrl_pause_count)
		flags |= XEN_DOMINF_paused;
	return flags;
}

/* c.d: the first domain with an id at or above op->domain (Xen's semantics). */
long domctl_getdomaininfo(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_getdomaininfo *info = &op->u.getdomaininfo;
	struct domain *d = c.d;

	memset(info, 0, sizeof(*info));
	op->domain = info->domain = d->domain_id;
	info->flags = domain_flags(d, &info->nr_online_vcpus, &info->max_vcpu_id);
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->shared_info_frame = mfn_x(virt_to_mfn(d->shared_info));
	info->cpu_time = domain_cpu_time(d);
	memcpy(info->handle, d->handle, sizeof(info->handle));
	return 0;
}

long domctl_pausedomain(struct xen_domctl *op, struct subop_call c)
{
	struct domain *d = c.d;

	if (d == current->domain)
		return -EINVAL;
	__atomic_add_fetch(&d->ctrl_pause_count, 1, __ATOMIC_SEQ_CST);
	domain_pause_sync(d);
	return 0;
}

long domctl_unpausedomain(struct xen_domctl *op, struct subop_call c)
{
	struct domain *d = c.d;
	int n = __atomic_load_n(&d->ctrl_pause_count, __ATOMIC_ACQUIRE);

	if (d == current->domain)
		return -EINVAL;
	do {
		if (n == 0)
			return -EINVAL; /* not paused by us */
	} while (!__atomic_compare_exchange_n(&d->ctrl_pause_count, &n, n - 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
	d->creation_finished = true;
	domain_unpause(d);
	return 0;
}

long domctl_scheduler_op(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;
	struct domain *d = c.d;

	if (s->sched_id != SCHEDULER_ID)
		return -EINVAL;
	switch (s->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		s->u.credit2.weight = (u16)d->weight;
		s->u.credit2.cap = (u16)d->cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (s->u.credit2.cap > 100 * d->max_vcpus)
			return -EINVAL;
		sched_set_params(d, s->u.credit2.weight, s->u.credit2.cap);
		return 0;
	default: return -EINVAL;
	}
}

long domctl_destroydomain(struct xen_domctl *op, struct subop_call c)
{
	return domain_kill(c.d);
}

/*
 * As Xen: a limit below what the domain holds is accepted (a balloon
 * target); allocations fail until the domain is back under it. max_pages
 * 0 still means no limit (a domain the control domain has not limited).
 */
long domctl_max_mem(struct xen_domctl *op, struct subop_call c)
{
	struct domain *d = c.d;
	u64 pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
	unsigned long flags = spin_lock_irqsave(&d->page_lock);

	d->max_pages = (unsigned long)pages;
	spin_unlock_irqrestore(&d->page_lock, flags);
	return 0;
}

/*
 * The request is checked in Xen's order (interface version, the target
 * domain, privilege), then dispatched by its table (xeno/hypercalls.def)
 * and copied back whole when the row says so.
 */
long do_domctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	XEN_GUEST_HANDLE(xen_domctl_t) hnd = guest_handle_from(xen_domctl_t, arg);
	struct subop_call c = {.arg = guest_handle_from(void, arg)};
	const struct subop *s;
	struct xen_domctl op;
	long rc;

	if (copy_from_guest(&op, hnd, 1))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	/* createdomain names no domain (Xen looks none up). */
	c.d = op.cmd == XEN_DOMCTL_createdomain
		      ? NULL
		      : domain_target(op.domain,
				      op.cmd == XEN_DOMCTL_getdomaininfo ? TARGET_PRIV_AT_OR_ABOVE
									 : TARGET_PRIV,
				      &rc);
	if (!c.d && op.cmd != XEN_DOMCTL_createdomain)
		return rc;
	if (!(s = subop_lookup(SUBOPS_domctl, op.cmd)))
		return -ENOSYS;
	if ((rc = subop_permitted(s)))
		return rc;
	rc = s->fn(&op, c);
	if (subop_copies_back(s, rc) && copy_to_guest(hnd, &op, 1))
		return -EFAULT;
	return rc;
}
