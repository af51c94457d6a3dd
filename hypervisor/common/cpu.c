/*
 * The CPUs as common code sees them: which are online, how many exist,
 * where each one's per-CPU data and cpu_info live. The arch fills these in
 * while it brings CPUs up (boot CPU first); common code only reads them,
 * except need_resched in cpu_info, which any CPU may set.
 */
#include <xeno/percpu.h>
#include <xeno/smp.h>

volatile u64 cpu_online_map;
unsigned int nr_cpu_ids = 1;
unsigned long per_cpu_offset[NR_CPUS];
struct cpu_info *cpu_info_of[NR_CPUS];
