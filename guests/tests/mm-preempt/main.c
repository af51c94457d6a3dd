/*
 * A long mmu_update batch is preempted: a timer event that falls due while
 * the hypervisor works through 16384 updates of one PTE is delivered in
 * the middle of the batch (the upcall sees *done between 0 and the count,
 * the hypervisor keeping the partial count there), then the batch carries
 * on where it stopped and completes: every update done once, the final
 * PTE the last one written. Same on Xen 4.17.
 */
#include <guest.h>
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "mm-preempt: a long mmu_update batch yields to a due event";

#define N 16384
#define NOT_SEEN 0xffffffffu

static struct mmu_update reqs[N];
static volatile uint32_t done_count, done_at_upcall = NOT_SEEN;
static trap_hook_fn runtime_event_hook;
static long timer_port;

/* The first upcall that brings the timer event: how far the batch was. */
static bool record_done(struct cpu_regs *regs)
{
	if (done_at_upcall == NOT_SEEN && port_pending((unsigned int)timer_port))
		done_at_upcall = done_count;
	return runtime_event_hook(regs);
}

static void set_timer_in(uint64_t ns)
{
	struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = system_time() + ns};

	vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static bool mid_batch(void)
{
	return done_at_upcall != NOT_SEEN && done_at_upcall > 0 && done_at_upcall < N;
}

/* One batch with a timer due 0.5 ms after it starts (well inside it). */
static long run_batch(unsigned int port)
{
	uint64_t t0;
	long rc;

	done_at_upcall = NOT_SEEN;
	done_count = 0;
	port_clear_pending(port); /* a periodic tick from before */
	port_clear_mask(port);
	events_enable();
	t0 = system_time();
	set_timer_in(500000);
	rc = hc_mmu_update(reqs, N, (unsigned int *)&done_count, DOMID_SELF);
	events_disable();
	printf("batch of %u: %lu us, timer event at *done %u\n", N,
	       (unsigned long)((system_time() - t0) / 1000), done_at_upcall);
	return rc;
}

void test_main(void)
{
	uint64_t *va = alloc_page(), *a = alloc_page(), *b = alloc_page(), pte_a, pte_b;
	uint64_t pte_maddr;
	long port, rc;

	if (!va || !a || !b || !events_init())
		return;
	timer_port = port = bind_virq(VIRQ_TIMER, 0);
	if (port < 0) {
		error("bind VIRQ_TIMER: %ld", port);
		return;
	}
	pte_maddr = entry_maddr(pt_entry_of((unsigned long)va, 1));
	pte_a = pte_for(a, 3) | 0x20;
	pte_b = pte_for(b, 3) | 0x20;
	for (unsigned int i = 0; i < N; i++)
		reqs[i] = (struct mmu_update){pte_maddr | MMU_NORMAL_PT_UPDATE,
					      i % 2 ? pte_b : pte_a};
	vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	runtime_event_hook = trap_hook[VEC_EVENT];
	trap_hook[VEC_EVENT] = record_done;
	/* A loaded host can delay us past the deadline before the batch starts: retry. */
	for (int attempt = 0; attempt < 4 && !mid_batch(); attempt++) {
		rc = run_batch((unsigned int)port);
		check_eq(rc, 0, "mmu_update of 16384 requests");
		check_eq(done_count, N, "*done at the end");
	}
	check(mid_batch(),
	      "the timer event came in the middle of the batch (*done %u of %u when it came)",
	      done_at_upcall, N);
	check_eq(*pt_entry_of((unsigned long)va, 1) & 0x000ffffffffff000UL,
		 pte_b & 0x000ffffffffff000UL, "the last update is the one in place");
	check_eq(*va, *b, "the mapping reads frame B");
}
