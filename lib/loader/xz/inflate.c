/*
 * gzip (RFC 1952) container and DEFLATE (RFC 1951) decoder.
 *
 * Invariants:
 *  - The bit reader never reads outside in[0, in_len): past the end it
 *    supplies zero bits and sets `overrun`, which every symbol loop checks,
 *    so a truncated stream fails with XZ_ETRUNC after a bounded amount of
 *    work (at most one symbol past the end).
 *  - Huffman codes are canonical: a table stores the number of codes of
 *    each length and the symbols in code order. Over-subscribed length sets
 *    are rejected; incomplete ones are accepted and an unused code is an
 *    error when met. Decoding a symbol takes at most 15 steps.
 *  - Output is written only after checking the room left in out[]; match
 *    distances never reach before the start of the current gzip member.
 *  - Every loop iteration consumes input bits or produces output, so the
 *    work is bounded by in_len * 8 + out_cap.
 */
#include "xz_private.h"

#define GZ_FTEXT 0x01
#define GZ_FHCRC 0x02
#define GZ_FEXTRA 0x04
#define GZ_FNAME 0x08
#define GZ_FCOMMENT 0x10
#define GZ_FRESERVED 0xe0
#define DEFLATE_END_OF_BLOCK 256

struct bitrd {
	const u8 *in;
	size_t pos;
	size_t len;
	u32 buf;
	u32 cnt;
	bool overrun;
};

struct inflate_ctx {
	struct bitrd br;
	struct xz_buf *b;
	struct inflate_tables *t;
	size_t member_start; /* out offset where the current member began */
};

bool gzip_has_magic(const u8 *in, size_t in_len)
{
	return in_len >= 2 && in[0] == 0x1f && in[1] == 0x8b;
}

/* ---- bits and Huffman codes ---- */

static inline u32 get_bits(struct bitrd *br, u32 n)
{
	while (br->cnt < n) {
		u32 byte = 0;

		if (likely(br->pos < br->len))
			byte = br->in[br->pos++];
		else
			br->overrun = true;
		br->buf |= byte << br->cnt;
		br->cnt += 8;
	}
	u32 v = br->buf & ((1u << n) - 1);

	br->buf >>= n;
	br->cnt -= n;
	return v;
}

/* Build a canonical code from code lengths; false if over-subscribed. */
static bool huff_build(struct inflate_huff *h, const u8 *lengths, u32 n)
{
	u16 offs[INFLATE_MAX_BITS + 2];
	s32 left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (u32 i = 0; i < n; i++)
		h->count[lengths[i]]++;
	for (u32 len = 1; len <= INFLATE_MAX_BITS; len++) {
		left = left * 2 - h->count[len];
		if (left < 0)
			return false;
	}
	offs[1] = 0;
	for (u32 len = 1; len <= INFLATE_MAX_BITS; len++)
		offs[len + 1] = (u16)(offs[len] + h->count[len]);
	for (u32 i = 0; i < n; i++)
		if (lengths[i])
			h->symbol[offs[lengths[i]]++] = (u16)i;
	return true;
}

/* Decode one symbol, reading the code one bit at a time (codes are stored
 * most significant bit first). Returns -1 for an unused code. */
static int huff_decode(struct bitrd *br, const struct inflate_huff *h)
{
	u32 code = 0, first = 0, index = 0;

	for (u32 len = 1; len <= INFLATE_MAX_BITS; len++) {
		code |= get_bits(br, 1);
		u32 count = h->count[len];

		if (code - first < count)
			return h->symbol[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

/* ---- compressed blocks ---- */

static const u16 len_base[29] = {
	3,  4,	5,  6,	7,  8,	9,  10, 11,  13,  15,  17,  19,	 23,  27,
	31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const u16 dist_base[30] = {
	1,   2,	  3,   4,   5,	 7,    9,    13,   17,	 25,   33,   49,   65,	  97,	 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const u8 dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2,	 3,  3,	 4,  4,	 5,  5,	 6,
	6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

/* Copy a match of `len` bytes from `dist` bytes back. */
static int inflate_copy(struct inflate_ctx *c, u32 len, u32 dist)
{
	struct xz_buf *b = c->b;

	if (dist > b->out_pos - c->member_start)
		return xz_err(b, XZ_ECORRUPT, "corrupt DEFLATE data (distance too far back)");
	if (len > b->out_cap - b->out_pos)
		return xz_err(b, XZ_ENOSPC, "output buffer too small");
	u8 *dst = b->out + b->out_pos;
	const u8 *src = dst - dist;

	b->out_pos += len;
	while (len--)
		*dst++ = *src++;
	return 0;
}

static int inflate_match(struct inflate_ctx *c, u32 sym)
{
	struct bitrd *br = &c->br;

	if (sym >= 257 + 29)
		return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE data (bad length code)");
	u32 len = len_base[sym - 257] + get_bits(br, len_extra[sym - 257]);
	int dsym = huff_decode(br, &c->t->dist);

	if (dsym < 0 || dsym >= 30)
		return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE data (bad distance code)");
	u32 dist = dist_base[dsym] + get_bits(br, dist_extra[dsym]);

	if (br->overrun)
		return xz_err(c->b, XZ_ETRUNC, "truncated DEFLATE data");
	return inflate_copy(c, len, dist);
}

static int inflate_codes(struct inflate_ctx *c)
{
	struct xz_buf *b = c->b;

	for (;;) {
		int sym = huff_decode(&c->br, &c->t->litlen);

		if (c->br.overrun)
			return xz_err(b, XZ_ETRUNC, "truncated DEFLATE data");
		if (sym < 0)
			return xz_err(b, XZ_ECORRUPT,
				      "corrupt DEFLATE data (bad literal/length code)");
		if (sym < 256) {
			if (b->out_pos >= b->out_cap)
				return xz_err(b, XZ_ENOSPC, "output buffer too small");
			b->out[b->out_pos++] = (u8)sym;
		} else if (sym == DEFLATE_END_OF_BLOCK) {
			return 0;
		} else {
			int ret = inflate_match(c, (u32)sym);
			if (ret)
				return ret;
		}
	}
}

static int inflate_fixed(struct inflate_ctx *c)
{
	u8 *l = c->t->lengths;

	memset(l, 8, 144);
	memset(l + 144, 9, 256 - 144);
	memset(l + 256, 7, 280 - 256);
	memset(l + 280, 8, 288 - 280);
	huff_build(&c->t->litlen, l, 288);
	memset(l, 5, 30);
	huff_build(&c->t->dist, l, 30);
	return inflate_codes(c);
}

/* Read the literal/length and distance code lengths (with run-length
 * symbols 16/17/18) into t->lengths. */
static int inflate_read_lengths(struct inflate_ctx *c, u32 total)
{
	struct bitrd *br = &c->br;
	u8 *l = c->t->lengths;

	for (u32 i = 0; i < total;) {
		int sym = huff_decode(br, &c->t->clen);
		u32 rep;
		u8 val = 0;

		if (sym < 0 || br->overrun)
			return br->overrun
				       ? xz_err(c->b, XZ_ETRUNC, "truncated DEFLATE data")
				       : xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE code lengths");
		if (sym < 16) {
			l[i++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE code lengths");
			val = l[i - 1];
			rep = 3 + get_bits(br, 2);
		} else {
			rep = sym == 17 ? 3 + get_bits(br, 3) : 11 + get_bits(br, 7);
		}
		if (rep > total - i)
			return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE code lengths");
		memset(l + i, val, rep);
		i += rep;
	}
	return 0;
}

static int inflate_dynamic(struct inflate_ctx *c)
{
	static const u8 order[19] = {16, 17, 18, 0, 8,	7, 9,  6, 10, 5,
				     11, 4,  12, 3, 13, 2, 14, 1, 15};
	struct inflate_tables *t = c->t;
	u32 nlit = get_bits(&c->br, 5) + 257;
	u32 ndist = get_bits(&c->br, 5) + 1;
	u32 nclen = get_bits(&c->br, 4) + 4;

	if (nlit > 286 || ndist > 30)
		return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE header (too many codes)");
	memset(t->lengths, 0, 19);
	for (u32 i = 0; i < nclen; i++)
		t->lengths[order[i]] = (u8)get_bits(&c->br, 3);
	if (!huff_build(&t->clen, t->lengths, 19))
		return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE header (bad code length code)");
	int ret = inflate_read_lengths(c, nlit + ndist);

	if (ret)
		return ret;
	if (t->lengths[DEFLATE_END_OF_BLOCK] == 0 || !huff_build(&t->litlen, t->lengths, nlit) ||
	    !huff_build(&t->dist, t->lengths + nlit, ndist))
		return xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE header (bad code)");
	return inflate_codes(c);
}

static int inflate_stored(struct inflate_ctx *c)
{
	struct bitrd *br = &c->br;
	struct xz_buf *b = c->b;

	br->buf = 0; /* skip to the byte boundary */
	br->cnt = 0;
	if (br->len - br->pos < 4)
		return xz_err(b, XZ_ETRUNC, "truncated DEFLATE stored block");
	u32 len = br->in[br->pos] | (u32)br->in[br->pos + 1] << 8;
	u32 nlen = br->in[br->pos + 2] | (u32)br->in[br->pos + 3] << 8;

	if (len != (~nlen & 0xffff))
		return xz_err(b, XZ_ECORRUPT, "corrupt DEFLATE stored block length");
	br->pos += 4;
	if (br->len - br->pos < len)
		return xz_err(b, XZ_ETRUNC, "truncated DEFLATE stored block");
	if (b->out_cap - b->out_pos < len)
		return xz_err(b, XZ_ENOSPC, "output buffer too small");
	memcpy(b->out + b->out_pos, br->in + br->pos, len);
	br->pos += len;
	b->out_pos += len;
	return 0;
}

/* Decode one DEFLATE stream starting at b->in_pos; leave in_pos at the
 * first whole byte after it. */
static int inflate_stream(struct inflate_ctx *c)
{
	struct bitrd *br = &c->br;
	u32 last;
	int ret;

	*br = (struct bitrd){c->b->in, c->b->in_pos, c->b->in_len, 0, 0, false};
	do {
		last = get_bits(br, 1);
		u32 type = get_bits(br, 2);

		if (br->overrun)
			return xz_err(c->b, XZ_ETRUNC, "truncated DEFLATE data");
		if (type == 0)
			ret = inflate_stored(c);
		else if (type == 1)
			ret = inflate_fixed(c);
		else if (type == 2)
			ret = inflate_dynamic(c);
		else
			ret = xz_err(c->b, XZ_ECORRUPT, "corrupt DEFLATE data (block type 3)");
	} while (!ret && !last);
	c->b->in_pos = br->pos; /* unused bits of the last byte are dropped */
	return ret;
}

/* ---- gzip container ---- */

static int skip_zstring(struct xz_buf *b)
{
	while (b->in_pos < b->in_len)
		if (b->in[b->in_pos++] == 0)
			return 0;
	return xz_err(b, XZ_ETRUNC, "truncated gzip header");
}

static int gzip_header(struct xz_buf *b, const struct xz_crc_tables *crc)
{
	size_t start = b->in_pos;
	const u8 *h = b->in + start;
	int ret = 0;

	if (b->in_len - start < 10)
		return xz_err(b, XZ_ETRUNC, "truncated gzip header");
	if (!gzip_has_magic(h, 10))
		return xz_err(b, XZ_ENOTXZ, "not a gzip stream (bad magic)");
	if (h[2] != 8)
		return xz_err(b, XZ_EUNSUP, "unsupported gzip compression method");
	if (h[3] & GZ_FRESERVED)
		return xz_err(b, XZ_EUNSUP, "unsupported gzip header flags");
	b->in_pos += 10;
	if (h[3] & GZ_FEXTRA) {
		if (b->in_len - b->in_pos < 2)
			return xz_err(b, XZ_ETRUNC, "truncated gzip header");
		size_t xlen = b->in[b->in_pos] | (size_t)b->in[b->in_pos + 1] << 8;

		if (b->in_len - b->in_pos - 2 < xlen)
			return xz_err(b, XZ_ETRUNC, "truncated gzip header");
		b->in_pos += 2 + xlen;
	}
	if (h[3] & GZ_FNAME)
		ret = skip_zstring(b);
	if (!ret && (h[3] & GZ_FCOMMENT))
		ret = skip_zstring(b);
	if (ret || !(h[3] & GZ_FHCRC))
		return ret;
	if (b->in_len - b->in_pos < 2)
		return xz_err(b, XZ_ETRUNC, "truncated gzip header");
	u32 want = b->in[b->in_pos] | (u32)b->in[b->in_pos + 1] << 8;

	if ((xz_crc32(crc, h, b->in_pos - start, 0) & 0xffff) != want)
		return xz_err(b, XZ_ECHECK, "gzip header CRC mismatch");
	b->in_pos += 2;
	return 0;
}

static int gzip_member(struct inflate_ctx *c, const struct xz_crc_tables *crc)
{
	struct xz_buf *b = c->b;
	int ret = gzip_header(b, crc);

	c->member_start = b->out_pos;
	if (!ret)
		ret = inflate_stream(c);
	if (ret)
		return ret;
	if (b->in_len - b->in_pos < 8)
		return xz_err(b, XZ_ETRUNC, "truncated gzip trailer");
	const u8 *tr = b->in + b->in_pos;
	size_t n = b->out_pos - c->member_start;

	b->in_pos += 8;
	if (xz_crc32(crc, b->out + c->member_start, n, 0) != xz_get_le32(tr))
		return xz_err(b, XZ_ECHECK, "CRC32 mismatch");
	if ((u32)n != xz_get_le32(tr + 4))
		return xz_err(b, XZ_ECORRUPT, "gzip size (ISIZE) mismatch");
	return 0;
}

/* After a member: true if another one follows; zero padding is skipped. */
static int gzip_more(struct xz_buf *b, bool *more)
{
	size_t rest = b->in_len - b->in_pos;

	*more = rest > 0 && gzip_has_magic(b->in + b->in_pos, rest);
	if (*more)
		return 0;
	for (; b->in_pos < b->in_len; b->in_pos++)
		if (b->in[b->in_pos])
			return xz_err(b, XZ_ECORRUPT, "trailing garbage after gzip data");
	return 0;
}

int gzip_decode_buf(struct xz_dec *dec, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		    size_t *out_len, const char **why)
{
	struct xz_state *st = xz_state_of(dec);
	struct xz_buf b = {in, 0, in_len, out, 0, out_cap, "success"};
	struct inflate_ctx c = {.b = &b, .t = &st->u.inflate};
	bool more = true;
	int ret = 0;

	xz_crc_init(&st->crc);
	while (!ret && more) {
		ret = gzip_member(&c, &st->crc);
		if (!ret)
			ret = gzip_more(&b, &more);
	}
	if (out_len)
		*out_len = b.out_pos;
	if (why)
		*why = b.why;
	return ret;
}
