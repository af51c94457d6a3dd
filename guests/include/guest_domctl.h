/*
 * domctl for test guests running as dom0: the request header filled in,
 * getdomaininfo, the scheduler's weight and cap, and createdomain with the
 * configuration Xen 4.17's libxl passes for a PV domU.
 */
#ifndef GUEST_GUEST_DOMCTL_H
#define GUEST_GUEST_DOMCTL_H

#include <guest.h>
#include <public/domctl.h>

static inline long domctl(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
	op->cmd = cmd;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	return hypercall(__HYPERVISOR_domctl, (long)op, 0, 0, 0, 0);
}

/* Info on exactly domain dom: 0, or -ESRCH if it does not exist. */
static inline long domain_info(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	rc = domctl(&op, XEN_DOMCTL_getdomaininfo, dom);
	if (rc == 0 && op.u.getdomaininfo.domain != dom)
		rc = -XEN_ESRCH;
	if (rc == 0)
		*info = op.u.getdomaininfo;
	return rc;
}

/*
 * Wait (yielding) until domain dom has shut down or is gone (or cannot be
 * asked about: a domU asking gets -EPERM); a test failure if it never does.
 */
static inline void wait_domain_shutdown(domid_t dom)
{
	struct xen_domctl_getdomaininfo info;

	for (unsigned long i = 0; i < 20000000UL; i++) {
		if (domain_info(dom, &info) || (info.flags & XEN_DOMINF_shutdown))
			return;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	fail("d%u did not shut down", dom);
}

static inline long sched_params(domid_t dom, uint32_t cmd, uint16_t *weight, uint16_t *cap)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
	op.u.scheduler_op.cmd = cmd;
	op.u.scheduler_op.u.credit2.weight = *weight;
	op.u.scheduler_op.u.credit2.cap = *cap;
	rc = domctl(&op, XEN_DOMCTL_scheduler_op, dom);
	*weight = op.u.scheduler_op.u.credit2.weight;
	*cap = op.u.scheduler_op.u.credit2.cap;
	return rc;
}

/* A domctl with no argument (pause, unpause, destroy). */
static inline long simple_domctl(uint32_t cmd, domid_t dom)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	return domctl(&op, cmd, dom);
}

static inline long set_max_mem(domid_t dom, uint64_t kb)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = kb;
	return domctl(&op, XEN_DOMCTL_max_mem, dom);
}

/* What libxl asks for a PV domU (toolstack-abi.md gotcha 14), grant v1. */
static inline void pv_domain_config(struct xen_domctl_createdomain *c, uint32_t vcpus)
{
	memset(c, 0, sizeof(*c));
	c->max_vcpus = vcpus;
	c->max_evtchn_port = 1023;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
}

/* createdomain as domain want (0: any): the new id in *dom, or -errno. */
static inline long create_domain(domid_t want, const struct xen_domctl_createdomain *c,
				 domid_t *dom)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.createdomain = *c;
	rc = domctl(&op, XEN_DOMCTL_createdomain, want);
	*dom = rc ? 0 : op.domain;
	return rc;
}

/* A domctl whose argument is one 32-bit value (max_vcpus, address size). */
static inline long domctl_u32(uint32_t cmd, domid_t dom, uint32_t *val)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.max_vcpus.max = *val;
	rc = domctl(&op, cmd, dom);
	*val = op.u.max_vcpus.max;
	return rc;
}

#endif
