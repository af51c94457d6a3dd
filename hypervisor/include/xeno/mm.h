/*
 * Machine memory: the frame table and the allocators.
 *
 * Every machine frame below max_page has a 32-byte struct page_info in the
 * frame table. For a free frame, count_info has PGC_free and, on the first
 * frame of a free buddy block, `order` gives its size. Allocated frames are
 * either hypervisor heap (PGC_xen_heap) or owned by a domain (owner, later
 * with type_info tracking page-table types and counts).
 *
 * Allocators, in boot order: the boot allocator (ranges from the memory
 * map, used before the frame table exists) -> the buddy heap (page_alloc.c)
 * -> xmalloc for small objects.
 */
#ifndef XENO_MM_H
#define XENO_MM_H

#include <xeno/types.h>
#include <asm/page.h>

#define PGC_free (1UL << 63)
#define PGC_xen_heap (1UL << 62)
#define PGC_reserved (1UL << 61)  /* firmware, image, MMIO: never allocatable */
#define PGC_allocated (1UL << 60) /* the owning domain's allocation reference is held */
#define PGC_uncounted (1UL << 59) /* stolen by XENMEM_exchange: on the list, not in tot_pages */
#define PGC_count_mask ((1UL << 48) - 1)

#define PAGE_LIST_NULL 0xffffffffU

/* type_info: the frame's use as a guest page (issue 4 completes the rules). */
#define PGT_none (0UL << 60)
#define PGT_l1_page_table (1UL << 60)
#define PGT_l2_page_table (2UL << 60)
#define PGT_l3_page_table (3UL << 60)
#define PGT_l4_page_table (4UL << 60)
#define PGT_seg_desc_page (5UL << 60)
#define PGT_writable_page (7UL << 60)
#define PGT_type_mask (7UL << 60)
#define PGT_pinned (1UL << 59)
#define PGT_validated (1UL << 58)
#define PGT_bad (1UL << 57) /* validation failed; waiting users give up */
#define PGT_count_mask ((1UL << 32) - 1)

struct page_info {
	u32 next, prev; /* free-list / domain-list links (frame numbers) */
	u64 count_info; /* PGC_* flags | general reference count */
	u64 type_info;	/* page type and type count (for guest pages) */
	u32 owner;	/* owning domain id + 1, 0 for none */
	union {
		u32 order; /* free blocks: log2 of the block size in frames */
		/* A PV page table in use (0 otherwise): > 0, how many linear
		 * entries it holds; < 0, how many linear entries map it
		 * (arch/x86/mm/linear_pt.c). */
		s32 linear_pt_count;
	};
};

extern struct page_info *frame_table;
extern unsigned long max_page; /* one past the highest RAM frame */

static inline struct page_info *mfn_to_page(mfn_t m)
{
	return frame_table + mfn_x(m);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
	return _mfn((unsigned long)(pg - frame_table));
}

#define MAX_ORDER 20

/* Buddy heap. Thread-safe; alloc_* return NULL/INVALID on exhaustion. */
void heap_init(struct page_info *table, unsigned long nr_frames);
void heap_free_range(mfn_t first, unsigned long nr); /* add frames to the heap */
struct page_info *alloc_heap_pages(unsigned int order);
/* The same, charged to a claim (*claim frames promised to a domain; NULL: none). */
struct page_info *alloc_heap_pages_claimed(unsigned int order, unsigned long *claim);
/* Up to n blocks of 2^order frames (into out[]) charged to claim; returns how many. */
unsigned int alloc_heap_pages_batch(unsigned int order, unsigned int n, unsigned long *claim,
				    struct page_info **out);
/* Promise pages free frames to *claim (0: give the claim back); -EINVAL if one is held, -ENOMEM. */
long heap_set_claim(unsigned long *claim, unsigned long pages);
unsigned long heap_outstanding_claims(void);
void free_heap_pages(struct page_info *pg, unsigned int order);
/* A frame that may hold a domain's data: freed once heap_scrub() has zeroed it. */
void heap_free_dirty_page(struct page_info *pg);
bool heap_scrub_pending(void);
/* Zero and free up to max frames given to heap_free_dirty_page(); returns how many. */
unsigned long heap_scrub(unsigned long max);
/* Zero one frame (arch: through the direct map). */
void arch_scrub_frame(mfn_t mfn);
/* Free frames, those awaiting their scrub included. */
unsigned long heap_free_frames(void);
unsigned long heap_total_frames(void);
/* Consistency check of free lists and buddies; returns 0 or a negative code. */
int heap_check(void);

/* Hypervisor-heap pages, mapped in the direct map. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
static inline void *alloc_xenheap_page(void)
{
	return alloc_xenheap_pages(0);
}
static inline void free_xenheap_page(void *va)
{
	free_xenheap_pages(va, 0);
}

/* Small objects. */
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
size_t xmalloc_footprint(size_t size);
void xfree(void *p);
#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))

/*
 * A domain's frames (arch/x86/mm/domain_frame.c): the references common
 * code takes on frames a domain owns, without the page-type internals. A
 * general reference keeps the frame the domain's (the last one frees it);
 * a type reference "as a writable page" (PGT_writable_page) also keeps it
 * from becoming a page table or descriptor page, so the hypervisor may
 * write it. Typed references are taken on top of a general one.
 */
struct domain;
#define INVALID_GPFN (~0UL) /* M2P entry of a frame with no guest frame number */

/* A general reference on mfn if d owns it (and it is RAM); false if not. */
bool get_domain_frame(struct domain *d, mfn_t mfn);
/* Drop a general reference on a frame of d (frees it when it was the last). */
void put_domain_frame(struct domain *d, mfn_t mfn);
/* A type reference as `type` on a frame of d the caller holds; false on a conflict. */
bool get_domain_frame_type(struct domain *d, mfn_t mfn, unsigned long type);
/* Drop a type reference taken by get_domain_frame_type(). */
void put_domain_frame_type(struct domain *d, mfn_t mfn);
/* Both at once (general, then type); 0, or -EINVAL if not d's or of another type. */
int get_domain_frame_typed(struct domain *d, mfn_t mfn, unsigned long type);
/* Drop both references taken by get_domain_frame_typed(). */
void put_domain_frame_typed(struct domain *d, mfn_t mfn);
/*
 * Hand hypervisor-heap page va to d as a writable page (one of each reference,
 * put back when d is destroyed; d->xen_pages counts the page until its last goes).
 */
void share_xen_page_with_domain(struct domain *d, void *va);
/* A shared page whose last reference went back to the hypervisor: scrubbed and freed. */
void free_shared_xen_page(void *va);
/* Record gpfn (or INVALID_GPFN) as mfn's guest frame number in the M2P. */
void set_domain_frame_gpfn(mfn_t mfn, unsigned long gpfn);
/*
 * The same for n extents of 2^order frames from mfn[k]: gpfn[k] on (each
 * frame its own, consecutive), or INVALID_GPFN for all with gpfn NULL.
 */
void set_domain_extents_gpfn(const u64 *mfn, const u64 *gpfn, unsigned int n, unsigned int order);
/* mfn's guest frame number if d owns it (its M2P entry), else INVALID_GPFN. */
unsigned long domain_frame_gpfn(struct domain *d, mfn_t mfn);
/* The highest guest frame number of d's frames (M2P), or INVALID_GPFN if none. */
unsigned long domain_max_gpfn(struct domain *d);

/* Page tables of the hypervisor (idle page table, shared slots). */
int map_pages(unsigned long va, unsigned long mfn, unsigned long nr, u64 flags);
void *ioremap(paddr_t pa, size_t len);
extern u64 *idle_pg_table;

#endif
