/*
 * xend's API commands (docs/xend-api.md): each checks its arguments,
 * resolves its domain (dispatch.c) and calls one backend operation. The
 * table is the API: a command not in it does not exist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_cmds.h"

void xend_state_str(const struct xen_domctl_getdomaininfo *i, char s[7])
{
	static const char reason[] = "-rscwS";
	unsigned int code = i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask;
	bool shut = i->flags & XEN_DOMINF_shutdown;

	s[0] = i->flags & XEN_DOMINF_running ? 'r' : '-';
	s[1] = i->flags & XEN_DOMINF_blocked ? 'b' : '-';
	s[2] = i->flags & XEN_DOMINF_paused ? 'p' : '-';
	s[3] = shut ? 's' : '-';
	s[4] = shut && code < sizeof(reason) - 1 ? reason[code] : '-';
	s[5] = i->flags & XEN_DOMINF_dying ? 'd' : '-';
	s[6] = '\0';
}

static void add_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

struct json_object *xend_dom_json(const struct xend_dominfo *d)
{
	static const char *const keys[XEND_NR_ACTIONS] = {"on_poweroff", "on_reboot", "on_crash",
							  "on_watchdog"};
	const struct xen_domctl_getdomaininfo *i = &d->info;
	struct json_object *o = json_object_new_object();
	char s[7];

	xend_state_str(i, s);
	add_int(o, "domid", i->domain);
	json_object_object_add(o, "name", json_object_new_string(d->name));
	json_object_object_add(o, "uuid", json_object_new_string(d->uuid));
	json_object_object_add(o, "state", json_object_new_string(s));
	add_int(o, "memory_kib", (int64_t)i->tot_pages * 4);
	add_int(o, "outstanding_kib", (int64_t)i->outstanding_pages * 4);
	add_int(o, "max_memory_kib", (int64_t)i->max_pages * 4);
	add_int(o, "vcpus", i->nr_online_vcpus);
	add_int(o, "max_vcpus", (int64_t)i->max_vcpu_id + 1);
	json_object_object_add(o, "cpu_time", json_object_new_double((double)i->cpu_time / 1e9));
	add_int(o, "shutdown_reason",
		i->flags & XEN_DOMINF_shutdown
			? (int64_t)(i->flags >> XEN_DOMINF_shutdownshift & XEN_DOMINF_shutdownmask)
			: -1);
	json_object_object_add(o, "start_time", json_object_new_double(d->start_time));
	json_object_object_add(o, "managed", json_object_new_boolean(d->managed));
	for (int k = 0; d->managed && k < XEND_NR_ACTIONS; k++)
		json_object_object_add(o, keys[k], json_object_new_string(d->actions[k]));
	return o;
}

static int cmd_version(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	*res = json_object_new_object();
	add_int(*res, "api", XEND_API_VERSION);
	json_object_object_add(*res, "server", json_object_new_string("xend (xeno)"));
	add_int(*res, "pid", getpid());
	return 0;
}

static void add_dom(struct xend_api *a, struct json_object *arr, int i, bool lng)
{
	struct json_object *o = xend_dom_json(&a->doms[i]);
	struct json_object *cfg = lng ? a->ops->config(a, a->doms[i].info.domain) : NULL;

	if (cfg)
		json_object_object_add(o, "config", cfg);
	json_object_array_add(arr, o);
}

/* args: "doms" (array of domain arguments, default all), "long" (with configs). */
static int cmd_list(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	struct json_object *doms = NULL;
	bool lng = false;
	int n, rc = xend_arg_bool(a, args, "long", &lng);

	if (rc)
		return rc;
	if (args && json_object_object_get_ex(args, "doms", &doms) &&
	    !json_object_is_type(doms, json_type_array)) {
		snprintf(a->err, sizeof(a->err), "argument \"doms\" must be an array");
		return -EINVAL;
	}
	if ((n = a->ops->list(a, a->doms, XEND_MAX_DOMS)) < 0)
		return n;
	*res = json_object_new_array();
	for (size_t k = 0; doms && k < json_object_array_length(doms); k++) {
		const char *what = json_object_get_string(json_object_array_get_idx(doms, k));
		int i = xend_resolve(a, what ? what : "", n);

		if (i < 0)
			return i;
		add_dom(a, *res, i, lng);
	}
	for (int i = 0; !doms && i < n; i++)
		add_dom(a, *res, i, lng);
	return 0;
}

/* args: "file", "config" (the text), "overrides" (strings), "paused", "dry_run". */
static int cmd_create(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	struct xend_create_req r = {.file = "<config>"};
	struct json_object *ov = NULL;
	char *ovs[64];
	int rc;

	if ((rc = xend_arg_str(a, args, "file", false, &r.file)) ||
	    (rc = xend_arg_str(a, args, "config", true, &r.text)) ||
	    (rc = xend_arg_bool(a, args, "paused", &r.paused)) ||
	    (rc = xend_arg_bool(a, args, "dry_run", &r.dry_run)))
		return rc;
	r.len = strlen(r.text);
	json_object_object_get_ex(args, "overrides", &ov);
	for (size_t k = 0; ov && k < json_object_array_length(ov) && k < 64; k++) {
		struct json_object *s = json_object_array_get_idx(ov, k);

		if (!json_object_is_type(s, json_type_string)) {
			snprintf(a->err, sizeof(a->err),
				 "argument \"overrides\" must hold strings");
			return -EINVAL;
		}
		ovs[r.nr_overrides++] = (char *)json_object_get_string(s);
	}
	r.overrides = ovs;
	if ((rc = a->ops->create(a, &r)))
		return rc;
	*res = json_object_new_object();
	json_object_object_add(*res, "name", json_object_new_string(r.name));
	if (r.dry_run)
		json_object_object_add(*res, "summary", json_object_new_string(r.summary));
	else
		add_int(*res, "domid", r.domid);
	return 0;
}

static struct json_object *domid_result(uint16_t domid)
{
	struct json_object *o = json_object_new_object();

	add_int(o, "domid", domid);
	return o;
}

/* One domain argument and nothing else: destroy, shutdown, reboot, pause, unpause. */
static int simple(struct xend_api *a, struct json_object *args, struct json_object **res, int op)
{
	int i = xend_arg_dom(a, args), rc;
	uint16_t domid;

	if (i < 0)
		return i;
	domid = a->doms[i].info.domain;
	if (op == 0)
		rc = a->ops->destroy(a, domid);
	else if (op <= 2)
		rc = a->ops->shutdown(a, domid, op == 1 ? "poweroff" : "reboot");
	else
		rc = a->ops->pause(a, domid, op == 3);
	if (!rc)
		*res = domid_result(domid);
	return rc;
}

static int cmd_destroy(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	return simple(a, args, res, 0);
}

static int cmd_shutdown(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	return simple(a, args, res, 1);
}

static int cmd_reboot(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	return simple(a, args, res, 2);
}

static int cmd_pause(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	return simple(a, args, res, 3);
}

static int cmd_unpause(struct xend_api *a, struct json_object *args, struct json_object **res)
{
	return simple(a, args, res, 4);
}

const struct xend_cmd xend_cmds[] = {
	{"version", cmd_version},
	{"list", cmd_list},
	{"create", cmd_create},
	{"destroy", cmd_destroy},
	{"shutdown", cmd_shutdown},
	{"reboot", cmd_reboot},
	{"pause", cmd_pause},
	{"unpause", cmd_unpause},
	{"vcpu-set", xend_cmd_vcpu_set},
	{"mem-set", xend_cmd_mem_set},
	{"mem-max", xend_cmd_mem_max},
	{"sched-credit", xend_cmd_sched_credit},
	{"rename", xend_cmd_rename},
	{"dmesg", xend_cmd_dmesg},
	{"stop", xend_cmd_stop},
	{"save", xend_cmd_save},
	{"restore", xend_cmd_restore},
	{"vcpu-list", xend_cmd_vcpu_list},
	{"vcpu-pin", xend_cmd_vcpu_pin},
	{"migrate", xend_cmd_migrate},
	{"block-attach", xend_cmd_block_attach},
	{"block-detach", xend_cmd_block_detach},
	{"block-list", xend_cmd_block_list},
	{"network-attach", xend_cmd_network_attach},
	{"network-detach", xend_cmd_network_detach},
	{"network-list", xend_cmd_network_list},
};
const size_t xend_nr_cmds = sizeof(xend_cmds) / sizeof(xend_cmds[0]);
