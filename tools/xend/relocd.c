/*
 * xend's relocation port: the target side of xm migrate (reloc.h). Off
 * unless xend is started with --relocation-port; then a TCP socket on it
 * (all addresses, or --relocation-address), and each connection's peer
 * is checked against --relocation-hosts-allow (reloc.c: without a list,
 * loopback only) before a byte is read: a peer not in it gets "refused".
 *
 * A connection is served to its end inside the server loop (as a restore
 * is): hello, the stream restored into a new paused domain (the same path
 * as xm restore: tools/libs/guest/restore.c checks every record, and a
 * failure destroys what it built; PAGE_DELTA records are taken only from a
 * source that said version 3; its SYNC record answered with "synced"
 * as soon as it is read, after the ring nodes are written if a RINGS
 * record named the rings' frames), "ready" as soon as the domain is built (before
 * its ring nodes and XS_INTRODUCE, which overlap the source's "go" on
 * the wire), then "go" starts it: "done" goes, then the unpause. Where the end of
 * the restore went is logged (restore.c's xguest_restore_times). A
 * stream cut or a missing "go" destroys the new domain and forgets it.
 * Every socket read has a timeout (migrate.c), so a peer that stalls
 * cannot hold xend for more than that.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "reloc.h"
#include "xend_private.h"
#include "../libs/guest/xlive.h" /* xguest_now_ns */

int xend_reloc_listen(struct xend_daemon *d, const char *addr, int port, const char *allow)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
				  .sin6_port = htons((uint16_t)port),
				  .sin6_addr = IN6ADDR_ANY_INIT};
	int fd, off = 0, one = 1;
	char mapped[64];

	if (addr && inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1) {
		snprintf(mapped, sizeof(mapped), "::ffff:%s", addr);
		if (inet_pton(AF_INET6, mapped, &sa.sin6_addr) != 1)
			return -EINVAL;
	}
	snprintf(d->reloc_allow, sizeof(d->reloc_allow), "%s", allow ? allow : "");
	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
		int e = errno;

		close(fd);
		return -e;
	}
	d->reloc_fd = fd;
	xend_log("relocation port %d open to %s", port,
		 d->reloc_allow[0] ? d->reloc_allow : "loopback only");
	return 0;
}

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

/* One incoming migration: its connection and where its end went. */
struct incoming {
	struct xend_daemon *d;
	struct xend_reloc_io io;
	struct xguest_restore_times t;
	uint64_t ready_ns, restored_ns; /* "ready" sent; xenstore's part done */
	uint64_t rings_ns;		/* the ring nodes written at the SYNC (0: not there) */
};

/* A frame's type in the stream, as restore_prepin.c notes it. */
static const char *type_name(uint32_t t, char *buf, size_t len)
{
	if (t == 0xfe)
		return "nothing";
	if (t == 0xff)
		return "no frame of the domain";
	if (t == 0)
		return "a plain page";
	if ((t & 7) >= 1 && (t & 7) <= 4)
		snprintf(buf, len, "%s L%u", t & 8 ? "a pinned" : "an", t & 7);
	else
		snprintf(buf, len, "a page of type %#x", t);
	return buf;
}

/* The END's entries cleared before they went in, and PAGE_DELTA entries
 * applied to copies (restore_prepin.c), for log_times. */
static void log_stuck(const struct xguest_restore_times *t, char *out, size_t len)
{
	char o[32], n[32];
	int k = snprintf(out, len, ", %llu PAGE_DELTA entries applied to copies",
			 (unsigned long long)t->precopied);

	if (t->precleared && k > 0 && (size_t)k < len)
		snprintf(out + k, len - (size_t)k,
			 ", %llu entries cleared first (the first an L%u's [%u]: it named %s, "
			 "then %s)",
			 (unsigned long long)t->precleared, t->stuck_level, t->stuck_index,
			 type_name(t->stuck_old_type, o, sizeof(o)),
			 type_name(t->stuck_new_type, n, sizeof(n)));
}

/* Where the end of the restore went, on this clock (the source's JSON
 * has the downtime on its own). */
static void log_times(const struct incoming *in, uint64_t go)
{
	const struct xguest_restore_times *t = &in->t;
	static const char *const undo_why[] = {
		"?", "a pinned table sent as another type", "a writable mapping refused",
		"too many tables sent again", "a changed entry refused"};
	char rings[64] = "after the END", undo[160] = "", failed[96] = "", stuck[192];

	if (in->rings_ns)
		snprintf(rings, sizeof(rings), "written at the SYNC in %.1f ms", ms(in->rings_ns));
	if (t->prepins && t->prepin_fail_pfn != ~0ull)
		snprintf(failed, sizeof(failed), " (the first refused: the L%d at pfn %#llx, %s)",
			 t->prepin_fail_level, (unsigned long long)t->prepin_fail_pfn,
			 strerror(-t->prepin_fail_rc));
	if (t->prepin_undone)
		snprintf(undo, sizeof(undo), " (pins undone, %s at %#llx: all pinned at the END)",
			 undo_why[t->prepin_undone < 5 ? t->prepin_undone : 0],
			 (unsigned long long)t->undo_at);
	log_stuck(t, stuck, sizeof(stuck));

	xend_log("migration in: after the SYNC %llu page records, %llu pages (%llu of them "
		 "PAGE_DELTA entries): %.1f ms reading, "
		 "%.1f ms writing (%.1f ms mapping and copying); last page record to END "
		 "%.1f ms; END to built and \"ready\" %.1f ms (p2m %.1f, start_info %.1f, "
		 "%llu pins %.1f, shared_info %.1f, domain state %.1f, vCPUs %.1f); then "
		 "max_mem, ring nodes (%s), XS_INTRODUCE %.1f ms; \"go\" %.1f ms after "
		 "\"ready\"; at the SYNC %llu pins %.1f ms%s, at the END %llu tables sent again "
		 "since, %llu entries changed (%llu tried again%s), %llu pages written late "
		 "%.1f ms%s",
		 (unsigned long long)t->records, (unsigned long long)t->pages,
		 (unsigned long long)t->deltas, ms(t->wait_ns), ms(t->write_ns), ms(t->map_ns),
		 t->tail_ns ? ms(t->end_ns - t->tail_ns) : 0.0, ms(in->ready_ns - t->end_ns),
		 ms(t->p2m_ns), ms(t->start_info_ns), (unsigned long long)t->pins, ms(t->pin_ns),
		 ms(t->shinfo_ns), ms(t->state_ns), ms(t->vcpu_ns), rings,
		 ms(in->restored_ns - in->ready_ns), ms(go - in->ready_ns),
		 (unsigned long long)t->prepins, ms(t->prepin_ns), failed,
		 (unsigned long long)t->pretables, (unsigned long long)t->prediffs,
		 (unsigned long long)t->prerefused, stuck, (unsigned long long)t->prelate,
		 ms(t->prediff_ns), undo);
}

/* The new domain is built ("ready" went when it was, xend_daemon_restore
 * introduced it meanwhile): "go" starts it. "done" goes just before the
 * unpause: the source's downtime ends when it arrives, and the domain,
 * once unpaused, may take this CPU before xend could send it. An unpause
 * that fails then (the domain destroyed here meanwhile) cannot be undone
 * on the source: it is logged and the domain, if any, left paused. */
static void start(struct xend_daemon *d, struct incoming *in, uint16_t domid, const char *name,
		  const char *peer)
{
	struct xend_reloc_msg m;
	char err[512];
	int rc = xend_reloc_expect(&in->io, XEND_RELOC_GO, &m, err, sizeof(err));
	uint64_t go = xguest_now_ns(), done = 0, unpaused = 0;

	if (!rc) {
		xend_reloc_send(&in->io, XEND_RELOC_DONE, domid, NULL, err, sizeof(err));
		done = xguest_now_ns();
		rc = xend_pause(&d->x, domid, false);
		unpaused = xguest_now_ns();
	}
	log_times(in, go);
	if (rc && done) {
		xend_log("domain %u (%s) migrated in from %s but not unpaused: %s (left paused)",
			 domid, name, peer, d->x.err);
		return;
	}
	if (rc) {
		xend_log("migration of %s from %s: %s; domain %u destroyed", name, peer, err,
			 domid);
		xend_daemon_drop(d, domid);
		return;
	}
	xend_log("domain %u (%s) migrated in from %s (\"done\" %.1f ms after \"go\", unpaused "
		 "%.1f ms after it)",
		 domid, name, peer, (done - go) / 1e6, (unpaused - done) / 1e6);
}

/* Whether a domain here has exactly this name. */
static bool name_here(struct xend_daemon *d, const char *name)
{
	static struct xend_dom doms[XEND_MAX_DOMS];
	int n = xend_list(&d->x, doms, XEND_MAX_DOMS);

	for (int i = 0; i < n; i++)
		if (!strcmp(doms[i].name, name))
			return true;
	return false;
}

/* A hello this xend takes: 0, or the refusal's reason in err. */
static int check_hello(struct xend_daemon *d, const struct xend_reloc_msg *m, char *err,
		       size_t errlen)
{
	if (m->num < XEND_RELOC_VERSION_MIN || m->num > XEND_RELOC_VERSION)
		snprintf(err, errlen, "relocation protocol version %lu (this xend speaks %d to %d)",
			 m->num, XEND_RELOC_VERSION_MIN, XEND_RELOC_VERSION);
	else if (name_here(d, m->text))
		snprintf(err, errlen, "a domain named \"%.100s\" already exists there", m->text);
	else
		return 0;
	return -EINVAL;
}

/* The stream's SYNC is read (all before it is in the domain): "synced". */
static int synced(void *arg)
{
	struct incoming *in = arg;
	char err[128];

	return xend_reloc_send(&in->io, XEND_RELOC_SYNCED, 0, NULL, err, sizeof(err));
}

/* The stream named the rings' frames (a RINGS record): their nodes are
 * written at the SYNC, while the domain still runs on the source, and
 * not in the downtime (create.c skips them if start_info agrees). */
static int rings(void *arg, const struct xguest_build *b)
{
	struct incoming *in = arg;
	uint64_t t0 = xguest_now_ns();
	int rc = xend_write_ring_nodes(&in->d->x, b->domid, b);

	in->rings_ns = xguest_now_ns() - t0;
	return rc;
}

/* The domain is built and paused: "ready" at once, so that the source's
 * "go" crosses the wire while xend introduces the domain to xenstore. */
static int built(void *arg, uint16_t domid)
{
	struct incoming *in = arg;
	char err[128];
	int rc = xend_reloc_send(&in->io, XEND_RELOC_READY, domid, NULL, err, sizeof(err));

	in->ready_ns = xguest_now_ns();
	return rc;
}

static void serve(struct xend_daemon *d, int fd, const char *peer)
{
	static struct incoming in; /* one at a time, inside the server loop */
	struct xend_reloc_io *io = &in.io;
	struct xguest_progress p = {
		.arg = &in, .sync = synced, .built = built, .times = &in.t, .rings = rings};
	struct xend_reloc_msg m;
	char err[512], label[96], name[64] = "";
	uint16_t domid = 0;
	int ctx, rc;

	memset(&in, 0, sizeof(in));
	in.d = d;
	xend_reloc_socket(fd, io, &ctx);
	if (!xend_reloc_allowed(d->reloc_allow, peer)) {
		xend_log("relocation from %s refused: not in the allow-list", peer);
		snprintf(err, sizeof(err), "%s is not in the target xend's relocation allow-list",
			 peer);
		xend_reloc_send(io, XEND_RELOC_REFUSED, 0, err, err, sizeof(err));
		return;
	}
	if ((rc = xend_reloc_expect(io, XEND_RELOC_HELLO, &m, err, sizeof(err)))) {
		xend_log("relocation from %s: %s", peer, err);
		return;
	}
	if (check_hello(d, &m, err, sizeof(err))) {
		xend_log("relocation of %s from %s refused: %s", m.text, peer, err);
		xend_reloc_send(io, XEND_RELOC_REFUSED, 0, err, err, sizeof(err));
		return;
	}
	if (xend_reloc_send(io, XEND_RELOC_OK, 0, NULL, err, sizeof(err)))
		return;
	p.delta = m.num >= 3; /* the version agreed: PAGE_DELTA records taken */
	snprintf(label, sizeof(label), "migration from %s", peer);
	d->api.err[0] = '\0';
	if ((rc = xend_daemon_restore(&d->api, fd, label, true, &p, &domid, name))) {
		xend_log("%s of %s: %s", label, m.text, d->api.err);
		xend_reloc_send(io, XEND_RELOC_ERROR, 0, d->api.err, err, sizeof(err));
		return;
	}
	in.restored_ns = xguest_now_ns();
	start(d, &in, domid, name, peer);
}

void xend_reloc_accept(struct xend_daemon *d)
{
	struct sockaddr_in6 sa;
	socklen_t len = sizeof(sa);
	char peer[INET6_ADDRSTRLEN] = "?";
	int fd = accept4(d->reloc_fd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	inet_ntop(AF_INET6, &sa.sin6_addr, peer, sizeof(peer));
	if (!strncmp(peer, "::ffff:", 7) && strchr(peer, '.')) /* an IPv4 peer */
		memmove(peer, peer + 7, strlen(peer + 7) + 1);
	serve(d, fd, peer);
	close(fd);
}
