/*
 * Exception and interrupt entry. Every vector gets a stub that makes the
 * stack look like struct cpu_user_regs (error code 0 where the CPU pushes
 * none, vector in the upper half of the error-code slot) and then joins
 * common_entry, which saves the GPRs and calls do_trap(regs); an exception
 * from a guest goes to guest_exception (guest_page_fault for a #PF) instead.
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

/*
 * An exception from a guest (CS RPL 3; not the IST vectors 2, 8 and 18,
 * whose frames are not in guest_regs): straight to pv_do_exception and the
 * common exit to the guest, as a hypercall returns (pv/entry.S), without
 * do_trap's dispatch or a frame record of the guest's RIP. The return
 * through restore_all_guest is the same iretq with the same exit work
 * (pv_exit_to_guest) that do_trap did, plus its #GP on a faulting iretq.
 */
guest_exception:
	SAVE_ALL
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_do_exception
	jmp restore_all_guest
/*
 * The guest's #PF (every Linux page fault) to its own handler: from guest
 * user mode to user_page_fault (pv/bounce_entry.S: a process's fault,
 * bounced, with the nine registers the C ABI does not keep saved), from
 * guest kernel mode to pv_do_page_fault(regs, vcpu) (ptwr, the kernel's
 * own) on the whole frame, SAVE_ALL's work in its order.
 */
guest_page_fault:
	cld
	SAVE_CALLER
	movq CPUINFO_curr_vcpu - UREGS_r11(%rsp), %rsi
	cmpb $0, VCPU_pv_kernel_mode(%rsi)
	je user_page_fault
	SAVE_KEPT
	SMAP_CLAC
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_do_page_fault
	jmp restore_all_guest

/*
 * One 16-byte-aligned stub per vector; entry_stubs[] lists their addresses.
 * An exception vector (below 32, no IST) from a guest goes to guest_exception.
 */
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
	.if (vec < 32) && (vec != 2) && (vec != 8) && (vec != 18)
	testb $3, UREGS_cs - UREGS_error_code(%rsp)
	.if vec == 14
	jnz guest_page_fault
	.else
	jnz guest_exception
	.endif
	.endif
	jmp common_entry
	.pushsection .rodata.entry_stubs, "a"
	.quad 1b
	.popsection
	.set vec, vec + 1
	.endr
