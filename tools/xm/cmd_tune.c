/*
 * xm vcpu-set, mem-set, mem-max, sched-credit, rename, dmesg: xl's
 * arguments and output, xend's work. Sizes take xl's suffixes b, k, m, g,
 * t; a bare number is MiB (what xl does, whatever its manual says).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"

/* A size in KiB, or -1. */
static long long parse_kib(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	if (end == s || n < 0)
		return -1;
	switch (*end ? *end | 0x20 : 'm') {
	case 'b': n /= 1024; break;
	case 'k': break;
	case 'm': n <<= 10; break;
	case 'g': n <<= 20; break;
	case 't': n <<= 30; break;
	default: return -1;
	}
	return *end && end[1] ? -1 : n;
}

static int dom_int_cmd(const char *api, const char *dom, const char *key, long long v)
{
	struct json_object *a = xm_dom_args(dom), *res;

	json_object_object_add(a, key, json_object_new_int64(v));
	if (xm_call(api, a, &res))
		return 1;
	json_object_put(res);
	return 0;
}

int xm_vcpu_set(int argc, char **argv)
{
	char *end;
	long n;

	if (argc != 3)
		return xm_usage("vcpu-set");
	n = strtol(argv[2], &end, 10);
	if (*end || n < 1) {
		fprintf(stderr, "Invalid vcpus count '%s'\n", argv[2]);
		return 1;
	}
	return dom_int_cmd("vcpu-set", argv[1], "vcpus", n);
}

static int mem_cmd(int argc, char **argv, const char *cmd)
{
	long long kib;

	if (argc != 3)
		return xm_usage(cmd);
	kib = parse_kib(argv[2]);
	if (kib < 0) {
		fprintf(stderr, "invalid memory size: %s\n", argv[2]);
		return 1;
	}
	return dom_int_cmd(cmd, argv[1], "kib", kib);
}

int xm_mem_set(int argc, char **argv)
{
	return mem_cmd(argc, argv, "mem-set");
}

int xm_mem_max(int argc, char **argv)
{
	return mem_cmd(argc, argv, "mem-max");
}

static void sched_table(struct json_object *rows)
{
	printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
	for (size_t i = 0; i < json_object_array_length(rows); i++) {
		struct json_object *r = json_object_array_get_idx(rows, i);

		printf("%-33s %4d %6d %4d\n", json_object_get_string(xm_field(r, "name")),
		       json_object_get_int(xm_field(r, "domid")),
		       json_object_get_int(xm_field(r, "weight")),
		       json_object_get_int(xm_field(r, "cap")));
	}
}

int xm_sched_credit(int argc, char **argv)
{
	struct json_object *a = json_object_new_object(), *res;
	const char *dom = NULL;
	bool set = false;
	char *end;
	int o;

	optind = 1;
	while ((o = getopt(argc, argv, "d:w:c:")) != -1) {
		if (o == 'd')
			dom = optarg;
		else if ((o == 'w' || o == 'c') && (set = true))
			json_object_object_add(a, o == 'w' ? "weight" : "cap",
					       json_object_new_int64(strtoll(optarg, &end, 10)));
		else
			return json_object_put(a), xm_usage("sched-credit");
	}
	if (optind != argc || (!dom && set))
		return json_object_put(a), xm_usage("sched-credit");
	if (dom)
		json_object_object_add(a, "dom", json_object_new_string(dom));
	if (xm_call("sched-credit", a, &res))
		return 1;
	if (!set) /* xl prints nothing when it sets */
		sched_table(res);
	json_object_put(res);
	return 0;
}

int xm_rename(int argc, char **argv)
{
	struct json_object *a, *res;

	if (argc != 3)
		return xm_usage("rename");
	a = xm_dom_args(argv[1]);
	json_object_object_add(a, "name", json_object_new_string(argv[2]));
	if (xm_call("rename", a, &res))
		return 1;
	json_object_put(res);
	return 0;
}

int xm_dmesg(int argc, char **argv)
{
	struct json_object *a = json_object_new_object(), *res;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-c")))
		return json_object_put(a), xm_usage("dmesg");
	json_object_object_add(a, "clear", json_object_new_boolean(argc == 2));
	if (xm_call("dmesg", a, &res))
		return 1;
	fputs(json_object_get_string(xm_field(res, "text")), stdout);
	json_object_put(res);
	return 0;
}
