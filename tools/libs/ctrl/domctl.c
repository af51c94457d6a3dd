/*
 * libxctrl domctls: each fills a struct xen_domctl in the handle's page,
 * makes the hypercall and copies the answer back. The page is reused by
 * the next call of the handle (one thread per handle).
 */
#include <string.h>

#include "xctrl.h"

int xctrl_domctl(struct xcall *c, uint32_t cmd, uint16_t domid, struct xen_domctl *inout)
{
	struct xen_domctl *d = xcall_buf(c);
	uint64_t args[5] = {(uintptr_t)d};
	long r;

	*d = *inout;
	d->cmd = cmd;
	d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	d->domain = domid;
	r = xcall_hypercall(c, __HYPERVISOR_domctl, args);
	*inout = *d;
	return r < 0 ? (int)r : 0;
}

int xctrl_createdomain(struct xcall *c, const struct xen_domctl_createdomain *cfg, uint16_t *domid)
{
	struct xen_domctl d = {0};
	int rc;

	d.u.createdomain = *cfg;
	rc = xctrl_domctl(c, XEN_DOMCTL_createdomain, *domid, &d);
	if (!rc)
		*domid = d.domain;
	return rc;
}

int xctrl_simple(struct xcall *c, uint32_t cmd, uint16_t domid)
{
	struct xen_domctl d = {0};

	return xctrl_domctl(c, cmd, domid, &d);
}

int xctrl_max_vcpus(struct xcall *c, uint16_t domid, uint32_t max)
{
	struct xen_domctl d = {0};

	d.u.max_vcpus.max = max;
	return xctrl_domctl(c, XEN_DOMCTL_max_vcpus, domid, &d);
}

int xctrl_max_mem(struct xcall *c, uint16_t domid, uint64_t kib)
{
	struct xen_domctl d = {0};

	d.u.max_mem.max_memkb = kib;
	return xctrl_domctl(c, XEN_DOMCTL_max_mem, domid, &d);
}

int xctrl_set_address_size(struct xcall *c, uint16_t domid, uint32_t bits)
{
	struct xen_domctl d = {0};

	d.u.address_size.size = bits;
	return xctrl_domctl(c, XEN_DOMCTL_set_address_size, domid, &d);
}

int xctrl_setvcpucontext(struct xcall *c, uint16_t domid, uint32_t vcpu, void *ctx)
{
	struct xen_domctl d = {0};

	d.u.vcpucontext.vcpu = vcpu;
	d.u.vcpucontext.ctxt.p = ctx;
	return xctrl_domctl(c, XEN_DOMCTL_setvcpucontext, domid, &d);
}
