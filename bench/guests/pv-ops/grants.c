/*
 * Figure 6's grant operations on another domain's frames, as netback and
 * blkback issue them on the data path. dom0 acts as a tiny toolstack (as
 * guests/tests/domctl-build does, so this runs on Xen 4.17 too, where no
 * domU exists at boot): it creates a domain that never runs, gives it
 * BATCH frames and writes entries 0..BATCH-1 of its grant table (frame 0,
 * through XENMEM_acquire_resource) granting them to dom0. Timed, as cycles
 * per operation (a batch's cycles / BATCH):
 *  - GNTTABOP_map_grant_ref of BATCH refs in one call, GNTMAP_host_map at
 *    kernel addresses of ours whose PTEs were cleared first (the ballooned
 *    pages Linux's backends map into), read-write and read-only;
 *  - GNTTABOP_unmap_grant_ref of the same batch (host_addr and handle;
 *    the hypervisor flushes the TLB once per batch, the caller does not);
 *  - GNTTABOP_copy of 4 KiB from one of those grants into a page of ours
 *    (netback's transmit side: source_gref of a foreign domain);
 *  - GNTTABOP_copy in batches of BATCH ops of 2 KiB, from pages of ours
 *    (another at each op) into those grants (another at every second op),
 *    as netback's guest-rx fills a domU's buffers with dom0's packets;
 *  - what a toolstack's save and restore pay per page of the guest
 *    (privcmd's mapping, then Linux's munmap): one mmu_update of BATCH
 *    entries mapping the domain's frames (foreigndom), then each entry
 *    cleared by an xchg on its read-only page table (ptwr).
 * Every figure is BENCH-NA with the error when a step is refused.
 */
#include "bench.h"
#include <guest_domctl.h>
#include <guest_grant.h>
#include <public/memory.h>

#define BATCH 16
#define ROUNDS 100
#define PATTERN 0x6b

struct granter {
	domid_t dom;
	xen_pfn_t mfn[BATCH];
	struct grant_entry_v1 *table; /* its grant frame 0, mapped at a page of ours */
	uint64_t table_pte;	      /* that page's own entry, restored after */
	void *slot[BATCH];	      /* our addresses the grants are mapped at */
	uint64_t slot_pte[BATCH];     /* their own entries, restored after */
};

/* Map frame mfn of g->dom (not translated: a PV domain's) at our page va. */
static long map_foreign(const struct granter *g, void *va, xen_pfn_t mfn)
{
	struct mmu_update u = {entry_maddr(pt_entry_of((unsigned long)va, 1)) |
				       MMU_PT_UPDATE_NO_TRANSLATE,
			       mfn << 12 | PTE_P | PTE_RW | PTE_A | PTE_D};
	long rc = hc_mmu_update(&u, 1, NULL, g->dom);

	mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)va);
	return rc;
}

/* The granter's frames, and its grant frame 0 mapped at g->table. */
static long populate(struct granter *g)
{
	struct xen_memory_reservation r = {.nr_extents = BATCH, .domid = g->dom};
	struct xen_mem_acquire_resource a = {
		.domid = g->dom, .type = XENMEM_resource_grant_table, .nr_frames = 1};
	xen_pfn_t frame = 0;
	long rc;

	for (unsigned int i = 0; i < BATCH; i++)
		g->mfn[i] = i;
	r.extent_start.p = g->mfn;
	rc = set_max_mem(g->dom, 4 * BATCH + 64);
	if (rc)
		return rc;
	rc = HC(memory_op, XENMEM_populate_physmap, &r, 0);
	if (rc != BATCH)
		return rc < 0 ? rc : -XEN_ENOMEM;
	a.frame_list.p = &frame;
	rc = HC(memory_op, XENMEM_acquire_resource, &a, 0);
	return rc ? rc : map_foreign(g, g->table, frame);
}

/* A domain granting BATCH frames to dom0, and BATCH empty slots of ours. */
static long granter_build(struct granter *g)
{
	struct xen_domctl_createdomain c;
	long rc;

	g->table = alloc_page();
	for (unsigned int i = 0; i < BATCH; i++)
		if (!(g->slot[i] = alloc_page()))
			return -XEN_ENOMEM;
	if (!g->table)
		return -XEN_ENOMEM;
	g->table_pte = *pt_entry_of((unsigned long)g->table, 1);
	pv_domain_config(&c, 1);
	rc = create_domain(0, &c, &g->dom);
	if (rc)
		return rc;
	rc = populate(g);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < BATCH; i++) {
		g->table[i].domid = 0;
		g->table[i].frame = (uint32_t)g->mfn[i];
		__atomic_store_n(&g->table[i].flags, GTF_permit_access, __ATOMIC_RELEASE);
		g->slot_pte[i] = *pt_entry_of((unsigned long)g->slot[i], 1);
		rc = hc_update_va_mapping((unsigned long)g->slot[i], 0, UVMF_INVLPG);
		if (rc)
			return rc;
	}
	return 0;
}

static void granter_destroy(struct granter *g)
{
	for (unsigned int i = 0; i < BATCH; i++)
		if (g->slot_pte[i])
			hc_update_va_mapping((unsigned long)g->slot[i], g->slot_pte[i],
					     UVMF_INVLPG);
	if (g->table)
		hc_update_va_mapping((unsigned long)g->table, g->table_pte, UVMF_INVLPG);
	if (g->dom)
		check_eq(simple_domctl(XEN_DOMCTL_destroydomain, g->dom), 0,
			 "destroy the granting domain");
}

/* One batch map: 0, else the hypercall's error or the first bad status. */
static long map_batch(struct granter *g, struct gnttab_map_grant_ref *m, uint32_t flags)
{
	long rc;

	for (unsigned int i = 0; i < BATCH; i++)
		m[i] = (struct gnttab_map_grant_ref){.host_addr = (unsigned long)g->slot[i],
						     .flags = GNTMAP_host_map | flags,
						     .ref = i,
						     .dom = g->dom};
	rc = gnttab_op(GNTTABOP_map_grant_ref, m, BATCH);
	for (unsigned int i = 0; i < BATCH && !rc; i++)
		rc = m[i].status;
	return rc;
}

static long unmap_batch(const struct gnttab_map_grant_ref *m, struct gnttab_unmap_grant_ref *u)
{
	long rc;

	for (unsigned int i = 0; i < BATCH; i++)
		u[i] = (struct gnttab_unmap_grant_ref){.host_addr = m[i].host_addr,
						       .handle = m[i].handle};
	rc = gnttab_op(GNTTABOP_unmap_grant_ref, u, BATCH);
	for (unsigned int i = 0; i < BATCH && !rc; i++)
		rc = u[i].status;
	return rc;
}

/* ROUNDS batch maps and unmaps with these flags; the two figures. */
static void map_unmap(struct granter *g, uint32_t flags, const char *map_key, const char *unmap_key)
{
	static struct gnttab_map_grant_ref m[BATCH];
	static struct gnttab_unmap_grant_ref u[BATCH];
	uint64_t map_cycles = 0, unmap_cycles = 0, t0;
	long rc = 0;

	for (int r = 0; r < ROUNDS && !rc; r++) {
		t0 = rdtsc();
		rc = map_batch(g, m, flags);
		map_cycles += rdtsc() - t0;
		if (rc)
			break;
		t0 = rdtsc();
		rc = unmap_batch(m, u);
		unmap_cycles += rdtsc() - t0;
	}
	if (rc) {
		report_na(map_key, rc);
		report_na(unmap_key, rc);
		return;
	}
	report(map_key, map_cycles, ROUNDS * BATCH);
	report(unmap_key, unmap_cycles, ROUNDS * BATCH);
}

/* Write the pattern into granted frame 0 through a read-write mapping. */
static bool fill_grant(struct granter *g)
{
	static struct gnttab_map_grant_ref m[BATCH];
	static struct gnttab_unmap_grant_ref u[BATCH];

	if (map_batch(g, m, 0))
		return false;
	memset(g->slot[0], PATTERN, 4096);
	return unmap_batch(m, u) == 0;
}

static void copy_foreign(struct granter *g)
{
	uint8_t *dst = alloc_page();
	struct gnttab_copy op = {.len = 4096, .flags = GNTCOPY_source_gref};
	uint64_t t0;
	long rc;

	if (!dst || !fill_grant(g)) {
		report_na("grant_copy_foreign_4k", -XEN_EINVAL);
		return;
	}
	op.source.u.ref = 0;
	op.source.domid = g->dom;
	op.dest.u.gmfn = virt_to_mfn(dst);
	op.dest.domid = DOMID_SELF;
	rc = gnttab_op(GNTTABOP_copy, &op, 1);
	if (rc || op.status != GNTST_okay) {
		report_na("grant_copy_foreign_4k", rc ? rc : op.status);
		return;
	}
	check(dst[0] == PATTERN && dst[4095] == PATTERN, "foreign grant copy copied");
	t0 = rdtsc();
	for (int i = 0; i < N / 4; i++)
		gnttab_op(GNTTABOP_copy, &op, 1);
	report("grant_copy_foreign_4k", rdtsc() - t0, N / 4);
}

/* ROUNDS batches of BATCH 2 KiB copies: our pages into the grants, two per grant. */
static void copy_batch(struct granter *g)
{
	static struct gnttab_copy op[BATCH];
	uint8_t *src[4];
	uint64_t t0;
	long rc = 0;

	for (unsigned int i = 0; i < 4; i++)
		if (!(src[i] = alloc_page()))
			rc = -XEN_ENOMEM;
	for (unsigned int i = 0; i < 4 && !rc; i++)
		memset(src[i], PATTERN + i, 4096);
	for (unsigned int i = 0; i < BATCH && !rc; i++)
		op[i] = (struct gnttab_copy){
			.source = {.u.gmfn = virt_to_mfn(src[i % 4]),
				   .domid = DOMID_SELF,
				   .offset = (i % 2) * 2048},
			.dest = {.u.ref = i / 2, .domid = g->dom, .offset = (i % 2) * 2048},
			.len = 2048,
			.flags = GNTCOPY_dest_gref};
	t0 = rdtsc();
	for (int r = 0; r < ROUNDS && !rc; r++)
		rc = gnttab_op(GNTTABOP_copy, op, BATCH);
	t0 = rdtsc() - t0;
	for (unsigned int i = 0; i < BATCH && !rc; i++)
		rc = op[i].status; /* the last batch's: each batch is the same */
	if (rc) {
		report_na("grant_copy_batch", rc);
		return;
	}
	report("grant_copy_batch", t0, ROUNDS * BATCH);
}

/* ROUNDS of: map the BATCH frames at our slots in one call, clear them by xchg. */
static void foreign_map_zap(struct granter *g)
{
	static struct mmu_update req[BATCH];
	uint64_t map_cycles = 0, zap_cycles = 0, t0, seen = PTE_P;
	unsigned int done = 0;
	long rc = 0;

	for (unsigned int i = 0; i < BATCH; i++)
		req[i] = (struct mmu_update){entry_maddr(pt_entry_of((unsigned long)g->slot[i], 1)),
					     g->mfn[i] << 12 | PTE_P | PTE_RW | PTE_A | PTE_D};
	for (int r = 0; r < ROUNDS && !rc; r++) {
		t0 = rdtsc();
		rc = hc_mmu_update(req, BATCH, &done, g->dom);
		map_cycles += rdtsc() - t0;
		if (rc || done != BATCH)
			break;
		t0 = rdtsc();
		for (unsigned int i = 0; i < BATCH; i++) {
			uint64_t v = 0;

			__asm__ __volatile__("xchg %0, %1"
					     : "+r"(v),
					       "+m"(*pt_entry_of((unsigned long)g->slot[i], 1))
					     :
					     : "memory");
			seen &= v;
		}
		zap_cycles += rdtsc() - t0;
	}
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
	if (rc || done != BATCH || !(seen & PTE_P)) {
		report_na("foreign_map_16", rc ? rc : -XEN_EINVAL);
		report_na("foreign_zap_ptwr", rc ? rc : -XEN_EINVAL);
		return;
	}
	report("foreign_map_16", map_cycles, ROUNDS * BATCH);
	report("foreign_zap_ptwr", zap_cycles, ROUNDS * BATCH);
}

static const char *const keys[] = {"grant_map_rw",   "grant_unmap_rw",	      "grant_map_ro",
				   "grant_unmap_ro", "grant_copy_foreign_4k", "grant_copy_batch",
				   "foreign_map_16", "foreign_zap_ptwr"};

void grant_foreign(void)
{
	static struct granter g;
	long rc = granter_build(&g);

	if (rc) {
		for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
			report_na(keys[i], rc);
	} else {
		map_unmap(&g, 0, "grant_map_rw", "grant_unmap_rw");
		map_unmap(&g, GNTMAP_readonly, "grant_map_ro", "grant_unmap_ro");
		copy_foreign(&g);
		copy_batch(&g);
		foreign_map_zap(&g);
	}
	granter_destroy(&g);
}
