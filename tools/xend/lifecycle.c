/*
 * libxend: destroy, shutdown, pause. Destroy follows libxl's order: the
 * domain is paused, its disks and NICs are removed (devices.c: backends,
 * frontends, loop devices), its xenstore nodes are removed (/vm/<uuid> through
 * its vm node, then /local/domain/<id>), then XEN_DOMCTL_destroydomain;
 * xenstored and xenconsoled learn of it through VIRQ_DOM_EXC and
 * @releaseDomain and drop their rings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xend_private.h"
#include "../libs/ctrl/xctrl.h"

static void remove_nodes(struct xend *x, uint16_t domid)
{
	char path[64], *vm;

	if (!x->xs)
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	vm = xstore_read(x->xs, path);
	if (vm && !strncmp(vm, "/vm/", 4))
		xstore_rm(x->xs, vm);
	free(vm);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xstore_rm(x->xs, path);
}

void xend_destroy_quiet(struct xend *x, uint16_t domid)
{
	xctrl_simple(x->call, XEN_DOMCTL_pausedomain, domid);
	xend_devices_remove(x, domid);
	remove_nodes(x, domid);
	xctrl_simple(x->call, XEN_DOMCTL_destroydomain, domid);
}

int xend_destroy(struct xend *x, uint16_t domid)
{
	int rc;

	if (domid == 0) {
		snprintf(x->err, sizeof(x->err), "destroying domain 0 is not allowed");
		return -EPERM;
	}
	xctrl_simple(x->call, XEN_DOMCTL_pausedomain, domid);
	xend_devices_remove(x, domid);
	remove_nodes(x, domid);
	for (int i = 0; i < 100; i++) {
		rc = xctrl_simple(x->call, XEN_DOMCTL_destroydomain, domid);
		if (rc != -EAGAIN && rc != -ERESTART)
			break;
		usleep(10000);
	}
	if (rc)
		snprintf(x->err, sizeof(x->err), "destroydomain %u: %s", domid, strerror(-rc));
	return rc;
}

int xend_shutdown(struct xend *x, uint16_t domid, const char *how)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
	rc = xstore_write(x->xs, path, how);
	if (rc)
		snprintf(x->err, sizeof(x->err), "writing %s: %s", path, strerror(-rc));
	return rc;
}

int xend_pause(struct xend *x, uint16_t domid, bool pause)
{
	int rc = xctrl_simple(x->call, pause ? XEN_DOMCTL_pausedomain : XEN_DOMCTL_unpausedomain,
			      domid);

	if (rc)
		snprintf(x->err, sizeof(x->err), "%s: %s", pause ? "pause" : "unpause",
			 strerror(-rc));
	return rc;
}
