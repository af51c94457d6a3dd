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

/* The receiver's side of a whole record: every entry checked (xs_delta_open,
 * xs_delta_next) before any page is touched, their pfns into pfns (at most
 * XS_BATCH): the count, or -EINVAL with the reason. */
long xs_delta_record_pfns(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			  uint64_t *pfns, char *err, size_t errlen);
/* Then each entry applied (xs_delta_entry_apply) to its page as the
 * receiver holds it, pages + i * XS_PAGE for the i-th entry (a mapping of
 * the pfns xs_delta_record_pfns gave): 0, or -EINVAL at the first entry
 * that fails (its page left as it was; the receiver refuses the stream). */
int xs_delta_record_apply(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			  uint8_t *pages, char *err, size_t errlen);

/*
 * hot.c: the sender's copy of the hot set (pages sent in rounds >= 2),
 * what it encodes against. At most cap pages are kept; when they are all
 * taken, a new page takes the place of one sent neither in this round nor
 * in the one before (xs_hot_round), else it goes whole, as PAGE_DATA; a
 * pfn excluded (xs_hot_exclude: the guest's p2m leaves, which the receiver
 * rewrites) is never kept. The copy of a pfn is always the last data sent
 * for it, or there is none: a page sent as a table or without data drops
 * it.
 */
struct xs_hot {
	uint64_t p2m_size;
	uint32_t *slot;	 /* per pfn: 0 none, XS_HOT_NEVER excluded, else index + 1 */
	uint8_t *pages;	 /* cap pages */
	uint64_t *owner; /* per page: its pfn, or XS_HOT_FREE */
	uint32_t *stamp; /* per page: the round it was last sent in */
	uint32_t n, cap, round, hand, full_round;
	/* pages that went whole since the caller last zeroed these: plain
	 * ones without a copy, those whose code was too long, tables */
	uint32_t no_copy, too_long, tables;
	uint8_t *body; /* the PAGE_DELTA record being built (XS_DELTA_BODY_MAX) */
	uint32_t body_len;
	uint8_t code[XS_DELTA_MAX];
};
#define XS_HOT_NEVER UINT32_MAX
#define XS_HOT_FREE UINT64_MAX
#define XS_DELTA_BODY_MAX (8u + XS_BATCH * (XS_DELTA_ENTRY_HEAD + XS_DELTA_MAX))
/* 0 or -ENOMEM (p2m_size * 4 bytes of slots, cap pages, one record body). */
int xs_hot_init(struct xs_hot *h, uint64_t p2m_size, uint32_t cap);
void xs_hot_free(struct xs_hot *h);
void xs_hot_exclude(struct xs_hot *h, uint64_t pfn);
/* A new round begins (the pages of two rounds ago may give way). */
void xs_hot_round(struct xs_hot *h);
/* A page about to be sent (its pfn word with the type, its data or NULL):
 * 1 if it went into h->body as a PAGE_DELTA entry (a copy was kept and the
 * code is at most XS_DELTA_MAX: leave it out of PAGE_DATA), else 0; either
 * way the copy is now data (kept if there is room) or dropped (a table, no
 * data). The caller sends h->body (h->body_len > 8) after the PAGE_DATA
 * record and sets body_len to 0. */
int xs_hot_page(struct xs_hot *h, uint64_t word, const uint8_t *data);
/* A PAGE_DATA record body being sent (count words, then the data pages)
 * put through xs_hot_page: the pages that went into h->body taken out of
 * it and the rest closed up; the new count (0: no PAGE_DATA to send) and
 * *nr_data. */
uint32_t xs_hot_split(struct xs_hot *h, uint8_t *rec, uint32_t count, uint32_t *nr_data);

#endif /* TOOLS_LIBS_XDELTA_H */
