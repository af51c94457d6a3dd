/*
 * The hypervisor's own page tables.
 *
 * idle_pg_table is the L4 every CPU runs on when no guest is loaded; its
 * slots 256..271 are shared with every guest L4 later. map_pages() fills
 * them, using 2 MiB pages where alignment allows. Before the heap exists,
 * page-table pages come from the boot allocator below 1 GiB (the only range
 * the boot page tables direct-map). Callers serialise (boot CPU, or
 * pt_lock later).
 */
#include <xeno/bootinfo.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>
#include <asm/mm.h>
#include <asm/processor.h>

u64 *idle_pg_table;
static bool heap_ready;
static DEFINE_SPINLOCK(pt_lock);

void paging_heap_ready(void)
{
	heap_ready = true;
}

static u64 *alloc_pt_page(void)
{
	u64 *pt = heap_ready ? alloc_xenheap_page()
			     : maddr_to_virt(bootmem_alloc(PAGE_SIZE, PAGE_SIZE, 1UL << 30));

	BUG_ON(!pt);
	memset(pt, 0, PAGE_SIZE);
	return pt;
}

/*
 * The table under entry `e`, created if absent. Guest-readable leaves (the
 * read-only M2P) need _PAGE_USER on every level above them too.
 */
static u64 *next_table(u64 *e, u64 user)
{
	if (!(*e & _PAGE_PRESENT))
		*e = virt_to_maddr(alloc_pt_page()) | PAGE_TABLE_FLAGS;
	BUG_ON(*e & _PAGE_PSE);
	*e |= user;
	return maddr_to_virt(*e & PADDR_MASK);
}

static u64 *walk_to(unsigned long va, unsigned int level, u64 user)
{
	u64 *t = idle_pg_table;

	for (unsigned int l = 4; l > level; l--)
		t = next_table(&t[pt_index(va, l)], user);
	return &t[pt_index(va, level)];
}

int map_pages(unsigned long va, unsigned long mfn, unsigned long nr, u64 flags)
{
	unsigned long lock = spin_lock_irqsave(&pt_lock);

	while (nr) {
		bool big = !(va & ((1UL << L2_SHIFT) - 1)) && !(mfn & 511) && nr >= 512;
		unsigned long n = big ? 512 : 1;
		u64 *e = walk_to(va, big ? 2 : 1, flags & _PAGE_USER);

		*e = ((u64)mfn << PAGE_SHIFT) | flags | (big ? _PAGE_PSE : 0);
		invlpg(va);
		va += n << PAGE_SHIFT;
		mfn += n;
		nr -= n;
	}
	spin_unlock_irqrestore(&pt_lock, lock);
	return 0;
}

void *ioremap(paddr_t pa, size_t len)
{
	static unsigned long next = IOREMAP_VIRT_START;
	paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
	unsigned long nr = (ROUNDUP(pa + len, PAGE_SIZE) - base) >> PAGE_SHIFT;
	unsigned long va = __atomic_fetch_add(&next, nr << PAGE_SHIFT, __ATOMIC_RELAXED);

	if (va + (nr << PAGE_SHIFT) > IOREMAP_VIRT_END)
		return NULL;
	map_pages(va, base >> PAGE_SHIFT, nr, PAGE_HYPERVISOR_UC);
	return (void *)(va + (pa - base));
}

static void map_image(void)
{
	extern char __image_start[], __text_end[], __rodata_end[], __image_end[];
	unsigned long s = (unsigned long)__image_start;
	unsigned long t = (unsigned long)__text_end, r = (unsigned long)__rodata_end;
	unsigned long e = (unsigned long)__image_end;

	map_pages(s, virt_to_maddr(__image_start) >> PAGE_SHIFT, (t - s) >> PAGE_SHIFT,
		  PAGE_HYPERVISOR_RX);
	map_pages(t, virt_to_maddr(__text_end) >> PAGE_SHIFT, (r - t) >> PAGE_SHIFT,
		  PAGE_HYPERVISOR_RO);
	map_pages(r, virt_to_maddr(__rodata_end) >> PAGE_SHIFT, (e - r) >> PAGE_SHIFT,
		  PAGE_HYPERVISOR_RW);
}

static bool is_ram_type(u32 type)
{
	return type == E820_RAM || type == E820_ACPI || type == E820_NVS;
}

static void map_direct(void)
{
	map_pages(DIRECTMAP_VIRT_START, 0, 256, PAGE_HYPERVISOR_RW); /* low 1 MiB */
	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++) {
		const struct memmap_entry *m = &bootinfo.memmap[i];
		paddr_t s = ROUNDDOWN(m->addr, PAGE_SIZE),
			e = ROUNDUP(m->addr + m->size, PAGE_SIZE);

		if (is_ram_type(m->type) && e > s)
			map_pages(DIRECTMAP_VIRT_START + s, s >> PAGE_SHIFT, (e - s) >> PAGE_SHIFT,
				  PAGE_HYPERVISOR_RW);
	}
}

/* Build idle_pg_table (image with W^X, direct map of RAM) and switch to it. */
void paging_init(void)
{
	idle_pg_table = alloc_pt_page();
	/* Every hypervisor slot gets its L3 now: guest L4s copy these entries. */
	for (unsigned int slot = HYPERVISOR_SLOT_FIRST; slot <= HYPERVISOR_SLOT_LAST; slot++)
		next_table(&idle_pg_table[slot], 0);
	map_image();
	map_direct();
	write_cr4(read_cr4() | X86_CR4_PGE);
	write_cr3(virt_to_maddr(idle_pg_table));
}

/* Highest RAM frame + 1, from the memory map. */
unsigned long memmap_max_pfn(void)
{
	unsigned long max = 0;

	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++) {
		const struct memmap_entry *m = &bootinfo.memmap[i];

		if (is_ram_type(m->type))
			max = MAX(max, (unsigned long)((m->addr + m->size) >> PAGE_SHIFT));
	}
	return max;
}

/* Allocate and map the frame table for frames [0, nr). */
struct page_info *frametable_init(unsigned long nr)
{
	size_t bytes = ROUNDUP(nr * sizeof(struct page_info), 1UL << L2_SHIFT);
	paddr_t pa = bootmem_alloc(bytes, 1UL << L2_SHIFT, ~0UL);

	if (bytes > FRAMETABLE_SIZE)
		panic("frame table: %lu frames is more than the layout allows", nr);
	map_pages(FRAMETABLE_VIRT_START, pa >> PAGE_SHIFT, bytes >> PAGE_SHIFT, PAGE_HYPERVISOR_RW);
	return (struct page_info *)FRAMETABLE_VIRT_START;
}
