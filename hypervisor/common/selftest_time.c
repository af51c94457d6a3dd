/*
 * boot_selftest=time: five soft-timer ticks 200 ms apart. Each tick prints
 * system time, how late the timer fired, and the elapsed time on the ACPI PM
 * timer, an independent clock the TSC was not calibrated against. The boot
 * test checks the numbers; this code only reports them, then powers off.
 */
#include <xeno/arch.h>
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/setup.h>
#include <xeno/shutdown.h>
#include <xeno/time.h>

#define TICKS 5
#define PERIOD MILLISECS(200)
#define PMTMR_HZ 3579545

static struct timer tick_timer;
static volatile unsigned int ticks;
static s_time_t start_ns, next_deadline;
static u32 pm_last;
static u64 pm_elapsed_ticks;

static void tick(void *data)
{
	s_time_t now = NOW();
	u32 pm = arch_pmtimer_ticks();

	(void)data;
	pm_elapsed_ticks += (pm - pm_last) & 0xffffff;
	pm_last = pm;
	ticks++;
	printk("time-tick %u: system %ld ns, late %ld ns, pmtimer %lu ns\n", ticks,
	       (long)(now - start_ns), (long)(now - next_deadline),
	       (unsigned long)(pm_elapsed_ticks * 1000000000ULL / PMTMR_HZ));
	if (ticks < TICKS) {
		next_deadline += PERIOD;
		set_timer(&tick_timer, next_deadline);
	}
}

void __noreturn time_selftest(void)
{
	printk("time self-test: %u ticks of %ld ms (PM timer %s)\n", TICKS,
	       (long)(PERIOD / 1000000), arch_pmtimer_present() ? "present" : "absent");
	init_timer(&tick_timer, tick, NULL, smp_processor_id());
	start_ns = NOW();
	pm_last = arch_pmtimer_ticks();
	next_deadline = start_ns + PERIOD;
	set_timer(&tick_timer, next_deadline);
	local_irq_enable();
	while (ticks < TICKS)
		safe_halt();
	local_irq_disable();
	printk("time self-test: done\n");
	arch_machine_power_off();
}
