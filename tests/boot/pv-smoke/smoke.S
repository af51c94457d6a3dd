/*
 * The smallest PV kernel: Xen ELF notes, then at entry three hypercalls by
 * SYSCALL from guest kernel mode (console_io write, xen_version, sched_op
 * shutdown). Boot tests use it to check the domain builder and hypercall
 * entry before the test-guest runtime (guests/) is involved. The shutdown
 * reason comes from the first byte of the command line ('0'..'5' =
 * SHUTDOWN_*), read through start_info (rsi), so each reason can be tested.
 */
	.section .note.Xen, "a"
	.balign 4
	.long 4, 8, 6	/* GUEST_OS */
	.asciz "Xen"
	.asciz "smoke"
	.balign 4
	.long 4, 8, 5	/* XEN_VERSION */
	.asciz "Xen"
	.asciz "xen-3.0"
	.balign 4
	.long 4, 8, 8	/* LOADER */
	.asciz "Xen"
	.asciz "generic"
	.balign 4
	.long 4, 8, 3	/* VIRT_BASE */
	.asciz "Xen"
	.quad 0xffffffff80000000
	.long 4, 8, 4	/* PADDR_OFFSET */
	.asciz "Xen"
	.quad 0
	.long 4, 8, 1	/* ENTRY */
	.asciz "Xen"
	.quad _start
	.text
	.globl _start
_start:
	movzbl 0x80(%rsi), %eax	/* start_info.cmd_line[0] */
	sub $'0', %eax
	cmp $5, %eax
	jbe 1f
	xor %eax, %eax
1:	mov %eax, reason(%rip)
	mov $18, %eax		/* console_io */
	mov $0, %edi		/* CONSOLEIO_write */
	mov $(msg_end - msg), %esi
	lea msg(%rip), %rdx
	syscall
	mov $17, %eax		/* xen_version */
	xor %edi, %edi
	xor %esi, %esi
	syscall
	mov %rax, verres(%rip)
	cmp $0x40011, %rax	/* 4.17 */
	jne bad
	mov $29, %eax		/* sched_op */
	mov $2, %edi		/* SCHEDOP_shutdown */
	lea reason(%rip), %rsi
	syscall
bad:	ud2
	.data
msg:	.ascii "hello from a PV guest\nTest result: SUCCESS\n"
msg_end:
reason:	.long 0
verres:	.quad 0
