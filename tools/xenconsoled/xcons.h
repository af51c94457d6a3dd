/*
 * xenconsoled: every domain's PV console ring (include/public/io/console.h)
 * to a pty and a log file.
 *
 * cons_ring.c is the pure ring protocol: the guest produces out[] (its
 * output) and consumes in[] (its input); we consume out[] and produce in[].
 * Indices are free running; a producer more than the ring's size ahead of
 * its consumer is corruption (-1) and the console stops.
 *
 * console.c is one console: the page (grant ref 0 through gntdev, else the
 * ring-ref frame through privcmd), an interdomain event channel, a pty
 * (master kept non-blocking, slave kept open so the master never reads
 * EIO while no one is attached) and a log file. Output goes to the log in
 * full and to the pty through a bounded buffer that keeps the newest
 * bytes, so a domain printing with no reader attached never stalls the
 * daemon nor itself. The device libraries of tools/libs make it testable
 * on their fakes.
 */
#ifndef XENCONSOLED_XCONS_H
#define XENCONSOLED_XCONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/io/console.h"

struct xevtchn;
struct xcall;
struct xgnttab;

/* cons_ring.c: bytes moved, or -1 for corrupt indices. */
int xcons_ring_take_out(struct xencons_interface *intf, char *buf, size_t max);
int xcons_ring_put_in(struct xencons_interface *intf, const char *buf, size_t len);
/* Free bytes of in[] (0 if corrupt). */
size_t xcons_ring_in_space(const struct xencons_interface *intf);

struct xcons_ctx {
	struct xevtchn *evtchn;
	struct xcall *call;	/* may be NULL */
	struct xgnttab *gnttab; /* may be NULL */
	const char *log_dir;	/* NULL: no log files */
};

#define XCONS_PTY_BUF 16384

struct xcons;

/* A domain's console; NULL with *err = -errno. */
struct xcons *xcons_open(const struct xcons_ctx *ctx, uint16_t domid, const char *name,
			 uint64_t ring_ref, uint32_t remote_port, int *err);
void xcons_close(struct xcons *x);
uint16_t xcons_domid(const struct xcons *x);
uint32_t xcons_port(const struct xcons *x);
const char *xcons_tty(const struct xcons *x);
int xcons_master_fd(const struct xcons *x);
/* poll() events wanted on the master fd now. */
short xcons_poll_events(const struct xcons *x);
/* Ring output to log and pty, pty input to the ring, notify if moved. */
void xcons_service(struct xcons *x);

#endif /* XENCONSOLED_XCONS_H */
