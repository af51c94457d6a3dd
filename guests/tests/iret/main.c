/*
 * iret: HYPERVISOR_iret to guest kernel mode (CS with RPL 0) and to guest
 * user mode (RPL 3); the event mask restored from RFLAGS.IF; IOPL and VM
 * never taken from the frame; an iret the CPU refuses (a data selector as
 * CS, a non-canonical RIP) becomes the guest's own #GP with the frame it
 * tried to return to, as on Xen 4.17 (the failsafe callback is only for
 * segment registers a context switch cannot reload). RAX comes back from
 * the context, and RCX and R11 too unless VGCF_in_syscall (then a SYSRET's:
 * RIP and RFLAGS). An event pending when an iret unmasks (IF set in its
 * frame) comes as an upcall before the iret's target runs, which then has
 * the context's RAX, RCX and R11; pending while the frame keeps events
 * masked, it waits.
 */
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "iret: to kernel and user, event mask, refused frames";

static volatile uint64_t resume_rsp, flags_seen;
extern char resume_here[];

static bool on_gp(struct cpu_regs *r)
{
	last_trap.count++;
	last_trap.vector = 13;
	last_trap.error_code = r->error_code;
	last_trap.rip = r->rip;
	last_trap.cs = r->cs;
	r->rip = (uint64_t)resume_here;
	r->cs = 0xe030; /* RPL 0 in an iret frame: stay in guest kernel mode */
	r->rsp = resume_rsp;
	return true;
}

/* iret to rip with this cs and rflags (same stack): rax, r11, rcx, flags, rip, cs, rflags, rsp, ss
 */
static __attribute__((noinline)) void do_iret(uint64_t cs, uint64_t rip, uint64_t rflags)
{
	__asm__ __volatile__("mov %%rsp, resume_rsp(%%rip)\n"
			     "pushq $0xe02b\npushq %%rsp\naddq $8, (%%rsp)\npushq %2\n"
			     "pushq %0\npushq %1\npushq $0\npushq $0\npushq $0\npushq $0\n"
			     "mov $23, %%eax\nsyscall\n"
			     ".globl resume_here\nresume_here:\n"
			     "mov resume_rsp(%%rip), %%rsp\n"
			     "pushfq\npopq flags_seen(%%rip)\n"
			     :
			     : "r"(cs), "r"(rip), "r"(rflags)
			     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			       "memory");
}

static volatile uint64_t got_rax, got_rcx, got_r11;
extern char resume_regs[];

/* iret to guest kernel mode (same stack) with RAX, R11 and RCX in its context. */
static __attribute__((noinline)) void do_iret_regs(uint64_t flags)
{
	__asm__ __volatile__(
		"mov %%rsp, resume_rsp(%%rip)\n"
		"pushq $0xe02b\npushq %%rsp\naddq $8, (%%rsp)\npushq $0x202\n"
		"pushq $0xe030\nleaq resume_regs(%%rip), %%rax\npushq %%rax\npushq %0\n"
		"movabs $0x1111222233334444, %%rax\npushq %%rax\n"
		"movabs $0x5555666677778888, %%rax\npushq %%rax\n"
		"movabs $0x99990000aaaabbbb, %%rax\npushq %%rax\n"
		"mov $23, %%eax\nsyscall\n"
		".globl resume_regs\nresume_regs:\n"
		"mov %%rax, got_rax(%%rip)\nmov %%rcx, got_rcx(%%rip)\n"
		"mov %%r11, got_r11(%%rip)\n"
		"mov resume_rsp(%%rip), %%rsp\n"
		:
		: "r"(flags)
		: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}

static void context_registers(void)
{
	do_iret_regs(0);
	check(got_rax == 0x99990000aaaabbbb && got_rcx == 0x1111222233334444 &&
		      got_r11 == 0x5555666677778888,
	      "iret restores rax %#lx rcx %#lx r11 %#lx from its context", (unsigned long)got_rax,
	      (unsigned long)got_rcx, (unsigned long)got_r11);
	do_iret_regs(VGCF_in_syscall);
	check(got_rax == 0x99990000aaaabbbb && got_rcx == (uint64_t)resume_regs &&
		      (got_r11 & 0x200),
	      "iret with VGCF_in_syscall: rax %#lx, rcx %#lx the rip, r11 %#lx the rflags",
	      (unsigned long)got_rax, (unsigned long)got_rcx, (unsigned long)got_r11);
	shared->vcpu_info[0].evtchn_upcall_mask = 1;
}

static void mask_and_flags(void)
{
	do_iret(0xe030, (uint64_t)resume_here, 0x3002); /* IF clear, IOPL 3 */
	check(shared->vcpu_info[0].evtchn_upcall_mask == 1, "iret with IF clear masks events");
	check(!(flags_seen & 0x3000), "IOPL not taken from the frame (rflags %#lx)",
	      (unsigned long)flags_seen);
	do_iret(0xe030, (uint64_t)resume_here, 0x202); /* IF set */
	check(shared->vcpu_info[0].evtchn_upcall_mask == 0, "iret with IF set unmasks events");
	shared->vcpu_info[0].evtchn_upcall_mask = 1;
}

/* An IPI to ourselves while events are masked: pending, no upcall yet. */
static void send_masked(long port)
{
	events_disable();
	check(evtchn_send((unsigned int)port) == 0 && vcpu0()->evtchn_upcall_pending,
	      "send to port %ld: upcall_pending %u", port, vcpu0()->evtchn_upcall_pending);
}

static void pending_on_unmask(void)
{
	long port = bind_ipi(0);

	check(port > 0, "bind_ipi: %ld", port);
	events_reset_counts();
	send_masked(port);
	do_iret(0xe030, (uint64_t)resume_here, 0x2); /* IF clear: stays masked */
	check(upcall.upcalls == 0 && vcpu0()->evtchn_upcall_mask == 1,
	      "iret with IF clear and an event pending: no upcall (got %lu), mask %u",
	      upcall.upcalls, vcpu0()->evtchn_upcall_mask);
	got_rax = got_rcx = got_r11 = 0;
	do_iret_regs(0); /* IF set: the upcall first, then resume_regs */
	check(upcall.upcalls == 1 && upcall.seen[port] == 1 && upcall.if_in_frame == 1,
	      "iret unmasking a pending event: want 1 upcall (frame IF set), got %lu (%u, IF %lu)",
	      upcall.upcalls, upcall.seen[port], upcall.if_in_frame);
	check(got_rax == 0x99990000aaaabbbb && got_rcx == 0x1111222233334444 &&
		      got_r11 == 0x5555666677778888,
	      "after that upcall: rax %#lx rcx %#lx r11 %#lx from the iret's context",
	      (unsigned long)got_rax, (unsigned long)got_rcx, (unsigned long)got_r11);
	send_masked(port);
	got_rax = 0;
	/* RCX and R11 unchecked: Xen's bounce frame keeps the SYSCALL's there */
	do_iret_regs(VGCF_in_syscall);
	check(upcall.upcalls == 2 && got_rax == 0x99990000aaaabbbb,
	      "iret with VGCF_in_syscall unmasking a pending event: %lu upcalls, rax %#lx",
	      upcall.upcalls, (unsigned long)got_rax);
	events_disable();
	check(evtchn_close((unsigned int)port) == 0, "close port %ld", port);
}

static long in_user(void)
{
	uint16_t cs;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	return cs;
}

static void refused(void)
{
	trap_hook[13] = on_gp;
	trap_record_clear();
	do_iret(0xe028, (uint64_t)resume_here, 0x2); /* becomes CS 0xe02b: a data segment */
	check(last_trap.count == 1 && last_trap.error_code == 0xe028,
	      "iret to a data selector: #GP(0xe028), got %lu ec %#x",
	      (unsigned long)last_trap.count, last_trap.error_code);
	check(last_trap.rip == (uint64_t)resume_here && (last_trap.cs & 0xffff) == 0xe028,
	      "the #GP frame is the refused one: %#lx:%#lx", (unsigned long)last_trap.cs,
	      (unsigned long)last_trap.rip);
	trap_record_clear();
	do_iret(0xe030, 0x8000000000000000UL, 0x2);
	check(last_trap.count == 1 && last_trap.error_code == 0 &&
		      last_trap.rip == 0x8000000000000000UL,
	      "iret to a non-canonical RIP: #GP(0) there, got ec %#x rip %#lx",
	      last_trap.error_code, (unsigned long)last_trap.rip);
	trap_hook[13] = NULL;
}

void test_main(void)
{
	if (!events_init())
		return;
	do_iret(0xe030, (uint64_t)resume_here, 0x2);
	/* in guest user mode a SYSCALL would be the guest's own (an ERROR here) */
	check(hypercall_syscall(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0) == 0x40011,
	      "iret with RPL 0 stays in guest kernel mode: SYSCALL is a hypercall");
	check(exec_user(in_user) == 0xe033, "iret to user mode runs with CS 0xe033");
	mask_and_flags();
	context_registers();
	pending_on_unmask();
	refused();
}
