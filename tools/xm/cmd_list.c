/*
 * xm list, domid, domname, uptime: from xend's "list". The table is xl's
 * (Name ID Mem VCPUs State Time(s)), Mem in MiB of current plus
 * outstanding pages; -l prints xend's JSON with each managed domain's
 * creation request, --json the same without it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xm.h"

static long long num(struct json_object *d, const char *key)
{
	return json_object_get_int64(xm_field(d, key));
}

static void row(struct json_object *d)
{
	printf("%-40s %5lld %5lld %5lld     %s  %8.1f\n",
	       json_object_get_string(xm_field(d, "name")), num(d, "domid"),
	       (num(d, "memory_kib") + num(d, "outstanding_kib")) / 1024, num(d, "vcpus"),
	       json_object_get_string(xm_field(d, "state")),
	       json_object_get_double(xm_field(d, "cpu_time")));
}

/* xend's list of the named domains (all if none). */
static int list_of(int argc, char **argv, bool lng, struct json_object **res)
{
	struct json_object *a = json_object_new_object();

	if (argc > 0) {
		struct json_object *doms = json_object_new_array();

		for (int i = 0; i < argc; i++)
			json_object_array_add(doms, json_object_new_string(argv[i]));
		json_object_object_add(a, "doms", doms);
	}
	json_object_object_add(a, "long", json_object_new_boolean(lng));
	return xm_call("list", a, res);
}

int xm_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"long", no_argument, NULL, 'l'}, {"json", no_argument, NULL, 'j'}, {0}};
	struct json_object *res;
	bool lng = false, json = false;
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "+l", opts, NULL)) != -1) {
		if (o == 'l')
			lng = true;
		else if (o == 'j')
			json = true;
		else
			return xm_usage("list");
	}
	if (list_of(argc - optind, argv + optind, lng, &res))
		return 1;
	if (lng || json) {
		printf("%s\n",
		       json_object_to_json_string_ext(res, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		printf("Name                                        ID   Mem "
		       "VCPUs\tState\tTime(s)\n");
		for (size_t i = 0; i < json_object_array_length(res); i++)
			row(json_object_array_get_idx(res, i));
	}
	json_object_put(res);
	return 0;
}

static int lookup_print(int argc, char **argv, const char *cmd, const char *key)
{
	struct json_object *d;

	if (argc != 2)
		return xm_usage(cmd);
	if (xm_lookup(argv[1], &d))
		return 1;
	printf("%s\n", json_object_get_string(xm_field(d, key)));
	json_object_put(d);
	return 0;
}

int xm_domid(int argc, char **argv)
{
	return lookup_print(argc, argv, "domid", "domid");
}

int xm_domname(int argc, char **argv)
{
	return lookup_print(argc, argv, "domname", "name");
}

/* Seconds a domain has run: from xend's start time, dom0's from /proc/uptime. */
static long up_seconds(struct json_object *d)
{
	double start = json_object_get_double(xm_field(d, "start_time"));
	FILE *f;
	double up = -1;

	if (start > 0)
		return (long)((double)time(NULL) - start);
	if (num(d, "domid") != 0 || !(f = fopen("/proc/uptime", "r")))
		return -1;
	if (fscanf(f, "%lf", &up) != 1)
		up = -1;
	fclose(f);
	return (long)up;
}

static void uptime_row(struct json_object *d)
{
	long s = up_seconds(d);

	printf("%-33s %4lld ", json_object_get_string(xm_field(d, "name")), num(d, "domid"));
	if (s < 0)
		printf("-\n");
	else if (s >= 86400)
		printf("%ld days, %2ld:%02ld:%02ld\n", s / 86400, s / 3600 % 24, s / 60 % 60,
		       s % 60);
	else
		printf("%2ld:%02ld:%02ld\n", s / 3600, s / 60 % 60, s % 60);
}

int xm_uptime(int argc, char **argv)
{
	struct json_object *res;

	if (argc > 1 && argv[1][0] == '-')
		return xm_usage("uptime");
	if (list_of(argc - 1, argv + 1, false, &res))
		return 1;
	printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (size_t i = 0; i < json_object_array_length(res); i++)
		uptime_row(json_object_array_get_idx(res, i));
	json_object_put(res);
	return 0;
}
