/*
 * LZMA2 decoder: the chunk layer (uncompressed chunks, LZMA chunks with
 * their state/property/dictionary resets) and the LZMA decoder proper
 * (adaptive binary range decoder, literal/match/rep symbol coding).
 *
 * Invariants:
 *  - The output buffer is the dictionary. Every byte referenced by a match
 *    lies in out[dict_start, pos): distances are checked against both the
 *    bytes decoded since the last dictionary reset and the dictionary size
 *    from the filter properties; violations are "corrupt".
 *  - Before an LZMA chunk is decoded its declared uncompressed size has
 *    been checked to fit in the output buffer and no symbol may run past
 *    it, so the inner loop writes only inside out[pos, chunk_end).
 *  - The range decoder reads only in[start, chunk_end); reading past the
 *    chunk yields zero bytes and sets `overrun`, which fails the chunk.
 *    A chunk must consume exactly its compressed size and end with a zero
 *    range-coder code, as written by a conforming encoder.
 *  - Each iteration of every loop consumes input or produces output that is
 *    bounded by the chunk sizes, so decoding always terminates.
 */
#include "xz_private.h"

#define RC_TOP (1u << 24)
#define RC_BITS 11
#define RC_ONE (1u << RC_BITS) /* probability 1.0; 0.5 is RC_ONE / 2 */
#define RC_ADAPT 5
#define LZMA_MATCH_MIN 2
#define LZMA_END_MARKER 0xffffffffu

struct rc {
	const u8 *in;
	size_t pos;
	size_t end;
	u32 range;
	u32 code;
	bool overrun;
};

/* ---- range decoder ---- */

static __attribute__((always_inline)) inline void rc_normalize(struct rc *rc)
{
	if (rc->range < RC_TOP) {
		u8 next = 0;

		if (likely(rc->pos < rc->end))
			next = rc->in[rc->pos++];
		else
			rc->overrun = true;
		rc->range <<= 8;
		rc->code = (rc->code << 8) | next;
	}
}

static __attribute__((always_inline)) inline u32 rc_bit(struct rc *rc, u16 *p)
{
	u32 bound = (rc->range >> RC_BITS) * *p;
	u32 bit;

	if (rc->code < bound) {
		rc->range = bound;
		*p = (u16)(*p + ((RC_ONE - *p) >> RC_ADAPT));
		bit = 0;
	} else {
		rc->range -= bound;
		rc->code -= bound;
		*p = (u16)(*p - (*p >> RC_ADAPT));
		bit = 1;
	}
	rc_normalize(rc);
	return bit;
}

/* Bit tree, most significant bit first; probs[1 .. 2^bits - 1] used. */
static inline u32 rc_tree(struct rc *rc, u16 *probs, u32 bits)
{
	u32 m = 1;

	for (u32 i = 0; i < bits; i++)
		m = (m << 1) | rc_bit(rc, &probs[m]);
	return m - (1u << bits);
}

/* Bit tree, least significant bit first. */
static inline u32 rc_tree_rev(struct rc *rc, u16 *probs, u32 bits)
{
	u32 m = 1, sym = 0;

	for (u32 i = 0; i < bits; i++) {
		u32 bit = rc_bit(rc, &probs[m]);

		m = (m << 1) | bit;
		sym |= bit << i;
	}
	return sym;
}

/* Bits with fixed probability 0.5. */
static inline u32 rc_direct(struct rc *rc, u32 bits)
{
	u32 r = 0;

	while (bits--) {
		rc->range >>= 1;
		u32 bit = rc->code >= rc->range;

		if (bit)
			rc->code -= rc->range;
		r = (r << 1) | bit;
		rc_normalize(rc);
	}
	return r;
}

/* ---- LZMA symbols ---- */

static inline u32 lzma_len(struct rc *rc, struct lzma_len_probs *l, u32 ps)
{
	if (!rc_bit(rc, &l->choice))
		return LZMA_MATCH_MIN + rc_tree(rc, l->low[ps], 3);
	if (!rc_bit(rc, &l->choice2))
		return LZMA_MATCH_MIN + 8 + rc_tree(rc, l->mid[ps], 3);
	return LZMA_MATCH_MIN + 16 + rc_tree(rc, l->high, 8);
}

static inline u32 lzma_dist(struct lzma_probs *p, struct rc *rc, u32 len)
{
	u32 len_state = MIN(len - LZMA_MATCH_MIN, LZMA_LEN_STATES - 1);
	u32 slot = rc_tree(rc, p->dist_slot[len_state], 6);

	if (slot < 4)
		return slot;
	u32 direct = (slot >> 1) - 1;
	u32 dist = (2 | (slot & 1)) << direct;

	if (slot < 14)
		return dist + rc_tree_rev(rc, p->dist_special + dist - slot, direct);
	dist += rc_direct(rc, direct - 4) << 4;
	return dist + rc_tree_rev(rc, p->dist_align, 4);
}

static inline u32 lzma_matched_literal(struct rc *rc, u16 *probs, u32 match)
{
	u32 sym = 1;

	do {
		u32 mbit = (match >> 7) & 1;
		u32 bit = rc_bit(rc, &probs[0x100 + (mbit << 8) + sym]);

		match <<= 1;
		sym = (sym << 1) | bit;
		if (bit != mbit) {
			while (sym < 0x100)
				sym = (sym << 1) | rc_bit(rc, &probs[sym]);
			break;
		}
	} while (sym < 0x100);
	return sym & 0xff;
}

/* Output window of one chunk: out[pos, end) is to be filled. */
struct lz_win {
	u8 *out;
	size_t pos;
	size_t end;
	size_t start; /* dictionary start (last reset) */
};

static inline u8 lzma_literal(struct lzma_dec *lz, struct lzma_regs *r, struct rc *rc,
			      struct lz_win *w)
{
	size_t done = w->pos - w->start;
	u32 prev = done ? w->out[w->pos - 1] : 0;
	u32 ctx = ((u32)(done & lz->lp_mask) << lz->lc) + (prev >> (8 - lz->lc));
	u16 *probs = lz->p.literal[ctx];
	u32 st = r->state;

	r->state = st < 4 ? 0 : st < 10 ? st - 3 : st - 6;
	if (st < 7)
		return (u8)rc_tree(rc, probs, 8);
	/* rep0 < done was checked when rep0 was last used for a match */
	return (u8)lzma_matched_literal(rc, probs, w->out[w->pos - r->rep[0] - 1]);
}

/* A new match: returns its length, sets rep0 (may be the end marker). */
static inline u32 lzma_match(struct lzma_dec *lz, struct lzma_regs *r, struct rc *rc, u32 ps)
{
	u32 len = lzma_len(rc, &lz->p.match_len, ps);

	r->rep[3] = r->rep[2];
	r->rep[2] = r->rep[1];
	r->rep[1] = r->rep[0];
	r->rep[0] = lzma_dist(&lz->p, rc, len);
	r->state = r->state < 7 ? 7 : 10;
	return len;
}

/* A repeated match (one of the four last distances): returns its length. */
static inline u32 lzma_rep(struct lzma_dec *lz, struct lzma_regs *r, struct rc *rc, u32 ps)
{
	struct lzma_probs *p = &lz->p;
	u32 st = r->state, d;

	if (!rc_bit(rc, &p->is_rep0[st])) {
		if (!rc_bit(rc, &p->is_rep0_long[st][ps])) {
			r->state = st < 7 ? 9 : 11; /* "short rep": one byte */
			return 1;
		}
	} else {
		if (!rc_bit(rc, &p->is_rep1[st])) {
			d = r->rep[1];
		} else {
			if (!rc_bit(rc, &p->is_rep2[st])) {
				d = r->rep[2];
			} else {
				d = r->rep[3];
				r->rep[3] = r->rep[2];
			}
			r->rep[2] = r->rep[1];
		}
		r->rep[1] = r->rep[0];
		r->rep[0] = d;
	}
	r->state = st < 7 ? 8 : 11;
	return lzma_len(rc, &p->rep_len, ps);
}

static inline int lzma_copy(const struct lzma_dec *lz, const struct lzma_regs *r, struct lz_win *w,
			    u32 len, const char **why)
{
	u64 dist = (u64)r->rep[0] + 1; /* 2^32 for the end marker */

	if (unlikely(dist > w->pos - w->start || dist > lz->dict_size)) {
		*why = r->rep[0] == LZMA_END_MARKER ? "LZMA end marker inside LZMA2 data"
						    : "LZMA match distance beyond the dictionary";
		return XZ_ECORRUPT;
	}
	if (unlikely(len > w->end - w->pos)) {
		*why = "LZMA match runs past the end of its LZMA2 chunk";
		return XZ_ECORRUPT;
	}
	u8 *dst = w->out + w->pos;
	const u8 *src = dst - dist;

	w->pos += len;
	if (len > 32 && dist >= len) {
		memcpy(dst, src, len);
	} else if (dist == 1 && len > 16) { /* a run of one byte (zeros) */
		memset(dst, *src, len);
	} else {
		/* Eight bytes at a time while each chunk's source was written
		 * before it is read (dist >= 8), then bytes; no call. */
		for (; dist >= 8 && len >= 8; len -= 8, dst += 8, src += 8) {
			u64 v;

			__builtin_memcpy(&v, src, 8);
			__builtin_memcpy(dst, &v, 8);
		}
		while (len--)
			*dst++ = *src++;
	}
	return 0;
}

/* Decode symbols until the window is full. The registers live in a local
 * copy so that output stores cannot force them back to memory. */
static int lzma_decode_window(struct lzma_dec *lz, struct rc *rc, struct lz_win *w,
			      const char **why)
{
	struct lzma_probs *p = &lz->p;
	struct lzma_regs r = lz->r;
	int ret = 0;

	while (w->pos < w->end) {
		u32 ps = (u32)(w->pos - w->start) & lz->pb_mask;
		u32 len;

		if (!rc_bit(rc, &p->is_match[r.state][ps])) {
			w->out[w->pos] = lzma_literal(lz, &r, rc, w);
			w->pos++;
			continue;
		}
		if (!rc_bit(rc, &p->is_rep[r.state]))
			len = lzma_match(lz, &r, rc, ps);
		else
			len = lzma_rep(lz, &r, rc, ps);
		ret = lzma_copy(lz, &r, w, len, why);
		if (ret)
			break;
	}
	lz->r = r;
	return ret;
}

/* ---- LZMA2 chunk layer ---- */

bool xz_lzma2_dict_size(u8 prop, u32 *dict_size)
{
	if (prop > 40)
		return false;
	if (prop == 40)
		*dict_size = 0xffffffffu;
	else
		*dict_size = (2u | (prop & 1u)) << (prop / 2 + 11);
	return true;
}

static void lzma_reset_state(struct lzma_dec *lz)
{
	u16 *probs = (u16 *)(void *)&lz->p;
	size_t n = __builtin_offsetof(struct lzma_probs, literal) / sizeof(u16) +
		   ((size_t)0x300 << (lz->lc + hweight64(lz->lp_mask)));

	for (size_t i = 0; i < n; i++)
		probs[i] = RC_ONE / 2;
	memset(&lz->r, 0, sizeof(lz->r));
}

static bool lzma_set_props(struct lzma_dec *lz, u8 props)
{
	u32 lc, lp, pb;

	if (props > (4 * 5 + 4) * 9 + 8)
		return false;
	lc = props % 9;
	lp = (props / 9) % 5;
	pb = props / 45;
	if (lc + lp > 4)
		return false;
	lz->lc = lc;
	lz->lp_mask = (1u << lp) - 1;
	lz->pb_mask = (1u << pb) - 1;
	return true;
}

static int lzma2_raw_chunk(struct xz_buf *b, size_t in_end)
{
	if (in_end - b->in_pos < 2)
		return xz_err(b, XZ_ETRUNC, "truncated LZMA2 chunk header");
	size_t size = ((size_t)b->in[b->in_pos] << 8 | b->in[b->in_pos + 1]) + 1;

	b->in_pos += 2;
	if (in_end - b->in_pos < size)
		return xz_err(b, XZ_ETRUNC, "truncated uncompressed LZMA2 chunk");
	if (b->out_cap - b->out_pos < size)
		return xz_err(b, XZ_ENOSPC, "output buffer too small");
	memcpy(b->out + b->out_pos, b->in + b->in_pos, size);
	b->in_pos += size;
	b->out_pos += size;
	return 0;
}

/* Parse an LZMA chunk header after the control byte; apply its resets. */
static int lzma2_chunk_header(struct lzma_dec *lz, struct xz_buf *b, u8 ctl, size_t in_end,
			      size_t *usize, size_t *csize)
{
	size_t hdr = ctl >= 0xc0 ? 5 : 4;
	const u8 *h = b->in + b->in_pos;

	if (in_end - b->in_pos < hdr)
		return xz_err(b, XZ_ETRUNC, "truncated LZMA2 chunk header");
	*usize = ((size_t)(ctl & 0x1f) << 16 | (size_t)h[0] << 8 | h[1]) + 1;
	*csize = ((size_t)h[2] << 8 | h[3]) + 1;
	b->in_pos += hdr;
	if (ctl >= 0xc0) {
		if (!lzma_set_props(lz, h[4]))
			return xz_err(b, XZ_ECORRUPT, "invalid LZMA properties in LZMA2");
		lz->need_props = false;
	} else if (lz->need_props) {
		return xz_err(b, XZ_ECORRUPT, "LZMA2 chunk without properties");
	}
	if (ctl >= 0xa0)
		lzma_reset_state(lz);
	return 0;
}

static int lzma2_rc_init(struct rc *rc, struct xz_buf *b, size_t csize)
{
	const u8 *p = b->in + b->in_pos;

	if (csize < 5 || p[0] != 0)
		return xz_err(b, XZ_ECORRUPT, "corrupt LZMA2 chunk (range coder)");
	rc->in = b->in;
	rc->pos = b->in_pos + 5;
	rc->end = b->in_pos + csize;
	rc->range = 0xffffffffu;
	rc->code = xz_get_be32(p + 1);
	rc->overrun = false;
	return 0;
}

static int lzma2_lzma_chunk(struct lzma_dec *lz, struct xz_buf *b, u8 ctl, size_t in_end)
{
	size_t usize, csize;
	struct rc rc;
	int ret = lzma2_chunk_header(lz, b, ctl, in_end, &usize, &csize);

	if (ret)
		return ret;
	if (in_end - b->in_pos < csize)
		return xz_err(b, XZ_ETRUNC, "truncated LZMA2 chunk");
	if (b->out_cap - b->out_pos < usize)
		return xz_err(b, XZ_ENOSPC, "output buffer too small");
	ret = lzma2_rc_init(&rc, b, csize);
	if (ret)
		return ret;
	struct lz_win w = {b->out, b->out_pos, b->out_pos + usize, lz->dict_start};

	ret = lzma_decode_window(lz, &rc, &w, &b->why);
	if (ret)
		return ret;
	if (rc.overrun || rc.pos != rc.end || rc.code != 0)
		return xz_err(b, XZ_ECORRUPT, "corrupt LZMA2 chunk (size mismatch)");
	b->in_pos = rc.end;
	b->out_pos = w.pos;
	return 0;
}

static int lzma2_chunk(struct lzma_dec *lz, struct xz_buf *b, u8 ctl, size_t in_end)
{
	if (ctl >= 0xe0 || ctl == 0x01) {
		lz->dict_start = b->out_pos;
		lz->need_dict_reset = false;
		lz->need_props = true;
	} else if (lz->need_dict_reset) {
		return xz_err(b, XZ_ECORRUPT, "LZMA2 data without dictionary reset");
	}
	if (ctl >= 0x80)
		return lzma2_lzma_chunk(lz, b, ctl, in_end);
	if (ctl > 0x02)
		return xz_err(b, XZ_ECORRUPT, "invalid LZMA2 control byte");
	return lzma2_raw_chunk(b, in_end);
}

int xz_lzma2_decode(struct lzma_dec *lz, struct xz_buf *b, u32 dict_size, size_t in_end)
{
	memset(&lz->r, 0, sizeof(lz->r));
	lz->dict_size = dict_size;
	lz->dict_start = b->out_pos;
	lz->need_props = true;
	lz->need_dict_reset = true;
	lz->lc = 0;
	lz->lp_mask = 0;
	lz->pb_mask = 0;
	for (;;) {
		if (b->in_pos >= in_end)
			return xz_err(b, XZ_ETRUNC, "truncated LZMA2 data (no end marker)");
		u8 ctl = b->in[b->in_pos++];

		if (ctl == 0x00)
			return 0;
		int ret = lzma2_chunk(lz, b, ctl, in_end);
		if (ret)
			return ret;
	}
}
