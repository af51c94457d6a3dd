/*
 * Page tables pinned before a live stream's END (tools/libs/guest/prepin.c)
 * on the host: the decision for a page sent again after the pins (a pinned
 * table keeps its pin only as the very same type, else it is unpinned at
 * the END and written after the diffs; a table of one level is diffed,
 * pinned or not; anything else is written at once), and the diff of a table against its frame (the
 * entries that differ, ascending, none for an equal page, the L4's
 * hypervisor slots never).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resend_pinned),
		cmocka_unit_test(test_resend_not_pinned),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
