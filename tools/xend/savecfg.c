/*
 * xend: the domain configuration inside a save file (docs/save-format.md).
 * The file is xl's: `xm save` writes xl.cfg text (the creation request's
 * text, its overrides as later lines, then name and uuid: the last
 * assignment of a key wins, for xl as for us), which Debian's `xl restore`
 * parses like a config file; `xl save` writes libxl's JSON
 * (libxl_domain_config), which xm restore turns into xl.cfg text with the
 * keys xend knows: name, uuid, kernel, ramdisk, cmdline, memory, maxmem,
 * vcpus, maxvcpus, on_poweroff/reboot/crash, disk and vif.
 *
 * Pure (json-c and strings), host-tested (tests/unit xend_savecfg).
 * Invariants: every value written is a quoted string free of quotes,
 * backslashes and newlines, or a number; anything else is refused.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "savecfg.h"

struct text {
	char *buf;
	size_t len, cap;
	int rc;
};

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->rc)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *b = realloc(t->buf, cap);

		if (!b) {
			t->rc = -ENOMEM;
			return;
		}
		t->buf = b;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static bool plain(const char *s)
{
	return !strpbrk(s, "\"\\\n\r");
}

char *xend_save_text(struct json_object *request, const char *name, const char *uuid)
{
	struct json_object *v, *ov;
	struct text t = {0};

	if (!json_object_object_get_ex(request, "config", &v) || !plain(name) || !plain(uuid))
		return NULL;
	add(&t, "%s\n", json_object_get_string(v));
	if (json_object_object_get_ex(request, "overrides", &ov) &&
	    json_object_is_type(ov, json_type_array))
		for (size_t k = 0; k < json_object_array_length(ov); k++)
			add(&t, "%s\n", json_object_get_string(json_object_array_get_idx(ov, k)));
	add(&t, "name = \"%s\"\nuuid = \"%s\"\n", name, uuid);
	if (t.rc) {
		free(t.buf);
		return NULL;
	}
	return t.buf;
}

/* o's member at a path of keys ("b_info", "kernel"), or NULL. */
static struct json_object *member(struct json_object *o, const char *k1, const char *k2)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, k1, &v))
		return NULL;
	if (k2 && !json_object_object_get_ex(v, k2, &v))
		return NULL;
	return v;
}

static int put_str(struct text *t, const char *key, struct json_object *v, char *err, size_t errlen)
{
	const char *s;

	if (!v || !json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	if (!plain(s)) {
		snprintf(err, errlen, "the saved configuration's %s has a quote or a newline", key);
		return -EINVAL;
	}
	add(t, "%s = \"%s\"\n", key, s);
	return 0;
}

static void put_kib(struct text *t, const char *key, struct json_object *v)
{
	if (v && json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= 1024)
		add(t, "%s = %" PRId64 "\n", key, json_object_get_int64(v) / 1024);
}

/* One list entry "k=v,k=v" from the string members named in keys (JSON, xl). */
static int put_spec(struct text *t, struct json_object *dev, const char *const (*keys)[2], size_t n)
{
	bool first = true;

	add(t, "  \"");
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = member(dev, keys[i][0], NULL);
		const char *s = v ? json_object_get_string(v) : NULL;

		if (!s || !*s)
			continue;
		if (!plain(s) || strchr(s, ','))
			return -EINVAL;
		add(t, "%s%s=%s", first ? "" : ",", keys[i][1], s);
		first = false;
	}
	add(t, "\",\n");
	return 0;
}

static int put_devices(struct text *t, struct json_object *o, char *err, size_t errlen)
{
	static const char *const disk[][2] = {
		{"vdev", "vdev"}, {"format", "format"}, {"pdev_path", "target"}};
	static const char *const nic[][2] = {{"mac", "mac"}, {"bridge", "bridge"}, {"ip", "ip"}};
	struct json_object *l;
	int rc = 0;

	if ((l = member(o, "disks", NULL)) && json_object_is_type(l, json_type_array) &&
	    json_object_array_length(l)) {
		add(t, "disk = [\n");
		for (size_t k = 0; !rc && k < json_object_array_length(l); k++)
			rc = put_spec(t, json_object_array_get_idx(l, k), disk, 3);
		add(t, "]\n");
	}
	if ((l = member(o, "nics", NULL)) && json_object_is_type(l, json_type_array) &&
	    json_object_array_length(l)) {
		add(t, "vif = [\n");
		for (size_t k = 0; !rc && k < json_object_array_length(l); k++)
			rc = put_spec(t, json_object_array_get_idx(l, k), nic, 3);
		add(t, "]\n");
	}
	if (rc)
		snprintf(err, errlen, "the saved configuration has a device xm cannot describe");
	return rc;
}

static int put_info(struct text *t, struct json_object *o, char *err, size_t errlen)
{
	static const char *const actions[] = {"on_poweroff", "on_reboot", "on_crash"};
	struct json_object *b = member(o, "b_info", NULL), *v;
	int rc = put_str(t, "name", member(o, "c_info", "name"), err, errlen);

	if (!rc)
		rc = put_str(t, "uuid", member(o, "c_info", "uuid"), err, errlen);
	if (!rc)
		rc = put_str(t, "kernel",
			     member(b, "kernel", NULL) ? member(b, "kernel", NULL)
						       : member(b, "type.pv", "kernel"),
			     err, errlen);
	if (!rc)
		rc = put_str(t, "ramdisk",
			     member(b, "ramdisk", NULL) ? member(b, "ramdisk", NULL)
							: member(b, "type.pv", "ramdisk"),
			     err, errlen);
	if (!rc)
		rc = put_str(t, "cmdline",
			     member(b, "cmdline", NULL) ? member(b, "cmdline", NULL)
							: member(b, "type.pv", "cmdline"),
			     err, errlen);
	for (size_t i = 0; !rc && i < sizeof(actions) / sizeof(actions[0]); i++)
		rc = put_str(t, actions[i], member(o, actions[i], NULL), err, errlen);
	put_kib(t, "memory", member(b, "target_memkb", NULL));
	put_kib(t, "maxmem", member(b, "max_memkb", NULL));
	if ((v = member(b, "avail_vcpus", NULL)) && json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v))
		add(t, "vcpus = %zu\n", json_object_array_length(v));
	if ((v = member(b, "max_vcpus", NULL)) && json_object_get_int(v) > 0)
		add(t, "maxvcpus = %d\n", json_object_get_int(v));
	return rc;
}

char *xend_libxl_config(const char *json, char *err, size_t errlen)
{
	struct json_object *o = json_tokener_parse(json), *type;
	struct text t = {0};
	int rc = 0;

	if (!o || !json_object_is_type(o, json_type_object) || !member(o, "c_info", "name")) {
		snprintf(err, errlen, "the save file's configuration is not libxl's JSON");
		json_object_put(o);
		return NULL;
	}
	type = member(o, "c_info", "type");
	if (type && strcmp(json_object_get_string(type), "pv")) {
		snprintf(err, errlen, "the saved domain is of type %s (xm restores PV domains)",
			 json_object_get_string(type));
		rc = -EINVAL;
	}
	add(&t, "# from the libxl configuration of an xl save file\ntype = \"pv\"\n");
	if (!rc)
		rc = put_info(&t, o, err, errlen);
	if (!rc)
		rc = put_devices(&t, o, err, errlen);
	json_object_put(o);
	if (rc || t.rc) {
		if (t.rc)
			snprintf(err, errlen, "out of memory");
		free(t.buf);
		return NULL;
	}
	return t.buf;
}
