/* Assembly helpers shared by the entry paths. Matches struct cpu_user_regs. */
#ifndef ASM_ASM_DEFNS_H
#define ASM_ASM_DEFNS_H

/* clang-format off */
/* The GPRs only: for the SYSCALL entry, where SFMASK already cleared DF and AC. */
.macro SAVE_GPRS
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

/* Any other entry: the interrupted context's DF and AC are unknown. */
.macro SAVE_ALL
	cld
	SAVE_GPRS
	testb $1, cpu_has_smap(%rip)
	jz 99f
	clac
99:
.endm

.macro RESTORE_ALL
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
.endm
/* clang-format on */

#endif
