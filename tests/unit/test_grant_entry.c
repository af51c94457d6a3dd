/*
 * Grant entries (xeno/grant_entry.h): pin increments and overflow, the v1
 * flag protocol a granter and the hypervisor share (type and domid checks,
 * read-only grants, sub-page entries refused for mappings, status set and
 * reduced with the pins), and a granter revoking concurrently with pins:
 * an entry is never revoked while GTF_reading is set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/grant_entry.h>

#define ME 3

static struct grant_entry_v1 grant(u16 flags, domid_t domid)
{
	return (struct grant_entry_v1){.flags = flags, .domid = domid, .frame = 0x1234};
}

static void test_pin_incr(void **state)
{
	assert_int_equal(gnttab_map_pin_incr(0), 0);
	assert_int_equal(gnttab_map_pin_incr(GNTMAP_readonly), 0);
	assert_int_equal(gnttab_map_pin_incr(GNTMAP_host_map), GNTPIN_hstw_inc);
	assert_int_equal(gnttab_map_pin_incr(GNTMAP_host_map | GNTMAP_readonly), GNTPIN_hstr_inc);
	assert_int_equal(gnttab_map_pin_incr(GNTMAP_device_map), GNTPIN_devw_inc);
	assert_int_equal(gnttab_map_pin_incr(GNTMAP_device_map | GNTMAP_host_map | GNTMAP_readonly),
			 GNTPIN_devr_inc + GNTPIN_hstr_inc);
}

static void test_pin_overflow_and_counts(void **state)
{
	u32 pin = 0xfe * GNTPIN_hstr_inc + 3 * GNTPIN_devw_inc + 2 * GNTPIN_hstw_inc;

	assert_false(gnttab_pin_overflows(pin, GNTPIN_hstr_inc));
	assert_true(gnttab_pin_overflows(pin + GNTPIN_hstr_inc, GNTPIN_hstr_inc));
	assert_true(gnttab_pin_overflows(0xff * GNTPIN_devr_inc, GNTPIN_devr_inc));
	assert_false(gnttab_pin_overflows(0xff * GNTPIN_devr_inc, GNTPIN_hstw_inc));
	assert_int_equal(gnttab_pin_total(pin), 0xfe + 3 + 2);
	assert_int_equal(gnttab_pin_writers(pin), 5);
	assert_true(gnttab_status_needed(0, true));
	assert_false(gnttab_status_needed(GNTPIN_hstr_inc, true));
	assert_true(gnttab_status_needed(GNTPIN_hstr_inc, false));
	assert_false(gnttab_status_needed(GNTPIN_devw_inc, false));
}

/* The four counters' overflow, against adding them one by one. */
static bool overflows_by_counter(u32 pin, u32 incr)
{
	for (unsigned int shift = 0; shift < 32; shift += 8)
		if (((pin >> shift) & 0xff) + ((incr >> shift) & 0xff) > 0xff)
			return true;
	return false;
}

static void test_pin_overflow_every_byte(void **state)
{
	static const u8 v[] = {0, 1, 2, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};
	u32 x = 12345;

	for (unsigned int shift = 0; shift < 32; shift += 8)
		for (unsigned int a = 0; a < sizeof(v); a++)
			for (unsigned int b = 0; b < sizeof(v); b++) {
				u32 pin = (u32)v[a] << shift, incr = (u32)v[b] << shift;

				assert_int_equal(gnttab_pin_overflows(pin, incr),
						 overflows_by_counter(pin, incr));
			}
	for (unsigned int i = 0; i < 100000; i++) {
		u32 pin, incr;

		x = x * 1103515245 + 12345;
		pin = x;
		x = x * 1103515245 + 12345;
		incr = x & (x >> 7);
		assert_int_equal(gnttab_pin_overflows(pin, incr), overflows_by_counter(pin, incr));
	}
}

static void test_first_pin_checks(void **state)
{
	struct grant_entry_v1 e;

	e = grant(GTF_invalid, ME);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, true, ME), GNTST_general_error);
	e = grant(GTF_accept_transfer, ME);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, true, ME), GNTST_general_error);
	e = grant(GTF_permit_access, ME + 1);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, true, ME), GNTST_general_error);
	assert_int_equal(e.flags, GTF_permit_access);
	e = grant(GTF_permit_access | GTF_sub_page, ME);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, true, ME), GNTST_general_error);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, false, ME), GNTST_okay);
	e = grant(GTF_permit_access | GTF_readonly, ME);
	assert_int_equal(gnttab_set_status_v1(&e, false, false, true, ME), GNTST_general_error);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly);
	assert_int_equal(gnttab_set_status_v1(&e, false, true, true, ME), GNTST_okay);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly | GTF_reading);
	assert_int_equal(e.domid, ME);
	assert_int_equal(e.frame, 0x1234);
}

static void test_pinned_skips_type_check(void **state)
{
	/* Once pinned, the granter's later changes do not stop more pins... */
	struct grant_entry_v1 e = grant(GTF_invalid | GTF_reading, ME + 1);

	assert_int_equal(gnttab_set_status_v1(&e, true, true, true, ME), GNTST_okay);
	/* ...but a read-only flag still stops a writer. */
	e = grant(GTF_permit_access | GTF_readonly | GTF_reading, ME);
	assert_int_equal(gnttab_set_status_v1(&e, true, false, true, ME), GNTST_general_error);
}

static void test_status_follows_pins(void **state)
{
	struct grant_entry_v1 e = grant(GTF_permit_access, ME);

	assert_int_equal(gnttab_set_status_v1(&e, false, false, true, ME), GNTST_okay);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading | GTF_writing);
	/* a read-only pin remains after the writer went */
	gnttab_reduce_status_v1(&e, GNTPIN_hstr_inc, false);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading);
	/* dropping a reader while a writer remains changes nothing */
	e.flags |= GTF_writing;
	gnttab_reduce_status_v1(&e, GNTPIN_devw_inc, true);
	assert_int_equal(e.flags, GTF_permit_access | GTF_reading | GTF_writing);
	gnttab_reduce_status_v1(&e, 0, false);
	assert_int_equal(e.flags, GTF_permit_access);
	/* a failed first read-only pin leaves GTF_writing of nobody untouched */
	e.flags = GTF_permit_access | GTF_reading;
	gnttab_reduce_status_v1(&e, 0, true);
	assert_int_equal(e.flags, GTF_permit_access);
}

static void test_copy_bounds(void **state)
{
	assert_true(gnttab_copy_in_page(0, 0, 4096));
	assert_true(gnttab_copy_in_page(4095, 0, 1));
	assert_false(gnttab_copy_in_page(4095, 0, 2));
	assert_false(gnttab_copy_in_page(0, 1, 4096));
	assert_false(gnttab_copy_in_page(0xffff, 0xffff, 0xffff));
}

/* A granter revoking (cmpxchg flags -> 0 unless in use) races the hypervisor. */
static struct grant_entry_v1 shared;
static volatile int stop, revoked_while_pinned, pins_taken;

static void *granter(void *arg)
{
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		u16 f = __atomic_load_n(&shared.flags, __ATOMIC_ACQUIRE);

		if (f & (GTF_reading | GTF_writing))
			continue;
		if (__atomic_compare_exchange_n(&shared.flags, &f, 0, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			__atomic_store_n(&shared.domid, ME, __ATOMIC_RELEASE);
			__atomic_store_n(&shared.flags, GTF_permit_access, __ATOMIC_RELEASE);
			for (volatile int i = 0; i < 64; i++)
				; /* give the pinner a window */
		}
	}
	return NULL;
}

static void *pinner(void *arg)
{
	/* Until enough pins got through (the granter may win many races in a row). */
	for (long i = 0; i < 50000000L && pins_taken < 2000; i++) {
		if (gnttab_set_status_v1(&shared, false, false, true, ME) != GNTST_okay)
			continue;
		pins_taken++;
		if (!(__atomic_load_n(&shared.flags, __ATOMIC_ACQUIRE) & GTF_permit_access))
			revoked_while_pinned++;
		gnttab_reduce_status_v1(&shared, 0, false);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void test_revoke_races_pin(void **state)
{
	pthread_t g, p;

	shared = grant(GTF_permit_access, ME);
	pthread_create(&g, NULL, granter, NULL);
	pthread_create(&p, NULL, pinner, NULL);
	pthread_join(p, NULL);
	pthread_join(g, NULL);
	assert_int_equal(revoked_while_pinned, 0);
	assert_true(pins_taken > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_incr),
		cmocka_unit_test(test_pin_overflow_and_counts),
		cmocka_unit_test(test_pin_overflow_every_byte),
		cmocka_unit_test(test_first_pin_checks),
		cmocka_unit_test(test_pinned_skips_type_check),
		cmocka_unit_test(test_status_follows_pins),
		cmocka_unit_test(test_copy_bounds),
		cmocka_unit_test(test_revoke_races_pin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
