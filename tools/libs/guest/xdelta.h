/*
 * libxguest: PAGE_DELTA, xeno's record for a page sent again as its
 * difference from the copy the receiver already holds (docs/save-format.md
 * "PAGE_DELTA"). Only between two xeno xends that agreed on it on the
 * relocation connection: the record is mandatory (bit 31 clear), so a
 * libxc reader refuses it, and `xm save` files and xl's streams never
 * carry it.
 *
 *   body     u32 count (1..XS_BATCH), u32 zero, then count entries
 *   entry    u64 pfn word (type in bits 63..60, as PAGE_DATA), u32 code
 *            length (0..XS_DELTA_MAX), u32 zero, u64 hash (xs_delta_hash)
 *            of the page after the delta, the code, zero padding to 8
 *   code     pairs {u16 skip, u16 len, len bytes}: skip bytes unchanged,
 *            then len bytes XORed into the page; the pairs cover at most
 *            the page (4096 bytes), the rest is unchanged; an empty code
 *            is an unchanged page
 *
 * The source keeps the copy it last sent of each page it sent in a round
 * >= 2 (the hot set) to encode against; the receiver applies the code to
 * the page it holds. Pure functions: everything read is bounded before
 * use, and a page is changed only once its whole code is known good and
 * the result's hash matches. Host-tested (tests/test_delta.c).
 */
#ifndef TOOLS_LIBS_XDELTA_H
#define TOOLS_LIBS_XDELTA_H

#include <stddef.h>
#include <stdint.h>

#include "xstream.h"

/* xeno's own mandatory record type (see above). */
#define XS_REC_PAGE_DELTA 0x786e0002u
/* Longest code worth sending instead of the page (else PAGE_DATA). */
#define XS_DELTA_MAX 2048u
#define XS_DELTA_ENTRY_HEAD 24u

/* 64-bit FNV-1a of a page: the receiver's check of the result. */
uint64_t xs_delta_hash(const uint8_t *page);

/* The code turning old into new (XS_PAGE bytes each) into out (at least
 * XS_DELTA_MAX bytes): its length (0: unchanged), or -E2BIG if it would be
 * longer than XS_DELTA_MAX (send the page whole). */
long xs_delta_encode(const uint8_t *old, const uint8_t *new, uint8_t *out);

/* Apply a code of len bytes to page in place: 0, or -EINVAL with the
 * reason (truncated, runs past the page) and the page untouched. */
int xs_delta_apply(uint8_t *page, const uint8_t *code, uint32_t len, char *err, size_t errlen);

/* One entry at the end of a record body being built (*len bytes so far,
 * at most max): 0, or -E2BIG when it does not fit (start a new record). */
int xs_delta_entry_put(uint8_t *body, uint32_t *len, uint32_t max, uint64_t word,
		       const uint8_t *code, uint32_t code_len, uint64_t hash);

/* A record body being read entry by entry. */
struct xs_delta_reader {
	const uint8_t *body;
	uint32_t len, at, count, done;
};
struct xs_delta_entry {
	uint64_t word; /* type << XS_TYPE_SHIFT | pfn */
	uint64_t hash;
	const uint8_t *code;
	uint32_t code_len;
};
/* The record's header: 0 or -EINVAL (count, length). */
int xs_delta_open(struct xs_delta_reader *r, const uint8_t *body, uint32_t len, char *err,
		  size_t errlen);
/* The next entry: 1 with it, 0 at the end (the body used up exactly), or
 * -EINVAL: a wrong length, a pfn >= p2m_size, a page table (sent whole),
 * or a pfn not set in sent (a page the receiver never got). */
int xs_delta_next(struct xs_delta_reader *r, uint64_t p2m_size, const uint8_t *sent,
		  struct xs_delta_entry *e, char *err, size_t errlen);
/* Apply an entry to the receiver's copy of its page: the code, then the
 * hash checked (-EINVAL and the page restored if it differs). */
int xs_delta_entry_apply(const struct xs_delta_entry *e, uint8_t *page, char *err, size_t errlen);

#endif /* TOOLS_LIBS_XDELTA_H */
