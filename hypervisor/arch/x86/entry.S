/*
 * Exception and interrupt entry. Every vector gets a stub that makes the
 * stack look like struct cpu_user_regs (error code 0 where the CPU pushes
 * none, vector in the upper half of the error-code slot) and then joins
 * common_entry, which saves the GPRs and calls do_trap(regs).
 * SMAP: AC is cleared on every entry (the interrupted context's flags come
 * back with iretq).
 */
#include <asm/config.h>
#include <asm-offsets.h>

	.macro SAVE_ALL
	cld
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

	.text
common_entry:
	SAVE_ALL
	testb $1, cpu_has_smap(%rip)
	jz 1f
	clac
1:	movq %rsp, %rdi
	/* A frame record (rbp, rip) of the interrupted code, for backtraces. */
	pushq UREGS_rip(%rdi)
	pushq UREGS_rbp(%rdi)
	movq %rsp, %rbp
	subq $8, %rsp
	call do_trap
	leaq 16(%rbp), %rsp
	RESTORE_ALL
	addq $8, %rsp
	iretq

/* One 16-byte-aligned stub per vector; entry_stubs[] lists their addresses. */
	.pushsection .rodata.entry_stubs, "a"
	.balign 8
	.globl entry_stubs
entry_stubs:
	.popsection

	.set vec, 0
	.rept 256
	.p2align 4
1:
	.if !((vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30))
	pushq $0
	.endif
	movl $vec, 4(%rsp)
	jmp common_entry
	.pushsection .rodata.entry_stubs, "a"
	.quad 1b
	.popsection
	.set vec, vec + 1
	.endr
