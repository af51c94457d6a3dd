/* dom0_mem= as Xen 4.17 parses it, and the dom0 size that follows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <xeno/dom0_mem.h>
#include <xeno/errno.h>

#define MIB(x) ((unsigned long)(x) << 8) /* pages */
#define AVAIL MIB(1000)

static unsigned long size_of(const char *opt, unsigned long avail, unsigned long *max)
{
	struct dom0_mem_opt o;

	dom0_mem_init(&o);
	assert_int_equal(dom0_mem_parse(&o, opt), 0);
	assert_true(o.set);
	return dom0_mem_pages(&o, avail, max);
}

static void test_plain_sizes(void **state)
{
	assert_int_equal(size_of("512M", AVAIL, NULL), MIB(512));
	assert_int_equal(size_of("1G", MIB(2000), NULL), MIB(1024));
	assert_int_equal(size_of("524288", AVAIL, NULL), MIB(512)); /* KiB by default */
	assert_int_equal(size_of("524288k", AVAIL, NULL), MIB(512));
	assert_int_equal(size_of("536870912B", AVAIL, NULL), MIB(512));
	assert_int_equal(size_of("0x80000", AVAIL, NULL), MIB(512)); /* KiB; a "b" would be hex */
}

static void test_max_and_min(void **state)
{
	unsigned long max = 0;

	assert_int_equal(size_of("512M,max:512M", AVAIL, &max), MIB(512));
	assert_int_equal(max, MIB(512));
	assert_int_equal(size_of("max:512M,768M", AVAIL, NULL), MIB(512)); /* lowered to max */
	assert_int_equal(size_of("min:768M,512M", AVAIL, NULL), MIB(768)); /* raised to min */
	assert_int_equal(size_of("min:768M,max:600M,512M", AVAIL, NULL),
			 MIB(600));				      /* min ignored */
	assert_int_equal(size_of("max:256M", AVAIL, NULL), MIB(256)); /* default, capped */
	assert_int_equal(size_of("min:2G", AVAIL, NULL), AVAIL);      /* never beyond avail */
	assert_int_equal(size_of("4G", AVAIL, &max), AVAIL);
	assert_true(max > AVAIL); /* no max: given */
}

static void test_negative_and_percent(void **state)
{
	assert_int_equal(size_of("-200M", AVAIL, NULL), MIB(800));
	assert_int_equal(size_of("50%", AVAIL, NULL), MIB(500));
	assert_int_equal(size_of("-10%", AVAIL, NULL), MIB(900));
	assert_int_equal(size_of("100M+10%", AVAIL, NULL), MIB(200));
	assert_int_equal(size_of("max:-100M", AVAIL, NULL), MIB(900));
	/* More than there is: nothing asked, so the default size. */
	assert_int_equal(size_of("-2G", AVAIL, NULL), AVAIL - AVAIL / 16);
}

static void test_default_sizing(void **state)
{
	struct dom0_mem_opt o;

	dom0_mem_init(&o);
	assert_false(o.set);
	/* 1/16 kept back, at most 128 MiB. */
	assert_int_equal(dom0_mem_pages(&o, AVAIL, NULL), AVAIL - AVAIL / 16);
	assert_int_equal(dom0_mem_pages(&o, MIB(8192), NULL), MIB(8192 - 128));
	assert_int_equal(dom0_mem_pages(&o, 0, NULL), 0);
}

static void test_rejects(void **state)
{
	static const char *const bad[] = {"",	  "512X",   "M",      "min:",  "max:abc",
					  "100%", "10%+5M", "1G,,2G", "512M,", "1G+2G",
					  "--1G", "5%+5%",  "foo:1G"};
	struct dom0_mem_opt o;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dom0_mem_init(&o);
		assert_int_equal(dom0_mem_parse(&o, bad[i]), -EINVAL);
		assert_false(o.set); /* nothing taken from a bad value */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_sizes),
		cmocka_unit_test(test_max_and_min),
		cmocka_unit_test(test_negative_and_percent),
		cmocka_unit_test(test_default_sizing),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
