/*
 * xenconsoled: serves the PV console of every domain but dom0 (console.c)
 * to a pty whose name it writes to /local/domain/<id>/console/tty (what
 * `xl console` opens) and to /var/log/xen/console/guest-<name>.log.
 *
 * One thread, one poll() loop over the xenstore socket, the event channel
 * device and every console's pty. It watches @introduceDomain and
 * @releaseDomain; each event (and the start) rescans the domains with
 * XEN_DOMCTL_getdomaininfo from domid 1 upward: a running domain whose
 * console/ring-ref and console/port are in xenstore and that has no
 * console yet gets one, a console whose domain died or vanished is closed.
 * libxl writes the console nodes after XS_INTRODUCE, so each live domain's
 * /local/domain/<id>/console is watched too (until the domain is gone):
 * its events rescan as well.
 *
 * Each console is rate limited (xcons.h): a throttled console's port is
 * left masked when it fires, and poll() wakes when the first throttled
 * console may resume (--rate-limit=BYTES per second, 0 for none; log files
 * rotate at --log-max=BYTES).
 *
 * Invariants: cons[] holds the open consoles, at most one per domid. The
 * pid file is written once the watches are set and the first scan done.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xcons.h"
#include "../libs/call/xcall.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/gnttab/xgnttab.h"
#include "../libs/store/xstore.h"

#define MAX_CONSOLES 256

static struct xcons *cons[MAX_CONSOLES];
static bool watched[DOMID_FIRST_RESERVED]; /* console directory watched */
static size_t ncons;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	stopping = 1;
}

static struct xcons *find(uint16_t domid)
{
	for (size_t i = 0; i < ncons; i++)
		if (xcons_domid(cons[i]) == domid)
			return cons[i];
	return NULL;
}

static char *read_node(struct xstore *xs, uint16_t domid, const char *node)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, node);
	return xstore_read(xs, path);
}

static void add_console(const struct xcons_ctx *ctx, struct xstore *xs, uint16_t domid)
{
	char *ref = read_node(xs, domid, "console/ring-ref");
	char *port = read_node(xs, domid, "console/port");
	char *name = read_node(xs, domid, "name"), path[64];
	struct xcons *x = NULL;
	int err = 0;

	if (ref && port && ncons < MAX_CONSOLES) {
		x = xcons_open(ctx, domid, name ? name : "unknown", strtoull(ref, NULL, 0),
			       (uint32_t)strtoul(port, NULL, 0), &err);
		if (!x)
			fprintf(stderr, "xenconsoled: domain %u: %s\n", domid, strerror(-err));
	}
	if (x) {
		cons[ncons++] = x;
		snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
		xstore_write(xs, path, xcons_tty(x));
		fprintf(stderr, "xenconsoled: domain %u console on %s\n", domid, xcons_tty(x));
	}
	free(ref);
	free(port);
	free(name);
}

static void watch_console(struct xstore *xs, uint16_t domid, bool on)
{
	char path[64];

	if (watched[domid] == on)
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/console", domid);
	if (on ? xstore_watch(xs, path, "console") : xstore_unwatch(xs, path, "console"))
		fprintf(stderr, "xenconsoled: cannot %swatch %s\n", on ? "" : "un", path);
	watched[domid] = on;
}

static void remove_console(size_t i)
{
	fprintf(stderr, "xenconsoled: domain %u console closed\n", xcons_domid(cons[i]));
	xcons_close(cons[i]);
	cons[i] = cons[--ncons];
}

/* Open consoles of new domains, close those of dead ones. */
static void scan(const struct xcons_ctx *ctx, struct xstore *xs)
{
	static bool alive[65536];
	struct xen_domctl_getdomaininfo info;
	unsigned int id = 1;

	memset(alive, 0, sizeof(alive));
	while (id < DOMID_FIRST_RESERVED &&
	       xcall_getdomaininfo(ctx->call, (uint16_t)id, &info) == 0 && info.domain >= id) {
		if (info.domain >= DOMID_FIRST_RESERVED)
			break;
		if (!(info.flags & XEN_DOMINF_dying)) {
			alive[info.domain] = true;
			watch_console(xs, info.domain, true);
			if (!find(info.domain))
				add_console(ctx, xs, info.domain);
		}
		id = info.domain + 1u;
	}
	for (size_t i = ncons; i-- > 0;)
		if (!alive[xcons_domid(cons[i])])
			remove_console(i);
	for (unsigned int d = 1; d < DOMID_FIRST_RESERVED; d++)
		if (watched[d] && !alive[d])
			watch_console(xs, (uint16_t)d, false);
}

static struct xcons *by_port(uint32_t port)
{
	for (size_t i = 0; i < ncons; i++)
		if (xcons_port(cons[i]) == port)
			return cons[i];
	return NULL;
}

/* Pending ports unmasked, but those of throttled consoles (held masked). */
static void on_evtchn(struct xevtchn *e)
{
	uint32_t ports[64];
	int n = xevtchn_pending(e, ports, 64);

	for (int i = 0; i < n; i++) {
		struct xcons *x = by_port(ports[i]);

		if (x && xcons_throttled(x))
			xcons_hold(x);
		else
			xevtchn_unmask(e, ports[i]);
	}
}

/* poll()'s timeout: until the first throttled console may resume, or -1. */
static int next_timeout(void)
{
	int t = -1;

	for (size_t i = 0; i < ncons; i++) {
		int c = xcons_timeout_ms(cons[i]);

		if (c >= 0 && (t < 0 || c < t))
			t = c;
	}
	return t;
}

/* Queued watch events: one rescan for all of them. */
static void on_events(const struct xcons_ctx *ctx, struct xstore *xs)
{
	const char *path, *token;
	bool rescan = false;

	while (xstore_next_event(xs, &path, &token))
		rescan = true;
	if (rescan)
		scan(ctx, xs);
}

static void serve(const struct xcons_ctx *ctx, struct xstore *xs)
{
	struct pollfd pfd[2 + MAX_CONSOLES];

	while (!stopping) {
		size_t n;

		on_events(ctx, xs); /* also those a request's reply brought along */
		n = ncons;
		pfd[0] = (struct pollfd){.fd = xstore_fd(xs), .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = xevtchn_fd(ctx->evtchn), .events = POLLIN};
		for (size_t i = 0; i < n; i++)
			pfd[i + 2] = (struct pollfd){.fd = xcons_master_fd(cons[i]),
						     .events = xcons_poll_events(cons[i])};
		if (poll(pfd, n + 2, next_timeout()) < 0 && errno != EINTR)
			return;
		if (pfd[1].revents & POLLIN)
			on_evtchn(ctx->evtchn);
		for (size_t i = 0; i < ncons; i++)
			xcons_service(cons[i]);
		if ((pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) && xstore_pump(xs) < 0)
			return; /* xenstored went away */
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: xenconsoled [--pid-file=FILE] [--log=none|guest|hv|all] "
		   "[--log-dir=DIR] [--log-max=BYTES] [--rate-limit=BYTES] [-i|--interactive]\n"
		   "  serves every domain's console on a pty (console/tty in xenstore)\n"
		   "  and, with --log=guest or all, in DIR/guest-<name>.log\n"
		   "  (DIR: /var/log/xen/console; rotated to .1 at BYTES, default 1 MiB);\n"
		   "  each console moves at most --rate-limit bytes a second (default\n"
		   "  65536, 0: no limit); stays in the foreground.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"pid-file", 1, NULL, 'p'},    {"log", 1, NULL, 'l'},  {"log-dir", 1, NULL, 'r'},
		{"interactive", 0, NULL, 'i'}, {"help", 0, NULL, 'h'}, {"log-max", 1, NULL, 'm'},
		{"rate-limit", 1, NULL, 'R'},  {NULL, 0, NULL, 0}};
	const char *pidfile = NULL, *log = "none", *dir = "/var/log/xen/console";
	struct xcons_ctx ctx = {.rate = XCONS_RATE_DEFAULT, .log_max = XCONS_LOG_MAX_DEFAULT};
	struct xstore *xs;
	int opt;

	while ((opt = getopt_long(argc, argv, "ih", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': pidfile = optarg; break;
		case 'l': log = optarg; break;
		case 'r': dir = optarg; break;
		case 'm': ctx.log_max = strtoull(optarg, NULL, 0); break;
		case 'R': ctx.rate = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'i': break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	ctx.log_dir = !strcmp(log, "guest") || !strcmp(log, "all") ? dir : NULL;
	ctx.evtchn = xevtchn_open();
	ctx.call = xcall_open();
	ctx.gnttab = xgnttab_open();
	xs = xstore_open(NULL);
	if (!ctx.evtchn || !ctx.call || !xs) {
		fprintf(stderr,
			"xenconsoled: needs /dev/xen/evtchn, /dev/xen/privcmd and "
			"xenstored: %s\n",
			strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (xstore_watch(xs, "@introduceDomain", "intro") ||
	    xstore_watch(xs, "@releaseDomain", "release")) {
		fprintf(stderr, "xenconsoled: cannot watch the domain specials\n");
		return 1;
	}
	scan(&ctx, xs);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	serve(&ctx, xs);
	while (ncons)
		remove_console(ncons - 1);
	xstore_close(xs);
	xgnttab_close(ctx.gnttab);
	xcall_close(ctx.call);
	xevtchn_close(ctx.evtchn);
	return 0;
}
