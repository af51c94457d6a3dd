/*
 * libxend: the xenstore directories of one virtual device (ecosystem.md
 * 3.9), both ends in ONE transaction as libxl writes them, so that no
 * watcher (dom0's backend driver, the guest's frontend, Debian's xl) ever
 * sees half a device, and a failure midway leaves nothing behind:
 *   backend  /local/domain/0/backend/<vbd|vif>/<d>/<devid>  n0 r<d>
 *   frontend /local/domain/<d>/device/<vbd|vif>/<devid>     n<d> r0, state=1
 * The backend's state=1 is not among them: devices.c writes it once the
 * transaction is in (its step 2, which then waits for the driver).
 *
 * A commit that meets another writer's change (EAGAIN) is redone whole,
 * at most DEV_TXN_TRIES times; an error of a write aborts it.
 * Locking: none, xend's one thread calls these.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xend_private.h"
#include "../libs/cfg/xcfg.h"

#define DEV_TXN_TRIES 8

void xend_dev_paths(bool nic, uint16_t domid, int devid, char be[96], char fe[96])
{
	const char *kind = nic ? "vif" : "vbd";

	snprintf(be, 96, "/local/domain/0/backend/%s/%u/%d", kind, domid, devid);
	snprintf(fe, 96, "/local/domain/%u/device/%s/%d", domid, kind, devid);
}

struct dev_txn {
	struct xend *x;
	uint16_t domid;
	int devid;
	bool nic;
	void (*backend)(struct xend_writer *w, const struct dev_txn *a);
	void (*frontend)(struct xend_writer *w, const struct dev_txn *a);
	const struct xcfg_disk *disk;
	const char *loop;
	unsigned int major, minor;
	const char *mac, *bridge;
	bool body_failed; /* the last body's error is in x->err */
};

/* The transaction's body: both directories through one sticky writer. */
static int dev_body(struct xstore *xs, xstore_txn_t t, void *arg)
{
	struct dev_txn *a = arg;
	struct xend_writer w = {.x = a->x, .txn = t};
	char be[96], fe[96];

	xend_dev_paths(a->nic, a->domid, a->devid, be, fe);
	snprintf(w.base, sizeof(w.base), "%s", be);
	xend_w_dir(&w, "", 0, a->domid);
	xend_w_write(&w, "frontend", "%s", fe);
	xend_w_write(&w, "frontend-id", "%u", a->domid);
	xend_w_write(&w, "online", "1");
	a->backend(&w, a);
	snprintf(w.base, sizeof(w.base), "%s", fe);
	xend_w_dir(&w, "", a->domid, 0);
	xend_w_write(&w, "backend", "%s", be);
	xend_w_write(&w, "backend-id", "0");
	a->frontend(&w, a);
	xend_w_write(&w, "state", "1");
	a->body_failed = w.rc != 0;
	return w.rc;
}

static int dev_write(struct dev_txn *a)
{
	int rc = xstore_transact(a->x->xs, DEV_TXN_TRIES, dev_body, a);

	if (rc == -EAGAIN)
		snprintf(a->x->err, sizeof(a->x->err),
			 "xenstore: device %d of domain %u: %d transactions conflicted", a->devid,
			 a->domid, DEV_TXN_TRIES);
	else if (rc && !a->body_failed)
		snprintf(a->x->err, sizeof(a->x->err), "xenstore transaction: %s", strerror(-rc));
	return rc;
}

static void disk_backend(struct xend_writer *w, const struct dev_txn *a)
{
	const struct xcfg_disk *d = a->disk;

	xend_w_write(w, "removable", "0");
	xend_w_write(w, "bootable", "1");
	xend_w_write(w, "dev", "%s", d->vdev);
	xend_w_write(w, "type", "phy");
	xend_w_write(w, "mode", "%s", d->readwrite ? "w" : "r");
	xend_w_write(w, "device-type", "disk");
	xend_w_write(w, "params", "%s", d->target);
	xend_w_write(w, "script", "/etc/xen/scripts/block");
	xend_w_write(w, "physical-device-path", "%s", *a->loop ? a->loop : d->target);
	xend_w_write(w, "physical-device", "%x:%x", a->major, a->minor);
	if (*a->loop)
		xend_w_write(w, "node", "%s", a->loop);
}

static void disk_frontend(struct xend_writer *w, const struct dev_txn *a)
{
	xend_w_write(w, "virtual-device", "%d", a->disk->virtual_device);
	xend_w_write(w, "device-type", "disk");
}

int xend_disk_nodes(struct xend *x, uint16_t domid, const struct xcfg_disk *d, const char *loop,
		    unsigned int major, unsigned int minor)
{
	struct dev_txn a = {.x = x,
			    .domid = domid,
			    .devid = d->virtual_device,
			    .backend = disk_backend,
			    .frontend = disk_frontend,
			    .disk = d,
			    .loop = loop,
			    .major = major,
			    .minor = minor};

	return dev_write(&a);
}

static void nic_backend(struct xend_writer *w, const struct dev_txn *a)
{
	xend_w_write(w, "script", "/etc/xen/scripts/vif-bridge");
	xend_w_write(w, "mac", "%s", a->mac);
	xend_w_write(w, "bridge", "%s", a->bridge);
	xend_w_write(w, "handle", "%d", a->devid);
	xend_w_write(w, "type", "vif");
	xend_w_write(w, "hotplug-status", "%s", "");
}

static void nic_frontend(struct xend_writer *w, const struct dev_txn *a)
{
	xend_w_write(w, "handle", "%d", a->devid);
	xend_w_write(w, "mac", "%s", a->mac);
}

int xend_nic_nodes(struct xend *x, uint16_t domid, int devid, const char *mac, const char *bridge)
{
	struct dev_txn a = {.x = x,
			    .domid = domid,
			    .devid = devid,
			    .nic = true,
			    .backend = nic_backend,
			    .frontend = nic_frontend,
			    .mac = mac,
			    .bridge = bridge};

	return dev_write(&a);
}
