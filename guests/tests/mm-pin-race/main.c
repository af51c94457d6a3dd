/*
 * mm-pin-race: a frame is never a validated page table and writable-mapped
 * at once, even when two vCPUs race the two. Frame T holds NENT entries
 * mapping frame A writable (A's reference counts depend on them); its own
 * mapping is read-only.
 *  - vCPU 0, `rounds=` times or for `seconds=` of system time, whichever
 *    ends first (default 200000 and 10), and on until each side has held T
 *    once (at most `seconds=` more: on a loaded host one vCPU's thread can
 *    miss a whole short race), makes T an L1 table and lets it
 *    go again, in turn by a pin then a hook under an L2 entry (unhook,
 *    then unpin: the pin's reference is the last), and by the hook alone
 *    (the unhook drops the last reference); a refusal is -EINVAL (T is
 *    writable just now). While T is a table it checks the table's
 *    effect: the window T translates shows A's contents, and T's entries
 *    still name A. Between rounds it waits a varying while: vCPU 1's
 *    chance to map T.
 *  - vCPU 1, meanwhile, maps T writable (mmu_update and update_va_mapping
 *    in turn); a refusal is -EBUSY (T is a table just now), as in Xen.
 *    While it holds the mapping it rewrites all T's entries to map frame
 *    B, then back: a table must never see B (and a devalidation reading B
 *    would drop references B does not hold). It too waits a varying while
 *    between rounds.
 *  - each side raises a flag while it holds T (after its hypercall
 *    returned, until before the one that lets go), then reads the other's
 *    (Dekker): if both ever held T at once, one of them sees it.
 * After the race: T still pins (no writable reference leaked) and then
 * cannot be mapped writable; unpinned, it can, and then cannot be pinned;
 * A becomes a table once its own mapping is read-only (T's entries left no
 * reference behind) and B, mapped writable, does not (none was dropped for
 * it). Last, a writable TLB entry on vCPU 0 for T, unmapped without a
 * flush, is gone once vCPU 1 pins T: the pinning CPU's retype flush must
 * reach the other vCPU's CPU too.
 * vCPU 1 prints nothing (the runtime is single-vCPU): it reports through
 * shared variables.
 */
#include <guest.h>
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "mm-pin-race: pin/unpin against writable mappings on two vCPUs";

#define WINDOW 0xffffffff81600000UL /* unused 2 MiB slot of the kernel's L2 */
#define NENT 64			    /* T's entries, each mapping A writable */
#define LAST (NENT - 1)		    /* the entry whose translation is read */
/* A's and B's first words: bit 0 clear, valid (empty) L1 entries should either be pinned. */
#define A_MAGIC 0xa0a0a0a0a0a0a0a0UL
#define B_MAGIC 0xb0b0b0b0b0b0b0b0UL
#define GAP 50 /* loop steps per unit of a gap between rounds */
#define DATA_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define L2_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)

static uint64_t *t, *a, *b, *l2e;
static uint64_t *w0, *w1; /* T's writable mappings of vCPU 0 and vCPU 1 */
static xen_pfn_t tm;
static unsigned long rounds = 200000, seconds = 10;

/* Each side's account of the race. */
struct side {
	volatile uint64_t held, refused; /* T held (table / writable), refusals */
	volatile uint64_t overlap;	 /* rounds that saw the other side hold T too */
	volatile long bad_rc;		 /* first unexpected hypercall result */
	volatile const char *bad_what;	 /* and which call */
};
static struct side tbl, wr;
static volatile uint64_t table_live, writable_live, go, stop, ap_done;
static volatile uint64_t corrupt, corrupt_entry, corrupt_seen;

enum { AP_PIN = 1 }; /* vCPU 1's commands after the race */
static volatile uint64_t ap_cmd, ap_seq, ap_ack;
static volatile long ap_rc;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));

static void bad(struct side *s, const char *what, long rc)
{
	if (!s->bad_what) {
		s->bad_rc = rc;
		s->bad_what = what;
	}
}

/*
 * Dekker: a side raises its flag once it holds T (its hypercall returned)
 * and reads the other's after that; it lowers its flag before the
 * hypercall that lets T go. If both ever hold T at once, one of them sees
 * the other's flag.
 */
static void raise(volatile uint64_t *mine)
{
	__atomic_store_n(mine, 1, __ATOMIC_SEQ_CST);
}

static bool other_holds(volatile uint64_t *other)
{
	return __atomic_load_n(other, __ATOMIC_SEQ_CST) != 0;
}

static void release(volatile uint64_t *mine)
{
	__atomic_store_n(mine, 0, __ATOMIC_SEQ_CST);
}

static long hook(bool on)
{
	return mmu_update1(entry_maddr(l2e), on ? tm << 12 | L2_FLAGS : 0);
}

/* T is a live table: what it translates must be what it held when validated. */
static void check_effect(void)
{
	unsigned long va = WINDOW + LAST * 4096UL;
	const volatile uint64_t *tv = t;
	uint64_t seen, e = 0;

	mmuext1(MMUEXT_INVLPG_LOCAL, va);
	seen = *(volatile uint64_t *)va;
	for (unsigned int i = 0; i < NENT && !e; i++)
		if ((tv[i] & PTE_ADDR) != virt_to_mfn(a) << 12)
			e = tv[i];
	if ((e || seen != A_MAGIC) && !corrupt++) {
		corrupt_entry = e;
		corrupt_seen = seen;
	}
}

/* One round of vCPU 0: T becomes a table (pinned if `pin`), then stops being one. */
static void table_round(bool pin)
{
	long rc = pin ? mmuext1(MMUEXT_PIN_L1_TABLE, tm) : hook(true);

	if (rc == -XEN_EINVAL) {
		tbl.refused++;
		return;
	}
	if (rc) {
		bad(&tbl, pin ? "pin" : "hook", rc);
		return;
	}
	if (pin && (rc = hook(true)))
		bad(&tbl, "hook a pinned T", rc);
	tbl.held++;
	raise(&table_live);
	if (other_holds(&writable_live))
		tbl.overlap++;
	if (!rc)
		check_effect();
	release(&table_live);
	if (!rc && (rc = hook(false)))
		bad(&tbl, "unhook", rc);
	if (pin && (rc = mmuext1(MMUEXT_UNPIN_TABLE, tm)))
		bad(&tbl, "unpin", rc);
}

static long map_w1(uint64_t pte, bool by_va)
{
	if (by_va)
		return hc_update_va_mapping((unsigned long)w1, pte, 0);
	return mmu_update1(entry_maddr(pt_entry_of((unsigned long)w1, 1)), pte);
}

/* One round of vCPU 1: map T writable, scribble on its entries, unmap. */
static void writer_round(bool by_va)
{
	volatile uint64_t *e = w1;
	long rc = map_w1(tm << 12 | DATA_FLAGS, by_va);
	uint64_t orig[NENT];

	if (rc == -XEN_EBUSY) {
		wr.refused++;
		return;
	}
	if (rc) {
		bad(&wr, by_va ? "update_va_mapping T writable" : "mmu_update T writable", rc);
		return;
	}
	wr.held++;
	raise(&writable_live);
	for (unsigned int i = 0; i < NENT; i++)
		orig[i] = e[i];
	for (unsigned int i = NENT; i--;) /* against the release order */
		e[i] = virt_to_mfn(b) << 12 | DATA_FLAGS;
	if (other_holds(&table_live))
		wr.overlap++;
	for (unsigned int i = 0; i < NENT; i++)
		e[i] = orig[i];
	release(&writable_live);
	if ((rc = map_w1(0, by_va)))
		bad(&wr, "unmap T", rc);
}

/* A gap of varying length between a side's rounds: the other side's chance. */
static void gap(unsigned long r)
{
	for (volatile unsigned long i = (r * 7) % 16 * GAP; i; i--)
		; /* not pause: under TCG each one leaves the translated code */
}

/* vCPU 1 after the race: commands from vCPU 0. */
static void ap_serve(void)
{
	for (uint64_t seen = 0;;) {
		if (ap_seq == seen) {
			__asm__ __volatile__("pause");
			continue;
		}
		seen = ap_seq;
		if (ap_cmd == AP_PIN)
			ap_rc = mmuext1(MMUEXT_PIN_L1_TABLE, tm);
		__atomic_store_n(&ap_ack, seen, __ATOMIC_SEQ_CST);
	}
}

void ap_main(void);
void ap_main(void)
{
	while (!go)
		__asm__ __volatile__("pause");
	for (uint64_t r = 0; !stop; r++) {
		writer_round(r & 1);
		gap(r * 3);
	}
	ap_done = 1;
	ap_serve();
}

static bool wait_for(volatile uint64_t *v, uint64_t want)
{
	for (unsigned long i = 0; i < 4000000000UL; i++) {
		if (__atomic_load_n(v, __ATOMIC_SEQ_CST) == want)
			return true;
		__asm__ __volatile__("pause");
	}
	return false;
}

static long ap_run(unsigned int cmd)
{
	ap_cmd = cmd;
	__atomic_store_n(&ap_seq, ap_seq + 1, __ATOMIC_SEQ_CST);
	if (!wait_for(&ap_ack, ap_seq))
		return -1000;
	return ap_rc;
}

static bool setup(void)
{
	const char *opt = cmdline_option("rounds");

	if (opt)
		rounds = strtoul(opt, NULL, 0);
	if ((opt = cmdline_option("seconds")))
		seconds = strtoul(opt, NULL, 0);
	t = alloc_page(), a = alloc_page(), b = alloc_page();
	w0 = alloc_page(), w1 = alloc_page();
	l2e = pt_entry_of(WINDOW, 2);
	if (!t || !a || !b || !w0 || !w1 || !l2e || (*l2e & PTE_P)) {
		error("cannot set up (window L2 entry %p)", (void *)l2e);
		return false;
	}
	tm = virt_to_mfn(t);
	a[0] = A_MAGIC;
	b[0] = B_MAGIC;
	for (unsigned int i = 0; i < NENT; i++)
		t[i] = pte_for(a, DATA_FLAGS);
	/* T's own mapping read-only; vCPU 1's slot empty and flushed. */
	if (remap_page(t, PTE_P | PTE_A) || remap_page(w1, 0)) {
		error("cannot remap T or vCPU 1's slot");
		return false;
	}
	return true;
}

/* Is the race over after r rounds? The clock is read every 256 rounds. */
static bool race_over(unsigned long r, uint64_t end)
{
	bool both = tbl.held && wr.held;
	uint64_t now;

	if (r % 256)
		return both && r >= rounds;
	now = system_time();
	if (now >= end + seconds * 1000000000UL)
		return true;
	return both && (r >= rounds || now >= end);
}

static void race(void)
{
	uint64_t end = system_time() + seconds * 1000000000UL;
	unsigned long r;

	printf("racing: up to %lu rounds or %lu s\n", rounds, seconds);
	go = 1;
	for (r = 0; !race_over(r, end); r++) {
		table_round(r & 1);
		gap(r);
	}
	stop = 1;
	if (!wait_for(&ap_done, 1)) {
		fail("vCPU 1 does not stop (rounds: %lu)", (unsigned long)(wr.held + wr.refused));
		return;
	}
	printf("%lu rounds; table side: %lu held, %lu refused; writable side: %lu held, "
	       "%lu refused\n",
	       r, (unsigned long)tbl.held, (unsigned long)tbl.refused, (unsigned long)wr.held,
	       (unsigned long)wr.refused);
	check(!tbl.bad_what, "vCPU 0: %s: rc %ld", tbl.bad_what, (long)tbl.bad_rc);
	check(!wr.bad_what, "vCPU 1: %s: rc %ld", wr.bad_what, (long)wr.bad_rc);
	check(!tbl.overlap && !wr.overlap,
	      "T a table and writable at once: seen %lu times by vCPU 0, %lu by vCPU 1",
	      (unsigned long)tbl.overlap, (unsigned long)wr.overlap);
	check(!corrupt, "a live T changed %lu times: entry %#lx, window read %#lx",
	      (unsigned long)corrupt, (unsigned long)corrupt_entry, (unsigned long)corrupt_seen);
	check(tbl.held && wr.held, "both sides held T at some time");
}

/* The frames' counts after the race: nothing leaked, nothing dropped. */
static void after_race(void)
{
	long rc;

	check_eq(t[LAST] & PTE_ADDR, virt_to_mfn(a) << 12, "T's last entry names A after the race");
	check_eq(mmuext1(MMUEXT_PIN_L1_TABLE, tm), 0, "T pins after the race");
	check_eq(map_w1(tm << 12 | DATA_FLAGS, false), -XEN_EBUSY, "pinned T mapped writable");
	check_eq(map_w1(tm << 12 | DATA_FLAGS, true), -XEN_EBUSY, "pinned T mapped writable by va");
	check_eq(mmuext1(MMUEXT_UNPIN_TABLE, tm), 0, "unpin T");
	check_eq(map_w1(tm << 12 | DATA_FLAGS, false), 0, "unpinned T mapped writable");
	check_eq(mmuext1(MMUEXT_PIN_L1_TABLE, tm), -XEN_EINVAL, "writable T pinned");
	check_eq(map_w1(0, false), 0, "unmap T");
	check_eq(remap_page(a, PTE_P | PTE_A), 0, "A's own mapping read-only");
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(a));
	check_eq(rc, 0, "A pins: no writable reference of T's entries left");
	if (!rc)
		mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(a));
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(b));
	check_eq(rc, -XEN_EINVAL, "B, mapped writable, pinned");
	if (!rc)
		mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(b));
}

/* A writable TLB entry for T on vCPU 0's CPU must not outlive T's retype on vCPU 1. */
static void remote_stale_tlb(void)
{
	volatile uint64_t *e = &w0[LAST];
	uint64_t orig;

	check_eq(hc_update_va_mapping((unsigned long)w0, tm << 12 | DATA_FLAGS, UVMF_INVLPG), 0,
		 "map T writable on vCPU 0");
	orig = *e;
	*e = orig; /* the TLB holds a writable entry for T now */
	check_eq(mmu_update1(entry_maddr(pt_entry_of((unsigned long)w0, 1)), 0), 0,
		 "unmap it, no flush");
	check_eq(ap_run(AP_PIN), 0, "vCPU 1 pins T");
	trap_record_clear();
	__asm__ __volatile__("1: movq %1, (%0)\n2:\n" EXTABLE(1b, 2b)::"r"(e),
			     "r"(virt_to_mfn(b) << 12 | DATA_FLAGS)
			     : "memory");
	check(last_trap.count && last_trap.vector == 14,
	      "the stale writable entry is flushed (vector %u, %lu traps)", last_trap.vector,
	      (unsigned long)last_trap.count);
	check_eq(t[LAST] & PTE_ADDR, orig & PTE_ADDR, "the pinned T unchanged");
	check_eq(hook(true), 0, "hook the pinned T");
	check_effect();
	check(!corrupt, "the window maps A (entry %#lx, read %#lx)", (unsigned long)corrupt_entry,
	      (unsigned long)corrupt_seen);
	check_eq(hook(false), 0, "unhook T");
	check_eq(mmuext1(MMUEXT_UNPIN_TABLE, tm), 0, "unpin T");
}

void test_main(void)
{
	if (!events_init() || !setup())
		return;
	if (!start_vcpu1(ap_main, ap_stack, sizeof(ap_stack))) {
		skip("one vCPU only");
		return;
	}
	race();
	after_race();
	remote_stale_tlb();
}
