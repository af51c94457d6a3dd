/*
 * msr: FS_BASE, GS_BASE and SHADOW_GS_BASE through wrmsr/rdmsr (emulated)
 * and through set_segment_base agree with each other and with the
 * addresses actually used (%fs:/%gs: loads); unknown MSRs raise #GP(0) on
 * read and on write; non-canonical bases are refused. The machine-check
 * MSRs are Xen 4.17's vMCE for PV guests (vmce.c): MCG_CAP 2 banks (on
 * Intel also CMCI_P, TES_P, SER_P), read-only; MCG_STATUS writable;
 * MCG_CTL 0 without MCG_CTL_P; MCi_CTL all ones, writes ignored;
 * MCi_STATUS/ADDR/MISC 0, a write of anything else #GP; banks past the
 * count read 0; MCG_EXT_CTL (no LMCE) #GP. With CR4.FSGSBASE (when the
 * PV policy offers it) the bases the guest wrote itself with wrfsbase and
 * wrgsbase are what rdmsr reads, the shadow GS base left as it was.
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

#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MCG_CTL 0x17b
#define MSR_MC0_CTL2 0x280
#define MSR_MC_CTL(b) (0x400 + 4 * (b))
#define MSR_MCG_EXT_CTL 0x4d0

/* rdmsr into *val: 0, or the trap (vector | error code << 8). */
static unsigned int rd_probe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	trap_record_clear();
	__asm__ __volatile__("1: rdmsr\n2:\n" EXTABLE(1b, 2b) : "+a"(lo), "+d"(hi) : "c"(msr));
	*val = (uint64_t)hi << 32 | lo;
	return last_trap.count ? last_trap.vector | last_trap.error_code << 8 : 0;
}

static unsigned int wr_probe(uint32_t msr, uint64_t val)
{
	trap_record_clear();
	__asm__ __volatile__("1: wrmsr\n2:\n" EXTABLE(1b, 2b)::"c"(msr), "a"((uint32_t)val),
			     "d"((uint32_t)(val >> 32)));
	return last_trap.count ? last_trap.vector | last_trap.error_code << 8 : 0;
}

/* msr reads want, with no fault. */
static void check_reads(uint32_t msr, uint64_t want, const char *what)
{
	uint64_t v = 0;
	unsigned int t = rd_probe(msr, &v);

	check(!t && v == want, "%s (%#x): trap %#x, %#lx, want %#lx", what, msr, t,
	      (unsigned long)v, (unsigned long)want);
}

/* Bank b's four MSRs: CTL all ones (writes ignored), the others 0 (only 0 may be written). */
static void check_bank(unsigned int b)
{
	check_reads(MSR_MC_CTL(b), ~0ul, "MCi_CTL");
	check(!wr_probe(MSR_MC_CTL(b), 0), "MC%u_CTL write 0", b);
	check_reads(MSR_MC_CTL(b), ~0ul, "MCi_CTL after a write of 0");
	for (unsigned int i = 1; i < 4; i++) {
		check_reads(MSR_MC_CTL(b) + i, 0, "MCi_STATUS/ADDR/MISC");
		check(!wr_probe(MSR_MC_CTL(b) + i, 0), "MSR %#x: write 0", MSR_MC_CTL(b) + i);
		check_eq(wr_probe(MSR_MC_CTL(b) + i, 1), 13, "MCi_STATUS/ADDR/MISC: write 1 #GP");
	}
}

static void test_vmce(void)
{
	uint32_t r[4];
	bool intel;
	uint64_t cap = 0, v;

	cpuid_forced(0, 0, r);
	intel = r[1] == 0x756e6547; /* "Genu" */
	check_eq(rd_probe(MSR_MCG_CAP, &cap), 0, "MCG_CAP reads");
	printf("MCG_CAP %#lx (%s)\n", (unsigned long)cap, intel ? "Intel" : "not Intel");
	check_eq(cap, intel ? 0x1000c02 : 2, "MCG_CAP: 2 banks (Intel: CMCI_P, TES_P, SER_P)");
	check(!wr_probe(MSR_MCG_CAP, 0x55), "MCG_CAP write: ignored");
	check_reads(MSR_MCG_CAP, cap, "MCG_CAP after a write");
	check_reads(MSR_MCG_STATUS, 0, "MCG_STATUS");
	check(!wr_probe(MSR_MCG_STATUS, 5), "MCG_STATUS write 5");
	check_reads(MSR_MCG_STATUS, 5, "MCG_STATUS holds 5");
	check(!wr_probe(MSR_MCG_STATUS, 0), "MCG_STATUS write 0");
	check_reads(MSR_MCG_CTL, 0, "MCG_CTL without MCG_CTL_P");
	check(!wr_probe(MSR_MCG_CTL, 0x1234), "MCG_CTL write: ignored");
	check_reads(MSR_MCG_CTL, 0, "MCG_CTL after a write");
	check_bank(0);
	check_bank(1);
	for (unsigned int i = 0; i < 4; i++)
		check_reads(MSR_MC_CTL(2) + i, 0, "bank 2 (past the count)");
	check(!wr_probe(MSR_MC_CTL(2) + 1, 1), "bank 2: a write is ignored");
	check_eq(rd_probe(MSR_MCG_EXT_CTL, &v), 13, "MCG_EXT_CTL read: #GP (no LMCE)");
	check_eq(wr_probe(MSR_MCG_EXT_CTL, 0), 13, "MCG_EXT_CTL write: #GP");
	/* MCi_CTL2 is Intel's (CMCI): banks 0-1 hold what is written; elsewhere reads 0. */
	check(!wr_probe(MSR_MC0_CTL2 + 1, 0x7fff), "MC1_CTL2 write");
	check_reads(MSR_MC0_CTL2 + 1, intel ? 0x7fff : 0, "MC1_CTL2 read back");
	check(!wr_probe(MSR_MC0_CTL2 + 1, 0), "MC1_CTL2 write 0");
	check_reads(MSR_MC0_CTL2 + 2, 0, "MC2_CTL2 (past the count)");
}

#define CR4_FSGSBASE (1UL << 16)

/* The bases the guest writes without the hypervisor: rdmsr reads each from its MSR. */
static void test_fsgsbase(void)
{
	uint64_t gs = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_SHADOW_GS_BASE), cr4 = read_cr4();
	uint32_t r[4];

	cpuid_forced(7, 0, r);
	if (!(r[1] & 1)) {
		printf("FSGSBASE not offered: its part skipped\n");
		return;
	}
	write_cr4(cr4 | CR4_FSGSBASE);
	check(read_cr4() & CR4_FSGSBASE, "CR4.FSGSBASE set");
	if (!(read_cr4() & CR4_FSGSBASE))
		return;
	__asm__ __volatile__("wrfsbase %0" ::"r"((uint64_t)&word_a));
	check(rdmsr(MSR_FS_BASE) == (uint64_t)&word_a && load_fs0() == 0x1111,
	      "FS_BASE by wrfsbase, seen by rdmsr");
	__asm__ __volatile__("wrgsbase %0" ::"r"(gs + 16));
	check(rdmsr(MSR_SHADOW_GS_BASE) == shadow, "SHADOW_GS_BASE unchanged by wrgsbase");
	check(rdmsr(MSR_GS_BASE) == gs + 16, "GS_BASE by wrgsbase, seen by rdmsr");
	__asm__ __volatile__("wrgsbase %0" ::"r"(gs));
	check(rdmsr(MSR_GS_BASE) == gs && rdmsr(MSR_SHADOW_GS_BASE) == shadow,
	      "GS_BASE and SHADOW_GS_BASE back");
	write_cr4(cr4);
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
	test_vmce();
	test_fsgsbase();
}
