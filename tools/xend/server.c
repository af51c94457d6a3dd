/*
 * xend's server loop: a Unix stream socket (mode 0600 in a 0700
 * directory: only root talks to xend), up to MAX_CLIENTS connections, each
 * a stream of request lines answered in order (frame.c, dispatch.c), plus
 * the xenstore connection's @releaseDomain watch and a one-second tick
 * for xend_reap(), and the relocation port if it is open (relocd.c: an
 * incoming migration is served to its end). Requests run to completion one at a time (a create
 * holds the loop for its build, a save or restore for its file; those
 * may send progress lines before their reply). SIGTERM and SIGINT stop the loop; so
 * does the API's "stop" once its reply is sent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"

#define MAX_CLIENTS 16

struct client {
	int fd;
	struct xend_frame in;
};

static volatile sig_atomic_t signalled;

static void on_signal(int sig)
{
	signalled = sig;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char dir[sizeof(sa.sun_path)], *slash;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0700);
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || chmod(path, 0600) || listen(fd, 16)) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A progress line of a long request (save, restore) before its reply;
 * a client gone meanwhile only loses the lines. */
static void send_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct client *c = ctx;
	char line[160];
	int n = snprintf(line, sizeof(line),
			 "{\"version\":%d,\"progress\":{\"what\":\"%s\",\"done\":%llu,"
			 "\"total\":%llu}}\n",
			 XEND_API_VERSION, what, (unsigned long long)done,
			 (unsigned long long)total);

	send_all(c->fd, line, (size_t)n);
}

/* Any progress object (a migration's round), consumed. */
static void send_progress_obj(void *ctx, struct json_object *p)
{
	struct client *c = ctx;
	struct json_object *o = json_object_new_object();
	size_t n;
	const char *s;

	json_object_object_add(o, "version", json_object_new_int(XEND_API_VERSION));
	json_object_object_add(o, "progress", p);
	s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
	if (!send_all(c->fd, s, n))
		send_all(c->fd, "\n", 1);
	json_object_put(o);
}

/* Answer every complete line; -1 when the client must be dropped. */
static int serve_lines(struct xend_daemon *d, struct client *c)
{
	char *line;

	while ((line = xend_frame_next(&c->in))) {
		struct json_object *r;

		d->api.progress = send_progress;
		d->api.progress_obj = send_progress_obj;
		d->api.progress_ctx = c;
		r = xend_dispatch(&d->api, line);
		d->api.progress = NULL;
		d->api.progress_obj = NULL;
		size_t n;
		const char *s = json_object_to_json_string_length(r, JSON_C_TO_STRING_PLAIN, &n);
		int rc = send_all(c->fd, s, n) || send_all(c->fd, "\n", 1);

		json_object_put(r);
		free(line);
		if (rc)
			return -1;
	}
	return c->in.overflow ? -1 : 0;
}

static void drop(struct client *c)
{
	close(c->fd);
	xend_frame_free(&c->in);
	c->fd = -1;
}

static void client_input(struct xend_daemon *d, struct client *c)
{
	char buf[65536];
	ssize_t n = recv(c->fd, buf, sizeof(buf), 0);

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0 || xend_frame_feed(&c->in, buf, (size_t)n) || serve_lines(d, c))
		drop(c);
}

static void accept_client(int lfd, struct client *cl)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (cl[i].fd < 0) {
			cl[i].fd = fd;
			return;
		}
	}
	close(fd); /* full: the client sees EOF */
}

/* The xenstore connection's events: any of them may be a domain's shutdown. */
static int store_input(struct xend_daemon *d)
{
	const char *path, *token;
	int rc = xstore_pump(d->x.xs);

	while (xstore_next_event(d->x.xs, &path, &token))
		;
	if (rc)
		xend_log("lost the xenstore connection: %s", strerror(-rc));
	return rc;
}

static int loop(struct xend_daemon *d, int lfd, struct client *cl)
{
	while (!d->stop && !signalled) {
		struct pollfd p[MAX_CLIENTS + 3] = {{lfd, POLLIN, 0},
						    {xstore_fd(d->x.xs), POLLIN, 0}};
		int n;

		for (int i = 0; i < MAX_CLIENTS; i++)
			p[i + 2] = (struct pollfd){cl[i].fd, POLLIN, 0};
		p[MAX_CLIENTS + 2] = (struct pollfd){d->reloc_fd, POLLIN, 0};
		n = poll(p, MAX_CLIENTS + 3, 1000);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0 && (p[1].revents & (POLLIN | POLLHUP)) && store_input(d))
			return -EPIPE;
		for (int i = 0; n > 0 && i < MAX_CLIENTS && !d->stop; i++)
			if (cl[i].fd >= 0 && (p[i + 2].revents & (POLLIN | POLLHUP | POLLERR)))
				client_input(d, &cl[i]);
		if (n > 0 && (p[0].revents & POLLIN))
			accept_client(lfd, cl);
		if (n > 0 && (p[MAX_CLIENTS + 2].revents & POLLIN))
			xend_reloc_accept(d);
		xend_reap(d);
	}
	return 0;
}

int xend_serve(struct xend_daemon *d, const char *sock_path)
{
	struct client cl[MAX_CLIENTS];
	int lfd = listen_on(sock_path), rc;

	if (lfd < 0)
		return lfd;
	if ((rc = xstore_watch(d->x.xs, "@releaseDomain", "xend"))) {
		close(lfd);
		return rc;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < MAX_CLIENTS; i++)
		cl[i] = (struct client){.fd = -1};
	xend_log("listening on %s (API version %d)", sock_path, XEND_API_VERSION);
	rc = loop(d, lfd, cl);
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (cl[i].fd >= 0)
			drop(&cl[i]);
	close(lfd);
	unlink(sock_path);
	xend_log("stopped%s", signalled ? " by a signal" : "");
	return rc;
}
