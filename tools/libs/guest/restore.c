/*
 * libxguest: a PV domain from a save file (xguest.h, xstream.h).
 *
 * The file is xl's (xstream.h): xguest_restore_config reads xl's header
 * and libxl's stream up to LIBXC_CONTEXT; here libxc's stream, then
 * libxl's END. Records are read one at a time into one buffer, each
 * checked before it is used (stream.c; an unknown mandatory record is
 * refused, an optional one skipped): X86_PV_INFO first (64-bit, 4 levels),
 * the CPU policy and TSC kept (xstate.c), X86_PV_P2M_FRAMES (the p2m size:
 * every later pfn is checked against it), PAGE_DATA (frames populated as
 * their pfns appear, or as a page table names them; page tables localised
 * pfn -> mfn before they are written; a record of HOLD_MAX pages or fewer
 * is held back and written with the next ones through one mapping, up to
 * XS_BATCH pages or the next record of another type), PAGE_DELTA (only
 * when the caller agreed on it, progress->delta: a whole record checked,
 * then applied in place to plain pages the domain holds as sent, each
 * page's hash checked after; xdelta.h), SHARED_INFO, the
 * vCPU records, END; a live stream's SYNC records (xeno's, optional) are
 * answered through the caller's progress->sync (after progress->rings
 * was told the xenstore and console frames, at the first SYNC, if a
 * RINGS record named them), and progress->built is
 * told once the domain is built. Where the time goes after the last SYNC
 * is kept in progress->times (xguest.h).
 * At a live stream's SYNC the guest's p2m frames get the new mfns (all of
 * them, while the guest still runs on the source: after it a p2m leaf page
 * is localised as it arrives, and a leaf with a pfn populated since is
 * marked stale), and once the sender is answered the pinned tables received
 * so far are pinned (restore_prepin.c: a table sent again since waits for
 * the END's diff, a pinned one retyped for its unpin there; any surprise
 * undoes the pins);
 * after the END the domain is finished (restore_finish.c).
 *
 * Invariants: only frames of b->domid are mapped (the hypervisor checks
 * it), each mapping is dropped before any frame is pinned (held pages are
 * written before any record but PAGE_DATA is handled, so before the SYNC's
 * pins, and at END, before restore_finish pins; a writable mapping refused
 * while pins of the SYNC stand keeps its pages for the END, page by page); on failure
 * nothing is left mapped or allocated
 * here and the caller destroys the domain, which frees every populated
 * frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xdelta.h"
#include "xlive.h" /* xguest_now_ns */
#include "restore_private.h"
#include "../ctrl/xctrl.h"

#define HOLD_MAX 256 /* pages of a record held back to be written with others */

int restore_fail(struct restorer *r, int rc, const char *what)
{
	snprintf(r->err, r->errlen, "%s: %s", what, strerror(rc < 0 ? -rc : rc));
	return rc < 0 ? rc : -rc;
}

int restore_bad(struct restorer *r, const char *what)
{
	snprintf(r->err, r->errlen, "corrupt save file: %s", what);
	return -EINVAL;
}

/* A PAGE_DELTA check failed, its reason in err. */
static int bad_delta(struct restorer *r)
{
	char why[256];

	snprintf(why, sizeof(why), "%s", r->err);
	return restore_bad(r, why);
}

/* Populate the pfns of list (n <= XS_BATCH, each < p2m_size) not populated
 * yet; no hypercall when all are (a live stream's later rounds). */
static int populate(struct restorer *r, const uint64_t *list, size_t n)
{
	uint64_t *frames = r->frames;
	size_t k = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (r->p2m[list[i]] == XS_INVALID_MFN) {
			r->p2m[list[i]] = PENDING;
			frames[k++] = list[i];
		}
	if (k && (rc = xctrl_populate(r->c, r->b->domid, frames, k)))
		restore_fail(r, rc, "populate_physmap (more pages than the domain's memory?)");
	for (size_t i = 0, j = 0; i < n; i++)
		if (r->p2m[list[i]] == PENDING) {
			r->p2m[list[i]] = rc ? XS_INVALID_MFN : frames[j++];
			if (r->p2m_fixed)
				r->stale[list[i] / 512] = 1;
		}
	return rc;
}

static int read_p2m_frames(struct restorer *r, uint32_t len)
{
	uint32_t range[2];

	if (r->p2m)
		return restore_bad(r, "a second X86_PV_P2M_FRAMES record");
	if (len < 8)
		return restore_bad(r, "X86_PV_P2M_FRAMES too short");
	memcpy(range, r->rec, 8);
	if (range[0] != 0 || range[1] >= XS_P2M_MAX)
		return restore_bad(r, "X86_PV_P2M_FRAMES range");
	r->p2m_size = (uint64_t)range[1] + 1;
	r->nr_leaves = (r->p2m_size + 511) / 512;
	if (len != 8 + r->nr_leaves * 8)
		return restore_bad(r, "X86_PV_P2M_FRAMES length");
	r->p2m = malloc(r->p2m_size * 8);
	r->types = calloc(r->p2m_size, 1);
	r->leaves = malloc(r->nr_leaves * 8);
	r->stale = calloc(r->nr_leaves, 1);
	r->got = calloc((r->p2m_size + 7) / 8, 1);
	if (!r->p2m || !r->types || !r->leaves || !r->stale || !r->got)
		return restore_fail(r, -ENOMEM, "p2m");
	memset(r->p2m, 0xff, r->p2m_size * 8);
	memcpy(r->leaves, r->rec + 8, r->nr_leaves * 8);
	for (uint64_t k = 0; k < r->nr_leaves; k++)
		if (r->leaves[k] >= r->p2m_size)
			return restore_bad(r, "a p2m frame beyond the p2m");
	return 0;
}

/* A page-table page: the pfns it names populated, then localised. */
static int local_table(struct restorer *r, uint64_t *page, unsigned int level)
{
	uint64_t missing[512];
	long n = xs_pt_missing(page, level, r->p2m, r->p2m_size, missing, 512, r->err, r->errlen);
	int rc;

	if (n < 0)
		return (int)n;
	if (n && (rc = populate(r, missing, (size_t)n)))
		return rc;
	return xs_pt_local(page, level, r->p2m, r->p2m_size, r->err, r->errlen);
}

/* Leaf k of the guest's p2m (a page of 512 entries): each populated pfn's
 * entry is its new mfn; the others are left as the guest had them. */
static void local_leaf(const struct restorer *r, uint64_t *page, uint64_t k)
{
	for (uint64_t e = 0; e < 512 && k * 512 + e < r->p2m_size; e++)
		if (r->p2m[k * 512 + e] != XS_INVALID_MFN)
			page[e] = r->p2m[k * 512 + e];
}

/* Which leaf of the guest's p2m pfn is, or -1. */
static long leaf_of(const struct restorer *r, uint64_t pfn)
{
	for (uint64_t k = 0; k < r->nr_leaves; k++)
		if (r->leaves[k] == pfn)
			return (long)k;
	return -1;
}

/* nr pages of data into the frames of pfns: one mapping, one copy. */
int restore_write_frames(struct restorer *r, const uint64_t *pfns, const uint8_t *data, uint32_t nr)
{
	uint64_t t0 = xguest_now_ns(), mfns[XS_BATCH];
	uint8_t *map;

	if (!nr)
		return 0;
	for (uint32_t i = 0; i < nr; i++)
		mfns[i] = r->p2m[pfns[i]];
	map = xcall_map_foreign_range(r->c, r->b->domid, mfns, nr);
	if (!map && r->pinned)
		return prepin_write_each(r, pfns, data, nr);
	if (!map)
		return restore_fail(r, -errno, "mapping the new domain's frames");
	memcpy(map, data, (size_t)nr * XS_PAGE); /* in order: a frame's later copy wins */
	xcall_unmap_range(r->c, map, nr);
	r->t->map_ns += xguest_now_ns() - t0;
	return 0;
}

/* The pages held back (small records) into the domain. */
int restore_flush(struct restorer *r)
{
	uint32_t nr = r->nr_held;

	r->nr_held = 0; /* first: a refused mapping's undo flushes too */
	return restore_write_frames(r, r->held_pfns, r->held, nr);
}

/* Whether a page for pfn is held back (not written yet). */
static bool held(const struct restorer *r, uint64_t pfn)
{
	for (uint32_t i = 0; i < r->nr_held; i++)
		if (r->held_pfns[i] == pfn)
			return true;
	return false;
}

/* A page (localised; NULL: none) kept for the END (1), or 0 to write it
 * (restore_prepin.c: only once tables were pinned at the SYNC; a pfn with
 * a copy held back is written after it, in order). */
static int taken(struct restorer *r, uint64_t word, unsigned int old, const uint64_t *page)
{
	uint64_t pfn = word & XS_PFN_MASK;
	unsigned int t = (unsigned int)(word >> XS_TYPE_SHIFT);

	if (!r->pinned)
		return 0;
	if (page && !r->pinned[pfn] && held(r, pfn))
		return prepin_take(r, pfn, XS_NOTAB, t, page); /* a write, as that copy */
	return prepin_take(r, pfn, old, t, page);
}

/* A record's pages: a large one written at once, a small one held back
 * until XS_BATCH pages are (or a record of another type comes), so that a
 * live stream's last rounds, records of a few pages each, take one
 * mapping instead of one each (a mapping's cost, its TLB flush above all,
 * is mostly per call). A page kept for the END (restore_prepin.c) leaves
 * the record's data (the pages after it move down). */
static int write_pages(struct restorer *r, const uint64_t *words, const uint8_t *olds,
		       uint32_t count, uint32_t nr_data)
{
	uint64_t pfns[XS_BATCH];
	uint8_t *data = r->rec + 8 + count * 8;
	uint32_t w = 0;
	int rc = 0;

	for (uint32_t i = 0, d = 0; i < count; i++) {
		unsigned int t = (unsigned int)(words[i] >> XS_TYPE_SHIFT);
		uint64_t *page = (uint64_t *)(data + d * XS_PAGE);
		long leaf;

		if (!xs_type_has_data(t)) {
			if ((rc = taken(r, words[i], olds[i], NULL)) < 0)
				return rc;
			continue;
		}
		d++;
		if (xs_type_level(t) && (rc = local_table(r, page, xs_type_level(t))))
			return rc;
		if ((rc = taken(r, words[i], olds[i], page)) < 0)
			return rc;
		if (rc)
			continue;
		if (r->p2m_fixed && !xs_type_level(t) &&
		    (leaf = leaf_of(r, words[i] & XS_PFN_MASK)) >= 0)
			local_leaf(r, page, (uint64_t)leaf);
		if (w != d - 1)
			memmove(data + (size_t)w * XS_PAGE, page, XS_PAGE);
		pfns[w++] = words[i] & XS_PFN_MASK;
	}
	nr_data = w;
	if (nr_data > HOLD_MAX)
		return (rc = restore_flush(r)) ? rc : restore_write_frames(r, pfns, data, nr_data);
	if (r->nr_held + nr_data > XS_BATCH && (rc = restore_flush(r)))
		return rc;
	memcpy(r->held_pfns + r->nr_held, pfns, nr_data * 8);
	memcpy(r->held + (size_t)r->nr_held * XS_PAGE, data, (size_t)nr_data * XS_PAGE);
	r->nr_held += nr_data;
	return 0;
}

static void got_mark(struct restorer *r, uint64_t pfn, bool plain)
{
	if (plain)
		r->got[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
	else
		r->got[pfn / 8] &= (uint8_t) ~(1u << (pfn % 8));
}

/* A PAGE_DELTA record (progress->delta only): every entry checked
 * (entries fill the record, pfns within the p2m, plain pages the domain
 * holds as sent: never a table, nor a p2m leaf, which is localised here),
 * then the codes applied in place through one mapping, each page's hash
 * checked (a mismatch refuses the stream); while tables are pinned before
 * the END, a mapping refused (a frame typed through one) or a page waiting
 * for the END takes the record on copies instead (prepin_delta). */
static int read_page_delta(struct restorer *r, uint32_t len)
{
	uint64_t pfns[XS_BATCH], mfns[XS_BATCH], t0 = xguest_now_ns();
	uint8_t *map = NULL;
	long n;
	int rc;

	if (!r->p2m)
		return restore_bad(r, "PAGE_DELTA before X86_PV_P2M_FRAMES");
	for (uint64_t k = 0; k < r->nr_leaves; k++)
		got_mark(r, r->leaves[k], false);
	n = xs_delta_record_pfns(r->rec, len, r->p2m_size, r->got, pfns, r->err, r->errlen);
	if (n <= 0)
		return n ? bad_delta(r) : restore_bad(r, "an empty PAGE_DELTA");
	for (long i = 0; i < n; i++)
		if ((mfns[i] = r->p2m[pfns[i]]) == XS_INVALID_MFN || mfns[i] == PENDING)
			return restore_bad(r, "PAGE_DELTA for a page not populated");
	if (!prepin_waiting(r, pfns, (uint32_t)n) &&
	    !(map = xcall_map_foreign_range(r->c, r->b->domid, mfns, (size_t)n)) && !r->pinned)
		return restore_fail(r, -errno, "mapping the new domain's frames");
	if (map) {
		rc = xs_delta_record_apply(r->rec, len, r->p2m_size, r->got, map, r->err,
					   r->errlen);
		xcall_unmap_range(r->c, map, (size_t)n);
	} else if ((rc = prepin_delta(r, len, pfns, mfns, (uint32_t)n)) < 0) {
		return rc;
	}
	r->t->records++;
	r->t->pages += (uint64_t)n;
	r->t->deltas += (uint64_t)n;
	r->t->write_ns += xguest_now_ns() - t0;
	return rc ? bad_delta(r) : 0;
}

static int read_page_data(struct restorer *r, uint32_t len)
{
	uint32_t count, nr_data;
	uint64_t words[XS_BATCH], pfns[XS_BATCH];
	uint8_t olds[XS_BATCH];
	size_t n = 0;
	uint64_t t0 = xguest_now_ns();
	int rc;

	if (!r->p2m)
		return restore_bad(r, "PAGE_DATA before X86_PV_P2M_FRAMES");
	if ((rc = xs_page_data_check(r->rec, len, r->p2m_size, &count, &nr_data, r->err,
				     r->errlen)))
		return rc;
	memcpy(words, r->rec + 8, count * 8);
	for (uint32_t i = 0; i < count; i++) {
		unsigned int t = (unsigned int)(words[i] >> XS_TYPE_SHIFT);

		olds[i] = r->types[words[i] & XS_PFN_MASK];
		r->types[words[i] & XS_PFN_MASK] = (uint8_t)t;
		got_mark(r, words[i] & XS_PFN_MASK, xs_type_has_data(t) && !xs_type_level(t));
		if (t != XS_XTAB && t != XS_BROKEN)
			pfns[n++] = words[i] & XS_PFN_MASK;
	}
	if ((rc = populate(r, pfns, n)) || (rc = write_pages(r, words, olds, count, nr_data)))
		return rc;
	r->done += count;
	r->t->records++;
	r->t->pages += count;
	r->t->write_ns += xguest_now_ns() - t0;
	if (r->progress && r->progress->fn)
		r->progress->fn(r->progress->arg, r->done, r->p2m_size);
	return 0;
}

static int read_vcpu(struct restorer *r, uint32_t len)
{
	uint32_t id;

	if (len != 8 + sizeof(struct vcpu_guest_context))
		return restore_bad(r, "X86_PV_VCPU_BASIC length");
	memcpy(&id, r->rec, 4);
	if (id >= r->b->vcpus || id >= XEN_LEGACY_MAX_VCPUS)
		return restore_bad(r, "X86_PV_VCPU_BASIC of a vCPU beyond the domain's");
	if (!r->ctx[id] && !(r->ctx[id] = xctrl_locked(sizeof(*r->ctx[id]))))
		return restore_fail(r, -ENOMEM, "vCPU context");
	memcpy(r->ctx[id], r->rec + 8, sizeof(*r->ctx[id]));
	return 0;
}

static int read_xsave(struct restorer *r, uint32_t len)
{
	uint32_t id;

	if (len < 8 + 16 || len > 8 + XS_XSAVE_MAX)
		return restore_bad(r, "X86_PV_VCPU_XSAVE length");
	memcpy(&id, r->rec, 4);
	if (id >= r->b->vcpus || id >= XEN_LEGACY_MAX_VCPUS || r->xsave[id])
		return restore_bad(r, "X86_PV_VCPU_XSAVE of a vCPU beyond the domain's, or twice");
	if (!(r->xsave[id] = xctrl_locked(len - 8)))
		return restore_fail(r, -ENOMEM, "XSAVE state");
	r->xsave_size[id] = len - 8;
	memcpy(r->xsave[id], r->rec + 8, len - 8);
	return 0;
}

uint64_t restore_mfn_of(const struct restorer *r, uint64_t pfn)
{
	return pfn < r->p2m_size ? r->p2m[pfn] : XS_INVALID_MFN;
}

int restore_fix_guest_p2m(struct restorer *r, bool only_stale)
{
	uint64_t *mfns = malloc(r->nr_leaves * 8), *idx = malloc(r->nr_leaves * 8), n = 0, *map;

	if (!mfns || !idx) {
		free(mfns);
		free(idx);
		return restore_fail(r, -ENOMEM, "p2m frames");
	}
	for (uint64_t k = 0; k < r->nr_leaves; k++) {
		if (only_stale && !r->stale[k])
			continue;
		if ((mfns[n] = restore_mfn_of(r, r->leaves[k])) == XS_INVALID_MFN) {
			free(mfns);
			free(idx);
			return restore_bad(r, "a p2m frame was not saved");
		}
		idx[n++] = k;
	}
	map = n ? xcall_map_foreign_range(r->c, r->b->domid, mfns, n) : NULL;
	free(mfns);
	if (n && !map) {
		free(idx);
		return restore_fail(r, -errno, "mapping the guest's p2m");
	}
	for (uint64_t i = 0; i < n; i++) {
		local_leaf(r, map + i * 512, idx[i]);
		r->stale[idx[i]] = 0;
	}
	if (n)
		xcall_unmap_range(r->c, map, n);
	free(idx);
	return 0;
}

/* Whether every leaf of the guest's p2m has arrived. */
static bool leaves_in(const struct restorer *r)
{
	for (uint64_t k = 0; r->p2m && k < r->nr_leaves; k++)
		if (restore_mfn_of(r, r->leaves[k]) == XS_INVALID_MFN)
			return false;
	return r->p2m != NULL;
}

static int read_rings(struct restorer *r)
{
	memcpy(r->rings, r->rec, XS_RINGS_LEN);
	if (!r->p2m || r->rings[0] >= r->p2m_size || r->rings[1] >= r->p2m_size)
		return restore_bad(r, "RINGS before X86_PV_P2M_FRAMES or beyond the p2m");
	return 0;
}

/* At a SYNC, once: the rings' frames (a RINGS record's pfns, populated)
 * told to the caller, who writes their nodes while the domain still runs
 * on the source; restore_finish() reads the true ones from start_info. */
static int early_rings(struct restorer *r)
{
	uint64_t store = restore_mfn_of(r, r->rings[0]), console = restore_mfn_of(r, r->rings[1]);
	struct xguest_build *b = r->b;
	int rc;

	if (b->rings_early || !r->progress || !r->progress->rings || store == XS_INVALID_MFN ||
	    console == XS_INVALID_MFN)
		return 0;
	b->store_mfn = b->early_store_mfn = store;
	b->console_mfn = b->early_console_mfn = console;
	if ((rc = r->progress->rings(r->progress->arg, b)))
		return restore_fail(r, rc, "writing the ring nodes");
	b->rings_early = true;
	return 0;
}

/* A live stream's SYNC: all before it is in the domain; the rings told
 * (early_rings), then the caller answers. */
static int sync_point(struct restorer *r)
{
	int rc = 0;

	if (leaves_in(r)) { /* else all of them at the END, as a save file's */
		rc = restore_fix_guest_p2m(r, false);
		r->p2m_fixed = !rc;
	}
	if (rc || (rc = early_rings(r)))
		return rc;
	rc = r->progress && r->progress->sync ? r->progress->sync(r->progress->arg) : 0;

	*r->t = (struct xguest_restore_times){.sync_ns = xguest_now_ns()};
	if (rc)
		return restore_fail(r, rc, "answering the sender's sync");
	return prepin_tables(r); /* while the sender suspends its domain */
}

/* One record's body into r->rec; *type back. */
static int next_record(struct restorer *r, uint32_t *type, uint32_t *len)
{
	uint8_t h[8];
	uint64_t t0 = xguest_now_ns();
	int rc = xs_get(r->fd, h, 8, r->err, r->errlen);

	if (rc || (rc = xs_rec_decode(h, type, len, r->err, r->errlen)))
		return rc;
	if ((*type != XS_REC_PAGE_DELTA || !r->delta) &&
	    (rc = xs_rec_check(*type, *len, r->err, r->errlen)) < 0)
		return rc;
	rc = xs_get(r->fd, r->rec, xs_pad8(*len), r->err, r->errlen);
	r->t->wait_ns += xguest_now_ns() - t0;
	return rc;
}

static int record(struct restorer *r, uint32_t type, uint32_t len)
{
	int rc;

	if (type != XS_REC_PAGE_DATA && (rc = restore_flush(r)))
		return rc;
	switch (type) {
	case XS_REC_X86_PV_INFO: return 0; /* the first record, checked by read_records */
	case XS_REC_X86_PV_P2M_FRAMES: return read_p2m_frames(r, len);
	case XS_REC_PAGE_DATA: return read_page_data(r, len);
	case XS_REC_PAGE_DELTA: return read_page_delta(r, len); /* only with r->delta */
	case XS_REC_SHARED_INFO: memcpy(r->shinfo, r->rec, XS_PAGE); return 0;
	case XS_REC_X86_PV_VCPU_BASIC: return read_vcpu(r, len);
	case XS_REC_X86_PV_VCPU_XSAVE: return len == 8 ? 0 : read_xsave(r, len);
	case XS_REC_X86_TSC_INFO:
	case XS_REC_X86_CPUID_POLICY:
	case XS_REC_X86_MSR_POLICY:
	case XS_REC_X86_PV_VCPU_EXTENDED:
	case XS_REC_X86_PV_VCPU_MSRS:
		return xstate_keep(&r->st, type, r->rec, len, r->b->vcpus, r->err, r->errlen);
	}
	if (type == XS_REC_SYNC)
		return sync_point(r);
	if (type == XS_REC_RINGS)
		return read_rings(r);
	return 0; /* STATIC_DATA_END, optional records (xs_rec_check refused the rest) */
}

static int read_records(struct restorer *r)
{
	uint32_t type, len, prev = XS_REC_END;
	int rc, first = 1;

	while (!(rc = next_record(r, &type, &len)) && type != XS_REC_END) {
		if (first && (type != XS_REC_X86_PV_INFO || r->rec[0] != 8 || r->rec[1] != 4))
			return restore_bad(r,
					   "the first record is not X86_PV_INFO of a 64-bit guest");
		first = 0;
		if ((prev == XS_REC_PAGE_DATA || prev == XS_REC_PAGE_DELTA) &&
		    type != XS_REC_PAGE_DATA && type != XS_REC_PAGE_DELTA)
			r->t->tail_ns = xguest_now_ns(); /* the last such one stays */
		prev = type;
		if ((rc = record(r, type, len)))
			return rc;
	}
	if (!rc)
		rc = restore_flush(r);
	if (!rc && (!r->p2m || !r->ctx[0]))
		return restore_bad(r, "no p2m or no vCPU 0 before END");
	return rc;
}

int xguest_restore(struct xcall *c, struct xguest_build *b, int fd, const struct xguest_progress *p,
		   char *err, size_t errlen)
{
	struct restorer r = {.c = c,
			     .b = b,
			     .fd = fd,
			     .err = err,
			     .errlen = errlen,
			     .progress = p,
			     .delta = p && p->delta,
			     .rings = {XS_INVALID_MFN, XS_INVALID_MFN}};
	uint8_t head[XS_IMAGE_HEAD_LEN + XS_DOMAIN_HEAD_LEN];
	int rc = xguest_prepare(c, b, err, errlen);

	r.t = p && p->times ? p->times : &r.own_times;
	*r.t = (struct xguest_restore_times){0};

	if (!rc && !(rc = xs_get(fd, head, sizeof(head), err, errlen)))
		rc = xs_image_decode(head, err, errlen);
	if (!rc) {
		r.rec = malloc(XS_REC_MAX + 8);
		r.frames = xctrl_locked(XS_BATCH * 8);
		r.held = malloc((size_t)XS_BATCH * XS_PAGE);
		rc = r.rec && r.frames && r.held ? read_records(&r)
						 : restore_fail(&r, -ENOMEM, "record buffer");
	}
	if (!rc)
		rc = xs_libxl_records(fd, XS_LREC_END, err, errlen);
	r.t->end_ns = xguest_now_ns();
	if (!rc)
		rc = restore_finish(&r);
	if (!rc && p && p->built && (rc = p->built(p->arg, b->domid)))
		restore_fail(&r, rc, "telling the domain is built");
	free(r.rec);
	free(r.held);
	xctrl_locked_free(r.frames, XS_BATCH * 8);
	free(r.p2m);
	free(r.types);
	free(r.leaves);
	free(r.stale);
	free(r.got);
	prepin_free(&r);
	for (unsigned int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
		if (r.ctx[v])
			xctrl_locked_free(r.ctx[v], sizeof(*r.ctx[v]));
	for (unsigned int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
		if (r.xsave[v])
			xctrl_locked_free(r.xsave[v], r.xsave_size[v]);
	xstate_free(&r.st);
	return rc;
}
