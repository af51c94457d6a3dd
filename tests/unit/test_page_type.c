/*
 * The frame reference/type state machine (asm/page_type.h): every illegal
 * transition is refused, validation references nest and unwind, failed
 * validation leaves the frame reusable, pins are exclusive, and under
 * concurrent use a frame is never both writable and a page table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xeno/errno.h>
#include <asm/page_type.h>

#define NR 16
#define OWNER 1
static struct page_info pages[NR];
static int children[NR][4]; /* frames an "L2" validation references, -1 = none */
static volatile int validations, devalidations, frees, fail_validation, retype_flushes;

static int validate(struct page_info *pg, unsigned long type, void *ctx);
static void devalidate(struct page_info *pg, unsigned long type, void *ctx);
static void on_free(struct page_info *pg, void *ctx)
{
	__atomic_fetch_add(&frees, 1, __ATOMIC_RELAXED);
}
static void on_retype(struct page_info *pg, void *ctx)
{
	/* must run before validation of the new type */
	assert_int_equal(pg->type_info & PGT_validated, 0);
	__atomic_fetch_add(&retype_flushes, 1, __ATOMIC_RELAXED);
}
static const struct page_type_ops ops = {.validate = validate,
					 .devalidate = devalidate,
					 .free = on_free,
					 .retype_from_writable = on_retype};

static int validate(struct page_info *pg, unsigned long type, void *ctx)
{
	int *c = children[pg - pages];
	int i;

	if (fail_validation)
		return -EINVAL;
	for (i = 0; i < 4 && c[i] >= 0 && type == PGT_l2_page_table; i++) {
		if (!get_page(&pages[c[i]], OWNER))
			goto undo;
		if (get_page_type(&pages[c[i]], PGT_l1_page_table, &ops)) {
			put_page(&pages[c[i]], &ops);
			goto undo;
		}
	}
	__atomic_fetch_add(&validations, 1, __ATOMIC_RELAXED);
	return 0;
undo:
	while (i--) {
		put_page_type(&pages[c[i]], &ops);
		put_page(&pages[c[i]], &ops);
	}
	return -EINVAL;
}

static void devalidate(struct page_info *pg, unsigned long type, void *ctx)
{
	int *c = children[pg - pages];

	for (int i = 0; i < 4 && c[i] >= 0 && type == PGT_l2_page_table; i++) {
		put_page_type(&pages[c[i]], &ops);
		put_page(&pages[c[i]], &ops);
	}
	__atomic_fetch_add(&devalidations, 1, __ATOMIC_RELAXED);
}

static int setup(void **s)
{
	memset(pages, 0, sizeof(pages));
	memset(children, 0xff, sizeof(children));
	for (int i = 0; i < NR; i++) {
		pages[i].owner = OWNER;
		pages[i].count_info = 1; /* the owner's allocation reference */
	}
	validations = devalidations = frees = fail_validation = retype_flushes = 0;
	return 0;
}

static unsigned long type_of(int i)
{
	return pages[i].type_info & PGT_type_mask;
}

static unsigned long tcount(int i)
{
	return pages[i].type_info & PGT_count_mask;
}

static void writable_frame_cannot_become_page_table(void **s)
{
	assert_int_equal(get_page_type(&pages[0], PGT_writable_page, &ops), 0);
	assert_int_equal(get_page_type(&pages[0], PGT_l1_page_table, &ops), -EINVAL);
	assert_int_equal(pin_page_type(&pages[0], PGT_l4_page_table, &ops), -EINVAL);
	put_page_type(&pages[0], &ops);
	assert_int_equal(get_page_type(&pages[0], PGT_l1_page_table, &ops), 0);
	assert_int_equal(type_of(0), PGT_l1_page_table);
	assert_true(pages[0].type_info & PGT_validated);
	assert_int_equal(validations, 1);
}

/* A frame that was writable needs stale TLB entries flushed, once, before
 * it is validated as a table; one that was never writable does not. */
static void retype_from_writable_flushes_first(void **s)
{
	assert_int_equal(get_page_type(&pages[6], PGT_l1_page_table, &ops), 0);
	assert_int_equal(retype_flushes, 0);
	put_page_type(&pages[6], &ops);
	assert_int_equal(get_page_type(&pages[7], PGT_writable_page, &ops), 0);
	put_page_type(&pages[7], &ops);
	assert_int_equal(get_page_type(&pages[7], PGT_l1_page_table, &ops), 0);
	assert_int_equal(retype_flushes, 1);
	assert_int_equal(get_page_type(&pages[7], PGT_l1_page_table, &ops), 0);
	assert_int_equal(retype_flushes, 1);
}

static void page_table_cannot_be_mapped_writable(void **s)
{
	assert_int_equal(pin_page_type(&pages[1], PGT_l1_page_table, &ops), 0);
	assert_int_equal(get_page_type(&pages[1], PGT_writable_page, &ops), -EINVAL);
	assert_int_equal(get_page_type(&pages[1], PGT_l2_page_table, &ops), -EINVAL);
	assert_int_equal(unpin_page_type(&pages[1], &ops), 0);
	assert_int_equal(devalidations, 1);
	assert_false(pages[1].type_info & PGT_validated);
	assert_int_equal(get_page_type(&pages[1], PGT_writable_page, &ops), 0);
}

static void pins_are_exclusive(void **s)
{
	assert_int_equal(pin_page_type(&pages[2], PGT_l3_page_table, &ops), 0);
	assert_int_equal(pin_page_type(&pages[2], PGT_l3_page_table, &ops), -EBUSY);
	assert_int_equal(tcount(2), 1);
	assert_int_equal(unpin_page_type(&pages[2], &ops), 0);
	assert_int_equal(unpin_page_type(&pages[2], &ops), -EINVAL);
	assert_int_equal(pin_page_type(&pages[2], PGT_writable_page, &ops), -EINVAL);
}

static void validation_references_nest_and_unwind(void **s)
{
	children[3][0] = 4;
	children[3][1] = 5;
	assert_int_equal(pin_page_type(&pages[3], PGT_l2_page_table, &ops), 0);
	assert_int_equal(type_of(4), PGT_l1_page_table);
	assert_int_equal(tcount(5), 1);
	assert_int_equal(pages[4].count_info & PGC_count_mask, 2);
	/* a child in use as a page table cannot be made writable */
	assert_int_equal(get_page_type(&pages[4], PGT_writable_page, &ops), -EINVAL);
	assert_int_equal(unpin_page_type(&pages[3], &ops), 0);
	assert_int_equal(tcount(4), 0);
	assert_int_equal(pages[4].count_info & PGC_count_mask, 1);
	assert_int_equal(get_page_type(&pages[4], PGT_writable_page, &ops), 0);
}

static void child_already_writable_fails_parent(void **s)
{
	children[6][0] = 7;
	children[6][1] = 8;
	assert_int_equal(get_page_type(&pages[8], PGT_writable_page, &ops), 0);
	assert_int_equal(pin_page_type(&pages[6], PGT_l2_page_table, &ops), -EINVAL);
	assert_int_equal(tcount(6), 0);
	assert_int_equal(tcount(7), 0); /* the first child's reference was undone */
	assert_int_equal(pages[7].count_info & PGC_count_mask, 1);
	assert_int_equal(get_page_type(&pages[6], PGT_writable_page, &ops), 0);
}

static void failed_validation_leaves_frame_reusable(void **s)
{
	fail_validation = 1;
	assert_int_equal(get_page_type(&pages[9], PGT_l1_page_table, &ops), -EINVAL);
	assert_int_equal(tcount(9), 0);
	assert_false(pages[9].type_info & (PGT_validated | PGT_bad));
	fail_validation = 0;
	assert_int_equal(get_page_type(&pages[9], PGT_writable_page, &ops), 0);
}

static void general_references(void **s)
{
	assert_false(get_page(&pages[10], OWNER + 1)); /* not the owner */
	assert_int_equal(pages[10].count_info & PGC_count_mask, 1);
	assert_true(get_page(&pages[10], OWNER));
	put_page(&pages[10], &ops);
	assert_int_equal(frees, 0);
	put_page(&pages[10], &ops); /* the owner's reference: now freed */
	assert_int_equal(frees, 1);
	assert_false(get_page(&pages[10], OWNER)); /* no resurrection from zero */
	pages[11].count_info |= PGC_free;
	assert_false(get_page(&pages[11], OWNER));
	expect_assert_failure(put_page_type(&pages[12], &ops)); /* type underflow */
}

/* put_page_drop() is put_page()'s step without the free: true on the last. */
static void general_put_drop(void **s)
{
	assert_true(get_page(&pages[10], OWNER));
	assert_false(put_page_drop(&pages[10]));
	assert_int_equal(pages[10].count_info & PGC_count_mask, 1);
	assert_true(put_page_drop(&pages[10])); /* the owner's: the caller frees */
	assert_int_equal(pages[10].count_info & PGC_count_mask, 0);
	assert_int_equal(frees, 0);
	expect_assert_failure(put_page_drop(&pages[10])); /* underflow */
}

/* Threads race writable against page-table use of one frame. */
static volatile int violations;

static void *racer(void *arg)
{
	unsigned long type = (uintptr_t)arg;

	for (int i = 0; i < 20000; i++) {
		if (get_page_type(&pages[13], type, &ops))
			continue;
		if ((__atomic_load_n(&pages[13].type_info, __ATOMIC_ACQUIRE) & PGT_type_mask) !=
		    type)
			__atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED);
		if (type != PGT_writable_page &&
		    !(__atomic_load_n(&pages[13].type_info, __ATOMIC_ACQUIRE) & PGT_validated))
			__atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED);
		put_page_type(&pages[13], &ops);
	}
	return NULL;
}

static void concurrent_types_never_mix(void **s)
{
	pthread_t t[4];
	unsigned long types[4] = {PGT_writable_page, PGT_l1_page_table, PGT_writable_page,
				  PGT_l1_page_table};

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, racer, (void *)(uintptr_t)types[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(violations, 0);
	assert_int_equal(tcount(13), 0);
	assert_int_equal(validations, devalidations);
}

/* A linear page-table reference: only on a validated table of that type,
 * never starting or waiting for a validation. */
static void validated_reference_only(void **s)
{
	assert_false(get_page_type_in_use(&pages[2], PGT_l2_page_table));
	assert_int_equal(tcount(2), 0);
	assert_int_equal(get_page_type(&pages[2], PGT_l2_page_table, &ops), 0);
	assert_true(get_page_type_in_use(&pages[2], PGT_l2_page_table));
	assert_int_equal(tcount(2), 2);
	assert_false(get_page_type_in_use(&pages[2], PGT_l1_page_table));
	put_page_type(&pages[2], &ops);
	put_page_type(&pages[2], &ops);
	assert_int_equal(devalidations, 1);
	assert_false(get_page_type_in_use(&pages[2], PGT_l2_page_table));
	pages[2].type_info = PGT_l2_page_table | 1; /* a validation under way */
	assert_false(get_page_type_in_use(&pages[2], PGT_l2_page_table));
	assert_int_equal(validations, 1);
}

/* The inline fast steps for a writable type (never validated) and for a
 * reference that is not the last; the last goes the general way. */
static void in_use_fast_steps(void **s)
{
	assert_false(get_page_type_in_use(&pages[3], PGT_writable_page));
	assert_int_equal(get_page_type(&pages[3], PGT_writable_page, &ops), 0);
	assert_true(get_page_type_in_use(&pages[3], PGT_writable_page));
	assert_false(get_page_type_in_use(&pages[3], PGT_l1_page_table));
	assert_int_equal(tcount(3), 2);
	assert_true(put_page_type_not_last(&pages[3]));
	assert_false(put_page_type_not_last(&pages[3]));
	assert_int_equal(tcount(3), 1);
	put_page_type(&pages[3], &ops);
	assert_int_equal(tcount(3), 0);
	assert_int_equal(get_page_type(&pages[3], PGT_l1_page_table, &ops), 0);
	assert_int_equal(get_page_type(&pages[3], PGT_l1_page_table, &ops), 0);
	assert_true(put_page_type_not_last(&pages[3]));
	assert_false(put_page_type_not_last(&pages[3]));
	assert_int_equal(devalidations, 0);
	put_page_type(&pages[3], &ops);
	assert_int_equal(devalidations, 1);
}

/* get_page_writable() is get_page_type(writable) inline: same answers, same type_info. */
static void writable_inline_matches_general(void **s)
{
	static const u64 states[] = {0,
				     PGT_writable_page,
				     PGT_writable_page | 3,
				     PGT_writable_page | PGT_pinned,
				     PGT_l1_page_table,
				     PGT_l1_page_table | PGT_validated | 1,
				     PGT_l2_page_table | PGT_bad | 1,
				     PGT_seg_desc_page | 2,
				     PGT_writable_page | PGT_COUNT_MAX};

	for (unsigned int i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		bool fast;
		int rc;

		pages[14].type_info = pages[15].type_info = states[i];
		fast = get_page_writable(&pages[14]);
		rc = get_page_type(&pages[15], PGT_writable_page, &ops);
		assert_int_equal(fast, rc == 0);
		assert_true(pages[14].type_info == pages[15].type_info);
	}
	pages[14].type_info = pages[15].type_info = 0;
}

/* put_page_writable() is put_page_type() inline: same type_info, or refused (a teardown). */
static void writable_put_matches_general(void **s)
{
	static const u64 states[] = {PGT_writable_page | 1,
				     PGT_writable_page | 3,
				     PGT_writable_page | PGT_pinned | 1,
				     PGT_writable_page | PGT_bad | 1,
				     PGT_l1_page_table | 2,
				     PGT_l1_page_table | PGT_validated | 2,
				     PGT_l1_page_table | PGT_validated | 1};

	for (unsigned int i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		bool fast;

		pages[14].type_info = pages[15].type_info = states[i];
		fast = put_page_writable(&pages[14]);
		if (!fast) {
			assert_true(pages[14].type_info == states[i]);
			assert_int_equal(states[i] & (PGT_validated | PGT_count_mask),
					 PGT_validated | 1);
			continue;
		}
		put_page_type(&pages[15], &ops);
		assert_true(pages[14].type_info == pages[15].type_info);
	}
	pages[14].type_info = pages[15].type_info = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(writable_frame_cannot_become_page_table, setup),
		cmocka_unit_test_setup(writable_inline_matches_general, setup),
		cmocka_unit_test_setup(writable_put_matches_general, setup),
		cmocka_unit_test_setup(page_table_cannot_be_mapped_writable, setup),
		cmocka_unit_test_setup(retype_from_writable_flushes_first, setup),
		cmocka_unit_test_setup(pins_are_exclusive, setup),
		cmocka_unit_test_setup(validation_references_nest_and_unwind, setup),
		cmocka_unit_test_setup(child_already_writable_fails_parent, setup),
		cmocka_unit_test_setup(failed_validation_leaves_frame_reusable, setup),
		cmocka_unit_test_setup(general_references, setup),
		cmocka_unit_test_setup(general_put_drop, setup),
		cmocka_unit_test_setup(concurrent_types_never_mix, setup),
		cmocka_unit_test_setup(validated_reference_only, setup),
		cmocka_unit_test_setup(in_use_fast_steps, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
