/*
 * xm's side of the xend API: one call per request, xend's message on
 * stderr when it fails (exit status 1, as xl).
 */
#include <stdio.h>

#include "xm.h"
#include "../xend/client.h"

int xm_call(const char *cmd, struct json_object *args, struct json_object **res)
{
	char err[1024];

	if (xend_call(cmd, args, res, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
}

struct json_object *xm_dom_args(const char *dom)
{
	struct json_object *a = json_object_new_object();

	json_object_object_add(a, "dom", json_object_new_string(dom));
	return a;
}

struct json_object *xm_field(struct json_object *dom, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(dom, key, &v);
	return v;
}

int xm_lookup(const char *dom, struct json_object **out)
{
	struct json_object *a = json_object_new_object(), *doms = json_object_new_array(), *res;

	json_object_array_add(doms, json_object_new_string(dom));
	json_object_object_add(a, "doms", doms);
	if (xm_call("list", a, &res))
		return 1;
	*out = json_object_get(json_object_array_get_idx(res, 0));
	json_object_put(res);
	return *out ? 0 : 1;
}
