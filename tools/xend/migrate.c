/*
 * libxend: xm migrate's source side (xend.h, reloc.h). The target xend's
 * relocation port is connected, the domain's stream sent live
 * (tools/libs/guest/live.c) between the protocol's lines, and the domain
 * destroyed once the target says it runs ("done"). Version 3 of the
 * protocol (a target that takes PAGE_DELTA records) is asked first, 2 if
 * the target refuses it. The guest is asked to
 * suspend only once the target has read the stream up to its SYNC record
 * ("synced"): the last round does not queue behind the earlier ones.
 * Until the target is
 * told "go", any failure (no connection, a refusal, the wire cut, the
 * target's error) leaves the domain running here: resumed if it had been
 * suspended, log-dirty off; so does the target's error in answer to "go"
 * (it destroyed its copy unstarted). After "go" without an answer the
 * outcome is unknown (the target may run the domain): it is left
 * suspended here, not resumed, so it never runs twice, and the error says
 * so.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "reloc.h"
#include "xend_private.h"
#include "../libs/guest/xlive.h"

#define WIRE_TIMEOUT_S 120

static ssize_t sock_read(void *ctx, void *buf, size_t n)
{
	return recv(*(int *)ctx, buf, n, 0);
}

static ssize_t sock_write(void *ctx, const void *buf, size_t n)
{
	return send(*(int *)ctx, buf, n, MSG_NOSIGNAL);
}

void xend_reloc_socket(int fd, struct xend_reloc_io *io, int *ctx)
{
	struct timeval tv = {.tv_sec = WIRE_TIMEOUT_S};
	int one = 1;

	*ctx = fd;
	*io = (struct xend_reloc_io){sock_read, sock_write, ctx};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* host as a numeric address, or its first address in /etc/hosts (a static
 * binary has no NSS: no DNS), into text (INET6_ADDRSTRLEN bytes). */
static int host_address(const char *host, char *text)
{
	char line[512], *save, *w, *addr;
	unsigned char bin[16];
	FILE *f;

	if (inet_pton(AF_INET, host, bin) == 1 || inet_pton(AF_INET6, host, bin) == 1) {
		snprintf(text, INET6_ADDRSTRLEN, "%s", host);
		return 0;
	}
	if (!(f = fopen("/etc/hosts", "re")))
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "#\n")] = '\0';
		if (!(addr = strtok_r(line, " \t", &save)))
			continue;
		while ((w = strtok_r(NULL, " \t", &save)))
			if (!strcmp(w, host) && strlen(addr) < INET6_ADDRSTRLEN) {
				snprintf(text, INET6_ADDRSTRLEN, "%s", addr);
				fclose(f);
				return 0;
			}
	}
	fclose(f);
	return -ENOENT;
}

static int connect_to(struct xend *x, const char *host, int port)
{
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
	struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	char text[INET6_ADDRSTRLEN];
	bool v4;
	int fd, e;

	if (host_address(host, text)) {
		snprintf(x->err, sizeof(x->err),
			 "cannot resolve %s: give an address or a name of /etc/hosts", host);
		return -EHOSTUNREACH;
	}
	v4 = inet_pton(AF_INET, text, &a4.sin_addr) == 1;
	if (!v4)
		inet_pton(AF_INET6, text, &a6.sin6_addr);
	fd = socket(v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !connect(fd, v4 ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6,
				v4 ? sizeof(a4) : sizeof(a6)))
		return fd;
	e = errno;
	if (fd >= 0)
		close(fd);
	snprintf(x->err, sizeof(x->err),
		 "cannot connect to %s port %d: %s (is xend there started with "
		 "--relocation-port %d?)",
		 host, port, strerror(e), port);
	return -e;
}

struct sender {
	struct xend *x;
	uint16_t domid;
	struct xend_migrate *m;
	const struct xend_reloc_io *io;
};

static int ask_cb(void *arg, char *err, size_t errlen)
{
	struct sender *s = arg;
	int rc = xend_suspend_ask(s->x, s->domid);

	if (rc && err != s->x->err)
		snprintf(err, errlen, "%s", s->x->err);
	return rc;
}

static int check_cb(void *arg, char *err, size_t errlen)
{
	struct sender *s = arg;
	int rc = xend_suspend_check(s->x, s->domid);

	if (rc < 0 && err != s->x->err)
		snprintf(err, errlen, "%s", s->x->err);
	return rc;
}

/* The stream's SYNC is written: wait for the target's "synced" (it has
 * read everything before it; or its error, which says why it stopped). */
static int drain_cb(void *arg, char *err, size_t errlen)
{
	struct sender *s = arg;
	struct xend_reloc_msg msg;

	return xend_reloc_expect(s->io, XEND_RELOC_SYNCED, &msg, err, errlen);
}

static void round_cb(void *arg, const struct xguest_live_round *r)
{
	struct sender *s = arg;

	if (s->m->round)
		s->m->round(s->m->arg, r);
}

/* The stream failed: the target may have said why before it stopped
 * reading (its error line is waiting); that reason first, then ours. */
static void target_reason(struct xend *x, const struct xend_reloc_io *io, int fd)
{
	struct timeval tv = {.tv_sec = 2};
	struct xend_reloc_msg m;
	char ours[200], err[64];

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (xend_reloc_recv(io, &m, err, sizeof(err)) ||
	    (m.kind != XEND_RELOC_ERROR && m.kind != XEND_RELOC_REFUSED))
		return;
	snprintf(ours, sizeof(ours), "%.199s", x->err);
	snprintf(x->err, sizeof(x->err), "the target failed: %.250s (here: %.190s)", m.text, ours);
}

/* The frame of the domain's store or console ring (its ring-ref node, as
 * xend wrote it), or 0 if unknown: the target can then write its ring
 * nodes before the stream's end (xguest_live.store_mfn). */
static uint64_t ring_mfn(struct xend *x, uint16_t domid, const char *which)
{
	char path[64], *v, *end;
	uint64_t mfn = 0;

	snprintf(path, sizeof(path), "/local/domain/%u/%s/ring-ref", domid, which);
	if ((v = xstore_read(x->xs, path))) {
		mfn = strtoull(v, &end, 10);
		if (end == v || *end)
			mfn = 0;
		free(v);
	}
	return mfn;
}

/* Connected and agreed (reloc.h): hello with version 3 and "ok", or, if
 * the target is an older xend that refused the version, the same with 2 on
 * a new connection. The socket (io set up on it), or -errno. */
static int open_reloc(struct xend *x, struct xend_migrate *m, struct xend_reloc_io *io, int *ctx)
{
	struct xend_reloc_msg msg;

	for (unsigned int v = XEND_RELOC_VERSION;; v--) {
		int fd = connect_to(x, m->host, m->port), rc;

		if (fd < 0)
			return fd;
		xend_reloc_socket(fd, io, ctx);
		if (!(rc = xend_reloc_send(io, XEND_RELOC_HELLO, v, m->name, x->err,
					   sizeof(x->err))) &&
		    !(rc = xend_reloc_expect(io, XEND_RELOC_OK, &msg, x->err, sizeof(x->err)))) {
			m->version = v;
			return fd;
		}
		close(fd);
		if (rc != -ECONNREFUSED || v == XEND_RELOC_VERSION_MIN ||
		    !strstr(x->err, "relocation protocol version"))
			return rc;
	}
}

/* The stream .. ready: 0, or -errno with the domain running here (resumed). */
static int send_domain(struct sender *s, const struct xend_reloc_io *io, int fd)
{
	struct xguest_live l = {.ask_suspend = ask_cb,
				.is_suspended = check_cb,
				.round = round_cb,
				.drain = drain_cb,
				.arg = s,
				.store_mfn = ring_mfn(s->x, s->domid, "store"),
				.console_mfn = ring_mfn(s->x, s->domid, "console"),
				.delta = s->m->version >= 3};
	struct xend_reloc_msg msg;
	struct xend *x = s->x;
	int rc = xguest_save_live(x->call, s->domid, fd, s->m->config, strlen(s->m->config), &l,
				  x->err, sizeof(x->err));

	if (rc)
		target_reason(x, io, fd);
	s->m->live = l.live;
	s->m->rounds = l.rounds;
	s->m->pages = l.pages;
	s->m->last_pages = l.last_pages;
	s->m->bytes = l.bytes;
	s->m->suspended_ns = l.suspended_ns;
	s->m->drain_ns = l.drain_ns;
	s->m->suspend_ns = l.suspended_ns ? l.suspended_ns - l.asked_ns : 0;
	s->m->last_round_ns = l.last_sent_ns ? l.last_sent_ns - l.suspended_ns : 0;
	s->m->stream_end_ns = l.end_ns ? l.end_ns - l.last_sent_ns : 0;
	s->m->last_clean_ns = l.last_clean_ns;
	s->m->last = l.last;
	s->m->end = l.end;
	if (!rc && (rc = xend_reloc_expect(io, XEND_RELOC_READY, &msg, x->err, sizeof(x->err))))
		shutdown(fd, SHUT_RDWR); /* the target must not wait for "go" */
	if (!rc) {
		s->m->target_domid = (uint16_t)msg.num;
		s->m->target_restore_ns = xguest_now_ns() - l.end_ns;
	}
	if (rc && l.suspended)
		xend_resume(x, s->domid);
	return rc;
}

/* go .. done: 0, or -errno with the domain resumed here if "go" could not
 * be sent or the target answered it with an error (it destroyed its copy
 * without starting it), else left suspended. */
static int commit(struct sender *s, const struct xend_reloc_io *io)
{
	struct xend_reloc_msg msg;
	struct xend *x = s->x;
	uint64_t go = xguest_now_ns();
	char why[256];
	int rc = xend_reloc_send(io, XEND_RELOC_GO, 0, NULL, x->err, sizeof(x->err));

	if (rc) {
		xend_resume(x, s->domid); /* "go" never left: the target destroys its copy */
		return rc;
	}
	if (!(rc = xend_reloc_expect(io, XEND_RELOC_DONE, &msg, x->err, sizeof(x->err)))) {
		s->m->target_start_ns = xguest_now_ns() - go;
		return 0;
	}
	if (rc == -EREMOTEIO) { /* "error": the target never ran it */
		xend_resume(x, s->domid);
		return rc;
	}
	snprintf(why, sizeof(why), "%.200s", x->err);
	snprintf(x->err, sizeof(x->err),
		 "%s; the target was told to start domain %u (there %u) and did not confirm: "
		 "it is left suspended here, check %s before destroying or resuming it",
		 why, s->domid, s->m->target_domid, s->m->host);
	return rc;
}

int xend_migrate(struct xend *x, uint16_t domid, struct xend_migrate *m)
{
	struct xend_reloc_io io;
	struct sender s = {x, domid, m, &io};
	uint64_t t0 = xguest_now_ns(), now;
	int fd, ctx, rc;

	if (domid == 0) {
		snprintf(x->err, sizeof(x->err), "migrating domain 0 is not allowed");
		return -EPERM;
	}
	if ((fd = open_reloc(x, m, &io, &ctx)) < 0)
		return fd;
	if (!(rc = send_domain(&s, &io, fd)))
		rc = commit(&s, &io);
	now = xguest_now_ns();
	m->total_ns = now - t0;
	m->downtime_ns = m->suspended_ns ? now - m->suspended_ns : 0;
	close(fd);
	return rc ? rc : xend_destroy(x, domid);
}
