/*
 * Hypervisor heap pages and the small-object allocator.
 *
 * xmalloc rounds requests up to a power-of-two class (32 B .. 2 KiB) and
 * carves objects from whole heap pages; each object is preceded by a 16-byte
 * header holding its class, so xfree() needs no size. Larger requests take
 * whole pages (header in front, order recorded). Free objects of a class
 * form a doubly-linked list; each carved page counts its objects in use (in
 * its page_info's `next`, unused for hypervisor pages) and goes back to the
 * heap when that count falls to 0, its free objects taken off the list
 * first: what a destroyed domain took all comes back, as with Xen's pools.
 * Every page given back to the heap is scrubbed (guests get heap frames).
 * xmalloc_lock protects the class lists, the page counts and the counters.
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>

#define MIN_SHIFT 5
#define MAX_SHIFT 11
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define HDR 16
#define LARGE_FLAG 0x100u

struct xhdr {
	u32 class; /* class index, or LARGE_FLAG | order */
	u32 magic;
	u64 pad;
};
#define XMAGIC 0x78616c6cu

struct free_obj {
	struct free_obj *next, *prev;
};

static DEFINE_SPINLOCK(xmalloc_lock);
static struct free_obj *free_objs[NR_CLASSES];
static size_t bytes_in_use;

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = alloc_heap_pages(order);

	if (!pg)
		return NULL;
	for (unsigned long i = 0; i < (1UL << order); i++)
		pg[i].count_info |= PGC_xen_heap;
	return mfn_to_virt(page_to_mfn(pg));
}

void free_xenheap_pages(void *va, unsigned int order)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	memset(va, 0, PAGE_SIZE << order);
	for (unsigned long i = 0; i < (1UL << order); i++)
		pg[i].count_info &= ~PGC_xen_heap;
	free_heap_pages(pg, order);
}

static unsigned int size_class(size_t size)
{
	unsigned int c = 0;

	while ((1UL << (MIN_SHIFT + c)) < size + HDR)
		c++;
	return c;
}

static struct page_info *page_of(const void *p)
{
	return mfn_to_page(virt_to_mfn(p));
}

static void push_locked(unsigned int c, struct free_obj *o)
{
	o->prev = NULL;
	o->next = free_objs[c];
	if (o->next)
		o->next->prev = o;
	free_objs[c] = o;
}

static void unlink_locked(unsigned int c, struct free_obj *o)
{
	if (o->prev)
		o->prev->next = o->next;
	else
		free_objs[c] = o->next;
	if (o->next)
		o->next->prev = o->prev;
}

/* Carve a fresh page into objects of class c. Caller holds xmalloc_lock. */
static bool refill_locked(unsigned int c)
{
	size_t sz = 1UL << (MIN_SHIFT + c);
	char *page;

	ASSERT(spin_is_locked(&xmalloc_lock));
	if (!(page = alloc_xenheap_page()))
		return false;
	page_of(page)->next = 0; /* objects in use */
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz)
		push_locked(c, (struct free_obj *)(page + off));
	return true;
}

/* The last object of page p (class c) came back: the page goes back to the heap. */
static void release_page_locked(unsigned int c, char *p)
{
	size_t sz = 1UL << (MIN_SHIFT + c);

	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz)
		unlink_locked(c, (struct free_obj *)(p + off));
	free_xenheap_page(p);
}

static void *alloc_large(size_t size)
{
	unsigned int order = 0;
	struct xhdr *h;

	while (((size_t)PAGE_SIZE << order) < size + HDR)
		order++;
	h = alloc_xenheap_pages(order);
	if (!h)
		return NULL;
	*h = (struct xhdr){LARGE_FLAG | order, XMAGIC, 0};
	return (char *)h + HDR;
}

void *xmalloc_bytes(size_t size)
{
	unsigned int c;
	struct xhdr *h;
	unsigned long flags;

	if (size + HDR > (1UL << MAX_SHIFT))
		return alloc_large(size);
	c = size_class(size);
	flags = spin_lock_irqsave(&xmalloc_lock);
	if (!free_objs[c] && !refill_locked(c)) {
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		return NULL;
	}
	h = (struct xhdr *)free_objs[c];
	unlink_locked(c, free_objs[c]);
	page_of(h)->next++;
	bytes_in_use += 1UL << (MIN_SHIFT + c);
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	*h = (struct xhdr){c, XMAGIC, 0};
	return (char *)h + HDR;
}

/* Bytes of heap an xmalloc_bytes(size) really takes (accounting). */
size_t xmalloc_footprint(size_t size)
{
	unsigned int order = 0;

	if (size + HDR <= (1UL << MAX_SHIFT))
		return 1UL << (MIN_SHIFT + size_class(size));
	while (((size_t)PAGE_SIZE << order) < size + HDR)
		order++;
	return (size_t)PAGE_SIZE << order;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	struct xhdr *h = (struct xhdr *)((char *)p - HDR);
	unsigned long flags;
	unsigned int c;

	if (!p)
		return;
	BUG_ON(h->magic != XMAGIC);
	h->magic = 0;
	if (h->class & LARGE_FLAG) {
		free_xenheap_pages(h, h->class & 0xff);
		return;
	}
	c = h->class; /* the free-list link overwrites the header */
	flags = spin_lock_irqsave(&xmalloc_lock);
	bytes_in_use -= 1UL << (MIN_SHIFT + c);
	push_locked(c, (struct free_obj *)h);
	if (!--page_of(h)->next)
		release_page_locked(c, (char *)((unsigned long)h & ~(PAGE_SIZE - 1)));
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}
