/*
 * xend's vCPU commands: vcpu-list (every vCPU of the domains asked, or of
 * all, with its state, CPU time and hard and soft affinity) and vcpu-pin
 * (one vCPU, or -1 for all of them; a hard and/or a soft CPU set). CPU
 * sets travel as arrays of CPU numbers (0-63: the masks are 64 bits).
 * A vCPU id the hypervisor never allocated (-ESRCH) is skipped, and so
 * is a domain that fails (one dying meanwhile) when all are listed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api_cmds.h"

static struct json_object *cpus_json(uint64_t mask)
{
	struct json_object *arr = json_object_new_array();

	for (int c = 0; c < 64; c++)
		if (mask >> c & 1)
			json_object_array_add(arr, json_object_new_int(c));
	return arr;
}

static struct json_object *vcpu_json(const struct xend_dominfo *d, const struct xend_vcpu *v)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "domid", json_object_new_int(d->info.domain));
	json_object_object_add(o, "name", json_object_new_string(d->name));
	json_object_object_add(o, "vcpu", json_object_new_int((int)v->vcpu));
	json_object_object_add(o, "online", json_object_new_boolean(v->online));
	json_object_object_add(o, "running", json_object_new_boolean(v->running));
	json_object_object_add(o, "blocked", json_object_new_boolean(v->blocked));
	json_object_object_add(o, "cpu", json_object_new_int((int)v->cpu));
	json_object_object_add(o, "cpu_time", json_object_new_double((double)v->cpu_time / 1e9));
	json_object_object_add(o, "hard", cpus_json(v->hard));
	json_object_object_add(o, "soft", cpus_json(v->soft));
	return o;
}

static int dom_vcpus(struct xend_api *a, int i, struct json_object *arr)
{
	const struct xend_dominfo *d = &a->doms[i];
	struct xend_vcpu v;

	for (uint32_t n = 0; n <= d->info.max_vcpu_id; n++) {
		int rc = a->ops->vcpu_info(a, d->info.domain, n, &v);

		if (rc == -ESRCH)
			continue;
		if (rc)
			return rc;
		json_object_array_add(arr, vcpu_json(d, &v));
	}
	return 0;
}

/* args: "doms" (array of domain arguments, default all). */
XEND_CMD(vcpu_list)
{
	struct json_object *doms = NULL, *arr;
	int n, nr_cpus, rc = 0;

	if (args && json_object_object_get_ex(args, "doms", &doms) &&
	    !json_object_is_type(doms, json_type_array)) {
		snprintf(a->err, sizeof(a->err), "argument \"doms\" must be an array");
		return -EINVAL;
	}
	if ((nr_cpus = a->ops->nr_cpus(a)) < 0)
		return nr_cpus;
	if ((n = a->ops->list(a, a->doms, XEND_MAX_DOMS)) < 0)
		return n;
	arr = json_object_new_array();
	for (size_t k = 0; doms && !rc && k < json_object_array_length(doms); k++) {
		const char *what = json_object_get_string(json_object_array_get_idx(doms, k));
		int i = xend_resolve(a, what ? what : "", n);

		rc = i < 0 ? i : dom_vcpus(a, i, arr);
	}
	for (int i = 0; !doms && i < n; i++)
		dom_vcpus(a, i, arr);
	if (rc)
		return json_object_put(arr), rc;
	*res = json_object_new_object();
	json_object_object_add(*res, "nr_cpus", json_object_new_int(nr_cpus));
	json_object_object_add(*res, "vcpus", arr);
	return 0;
}

/* args key, an array of CPU numbers, into *mask (*given: it was there). */
static int cpu_set(struct xend_api *a, struct json_object *args, const char *key, uint64_t *mask,
		   bool *given)
{
	struct json_object *v = NULL;
	size_t len;

	*given = args && json_object_object_get_ex(args, key, &v);
	if (!*given)
		return 0;
	if (!json_object_is_type(v, json_type_array) || !(len = json_object_array_length(v))) {
		snprintf(a->err, sizeof(a->err), "argument \"%s\" must be a non-empty array", key);
		return -EINVAL;
	}
	*mask = 0;
	for (size_t k = 0; k < len; k++) {
		struct json_object *c = json_object_array_get_idx(v, k);
		int64_t cpu = json_object_get_int64(c);

		if (!json_object_is_type(c, json_type_int) || cpu < 0 || cpu > 63) {
			snprintf(a->err, sizeof(a->err),
				 "argument \"%s\" must hold CPU numbers 0..63", key);
			return -EINVAL;
		}
		*mask |= 1ULL << cpu;
	}
	return 0;
}

/* args: "dom", "vcpu" (-1: all), "hard" and/or "soft" (arrays of CPUs). */
XEND_CMD(vcpu_pin)
{
	uint64_t hard = 0, soft = 0;
	bool has_hard, has_soft;
	long long vcpu = 0;
	int i = xend_arg_dom(a, args), rc;
	const struct xend_dominfo *d;

	if (i < 0)
		return i;
	d = &a->doms[i];
	if ((rc = xend_arg_int(a, args, "vcpu", true, -1, d->info.max_vcpu_id, &vcpu)) ||
	    (rc = cpu_set(a, args, "hard", &hard, &has_hard)) ||
	    (rc = cpu_set(a, args, "soft", &soft, &has_soft)))
		return rc;
	if (!has_hard && !has_soft) {
		snprintf(a->err, sizeof(a->err), "vcpu-pin needs \"hard\" or \"soft\"");
		return -EINVAL;
	}
	for (uint32_t n = vcpu < 0 ? 0 : (uint32_t)vcpu;
	     n <= (vcpu < 0 ? d->info.max_vcpu_id : (uint32_t)vcpu); n++) {
		rc = a->ops->vcpu_pin(a, d->info.domain, n, has_hard ? &hard : NULL,
				      has_soft ? &soft : NULL);
		if (rc && !(rc == -ESRCH && vcpu < 0))
			return rc;
	}
	*res = json_object_new_object();
	json_object_object_add(*res, "domid", json_object_new_int(d->info.domain));
	return 0;
}
