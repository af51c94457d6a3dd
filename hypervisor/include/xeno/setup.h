/* Start-of-day entry points shared between arch and common code. */
#ifndef XENO_SETUP_H
#define XENO_SETUP_H

#include <xeno/compiler.h>

void cpu_init_common(unsigned int cpu);
void smp_reserve_low_memory(void);
void __noreturn boot_done(void);
void __noreturn idle_loop(void);
void __noreturn time_selftest(void);

#endif
