/*
 * mm-memory: memory_op. The M2P's location and size, the reservation
 * queries, giving a frame back (it stops being the guest's: mapping it
 * fails) and getting fresh ones (zeroed, whatever they held before),
 * populate_physmap writing the M2P (one frame, and a list of 40), exchange of two frames for one
 * contiguous 2-frame extent below 4 GiB, and a clean failure of exchange
 * (nothing exchanged) when an input frame is still mapped.
 */
#include <guest_mm.h>
#include <public/memory.h>

const char test_title[] = "mm-memory: memory_op reservations, maps, exchange";

#define MEMOP(cmd, arg) HC(memory_op, cmd, arg, 0)

static long reservation(unsigned int cmd, xen_pfn_t *list, unsigned long n, unsigned int order,
			unsigned int flags)
{
	struct xen_memory_reservation r = {
		.nr_extents = n, .extent_order = order, .mem_flags = flags, .domid = DOMID_SELF};

	r.extent_start.p = list;
	return MEMOP(cmd, &r);
}

static long current_pages(void)
{
	domid_t self = DOMID_SELF;

	return MEMOP(XENMEM_current_reservation, &self);
}

static void queries(void)
{
	struct xen_machphys_mapping m;
	domid_t self = DOMID_SELF, other = 5;
	long max_ram = MEMOP(XENMEM_maximum_ram_page, NULL);

	check(MEMOP(XENMEM_machphys_mapping, &m) == 0, "machphys_mapping");
	check_eq(m.v_start, M2P_VIRT_START, "M2P start");
	check(m.v_end > m.v_start && m.max_mfn >= virt_to_mfn(start_info), "M2P covers our frames");
	check(max_ram > (long)virt_to_mfn(start_info), "maximum_ram_page %ld", max_ram);
	check_eq(current_pages(), start_info->nr_pages, "current_reservation = nr_pages");
	check(MEMOP(XENMEM_maximum_reservation, &self) >= current_pages(), "maximum_reservation");
	check(MEMOP(XENMEM_current_reservation, &other) == -XEN_ESRCH, "unknown domain: -ESRCH");
}

static void machine_map(void)
{
	struct {
		uint64_t addr, size;
		uint32_t type;
	} __attribute__((packed)) e[32];
	struct xen_memory_map map = {.nr_entries = 32};
	uint64_t ram = 0;

	map.buffer.p = e;
	check(MEMOP(XENMEM_machine_memory_map, &map) == 0, "machine_memory_map");
	check(map.nr_entries >= 2 && map.nr_entries <= 32, "machine map entries: %u",
	      map.nr_entries);
	for (unsigned int i = 0; i < map.nr_entries && i < 32; i++)
		ram += e[i].type == 1 ? e[i].size : 0;
	check(ram >= start_info->nr_pages * 4096, "machine RAM %lu MiB >= ours",
	      (unsigned long)(ram >> 20));
}

static void give_back_and_get(void)
{
	uint64_t *page = alloc_page();
	xen_pfn_t mfn = virt_to_mfn(page), got;
	long before = current_pages();

	page[0] = 0x1234;
	check(remap_page(page, 0) == 0, "unmap a page");
	check(reservation(XENMEM_decrease_reservation, &mfn, 1, 0, 0) == 1, "decrease_reservation");
	check_eq(current_pages(), before - 1, "one page fewer");
	check(hc_update_va_mapping((unsigned long)page, mfn << 12 | PTE_P | PTE_RW, UVMF_INVLPG) <
		      0,
	      "a frame given back cannot be mapped");
	check(reservation(XENMEM_decrease_reservation, &mfn, 1, 0, 0) == 0,
	      "decrease of a frame not ours: 0 extents");
	check(reservation(XENMEM_increase_reservation, &got, 1, 0, 0) == 1, "increase_reservation");
	check_eq(current_pages(), before, "reservation restored");
	check(hc_update_va_mapping((unsigned long)page, got << 12 | PTE_P | PTE_RW, UVMF_INVLPG) ==
		      0,
	      "map the new frame");
	/* (No check of its contents: Xen leaves frames a domain gives back unscrubbed
	 * until another domain could get them; the guest scrubs what it balloons.) */
}

static void populate(void)
{
	xen_pfn_t frame = 0x7000; /* a gpfn beyond ours: the M2P records it */
	uint64_t *page = alloc_page(), old = virt_to_mfn(page);

	check(remap_page(page, 0) == 0, "unmap");
	check(reservation(XENMEM_decrease_reservation, &old, 1, 0, 0) == 1, "make room");
	check(reservation(XENMEM_populate_physmap, &frame, 1, 0, 0) == 1, "populate_physmap");
	check(frame != 0x7000 && mfn_to_pfn(frame) == 0x7000,
	      "populate_physmap returns the mfn and sets M2P[mfn] = gpfn");
}

/*
 * A list longer than the hypervisor's chunk of 32 (xeno takes a chunk's
 * frames as whole blocks, its M2P entries in one pass): 40 frames at
 * scattered gpfns come back distinct, each named by its own gpfn in the
 * M2P, and each maps as ours.
 */
#define POP_N 40

static void populate_list(void)
{
	static uint64_t *page[POP_N];
	xen_pfn_t list[POP_N];
	unsigned int i, j, bad = 0;

	for (i = 0; i < POP_N; i++) {
		page[i] = alloc_page();
		list[i] = virt_to_mfn(page[i]);
		check(remap_page(page[i], 0) == 0, "unmap page %u", i);
	}
	check_eq(reservation(XENMEM_decrease_reservation, list, POP_N, 0, 0), POP_N,
		 "make room for 40 frames");
	for (i = 0; i < POP_N; i++)
		list[i] = 0x7100 + 3 * i;
	check_eq(reservation(XENMEM_populate_physmap, list, POP_N, 0, 0), POP_N,
		 "populate_physmap of 40 frames");
	for (i = 0; i < POP_N; i++) {
		for (j = 0; j < i; j++)
			bad += list[i] == list[j];
		bad += mfn_to_pfn(list[i]) != 0x7100 + 3 * i;
	}
	check(bad == 0, "%u frames distinct, M2P[mfn] = its own gpfn (%u wrong)", POP_N, bad);
	for (i = 0, bad = 0; i < POP_N; i++) {
		bad += hc_update_va_mapping((unsigned long)page[i], list[i] << 12 | PTE_P | PTE_RW,
					    UVMF_INVLPG) != 0;
		if (!bad)
			page[i][0] = i;
	}
	check(bad == 0, "each new frame maps writable as ours (%u refused)", bad);
}

static void exchange(void)
{
	uint64_t *a = alloc_page(), *b = alloc_page();
	xen_pfn_t in[2] = {virt_to_mfn(a), virt_to_mfn(b)};
	long rc;
	xen_pfn_t a_pfn = ((unsigned long)a - GUEST_VIRT_BASE) >> 12, out = a_pfn;
	struct xen_memory_exchange x = {
		.in = {.nr_extents = 2, .extent_order = 0, .domid = DOMID_SELF},
		.out = {.nr_extents = 1, .extent_order = 1, .mem_flags = 32, .domid = DOMID_SELF},
	};

	x.in.extent_start.p = in;
	x.out.extent_start.p = &out;
	check(MEMOP(XENMEM_exchange, &x) < 0 && x.nr_exchanged == 0,
	      "exchange of mapped frames fails with nothing exchanged");
	x.nr_exchanged = 0;
	check(remap_page(a, 0) == 0 && remap_page(b, 0) == 0, "unmap the input frames");
	check(MEMOP(XENMEM_exchange, &x) == 0 && x.nr_exchanged == 2, "exchange (nr_exchanged %lu)",
	      (unsigned long)x.nr_exchanged);
	check(!(out & 1) && out < (1UL << 20), "out extent %#lx: 2-frame aligned, below 4 GiB",
	      (unsigned long)out);
	check(mfn_to_pfn(out) == a_pfn && mfn_to_pfn(out + 1) == a_pfn + 1,
	      "M2P of the new extent: the gpfns given");
	rc = hc_update_va_mapping((unsigned long)a, out << 12 | PTE_P | PTE_RW, UVMF_INVLPG);
	check(rc == 0, "map the first exchanged frame: %ld", rc);
	rc = hc_update_va_mapping((unsigned long)b, (out + 1) << 12 | PTE_P | PTE_RW, UVMF_INVLPG);
	check(rc == 0, "map the second exchanged frame: %ld", rc);
}

void test_main(void)
{
	queries();
	machine_map();
	give_back_and_get();
	populate();
	populate_list();
	exchange();
}
