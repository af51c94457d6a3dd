/*
 * System time and soft timers.
 *
 * System time (NOW()) is nanoseconds derived from the TSC, which must be
 * invariant and synchronised across CPUs (true of QEMU and of every CPU we
 * target); it counts from TSC zero, i.e. from power-on on a fresh machine.
 * Soft timers are per-CPU, run in interrupt context with interrupts off,
 * and may re-arm themselves.
 */
#ifndef XENO_TIME_H
#define XENO_TIME_H

#include <xeno/arch.h>
#include <xeno/types.h>

#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define MICROSECS(us) ((s_time_t)(us)*1000LL)
#define SECONDS(s) ((s_time_t)(s)*1000000000LL)

extern u64 tsc_khz;
static inline s_time_t NOW(void)
{
	return arch_now();
}
s_time_t tsc_to_ns(u64 tsc);
void udelay(unsigned long us);
void mdelay(unsigned long ms);

void time_init(void);	 /* boot CPU: calibrate TSC and APIC timer */
void time_init_ap(void); /* other CPUs */
/* Reference counters for self-tests: 0 if absent. */
u64 hpet_read_ns(void);
u64 pmtimer_read_ns(void);

struct timer {
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	unsigned int cpu;
	bool active;
	struct timer *next;
};

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Stopped, and its handler not running (before freeing t). */
void kill_timer(struct timer *t);
void timer_init_cpu(unsigned int cpu);
/* Re-evaluate this CPU's earliest deadline (after an IPI from another CPU). */
void timer_reprogram(void);

#endif
