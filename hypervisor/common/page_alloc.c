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
 *
 * Frames to scrub: a domain frame on its last reference still holds the
 * domain's data; heap_free_dirty_page() puts it on dirty_list instead of a
 * free list. heap_scrub() zeroes such frames and only then frees them into
 * the buddy lists, so no frame reaches a free list (hence another domain)
 * unzeroed. Idle CPUs scrub a batch at a time; an allocation that finds the
 * lists short scrubs them all first. dirty_frames counts the frames taken
 * off dirty_list until they are freed too, and heap_free_frames() counts
 * them as free (as Xen 4.17's physinfo counts pages awaiting scrub), so a
 * claim may promise them.
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
static u32 dirty_list = PAGE_LIST_NULL;
static unsigned long dirty_frames;

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
	dirty_list = PAGE_LIST_NULL;
	free_frames = total_frames = dirty_frames = 0;
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

/* One block of 2^order frames charged to claim, or NULL. Caller holds heap_lock. */
static struct page_info *alloc_block_locked(unsigned int order, unsigned long *claim)
{
	unsigned int o;
	unsigned long mfn;

	ASSERT(spin_is_locked(&heap_lock));
	for (o = order; o <= MAX_ORDER && free_list[o] == PAGE_LIST_NULL; o++)
		;
	if (o > MAX_ORDER || !charge_claim_locked(1UL << order, claim))
		return NULL;
	mfn = free_list[o];
	list_del(o, mfn);
	while (o > order) { /* split: give the upper halves back */
		o--;
		frame_table[mfn + (1UL << o)].order = o;
		list_add(o, mfn + (1UL << o));
	}
	mark_allocated(mfn, order);
	free_frames -= 1UL << order;
	return &frame_table[mfn];
}

/*
 * n single frames a block at a time: the largest block the rest takes whole
 * (2^k <= what is left), or a smaller one when none is free or the claim
 * refuses it, allocated as one and its frames handed out one by one (an
 * allocated frame keeps no buddy state: each is freed alone later). From
 * one big free block these are the frames n allocations of order 0 would
 * give, in the same order, without a list operation each (with smaller
 * blocks free elsewhere those went first). Caller holds heap_lock.
 */
static unsigned int alloc_frames_locked(unsigned int n, unsigned long *claim,
					struct page_info **out)
{
	unsigned int got = 0;

	while (got < n) {
		unsigned int k = 31U - (unsigned int)__builtin_clz(n - got);
		struct page_info *pg;

		k = MIN(k, (unsigned int)MAX_ORDER);
		while (!(pg = alloc_block_locked(k, claim)) && k)
			k--;
		if (!pg)
			break;
		for (unsigned long i = 0; i < (1UL << k); i++)
			out[got++] = pg + i;
	}
	return got;
}

/* Up to n blocks into out[], under one hold of heap_lock; returns how many. */
static unsigned int alloc_blocks(unsigned int order, unsigned int n, unsigned long *claim,
				 struct page_info **out)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	struct page_info *pg;
	unsigned int got = 0;

	if (!order)
		got = alloc_frames_locked(n, claim, out);
	while (order && got < n && (pg = alloc_block_locked(order, claim)))
		out[got++] = pg;
	spin_unlock_irqrestore(&heap_lock, flags);
	return got;
}

unsigned int alloc_heap_pages_batch(unsigned int order, unsigned int n, unsigned long *claim,
				    struct page_info **out)
{
	unsigned int got;

	if (order > MAX_ORDER)
		return 0;
	got = alloc_blocks(order, n, claim, out);
	if (got < n && heap_scrub_pending()) {
		heap_scrub(~0UL);
		got += alloc_blocks(order, n - got, claim, out + got);
	}
	return got;
}

struct page_info *alloc_heap_pages_claimed(unsigned int order, unsigned long *claim)
{
	struct page_info *pg;

	return alloc_heap_pages_batch(order, 1, claim, &pg) ? pg : NULL;
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

void heap_free_dirty_page(struct page_info *pg)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	BUG_ON(pg->count_info & (PGC_free | PGC_reserved));
	pg->next = dirty_list;
	dirty_list = (u32)(pg - frame_table);
	dirty_frames++;
	spin_unlock_irqrestore(&heap_lock, flags);
}

bool heap_scrub_pending(void)
{
	return READ_ONCE(dirty_list) != PAGE_LIST_NULL;
}

/* Take up to n frames off dirty_list as a chain through next; returns its head. */
static u32 take_dirty(unsigned int n)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	u32 head = dirty_list, last = PAGE_LIST_NULL;

	for (u32 m = head; m != PAGE_LIST_NULL && n; m = frame_table[m].next, n--)
		last = m;
	if (last != PAGE_LIST_NULL) {
		dirty_list = frame_table[last].next;
		frame_table[last].next = PAGE_LIST_NULL;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return last == PAGE_LIST_NULL ? PAGE_LIST_NULL : head;
}

#define SCRUB_CHUNK 32U

unsigned long heap_scrub(unsigned long max)
{
	unsigned long done = 0;

	while (done < max) {
		u32 chain = take_dirty((unsigned int)MIN(max - done, SCRUB_CHUNK)), next;
		unsigned long flags;

		if (chain == PAGE_LIST_NULL)
			break;
		for (u32 m = chain; m != PAGE_LIST_NULL; m = frame_table[m].next)
			arch_scrub_frame(_mfn(m));
		flags = spin_lock_irqsave(&heap_lock);
		for (u32 m = chain; m != PAGE_LIST_NULL; m = next, done++) {
			next = frame_table[m].next;
			mark_free(m, 0);
			free_block_locked(m, 0);
			dirty_frames--;
		}
		spin_unlock_irqrestore(&heap_lock, flags);
	}
	return done;
}

unsigned long heap_free_frames(void)
{
	return free_frames + dirty_frames;
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
	} else if (pages > free_frames + dirty_frames -
				   MIN(outstanding_claims, free_frames + dirty_frames)) {
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
	counted = 0;
	for (u32 m = dirty_list; m != PAGE_LIST_NULL && !rc; m = frame_table[m].next, counted++)
		if (frame_table[m].count_info & (PGC_free | PGC_reserved))
			rc = -6;
	if (!rc && counted > dirty_frames)
		rc = -7;
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}
