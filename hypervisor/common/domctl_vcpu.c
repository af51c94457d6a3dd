/*
 * domctl: a vCPU's state from the control domain: setvcpucontext (the
 * first context goes through the same checks and loading as
 * VCPUOP_initialise; later ones reload the registers of the same tables, as
 * Xen; VGCF_online brings the vCPU up, its absence takes it down),
 * getvcpucontext (of a paused vCPU), getvcpuinfo, set/getvcpuaffinity.
 *
 * Affinity: the hard map is what the scheduler honours (a vCPU on a CPU
 * outside a new map leaves it at its next scheduling decision); the soft
 * map is kept and reported only. Maps come back as they took effect (hard:
 * with the online CPUs; soft: with the hard map too), as Xen reports them.
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
#include <xeno/smp.h>
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
	domain_pause_sync(d);
	rc = vcpu_set_context(v, ctx);
	if (!rc && (ctx->flags & VGCF_online))
		vcpu_unpause_flag(v, VPF_down);
	else if (!rc)
		vcpu_pause_flag(v, VPF_down);
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

/* A guest bitmap of CPUs or nodes as a mask (bits beyond 64 ignored). */
static long bitmap_in(const struct xenctl_bitmap *b, u64 *mask)
{
	unsigned int bytes = MIN((b->nr_bits + 7) / 8, 8u);

	*mask = 0;
	if (bytes && copy_from_guest_raw(mask, (u64)b->bitmap.p, bytes))
		return -EFAULT;
	if (b->nr_bits < 64)
		*mask &= (1ULL << b->nr_bits) - 1;
	return 0;
}

/* mask into a guest bitmap, its bytes beyond 64 bits zeroed. */
static long bitmap_out(const struct xenctl_bitmap *b, u64 mask)
{
	unsigned int bytes = (b->nr_bits + 7) / 8;
	u8 zero = 0;

	if (copy_to_guest_raw((u64)b->bitmap.p, &mask, MIN(bytes, 8u)))
		return -EFAULT;
	for (unsigned int i = 8; i < bytes; i++)
		if (copy_to_guest_raw((u64)b->bitmap.p + i, &zero, 1))
			return -EFAULT;
	return 0;
}

/* The vCPU an affinity request names: -EINVAL beyond max_vcpus, -ESRCH if absent. */
static struct vcpu *affinity_vcpu(struct domain *d, const struct xen_domctl_vcpuaffinity *a,
				  long *rc)
{
	struct vcpu *v = a->vcpu < d->max_vcpus ? d->vcpu[a->vcpu] : NULL;

	*rc = a->vcpu >= d->max_vcpus ? -EINVAL : v ? 0 : -ESRCH;
	if (v && !(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)))
		*rc = -EINVAL;
	return *rc ? NULL : v;
}

long domctl_setvcpuaffinity(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
	u64 hard = 0, soft = 0;
	long rc;
	struct vcpu *v = affinity_vcpu(c.d, a, &rc);

	if (!v)
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = bitmap_in(&a->cpumap_hard, &hard)))
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = bitmap_in(&a->cpumap_soft, &soft)))
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_HARD) && !(hard & cpu_online_map))
		return -EINVAL;
	if (a->flags & XEN_VCPUAFFINITY_HARD)
		__atomic_store_n(&v->cpu_affinity, hard & cpu_online_map, __ATOMIC_RELEASE);
	if (a->flags & XEN_VCPUAFFINITY_SOFT)
		v->soft_affinity = soft;
	if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	    (rc = bitmap_out(&a->cpumap_hard, v->cpu_affinity)))
		return rc;
	if (a->flags & XEN_VCPUAFFINITY_SOFT)
		rc = bitmap_out(&a->cpumap_soft, soft & v->cpu_affinity);
	return rc;
}

long domctl_getvcpuaffinity(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
	long rc;
	struct vcpu *v = affinity_vcpu(c.d, a, &rc);

	if (!v)
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	    (rc = bitmap_out(&a->cpumap_hard, v->cpu_affinity)))
		return rc;
	if (a->flags & XEN_VCPUAFFINITY_SOFT)
		rc = bitmap_out(&a->cpumap_soft, v->soft_affinity);
	return rc;
}

/* One NUMA node (0): a node map must include it. */
long domctl_setnodeaffinity(struct xen_domctl *op, struct subop_call c)
{
	u64 nodes;
	long rc = bitmap_in(&op->u.nodeaffinity.nodemap, &nodes);

	return rc ? rc : nodes & 1 ? 0 : -EINVAL;
}

long domctl_getnodeaffinity(struct xen_domctl *op, struct subop_call c)
{
	return bitmap_out(&op->u.nodeaffinity.nodemap, 1);
}
