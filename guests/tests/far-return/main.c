/*
 * far-return: the native far returns a guest executes at CPL3, in guest
 * user and guest kernel mode: `lretq` (with and without an immediate) and
 * `iretq` to the same privilege resume at the popped RIP with the popped CS
 * and the stack popped; `lretq` to a more privileged (RPL 0) selector is
 * #GP(selector) at the lretq (its exception-table entry). Under QEMU TCG with SMAP these faults (a
 * supervisor read of the user stack) reach the hypervisor, which must do
 * the return itself (xeno, pv/traps.c); Xen 4.17 runs without SMAP here.
 */
#include <guest.h>

const char test_title[] = "far-return: lretq, lretq $imm, iretq in guest user and kernel mode";

static volatile uint64_t saved_rsp;

/* lretq to the next label with CS 0xe033; 1 if it got there with CS and RSP as expected. */
static long do_lretq(void)
{
	uint64_t before, after, cs;

	__asm__ __volatile__("mov %%rsp, %0\n"
			     "pushq $0xe033\n"
			     "leaq 1f(%%rip), %%rax\n"
			     "pushq %%rax\n"
			     "lretq\n"
			     "ud2\n"
			     "1: mov %%rsp, %1\n"
			     "mov %%cs, %2\n"
			     : "=&r"(before), "=&r"(after), "=&r"(cs)
			     :
			     : "rax", "memory");
	return before == after && (cs & 0xffff) == 0xe033;
}

/* lretq $16: 16 bytes of parameters dropped after the pops. */
static long do_lretq_imm(void)
{
	uint64_t before, after;

	__asm__ __volatile__("mov %%rsp, %0\n"
			     "subq $16, %%rsp\n"
			     "pushq $0xe033\n"
			     "leaq 1f(%%rip), %%rax\n"
			     "pushq %%rax\n"
			     "lretq $16\n"
			     "ud2\n"
			     "1: mov %%rsp, %1\n"
			     : "=&r"(before), "=&r"(after)
			     :
			     : "rax", "memory");
	return before == after;
}

/* iretq to the same privilege: RIP, CS, RFLAGS, RSP, SS popped. */
static long do_iretq(void)
{
	uint64_t before, after;

	__asm__ __volatile__("mov %%rsp, %0\n"
			     "movq %%rsp, %%rax\n"
			     "pushq $0xe02b\n"
			     "pushq %%rax\n"
			     "pushq $0x202\n"
			     "pushq $0xe033\n"
			     "leaq 1f(%%rip), %%rax\n"
			     "pushq %%rax\n"
			     "iretq\n"
			     "ud2\n"
			     "1: mov %%rsp, %1\n"
			     : "=&r"(before), "=&r"(after)
			     :
			     : "rax", "memory", "cc");
	return before == after;
}

/* lretq to CS 0xe030 (RPL 0): the vector | error code << 8 it raised, 0 if none. */
static long do_lretq_rpl0(void)
{
	trap_record_clear();
	__asm__ __volatile__("mov %%rsp, saved_rsp(%%rip)\n"
			     "pushq $0xe030\n"
			     "leaq 2f(%%rip), %%rax\n"
			     "pushq %%rax\n"
			     "1: lretq\n"
			     "2: mov saved_rsp(%%rip), %%rsp\n" EXTABLE(1b, 2b)::
				     : "rax", "memory");
	return last_trap.count ? (long)(last_trap.vector | last_trap.error_code << 8) : 0;
}

static void in_both_modes(long (*fn)(void), long want, const char *what)
{
	long k = fn(), u = exec_user(fn);

	if (k != want)
		fail("%s in guest kernel mode: got %#lx, want %#lx", what, k, want);
	if (u != want)
		fail("%s in guest user mode: got %#lx, want %#lx", what, u, want);
}

void test_main(void)
{
	in_both_modes(do_lretq, 1, "lretq to CS 0xe033 (RSP and CS after)");
	in_both_modes(do_lretq_imm, 1, "lretq $16 (RSP after)");
	in_both_modes(do_iretq, 1, "iretq to CS 0xe033 (RSP after)");
	in_both_modes(do_lretq_rpl0, 13 | 0xe030 << 8, "lretq to CS 0xe030: #GP(0xe030)");
}
