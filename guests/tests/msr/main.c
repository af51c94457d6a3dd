/*
 * msr: FS_BASE, GS_BASE and SHADOW_GS_BASE through wrmsr/rdmsr (emulated)
 * and through set_segment_base agree with each other and with the
 * addresses actually used (%fs:/%gs: loads); unknown MSRs raise #GP(0) on
 * read and on write; non-canonical bases are refused.
 */
#include <guest.h>

const char test_title[] = "msr: segment bases and unknown MSRs";

#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static uint64_t word_a = 0x1111, word_b = 0x2222;

static uint64_t load_fs0(void)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(v));
	return v;
}

static unsigned int probe(bool write, uint32_t msr)
{
	trap_record_clear();
	if (write)
		__asm__ __volatile__("1: wrmsr\n2:\n" EXTABLE(1b, 2b)::"c"(msr), "a"(0), "d"(0));
	else
		__asm__ __volatile__("1: rdmsr\n2:\n" EXTABLE(1b, 2b)::"c"(msr) : "rax", "rdx");
	return last_trap.count ? last_trap.vector | last_trap.error_code << 8 : 0;
}

void test_main(void)
{
	uint64_t gs;

	wrmsr(MSR_FS_BASE, (uint64_t)&word_a);
	check(rdmsr(MSR_FS_BASE) == (uint64_t)&word_a && load_fs0() == 0x1111,
	      "FS_BASE by wrmsr is the base %%fs uses");
	check(hc_set_segment_base(0 /* SEGBASE_FS */, (uint64_t)&word_b) == 0,
	      "set_segment_base(FS)");
	check(rdmsr(MSR_FS_BASE) == (uint64_t)&word_b && load_fs0() == 0x2222,
	      "FS_BASE by set_segment_base, seen by rdmsr and %%fs");
	gs = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_SHADOW_GS_BASE, 0x123000);
	check(rdmsr(MSR_SHADOW_GS_BASE) == 0x123000, "SHADOW_GS_BASE round trip");
	check(hc_set_segment_base(1 /* SEGBASE_GS_USER */, 0x456000) == 0 &&
		      rdmsr(MSR_SHADOW_GS_BASE) == 0x456000,
	      "set_segment_base(GS_USER) is the shadow base in kernel mode");
	check(hc_set_segment_base(2 /* SEGBASE_GS_KERNEL */, gs + 8) == 0 &&
		      rdmsr(MSR_GS_BASE) == gs + 8,
	      "set_segment_base(GS_KERNEL) is the current base in kernel mode");
	hc_set_segment_base(2, gs);
	check(hc_set_segment_base(0, 0x8000000000000000UL) < 0, "non-canonical FS base refused");
	check(probe(false, 0x12345678) == 13, "rdmsr of an unknown MSR: #GP(0)");
	check(probe(true, 0x12345678) == 13, "wrmsr of an unknown MSR: #GP(0)");
	check(probe(true, MSR_FS_BASE) == 0, "wrmsr FS_BASE 0 is fine");
	check(hc_set_segment_base(99, 0) == -XEN_EINVAL, "unknown set_segment_base: -EINVAL");
}
