/*
 * libxend: a domain's vCPUs as xl vcpu-list shows them (getvcpuinfo and
 * getvcpuaffinity) and their pinning (setvcpuaffinity), as libxl does it:
 * a hard and/or a soft mask, each a xenctl_bitmap of 64 bits (CPUs 0-63)
 * in locked memory. The hypervisor answers the effective masks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xend.h"
#include "../libs/ctrl/xctrl.h"

static int fail(struct xend *x, int rc, const char *what, uint16_t domid, uint32_t vcpu)
{
	snprintf(x->err, sizeof(x->err), "%s of domain %u vcpu %u: %s", what, domid, vcpu,
		 strerror(-rc));
	return rc;
}

/* get or set (per flags) affinity; masks in and out. */
static int affinity(struct xend *x, uint32_t cmd, uint16_t domid, uint32_t vcpu, uint32_t flags,
		    uint64_t *hard, uint64_t *soft)
{
	uint64_t *maps = xctrl_locked(2 * sizeof(uint64_t));
	struct xen_domctl d = {0};
	int rc;

	if (!maps)
		return -ENOMEM;
	maps[0] = *hard;
	maps[1] = *soft;
	d.u.vcpuaffinity.vcpu = vcpu;
	d.u.vcpuaffinity.flags = flags;
	d.u.vcpuaffinity.cpumap_hard.bitmap.p = (uint8_t *)&maps[0];
	d.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	d.u.vcpuaffinity.cpumap_soft.bitmap.p = (uint8_t *)&maps[1];
	d.u.vcpuaffinity.cpumap_soft.nr_bits = 64;
	rc = xctrl_domctl(x->call, cmd, domid, &d);
	*hard = maps[0];
	*soft = maps[1];
	xctrl_locked_free(maps, 2 * sizeof(uint64_t));
	return rc;
}

int xend_vcpu_info(struct xend *x, uint16_t domid, uint32_t vcpu, struct xend_vcpu *out)
{
	struct xen_domctl d = {0};
	int rc;

	d.u.getvcpuinfo.vcpu = vcpu;
	if ((rc = xctrl_domctl(x->call, XEN_DOMCTL_getvcpuinfo, domid, &d)))
		return fail(x, rc, "getvcpuinfo", domid, vcpu);
	memset(out, 0, sizeof(*out));
	out->vcpu = vcpu;
	out->online = d.u.getvcpuinfo.online;
	out->blocked = d.u.getvcpuinfo.blocked;
	out->running = d.u.getvcpuinfo.running;
	out->cpu = d.u.getvcpuinfo.cpu;
	out->cpu_time = d.u.getvcpuinfo.cpu_time;
	rc = affinity(x, XEN_DOMCTL_getvcpuaffinity, domid, vcpu,
		      XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT, &out->hard, &out->soft);
	return rc ? fail(x, rc, "getvcpuaffinity", domid, vcpu) : 0;
}

int xend_vcpu_pin(struct xend *x, uint16_t domid, uint32_t vcpu, const uint64_t *hard,
		  const uint64_t *soft)
{
	uint64_t h = hard ? *hard : 0, s = soft ? *soft : 0;
	uint32_t flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0);
	int rc;

	if (!flags)
		return 0;
	rc = affinity(x, XEN_DOMCTL_setvcpuaffinity, domid, vcpu, flags, &h, &s);
	return rc ? fail(x, rc, "setvcpuaffinity", domid, vcpu) : 0;
}

int xend_nr_cpus(struct xend *x)
{
	struct xen_sysctl_physinfo p;
	int rc = xctrl_physinfo(x->call, &p);

	if (rc) {
		snprintf(x->err, sizeof(x->err), "physinfo: %s", strerror(-rc));
		return rc;
	}
	return (int)p.nr_cpus;
}
