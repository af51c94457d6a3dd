/* Exception handling and crash reports. */
#ifndef XENO_TRAPS_H
#define XENO_TRAPS_H

#include <xeno/compiler.h>
#include <xeno/percpu.h>
#include <asm/regs.h>

void do_trap(struct cpu_user_regs *regs);
void show_registers(const struct cpu_user_regs *regs);
/* Error code of the last fault the exception table resolved (this CPU). */
DECLARE_PER_CPU(u32, fixup_error_code);
void __noreturn fatal_trap(const struct cpu_user_regs *regs);

/*
 * Exception table: a faulting access at `insn` resumes at `fixup`. Used by
 * guest-memory accessors so a bad guest pointer gives -EFAULT, not a crash.
 */
struct exception_table_entry {
	long insn;  /* relative to the entry's own address */
	long fixup; /* likewise */
};
unsigned long search_exception_table(unsigned long addr);

#define _ASM_EXTABLE(from, to)                \
	"    .pushsection .ex_table, \"a\"\n" \
	"    .balign 8\n"                     \
	"    .quad " #from " - .\n"           \
	"    .quad " #to " - .\n"             \
	"    .popsection\n"

#endif
