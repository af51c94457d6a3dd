/*
 * xend's backend (struct xend_ops over libxend) and its lifecycle duties.
 * A managed domain that shuts down gets the action its configuration
 * named for the reason (SHUTDOWN_poweroff, reboot, crash, watchdog):
 * destroy; restart (destroyed, then created again from the same text and
 * overrides, with its current name and uuid, under a new id); preserve
 * (left as it is, listed ---s?-, until someone destroys it). Suspend and
 * soft reset are left alone. xend_reap() runs on every @releaseDomain
 * event and once a second, so a missed event only costs a second.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "savecfg.h"
#include "../libs/cfg/xcfg.h"
#include "../libs/guest/xlive.h"

#define D(a) ((struct xend_daemon *)(a)->ctx)

static int failed(struct xend_api *a, int rc)
{
	if (rc)
		snprintf(a->err, sizeof(a->err), "%s", D(a)->x.err);
	return rc;
}

static struct xend_record *record_of(struct xend_daemon *d, uint16_t domid)
{
	for (int i = 0; i < XEND_MAX_MANAGED; i++)
		if (d->recs[i].used && d->recs[i].domid == domid)
			return &d->recs[i];
	return NULL;
}

static int op_list(struct xend_api *a, struct xend_dominfo *out, int max)
{
	static struct xend_dom doms[XEND_MAX_DOMS];
	int n = xend_list(&D(a)->x, doms, max < XEND_MAX_DOMS ? max : XEND_MAX_DOMS);

	for (int i = 0; i < n; i++) {
		const struct xend_record *r = record_of(D(a), doms[i].info.domain);

		memset(&out[i], 0, sizeof(out[i]));
		out[i].info = doms[i].info;
		memcpy(out[i].name, doms[i].name, sizeof(out[i].name));
		xend_uuid_str(doms[i].info.handle, out[i].uuid);
		if (r) {
			out[i].managed = true;
			out[i].start_time = r->start_time;
			memcpy(out[i].actions, r->actions, sizeof(r->actions));
		}
	}
	return n < 0 ? failed(a, n) : n;
}

static struct json_object *op_config(struct xend_api *a, uint16_t domid)
{
	struct xend_record *r = record_of(D(a), domid);

	return r ? json_object_get(r->request) : NULL;
}

static struct xend_record *new_record(struct xend_daemon *d)
{
	for (int i = 0; i < XEND_MAX_MANAGED; i++)
		if (!d->recs[i].used)
			return &d->recs[i];
	return NULL;
}

static struct json_object *request_json(const struct xend_create_req *r)
{
	struct json_object *o = json_object_new_object(), *ov = json_object_new_array();

	json_object_object_add(o, "file", json_object_new_string(r->file));
	json_object_object_add(o, "config", json_object_new_string_len(r->text, (int)r->len));
	for (int i = 0; i < r->nr_overrides; i++)
		json_object_array_add(ov, json_object_new_string(r->overrides[i]));
	json_object_object_add(o, "overrides", ov);
	return o;
}

static void remember(struct xend_daemon *d, struct xend_record *r, const struct xend_create_req *q)
{
	r->used = true;
	r->handled = false;
	r->domid = q->domid;
	memcpy(r->uuid, q->uuid, sizeof(r->uuid));
	snprintf(r->name, sizeof(r->name), "%s", q->name);
	memcpy(r->actions, q->actions, sizeof(r->actions));
	r->start_time = (double)time(NULL);
	if (xend_state_save(d->state_dir, r))
		xend_log("cannot save the state of domain %u in %s", r->domid, d->state_dir);
}

static int op_create(struct xend_api *a, struct xend_create_req *q)
{
	struct xend_record *r = q->dry_run ? NULL : new_record(D(a));
	int rc;

	if (!q->dry_run && !r) {
		snprintf(a->err, sizeof(a->err), "xend manages %d domains already",
			 XEND_MAX_MANAGED);
		return -ENOSPC;
	}
	if ((rc = xend_create(&D(a)->x, q)))
		return failed(a, rc);
	if (r) {
		r->request = request_json(q);
		remember(D(a), r, q);
		xend_log("created domain %u (%s)", q->domid, q->name);
	}
	return 0;
}

static int op_destroy(struct xend_api *a, uint16_t domid)
{
	struct xend_record *r = record_of(D(a), domid);
	int rc = xend_destroy(&D(a)->x, domid);

	if (!rc && r)
		xend_forget(D(a), r);
	return failed(a, rc);
}

static int op_shutdown(struct xend_api *a, uint16_t domid, const char *how)
{
	return failed(a, xend_shutdown(&D(a)->x, domid, how));
}

static int op_pause(struct xend_api *a, uint16_t domid, bool pause)
{
	return failed(a, xend_pause(&D(a)->x, domid, pause));
}

static int op_vcpu_set(struct xend_api *a, uint16_t domid, unsigned int n)
{
	return failed(a, xend_vcpu_set(&D(a)->x, domid, n));
}

static int op_mem_set(struct xend_api *a, uint16_t domid, uint64_t kib)
{
	return failed(a, xend_mem_set(&D(a)->x, domid, kib));
}

static int op_mem_max(struct xend_api *a, uint16_t domid, uint64_t kib)
{
	return failed(a, xend_mem_max(&D(a)->x, domid, kib));
}

static int sched_failed(struct xend_api *a, int rc, uint16_t domid)
{
	if (rc)
		snprintf(a->err, sizeof(a->err), "scheduler_op on domain %u: %s%s", domid,
			 strerror(-rc),
			 rc == -EOPNOTSUPP ? " (the hypervisor runs neither credit nor credit2)"
					   : "");
	return rc;
}

static int op_sched_get(struct xend_api *a, uint16_t domid, struct xctrl_sched *s)
{
	return sched_failed(a, xctrl_sched_get(D(a)->x.call, domid, s), domid);
}

static int op_sched_set(struct xend_api *a, uint16_t domid, const struct xctrl_sched *s)
{
	return sched_failed(a, xctrl_sched_set(D(a)->x.call, domid, s), domid);
}

static int op_rename(struct xend_api *a, uint16_t domid, const char *name)
{
	struct xend_record *r = record_of(D(a), domid);
	int rc = xend_rename(&D(a)->x, domid, name);

	if (!rc && r) {
		snprintf(r->name, sizeof(r->name), "%s", name);
		xend_state_save(D(a)->state_dir, r);
	}
	return failed(a, rc);
}

static long op_dmesg(struct xend_api *a, char *buf, size_t size, bool clear)
{
	long n = xctrl_readconsole(D(a)->x.call, buf, size, clear);

	if (n < 0)
		snprintf(a->err, sizeof(a->err), "readconsole: %s", strerror((int)-n));
	return n;
}

/* Progress of a save or restore to the API's client, every 4096 pages. */
struct relay {
	struct xend_api *a;
	const char *what;
	bool send;
	uint64_t last, done;
};

static void relay_progress(void *arg, uint64_t done, uint64_t total)
{
	struct relay *r = arg;

	r->done = done;
	if (r->send && r->a->progress && (done - r->last >= 4096 || done >= total)) {
		r->last = done;
		r->a->progress(r->a->progress_ctx, r->what, done, total);
	}
}

/* The save file's config: the creation request's text, its overrides, the
 * current name and uuid, as one xl.cfg text (savecfg.c). */
static char *save_config(const struct xend_record *r)
{
	char uuid[40];

	xend_uuid_str(r->uuid, uuid);
	return xend_save_text(r->request, r->name, uuid);
}

/* The record of a domain xend created and the configuration a save carries. */
static int known_config(struct xend_api *a, uint16_t domid, struct xend_record **r, char **config)
{
	if (!(*r = record_of(D(a), domid))) {
		snprintf(a->err, sizeof(a->err),
			 "domain %u was not created by xend: its configuration is unknown", domid);
		return -EINVAL;
	}
	return (*config = save_config(*r)) ? 0 : -ENOMEM;
}

static int op_save(struct xend_api *a, uint16_t domid, const char *file, bool progress,
		   uint64_t *pages)
{
	struct xend_record *r;
	struct relay relay = {a, "save", progress, 0, 0};
	struct xguest_progress p = {.fn = relay_progress, .arg = &relay};
	char *config;
	int rc;

	if ((rc = known_config(a, domid, &r, &config)))
		return rc;
	rc = xend_save(&D(a)->x, domid, file, config, &p);
	free(config);
	if (rc)
		return failed(a, rc);
	xend_log("saved domain %u (%s) to %s", domid, r->name, file);
	*pages = relay.done;
	xend_forget(D(a), r);
	return 0;
}

/* A save file's config (xl.cfg text, or libxl's JSON from `xl save`) as
 * the text of a creation request, its uuid kept. */
static int restore_request(struct xend_api *a, char **config, struct xend_create_req *q)
{
	struct xcfg *cfg = NULL;
	const char *uuid = NULL;
	char err[256];
	int rc;

	if ((*config)[0] == '{') {
		char *text = xend_libxl_config(*config, err, sizeof(err));

		if (!text) {
			snprintf(a->err, sizeof(a->err), "%s: %s", q->file, err);
			return -EINVAL;
		}
		free(*config);
		*config = text;
	}
	q->text = *config;
	q->len = strlen(*config);
	if ((rc = xcfg_parse(q->file, q->text, q->len, &cfg, err, sizeof(err)))) {
		snprintf(a->err, sizeof(a->err), "corrupt save file: %s", err);
		return rc;
	}
	if (!xcfg_get_string(cfg, "uuid", &uuid, err, sizeof(err)))
		q->uuid_given = xend_uuid_parse(uuid, q->uuid) == 0;
	xcfg_free(cfg);
	return 0;
}

int xend_daemon_restore(struct xend_api *a, int fd, const char *label, bool paused,
			const struct xguest_progress *p, uint16_t *domid, char name[64])
{
	struct xend_create_req q = {
		.file = label, .paused = paused, .restore = true, .restore_fd = fd, .progress = p};
	struct xend_record *r = new_record(D(a));
	char *config = NULL;
	int rc;

	if (!r) {
		snprintf(a->err, sizeof(a->err), "xend manages %d domains already",
			 XEND_MAX_MANAGED);
		return -ENOSPC;
	}
	rc = xguest_restore_config(fd, &config, D(a)->x.err, sizeof(D(a)->x.err));
	if (!rc && !(rc = restore_request(a, &config, &q))) {
		if ((rc = xend_create(&D(a)->x, &q)) == 0) {
			r->request = request_json(&q);
			remember(D(a), r, &q);
			xend_log("restored domain %u (%s) from %s", q.domid, q.name, label);
			*domid = q.domid;
			snprintf(name, 64, "%s", q.name);
		} else {
			failed(a, rc);
		}
	} else if (rc && !a->err[0]) {
		snprintf(a->err, sizeof(a->err), "%.200s: %.300s", label, D(a)->x.err);
	}
	free(config);
	return rc;
}

static int op_restore(struct xend_api *a, const char *file, bool paused, bool progress,
		      uint16_t *domid, char name[64])
{
	struct relay relay = {a, "restore", progress, 0, 0};
	struct xguest_progress p = {.fn = relay_progress, .arg = &relay};
	int fd = open(file, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0) {
		snprintf(a->err, sizeof(a->err), "cannot open %s: %s", file, strerror(errno));
		return -errno;
	}
	rc = xend_daemon_restore(a, fd, file, paused, &p, domid, name);
	close(fd);
	return rc;
}

void xend_daemon_drop(struct xend_daemon *d, uint16_t domid)
{
	struct xend_record *r = record_of(d, domid);

	xend_destroy(&d->x, domid);
	if (r)
		xend_forget(d, r);
}

/* A round of a migration as a progress object to the API's client. */
static void relay_round(void *arg, const struct xguest_live_round *r)
{
	struct xend_api *a = arg;
	struct json_object *o;

	if (!a->progress_obj)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "what", json_object_new_string("migrate"));
	json_object_object_add(o, "round", json_object_new_int((int32_t)r->round));
	json_object_object_add(o, "sent", json_object_new_int64((int64_t)r->sent));
	json_object_object_add(o, "done", json_object_new_int64((int64_t)r->total_sent));
	json_object_object_add(o, "dirty_rate", json_object_new_int64((int64_t)r->dirty_rate));
	json_object_object_add(o, "last", json_object_new_boolean(r->last));
	a->progress_obj(a->progress_ctx, o);
}

static int op_migrate(struct xend_api *a, uint16_t domid, struct xend_migrate *m, bool progress)
{
	struct xend_record *r;
	char *config;
	int rc;

	if ((rc = known_config(a, domid, &r, &config)))
		return rc;
	m->config = config;
	m->name = r->name;
	m->round = progress ? relay_round : NULL;
	m->arg = a;
	rc = xend_migrate(&D(a)->x, domid, m);
	free(config);
	if (rc)
		return failed(a, rc);
	xend_log(
		"migrated domain %u (%s) to %s port %d (domain %u there), %s, %u round%s, "
		"downtime %.1f ms (last round %llu pages, %u as PAGE_DELTA, %.1f, stream end %.1f, "
		"target restore "
		"%.1f, "
		"target start %.1f; before it the drain %.1f ms and the guest's suspend %.1f ms)",
		domid, r->name, m->host, m->port, m->target_domid, m->live ? "live" : "not live",
		m->rounds, m->rounds == 1 ? "" : "s", m->downtime_ns / 1e6,
		(unsigned long long)m->last_pages, m->last.deltas, m->last_round_ns / 1e6,
		m->stream_end_ns / 1e6, m->target_restore_ns / 1e6, m->target_start_ns / 1e6,
		m->drain_ns / 1e6, m->suspend_ns / 1e6);
	xend_forget(D(a), r);
	return 0;
}

static int op_stop(struct xend_api *a)
{
	D(a)->stop = true;
	return 0;
}

static int op_vcpu_info(struct xend_api *a, uint16_t domid, uint32_t vcpu, struct xend_vcpu *v)
{
	return failed(a, xend_vcpu_info(&D(a)->x, domid, vcpu, v));
}

static int op_vcpu_pin(struct xend_api *a, uint16_t domid, uint32_t vcpu, const uint64_t *hard,
		       const uint64_t *soft)
{
	return failed(a, xend_vcpu_pin(&D(a)->x, domid, vcpu, hard, soft));
}

static int op_nr_cpus(struct xend_api *a)
{
	int n = xend_nr_cpus(&D(a)->x);

	return n < 0 ? failed(a, n) : n;
}

static int op_dev_attach(struct xend_api *a, uint16_t domid, bool nic, const char *spec)
{
	struct xend *x = &D(a)->x;

	return failed(a,
		      nic ? xend_nic_attach(x, domid, spec, -1) : xend_disk_attach(x, domid, spec));
}

static int op_dev_detach(struct xend_api *a, uint16_t domid, bool nic, const char *what)
{
	struct xend *x = &D(a)->x;

	return failed(a, nic ? xend_nic_detach(x, domid, what) : xend_disk_detach(x, domid, what));
}

static int op_dev_list(struct xend_api *a, uint16_t domid, bool nic, struct xend_device *out,
		       int max)
{
	int n = xend_device_list(&D(a)->x, domid, nic, out, max);

	return n < 0 ? failed(a, n) : n;
}

const struct xend_ops xend_daemon_ops = {
	.list = op_list,
	.config = op_config,
	.create = op_create,
	.destroy = op_destroy,
	.shutdown = op_shutdown,
	.pause = op_pause,
	.vcpu_set = op_vcpu_set,
	.mem_set = op_mem_set,
	.mem_max = op_mem_max,
	.sched_get = op_sched_get,
	.sched_set = op_sched_set,
	.rename = op_rename,
	.dmesg = op_dmesg,
	.stop = op_stop,
	.save = op_save,
	.restore = op_restore,
	.vcpu_info = op_vcpu_info,
	.vcpu_pin = op_vcpu_pin,
	.nr_cpus = op_nr_cpus,
	.migrate = op_migrate,
	.dev_attach = op_dev_attach,
	.dev_detach = op_dev_detach,
	.dev_list = op_dev_list,
};
