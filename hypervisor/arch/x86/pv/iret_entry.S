/*
 * The iret hypercall's own path from SYSCALL (lstar_enter jumps here when
 * the guest's %rax is __HYPERVISOR_iret): every system call's return and
 * every bounce's return run it, so it neither saves nor restores the
 * guest's registers. Only %rax, %rcx and %r11 are used, and the iret
 * replaces exactly those three (with RIP, CS, RFLAGS, RSP and SS); the
 * other twelve stay in their registers from the SYSCALL to the iretq.
 *
 * Invariants:
 * - The same result as do_iret() (pv/callbacks.c) and restore_all_guest
 *   (pv/entry.S) on the same frame: Xen 4.17's iret. do_iret() still runs
 *   for a SYSCALL from guest user mode with %rax 23 (its own system call,
 *   a bounce: not an iret) and while hypercalls are traced; those go back
 *   to lstar_enter with its registers as they came. mm_audit does not
 *   stop it: an iret takes and drops no reference, so the audit has
 *   nothing to check after it (and the guest tests, audited, run this).
 * - %rsp is at cpu_info (the frame's base) from the first instruction
 *   that can fault on: a fault's frame (a guest word's #PF resolved for
 *   log-dirty, a guest watchpoint) is pushed below the guest frame.
 * - Guest words are read between stac and clac, all of them before the
 *   switch to guest user mode: a PV kernel's user page table does not map
 *   its stack. The returned RCX and R11 wait in their frame slots. A word
 *   that faults, a context outside the guest's half, or a return to user
 *   mode without a user page table crashes the domain (pv_iret_crash), as
 *   do_iret().
 * - Work on the way out (an event pending, a reschedule, domains to
 *   reclaim) completes the frame and takes restore_all_guest's path. An
 *   iretq that faults (a CS, SS or RIP the guest gave) goes to iret_fault
 *   with the guest's registers loaded, as restore_all_guest's does.
 */
#include <asm/config.h>
#include <asm-offsets.h>
#include <asm/asm_defns.h>

/* An access to a guest word: a fault goes to the crash path. */
.macro GUEST insn:vararg
1:	\insn
	EX_TABLE 1b, .Liret_fault
.endm

	.text
/*
 * From lstar_enter: %rsp = the end of the guest frame (nothing pushed),
 * %rax = the guest's RSP (the context's address), %rcx and %r11 = the
 * SYSCALL's, the guest's %rax (23) in its slot.
 */
	.globl lstar_iret
lstar_iret:
	leaq -UREGS_SIZE(%rsp), %rsp /* = cpu_info */
	movq %r11, UREGS_rflags(%rsp) /* kept for lstar_enter */
	cmpb $0, trace_hypercalls(%rip)
	jne .Liret_general
	movq CPUINFO_curr_vcpu(%rsp), %r11
	cmpb $0, VCPU_pv_kernel_mode(%r11)
	je .Liret_general
	/* The context in the guest's half (guest_va_range_ok()). */
	cmpq $-(IRET_SIZE + 1), %rax
	ja .Liret_unreadable
	movabs $GUEST_VIRT_END, %rcx
	cmpq %rcx, %rax
	jae .Liret_readable
	leaq IRET_SIZE - 1(%rax), %rcx
	shrq $47, %rcx
	jnz .Liret_unreadable
.Liret_readable:
	SMAP_STAC
	GUEST movq IRET_cs(%rax), %rcx
	movq %rcx, UREGS_cs(%rsp) /* RPL tested below */
	movq VCPU_domain(%r11), %rcx
	testq $VMASST_ARCH_IOPL, DOMAIN_vm_assist(%rcx)
	jnz .Liret_iopl
.Liret_iopl_done:
	/* RFLAGS: IOPL and VM cleared, IF set; the event mask from its IF. */
	movq VCPU_vcpu_info(%r11), %rcx
	GUEST btl $9, IRET_rflags(%rax) /* X86_EFLAGS_IF */
	setnc VCPUINFO_upcall_mask(%rcx)
	GUEST movq IRET_rflags(%rax), %rcx
	andq $~0x23000, %rcx /* X86_EFLAGS_IOPL | X86_EFLAGS_VM */
	orq $0x200, %rcx
	movq %rcx, UREGS_rflags(%rsp)
	GUEST movq IRET_rip(%rax), %rcx
	movq %rcx, UREGS_rip(%rsp)
	GUEST movq IRET_rsp(%rax), %rcx
	movq %rcx, UREGS_rsp(%rsp)
	GUEST movq IRET_ss(%rax), %rcx
	orb $3, %cl
	movq %rcx, UREGS_ss(%rsp)
	/* RCX and R11 to return: the context's, or RIP and RFLAGS (VGCF_in_syscall). */
	GUEST testb $(IRET_VGCF_in_syscall >> 8), IRET_flags + 1(%rax)
	jnz .Liret_sysret
	GUEST movq IRET_rcx(%rax), %rcx
	movq %rcx, UREGS_rcx(%rsp)
	GUEST movq IRET_r11(%rax), %rcx
	movq %rcx, UREGS_r11(%rsp)
.Liret_words_done:
	GUEST movq IRET_rax(%rax), %rax
	SMAP_CLAC
	/* CS RPL 3: to guest user mode (toggle_guest_mode()). */
	movl UREGS_cs(%rsp), %ecx
	orb $3, UREGS_cs(%rsp)
	notl %ecx
	testb $3, %cl
	jnz .Liret_exit
	movq VCPU_pv_guest_table_user(%r11), %rcx
	cmpq $-1, %rcx
	je .Liret_no_user_table
	cmpq $-1, VCPU_pv_shadow_table_user(%r11)
	jne .Liret_shadow
.Liret_user_root:
	shlq $12, %rcx
	movb $0, VCPU_pv_kernel_mode(%r11)
	swapgs
	movq %rcx, %cr3
.Liret_exit:
	/* restore_all_guest's test (interrupts are off since the SYSCALL). */
	incq CPUINFO_quiescent_count(%rsp)
	movq VCPU_vcpu_info(%r11), %r11
	EXIT_WORK_TEST %r11, .Liret_work
	movq UREGS_rcx(%rsp), %rcx
	movq UREGS_r11(%rsp), %r11
	addq $UREGS_rip, %rsp
	IRETQ_GUEST

/* Not an iret after all, or traced: lstar_enter's way, registers as they came. */
.Liret_general:
	movq UREGS_rflags(%rsp), %r11
	leaq UREGS_SIZE(%rsp), %rsp
	jmp lstar_frame

.Liret_sysret:
	movq UREGS_rip(%rsp), %rcx
	movq %rcx, UREGS_rcx(%rsp)
	movq UREGS_rflags(%rsp), %rcx
	movq %rcx, UREGS_r11(%rsp)
	jmp .Liret_words_done

/* Log-dirty mode: CR3 holds the user table's shadow. */
.Liret_shadow:
	movq VCPU_pv_shadow_table_user(%r11), %rcx
	jmp .Liret_user_root

/* VMASST_TYPE_architectural_iopl: the virtual IOPL from the frame. */
.Liret_iopl:
	GUEST movq IRET_rflags(%rax), %rcx
	shrl $12, %ecx
	andl $3, %ecx
	movl %ecx, VCPU_pv_iopl(%r11)
	jmp .Liret_iopl_done

/* Work on the way out: the whole frame, then restore_all_guest's path. */
.Liret_work:
	movq UREGS_rcx(%rsp), %rcx
	movq UREGS_r11(%rsp), %r11
	movq $0, UREGS_error_code(%rsp) /* not an earlier entry's */
	movl $TRAP_syscall, UREGS_entry_vector(%rsp)
	leaq UREGS_error_code(%rsp), %rsp
	SAVE_GPRS
	jmp restore_all_guest

/*
 * The domain's crash, as do_iret()'s: %ecx = 0, the context unreadable,
 * or 1, no user page table. The frame holds no value of the hypervisor's.
 */
.Liret_fault:
	SMAP_CLAC
.Liret_unreadable:
	xorl %ecx, %ecx
	jmp .Liret_crash
.Liret_no_user_table:
	movl $1, %ecx
.Liret_crash:
	xorl %r11d, %r11d
	movq $0, UREGS_error_code(%rsp) /* not an earlier entry's */
	movl $TRAP_syscall, UREGS_entry_vector(%rsp)
	leaq UREGS_error_code(%rsp), %rsp
	SAVE_GPRS
	movl %ecx, %esi
	movq $0, UREGS_rcx(%rsp)
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call pv_iret_crash
	jmp restore_all_guest
