/*
 * One domain's console (xcons.h).
 *
 * Invariants: an open console has a mapped page, a bound local port, a pty
 * (master and slave fds) and, with a log directory, a log fd; pbuf holds
 * the pty's pending bytes (pbuf_len <= XCONS_PTY_BUF, oldest first);
 * log_size is the log file's length. throttled: the bucket ran dry and
 * the ring is not read until XCONS_RESUME(rate) bytes are earned; held: its
 * port fired meanwhile and was left masked (unmasked on resuming). A
 * console whose ring went corrupt (broken) is no longer read or written;
 * its pty and log stay until it is closed. Single-threaded.
 */
#define _GNU_SOURCE /* ptsname_r */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "public/grant_table.h"
#include "xcons.h"
#include "../libs/call/xcall.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/gnttab/xgnttab.h"

struct xcons {
	struct xcons_ctx ctx;
	uint16_t domid;
	uint32_t port;
	struct xencons_interface *intf;
	bool by_grant, broken, throttled, held, ever_throttled;
	int master, slave, log;
	uint64_t log_size;
	struct xcons_bucket bucket;
	char tty[64];
	char log_path[PATH_MAX];
	size_t pbuf_len;
	char pbuf[XCONS_PTY_BUF];
};

static int map_ring(struct xcons *x, uint64_t ring_ref)
{
	void *p = x->ctx.gnttab ? xgnttab_map(x->ctx.gnttab, x->domid, GNTTAB_RESERVED_CONSOLE)
				: NULL;

	x->by_grant = p != NULL;
	if (!p && x->ctx.call)
		p = xcall_map_foreign(x->ctx.call, x->domid, ring_ref);
	x->intf = p;
	return p ? 0 : -EINVAL;
}

static int open_pty(struct xcons *x)
{
	struct termios t;

	x->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (x->master < 0 || grantpt(x->master) || unlockpt(x->master) ||
	    ptsname_r(x->master, x->tty, sizeof(x->tty)))
		return -errno;
	x->slave = open(x->tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (x->slave < 0)
		return -errno;
	if (tcgetattr(x->slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(x->slave, TCSANOW, &t);
	}
	return 0;
}

static uint64_t now_ns(const struct xcons *x)
{
	struct timespec t;

	if (x->ctx.clock_ns)
		return x->ctx.clock_ns();
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static void open_log(struct xcons *x, const char *name)
{
	struct stat st;

	if (!x->ctx.log_dir)
		return;
	snprintf(x->log_path, sizeof(x->log_path), "%s/guest-%s.log", x->ctx.log_dir, name);
	x->log = open(x->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	x->log_size = x->log >= 0 && !fstat(x->log, &st) ? (uint64_t)st.st_size : 0;
}

/* The log to <log>.1 (replacing it), a new empty log. */
static void rotate_log(struct xcons *x)
{
	char old[PATH_MAX + 2];

	close(x->log);
	snprintf(old, sizeof(old), "%s.1", x->log_path);
	rename(x->log_path, old);
	x->log = open(x->log_path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	x->log_size = 0;
}

static void log_write(struct xcons *x, const char *buf, size_t n)
{
	if (x->log >= 0 && x->ctx.log_max && x->log_size + n > x->ctx.log_max)
		rotate_log(x);
	if (x->log < 0)
		return;
	if (write(x->log, buf, n) != (ssize_t)n)
		x->log = (close(x->log), -1);
	x->log_size += n;
}

struct xcons *xcons_open(const struct xcons_ctx *ctx, uint16_t domid, const char *name,
			 uint64_t ring_ref, uint32_t remote_port, int *err)
{
	struct xcons *x = calloc(1, sizeof(*x));
	int port;

	if (!x) {
		*err = -ENOMEM;
		return NULL;
	}
	*x = (struct xcons){.ctx = *ctx, .domid = domid, .master = -1, .slave = -1, .log = -1};
	*err = map_ring(x, ring_ref);
	if (!*err) {
		port = xevtchn_bind_interdomain(ctx->evtchn, domid, remote_port);
		*err = port < 0 ? port : 0;
		x->port = port < 0 ? 0 : (uint32_t)port;
	}
	if (!*err)
		*err = open_pty(x);
	if (*err) {
		xcons_close(x);
		return NULL;
	}
	open_log(x, name);
	xcons_bucket_init(&x->bucket, ctx->rate, now_ns(x));
	x->intf->connection = XENCONSOLE_CONNECTED;
	xcons_service(x);
	return x;
}

static bool drain_out(struct xcons *x);

void xcons_close(struct xcons *x)
{
	if (!x)
		return;
	if (x->intf && !x->broken) { /* the last words, past the rate limit */
		x->ctx.rate = 0;
		x->throttled = false;
		drain_out(x);
	}
	if (x->port)
		xevtchn_unbind(x->ctx.evtchn, x->port);
	if (x->intf && x->by_grant)
		xgnttab_unmap(x->ctx.gnttab, x->intf);
	else if (x->intf)
		xcall_unmap_foreign(x->ctx.call, x->intf);
	if (x->master >= 0)
		close(x->master);
	if (x->slave >= 0)
		close(x->slave);
	if (x->log >= 0)
		close(x->log);
	free(x);
}

uint16_t xcons_domid(const struct xcons *x)
{
	return x->domid;
}

uint32_t xcons_port(const struct xcons *x)
{
	return x->port;
}

const char *xcons_tty(const struct xcons *x)
{
	return x->tty;
}

int xcons_master_fd(const struct xcons *x)
{
	return x->master;
}

short xcons_poll_events(const struct xcons *x)
{
	short ev = 0;

	if (!x->broken && xcons_ring_in_space(x->intf))
		ev |= POLLIN;
	if (x->pbuf_len)
		ev |= POLLOUT;
	return ev;
}

/* Into the pty buffer, dropping the oldest bytes when it is full. */
static void pty_queue(struct xcons *x, const char *p, size_t n)
{
	if (n >= XCONS_PTY_BUF) {
		p += n - XCONS_PTY_BUF;
		n = XCONS_PTY_BUF;
	}
	if (x->pbuf_len + n > XCONS_PTY_BUF) {
		size_t drop = x->pbuf_len + n - XCONS_PTY_BUF;

		memmove(x->pbuf, x->pbuf + drop, x->pbuf_len - drop);
		x->pbuf_len -= drop;
	}
	memcpy(x->pbuf + x->pbuf_len, p, n);
	x->pbuf_len += n;
}

static void pty_flush(struct xcons *x)
{
	while (x->pbuf_len) {
		ssize_t n = write(x->master, x->pbuf, x->pbuf_len);

		if (n <= 0)
			return;
		memmove(x->pbuf, x->pbuf + n, x->pbuf_len - (size_t)n);
		x->pbuf_len -= (size_t)n;
	}
}

/* Whether the ring may be read now: not throttled, or resuming (then its
 * port is unmasked if it was held). */
static bool may_drain(struct xcons *x, uint64_t now)
{
	if (!x->ctx.rate || !x->throttled)
		return true;
	if (xcons_bucket_avail(&x->bucket, x->ctx.rate, now) < XCONS_RESUME(x->ctx.rate))
		return false;
	x->throttled = false;
	if (x->held)
		xevtchn_unmask(x->ctx.evtchn, x->port);
	x->held = false;
	return true;
}

/* Guest output to log and pty, within the bucket; true if the ring moved. */
static bool drain_out(struct xcons *x)
{
	char buf[XENCONS_OUT_SIZE];
	uint64_t now = now_ns(x), allow;
	bool moved = false;
	int n = 0;

	if (!may_drain(x, now))
		return false;
	while ((allow = xcons_bucket_avail(&x->bucket, x->ctx.rate, now)) > 0 &&
	       (n = xcons_ring_take_out(x->intf, buf, allow < sizeof(buf) ? allow : sizeof(buf))) >
		       0) {
		moved = true;
		xcons_bucket_spend(&x->bucket, (uint64_t)n);
		log_write(x, buf, (size_t)n);
		pty_queue(x, buf, (size_t)n);
	}
	if (moved && x->ctx.rate)
		xcons_bucket_spend(&x->bucket, XCONS_EVENT_COST);
	x->throttled = x->ctx.rate && xcons_bucket_avail(&x->bucket, x->ctx.rate, now) == 0;
	if (x->throttled && !x->ever_throttled)
		fprintf(stderr, "xenconsoled: domain %u console throttled (%u bytes/s)\n", x->domid,
			x->ctx.rate);
	x->ever_throttled |= x->throttled;
	x->broken |= n < 0;
	return moved;
}

/* pty input to the guest; true if the ring moved. */
static bool fill_in(struct xcons *x)
{
	char buf[XENCONS_IN_SIZE];
	size_t space = xcons_ring_in_space(x->intf);
	ssize_t n;

	if (!space)
		return false;
	n = read(x->master, buf, space < sizeof(buf) ? space : sizeof(buf));
	if (n <= 0)
		return false;
	if (xcons_ring_put_in(x->intf, buf, (size_t)n) < 0)
		x->broken = true;
	return !x->broken;
}

bool xcons_throttled(const struct xcons *x)
{
	return x->throttled;
}

void xcons_hold(struct xcons *x)
{
	x->held = true;
}

int xcons_timeout_ms(struct xcons *x)
{
	uint64_t ns;

	if (!x->throttled || x->broken)
		return -1;
	ns = xcons_bucket_wait_ns(&x->bucket, x->ctx.rate, now_ns(x), XCONS_RESUME(x->ctx.rate));
	return (int)((ns + 999999) / 1000000);
}

void xcons_service(struct xcons *x)
{
	bool moved;

	if (x->broken)
		return;
	moved = drain_out(x);
	pty_flush(x);
	if (!x->broken)
		moved |= fill_in(x);
	if (moved)
		xevtchn_notify(x->ctx.evtchn, x->port);
}
