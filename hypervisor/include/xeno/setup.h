/* Start-of-day entry points shared between arch and common code. */
#ifndef XENO_SETUP_H
#define XENO_SETUP_H

#include <xeno/compiler.h>

void cpu_init_common(unsigned int cpu);
void pv_syscall_init_cpu(unsigned int cpu);
void m2p_init(void);
int construct_dom0(void);
void construct_boot_domains(void);
struct vcpu;
struct domain;
extern struct domain *dom0;
void smp_reserve_low_memory(void);
bool smp_is_trampoline_frame(unsigned long mfn);
void __noreturn boot_done(void);
void __noreturn idle_loop(void);
void __noreturn time_selftest(void);

#endif
