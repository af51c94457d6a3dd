/*
 * Event upcalls: on every return to a PV guest, with interrupts off, a
 * pending, unmasked event turns the return into a bounce to the guest's
 * event callback (events masked while it runs; the frame's saved mask lets
 * iret restore it). Nothing is delivered to a guest without a callback.
 * A pending reschedule is taken first, here, where the whole guest frame is
 * in cpu_info.guest_regs and the hypervisor stack holds nothing of value.
 */
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/trace.h>
#include <asm/processor.h>
#include <asm/pv.h>

/* Traced: out of line, so that the hook costs the common exit no stack frame. */
static void __attribute__((noinline)) upcall_traced(struct vcpu *v, struct cpu_user_regs *regs)
{
	trace_record(TRC_UPCALL, 0, 0);
	pv_bounce_upcall(v, regs);
}

static inline void upcall_if_due(struct vcpu *v, struct cpu_user_regs *regs)
{
	if (!v || !v->pv.event_callback || !vcpu_upcall_deliverable(v))
		return;
	if (unlikely(trace_on & (1u << TRC_CAT_EVENT)))
		return upcall_traced(v, regs);
	pv_bounce_upcall(v, regs);
}

/* Released domains to free, or the scheduler to run: out of line. */
static void __attribute__((noinline)) exit_slow(struct cpu_user_regs *regs, bool reclaim)
{
	if (reclaim)
		domain_reclaim_advance();
	if (sched_pending())
		schedule(); /* returns to the guest through here again, or never */
	upcall_if_due(current, regs);
}

void pv_exit_to_guest(struct cpu_user_regs *regs);
void pv_exit_to_guest(struct cpu_user_regs *regs)
{
	bool reclaim;

	local_irq_disable();
	reclaim = domain_quiescent_mark(); /* nothing of the hypervisor's is held from here on */
	if (unlikely(reclaim || sched_pending()))
		return exit_slow(regs, reclaim);
	upcall_if_due(current, regs);
}
