/*
 * xm create, destroy, shutdown, reboot, pause, unpause: argument parsing
 * and messages as xl's; the work is libxend's (tools/xend).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"
#include "../xend/xend.h"

static int open_or_fail(struct xend *x, bool store)
{
	if (xend_open(x, store)) {
		fprintf(stderr, "%s\n", x->err);
		return 1;
	}
	return 0;
}

static int failed(struct xend *x)
{
	fprintf(stderr, "%s\n", x->err);
	xend_close(x);
	return 1;
}

/* create -n: the configuration checked and summarised, nothing built. */
static int dry_run(const char *path, char *const overrides[], int n)
{
	struct xend x = {0};
	char summary[2048];

	if (xend_check_config(&x, path, overrides, n, summary, sizeof(summary))) {
		fprintf(stderr, "%s\n", x.err);
		return 1;
	}
	fputs(summary, stdout);
	return 0;
}

int xm_create(int argc, char **argv)
{
	bool paused = false, console = false, dry = false;
	struct xend x;
	uint16_t domid;
	int opt;
	char *av0[] = {"console", NULL, NULL};
	char id[8];

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
	if (dry)
		return dry_run(argv[optind], argv + optind + 1, argc - optind - 1);
	if (open_or_fail(&x, true))
		return 1;
	if (xend_create(&x, argv[optind], argv + optind + 1, argc - optind - 1, paused, &domid))
		return failed(&x);
	xend_close(&x);
	if (!console)
		return 0;
	snprintf(id, sizeof(id), "%u", domid);
	av0[1] = id;
	return xm_console(2, av0);
}

/* The one domain argument of a command: its id, or -1 after a message. */
static int one_domain(struct xend *x, int argc, char **argv, int first, const char *cmd)
{
	struct xend_dom d;

	if (argc != first + 1) {
		xm_usage(cmd);
		return -2;
	}
	if (xend_lookup(x, argv[first], &d)) {
		fprintf(stderr, "%s\n", x->err);
		return -1;
	}
	return d.info.domain;
}

int xm_destroy(int argc, char **argv)
{
	struct xend x;
	int id, rc;

	if (open_or_fail(&x, false))
		return 1;
	id = one_domain(&x, argc, argv, 1, "destroy");
	if (id < 0) {
		xend_close(&x);
		return id == -2 ? 2 : 1;
	}
	rc = xend_destroy(&x, (uint16_t)id);
	if (rc)
		return failed(&x);
	xend_close(&x);
	return 0;
}

static int shutdown_cmd(int argc, char **argv, const char *how, const char *cmd)
{
	bool wait = argc > 1 && !strcmp(argv[1], "-w");
	struct xend x;
	int id;

	if (open_or_fail(&x, true))
		return 1;
	id = one_domain(&x, argc, argv, wait ? 2 : 1, cmd);
	if (id < 0) {
		xend_close(&x);
		return id == -2 ? 2 : 1;
	}
	fprintf(stderr, "%s domain %d\n", how[0] == 'p' ? "Shutting down" : "Rebooting", id);
	if (xend_shutdown(&x, (uint16_t)id, how))
		return failed(&x);
	if (wait) {
		fprintf(stderr, "Waiting for 1 domains\n");
		if (xend_wait_shutdown(&x, (uint16_t)id, 60) || xend_destroy(&x, (uint16_t)id))
			return failed(&x);
		fprintf(stderr, "Domain %d has been shut down, reason code 0\n", id);
	}
	xend_close(&x);
	return 0;
}

int xm_shutdown(int argc, char **argv)
{
	return shutdown_cmd(argc, argv, "poweroff", "shutdown");
}

int xm_reboot(int argc, char **argv)
{
	return shutdown_cmd(argc, argv, "reboot", "reboot");
}

static int pause_cmd(int argc, char **argv, bool pause)
{
	struct xend x;
	int id;

	if (open_or_fail(&x, false))
		return 1;
	id = one_domain(&x, argc, argv, 1, pause ? "pause" : "unpause");
	if (id < 0) {
		xend_close(&x);
		return id == -2 ? 2 : 1;
	}
	if (xend_pause(&x, (uint16_t)id, pause))
		return failed(&x);
	xend_close(&x);
	return 0;
}

int xm_pause(int argc, char **argv)
{
	return pause_cmd(argc, argv, true);
}

int xm_unpause(int argc, char **argv)
{
	return pause_cmd(argc, argv, false);
}
