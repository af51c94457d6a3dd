/*
 * PAGE_DELTA (tools/libs/guest/delta.c) on the host: codes round-trip on
 * pages changed in a few places, everywhere, or not at all, and fall back
 * to the whole page past XS_DELTA_MAX; records round-trip entry by entry;
 * a corrupt code (truncated, past the page), a record of the wrong length,
 * a pfn beyond the p2m, a page table, a page never sent and a result of the
 * wrong hash are refused with their reason, the page left as it was.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_round_trip),
		cmocka_unit_test(test_code_corrupt),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
