/*
 * libxguest: live migration's rounds (xlive.h) over save.c's steps. The
 * dirty bitmap comes from XEN_DOMCTL_shadow_op CLEAN (pages written since
 * the previous CLEAN, the bits cleared as they are read); a page written
 * during a round is in the next round's bitmap, so each page's last copy
 * on the wire is the one taken after its last write. When the rounds
 * stop, the stream is drained (drain(): the caller waits until the
 * receiver has read a SYNC record, so the socket buffers are empty), the
 * domain is asked to suspend and, while it freezes itself, each
 * CLEAN's pages are sent at once (the freeze rounds: its suspend path
 * dirties pages too, and it still runs). Pages not yet sent when it has
 * stopped (the bitmap of the last CLEAN) go out in the last round with
 * those of one more CLEAN made after the suspend, and so do page tables
 * that could not be sent while the domain ran (xguest_save_defer: a frame
 * not in the p2m, e.g. Linux's shared_info mapping, which it drops
 * before suspending). With l->delta (the receiver agreed on PAGE_DELTA)
 * the pages of rounds >= 2 are kept and a page sent again goes as its
 * difference from the copy sent before (xguest_save_delta).
 *
 * Invariants: log-dirty is off again when xguest_save_live returns, on
 * every path; the domain is only read; every buffer is freed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xlive.h"
#include "../ctrl/xctrl.h"

#define DEFAULT_ROUNDS 10
#define DEFAULT_THRESHOLD 50
#define FREEZE_IDLE_US 200 /* between two polls of a freezing guest that dirtied nothing */

struct live {
	struct xcall *c;
	uint16_t domid;
	struct xguest_saver *v;
	struct xguest_live *l;
	char *err;
	size_t errlen;
	uint64_t size, *list;
	size_t bm_bytes;
	uint8_t *bm, *pending, *deferred;
	uint64_t t_clean;	       /* ns of the previous CLEAN (or ENABLE) */
	struct xguest_live_round last; /* told once the END is written */
};

uint64_t xguest_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int failed(struct live *s, int rc, const char *what)
{
	snprintf(s->err, s->errlen, "%s: %s", what, strerror(-rc));
	return rc;
}

/* The pfns whose bit is set in bm or in or_bm (may be NULL), ascending:
 * a word of the bitmaps at a time (pfn's bit is bit pfn % 8 of byte pfn / 8,
 * so bit pfn % 64 of the little-endian word pfn / 64), a set bit at a time
 * (the last round's ~200 pages in a bitmap of 65536 at 256 MiB). */
static size_t dirty_list(struct live *s, const uint8_t *bm, const uint8_t *or_bm)
{
	size_t n = 0;

	for (size_t i = 0; i < s->bm_bytes; i += 8) {
		uint64_t w, o = 0;

		memcpy(&w, bm + i, 8);
		if (or_bm)
			memcpy(&o, or_bm + i, 8);
		for (w |= o; w; w &= w - 1) {
			uint64_t pfn = i * 8 + (uint64_t)__builtin_ctzll(w);

			if (pfn < s->size)
				s->list[n++] = pfn;
		}
	}
	return n;
}

/* CLEAN into bm; the dirty rate since the previous one into *rate. */
static int clean(struct live *s, uint8_t *bm, uint64_t *count, uint64_t *rate)
{
	uint64_t now;
	int rc = xctrl_shadow_op(s->c, s->domid, XEN_DOMCTL_SHADOW_OP_CLEAN, 0, bm, s->size, NULL);

	if (rc)
		return failed(s, rc, "log-dirty CLEAN");
	now = xguest_now_ns();
	*count = 0;
	for (size_t i = 0; i < s->bm_bytes; i += 8) {
		uint64_t w;

		memcpy(&w, bm + i, 8);
		*count += (uint64_t)__builtin_popcountll(w);
	}
	*rate = now > s->t_clean ? *count * 1000000000ull / (now - s->t_clean) : 0;
	s->t_clean = now;
	return 0;
}

static int send(struct live *s, size_t n, uint64_t rate, bool last)
{
	struct xguest_live_round r;
	int rc = 0;

	if (s->l->delta && s->l->rounds) /* round >= 2: the hot set kept, a round begins */
		rc = xguest_save_delta(s->v);
	if (rc || (rc = xguest_save_pfns(s->v, s->list, n)))
		return rc;
	s->l->rounds++;
	s->l->pages += n;
	r = (struct xguest_live_round){s->l->rounds, n, s->l->pages, rate, last};
	if (last)
		s->last = r;
	else if (s->l->round)
		s->l->round(s->l->arg, &r);
	return 0;
}

static int ask(struct live *s)
{
	int rc = s->l->ask_suspend(s->l->arg, s->err, s->errlen);

	if (!rc)
		s->l->asked_ns = xguest_now_ns();
	return rc;
}

/* 1 once the domain has suspended (the instant noted), 0 not yet, or
 * -errno (-ETIMEDOUT XGUEST_SUSPEND_WAIT_S after the request). */
static int poll_suspended(struct live *s)
{
	int rc = s->l->is_suspended(s->l->arg, s->err, s->errlen);

	if (rc == 1) {
		s->l->suspended = true;
		s->l->suspended_ns = xguest_now_ns();
	} else if (!rc &&
		   xguest_now_ns() - s->l->asked_ns > XGUEST_SUSPEND_WAIT_S * 1000000000ull) {
		snprintf(s->err, s->errlen,
			 "domain %u did not suspend within %d s (control/shutdown = suspend)",
			 s->domid, XGUEST_SUSPEND_WAIT_S);
		rc = -ETIMEDOUT;
	}
	return rc;
}

static size_t all_pfns(struct live *s)
{
	for (uint64_t pfn = 0; pfn < s->size; pfn++)
		s->list[pfn] = pfn;
	return s->size;
}

/* From the request to the guest's stop: what it dirties while it freezes
 * itself (tasks, devices) goes out while it still runs, so the last round
 * holds only its last instants' pages. On entry pending holds the unsent
 * bits of the previous CLEAN (count of them); on return too. */
static int freeze(struct live *s, uint64_t count)
{
	uint64_t rate = 0;
	int rc = ask(s);

	while (!rc && !(rc = poll_suspended(s))) {
		if (count)
			rc = send(s, dirty_list(s, s->pending, NULL), rate, false);
		else
			usleep(FREEZE_IDLE_US);
		if (!rc)
			rc = clean(s, s->pending, &count, &rate);
	}
	return rc < 0 ? rc : 0;
}

/* The domain is stopped: its state for the stream's tail read first (no
 * write is pending yet, the wire is quiet), then the last round's pages;
 * the tail is written after them by xguest_save_close. */
static int send_last(struct live *s, size_t n, uint64_t rate)
{
	int rc;

	xguest_save_times_reset(s->v);
	if (!(rc = xguest_save_tail(s->v)))
		rc = send(s, n, rate, true);
	s->l->last = xguest_save_times_get(s->v);
	s->l->last_pages = n;
	s->l->last_sent_ns = xguest_now_ns();
	return rc;
}

/* Before the suspend request: the pages of the last CLEAN sent, a SYNC and
 * the caller's wait until the receiver has read it. The rounds run ahead
 * of the wire (a write returns once the kernel has queued it), so without
 * this the last round would queue behind megabytes still in the two
 * kernels' socket buffers, all of it downtime. Then a CLEAN for what the
 * guest wrote meanwhile (pending, *count), which freeze() sends at once.
 * (A drain after every round, tried, keeps the wire empty too but makes
 * each round wait for the wire: on a loaded host the rounds stopped
 * converging and the move took 5 times as long.) */
static int drain(struct live *s, uint64_t *count, uint64_t *rate)
{
	uint64_t t0 = xguest_now_ns();
	int rc = 0;

	if (!s->l->drain)
		return 0;
	if (*count)
		rc = send(s, dirty_list(s, s->pending, NULL), *rate, false);
	if (!rc)
		rc = xguest_save_sync(s->v);
	if (!rc)
		rc = s->l->drain(s->l->arg, s->err, s->errlen);
	if (!rc)
		rc = clean(s, s->pending, count, rate);
	s->l->drain_ns = xguest_now_ns() - t0;
	return rc;
}

/* Rounds while the domain runs, the drain, those while it freezes, then the last one. */
static int rounds(struct live *s)
{
	uint32_t max = s->l->max_rounds ? s->l->max_rounds : DEFAULT_ROUNDS;
	uint64_t threshold = s->l->threshold ? s->l->threshold : DEFAULT_THRESHOLD;
	uint64_t count = 0, rate = 0;
	int rc = send(s, all_pfns(s), 0, false);

	for (uint32_t r = 2; !rc; r++) {
		if ((rc = clean(s, s->pending, &count, &rate)))
			return rc;
		if (count <= threshold || r > max)
			break;
		rc = send(s, dirty_list(s, s->pending, NULL), rate, false);
	}
	if (rc || (rc = drain(s, &count, &rate)) || (rc = freeze(s, count)) ||
	    (rc = clean(s, s->bm, &count, &rate)))
		return rc;
	xguest_save_defer(s->v, NULL);
	for (size_t i = 0; i < s->bm_bytes; i++) /* tables deferred while it ran */
		s->pending[i] |= s->deferred[i];
	count = dirty_list(s, s->bm, s->pending);
	s->l->last_clean_ns = xguest_now_ns() - s->l->suspended_ns;
	return send_last(s, count, rate);
}

/* Without log-dirty: suspended first, every page in one round. */
static int not_live(struct live *s)
{
	int rc = ask(s);

	while (!rc && !(rc = poll_suspended(s)))
		usleep(FREEZE_IDLE_US);
	if (rc < 0)
		return rc;
	xguest_save_defer(s->v, NULL);
	return send_last(s, all_pfns(s), 0);
}

static int buffers(struct live *s)
{
	s->size = xguest_save_p2m_size(s->v);
	s->bm_bytes = (size_t)((s->size + 63) / 64 * 8);
	s->list = malloc(s->size * sizeof(uint64_t));
	s->bm = xctrl_locked(s->bm_bytes);
	s->pending = xctrl_locked(s->bm_bytes);
	s->deferred = calloc(1, s->bm_bytes);
	if (!s->list || !s->bm || !s->pending || !s->deferred)
		return failed(s, -ENOMEM, "dirty bitmap");
	xguest_save_defer(s->v, s->deferred);
	return 0;
}

int xguest_save_live(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		     struct xguest_live *l, char *err, size_t errlen)
{
	struct live s = {.c = c, .domid = domid, .l = l, .err = err, .errlen = errlen};
	int rc = xguest_save_open(c, domid, fd, config, len, &s.v, err, errlen);

	l->live = l->suspended = false;
	l->asked_ns = l->suspended_ns = l->last_sent_ns = l->end_ns = l->drain_ns = 0;
	l->last_clean_ns = 0;
	l->last = l->end = (struct xguest_save_times){0};
	l->rounds = 0;
	l->pages = l->last_pages = 0;
	if (!rc && !(rc = buffers(&s)) && l->store_mfn && l->console_mfn)
		rc = xguest_save_rings(s.v, l->store_mfn, l->console_mfn);
	if (!rc) {
		xctrl_shadow_op(c, domid, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL);
		l->live = xctrl_shadow_op(c, domid, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL,
					  0, NULL) == 0;
		s.t_clean = xguest_now_ns();
		rc = l->live ? rounds(&s) : not_live(&s);
		if (!rc)
			xguest_save_times_reset(s.v);
		if (!rc && !(rc = xguest_save_close(s.v))) {
			l->end_ns = xguest_now_ns();
			l->end = xguest_save_times_get(s.v);
			if (l->round) /* the last round's, after the END */
				l->round(l->arg, &s.last);
		}
		if (l->live)
			xctrl_shadow_op(c, domid, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL);
	}
	l->bytes = s.v ? xguest_save_bytes(s.v) : 0;
	free(s.list);
	free(s.deferred);
	if (s.bm)
		xctrl_locked_free(s.bm, s.bm_bytes);
	if (s.pending)
		xctrl_locked_free(s.pending, s.bm_bytes);
	xguest_save_free(s.v);
	return rc;
}
