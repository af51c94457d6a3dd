/*
 * xend: the node daemon of xeno's toolstack (docs/user-manual.md "xend",
 * docs/xend-api.md). As Xen 2.0's:
 *   xend start     start the daemon in the background (log in
 *                  /var/log/xen/xend.log); returns once it answers
 *   xend stop      ask it to stop (the API's "stop"); returns once it has
 *   xend restart   both; the domains run on and the new daemon adopts them
 *   xend status    "xend is running (pid N, API 1)" and 0, else 3
 *   xend -F        run in the foreground (for an init system), log on stderr
 * Options: --socket PATH (default $XEND_SOCKET or /run/xend/xend.sock),
 * --state-dir DIR (/var/lib/xend), --log FILE (for start), and the
 * relocation port that receives `xm migrate` from other hosts (off by
 * default): --relocation-port PORT (8002 is Xen 2.0's), --relocation-address
 * ADDR (default every address), --relocation-hosts-allow LIST (addresses
 * and a.b.c.d/n prefixes; default loopback only). See relocd.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "daemon.h"

static const char *state_dir = XEND_STATE_DIR, *log_file = "/var/log/xen/xend.log";
static struct xend_daemon daemon_state;
static int reloc_port;
static const char *reloc_addr, *reloc_allow;

static int run_foreground(void)
{
	int rc = xend_daemon_init(&daemon_state, state_dir);

	if (rc) {
		xend_log("cannot start: %s", daemon_state.x.err);
		return 1;
	}
	if (reloc_port &&
	    (rc = xend_reloc_listen(&daemon_state, reloc_addr, reloc_port, reloc_allow))) {
		xend_log("cannot open the relocation port %d: %s", reloc_port, strerror(-rc));
		xend_daemon_fini(&daemon_state);
		return 1;
	}
	rc = xend_serve(&daemon_state, xend_socket_path());
	if (rc)
		xend_log("%s: %s", xend_socket_path(), strerror(-rc));
	xend_daemon_fini(&daemon_state);
	return rc ? 1 : 0;
}

/* 0 if xend answers "version"; its pid into *pid. */
static int ping(long *pid)
{
	struct json_object *res, *v;
	char err[256];
	int rc = xend_call("version", NULL, &res, err, sizeof(err));

	if (!rc && pid && json_object_object_get_ex(res, "pid", &v))
		*pid = json_object_get_int(v);
	json_object_put(res);
	return rc;
}

static int wait_for(bool up)
{
	for (int i = 0; i < 100; i++) {
		if ((ping(NULL) == 0) == up)
			return 0;
		usleep(100000);
	}
	return -ETIMEDOUT;
}

static int start(void)
{
	pid_t pid;

	if (!ping(NULL)) {
		fprintf(stderr, "xend: already running\n");
		return 0;
	}
	pid = fork();
	if (pid < 0)
		return perror("xend: fork"), 1;
	if (pid == 0) {
		int fd = open(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		int null = open("/dev/null", O_RDONLY);

		setsid();
		dup2(null, 0);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		exit(run_foreground());
	}
	if (wait_for(true)) {
		fprintf(stderr, "xend: did not come up in 10 s (see %s)\n", log_file);
		return 1;
	}
	return 0;
}

static int stop(void)
{
	struct json_object *res = NULL;
	char err[256];

	if (xend_call("stop", NULL, &res, err, sizeof(err))) {
		fprintf(stderr, "xend: not running\n");
		return 0;
	}
	json_object_put(res);
	if (wait_for(false)) {
		fprintf(stderr, "xend: still answering after 10 s\n");
		return 1;
	}
	return 0;
}

static int status(void)
{
	long pid = 0;

	if (ping(&pid)) {
		printf("xend is not running\n");
		return 3;
	}
	printf("xend is running (pid %ld, API %d)\n", pid, XEND_API_VERSION);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "Usage: xend [-F] [--socket PATH] [--state-dir DIR] [--log FILE]\n"
			"            [--relocation-port PORT [--relocation-address ADDR]\n"
			"             [--relocation-hosts-allow 'ADDR|NET/BITS ...']]\n"
			"            [start|stop|restart|status]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"foreground", no_argument, NULL, 'F'},
		{"socket", required_argument, NULL, 's'},
		{"state-dir", required_argument, NULL, 'd'},
		{"log", required_argument, NULL, 'l'},
		{"relocation-port", required_argument, NULL, 'P'},
		{"relocation-address", required_argument, NULL, 'A'},
		{"relocation-hosts-allow", required_argument, NULL, 'H'},
		{NULL, 0, NULL, 0}};
	bool fg = false;
	const char *cmd;
	int o;

	while ((o = getopt_long(argc, argv, "F", opts, NULL)) != -1) {
		if (o == 'F')
			fg = true;
		else if (o == 's')
			setenv("XEND_SOCKET", optarg, 1);
		else if (o == 'd')
			state_dir = optarg;
		else if (o == 'l')
			log_file = optarg;
		else if (o == 'P' && (reloc_port = atoi(optarg)) > 0 && reloc_port < 65536)
			;
		else if (o == 'A')
			reloc_addr = optarg;
		else if (o == 'H')
			reloc_allow = optarg;
		else
			return usage();
	}
	cmd = optind < argc ? argv[optind] : (fg ? "start" : NULL);
	if (!cmd || optind + 1 < argc)
		return usage();
	if (!strcmp(cmd, "start"))
		return fg ? run_foreground() : start();
	if (!strcmp(cmd, "stop"))
		return stop();
	if (!strcmp(cmd, "restart"))
		return stop() || start();
	if (!strcmp(cmd, "status"))
		return status();
	return usage();
}
