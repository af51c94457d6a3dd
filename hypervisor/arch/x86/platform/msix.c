/*
 * MSI-X tables of the machine's devices, for the pirq code (pirq.c) and
 * the I/O-memory checks (mm/pv_pagetable.c). The hypervisor writes the
 * table entry of each vector dom0 maps (address, data, mask) through its
 * own uncached mapping of the table page (msix_entry()).
 *
 * From a device's first mapped MSI-X vector to the unmap of its last one,
 * its table and PBA pages are read-only to dom0, as Xen 4.17 puts them in
 * mmio_ro_ranges (msix_capability_init, _pci_cleanup_msix): a writable
 * mapping loses RW, a store through a read-only one is dropped (ptwr.c).
 * Mappings dom0 made before are not revoked (nor are they by Xen).
 *
 * Locking: msix_lock (a leaf, interrupts off) guards maps[] and changes
 * to devs[]. msix_is_ro_frame(), on every writable L1 entry any domain
 * makes, reads devs[] without it: changes are bracketed by devs_seq (odd
 * while one is under way) and a reader retries when the count moved;
 * nr_ro_devs lets the case of no MSI-X vector mapped return at once, and
 * ro_lo..ro_hi (the span of every held page) the case of RAM, below them.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/spinlock.h>
#include <asm/acpi.h>
#include <asm/pirq.h>
#include <asm/processor.h>

#define MSIX_ENTRY_SIZE 16
#define MAX_MSIX_DEVS 32

struct msix_dev {
	u16 bdf;
	u16 users; /* mapped vectors; 0: a free slot */
	unsigned long table_first, table_last, pba_first, pba_last;
};

static struct msix_dev devs[MAX_MSIX_DEVS];
static unsigned int nr_ro_devs, devs_seq;
static unsigned long ro_lo = ~0UL, ro_hi; /* devs_seq odd while they change */
static DEFINE_SPINLOCK(msix_lock);

/*
 * An MSI-X table entry's address in the hypervisor: each table page is
 * mapped once, however often dom0 maps and unmaps its vectors (ioremap's
 * window is never given back).
 */
static volatile u32 *msix_map(u64 pa)
{
	static struct {
		u64 page;
		u8 *va;
	} maps[64];
	u64 page = pa & ~(u64)(PAGE_SIZE - 1);
	unsigned long flags = spin_lock_irqsave(&msix_lock);
	u8 *va = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(maps) && maps[i].va && !va; i++)
		if (maps[i].page == page)
			va = maps[i].va;
	spin_unlock_irqrestore(&msix_lock, flags);
	if (va || i == ARRAY_SIZE(maps) || !(va = ioremap(page, PAGE_SIZE)))
		return va ? (volatile u32 *)(va + (pa - page)) : NULL;
	flags = spin_lock_irqsave(&msix_lock);
	for (i = 0; i < ARRAY_SIZE(maps) && maps[i].va; i++)
		;
	if (i < ARRAY_SIZE(maps)) { /* else it stays mapped, unrecorded */
		maps[i].page = page;
		maps[i].va = va;
	}
	spin_unlock_irqrestore(&msix_lock, flags);
	return (volatile u32 *)(va + (pa - page));
}

/* The address of what the MSI-X register at cap + reg (table or PBA) points to; 0 if none. */
static u64 msix_region(unsigned int bdf, unsigned int cap, unsigned int reg)
{
	u32 where = pci_conf_read(bdf, cap + reg, 4);
	unsigned int bar = 0x10 + 4 * (where & 7);
	u32 lo = pci_conf_read(bdf, bar, 4);
	u64 base = lo & ~0xfULL;

	if ((lo & 1) || bar > 0x24)
		return 0;
	if ((lo & 6) == 4)
		base |= (u64)pci_conf_read(bdf, bar + 4, 4) << 32;
	return base ? base + (where & ~7u) : 0;
}

static unsigned int msix_nr_entries(unsigned int bdf, unsigned int cap)
{
	return (pci_conf_read(bdf, cap + 2, 2) & 0x7ff) + 1;
}

volatile u32 *msix_entry(unsigned int bdf, unsigned int cap, unsigned int nr)
{
	u64 table = msix_region(bdf, cap, 4);

	if (nr >= msix_nr_entries(bdf, cap) || !table)
		return NULL;
	return msix_map(table + MSIX_ENTRY_SIZE * nr);
}

static struct msix_dev *find_dev(unsigned int bdf)
{
	for (unsigned int i = 0; i < MAX_MSIX_DEVS; i++)
		if (devs[i].users && devs[i].bdf == bdf)
			return &devs[i];
	return NULL;
}

/* The span of the held devices' pages; msix_lock held, devs_seq odd. */
static void update_span(void)
{
	unsigned long lo = ~0UL, hi = 0;

	for (unsigned int i = 0; i < MAX_MSIX_DEVS; i++) {
		if (!devs[i].users)
			continue;
		lo = MIN(lo, MIN(devs[i].table_first, devs[i].pba_first));
		hi = MAX(hi, MAX(devs[i].table_last, devs[i].pba_last));
	}
	ro_lo = lo;
	ro_hi = hi;
}

static int add_dev(struct msix_dev tmpl)
{
	for (unsigned int i = 0; i < MAX_MSIX_DEVS; i++) {
		if (devs[i].users)
			continue;
		__atomic_fetch_add(&devs_seq, 1, __ATOMIC_SEQ_CST);
		devs[i] = tmpl;
		devs[i].users = 1;
		update_span();
		__atomic_fetch_add(&nr_ro_devs, 1, __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&devs_seq, 1, __ATOMIC_SEQ_CST);
		return 0;
	}
	return -ENOSPC;
}

int msix_hold(unsigned int bdf, unsigned int cap)
{
	unsigned int nr = msix_nr_entries(bdf, cap);
	u64 table = msix_region(bdf, cap, 4), pba = msix_region(bdf, cap, 8);
	struct msix_dev tmpl = {.bdf = (u16)bdf};
	struct msix_dev *dev;
	unsigned long flags;
	int rc = 0;

	if (!table || !pba)
		return -ENXIO;
	tmpl.table_first = table >> PAGE_SHIFT;
	tmpl.table_last = (table + nr * MSIX_ENTRY_SIZE - 1) >> PAGE_SHIFT;
	tmpl.pba_first = pba >> PAGE_SHIFT;
	tmpl.pba_last = (pba + DIV_ROUND_UP(nr, 64) * 8 - 1) >> PAGE_SHIFT;
	flags = spin_lock_irqsave(&msix_lock);
	if ((dev = find_dev(bdf)))
		dev->users++;
	else
		rc = add_dev(tmpl);
	spin_unlock_irqrestore(&msix_lock, flags);
	return rc;
}

void msix_release(unsigned int bdf)
{
	unsigned long flags = spin_lock_irqsave(&msix_lock);
	struct msix_dev *dev = find_dev(bdf);

	if (dev && dev->users == 1) {
		__atomic_fetch_add(&devs_seq, 1, __ATOMIC_SEQ_CST);
		dev->users = 0;
		update_span();
		__atomic_fetch_sub(&nr_ro_devs, 1, __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&devs_seq, 1, __ATOMIC_SEQ_CST);
	} else if (dev)
		dev->users--;
	spin_unlock_irqrestore(&msix_lock, flags);
}

static bool in_range(unsigned long mfn, unsigned long first, unsigned long last)
{
	return mfn >= first && mfn <= last;
}

static bool scan_devs(unsigned long mfn)
{
	for (unsigned int i = 0; i < MAX_MSIX_DEVS; i++) {
		const volatile struct msix_dev *dev = &devs[i];

		if (dev->users && (in_range(mfn, dev->table_first, dev->table_last) ||
				   in_range(mfn, dev->pba_first, dev->pba_last)))
			return true;
	}
	return false;
}

bool msix_is_ro_frame(unsigned long mfn)
{
	unsigned int seq;
	bool ro;

	if (!__atomic_load_n(&nr_ro_devs, __ATOMIC_ACQUIRE))
		return false;
	do {
		while ((seq = __atomic_load_n(&devs_seq, __ATOMIC_ACQUIRE)) & 1)
			cpu_relax();
		ro = mfn >= __atomic_load_n(&ro_lo, __ATOMIC_RELAXED) &&
		     mfn <= __atomic_load_n(&ro_hi, __ATOMIC_RELAXED) && scan_devs(mfn);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (__atomic_load_n(&devs_seq, __ATOMIC_RELAXED) != seq);
	return ro;
}
