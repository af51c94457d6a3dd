/*
 * Exception dispatch and the crash report.
 *
 * Exceptions taken in the hypervisor either resume at an exception-table
 * fixup (guest-memory accessors) or are fatal: the report names the vector,
 * error code, CR2, every register and a symbolised frame-pointer backtrace,
 * then the machine reboots (or halts with "noreboot"). Vectors >= 32 go to
 * the handler registered with set_irq_handler().
 */
#include <xeno/console.h>
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/shutdown.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/traps.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

static const char *const exception_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization",
	"#CP control protection",
};

static irq_handler_t irq_handlers[256];
static DEFINE_SPINLOCK(crash_lock);

void set_irq_handler(unsigned int vector, irq_handler_t fn)
{
	irq_handlers[vector] = fn;
}

unsigned long search_exception_table(unsigned long addr)
{
	extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if ((unsigned long)&e->insn + e->insn == addr)
			return (unsigned long)&e->fixup + e->fixup;
	return 0;
}

void show_registers(const struct cpu_user_regs *r)
{
	printk(XENLOG_ERR "RIP:    %04lx:[<%016lx>] %pS\n", r->cs, r->rip, (void *)r->rip);
	printk(XENLOG_ERR "RFLAGS: %016lx   CPU: %u\n", r->rflags, smp_processor_id());
	printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
	printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk(XENLOG_ERR "rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
	printk(XENLOG_ERR "r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
	printk(XENLOG_ERR "r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
	printk(XENLOG_ERR "r15: %016lx   cr0: %016lx   cr4: %016lx\n", r->r15, read_cr0(),
	       read_cr4());
	printk(XENLOG_ERR "cr3: %016lx   cr2: %016lx   ss:  %04lx\n", read_cr3(), read_cr2(),
	       r->ss);
}

void arch_show_guest_registers(const struct cpu_user_regs *r)
{
	printk(XENLOG_ERR "RIP:    %04lx:[<%016lx>] RFLAGS: %016lx RSP: %016lx SS: %04lx\n", r->cs,
	       r->rip, r->rflags, r->rsp, r->ss);
	printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
	printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk(XENLOG_ERR "rbp: %016lx   r8:  %016lx   r9:  %016lx\n", r->rbp, r->r8, r->r9);
	printk(XENLOG_ERR "r10: %016lx   r11: %016lx   r12: %016lx\n", r->r10, r->r11, r->r12);
	printk(XENLOG_ERR "r13: %016lx   r14: %016lx   r15: %016lx\n", r->r13, r->r14, r->r15);
}

static bool on_this_stack(unsigned long p)
{
	unsigned long top = (unsigned long)(get_cpu_info() + 1);

	return p >= top - STACK_SIZE && p + 16 <= top && !(p & 7);
}

void arch_show_stack_trace(unsigned long rip, unsigned long rbp)
{
	printk(XENLOG_ERR "Xen call trace:\n");
	printk(XENLOG_ERR "   [<%016lx>] %pS\n", rip, (void *)rip);
	for (int depth = 0; depth < 32 && on_this_stack(rbp); depth++) {
		unsigned long ret = ((unsigned long *)rbp)[1];

		if (!ret)
			break;
		printk(XENLOG_ERR "   [<%016lx>] %pS\n", ret, (void *)ret);
		rbp = ((unsigned long *)rbp)[0];
	}
}

void fatal_trap(const struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	spin_lock(&crash_lock);
	console_force_unlock();
	printk(XENLOG_ERR "\n****************************************\n");
	printk(XENLOG_ERR "FATAL TRAP: vector %u (%s), error code %#x\n", vec,
	       vec < 32 && exception_names[vec] ? exception_names[vec] : "?", regs->error_code);
	if (vec == 14)
		printk(XENLOG_ERR "Faulting linear address (CR2): %016lx\n", read_cr2());
	show_registers(regs);
	arch_show_stack_trace(regs->rip, regs->rbp);
	printk(XENLOG_ERR "****************************************\n");
	arch_machine_crash();
}

/* NMIs are how a crashing or powering-off CPU stops the others. */
static void do_nmi(struct cpu_user_regs *regs)
{
	extern volatile bool cpus_stopping;

	if (!cpus_stopping) {
		printk(XENLOG_WARNING "CPU%u: NMI received at %pS\n", smp_processor_id(),
		       (void *)regs->rip);
		return;
	}
	__atomic_fetch_and(&cpu_online_map, ~(1ULL << smp_processor_id()), __ATOMIC_SEQ_CST);
	arch_machine_halt();
}

/* Error code of the last fault resolved by the exception table. */
DEFINE_PER_CPU(u32, fixup_error_code);

static void do_exception(struct cpu_user_regs *regs)
{
	unsigned long fixup;

	if (!regs_from_hypervisor(regs)) {
		pv_do_exception(regs);
		return;
	}
	/* A guest watchpoint hit by our own access to guest memory: the guest
	 * never sees that access, so absorb it (keep DR6 for get_debugreg). */
	if (regs->entry_vector == 1 && current) {
		__asm__ __volatile__("mov %%db6, %0" : "=r"(current->pv.dr[6]));
		__asm__ __volatile__("mov %0, %%db6" ::"r"(0xffff0ff0UL));
		return;
	}
	if (regs->entry_vector == 14 && pv_ldt_fault(regs, read_cr2()))
		return; /* our own selector load touched a guest LDT page: now mapped */
	if (regs->entry_vector == 14 && current &&
	    pv_shadow_fault(current, read_cr2(), regs->error_code))
		return; /* a guest page we wrote or read was clean (log-dirty) */
	fixup = search_exception_table(regs->rip);
	if (fixup) {
		this_cpu(fixup_error_code) = regs->error_code;
		regs->rip = fixup;
		return;
	}
	fatal_trap(regs);
}

static void do_interrupt(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	if (irq_handlers[vec])
		irq_handlers[vec](regs);
	else
		printk(XENLOG_WARNING "CPU%u: unexpected interrupt vector %#x\n",
		       smp_processor_id(), vec);
}

void do_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	if (vec == 2) {
		do_nmi(regs);
		return;
	}
	if (vec < 32)
		do_exception(regs);
	else
		do_interrupt(regs);
	if (!regs_from_hypervisor(regs))
		pv_exit_to_guest(regs); /* event upcalls on the way back */
}
