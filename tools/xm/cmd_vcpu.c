/*
 * xm vcpu-list and vcpu-pin: xl's arguments and table, xend's
 * "vcpu-list" and "vcpu-pin". CPU lists are xl's ("all", "0-1,3", "^2";
 * tools/xm/cpus.c), checked here against the host's CPU count that
 * vcpu-list reports; "-" leaves a mask alone, as with xl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpus.h"
#include "xm.h"

static struct json_object *vcpu_list_call(int argc, char **argv)
{
	struct json_object *a = json_object_new_object(), *res;

	if (argc > 0) {
		struct json_object *doms = json_object_new_array();

		for (int i = 0; i < argc; i++)
			json_object_array_add(doms, json_object_new_string(argv[i]));
		json_object_object_add(a, "doms", doms);
	}
	return xm_call("vcpu-list", a, &res) ? NULL : res;
}

static uint64_t mask_of(struct json_object *cpus)
{
	uint64_t m = 0;

	for (size_t i = 0; i < json_object_array_length(cpus); i++)
		m |= 1ULL << (json_object_get_int(json_object_array_get_idx(cpus, i)) & 63);
	return m;
}

static void vcpu_row(struct json_object *v, unsigned int nr_cpus)
{
	char hard[256], soft[256];

	printf("%-32s %5d %5d", json_object_get_string(xm_field(v, "name")),
	       json_object_get_int(xm_field(v, "domid")), json_object_get_int(xm_field(v, "vcpu")));
	if (!json_object_get_boolean(xm_field(v, "online")))
		printf("%5c %3c%cp ", '-', '-', '-');
	else
		printf("%5d %3c%c- ", json_object_get_int(xm_field(v, "cpu")),
		       json_object_get_boolean(xm_field(v, "running")) ? 'r' : '-',
		       json_object_get_boolean(xm_field(v, "blocked")) ? 'b' : '-');
	xm_cpulist_format(mask_of(xm_field(v, "hard")), nr_cpus, hard, sizeof(hard));
	xm_cpulist_format(mask_of(xm_field(v, "soft")), nr_cpus, soft, sizeof(soft));
	printf("%9.1f  %s / %s\n", json_object_get_double(xm_field(v, "cpu_time")), hard, soft);
}

int xm_vcpu_list(int argc, char **argv)
{
	struct json_object *res, *vcpus;
	unsigned int nr_cpus;

	if (argc > 1 && argv[1][0] == '-')
		return xm_usage("vcpu-list");
	if (!(res = vcpu_list_call(argc - 1, argv + 1)))
		return 1;
	nr_cpus = (unsigned int)json_object_get_int(xm_field(res, "nr_cpus"));
	vcpus = xm_field(res, "vcpus");
	printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)",
	       "Affinity (Hard / Soft)");
	for (size_t i = 0; i < json_object_array_length(vcpus); i++)
		vcpu_row(json_object_array_get_idx(vcpus, i), nr_cpus);
	json_object_put(res);
	return 0;
}

/* A CPU list argument (not "-") into args[key]: 0, or 1 after a message. */
static int add_cpus(struct json_object *args, const char *key, const char *s, unsigned int nr_cpus)
{
	struct json_object *arr;
	char err[128];
	uint64_t m;

	if (!strcmp(s, "-"))
		return 0;
	if (xm_cpulist_parse(s, nr_cpus, &m, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	arr = json_object_new_array();
	for (int c = 0; c < XM_MAX_CPUS; c++)
		if (m >> c & 1)
			json_object_array_add(arr, json_object_new_int(c));
	json_object_object_add(args, key, arr);
	return 0;
}

static int pin(char **argv, int argc, unsigned int nr_cpus)
{
	struct json_object *a = xm_dom_args(argv[1]), *res;
	char *end;
	long vcpu = strtol(argv[2], &end, 10);

	if (!strcmp(argv[2], "all")) {
		vcpu = -1;
	} else if (end == argv[2] || *end || vcpu < 0) {
		fprintf(stderr, "Error: Invalid argument %s as VCPU.\n", argv[2]);
		return json_object_put(a), 1;
	}
	json_object_object_add(a, "vcpu", json_object_new_int64(vcpu));
	if (add_cpus(a, "hard", argv[3], nr_cpus) ||
	    (argc == 5 && add_cpus(a, "soft", argv[4], nr_cpus)))
		return json_object_put(a), 1;
	if (!json_object_object_get_ex(a, "hard", NULL) &&
	    !json_object_object_get_ex(a, "soft", NULL))
		return json_object_put(a), 0; /* "-" and "-": nothing to do */
	if (xm_call("vcpu-pin", a, &res))
		return 1;
	json_object_put(res);
	return 0;
}

int xm_vcpu_pin(int argc, char **argv)
{
	struct json_object *res;
	int rc;

	if (argc != 4 && argc != 5)
		return xm_usage("vcpu-pin");
	if (!(res = vcpu_list_call(1, argv + 1))) /* the host's CPUs; the domain exists */
		return 1;
	rc = pin(argv, argc, (unsigned int)json_object_get_int(xm_field(res, "nr_cpus")));
	json_object_put(res);
	return rc;
}
