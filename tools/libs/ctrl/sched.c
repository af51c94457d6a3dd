/*
 * libxctrl: a domain's scheduler parameters and the hypervisor's console
 * ring. Weight and cap are read and written through whichever of credit
 * and credit2 the hypervisor runs (XEN_SYSCTL_sched_id): both carry the
 * same two fields, and a scheduler_op naming the other one is -EINVAL.
 */
#include <errno.h>
#include <string.h>

#include "xctrl.h"

static int sched_op(struct xcall *c, uint16_t domid, uint32_t cmd, struct xctrl_sched *s)
{
	struct xen_domctl d = {0};
	uint32_t id;
	int rc = xctrl_sched_id(c, &id);

	if (rc)
		return rc;
	if (id != XEN_SCHEDULER_CREDIT && id != XEN_SCHEDULER_CREDIT2)
		return -EOPNOTSUPP;
	d.u.scheduler_op.sched_id = id;
	d.u.scheduler_op.cmd = cmd;
	d.u.scheduler_op.u.credit.weight = s->weight;
	d.u.scheduler_op.u.credit.cap = s->cap;
	rc = xctrl_domctl(c, XEN_DOMCTL_scheduler_op, domid, &d);
	if (!rc && cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
		s->weight = d.u.scheduler_op.u.credit.weight;
		s->cap = d.u.scheduler_op.u.credit.cap;
	}
	return rc;
}

int xctrl_sched_get(struct xcall *c, uint16_t domid, struct xctrl_sched *s)
{
	memset(s, 0, sizeof(*s));
	return sched_op(c, domid, XEN_DOMCTL_SCHEDOP_getinfo, s);
}

int xctrl_sched_set(struct xcall *c, uint16_t domid, const struct xctrl_sched *s)
{
	struct xctrl_sched copy = *s;

	return sched_op(c, domid, XEN_DOMCTL_SCHEDOP_putinfo, &copy);
}

long xctrl_readconsole(struct xcall *c, char *buf, size_t size, int clear)
{
	char *ring = xctrl_locked(size);
	struct xen_sysctl s = {0};
	int rc;

	if (!ring)
		return -ENOMEM;
	s.u.readconsole.clear = (uint8_t)clear;
	s.u.readconsole.buffer.p = ring;
	s.u.readconsole.count = (uint32_t)size;
	rc = xctrl_sysctl(c, XEN_SYSCTL_readconsole, &s);
	if (!rc)
		memcpy(buf, ring, s.u.readconsole.count);
	xctrl_locked_free(ring, size);
	return rc ? rc : (long)s.u.readconsole.count;
}
