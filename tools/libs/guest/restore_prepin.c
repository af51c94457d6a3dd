/*
 * libxguest: a live stream's page tables pinned before its END, so that the
 * END (inside the domain's downtime) only fixes what the last rounds
 * changed (issue 17). At the SYNC (restore.c's sync_point, once the sender
 * is answered and suspends its domain) the pinned tables received so far
 * are pinned, L4s first, XCTRL_PIN_BATCH to a call; one that fails is
 * skipped (the END pins it, as without this). A page sent again since
 * (prepin_take, xs_resend_action in prepin.c) is written at once, or
 * waits in pend (its last copy, localised) for the END: a table of the
 * same level as before is diffed; a pinned table sent as another type is
 * unpinned at the END and written after the diffs; a page whose writable
 * mapping is refused (its frame typed through a pinned tree) too
 * (prepin_write_each). At the END (prepin_finish): those unpins, then the
 * tables' entries that differ from the frame's (read through a read-only
 * mapping) changed by mmu_update, L1s first, then L2..L4 (a new table's
 * frame has lost the direct map's writable entry before an upper entry
 * names it), an entry refused tried again after the others while any goes
 * in (a freed table's frame made writable only once its upper entry is
 * gone), entries none of a pass lets in cleared and tried again (a frame
 * reused at another level in the same place: clear_stuck), then the late
 * pages written. A PAGE_DELTA for a page whose frame refuses a writable
 * mapping, or whose page waits, is applied to a copy (prepin_delta) that
 * is written, or waits, as a plain page would. Too many pages waiting or
 * any failure there undo every pin and write the waiting pages whole
 * (prepin_undo): the END then pins them all, exactly as without pins
 * before it.
 *
 * Invariants: only r->b->domid's frames are mapped or named, each mapping
 * dropped before its function returns; pinned[] holds exactly the frames
 * pinned here and not unpinned; since[] holds (once or more) every pfn
 * in state XS_PINNED_UNPIN and every pfn of a pinned type not pinned here,
 * so that the END's unpins and pins (restore_finish.c) walk it, not the p2m; a pfn's pend_slot
 * names its last copy (pend_pfn[slot - 1] == pfn) or is 0, and a page waits there or is written,
 * never both after its last copy; after prepin_undo nothing is pinned or waiting and the stream
 * goes on as a save file's. On a failure the caller destroys the domain, which drops any pin made
 * here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlive.h" /* xguest_now_ns */
#include "xprepin.h"
#include "restore_private.h"
#include "../ctrl/xctrl.h"

#define PEND_MAX 2048 /* pages waiting for the END; beyond: undo */
#define LATE 1	      /* pend_kind: written whole at the END (else diffed) */
#define PTE_FRAME 0x000ffffffffff000ull
#define STUCK_ABSENT 0xfe  /* stuck_*_type: the entry is not present */
#define STUCK_FOREIGN 0xff /* stuck_*_type: not a frame of the domain */

void prepin_free(struct restorer *r)
{
	free(r->pinned);
	free(r->pend_slot);
	free(r->pend_pfn);
	free(r->pend_kind);
	free(r->pend);
	free(r->since);
	r->since = NULL;
	r->nr_since = r->max_since = 0;
	r->pinned = NULL;
	r->pend_slot = NULL;
	r->pend_pfn = NULL;
	r->pend_kind = NULL;
	r->pend = NULL;
	r->nr_pend = r->max_pend = 0;
}

/* pfn onto the since list: 0, or -ENOMEM. */
static int note_since(struct restorer *r, uint64_t pfn)
{
	uint32_t cap = r->max_since ? r->max_since * 2 : 64;
	uint64_t *list;

	if (r->nr_since == r->max_since) {
		if (cap < r->max_since || !(list = realloc(r->since, cap * 8ull)))
			return -ENOMEM;
		r->since = list;
		r->max_since = cap;
	}
	r->since[r->nr_since++] = pfn;
	return 0;
}

int prepin_tables(struct restorer *r)
{
	uint64_t *pfns, n, mfns[XCTRL_PIN_BATCH], t0 = xguest_now_ns();
	unsigned int levels[XCTRL_PIN_BATCH], done, k;

	if (r->pinned || !r->p2m || r->t->prepin_undone)
		return 0; /* once */
	pfns = malloc(r->p2m_size * 8);
	r->pinned = calloc(r->p2m_size, 1);
	r->pend_slot = calloc(r->p2m_size, 4);
	if (!pfns || !r->pinned || !r->pend_slot) {
		free(pfns);
		prepin_free(r);
		return restore_fail(r, -ENOMEM, "the pin list");
	}
	n = xs_pin_list(r->types, r->p2m_size, pfns);
	r->t->prepin_fail_pfn = XS_INVALID_MFN;
	for (uint64_t i = 0; i < n; i += k) {
		for (k = 0; k < XCTRL_PIN_BATCH && i + k < n; k++) {
			levels[k] = xs_type_level(r->types[pfns[i + k]]);
			mfns[k] = r->p2m[pfns[i + k]];
		}
		int rc = xctrl_pin_tables(r->c, r->b->domid, levels, mfns, k, &done);

		for (unsigned int j = 0; j < done && j < k; j++)
			r->pinned[pfns[i + j]] = XS_PINNED_YES;
		r->t->prepins += done < k ? done : k;
		if (rc && done < k && r->t->prepin_fail_pfn == XS_INVALID_MFN) {
			r->t->prepin_fail_pfn = pfns[i + done];
			r->t->prepin_fail_level = (int32_t)levels[done];
			r->t->prepin_fail_rc = rc;
		}
		if (rc && done < k && note_since(r, pfns[i + done])) {
			free(pfns);
			return prepin_undo(r, XGUEST_UNDO_FULL, XS_INVALID_MFN);
		}
		if (rc && done < k)
			k = done + 1; /* that one skipped: the END pins it */
	}
	free(pfns);
	r->t->prepin_ns = xguest_now_ns() - t0;
	return 0;
}

/* A slot in pend for pfn (its own, or a new one): 1-based, 0 if full. */
static uint32_t pend_slot_of(struct restorer *r, uint64_t pfn)
{
	uint32_t cap = r->max_pend ? r->max_pend * 2 : 64;
	uint64_t *pfns;
	uint8_t *pages, *kinds;

	if (r->pend_slot[pfn])
		return r->pend_slot[pfn];
	if (r->nr_pend == PEND_MAX)
		return 0;
	if (r->nr_pend == r->max_pend) {
		cap = cap > PEND_MAX ? PEND_MAX : cap;
		if (!(pfns = realloc(r->pend_pfn, cap * 8ull)))
			return 0;
		r->pend_pfn = pfns;
		if (!(kinds = realloc(r->pend_kind, cap)))
			return 0;
		r->pend_kind = kinds;
		if (!(pages = realloc(r->pend, (size_t)cap * XS_PAGE)))
			return 0;
		r->pend = pages;
		r->max_pend = cap;
	}
	r->pend_pfn[r->nr_pend] = pfn;
	return r->pend_slot[pfn] = ++r->nr_pend;
}

static void drop(struct restorer *r, uint64_t pfn)
{
	if (r->pend_slot[pfn])
		r->pend_pfn[r->pend_slot[pfn] - 1] = XS_INVALID_MFN;
	r->pend_slot[pfn] = 0;
}

/* pfn's page kept for the END (kind LATE or 0: diffed): 1, or 0 once
 * pend is full and every pin undone (the caller writes it), or -errno. */
static int keep(struct restorer *r, uint64_t pfn, uint8_t kind, const uint64_t *page)
{
	uint32_t slot = pend_slot_of(r, pfn);
	int rc;

	if (!slot)
		return (rc = prepin_undo(r, XGUEST_UNDO_FULL, pfn)) ? rc : 0;
	r->pend_kind[slot - 1] = kind;
	memcpy(r->pend + (size_t)(slot - 1) * XS_PAGE, page, XS_PAGE);
	return 1;
}

int prepin_take(struct restorer *r, uint64_t pfn, unsigned int old, unsigned int t,
		const uint64_t *page)
{
	enum xs_pinned p;

	if (!r->pinned)
		return 0;
	p = (enum xs_pinned)r->pinned[pfn];
	if ((xs_type_level(t) && (t & XS_PIN) && t != old) ||
	    (p == XS_PINNED_YES && (t != old || !page))) {
		if (note_since(r, pfn)) /* a pin to make, or to undo, at the END */
			return prepin_undo(r, XGUEST_UNDO_FULL, pfn);
	}
	switch (xs_resend_action(old, t, page != NULL, &p)) {
	case XS_RESEND_DIFF: return keep(r, pfn, 0, page);
	case XS_RESEND_LATE: r->pinned[pfn] = (uint8_t)p; return keep(r, pfn, LATE, page);
	case XS_RESEND_DROP: r->pinned[pfn] = (uint8_t)p; break;
	case XS_RESEND_WRITE: break;
	}
	drop(r, pfn);
	return 0;
}

/* pfn's page refused a writable mapping (its frame typed through a pin):
 * kept for the END (1), or 0 once every pin is undone, or -errno. */
static int refused(struct restorer *r, uint64_t pfn, const uint8_t *page)
{
	return keep(r, pfn, xs_type_level(r->types[pfn]) ? 0 : LATE, (const uint64_t *)page);
}

int prepin_write_each(struct restorer *r, const uint64_t *pfns, const uint8_t *data, uint32_t nr)
{
	int rc;

	for (uint32_t i = 0; i < nr; i++) {
		uint64_t mfn = r->p2m[pfns[i]];
		uint8_t *map = xcall_map_foreign_range(r->c, r->b->domid, &mfn, 1);

		if (map) {
			memcpy(map, data + (size_t)i * XS_PAGE, XS_PAGE);
			xcall_unmap_range(r->c, map, 1);
			continue;
		}
		if (!r->pinned)
			return restore_fail(r, -errno, "mapping the new domain's frames");
		if ((rc = refused(r, pfns[i], data + (size_t)i * XS_PAGE)) < 0)
			return rc;
		i -= rc == 0; /* the pins undone: this page again */
	}
	return 0;
}

bool prepin_waiting(const struct restorer *r, const uint64_t *pfns, uint32_t n)
{
	for (uint32_t i = 0; r->pinned && i < n; i++)
		if (r->pend_slot[pfns[i]])
			return true;
	return false;
}

int prepin_delta(struct restorer *r, uint32_t len, const uint64_t *pfns, const uint64_t *mfns,
		 uint32_t n)
{
	uint8_t *waiting[XS_BATCH], *out = malloc((size_t)n * XS_PAGE), *ro;
	uint64_t rest[XS_BATCH];
	uint32_t k = 0;
	int rc;

	ro = out ? xcall_map_foreign_range_ro(r->c, r->b->domid, mfns, n) : NULL;
	if (!ro) {
		rc = out ? -errno : -ENOMEM;
		free(out);
		return restore_fail(r, rc, "mapping the new domain's frames");
	}
	for (uint32_t i = 0; i < n; i++)
		waiting[i] = r->pend_slot[pfns[i]]
				     ? r->pend + (size_t)(r->pend_slot[pfns[i]] - 1) * XS_PAGE
				     : NULL;
	rc = xs_delta_apply_copy(r->rec, len, r->p2m_size, r->got, ro, waiting, n, out, r->err,
				 r->errlen);
	xcall_unmap_range(r->c, ro, n);
	if (rc) {
		free(out);
		return 1; /* the record refused, its reason in err */
	}
	for (uint32_t i = 0; i < n; i++) {
		if (waiting[i])
			continue; /* its copy waits for the END, the delta in it */
		if (k != i)
			memcpy(out + (size_t)k * XS_PAGE, out + (size_t)i * XS_PAGE, XS_PAGE);
		rest[k++] = pfns[i];
	}
	r->t->precopied += n;
	rc = restore_write_frames(r, rest, out, k); /* one refused: kept for the END */
	free(out);
	return rc;
}

/* The frames pinned here in state `which` (those on the since list), or
 * all of them (0: the p2m walked), unpinned, XCTRL_PIN_BATCH to a call. */
static int unpin(struct restorer *r, uint8_t which)
{
	uint64_t mfns[XCTRL_PIN_BATCH], n = which ? r->nr_since : r->p2m_size;
	unsigned int k = 0, done;
	int rc = 0;

	for (uint64_t i = 0; i <= n && !rc; i++) {
		uint64_t pfn = i == n ? 0 : which ? r->since[i] : i;

		if (i < n && r->pinned[pfn] && (!which || r->pinned[pfn] == which)) {
			mfns[k++] = r->p2m[pfn];
			r->pinned[pfn] = XS_PINNED_NO;
		}
		if (k && (k == XCTRL_PIN_BATCH || i == n)) {
			rc = xctrl_unpin_tables(r->c, r->b->domid, mfns, k, &done);
			k = 0;
		}
	}
	return rc;
}

/* The waiting pages of kind `kind` (or all, -1) written whole. */
static int write_pend(struct restorer *r, int kind)
{
	int rc = 0;

	for (uint32_t s = 0; s < r->nr_pend && !rc; s++)
		if (r->pend_pfn[s] != XS_INVALID_MFN && (kind < 0 || r->pend_kind[s] == kind))
			rc = restore_write_frames(r, &r->pend_pfn[s], r->pend + (size_t)s * XS_PAGE,
						  1);
	return rc;
}

int prepin_undo(struct restorer *r, unsigned int why, uint64_t pfn)
{
	int rc;

	if (!r->pinned)
		return 0;
	r->t->prepin_undone = why;
	r->t->undo_at = pfn;
	rc = unpin(r, 0);
	free(r->pinned);
	r->pinned = NULL; /* from here on, as a save file */
	if (rc)
		rc = restore_fail(r, rc, "undoing the pins of the live rounds");
	if (!rc)
		rc = restore_flush(r);
	if (!rc)
		rc = write_pend(r, -1);
	prepin_free(r);
	return rc;
}

/* Slot s's changed entries as {ptr, val} pairs after reqs[*n]. */
static void diff_slot(struct restorer *r, uint32_t s, const uint64_t *cur, unsigned int level,
		      uint64_t *reqs, uint64_t *n)
{
	const uint64_t *want = (const uint64_t *)(r->pend + (size_t)s * XS_PAGE);
	uint64_t mfn = r->p2m[r->pend_pfn[s]];
	uint16_t idx[512];
	unsigned int k = xs_pt_diff(cur, want, level, idx);

	for (unsigned int j = 0; j < k; j++, *n += 1) {
		reqs[*n * 2] = mfn << 12 | (uint64_t)idx[j] * 8; /* MMU_NORMAL_PT_UPDATE */
		reqs[*n * 2 + 1] = want[idx[j]];
	}
}

/* The frames of the n slots (mfns, n of them) mapped, read-only or not. */
static uint8_t *map_slots(struct restorer *r, const uint32_t *slots, uint32_t n, uint64_t *mfns,
			  bool ro)
{
	for (uint32_t i = 0; i < n; i++)
		mfns[i] = r->p2m[r->pend_pfn[slots[i]]];
	return ro ? xcall_map_foreign_range_ro(r->c, r->b->domid, mfns, n)
		  : xcall_map_foreign_range(r->c, r->b->domid, mfns, n);
}

/*
 * One pass over the nr requests, XCTRL_MMU_BATCH to a call; one refused is
 * kept for the next pass (moved to the front) and the call goes on after
 * it: an entry may need another of the batch first (a freed table's upper
 * entry gone before the direct map makes the frame writable again, which
 * comes first by level). The count refused.
 */
static uint64_t pass(struct restorer *r, uint64_t *reqs, uint64_t nr)
{
	uint64_t kept = 0;
	unsigned int done;

	for (uint64_t i = 0; i < nr;) {
		uint64_t k = nr - i < XCTRL_MMU_BATCH ? nr - i : XCTRL_MMU_BATCH;

		if (!xctrl_mmu_update(r->c, r->b->domid, reqs + i * 2, (unsigned int)k, &done) ||
		    done >= k) {
			i += k;
			continue;
		}
		reqs[kept * 2] = reqs[(i + done) * 2]; /* kept <= i + done: not one still to do */
		reqs[kept * 2 + 1] = reqs[(i + done) * 2 + 1];
		kept++;
		i += done + 1;
		r->t->prerefused++;
	}
	return kept;
}

/* The pfn of a frame of the domain (a linear search: only when entries
 * are stuck), or XS_INVALID_MFN. */
static uint64_t pfn_of(const struct restorer *r, uint64_t mfn)
{
	for (uint64_t pfn = 0; pfn < r->p2m_size; pfn++)
		if (r->p2m[pfn] == mfn)
			return pfn;
	return XS_INVALID_MFN;
}

/* The stream's type of the frame an entry names (STUCK_ABSENT: none). */
static uint32_t named_type(const struct restorer *r, uint64_t entry)
{
	uint64_t pfn = pfn_of(r, (entry & PTE_FRAME) >> 12);

	if (!(entry & 1))
		return STUCK_ABSENT;
	return pfn == XS_INVALID_MFN ? STUCK_FOREIGN : r->types[pfn];
}

/* The first stuck request {ptr, val} noted for xend's log (stuck_*). */
static void note_stuck(struct restorer *r, const uint64_t *req)
{
	uint64_t mfn = req[0] >> 12, pfn = pfn_of(r, mfn);
	const uint64_t *table =
		(const uint64_t *)xcall_map_foreign_range_ro(r->c, r->b->domid, &mfn, 1);

	r->t->stuck_index = (uint32_t)(req[0] & 0xfff) / 8;
	r->t->stuck_level = pfn == XS_INVALID_MFN ? 0 : xs_type_level(r->types[pfn]);
	r->t->stuck_new_type = named_type(r, req[1]);
	r->t->stuck_old_type = table ? named_type(r, table[r->t->stuck_index]) : STUCK_FOREIGN;
	if (table)
		xcall_unmap_range(r->c, (void *)table, 1);
}

/*
 * The nr requests that none of a pass let in, cleared ({ptr, 0}) so that
 * the next pass may: an entry whose new value needs a frame typed as
 * another level through its own old value (a table freed and its frame
 * reused one level up or down in the same place, as a process exits and
 * another forks) can go in only once its old subtree is dropped. The
 * domain does not run before the END is done; if a pass still refuses
 * them the pins are undone and every waiting table written whole.
 */
static int clear_stuck(struct restorer *r, const uint64_t *reqs, uint64_t nr)
{
	uint64_t *zero = malloc(nr * 16), left;

	if (!zero)
		return -ENOMEM;
	if (!r->t->precleared)
		note_stuck(r, reqs);
	for (uint64_t i = 0; i < nr; i++) {
		zero[i * 2] = reqs[i * 2];
		zero[i * 2 + 1] = 0;
	}
	left = pass(r, zero, nr);
	free(zero);
	r->t->precleared += nr;
	return left ? -EINVAL : 0;
}

/* The waiting tables' changed entries, L1s first, those refused tried
 * again while any goes in, then cleared and tried again (clear_stuck);
 * -errno of a failure (*bad: the table frame of the entry refused). */
static int apply_diffs(struct restorer *r, const uint32_t *slots, uint32_t n, uint64_t *mfns,
		       uint64_t *bad)
{
	uint64_t *reqs = malloc(n * 512ull * 16), nr = 0;
	uint8_t *map = reqs ? map_slots(r, slots, n, mfns, true) : NULL;
	int rc = map ? 0 : -ENOMEM;

	for (unsigned int level = 1; map && level <= 4; level++)
		for (uint32_t i = 0; i < n; i++)
			if (xs_type_level(r->types[r->pend_pfn[slots[i]]]) == level)
				diff_slot(r, slots[i],
					  (const uint64_t *)(map + (size_t)i * XS_PAGE), level,
					  reqs, &nr);
	if (map)
		xcall_unmap_range(r->c, map, n);
	r->t->prediffs += nr;
	for (bool cleared = false; !rc && nr;) {
		uint64_t left = pass(r, reqs, nr);

		if (left < nr)
			cleared = false;
		else if (!cleared) /* none went in: not an order of the entries */
			cleared = !(rc = clear_stuck(r, reqs, nr));
		else /* nor their old values: a bad entry */
			rc = -EINVAL;
		if (rc)
			*bad = reqs[0] >> 12;
		nr = left;
	}
	free(reqs);
	return rc;
}

/* The late pages written whole through one mapping; -errno if refused. */
static int write_late(struct restorer *r, const uint32_t *slots, uint32_t n, uint64_t *mfns)
{
	uint8_t *map = map_slots(r, slots, n, mfns, false);

	if (!map)
		return -errno;
	for (uint32_t i = 0; i < n; i++)
		memcpy(map + (size_t)i * XS_PAGE, r->pend + (size_t)slots[i] * XS_PAGE, XS_PAGE);
	xcall_unmap_range(r->c, map, n);
	return 0;
}

int prepin_finish(struct restorer *r)
{
	uint64_t t0 = xguest_now_ns(), bad = XS_INVALID_MFN, *mfns;
	uint32_t *slots, nd = 0, nl = 0;
	int rc = 0;

	if (!r->pinned)
		return 0;
	slots = malloc((r->nr_pend + 1) * 4ull);
	mfns = malloc((r->nr_pend + 1) * 8ull);
	if (!slots || !mfns) {
		free(slots);
		free(mfns);
		return prepin_undo(r, XGUEST_UNDO_FULL, XS_INVALID_MFN);
	}
	for (uint32_t s = 0; s < r->nr_pend; s++) /* diffs from the front, late from the back */
		if (r->pend_pfn[s] != XS_INVALID_MFN && !r->pend_kind[s])
			slots[nd++] = s;
	for (uint32_t s = 0; s < r->nr_pend; s++)
		if (r->pend_pfn[s] != XS_INVALID_MFN && r->pend_kind[s])
			slots[r->nr_pend - ++nl] = s;
	r->t->pretables = nd;
	r->t->prelate = nl;
	if ((rc = unpin(r, XS_PINNED_UNPIN)))
		rc = prepin_undo(r, XGUEST_UNDO_DIFF, XS_INVALID_MFN);
	else if (nd && apply_diffs(r, slots, nd, mfns, &bad))
		rc = prepin_undo(r, XGUEST_UNDO_DIFF, bad);
	else if (nl && write_late(r, slots + r->nr_pend - nl, nl, mfns))
		rc = prepin_undo(r, XGUEST_UNDO_MAPPING, XS_INVALID_MFN);
	/* undone: the END pins them all, as without pins before */
	free(slots);
	free(mfns);
	r->t->prediff_ns = xguest_now_ns() - t0;
	return rc;
}
