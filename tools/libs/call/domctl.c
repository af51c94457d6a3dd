/*
 * The domctl wrappers of libxcall, on either backend: each builds a
 * struct xen_domctl in the handle's hypercall page, makes the hypercall
 * and copies the answer out. The page is reused by the next call.
 */
#include <string.h>

#include "xcall.h"

int xcall_getdomaininfo(struct xcall *c, uint16_t domid, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl *d = xcall_buf(c);
	uint64_t args[5] = {(uintptr_t)d};
	long r;

	memset(d, 0, sizeof(*d));
	d->cmd = XEN_DOMCTL_getdomaininfo;
	d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	d->domain = domid;
	r = xcall_hypercall(c, __HYPERVISOR_domctl, args);
	if (r < 0)
		return (int)r;
	*info = d->u.getdomaininfo;
	return 0;
}
