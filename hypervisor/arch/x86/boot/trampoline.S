/*
 * Application-processor start-up code. The boot CPU copies the blob between
 * trampoline_start and trampoline_end to a page below 1 MiB, fills the
 * tramp_* data fields, and sends INIT-SIPI-SIPI with that page's number.
 * The AP goes 16-bit -> 32-bit -> long mode on tramp_cr3 (a copy of the
 * idle L4 that also identity-maps low memory) and jumps to tramp_entry on
 * tramp_stack. %ebx/%rbx holds the trampoline's physical base throughout.
 */
#define OFF(x) ((x) - trampoline_start)

	.section .rodata.trampoline, "a"
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	xorl %ebx, %ebx
	movw %cs, %bx
	shll $4, %ebx
	lgdtl OFF(tramp_gdtr)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl *OFF(tramp_jmp32)

	.code32
tramp32:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr4, %eax
	orl $0x20, %eax
	movl %eax, %cr4
	movl OFF(tramp_cr3)(%ebx), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	rdmsr
	orl $0x901, %eax
	wrmsr
	movl $0x80010033, %eax
	movl %eax, %cr0
	ljmpl *OFF(tramp_jmp64)(%ebx)

	.code64
tramp64:
	movq OFF(tramp_stack)(%rbx), %rsp
	movq OFF(tramp_entry)(%rbx), %rax
	xorl %ebp, %ebp
	jmp *%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff /* 0x10: data */
	.quad 0x00af9a000000ffff /* 0x18: 64-bit code */
	.globl tramp_gdtr, tramp_jmp32, tramp_jmp64, tramp_cr3, tramp_stack, tramp_entry
	.globl tramp32_off, tramp64_off, tramp_gdt_off
tramp_gdtr:
	.word 31
	.long 0 /* patched: physical address of tramp_gdt */
	.balign 4
tramp_jmp32:
	.long 0 /* patched: physical address of tramp32 */
	.word 0x08
	.balign 4
tramp_jmp64:
	.long 0 /* patched: physical address of tramp64 */
	.word 0x18
	.balign 8
tramp_cr3:
	.quad 0
tramp_stack:
	.quad 0
tramp_entry:
	.quad 0
	.globl trampoline_end
trampoline_end:

	.balign 4
tramp32_off:
	.long OFF(tramp32)
tramp64_off:
	.long OFF(tramp64)
tramp_gdt_off:
	.long OFF(tramp_gdt)

	.text
	.globl ap_entry64
ap_entry64:
	call start_secondary
	ud2
