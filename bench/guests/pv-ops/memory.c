/*
 * Figure 6, memory: what a toolstack's build and restore pay per frame.
 * The guest gives back 512 frames it owns but has not mapped (the top of
 * its pseudo-physical space, beyond the initial mapping) with one
 * decrease_reservation, then takes 512 new ones at the same pfns with one
 * populate_physmap (order 0, the list libxc's restore passes), so its
 * reservation never passes its maximum (dom0_mem=X,max:X on Xen 4.17).
 * Each call is timed on its own; the figure is cycles per frame.
 */
#include "bench.h"

#include <public/memory.h>

#define NR_FRAMES 512
#define ROUNDS 20

static long reservation(unsigned int cmd, xen_pfn_t *list)
{
	struct xen_memory_reservation r = {.nr_extents = NR_FRAMES, .domid = DOMID_SELF};

	r.extent_start.p = list;
	return HC(memory_op, cmd, &r, 0);
}

/* The top NR_FRAMES pfns, if none of them is mapped by the initial mapping. */
static bool unmapped_top(uint64_t *first)
{
	*first = start_info->nr_pages - NR_FRAMES;
	for (uint64_t pfn = *first; pfn < start_info->nr_pages; pfn++)
		if (pfn_to_virt(pfn))
			return false;
	return true;
}

void populate_decrease(void)
{
	static xen_pfn_t mfns[NR_FRAMES], list[NR_FRAMES];
	uint64_t first, t_pop = 0, t_dec = 0, t0;
	long done = NR_FRAMES;

	if (!unmapped_top(&first)) {
		report_na("populate_physmap_frame", -1);
		return;
	}
	for (int i = 0; i < NR_FRAMES; i++)
		mfns[i] = pfn_to_mfn(first + (uint64_t)i);
	for (int r = 0; r < ROUNDS && done == NR_FRAMES; r++) {
		t0 = rdtsc();
		done = reservation(XENMEM_decrease_reservation, mfns);
		t_dec += rdtsc() - t0;
		check_eq(done, NR_FRAMES, "decrease_reservation of 512 frames");
		for (int i = 0; i < NR_FRAMES; i++)
			list[i] = first + (uint64_t)i;
		t0 = rdtsc();
		done = reservation(XENMEM_populate_physmap, list);
		t_pop += rdtsc() - t0;
		check_eq(done, NR_FRAMES, "populate_physmap of 512 frames");
		check(mfn_to_pfn(list[NR_FRAMES - 1]) == first + NR_FRAMES - 1,
		      "populate_physmap returns the mfns, the M2P names the pfns");
		for (int i = 0; i < NR_FRAMES; i++)
			mfns[i] = list[i];
	}
	if (done != NR_FRAMES) {
		report_na("populate_physmap_frame", done);
		return;
	}
	report("decrease_reservation_frame", t_dec, ROUNDS * NR_FRAMES);
	report("populate_physmap_frame", t_pop, ROUNDS * NR_FRAMES);
}
