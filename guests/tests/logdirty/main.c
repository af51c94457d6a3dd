/*
 * Log-dirty (XEN_DOMCTL_shadow_op) between two domains (xeno only: dom0 +
 * a boot-time domU, role=peer; Debian's Xen 4.17 has no PV log-dirty at
 * all, see domctl-build for its answers). dom0 acts as libxc's save does:
 * ENABLE_LOGDIRTY, then rounds of CLEAN / one write path / PEEK + CLEAN.
 * The domU owns eight test pages, each written (or not) by one path:
 *
 *   0 a kernel store          4 MMUEXT_CLEAR_PAGE
 *   1 a store in user mode    5 never written (its PTE is: mmu_update)
 *   2 dom0's grant copy into  6 never written, nor its PTE
 *   3 dom0's writable map     7 MMU_MACHPHYS_UPDATE of its frame
 *
 * After each round exactly the page of that path must be dirty among the
 * eight (the mmu_update round: the L1 table holding page 5's PTE, not page
 * 5), with dirty_count equal to the bits set (and fault_count at least 1
 * after a store round); the kernel store round runs again last, so a
 * CLEAN that did not revoke write access fails it. Pages that are always dirty
 * by design: none of the eight. Also checked: the interface's answers
 * (ENABLE twice -EINVAL, OFF twice 0, pages left as asked, bytes past
 * ceil(pages/8) untouched, FINAL accepted, other mode bits -EINVAL).
 *
 * bench on dom0's command line (bench/run.py, workload "domains"): then
 * the cost of tracking, printed as BENCH lines: the domU's write to each
 * of BENCH_PAGES pages with tracking off, its first write to each after a
 * CLEAN (the write fault that marks it), and dom0's CLEAN of those pages.
 *
 * stores=0 on dom0's command line: the hypervisor does not track the
 * domU's own stores yet (xeno's test-only `logdirty_partial`): the two
 * store rounds are skipped, and every round checks the whole bitmap
 * exactly (only the hypervisor's writes can set bits then).
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>
#include <guest_mm.h>
#include <guest_grant.h>

const char test_title[] = "logdirty: shadow_op log-dirty rounds against a domU's writes";

#define PEER 1
#define REF_CTL 10
#define REF_COPY 11
#define REF_MAP 12
#define NPAGES 8
#define BITS 4096 /* pfns a bitmap covers (the domU has 8 MiB: 2048) */
#define QUIT 0xdeadUL
#define BENCH_CMD 0x10000UL /* + a sequence number: one timed pass */
#define BENCH_PAGES 64
#define BENCH_REPS 20
#define SECOND 1000000000UL

enum { KSTORE, USTORE, GCOPY, GMAP, CLEAR, MMU, M2P, NR_PATHS };
static const char *const path_name[] = {"kernel store", "user store", "grant copy",	"grant map",
					"clear_page",	"mmu_update", "machphys_update"};

struct ctl {
	volatile uint64_t cmd, done; /* dom0: path + 1 (or QUIT); domU: the same once done */
	volatile uint64_t pfn[NPAGES];
	volatile uint64_t l1_pfn, ctl_pfn; /* page 5's L1 table; this page */
	volatile uint64_t cycles;	   /* the domU's last timed pass */
};

static struct grant_entry_v1 *table;

/* --- the domU: its pages, and the writes dom0 asks for ------------------- */

static uint8_t *page[NPAGES];

static long user_store(void)
{
	page[USTORE][100] = 0x55;
	return 0;
}

static void do_path(unsigned int path)
{
	uint64_t *pte = pt_entry_of((unsigned long)page[MMU], 1);
	uint64_t pte_maddr = (virt_to_mfn(pte) << 12) | ((unsigned long)pte & 0xfff);

	switch (path) {
	case KSTORE: page[KSTORE][8] ^= 1; break;
	case USTORE: check_eq(exec_user(user_store), 0, "user-mode store"); break;
	case CLEAR:
		check_eq(mmuext1(MMUEXT_CLEAR_PAGE, virt_to_mfn(page[CLEAR])), 0, "clear_page");
		break;
	case MMU: check_eq(mmu_update1(pte_maddr, *pte ^ PTE_A), 0, "mmu_update of a PTE"); break;
	case M2P:
		check_eq(mmu_update1((virt_to_mfn(page[M2P]) << 12) | MMU_MACHPHYS_UPDATE,
				     mfn_to_pfn(virt_to_mfn(page[M2P]))),
			 0, "machphys_update");
		break;
	default: break; /* GCOPY, GMAP: dom0 writes */
	}
}

static volatile uint64_t *bench_page[BENCH_PAGES];

/* One write to each bench page, timed. */
static void bench_pass(struct ctl *c)
{
	uint64_t t0 = rdtsc();

	for (unsigned int i = 0; i < BENCH_PAGES; i++)
		bench_page[i][i] += 1;
	c->cycles = rdtsc() - t0;
}

static void run_peer(void)
{
	struct ctl *c = alloc_page();
	uint64_t seen = 0;

	for (unsigned int i = 0; i < NPAGES; i++)
		if (!(page[i] = alloc_page()))
			c = NULL;
	for (unsigned int i = 0; i < BENCH_PAGES; i++)
		if (!(bench_page[i] = alloc_page()))
			c = NULL;
	if (!c || !(table = grant_table_map_own())) {
		error("peer set-up");
		return;
	}
	for (unsigned int i = 0; i < NPAGES; i++)
		c->pfn[i] = mfn_to_pfn(virt_to_mfn(page[i]));
	c->l1_pfn = mfn_to_pfn(virt_to_mfn(pt_entry_of((unsigned long)page[MMU], 1)));
	c->ctl_pfn = mfn_to_pfn(virt_to_mfn(c));
	grant_access(table, REF_CTL, c, 0, 0);
	grant_access(table, REF_COPY, page[GCOPY], 0, 0);
	grant_access(table, REF_MAP, page[GMAP], 0, 0);
	if (alloc_unbound(DOMID_SELF, 0) < 0) { /* the offer: the grants exist */
		error("alloc_unbound");
		return;
	}
	for (uint64_t end = system_time() + 60 * SECOND; seen != QUIT;) {
		uint64_t cmd = __atomic_load_n(&c->cmd, __ATOMIC_ACQUIRE);

		if (system_time() > end) {
			fail("dom0 stopped asking (last %lu)", (unsigned long)seen);
			return;
		}
		if (cmd == seen) {
			hc_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		if (cmd >= BENCH_CMD)
			bench_pass(c);
		else if (cmd != QUIT)
			do_path((unsigned int)cmd - 1);
		__atomic_store_n(&c->done, cmd, __ATOMIC_RELEASE);
		seen = cmd;
	}
}

/* --- dom0: the toolstack's side ------------------------------------------ */

static uint8_t bitmap[BITS / 8 + 16];

static long shadow_op(uint32_t op, uint32_t mode, void *bm, uint64_t pages,
		      struct xen_domctl_shadow_op_stats *stats)
{
	struct xen_domctl d = {0};
	long rc;

	d.u.shadow_op.op = op;
	d.u.shadow_op.mode = mode;
	d.u.shadow_op.dirty_bitmap.p = bm;
	d.u.shadow_op.pages = pages;
	rc = domctl(&d, XEN_DOMCTL_shadow_op, PEER);
	if (stats)
		*stats = d.u.shadow_op.stats;
	if (!rc && d.u.shadow_op.pages != pages)
		fail("shadow_op %u: pages %lu, asked %lu", op, (unsigned long)d.u.shadow_op.pages,
		     (unsigned long)pages);
	return rc;
}

static bool test_bit(uint64_t pfn)
{
	return pfn < BITS && (bitmap[pfn / 8] >> (pfn % 8)) & 1;
}

static unsigned int popcount(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < BITS / 8; i++)
		for (unsigned int b = bitmap[i]; b; b &= b - 1)
			n++;
	return n;
}

static int16_t grant_copy_in(const void *src)
{
	struct gnttab_copy op = {.len = 64, .flags = GNTCOPY_dest_gref};

	op.source.u.gmfn = virt_to_mfn(src);
	op.source.domid = DOMID_SELF;
	op.dest.u.ref = REF_COPY;
	op.dest.domid = PEER;
	gnttab_op(GNTTABOP_copy, &op, 1);
	return op.status;
}

static void grant_map_write(void *va)
{
	grant_handle_t h;

	if (grant_map(PEER, REF_MAP, va, 0, &h) != GNTST_okay) {
		fail("map the domU's page writable");
		return;
	}
	((volatile uint8_t *)va)[200] = 0x77;
	check_eq(grant_unmap(va, h), GNTST_okay, "unmap it");
}

static void ask_peer(struct ctl *c, uint64_t cmd)
{
	__atomic_store_n(&c->cmd, cmd, __ATOMIC_RELEASE);
	for (uint64_t end = system_time() + 10 * SECOND;
	     __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) != cmd;) {
		if (system_time() > end) {
			fail("domU did not do %lu", (unsigned long)cmd);
			return;
		}
		hc_sched_op(SCHEDOP_yield, NULL);
	}
}

/* The pfn path's round must dirty, among the test pages (and page 5's L1). */
static uint64_t expected_pfn(const struct ctl *c, unsigned int path)
{
	return path == MMU ? c->l1_pfn : c->pfn[path];
}

static void check_round(const struct ctl *c, unsigned int path, bool exact,
			const struct xen_domctl_shadow_op_stats *st)
{
	uint64_t want = expected_pfn(c, path);

	check(test_bit(want), "%s: pfn %#lx dirty", path_name[path], (unsigned long)want);
	for (unsigned int i = 0; i < NPAGES; i++)
		check(c->pfn[i] == want || !test_bit(c->pfn[i]),
		      "%s: test page %u (pfn %#lx) not dirty", path_name[path], i,
		      (unsigned long)c->pfn[i]);
	if (path != MMU)
		check(!test_bit(c->l1_pfn), "%s: the L1 table not dirty", path_name[path]);
	check_eq(st->dirty_count, popcount(), "dirty_count = the bits set");
	if (path == KSTORE || path == USTORE) /* a write fault made it dirty */
		check(st->fault_count >= 1, "%s: fault_count %u", path_name[path], st->fault_count);
	if (exact) /* only the hypervisor marks: the one frame it wrote */
		check_eq(popcount(), 1, "bits set");
}

static void run_round(struct ctl *c, unsigned int path, bool stores, void *va)
{
	struct xen_domctl_shadow_op_stats st;

	if (!stores && (path == KSTORE || path == USTORE)) {
		printf("skipped: %s (stores=0)\n", path_name[path]);
		return;
	}
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, NULL, BITS, &st), 0, "CLEAN");
	if (path == GCOPY)
		check_eq(grant_copy_in(va), GNTST_okay, "grant copy into the domU");
	else if (path == GMAP)
		grant_map_write(va);
	else
		ask_peer(c, path + 1);
	memset(bitmap, 0, sizeof(bitmap));
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap, BITS, &st), 0, "PEEK");
	check_round(c, path, !stores, &st);
	memset(bitmap, 0, sizeof(bitmap));
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, bitmap, BITS, &st), 0, "CLEAN after");
	check_round(c, path, !stores, &st);
}

static void test_interface(void)
{
	struct xen_domctl_shadow_op_stats st;

	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0, "OFF when off");
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0, NULL), 0, "ENABLE");
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0, NULL), -XEN_EINVAL,
		 "ENABLE twice");
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_PEEK, 2, bitmap, BITS, NULL), -XEN_EINVAL,
		 "PEEK with mode bit 1");
	memset(bitmap, 0xa5, sizeof(bitmap));
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_CLEAN, XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL, bitmap,
			   BITS - 9, &st),
		 0, "CLEAN, FINAL");
	check(bitmap[BITS / 8 - 2] != 0xa5 && bitmap[BITS / 8 - 1] == 0xa5,
	      "ceil(pages/8) bytes written (%#x %#x)", bitmap[BITS / 8 - 2], bitmap[BITS / 8 - 1]);
}

/* Cycles of the domU's timed pass (cmd: a fresh BENCH_CMD + n). */
static uint64_t bench_ask(struct ctl *c, uint64_t cmd)
{
	ask_peer(c, cmd);
	return c->cycles;
}

/* The costs of tracking (see the top): per page, the averages of BENCH_REPS
 * passes after a first one (the pages' first touch, not counted). */
static void bench(struct ctl *c)
{
	uint64_t seq = BENCH_CMD, plain = 0, tracked = 0, clean = 0, t0;

	bench_ask(c, seq++);
	for (unsigned int r = 0; r < BENCH_REPS; r++)
		plain += bench_ask(c, seq++);
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0, NULL), 0, "ENABLE");
	bench_ask(c, seq++);
	for (unsigned int r = 0; r < BENCH_REPS; r++) {
		t0 = rdtsc();
		check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_CLEAN, 0, bitmap, BITS, NULL), 0, "CLEAN");
		clean += rdtsc() - t0;
		tracked += bench_ask(c, seq++);
	}
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0, "OFF");
	printf("BENCH logdirty_write_off %lu cycles\n",
	       (unsigned long)(plain / (BENCH_REPS * BENCH_PAGES)));
	printf("BENCH logdirty_first_write %lu cycles\n",
	       (unsigned long)(tracked / (BENCH_REPS * BENCH_PAGES)));
	printf("BENCH logdirty_clean %lu cycles\n", (unsigned long)(clean / BENCH_REPS));
}

static void run_dom0(void)
{
	bool stores = !cmdline_option("stores") || strcmp(cmdline_option("stores"), "0");
	void *cva = alloc_page(), *va = alloc_page();
	grant_handle_t h;

	if (find_offered_port(PEER) < 0 || !cva || !va) {
		error("no offer from d1");
		return;
	}
	if (grant_map(PEER, REF_CTL, cva, 0, &h) != GNTST_okay) {
		fail("map the domU's control page");
		return;
	}
	test_interface();
	for (unsigned int path = 0; path < NR_PATHS; path++)
		run_round(cva, path, stores, va);
	run_round(cva, KSTORE, stores, va); /* again: CLEAN took write access back */
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0, "OFF");
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0, "OFF twice");
	memset(bitmap, 0xff, sizeof(bitmap));
	check_eq(shadow_op(XEN_DOMCTL_SHADOW_OP_PEEK, 0, bitmap, BITS, NULL), 0, "PEEK when off");
	check_eq(popcount(), 0, "bits set when off");
	if (cmdline_option("bench"))
		bench(cva);
	ask_peer(cva, QUIT);
	check_eq(grant_unmap(cva, h), GNTST_okay, "unmap the control page");
	wait_domain_shutdown(PEER);
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!events_init())
		return;
	if (role && !strcmp(role, "peer"))
		run_peer();
	else
		run_dom0();
}
