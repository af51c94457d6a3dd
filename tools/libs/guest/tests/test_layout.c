/*
 * The PV builder's start-of-day layout and page tables (tools/libs/guest/
 * layout.c) on the host: the region's order and alignment, the table
 * count, and a walk of the built tables from the L4 for every page (each
 * maps its own frame, table frames read-only), with a kernel straddling a
 * 1 GiB boundary so that two L2s and several L1s are needed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xguest.h"

#define PAGE 4096ull
#define BASE 0xffffffff80000000ull

static struct elf_image kernel(uint64_t vstart, uint64_t len)
{
	struct elf_image e;

	memset(&e, 0, sizeof(e));
	e.virt_base = BASE;
	e.vstart = vstart;
	e.vend = vstart + len;
	return e;
}

static void test_layout_order(void **state)
{
	struct elf_image e = kernel(BASE + 0x1000000, 0x2345000);
	struct xguest_layout l;
	char err[128];

	assert_int_equal(xguest_layout(&l, &e, 100000, 32768, err, sizeof(err)), 0);
	assert_true(l.v_start == BASE && l.kern_start == e.vstart && l.initrd_start == e.vend);
	assert_int_equal(l.initrd_end, e.vend + 102400);
	assert_int_equal(l.si_start, l.p2m_start + 32768 * 8);
	assert_int_equal(l.store_start, l.si_start + PAGE);
	assert_int_equal(l.console_start, l.store_start + PAGE);
	assert_int_equal(l.pt_start, l.console_start + PAGE);
	assert_int_equal(l.stack_start, l.pt_start + l.nr_pt * PAGE);
	assert_int_equal(l.v_end % (4 << 20), 0);
	assert_true(l.v_end >= l.stack_start + PAGE + 512 * 1024);
	assert_int_equal(l.nr_l1, (l.v_end - l.v_start) >> 21);
	assert_int_equal(l.nr_pt, 1 + l.nr_l3 + l.nr_l2 + l.nr_l1);
	assert_int_equal(xguest_layout(&l, &e, 100000, 4096, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "memory is too small for the kernel, ramdisk and boot structures");
	e.vstart = BASE - PAGE;
	assert_int_equal(xguest_layout(&l, &e, 0, 32768, err, sizeof(err)), -EINVAL);
}

/* The region's byte of machine address ma (frames are p2m[i] = 0x1000 + i). */
static uint64_t *at(uint8_t *region, uint64_t ma)
{
	return (uint64_t *)(region + ((ma >> 12) - 0x1000) * PAGE + (ma & 0xfff));
}

static void test_page_table_walk(void **state)
{
	/* virt_base 0 forces v_start = the kernel's 4 MiB-aligned start. */
	struct elf_image e = kernel(0x3fc00000, 0x380000);
	struct xguest_layout l;
	uint64_t *p2m, n;
	uint8_t *region;
	char err[128];

	e.virt_base = 0;
	assert_int_equal(xguest_layout(&l, &e, 0, 8192, err, sizeof(err)), 0);
	assert_int_equal(l.v_start, 0x3fc00000);
	assert_int_equal(l.nr_l2, 2); /* crosses 1 GiB */
	n = (l.v_end - l.v_start) / PAGE;
	region = calloc(n, PAGE);
	p2m = calloc(8192, sizeof(*p2m));
	assert_non_null(region);
	for (uint64_t i = 0; i < 8192; i++)
		p2m[i] = 0x1000 + i;
	xguest_page_tables(&l, region, p2m);
	for (uint64_t va = l.v_start; va < l.v_end; va += PAGE) {
		uint64_t e4 = *at(region, p2m[(l.pt_start - l.v_start) / PAGE] << 12 |
						  ((va >> 39) & 511) * 8);
		uint64_t e3 = *at(region, (e4 & ~0xfffull) | ((va >> 30) & 511) * 8);
		uint64_t e2 = *at(region, (e3 & ~0xfffull) | ((va >> 21) & 511) * 8);
		uint64_t e1 = *at(region, (e2 & ~0xfffull) | ((va >> 12) & 511) * 8);
		int table = va >= l.pt_start && va < l.stack_start;

		assert_int_equal(e4 & 0x67, 0x67);
		assert_int_equal(e1 >> 12, p2m[(va - l.v_start) / PAGE]);
		assert_int_equal(e1 & 2, table ? 0 : 2);
	}
	free(region);
	free(p2m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_order),
		cmocka_unit_test(test_page_table_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
