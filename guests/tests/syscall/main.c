/*
 * syscall: SYSCALL from guest user mode lands on the syscall callback in
 * guest kernel mode with the frame RCX (return RIP), R11 (user RFLAGS),
 * RIP, CS (0xe033), RFLAGS, RSP, SS (0xe02b) and every other register as
 * the user left it; HYPERVISOR_iret goes back to user mode. Without
 * VGCF_in_syscall iret restores RCX/R11 from the frame; with it they come
 * back as SYSRET leaves them (RCX = RIP, R11 = RFLAGS). Many round trips.
 */
#include <guest.h>

const char test_title[] = "syscall: user system calls, callback frame, iret back";

static struct cpu_regs seen;
static volatile unsigned long calls, set_in_syscall;

static bool on_syscall(struct cpu_regs *r)
{
	seen = *r;
	calls++;
	r->rax = r->rdi + r->rsi; /* the "system call" */
	r->rcx = 0x1111;	  /* what iret restores unless in_syscall */
	r->r11 = 0x2222;
	if (set_in_syscall)
		iret_flags = VGCF_in_syscall;
	return true;
}

extern char after_syscall[];
static volatile uint64_t user_rcx, user_r11, user_rsp;

static __attribute__((noinline)) long one_call(void)
{
	long ret;
	register long r10 __asm__("r10") = 0x1010;
	register long r8 __asm__("r8") = 0x8888;
	register long r9 __asm__("r9") = 0x9999;

	__asm__ __volatile__("mov %%rsp, user_rsp(%%rip)\n"
			     "syscall\n.globl after_syscall\nafter_syscall:\n"
			     "mov %%rcx, user_rcx(%%rip)\nmov %%r11, user_r11(%%rip)\n"
			     : "=a"(ret), "+r"(r10), "+r"(r8), "+r"(r9)
			     : "0"(0x55L), "D"(40L), "S"(2L), "d"(0x4444L)
			     : "rcx", "r11", "memory");
	return ret;
}

static long many_calls(void)
{
	long sum = 0;

	for (int i = 0; i < 1000; i++)
		sum += one_call();
	return sum;
}

void test_main(void)
{
	trap_hook[VEC_SYSCALL] = on_syscall;
	check(exec_user(one_call) == 42, "the system call's result comes back in rax");
	check(seen.rcx == (uint64_t)after_syscall, "frame rcx %#lx = return address",
	      (unsigned long)seen.rcx);
	check(seen.rip == (uint64_t)after_syscall, "frame rip = return address");
	check((seen.r11 & 0x202) == 0x202 && seen.r11 == seen.rflags, "frame r11 = rflags %#lx",
	      (unsigned long)seen.r11);
	check((seen.cs & 0xffff) == 0xe033 && (seen.ss & 0xffff) == 0xe02b, "frame cs/ss %#lx/%#lx",
	      (unsigned long)seen.cs, (unsigned long)seen.ss);
	check(seen.rsp == user_rsp, "frame rsp = user rsp");
	check(seen.rax == 0x55 && seen.rdi == 40 && seen.rsi == 2 && seen.rdx == 0x4444 &&
		      seen.r10 == 0x1010 && seen.r8 == 0x8888 && seen.r9 == 0x9999,
	      "argument registers arrive unchanged");
	check(user_rcx == 0x1111 && user_r11 == 0x2222, "iret restores rcx/r11 from the frame");
	set_in_syscall = 1;
	check(exec_user(one_call) == 42, "again, returning with VGCF_in_syscall");
	check(user_rcx == (uint64_t)after_syscall && (user_r11 & 0x202) == 0x202,
	      "VGCF_in_syscall: rcx %#lx r11 %#lx as SYSRET leaves them", (unsigned long)user_rcx,
	      (unsigned long)user_r11);
	set_in_syscall = 0;
	calls = 0;
	check(exec_user(many_calls) == 42000 && calls == 1000, "1000 round trips");
}
