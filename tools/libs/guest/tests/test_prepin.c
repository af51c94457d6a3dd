/*
 * Page tables pinned before a live stream's END (tools/libs/guest/prepin.c)
 * on the host: the decision for a page sent again after the pins (a pinned
 * table keeps its pin only as the very same type, else it is unpinned at
 * the END and written after the diffs; a table of one level is diffed,
 * pinned or not; anything else is written at once), and the diff of a table against its frame (the
 * entries that differ, ascending, none for an equal page, the L4's
 * hypervisor slots never), and a PAGE_DELTA applied to copies of pages
 * whose frames refuse a writable mapping (the base a page waiting for the
 * END, else its frame; a bad record changes nothing but the output), and
 * the END's pins from the list of pfns whose pin may have changed since
 * the SYNC.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "xdelta.h"
#include "xprepin.h"
#include "xstream.h"

#define PIN(l) ((l) | XS_PIN)

/* The action and the pin after it, from a pin state. */
static enum xs_resend act(unsigned int old, unsigned int t, bool data, enum xs_pinned from,
			  enum xs_pinned to)
{
	enum xs_pinned p = from;
	enum xs_resend a = xs_resend_action(old, t, data, &p);

	assert_int_equal(p, to);
	return a;
}

static void test_resend_pinned(void **state)
{
	const enum xs_pinned Y = XS_PINNED_YES, U = XS_PINNED_UNPIN;

	(void)state;
	for (unsigned int l = 1; l <= 4; l++) {
		assert_int_equal(act(PIN(l), PIN(l), true, Y, Y), XS_RESEND_DIFF);
		/* another type: unpinned at the END, written after the diffs */
		assert_int_equal(act(PIN(l), l, true, Y, U), XS_RESEND_LATE);
		assert_int_equal(act(PIN(l), XS_NOTAB, true, Y, U), XS_RESEND_LATE);
		assert_int_equal(act(PIN(l), PIN(l % 4 + 1), true, Y, U), XS_RESEND_LATE);
		assert_int_equal(act(PIN(l), XS_XTAB, false, Y, U), XS_RESEND_DROP);
		assert_int_equal(act(PIN(l), XS_BROKEN, false, Y, U), XS_RESEND_DROP);
		/* once to be unpinned, whatever comes: late (or nothing) */
		assert_int_equal(act(l, PIN(l), true, U, U), XS_RESEND_LATE);
		assert_int_equal(act(XS_NOTAB, XS_NOTAB, true, U, U), XS_RESEND_LATE);
		assert_int_equal(act(XS_NOTAB, XS_XTAB, false, U, U), XS_RESEND_DROP);
	}
}

static void test_resend_not_pinned(void **state)
{
	const enum xs_pinned N = XS_PINNED_NO;

	(void)state;
	for (unsigned int l = 1; l <= 4; l++) {
		/* a table of the same level, pinned by the guest or not: diffed */
		assert_int_equal(act(l, l, true, N, N), XS_RESEND_DIFF);
		assert_int_equal(act(l, PIN(l), true, N, N), XS_RESEND_DIFF);
		assert_int_equal(act(PIN(l), l, true, N, N), XS_RESEND_DIFF);
		/* a new table, another level, a plain page or no data: written */
		assert_int_equal(act(XS_NOTAB, PIN(l), true, N, N), XS_RESEND_WRITE);
		assert_int_equal(act(l, l % 4 + 1, true, N, N), XS_RESEND_WRITE);
		assert_int_equal(act(l, XS_NOTAB, true, N, N), XS_RESEND_WRITE);
		assert_int_equal(act(l, XS_XTAB, false, N, N), XS_RESEND_WRITE);
		assert_int_equal(act(XS_XTAB, l, true, N, N), XS_RESEND_WRITE);
	}
	assert_int_equal(act(XS_NOTAB, XS_NOTAB, true, N, N), XS_RESEND_WRITE);
	assert_int_equal(act(XS_BROKEN, XS_BROKEN, false, N, N), XS_RESEND_WRITE);
}

static uint64_t cur[512], want[512];
static uint16_t idx[512];

static void test_diff(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < 512; i++)
		cur[i] = want[i] = i % 3 ? ((uint64_t)i << 12) | 0x67 : 0;
	for (unsigned int l = 1; l <= 4; l++)
		assert_int_equal(xs_pt_diff(cur, want, l, idx), 0);
	want[0] = 0x1067;
	want[7] = 0;
	want[511] = 0x5063;
	assert_int_equal(xs_pt_diff(cur, want, 1, idx), 3);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 7);
	assert_int_equal(idx[2], 511);
	memcpy(want, cur, sizeof(want));
	for (unsigned int i = 0; i < 512; i++)
		want[i] ^= 1; /* every entry */
	assert_int_equal(xs_pt_diff(cur, want, 2, idx), 512);
	assert_int_equal(idx[511], 511);
	/* an L4 leaves the hypervisor's slots out, whatever the frame holds */
	assert_int_equal(xs_pt_diff(cur, want, 4, idx), 512 - 16);
	assert_int_equal(idx[255], 255);
	assert_int_equal(idx[256], 272);
	memcpy(want, cur, sizeof(want));
	for (unsigned int i = 256; i <= 271; i++)
		cur[i] = 0x8000000000000063ull | (uint64_t)i << 12;
	assert_int_equal(xs_pt_diff(cur, want, 4, idx), 0);
	assert_int_equal(xs_pt_diff(cur, want, 3, idx), 16);
}

/* Frames of pfns 1..3 as read, pfn 2's copy waiting for the END (newer
 * than its frame), the pages the sender has now, the output. */
static uint8_t frames[3][XS_PAGE], waiting2[XS_PAGE], sender[3][XS_PAGE], out[3][XS_PAGE];
static uint8_t body[8 + 3 * (XS_DELTA_ENTRY_HEAD + XS_DELTA_MAX)], code[XS_DELTA_MAX];

/* A record of pfns 1..3, each encoded against bases[i]; its length. */
static uint32_t record_of(uint8_t (*const bases[3])[XS_PAGE], uint64_t bad_hash_pfn)
{
	uint32_t len = 0;

	for (unsigned int i = 0; i < 3; i++) {
		long n = xs_delta_encode(*bases[i], sender[i], code);
		uint64_t h = i + 1 == bad_hash_pfn ? 1 : xs_delta_hash(sender[i]);

		assert_true(n >= 0);
		assert_int_equal(
			xs_delta_entry_put(body, &len, sizeof(body), i + 1, code, (uint32_t)n, h),
			0);
	}
	return len;
}

static void test_delta_copy(void **state)
{
	uint8_t sent[1] = {0x0e}, frames_then[3][XS_PAGE], waiting_then[XS_PAGE];
	uint8_t *waiting[3] = {NULL, waiting2, NULL};
	uint8_t(*right[3])[XS_PAGE] = {&frames[0], &waiting2, &frames[2]};
	uint8_t(*stale[3])[XS_PAGE] = {&frames[0], &frames[1], &frames[2]};
	uint64_t pfns[3];
	char err[128];
	uint32_t len;

	(void)state;
	for (unsigned int i = 0; i < XS_PAGE; i++) {
		for (unsigned int p = 0; p < 3; p++) {
			frames[p][i] = (uint8_t)(i * 7 + p);
			sender[p][i] = (uint8_t)(i % 97 == p ? ~frames[p][i] : frames[p][i]);
		}
		waiting2[i] = (uint8_t)(i % 64 ? frames[1][i] : 0x5a);
		sender[1][i] = (uint8_t)(i % 89 ? waiting2[i] : 0xa5);
	}
	memcpy(frames_then, frames, sizeof(frames));
	memcpy(waiting_then, waiting2, XS_PAGE);
	/* Encoded against a base the receiver does not use (pfn 2's stale
	 * frame, not its waiting copy): the hash refuses it, nothing changed. */
	len = record_of(stale, 0);
	assert_int_equal(xs_delta_record_pfns(body, len, 8, sent, pfns, err, sizeof(err)), 3);
	assert_int_equal(xs_delta_apply_copy(body, len, 8, sent, &frames[0][0], waiting, 3,
					     &out[0][0], err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "hash mismatch"));
	assert_memory_equal(waiting2, waiting_then, XS_PAGE);
	/* A hash not of the result in the last entry: the waiting copy (the
	 * second entry, good) is left as it was too. */
	len = record_of(right, 3);
	assert_int_equal(xs_delta_apply_copy(body, len, 8, sent, &frames[0][0], waiting, 3,
					     &out[0][0], err, sizeof(err)),
			 -EINVAL);
	assert_memory_equal(waiting2, waiting_then, XS_PAGE);
	/* A truncated record. */
	assert_int_equal(xs_delta_apply_copy(body, len - 8, 8, sent, &frames[0][0], waiting, 3,
					     &out[0][0], err, sizeof(err)),
			 -EINVAL);
	assert_memory_equal(waiting2, waiting_then, XS_PAGE);
	/* The right bases: the sender's pages out, pfn 2's copy updated. */
	len = record_of(right, 0);
	assert_int_equal(xs_delta_apply_copy(body, len, 8, sent, &frames[0][0], waiting, 3,
					     &out[0][0], err, sizeof(err)),
			 0);
	assert_memory_equal(out, sender, sizeof(out));
	assert_memory_equal(waiting2, sender[1], XS_PAGE);
	assert_memory_equal(frames, frames_then, sizeof(frames));
}

/* The END's pins from the since list: pinned types not pinned yet, each
 * once, L4s first; tables pinned at the SYNC and plain pages left out. */
static void test_end_pins(void **state)
{
	uint8_t types[16] = {0}, pinned[16] = {0};
	const uint64_t since[] = {3, 5, 7, 3, 9, 11, 12, 5, 2};
	uint64_t out[16];

	(void)state;
	types[2] = XS_NOTAB; /* a pinned table sent as a plain page */
	pinned[2] = XS_PINNED_NO;
	types[3] = PIN(1);
	types[5] = PIN(4);
	types[7] = PIN(2);
	types[9] = PIN(4);
	pinned[9] = XS_PINNED_YES; /* pinned at the SYNC */
	types[11] = 3;		   /* a table, not pinned by the guest */
	types[12] = PIN(3);
	assert_int_equal(xs_end_pins(types, pinned, since, 9, out), 4);
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 12);
	assert_int_equal(out[2], 7);
	assert_int_equal(out[3], 3);
	assert_int_equal(pinned[5], XS_PINNED_YES);
	assert_int_equal(xs_end_pins(types, pinned, since, 9, out), 0); /* all listed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resend_pinned), cmocka_unit_test(test_resend_not_pinned),
		cmocka_unit_test(test_diff),	      cmocka_unit_test(test_delta_copy),
		cmocka_unit_test(test_end_pins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
