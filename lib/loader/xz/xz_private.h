/*
 * Internal interfaces of the XZ/gzip decoders (lib/loader/xz).
 *
 * Invariants:
 *  - struct xz_buf describes the caller's buffers; every reader/writer
 *    keeps in_pos <= in_len and out_pos <= out_cap and checks the room
 *    before each access. Errors set buf->why to a static string.
 *  - struct xz_state is the real layout of the opaque struct xz_dec and
 *    must fit in XZ_DEC_SIZE (checked at build time below).
 *  - Nothing here allocates memory or keeps global state.
 */
#ifndef XZ_PRIVATE_H
#define XZ_PRIVATE_H

#include <loader/xz.h>
#include "../private.h"

/* Caller buffers plus the error reason of the current decode call. */
struct xz_buf {
	const u8 *in;
	size_t in_pos;
	size_t in_len;
	u8 *out;
	size_t out_pos;
	size_t out_cap;
	const char *why;
};

static inline int xz_err(struct xz_buf *b, int code, const char *why)
{
	b->why = why;
	return code;
}

static inline u32 xz_get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 xz_get_le64(const u8 *p)
{
	return (u64)xz_get_le32(p) | (u64)xz_get_le32(p + 4) << 32;
}

static inline u32 xz_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | (u32)p[3];
}

static inline void xz_put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline void xz_put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

/* ---- integrity checks (xz_check.c) ---- */
struct xz_crc_tables {
	u32 crc32[8][256]; /* slicing by 8: crc32[k] advances k more bytes */
	u64 crc64[256];
};

void xz_crc_init(struct xz_crc_tables *t);
/* Running CRCs: start with crc = 0, feed chunks, the result is final. */
u32 xz_crc32(const struct xz_crc_tables *t, const u8 *p, size_t n, u32 crc);
u64 xz_crc64(const struct xz_crc_tables *t, const u8 *p, size_t n, u64 crc);
void xz_sha256(const u8 *p, size_t n, u8 digest[32]);

/* ---- branch/call filters (xz_bcj.c) ---- */
#define XZ_FILTER_X86 0x04
#define XZ_FILTER_POWERPC 0x05
#define XZ_FILTER_IA64 0x06
#define XZ_FILTER_ARM 0x07
#define XZ_FILTER_ARMTHUMB 0x08
#define XZ_FILTER_SPARC 0x09
#define XZ_FILTER_ARM64 0x0a
#define XZ_FILTER_LZMA2 0x21

bool xz_bcj_supported(u64 filter_id);
/* Undo filter `id` over buf[0, len), the whole output of one block, whose
 * first byte is at stream position `start`. In place. */
void xz_bcj_decode(u64 filter_id, u32 start, u8 *buf, size_t len);

/* ---- LZMA / LZMA2 (xz_lzma2.c) ---- */
#define LZMA_STATES 12
#define LZMA_POS_STATES_MAX 16
#define LZMA_LEN_STATES 4
#define LZMA_DIST_SLOTS 64
#define LZMA_DIST_SPECIAL 115 /* 1 + full distances (128) - end index (14) */
#define LZMA_ALIGN_SIZE 16
#define LZMA_LITERAL_CODERS_MAX 16 /* 1 << (lc + lp), lc + lp <= 4 */

struct lzma_len_probs {
	u16 choice;
	u16 choice2;
	u16 low[LZMA_POS_STATES_MAX][8];
	u16 mid[LZMA_POS_STATES_MAX][8];
	u16 high[256];
};

struct lzma_probs {
	u16 is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
	u16 is_rep[LZMA_STATES];
	u16 is_rep0[LZMA_STATES];
	u16 is_rep1[LZMA_STATES];
	u16 is_rep2[LZMA_STATES];
	u16 is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
	u16 dist_slot[LZMA_LEN_STATES][LZMA_DIST_SLOTS];
	u16 dist_special[LZMA_DIST_SPECIAL];
	u16 dist_align[LZMA_ALIGN_SIZE];
	struct lzma_len_probs match_len;
	struct lzma_len_probs rep_len;
	u16 literal[LZMA_LITERAL_CODERS_MAX][0x300];
};

/* The registers of the LZMA state machine: last four match distances and
 * the state (0..11; below 7 the previous symbol was a literal). */
struct lzma_regs {
	u32 rep[4];
	u32 state;
};

struct lzma_dec {
	struct lzma_probs p;
	struct lzma_regs r;
	u32 lc;
	u32 lp_mask;
	u32 pb_mask;
	u32 dict_size;	   /* from the LZMA2 filter properties */
	size_t dict_start; /* out offset of the last dictionary reset */
	bool need_props;
	bool need_dict_reset;
};

/* Decode one LZMA2 stream from b->in[b->in_pos, in_end) (in_end <=
 * b->in_len) to b->out at b->out_pos, up to and including its end marker.
 * Matches never reach before the out_pos at entry. */
int xz_lzma2_decode(struct lzma_dec *lz, struct xz_buf *b, u32 dict_size, size_t in_end);
/* Decode the LZMA2 dictionary-size property byte; false if invalid. */
bool xz_lzma2_dict_size(u8 prop, u32 *dict_size);

/* ---- DEFLATE (inflate.c) ---- */
#define INFLATE_MAX_BITS 15
#define INFLATE_LITLEN_CODES 288
#define INFLATE_DIST_CODES 32

/* A canonical Huffman code: number of codes of each length, and the
 * symbols sorted by code. */
struct inflate_huff {
	u16 count[INFLATE_MAX_BITS + 1];
	u16 symbol[INFLATE_LITLEN_CODES];
};

struct inflate_tables {
	struct inflate_huff litlen;
	struct inflate_huff dist;
	struct inflate_huff clen;
	u8 lengths[INFLATE_LITLEN_CODES + INFLATE_DIST_CODES];
};

/* ---- the workspace behind struct xz_dec ---- */
struct xz_state {
	struct xz_crc_tables crc;
	union {
		struct lzma_dec lzma;
		struct inflate_tables inflate;
	} u;
};

BUILD_BUG_ON(sizeof(struct xz_state) > XZ_DEC_SIZE);

static inline struct xz_state *xz_state_of(struct xz_dec *d)
{
	return (struct xz_state *)(void *)d->opaque.bytes;
}

#endif
