/*
 * The .xz container: stream header, blocks (header, LZMA2 data, padding,
 * check), index, stream footer, stream padding and concatenated streams.
 *
 * Invariants:
 *  - Every field is read only after checking that it lies inside the input
 *    (or inside the already bounded block header); every structure's CRC32
 *    is verified before its content is trusted beyond bounds checks.
 *  - Each block's data is decoded straight into the caller's output at
 *    out_pos; filters other than LZMA2 (BCJ) are then undone in place over
 *    exactly the bytes that block produced, and the block's check is
 *    computed over the result.
 *  - The index is compared with what was decoded: number of records, the
 *    sums of unpadded and uncompressed sizes and a CRC32 over all records
 *    in order (so a reordered or altered record is detected without
 *    storing the list).
 *  - Every loop consumes input, so the work is bounded by the input size
 *    (plus the output written by LZMA2, bounded by the output size).
 */
#include "xz_private.h"

#define XZ_STREAM_HDR 12
#define XZ_MAX_FILTERS 4
#define XZ_CHECK_NONE 0x0
#define XZ_CHECK_CRC32 0x1
#define XZ_CHECK_CRC64 0x4
#define XZ_CHECK_SHA256 0xa

static const u8 xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0x00};

/* Per-stream bookkeeping. */
struct xz_stream {
	struct xz_buf *b;
	struct xz_state *st;
	u8 flags[2];  /* stream flags from the header */
	u32 check;    /* check type */
	u64 blocks;   /* records seen while decoding blocks */
	u64 unpadded; /* sum of unpadded block sizes */
	u64 usize;    /* sum of uncompressed block sizes */
	u32 rec_crc;  /* CRC32 over all records */
};

struct xz_filter {
	u64 id;
	u32 start; /* BCJ start offset */
};

struct xz_block {
	size_t hsize;
	bool has_csize, has_usize;
	u64 csize, usize;
	unsigned int nfilters; /* filters before LZMA2 */
	struct xz_filter filter[XZ_MAX_FILTERS - 1];
	u32 dict_size;
};

bool xz_has_magic(const u8 *in, size_t in_len)
{
	return in_len >= sizeof(xz_magic) && !memcmp(in, xz_magic, sizeof(xz_magic));
}

static size_t check_size(u32 type)
{
	static const u8 sizes[16] = {0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64};
	return sizes[type & 15];
}

/* CRC32 of a header, index or footer. XZ_FUZZ_SKIP_HEADER_CRC exists only
 * for one fuzz harness (tests/fuzz), so that it reaches the fields behind
 * these CRCs; it must never be defined in a real build. */
static bool crc32_ok(struct xz_stream *s, const u8 *p, size_t n, const u8 *crc)
{
#ifdef XZ_FUZZ_SKIP_HEADER_CRC
	return xz_crc32(&s->st->crc, p, n, 0) == xz_get_le32(crc) || true;
#else
	return xz_crc32(&s->st->crc, p, n, 0) == xz_get_le32(crc);
#endif
}

/* Variable-length integer: 7 bits per byte, little endian, at most nine
 * bytes, no redundant trailing zero byte. */
static int read_vli(struct xz_buf *b, size_t end, u64 *val, int trunc)
{
	u64 v = 0;

	for (unsigned int i = 0; i < 9; i++) {
		if (b->in_pos >= end)
			return xz_err(b, trunc,
				      trunc == XZ_ETRUNC ? "truncated input"
							 : "corrupt block header (field overrun)");
		u8 byte = b->in[b->in_pos++];

		v |= (u64)(byte & 0x7f) << (7 * i);
		if (!(byte & 0x80)) {
			if (byte == 0 && i > 0)
				return xz_err(b, XZ_ECORRUPT, "non-minimal integer encoding");
			*val = v;
			return 0;
		}
	}
	return xz_err(b, XZ_ECORRUPT, "integer field too long");
}

static void record_add(struct xz_stream *s, u64 unpadded, u64 usize)
{
	u8 rec[16];

	xz_put_le32(rec, (u32)unpadded);
	xz_put_le32(rec + 4, (u32)(unpadded >> 32));
	xz_put_le32(rec + 8, (u32)usize);
	xz_put_le32(rec + 12, (u32)(usize >> 32));
	s->rec_crc = xz_crc32(&s->st->crc, rec, sizeof(rec), s->rec_crc);
	s->unpadded += unpadded;
	s->usize += usize;
}

/* ---- stream header / footer ---- */

static int stream_header(struct xz_stream *s)
{
	struct xz_buf *b = s->b;
	const u8 *h = b->in + b->in_pos;

	if (b->in_len - b->in_pos < XZ_STREAM_HDR)
		return xz_err(b, XZ_ETRUNC, "truncated stream header");
	if (memcmp(h, xz_magic, sizeof(xz_magic)))
		return xz_err(b, XZ_ENOTXZ, "not an XZ stream (bad magic)");
	if (!crc32_ok(s, h + 6, 2, h + 8))
		return xz_err(b, XZ_ECHECK, "stream header CRC32 mismatch");
	if (h[6] != 0 || (h[7] & 0xf0))
		return xz_err(b, XZ_EUNSUP, "unsupported stream flags");
	s->check = h[7];
	if (s->check != XZ_CHECK_NONE && s->check != XZ_CHECK_CRC32 && s->check != XZ_CHECK_CRC64 &&
	    s->check != XZ_CHECK_SHA256)
		return xz_err(b, XZ_EUNSUP, "unsupported check type");
	memcpy(s->flags, h + 6, 2);
	b->in_pos += XZ_STREAM_HDR;
	return 0;
}

static int stream_footer(struct xz_stream *s, size_t index_size)
{
	struct xz_buf *b = s->b;
	const u8 *f = b->in + b->in_pos;

	if (b->in_len - b->in_pos < XZ_STREAM_HDR)
		return xz_err(b, XZ_ETRUNC, "truncated stream footer");
	if (f[10] != 'Y' || f[11] != 'Z')
		return xz_err(b, XZ_ECORRUPT, "bad stream footer magic");
	if (!crc32_ok(s, f + 4, 6, f))
		return xz_err(b, XZ_ECHECK, "stream footer CRC32 mismatch");
	if (((u64)xz_get_le32(f + 4) + 1) * 4 != index_size)
		return xz_err(b, XZ_ECORRUPT, "stream footer backward size mismatch");
	if (memcmp(f + 8, s->flags, 2))
		return xz_err(b, XZ_ECORRUPT, "stream footer flags differ from header");
	b->in_pos += XZ_STREAM_HDR;
	return 0;
}

/* ---- block header ---- */

static int filter_props(struct xz_buf *b, struct xz_block *bk, u64 id, const u8 *props, u64 psize,
			bool last)
{
	if (id == XZ_FILTER_LZMA2) {
		if (!last)
			return xz_err(b, XZ_ECORRUPT, "LZMA2 is not the last filter");
		if (psize != 1 || !xz_lzma2_dict_size(props[0], &bk->dict_size))
			return xz_err(b, XZ_ECORRUPT, "invalid LZMA2 filter properties");
		return 0;
	}
	if (last)
		return xz_err(b, XZ_EUNSUP, "filter chain does not end with LZMA2");
	if (id == 0x03)
		return xz_err(b, XZ_EUNSUP, "unsupported filter 0x03 (delta)");
	if (id == XZ_FILTER_IA64)
		return xz_err(b, XZ_EUNSUP, "unsupported filter 0x06 (IA-64 BCJ)");
	if (!xz_bcj_supported(id))
		return xz_err(b, XZ_EUNSUP, "unsupported filter ID");
	if (psize != 0 && psize != 4)
		return xz_err(b, XZ_ECORRUPT, "invalid BCJ filter properties");
	bk->filter[bk->nfilters].id = id;
	bk->filter[bk->nfilters].start = psize ? xz_get_le32(props) : 0;
	bk->nfilters++;
	return 0;
}

static int block_filters(struct xz_buf *b, struct xz_block *bk, unsigned int n, size_t end)
{
	for (unsigned int i = 0; i < n; i++) {
		u64 id, psize;
		int ret = read_vli(b, end, &id, XZ_ECORRUPT);

		if (!ret)
			ret = read_vli(b, end, &psize, XZ_ECORRUPT);
		if (ret)
			return ret;
		if (psize > end - b->in_pos)
			return xz_err(b, XZ_ECORRUPT, "corrupt block header (filter properties)");
		const u8 *props = b->in + b->in_pos;

		b->in_pos += psize;
		ret = filter_props(b, bk, id, props, psize, i + 1 == n);
		if (ret)
			return ret;
	}
	return 0;
}

static int block_sizes(struct xz_buf *b, struct xz_block *bk, u8 flags, size_t end)
{
	int ret = 0;

	bk->has_csize = flags & 0x40;
	bk->has_usize = flags & 0x80;
	if (bk->has_csize) {
		ret = read_vli(b, end, &bk->csize, XZ_ECORRUPT);
		if (!ret && bk->csize == 0)
			ret = xz_err(b, XZ_ECORRUPT, "zero compressed size in block header");
	}
	if (!ret && bk->has_usize)
		ret = read_vli(b, end, &bk->usize, XZ_ECORRUPT);
	return ret;
}

static int block_header(struct xz_stream *s, struct xz_block *bk)
{
	struct xz_buf *b = s->b;
	size_t start = b->in_pos;
	size_t hsize = ((size_t)b->in[start] + 1) * 4;
	size_t end = start + hsize - 4; /* the CRC32 follows */

	if (b->in_len - start < hsize)
		return xz_err(b, XZ_ETRUNC, "truncated block header");
	if (!crc32_ok(s, b->in + start, hsize - 4, b->in + end))
		return xz_err(b, XZ_ECHECK, "block header CRC32 mismatch");
	u8 flags = b->in[start + 1];

	if (flags & 0x3c)
		return xz_err(b, XZ_EUNSUP, "unsupported block flags");
	memset(bk, 0, sizeof(*bk));
	bk->hsize = hsize;
	b->in_pos = start + 2;
	int ret = block_sizes(b, bk, flags, end);

	if (!ret)
		ret = block_filters(b, bk, (flags & 3u) + 1, end);
	if (ret)
		return ret;
	for (; b->in_pos < end; b->in_pos++)
		if (b->in[b->in_pos])
			return xz_err(b, XZ_EUNSUP, "non-zero block header padding");
	b->in_pos = start + hsize;
	return 0;
}

/* ---- blocks ---- */

static int verify_check(struct xz_stream *s, const u8 *data, size_t n)
{
	struct xz_buf *b = s->b;
	const u8 *want = b->in + b->in_pos;
	u8 sha[32];
	bool ok = true;

	if (b->in_len - b->in_pos < check_size(s->check))
		return xz_err(b, XZ_ETRUNC, "truncated block check");
	if (s->check == XZ_CHECK_CRC32) {
		ok = xz_crc32(&s->st->crc, data, n, 0) == xz_get_le32(want);
	} else if (s->check == XZ_CHECK_CRC64) {
		ok = xz_crc64(&s->st->crc, data, n, 0) == xz_get_le64(want);
	} else if (s->check == XZ_CHECK_SHA256) {
		xz_sha256(data, n, sha);
		ok = !memcmp(sha, want, sizeof(sha));
	}
	b->in_pos += check_size(s->check);
	if (!ok)
		return xz_err(b, XZ_ECHECK,
			      s->check == XZ_CHECK_CRC32   ? "CRC32 mismatch"
			      : s->check == XZ_CHECK_CRC64 ? "CRC64 mismatch"
							   : "SHA-256 mismatch");
	return 0;
}

static int block_data(struct xz_stream *s, struct xz_block *bk, u64 *csize)
{
	struct xz_buf *b = s->b;
	size_t data_start = b->in_pos;
	size_t data_end = b->in_len;

	if (bk->has_csize) {
		if (bk->csize > b->in_len - data_start)
			return xz_err(b, XZ_ETRUNC, "truncated block data");
		data_end = data_start + bk->csize;
	}
	int ret = xz_lzma2_decode(&s->st->u.lzma, b, bk->dict_size, data_end);

	if (ret)
		return ret;
	*csize = b->in_pos - data_start;
	if (bk->has_csize && *csize != bk->csize)
		return xz_err(b, XZ_ECORRUPT, "block compressed size mismatch");
	return 0;
}

static int block_padding(struct xz_buf *b, u64 csize)
{
	for (; csize & 3; csize++) {
		if (b->in_pos >= b->in_len)
			return xz_err(b, XZ_ETRUNC, "truncated block padding");
		if (b->in[b->in_pos++])
			return xz_err(b, XZ_ECORRUPT, "non-zero block padding");
	}
	return 0;
}

static int decode_block(struct xz_stream *s)
{
	struct xz_buf *b = s->b;
	struct xz_block bk;
	size_t out_start = b->out_pos;
	u64 csize;
	int ret = block_header(s, &bk);

	if (!ret)
		ret = block_data(s, &bk, &csize);
	if (ret)
		return ret;
	size_t usize = b->out_pos - out_start;

	if (bk.has_usize && bk.usize != usize)
		return xz_err(b, XZ_ECORRUPT, "block uncompressed size mismatch");
	for (unsigned int i = bk.nfilters; i-- > 0;)
		xz_bcj_decode(bk.filter[i].id, bk.filter[i].start, b->out + out_start, usize);
	ret = block_padding(b, csize);
	if (!ret)
		ret = verify_check(s, b->out + out_start, usize);
	if (ret)
		return ret;
	s->blocks++;
	record_add(s, bk.hsize + csize + check_size(s->check), usize);
	return 0;
}

/* ---- index ---- */

static int index_records(struct xz_stream *s, u64 count, struct xz_stream *idx)
{
	struct xz_buf *b = s->b;

	for (u64 i = 0; i < count; i++) {
		u64 unpadded, usize;
		int ret = read_vli(b, b->in_len, &unpadded, XZ_ETRUNC);

		if (!ret)
			ret = read_vli(b, b->in_len, &usize, XZ_ETRUNC);
		if (ret)
			return ret;
		record_add(idx, unpadded, usize);
	}
	return 0;
}

static int decode_index(struct xz_stream *s, size_t *index_size)
{
	struct xz_buf *b = s->b;
	size_t start = b->in_pos++; /* the 0x00 index indicator */
	struct xz_stream idx = {.b = b, .st = s->st};
	u64 count;
	int ret = read_vli(b, b->in_len, &count, XZ_ETRUNC);

	if (!ret && count != s->blocks)
		ret = xz_err(b, XZ_ECORRUPT, "index record count mismatch");
	if (!ret)
		ret = index_records(s, count, &idx);
	if (!ret)
		ret = block_padding(b, b->in_pos - start);
	if (ret)
		return ret == XZ_ECORRUPT ? xz_err(b, ret, "corrupt index") : ret;
	if (idx.unpadded != s->unpadded || idx.usize != s->usize || idx.rec_crc != s->rec_crc)
		return xz_err(b, XZ_ECORRUPT, "index does not match the blocks");
	if (b->in_len - b->in_pos < 4)
		return xz_err(b, XZ_ETRUNC, "truncated index");
	if (!crc32_ok(s, b->in + start, b->in_pos - start, b->in + b->in_pos))
		return xz_err(b, XZ_ECHECK, "index CRC32 mismatch");
	b->in_pos += 4;
	*index_size = b->in_pos - start;
	return 0;
}

/* ---- streams ---- */

static int decode_stream(struct xz_state *st, struct xz_buf *b)
{
	struct xz_stream s = {.b = b, .st = st};
	size_t index_size;
	int ret = stream_header(&s);

	while (!ret) {
		if (b->in_pos >= b->in_len)
			return xz_err(b, XZ_ETRUNC, "truncated input (expected block or index)");
		if (b->in[b->in_pos] == 0x00)
			break;
		ret = decode_block(&s);
	}
	if (!ret)
		ret = decode_index(&s, &index_size);
	if (!ret)
		ret = stream_footer(&s, index_size);
	return ret;
}

/* After a stream: skip stream padding; tell whether another stream follows. */
static int stream_padding(struct xz_buf *b, bool *more)
{
	size_t n = 0;

	while (b->in_pos + n < b->in_len && b->in[b->in_pos + n] == 0)
		n++;
	if (n & 3)
		return xz_err(b, XZ_ECORRUPT, "stream padding is not a multiple of 4");
	b->in_pos += n;
	*more = b->in_pos < b->in_len;
	if (*more && !xz_has_magic(b->in + b->in_pos, b->in_len - b->in_pos))
		return xz_err(b, XZ_ECORRUPT, "trailing garbage after XZ stream");
	return 0;
}

int xz_decode(struct xz_dec *dec, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	      unsigned int flags, size_t *in_used, size_t *out_len, const char **why)
{
	struct xz_state *st = xz_state_of(dec);
	struct xz_buf b = {in, 0, in_len, out, 0, out_cap, "success"};
	bool more = true;
	int ret = 0;

	xz_crc_init(&st->crc);
	if (!xz_has_magic(in, in_len))
		ret = xz_err(&b, XZ_ENOTXZ, "not an XZ stream (bad magic)");
	while (!ret && more) {
		ret = decode_stream(st, &b);
		if (!ret && !(flags & XZ_SINGLE_STREAM))
			ret = stream_padding(&b, &more);
		else
			more = false;
	}
	if (in_used)
		*in_used = b.in_pos;
	if (out_len)
		*out_len = b.out_pos;
	if (why)
		*why = b.why;
	return ret;
}

int xz_decode_buf(struct xz_dec *dec, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		  size_t *out_len, const char **why)
{
	return xz_decode(dec, in, in_len, out, out_cap, 0, NULL, out_len, why);
}
