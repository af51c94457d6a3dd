/* xsbench.c - xenstore throughput from one client: the same requests, in the
 * same order, against whichever xenstored serves PATH. Installed in the dom0
 * image as /usr/lib/xeno/xsbench; tools/dom0/tests/xsbench.sh runs it.
 *
 *   xsbench [-n N] [-t TAG] [-d DIR] [PATH]
 *
 * PATH is the daemon's Unix socket (default /run/xenstored/socket) or the
 * kernel's xenbus device (/dev/xen/xenbus, as a domU's tools use it): both
 * carry the wire protocol (include/public/io/xs_wire.h) unchanged. Under DIR
 * (default /bench/xs) it times N each of
 *     write  XS_WRITE of one of 64 nodes, a 16-byte value
 *     read   XS_READ of one of those nodes
 *     txn    XS_TRANSACTION_START, two XS_WRITEs in it, XS_TRANSACTION_END
 * one request in flight at a time (as libxenstore's callers), and prints
 * `BENCH xs_<op>_<TAG> <ns per operation> ns` on the monotonic clock (virtual
 * time under QEMU's icount), then removes DIR. Exit 0 on success, 1 with a
 * message on stderr on any error reply or short read. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "public/io/xs_wire.h"

#define NODES 64

static int xs_fd = -1;
static uint32_t next_req_id;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("xsbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void xfer(ssize_t (*op)(int, void *, size_t), void *buf, size_t len, const char *what)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = op(xs_fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: %s", what, n ? strerror(errno) : "end of file");
		done += n;
	}
}

static ssize_t write_op(int fd, void *buf, size_t len)
{
	return write(fd, buf, len);
}

/* One request; its reply's payload (NUL-terminated) into out. */
static void xs_request(uint32_t type, uint32_t tx_id, const char *body, size_t body_len, char *out,
		       size_t out_size)
{
	struct xsd_sockmsg hdr = {
		.type = type, .req_id = next_req_id++, .tx_id = tx_id, .len = body_len};
	char msg[sizeof(hdr) + XENSTORE_PAYLOAD_MAX], reply[XENSTORE_PAYLOAD_MAX + 1];

	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), body, body_len);
	xfer(write_op, msg, sizeof(hdr) + body_len, "write");
	do { /* a watch event is never expected: no watch is set */
		xfer(read, &hdr, sizeof(hdr), "read header");
		if (hdr.len > XENSTORE_PAYLOAD_MAX)
			die("reply of %u bytes", hdr.len);
		xfer(read, reply, hdr.len, "read payload");
	} while (hdr.type == XS_WATCH_EVENT);
	reply[hdr.len] = '\0';
	if (hdr.type == XS_ERROR)
		die("request type %u: %s", type, reply);
	if (hdr.type != type)
		die("request type %u answered with type %u", type, hdr.type);
	if (out)
		snprintf(out, out_size, "%s", reply);
}

static void xs_write(uint32_t tx_id, const char *path, const char *value)
{
	char body[XENSTORE_PAYLOAD_MAX];
	size_t plen = strlen(path) + 1, vlen = strlen(value);

	memcpy(body, path, plen);
	memcpy(body + plen, value, vlen);
	xs_request(XS_WRITE, tx_id, body, plen + vlen, NULL, 0);
}

static void xs_path_op(uint32_t type, uint32_t tx_id, const char *path, char *out, size_t size)
{
	xs_request(type, tx_id, path, strlen(path) + 1, out, size);
}

static char node[NODES][128];

static void op_write(unsigned long i)
{
	char value[17];

	snprintf(value, sizeof(value), "value-%010lu", i);
	xs_write(0, node[i % NODES], value);
}

static void op_read(unsigned long i)
{
	char value[XENSTORE_PAYLOAD_MAX + 1];

	xs_path_op(XS_READ, 0, node[i % NODES], value, sizeof(value));
	if (strncmp(value, "value-", 6))
		die("read %s: \"%s\"", node[i % NODES], value);
}

static void op_txn(unsigned long i)
{
	char id[32];

	xs_request(XS_TRANSACTION_START, 0, "", 1, id, sizeof(id));
	uint32_t tx_id = strtoul(id, NULL, 10);

	xs_write(tx_id, node[i % NODES], "in-transaction-a");
	xs_write(tx_id, node[(i + 1) % NODES], "in-transaction-b");
	xs_request(XS_TRANSACTION_END, tx_id, "T", 2, NULL, 0);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void run(const char *name, void (*op)(unsigned long), unsigned long n, const char *tag)
{
	uint64_t t0 = now_ns();

	for (unsigned long i = 0; i < n; i++)
		op(i);
	printf("BENCH xs_%s_%s %llu ns\n", name, tag, (unsigned long long)((now_ns() - t0) / n));
	fflush(stdout);
}

static void open_store(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (strncmp(path, "/dev/", 5) == 0) {
		xs_fd = open(path, O_RDWR);
		if (xs_fd < 0)
			die("%s: %s", path, strerror(errno));
		return;
	}
	if (strlen(path) >= sizeof(sa.sun_path))
		die("%s: path too long", path);
	strcpy(sa.sun_path, path);
	xs_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (xs_fd < 0 || connect(xs_fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	const char *tag = "store", *dir = "/bench/xs";
	unsigned long n = 1000;
	int c;

	while ((c = getopt(argc, argv, "n:t:d:")) != -1) {
		if (c == 'n')
			n = strtoul(optarg, NULL, 10);
		else if (c == 't')
			tag = optarg;
		else if (c == 'd')
			dir = optarg;
		else
			die("usage: xsbench [-n N] [-t TAG] [-d DIR] [PATH]");
	}
	if (!n || strlen(dir) > 100)
		die("bad -n or -d");
	open_store(optind < argc ? argv[optind] : "/run/xenstored/socket");
	for (int i = 0; i < NODES; i++)
		snprintf(node[i], sizeof(node[i]), "%s/node%02d", dir, i);
	for (int i = 0; i < NODES; i++)
		op_write(i);
	run("write", op_write, n, tag);
	run("read", op_read, n, tag);
	run("txn", op_txn, n, tag);
	xs_path_op(XS_RM, 0, dir, NULL, 0);
	return 0;
}
