/*
 * pv-ops benchmark guest: the PV operations whose cost every guest pays,
 * timed with the TSC around many iterations (QEMU -icount makes guest time
 * a function of instructions executed). Prints one line per figure:
 *   BENCH <name> <value> <unit>
 * then the usual verdict. Figures: boot (first guest instruction, since
 * power-on), null hypercall by syscall and by the hypercall page, user
 * syscall bounce and iret back, exception bounce (int3, #PF), a 512-entry
 * mmu_update batch and single-entry mmu_updates, pin+unpin of an L1 and of
 * a 4-level tree, one writable-page-table PTE write and one PTE clear by
 * xchg; event upcall and grant copy (events.c); grant map, unmap and copy
 * of another domain's grants, dom0 building that domain (grants.c);
 * decrease_reservation and populate_physmap per frame (memory.c).
 */
#include "bench.h"

const char test_title[] = "bench: PV operation costs";

static uint64_t tsc_to_ns(uint64_t tsc, const struct vcpu_time_info *t)
{
	uint64_t d = t->tsc_shift >= 0 ? tsc << t->tsc_shift : tsc >> -t->tsc_shift;

	return (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
}

void report(const char *name, uint64_t cycles, unsigned long n)
{
	printf("BENCH %s %lu cycles\n", name, (unsigned long)(cycles / n));
}

void report_na(const char *name, long rc)
{
	printf("BENCH-NA %s error %ld\n", name, rc);
}

static void null_hypercalls(void)
{
	uint64_t t0 = rdtsc();

	for (int i = 0; i < N; i++)
		hypercall_syscall(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0);
	report("hypercall_syscall", rdtsc() - t0, N);
	t0 = rdtsc();
	for (int i = 0; i < N; i++)
		hypercall_page_call(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0);
	report("hypercall_page", rdtsc() - t0, N);
}

static bool on_syscall(struct cpu_regs *r)
{
	r->rax = 0;
	return true;
}

static long user_syscalls(void)
{
	for (int i = 0; i < N; i++)
		__asm__ __volatile__("syscall" ::"a"(0) : "rcx", "r11", "memory");
	return 0;
}

static void syscall_bounce(void)
{
	uint64_t t0;

	trap_hook[VEC_SYSCALL] = on_syscall;
	t0 = rdtsc();
	exec_user(user_syscalls);
	report("user_syscall_bounce", rdtsc() - t0, N);
}

static void exception_bounce(void)
{
	uint64_t t0 = rdtsc();

	for (int i = 0; i < N; i++)
		__asm__ __volatile__("int3\n1: nop\n" EXTABLE(1b, 1b)::: "memory");
	report("exception_bounce_int3", rdtsc() - t0, N);
	t0 = rdtsc();
	for (int i = 0; i < N; i++) /* 0x1000: below the image, never mapped */
		__asm__ __volatile__("1: movb (%0), %%al\n2:\n" EXTABLE(1b, 2b)::"r"(0x1000UL)
				     : "rax", "memory");
	report("exception_bounce_pf", rdtsc() - t0, N);
}

/* L4 -> L3 -> L2 -> L1 (512 entries), pinned and unpinned as a whole. */
static void pin_tree(void)
{
	uint64_t *l4 = alloc_page(), *l3 = alloc_page(), *l2 = alloc_page(), *l1 = alloc_page();
	void *data = alloc_page();
	uint64_t t0;

	for (int i = 0; i < 512; i++)
		l1[i] = pte_for(data, PTE_P | PTE_A);
	l2[0] = pte_for(l1, PTE_P | PTE_RW | PTE_A);
	l3[0] = pte_for(l2, PTE_P | PTE_RW | PTE_A);
	l4[0] = pte_for(l3, PTE_P | PTE_RW | PTE_A);
	check(!remap_page(l4, PTE_P | PTE_A) && !remap_page(l3, PTE_P | PTE_A) &&
		      !remap_page(l2, PTE_P | PTE_A) && !remap_page(l1, PTE_P | PTE_A),
	      "tree mapped read-only");
	t0 = rdtsc();
	for (int i = 0; i < 100; i++) {
		check(!mmuext1(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4)), "pin L4 tree");
		mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(l4));
	}
	report("pin_unpin_l4_tree", rdtsc() - t0, 100);
}

/* Linux's ptep_get_and_clear (munmap): xchg of 0 with each present PTE. */
static void ptwr_clear(uint64_t *l1)
{
	uint64_t t0 = rdtsc(), seen = ~0UL;

	for (int i = 0; i < 512; i++) {
		uint64_t v = 0;

		__asm__ __volatile__("xchg %0, %1" : "+r"(v), "+m"(l1[i])::"memory");
		seen &= v;
	}
	report("ptwr_pte_clear", rdtsc() - t0, 512);
	check((seen & PTE_P) && !l1[0] && !l1[511], "ptwr xchg returns the old PTE and clears it");
}

static void mmu_batch(void)
{
	static struct mmu_update req[512];
	uint64_t *l1 = alloc_page(), *data = alloc_page(), t0, best = ~0UL;
	unsigned int done;

	remap_page(l1, PTE_P | PTE_A);
	mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1));
	for (int i = 0; i < 512; i++)
		req[i].ptr = entry_maddr(&l1[i]);
	/* The least of three: a timer tick in one batch costs it hundreds. */
	for (int rep = 0; rep < 3; rep++) {
		for (int i = 0; i < 512; i++)
			req[i].val = virt_to_mfn(data) << 12 | PTE_P | PTE_A;
		t0 = rdtsc();
		check(hc_mmu_update(req, 512, &done, DOMID_SELF) == 0 && done == 512,
		      "mmu_update batch");
		t0 = rdtsc() - t0;
		best = t0 < best ? t0 : best;
		for (int i = 0; i < 512; i++)
			req[i].val = 0;
		hc_mmu_update(req, 512, &done, DOMID_SELF);
	}
	report("mmu_update_512", best, 1);
	t0 = rdtsc();
	for (int i = 0; i < 512; i++) {
		struct mmu_update one = {entry_maddr(&l1[i]),
					 virt_to_mfn(data) << 12 | PTE_P | PTE_A};

		hc_mmu_update(&one, 1, NULL, DOMID_SELF); /* no done count, as Linux's set_pte */
	}
	report("mmu_update_1", rdtsc() - t0, 512);
	hc_mmu_update(req, 512, &done, DOMID_SELF);
	t0 = rdtsc();
	for (int i = 0; i < 100; i++) {
		mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1));
		mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1));
	}
	report("unpin_pin_l1", rdtsc() - t0, 100);
	check(hc_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) == 0, "ptwr");
	t0 = rdtsc();
	for (int i = 0; i < 512; i++)
		((volatile uint64_t *)l1)[i] = virt_to_mfn(data) << 12 | PTE_P | PTE_A;
	report("ptwr_pte_write", rdtsc() - t0, 512);
	ptwr_clear(l1);
}

void test_main(void)
{
	struct shared_info *s = map_shared_info();

	if (!s) {
		error("no shared_info");
		return;
	}
	printf("BENCH boot_to_guest %lu us\n",
	       (unsigned long)(tsc_to_ns(entry_tsc, &s->vcpu_info[0].time) / 1000));
	null_hypercalls();
	syscall_bounce();
	exception_bounce();
	mmu_batch();
	pin_tree();
	event_round_trip(s);
	grant_copy();
	grant_foreign();
	populate_decrease();
}
