/*
 * Boot entry: multiboot1 (QEMU -kernel) and multiboot2 (GRUB) headers, the
 * 32-bit entry, and the switch to long mode.
 *
 * The image is linked at XEN_VIRT_START + XEN_PHYS_START and loaded at
 * physical XEN_PHYS_START with the ELF headers at file offset 0, so file
 * offset == physical address - XEN_PHYS_START. Both headers use the
 * "address" form, so loaders copy the raw file and never parse our ELF64.
 *
 * Boot page tables are static: slot 0 and slot 262 (direct map) share an L3
 * mapping 0..1 GiB with 2 MiB pages; slot 261 maps XEN_VIRT_START..+1 GiB to
 * physical 0..1 GiB. C code replaces them with the real idle page table.
 */
#include <asm/config.h>
#include <asm-offsets.h>

#define PA(x) ((x) - XEN_VIRT_START)
#define MB1_MAGIC 0x1badb002
#define MB1_FLAGS 0x00010003 /* page-align modules, memory info, address fields */
#define MB2_MAGIC 0xe85250d6

	.section .text.head, "ax", @progbits
	.code32

	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long PA(mb1_header)
	.long XEN_PHYS_START
	.long PA(__data_load_end)
	.long PA(__bss_end)
	.long PA(start32)

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* address tag */
	.short 2, 0
	.long 24
	.long PA(mb2_header)
	.long XEN_PHYS_START
	.long PA(__data_load_end)
	.long PA(__bss_end)
	/* entry address tag */
	.short 3, 0
	.long 12
	.long PA(start32)
	.long 0 /* pad to 8 */
	/* end tag */
	.short 0, 0
	.long 8
mb2_header_end:

/* eax = loader magic, ebx = physical address of the loader's info block. */
	.globl start32
start32:
	cli
	cld
	movl %eax, %ebp /* kept in ebp/esi: neither cpuid nor rep stosb touches them */
	movl %ebx, %esi

	/* Long mode and NX are required. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	btl $20, %edx
	jnc no_long_mode

	/* Clear .bss, which also holds the boot stack. */
	movl $PA(__bss_start), %edi
	movl $PA(__bss_end), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $PA(boot_stack_top), %esp

	/* CR4.PAE, CR3, EFER.LME|NXE|SCE, then paging with write protect. */
	movl %cr4, %eax
	orl $0x20, %eax
	movl %eax, %cr4
	movl $PA(boot_l4), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	rdmsr
	orl $0x901, %eax
	wrmsr
	movl $0x80010033, %eax /* PG | WP | NE | ET | MP | PE */
	movl %eax, %cr0

	lgdt PA(boot_gdtr)
	ljmp $0x08, $PA(start64_low)

no_long_mode:
	movl $PA(no_lm_msg), %esi
	movw $0x3f8, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.code64
start64_low:
	movabsq $start64_high, %rax
	jmp *%rax

	.text
start64_high:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movabsq $boot_stack_top - CPU_INFO_SIZE, %rsp
	/* __start_xeno(magic, info_paddr) */
	movl %ebp, %edi
	movl %esi, %esi
	xorl %ebp, %ebp
	call __start_xeno
	ud2

	.section .rodata
no_lm_msg:
	.asciz "xeno: this CPU has no long mode or no NX; cannot boot\r\n"

	.data
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff /* 0x10: data */
boot_gdt_end:
	.word 0
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long PA(boot_gdt)

	.section .data.page_aligned, "aw", @progbits
	.align 4096
	.globl boot_l4
boot_l4:
	.quad PA(boot_l3_low) + 0x3
	.fill 260, 8, 0
	.quad PA(boot_l3_xen) + 0x3 /* slot 261 */
	.quad PA(boot_l3_low) + 0x3 /* slot 262: direct map */
	.fill 249, 8, 0
boot_l3_low:
	.quad PA(boot_l2_low) + 0x3
	.fill 511, 8, 0
boot_l3_xen:
	.fill 321, 8, 0
	.quad PA(boot_l2_low) + 0x3 /* XEN_VIRT_START -> physical 0 */
	.fill 190, 8, 0
boot_l2_low:
	.set i, 0
	.rept 512
	.quad (i << 21) | 0x83
	.set i, i + 1
	.endr

	.section .bss.stack, "aw", @nobits
	.align STACK_SIZE
	.globl boot_stack
boot_stack:
	.skip STACK_SIZE
boot_stack_top:
