/*
 * xend's API commands save, restore and migrate (docs/xend-api.md). The file is a
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

/* The downtime's parts (xend.h), in ms, in their order. */
static struct json_object *downtime_parts(const struct xend_migrate *m)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "last_round_ms", json_object_new_double(m->last_round_ns / 1e6));
	json_object_object_add(o, "stream_end_ms", json_object_new_double(m->stream_end_ns / 1e6));
	json_object_object_add(o, "target_restore_ms",
			       json_object_new_double(m->target_restore_ns / 1e6));
	json_object_object_add(o, "target_start_ms",
			       json_object_new_double(m->target_start_ns / 1e6));
	return o;
}

/* Inside last_round_ms (xend.h): where the source's time went. */
static struct json_object *last_round(const struct xend_migrate *m)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "clean_ms", json_object_new_double(m->last_clean_ns / 1e6));
	json_object_object_add(o, "state_ms", json_object_new_double(m->last.state_ns / 1e6));
	json_object_object_add(o, "pfinfo_ms", json_object_new_double(m->last.info_ns / 1e6));
	json_object_object_add(o, "map_ms", json_object_new_double(m->last.map_ns / 1e6));
	json_object_object_add(o, "canon_ms", json_object_new_double(m->last.canon_ns / 1e6));
	json_object_object_add(o, "write_ms", json_object_new_double(m->last.write_ns / 1e6));
	json_object_object_add(o, "records", json_object_new_int64(m->last.records));
	json_object_object_add(o, "maps", json_object_new_int64(m->last.maps));
	json_object_object_add(o, "writes", json_object_new_int64(m->last.writes));
	json_object_object_add(o, "deltas", json_object_new_int64(m->last.deltas));
	json_object_object_add(o, "delta_bytes",
			       json_object_new_int64((int64_t)m->last.delta_bytes));
	json_object_object_add(o, "whole_no_copy", json_object_new_int64(m->last.no_copy));
	json_object_object_add(o, "whole_too_long", json_object_new_int64(m->last.too_long));
	json_object_object_add(o, "whole_tables", json_object_new_int64(m->last.tables));
	return o;
}

/* Inside stream_end_ms: the tail's write (its state was read in the last
 * round, before the pages: last_round's state_ms). */
static struct json_object *stream_end(const struct xend_migrate *m)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "write_ms", json_object_new_double(m->end.write_ns / 1e6));
	json_object_object_add(o, "writes", json_object_new_int64(m->end.writes));
	return o;
}

/* args: "dom", "host", "port" (8002), "progress". Result: the figures of
 * the move (docs/xend-api.md "migrate"). */
XEND_CMD(migrate)
{
	struct xend_migrate m = {.port = 8002};
	bool progress = false;
	long long port = 8002;
	int i = xend_arg_dom(a, args), rc;

	if (i < 0)
		return i;
	if ((rc = xend_arg_str(a, args, "host", true, &m.host)) ||
	    (rc = xend_arg_int(a, args, "port", false, 1, 65535, &port)) ||
	    (rc = xend_arg_bool(a, args, "progress", &progress)))
		return rc;
	m.port = (int)port;
	if ((rc = a->ops->migrate(a, a->doms[i].info.domain, &m, progress)))
		return rc;
	*res = json_object_new_object();
	json_object_object_add(*res, "domid", json_object_new_int(a->doms[i].info.domain));
	json_object_object_add(*res, "name", json_object_new_string(a->doms[i].name));
	json_object_object_add(*res, "host", json_object_new_string(m.host));
	json_object_object_add(*res, "port", json_object_new_int(m.port));
	json_object_object_add(*res, "target_domid", json_object_new_int(m.target_domid));
	json_object_object_add(*res, "live", json_object_new_boolean(m.live));
	json_object_object_add(*res, "relocation_version", json_object_new_int((int32_t)m.version));
	json_object_object_add(*res, "rounds", json_object_new_int((int32_t)m.rounds));
	json_object_object_add(*res, "pages", json_object_new_int64((int64_t)m.pages));
	json_object_object_add(*res, "bytes", json_object_new_int64((int64_t)m.bytes));
	json_object_object_add(*res, "downtime_ms", json_object_new_double(m.downtime_ns / 1e6));
	json_object_object_add(*res, "total_ms", json_object_new_double(m.total_ns / 1e6));
	json_object_object_add(*res, "suspend_ms", json_object_new_double(m.suspend_ns / 1e6));
	json_object_object_add(*res, "drain_ms", json_object_new_double(m.drain_ns / 1e6));
	json_object_object_add(*res, "last_round_pages",
			       json_object_new_int64((int64_t)m.last_pages));
	json_object_object_add(*res, "downtime_parts", downtime_parts(&m));
	json_object_object_add(*res, "last_round", last_round(&m));
	json_object_object_add(*res, "stream_end", stream_end(&m));
	return 0;
}
