/*
 * Test-guest trap handling. Every bounce (exception, int $n, syscall from
 * user mode, failsafe) arrives in do_trap() with the registers as they were.
 * Order of handling: exception-table fixup for the trapping RIP (records the
 * trap in last_trap), then a test's trap_hook[], else the test ends with
 * ERROR after a register dump. Returning from do_trap resumes the frame,
 * possibly modified, through HYPERVISOR_iret.
 */
#include <guest.h>

struct trap_record last_trap;
trap_hook_fn trap_hook[VEC_EVENT + 1];

struct extable_entry {
	uint64_t fault, fixup;
};
extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

static const char *const vector_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09", "#TS",
	"#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void trap_record_clear(void)
{
	memset(&last_trap, 0, sizeof(last_trap));
}

static uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static void record(const struct cpu_regs *regs)
{
	last_trap.count++;
	last_trap.vector = regs->entry_vector;
	last_trap.error_code = regs->error_code;
	last_trap.rip = regs->rip;
	last_trap.cs = regs->cs;
	last_trap.rflags = regs->rflags;
	last_trap.rsp = regs->rsp;
	last_trap.ss = regs->ss;
	if (regs->entry_vector == 14)
		last_trap.cr2 = read_cr2();
}

static bool extable_fixup(struct cpu_regs *regs)
{
	for (const struct extable_entry *e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->fault == regs->rip) {
			record(regs);
			regs->rip = e->fixup;
			if (regs->entry_vector == 1)
				regs->rflags &= ~0x100UL; /* a single-step trap: stop stepping */
			return true;
		}
	}
	return false;
}

static const char *vector_name(unsigned int v)
{
	if (v == VEC_SYSCALL)
		return "syscall";
	if (v == VEC_FAILSAFE)
		return "failsafe";
	if (v == VEC_EVENT)
		return "event";
	if (v < 32 && vector_names[v])
		return vector_names[v];
	return "int";
}

void dump_regs(const struct cpu_regs *r)
{
	printf("trap %s (vector %u) error code %#x from %s mode\n", vector_name(r->entry_vector),
	       r->entry_vector, r->error_code, (r->cs & 3) ? "user" : "kernel");
	printf("rip %016lx cs %04lx rflags %016lx rsp %016lx ss %04lx\n", r->rip, r->cs, r->rflags,
	       r->rsp, r->ss);
	printf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax, r->rbx, r->rcx, r->rdx);
	printf("rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", r->rsi, r->rdi, r->rbp, r->r8);
	printf("r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", r->r9, r->r10, r->r11, r->r12);
	printf("r13 %016lx r14 %016lx r15 %016lx\n", r->r13, r->r14, r->r15);
	if (r->entry_vector == 14)
		printf("cr2 %016lx\n", read_cr2());
}

void do_trap(struct cpu_regs *regs);
void do_trap(struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;

	if (v < VEC_SYSCALL && extable_fixup(regs))
		return;
	iret_flags = 0;
	if (v <= VEC_EVENT && trap_hook[v] && trap_hook[v](regs))
		return;
	error("unexpected trap");
	dump_regs(regs);
	test_finish(SHUTDOWN_poweroff);
}
