/*
 * libxguest: the save of a suspended PV domain (xguest.h, xstream.h).
 *
 * The guest's p2m and shared_info are read first (save_p2m.c). Pages go out in batches of
 * XS_BATCH: their types from getpageframeinfo3, their contents through one read-only mapping per
 * batch, page tables made canonical (mfn -> pfn, stream.c) in the record buffer, never in the
 * domain. Then the TSC, shared_info and each online vCPU's context with its frames made pfns, its
 * extended context, its XSAVE state (XCR0: without it a restored vCPU would fault on AVX
 * instructions) and its MSRs: this tail is read whole into memory first, then written in one
 * write (a live migration waits for it with the guest stopped). The records and their order are
 * Xen 4.17's libxc's, wrapped in xl's header and libxl's stream (xstream.h), so `xl restore` reads
 * the file.
 *
 * Invariants: the domain is only read (its pages are mapped read-only);
 * everything mapped is unmapped and every buffer freed on every path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>

#include "public/version.h"
#include "public/xen.h"
#include "save_private.h"
#include "../ctrl/xctrl.h"

int save_fail(struct saver *s, int rc, const char *what)
{
	snprintf(s->err, s->errlen, "%s: %s", what, strerror(rc < 0 ? -rc : rc));
	return rc < 0 ? rc : -rc;
}

/* The iovecs' bytes appended to the gather buffer (grown as needed). */
static int gatherv(struct saver *s, const struct iovec *iov, int cnt)
{
	for (int i = 0; i < cnt; i++) {
		size_t need = s->gather_len + iov[i].iov_len;

		if (need > s->gather_cap) {
			size_t cap = need > 2 * s->gather_cap ? need : 2 * s->gather_cap;
			uint8_t *p = realloc(s->gather, cap);

			if (!p)
				return save_fail(s, -ENOMEM, "the stream's tail");
			s->gather = p;
			s->gather_cap = cap;
		}
		memcpy(s->gather + s->gather_len, iov[i].iov_base, iov[i].iov_len);
		s->gather_len = need;
	}
	return 0;
}

/* The iovecs' bytes, in as few write()s as the kernel takes (one, mostly);
 * gathered instead while prepare_tail collects the tail. */
static int putv(struct saver *s, struct iovec *iov, int cnt)
{
	uint64_t t0 = xguest_now_ns();

	if (s->gather)
		return gatherv(s, iov, cnt);
	while (cnt) {
		ssize_t w = writev(s->fd, iov, cnt);

		s->t.writes++;
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return save_fail(s, w < 0 ? -errno : -EIO, "writing the save file");
		s->bytes += (uint64_t)w;
		for (; cnt && (size_t)w >= iov->iov_len; iov++, cnt--)
			w -= (ssize_t)iov->iov_len;
		if (cnt) {
			iov->iov_base = (uint8_t *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	s->t.write_ns += xguest_now_ns() - t0;
	return 0;
}

static int put(struct saver *s, const void *p, size_t n)
{
	struct iovec iov = {(void *)p, n};

	return putv(s, &iov, 1);
}

/* A record (libxc's or libxl's framing): header, body, zero padding, one writev. */
static int put_rec(struct saver *s, uint32_t type, const void *body, uint32_t len)
{
	static const uint8_t zero[8];
	uint8_t h[8];
	struct iovec iov[3] = {{h, 8}, {(void *)body, len}, {(void *)zero, xs_pad8(len) - len}};

	xs_rec_head(h, type, len);
	return putv(s, iov, 3);
}

static int put_rec_fn(void *arg, uint32_t type, const void *body, uint32_t len)
{
	return put_rec(arg, type, body, len);
}

/* Image and domain headers, the static data, the p2m's frames. */
static int put_info(struct saver *s, uint32_t major, uint32_t minor)
{
	uint8_t pv_info[8] = {8, 4}, head[XS_IMAGE_HEAD_LEN + XS_DOMAIN_HEAD_LEN];
	uint32_t len = (uint32_t)(8 + s->nr_leaves * 8);
	uint8_t *frames = malloc(len);
	uint32_t range[2] = {0, (uint32_t)(s->p2m_size - 1)};
	int rc;

	if (!frames)
		return save_fail(s, -ENOMEM, "p2m frames record");
	memcpy(frames, range, 8);
	memcpy(frames + 8, s->leaves, s->nr_leaves * 8);
	xs_image_encode(head, major, minor);
	if (!(rc = put(s, head, sizeof(head))) &&
	    !(rc = put_rec(s, XS_REC_X86_PV_INFO, pv_info, sizeof(pv_info))) &&
	    !(rc = xstate_put_policy(s->c, s->domid, put_rec_fn, s, s->err, s->errlen)) &&
	    !(rc = put_rec(s, XS_REC_STATIC_DATA_END, NULL, 0)))
		rc = put_rec(s, XS_REC_X86_PV_P2M_FRAMES, frames, len);
	free(frames);
	return rc;
}

/* The hot set's PAGE_DELTA body, if it has entries, as one record. */
static int put_deltas(struct saver *s)
{
	uint32_t n, len = s->hot->body_len;

	if (len <= 8)
		return 0;
	memcpy(&n, s->hot->body, 4);
	s->hot->body_len = 0;
	s->t.deltas += n;
	s->t.delta_bytes += len;
	s->t.records++;
	return put_rec(s, XS_REC_PAGE_DELTA, s->hot->body, len);
}

/* One batch: the n pfns (at most XS_BATCH) with a valid p2m entry. */
static int put_batch(struct saver *s, const uint64_t *pfns, uint32_t n, uint8_t *rec,
		     uint64_t *types)
{
	uint64_t *words = (uint64_t *)(rec + 8), mfns[XS_BATCH];
	uint32_t count = 0, nr_data = 0;
	uint8_t *data;
	uint64_t t0;
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if (s->p2m[pfns[i]] < MFN_LIMIT) {
			words[count] = pfns[i];
			types[count++] = s->p2m[pfns[i]];
		}
	if (!count)
		return 0;
	t0 = xguest_now_ns();
	if ((rc = xctrl_pageframeinfo(s->c, s->domid, types, count)))
		return save_fail(s, rc, "getpageframeinfo3");
	s->t.info_ns += xguest_now_ns() - t0;
	for (uint32_t i = 0; i < count; i++) {
		unsigned int t = (unsigned int)(types[i] >> 28) & 0xf;

		words[i] |= (uint64_t)t << XS_TYPE_SHIFT;
		if (xs_type_has_data(t))
			mfns[nr_data++] = s->p2m[words[i] & XS_PFN_MASK];
	}
	data = rec + 8 + count * 8;
	if (nr_data && (rc = save_read_frames(s, mfns, nr_data, data)))
		return rc;
	t0 = xguest_now_ns();
	for (uint32_t i = 0, d = 0; i < count; i++) {
		unsigned int t = (unsigned int)(words[i] >> XS_TYPE_SHIFT);

		if (!xs_type_has_data(t))
			continue;
		if (xs_type_level(t) &&
		    (rc = xs_pt_canon((uint64_t *)(data + d * XS_PAGE), xs_type_level(t), &s->m2p,
				      s->err, s->errlen))) {
			size_t at = strlen(s->err);

			s->bad_table = words[i] & XS_PFN_MASK;
			snprintf(s->err + at, s->errlen - at, " (the table at pfn %#llx)",
				 (unsigned long long)(words[i] & XS_PFN_MASK));
			return rc;
		}
		d++;
	}
	s->t.canon_ns += xguest_now_ns() - t0;
	s->done += count;
	if (s->progress && s->progress->fn)
		s->progress->fn(s->progress->arg, s->done, s->total);
	if (s->hot) {
		count = xs_hot_split(s->hot, rec, count, &nr_data);
		s->t.no_copy += s->hot->no_copy;
		s->t.too_long += s->hot->too_long;
		s->t.tables += s->hot->tables;
		s->hot->no_copy = s->hot->too_long = s->hot->tables = 0;
	}
	memcpy(rec, &count, 4);
	memset(rec + 4, 0, 4);
	s->t.records += count > 0;
	if (count && (rc = put_rec(s, XS_REC_PAGE_DATA, rec, 8 + count * 8 + nr_data * XS_PAGE)))
		return rc;
	return s->hot ? put_deltas(s) : 0;
}

static int put_pages(struct saver *s)
{
	uint8_t *rec = malloc(XS_REC_MAX);
	uint64_t *types = xctrl_locked(XS_BATCH * 8);
	int rc = rec && types ? 0 : save_fail(s, -ENOMEM, "page buffer");

	uint64_t pfns[XS_BATCH];

	for (uint64_t pfn = 0; !rc && pfn < s->p2m_size; pfn += XS_BATCH) {
		uint64_t left = s->p2m_size - pfn;
		uint32_t n = left < XS_BATCH ? (uint32_t)left : XS_BATCH;

		for (uint32_t i = 0; i < n; i++)
			pfns[i] = pfn + i;
		rc = put_batch(s, pfns, n, rec, types);
	}
	free(rec);
	if (types)
		xctrl_locked_free(types, XS_BATCH * 8);
	return rc;
}

/* A frame a vCPU context names, made a pfn. */
static int canon_frame(struct saver *s, uint64_t *frame, const char *what)
{
	uint64_t pfn = xs_m2p_lookup(&s->m2p, *frame);

	if (pfn == XS_INVALID_MFN) {
		snprintf(s->err, s->errlen, "vCPU %s (frame %#llx) is not the domain's", what,
			 (unsigned long long)*frame);
		return -EINVAL;
	}
	*frame = pfn;
	return 0;
}

static int canon_ctx(struct saver *s, struct vcpu_guest_context *ctx, uint32_t vcpu)
{
	uint64_t f = xen_cr3_to_pfn(ctx->ctrlreg[3]);
	int rc = canon_frame(s, &f, "cr3");

	ctx->ctrlreg[3] = xen_pfn_to_cr3(f);
	if (!rc && ctx->ctrlreg[1]) {
		f = xen_cr3_to_pfn(ctx->ctrlreg[1]);
		rc = canon_frame(s, &f, "user cr3");
		ctx->ctrlreg[1] = 1 | xen_pfn_to_cr3(f); /* bit 0: libxc's "translate me" */
	}
	for (uint64_t i = 0; !rc && i < (ctx->gdt_ents + 511) / 512 && i < 16; i++)
		rc = canon_frame(s, &ctx->gdt_frames[i], "GDT frame");
	if (!rc && vcpu == 0)
		rc = canon_frame(s, &ctx->user_regs.rdx, "start_info (rdx)");
	return rc;
}

/* The vCPU's XCR0 and XSAVE area (AVX and beyond), if the hypervisor has XSAVE. */
static int put_xsave(struct saver *s, uint32_t v)
{
	void *buf;
	uint64_t size;
	uint8_t *rec;
	int rc = xctrl_get_xsave(s->c, s->domid, v, &buf, &size);

	if (rc)
		return save_fail(s, rc, "getvcpuextstate");
	if (!size)
		return 0;
	rc = size > XS_XSAVE_MAX ? -E2BIG : 0;
	rec = rc ? NULL : calloc(1, 8 + size);
	if (rec) {
		memcpy(rec, &v, 4);
		memcpy(rec + 8, buf, size);
		rc = put_rec(s, XS_REC_X86_PV_VCPU_XSAVE, rec, (uint32_t)(8 + size));
	} else if (!rc) {
		rc = save_fail(s, -ENOMEM, "XSAVE record");
	}
	free(rec);
	xctrl_locked_free(buf, size);
	return rc;
}

static int put_vcpus(struct saver *s)
{
	struct xen_domctl_getdomaininfo info;
	size_t len = 8 + sizeof(struct vcpu_guest_context);
	uint8_t *rec = xctrl_locked(len);
	int rc = rec ? xctrl_domain_info(s->c, s->domid, &info) : -ENOMEM;

	for (uint32_t v = 0; !rc && v <= info.max_vcpu_id; v++) {
		struct xen_domctl_getvcpuinfo vi;

		if ((rc = xctrl_getvcpuinfo(s->c, s->domid, v, &vi)) || !vi.online)
			continue;
		memset(rec, 0, len);
		memcpy(rec, &v, 4);
		if ((rc = xctrl_getvcpucontext(s->c, s->domid, v, rec + 8)))
			break;
		if (!(rc = canon_ctx(s, (void *)(rec + 8), v)) &&
		    !(rc = put_rec(s, XS_REC_X86_PV_VCPU_BASIC, rec, (uint32_t)len)) &&
		    !(rc = xstate_put_ext(s->c, s->domid, v, put_rec_fn, s, s->err, s->errlen)) &&
		    !(rc = put_xsave(s, v)))
			rc = xstate_put_msrs(s->c, s->domid, v, put_rec_fn, s, s->err, s->errlen);
	}
	if (rc && !s->err[0])
		save_fail(s, rc, "vCPU context");
	if (rec)
		xctrl_locked_free(rec, len);
	return rc;
}

/* xl's header and optional data (the config), libxl's header, LIBXC_CONTEXT. */
static int put_header(struct saver *s, const char *config, size_t len)
{
	uint8_t head[XS_HEAD_LEN], libxl[XS_LIBXL_HEAD_LEN];
	uint32_t n = (uint32_t)len;
	int rc;

	xs_head_encode(head, n, 0);
	xs_libxl_encode(libxl);
	if ((rc = put(s, head, sizeof(head))) || (rc = put(s, &n, 4)) ||
	    (rc = put(s, config, len)) || (rc = put(s, libxl, sizeof(libxl))))
		return rc;
	return put_rec(s, XS_LREC_LIBXC_CONTEXT, NULL, 0);
}

/* The tail's records (TSC, shared_info, the vCPUs, libxc's END, libxl's
 * END) gathered into s->gather: the domain's state read first, no write. */
static int gather_tail(struct saver *s)
{
	int rc;

	s->gather_len = 0;
	if (!s->gather && !(s->gather = malloc(s->gather_cap = 4 * XS_PAGE)))
		return save_fail(s, -ENOMEM, "the stream's tail");
	if ((rc = xstate_put_tsc(s->c, s->domid, put_rec_fn, s, s->err, s->errlen)) ||
	    (rc = put_rec(s, XS_REC_SHARED_INFO, s->shinfo, XS_PAGE)) || (rc = put_vcpus(s)) ||
	    (rc = put_rec(s, XS_REC_END, NULL, 0)))
		return rc;
	return put_rec(s, XS_LREC_END, NULL, 0);
}

/* The tail gathered into s->tail (its hypercalls timed as state_ns since
 * t0), for write_tail: a live migration reads it before the last round's
 * pages, while the wire is quiet, and writes it after them at once. */
static int prepare_tail(struct saver *s, uint64_t t0)
{
	int rc = gather_tail(s);

	free(s->tail);
	s->tail = s->gather;
	s->tail_len = s->gather_len;
	s->gather = NULL; /* put writes again */
	s->gather_cap = 0;
	s->t.state_ns += xguest_now_ns() - t0;
	if (rc) {
		free(s->tail);
		s->tail = NULL;
	}
	return rc;
}

/* The prepared tail in one write. */
static int write_tail(struct saver *s)
{
	int rc = put(s, s->tail, s->tail_len);

	free(s->tail);
	s->tail = NULL;
	return rc;
}

int xguest_save(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		const struct xguest_progress *p, char *err, size_t errlen)
{
	struct saver s = {
		.c = c, .domid = domid, .fd = fd, .err = err, .errlen = errlen, .progress = p};
	long v = xctrl_version(c, XENVER_version, NULL, 0);
	int rc;

	err[0] = '\0';
	if (len == 0 || len > XS_CONFIG_MAX)
		return save_fail(&s, -EINVAL, "configuration");
	if ((rc = put_header(&s, config, len)) || (rc = save_read_shared_info(&s)) ||
	    (rc = save_read_p2m(&s)) ||
	    (rc = put_info(&s, v > 0 ? (uint32_t)(v >> 16) : 0,
			   v > 0 ? (uint32_t)(v & 0xffff) : 0)) ||
	    (rc = put_pages(&s)))
		goto out;
	if (!(rc = prepare_tail(&s, xguest_now_ns())))
		rc = write_tail(&s);
out:
	save_unmap_shared_info(&s);
	free(s.p2m);
	free(s.leaves);
	xs_m2p_free(&s.m2p);
	return rc;
}

/*
 * The same steps one at a time, for a live migration (tools/libs/guest/live.c,
 * xlive.h): the stream's start while the domain runs, PAGE_DATA for any pfns
 * as often as they are dirtied (restore.c takes a later copy of a page over an
 * earlier one), then the end once the domain is suspended.
 */
struct xguest_saver {
	struct saver s;
	uint8_t *rec;
	uint64_t *types;
	uint8_t *deferred; /* xguest_save_defer's bitmap, or NULL */
};

void xguest_save_defer(struct xguest_saver *v, uint8_t *bitmap)
{
	v->deferred = bitmap;
}

/* One batch of a list (xs_put_list): a table naming a frame not in the p2m
 * is reported in *bad, its error dropped when the list defers it. */
static int list_batch(void *arg, const uint64_t *pfns, uint32_t n, uint64_t *bad)
{
	struct xguest_saver *v = arg;
	int rc;

	v->s.bad_table = XS_INVALID_MFN;
	rc = put_batch(&v->s, pfns, n, v->rec, v->types);
	*bad = v->s.bad_table;
	if (rc && v->deferred && *bad != XS_INVALID_MFN)
		v->s.err[0] = '\0';
	return rc;
}

int xguest_save_open(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		     struct xguest_saver **out, char *err, size_t errlen)
{
	struct xguest_saver *v = calloc(1, sizeof(*v));
	long ver = xctrl_version(c, XENVER_version, NULL, 0);
	int rc;

	err[0] = '\0';
	*out = v;
	if (!v)
		return -ENOMEM;
	v->s = (struct saver){.c = c, .domid = domid, .fd = fd, .err = err, .errlen = errlen};
	v->rec = malloc(XS_REC_MAX);
	v->types = xctrl_locked(XS_BATCH * 8);
	if (!v->rec || !v->types)
		return save_fail(&v->s, -ENOMEM, "page buffer");
	if (len == 0 || len > XS_CONFIG_MAX)
		return save_fail(&v->s, -EINVAL, "configuration");
	if ((rc = put_header(&v->s, config, len)) || (rc = save_read_shared_info(&v->s)) ||
	    (rc = save_read_p2m(&v->s)))
		return rc;
	return put_info(&v->s, ver > 0 ? (uint32_t)(ver >> 16) : 0,
			ver > 0 ? (uint32_t)(ver & 0xffff) : 0);
}

uint64_t xguest_save_p2m_size(const struct xguest_saver *v)
{
	return v->s.p2m_size;
}

uint64_t xguest_save_bytes(const struct xguest_saver *v)
{
	return v->s.bytes;
}

/* pfns (each < p2m_size) in PAGE_DATA records of up to XS_BATCH pfns
 * each, whatever their gaps: one getpageframeinfo3, one mapping and one
 * write per record. A table naming a frame not in the p2m is marked in the
 * deferred bitmap (when there is one) and left out. */
int xguest_save_pfns(struct xguest_saver *v, const uint64_t *pfns, size_t n)
{
	return xs_put_list(pfns, n, v->deferred, list_batch, v);
}

int xguest_save_rings(struct xguest_saver *v, uint64_t store_mfn, uint64_t console_mfn)
{
	uint64_t pfns[2] = {xs_m2p_lookup(&v->s.m2p, store_mfn),
			    xs_m2p_lookup(&v->s.m2p, console_mfn)};

	if (pfns[0] == XS_INVALID_MFN || pfns[1] == XS_INVALID_MFN)
		return 0; /* not the domain's: the receiver finds them in start_info */
	return put_rec(&v->s, XS_REC_RINGS, pfns, XS_RINGS_LEN);
}

void xguest_save_times_reset(struct xguest_saver *v)
{
	v->s.t = (struct xguest_save_times){0};
}

struct xguest_save_times xguest_save_times_get(const struct xguest_saver *v)
{
	return v->s.t;
}

int xguest_save_sync(struct xguest_saver *v)
{
	return put_rec(&v->s, XS_REC_SYNC, NULL, 0);
}

/* The domain is suspended: shared_info read again (from the kept
 * mapping), then the tail a save file has gathered (prepare_tail: TSC,
 * shared_info, each vCPU, libxc's END and libxl's END; without libxl's
 * END a receiver waits for it). */
int xguest_save_tail(struct xguest_saver *v)
{
	uint64_t size = v->s.p2m_size, t0 = xguest_now_ns();
	int rc = save_read_shared_info(&v->s);

	if (!rc && v->s.p2m_size != size) {
		v->s.p2m_size = size;
		return save_fail(&v->s, -EBUSY,
				 "the guest's p2m changed size during the migration");
	}
	return rc ? rc : prepare_tail(&v->s, t0);
}

int xguest_save_close(struct xguest_saver *v)
{
	int rc = v->s.tail ? 0 : xguest_save_tail(v);

	return rc ? rc : write_tail(&v->s);
}

int xguest_save_delta(struct xguest_saver *v)
{
	struct saver *s = &v->s;

	if (s->hot) {
		xs_hot_round(s->hot);
		return 0;
	}
	if (!(s->hot = malloc(sizeof(*s->hot))) ||
	    xs_hot_init(s->hot, s->p2m_size, XGUEST_HOT_PAGES)) {
		free(s->hot);
		s->hot = NULL;
		return save_fail(s, -ENOMEM, "the copy of the hot set");
	}
	for (uint64_t k = 0; k < s->nr_leaves; k++) /* the receiver rewrites them */
		xs_hot_exclude(s->hot, s->leaves[k]);
	return 0;
}

void xguest_save_free(struct xguest_saver *v)
{
	if (!v)
		return;
	if (v->s.hot)
		xs_hot_free(v->s.hot);
	free(v->s.hot);
	free(v->rec);
	free(v->s.tail);
	save_unmap_shared_info(&v->s);
	if (v->types)
		xctrl_locked_free(v->types, XS_BATCH * 8);
	free(v->s.p2m);
	free(v->s.leaves);
	xs_m2p_free(&v->s.m2p);
	free(v);
}
