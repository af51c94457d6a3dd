/*
 * Inter-processor interrupts: event check (kick a CPU so it re-evaluates
 * its timers, run queue and pending upcalls), TLB flush, call-function (run
 * a function on all other CPUs and wait), and stop (via NMI, so it also
 * reaches CPUs spinning with interrupts off, for crash and power-off paths).
 *
 * TLB flushes are tickets: a requester takes the next number of the
 * target's flush_req and waits until the target's flush_done reaches it.
 * The target reads flush_req before it flushes, so every change the
 * requester made before asking is covered. Since the hypervisor runs with
 * interrupts off, every CPU that waits (for a lock, for flushes, for a call)
 * serves its own flush requests meanwhile: no two CPUs wait on each other.
 */
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <xeno/trace.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

static DEFINE_SPINLOCK(call_lock);
static DEFINE_PER_CPU(u64, flush_req);
static DEFINE_PER_CPU(u64, flush_done);
static struct {
	void (*fn)(void *);
	void *data;
	volatile unsigned int pending;
} call_data;
volatile bool cpus_stopping;

void arch_send_event_check(unsigned int cpu)
{
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | IPI_EVENT_CHECK_VECTOR);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	apic_eoi();
	timer_reprogram();
}

void arch_smp_service_flush(void)
{
	unsigned int cpu = smp_processor_id();
	u64 req = __atomic_load_n(&per_cpu(flush_req, cpu), __ATOMIC_ACQUIRE);

	if (req == __atomic_load_n(&per_cpu(flush_done, cpu), __ATOMIC_RELAXED))
		return;
	flush_tlb_local();
	__atomic_store_n(&per_cpu(flush_done, cpu), req, __ATOMIC_RELEASE);
}

static void flush_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	TRACE(TRC_TLB_FLUSH, 0, 0);
	apic_eoi();
	smp_service_flush();
}

void flush_tlb_mask(u64 mask)
{
	unsigned int self = smp_processor_id();
	u64 ticket[NR_CPUS];

	mask &= cpu_online_map;
	if (mask & (1ULL << self))
		flush_tlb_local();
	mask &= ~(1ULL << self);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!(mask & (1ULL << cpu)))
			continue;
		ticket[cpu] = __atomic_add_fetch(&per_cpu(flush_req, cpu), 1, __ATOMIC_SEQ_CST);
		apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | IPI_FLUSH_VECTOR);
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!(mask & (1ULL << cpu)))
			continue;
		while ((s64)(__atomic_load_n(&per_cpu(flush_done, cpu), __ATOMIC_ACQUIRE) -
			     ticket[cpu]) < 0) {
			cpu_relax();
			smp_service_flush();
		}
	}
}

static void call_function_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	apic_eoi();
	call_data.fn(call_data.data);
	__atomic_fetch_sub(&call_data.pending, 1, __ATOMIC_RELEASE);
}

void smp_call_function(void (*fn)(void *), void *data)
{
	unsigned int self = smp_processor_id();

	spin_lock(&call_lock);
	call_data.fn = fn;
	call_data.data = data;
	call_data.pending = num_online_cpus() - 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu != self && cpu_online(cpu))
			apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | IPI_CALL_FUNCTION_VECTOR);
	while (__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE)) {
		cpu_relax();
		smp_service_flush();
	}
	spin_unlock(&call_lock);
}

void smp_stop_other_cpus(void)
{
	unsigned int self = smp_processor_id();

	cpus_stopping = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu != self && cpu_online(cpu))
			apic_send_ipi(cpu_apic_id[cpu], APIC_DM_NMI);
	mdelay(1);
}

void smp_ipi_init(void)
{
	set_irq_handler(IPI_EVENT_CHECK_VECTOR, event_check_interrupt);
	set_irq_handler(IPI_CALL_FUNCTION_VECTOR, call_function_interrupt);
	set_irq_handler(IPI_FLUSH_VECTOR, flush_interrupt);
}
