/*
 * MSI-X tables are read-only to dom0 while a vector is mapped (Xen 4.17's
 * mmio_ro_ranges, from msix_capability_init to _pci_cleanup_msix). The
 * guest, dom0 on a QEMU machine with an e1000e (test.toml), finds the NIC
 * and its MSI-X capability in PCI configuration space (0xcf8/0xcfc), the
 * BARs holding the table and the PBA, and announces the device
 * (PHYSDEVOP_pci_device_add). Before any vector is mapped the table page
 * maps writable; the guest unmaps it, since neither hypervisor revokes
 * existing mappings. After PHYSDEVOP_map_pirq of entry 0: a writable mapping
 * of the table or the PBA page (mmu_update or update_va_mapping) succeeds
 * with RW dropped, as Xen forces read-only access rather than refusing;
 * a read-only mapping reads the address the hypervisor wrote into entry 0;
 * a store through it is dropped without a fault and leaves the entry as it
 * was. Once the vector is unmapped the page maps writable again.
 */
#include <guest.h>
#include <guest_mm.h>

const char test_title[] = "msix-ro: MSI-X table and PBA read-only to dom0 once MSI-X is set up";

#define PCI_CAP_ID_MSIX 0x11
#define PTE_PCD 0x010UL
#define MSI_ADDR_BASE 0xfee00000u

struct msix_info {
	unsigned int devfn, cap, nr;
	uint64_t bar, table, pba; /* bar: start of the BAR holding the table */
};

static uint32_t cfg_read(unsigned int devfn, unsigned int reg)
{
	uint32_t v;

	__asm__ __volatile__("outl %0, %w1" ::"a"(0x80000000u | devfn << 8 | (reg & 0xfc)),
			     "Nd"(0xcf8));
	__asm__ __volatile__("inl %w1, %0" : "=a"(v) : "Nd"(0xcfc));
	return v;
}

static void cfg_write16(unsigned int devfn, unsigned int reg, uint16_t v)
{
	__asm__ __volatile__("outl %0, %w1" ::"a"(0x80000000u | devfn << 8 | (reg & 0xfc)),
			     "Nd"(0xcf8));
	__asm__ __volatile__("outw %w0, %w1" ::"a"(v), "Nd"(0xcfc + (reg & 2)));
}

static unsigned int find_cap(unsigned int devfn, unsigned int id)
{
	unsigned int pos = cfg_read(devfn, 0x34) & 0xfc;

	if (!(cfg_read(devfn, 0x04) >> 16 & 0x10))
		return 0; /* no capability list */
	for (unsigned int n = 0; pos && n < 48; n++) {
		uint32_t hdr = cfg_read(devfn, pos);

		if ((hdr & 0xff) == id)
			return pos;
		pos = hdr >> 8 & 0xfc;
	}
	return 0;
}

/* The memory BAR at config offset 0x10 + 4 * bir; 0 if none. */
static uint64_t bar_base(unsigned int devfn, unsigned int bir)
{
	uint32_t lo = cfg_read(devfn, 0x10 + 4 * bir);
	uint64_t base = lo & ~0xfull;

	if (lo & 1)
		return 0;
	if ((lo & 6) == 4)
		base |= (uint64_t)cfg_read(devfn, 0x14 + 4 * bir) << 32;
	return base;
}

/* The first device on bus 0 with an MSI-X capability (the e1000e). */
static bool find_msix(struct msix_info *m)
{
	for (m->devfn = 0; m->devfn < 256; m->devfn++) {
		uint32_t id = cfg_read(m->devfn, 0), table, pba;

		if ((id & 0xffff) == 0xffff || !(m->cap = find_cap(m->devfn, PCI_CAP_ID_MSIX)))
			continue;
		table = cfg_read(m->devfn, m->cap + 4);
		pba = cfg_read(m->devfn, m->cap + 8);
		m->nr = (cfg_read(m->devfn, m->cap) >> 16 & 0x7ff) + 1;
		m->bar = bar_base(m->devfn, table & 7);
		m->table = m->bar + (table & ~7u);
		m->pba = bar_base(m->devfn, pba & 7) + (pba & ~7u);
		printf("%02x.%u %04x:%04x: MSI-X cap %#x, %u entries, table %#lx, PBA %#lx\n",
		       m->devfn >> 3, m->devfn & 7, id & 0xffff, id >> 16, m->cap, m->nr,
		       (unsigned long)m->table, (unsigned long)m->pba);
		return m->bar != 0;
	}
	return false;
}

/* mmu_update of va's L1 entry: machine page maddr with flags; 0 or -errno. */
static long map_mmu(void *va, uint64_t maddr, uint64_t flags)
{
	return mmu_update1(entry_maddr(pt_entry_of((unsigned long)va, 1)),
			   (maddr & PTE_ADDR) | PTE_P | PTE_A | PTE_D | PTE_PCD | flags);
}

static long map_va(void *va, uint64_t maddr, uint64_t flags)
{
	return hc_update_va_mapping((unsigned long)va,
				    (maddr & PTE_ADDR) | PTE_P | PTE_A | PTE_D | PTE_PCD | flags,
				    UVMF_INVLPG);
}

static uint64_t pte_rw(void *va)
{
	return *pt_entry_of((unsigned long)va, 1) & PTE_RW;
}

/* A 32-bit store that may fault: 0, or the trap (trapped()). */
static int try_store(volatile uint32_t *p, uint32_t v)
{
	trap_record_clear();
	__asm__ __volatile__("1: movl %1, %0\n2:\n" EXTABLE(1b, 2b) : "=m"(*p) : "r"(v));
	return trapped();
}

static long map_msix_vector(const struct msix_info *m, int *pirq)
{
	struct physdev_map_pirq map = {.domid = DOMID_SELF,
				       .type = MAP_PIRQ_TYPE_MSI,
				       .index = -1,
				       .pirq = -1,
				       .bus = 0,
				       .devfn = (int32_t)m->devfn,
				       .entry_nr = 0,
				       .table_base = m->bar};
	long rc = hc_physdev_op(PHYSDEVOP_map_pirq, &map);

	*pirq = map.pirq;
	return rc;
}

/* The page of machine address maddr, writable request and read-only one. */
static void read_only(void *va, uint64_t maddr, const char *what)
{
	check_eq(map_mmu(va, maddr, PTE_RW), 0, "mmu_update: a writable mapping of the page");
	check_eq(pte_rw(va), 0, "... made read-only (RW dropped), as Xen's mmio_ro_ranges");
	check_eq(map_va(va, maddr, PTE_RW), 0, "update_va_mapping: a writable mapping");
	check_eq(pte_rw(va), 0, "... made read-only too");
	check_eq(map_va(va, maddr, 0), 0, "a read-only mapping");
	printf("(%s page %#lx)\n", what, (unsigned long)maddr);
}

static void table_read_only(const struct msix_info *m, void *va)
{
	volatile uint32_t *entry = (volatile uint32_t *)((char *)va + (m->table & 0xfff));
	uint32_t data;

	read_only(va, m->table, "table");
	check_eq(entry[0] & 0xfff00000u, MSI_ADDR_BASE,
		 "entry 0's address (read through it) is the hypervisor's MSI address");
	data = entry[2];
	check_eq(try_store(&entry[2], data ^ 0xffu), 0,
		 "a store to entry 0's data: no fault (dropped, as Xen's mmio_ro_emulated_write)");
	check_eq(entry[2], data, "entry 0's data unchanged");
	read_only(va, m->pba, "PBA");
}

void test_main(void)
{
	struct physdev_set_iopl iopl = {.iopl = 1};
	struct physdev_pci_device_add add = {.seg = 0, .bus = 0};
	struct physdev_unmap_pirq unmap = {.domid = DOMID_SELF};
	struct msix_info m;
	void *va = alloc_page();
	int pirq = -1;

	check_eq(hc_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0, "set_iopl 1");
	if (!find_msix(&m)) {
		fail("no device with MSI-X and a memory BAR on bus 0");
		return;
	}
	cfg_write16(m.devfn, 0x04, (uint16_t)(cfg_read(m.devfn, 0x04) | 0x6)); /* memory, master */
	add.devfn = (uint8_t)m.devfn;
	check_eq(hc_physdev_op(PHYSDEVOP_pci_device_add, &add), 0, "pci_device_add");
	check_eq(map_mmu(va, m.table, PTE_RW), 0, "no vector mapped: the table page maps");
	check_eq(pte_rw(va), PTE_RW, "... writable");
	/* Neither hypervisor revokes a mapping made before (Xen even keeps RW
	 * when the same entry is written again: its mod_l1_entry fast path). */
	check_eq(hc_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG), 0, "unmap it");
	check_eq(map_msix_vector(&m, &pirq), 0, "map_pirq of MSI-X entry 0");
	check(pirq > 0, "... to pirq %d", pirq);
	table_read_only(&m, va);
	unmap.pirq = pirq;
	check_eq(hc_physdev_op(PHYSDEVOP_unmap_pirq, &unmap), 0, "unmap_pirq");
	check_eq(map_va(va, m.table, PTE_RW), 0, "the last vector unmapped: the table page maps");
	check_eq(pte_rw(va), PTE_RW, "... writable again");
	check_eq(hc_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG), 0, "unmap the page");
}
