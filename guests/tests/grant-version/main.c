/*
 * grant-version: grant table versions as xeno offers them, which is Xen
 * 4.17's behaviour for a domain whose maximum grant version is 1 (on Xen
 * the reference run boots with gnttab=max-ver:1, test.toml):
 *  - set_version: 1 is a no-op (even with grants in use), 2 is -ENOSYS,
 *    anything else -EINVAL; the version in effect (1) is written back each
 *    time; get_version says 1, for itself and by id, -ESRCH for no domain;
 *  - switching attempts with a grant mapped leave the mapping and its
 *    entry flags intact, and no status frame ever exists: get_status_frames
 *    gives none (0 frames okay, 1 or 2^32-1 frames general_error), checks
 *    its count and handle, names no other domain;
 *  - v2 entry types in the v1 table: a GTF_transitive entry is no grant (map
 *    and copy refused), GTF_sub_page refuses a map and is ignored by a copy;
 *  - createdomain asking for grant version 2 (or 0) is -EINVAL, 1 works;
 *  - GNTTABOP_swap_grant_ref: swaps two idle entries, per-op status
 *    (bad ref, an entry in use: eagain, same ref: a no-op).
 * On xeno this runs with mm_audit.
 */
#include <guest_domctl.h>
#include <guest_mm.h>
#include <public/grant_table.h>

const char test_title[] = "grant-version: v1 only (set_version, status frames, v2 types, swap)";

#define SELF_ID 0	/* dom0 */
#define NOBODY 0x7000	/* a domid no domain has */
#define NR_ENTRIES 1024 /* two shared frames of v1 entries */

static struct grant_entry_v1 *gt;

static long gnttab_op(unsigned int cmd, void *op, unsigned int count)
{
	return HC(grant_table_op, cmd, op, count);
}

static void grant(grant_ref_t ref, const void *va, uint16_t flags)
{
	gt[ref].frame = (uint32_t)virt_to_mfn(va);
	gt[ref].domid = SELF_ID;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&gt[ref].flags, flags, __ATOMIC_RELEASE);
}

/* A page of the initial mapping, unmapped: a free address for a mapping. */
static void *window(void)
{
	void *w = alloc_page();

	check(hc_update_va_mapping((unsigned long)w, 0, UVMF_INVLPG) == 0, "window unmapped");
	return w;
}

static bool setup(void)
{
	struct gnttab_setup_table s = {.dom = DOMID_SELF, .nr_frames = 2};
	xen_pfn_t frames[2] = {0, 0};
	char *va = alloc_page();

	alloc_page();
	set_xen_guest_handle(s.frame_list, frames);
	if (gnttab_op(GNTTABOP_setup_table, &s, 1) || s.status != GNTST_okay ||
	    hc_update_va_mapping((unsigned long)va, frames[0] << 12 | PTE_P | PTE_RW | PTE_A,
				 UVMF_INVLPG) ||
	    hc_update_va_mapping((unsigned long)va + 4096, frames[1] << 12 | PTE_P | PTE_RW | PTE_A,
				 UVMF_INVLPG)) {
		error("cannot set up the grant table (status %d)", s.status);
		return false;
	}
	gt = (struct grant_entry_v1 *)va;
	return true;
}

static long set_version(uint32_t want, uint32_t *now)
{
	struct gnttab_set_version v = {.version = want};
	long rc = gnttab_op(GNTTABOP_set_version, &v, 1);

	*now = v.version;
	return rc;
}

static void versions(void)
{
	static const uint32_t bad[] = {0, 3, 0x80000001, 0xffffffff};
	struct gnttab_get_version gv = {.dom = DOMID_SELF};
	uint32_t now;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		check(set_version(bad[i], &now) == -XEN_EINVAL && now == 1,
		      "set_version %#x: -EINVAL, 1 written back (got %u)", bad[i], now);
	check(set_version(2, &now) == -XEN_ENOSYS && now == 1,
	      "set_version 2: -ENOSYS, 1 written back (got %u)", now);
	check(set_version(1, &now) == 0 && now == 1, "set_version 1: a no-op");
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1, "get_version: 1");
	gv = (struct gnttab_get_version){.dom = SELF_ID};
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1,
	      "get_version by id: 1");
	gv.dom = NOBODY;
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == -XEN_ESRCH, "get_version: no domain");
}

static int16_t status_frames(uint32_t nr, domid_t dom, void *list, unsigned int count, long *rc)
{
	struct gnttab_get_status_frames s = {.nr_frames = nr, .dom = dom, .status = 99};

	set_xen_guest_handle(s.frame_list, list);
	*rc = gnttab_op(GNTTABOP_get_status_frames, &s, count);
	return s.status;
}

static void no_status_frames(const char *when)
{
	uint64_t f[2] = {0, 0};
	long rc;

	check(status_frames(0, DOMID_SELF, f, 1, &rc) == GNTST_okay && rc == 0,
	      "%s: 0 status frames: okay", when);
	check(status_frames(1, DOMID_SELF, f, 1, &rc) == GNTST_general_error && rc == 0,
	      "%s: 1 status frame: general_error", when);
	check(status_frames(0xffffffff, DOMID_SELF, (void *)0x1000, 1, &rc) ==
			      GNTST_general_error &&
		      rc == 0,
	      "%s: 2^32-1 status frames: general_error", when);
	check(f[0] == 0 && f[1] == 0, "%s: no frame number written", when);
}

static void status_frame_args(void)
{
	uint64_t f[1];
	long rc;

	status_frames(1, DOMID_SELF, f, 2, &rc);
	check(rc == -XEN_EINVAL, "get_status_frames count 2: -EINVAL (%ld)", rc);
	status_frames(1, DOMID_SELF, f, 0, &rc);
	check(rc == -XEN_EINVAL, "get_status_frames count 0: -EINVAL (%ld)", rc);
	status_frames(1, DOMID_SELF, (void *)0xffff800000000000UL, 1, &rc);
	check(rc == -XEN_EFAULT, "get_status_frames into hypervisor space: -EFAULT (%ld)", rc);
	check(status_frames(0, NOBODY, f, 1, &rc) == GNTST_bad_domain && rc == 0,
	      "get_status_frames of no domain: bad_domain");
}

/* Attempts to switch while a grant is mapped: nothing changes. */
static void switch_while_mapped(void)
{
	uint64_t *p = alloc_page(), *w = window();
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)w, .flags = GNTMAP_host_map, .ref = 20, .dom = SELF_ID};
	struct gnttab_unmap_grant_ref u = {.host_addr = (unsigned long)w};
	uint32_t now;

	p[0] = 0xabcd;
	grant(20, p, GTF_permit_access);
	check(gnttab_op(GNTTABOP_map_grant_ref, &m, 1) == 0 && m.status == GNTST_okay,
	      "map a grant: %d", m.status);
	check(set_version(2, &now) == -XEN_ENOSYS && now == 1,
	      "set_version 2 while mapped: -ENOSYS");
	check(set_version(1, &now) == 0 && now == 1, "set_version 1 while mapped: a no-op");
	no_status_frames("after switching attempts");
	check(w[0] == 0xabcd, "the mapping still reads the page");
	w[1] = 0x1234;
	check(p[1] == 0x1234, "and writes it");
	check(gt[20].flags == (GTF_permit_access | GTF_reading | GTF_writing),
	      "the entry's flags in use: %#x", gt[20].flags);
	u.handle = m.handle;
	check(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_okay,
	      "unmap: %d", u.status);
	check(gt[20].flags == GTF_permit_access, "flags after unmap: %#x", gt[20].flags);
}

static int16_t copy_from(grant_ref_t ref, void *dst, uint16_t offset, uint16_t len)
{
	struct gnttab_copy c = {.source = {.u.ref = ref, .domid = SELF_ID, .offset = offset},
				.dest = {.u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF},
				.len = len,
				.flags = GNTCOPY_source_gref};

	check(gnttab_op(GNTTABOP_copy, &c, 1) == 0, "copy hypercall");
	return c.status;
}

static int16_t map_at(grant_ref_t ref, void *w, grant_handle_t *h)
{
	struct gnttab_map_grant_ref m = {.host_addr = (unsigned long)w,
					 .flags = GNTMAP_host_map,
					 .ref = ref,
					 .dom = SELF_ID};

	check(gnttab_op(GNTTABOP_map_grant_ref, &m, 1) == 0, "map hypercall");
	*h = m.handle;
	return m.status;
}

static void v2_types_in_v1(void)
{
	uint64_t *p = alloc_page(), *dst = alloc_page(), *w = window();
	grant_handle_t h;

	p[0] = 0x5151;
	p[511] = 0x7171;
	grant(21, p, GTF_transitive);
	check(map_at(21, w, &h) == GNTST_general_error, "a GTF_transitive entry: map refused");
	check(copy_from(21, dst, 0, 8) == GNTST_general_error,
	      "a GTF_transitive entry: copy refused");
	grant(22, p, GTF_permit_access | GTF_sub_page);
	check(map_at(22, w, &h) == GNTST_general_error, "a GTF_sub_page entry: map refused");
	check(copy_from(22, dst, 4088, 8) == GNTST_okay && dst[0] == 0x7171,
	      "a GTF_sub_page entry: copy of the whole page's last word");
	check(gt[21].flags == GTF_transitive && gt[22].flags == (GTF_permit_access | GTF_sub_page),
	      "both entries untouched: %#x %#x", gt[21].flags, gt[22].flags);
}

static void createdomain_versions(void)
{
	struct xen_domctl_createdomain c;
	domid_t d;

	pv_domain_config(&c, 1);
	c.grant_opts = XEN_DOMCTL_GRANT_version(2);
	check_eq(create_domain(0, &c, &d), -XEN_EINVAL, "createdomain with grant version 2");
	c.grant_opts = XEN_DOMCTL_GRANT_version(0);
	check_eq(create_domain(0, &c, &d), -XEN_EINVAL, "createdomain with grant version 0");
	c.grant_opts = XEN_DOMCTL_GRANT_version(1);
	check_eq(create_domain(0, &c, &d), 0, "createdomain with grant version 1");
	if (d)
		check_eq(simple_domctl(XEN_DOMCTL_destroydomain, d), 0, "destroy the new domain");
}

static int16_t swap(grant_ref_t a, grant_ref_t b)
{
	struct gnttab_swap_grant_ref s = {.ref_a = a, .ref_b = b, .status = 99};

	check(gnttab_op(GNTTABOP_swap_grant_ref, &s, 1) == 0, "swap hypercall");
	return s.status;
}

static void swap_grant_ref(void)
{
	uint64_t *p = alloc_page(), *q = alloc_page(), *w = window();
	struct gnttab_swap_grant_ref two[2] = {{30, 31, 99}, {30, NR_ENTRIES, 99}};
	struct gnttab_unmap_grant_ref u = {.host_addr = (unsigned long)w};
	grant_handle_t h;

	grant(30, p, GTF_permit_access);
	grant(31, q, GTF_permit_access | GTF_readonly);
	check(swap(30, 31) == GNTST_okay, "swap two idle entries");
	check(gt[30].frame == virt_to_mfn(q) &&
		      gt[30].flags == (GTF_permit_access | GTF_readonly) &&
		      gt[31].frame == virt_to_mfn(p) && gt[31].flags == GTF_permit_access,
	      "entries swapped");
	check(swap(31, 31) == GNTST_okay && gt[31].frame == virt_to_mfn(p), "same ref: a no-op");
	check(swap(30, NR_ENTRIES) == GNTST_bad_gntref, "ref beyond the table: bad_gntref");
	check(swap(0xffffffff, 30) == GNTST_bad_gntref, "ref 2^32-1: bad_gntref");
	check(map_at(31, w, &h) == GNTST_okay, "map the swapped-in grant");
	check(swap(30, 31) == GNTST_eagain && swap(31, 32) == GNTST_eagain,
	      "an entry in use is not swapped: eagain");
	u.handle = h;
	check(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0 && u.status == GNTST_okay, "unmap");
	check(gnttab_op(GNTTABOP_swap_grant_ref, two, 2) == 0 && two[0].status == GNTST_okay &&
		      two[1].status == GNTST_bad_gntref,
	      "a batch: per-op status %d %d", two[0].status, two[1].status);
	check(gt[30].frame == virt_to_mfn(p), "swapped back by the batch");
	check(gnttab_op(GNTTABOP_swap_grant_ref, (void *)0xffff800000000000UL, 1) == -XEN_EFAULT,
	      "a batch in hypervisor space: -EFAULT");
}

void test_main(void)
{
	if (!setup())
		return;
	versions();
	no_status_frames("v1");
	status_frame_args();
	switch_while_mapped();
	v2_types_in_v1();
	swap_grant_ref();
	if (start_info->flags & SIF_INITDOMAIN)
		createdomain_versions();
}
