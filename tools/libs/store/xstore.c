/*
 * libxstore (xstore.h): messages of include/public/io/xs_wire.h on a Unix
 * socket.
 *
 * Incoming bytes accumulate in rbuf until a whole message is there; a
 * reply ends the wait of the request with its req_id, a XS_WATCH_EVENT is
 * appended to the event queue. Error replies carry the errno's name,
 * turned back into a number through the table of xs_wire.h.
 *
 * Transactions are the daemon's: a request carries its id in the header's
 * tx_id (0: none); xstore_transact() is the start / body / commit loop
 * every caller would otherwise write, retrying a commit's EAGAIN a bounded
 * number of times.
 *
 * Invariants: rlen <= sizeof(rbuf); the event queue is a FIFO of
 * malloc'd "path\0token\0" payloads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "public/errno.h"
#include "public/io/xs_wire.h"
#include "xstore.h"

#define HDR sizeof(struct xsd_sockmsg)

struct xs_event {
	struct xs_event *next;
	char data[]; /* path\0token\0 */
};

struct xstore {
	int fd;
	uint32_t next_id;
	size_t rlen;
	unsigned char rbuf[HDR + XENSTORE_PAYLOAD_MAX];
	struct xs_event *events, **tail, *current;
};

struct xstore *xstore_open(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct xstore *xs;

	if (!path)
		path = getenv("XENSTORED_PATH");
	if (!path)
		path = "/run/xenstored/socket";
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(sa.sun_path, path);
	xs = calloc(1, sizeof(*xs));
	if (!xs)
		return NULL;
	xs->tail = &xs->events;
	xs->next_id = 1;
	xs->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (xs->fd < 0 || connect(xs->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		if (xs->fd >= 0)
			close(xs->fd);
		free(xs);
		errno = e;
		return NULL;
	}
	return xs;
}

void xstore_close(struct xstore *xs)
{
	if (!xs)
		return;
	free(xs->current);
	while (xs->events) {
		struct xs_event *e = xs->events;

		xs->events = e->next;
		free(e);
	}
	close(xs->fd);
	free(xs);
}

int xstore_fd(const struct xstore *xs)
{
	return xs->fd;
}

static void queue_event(struct xstore *xs, const unsigned char *p, uint32_t len)
{
	struct xs_event *e = malloc(sizeof(*e) + len + 2);

	if (!e)
		return;
	memcpy(e->data, p, len);
	e->data[len] = e->data[len + 1] = '\0';
	e->next = NULL;
	*xs->tail = e;
	xs->tail = &e->next;
}

/* A whole message in rbuf: its header, else false. */
static bool have_message(const struct xstore *xs, struct xsd_sockmsg *hdr)
{
	if (xs->rlen < HDR)
		return false;
	memcpy(hdr, xs->rbuf, HDR);
	return xs->rlen >= HDR + hdr->len;
}

static void consume(struct xstore *xs, const struct xsd_sockmsg *hdr)
{
	size_t n = HDR + hdr->len;

	memmove(xs->rbuf, xs->rbuf + n, xs->rlen - n);
	xs->rlen -= n;
}

/* One read from the socket (blocking or not): 0 or -errno. */
static int fill(struct xstore *xs, int flags)
{
	ssize_t n = recv(xs->fd, xs->rbuf + xs->rlen, sizeof(xs->rbuf) - xs->rlen, flags);

	if (n == 0)
		return -EPIPE;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	xs->rlen += (size_t)n;
	return 0;
}

/* Events out of rbuf into the queue; a reply stays in rbuf. */
static void take_events(struct xstore *xs)
{
	struct xsd_sockmsg hdr;

	while (have_message(xs, &hdr) && hdr.type == XS_WATCH_EVENT) {
		queue_event(xs, xs->rbuf + HDR, hdr.len);
		consume(xs, &hdr);
	}
}

int xstore_pump(struct xstore *xs)
{
	int rc = fill(xs, MSG_DONTWAIT);

	take_events(xs);
	return rc;
}

bool xstore_next_event(struct xstore *xs, const char **path, const char **token)
{
	struct xs_event *e = xs->events;

	free(xs->current);
	xs->current = NULL;
	if (!e)
		return false;
	xs->events = e->next;
	if (!xs->events)
		xs->tail = &xs->events;
	xs->current = e;
	*path = e->data;
	*token = e->data + strlen(e->data) + 1;
	return true;
}

static int error_number(const char *name)
{
#define XSTORE_ERR(n, num) {num, #n},
	static const struct {
		int num;
		const char *name;
	} tab[] = {XSD_ERROR_LIST(XSTORE_ERR)};
#undef XSTORE_ERR

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(tab[i].name, name))
			return tab[i].num;
	return XEN_EINVAL;
}

/* Sends one request (in transaction t, 0: none), waits for its reply: the
 * payload (malloc'd) or NULL + errno. */
static char *request_len(struct xstore *xs, xstore_txn_t t, uint32_t type, const void *p,
			 size_t len, size_t *out_len)
{
	struct xsd_sockmsg hdr = {type, xs->next_id++, t, (uint32_t)len};
	unsigned char buf[HDR + XENSTORE_PAYLOAD_MAX];
	char *out;

	if (len > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return NULL;
	}
	memcpy(buf, &hdr, HDR);
	memcpy(buf + HDR, p, len);
	if (send(xs->fd, buf, HDR + len, MSG_NOSIGNAL) != (ssize_t)(HDR + len))
		return NULL;
	for (;;) {
		struct xsd_sockmsg r;
		int rc;

		take_events(xs);
		if (have_message(xs, &r))
			break;
		rc = fill(xs, 0);
		if (rc < 0) {
			errno = -rc;
			return NULL;
		}
	}
	memcpy(&hdr, xs->rbuf, HDR);
	out = malloc(hdr.len + 1);
	if (out) {
		memcpy(out, xs->rbuf + HDR, hdr.len);
		out[hdr.len] = '\0';
		*out_len = hdr.len;
	}
	consume(xs, &hdr);
	take_events(xs); /* those that came with the reply: poll() will not say */
	if (out && hdr.type == XS_ERROR) {
		errno = error_number(out);
		free(out);
		return NULL;
	}
	return out;
}

static char *request(struct xstore *xs, xstore_txn_t t, uint32_t type, const void *p, size_t len)
{
	size_t out_len;

	return request_len(xs, t, type, p, len, &out_len);
}

char *xstore_txn_read(struct xstore *xs, xstore_txn_t t, const char *path)
{
	return request(xs, t, XS_READ, path, strlen(path) + 1);
}

char *xstore_read(struct xstore *xs, const char *path)
{
	return xstore_txn_read(xs, XSTORE_NO_TXN, path);
}

static int request_ok(struct xstore *xs, xstore_txn_t t, uint32_t type, const void *p, size_t len)
{
	char *r = request(xs, t, type, p, len);

	free(r);
	return r ? 0 : -errno;
}

int xstore_txn_write(struct xstore *xs, xstore_txn_t t, const char *path, const char *value)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, vl = strlen(value);

	if (pl + vl > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, pl);
	memcpy(buf + pl, value, vl);
	return request_ok(xs, t, XS_WRITE, buf, pl + vl);
}

int xstore_write(struct xstore *xs, const char *path, const char *value)
{
	return xstore_txn_write(xs, XSTORE_NO_TXN, path, value);
}

static int path_token(struct xstore *xs, uint32_t type, const char *path, const char *token)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;

	if (pl + tl > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	return request_ok(xs, XSTORE_NO_TXN, type, buf, pl + tl);
}

int xstore_watch(struct xstore *xs, const char *path, const char *token)
{
	return path_token(xs, XS_WATCH, path, token);
}

int xstore_unwatch(struct xstore *xs, const char *path, const char *token)
{
	return path_token(xs, XS_UNWATCH, path, token);
}

int xstore_txn_mkdir(struct xstore *xs, xstore_txn_t t, const char *path)
{
	return request_ok(xs, t, XS_MKDIR, path, strlen(path) + 1);
}

int xstore_mkdir(struct xstore *xs, const char *path)
{
	return xstore_txn_mkdir(xs, XSTORE_NO_TXN, path);
}

int xstore_txn_rm(struct xstore *xs, xstore_txn_t t, const char *path)
{
	return request_ok(xs, t, XS_RM, path, strlen(path) + 1);
}

int xstore_rm(struct xstore *xs, const char *path)
{
	return xstore_txn_rm(xs, XSTORE_NO_TXN, path);
}

/* Strings one after the other, each with its NUL, into buf: the length or -E2BIG. */
static long join(char *buf, size_t size, const char *const s[], size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(s[i]) + 1;

		if (len + l > size)
			return -E2BIG;
		memcpy(buf + len, s[i], l);
		len += l;
	}
	return (long)len;
}

int xstore_txn_set_perms(struct xstore *xs, xstore_txn_t t, const char *path,
			 const char *const perms[], size_t n)
{
	const char *all[1 + 16];
	char buf[XENSTORE_PAYLOAD_MAX];
	long len;

	if (n > 16)
		return -E2BIG;
	all[0] = path;
	memcpy(all + 1, perms, n * sizeof(*perms));
	len = join(buf, sizeof(buf), all, n + 1);
	return len < 0 ? (int)len : request_ok(xs, t, XS_SET_PERMS, buf, (size_t)len);
}

int xstore_set_perms(struct xstore *xs, const char *path, const char *const perms[], size_t n)
{
	return xstore_txn_set_perms(xs, XSTORE_NO_TXN, path, perms, n);
}

int xstore_introduce(struct xstore *xs, unsigned int domid, unsigned long mfn, unsigned int port)
{
	char d[16], m[24], p[16], buf[64];
	const char *all[] = {d, m, p};
	long len;

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(m, sizeof(m), "%lu", mfn);
	snprintf(p, sizeof(p), "%u", port);
	len = join(buf, sizeof(buf), all, 3);
	return len < 0 ? (int)len : request_ok(xs, XSTORE_NO_TXN, XS_INTRODUCE, buf, (size_t)len);
}

char *xstore_txn_directory(struct xstore *xs, xstore_txn_t t, const char *path, size_t *len)
{
	return request_len(xs, t, XS_DIRECTORY, path, strlen(path) + 1, len);
}

char *xstore_directory(struct xstore *xs, const char *path, size_t *len)
{
	return xstore_txn_directory(xs, XSTORE_NO_TXN, path, len);
}

/* --- transactions ------------------------------------------------------- */

int xstore_txn_start(struct xstore *xs, xstore_txn_t *t)
{
	char *r = request(xs, XSTORE_NO_TXN, XS_TRANSACTION_START, "", 1), *end;
	unsigned long id;

	if (!r)
		return -errno;
	errno = 0;
	id = strtoul(r, &end, 10);
	if (end == r || *end || errno || id == 0 || id > UINT32_MAX) {
		free(r);
		return -EPROTO;
	}
	free(r);
	*t = (xstore_txn_t)id;
	return 0;
}

int xstore_txn_end(struct xstore *xs, xstore_txn_t t, bool commit)
{
	return request_ok(xs, t, XS_TRANSACTION_END, commit ? "T" : "F", 2);
}

int xstore_transact(struct xstore *xs, unsigned int tries, xstore_txn_body_t *body, void *arg)
{
	int rc = -EAGAIN;

	for (unsigned int i = 0; i < tries && rc == -EAGAIN; i++) {
		xstore_txn_t t;

		rc = xstore_txn_start(xs, &t);
		if (rc)
			return rc;
		rc = body(xs, t, arg);
		if (rc)
			xstore_txn_end(xs, t, false); /* the body's EAGAIN is retried too */
		else
			rc = xstore_txn_end(xs, t, true);
	}
	return rc;
}
