/*
 * xend's API commands for a domain's disks and NICs: block-attach and
 * network-attach {"dom", "spec"} (xl's DISKSPEC / VIFSPEC), block-detach
 * and network-detach {"dom", "dev"} (vdev or devid; devid or MAC),
 * block-list and network-list {"dom"} -> {"devices": [...]}, each device
 * with xl's columns (devid, backend_id, frontend_id, state, evtch,
 * ring_ref, rx_ring_ref, mac, backend; -1 where the frontend has not
 * written it yet). The work is the backend's (devices.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api_cmds.h"

static int dev_change(struct xend_api *a, struct json_object *args, struct json_object **res,
		      bool nic, bool attach)
{
	const char *what = NULL;
	int i = xend_arg_dom(a, args), rc;
	uint16_t domid;

	if (i < 0)
		return i;
	domid = a->doms[i].info.domain;
	if ((rc = xend_arg_str(a, args, attach ? "spec" : "dev", true, &what)))
		return rc;
	if (domid == 0) {
		snprintf(a->err, sizeof(a->err), "domain 0 has no virtual devices");
		return -EINVAL;
	}
	rc = attach ? a->ops->dev_attach(a, domid, nic, what)
		    : a->ops->dev_detach(a, domid, nic, what);
	if (!rc) {
		*res = json_object_new_object();
		json_object_object_add(*res, "domid", json_object_new_int(domid));
	}
	return rc;
}

static struct json_object *dev_json(const struct xend_device *d, bool nic)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "devid", json_object_new_int(d->devid));
	json_object_object_add(o, "backend_id", json_object_new_int(d->backend_id));
	json_object_object_add(o, "frontend_id", json_object_new_int(d->frontend_id));
	json_object_object_add(o, "state", json_object_new_int(d->state));
	json_object_object_add(o, "evtch", json_object_new_int(d->evtch));
	json_object_object_add(o, "ring_ref", json_object_new_int(d->ring_ref));
	if (nic) {
		json_object_object_add(o, "rx_ring_ref", json_object_new_int(d->rx_ring_ref));
		json_object_object_add(o, "mac", json_object_new_string(d->mac));
	}
	json_object_object_add(o, "backend", json_object_new_string(d->backend));
	return o;
}

static int dev_list(struct xend_api *a, struct json_object *args, struct json_object **res,
		    bool nic)
{
	struct xend_device devs[64];
	struct json_object *arr;
	int i = xend_arg_dom(a, args), n;

	if (i < 0)
		return i;
	n = a->ops->dev_list(a, a->doms[i].info.domain, nic, devs, 64);
	if (n < 0)
		return n;
	arr = json_object_new_array();
	for (int k = 0; k < n; k++)
		json_object_array_add(arr, dev_json(&devs[k], nic));
	*res = json_object_new_object();
	json_object_object_add(*res, "domid", json_object_new_int(a->doms[i].info.domain));
	json_object_object_add(*res, "devices", arr);
	return 0;
}

XEND_CMD(block_attach)
{
	return dev_change(a, args, res, false, true);
}

XEND_CMD(block_detach)
{
	return dev_change(a, args, res, false, false);
}

XEND_CMD(block_list)
{
	return dev_list(a, args, res, false);
}

XEND_CMD(network_attach)
{
	return dev_change(a, args, res, true, true);
}

XEND_CMD(network_detach)
{
	return dev_change(a, args, res, true, false);
}

XEND_CMD(network_list)
{
	return dev_list(a, args, res, true);
}
