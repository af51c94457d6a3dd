/*
 * xend's API commands save and restore (docs/xend-api.md). The file is a
 * path on the daemon's host and must be absolute (xm makes it so): the
 * daemon's working directory is not the caller's. "progress": true asks
 * for progress lines before the reply (the server sends them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api_cmds.h"

static int file_arg(struct xend_api *a, struct json_object *args, const char **file)
{
	int rc = xend_arg_str(a, args, "file", true, file);

	if (!rc && (*file)[0] != '/') {
		snprintf(a->err, sizeof(a->err), "argument \"file\" must be an absolute path: %s",
			 *file);
		rc = -EINVAL;
	}
	return rc;
}

/* args: "dom", "file", "progress". Result: domid, name, file, pages. */
XEND_CMD(save)
{
	const char *file = NULL;
	bool progress = false;
	uint64_t pages = 0;
	int i = xend_arg_dom(a, args), rc;

	if (i < 0)
		return i;
	if ((rc = file_arg(a, args, &file)) ||
	    (rc = xend_arg_bool(a, args, "progress", &progress)) ||
	    (rc = a->ops->save(a, a->doms[i].info.domain, file, progress, &pages)))
		return rc;
	*res = json_object_new_object();
	json_object_object_add(*res, "domid", json_object_new_int(a->doms[i].info.domain));
	json_object_object_add(*res, "name", json_object_new_string(a->doms[i].name));
	json_object_object_add(*res, "file", json_object_new_string(file));
	json_object_object_add(*res, "pages", json_object_new_int64((int64_t)pages));
	return 0;
}

/* args: "file", "paused", "progress". Result: domid, name. */
XEND_CMD(restore)
{
	const char *file = NULL;
	bool paused = false, progress = false;
	uint16_t domid = 0;
	char name[64] = "";
	int rc;

	if ((rc = file_arg(a, args, &file)) || (rc = xend_arg_bool(a, args, "paused", &paused)) ||
	    (rc = xend_arg_bool(a, args, "progress", &progress)) ||
	    (rc = a->ops->restore(a, file, paused, progress, &domid, name)))
		return rc;
	*res = json_object_new_object();
	json_object_object_add(*res, "domid", json_object_new_int(domid));
	json_object_object_add(*res, "name", json_object_new_string(name));
	return 0;
}
