/*
 * The #PF from guest user mode (every Linux process's page fault) bounced
 * to the guest kernel's handler without C: cpu/entry.S's guest_page_fault
 * has pushed the nine registers the C ABI does not keep (SAVE_GPRS's first
 * nine) and found the vCPU in guest user mode; the other six stay in their
 * registers from the fault to the iretq.
 *
 * Invariants:
 * - The same bounce as do_guest_pf()'s (pv/traps.c: bounce_frame() with
 *   the error code), for the common case only: U set and not a write to a
 *   present page (no ptwr, no copy on write), a handler set, no LDT,
 *   log-dirty off, no architectural IOPL, fault tracing off. Anything else
 *   completes the frame and calls pv_do_page_fault(), before anything is
 *   changed.
 * - %rsp stays at the r11 slot: a fault's frame (our write to the guest's
 *   stack, resolved or not) lands in the six slots below, unused here, and
 *   under them.
 * - The frame's eight words are written between stac and clac after the
 *   switch to guest kernel mode (its stack is mapped in its own tables);
 *   a stack outside the guest's half or a word that faults crashes the
 *   domain (pv_bounce_fault_crash), as the leaf does.
 * - Work on the way out (an event pending, a reschedule, domains to
 *   reclaim) completes the frame and takes restore_all_guest's path.
 */
#include <asm/config.h>
#include <asm-offsets.h>
#include <asm/asm_defns.h>

#define F(slot) ((slot) - UREGS_r11) /* a frame slot from %rsp */

/* A store to the guest's stack: a fault crashes the domain. */
.macro GUEST_PUT insn:vararg
1:	\insn
	EX_TABLE 1b, .Lpf_fault
.endm

	.text
/* %rsp = the r11 slot, %rsi = the vCPU (in guest user mode). */
	.globl user_page_fault
user_page_fault:
	movl F(UREGS_error_code)(%rsp), %eax
	movl %eax, %ecx
	andl $7, %ecx
	subl $4, %ecx /* U set: 4, 5 or 6; 7 is a write to a present page */
	cmpl $2, %ecx
	ja .Lpf_general
	testl $TRACE_FAULT_MASK, trace_on(%rip)
	jnz .Lpf_general
	movq VCPU_pv_trap_pf(%rsi), %rdx
	testq %rdx, %rdx
	jz .Lpf_general
	cmpl $0, VCPU_pv_ldt_ents(%rsi)
	jne .Lpf_general
	movq VCPU_domain(%rsi), %rdi
	cmpb $0, DOMAIN_shadow_on(%rdi)
	jne .Lpf_general
	testq $VMASST_ARCH_IOPL, DOMAIN_vm_assist(%rdi)
	jnz .Lpf_general
	/* CR2 for the guest, then guest kernel mode (toggle_guest_mode()). */
	movq VCPU_vcpu_info(%rsi), %rdi
	movq %cr2, %rcx
	movq %rcx, VCPUINFO_arch_cr2(%rdi)
	movb $1, VCPU_pv_kernel_mode(%rsi)
	swapgs
	movq VCPU_pv_guest_table(%rsi), %rcx
	cmpq $-1, VCPU_pv_shadow_table(%rsi)
	jne .Lpf_shadow
.Lpf_root:
	shlq $12, %rcx
	movq %rcx, %cr3
	/* The frame below kernel_sp, 16-aligned, in the guest's half. */
	movq VCPU_pv_kernel_sp(%rsi), %r8
	andq $-16, %r8
	subq $64, %r8
	cmpq $-65, %r8
	ja .Lpf_bad_stack
	movabs $GUEST_VIRT_END, %rcx
	cmpq %rcx, %r8
	jae .Lpf_stack_ok
	leaq 63(%r8), %rcx
	shrq $47, %rcx
	jnz .Lpf_bad_stack
.Lpf_stack_ok:
	/* RCX, R11, error code, RIP, CS with the saved mask, RFLAGS, RSP, SS. */
	movzbl VCPUINFO_upcall_mask(%rdi), %r9d
	SMAP_STAC
	movq F(UREGS_rcx)(%rsp), %rcx
	GUEST_PUT movq %rcx, (%r8)
	movq F(UREGS_r11)(%rsp), %rcx
	GUEST_PUT movq %rcx, 8(%r8)
	GUEST_PUT movq %rax, 16(%r8)
	movq F(UREGS_rip)(%rsp), %rcx
	GUEST_PUT movq %rcx, 24(%r8)
	movq %r9, %rcx
	shlq $32, %rcx
	orq F(UREGS_cs)(%rsp), %rcx
	GUEST_PUT movq %rcx, 32(%r8)
	movq F(UREGS_rflags)(%rsp), %rcx /* guest_rflags(): IF from the mask */
	andq $~0x3200, %rcx /* X86_EFLAGS_IF | X86_EFLAGS_IOPL */
	testl %r9d, %r9d
	jnz 2f
	orq $0x200, %rcx
2:	GUEST_PUT movq %rcx, 40(%r8)
	movq F(UREGS_rsp)(%rsp), %rcx
	GUEST_PUT movq %rcx, 48(%r8)
	movq F(UREGS_ss)(%rsp), %rcx
	GUEST_PUT movq %rcx, 56(%r8)
	SMAP_CLAC
	/* To the handler, events masked if its trap says so. */
	btq $TRAP_IF_MASK_BIT, %rdx
	jnc 3f
	movb $1, VCPUINFO_upcall_mask(%rdi)
3:	shlq $16, %rdx
	sarq $16, %rdx
	movq %rdx, F(UREGS_rip)(%rsp)
	movq $GUEST_FLAT_KERNEL_CS, F(UREGS_cs)(%rsp)
	movq %r8, F(UREGS_rsp)(%rsp)
	movq $GUEST_FLAT_KERNEL_SS, F(UREGS_ss)(%rsp)
	andq $~0x74100, F(UREGS_rflags)(%rsp) /* TF, NT, RF, VM, AC */
	orq $0x200, F(UREGS_rflags)(%rsp)
	/* restore_all_guest's test (interrupts are off: an interrupt gate). */
	incq F(CPUINFO_quiescent_count)(%rsp)
	EXIT_WORK_TEST %rdi, .Lpf_work, F(0)
	RESTORE_CALLER
	addq $8, %rsp
	IRETQ_GUEST

/* Not the common case: pv_do_page_fault() on the whole frame. */
.Lpf_general:
	SAVE_KEPT
	SMAP_CLAC
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_do_page_fault
	jmp restore_all_guest

/* Log-dirty mode: CR3 holds the kernel table's shadow. */
.Lpf_shadow:
	movq VCPU_pv_shadow_table(%rsi), %rcx
	jmp .Lpf_root

.Lpf_work:
	SAVE_KEPT
	jmp restore_all_guest

.Lpf_fault:
	SMAP_CLAC
.Lpf_bad_stack:
	SAVE_KEPT
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_bounce_fault_crash
	jmp restore_all_guest
