/*
 * xend's API commands that change a running domain or read the host:
 * vcpu-set, mem-set, mem-max (sizes in KiB), sched-credit (get all or
 * one, set weight and/or cap), rename, dmesg, and stop (the daemon).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_cmds.h"

static struct json_object *domid_result(uint16_t domid)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "domid", json_object_new_int(domid));
	return o;
}

XEND_CMD(vcpu_set)
{
	long long n = 0;
	int i = xend_arg_dom(a, args), rc;

	if (i < 0)
		return i;
	if ((rc = xend_arg_int(a, args, "vcpus", true, 1, 4096, &n)) ||
	    (rc = a->ops->vcpu_set(a, a->doms[i].info.domain, (unsigned int)n)))
		return rc;
	*res = domid_result(a->doms[i].info.domain);
	return 0;
}

static int mem(struct xend_api *a, struct json_object *args, struct json_object **res, bool max)
{
	long long kib = 0;
	int i = xend_arg_dom(a, args), rc;
	uint16_t domid;

	if (i < 0)
		return i;
	domid = a->doms[i].info.domain;
	if ((rc = xend_arg_int(a, args, "kib", true, 1024, 1LL << 40, &kib)))
		return rc;
	rc = max ? a->ops->mem_max(a, domid, (uint64_t)kib)
		 : a->ops->mem_set(a, domid, (uint64_t)kib);
	if (!rc)
		*res = domid_result(domid);
	return rc;
}

XEND_CMD(mem_set)
{
	return mem(a, args, res, false);
}

XEND_CMD(mem_max)
{
	return mem(a, args, res, true);
}

static int sched_row(struct xend_api *a, int i, struct json_object *arr)
{
	struct xctrl_sched s;
	struct json_object *o;
	int rc = a->ops->sched_get(a, a->doms[i].info.domain, &s);

	if (rc)
		return rc;
	o = json_object_new_object();
	json_object_object_add(o, "domid", json_object_new_int(a->doms[i].info.domain));
	json_object_object_add(o, "name", json_object_new_string(a->doms[i].name));
	json_object_object_add(o, "weight", json_object_new_int(s.weight));
	json_object_object_add(o, "cap", json_object_new_int(s.cap));
	json_object_array_add(arr, o);
	return 0;
}

/* Weight and/or cap of one domain; the others keep their value. */
static int sched_set(struct xend_api *a, struct json_object *args, int i)
{
	long long w = -1, c = -1;
	struct xctrl_sched s;
	int rc;

	if ((rc = xend_arg_int(a, args, "weight", false, 1, 65535, &w)) ||
	    (rc = xend_arg_int(a, args, "cap", false, 0, 65535, &c)))
		return rc;
	if (w < 0 && c < 0)
		return 0;
	if ((rc = a->ops->sched_get(a, a->doms[i].info.domain, &s)))
		return rc;
	if (w >= 0)
		s.weight = (uint16_t)w;
	if (c >= 0)
		s.cap = (uint16_t)c;
	return a->ops->sched_set(a, a->doms[i].info.domain, &s);
}

/* args: "dom" (else every domain), "weight", "cap" (need "dom"). */
XEND_CMD(sched_credit)
{
	int i, n, rc;

	if (!args || !json_object_object_get_ex(args, "dom", NULL)) {
		if (args && (json_object_object_get_ex(args, "weight", NULL) ||
			     json_object_object_get_ex(args, "cap", NULL))) {
			snprintf(a->err, sizeof(a->err), "setting weight or cap needs a domain");
			return -EINVAL;
		}
		if ((n = a->ops->list(a, a->doms, XEND_MAX_DOMS)) < 0)
			return n;
		*res = json_object_new_array();
		for (i = 0, rc = 0; i < n && !rc; i++)
			rc = sched_row(a, i, *res);
		return rc;
	}
	if ((i = xend_arg_dom(a, args)) < 0)
		return i;
	if ((rc = sched_set(a, args, i)))
		return rc;
	*res = json_object_new_array();
	return sched_row(a, i, *res);
}

XEND_CMD(rename)
{
	const char *name = NULL;
	int i = xend_arg_dom(a, args), rc;

	if (i < 0)
		return i;
	if ((rc = xend_arg_str(a, args, "name", true, &name)) ||
	    (rc = a->ops->rename(a, a->doms[i].info.domain, name)))
		return rc;
	*res = domid_result(a->doms[i].info.domain);
	return 0;
}

#define DMESG_SIZE (256u << 10)

XEND_CMD(dmesg)
{
	bool clear = false;
	char *buf;
	long n;
	int rc = xend_arg_bool(a, args, "clear", &clear);

	if (rc)
		return rc;
	buf = malloc(DMESG_SIZE);
	if (!buf)
		return -ENOMEM;
	n = a->ops->dmesg(a, buf, DMESG_SIZE, clear);
	if (n >= 0) {
		*res = json_object_new_object();
		json_object_object_add(*res, "text", json_object_new_string_len(buf, (int)n));
	}
	free(buf);
	return n < 0 ? (int)n : 0;
}

XEND_CMD(stop)
{
	return a->ops->stop(a);
}
