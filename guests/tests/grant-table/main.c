/*
 * grant-table: grant tables v1 on the guest's own grants (a domain may map
 * what it granted itself).
 *  - the table: query_size, set/get_version, setup_table (growth, limits,
 *    bad domain), the shared frames mapped by the guest, status frames;
 *  - host mappings read-write and read-only, by virtual address and by PTE
 *    machine address: the data, the PTE, GTF_reading/GTF_writing in the
 *    shared entry while mapped and cleared after, per mapping;
 *  - refusals, each with Xen's status code: ref not granted, granted to
 *    another domain, beyond the table, write map of a read-only grant,
 *    DOMID_SELF or no such domain, no map flags, no L1 for the address,
 *    frame not the granter's, a page table mapped writable, unmap with a
 *    bad handle or at an address that does not map the grant;
 *  - revocation while mapped: the guest protocol refuses, a forced one
 *    leaves the mapping (and its references) intact until unmapped;
 *  - device mappings; a grant PTE the guest removes itself (the grant
 *    stays in use: its unmap fails);
 *  - unmap_and_replace, batches with per-op status; copies in copy.c,
 *    batches across L1 tables in batch.c.
 * On xeno this runs with mm_audit, which recounts every reference after
 * each hypercall.
 */
#include "gnt.h"

const char test_title[] = "grant-table: grant table v1 ops, mappings and their refusals";

struct grant_entry_v1 *gt;
unsigned int gt_frames;

#define FAULTS(insn, addr)                                                          \
	({                                                                          \
		trap_record_clear();                                                \
		__asm__ __volatile__("1: " insn "\n2:\n" EXTABLE(1b, 2b)::"r"(addr) \
				     : "rax", "memory");                            \
		last_trap.count ? last_trap.vector : 0u;                            \
	})

unsigned int read_faults(const volatile void *addr)
{
	return FAULTS("movq (%0), %%rax", addr);
}

unsigned int write_faults(volatile void *addr)
{
	return FAULTS("movq $0x77, (%0)", addr);
}

void grant(grant_ref_t ref, const void *va, domid_t domid, uint16_t extra)
{
	gt[ref].frame = (uint32_t)virt_to_mfn(va);
	gt[ref].domid = domid;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&gt[ref].flags, GTF_permit_access | extra, __ATOMIC_RELEASE);
}

bool revoke(grant_ref_t ref)
{
	uint16_t f = __atomic_load_n(&gt[ref].flags, __ATOMIC_ACQUIRE);

	do {
		if (f & (GTF_reading | GTF_writing))
			return false;
	} while (!__atomic_compare_exchange_n(&gt[ref].flags, &f, 0, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	return true;
}

uint16_t gflags(grant_ref_t ref)
{
	return __atomic_load_n(&gt[ref].flags, __ATOMIC_ACQUIRE);
}

/*
 * A page of the initial mapping, unmapped (and flushed): a free address for
 * a grant mapping. (Mapping over a present PTE leaves its TLB entry: Xen
 * does not flush there, the guest would have to.)
 */
void *window(void)
{
	void *w = alloc_page();

	check(hc_update_va_mapping((unsigned long)w, 0, UVMF_INVLPG) == 0, "window unmapped");
	return w;
}

static struct gnttab_map_grant_ref map_op(grant_ref_t ref, domid_t dom, uint64_t addr,
					  uint32_t flags)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr, .flags = flags, .ref = ref, .dom = dom};

	check(gnttab_op(GNTTABOP_map_grant_ref, &op, 1) == 0, "map hypercall ref %u", ref);
	return op;
}

static int16_t map_status(grant_ref_t ref, domid_t dom, uint64_t addr, uint32_t flags)
{
	return map_op(ref, dom, addr, flags).status;
}

static int16_t unmap(grant_handle_t h, uint64_t addr)
{
	struct gnttab_unmap_grant_ref op = {.host_addr = addr, .handle = h};

	check(gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1) == 0, "unmap hypercall");
	return op.status;
}

static void table_ops(void)
{
	struct gnttab_query_size q = {.dom = DOMID_SELF};
	struct gnttab_set_version v = {.version = 1};
	struct gnttab_get_version gv = {.dom = DOMID_SELF};
	struct gnttab_setup_table s = {.dom = DOMID_SELF, .nr_frames = 2};
	xen_pfn_t frames[2] = {0, 0};
	void *va0 = alloc_page(), *va1 = alloc_page();

	check(gnttab_op(GNTTABOP_query_size, &q, 1) == 0 && q.status == GNTST_okay,
	      "query_size: %d", q.status);
	check(q.nr_frames == 1 && q.max_nr_frames == GT_MAX_FRAMES, "query_size %u of %u frames",
	      q.nr_frames, q.max_nr_frames);
	check(gnttab_op(GNTTABOP_set_version, &v, 1) == 0 && v.version == 1, "set_version 1");
	v.version = 3;
	check(gnttab_op(GNTTABOP_set_version, &v, 1) == -XEN_EINVAL && v.version == 1,
	      "set_version 3: -EINVAL, version stays 1");
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1, "get_version");
	gv.dom = NOBODY;
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == -XEN_ESRCH, "get_version: no such domain");
	check(gnttab_op(GNTTABOP_setup_table, &s, 2) == -XEN_EINVAL, "setup_table: count 2");
	set_xen_guest_handle(s.frame_list, frames);
	check(gnttab_op(GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_okay,
	      "setup_table 2 frames: %d", s.status);
	check(frames[0] && frames[1] && frames[0] != frames[1], "two frames");
	q.nr_frames = 0;
	check(gnttab_op(GNTTABOP_query_size, &q, 1) == 0 && q.nr_frames == 2, "grown to 2");
	s.nr_frames = GT_MAX_FRAMES + 1;
	check(gnttab_op(GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_general_error,
	      "setup_table beyond the maximum: %d", s.status);
	s.nr_frames = 1;
	s.dom = NOBODY;
	check(gnttab_op(GNTTABOP_setup_table, &s, 1) == 0 && s.status == GNTST_bad_domain,
	      "setup_table of no domain: %d", s.status);
	check((char *)va1 == (char *)va0 + 4096, "contiguous window");
	check(hc_update_va_mapping((unsigned long)va0, frames[0] << 12 | PTE_P | PTE_RW | PTE_A,
				   UVMF_INVLPG) == 0 &&
		      hc_update_va_mapping((unsigned long)va1,
					   frames[1] << 12 | PTE_P | PTE_RW | PTE_A,
					   UVMF_INVLPG) == 0,
	      "shared frames mapped writable");
	gt = va0;
	gt_frames = 2;
}

static void status_frames(void)
{
	uint64_t f[1];
	struct gnttab_get_status_frames s = {.nr_frames = 0, .dom = DOMID_SELF};

	set_xen_guest_handle(s.frame_list, f);
	check(gnttab_op(GNTTABOP_get_status_frames, &s, 1) == 0 && s.status == GNTST_okay,
	      "v1: no status frames to get: %d", s.status);
	s.nr_frames = 1;
	check(gnttab_op(GNTTABOP_get_status_frames, &s, 1) == 0 && s.status == GNTST_general_error,
	      "v1: a status frame: %d", s.status);
}

/* Map page p granted as `ref` at window w read-write: data, PTE, flags. */
static void map_rw(void)
{
	uint64_t *p = alloc_page(), *w = window();
	struct gnttab_map_grant_ref op;
	uint64_t *pte = pt_entry_of((unsigned long)w, 1);

	p[0] = 0x1111;
	grant(10, p, SELF_ID, 0);
	op = map_op(10, SELF_ID, (unsigned long)w, GNTMAP_host_map);
	check(op.status == GNTST_okay, "map rw: %d", op.status);
	check_eq(op.dev_bus_addr, virt_to_mfn(p) << 12, "dev_bus_addr");
	check_eq(*pte & (PTE_ADDR | PTE_P | PTE_RW), virt_to_mfn(p) << 12 | PTE_P | PTE_RW, "PTE");
	check_eq(gflags(10), GTF_permit_access | GTF_reading | GTF_writing, "flags while mapped");
	check(w[0] == 0x1111, "read through the mapping");
	w[1] = 0x2222;
	check(p[1] == 0x2222, "write through the mapping");
	check(!revoke(10), "the guest's revoke refuses an entry in use");
	check(unmap(op.handle, (unsigned long)w) == GNTST_okay, "unmap");
	check(!(*pte & PTE_P), "PTE gone");
	check(read_faults(w) == 14, "nothing mapped after unmap");
	check_eq(gflags(10), GTF_permit_access, "flags after unmap");
	check(unmap(op.handle, (unsigned long)w) == GNTST_bad_handle, "unmap twice: bad handle");
	check(revoke(10), "revoke once unmapped");
}

static void map_ro_and_shared_pins(void)
{
	uint64_t *p = alloc_page(), *w1 = window(), *w2 = window();
	struct gnttab_map_grant_ref rw, ro;

	p[0] = 0x3333;
	grant(11, p, SELF_ID, GTF_readonly);
	check(map_status(11, SELF_ID, (unsigned long)w1, GNTMAP_host_map) == GNTST_general_error,
	      "write map of a read-only grant refused");
	check_eq(gflags(11), GTF_permit_access | GTF_readonly, "flags untouched by the refusal");
	ro = map_op(11, SELF_ID, (unsigned long)w1, GNTMAP_host_map | GNTMAP_readonly);
	check(ro.status == GNTST_okay && w1[0] == 0x3333, "read-only map reads");
	check(!(*pt_entry_of((unsigned long)w1, 1) & PTE_RW), "read-only PTE");
	check(write_faults(w1) == 14 && p[0] == 0x3333, "write through it faults");
	check(unmap(ro.handle, (unsigned long)w1) == GNTST_okay, "unmap read-only");
	/* one writable and one read-only mapping of the same grant */
	grant(12, p, SELF_ID, 0);
	rw = map_op(12, SELF_ID, (unsigned long)w1, GNTMAP_host_map);
	ro = map_op(12, SELF_ID, (unsigned long)w2, GNTMAP_host_map | GNTMAP_readonly);
	check(rw.status == GNTST_okay && ro.status == GNTST_okay && rw.handle != ro.handle,
	      "two mappings of one grant");
	check(unmap(rw.handle, (unsigned long)w1) == GNTST_okay, "unmap the writer");
	check_eq(gflags(12), GTF_permit_access | GTF_reading, "still reading, not writing");
	check(unmap(ro.handle, (unsigned long)w2) == GNTST_okay, "unmap the reader");
	check_eq(gflags(12), GTF_permit_access, "no longer in use");
}

static void map_by_pte(void)
{
	uint64_t *p = alloc_page(), *w = window();
	uint64_t pte_ma = entry_maddr(pt_entry_of((unsigned long)w, 1));
	struct gnttab_map_grant_ref op;

	p[0] = 0x4444;
	grant(13, p, SELF_ID, 0);
	check(map_status(13, SELF_ID, pte_ma + 4, GNTMAP_host_map | GNTMAP_contains_pte) ==
		      GNTST_general_error,
	      "misaligned PTE address refused");
	op = map_op(13, SELF_ID, pte_ma, GNTMAP_host_map | GNTMAP_contains_pte);
	check(op.status == GNTST_okay && w[0] == 0x4444, "map by PTE address: %d", op.status);
	check(unmap(op.handle, pte_ma) == GNTST_okay, "unmap by PTE address");
	check(read_faults(w) == 14, "unmapped");
}

static void map_refusals(void)
{
	uint64_t *p = alloc_page(), *w = window();
	unsigned long va = (unsigned long)w;
	uint64_t *l1 = pt_entry_of(va, 1);
	grant_ref_t beyond = gt_frames * GT_ENTRIES_PER_FRAME;

	check(map_status(20, SELF_ID, va, GNTMAP_host_map) == GNTST_general_error, "not granted");
	grant(21, p, 5, 0);
	check(map_status(21, SELF_ID, va, GNTMAP_host_map) == GNTST_general_error,
	      "granted to another domain");
	check(map_status(beyond, SELF_ID, va, GNTMAP_host_map) == GNTST_bad_gntref,
	      "ref beyond the table");
	grant(22, p, SELF_ID, 0);
	check(map_status(22, DOMID_SELF, va, GNTMAP_host_map) == GNTST_bad_domain,
	      "DOMID_SELF is no granter");
	check(map_status(22, NOBODY, va, GNTMAP_host_map) == GNTST_bad_domain, "no such domain");
	check(map_status(22, SELF_ID, va, GNTMAP_readonly) == GNTST_bad_gntref, "no map flags");
	check(map_status(22, SELF_ID, UNMAPPED_VA, GNTMAP_host_map) == GNTST_general_error,
	      "no L1 table for the address");
	check_eq(gflags(22), GTF_permit_access, "failed maps leave the entry unused");
	gt[23].frame = 0x7fffffff;
	gt[23].domid = SELF_ID;
	gt[23].flags = GTF_permit_access;
	check(map_status(23, SELF_ID, va, GNTMAP_host_map) == GNTST_bad_page, "not our frame");
	check_eq(gflags(23), GTF_permit_access, "and the entry is left unused");
	grant(24, (void *)start_info->pt_base, SELF_ID, 0);
	check(map_status(24, SELF_ID, va, GNTMAP_host_map) == GNTST_general_error,
	      "our L4 cannot be mapped writable");
	check(!(*l1 & PTE_P), "nothing mapped at the window");
}

static void bad_unmaps(void)
{
	uint64_t *p = alloc_page(), *w = window(), *other = alloc_page();
	struct gnttab_unmap_grant_ref ops[2] = {{.host_addr = (unsigned long)w, .handle = ~0u},
						{.host_addr = (unsigned long)w}};
	struct gnttab_map_grant_ref op;

	grant(30, p, SELF_ID, 0);
	op = map_op(30, SELF_ID, (unsigned long)w, GNTMAP_host_map);
	check(op.status == GNTST_okay, "map for the unmap tests");
	check(unmap(op.handle + 1, (unsigned long)w) == GNTST_bad_handle, "unused handle");
	check(unmap(op.handle, (unsigned long)other) == GNTST_general_error,
	      "an address not mapping the grant");
	check(unmap(op.handle, 0) == GNTST_okay && gflags(30) & GTF_reading,
	      "host_addr 0: nothing unmapped, no error");
	ops[1].handle = op.handle;
	check(gnttab_op(GNTTABOP_unmap_grant_ref, ops, 2) == 0, "batch of two");
	check(ops[0].status == GNTST_bad_handle && ops[1].status == GNTST_okay,
	      "per-op status %d %d", ops[0].status, ops[1].status);
	check_eq(gflags(30), GTF_permit_access, "unmapped by the batch");
}

/*
 * A granter that clears its entry while it is mapped changes nothing in
 * use: the pinned frame stays mapped, further maps get the pinned frame,
 * and only once the last pin is gone does the revocation take effect.
 */
static void forced_revoke(void)
{
	uint64_t *p = alloc_page(), *w = window(), *w2 = window(), *q = alloc_page();
	struct gnttab_map_grant_ref op, again;

	p[0] = 0x5555;
	grant(40, p, SELF_ID, 0);
	op = map_op(40, SELF_ID, (unsigned long)w, GNTMAP_host_map);
	check(op.status == GNTST_okay, "map");
	gt[40].frame = (uint32_t)virt_to_mfn(q);
	__atomic_store_n(&gt[40].flags, 0, __ATOMIC_RELEASE); /* forced revoke */
	check(w[0] == 0x5555, "the mapping stays");
	again = map_op(40, SELF_ID, (unsigned long)w2, GNTMAP_host_map | GNTMAP_readonly);
	check(again.status == GNTST_okay && again.dev_bus_addr == virt_to_mfn(p) << 12 &&
		      w2[0] == 0x5555,
	      "pinned: a second map gets the pinned frame: %d", again.status);
	check_eq(gflags(40), 0, "flags left as the granter wrote them");
	check(unmap(op.handle, (unsigned long)w) == GNTST_okay, "unmap after the revoke");
	check(unmap(again.handle, (unsigned long)w2) == GNTST_okay, "unmap the second");
	check_eq(gflags(40), 0, "flags still clear");
	check(map_status(40, SELF_ID, (unsigned long)w, GNTMAP_host_map) == GNTST_general_error,
	      "with no pin left, the revocation holds");
}

/* Device mappings (no IOMMU: the bus address is the machine address). */
static void device_map(void)
{
	uint64_t *p = alloc_page();
	struct gnttab_map_grant_ref op;
	struct gnttab_unmap_grant_ref u = {0};

	grant(45, p, SELF_ID, 0);
	op = map_op(45, SELF_ID, 0, GNTMAP_device_map);
	check(op.status == GNTST_okay && op.dev_bus_addr == virt_to_mfn(p) << 12, "device map: %d",
	      op.status);
	check_eq(gflags(45), GTF_permit_access | GTF_reading | GTF_writing, "in use by a device");
	u.handle = op.handle;
	u.dev_bus_addr = op.dev_bus_addr + 4096;
	check(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_bad_dev_addr,
	      "unmap at another bus address: %d", u.status);
	u.dev_bus_addr = op.dev_bus_addr;
	check(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_okay,
	      "device unmap: %d", u.status);
	check_eq(gflags(45), GTF_permit_access, "device gone");
}

/*
 * The guest removes a grant PTE itself: allowed (Xen's release builds do
 * not mark grant PTEs), but the mapping is not undone: its unmap fails,
 * the entry stays in use for good. (xeno keeps the references with the
 * handle; mm_audit checks they still add up.)
 */
static void implicit_unmap(void)
{
	uint64_t *p = alloc_page(), *w = window();
	struct gnttab_map_grant_ref op;

	grant(46, p, SELF_ID, 0);
	op = map_op(46, SELF_ID, (unsigned long)w, GNTMAP_host_map | GNTMAP_application_map);
	check(op.status == GNTST_okay, "map: %d", op.status);
	check(hc_update_va_mapping((unsigned long)w, 0, UVMF_INVLPG) == 0,
	      "the guest clears the grant PTE");
	check(read_faults(w) == 14, "gone");
	check(unmap(op.handle, (unsigned long)w) == GNTST_general_error,
	      "the unmap finds no grant PTE");
	check(!revoke(46), "the grant stays in use");
}

static void replace(void)
{
	uint64_t *p = alloc_page(), *w = window(), *n = alloc_page();
	struct gnttab_unmap_and_replace r = {.host_addr = (unsigned long)w};
	struct gnttab_map_grant_ref op;

	p[0] = 0x6666;
	n[0] = 0x7777;
	grant(50, p, SELF_ID, 0);
	op = map_op(50, SELF_ID, (unsigned long)w, GNTMAP_host_map);
	r.new_addr = (unsigned long)n;
	r.handle = op.handle;
	check(gnttab_op(GNTTABOP_unmap_and_replace, &r, 1) == 0 && r.status == GNTST_okay,
	      "unmap_and_replace: %d", r.status);
	check(w[0] == 0x7777, "the address now maps new_addr's frame");
	check(read_faults(n) == 14, "new_addr is unmapped");
	check_eq(gflags(50), GTF_permit_access, "grant no longer in use");
}

void test_main(void)
{
	table_ops();
	if (!gt)
		return;
	status_frames();
	map_rw();
	map_ro_and_shared_pins();
	map_by_pte();
	map_refusals();
	bad_unmaps();
	forced_revoke();
	device_map();
	implicit_unmap();
	replace();
	copy_tests();
	batch_tests();
}
