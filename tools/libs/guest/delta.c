/*
 * libxguest: PAGE_DELTA's code and record (xdelta.h). Pure functions.
 *
 * Invariants: no byte past a buffer's stated length is read; a page is
 * written only by xs_delta_apply after its whole code was checked, and
 * xs_delta_entry_apply works on a copy, so a page given a bad code or a
 * code that does not give the announced hash is left as it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xdelta.h"

#define PAIR_HEAD 4u /* u16 skip, u16 len */
#define MIN_GAP 4u   /* equal bytes that end a changed run (a pair's head costs as much) */

static int bad(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -EINVAL;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

#define FNV_PRIME 0x100000001b3ull
#define FNV_BYTE(h, p, k) (h) = ((h) ^ (p)[k]) * FNV_PRIME

/* FNV-1a over the page's bytes in order, eight to a loop step: a load,
 * an xor and a multiply a byte (a last round's pages are hashed inside
 * the downtime, under icount an instruction a nanosecond). */
uint64_t xs_delta_hash(const uint8_t *page)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const uint8_t *p = page; p < page + XS_PAGE; p += 8) {
		FNV_BYTE(h, p, 0);
		FNV_BYTE(h, p, 1);
		FNV_BYTE(h, p, 2);
		FNV_BYTE(h, p, 3);
		FNV_BYTE(h, p, 4);
		FNV_BYTE(h, p, 5);
		FNV_BYTE(h, p, 6);
		FNV_BYTE(h, p, 7);
	}
	return h;
}

/* Whether the 8 bytes at i (a multiple of 8) are equal in both pages. */
static int word_equal(const uint8_t *old, const uint8_t *new, uint32_t i)
{
	uint64_t a, b;

	memcpy(&a, old + i, 8);
	memcpy(&b, new + i, 8);
	return a == b;
}

/* The end of the changed run starting at start: MIN_GAP equal bytes (or
 * the page's end) after its last changed byte. */
static uint32_t run_end(const uint8_t *old, const uint8_t *new, uint32_t start)
{
	uint32_t end = start + 1;

	for (uint32_t j = end; j < XS_PAGE && j - end < MIN_GAP; j++)
		if (old[j] != new[j])
			end = j + 1;
	return end;
}

long xs_delta_encode(const uint8_t *old, const uint8_t *new, uint8_t *out)
{
	uint32_t pos = 0, len = 0;

	for (uint32_t i = 0; i < XS_PAGE; i++) {
		uint32_t end;

		while (!(i & 7) && i < XS_PAGE && word_equal(old, new, i))
			i += 8; /* equal words skipped whole: most of a page sent again */
		if (i >= XS_PAGE)
			break;
		if (old[i] == new[i])
			continue;
		end = run_end(old, new, i);
		if (len + PAIR_HEAD + (end - i) > XS_DELTA_MAX)
			return -E2BIG;
		put16(out + len, i - pos);
		put16(out + len + 2, end - i);
		len += PAIR_HEAD;
		for (uint32_t k = i; k < end; k++)
			out[len++] = old[k] ^ new[k];
		pos = end;
		i = end - 1;
	}
	return len;
}

/* Whether code covers at most the page, each pair whole. */
static int code_check(const uint8_t *code, uint32_t len, char *err, size_t errlen)
{
	uint32_t at = 0, pos = 0;

	while (at < len) {
		uint32_t n;

		if (len - at < PAIR_HEAD)
			return bad(err, errlen, "PAGE_DELTA code is truncated (half a pair)");
		pos += get16(code + at);
		n = get16(code + at + 2);
		at += PAIR_HEAD;
		if (pos + n > XS_PAGE)
			return bad(err, errlen, "PAGE_DELTA code runs past the page");
		if (len - at < n)
			return bad(err, errlen, "PAGE_DELTA code is truncated (bytes of a pair)");
		pos += n;
		at += n;
	}
	return 0;
}

int xs_delta_apply(uint8_t *page, const uint8_t *code, uint32_t len, char *err, size_t errlen)
{
	uint32_t at = 0, pos = 0;
	int rc = code_check(code, len, err, errlen);

	while (!rc && at < len) {
		uint32_t n = get16(code + at + 2);

		pos += get16(code + at);
		at += PAIR_HEAD;
		for (uint32_t k = 0; k < n; k++)
			page[pos + k] ^= code[at + k];
		pos += n;
		at += n;
	}
	return rc;
}

int xs_delta_entry_put(uint8_t *body, uint32_t *len, uint32_t max, uint64_t word,
		       const uint8_t *code, uint32_t code_len, uint64_t hash)
{
	uint32_t need = XS_DELTA_ENTRY_HEAD + xs_pad8(code_len), count;

	if (*len < 8) { /* a new record: its header first */
		memset(body, 0, 8);
		*len = 8;
	}
	if (code_len > XS_DELTA_MAX || *len + need > max)
		return -E2BIG;
	memcpy(&count, body, 4);
	if (count >= XS_BATCH)
		return -E2BIG;
	count++;
	memcpy(body, &count, 4);
	memcpy(body + *len, &word, 8);
	memcpy(body + *len + 8, &code_len, 4);
	memset(body + *len + 12, 0, 4);
	memcpy(body + *len + 16, &hash, 8);
	memcpy(body + *len + XS_DELTA_ENTRY_HEAD, code, code_len);
	memset(body + *len + XS_DELTA_ENTRY_HEAD + code_len, 0,
	       need - XS_DELTA_ENTRY_HEAD - code_len);
	*len += need;
	return 0;
}

int xs_delta_open(struct xs_delta_reader *r, const uint8_t *body, uint32_t len, char *err,
		  size_t errlen)
{
	*r = (struct xs_delta_reader){.body = body, .len = len, .at = 8};
	if (len < 8)
		return bad(err, errlen, "PAGE_DELTA record too short");
	memcpy(&r->count, body, 4);
	if (r->count == 0 || r->count > XS_BATCH || body[4] | body[5] | body[6] | body[7])
		return bad(err, errlen, "PAGE_DELTA record has a bad count");
	return 0;
}

static int entry_pfn(uint64_t word, uint64_t p2m_size, const uint8_t *sent, char *err,
		     size_t errlen)
{
	uint64_t pfn = word & XS_PFN_MASK;
	unsigned int type = (unsigned int)(word >> XS_TYPE_SHIFT);

	if (pfn >= p2m_size) {
		snprintf(err, errlen,
			 "PAGE_DELTA for pfn %#" PRIx64 ", beyond the p2m (%" PRIu64 ")", pfn,
			 p2m_size);
		return -EINVAL;
	}
	if (!xs_type_has_data(type) || xs_type_level(type) ||
	    (word & ~XS_PFN_MASK & ~(0xfull << 60))) {
		snprintf(err, errlen,
			 "PAGE_DELTA for pfn %#" PRIx64 " of type %#x (only plain pages)", pfn,
			 type);
		return -EINVAL;
	}
	if (!(sent[pfn / 8] & (1u << (pfn % 8)))) {
		snprintf(err, errlen, "PAGE_DELTA for pfn %#" PRIx64 ", a page never sent", pfn);
		return -EINVAL;
	}
	return 0;
}

int xs_delta_next(struct xs_delta_reader *r, uint64_t p2m_size, const uint8_t *sent,
		  struct xs_delta_entry *e, char *err, size_t errlen)
{
	const uint8_t *p = r->body + r->at;
	uint32_t left = r->len - r->at, zero;

	if (r->done == r->count)
		return left ? bad(err, errlen, "PAGE_DELTA record is longer than its entries") : 0;
	if (left < XS_DELTA_ENTRY_HEAD)
		return bad(err, errlen, "PAGE_DELTA record ends inside an entry");
	memcpy(&e->word, p, 8);
	memcpy(&e->code_len, p + 8, 4);
	memcpy(&zero, p + 12, 4);
	memcpy(&e->hash, p + 16, 8);
	if (zero || e->code_len > XS_DELTA_MAX)
		return bad(err, errlen, "PAGE_DELTA entry has a bad code length");
	if (left - XS_DELTA_ENTRY_HEAD < xs_pad8(e->code_len))
		return bad(err, errlen, "PAGE_DELTA record ends inside an entry's code");
	if (entry_pfn(e->word, p2m_size, sent, err, errlen))
		return -EINVAL;
	e->code = p + XS_DELTA_ENTRY_HEAD;
	r->at += XS_DELTA_ENTRY_HEAD + xs_pad8(e->code_len);
	r->done++;
	return 1;
}

int xs_delta_entry_apply(const struct xs_delta_entry *e, uint8_t *page, char *err, size_t errlen)
{
	uint8_t copy[XS_PAGE];
	int rc;

	memcpy(copy, page, XS_PAGE);
	if ((rc = xs_delta_apply(copy, e->code, e->code_len, err, errlen)))
		return rc;
	if (xs_delta_hash(copy) != e->hash) {
		snprintf(err, errlen,
			 "PAGE_DELTA for pfn %#" PRIx64
			 " does not give the page the sender had (hash mismatch)",
			 (uint64_t)(e->word & XS_PFN_MASK));
		return -EINVAL;
	}
	memcpy(page, copy, XS_PAGE);
	return 0;
}

long xs_delta_record_pfns(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			  uint64_t *pfns, char *err, size_t errlen)
{
	struct xs_delta_reader r;
	struct xs_delta_entry e;
	long n = 0;
	int rc = xs_delta_open(&r, body, len, err, errlen);

	while (!rc && (rc = xs_delta_next(&r, p2m_size, sent, &e, err, errlen)) == 1) {
		pfns[n] = e.word & XS_PFN_MASK;
		if (n && pfns[n] <= pfns[n - 1]) {
			snprintf(err, errlen,
				 "PAGE_DELTA entries out of order (pfn %#" PRIx64 " after %#" PRIx64
				 ")",
				 pfns[n], pfns[n - 1]);
			return -EINVAL;
		}
		n++;
		rc = 0;
	}
	return rc ? rc : n;
}

int xs_delta_record_apply(const uint8_t *body, uint32_t len, uint64_t p2m_size, const uint8_t *sent,
			  uint8_t *pages, char *err, size_t errlen)
{
	struct xs_delta_reader r;
	struct xs_delta_entry e;
	size_t i = 0;
	int rc = xs_delta_open(&r, body, len, err, errlen);

	while (!rc && (rc = xs_delta_next(&r, p2m_size, sent, &e, err, errlen)) == 1)
		rc = xs_delta_entry_apply(&e, pages + i++ * XS_PAGE, err, errlen);
	return rc;
}
