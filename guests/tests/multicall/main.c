/*
 * multicall: entries run in order with per-entry results; a failing entry
 * does not stop the later ones; an unknown hypercall is -ENOSYS in its
 * slot; a list the hypervisor cannot read is -EFAULT; a nested multicall is
 * -EINVAL in its slot. An iret entry is performed as on Xen 4.17 (the
 * frame at the RSP the multicall was made with): execution resumes where
 * the frame says, the entry's result is the frame's RAX, the multicall
 * returns that RAX truncated to an int (Xen's return code is an int), and
 * the later entries do not run.
 */
#include <guest.h>

const char test_title[] = "multicall: per-entry results, nested multicall, iret ends the batch";

static volatile uint64_t resume_rsp, rax_seen, rcx_seen, r11_seen;
extern char mc_resume[];

/* multicall(m, n) by a bare SYSCALL with this iret frame at RSP (kernel, same stack). */
static __attribute__((noinline)) void multicall_with_frame(struct multicall_entry *m,
							   unsigned long n, uint64_t rax)
{
	__asm__ __volatile__("mov %%rsp, resume_rsp(%%rip)\n"
			     "pushq $0xe02b\npushq %%rsp\naddq $8, (%%rsp)\npushq $0x2\n"
			     "pushq $0xe030\nleaq mc_resume(%%rip), %%rax\npushq %%rax\n"
			     "pushq $0\npushq $0x1c1c\npushq $0x1b1b\npushq %2\n"
			     "mov $13, %%eax\nsyscall\n"
			     "ud2\n"
			     ".globl mc_resume\nmc_resume:\n"
			     "mov %%rax, rax_seen(%%rip)\n"
			     "mov %%rcx, rcx_seen(%%rip)\n"
			     "mov %%r11, r11_seen(%%rip)\n"
			     "mov resume_rsp(%%rip), %%rsp\n"
			     : "+D"(m), "+S"(n)
			     : "r"(rax)
			     : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "memory");
}

static void iret_entry(void)
{
	struct multicall_entry m[3] = {
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
		{.op = __HYPERVISOR_iret},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_pagesize}},
	};

	for (int i = 0; i < 3; i++)
		m[i].result = 0x5a5a;
	multicall_with_frame(m, 3, 0x1122334487654321UL);
	check_eq(m[0].result, 0x40011, "iret batch: entry 0 ran before the iret");
	check_eq(m[1].result, 0x1122334487654321UL, "iret entry's result: the frame's RAX");
	check_eq(m[2].result, 0x5a5a, "the entry after the iret did not run");
	check_eq(rax_seen, 0xffffffff87654321UL, "multicall's return: the frame's RAX as an int");
	check_eq(rcx_seen, 0x1c1c, "RCX from the iret frame");
	check_eq(r11_seen, 0x1b1b, "R11 from the iret frame");
	multicall_with_frame(m, 3, 0x7fffffff00000005UL);
	check_eq(rax_seen, 5, "multicall's return for RAX 0x7fffffff00000005");
}

void test_main(void)
{
	static char buf[8];
	struct multicall_entry m[4] = {
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
		{.op = __HYPERVISOR_console_io, .args = {CONSOLEIO_write, 8, 0x1000}},
		{.op = 63},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_pagesize}},
	};

	(void)buf;
	for (int i = 0; i < 4; i++)
		m[i].result = 0x5a5a;
	check(hc_multicall(m, 4) == 0, "multicall returns 0");
	check_eq(m[0].result, 0x40011, "entry 0: xen_version");
	check_eq(m[1].result, (uint64_t)-XEN_EFAULT, "entry 1: console write from 0x1000");
	check_eq(m[2].result, (uint64_t)-XEN_ENOSYS, "entry 2: unknown hypercall");
	check_eq(m[3].result, 4096, "entry 3 runs after the failures: pagesize");
	check(hc_multicall((struct multicall_entry *)0x1000, 1) == -XEN_EFAULT,
	      "unreadable list: -EFAULT");
	check(hc_multicall(m, 0) == 0, "empty list");
	m[0] = (struct multicall_entry){.op = __HYPERVISOR_multicall, .args = {(uint64_t)&m[1], 1}};
	m[1] = (struct multicall_entry){.op = __HYPERVISOR_xen_version, .result = 0x5a5a};
	check(hc_multicall(m, 1) == 0, "multicall containing a multicall");
	check_eq(m[0].result, (uint64_t)-XEN_EINVAL, "nested multicall: -EINVAL in its slot");
	check_eq(m[1].result, 0x5a5a, "the nested list did not run");
	iret_entry();
}
