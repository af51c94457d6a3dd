/*
 * CPUs and inter-processor calls. CPU numbers are dense (0 = boot CPU);
 * cpu_online_map has a bit per CPU that finished bring-up.
 */
#ifndef XENO_SMP_H
#define XENO_SMP_H

#include <xeno/arch.h>
#include <xeno/bitops.h>
#include <xeno/types.h>

extern volatile u64 cpu_online_map;
extern unsigned int nr_cpu_ids; /* CPUs found (online or not) */
extern u32 cpu_apic_id[];

static inline bool cpu_online(unsigned int cpu)
{
	return cpu_online_map & (1ULL << cpu);
}

static inline unsigned int num_online_cpus(void)
{
	return hweight64(cpu_online_map);
}

void smp_boot_cpus(void);
/* Run fn(data) on every other online CPU and wait for all to finish. */
void smp_call_function(void (*fn)(void *), void *data);
void smp_stop_other_cpus(void);
/* Full TLB flush (global entries too) on every CPU in mask; returns when done. */
void flush_tlb_mask(u64 mask);
/* Perform flushes other CPUs asked of this one (spin loops call this). */
static inline void smp_service_flush(void)
{
	arch_smp_service_flush();
}
void smp_ipi_init(void);

#endif
