/*
 * PAGE_DELTA (tools/libs/guest/delta.c) on the host: codes round-trip on
 * pages changed in a few places, everywhere, or not at all, and fall back
 * to the whole page past XS_DELTA_MAX; records round-trip entry by entry;
 * a corrupt code (truncated, past the page), a record of the wrong length,
 * a pfn beyond the p2m, a page table, a page never sent and a result of the
 * wrong hash are refused with their reason, the page left as it was.
 * The sender's hot set (hot.c) keeps what it sent and encodes against it,
 * bounded, dropping a page sent as a table; its records, applied as the
 * receiver applies them (xs_delta_record_pfns, xs_delta_record_apply on
 * plain memory standing for the domain's mapped frames), give the pages the
 * sender has; hostile records (a duplicate pfn, an entry naming a table or
 * a p2m leaf the receiver cleared, a record cut or padded, a bad hash)
 * are refused before or at the page, which is left as it was.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xdelta.h"

static uint8_t old_page[XS_PAGE], new_page[XS_PAGE], work[XS_PAGE], code[XS_DELTA_MAX];

static void fill(uint8_t *p, uint32_t seed)
{
	for (uint32_t i = 0; i < XS_PAGE; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* new = old with its bytes changed where changed(i) says. */
static long round_trip(int (*changed)(uint32_t))
{
	char err[128];
	long n;

	fill(old_page, 7);
	memcpy(new_page, old_page, XS_PAGE);
	for (uint32_t i = 0; i < XS_PAGE; i++)
		if (changed(i))
			new_page[i] ^= (uint8_t)(0x5a | 1);
	n = xs_delta_encode(old_page, new_page, code);
	if (n < 0)
		return n;
	assert_true(n <= (long)XS_DELTA_MAX);
	memcpy(work, old_page, XS_PAGE);
	assert_int_equal(xs_delta_apply(work, code, (uint32_t)n, err, sizeof(err)), 0);
	assert_memory_equal(work, new_page, XS_PAGE);
	return n;
}

static int none(uint32_t i)
{
	return (int)(i & 0);
}
static int few(uint32_t i)
{
	return i == 0 || i == 17 || i == 20 || (i >= 1000 && i < 1064) || i == XS_PAGE - 1;
}
static int every_64th(uint32_t i)
{
	return i % 64 == 3;
}
static int every_2nd(uint32_t i)
{
	return i % 2 == 0;
}
static int all(uint32_t i)
{
	return i < XS_PAGE;
}

static void test_code_round_trip(void **state)
{
	assert_int_equal(round_trip(none), 0);
	/* 0; 17 and 20 in one pair (gap < 4); 1000..1063; 4095: 4 pairs. */
	assert_int_equal(round_trip(few), 4 * 4 + 1 + 4 + 64 + 1);
	assert_int_equal(round_trip(every_64th), 64 * 5);
	assert_int_equal(round_trip(every_2nd), -E2BIG);
	assert_int_equal(round_trip(all), -E2BIG);
}

/* FNV-1a a byte at a time, as save-format.md defines it. */
static uint64_t fnv_bytes(const uint8_t *p)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < XS_PAGE; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The word-at-a-time hash and the encoder's skipping of equal words give
 * the byte-wise hash and codes (every run boundary around a word's edge). */
static void test_code_words(void **state)
{
	static uint8_t out[XS_DELTA_MAX];

	memset(work, 0, XS_PAGE);
	assert_true(xs_delta_hash(work) == fnv_bytes(work));
	for (uint32_t seed = 1; seed < 40; seed++) {
		fill(old_page, seed);
		assert_true(xs_delta_hash(old_page) == fnv_bytes(old_page));
		memcpy(new_page, old_page, XS_PAGE);
		for (uint32_t k = 0; k < 6; k++) /* runs of 1..5 bytes at any offset */
			for (uint32_t j = 0; j <= (seed + k) % 5; j++)
				new_page[(seed * 97 + k * 613 + j) % XS_PAGE] ^= 0x5a;
		long n = xs_delta_encode(old_page, new_page, out);
		char err[64];

		assert_true(n > 0);
		memcpy(work, old_page, XS_PAGE);
		assert_int_equal(xs_delta_apply(work, out, (uint32_t)n, err, sizeof(err)), 0);
		assert_memory_equal(work, new_page, XS_PAGE);
		assert_true(xs_delta_hash(new_page) == fnv_bytes(new_page));
	}
}

static void test_code_corrupt(void **state)
{
	static const uint8_t half[] = {1, 0};
	static const uint8_t past[] = {0xff, 0x0f, 2, 0, 1, 1};	    /* 4095 + 2 bytes */
	static const uint8_t short_bytes[] = {0, 0, 8, 0, 1, 2, 3}; /* 8 announced, 3 there */
	char err[128];

	fill(work, 3);
	memcpy(old_page, work, XS_PAGE);
	assert_int_equal(xs_delta_apply(work, half, sizeof(half), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(xs_delta_apply(work, past, sizeof(past), err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "past the page"));
	assert_int_equal(xs_delta_apply(work, short_bytes, sizeof(short_bytes), err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "truncated"));
	assert_memory_equal(work, old_page, XS_PAGE); /* untouched */
}

/* A record of two entries: pfns 5 (few changes) and 9 (unchanged). */
static uint32_t two_entries(uint8_t *body, uint32_t max)
{
	uint32_t len = 0;
	long n;

	fill(old_page, 7);
	memcpy(new_page, old_page, XS_PAGE);
	new_page[100] ^= 0xff;
	n = xs_delta_encode(old_page, new_page, code);
	assert_int_equal(
		xs_delta_entry_put(body, &len, max, 5, code, (uint32_t)n, xs_delta_hash(new_page)),
		0);
	assert_int_equal(xs_delta_entry_put(body, &len, max, 9, code, 0, xs_delta_hash(old_page)),
			 0);
	return len;
}

static void test_record_round_trip(void **state)
{
	uint8_t body[256], sent[2] = {0x20, 0x02}; /* pfns 5 and 9 */
	struct xs_delta_reader r;
	struct xs_delta_entry e;
	uint32_t len = two_entries(body, sizeof(body));
	char err[128];

	assert_int_equal(len, 8 + 24 + 8 + 24);
	assert_int_equal(xs_delta_open(&r, body, len, err, sizeof(err)), 0);
	assert_int_equal(xs_delta_next(&r, 16, sent, &e, err, sizeof(err)), 1);
	assert_int_equal(e.word, 5);
	memcpy(work, old_page, XS_PAGE);
	assert_int_equal(xs_delta_entry_apply(&e, work, err, sizeof(err)), 0);
	assert_memory_equal(work, new_page, XS_PAGE);
	assert_int_equal(xs_delta_next(&r, 16, sent, &e, err, sizeof(err)), 1);
	assert_int_equal(e.word, 9);
	memcpy(work, old_page, XS_PAGE);
	assert_int_equal(xs_delta_entry_apply(&e, work, err, sizeof(err)), 0);
	assert_memory_equal(work, old_page, XS_PAGE);
	assert_int_equal(xs_delta_next(&r, 16, sent, &e, err, sizeof(err)), 0);
	/* A record full: the next entry does not fit. */
	len = 0;
	assert_int_equal(xs_delta_entry_put(body, &len, 40, 5, code, 0, 0), 0);
	assert_int_equal(xs_delta_entry_put(body, &len, 40, 9, code, 0, 0), -E2BIG);
}

/* The reason a corrupted record is refused (NULL: it is not). */
static const char *refused(uint8_t *body, uint32_t len, const uint8_t *sent, uint64_t p2m_size)
{
	static char err[128];
	struct xs_delta_reader r;
	struct xs_delta_entry e;
	int rc;

	if (xs_delta_open(&r, body, len, err, sizeof(err)))
		return err;
	while ((rc = xs_delta_next(&r, p2m_size, sent, &e, err, sizeof(err))) == 1) {
		memcpy(work, old_page, XS_PAGE); /* each entry's page held as old_page */
		if (xs_delta_entry_apply(&e, work, err, sizeof(err)))
			return err;
	}
	return rc ? err : NULL;
}

static void test_record_refused(void **state)
{
	uint8_t body[256], sent[2] = {0x20, 0x02};
	uint8_t no9[2] = {0x20, 0};
	uint32_t len = two_entries(body, sizeof(body));
	uint64_t word = 1ull << XS_TYPE_SHIFT | 9;

	memcpy(work, old_page, XS_PAGE);
	assert_null(refused(body, len, sent, 16));
	assert_non_null(strstr(refused(body, len - 8, sent, 16), "ends inside"));
	assert_non_null(strstr(refused(body, len + 8, sent, 16), "longer than its entries"));
	assert_non_null(strstr(refused(body, 4, sent, 16), "too short"));
	assert_non_null(strstr(refused(body, len, no9, 16), "never sent"));
	assert_non_null(strstr(refused(body, len, sent, 8), "beyond the p2m"));
	memcpy(body + 8 + 32, &word, 8); /* the second entry made an L1 */
	assert_non_null(strstr(refused(body, len, sent, 16), "only plain pages"));
	len = two_entries(body, sizeof(body));
	body[8 + 8] = 100; /* the first entry's code length: past the record */
	assert_non_null(strstr(refused(body, len, sent, 16), "ends inside an entry's code"));
	len = two_entries(body, sizeof(body));
	body[8 + 24 + 4] ^= 1; /* the first entry's code: a changed byte elsewhere */
	memcpy(work, old_page, XS_PAGE);
	assert_non_null(strstr(refused(body, len, sent, 16), "hash mismatch"));
	assert_memory_equal(work, old_page, XS_PAGE);
	len = two_entries(body, sizeof(body));
	memset(body, 0, 4);
	assert_non_null(strstr(refused(body, len, sent, 16), "bad count"));
}

/* The receiver's copy of pages 0..7 (as sent), the sender's pages. */
static uint8_t held[8][XS_PAGE], now[8][XS_PAGE], mapped[XS_BATCH][XS_PAGE];
static uint64_t pfns[XS_BATCH];

/* The receiver's side of a record on plain memory: its pages "mapped"
 * (copied from held) in entry order, applied, written back. */
static int receive(const uint8_t *body, uint32_t len, const uint8_t *sent, char *err)
{
	long n = xs_delta_record_pfns(body, len, 8, sent, pfns, err, 128);
	int rc;

	if (n < 0)
		return (int)n;
	for (long i = 0; i < n; i++)
		memcpy(mapped[i], held[pfns[i]], XS_PAGE);
	rc = xs_delta_record_apply(body, len, 8, sent, &mapped[0][0], err, 128);
	for (long i = 0; i < n; i++)
		memcpy(held[pfns[i]], mapped[i], XS_PAGE);
	return rc;
}

/* The sender's batch of pfns 0..7 (types), through the hot set. */
static uint32_t batch(struct xs_hot *h, const unsigned int *types)
{
	uint32_t deltas = 0;

	for (uint64_t pfn = 0; pfn < 8; pfn++) {
		uint64_t word = (uint64_t)types[pfn] << XS_TYPE_SHIFT | pfn;

		if (xs_hot_page(h, word, now[pfn]))
			deltas++;
		else
			memcpy(held[pfn], now[pfn], XS_PAGE); /* sent whole */
	}
	return deltas;
}

static void test_hot_round_trip(void **state)
{
	static const unsigned int plain[8] = {0}, l1_at_3[8] = {0, 0, 0, XS_L1};
	uint8_t sent[1] = {0xff};
	struct xs_hot h;
	char err[128];

	assert_int_equal(xs_hot_init(&h, 8, 4), 0);
	xs_hot_exclude(&h, 7); /* a p2m leaf */
	for (int p = 0; p < 8; p++)
		fill(now[p], (uint32_t)p + 1);
	assert_int_equal(batch(&h, plain), 0); /* kept: 0..3 (cap 4), not 7 */
	assert_int_equal(h.n, 4);
	for (int p = 0; p < 8; p++)
		now[p][p * 10] ^= 0x55;
	assert_int_equal(batch(&h, plain), 4);
	assert_int_equal(receive(h.body, h.body_len, sent, err), 0);
	for (int p = 0; p < 8; p++)
		assert_memory_equal(held[p], now[p], XS_PAGE);
	h.body_len = 0;
	now[3][5] ^= 1; /* pfn 3 now sent as a table: its copy dropped */
	assert_int_equal(batch(&h, l1_at_3), 3);
	assert_int_equal(receive(h.body, h.body_len, sent, err), 0);
	h.body_len = 0;
	fill(now[2], 99); /* changed everywhere: whole */
	h.no_copy = h.too_long = h.tables = 0;
	assert_int_equal(batch(&h, plain), 2);
	assert_int_equal(receive(h.body, h.body_len, sent, err), 0);
	/* 2: too long; 3, 4, 5, 6: no copy (3 dropped as a table, cap 4); 7 excluded */
	assert_int_equal(h.too_long, 1);
	assert_int_equal(h.no_copy, 4);
	assert_int_equal(h.tables, 0);
	for (int p = 0; p < 8; p++)
		assert_memory_equal(held[p], now[p], XS_PAGE);
	xs_hot_free(&h);
}

/* A full set (cap 2): a new page takes the place of one sent neither in
 * this round nor the one before, else goes whole; a dropped page's place
 * is free again. */
static void test_hot_evict(void **state)
{
	struct xs_hot h;

	assert_int_equal(xs_hot_init(&h, 8, 2), 0);
	for (int p = 0; p < 8; p++)
		fill(now[p], (uint32_t)p + 1);
	xs_hot_page(&h, 0, now[0]); /* round 1: 0 and 1 kept, 2 not */
	xs_hot_page(&h, 1, now[1]);
	xs_hot_page(&h, 2, now[2]);
	assert_null(h.slot[2] ? "kept" : NULL);
	xs_hot_round(&h); /* round 2: 0 and 1 are of the round before */
	xs_hot_page(&h, 2, now[2]);
	assert_int_equal(h.slot[2], 0);
	assert_int_equal(xs_hot_page(&h, 1, now[1]), 1); /* 1 sent again: a delta */
	xs_hot_round(&h);				 /* round 3: 0 was last sent in round 1 */
	xs_hot_page(&h, 2, now[2]);
	assert_int_not_equal(h.slot[2], 0);
	assert_int_equal(h.slot[0], 0);
	assert_int_equal(xs_hot_page(&h, 0, now[0]), 0);	       /* no copy: whole */
	xs_hot_page(&h, (uint64_t)XS_L1 << XS_TYPE_SHIFT | 1, now[1]); /* 1 a table */
	assert_int_equal(h.slot[1], 0);
	xs_hot_round(&h);
	xs_hot_page(&h, 4, now[4]); /* 1's place */
	assert_int_not_equal(h.slot[4], 0);
	assert_int_equal(xs_hot_page(&h, 4, now[4]), 1);
	assert_int_equal(xs_hot_page(&h, 2, now[2]), 1);
	xs_hot_free(&h);
}

/* A PAGE_DATA body split: pfns 0 and 2 (kept, changed a little) leave
 * it as deltas; 1 (no data) and 3 (a table) stay, closed up. */
static void test_hot_split(void **state)
{
	static uint8_t rec[8 + 4 * 8 + 3 * XS_PAGE];
	uint64_t words[4] = {0, (uint64_t)XS_XTAB << XS_TYPE_SHIFT | 1, 2,
			     (uint64_t)XS_L1 << XS_TYPE_SHIFT | 3};
	uint8_t *data = rec + 8 + 4 * 8;
	uint32_t nr_data = 3;
	struct xs_hot h;

	assert_int_equal(xs_hot_init(&h, 8, 8), 0);
	fill(now[0], 1);
	fill(now[2], 2);
	fill(now[3], 3);
	assert_int_equal(xs_hot_page(&h, 0, now[0]) + xs_hot_page(&h, 2, now[2]), 0);
	memcpy(rec + 8, words, sizeof(words));
	memcpy(data, now[0], XS_PAGE);
	memcpy(data + XS_PAGE, now[2], XS_PAGE);
	memcpy(data + 2 * XS_PAGE, now[3], XS_PAGE);
	data[1] ^= 1;
	data[XS_PAGE + 2] ^= 1;
	assert_int_equal(xs_hot_split(&h, rec, 4, &nr_data), 2);
	assert_int_equal(nr_data, 1);
	assert_memory_equal(rec + 8, &words[1], 8);
	assert_memory_equal(rec + 16, &words[3], 8);
	assert_memory_equal(rec + 24, now[3], XS_PAGE);
	assert_int_equal(h.body_len, 8 + 2 * (24 + 8));
	xs_hot_free(&h);
}

/* Hostile records against the receiver's application: refused with a
 * reason, no page changed but those of entries before a bad hash. */
static void test_apply_hostile(void **state)
{
	uint8_t body[256], sent[1] = {0x7f}, copy[8][XS_PAGE];
	uint32_t len = 0;
	char err[128];
	long n;

	for (int p = 0; p < 8; p++)
		fill(held[p], (uint32_t)p + 30);
	memcpy(copy, held, sizeof(copy));
	memcpy(new_page, held[5], XS_PAGE);
	new_page[7] ^= 0xff;
	n = xs_delta_encode(held[5], new_page, code);
	assert_int_equal(xs_delta_entry_put(body, &len, sizeof(body), 5, code, (uint32_t)n,
					    xs_delta_hash(new_page)),
			 0);
	assert_int_equal(xs_delta_entry_put(body, &len, sizeof(body), 5, code, (uint32_t)n,
					    xs_delta_hash(new_page)),
			 0);
	/* The same pfn twice (its second code would undo the first): refused. */
	assert_int_equal(receive(body, len, sent, err), -EINVAL);
	assert_non_null(strstr(err, "out of order"));
	len = 0;
	assert_int_equal(xs_delta_entry_put(body, &len, sizeof(body), 5, code, (uint32_t)n, 1), 0);
	assert_int_equal(receive(body, len, sent, err), -EINVAL); /* a hash not of the result */
	assert_non_null(strstr(err, "hash mismatch"));
	len = 0;
	assert_int_equal(xs_delta_entry_put(body, &len, sizeof(body), 7, code, (uint32_t)n, 0), 0);
	assert_int_equal(receive(body, len, sent, err), -EINVAL); /* 7: a leaf, cleared */
	assert_non_null(strstr(err, "never sent"));
	len = 0;
	assert_int_equal(xs_delta_entry_put(body, &len, sizeof(body), XS_L1 * (1ull << 60) | 5,
					    code, (uint32_t)n, 0),
			 0);
	assert_int_equal(receive(body, len, sent, err), -EINVAL);
	assert_non_null(strstr(err, "only plain pages"));
	assert_int_equal(receive(body, 0, sent, err), -EINVAL);
	assert_int_equal(receive(body, 7, sent, err), -EINVAL);
	assert_int_equal(xs_delta_record_pfns(body, len + 8, 8, sent, pfns, err, sizeof(err)),
			 -EINVAL);
	assert_memory_equal(held, copy, sizeof(copy));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hot_round_trip),	cmocka_unit_test(test_hot_split),
		cmocka_unit_test(test_hot_evict),	cmocka_unit_test(test_apply_hostile),
		cmocka_unit_test(test_code_round_trip), cmocka_unit_test(test_code_corrupt),
		cmocka_unit_test(test_code_words),	cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
