/*
 * libxguest: live migration's sending side (live.c) over the save file's
 * stream (xstream.h, written by save.c's split entry points below). The
 * receiver reads a live stream as a save file (restore.c), a page sent
 * again overwriting its earlier copy, or, if it agreed on them
 * (progress->delta), changing it by a PAGE_DELTA entry.
 *
 *   round 1       (a RINGS record if the caller knows the rings' frames)
 *                 log-dirty on (XEN_DOMCTL_shadow_op ENABLE_LOGDIRTY),
 *                 every page sent while the domain runs
 *   rounds 2..n   CLEAN gives the pages written meanwhile; they are sent
 *                 until few are left (threshold) or max_rounds is reached
 *                 (with delta: kept, and a page sent again from then on
 *                 goes as a PAGE_DELTA entry when its code is short)
 *   drain         (with a drain callback) the last CLEAN's pages, a SYNC
 *                 record, and the caller's wait until the receiver has
 *                 read it: the socket buffers are empty again
 *   freeze        the caller's ask_suspend(); while the guest freezes
 *                 itself (it still runs), each CLEAN's pages are sent at
 *                 once, until is_suspended() says it stopped
 *   last round    one more CLEAN; the TSC, shared_info and each vCPU
 *                 read into memory; the dirty pages; then that tail with
 *                 libxc's END and libxl's END (as a save file ends) in one
 *                 write; log-dirty off; the round callback
 *
 * Without log-dirty (Debian's Xen 4.17 refuses it for PV guests) the
 * domain is suspended first and sent in one round (live = false).
 */
#ifndef TOOLS_LIBS_XLIVE_H
#define TOOLS_LIBS_XLIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../call/xcall.h"

/* save.c's steps (the domain is only read; xguest_save_free on every path). */
struct xguest_saver;
/* Our header with config, the p2m, the image header, X86_PV_INFO and
 * X86_PV_P2M_FRAMES. *out is set even on failure (free it). */
int xguest_save_open(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		     struct xguest_saver **out, char *err, size_t errlen);
uint64_t xguest_save_p2m_size(const struct xguest_saver *v);
uint64_t xguest_save_bytes(const struct xguest_saver *v);
/* PAGE_DATA for n ascending pfns, each < p2m size. */
int xguest_save_pfns(struct xguest_saver *v, const uint64_t *pfns, size_t n);
/* While the domain runs, a page table may name a frame not in the p2m (an
 * update in flight, or Linux's mapping of shared_info, dropped before it
 * suspends): with a bitmap (p2m size bits), such a table is marked in it
 * and not sent (as libxc defers it); NULL makes it an error again. */
void xguest_save_defer(struct xguest_saver *v, uint8_t *bitmap);
/* A RINGS record (xstream.h): the pfns of the domain's xenstore and
 * console frames (mfns), if both are the domain's (else nothing). */
int xguest_save_rings(struct xguest_saver *v, uint64_t store_mfn, uint64_t console_mfn);
/* An empty SYNC record (xstream.h): a point the receiver answers once it
 * has read everything before it. */
int xguest_save_sync(struct xguest_saver *v);
/* From now on (a live migration's rounds >= 2, to a receiver that agreed
 * on PAGE_DELTA: relocation protocol 3) each plain page sent is kept, up
 * to XGUEST_HOT_PAGES of them (hot.c), and a kept page sent again goes as
 * a PAGE_DELTA entry against its copy when its code is at most
 * XS_DELTA_MAX bytes (xdelta.h); page tables and the guest's p2m leaves
 * (which the receiver rewrites) always go whole. Called again, a new
 * round begins (pages of two rounds ago may give their place). 0 or
 * -ENOMEM. */
#define XGUEST_HOT_PAGES 1024u /* 4 MiB */
int xguest_save_delta(struct xguest_saver *v);
/* Once the domain is suspended: X86_TSC_INFO, SHARED_INFO, the vCPUs,
 * libxc's END, libxl's END (the tail of a save file) read and gathered in
 * memory, not written (a live migration reads them before its last
 * round's pages, while the wire is quiet). */
int xguest_save_tail(struct xguest_saver *v);
/* The tail written in one write (gathered first if xguest_save_tail was not called). */
int xguest_save_close(struct xguest_saver *v);
void xguest_save_free(struct xguest_saver *v);

/* Where a saver's time went (ns) since the last xguest_save_times_reset:
 * getpageframeinfo3, mapping and copying the frames, page tables made
 * canonical, write()s; reading the domain's state for the stream's tail
 * (shared_info, TSC, vCPUs: xguest_save_close) and gathering its records;
 * and how many records, mappings and write()s, and of the pages how many
 * went as PAGE_DELTA entries (xguest_save_delta) in how many bytes. */
struct xguest_save_times {
	uint64_t info_ns, map_ns, canon_ns, write_ns, state_ns;
	uint32_t records, maps, writes;
	uint32_t deltas; /* pages sent as PAGE_DELTA entries */
	/* with xguest_save_delta, pages sent whole: plain ones without a copy
	 * (not kept before), those whose code was too long, page tables */
	uint32_t no_copy, too_long, tables;
	uint64_t delta_bytes; /* their records' bodies */
};
void xguest_save_times_reset(struct xguest_saver *v);
struct xguest_save_times xguest_save_times_get(const struct xguest_saver *v);

/* One round done. */
struct xguest_live_round {
	uint32_t round;
	uint64_t sent;	     /* pages of this round */
	uint64_t total_sent; /* pages so far */
	uint64_t dirty_rate; /* pages/s dirtied during the round (0: round 1) */
	bool last;	     /* the domain is suspended */
};

struct xguest_live {
	/* in: ask the domain to suspend (SHUTDOWN_suspend): 0 or -errno with err */
	int (*ask_suspend)(void *arg, char *err, size_t errlen);
	/* in: whether it has suspended: 1, 0 (not yet) or -errno with err */
	int (*is_suspended)(void *arg, char *err, size_t errlen);
	/* may be NULL; the last round's call comes once the END is written
	 * (the guest is stopped meanwhile: no progress output in its downtime) */
	void (*round)(void *arg, const struct xguest_live_round *r);
	/* in, may be NULL: after the live rounds a SYNC record is written and
	 * this waits until the receiver has read it (0) or fails (-errno with
	 * err); the suspend is asked only then */
	int (*drain)(void *arg, char *err, size_t errlen);
	void *arg;
	uint32_t max_rounds; /* before the last one (0: 10) */
	uint64_t threshold;  /* dirty pages left that end the rounds (0: 50) */
	/* in, 0 if unknown: the domain's xenstore and console frames, told
	 * to the receiver (a RINGS record) before the first page */
	uint64_t store_mfn, console_mfn;
	/* in: the receiver takes PAGE_DELTA records (xguest_save_delta from
	 * round 2 on); never for a save file or a libxc reader */
	bool delta;
	/* out */
	bool live;	       /* log-dirty was on */
	bool suspended;	       /* suspend() succeeded: the caller resumes on failure */
	uint32_t rounds;       /* including the last */
	uint64_t pages, bytes; /* sent */
	uint64_t last_pages;   /* of them in the last round */
	/* CLOCK_MONOTONIC ns (0: not reached): the downtime runs from suspended_ns */
	uint64_t asked_ns;     /* ask_suspend() returned: the guest starts to freeze */
	uint64_t suspended_ns; /* is_suspended() said 1: its last instant here (one poll late at
				  most) */
	uint64_t last_sent_ns; /* the last round's pages are written to fd */
	uint64_t end_ns;       /* the stream's END is written: the rest is the target's */
	uint64_t drain_ns;     /* spent in the drain (before the request: not downtime) */
	/* the last round from suspended_ns to last_sent_ns: its CLEAN and pfn
	 * list (last_clean_ns), then the saver's steps (last: the tail's state
	 * read and gathered, then the pages) */
	uint64_t last_clean_ns;
	struct xguest_save_times last;
	/* last_sent_ns to end_ns: the tail written (its state was read in the
	 * last round, before the pages: last.state_ns) */
	struct xguest_save_times end;
};

/* How long the guest may take to suspend. */
#define XGUEST_SUSPEND_WAIT_S 60

/* The whole stream of domid to fd. 0 or -errno with err. */
int xguest_save_live(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		     struct xguest_live *l, char *err, size_t errlen);

/* ns of CLOCK_MONOTONIC. */
uint64_t xguest_now_ns(void);

#endif /* TOOLS_LIBS_XLIVE_H */
