/*
 * xm create, destroy, shutdown, reboot, pause, unpause: argument parsing
 * and messages as xl's; the work is xend's. create reads the file here
 * (a relative path is the caller's) and sends its text and the key=value
 * overrides; xend parses them, so its errors carry the file's name and line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"
#include "../xend/client.h"

#define CFG_MAX (1u << 20)

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "Failed to read config file: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(CFG_MAX + 1);
	n = buf ? fread(buf, 1, CFG_MAX + 1, f) : 0;
	fclose(f);
	if (buf && n > CFG_MAX) {
		fprintf(stderr, "%s: larger than 1 MiB\n", path);
		free(buf);
		return NULL;
	}
	if (buf)
		buf[n] = '\0';
	return buf;
}

static struct json_object *create_args(const char *path, const char *text, char **ov, int n,
				       bool paused, bool dry)
{
	struct json_object *a = json_object_new_object(), *arr = json_object_new_array();

	json_object_object_add(a, "file", json_object_new_string(path));
	json_object_object_add(a, "config", json_object_new_string(text));
	for (int i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(ov[i]));
	json_object_object_add(a, "overrides", arr);
	json_object_object_add(a, "paused", json_object_new_boolean(paused));
	json_object_object_add(a, "dry_run", json_object_new_boolean(dry));
	return a;
}

int xm_create(int argc, char **argv)
{
	bool paused = false, console = false, dry = false;
	struct json_object *res;
	int opt, rc;
	char *text, *av[] = {"console", NULL, NULL};

	optind = 1;
	while ((opt = getopt(argc, argv, "+pcn")) != -1) {
		if (opt == 'p')
			paused = true;
		else if (opt == 'c')
			console = true;
		else if (opt == 'n')
			dry = true;
		else
			return xm_usage("create");
	}
	if (optind >= argc)
		return xm_usage("create");
	fprintf(stderr, "Parsing config from %s\n", argv[optind]);
	if (!(text = read_file(argv[optind])))
		return 1;
	rc = xm_call(
		"create",
		create_args(argv[optind], text, argv + optind + 1, argc - optind - 1, paused, dry),
		&res);
	free(text);
	if (rc)
		return 1;
	if (dry)
		fputs(json_object_get_string(xm_field(res, "summary")), stdout);
	av[1] = strdup(json_object_get_string(xm_field(res, dry ? "name" : "domid")));
	json_object_put(res);
	rc = console && !dry ? xm_console(2, av) : 0;
	free(av[1]);
	return rc;
}

/* One domain argument after `first` options: the call's status (2 = usage). */
static int one_domain_cmd(int argc, char **argv, int first, const char *cmd, const char *api,
			  long *domid)
{
	struct json_object *res;

	if (argc != first + 1)
		return xm_usage(cmd);
	if (xm_call(api, xm_dom_args(argv[first]), &res))
		return 1;
	if (domid)
		*domid = json_object_get_int(xm_field(res, "domid"));
	json_object_put(res);
	return 0;
}

int xm_destroy(int argc, char **argv)
{
	return one_domain_cmd(argc, argv, 1, "destroy", "destroy", NULL);
}

/* Until domain id is gone, or shut down and left so (preserve, or not
 * xend's): 0, or 1 after 60 s. */
static int wait_gone(long id)
{
	char s[16];

	snprintf(s, sizeof(s), "%ld", id);
	for (int i = 0; i < 600; i++) {
		struct json_object *a = json_object_new_object(), *doms = json_object_new_array();
		struct json_object *res;
		char err[512];
		int rc;

		json_object_array_add(doms, json_object_new_string(s));
		json_object_object_add(a, "doms", doms);
		if ((rc = xend_call("list", a, &res, err, sizeof(err))) == -ESRCH)
			return 0;
		if (!rc) {
			struct json_object *d = json_object_array_get_idx(res, 0);
			const char *st = json_object_get_string(xm_field(d, "state"));
			bool left = !json_object_get_boolean(xm_field(d, "managed")) ||
				    !strcmp(json_object_get_string(xm_field(d, "on_poweroff")),
					    "preserve");

			json_object_put(res);
			if (st && st[3] == 's' && left)
				return 0;
		}
		usleep(100000);
	}
	fprintf(stderr, "domain %ld did not shut down in 60 s\n", id);
	return 1;
}

static int shutdown_cmd(int argc, char **argv, const char *how)
{
	bool wait = argc > 1 && !strcmp(argv[1], "-w");
	struct json_object *d;
	char ids[16];
	char *av[] = {argv[0], ids};
	long id;
	int rc;

	if (argc != (wait ? 3 : 2))
		return xm_usage(how);
	if (xm_lookup(argv[argc - 1], &d))
		return 1;
	id = json_object_get_int(xm_field(d, "domid"));
	json_object_put(d);
	snprintf(ids, sizeof(ids), "%ld", id);
	fprintf(stderr, "%s domain %ld\n", how[0] == 's' ? "Shutting down" : "Rebooting", id);
	if ((rc = one_domain_cmd(2, av, 1, how, how, NULL)) || !wait)
		return rc;
	fprintf(stderr, "Waiting for 1 domains\n");
	if (wait_gone(id))
		return 1;
	fprintf(stderr, "Domain %ld has been shut down, reason code 0\n", id);
	return 0;
}

int xm_shutdown(int argc, char **argv)
{
	return shutdown_cmd(argc, argv, "shutdown");
}

int xm_reboot(int argc, char **argv)
{
	return shutdown_cmd(argc, argv, "reboot");
}

int xm_pause(int argc, char **argv)
{
	return one_domain_cmd(argc, argv, 1, "pause", "pause", NULL);
}

int xm_unpause(int argc, char **argv)
{
	return one_domain_cmd(argc, argv, 1, "unpause", "unpause", NULL);
}
