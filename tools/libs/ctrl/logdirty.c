/*
 * libxctrl: log-dirty mode of a PV domain (XEN_DOMCTL_shadow_op), as a
 * live migration uses it (tools/libs/guest/live.c): ENABLE_LOGDIRTY,
 * rounds of CLEAN (the bitmap of pages written since the last CLEAN, then
 * cleared), OFF. The bitmap is xctrl_locked() memory of pages bits.
 */
#include "xctrl.h"

int xctrl_shadow_op(struct xcall *c, uint16_t domid, uint32_t op, uint32_t mode, void *bitmap,
		    uint64_t pages, struct xen_domctl_shadow_op_stats *stats)
{
	struct xen_domctl d = {0};
	int rc;

	d.u.shadow_op.op = op;
	d.u.shadow_op.mode = mode;
	d.u.shadow_op.dirty_bitmap.p = bitmap;
	d.u.shadow_op.pages = pages;
	rc = xctrl_domctl(c, XEN_DOMCTL_shadow_op, domid, &d);
	if (!rc && stats)
		*stats = d.u.shadow_op.stats;
	return rc;
}
