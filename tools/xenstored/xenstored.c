/*
 * xenstored: the store's core served on a Unix socket (dom0's tools) and,
 * under Xen, on the shared rings of dom0 and of every introduced domain.
 *
 * One thread, one epoll loop over the listening socket, the clients and
 * the event channel device (epoll, not poll(): a request costs one wait
 * that finds its socket on the ready list, with no registration on every
 * file each time; a client asks for EPOLLOUT only while output is stuck).
 * Every socket client is a dom0 connection of the core (domid 0,
 * privileged, as Xen's C daemon treats its socket). Bytes read go to
 * xs_conn_input(); after each round every connection's queued output is
 * written as far as the socket or ring takes it (a partly written message
 * keeps its offset), so watch events caused by one client reach the others.
 *
 * Rings (domain_io.c): when /dev/xen/evtchn opens, dom0's ring
 * (/proc/xen/xsd_kva, /proc/xen/xsd_port) is served first and its port
 * notified (dom0's kernel waits for that to probe xenbus), VIRQ_DOM_EXC is
 * bound, and INTRODUCE maps the domain's page (gntdev, else privcmd). With
 * no event channel device (a host, or --no-domains) INTRODUCE creates a
 * domain without I/O, as the core alone does.
 *
 * Invariants: clients[i]->conn is the core connection of clients[i]->fd
 * and clients[i]->slot == i; the epoll set holds every client's fd, with
 * EPOLLOUT exactly when want_out; a client is closed (and its connection
 * freed: watches, transactions) on EOF, a socket error or a protocol
 * violation. The pid file is written once every transport is ready, so
 * whoever waits for it may use them.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <sys/mman.h>

#include "xs_core.h"
#include "xs_ring.h"
#include "../libs/call/xcall.h"
#include "../libs/evtchn/xevtchn.h"
#include "../libs/gnttab/xgnttab.h"

#define DEFAULT_SOCKET "/run/xenstored/socket"
#define XSD_KVA "/proc/xen/xsd_kva"
#define XSD_PORT "/proc/xen/xsd_port"

struct client {
	int fd;
	struct xs_conn *conn;
	size_t out_off; /* bytes of the head message already written */
	size_t slot;	/* its index in clients[] */
	bool want_out;	/* EPOLLOUT asked for */
};

/* epoll tags of the two fds that are not clients (clients are pointers). */
static char tag_listen, tag_evtchn;

static struct client **clients;
static size_t nclients, cap_clients;
static int epfd = -1;
static volatile sig_atomic_t stopping;
static struct xsd_rings *rings; /* NULL: socket only */
static bool no_domains;

static void log_line(void *opaque, const char *line)
{
	fprintf(stderr, "xenstored: %s\n", line);
}

static const struct xs_io_ops io_ops = {.log = log_line};

static void on_signal(int sig)
{
	stopping = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xenstored [-s|--socket PATH] [-F|--pid-file FILE] [-N|--no-fork]\n"
		"                 [-D|--no-domains] [-E|--entry-nb N] [-W|--watch-nb N]\n"
		"                 [-t|--transaction N] [-S|--entry-size N] [-A|--perm-nb N]\n"
		"                 [-M|--path-max N]\n"
		"  serves the xenstore protocol on a Unix socket (default %s,\n"
		"  or $XENSTORED_PATH) and, under Xen (/dev/xen/evtchn), on dom0's ring\n"
		"  (" XSD_KVA ") and on the ring of every introduced domain\n"
		"  (not with --no-domains); stays in the foreground; SIGTERM stops it.\n"
		"  The quota options are Xen's (per unprivileged domain: nodes, watches,\n"
		"  transactions, node bytes, permission entries, path bytes).\n",
		DEFAULT_SOCKET);
}

/* Xen's quota options: a positive decimal into one field of the quota. */
static bool set_quota(struct xs_quota *q, int opt, const char *arg)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	unsigned int *field = NULL;

	switch (opt) {
	case 'E': field = &q->nodes; break;
	case 'W': field = &q->watches; break;
	case 't': field = &q->transactions; break;
	case 'S': field = &q->node_size; break;
	case 'A': field = &q->perms; break;
	case 'M': field = &q->path_max; break;
	}
	if (!field || *end || !*arg || !v || v > 1000000)
		return false;
	*field = (unsigned int)v;
	if (q->path_max > XENSTORE_REL_PATH_MAX)
		q->path_max = XENSTORE_REL_PATH_MAX;
	return true;
}

static void make_parent_dir(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		make_parent_dir(dir);
		mkdir(dir, 0755);
	}
	free(dir);
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "xenstored: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	make_parent_dir(path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || chmod(path, 0600) ||
	    listen(fd, 64)) {
		fprintf(stderr, "xenstored: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static bool grow_clients(void)
{
	size_t cap = cap_clients ? cap_clients * 2 : 16;
	struct client **c;

	if (nclients < cap_clients)
		return true;
	c = realloc(clients, cap * sizeof(*c));
	if (!c)
		return false;
	clients = c;
	cap_clients = cap;
	return true;
}

static void add_client(struct xs_store *s, int fd)
{
	struct client *c = grow_clients() ? malloc(sizeof(*c)) : NULL;
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};

	if (!c || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		free(c);
		close(fd);
		return;
	}
	*c = (struct client){.fd = fd, .conn = xs_conn_new_socket(s), .slot = nclients};
	clients[nclients++] = c;
}

/* Closing the fd takes it out of the epoll set. */
static void close_client(struct client *c)
{
	xs_conn_free(c->conn);
	close(c->fd);
	clients[c->slot] = clients[--nclients];
	clients[c->slot]->slot = c->slot;
	free(c);
}

static void accept_clients(struct xs_store *s, int lfd)
{
	int fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
		add_client(s, fd);
}

/* false: the client is gone. */
static bool read_client(struct client *c)
{
	char buf[XENSTORE_PAYLOAD_MAX + sizeof(struct xsd_sockmsg)];
	ssize_t n = read(c->fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	return xs_conn_input(c->conn, buf, (size_t)n) == 0;
}

/* false: the client is gone. */
static bool flush_client(struct client *c)
{
	const struct xs_out *o;

	while ((o = xs_conn_output(c->conn))) {
		ssize_t n = write(c->fd, o->data + c->out_off, o->size - c->out_off);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->out_off += (size_t)n;
		if (c->out_off == o->size) {
			xs_conn_output_pop(c->conn);
			c->out_off = 0;
		}
	}
	return true;
}

/* EPOLLOUT while output waits for room in the socket, not otherwise. */
static void want_output(struct client *c)
{
	bool want = xs_conn_output(c->conn) != NULL;
	struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c};

	if (want != c->want_out && !epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev))
		c->want_out = want;
}

static void flush_all(void)
{
	for (size_t i = 0; i < nclients;) {
		struct client *c = clients[i];

		if (!flush_client(c)) {
			close_client(c);
			continue;
		}
		want_output(c);
		i++;
	}
}

static int evtchn_fd(void)
{
	return rings ? xevtchn_fd(xsd_rings_evtchn(rings)) : -1;
}

static int watch_fd(int fd, void *tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = tag};

	return fd < 0 ? 0 : epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void handle(struct xs_store *s, int lfd, const struct epoll_event *ev)
{
	struct client *c = ev->data.ptr;

	if (ev->data.ptr == &tag_listen)
		accept_clients(s, lfd);
	else if (ev->data.ptr == &tag_evtchn)
		xsd_rings_event(rings);
	else if ((ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !read_client(c))
		close_client(c);
}

/*
 * Each fd is reported at most once per wait, and only the client handled
 * closes itself, so every pointer of a batch is live when it is handled.
 */
static int serve(struct xs_store *s, int lfd)
{
	struct epoll_event evs[32];

	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0 || watch_fd(lfd, &tag_listen) || watch_fd(evtchn_fd(), &tag_evtchn)) {
		fprintf(stderr, "xenstored: epoll: %s\n", strerror(errno));
		return 1;
	}
	while (!stopping) {
		int n = epoll_wait(epfd, evs, 32, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < n; i++)
			handle(s, lfd, &evs[i]);
		if (rings)
			xsd_rings_service(rings);
		flush_all();
	}
	return stopping ? 0 : 1;
}

static void write_pid(const char *file)
{
	FILE *f = fopen(file, "w");

	if (!f) {
		fprintf(stderr, "xenstored: %s: %s\n", file, strerror(errno));
		return;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

static const struct option opts[] = {
	{"socket", 1, NULL, 's'},     {"pid-file", 1, NULL, 'F'}, {"no-fork", 0, NULL, 'N'},
	{"entry-nb", 1, NULL, 'E'},   {"watch-nb", 1, NULL, 'W'}, {"transaction", 1, NULL, 't'},
	{"entry-size", 1, NULL, 'S'}, {"perm-nb", 1, NULL, 'A'},  {"path-max", 1, NULL, 'M'},
	{"no-domains", 0, NULL, 'D'}, {"help", 0, NULL, 'h'},	  {NULL, 0, NULL, 0}};

/* 0 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct xs_quota *q, const char **path,
			 const char **pidfile)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "s:F:NDE:W:t:S:A:M:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's': *path = optarg; break;
		case 'F': *pidfile = optarg; break;
		case 'N': break;
		case 'D': no_domains = true; break;
		case 'h': usage(stdout); return 1;
		default:
			if (optarg && set_quota(q, opt, optarg))
				break;
			usage(stderr);
			return 2;
		}
	}
	return optind == argc ? 0 : (usage(stderr), 2);
}

/* dom0's ring: the page and port dom0's kernel set up (XS_LOCAL). */
static void attach_local(void)
{
	FILE *f = fopen(XSD_PORT, "r");
	unsigned int port = 0;
	void *page = MAP_FAILED;
	int fd, rc;

	if (!f || fscanf(f, "%u", &port) != 1 || !port) {
		fprintf(stderr, "xenstored: %s: no port, dom0's ring not served\n", XSD_PORT);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	fd = open(XSD_KVA, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (fd >= 0)
		close(fd);
	if (page == MAP_FAILED) {
		fprintf(stderr, "xenstored: %s: %s\n", XSD_KVA, strerror(errno));
		return;
	}
	rc = xsd_rings_attach_local(rings, page, port);
	if (rc)
		fprintf(stderr, "xenstored: dom0 ring port %u: %s\n", port, strerror(-rc));
}

/* gntdev's first reservation since boot, here instead of in the first
 * domain's XS_INTRODUCE (xgnttab_prepare). */
static void prepare_gnttab(struct xgnttab *g)
{
	struct timespec a, b;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = xgnttab_prepare(g);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (rc)
		fprintf(stderr, "xenstored: gntdev: reserving a slot: %s\n", strerror(-rc));
	else
		fprintf(stderr, "xenstored: gntdev: first slot reserved in %.1f ms\n",
			(b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
}

/* The devices of the rings; NULL when there is no event channel device. */
static struct xsd_rings *open_rings(void)
{
	struct xevtchn *e = no_domains ? NULL : xevtchn_open();
	struct xcall *c;
	struct xgnttab *g;
	struct xsd_rings *r;
	int rc;

	if (!e)
		return NULL;
	c = xcall_open();
	if (!c)
		fprintf(stderr, "xenstored: /dev/xen/privcmd: %s\n", strerror(errno));
	g = xgnttab_open();
	if (!g)
		fprintf(stderr, "xenstored: /dev/xen/gntdev: %s\n", strerror(errno));
	else
		prepare_gnttab(g);
	r = xsd_rings_new(e, c, g);
	rc = xsd_rings_bind_dom_exc(r);
	if (rc)
		fprintf(stderr, "xenstored: VIRQ_DOM_EXC: %s\n", strerror(-rc));
	return r;
}

static void close_rings(void)
{
	struct xevtchn *e = xsd_rings_evtchn(rings);
	struct xcall *c = xsd_rings_call(rings);
	struct xgnttab *g = xsd_rings_gnttab(rings);

	xsd_rings_free(rings);
	xgnttab_close(g);
	xcall_close(c);
	xevtchn_close(e);
}

int main(int argc, char **argv)
{
	const char *path = getenv("XENSTORED_PATH"), *pidfile = NULL;
	struct xs_quota quota;
	struct xs_store *s;
	int lfd, rc;

	if (!path)
		path = DEFAULT_SOCKET;
	s = xs_store_new(NULL, NULL);
	quota = *xs_store_quota(s);
	xs_store_free(s);
	rc = parse_options(argc, argv, &quota, &path, &pidfile);
	if (rc)
		return rc == 1 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	lfd = listen_on(path);
	if (lfd < 0)
		return 1;
	rings = open_rings();
	s = rings ? xsd_rings_store(rings) : xs_store_new(&io_ops, NULL);
	*xs_store_quota(s) = quota;
	if (rings)
		attach_local();
	if (pidfile)
		write_pid(pidfile);
	rc = serve(s, lfd);
	while (nclients)
		close_client(clients[nclients - 1]);
	if (epfd >= 0)
		close(epfd);
	if (rings)
		close_rings();
	else
		xs_store_free(s);
	free(clients);
	close(lfd);
	unlink(path);
	return rc;
}
