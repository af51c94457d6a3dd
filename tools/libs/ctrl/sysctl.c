/*
 * libxctrl sysctls and domain enumeration. Domains are listed with
 * XEN_DOMCTL_getdomaininfo's "next" semantics (the first domain at or
 * above the id asked for), as libxc's xc_domain_getinfo does: it works on
 * every hypervisor that has getdomaininfo.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "xctrl.h"

void *xctrl_locked(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mlock(p, size)) {
		munmap(p, size);
		return NULL;
	}
	memset(p, 0, size);
	return p;
}

void xctrl_locked_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

int xctrl_sysctl(struct xcall *c, uint32_t cmd, struct xen_sysctl *inout)
{
	struct xen_sysctl *s = xcall_buf(c);
	uint64_t args[5] = {(uintptr_t)s};
	long r;

	*s = *inout;
	s->cmd = cmd;
	s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	r = xcall_hypercall(c, __HYPERVISOR_sysctl, args);
	*inout = *s;
	return r < 0 ? (int)r : 0;
}

int xctrl_physinfo(struct xcall *c, struct xen_sysctl_physinfo *pi)
{
	struct xen_sysctl s = {0};
	int rc = xctrl_sysctl(c, XEN_SYSCTL_physinfo, &s);

	if (!rc)
		*pi = s.u.physinfo;
	return rc;
}

int xctrl_sched_id(struct xcall *c, uint32_t *id)
{
	struct xen_sysctl s = {0};
	int rc = xctrl_sysctl(c, XEN_SYSCTL_sched_id, &s);

	if (!rc)
		*id = s.u.sched_id.sched_id;
	return rc;
}

int xctrl_free_cpus(struct xcall *c)
{
	uint8_t *map = xctrl_locked(4096);
	struct xen_sysctl s = {0};
	int rc, n = 0;

	if (!map)
		return -ENOMEM;
	s.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
	s.u.cpupool_op.cpumap.bitmap.p = map;
	s.u.cpupool_op.cpumap.nr_bits = 4096 * 8;
	rc = xctrl_sysctl(c, XEN_SYSCTL_cpupool_op, &s);
	for (int i = 0; !rc && i < 4096; i++)
		n += __builtin_popcount(map[i]);
	xctrl_locked_free(map, 4096);
	return rc ? rc : n;
}

int xctrl_domain_info(struct xcall *c, uint16_t domid, struct xen_domctl_getdomaininfo *info)
{
	int rc = xcall_getdomaininfo(c, domid, info);

	if (!rc && info->domain != domid)
		return -ESRCH;
	return rc;
}

int xctrl_domain_list(struct xcall *c, struct xen_domctl_getdomaininfo *out, int max)
{
	uint32_t next = 0;
	int n = 0;

	while (n < max && next < DOMID_FIRST_RESERVED) {
		int rc = xcall_getdomaininfo(c, (uint16_t)next, &out[n]);

		if (rc == -ESRCH)
			break;
		if (rc)
			return rc;
		if (out[n].domain < next)
			break;
		next = out[n].domain + 1u;
		n++;
	}
	return n;
}
