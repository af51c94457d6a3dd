/*
 * What the boot loader told us, normalised from multiboot1 or multiboot2:
 * the memory map, the command line, the modules (dom0 kernel, initrd, ...)
 * and, with multiboot2, a copy of the ACPI RSDP. Everything is copied into
 * hypervisor memory at entry, so the loader's structures can be reused.
 */
#ifndef XENO_BOOTINFO_H
#define XENO_BOOTINFO_H

#include <xeno/types.h>

#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_UNUSABLE 5

#define MAX_MEMMAP 128
#define MAX_MODULES 16
#define CMDLINE_MAX 1024

struct memmap_entry {
	u64 addr, size;
	u32 type;
};

/*
 * A module's string: its file name, then the domain's command line, which
 * start_info holds up to MAX_GUEST_CMDLINE (1024) bytes with the NUL; room
 * for both, and the string's full length, so the builder can tell.
 */
#define MODULE_CMDLINE_MAX (2 * CMDLINE_MAX)

struct boot_module {
	paddr_t start, end;
	size_t cmdline_len; /* the loader's string's length (cmdline[] may hold less) */
	char cmdline[MODULE_CMDLINE_MAX];
};

struct bootinfo {
	const char *loader;   /* "multiboot1" / "multiboot2" */
	char loader_name[64]; /* what the loader calls itself, if it says */
	char cmdline[CMDLINE_MAX];
	unsigned int nr_memmap, nr_modules;
	struct memmap_entry memmap[MAX_MEMMAP];
	struct boot_module modules[MAX_MODULES];
	paddr_t rsdp; /* 0: scan for it */
	u8 rsdp_copy[36];
};

extern struct bootinfo bootinfo;

/* Fill bootinfo from the loader's structures; -1 on an unknown loader. */
int bootinfo_parse(u32 magic, paddr_t info);

/* Boot allocator over RAM ranges minus reservations (before the heap). */
void bootmem_add(paddr_t start, paddr_t end);
void bootmem_reserve(paddr_t start, paddr_t end);
paddr_t bootmem_alloc(size_t size, size_t align, paddr_t below);
/* Hand every remaining range to fn and close the boot allocator. */
void bootmem_release(void (*fn)(paddr_t start, paddr_t end));

#endif
