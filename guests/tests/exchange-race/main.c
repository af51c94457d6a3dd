/*
 * XENMEM_exchange from two vCPUs at once (variant "domains": and from a
 * domU doing the same at the same time): every exchange must hand back
 * frames of its own. Each vCPU owns NR unmapped frames and exchanges all of
 * them for fresh ones ROUNDS times, NR extents a call. After every call:
 * rc 0 and nr_exchanged == NR, every returned frame's M2P entry names the
 * gpfn asked for, and no frame came back twice in one call. At the end: no
 * frame is held by both vCPUs, and the domain's reservation is what it was
 * (a frame allocated for one call but handed to another would stay counted).
 * vCPU 1 prints nothing (the runtime is single-vCPU): it reports through
 * its worker struct.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>
#include <guest_mm.h>
#include <public/memory.h>

const char test_title[] = "exchange-race: XENMEM_exchange on two vCPUs (and domains) at once";

#define NR 32
#define ROUNDS 150
#define MEMOP(cmd, arg) HC(memory_op, cmd, arg, 0)

struct worker {
	xen_pfn_t mfn[NR], gpfn[NR];
	volatile uint64_t rounds;
	volatile long bad_rc;	     /* first failing call's rc (0: none) */
	volatile uint64_t bad_round; /* its round, or the round of a bad M2P entry */
	volatile uint64_t bad_m2p;   /* a returned mfn whose M2P entry is wrong */
	volatile uint64_t dup;	     /* a frame returned twice in one call */
};

static struct worker workers[2];
static volatile uint64_t go, ap_started;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));

static void worker_init(struct worker *w)
{
	for (unsigned int i = 0; i < NR; i++) {
		void *p = alloc_page();

		w->gpfn[i] = ((unsigned long)p - GUEST_VIRT_BASE) >> 12;
		w->mfn[i] = virt_to_mfn(p);
		if (remap_page(p, 0))
			fail("cannot unmap page %u", i);
	}
}

static bool exchange_round(struct worker *w, uint64_t round)
{
	xen_pfn_t out[NR];
	struct xen_memory_exchange x = {
		.in = {.nr_extents = NR, .extent_order = 0, .domid = DOMID_SELF},
		.out = {.nr_extents = NR, .extent_order = 0, .domid = DOMID_SELF},
	};
	long rc;

	memcpy(out, w->gpfn, sizeof(out));
	x.in.extent_start.p = w->mfn;
	x.out.extent_start.p = out;
	rc = MEMOP(XENMEM_exchange, &x);
	for (unsigned int i = 0; i < x.nr_exchanged && i < NR; i++)
		w->mfn[i] = out[i]; /* what was exchanged is ours now, even on failure */
	if (rc || x.nr_exchanged != NR) {
		w->bad_rc = rc ? rc : -1000 - (long)x.nr_exchanged;
		w->bad_round = round;
		return false;
	}
	for (unsigned int i = 0; i < NR; i++) {
		if (mfn_to_pfn(out[i]) != w->gpfn[i] && !w->bad_m2p)
			w->bad_m2p = out[i], w->bad_round = round;
		for (unsigned int j = 0; j < i; j++)
			if (out[j] == out[i])
				w->dup = out[i];
	}
	return true;
}

static void worker_run(struct worker *w)
{
	while (!go)
		__asm__ __volatile__("pause");
	for (uint64_t r = 0; r < ROUNDS; r++) {
		if (!exchange_round(w, r))
			break;
		w->rounds = r + 1;
	}
}

void ap_main(void);
void ap_main(void)
{
	ap_started = 1;
	worker_run(&workers[1]);
	for (;;)
		HC(sched_op, SCHEDOP_block, 0, 0);
}

static void report(unsigned int n, const struct worker *w)
{
	check(w->rounds == ROUNDS, "vCPU %u: %lu of %u rounds, rc %ld in round %lu", n,
	      (unsigned long)w->rounds, ROUNDS, (long)w->bad_rc, (unsigned long)w->bad_round);
	check(!w->bad_m2p, "vCPU %u: mfn %#lx came back with M2P entry %#lx (round %lu)", n,
	      (unsigned long)w->bad_m2p, (unsigned long)mfn_to_pfn(w->bad_m2p),
	      (unsigned long)w->bad_round);
	check(!w->dup, "vCPU %u: mfn %#lx came back twice in one call", n, (unsigned long)w->dup);
}

static bool wait_done(const struct worker *w)
{
	for (unsigned long i = 0; i < 4000000000UL; i++) {
		if (w->rounds == ROUNDS || w->bad_rc)
			return true;
		__asm__ __volatile__("pause");
	}
	return false;
}

void test_main(void)
{
	domid_t self = DOMID_SELF;
	long before = MEMOP(XENMEM_current_reservation, &self), after;
	bool two;

	if (!events_init())
		return;
	worker_init(&workers[0]);
	worker_init(&workers[1]);
	two = start_vcpu1(ap_main, ap_stack, sizeof(ap_stack));
	printf("workers: %u, %u exchanges of %u frames each\n", two ? 2 : 1, ROUNDS, NR);
	go = 1;
	worker_run(&workers[0]);
	if (two)
		check(wait_done(&workers[1]), "vCPU 1 finishes (rounds %lu, started %lu)",
		      (unsigned long)workers[1].rounds, (unsigned long)ap_started);
	report(0, &workers[0]);
	if (two)
		report(1, &workers[1]);
	for (unsigned int i = 0; two && i < NR; i++)
		for (unsigned int j = 0; j < NR; j++)
			check(workers[0].mfn[i] != workers[1].mfn[j], "mfn %#lx held by both vCPUs",
			      (unsigned long)workers[0].mfn[i]);
	after = MEMOP(XENMEM_current_reservation, &self);
	check_eq(after, before, "reservation after the exchanges");
	wait_domain_shutdown(1); /* variant domains: d1 does the same; wait for its verdict */
}
