/*
 * Inter-processor interrupts: event check (kick a CPU so it re-evaluates
 * its timers and, later, its run queue), call-function (run a function on
 * all other CPUs and wait), and stop (via NMI, so it also reaches CPUs
 * spinning with interrupts off, for crash and power-off paths).
 */
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <asm/apic.h>
#include <asm/processor.h>

static DEFINE_SPINLOCK(call_lock);
static struct {
	void (*fn)(void *);
	void *data;
	volatile unsigned int pending;
} call_data;
volatile bool cpus_stopping;

void smp_send_event_check(unsigned int cpu)
{
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | IPI_EVENT_CHECK_VECTOR);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
	apic_eoi();
	timer_reprogram();
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
	while (__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE))
		cpu_relax();
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
}
