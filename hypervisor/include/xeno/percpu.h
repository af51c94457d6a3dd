/*
 * Per-CPU data. Each CPU's stack is STACK_SIZE-aligned and ends with a
 * struct cpu_info, so the current CPU is found from %rsp (never from GS,
 * which belongs to PV guests). Variables declared with DEFINE_PER_CPU live in
 * .data.percpu; setup_percpu_areas() gives every CPU its own copy and
 * per_cpu_offset[cpu] locates it.
 */
#ifndef XENO_PERCPU_H
#define XENO_PERCPU_H

#include <xeno/types.h>
#include <asm/config.h>
#include <asm/regs.h>

struct vcpu;

struct cpu_info {
	struct cpu_user_regs guest_regs; /* guest frame on entry from a guest */
	unsigned int cpu_id;
	u8 need_resched;	/* the scheduler should run before the guest does */
	u8 hypercall_continued; /* the guest's registers hold a continuation */
	u16 multicall_depth;	/* inside a multicall: no continuations */
	struct vcpu *curr_vcpu; /* the vCPU this CPU runs, NULL when idle */
	u64 stack_base;
	u64 quiescent_count; /* domain_quiescent(); keeps &guest_regs + 1 (TSS.rsp0) 16-byte aligned
			      */
};

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

static inline unsigned int smp_processor_id(void)
{
	return get_cpu_info()->cpu_id;
}

extern unsigned long per_cpu_offset[NR_CPUS];
/* Each CPU's cpu_info, for writes from other CPUs (need_resched). */
extern struct cpu_info *cpu_info_of[NR_CPUS];

#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data.percpu"))) __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name
#define per_cpu(name, cpu) \
	(*(__typeof__(per_cpu__##name) *)((char *)&per_cpu__##name + per_cpu_offset[cpu]))
#define this_cpu(name) per_cpu(name, smp_processor_id())

void setup_percpu_area(unsigned int cpu);

#endif
