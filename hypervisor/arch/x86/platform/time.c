/*
 * TSC and APIC-timer calibration, NOW() and busy-wait delays.
 * Calibration measures 10 ms against the HPET main counter (bracketed reads,
 * retried when the bracket shows we were preempted), or the PIT channel-2
 * one-shot when there is no HPET. The ACPI PM timer, if present,
 * is left independent so that self-tests can check the calibration.
 */
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/processor.h>

#define CAL_MS 3
#define PIT_HZ 1193182
#define PMTMR_HZ 3579545

u64 tsc_khz;
extern u64 apic_ticks_per_ms;
static u64 tsc_mul; /* ns = (tsc * tsc_mul) >> 32 */
static volatile u64 *hpet;
static u64 hpet_period_fs;

s_time_t tsc_to_ns(u64 tsc)
{
	return (s_time_t)(((unsigned __int128)tsc * tsc_mul) >> 32);
}

s_time_t arch_now(void)
{
	return tsc_to_ns(rdtsc());
}

void udelay(unsigned long us)
{
	u64 end = rdtsc() + us * tsc_khz / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

void mdelay(unsigned long ms)
{
	udelay(ms * 1000);
}

u64 hpet_read_ns(void)
{
	return hpet ? hpet[0xf0 / 8] * hpet_period_fs / 1000000 : 0;
}

u32 arch_pmtimer_ticks(void)
{
	return acpi.pm_tmr ? inl((u16)acpi.pm_tmr) & 0xffffff : 0;
}

bool arch_pmtimer_present(void)
{
	return acpi.pm_tmr != 0;
}

u64 pmtimer_read_ns(void)
{
	return acpi.pm_tmr ? (u64)(inl((u16)acpi.pm_tmr) & 0xffffff) * 1000000000ULL / PMTMR_HZ : 0;
}

static bool hpet_setup(void)
{
	u64 cap;

	if (!acpi.hpet_addr)
		return false;
	hpet = ioremap(acpi.hpet_addr, 1024);
	cap = hpet[0];
	hpet_period_fs = cap >> 32;
	if (!hpet_period_fs || hpet_period_fs > 100000000) {
		hpet = NULL;
		return false;
	}
	hpet[0x10 / 8] |= 1; /* enable the main counter */
	return true;
}

struct cal_sample {
	u64 hpet, tsc;
	u32 apic;
};

/*
 * Read TSC and APIC count between two HPET reads. A wide bracket means we
 * were preempted (QEMU's vCPU thread on a busy host), so the caller retries.
 */
static bool take_sample(struct cal_sample *s)
{
	u64 a = hpet[0xf0 / 8], b;

	s->tsc = rdtsc();
	s->apic = apic_read(APIC_TMCCT);
	b = hpet[0xf0 / 8];
	s->hpet = a + (b - a) / 2;
	return (b - a) * hpet_period_fs < 20000000000ULL; /* 20 us */
}

/* Measure about CAL_MS against the HPET; return TSC and APIC ticks per ms. */
static void measure_hpet(u64 *tsc_per_ms, u64 *apic_per_ms)
{
	u64 window = (u64)CAL_MS * 1000000000000ULL / hpet_period_fs, ns;
	struct cal_sample s0, s1;
	bool ok = false;

	for (int tries = 0; tries < 10 && !ok; tries++) {
		apic_write(APIC_TMICT, 0xffffffff);
		ok = take_sample(&s0);
		while (hpet[0xf0 / 8] - s0.hpet < window)
			cpu_relax();
		ok = take_sample(&s1) && ok;
	}
	ns = (s1.hpet - s0.hpet) * hpet_period_fs / 1000000;
	*tsc_per_ms = (s1.tsc - s0.tsc) * 1000000 / ns;
	*apic_per_ms = (u64)(s0.apic - s1.apic) * 1000000 / ns;
}

static void measure_pit(u64 *tsc_per_ms, u64 *apic_per_ms)
{
	u16 count = PIT_HZ * CAL_MS / 1000;
	u64 t0;

	outb((inb(0x61) & ~0x02) | 0x01, 0x61); /* gate on, speaker off */
	outb(0xb0, 0x43);			/* channel 2, lobyte/hibyte, mode 0 */
	outb((u8)count, 0x42);
	outb((u8)(count >> 8), 0x42);
	t0 = rdtsc();
	apic_write(APIC_TMICT, 0xffffffff);
	while (!(inb(0x61) & 0x20))
		cpu_relax();
	*tsc_per_ms = (rdtsc() - t0) / CAL_MS;
	*apic_per_ms = (0xffffffffULL - apic_read(APIC_TMCCT)) / CAL_MS;
}

void time_init(void)
{
	bool use_hpet = hpet_setup();

	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	if (use_hpet)
		measure_hpet(&tsc_khz, &apic_ticks_per_ms);
	else
		measure_pit(&tsc_khz, &apic_ticks_per_ms);
	apic_write(APIC_TMICT, 0);
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR); /* one-shot from now on: see apic.c */
	tsc_mul = (1000000ULL << 32) / tsc_khz;
	printk("Time: TSC %lu.%03lu MHz, APIC timer %lu.%03lu MHz (calibrated against %s)\n",
	       tsc_khz / 1000, tsc_khz % 1000, apic_ticks_per_ms / 1000, apic_ticks_per_ms % 1000,
	       use_hpet ? "HPET" : "PIT");
	timer_init_cpu(0);
}

void time_init_ap(void)
{
	timer_init_cpu(smp_processor_id());
}
