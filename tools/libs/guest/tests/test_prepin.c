/*
 * Page tables pinned before a live stream's END (tools/libs/guest/prepin.c)
 * on the host: the decision for a page sent again after the pins (a pinned
 * table keeps its pin only as the very same type; a table of one level is
 * diffed, pinned or not; anything else is written, or undoes the pins if
 * its frame was pinned), and the diff of a table against its frame (the
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

static void test_resend_pinned(void **state)
{
	(void)state;
	for (unsigned int l = 1; l <= 4; l++) {
		assert_int_equal(xs_resend_action(PIN(l), PIN(l), true), XS_RESEND_DIFF);
		assert_int_equal(xs_resend_action(PIN(l), l, true), XS_RESEND_UNPIN);
		assert_int_equal(xs_resend_action(PIN(l), XS_NOTAB, true), XS_RESEND_UNPIN);
		assert_int_equal(xs_resend_action(PIN(l), XS_XTAB, true), XS_RESEND_UNPIN);
		assert_int_equal(xs_resend_action(PIN(l), XS_BROKEN, true), XS_RESEND_UNPIN);
		assert_int_equal(xs_resend_action(PIN(l), PIN(l % 4 + 1), true), XS_RESEND_UNPIN);
	}
}

static void test_resend_not_pinned(void **state)
{
	(void)state;
	for (unsigned int l = 1; l <= 4; l++) {
		/* a table of the same level, pinned by the guest or not: diffed */
		assert_int_equal(xs_resend_action(l, l, false), XS_RESEND_DIFF);
		assert_int_equal(xs_resend_action(l, PIN(l), false), XS_RESEND_DIFF);
		assert_int_equal(xs_resend_action(PIN(l), l, false), XS_RESEND_DIFF);
		/* a new table, another level, a plain page or no data: written */
		assert_int_equal(xs_resend_action(XS_NOTAB, PIN(l), false), XS_RESEND_WRITE);
		assert_int_equal(xs_resend_action(l, l % 4 + 1, false), XS_RESEND_WRITE);
		assert_int_equal(xs_resend_action(l, XS_NOTAB, false), XS_RESEND_WRITE);
		assert_int_equal(xs_resend_action(l, XS_XTAB, false), XS_RESEND_WRITE);
		assert_int_equal(xs_resend_action(XS_XTAB, l, false), XS_RESEND_WRITE);
	}
	assert_int_equal(xs_resend_action(XS_NOTAB, XS_NOTAB, false), XS_RESEND_WRITE);
	assert_int_equal(xs_resend_action(XS_BROKEN, XS_BROKEN, false), XS_RESEND_WRITE);
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
