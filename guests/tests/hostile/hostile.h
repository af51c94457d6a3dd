/*
 * The hostile frontend (guests/tests/hostile): a domU started by a
 * toolstack (xl create, tools/dom0/tests/split.sh) that speaks xenstore over
 * its store ring, prints on its PV console ring and attacks its block
 * backend (blk.c) and its network backend (net.c). Single vCPU, no
 * locking; every wait is bounded.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <guest.h>
#include <guest_events.h>
#include <guest_grant.h>
#include <guest_mm.h>
#include "blkif.h"

#define SECOND 1000000000UL

/* xs.c: the PV console ring and a xenstore client (relative paths are
 * under /local/domain/<our domid>). */
bool cons_init(void);
/* SCHEDOP_poll on port for up to 10 ms, then its pending bit cleared. */
void wait_a_little(evtchn_port_t port);
void cons_flush(void);
bool xs_init(void);
/* Read path into buf (NUL-terminated): its length, or -1 (XS_ERROR). */
int xs_read(const char *path, char *buf, size_t len);
int xs_write(const char *path, const char *value);
/* XS_DIRECTORY: the children, NUL-separated, in buf; their count or -1. */
int xs_directory(const char *path, char *buf, size_t len);
/* Wait until path reads as one of `want` (a string of state digits) or the
 * timeout passes: the last value read (as an int, -1 if none). */
int xs_wait_state(const char *path, const char *want, uint64_t timeout_ns);
/* "dir/leaf" in a static buffer (valid until the next call). */
const char *xs_at(const char *dir, const char *leaf);

/* The highest frame below all of ours that is not ours (blk.c). */
uint64_t frame_not_ours(void);

/* blk.c: connect to the block backend and send it garbage; false if it
 * never connected. */
bool blk_attack(void);
/* Then 32 requests sent and the domain shut down before their answers. */
void blk_vanish(void) __attribute__((noreturn));
/* The blkif layouts and a refused grant, checked by a dom0 without backends. */
void blk_selfcheck(void);

/* net.c: connect to the vifs and send netback garbage, wait for dom0 to
 * check its side, then leave TX requests in flight. */
void net_attack(void);
/* The hypervisor's answers to grant copies into the grants it hands netback. */
void net_selfcheck(void);

#endif
