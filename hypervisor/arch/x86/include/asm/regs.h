/*
 * The register frame that every entry path (exception, interrupt, and later
 * guest hypercall/syscall) builds on the stack. Order matches the push order
 * in cpu/entry.S; the last five fields are the hardware frame.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <xeno/types.h>

struct cpu_user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u32 error_code;
	u32 entry_vector;
	u64 rip, cs, rflags, rsp, ss;
};

static inline bool regs_from_hypervisor(const struct cpu_user_regs *r)
{
	return (r->cs & 3) == 0;
}

#endif
