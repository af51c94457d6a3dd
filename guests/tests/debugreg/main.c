/*
 * debugreg: the guest kernel's `mov` to and from %dr0-%dr7 and the
 * set/get_debugreg hypercalls, one set of rules as in Xen 4.17: DR6 starts
 * 0xffff0ff0 and DR7 0x400; DR0-3 take guest addresses only (#GP, -EPERM);
 * DR6/DR7 reserved bits are forced, upper halves refused (#GP, -EINVAL), GD
 * refused (#GP, -EPERM); I/O breakpoints only under CR4.DE, raising #DB
 * after an emulated in/out that meets them (DR6 B0-3); DR4/DR5 are
 * DR6/DR7 while CR4.DE is clear and #UD (-ENODEV) while it is set; DR8 is
 * #UD; from guest user mode every mov is #GP(0); a single-step #DB shows in
 * DR6 (BS) until the guest clears it. MSR_DEBUGCTL: #GP on read and write,
 * as Xen 4.17 has no PV handling of it.
 */
#include <guest.h>

const char test_title[] = "debugreg: mov %drN, set/get_debugreg, DR4/5 under CR4.DE, DEBUGCTL";

#define CR4_DE (1UL << 3)
#define DR6_BS (1UL << 14)

#define DEF_DR(n)                                                                              \
	static int rd_dr##n(uint64_t *v)                                                       \
	{                                                                                      \
		uint64_t x = 0x5a5a;                                                           \
		trap_record_clear();                                                           \
		__asm__ __volatile__("1: mov %%db" #n ", %0\n2:\n" EXTABLE(1b, 2b) : "+r"(x)); \
		*v = x;                                                                        \
		return trapped();                                                              \
	}                                                                                      \
	static int wr_dr##n(uint64_t v)                                                        \
	{                                                                                      \
		trap_record_clear();                                                           \
		__asm__ __volatile__("1: mov %0, %%db" #n "\n2:\n" EXTABLE(1b, 2b)::"r"(v));   \
		return trapped();                                                              \
	}
DEF_DR(0)
DEF_DR(1)
DEF_DR(4)
DEF_DR(5)
DEF_DR(6)
DEF_DR(7)

static uint64_t dr(int (*rd)(uint64_t *))
{
	uint64_t v = 0;

	if (rd(&v))
		fail("a mov from a debug register trapped: %#x", trapped());
	return v;
}

static void expect_trap(int got, int want, const char *what)
{
	if (got != want)
		fail("%s: got trap %#x, want %#x", what, got, want);
}

static void reset_values(void)
{
	check_eq(dr(rd_dr6), 0xffff0ff0, "DR6 at start (mov)");
	check_eq(dr(rd_dr7), 0x400, "DR7 at start (mov)");
	check_eq(dr(rd_dr0), 0, "DR0 at start");
	check_eq(hc_get_debugreg(6), 0xffff0ff0, "get_debugreg(6) at start");
	check_eq(hc_get_debugreg(7), 0x400, "get_debugreg(7) at start");
}

static uint64_t watched;

static void addresses(void)
{
	expect_trap(wr_dr0((uint64_t)&watched), 0, "mov of a guest address to DR0");
	check_eq(hc_get_debugreg(0), (uint64_t)&watched, "get_debugreg(0) after mov");
	check_eq(hc_set_debugreg(1, 0x1000), 0, "set_debugreg(1, 0x1000)");
	check_eq(dr(rd_dr1), 0x1000, "mov from DR1 after set_debugreg");
	expect_trap(wr_dr1(0xffff830000000000UL), 13, "mov of a hypervisor address to DR1");
	check_eq(hc_set_debugreg(1, 0xffff830000000000UL), -XEN_EPERM,
		 "set_debugreg(1, hypervisor address)");
	expect_trap(wr_dr1(0x8000000000000000UL), 13, "mov of a non-canonical address to DR1");
	check_eq(dr(rd_dr1), 0x1000, "DR1 unchanged by the refused writes");
	check_eq(hc_set_debugreg(1, 0xffffffff80000000UL), 0, "set_debugreg(1, kernel address)");
	check_eq(hc_set_debugreg(1, 0), 0, "set_debugreg(1, 0)");
}

static void dr6_dr7_bits(void)
{
	wr_dr6(0);
	check_eq(dr(rd_dr6), 0xffff0ff0, "DR6 after writing 0: fixed bits");
	wr_dr6(0x5001);
	check_eq(dr(rd_dr6), 0xffff4ff1, "DR6 after writing 0x5001 (bit 12 reserved zero)");
	expect_trap(wr_dr6(1UL << 32), 13, "mov to DR6 with an upper bit");
	check_eq(hc_set_debugreg(6, 1UL << 32), -XEN_EINVAL, "set_debugreg(6, upper bit)");
	wr_dr6(0);
	expect_trap(wr_dr7(0), 0, "mov 0 to DR7");
	check_eq(dr(rd_dr7), 0x400, "DR7 after writing 0: bit 10 set");
	/* DR0 write watchpoint, 8 bytes, with the reserved bits 11, 12, 14, 15 */
	expect_trap(wr_dr7(0xd00d9801UL), 0, "mov to DR7 with reserved bits");
	check_eq(dr(rd_dr7), 0xd00d0401, "DR7: reserved bits cleared, bit 10 set");
	expect_trap(wr_dr7(1UL << 32), 13, "mov to DR7 with an upper bit");
	expect_trap(wr_dr7(0x2000), 13, "mov to DR7 with GD");
	check_eq(hc_set_debugreg(7, 0x2000), -XEN_EPERM, "set_debugreg(7, GD)");
	check_eq(hc_set_debugreg(7, 1UL << 40), -XEN_EINVAL, "set_debugreg(7, upper bit)");
	expect_trap(wr_dr7(0x20001), 13, "I/O breakpoint without CR4.DE");
	check_eq(hc_set_debugreg(7, 0x20001), -XEN_EPERM, "set_debugreg(7, I/O bp) without DE");
	check_eq(dr(rd_dr7), 0xd00d0401, "DR7 unchanged by the refused writes");
	wr_dr7(0);
}

static bool on_db(struct cpu_regs *r);

/* inb port under an I/O breakpoint: the #DB count it caused. */
static unsigned int inb_db(uint16_t port)
{
	uint32_t v = 0;

	trap_hook[1] = on_db;
	trap_record_clear();
	__asm__ __volatile__("inb %w1, %b0" : "+a"(v) : "Nd"(port));
	trap_hook[1] = NULL;
	return (unsigned int)last_trap.count;
}

/* Under CR4.DE, DR0 = 0x3f8, DR7 = L0 with RW0 I/O (set by the caller). */
static void io_breakpoints(void)
{
	struct physdev_set_iopl iopl = {.iopl = 1};

	check_eq(hc_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0, "set_iopl 1");
	wr_dr6(0);
	check_eq(inb_db(0x3f8), 1, "inb 0x3f8 hits the 1-byte I/O breakpoint: #DB");
	check_eq(dr(rd_dr6), 0xffff0ff1, "DR6.B0 after the I/O breakpoint");
	wr_dr6(0);
	check_eq(inb_db(0x3f9), 0, "inb 0x3f9 misses it");
	hc_set_debugreg(0, 0x3fa);
	wr_dr7(0xe0001); /* RW0 I/O, LEN 4: ports 0x3f8-0x3fb */
	check_eq(inb_db(0x3f9), 1, "inb 0x3f9 hits the 4-byte breakpoint at 0x3f8");
	check_eq(inb_db(0x3fc), 0, "inb 0x3fc misses it");
	wr_dr6(0);
	hc_set_debugreg(0, 0x3f8);
	wr_dr7(0x20001);
}

static void alias_and_de(void)
{
	uint32_t r[4];
	uint64_t x;

	check(!(read_cr4() & CR4_DE), "CR4.DE clear at start: cr4 %#lx", (unsigned long)read_cr4());
	wr_dr4(0x1);
	check_eq(dr(rd_dr6), 0xffff0ff1, "DR4 writes DR6 while CR4.DE is clear");
	check_eq(dr(rd_dr4), 0xffff0ff1, "DR4 reads DR6");
	check_eq(hc_get_debugreg(4), 0xffff0ff1, "get_debugreg(4) is DR6");
	check_eq(hc_set_debugreg(5, 0x3), 0, "set_debugreg(5) is DR7");
	check_eq(dr(rd_dr5), 0x403, "DR5 reads DR7");
	wr_dr6(0);
	wr_dr7(0);
	{ /* mov %dr8, %rax: no such register */
		trap_record_clear();
		__asm__ __volatile__("1: .byte 0x44, 0x0f, 0x21, 0xc0\n2:\n" EXTABLE(1b, 2b)::
					     : "rax");
		expect_trap(trapped(), 6, "mov from DR8");
	}
	check_eq(hc_get_debugreg(8), -XEN_ENODEV, "get_debugreg(8)");
	check_eq(hc_set_debugreg(8, 0), -XEN_ENODEV, "set_debugreg(8)");
	cpuid_forced(1, 0, r);
	if (!(r[3] & 4)) {
		fail("CPUID.1:EDX.DE not offered: %#x", r[3]);
		return;
	}
	write_cr4(read_cr4() | CR4_DE);
	check(read_cr4() & CR4_DE, "CR4.DE reads back set");
	expect_trap(rd_dr4(&x), 6, "mov from DR4 under CR4.DE");
	expect_trap(wr_dr5(0), 6, "mov to DR5 under CR4.DE");
	check_eq(hc_get_debugreg(5), -XEN_ENODEV, "get_debugreg(5) under CR4.DE");
	check_eq(hc_set_debugreg(4, 0), -XEN_ENODEV, "set_debugreg(4) under CR4.DE");
	hc_set_debugreg(0, 0x3f8);
	expect_trap(wr_dr7(0x20001), 0, "I/O breakpoint on port 0x3f8 under CR4.DE");
	check_eq(dr(rd_dr7), 0x20401, "DR7 shows the I/O breakpoint");
	io_breakpoints();
	wr_dr7(0);
	write_cr4(read_cr4() & ~CR4_DE);
	check_eq(dr(rd_dr5), 0x400, "DR5 is DR7 again with CR4.DE clear");
}

static long user_mov_from(void)
{
	uint64_t v;

	return rd_dr7(&v);
}

static long user_mov_to(void)
{
	return wr_dr0(0x1000);
}

static bool on_db(struct cpu_regs *r)
{
	r->rflags &= ~0x100UL; /* TF */
	last_trap.count++;
	last_trap.vector = 1;
	return true;
}

static void single_step(void)
{
	trap_hook[1] = on_db;
	trap_record_clear();
	__asm__ __volatile__("pushfq\norq $0x100, (%%rsp)\npopfq\nnop\nnop\n" ::: "memory", "cc");
	trap_hook[1] = NULL;
	check(last_trap.count == 1, "single step: %lu #DB", (unsigned long)last_trap.count);
	check_eq(dr(rd_dr6) & DR6_BS, DR6_BS, "DR6.BS after a single-step #DB");
	check_eq(hc_get_debugreg(6) & DR6_BS, DR6_BS, "get_debugreg(6).BS");
	wr_dr6(0);
	check_eq(dr(rd_dr6), 0xffff0ff0, "DR6 cleared by the guest");
}

static void debugctl(void)
{
	uint64_t v = 0;

	expect_trap(rdmsr_trap(0x1d9, &v), 13, "rdmsr DEBUGCTL (Xen 4.17: not for PV)");
	expect_trap(wrmsr_trap(0x1d9, 0), 13, "wrmsr DEBUGCTL 0");
	expect_trap(wrmsr_trap(0x1d9, 2), 13, "wrmsr DEBUGCTL BTF");
}

void test_main(void)
{
	reset_values();
	addresses();
	dr6_dr7_bits();
	alias_and_de();
	expect_trap((int)exec_user(user_mov_from), 13, "mov from DR7 in user mode");
	expect_trap((int)exec_user(user_mov_to), 13, "mov to DR0 in user mode");
	check_eq(hc_get_debugreg(0), 0x3f8, "DR0 unchanged by user mode");
	single_step();
	debugctl();
	hc_set_debugreg(0, 0);
}
