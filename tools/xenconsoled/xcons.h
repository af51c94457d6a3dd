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
 * daemon nor itself.
 *
 * Rate limit (ratelimit.c): each console may move rate bytes per second
 * from its ring (a token bucket holding at most one second's worth, so a
 * boot's burst of messages passes at once). A console that has used its
 * bucket is throttled: its ring is left alone, and its event channel port
 * left masked, until XCONS_RESUME(rate) bytes have been earned again; the guest
 * waits on its full ring (Linux's hvc driver polls), nothing is dropped.
 * So a flooding guest costs xenconsoled at most rate bytes of work a
 * second (each service that moved bytes also costs XCONS_EVENT_COST, so
 * a guest notifying for every few bytes is bounded in wake-ups as well)
 * and never delays the other consoles. Log files: once one would
 * pass log_max bytes it is renamed guest-<name>.log.1 (replacing the
 * previous one) and started again, so a console keeps at most twice
 * log_max bytes on disk. The device libraries of tools/libs make it testable
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

/* ratelimit.c: a token bucket of bytes (rate 0: no limit, avail is UINT64_MAX). */
struct xcons_bucket {
	uint64_t tokens, last_ns;
};
void xcons_bucket_init(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns);
/* Refill for the time since the last call; the bytes that may move now. */
uint64_t xcons_bucket_avail(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns);
void xcons_bucket_spend(struct xcons_bucket *b, uint64_t n);
/* Nanoseconds until want bytes (at most rate) may move; 0 if they may now. */
uint64_t xcons_bucket_wait_ns(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns,
			      uint64_t want);

#define XCONS_RATE_DEFAULT (64u << 10)	 /* bytes per second and per console */
#define XCONS_LOG_MAX_DEFAULT (1u << 20) /* bytes per log file */
/* A throttled console resumes once it has earned an eighth of its rate
 * (125 ms): few wake-ups (each costs a round of system calls, dear in a
 * PV dom0), and output still flows in small steps. */
/* What each service that moved bytes costs on top of them: a guest that
 * notifies for every few bytes (Linux's hvc driver polling a nearly full
 * ring) is held to the rate in wake-ups too, as Xen's xenconsoled counts
 * events. 128: a boot log's ~80-byte lines still pass hundreds a second. */
#define XCONS_EVENT_COST 128u
#define XCONS_RESUME(rate) ((rate) / 8 ? (rate) / 8 : 1)

struct xcons_ctx {
	struct xevtchn *evtchn;
	struct xcall *call;	    /* may be NULL */
	struct xgnttab *gnttab;	    /* may be NULL */
	const char *log_dir;	    /* NULL: no log files */
	uint32_t rate;		    /* bytes per second from each ring; 0: no limit */
	uint64_t log_max;	    /* bytes per log file; 0: no limit */
	uint64_t (*clock_ns)(void); /* NULL: CLOCK_MONOTONIC (tests pass their own) */
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
/* Ring output to log and pty (within the rate limit), pty input to the
 * ring, notify if moved; a console that may resume gets its port unmasked. */
void xcons_service(struct xcons *x);
/* Throttled: its port should stay masked when it fires (xcons_hold). */
bool xcons_throttled(const struct xcons *x);
/* Its port fired and was left masked: xcons_service unmasks it on resuming. */
void xcons_hold(struct xcons *x);
/* Milliseconds until a throttled console may resume, -1 if it is not throttled. */
int xcons_timeout_ms(struct xcons *x);

#endif /* XENCONSOLED_XCONS_H */
