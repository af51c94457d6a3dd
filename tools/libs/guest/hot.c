/*
 * libxguest: the sender's copy of the hot set, for PAGE_DELTA (xdelta.h).
 * A live migration between two xeno xends that agreed on relocation
 * protocol 3 keeps, from its second round on, a copy of each plain page it
 * sends (at most cap pages); a page sent again is encoded against that
 * copy and goes as a PAGE_DELTA entry when its code is at most
 * XS_DELTA_MAX bytes, else whole. Pure functions (host-tested,
 * tests/test_delta.c).
 *
 * Invariants: for every pfn, the copy here (if any) is byte for byte the
 * last data the stream carried for it, which is what the receiver holds:
 * a page sent whole or as a delta replaces it, a page sent as a table or
 * without data drops it, and an excluded pfn (one the receiver rewrites,
 * the guest's p2m leaves) never has one; a page's owner is the pfn whose
 * slot names it. Memory: 4 bytes a pfn, cap pages (and 12 bytes each),
 * one record body; nothing grows past that. When the cap is reached, a
 * page not sent in this round or the one before gives its place to a new
 * one (the hot set moves with the rounds: a guest's last instants dirty
 * what its freeze dirtied, not what round 2 did).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xdelta.h"

int xs_hot_init(struct xs_hot *h, uint64_t p2m_size, uint32_t cap)
{
	memset(h, 0, offsetof(struct xs_hot, code));
	h->p2m_size = p2m_size;
	h->cap = cap;
	h->slot = calloc(p2m_size ? p2m_size : 1, sizeof(*h->slot));
	h->pages = malloc((size_t)cap * XS_PAGE);
	h->owner = malloc((size_t)cap * sizeof(*h->owner));
	h->stamp = calloc(cap ? cap : 1, sizeof(*h->stamp));
	h->body = malloc(XS_DELTA_BODY_MAX);
	h->round = 1;
	if (!h->slot || !h->pages || !h->owner || !h->stamp || !h->body) {
		xs_hot_free(h);
		return -ENOMEM;
	}
	return 0;
}

void xs_hot_free(struct xs_hot *h)
{
	free(h->slot);
	free(h->pages);
	free(h->owner);
	free(h->stamp);
	free(h->body);
	h->slot = NULL;
	h->stamp = NULL;
	h->owner = NULL;
	h->pages = h->body = NULL;
	h->n = h->cap = 0;
}

void xs_hot_exclude(struct xs_hot *h, uint64_t pfn)
{
	if (pfn < h->p2m_size)
		h->slot[pfn] = XS_HOT_NEVER;
}

void xs_hot_round(struct xs_hot *h)
{
	h->round++;
}

/* A page's place for pfn: a new one, or one sent neither in this round
 * nor the one before (its pfn loses its copy; a clock hand goes round,
 * and a round that found none looks no more); else 0. index + 1. */
static uint32_t place(struct xs_hot *h, uint64_t pfn)
{
	uint32_t i = h->n;

	if (h->n < h->cap) {
		h->n++;
	} else {
		for (uint32_t k = 0; h->full_round != h->round && k < h->cap; k++) {
			i = h->hand;
			h->hand = (h->hand + 1) % h->cap;
			if (h->stamp[i] + 1 < h->round)
				break;
			i = h->cap;
		}
		if (i >= h->cap) {
			h->full_round = h->round;
			return 0;
		}
		if (h->owner[i] != XS_HOT_FREE)
			h->slot[h->owner[i]] = 0;
	}
	h->owner[i] = pfn;
	return i + 1;
}

/* The copy of pfn, or NULL. */
static uint8_t *copy_of(const struct xs_hot *h, uint64_t pfn)
{
	uint32_t s = h->slot[pfn];

	return s && s != XS_HOT_NEVER ? h->pages + (size_t)(s - 1) * XS_PAGE : NULL;
}

/* data as pfn's PAGE_DELTA entry against old: 1 if it fits, else 0. */
static int encode(struct xs_hot *h, uint64_t word, const uint8_t *old, const uint8_t *data)
{
	long n = xs_delta_encode(old, data, h->code);

	if (n < 0)
		return 0;
	return xs_delta_entry_put(h->body, &h->body_len, XS_DELTA_BODY_MAX, word, h->code,
				  (uint32_t)n, xs_delta_hash(data)) == 0;
}

int xs_hot_page(struct xs_hot *h, uint64_t word, const uint8_t *data)
{
	uint64_t pfn = word & XS_PFN_MASK;
	unsigned int type = (unsigned int)(word >> XS_TYPE_SHIFT);
	uint8_t *old;
	int delta = 0;

	if (pfn >= h->p2m_size || h->slot[pfn] == XS_HOT_NEVER)
		return 0;
	old = copy_of(h, pfn);
	if (data && xs_type_has_data(type) && xs_type_level(type))
		h->tables++;
	if (!data || !xs_type_has_data(type) || xs_type_level(type)) {
		if (old) { /* its place is free for another */
			h->owner[h->slot[pfn] - 1] = XS_HOT_FREE;
			h->stamp[h->slot[pfn] - 1] = 0;
		}
		h->slot[pfn] = 0;
		return 0;
	}
	if (old && !(delta = encode(h, word, old, data)))
		h->too_long++;
	if (!old)
		h->no_copy++;
	if (!old && (h->slot[pfn] = place(h, pfn)))
		old = copy_of(h, pfn);
	if (old) {
		memcpy(old, data, XS_PAGE);
		h->stamp[h->slot[pfn] - 1] = h->round;
	}
	return delta;
}

/* The batch's plain pages the receiver holds a copy of (xs_hot_page) put
 * in the hot set's PAGE_DELTA body and closed up out of the PAGE_DATA
 * record (words and data): its new count, and *nr_data. */
uint32_t xs_hot_split(struct xs_hot *h, uint8_t *rec, uint32_t count, uint32_t *nr_data)
{
	uint64_t *words = (uint64_t *)(rec + 8);
	uint8_t *data = rec + 8 + count * 8;
	uint32_t out = 0, kept = 0;

	for (uint32_t i = 0, d = 0; i < count; i++) {
		unsigned int t = (unsigned int)(words[i] >> XS_TYPE_SHIFT);
		uint8_t *page = xs_type_has_data(t) ? data + (size_t)d++ * XS_PAGE : NULL;

		if (xs_hot_page(h, words[i], page))
			continue;
		words[out++] = words[i];
		if (page && page != data + (size_t)kept * XS_PAGE)
			memcpy(data + (size_t)kept * XS_PAGE, page, XS_PAGE);
		kept += page != NULL;
	}
	if (out < count)
		memmove(rec + 8 + out * 8, data, (size_t)kept * XS_PAGE);
	*nr_data = kept;
	return out;
}
