/*
 * libxguest: a live stream's page tables pinned before its END, so that the
 * END (inside the domain's downtime) only fixes what the last rounds
 * changed (issue 17). At the SYNC (restore.c's sync_point, once the sender
 * is answered and suspends its domain) the pinned tables received so far
 * are pinned, L4s first, XCTRL_PIN_BATCH to a call; one that fails is
 * skipped (the END pins it, as without this). A page sent again since
 * (prepin_take, xs_resend_action in prepin.c): a table of the same level
 * waits in pend (its last copy, localised) and at the END its entries that
 * differ from the frame's (read through a read-only mapping) are changed by
 * mmu_update, L1s first, then L2..L4 (so a new table's frame has lost the
 * direct map's writable entry before an upper entry names it). A pinned
 * table sent as anything else, a writable mapping refused (a frame typed
 * through a pinned tree), too many pending tables or any failure of the
 * diff undo every pin and write the pending pages whole (prepin_undo): the
 * END then pins them all, exactly as without pins before it.
 *
 * Invariants: only r->b->domid's frames are mapped or named, each mapping
 * dropped before its function returns; pinned[] holds exactly the frames
 * pinned here and not unpinned; a pfn's pend_slot names its last copy
 * (pend_pfn[slot - 1] == pfn) or is 0; after prepin_undo nothing is pinned
 * or pending and the stream goes on as a save file's. On a failure the
 * caller destroys the domain, which drops any pin made here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xlive.h" /* xguest_now_ns */
#include "xprepin.h"
#include "restore_private.h"
#include "../ctrl/xctrl.h"

#define PEND_MAX 1024 /* tables waiting for the END's diff; beyond: undo */

void prepin_free(struct restorer *r)
{
	free(r->pinned);
	free(r->pend_slot);
	free(r->pend_pfn);
	free(r->pend);
	r->pinned = NULL;
	r->pend_slot = NULL;
	r->pend_pfn = NULL;
	r->pend = NULL;
	r->nr_pend = r->max_pend = 0;
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
	for (uint64_t i = 0; i < n; i += k) {
		for (k = 0; k < XCTRL_PIN_BATCH && i + k < n; k++) {
			levels[k] = xs_type_level(r->types[pfns[i + k]]);
			mfns[k] = r->p2m[pfns[i + k]];
		}
		int rc = xctrl_pin_tables(r->c, r->b->domid, levels, mfns, k, &done);

		for (unsigned int j = 0; j < done && j < k; j++)
			r->pinned[pfns[i + j]] = 1;
		r->t->prepins += done < k ? done : k;
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
	uint8_t *pages;

	if (r->pend_slot[pfn])
		return r->pend_slot[pfn];
	if (r->nr_pend == PEND_MAX)
		return 0;
	if (r->nr_pend == r->max_pend) {
		cap = cap > PEND_MAX ? PEND_MAX : cap;
		if (!(pfns = realloc(r->pend_pfn, cap * 8ull)))
			return 0;
		r->pend_pfn = pfns;
		if (!(pages = realloc(r->pend, (size_t)cap * XS_PAGE)))
			return 0;
		r->pend = pages;
		r->max_pend = cap;
	}
	r->pend_pfn[r->nr_pend] = pfn;
	return r->pend_slot[pfn] = ++r->nr_pend;
}

int prepin_take(struct restorer *r, uint64_t pfn, unsigned int old, unsigned int t,
		const uint64_t *page)
{
	enum xs_resend a;
	uint32_t slot;
	int rc;

	if (!r->pinned)
		return 0;
	a = xs_resend_action(old, t, r->pinned[pfn]);
	if (a == XS_RESEND_WRITE) {
		if ((slot = r->pend_slot[pfn]))
			r->pend_pfn[slot - 1] = XS_INVALID_MFN; /* its last copy is this one */
		r->pend_slot[pfn] = 0;
		return 0;
	}
	if (a == XS_RESEND_UNPIN)
		return (rc = prepin_undo(r, XGUEST_UNDO_RETYPED, pfn)) ? rc : 0;
	if (!(slot = pend_slot_of(r, pfn)))
		return (rc = prepin_undo(r, XGUEST_UNDO_FULL, pfn)) ? rc : 0;
	memcpy(r->pend + (size_t)(slot - 1) * XS_PAGE, page, XS_PAGE);
	return 1;
}

/* Every frame pinned here unpinned, XCTRL_PIN_BATCH to a call. */
static int unpin_all(struct restorer *r)
{
	uint64_t mfns[XCTRL_PIN_BATCH];
	unsigned int k = 0, done;
	int rc = 0;

	for (uint64_t pfn = 0; pfn <= r->p2m_size && !rc; pfn++) {
		if (pfn < r->p2m_size && r->pinned[pfn])
			mfns[k++] = r->p2m[pfn];
		if (k && (k == XCTRL_PIN_BATCH || pfn == r->p2m_size)) {
			rc = xctrl_unpin_tables(r->c, r->b->domid, mfns, k, &done);
			k = 0;
		}
	}
	free(r->pinned);
	r->pinned = NULL;
	return rc ? restore_fail(r, rc, "undoing the pins of the live rounds") : 0;
}

int prepin_undo(struct restorer *r, unsigned int why, uint64_t pfn)
{
	int rc;

	if (!r->pinned)
		return 0;
	r->t->prepin_undone = why;
	r->t->undo_at = pfn;
	if ((rc = unpin_all(r)) || (rc = restore_flush(r))) {
		prepin_free(r);
		return rc;
	}
	for (uint32_t s = 0; s < r->nr_pend && !rc; s++)
		if (r->pend_pfn[s] != XS_INVALID_MFN)
			rc = restore_write_frames(r, &r->p2m[r->pend_pfn[s]],
						  r->pend + (size_t)s * XS_PAGE, 1);
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

/* The pending tables' changed entries, L1s first; -errno of a failure
 * (*bad: the table frame of the entry refused, if one was). */
static int apply_diffs(struct restorer *r, uint32_t *slots, uint32_t n, uint64_t *bad)
{
	uint64_t *mfns = malloc(n * 8ull), *reqs = malloc(n * 512ull * 16), nr = 0;
	uint8_t *map = NULL;
	unsigned int done;
	int rc = -ENOMEM;

	if (mfns && reqs) {
		for (uint32_t i = 0; i < n; i++)
			mfns[i] = r->p2m[r->pend_pfn[slots[i]]];
		map = xcall_map_foreign_range_ro(r->c, r->b->domid, mfns, n);
		rc = map ? 0 : -errno;
	}
	for (unsigned int level = 1; map && level <= 4; level++)
		for (uint32_t i = 0; i < n; i++)
			if (xs_type_level(r->types[r->pend_pfn[slots[i]]]) == level)
				diff_slot(r, slots[i],
					  (const uint64_t *)(map + (size_t)i * XS_PAGE), level,
					  reqs, &nr);
	if (map)
		xcall_unmap_range(r->c, map, n);
	for (uint64_t i = 0; !rc && i < nr; i += XCTRL_MMU_BATCH) {
		uint64_t k = nr - i < XCTRL_MMU_BATCH ? nr - i : XCTRL_MMU_BATCH;

		rc = xctrl_mmu_update(r->c, r->b->domid, reqs + i * 2, (unsigned int)k, &done);
		if (rc && done < k)
			*bad = reqs[(i + done) * 2] >> 12;
	}
	r->t->prediffs += nr;
	free(mfns);
	free(reqs);
	return rc;
}

int prepin_finish(struct restorer *r)
{
	uint64_t t0 = xguest_now_ns(), bad = XS_INVALID_MFN;
	uint32_t *slots, n = 0;
	int rc = 0;

	if (!r->pinned)
		return 0;
	if (!(slots = malloc((r->nr_pend + 1) * 4ull)))
		return prepin_undo(r, XGUEST_UNDO_FULL, XS_INVALID_MFN);
	for (uint32_t s = 0; s < r->nr_pend; s++)
		if (r->pend_pfn[s] != XS_INVALID_MFN)
			slots[n++] = s;
	r->t->pretables = n;
	if (n && apply_diffs(r, slots, n, &bad)) /* the END pins them all, as without pins before */
		rc = prepin_undo(r, XGUEST_UNDO_DIFF, bad);
	free(slots);
	r->t->prediff_ns = xguest_now_ns() - t0;
	return rc;
}
