/*
 * xend's watch on its domains: adoption at start (a record of
 * /var/lib/xend whose domain still runs under the same id and handle is
 * managed again; any other record is stale and removed) and the shutdown
 * actions (manage.c's head comment). A restart keeps the record (uuid,
 * name, request) and moves it to the new domain id.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "public/sched.h"
#include "../libs/ctrl/xctrl.h"

void xend_forget(struct xend_daemon *d, struct xend_record *r)
{
	xend_state_remove(d->state_dir, r->uuid);
	json_object_put(r->request);
	memset(r, 0, sizeof(*r));
}

/* Rebuild a domain from its record's request under its current name and uuid. */
static int restart(struct xend_daemon *d, struct xend_record *r)
{
	struct json_object *file, *text, *ov;
	struct xend_create_req q = {.uuid_given = true};
	char *ovs[66], name_ov[96];
	int n = 0, rc;

	json_object_object_get_ex(r->request, "file", &file);
	json_object_object_get_ex(r->request, "config", &text);
	json_object_object_get_ex(r->request, "overrides", &ov);
	q.file = json_object_get_string(file);
	q.text = json_object_get_string(text);
	q.len = (size_t)json_object_get_string_len(text);
	for (size_t k = 0; ov && k < json_object_array_length(ov) && n < 64; k++)
		ovs[n++] = (char *)json_object_get_string(json_object_array_get_idx(ov, k));
	snprintf(name_ov, sizeof(name_ov), "name=\"%s\"", r->name);
	ovs[n++] = name_ov;
	q.overrides = ovs;
	q.nr_overrides = n;
	memcpy(q.uuid, r->uuid, sizeof(q.uuid));
	rc = xend_create(&d->x, &q);
	if (rc)
		return rc;
	r->domid = q.domid;
	r->handled = false;
	xend_state_save(d->state_dir, r);
	return 0;
}

static int action_of(const struct xen_domctl_getdomaininfo *i)
{
	switch (i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask) {
	case SHUTDOWN_poweroff: return XEND_ON_POWEROFF;
	case SHUTDOWN_reboot: return XEND_ON_REBOOT;
	case SHUTDOWN_crash: return XEND_ON_CRASH;
	case SHUTDOWN_watchdog: return XEND_ON_WATCHDOG;
	default: return -1; /* suspend, soft reset: not ours to act on */
	}
}

static void act(struct xend_daemon *d, struct xend_record *r,
		const struct xen_domctl_getdomaininfo *i)
{
	int k = action_of(i);
	const char *what = k < 0 ? "preserve" : r->actions[k];
	uint16_t old = r->domid;

	r->handled = true;
	xend_log("domain %u (%s) shut down (reason %u): %s", old, r->name,
		 i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask, what);
	if (!strcmp(what, "preserve"))
		return;
	if (xend_destroy(&d->x, old))
		xend_log("destroying domain %u: %s", old, d->x.err);
	if (!strcmp(what, "restart") && !restart(d, r)) {
		xend_log("domain %s restarted as %u", r->name, r->domid);
		return;
	}
	if (!strcmp(what, "restart"))
		xend_log("restarting %s failed: %s", r->name, d->x.err);
	xend_forget(d, r);
}

void xend_reap(struct xend_daemon *d)
{
	for (int n = 0; n < XEND_MAX_MANAGED; n++) {
		struct xend_record *r = &d->recs[n];
		struct xen_domctl_getdomaininfo info;
		int rc;

		if (!r->used)
			continue;
		rc = xctrl_domain_info(d->x.call, r->domid, &info);
		if (rc == -ESRCH || (!rc && memcmp(info.handle, r->uuid, sizeof(r->uuid)))) {
			xend_log("domain %u (%s) is gone", r->domid, r->name);
			if (rc ==
			    -ESRCH) /* its disks and NICs, if whoever destroyed it left them */
				xend_devices_remove(&d->x, r->domid);
			xend_forget(d, r);
		} else if (!rc && !(info.flags & XEN_DOMINF_shutdown)) {
			r->handled = false;
		} else if (!rc && !r->handled && !(info.flags & XEN_DOMINF_dying)) {
			act(d, r, &info);
		}
	}
}

static void adopt(void *arg, struct xend_record *r)
{
	struct xend_daemon *d = arg;
	struct xen_domctl_getdomaininfo info;
	int rc = xctrl_domain_info(d->x.call, r->domid, &info);

	if (rc || memcmp(info.handle, r->uuid, sizeof(r->uuid))) {
		xend_log("forgetting domain %u (%s): no longer running", r->domid, r->name);
		xend_state_remove(d->state_dir, r->uuid);
		json_object_put(r->request);
		return;
	}
	for (int n = 0; n < XEND_MAX_MANAGED; n++) {
		if (!d->recs[n].used) {
			d->recs[n] = *r;
			xend_log("adopted domain %u (%s)", r->domid, r->name);
			return;
		}
	}
	json_object_put(r->request);
}

int xend_daemon_init(struct xend_daemon *d, const char *state_dir)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->reloc_fd = -1;
	snprintf(d->state_dir, sizeof(d->state_dir), "%s", state_dir);
	d->api.ops = &xend_daemon_ops;
	d->api.ctx = d;
	if ((rc = xend_open(&d->x, true)))
		return rc;
	xend_state_load(d->state_dir, adopt, d);
	xend_reap(d);
	return 0;
}

void xend_daemon_fini(struct xend_daemon *d)
{
	for (int n = 0; n < XEND_MAX_MANAGED; n++)
		json_object_put(d->recs[n].request);
	if (d->reloc_fd >= 0)
		close(d->reloc_fd);
	xend_close(&d->x);
}
