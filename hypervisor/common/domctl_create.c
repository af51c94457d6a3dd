/*
 * domctl: building a domain at run time, as Xen 4.17's toolstack does
 * before a PV domU's first instruction: createdomain, max_vcpus,
 * set_address_size and get_address_size, settscinfo and gettscinfo
 * (vCPU state: domctl_vcpu.c). xeno never emulates the TSC: the default
 * and never-emulate modes are accepted (and reported back), always-emulate
 * is -EOPNOTSUPP.
 *
 * createdomain checks the configuration in Xen 4.17's order and with its
 * errors (common sanitise_domain_config, then x86's, then the emulation
 * flags, then the grant table's limits), takes an id and makes the domain
 * paused by the control domain (ctrl_pause_count 1), with its vCPU array
 * but no vCPUs: max_vcpus creates them, all down, as in Xen.
 *
 * Domain ids: a destroyed domain stays a zombie while others map its
 * frames (its frames' owner field names it), so an id is free only when
 * neither a live domain nor a zombie has it (domain_by_owner finds both);
 * a released zombie's id is free again (common/domain_reclaim.c). Free ids
 * are found round-robin from the last one given, as Xen's rover does.
 *
 * Locking: create_lock serialises choosing an id with listing the domain,
 * so two createdomains cannot take the same id.
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <xeno/time.h>
#include <public/domctl.h>

#define CDF_KNOWN                                                                   \
	(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |    \
	 XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu | \
	 XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)
#define GNTTAB_MAX_VERSION 1		/* no grant table v2 */
#define GNTTAB_MAX_MAPTRACK_FRAMES 1024 /* Xen's default gnttab_max_maptrack_frames */

static DEFINE_SPINLOCK(create_lock);
static domid_t rover; /* the last id given out */

/* Xen's common checks; xeno has no IOMMU, vmtrace or vPMU to offer. */
static long check_common(const struct xen_domctl_createdomain *c)
{
	if ((c->flags & ~CDF_KNOWN) || (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask))
		return -EINVAL;
	if (c->max_vcpus < 1)
		return -EINVAL;
	if ((c->flags & XEN_DOMCTL_CDF_hap) && !(c->flags & XEN_DOMCTL_CDF_hvm))
		return -EINVAL;
	if ((c->flags & XEN_DOMCTL_CDF_iommu) || c->iommu_opts)
		return -EINVAL;
	if (c->vmtrace_size || (c->flags & XEN_DOMCTL_CDF_vpmu))
		return -EINVAL;
	return 0;
}

/* x86's checks for a PV domain, then the emulated devices (PV: none, or the PIT). */
static long check_arch(const struct xen_domctl_createdomain *c)
{
	u32 em = c->arch.emulation_flags;

	if ((c->flags & XEN_DOMCTL_CDF_hvm) || c->max_vcpus > MAX_DOMAIN_VCPUS)
		return -EINVAL;
	if (c->flags & (XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_nested_virt))
		return -EINVAL;
	if ((c->arch.misc_flags & ~XEN_X86_MSR_RELAXED) || (em & ~XEN_X86_EMU_ALL))
		return -EINVAL;
	return em && em != XEN_X86_EMU_PIT ? -EOPNOTSUPP : 0;
}

/* The grant table's version and sizes (-1: the default), then the pool. */
static long check_limits(const struct xen_domctl_createdomain *c)
{
	unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);
	s32 frames = c->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES : c->max_grant_frames;

	if (!version || version > GNTTAB_MAX_VERSION)
		return -EINVAL;
	if (frames < 1 || frames > GNTTAB_MAX_FRAMES ||
	    c->max_maptrack_frames > GNTTAB_MAX_MAPTRACK_FRAMES)
		return -EINVAL;
	return c->cpupool_id ? -ESRCH : 0; /* pool 0 only */
}

static bool domid_is_free(domid_t dom)
{
	return !domain_by_owner((u32)dom + 1); /* live or zombie */
}

/* The id asked for (0 or reserved: any); create_lock held. */
static long choose_domid(domid_t want, domid_t *dom)
{
	if (want && want < DOMID_FIRST_RESERVED) {
		*dom = want;
		return domid_is_free(want) ? 0 : -EEXIST;
	}
	for (unsigned int n = 1; n < DOMID_FIRST_RESERVED; n++) {
		domid_t id = (domid_t)((rover + n - 1) % (DOMID_FIRST_RESERVED - 1) + 1);

		if (domid_is_free(id)) {
			*dom = rover = id;
			return 0;
		}
	}
	return -ENOMEM;
}

long domctl_createdomain(struct xen_domctl *op, struct subop_call c)
{
	const struct xen_domctl_createdomain *cfg = &op->u.createdomain;
	struct domain *d = NULL;
	domid_t dom = 0;
	long rc;

	if ((rc = check_common(cfg)) || (rc = check_arch(cfg)) || (rc = check_limits(cfg)))
		return rc;
	spin_lock(&create_lock);
	rc = choose_domid(op->domain, &dom);
	if (!rc && !(d = domain_create(dom, false, cfg->max_vcpus)))
		rc = -ENOMEM;
	spin_unlock(&create_lock);
	if (rc)
		return rc;
	/* Paused by the toolstack until its unpausedomain (no vCPU runs yet anyway). */
	__atomic_store_n(&d->ctrl_pause_count, 1, __ATOMIC_RELEASE);
	domain_pause(d);
	d->grant_table->max_frames =
		cfg->max_grant_frames < 0 ? GNTTAB_MAX_FRAMES : (unsigned int)cfg->max_grant_frames;
	memcpy(d->handle, cfg->handle, sizeof(d->handle));
	op->domain = dom;
	return 0;
}

long domctl_max_vcpus(struct xen_domctl *op, struct subop_call c)
{
	struct domain *d = c.d;
	long rc = 0;

	if (d == current->domain || op->u.max_vcpus.max != d->max_vcpus)
		return -EINVAL;
	domain_pause(d);
	for (unsigned int i = 0; !rc && i < d->max_vcpus; i++)
		if (!d->vcpu[i] && !vcpu_create(d, i, i % num_online_cpus()))
			rc = -ENOMEM;
	domain_unpause(d);
	return rc;
}

long domctl_set_address_size(struct xen_domctl *op, struct subop_call c)
{
	switch (op->u.address_size.size) {
	case 64: return 0;
	case 32: return -EOPNOTSUPP; /* as Xen built without 32-bit PV */
	default: return -EINVAL;
	}
}

long domctl_get_address_size(struct xen_domctl *op, struct subop_call c)
{
	op->u.address_size.size = 64;
	return 0;
}

long domctl_settscinfo(struct xen_domctl *op, struct subop_call c)
{
	const struct xen_domctl_tsc_info *t = &op->u.tsc_info;

	if (c.d == current->domain)
		return -EINVAL;
	switch (t->tsc_mode) {
	case XEN_TSC_MODE_DEFAULT:
	case XEN_TSC_MODE_NEVER_EMULATE: break;
	case XEN_TSC_MODE_ALWAYS_EMULATE: return -EOPNOTSUPP;
	default: return -EINVAL;
	}
	c.d->tsc_mode = t->tsc_mode;
	c.d->tsc_incarnation = t->incarnation + 1;
	return 0;
}

/* The TSC is the host's: its rate, and the ns it has counted (as Xen for a native TSC). */
long domctl_gettscinfo(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_tsc_info *t = &op->u.tsc_info;

	if (c.d == current->domain)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->tsc_mode = c.d->tsc_mode;
	t->incarnation = c.d->tsc_incarnation;
	t->gtsc_khz = arch_guest_tsc_khz();
	t->elapsed_nsec = (u64)NOW();
	return 0;
}
