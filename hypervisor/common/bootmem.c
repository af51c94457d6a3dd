/*
 * Boot allocator: a short list of free physical ranges, built from the
 * memory map minus reservations (image, modules, firmware areas).
 * Allocation carves from the top of the highest fitting range below a
 * limit. Single-threaded (boot CPU, before the heap exists); once released
 * to the heap it refuses further use.
 */
#include <xeno/bootinfo.h>
#include <xeno/lib.h>
#include <xeno/mm.h>

#define MAX_RANGES 128

static struct {
	paddr_t start, end;
} ranges[MAX_RANGES];
static unsigned int nr_ranges;
static bool released;

static void insert_range(unsigned int at, paddr_t start, paddr_t end)
{
	if (nr_ranges == MAX_RANGES)
		panic("boot allocator: too many memory ranges");
	for (unsigned int i = nr_ranges; i > at; i--)
		ranges[i] = ranges[i - 1];
	ranges[at].start = start;
	ranges[at].end = end;
	nr_ranges++;
}

static void remove_range(unsigned int at)
{
	nr_ranges--;
	for (unsigned int i = at; i < nr_ranges; i++)
		ranges[i] = ranges[i + 1];
}

void bootmem_add(paddr_t start, paddr_t end)
{
	unsigned int i;

	start = ROUNDUP(start, PAGE_SIZE);
	end = ROUNDDOWN(end, PAGE_SIZE);
	if (start >= end)
		return;
	for (i = 0; i < nr_ranges && ranges[i].start < start; i++)
		;
	insert_range(i, start, end);
}

void bootmem_reserve(paddr_t start, paddr_t end)
{
	start = ROUNDDOWN(start, PAGE_SIZE);
	end = ROUNDUP(end, PAGE_SIZE);
	for (unsigned int i = 0; i < nr_ranges; i++) {
		paddr_t s = ranges[i].start, e = ranges[i].end;

		if (e <= start || s >= end)
			continue;
		remove_range(i);
		if (end < e)
			insert_range(i, end, e);
		if (s < start)
			insert_range(i, s, start);
		i--; /* re-examine this index */
	}
}

paddr_t bootmem_alloc(size_t size, size_t align, paddr_t below)
{
	BUG_ON(released);
	size = ROUNDUP(size, PAGE_SIZE);
	for (int i = (int)nr_ranges - 1; i >= 0; i--) {
		paddr_t top = MIN(ranges[i].end, below), pa;

		if (top < size)
			continue;
		pa = ROUNDDOWN(top - size, (paddr_t)align);
		if (pa < ranges[i].start)
			continue;
		bootmem_reserve(pa, pa + size);
		return pa;
	}
	panic("boot allocator: out of memory (%zu bytes below %#lx)", size, below);
}

void bootmem_release(void (*fn)(paddr_t start, paddr_t end))
{
	for (unsigned int i = 0; i < nr_ranges; i++)
		fn(ranges[i].start, ranges[i].end);
	nr_ranges = 0;
	released = true;
}
