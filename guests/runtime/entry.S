/*
 * Test-guest runtime, assembly side: Xen ELF notes, the entry point, the
 * hypercall page, one 32-byte entry stub per vector, the common trap path
 * (save registers, call do_trap, return with HYPERVISOR_iret), the syscall
 * and failsafe callbacks, and the switch to guest user mode.
 *
 * Bounce frames as the ABI delivers them on the guest kernel stack:
 *   exception/int:  rcx, r11, [error code], rip, cs, rflags, rsp, ss
 *   syscall:        rcx, r11, rip, cs, rflags, rsp, ss
 *   failsafe:       rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss
 *   event upcall:   rcx, r11, rip, cs, rflags, rsp, ss (rflags.IF = !saved mask)
 * All become struct cpu_regs (guest.h) before C runs.
 */
#define HC_stack_switch 3
#define HC_iret 23

	.section .note.Xen, "a"
	.macro note type, kind, value
	.balign 4
	.long 4, 2f - 1f, \type
	.asciz "Xen"
1:	.ifc \kind, str
	.asciz "\value"
	.else
	.quad \value
	.endif
2:	.balign 4
	.endm
	note 6, str, xeno-test		/* GUEST_OS */
	note 5, str, xen-3.0		/* XEN_VERSION */
	note 8, str, generic		/* LOADER */
	note 3, quad, 0xffffffff80000000	/* VIRT_BASE */
	note 4, quad, 0			/* PADDR_OFFSET */
	note 1, quad, _start		/* ENTRY */
	/* In a section of its own: a copy without it (objcopy
	 * --remove-section=.note.hcpage) makes its hypercalls by SYSCALL. */
	.section .note.Xen.hcpage, "a"
	note 2, quad, hypercall_page	/* HYPERCALL_PAGE */

	.text
	.globl _start
_start:
	rdtsc			/* the very first instruction: boot-time benchmark */
	shl $32, %rdx
	or %rdx, %rax
	mov %rax, entry_tsc(%rip)
	lea boot_stack_top(%rip), %rsp
	mov %rsi, %rdi
	call runtime_start
	ud2

	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

/* Vectors with an error code: 8, 10-14, 17, 21, 29, 30. */
	.balign 32
	.globl trap_entry_base
trap_entry_base:
	vec = 0
	.rept 256
	.balign 32
	pop %rcx
	pop %r11
	.if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	push $0
	.endif
	movl $vec, 4(%rsp)
	jmp trap_common
	vec = vec + 1
	.endr

	.globl syscall_entry
syscall_entry:
	cmpq $user_exit, (%rsp)
	je exec_user_done
	pop %rcx
	pop %r11
	push $0
	movl $256, 4(%rsp)
	jmp trap_common

	/* Failsafe: keep the segment selectors out of the way, rip..ss remain. */
	.globl failsafe_entry
failsafe_entry:
	pop %rcx
	pop %r11
	mov (%rsp), %rax
	mov %rax, failsafe_ds(%rip)
	mov 8(%rsp), %rax
	mov %rax, failsafe_es(%rip)
	mov 16(%rsp), %rax
	mov %rax, failsafe_fs(%rip)
	mov 24(%rsp), %rax
	mov %rax, failsafe_gs(%rip)
	add $24, %rsp
	movl $0, (%rsp)
	movl $257, 4(%rsp)
	jmp trap_common

	/* Event upcall: to trap_hook[VEC_EVENT]; the iret restores the mask from IF. */
	.globl event_entry
event_entry:
	pop %rcx
	pop %r11
	push $0
	movl $258, 4(%rsp)
	jmp trap_common

trap_common:
	push %rdi
	push %rsi
	push %rdx
	push %rcx
	push %rax
	push %r8
	push %r9
	push %r10
	push %r11
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	mov %rsp, %rbx
	and $-16, %rsp
	cld
	call do_trap
	mov %rbx, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rax
	pop %rcx
	pop %rdx
	pop %rsi
	pop %rdi
	add $8, %rsp		/* error code, vector */
	/* iret_context: rax, r11, rcx, flags, rip, cs, rflags, rsp, ss */
	push iret_flags(%rip)
	push %rcx
	push %r11
	push %rax
	mov $HC_iret, %eax
	syscall
	ud2

/*
 * long exec_user(long (*fn)(void)): iret to user mode at user_entry; fn's
 * result comes back by a SYSCALL whose return address is user_exit, which
 * syscall_entry sends to exec_user_done on this call's stack.
 */
	.globl exec_user
exec_user:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rdi, user_fn(%rip)
	mov %rsp, exec_user_rsp(%rip)
	mov $HC_stack_switch, %eax
	mov $0xe02b, %edi
	mov %rsp, %rsi
	syscall
	lea user_stack_top(%rip), %rax
	push $0xe02b
	push %rax
	push exec_user_rflags(%rip)
	push $0xe033
	lea user_entry(%rip), %rax
	push %rax
	push $0
	push $0
	push $0
	push $0
	mov $HC_iret, %eax
	syscall
	ud2
user_entry:
	call *user_fn(%rip)
	syscall
	.globl user_exit
user_exit:
	ud2
exec_user_done:
	mov exec_user_rsp(%rip), %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.bss
	.balign 16
	.globl entry_tsc
entry_tsc: .quad 0	/* TSC at the guest's first instruction */
	.globl iret_flags
iret_flags: .quad 0	/* flags of the next trap return (VGCF_in_syscall) */
	.globl failsafe_ds, failsafe_es, failsafe_fs, failsafe_gs
failsafe_ds: .quad 0
failsafe_es: .quad 0
failsafe_fs: .quad 0
failsafe_gs: .quad 0
user_fn: .quad 0
exec_user_rsp: .quad 0
	.data
	.balign 8
	.globl exec_user_rflags
exec_user_rflags: .quad 0x202	/* RFLAGS of exec_user's iret (IF, IOPL 0) */
	.bss
	.balign 4096
	.space 16384
boot_stack_top:
	.space 16384
	.globl user_stack_top
user_stack_top:
	.section .note.GNU-stack, "", @progbits
