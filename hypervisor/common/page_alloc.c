/*
 * Buddy allocator over the frame table.
 *
 * Splits and merges touch only block heads, so a free or an allocation costs
 * O(MAX_ORDER) plus O(size) to (un)mark the frames handed over.
 *
 * Invariants (checked by heap_check()):
 *  - A free block of order k starts at a frame whose number is a multiple
 *    of 2^k; its first frame has PGC_free, order == k and sits on
 *    free_list[k]; the other frames of the block have PGC_free and
 *    order == PAGE_ORDER_TAIL.
 *  - Two free buddies of the same order never coexist: they are merged.
 *  - free_frames equals the sum of the sizes of the blocks on the lists.
 * Frames that were never given to the heap are PGC_reserved and are never
 * merged into a block.
 *
 * Claims (XENMEM_claim_pages): outstanding_claims frames are promised to
 * domains (the sum of their claims). An allocation that would dip into
 * them fails unless the claim it is charged to covers it; what a claimed
 * allocation takes comes off its claim. heap_lock protects all of the
 * above, the claims of every domain included.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/spinlock.h>

#define PAGE_ORDER_TAIL 0xffU

struct page_info *frame_table;
unsigned long max_page;

static DEFINE_SPINLOCK(heap_lock);
static u32 free_list[MAX_ORDER + 1];
static unsigned long free_frames, total_frames, outstanding_claims;

static void list_add(unsigned int order, unsigned long mfn)
{
	struct page_info *pg = &frame_table[mfn];

	pg->prev = PAGE_LIST_NULL;
	pg->next = free_list[order];
	if (free_list[order] != PAGE_LIST_NULL)
		frame_table[free_list[order]].prev = (u32)mfn;
	free_list[order] = (u32)mfn;
}

static void list_del(unsigned int order, unsigned long mfn)
{
	struct page_info *pg = &frame_table[mfn];

	if (pg->prev != PAGE_LIST_NULL)
		frame_table[pg->prev].next = pg->next;
	else
		free_list[order] = pg->next;
	if (pg->next != PAGE_LIST_NULL)
		frame_table[pg->next].prev = pg->prev;
}

/* Every frame of a block being freed: PGC_free, not (yet) a head. */
static void mark_free(unsigned long mfn, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		frame_table[mfn + i].count_info = PGC_free;
		frame_table[mfn + i].order = PAGE_ORDER_TAIL;
	}
}

static void mark_allocated(unsigned long mfn, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		frame_table[mfn + i] =
			(struct page_info){.next = PAGE_LIST_NULL, .prev = PAGE_LIST_NULL};
}

void heap_init(struct page_info *table, unsigned long nr_frames)
{
	spin_lock_init(&heap_lock);
	frame_table = table;
	max_page = nr_frames;
	for (unsigned long i = 0; i < nr_frames; i++)
		table[i] = (struct page_info){
			.count_info = PGC_reserved, .next = PAGE_LIST_NULL, .prev = PAGE_LIST_NULL};
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		free_list[o] = PAGE_LIST_NULL;
	free_frames = total_frames = 0;
}

static bool buddy_is_free(unsigned long buddy, unsigned int order)
{
	return buddy < max_page && (frame_table[buddy].count_info & PGC_free) &&
	       frame_table[buddy].order == order;
}

/* Insert a block, merging with free buddies. Caller holds heap_lock. */
static void free_block_locked(unsigned long mfn, unsigned int order)
{
	ASSERT(spin_is_locked(&heap_lock));
	free_frames += 1UL << order;
	while (order < MAX_ORDER) {
		unsigned long buddy = mfn ^ (1UL << order);

		if (!buddy_is_free(buddy, order))
			break;
		list_del(order, buddy);
		frame_table[buddy].order = PAGE_ORDER_TAIL;
		frame_table[mfn].order = PAGE_ORDER_TAIL;
		mfn &= ~(1UL << order);
		order++;
	}
	frame_table[mfn].order = order;
	list_add(order, mfn);
}

void heap_free_range(mfn_t first, unsigned long nr)
{
	unsigned long mfn = mfn_x(first);
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	while (nr) {
		unsigned int order = mfn ? (unsigned int)__builtin_ctzl(mfn) : MAX_ORDER;

		order = MIN(order, MAX_ORDER);
		while ((1UL << order) > nr)
			order--;
		mark_free(mfn, order);
		free_block_locked(mfn, order);
		total_frames += 1UL << order;
		mfn += 1UL << order;
		nr -= 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* May n frames go, charged to claim (NULL: none)? Takes them off the claim. */
static bool charge_claim_locked(unsigned long n, unsigned long *claim)
{
	unsigned long used;

	ASSERT(spin_is_locked(&heap_lock));
	if (outstanding_claims + n > free_frames && (!claim || *claim < n))
		return false;
	used = claim ? MIN(*claim, n) : 0;
	if (used) {
		*claim -= used;
		outstanding_claims -= used;
	}
	return true;
}

struct page_info *alloc_heap_pages(unsigned int order)
{
	return alloc_heap_pages_claimed(order, NULL);
}

struct page_info *alloc_heap_pages_claimed(unsigned int order, unsigned long *claim)
{
	unsigned int o;
	unsigned long mfn, flags;

	if (order > MAX_ORDER)
		return NULL;
	flags = spin_lock_irqsave(&heap_lock);
	for (o = order; o <= MAX_ORDER && free_list[o] == PAGE_LIST_NULL; o++)
		;
	if (o > MAX_ORDER || !charge_claim_locked(1UL << order, claim)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	mfn = free_list[o];
	list_del(o, mfn);
	while (o > order) { /* split: give the upper halves back */
		o--;
		frame_table[mfn + (1UL << o)].order = o;
		list_add(o, mfn + (1UL << o));
	}
	mark_allocated(mfn, order);
	free_frames -= 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
	return &frame_table[mfn];
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
	unsigned long mfn = (unsigned long)(pg - frame_table);
	unsigned long flags;

	BUG_ON(order > MAX_ORDER || mfn + (1UL << order) > max_page);
	BUG_ON(mfn & ((1UL << order) - 1));
	flags = spin_lock_irqsave(&heap_lock);
	for (unsigned long i = 0; i < (1UL << order); i++)
		BUG_ON(pg[i].count_info & (PGC_free | PGC_reserved));
	mark_free(mfn, order);
	free_block_locked(mfn, order);
	spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long heap_free_frames(void)
{
	return free_frames;
}

long heap_set_claim(unsigned long *claim, unsigned long pages)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	long rc = 0;

	if (!pages) {
		outstanding_claims -= *claim;
		*claim = 0;
	} else if (*claim) {
		rc = -EINVAL;
	} else if (pages > free_frames - MIN(outstanding_claims, free_frames)) {
		rc = -ENOMEM;
	} else {
		outstanding_claims += pages;
		*claim = pages;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}

unsigned long heap_outstanding_claims(void)
{
	return outstanding_claims;
}

unsigned long heap_total_frames(void)
{
	return total_frames;
}

static int check_block(unsigned long mfn, unsigned int order)
{
	if (mfn & ((1UL << order) - 1) || mfn + (1UL << order) > max_page)
		return -1;
	if (!(frame_table[mfn].count_info & PGC_free) || frame_table[mfn].order != order)
		return -2;
	for (unsigned long i = 1; i < (1UL << order); i++)
		if (frame_table[mfn + i].order != PAGE_ORDER_TAIL ||
		    !(frame_table[mfn + i].count_info & PGC_free))
			return -3;
	if (order < MAX_ORDER && buddy_is_free(mfn ^ (1UL << order), order))
		return -4;
	return 0;
}

int heap_check(void)
{
	unsigned long counted = 0, flags = spin_lock_irqsave(&heap_lock);
	int rc = 0;

	for (unsigned int o = 0; o <= MAX_ORDER && !rc; o++) {
		for (u32 m = free_list[o]; m != PAGE_LIST_NULL && !rc; m = frame_table[m].next) {
			rc = check_block(m, o);
			counted += 1UL << o;
		}
	}
	if (!rc && counted != free_frames)
		rc = -5;
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}
