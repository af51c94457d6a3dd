/*
 * xm console: the domain's PV console through xenconsoled's pty (the path
 * it writes to /local/domain/<id>/console/tty; waited for up to 5 s, as
 * xl does). The terminal is raw while attached; Ctrl-] (0x1d) detaches.
 * Domain 0 is refused (its console is the hypervisor's). The domain is
 * resolved by xend; the pty is read from xenstore, as xl's client does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "xm.h"
#include "../libs/store/xstore.h"

#define ESCAPE 0x1d

static char *wait_tty(struct xstore *xs, unsigned int domid)
{
	char path[64], *tty = NULL;

	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
	for (int i = 0; i < 50 && !(tty = xstore_read(xs, path)); i++)
		usleep(100000);
	return tty;
}

/* Copy between the pty and the terminal until the escape or a hang-up. */
static void relay(int pty)
{
	struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {pty, POLLIN, 0}};
	char buf[4096];

	for (;;) {
		ssize_t n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return;
		if (p[1].revents & (POLLIN | POLLHUP)) {
			n = read(pty, buf, sizeof(buf));
			if (n <= 0 || write(STDOUT_FILENO, buf, (size_t)n) != n)
				return;
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0 || memchr(buf, ESCAPE, (size_t)n))
				return;
			if (write(pty, buf, (size_t)n) != n)
				return;
		}
	}
}

static int attach(const char *tty)
{
	struct termios old, raw;
	int pty = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	bool term = isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &old);

	if (pty < 0) {
		fprintf(stderr, "xm: cannot open %s: %s\n", tty, strerror(errno));
		return 1;
	}
	if (term) {
		raw = old;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	relay(pty);
	if (term)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	close(pty);
	return 0;
}

int xm_console(int argc, char **argv)
{
	struct json_object *d;
	struct xstore *xs;
	unsigned int domid;
	char *tty;
	int rc;

	if (argc != 2)
		return xm_usage("console");
	if (xm_lookup(argv[1], &d))
		return 1;
	domid = (unsigned int)json_object_get_int(xm_field(d, "domid"));
	json_object_put(d);
	if (domid == 0) {
		fprintf(stderr, "domain 0 has no PV console to attach to\n");
		return 1;
	}
	if (!(xs = xstore_open(NULL))) {
		perror("xm: cannot connect to xenstored");
		return 1;
	}
	tty = wait_tty(xs, domid);
	xstore_close(xs);
	if (!tty) {
		fprintf(stderr, "xm: domain %u has no console pty (is xenconsoled running?)\n",
			domid);
		return 1;
	}
	rc = attach(tty);
	free(tty);
	return rc;
}
