/*
 * Guest time: each vCPU's vcpu_time_info (system time at a TSC stamp and
 * the TSC-to-ns scale, published with the odd/even version protocol before
 * the guest's first instruction and whenever the vCPU is put back on a CPU)
 * and the domain's wall clock (Unix time at system time 0, from the CMOS
 * RTC read once at boot, then as dom0 sets it with platform_op settime;
 * a setting is published to every domain, lock-free by the wc_version
 * protocol, with settings serialised by dom0's own calls).
 */
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/time.h>
#include <asm/processor.h>
#include <asm/pv.h>

static u32 scale_mul;
static s8 scale_shift;
static u64 boot_unix_seconds; /* wall clock at system time 0 */
static u32 boot_unix_nsec;

/* ns = ((tsc << shift) * mul) >> 32, as the guest computes it (Xen's method). */
static void compute_scale(void)
{
	u64 hz = tsc_khz * 1000, tps = hz;
	int shift = 0;

	while (tps > 2 * 1000000000ULL) {
		tps >>= 1;
		shift--;
	}
	while (tps <= 1000000000ULL) {
		tps <<= 1;
		shift++;
	}
	scale_mul = (u32)((1000000000ULL << 32) / tps);
	scale_shift = (s8)shift;
}

static unsigned int cmos(unsigned int reg, bool bcd)
{
	unsigned int v;

	outb((u8)reg, 0x70);
	v = inb(0x71);
	return bcd ? (v & 15) + (v >> 4) * 10 : v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static u64 days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	u64 era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void read_rtc(void)
{
	unsigned int sec, min, hour, day, mon, year;
	bool bcd;

	while (cmos(0x0a, false) & 0x80) /* update in progress */
		;
	bcd = !(cmos(0x0b, false) & 4);
	sec = cmos(0, bcd), min = cmos(2, bcd), hour = cmos(4, bcd);
	day = cmos(7, bcd), mon = cmos(8, bcd), year = cmos(9, bcd) + 2000;
	boot_unix_seconds = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec -
			    (u64)(NOW() / 1000000000);
}

void pv_time_init(void)
{
	compute_scale();
	read_rtc();
}

void arch_update_vcpu_time(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	u64 tsc = rdtsc();

	__atomic_store_n(&t->version, t->version + 1, __ATOMIC_RELEASE); /* odd: updating */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = (u64)tsc_to_ns(tsc);
	t->tsc_to_system_mul = scale_mul;
	t->tsc_shift = scale_shift;
	t->flags = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&t->version, t->version + 1, __ATOMIC_RELEASE);
}

void arch_update_wallclock(struct domain *d)
{
	struct shared_info *s = d->shared_info;

	__atomic_store_n(&s->wc_version, s->wc_version + 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_sec = (u32)boot_unix_seconds;
	s->wc_sec_hi = (u32)(boot_unix_seconds >> 32);
	s->wc_nsec = boot_unix_nsec;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&s->wc_version, s->wc_version + 1, __ATOMIC_RELEASE);
}

/* XENPF_settime: Unix time secs.nsecs was current at system_time (ns). */
void pv_set_wallclock(u64 secs, u32 nsecs, u64 system_time)
{
	u64 ns = secs * 1000000000ULL + nsecs - system_time;

	boot_unix_seconds = ns / 1000000000ULL;
	boot_unix_nsec = (u32)(ns % 1000000000ULL);
	for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list)
		arch_update_wallclock(d);
}

u32 arch_guest_tsc_khz(void)
{
	return (u32)tsc_khz;
}
