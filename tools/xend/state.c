/*
 * xend's state directory: <dir>/domains/<uuid>.json per managed domain,
 *   {"version": 1, "domid": 5, "uuid": "...", "name": "demo",
 *    "start_time": 1700000000, "actions": ["destroy", "restart", ...],
 *    "request": {"file": ..., "config": ..., "overrides": [...]}}
 * written to a temporary file and renamed over the old one, so a crash
 * leaves either version whole. Loading validates every field: a file that
 * does not parse or holds the wrong types is skipped (and reported).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

static void file_of(const char *dir, const uint8_t uuid[16], char *path, size_t size)
{
	char u[40];

	xend_uuid_str(uuid, u);
	snprintf(path, size, "%s/domains/%s.json", dir, u);
}

static struct json_object *record_json(const struct xend_record *r)
{
	struct json_object *o = json_object_new_object(), *acts = json_object_new_array();
	char u[40];

	xend_uuid_str(r->uuid, u);
	json_object_object_add(o, "version", json_object_new_int(1));
	json_object_object_add(o, "domid", json_object_new_int(r->domid));
	json_object_object_add(o, "uuid", json_object_new_string(u));
	json_object_object_add(o, "name", json_object_new_string(r->name));
	json_object_object_add(o, "start_time", json_object_new_double(r->start_time));
	for (int k = 0; k < XEND_NR_ACTIONS; k++)
		json_object_array_add(acts, json_object_new_string(r->actions[k]));
	json_object_object_add(o, "actions", acts);
	json_object_object_add(o, "request", json_object_get(r->request));
	return o;
}

int xend_state_save(const char *dir, const struct xend_record *r)
{
	char path[512], tmp[520];
	struct json_object *o = record_json(r);
	int rc;

	snprintf(path, sizeof(path), "%s/domains", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	file_of(dir, r->uuid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	rc = json_object_to_file_ext(tmp, o, JSON_C_TO_STRING_PRETTY);
	json_object_put(o);
	if (rc || rename(tmp, path)) {
		unlink(tmp);
		return -EIO;
	}
	return 0;
}

void xend_state_remove(const char *dir, const uint8_t uuid[16])
{
	char path[512];

	file_of(dir, uuid, path, sizeof(path));
	unlink(path);
}

static int parse_uuid(const char *s, uint8_t uuid[16])
{
	unsigned int b[16];

	if (!s || strlen(s) != 36 ||
	    sscanf(s, "%2x%2x%2x%2x-%2x%2x-%2x%2x-%2x%2x-%2x%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &b[6], &b[7], &b[8], &b[9], &b[10], &b[11], &b[12], &b[13],
		   &b[14], &b[15]) != 16)
		return -EINVAL;
	for (int i = 0; i < 16; i++)
		uuid[i] = (uint8_t)b[i];
	return 0;
}

static struct json_object *field(struct json_object *o, const char *key, enum json_type t)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

static bool valid_request(struct json_object *q)
{
	return q && field(q, "file", json_type_string) && field(q, "config", json_type_string) &&
	       field(q, "overrides", json_type_array);
}

static int record_from(struct json_object *o, struct xend_record *r)
{
	struct json_object *id = field(o, "domid", json_type_int), *acts;
	struct json_object *name = field(o, "name", json_type_string);
	struct json_object *q = field(o, "request", json_type_object);

	acts = field(o, "actions", json_type_array);
	if (!id || !name || !valid_request(q) || !acts ||
	    json_object_array_length(acts) != XEND_NR_ACTIONS ||
	    parse_uuid(json_object_get_string(field(o, "uuid", json_type_string)), r->uuid))
		return -EINVAL;
	r->used = true;
	r->domid = (uint16_t)json_object_get_int(id);
	snprintf(r->name, sizeof(r->name), "%s", json_object_get_string(name));
	for (int k = 0; k < XEND_NR_ACTIONS; k++)
		snprintf(r->actions[k], sizeof(r->actions[k]), "%s",
			 json_object_get_string(json_object_array_get_idx(acts, k)));
	r->start_time = json_object_get_double(json_object_object_get(o, "start_time"));
	r->request = json_object_get(q);
	return 0;
}

void xend_state_load(const char *dir, void (*fn)(void *arg, struct xend_record *r), void *arg)
{
	char path[512];
	DIR *dp;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/domains", dir);
	dp = opendir(path);
	while (dp && (e = readdir(dp))) {
		struct xend_record r = {0};
		struct json_object *o;
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/domains/%s", dir, e->d_name);
		o = json_object_from_file(path);
		if (o && !record_from(o, &r))
			fn(arg, &r);
		else
			xend_log("ignoring %s: not a xend domain record", path);
		json_object_put(o);
	}
	if (dp)
		closedir(dp);
}
