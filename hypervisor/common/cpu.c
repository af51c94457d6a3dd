/*
 * The CPUs as common code sees them: which are online, how many exist,
 * where each one's per-CPU data and cpu_info live. The arch fills these in
 * while it brings CPUs up (boot CPU first); common code only reads them,
 * except need_resched in cpu_info, which any CPU may set.
 */
#include <xeno/percpu.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>

volatile u64 cpu_online_map;
unsigned int nr_cpu_ids = 1;
unsigned long per_cpu_offset[NR_CPUS];
struct cpu_info *cpu_info_of[NR_CPUS];

void __attribute__((noinline, cold)) spin_lock_wait(spinlock_t *l, u16 me)
{
	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me) {
		cpu_relax();
		/*
		 * The hypervisor runs with interrupts off: a CPU spinning here
		 * still answers other CPUs' TLB-flush requests, or two CPUs
		 * could wait on each other forever (arch/x86/smp/smp.c).
		 */
		arch_smp_service_flush();
	}
}
