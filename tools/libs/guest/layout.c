/*
 * libxguest: the start-of-day layout and its page tables (pure functions,
 * no hypercall). The tables are [L4][L3..][L2..][L1..] from pt_start: the
 * k-th table of a level maps the k-th 512 GiB / 1 GiB / 2 MiB slice of
 * [v_start, v_end) that level covers, so a table's place follows from the
 * address alone.
 *
 * Invariants: v_end - v_start is a whole number of pages <= nr_pages
 * frames; every table frame lies inside [pt_start, stack_start) and is
 * mapped read-only by the L1 entries.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xguest.h"

#define PAGE 4096ull
#define MB(x) ((uint64_t)(x) << 20)
#define ROUNDUP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define PTE_P 0x001ull
#define PTE_RW 0x002ull
#define PTE_US 0x004ull
#define PTE_A 0x020ull
#define PTE_D 0x040ull
#define PTE_GUEST (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

static unsigned int tables_needed(uint64_t s, uint64_t e, unsigned int shift)
{
	return (unsigned int)(((e - 1) >> shift) - (s >> shift) + 1);
}

static void count_tables(struct xguest_layout *l)
{
	l->nr_l3 = tables_needed(l->v_start, l->v_end, 39);
	l->nr_l2 = tables_needed(l->v_start, l->v_end, 30);
	l->nr_l1 = tables_needed(l->v_start, l->v_end, 21);
	l->nr_pt = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
}

static int fail(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return -EINVAL;
}

int xguest_layout(struct xguest_layout *l, const struct elf_image *elf, size_t ramdisk_len,
		  unsigned long nr_pages, char *err, size_t errlen)
{
	unsigned int prev = 0;

	memset(l, 0, sizeof(*l));
	l->nr_pages = nr_pages;
	l->v_start = elf->virt_base ? elf->virt_base : (elf->vstart & ~(MB(4) - 1));
	l->kern_start = elf->vstart;
	l->kern_end = elf->vend;
	if (l->kern_start < l->v_start || l->kern_end < l->kern_start)
		return fail(err, errlen, "the kernel lies below its VIRT_BASE");
	l->initrd_start = l->kern_end;
	l->initrd_end = ROUNDUP(l->initrd_start + ramdisk_len, PAGE);
	l->p2m_start = l->initrd_end;
	l->si_start = l->p2m_start + ROUNDUP((uint64_t)nr_pages * 8, PAGE);
	l->store_start = l->si_start + PAGE;
	l->console_start = l->store_start + PAGE;
	l->pt_start = l->console_start + PAGE;
	l->nr_pt = 4;
	while (l->nr_pt != prev) {
		prev = l->nr_pt;
		l->stack_start = l->pt_start + (uint64_t)l->nr_pt * PAGE;
		l->v_end = ROUNDUP(l->stack_start + PAGE + 512 * 1024, MB(4));
		count_tables(l);
	}
	if (l->v_end - l->v_start > MB(1024))
		return fail(err, errlen, "the start-of-day region does not fit in 1 GiB");
	if ((l->v_end - l->v_start) / PAGE > nr_pages)
		return fail(err, errlen,
			    "memory is too small for the kernel, ramdisk and boot "
			    "structures");
	return 0;
}

/* The table of `level` (1..3) that maps va, as a pointer into the region. */
static uint64_t *table_for(const struct xguest_layout *l, uint8_t *base, uint64_t va,
			   unsigned int level)
{
	static const unsigned int shift[] = {0, 21, 30, 39};
	uint64_t first = 1 + (level < 3 ? l->nr_l3 : 0) + (level < 2 ? l->nr_l2 : 0);
	uint64_t k = (va >> shift[level]) - (l->v_start >> shift[level]);

	return (uint64_t *)(base + (l->pt_start - l->v_start) + (first + k) * PAGE);
}

static uint64_t frame_of(const struct xguest_layout *l, const uint64_t *p2m, const void *table,
			 const uint8_t *base)
{
	return p2m[((const uint8_t *)table - base) / PAGE] << 12;
}

void xguest_page_tables(const struct xguest_layout *l, uint8_t *base, const uint64_t *p2m)
{
	uint64_t *l4 = (uint64_t *)(base + (l->pt_start - l->v_start));

	for (uint64_t va = l->v_start; va < l->v_end; va += PAGE) {
		uint64_t *l3 = table_for(l, base, va, 3), *l2 = table_for(l, base, va, 2);
		uint64_t *l1 = table_for(l, base, va, 1);
		int ro = va >= l->pt_start && va < l->stack_start;

		l4[(va >> 39) & 511] = frame_of(l, p2m, l3, base) | PTE_GUEST;
		l3[(va >> 30) & 511] = frame_of(l, p2m, l2, base) | PTE_GUEST;
		l2[(va >> 21) & 511] = frame_of(l, p2m, l1, base) | PTE_GUEST;
		l1[(va >> 12) & 511] = p2m[(va - l->v_start) / PAGE] << 12 |
				       (ro ? PTE_GUEST & ~PTE_RW : PTE_GUEST);
	}
}
