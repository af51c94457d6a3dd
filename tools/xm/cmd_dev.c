/*
 * xm block-attach, block-detach, block-list, network-attach,
 * network-detach, network-list: xl's arguments (a spec's components may
 * come as separate arguments: they are joined with commas) and xl's
 * tables; xend does the work (tools/xend/devices.c).
 */
#include <stdio.h>
#include <string.h>

#include "xm.h"

/* argv[from..] joined with commas into buf; 0, or 1 if too long. */
static int join(int argc, char **argv, int from, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = from; i < argc; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i > from ? "," : "", argv[i]);

		if (w < 0 || (size_t)w >= n - len) {
			fprintf(stderr, "specification too long\n");
			return 1;
		}
		len += (size_t)w;
	}
	return 0;
}

static int call(const char *cmd, const char *dom, const char *key, const char *value)
{
	struct json_object *a = xm_dom_args(dom), *res;

	json_object_object_add(a, key, json_object_new_string(value));
	if (xm_call(cmd, a, &res))
		return 1;
	json_object_put(res);
	return 0;
}

static int attach(int argc, char **argv, const char *cmd, int min)
{
	char spec[1024];

	if (argc < min)
		return xm_usage(cmd);
	if (join(argc, argv, 2, spec, sizeof(spec)))
		return 1;
	return call(cmd, argv[1], "spec", spec);
}

int xm_block_attach(int argc, char **argv)
{
	return attach(argc, argv, "block-attach", 3);
}

int xm_network_attach(int argc, char **argv)
{
	return attach(argc, argv, "network-attach", 2);
}

/* [--force|-f] <Domain> <Dev>: detach always ends with the device gone. */
static int detach(int argc, char **argv, const char *cmd)
{
	if (argc == 4 && (!strcmp(argv[1], "-f") || !strcmp(argv[1], "--force"))) {
		argv++;
		argc--;
	}
	if (argc != 3)
		return xm_usage(cmd);
	return call(cmd, argv[1], "dev", argv[2]);
}

int xm_block_detach(int argc, char **argv)
{
	return detach(argc, argv, "block-detach");
}

int xm_network_detach(int argc, char **argv)
{
	return detach(argc, argv, "network-detach");
}

static int num(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int(v) : -1;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static void block_row(struct json_object *d)
{
	printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", num(d, "devid"), num(d, "backend_id"),
	       num(d, "frontend_id"), num(d, "state"), num(d, "evtch"), num(d, "ring_ref"),
	       str(d, "backend"));
}

static void nic_row(struct json_object *d)
{
	printf("%-3d %-2d %-17s %6d %5d %6d %5d/%-11d %-30s\n", num(d, "devid"),
	       num(d, "backend_id"), str(d, "mac"), num(d, "devid"), num(d, "state"),
	       num(d, "evtch"), num(d, "ring_ref"), num(d, "rx_ring_ref"), str(d, "backend"));
}

static int list(int argc, char **argv, const char *cmd, bool nic)
{
	int rc = 0;

	if (argc < 2)
		return xm_usage(cmd);
	if (nic)
		printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.",
		       "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
	else
		printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle", "state",
		       "evt-ch", "ring-ref", "BE-path");
	for (int i = 1; i < argc; i++) {
		struct json_object *res, *devs;

		if (xm_call(cmd, xm_dom_args(argv[i]), &res)) {
			rc = 1;
			continue;
		}
		if (json_object_object_get_ex(res, "devices", &devs))
			for (size_t k = 0; k < json_object_array_length(devs); k++)
				(nic ? nic_row : block_row)(json_object_array_get_idx(devs, k));
		json_object_put(res);
	}
	return rc;
}

int xm_block_list(int argc, char **argv)
{
	return list(argc, argv, "block-list", false);
}

int xm_network_list(int argc, char **argv)
{
	return list(argc, argv, "network-list", true);
}
