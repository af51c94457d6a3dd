/* Start-of-day entry points shared between arch and common code. */
#ifndef XENO_SETUP_H
#define XENO_SETUP_H

#include <xeno/compiler.h>
#include <xeno/types.h>

struct vcpu;
struct domain;

void cpu_init_common(unsigned int cpu);
void pv_syscall_init_cpu(unsigned int cpu);
void m2p_init(void);
struct boot_module;
bool boot_module_is_domu(const struct boot_module *m);
int pv_build_domain(struct domain *d, const struct boot_module *kernel,
		    const struct boot_module *initrd, unsigned long nr_pages, const char *cmdline,
		    const char **why);
extern struct domain *dom0; /* common/domain.c; set by arch_construct_dom0() */
void smp_reserve_low_memory(void);
bool smp_is_trampoline_frame(unsigned long mfn);
void __noreturn boot_done(void);
void __noreturn idle_loop(void);
/* The idle loop again, on a fresh stack, after a switch away from a vCPU. */
void __noreturn idle_reenter(void);
void __noreturn time_selftest(void);

#endif
