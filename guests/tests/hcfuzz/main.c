/*
 * hcfuzz: a hypercall fuzzer (issue 18 part 3). Random hypercalls with
 * structured random arguments (gen.c, pick.c) from a seeded PRNG: the seed is
 * `seed=` on the command line or the TSC, printed first. Roles (role=):
 *   fuzz    issue count= calls (default 100000), progress every progress=
 *           calls, then a final line with calls/second and the seed. As a
 *           domU (self=<domid>) it powers off without a verdict line (dom0
 *           judges); as dom0 (target=<domid>: foreign and domctl ops aim at
 *           that sacrificial domU) it ends with the usual verdict. `regress`
 *           first replays every { seed, calls } of seeds.inc.
 *   worker  a checksummed workload: writes a pattern over 64 pages, re-reads
 *           and checks it, round after round, until dom0 signals the end on
 *           the event channel it offered; its verdict is its own.
 *   watch   dom0: waits for d1 (the fuzzer) to power off or be crashed by
 *           the hypervisor (both pass), checks it kept within its
 *           reservation, then stops d2 (the worker) and waits for it.
 *   target  the sacrificial domU of the dom0 variant: works until the end,
 *           prints no verdict (dom0 may legitimately break it).
 * Keeping alive: everything below the first victim page (code, data, stack,
 * page tables, p2m, start_info, vi_page, sandbox tables, the argument
 * arena) is critical; the pickers never let the hypervisor free, remap or
 * write it. The victims, the pfns above them, the sandbox's entries and the
 * unused entries of our live page tables ("neighbours") are fair game.
 * Traps, callbacks, debug registers, CR0.TS and the LDT are restored after
 * any call that may have changed them. Single vCPU, no locking.
 */
#include "fuzz.h"
#include <guest_domctl.h>
#include <guest_events.h>
#include <public/memory.h>

const char test_title[] = "hcfuzz: random hypercalls beside a checksummed domain";

struct fuzz_state fz;

static const struct {
	uint64_t seed;
	unsigned long calls;
} regress_seeds[] = {
#include "seeds.inc"
};

static struct trap_info traps[33];
static uint64_t arena_pte[ARENA_PAGES];
static unsigned long nr_failsafe, nr_upcalls;

static bool on_upcall(struct cpu_regs *regs)
{
	(void)regs;
	nr_upcalls++;
	fz.vcpu_info->evtchn_upcall_pending = 0;
	fz.vcpu_info->evtchn_upcall_mask = 1;
	return true;
}

static unsigned long nr_nmis;

static bool on_nmi(struct cpu_regs *regs)
{
	(void)regs;
	nr_nmis++; /* VCPUOP_send_nmi to ourselves: delivered as Xen does */
	return true;
}

static bool on_failsafe(struct cpu_regs *regs)
{
	(void)regs;
	nr_failsafe++; /* a bad selector we set: the ABI's answer, carry on */
	return true;
}

static void register_callback(unsigned int type, void *address)
{
	struct callback_register cb = {.type = type, .address = (unsigned long)address};

	hc_callback_op(CALLBACKOP_register, &cb);
}

static void restore(void)
{
	struct mmuext_op ldt = {.cmd = MMUEXT_SET_LDT};

	fz.vcpu_info->evtchn_upcall_mask = 1;
	hc_set_trap_table(NULL);
	hc_set_trap_table(traps);
	register_callback(CALLBACKTYPE_event, event_entry);
	register_callback(CALLBACKTYPE_failsafe, failsafe_entry);
	register_callback(CALLBACKTYPE_syscall, syscall_entry);
	hc_set_debugreg(7, 0);
	hc_fpu_taskswitch(0);
	hc_mmuext_op(&ldt, 1, NULL, DOMID_SELF);
	fz.restore = false;
}

static unsigned long opt(const char *key, unsigned long dflt)
{
	const char *v = cmdline_option(key);

	return v && *v ? strtoul(v, NULL, 0) : dflt;
}

static void add_neighbours(uint64_t *table, unsigned int from, unsigned int to, unsigned int max)
{
	for (unsigned int i = from;
	     i < to && max && fz.nr_neighbours < ARRAY_SIZE(fz.neighbour_pte);
	     i += 1 + (unsigned int)rnd_below(8))
		if (!(table[i] & PTE_P)) {
			fz.neighbour_pte[fz.nr_neighbours++] = entry_maddr(&table[i]);
			max--;
		}
}

/* The private sandbox: L3 -> L2 -> L1 at L4 slot SANDBOX_SLOT, all pinned. */
static bool sandbox_init(void)
{
	static const unsigned int pin[] = {MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L2_TABLE,
					   MMUEXT_PIN_L1_TABLE};
	uint64_t *l4 = (uint64_t *)start_info->pt_base;

	for (int i = 0; i < 3; i++)
		if (!(fz.sandbox[i] = alloc_page()) || remap_page(fz.sandbox[i], PTE_P | PTE_A) ||
		    mmuext1(pin[i], virt_to_mfn(fz.sandbox[i])))
			return false;
	return !mmu_update1(entry_maddr(&fz.sandbox[1][0]),
			    pte_for(fz.sandbox[2], PTE_P | PTE_RW | PTE_A)) &&
	       !mmu_update1(entry_maddr(&fz.sandbox[0][0]),
			    pte_for(fz.sandbox[1], PTE_P | PTE_RW | PTE_A)) &&
	       !mmu_update1(entry_maddr(&l4[SANDBOX_SLOT]),
			    pte_for(fz.sandbox[0], PTE_P | PTE_RW | PTE_A));
}

/* Every page-table frame of the kernel mapping is critical, wherever the
 * domain builder put it (Xen 4.17 may place some above our first victim). */
static void mark_tables(void)
{
	uint64_t *l3 = (uint64_t *)((unsigned long)pt_entry_of(GUEST_VIRT_BASE, 3) & ~0xfffUL);

	mark_critical(virt_to_mfn((void *)start_info->pt_base));
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t *l2;

		if (!(l3[i] & PTE_P))
			continue;
		mark_critical((l3[i] & PTE_ADDR) >> 12);
		l2 = pfn_to_virt(mfn_to_pfn((l3[i] & PTE_ADDR) >> 12));
		for (unsigned int j = 0; l2 && j < 512; j++)
			if ((l2[j] & PTE_P) && !(l2[j] & PTE_PSE))
				mark_critical((l2[j] & PTE_ADDR) >> 12);
	}
}

static bool fuzz_init(void)
{
	uint64_t *l4 = (uint64_t *)start_info->pt_base;

	if (!events_init())
		return false;
	trap_hook[VEC_EVENT] = on_upcall;
	trap_hook[VEC_FAILSAFE] = on_failsafe;
	trap_hook[2] = on_nmi;
	fz.vcpu_info = &shared->vcpu_info[0];
	fz.vcpu_info->evtchn_upcall_mask = 1;
	for (unsigned int v = 0; v < 32; v++)
		traps[v] = (struct trap_info){.vector = (uint8_t)v,
					      .flags = (uint8_t)((v == 3 || v == 4) ? 3 : 0),
					      .cs = FLAT_KERNEL_CS,
					      .address = trap_entry(v)};
	fz.max_mfn = (unsigned long)HC(memory_op, XENMEM_maximum_ram_page, 0, 0);
	fz.nr_pages = start_info->nr_pages;
	fz.vi_page = alloc_page();
	fz.vi_offset = (unsigned int)rnd_below(4096 / 64) * 64 % (4096 - 64);
	if (!fz.vi_page || !sandbox_init())
		return false;
	fz.arena = fz.arena_next = alloc_page();
	for (int i = 1; i < ARENA_PAGES; i++)
		alloc_page();
	fz.guard = alloc_page();
	if (hc_update_va_mapping((unsigned long)fz.guard, 0, UVMF_INVLPG))
		return false;
	for (int i = 0; i < ARENA_PAGES; i++)
		arena_pte[i] =
			*pt_entry_of((unsigned long)fz.arena + i * 4096UL, 1) & ~(PTE_A | PTE_D);
	for (int i = 0; i < NR_VICTIMS; i++)
		if (!(fz.victim[i] = alloc_page()))
			return false;
	fz.victim_pfn = ((unsigned long)fz.victim[0] - GUEST_VIRT_BASE) >> 12;
	for (int i = 0; i < NR_VICTIMS; i++)
		fz.victim_pte[i] = entry_maddr(pt_entry_of((unsigned long)fz.victim[i], 1));
	for (unsigned long pfn = 0; pfn < fz.victim_pfn; pfn++)
		mark_critical(pfn_to_mfn(pfn));
	mark_critical(start_info->shared_info >> 12);
	mark_tables();
	add_neighbours(l4, 256, 272, 4); /* the hypervisor's slots: refused */
	add_neighbours(l4, 272, 511, 20);
	fz.neighbour_pte[fz.nr_neighbours++] = entry_maddr(&l4[SANDBOX_SLOT]);
	add_neighbours((uint64_t *)((unsigned long)pt_entry_of(GUEST_VIRT_BASE, 3) & ~0xfffUL), 0,
		       512, 12);
	add_neighbours((uint64_t *)((unsigned long)pt_entry_of(GUEST_VIRT_BASE, 2) & ~0xfffUL), 0,
		       512, 20);
	return true;
}

/* The arena's L1 entries must not change under us: a changed one is a
 * fuzzer bug (a critical frame picked) or a hypervisor bug. */

static void arena_check(const struct call *c)
{
	for (int i = 0; i < ARENA_PAGES; i++) {
		uint64_t *e = pt_entry_of((unsigned long)fz.arena + i * 4096UL, 1);

		if (e && (*e & ~(PTE_A | PTE_D)) == arena_pte[i])
			continue;
		printf("hcfuzz: arena page %d entry %#lx -> %#lx after call %lu(%#lx, %#lx, %#lx, "
		       "%#lx, %#lx)\n",
		       i, arena_pte[i], e ? *e : 0, c->nr, c->a[0], c->a[1], c->a[2], c->a[3],
		       c->a[4]);
		error("a critical mapping changed");
		test_finish(SHUTDOWN_crash);
	}
}

/* trace=N: print every call from the N-th on, and its result (to find the
 * one that crashes or wedges). */
static unsigned long trace_from = ~0UL;
static bool split; /* with trace: a multicall's entries one by one first */

static void run_calls(unsigned long count, unsigned long progress, unsigned long *ok)
{
	for (unsigned long i = 1; i <= count; i++) {
		struct call c;
		long rc;

		fz.arena_next = fz.arena;
		fz.tail_used = false;
		gen_call(&c, 0);
		if (i >= trace_from)
			printf("hcfuzz: call %lu: %lu(%#lx, %#lx, %#lx, %#lx, %#lx)\n", i, c.nr,
			       c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
		if (i >= trace_from && c.nr == __HYPERVISOR_multicall &&
		    c.a[0] - (unsigned long)fz.arena < ARENA_PAGES * 4096UL)
			for (unsigned long k = 0; k < c.a[1] && k < 16; k++) {
				struct multicall_entry *m = (struct multicall_entry *)c.a[0] + k;

				printf("hcfuzz:   [%lu] %lu(%#lx, %#lx, %#lx, %#lx, %#lx)\n", k,
				       m->op, m->args[0], m->args[1], m->args[2], m->args[3],
				       m->args[4]);
				if (m->op == __HYPERVISOR_mmu_update &&
				    m->args[0] - (unsigned long)fz.arena < ARENA_PAGES * 4096UL)
					for (unsigned long u = 0; u < m->args[1] && u < 8; u++)
						printf("hcfuzz:     ptr %#lx val %#lx\n",
						       ((uint64_t *)m->args[0])[2 * u],
						       ((uint64_t *)m->args[0])[2 * u + 1]);
				if (m->op == __HYPERVISOR_sched_op && m->args[0] == SCHEDOP_poll &&
				    m->args[1] - (unsigned long)fz.arena < ARENA_PAGES * 4096UL) {
					uint64_t *p = (uint64_t *)m->args[1];

					printf("hcfuzz:   poll %#lx %#lx %#lx now %#lx port0 %u\n",
					       p[0], p[1], p[2], vcpu_system_time(fz.vcpu_info),
					       *(uint32_t *)p[0]);
				}
			}
		if (i >= trace_from && split && c.nr == __HYPERVISOR_multicall &&
		    c.a[0] - (unsigned long)fz.arena < ARENA_PAGES * 4096UL)
			for (unsigned long k = 0; k < c.a[1] && k < 16; k++) {
				struct multicall_entry *m = (struct multicall_entry *)c.a[0] + k;

				struct call one = {m->op,
						   {m->args[0], m->args[1], m->args[2], m->args[3],
						    m->args[4]}};

				printf("hcfuzz:   [%lu] alone -> %ld\n", k, issue(&one));
			}
		rc = issue(&c);
		if (i >= trace_from)
			printf("hcfuzz: -> %ld\n", rc);
		arena_check(&c);
		if (rc == 0)
			(*ok)++;
		if (rc == 0 && c.nr == __HYPERVISOR_vcpu_op &&
		    c.a[0] == VCPUOP_register_vcpu_info &&
		    ((uint64_t *)c.a[2])[0] == virt_to_mfn(fz.vi_page))
			fz.vcpu_info = (struct vcpu_info *)(fz.vi_page + fz.vi_offset);
		if (fz.restore)
			restore();
		if (progress && i % progress == 0)
			printf("hcfuzz: %lu calls, %lu returned 0\n", i, *ok);
	}
}

static void fuzz(void)
{
	unsigned long count = opt("count", 100000), progress = opt("progress", 0), ok = 0;
	uint64_t seed = opt("seed", rdtsc()), tsc, ns;

	fz.rng = seed ? seed : 1;
	fz.self_id = (unsigned int)opt("self", 0);
	fz.target = (unsigned int)opt("target", 0);
	fz.dom0 = start_info->flags & SIF_INITDOMAIN;
	trace_from = opt("trace", ~0UL);
	split = cmdline_option("split");
	printf("hcfuzz: seed=%#lx count=%lu self=%u target=%u%s\n", seed, count, fz.self_id,
	       fz.target, fz.dom0 ? " (dom0)" : "");
	if (!fuzz_init()) {
		error("fuzzer set-up failed");
		return;
	}
	tsc = rdtsc();
	ns = vcpu_system_time(fz.vcpu_info);
	if (cmdline_option("regress"))
		for (unsigned int i = 0; i < ARRAY_SIZE(regress_seeds); i++) {
			printf("hcfuzz: regression seed %#lx, %lu calls\n", regress_seeds[i].seed,
			       regress_seeds[i].calls);
			fz.rng = regress_seeds[i].seed;
			run_calls(regress_seeds[i].calls, 0, &ok);
		}
	fz.rng = seed ? seed : 1;
	run_calls(count, progress ? progress : count / 10, &ok);
	tsc = rdtsc() - tsc;
	ns = vcpu_system_time(fz.vcpu_info) - ns;
	printf("hcfuzz: done: %lu calls, %lu returned 0, %lu upcalls, %lu NMIs, %lu failsafes, %lu "
	       "Mcycles,"
	       " %lu ms, %lu calls/s, seed=%#lx\n",
	       count, ok, nr_upcalls, nr_nmis, nr_failsafe, tsc / 1000000, ns / 1000000,
	       ns ? count * 1000000000UL / ns : 0, seed);
	if (!fz.dom0)
		hc_shutdown(SHUTDOWN_poweroff); /* no verdict: dom0 judges */
}

/* The pattern of round r for word i of the workload (never all zero). */
static uint64_t pattern(unsigned long r, unsigned long i)
{
	return (r * 0x9e3779b97f4a7c15UL) ^ (i * 0xbf58476d1ce4e5b9UL) ^ 0x5a5a;
}

/* One round over 64 pages; false if a word read back wrong. */
static bool work_round(uint64_t **pages, unsigned long r)
{
	for (int p = 0; p < 64; p++)
		for (int i = 0; i < 512; i++)
			pages[p][i] = pattern(r, (unsigned long)p * 512 + i);
	hc_sched_op(SCHEDOP_yield, NULL);
	for (int p = 0; p < 64; p++)
		for (int i = 0; i < 512; i++)
			if (pages[p][i] != pattern(r, (unsigned long)p * 512 + i)) {
				fail("round %lu: page %d word %d is %#lx", r, p, i, pages[p][i]);
				return false;
			}
	return true;
}

static void worker(bool sacrificial)
{
	uint64_t *pages[64];
	unsigned long r = 0;
	long port;

	if (!events_init())
		return;
	for (int p = 0; p < 64; p++)
		if (!(pages[p] = alloc_page()))
			return;
	port = alloc_unbound(DOMID_SELF, 0);
	check(port > 0, "alloc_unbound for dom0: %ld", port);
	while (sacrificial || !(upcall.seen[port] || port_pending((unsigned int)port)))
		if (!work_round(pages, r++) && !sacrificial)
			return;
	printf("worker: %lu rounds of 64 pages checked\n", r);
}

static int wait_shutdown(domid_t dom, evtchn_port_t port)
{
	struct xen_domctl_getdomaininfo info;

	for (;;) {
		if (domain_info(dom, &info))
			return -1;
		if (info.flags & XEN_DOMINF_shutdown)
			return (int)((info.flags >> XEN_DOMINF_shutdownshift) &
				     XEN_DOMINF_shutdownmask);
		if (info.tot_pages > info.max_pages)
			fail("d%u holds %lu pages, max %lu", dom, (unsigned long)info.tot_pages,
			     (unsigned long)info.max_pages);
		poll_ports(&port, 1, system_time() + 200000000);
	}
}

static void watch(void)
{
	long peer, port;
	int code;

	if (!events_init())
		return;
	peer = find_offered_port(2);
	check(peer > 0, "no port offered by the worker d2: %ld", peer);
	if (peer <= 0)
		return;
	{
		struct evtchn_bind_interdomain b = {.remote_dom = 2, .remote_port = (uint32_t)peer};

		check(!evtchn_op(EVTCHNOP_bind_interdomain, &b), "bind to d2's port");
		port = b.local_port;
	}
	code = wait_shutdown(1, (evtchn_port_t)port);
	printf("watch: fuzzer d1 %s (shutdown code %d)\n",
	       code == SHUTDOWN_poweroff ? "finished"
	       : code == SHUTDOWN_crash	 ? "was crashed by the hypervisor (allowed by the ABI)"
					 : "ended wrongly",
	       code);
	check(code == SHUTDOWN_poweroff || code == SHUTDOWN_crash, "d1 shutdown code %d", code);
	evtchn_send((unsigned int)port);
	code = wait_shutdown(2, (evtchn_port_t)port);
	check(code == SHUTDOWN_poweroff, "worker d2 shutdown code %d", code);
}

static bool role_is(const char *role, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(role, name, n) && (role[n] == '\0' || role[n] == ' ');
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!role || role_is(role, "fuzz"))
		fuzz();
	else if (role_is(role, "worker"))
		worker(false);
	else if (role_is(role, "target"))
		worker(true);
	else if (role_is(role, "watch"))
		watch();
	else
		error("unknown role %.16s", role);
}
