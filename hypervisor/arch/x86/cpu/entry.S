/*
 * Exception and interrupt entry. Every vector gets a stub that makes the
 * stack look like struct cpu_user_regs (error code 0 where the CPU pushes
 * none, vector in the upper half of the error-code slot) and then joins
 * common_entry, which saves the GPRs and calls do_trap(regs).
 * SMAP: AC is cleared on every entry (the interrupted context's flags come
 * back with iretq). From a guest, the CPU switches to TSS.rsp0, so the frame
 * lands in this CPU's cpu_info.guest_regs; returning uses the same iretq.
 */
#include <asm/config.h>
#include <asm-offsets.h>
#include <asm/asm_defns.h>

	.text
common_entry:
	SAVE_ALL
	movq %rsp, %rdi
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
