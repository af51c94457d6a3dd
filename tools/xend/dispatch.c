/*
 * xend's request dispatch: decode one line, check the version and the
 * command, run it, encode the reply. Decoding never trusts the peer: a
 * line that is not a JSON object, a missing or foreign version, an unknown
 * command or an argument of the wrong type is answered with ok=false and
 * EINVAL / EPROTONOSUPPORT / EOPNOTSUPP, and nothing is called.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_cmds.h"

static struct json_object *reply(int rc, const char *err, struct json_object *result)
{
	struct json_object *r = json_object_new_object();

	json_object_object_add(r, "version", json_object_new_int(XEND_API_VERSION));
	json_object_object_add(r, "ok", json_object_new_boolean(rc == 0));
	if (rc) {
		json_object_object_add(r, "errno", json_object_new_int(-rc));
		json_object_object_add(r, "error", json_object_new_string(err));
		json_object_put(result);
	} else {
		json_object_object_add(r, "result", result ? result : json_object_new_object());
	}
	return r;
}

static int bad(struct xend_api *a, int rc, const char *fmt, const char *what)
{
	snprintf(a->err, sizeof(a->err), fmt, what);
	return rc;
}

static const struct xend_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < xend_nr_cmds; i++)
		if (!strcmp(xend_cmds[i].name, name))
			return &xend_cmds[i];
	return NULL;
}

/* The command and its arguments of a decoded request, or -errno. */
static int decode(struct xend_api *a, struct json_object *req, const struct xend_cmd **cmd,
		  struct json_object **args)
{
	struct json_object *v, *c;

	if (!req || !json_object_is_type(req, json_type_object))
		return bad(a, -EINVAL, "%s", "malformed request: not a JSON object");
	if (!json_object_object_get_ex(req, "version", &v) ||
	    !json_object_is_type(v, json_type_int))
		return bad(a, -EINVAL, "%s", "malformed request: no \"version\"");
	if (json_object_get_int64(v) != XEND_API_VERSION) {
		snprintf(a->err, sizeof(a->err), "API version %lld not supported (xend speaks %d)",
			 (long long)json_object_get_int64(v), XEND_API_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (!json_object_object_get_ex(req, "cmd", &c) || !json_object_is_type(c, json_type_string))
		return bad(a, -EINVAL, "%s", "malformed request: no \"cmd\"");
	*cmd = find_cmd(json_object_get_string(c));
	if (!*cmd)
		return bad(a, -EOPNOTSUPP, "unknown command \"%s\"", json_object_get_string(c));
	if (!json_object_object_get_ex(req, "args", args))
		*args = NULL;
	else if (!json_object_is_type(*args, json_type_object))
		return bad(a, -EINVAL, "%s", "malformed request: \"args\" is not an object");
	return 0;
}

struct json_object *xend_dispatch(struct xend_api *a, const char *line)
{
	struct json_object *req = json_tokener_parse(line), *args = NULL, *result = NULL;
	const struct xend_cmd *cmd = NULL;
	int rc;

	a->err[0] = '\0';
	rc = decode(a, req, &cmd, &args);
	if (!rc)
		rc = cmd->fn(a, args, &result);
	if (rc && !a->err[0])
		snprintf(a->err, sizeof(a->err), "%s", strerror(-rc));
	json_object_put(req);
	return reply(rc, a->err, result);
}

static struct json_object *get(struct json_object *args, const char *key)
{
	struct json_object *v = NULL;

	if (args)
		json_object_object_get_ex(args, key, &v);
	return v;
}

int xend_arg_str(struct xend_api *a, struct json_object *args, const char *key, bool required,
		 const char **out)
{
	struct json_object *v = get(args, key);

	if (!v)
		return required ? bad(a, -EINVAL, "missing argument \"%s\"", key) : 0;
	if (!json_object_is_type(v, json_type_string))
		return bad(a, -EINVAL, "argument \"%s\" must be a string", key);
	*out = json_object_get_string(v);
	return 0;
}

int xend_arg_int(struct xend_api *a, struct json_object *args, const char *key, bool required,
		 long long lo, long long hi, long long *out)
{
	struct json_object *v = get(args, key);
	long long n;

	if (!v)
		return required ? bad(a, -EINVAL, "missing argument \"%s\"", key) : 0;
	if (!json_object_is_type(v, json_type_int))
		return bad(a, -EINVAL, "argument \"%s\" must be an integer", key);
	n = json_object_get_int64(v);
	if (n < lo || n > hi) {
		snprintf(a->err, sizeof(a->err),
			 "argument \"%s\" = %lld is out of range (%lld..%lld)", key, n, lo, hi);
		return -EINVAL;
	}
	*out = n;
	return 0;
}

int xend_arg_bool(struct xend_api *a, struct json_object *args, const char *key, bool *out)
{
	struct json_object *v = get(args, key);

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return bad(a, -EINVAL, "argument \"%s\" must be true or false", key);
	*out = json_object_get_boolean(v);
	return 0;
}

int xend_resolve(struct xend_api *a, const char *what, int n)
{
	size_t len = strlen(what);
	int prefix = -1, nr_prefix = 0;

	if (len && strspn(what, "0123456789") == len) {
		for (int i = 0; i < n; i++)
			if (a->doms[i].info.domain == strtoul(what, NULL, 10))
				return i;
	} else {
		for (int i = 0; i < n; i++) {
			if (!strcmp(a->doms[i].name, what))
				return i;
			if (len && !strncmp(a->doms[i].name, what, len)) {
				prefix = i;
				nr_prefix++;
			}
		}
		if (nr_prefix == 1)
			return prefix;
	}
	snprintf(a->err, sizeof(a->err), "%s is an invalid domain identifier%s", what,
		 nr_prefix > 1 ? " (an ambiguous prefix)" : "");
	return -ESRCH;
}

int xend_arg_dom(struct xend_api *a, struct json_object *args)
{
	const char *what = NULL;
	int n, rc = xend_arg_str(a, args, "dom", true, &what);

	if (rc)
		return rc;
	n = a->ops->list(a, a->doms, XEND_MAX_DOMS);
	return n < 0 ? n : xend_resolve(a, what, n);
}
