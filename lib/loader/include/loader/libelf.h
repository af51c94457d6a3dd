/*
 * ELF64 kernel images with Xen ELF notes: what a PV domain builder needs to
 * know before it lays out memory. elf_parse() validates everything it reads
 * against the buffer bounds (images are untrusted input) and explains a
 * refusal through *why.
 */
#ifndef LOADER_LIBELF_H
#define LOADER_LIBELF_H

#include <loader/env.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_NO_ADDR (~0ULL)

struct elf_segment {
	u64 offset, filesz, memsz; /* file range and memory size */
	u64 vaddr;		   /* where it is loaded (see elf_parse) */
};

struct elf_image {
	const u8 *data;
	size_t size;
	unsigned int nr_segments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	u64 vstart, vend; /* page-aligned range covering all segments */
	u64 entry;
	u64 virt_base;
	u64 paddr_offset;
	u64 hypercall_page; /* ELF_NO_ADDR if absent */
	u64 init_p2m;	    /* ELF_NO_ADDR if absent */
	u64 hv_start_low;   /* ELF_NO_ADDR if absent */
	bool mod_start_pfn;
	bool has_xen_notes;
	u32 features_required;	/* XENFEAT bits marked '!' */
	u32 features_supported; /* all XENFEAT bits named or SUPPORTED_FEATURES */
	char guest_os[32], xen_version[32], loader[32], guest_version[32];
};

/*
 * Parse and check an ELF64 x86-64 image. Segment load addresses follow Xen:
 * vaddr = p_paddr + virt_base - paddr_offset. Returns 0, or -EINVAL with
 * *why set to a static description.
 */
int elf_parse(struct elf_image *img, const void *data, size_t size, const char **why);

/* Parse a FEATURES string ("a|!b|c") into required and named bit sets. */
int elf_parse_features(const char *s, size_t len, u32 *required, u32 *named);

#endif
