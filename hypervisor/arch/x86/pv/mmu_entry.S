/*
 * The one-request mmu_update's own path from SYSCALL (lstar_enter jumps
 * here when the guest's %rax is __HYPERVISOR_mmu_update): Linux's set_pte,
 * HYPERVISOR_mmu_update(req, 1, NULL, DOMID_SELF), once a user page fault.
 * It saves only what the C call clobbers and the iretq needs, calls
 * pv_mmu_update_self (mm/mmu_update.c) and returns.
 *
 * Invariants:
 * - The same result as lstar_frame's way (do_mmu_update) on the same
 *   registers: anything else (another count, a done pointer, another
 *   domain, guest user mode, tracing or the audit on) goes back to
 *   lstar_enter with its registers as they came.
 * - Every register the guest sees comes back as it went in but %rax (the
 *   result): %rcx and %r11 are the SYSCALL's (RIP and RFLAGS, as
 *   restore_all_guest returns them), %rdi, %r8, %r9 and %rbp from their
 *   frame slots, %rsi, %rdx and %r10 the constants tested on the way in;
 *   the C call keeps %rbx and %r12-%r15. No hypervisor value is returned.
 * - %rsp is at cpu_info (the frame's base) before the call: a fault's
 *   frame (a guest word's #PF) is pushed below the guest frame. %rbp is 0
 *   across the call (the end of a backtrace, as lstar_frame's).
 * - Interrupts stay off from the SYSCALL to the iretq (the path enables
 *   none). Work on the way out (an event pending, a reschedule, domains to
 *   reclaim) completes the frame and takes restore_all_guest's path; an
 *   iretq that faults goes to iret_fault, as restore_all_guest's does.
 * - count 1 and no done pointer: no continuation (hypercall_continued is
 *   never set on this path).
 */
#include <asm/config.h>
#include <asm-offsets.h>
#include <asm/asm_defns.h>

#define GUEST_KERNEL_CS 0xe033
#define GUEST_KERNEL_SS 0xe02b
#define MMU_DOMID_SELF 0x7ff0

	.text
/*
 * From lstar_enter: %rsp = the end of the guest frame (nothing pushed),
 * %rax = the guest's RSP, %rcx and %r11 = the SYSCALL's, the guest's %rax
 * (1) in its slot; the arguments in %rdi, %rsi, %rdx, %r10.
 */
	.globl lstar_mmu
lstar_mmu:
	leaq -UREGS_SIZE(%rsp), %rsp /* = cpu_info */
	cmpq $1, %rsi
	jne .Lmmu_general
	testq %rdx, %rdx
	jnz .Lmmu_general
	cmpq $MMU_DOMID_SELF, %r10
	jne .Lmmu_general
	movq %r11, UREGS_rflags(%rsp)
	movq CPUINFO_curr_vcpu(%rsp), %r11
	cmpb $0, VCPU_pv_kernel_mode(%r11)
	je .Lmmu_general_r11
	cmpb $0, hypercall_slow(%rip)
	jne .Lmmu_general_r11
	movq %rcx, UREGS_rip(%rsp)
	movq %rax, UREGS_rsp(%rsp)
	movq %rbp, UREGS_rbp(%rsp)
	movq %rdi, UREGS_rdi(%rsp)
	movq %r8, UREGS_r8(%rsp)
	movq %r9, UREGS_r9(%rsp)
	movq VCPU_domain(%r11), %rsi
	xorl %ebp, %ebp
	call pv_mmu_update_self /* (reqs, d) */
	movq UREGS_rbp(%rsp), %rbp
	movq UREGS_rdi(%rsp), %rdi
	movq UREGS_r8(%rsp), %r8
	movq UREGS_r9(%rsp), %r9
	movl $1, %esi
	xorl %edx, %edx
	movl $MMU_DOMID_SELF, %r10d
	movq $GUEST_KERNEL_CS, UREGS_cs(%rsp)
	movq $GUEST_KERNEL_SS, UREGS_ss(%rsp)
	/* restore_all_guest's test (interrupts are off since the SYSCALL). */
	incq CPUINFO_quiescent_count(%rsp)
	movq CPUINFO_curr_vcpu(%rsp), %r11
	movq VCPU_vcpu_info(%r11), %r11
	EXIT_WORK_TEST %r11, .Lmmu_work
	movq UREGS_rip(%rsp), %rcx
	movq UREGS_rflags(%rsp), %r11
	addq $UREGS_rip, %rsp
	IRETQ_GUEST

/* Not the shape, or traced: lstar_enter's way, registers as they came. */
.Lmmu_general_r11:
	movq UREGS_rflags(%rsp), %r11
	xorl %edx, %edx
.Lmmu_general:
	leaq UREGS_SIZE(%rsp), %rsp
	jmp lstar_frame

/* Work on the way out: the whole frame, then restore_all_guest's path. */
.Lmmu_work:
	movq UREGS_rip(%rsp), %rcx
	movq UREGS_rflags(%rsp), %r11
	movq $0, UREGS_error_code(%rsp) /* not an earlier entry's */
	movl $TRAP_syscall, UREGS_entry_vector(%rsp)
	leaq UREGS_error_code(%rsp), %rsp
	SAVE_GPRS
	jmp restore_all_guest
