/* Assembly helpers shared by the entry paths. Matches struct cpu_user_regs. */
#ifndef ASM_ASM_DEFNS_H
#define ASM_ASM_DEFNS_H

/* clang-format off */
/* The nine registers the C ABI does not keep, in cpu_user_regs' order. */
.macro SAVE_CALLER
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
.endm

/* The six it keeps, below them: a whole frame. */
.macro SAVE_KEPT
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

/* The GPRs only: for the SYSCALL entry, where SFMASK already cleared DF and AC. */
.macro SAVE_GPRS
	SAVE_CALLER
	SAVE_KEPT
.endm

/* Guest memory accessed between the two (SMAP, where the CPU has it). */
.macro SMAP_STAC
	testb $1, cpu_has_smap(%rip)
	jz 99f
	stac
99:
.endm

.macro SMAP_CLAC
	testb $1, cpu_has_smap(%rip)
	jz 99f
	clac
99:
.endm

/* An exception-table entry: a fault at `from` resumes at `to`. */
.macro EX_TABLE from, to
	.pushsection .ex_table, "a"
	.balign 8
	.quad \from - .
	.quad \to - .
	.popsection
.endm

/*
 * restore_all_guest's three reasons not to return straight to the guest
 * (pv/entry.S: an event pending for the vCPU, whose vcpu_info is in
 * \vinfo; domains to reclaim; a reschedule), for the fast paths that
 * return on their own: any of them goes to \work. \frame: where
 * cpu_info is from %rsp.
 */
.macro EXIT_WORK_TEST vinfo, work, frame=0
	cmpb $0, VCPUINFO_upcall_pending(\vinfo)
	jne \work
	cmpb $0, domain_reclaim_busy(%rip)
	jne \work
	cmpb $0, \frame + CPUINFO_need_resched(%rsp)
	jne \work
.endm

/* The return to the guest: an iretq that faults goes to iret_fault (pv/entry.S). */
.macro IRETQ_GUEST
1:	iretq
	EX_TABLE 1b, iret_fault
.endm

/* Any other entry: the interrupted context's DF and AC are unknown. */
.macro SAVE_ALL
	cld
	SAVE_GPRS
	SMAP_CLAC
.endm

.macro RESTORE_CALLER
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

.macro RESTORE_ALL
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	RESTORE_CALLER
.endm
/* clang-format on */

#endif
