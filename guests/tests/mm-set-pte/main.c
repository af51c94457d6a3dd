/*
 * mm-set-pte: the one-request mmu_update of the caller's own without a
 * done count (Linux's set_pte: a new entry into an empty slot of an L1 in
 * use, xeno's shortest path) gives exactly the general path's result on
 * every edge of that shape. Each request runs twice from the same state:
 * once without a done count (the short path's candidate) and once with one
 * (the general path on xeno); the result, the entry left and the count must
 * agree, and so must the hypervisor's references (mm_audit recounts them
 * after every hypercall on xeno). The edges:
 *  - the common case, read-only and read-write, and as NO_TRANSLATE;
 *  - an entry that is present already (another frame, the same one);
 *  - a new entry that is not present, or with a flag only some guests may
 *    set (a grant mapping's bit; PCD, refused to a domU);
 *  - MMU_PT_UPDATE_PRESERVE_AD into an empty slot;
 *  - a table that is not an L1 (an L2 in use: a good and a bad entry), not
 *    a table at all (a data frame: a plain write), not the caller's (the
 *    M2P's frame);
 *  - a frame not the caller's (the M2P's; in the domU variant, dom0's: an
 *    ordinary frame of another domain), one that does not exist (beyond
 *    RAM: an I/O frame for a privileged guest), the L1 itself read-write
 *    (a page-table frame), a frame with no writable user yet (unmapped).
 * The same checks run in dom0 alone (on both hypervisors) and, in the domU
 * variant (xeno only), as a boot-time domU (role=domu) too; dom0 (its
 * command line says "domu") waits for it. Without mm_audit (the noaudit
 * variant) xeno takes the shape from SYSCALL by its own entry
 * (pv/mmu_entry.S): every register but RAX, RCX and R11 comes back as it
 * went in (or, for the four arguments, as Xen 4.17's debug build's poison;
 * the hypercall page keeps RCX and R11): no hypervisor value in any register.
 */
#include <guest_domctl.h>
#include <guest_mm.h>
#include <public/memory.h>

const char test_title[] = "mm-set-pte: the one-request mmu_update, every edge as the general path";

#define WINDOW 0xffffffff81200000UL /* an unused 2 MiB slot of the kernel's L2 */
#define PAGE_GNTTAB (1UL << 62)	    /* a grant mapping's bit (xeno's; Xen 4.17 lets dom0 set it) */
#define PTE_PCD 0x010UL

static uint64_t *l1, *l2e, *data, *spare, *plain;
static uint64_t l1_mfn, m2p_mfn;

/* Entry e (readable, or NULL: a frame we cannot read) set to v by the general path. */
static void set_entry(uint64_t *e, bool table, uint64_t v)
{
	struct mmu_update u = {entry_maddr(e), v};
	unsigned int done = 0;

	if (!table)
		*e = v;
	else
		check(hc_mmu_update(&u, 1, &done, DOMID_SELF) == 0 && done == 1,
		      "reset entry %p to %#lx", (void *)e, (unsigned long)v);
}

/*
 * Request (ptr, val) on entry e from state `before`, without and with a
 * done count: the same result and entry. e NULL: a frame not ours (ptr's
 * frame is unreadable and untouched). Returns the result.
 */
static long both_ways(const char *what, uint64_t *e, bool table, uint64_t before, uint64_t ptr,
		      uint64_t val)
{
	struct mmu_update u = {ptr, val};
	unsigned int done = 7;
	uint64_t short_e = 0, general_e = 0;
	long rc1, rc2;

	if (e)
		set_entry(e, table, before);
	rc1 = hc_mmu_update(&u, 1, NULL, DOMID_SELF);
	if (e) {
		short_e = *e;
		set_entry(e, table, before);
	}
	rc2 = hc_mmu_update(&u, 1, &done, DOMID_SELF);
	if (e) {
		general_e = *e;
		set_entry(e, table, before);
	}
	check(rc1 == rc2 && short_e == general_e && done == (rc2 == 0),
	      "%s: without a done count %ld (entry %#lx), with one %ld (entry %#lx, done %u)", what,
	      rc1, (unsigned long)short_e, rc2, (unsigned long)general_e, done);
	return rc1;
}

static uint64_t at(unsigned int i, unsigned int cmd)
{
	return entry_maddr(&l1[i]) | cmd;
}

static void new_entries(bool domu)
{
	uint64_t ro = pte_for(data, PTE_P | PTE_A), rw = pte_for(data, PTE_P | PTE_RW | PTE_A);

	check(both_ways("new read-only entry", &l1[0], true, 0, at(0, 0), ro) == 0,
	      "a new read-only entry is written");
	check(both_ways("new read-write entry", &l1[1], true, 0, at(1, 0), rw | PTE_US | PTE_D) ==
		      0,
	      "a new read-write user entry is written");
	check(both_ways("NO_TRANSLATE", &l1[2], true, 0, at(2, MMU_PT_UPDATE_NO_TRANSLATE), rw) ==
		      0,
	      "as NO_TRANSLATE too");
	check(both_ways("PRESERVE_AD", &l1[3], true, 0, at(3, MMU_PT_UPDATE_PRESERVE_AD), rw) == 0,
	      "and as PRESERVE_AD (the general path)");
	check(both_ways("over a present entry", &l1[4], true, pte_for(spare, PTE_P | PTE_RW),
			at(4, 0), rw) == 0,
	      "a present entry replaced");
	check(both_ways("the same entry again", &l1[5], true, rw, at(5, 0), rw) == 0,
	      "a present entry written again");
	check(both_ways("a not-present entry", &l1[6], true, 0, at(6, 0), rw & ~PTE_P) == 0,
	      "a not-present entry into an empty slot");
	/* xeno refuses it (grant mappings' own); Xen 4.17 lets dom0 set it */
	both_ways("a grant bit", &l1[7], true, 0, at(7, 0), rw | PAGE_GNTTAB);
	/* a cache attribute: a privileged guest's only */
	check(both_ways("PCD", &l1[15], true, 0, at(15, 0), rw | PTE_PCD) < 0 || !domu,
	      "an entry with PCD refused to a domU");
}

static void other_tables(void)
{
	uint64_t l1e = l1_mfn << 12 | PTE_P | PTE_RW | PTE_US | PTE_A;

	check(both_ways("an L1 under an L2", l2e, true, 0, entry_maddr(l2e), l1e) == 0,
	      "an L2 entry (a table not an L1) written");
	check(both_ways("a data frame under an L2", l2e, true, 0, entry_maddr(l2e),
			pte_for(data, PTE_P | PTE_RW | PTE_A)) < 0,
	      "an L2 entry naming a writable frame refused");
	check(both_ways("a plain frame", &plain[3], false, 0, entry_maddr(&plain[3]),
			pte_for(data, PTE_P | PTE_RW)) == 0,
	      "a frame that is no table: written as memory");
	check(plain[3] == 0, "(and reset)");
	check(both_ways("the M2P's frame as a table", NULL, false, 0, m2p_mfn << 12 | 8,
			pte_for(data, PTE_P)) < 0,
	      "a table not ours refused");
}

static void other_frames(void)
{
	check(both_ways("the M2P's frame read-write", &l1[8], true, 0, at(8, 0),
			m2p_mfn << 12 | PTE_P | PTE_RW) < 0,
	      "a frame not ours, read-write, refused");
	both_ways("the M2P's frame read-only", &l1[9], true, 0, at(9, 0), m2p_mfn << 12 | PTE_P);
	both_ways("beyond RAM", &l1[10], true, 0, at(10, 0), 0xfedcb000UL | PTE_P);
	check(both_ways("the L1 itself read-write", &l1[11], true, 0, at(11, 0),
			l1_mfn << 12 | PTE_P | PTE_RW) < 0,
	      "a page-table frame read-write refused");
	check(both_ways("the L1 itself read-only", &l1[12], true, 0, at(12, 0),
			l1_mfn << 12 | PTE_P) == 0,
	      "a page-table frame read-only");
	check(remap_page(spare, 0) == 0, "the spare frame unmapped: no writable user");
	check(both_ways("a frame with no writable user", &l1[13], true, 0, at(13, 0),
			pte_for(spare, PTE_P | PTE_RW)) == 0,
	      "a frame with no writable user mapped read-write");
}

/*
 * The nearest frame below ours that the M2P gives to a pfn we do not map
 * back to it: another domain's (dom0's, seen from the domU), or the
 * hypervisor's. Mapped read-only: refused to a domU, both ways alike.
 */
static void another_domains_frame(bool domu)
{
	uint64_t own = virt_to_mfn(data);

	for (uint64_t m = own - 1; m >= 0x100 && m + 4096 > own; m--) {
		uint64_t pfn = mfn_to_pfn(m);
		long rc;

		if (pfn >> 40 || (pfn < start_info->nr_pages && pfn_to_mfn(pfn) == m))
			continue; /* no domain's, or ours */
		rc = both_ways("another domain's frame", &l1[14], true, 0, at(14, 0),
			       m << 12 | PTE_P);
		check(!domu || rc < 0, "another domain's frame (mfn %#lx) refused to a domU: %ld",
		      (unsigned long)m, rc);
		return;
	}
	check(!domu, "a frame of another domain's below ours");
}

#define XEN_POISON 0xdeadbeefdeadf00dUL /* Xen 4.17's debug build: the arguments */
#define PTE_FRAME 0x000ffffffffff000UL

struct regs_after {
	uint64_t rbx, rbp, rdi, rsi, rdx, r8, r9, r10, r11, r12, r13, r14, r15, rcx, rax;
};

/* mmu_update(u, 1, done, DOMID_SELF) through the hypercall page, every register set. */
static void raw_mmu_update(struct mmu_update *u, unsigned int *done, struct regs_after *o)
{
	__asm__ __volatile__(
		"push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15\n\t"
		"push %[o]\n\t"
		"movabs $0x0b0b0b0b0b0b0b0b, %%rbx; movabs $0x0c0c0c0c0c0c0c0c, %%rbp\n\t"
		"movabs $0x1212121212121212, %%r12; movabs $0x1313131313131313, %%r13\n\t"
		"movabs $0x1414141414141414, %%r14; movabs $0x1515151515151515, %%r15\n\t"
		"movabs $0x0808080808080808, %%r8; movabs $0x0909090909090909, %%r9\n\t"
		"movl $1, %%esi; movl $0x7ff0, %%r10d\n\t"
		"movabs $0x0101010101010101, %%rcx; movabs $0x1111111111111111, %%r11\n\t"
		"leaq hypercall_page + 32(%%rip), %%rax; call *%%rax\n\t"
		"push %%rax; movq 8(%%rsp), %%rax\n\t"
		"movq %%rbx, 0(%%rax); movq %%rbp, 8(%%rax); movq %%rdi, 16(%%rax)\n\t"
		"movq %%rsi, 24(%%rax); movq %%rdx, 32(%%rax); movq %%r8, 40(%%rax)\n\t"
		"movq %%r9, 48(%%rax); movq %%r10, 56(%%rax); movq %%r11, 64(%%rax)\n\t"
		"movq %%r12, 72(%%rax); movq %%r13, 80(%%rax); movq %%r14, 88(%%rax)\n\t"
		"movq %%r15, 96(%%rax); movq %%rcx, 104(%%rax); popq %%rcx; movq %%rcx, "
		"112(%%rax)\n\t"
		"addq $8, %%rsp; pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx"
		: "+D"(u), "+d"(done)
		: [o] "r"(o)
		: "rax", "rcx", "rsi", "r8", "r9", "r10", "r11", "memory");
}

static bool kept(uint64_t got, uint64_t in, bool arg)
{
	return got == in || (arg && got == XEN_POISON);
}

/* Request (ptr, val) with done (or NULL): every register after it; want 0 or < 0. */
static void registers_after(const char *what, uint64_t ptr, uint64_t val, unsigned int *done,
			    long want)
{
	struct mmu_update u = {ptr, val};
	struct regs_after o = {0};
	raw_mmu_update(&u, done, &o);
	check(want ? (long)o.rax < 0 : o.rax == 0, "%s: result %ld", what, (long)o.rax);
	check(o.rbx == 0x0b0b0b0b0b0b0b0bUL && o.rbp == 0x0c0c0c0c0c0c0c0cUL &&
		      o.r12 == 0x1212121212121212UL && o.r13 == 0x1313131313131313UL &&
		      o.r14 == 0x1414141414141414UL && o.r15 == 0x1515151515151515UL &&
		      o.r8 == 0x0808080808080808UL && o.r9 == 0x0909090909090909UL,
	      "%s: rbx %#lx rbp %#lx r8 %#lx r9 %#lx r12-r15 %#lx %#lx %#lx %#lx kept", what,
	      (unsigned long)o.rbx, (unsigned long)o.rbp, (unsigned long)o.r8, (unsigned long)o.r9,
	      (unsigned long)o.r12, (unsigned long)o.r13, (unsigned long)o.r14,
	      (unsigned long)o.r15);
	check(kept(o.rdi, (uint64_t)&u, true) && kept(o.rsi, 1, true) &&
		      kept(o.rdx, (uint64_t)done, true) && kept(o.r10, 0x7ff0, true),
	      "%s: the arguments rdi %#lx rsi %#lx rdx %#lx r10 %#lx kept (or Xen's poison)", what,
	      (unsigned long)o.rdi, (unsigned long)o.rsi, (unsigned long)o.rdx,
	      (unsigned long)o.r10);
	check(o.rcx == 0x0101010101010101UL && o.r11 == 0x1111111111111111UL,
	      "%s: rcx %#lx and r11 %#lx kept (the hypercall page's)", what, (unsigned long)o.rcx,
	      (unsigned long)o.r11);
}

static void no_hypervisor_values(void)
{
	uint64_t rw = pte_for(data, PTE_P | PTE_RW | PTE_A);
	unsigned int done = 0;

	registers_after("a new entry", at(0, 0), rw, NULL, 0);
	check((l1[0] & PTE_FRAME) == (rw & PTE_FRAME) && (l1[0] & PTE_P), "(written: %#lx, %#lx)",
	      (unsigned long)l1[0], (unsigned long)rw);
	set_entry(&l1[0], true, 0);
	registers_after("PRESERVE_AD (the general way)", at(0, MMU_PT_UPDATE_PRESERVE_AD), rw, NULL,
			0);
	set_entry(&l1[0], true, 0);
	registers_after("a refused entry", at(0, 0), m2p_mfn << 12 | PTE_P | PTE_RW, NULL, -1);
	registers_after("with a done count", at(0, 0), rw, &done, 0);
	check(done == 1, "(done 1)");
	set_entry(&l1[0], true, 0);
}

static bool set_up(void)
{
	struct xen_machphys_mfn_list ml = {.max_extents = 1};

	data = alloc_page();
	spare = alloc_page();
	plain = alloc_page();
	l1 = alloc_page();
	l2e = pt_entry_of(WINDOW, 2);
	ml.extent_start.p = &m2p_mfn;
	if (!data || !spare || !plain || !l1 || !l2e || (*l2e & PTE_P) ||
	    HC(memory_op, XENMEM_machphys_mfn_list, &ml, 0) != 0 || !m2p_mfn)
		return false;
	l1_mfn = virt_to_mfn(l1);
	check(remap_page(l1, PTE_P | PTE_A) == 0 && mmuext1(MMUEXT_PIN_L1_TABLE, l1_mfn) == 0,
	      "an L1, read-only and pinned");
	return true;
}

void test_main(void)
{
	bool domu = cmdline_option("role") != NULL;

	if (!set_up()) {
		error("cannot set up: pages, the window's L2 entry or the M2P's frame");
		return;
	}
	new_entries(domu);
	other_tables();
	other_frames();
	another_domains_frame(domu);
	no_hypervisor_values();
	check(mmuext1(MMUEXT_UNPIN_TABLE, l1_mfn) == 0, "unpin the L1");
	if (cmdline_option("domu"))
		wait_domain_shutdown(1); /* dom0 beside the domU: its verdict first */
}
