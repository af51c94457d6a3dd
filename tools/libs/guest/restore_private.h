/*
 * libxguest internals shared by restore.c (the records) and
 * restore_finish.c (the domain finished at the END).
 */
#ifndef TOOLS_LIBS_GUEST_RESTORE_PRIVATE_H
#define TOOLS_LIBS_GUEST_RESTORE_PRIVATE_H

#include "public/xen.h"
#include "xguest.h"
#include "xstream.h"

#define PENDING (XS_INVALID_MFN - 1)

struct restorer {
	struct xcall *c;
	struct xguest_build *b;
	int fd;
	char *err;
	size_t errlen;
	uint8_t *rec;		 /* the current record's body */
	uint64_t p2m_size, *p2m; /* XS_INVALID_MFN: not populated */
	uint8_t *types;		 /* per pfn: XS_* of its PAGE_DATA entry */
	uint64_t *frames;	 /* xctrl_locked(XS_BATCH * 8): populate's */
	uint8_t *held;		 /* XS_BATCH pages not yet written, for held_mfns */
	uint64_t held_pfns[XS_BATCH];
	uint32_t nr_held;
	uint64_t nr_leaves, *leaves;
	uint8_t shinfo[XS_PAGE];
	struct vcpu_guest_context *ctx[XEN_LEGACY_MAX_VCPUS];
	void *xsave[XEN_LEGACY_MAX_VCPUS]; /* xctrl_locked(xsave_size[v]) */
	uint32_t xsave_size[XEN_LEGACY_MAX_VCPUS];
	struct xstate st; /* policy, TSC, extended contexts, MSRs */
	uint64_t done;
	const struct xguest_progress *progress;
	bool delta;			/* PAGE_DELTA records are taken (progress->delta) */
	struct xguest_restore_times *t; /* the caller's, or own_times */
	struct xguest_restore_times own_times;
	uint64_t rings[2]; /* a RINGS record's store and console pfns, or XS_INVALID_MFN */
	/* The guest's p2m leaves were given the new mfns (restore_fix_guest_p2m at
	 * the SYNC): a leaf page arriving since is localised as it arrives, and a
	 * leaf with a pfn populated since is marked stale (fixed at the END). */
	bool p2m_fixed;
	uint8_t *stale; /* nr_leaves bytes */
	/* Per pfn, a bit: its last PAGE_DATA entry was a plain page with data,
	 * which the domain holds as sent (a PAGE_DELTA may name it). */
	uint8_t *got;
	/* Tables pinned after a live stream's SYNC (restore_prepin.c): per
	 * pfn, its frame's pin (enum xs_pinned; NULL: none, or all undone); a
	 * page sent again since may wait in pend for the END (its slot in
	 * pend_slot, 0: none; pend_kind: diffed, or written whole). */
	uint8_t *pinned;
	/* The pfns whose pin may change at the END (restore_prepin.c): pinned
	 * at the SYNC and sent as another type since, or of a pinned type and
	 * not pinned at the SYNC (its pin failed, or its type is new since),
	 * each once or more: the END's pins and unpins walk these, not the p2m. */
	uint64_t *since;
	uint32_t nr_since, max_since;
	uint32_t *pend_slot;
	uint64_t *pend_pfn;
	uint8_t *pend, *pend_kind;
	uint32_t nr_pend, max_pend;
};

/* restore.c: "what: strerror(rc)" into r->err; rc back, negative. */
int restore_fail(struct restorer *r, int rc, const char *what);
/* restore.c: "corrupt save file: what" into r->err; -EINVAL. */
int restore_bad(struct restorer *r, const char *what);
/* restore.c: a pfn the stream names, populated: its mfn, or XS_INVALID_MFN. */
uint64_t restore_mfn_of(const struct restorer *r, uint64_t pfn);
/* restore.c: the guest's p2m frames: every populated pfn's entry is its new
 * mfn; with only_stale, in the leaves marked stale only (none: no mapping). */
int restore_fix_guest_p2m(struct restorer *r, bool only_stale);
/* restore_prepin.c: after the SYNC, the pinned tables received so far
 * pinned (a failed pin is skipped: it is pinned at the END). 0 or -errno. */
int prepin_tables(struct restorer *r);
/* restore_prepin.c: a page sent again once tables were pinned (old: its
 * pfn's type before, t its new one, page its data, localised, or NULL): 1
 * if it was kept for the END, 0 to write it now, or -errno. */
int prepin_take(struct restorer *r, uint64_t pfn, unsigned int old, unsigned int t,
		const uint64_t *page);
/* restore_prepin.c: nr pages whose one mapping was refused while tables
 * are pinned: page by page, each refused one kept for the END (diffed if
 * a table, else written after the diffs), in order. 0 or -errno. */
int prepin_write_each(struct restorer *r, const uint64_t *pfns, const uint8_t *data, uint32_t nr);
/* restore_prepin.c: whether any of the n pfns has a page waiting for the
 * END (a PAGE_DELTA for it goes to that copy: prepin_delta). */
bool prepin_waiting(const struct restorer *r, const uint64_t *pfns, uint32_t n);
/* restore_prepin.c: a PAGE_DELTA record (len; its n entries checked, their
 * pfns and mfns) applied to copies while tables are pinned: each page's
 * base its copy waiting for the END, else its frame read through a
 * read-only mapping; the waiting copies updated, the others written (a
 * frame refusing its writable mapping keeps its page for the END, as a
 * plain page's). 0, 1 if the record is refused (the reason in err, nothing
 * changed), or -errno. */
int prepin_delta(struct restorer *r, uint32_t len, const uint64_t *pfns, const uint64_t *mfns,
		 uint32_t n);
/* restore_prepin.c: every pin undone, the pages waiting written whole;
 * why (XGUEST_UNDO_*) and where (xguest_restore_times.undo_at) noted. */
int prepin_undo(struct restorer *r, unsigned int why, uint64_t pfn);
/* restore_prepin.c: at the END, the waiting tables' changed entries (L1s
 * first); any failure undoes the pins (prepin_undo). 0 or -errno. */
int prepin_finish(struct restorer *r);
void prepin_free(struct restorer *r);
/* restore.c: the pages held back written. */
int restore_flush(struct restorer *r);
/* restore.c: nr pages into the frames of pfns through one writable mapping
 * (while tables are pinned, a page refused is kept for the END). */
int restore_write_frames(struct restorer *r, const uint64_t *pfns, const uint8_t *data,
			 uint32_t nr);
/* restore_finish.c: the domain finished once END is read (r->t's times). */
int restore_finish(struct restorer *r);

#endif /* TOOLS_LIBS_GUEST_RESTORE_PRIVATE_H */
