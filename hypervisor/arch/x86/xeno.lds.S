/*
 * Link the hypervisor at XEN_VIRT_START + XEN_PHYS_START with the ELF and
 * program headers inside the one loadable segment, so the file can be copied
 * verbatim to physical XEN_PHYS_START (multiboot "address" headers).
 * Section boundaries are page aligned so the real page tables can give text
 * RX, rodata R and data/bss RW+NX.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start32_entry_paddr)

PHDRS
{
	image PT_LOAD FILEHDR PHDRS;
}

SECTIONS
{
	. = XEN_VIRT_START + XEN_PHYS_START + SIZEOF_HEADERS;
	__image_start = XEN_VIRT_START + XEN_PHYS_START;
	.text : {
		*(.text.head)
		. = ALIGN(16);
		*(.text .text.*)
	} :image
	. = ALIGN(PAGE_SIZE);
	__text_end = .;

	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__ex_table_start = .;
		*(.ex_table)
		__ex_table_end = .;
		. = ALIGN(8);
		__initcall_start = .;
		*(.initcall)
		__initcall_end = .;
	} :image
	. = ALIGN(PAGE_SIZE);
	__rodata_end = .;

	.data : {
		*(.data.page_aligned)
		. = ALIGN(64);
		__per_cpu_start = .;
		*(.data.percpu)
		__per_cpu_end = .;
		. = ALIGN(32);
		__param_start = .;
		*(.data.params)
		__param_end = .;
		*(.data .data.*)
		*(.got .got.plt)
		__data_load_end = .;
	} :image
	. = ALIGN(PAGE_SIZE);
	__data_end = .;

	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss.stack)
		*(.bss.page_aligned)
		*(.bss .bss.* COMMON)
		. = ALIGN(PAGE_SIZE);
		__bss_end = .;
	} :image
	__image_end = .;

	/DISCARD/ : { *(.note .note.*) *(.comment) *(.eh_frame) *(.note.GNU-stack) *(.note.gnu.property) }
}

start32_entry_paddr = start32 - XEN_VIRT_START;
