/*
 * PV trap smoke kernel: checks, from guest kernel mode, the mechanisms the
 * full test guests (guests/) rely on: set_trap_table, int3 and #GP/#PF/#UD
 * bounce frames (RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS), the
 * iret hypercall, wrmsr/rdmsr emulation of GS_BASE (Linux's first
 * instruction), refusal of unknown MSRs, forced-emulation CPUID with the Xen
 * signature, and multicall results. Prints one verdict line and powers off.
 */
#include <stdint.h>

#define HC_console_io 18
#define HC_set_trap_table 0
#define HC_multicall 13
#define HC_xen_version 17
#define HC_sched_op 29

__asm__(".section .note.Xen, \"a\"\n"
	".balign 4\n.long 4, 8, 6\n.asciz \"Xen\"\n.asciz \"traps\"\n.balign 4\n"
	".long 4, 8, 5\n.asciz \"Xen\"\n.asciz \"xen-3.0\"\n"
	".long 4, 8, 8\n.asciz \"Xen\"\n.asciz \"generic\"\n"
	".long 4, 8, 3\n.asciz \"Xen\"\n.quad 0xffffffff80000000\n"
	".long 4, 8, 1\n.asciz \"Xen\"\n.quad _start\n"
	".text\n.globl _start\n_start:\n"
	"  lea stack_top(%rip), %rsp\n"
	"  movq %rsi, %rdi\n"
	"  call smoke_main\n"
	"  ud2\n");

char stack[16384] __attribute__((aligned(16)));
__asm__(".globl stack_top\n.set stack_top, stack + 16384\n");

static long hypercall(long nr, long a1, long a2, long a3)
{
	long ret;
	register long r10 __asm__("r10") = 0;

	__asm__ __volatile__("syscall"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
			     : "0"(nr)
			     : "rcx", "r11", "memory");
	return ret;
}

static unsigned long strlen_(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void puts_(const char *s)
{
	hypercall(HC_console_io, 0, (long)strlen_(s), (long)s);
}

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		puts_("FAIL: ");
		puts_(what);
		puts_("\n");
		failures++;
	}
}

/* Filled by the handlers: what the hypervisor put in the bounce frame. */
volatile uint64_t seen_vector, seen_ec, seen_rip, seen_cs, seen_count;

/*
 * Trap handlers: frame at rsp = rcx, r11, [ec], rip, cs, rflags, rsp, ss.
 * Record, skip the faulting instruction by the length in skip_len, and
 * return with HYPERVISOR_iret (iret_context: rax, r11, rcx, flags, rip, ...).
 */
volatile uint64_t skip_len;
#define HANDLER(name, vec, has_ec)                                                    \
	__asm__(".text\n" #name ":\n"                                                 \
		"  movq $" #vec ", seen_vector(%rip)\n"                               \
		"  incq seen_count(%rip)\n"                                           \
		"  popq %rcx\n popq %r11\n"                                           \
		"  .if " #has_ec "\n popq %rax\n movq %rax, seen_ec(%rip)\n .endif\n" \
		"  movq (%rsp), %rax\n movq %rax, seen_rip(%rip)\n"                   \
		"  movq 8(%rsp), %rax\n movq %rax, seen_cs(%rip)\n"                   \
		"  movq skip_len(%rip), %rax\n addq %rax, (%rsp)\n"                   \
		"  pushq $0\n pushq %rcx\n pushq %r11\n pushq %rax\n"                 \
		"  movl $23, %eax\n syscall\n")
HANDLER(h_bp, 3, 0);
HANDLER(h_ud, 6, 0);
HANDLER(h_gp, 13, 1);
HANDLER(h_pf, 14, 1);
extern char h_bp[], h_ud[], h_gp[], h_pf[], after_int3[], at_wrmsr[], at_load[];

struct trap_info {
	uint8_t vector, flags;
	uint16_t cs;
	uint64_t address;
};

static void traps_and_iret(void)
{
	static struct trap_info t[] = {
		{3, 3, 0xe033, 0},  {6, 0, 0xe033, 0}, {13, 0, 0xe033, 0},
		{14, 0, 0xe033, 0}, {0, 0, 0, 0},
	};

	t[0].address = (uint64_t)h_bp;
	t[1].address = (uint64_t)h_ud;
	t[2].address = (uint64_t)h_gp;
	t[3].address = (uint64_t)h_pf;
	check(hypercall(HC_set_trap_table, (long)t, 0, 0) == 0, "set_trap_table");

	skip_len = 0;
	__asm__ __volatile__("int3\n.globl after_int3\nafter_int3:" ::: "memory");
	check(seen_count == 1 && seen_vector == 3, "int3 delivered to the trap table");
	check(seen_rip == (uint64_t)after_int3, "int3 frame RIP is the next instruction");
	check((seen_cs & 0xffff) == 0xe030, "kernel-mode frame CS has RPL cleared (0xe030)");
	check((seen_cs >> 32 & 0xff) == 1, "frame CS bits 32-39 hold the saved upcall mask (1)");

	skip_len = 2; /* unknown MSR: #GP(0) to the guest */
	__asm__ __volatile__(".globl at_wrmsr\nat_wrmsr: wrmsr" ::"c"(0x12345678), "a"(0), "d"(0));
	check(seen_vector == 13 && seen_ec == 0 && seen_rip == (uint64_t)at_wrmsr,
	      "wrmsr of an unknown MSR raises #GP(0) at the wrmsr");

	skip_len = 8; /* movq 0x1000, %rax: unmapped, read, kernel mode */
	__asm__ __volatile__(".globl at_load\nat_load: movq 0x1000, %%rax" ::: "rax", "memory");
	check(seen_vector == 14 && seen_ec == 0 && seen_rip == (uint64_t)at_load,
	      "#PF error code for a kernel-mode read of a non-present page is 0");

	skip_len = 2;
	__asm__ __volatile__("ud2");
	check(seen_vector == 6, "ud2 raises #UD");
	check(seen_count == 4, "exactly one delivery per exception");
	seen_count = 0;
}

static void msr_emulation(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("wrmsr" ::"c"(0xc0000101), "a"(0x12345000), "d"(0xffffffff));
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000101));
	check(lo == 0x12345000 && hi == 0xffffffff, "wrmsr/rdmsr GS_BASE round trip");
}

static void cr_reads_and_iopl(void)
{
	uint64_t cr3, cr0;
	uint32_t iopl = 3, al = 0;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	check(cr3 != 0 && !(cr3 & 0xfff), "mov from CR3 gives the page-table base");
	check(cr0 & 1, "mov from CR0 shows protected mode");
	uint64_t before;

	skip_len = 2;
	before = seen_count;
	__asm__ __volatile__("inb $0x80, %%al" : "+a"(al));
	check(seen_count == before + 1 && seen_vector == 13, "in with virtual IOPL 0 is #GP");
	check(hypercall(33, 6, (long)&iopl, 0) == 0, "physdev_op set_iopl 3");
	before = seen_count;
	__asm__ __volatile__("inb $0x80, %%al" : "+a"(al));
	check(seen_count == before, "in with virtual IOPL 3 does not fault");
}

/* Debug-register arguments: guest addresses only, no I/O breakpoints. */
#define HC_set_debugreg 8
#define HC_get_debugreg 9
volatile uint64_t watched;
extern char h_db[];
HANDLER(h_db, 1, 0);

static void debug_registers(void)
{
	static struct trap_info t[] = {{1, 0, 0xe033, 0}, {0, 0, 0, 0}};
	t[0].address = (uint64_t)h_db;
	check(hypercall(HC_set_trap_table, (long)t, 0, 0) == 0, "trap table with #DB");
	check(hypercall(HC_set_debugreg, 0, (long)&watched, 0) == 0, "set DR0");
	check(hypercall(HC_set_debugreg, 7, 0x000d0001, 0) == 0, "set DR7: DR0 8-byte write");
	check(hypercall(HC_get_debugreg, 0, 0, 0) == (long)&watched, "get DR0");
	check(hypercall(HC_set_debugreg, 7, 0x00020001, 0) < 0, "I/O breakpoints refused");
	check(hypercall(HC_set_debugreg, 0, 0xffff800000000000, 0) < 0,
	      "DR0 in the hypervisor range refused");
	/* (a write watchpoint did not fire under QEMU TCG, on Xen 4.17 either) */
	hypercall(HC_set_debugreg, 7, 0, 0);
}

static void forced_cpuid(void)
{
	uint32_t a = 0x40000000, b, c, d;

	__asm__ __volatile__("ud2; .ascii \"xen\"; cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	check(b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e,
	      "forced-emulation CPUID 0x40000000 gives XenVMMXenVMM");
	check(a >= 0x40000002, "Xen CPUID leaves up to at least 0x40000002");
}

/*
 * User mode: same L4 as the kernel (mmuext NEW_USER_BASEPTR), iret to user,
 * int3 from user (frame CS keeps RPL 3), then SYSCALL from user lands on the
 * syscall callback in kernel mode, which resumes the kernel code below.
 */
#define HC_stack_switch 3
#define HC_mmuext_op 26
#define HC_callback_op 30
volatile uint64_t kernel_resume_rsp, sys_rcx, sys_cs, sys_mode_ok;
extern char user_code[], user_after_syscall[], syscall_cb[], back_in_kernel[];
__asm__(".text\nuser_code:\n"
	"  movq $0, skip_len(%rip)\n" /* not writable? all guest pages are RW */
	"  int3\n"
	"  syscall\n"
	"user_after_syscall:\n"
	"  ud2\n"
	"syscall_cb:\n" /* kernel mode again: frame rcx, r11, rip, cs, rflags, rsp, ss */
	"  movq (%rsp), %rax\n movq %rax, sys_rcx(%rip)\n"
	"  movq 24(%rsp), %rax\n movq %rax, sys_cs(%rip)\n"
	"  movq kernel_resume_rsp(%rip), %rsp\n"
	"  jmp back_in_kernel\n");

struct start_info_head {
	char magic[32];
	uint64_t nr_pages, shared_info;
	uint32_t flags, pad0;
	uint64_t store_mfn;
	uint32_t store_evtchn, pad1;
	uint64_t console[2];
	uint64_t pt_base, nr_pt_frames, mfn_list;
};
struct start_info_head *start_info;

static void user_mode(void)
{
	struct {
		uint32_t cmd, pad;
		uint64_t mfn;
		uint64_t arg2;
	} op = {15, 0, 0, 0};
	struct {
		uint16_t type, flags;
		uint32_t pad;
		uint64_t address;
	} cb = {2, 0, 0, 0};
	static char user_stack[4096] __attribute__((aligned(16)));
	uint64_t l4_pfn = (start_info->pt_base - 0xffffffff80000000UL) >> 12;

	op.mfn = ((uint64_t *)start_info->mfn_list)[l4_pfn];
	check(hypercall(HC_mmuext_op, (long)&op, 1, 0) == -3, "mmuext_op needs foreigndom");
	{
		register long r10 __asm__("r10") = 0x7ff0;
		long ret, a1 = (long)&op, a2 = 1, a3 = 0;

		__asm__ __volatile__("syscall"
				     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
				     : "0"(HC_mmuext_op)
				     : "rcx", "r11", "memory");
		check(ret == 0, "mmuext_op NEW_USER_BASEPTR with the kernel L4");
	}
	cb.address = (uint64_t)syscall_cb;
	check(hypercall(HC_callback_op, 0, (long)&cb, 0) == 0, "callback_op syscall");
	seen_count = 0;
	__asm__ __volatile__("movq %%rsp, kernel_resume_rsp(%%rip)\n"
			     "movq %%rsp, %%rsi\n"
			     "movl $0xe02b, %%edi\n movl $3, %%eax\n syscall\n" /* stack_switch */
			     "pushq $0xe02b\n pushq %0\n pushq $0x202\n pushq $0xe033\n"
			     "leaq user_code(%%rip), %%rax\n pushq %%rax\n"
			     "pushq $0\n pushq $0\n pushq $0\n pushq $0\n"
			     "movl $23, %%eax\n syscall\n"
			     ".globl back_in_kernel\nback_in_kernel:\n"
			     :
			     : "r"(user_stack + sizeof(user_stack))
			     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			       "memory");
	check(seen_count == 1 && seen_vector == 3, "int3 from user mode delivered");
	check((seen_cs & 0xffff) == 0xe033, "user-mode frame CS keeps RPL 3");
	check(sys_rcx == (uint64_t)user_after_syscall, "syscall callback frame RCX = user RIP");
	check((sys_cs & 0xffff) == 0xe033, "syscall callback frame CS is the user CS");
}

struct multicall_entry {
	uint64_t op, result, args[6];
};

static void multicall(void)
{
	struct multicall_entry m[3] = {
		{HC_xen_version, 1, {0}},
		{HC_xen_version, 1, {7}},
		{63, 1, {0}},
	};

	check(hypercall(HC_multicall, (long)m, 3, 0) == 0, "multicall returns 0");
	check(m[0].result == 0x40011, "multicall entry 0: xen_version = 4.17");
	check(m[1].result == 4096, "multicall entry 1: pagesize = 4096");
	check(m[2].result == (uint64_t)-38, "multicall entry 2: unknown hypercall = -ENOSYS");
}

void smoke_main(struct start_info_head *si);
void smoke_main(struct start_info_head *si)
{
	static uint32_t reason;

	start_info = si;
	msr_emulation();
	traps_and_iret();
	forced_cpuid();
	cr_reads_and_iopl();
	debug_registers();
	multicall();
	user_mode();
	puts_(failures ? "Test result: FAILURE\n" : "Test result: SUCCESS\n");
	hypercall(HC_sched_op, 2, (long)&reason, 0);
}
