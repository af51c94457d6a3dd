/*
 * Guest entry by SYSCALL and the common return to guest.
 *
 * LSTAR points at a per-CPU stub (pv/syscall.c writes it) that saves the
 * guest's %rax into cpu_info.guest_regs.rax, moves the guest %rsp into %rax,
 * points %rsp at the end of guest_regs and jumps to lstar_enter. Here we
 * complete a struct cpu_user_regs exactly where an exception from the guest
 * would have put it, so every guest entry shares one frame and one exit.
 * The guest mode picks the handler here: a hypercall from guest kernel
 * mode, the guest's own system call (a bounce) from guest user mode.
 * %rax = __HYPERVISOR_iret takes its own path first (pv/iret_entry.S),
 * which comes back to lstar_frame if it is not one; %rax = __HYPERVISOR_mmu_update
 * likewise (pv/mmu_entry.S: the one-request shape, Linux's set_pte).
 */
#include <asm/config.h>
#include <asm-offsets.h>
#include <asm/asm_defns.h>

#define GUEST_KERNEL_CS 0xe033
#define GUEST_KERNEL_SS 0xe02b

	.text
/* lstar_enter's ways other than the table's call: back to restore_all_guest. */
.Lcontinued:
	movb $0, CPUINFO_hypercall_continued(%rsp) /* the registers hold it */
	jmp restore_all_guest
.Ldispatch:
	movq %rsp, %rdi
	call hypercall_dispatch
	jmp restore_all_guest
.Lfrom_user:
	movq %rsp, %rdi
	call pv_syscall_from_user /* from guest user mode: its own system call */
	jmp restore_all_guest

	.globl lstar_enter, lstar_frame
lstar_enter:
	cmpq $HYPERCALL_iret, UREGS_rax - UREGS_SIZE(%rsp)
	je lstar_iret
	cmpq $HYPERCALL_mmu_update, UREGS_rax - UREGS_SIZE(%rsp)
	je lstar_mmu
lstar_frame:
	pushq $GUEST_KERNEL_SS
	pushq %rax /* guest rsp */
	pushq %r11 /* guest rflags */
	pushq $GUEST_KERNEL_CS
	pushq %rcx /* guest rip */
	pushq $0
	movl $TRAP_syscall, 4(%rsp)
	movq UREGS_rax - UREGS_error_code(%rsp), %rax
	SAVE_GPRS /* SFMASK cleared DF and AC (pv/syscall.c): no cld, no clac */
	xorl %ebp, %ebp
	/* %rsp = &cpu_info.guest_regs = this CPU's cpu_info. */
	movq CPUINFO_curr_vcpu(%rsp), %r11
	cmpb $0, VCPU_pv_kernel_mode(%r11)
	je .Lfrom_user
	/*
	 * From guest kernel mode: a hypercall, number in %rax, arguments still
	 * in %rdi, %rsi, %rdx, %r10, %r8. Called straight from the table (as
	 * hypercall_dispatch's fast path: pv/hypercall.c) unless tracing or
	 * the audit is on, or the number is beyond the table.
	 */
	cmpq $64, %rax /* NR_HYPERCALLS */
	jae .Ldispatch
	cmpb $0, hypercall_slow(%rip)
	jne .Ldispatch
	shlq $4, %rax
	leaq hypercall_table(%rip), %r11
	movq (%r11,%rax), %r11 /* every row has one (pv/hypercall.c) */
	movq %r10, %rcx
	call *%r11
	cmpb $0, CPUINFO_hypercall_continued(%rsp)
	jne .Lcontinued
	movq %rax, UREGS_rax(%rsp)
	/* into restore_all_guest */

/*
 * %rsp = the guest frame (struct cpu_user_regs); never returns. If the
 * iretq faults (a CS/SS the guest supplied is unusable, a non-canonical
 * RIP), the exception table resumes at iret_fault with %rsp back at the
 * failed frame and the guest's registers loaded: rebuild the frame and give
 * the guest the #GP.
 */
	.globl restore_all_guest
restore_all_guest:
	/*
	 * pv_exit_to_guest's common case inline (pv/upcall.c): interrupts
	 * off, this CPU's quiescent point counted, nothing to reclaim, no
	 * reschedule and no event pending for the vCPU. Anything else calls
	 * it (its own count of the point again, harmless: a counter), and it
	 * may turn the return into an event upcall or schedule.
	 */
	cli
	incq CPUINFO_quiescent_count(%rsp)
	cmpb $0, domain_reclaim_busy(%rip)
	jne 2f
	cmpb $0, CPUINFO_need_resched(%rsp)
	jne 2f
	movq CPUINFO_curr_vcpu(%rsp), %rax
	testq %rax, %rax
	jz 3f
	movq VCPU_vcpu_info(%rax), %rax
	cmpb $0, VCPUINFO_upcall_pending(%rax)
	je 3f
2:	movq %rsp, %rdi
	call pv_exit_to_guest
3:	RESTORE_ALL
	addq $8, %rsp
	IRETQ_GUEST
	.globl iret_fault /* also the other paths' IRETQ_GUEST */
iret_fault:
	pushq $0
	SAVE_ALL
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_iret_fault
	jmp restore_all_guest

/* void reset_stack_and_enter_guest(struct cpu_user_regs *frame) */
	.globl reset_stack_and_enter_guest
reset_stack_and_enter_guest:
	movq %rdi, %rsp
	jmp restore_all_guest

/* void reset_stack_and_call(void (*fn)(void)): fn on this CPU's empty stack. */
	.globl reset_stack_and_call
reset_stack_and_call:
	movq %rsp, %rax
	orq $(STACK_SIZE - 1), %rax
	leaq 1 - CPU_INFO_SIZE(%rax), %rsp
	andq $-16, %rsp
	subq $8, %rsp /* as if called */
	xorl %ebp, %ebp
	jmp *%rdi

/* A 32-bit SYSCALL: compat guests are not supported. */
	.globl cstar_enter
cstar_enter:
	ud2
