/* Boot-time helpers: the boot allocator and the ACPI _S5_ finder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/bootinfo.h>
#include <asm/acpi.h>

static paddr_t seen[16][2];
static int nseen;

static void collect(paddr_t s, paddr_t e)
{
	seen[nseen][0] = s;
	seen[nseen++][1] = e;
}

static void bootmem_carves_reservations(void **s)
{
	bootmem_add(0, 0x9fc00); /* rounded down to 0x9f000 */
	bootmem_add(0x100000, 0x40000000);
	bootmem_reserve(0, 0x1000);
	bootmem_reserve(0x100000, 0x123456); /* rounded out to 0x124000 */
	bootmem_reserve(0x200000, 0x300000);
	/* below 1 MiB: the top page of the low range */
	assert_int_equal(bootmem_alloc(4096, 4096, 0x100000), 0x9e000);
	/* anywhere: top of the highest range, aligned */
	assert_int_equal(bootmem_alloc(0x200000, 0x200000, ~0UL), 0x3fe00000);
	nseen = 0;
	bootmem_release(collect);
	assert_int_equal(nseen, 3);
	assert_int_equal(seen[0][0], 0x1000);
	assert_int_equal(seen[0][1], 0x9e000);
	assert_int_equal(seen[1][0], 0x124000);
	assert_int_equal(seen[1][1], 0x200000);
	assert_int_equal(seen[2][0], 0x300000);
	assert_int_equal(seen[2][1], 0x3fe00000);
	expect_assert_failure(bootmem_alloc(4096, 4096, ~0UL)); /* closed */
}

static const unsigned char s5_root[] = {0x10, 0x08, '\\', '_',	'S',  '5',  '_',  0x12,
					0x08, 0x04, 0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00};
static const unsigned char s5_plain[] = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x01};
static const unsigned char s5_method[] = {0x14, 0x05, '_', 'S', '5', '_', 0x00};
static const unsigned char s5_trunc[] = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a};

static void s5_forms(void **s)
{
	u8 a = 99, b = 99;

	assert_true(acpi_find_s5(s5_root, sizeof(s5_root), &a, &b));
	assert_int_equal(a, 5);
	assert_int_equal(b, 7);
	assert_true(acpi_find_s5(s5_plain, sizeof(s5_plain), &a, &b));
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_false(acpi_find_s5(s5_method, sizeof(s5_method), &a, &b));
	assert_false(acpi_find_s5(s5_trunc, sizeof(s5_trunc), &a, &b));
	assert_false(acpi_find_s5(s5_trunc, 3, &a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bootmem_carves_reservations),
		cmocka_unit_test(s5_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
