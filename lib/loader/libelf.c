/*
 * ELF64 parsing for PV kernel images (see loader/libelf.h).
 *
 * Invariants: every offset and size read from the image is checked against
 * img->size before use, with overflow-safe arithmetic; nothing here writes
 * outside *img. Notes come from PT_NOTE segments; Xen notes have the name
 * "Xen". Unknown notes are ignored, malformed ones refuse the image.
 */
#include <loader/libelf.h>
#include <public/elfnote.h>
#include <public/features.h>
#include "private.h"

#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define PAGE_MASK_4K 0xfffULL

struct elf64_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

struct note_ctx {
	struct elf_image *img;
	const char *why;
};

static bool in_bounds(const struct elf_image *img, u64 off, u64 len)
{
	return off <= img->size && len <= img->size - off;
}

static const char *const feature_names[] = {
	[XENFEAT_writable_page_tables] = "writable_page_tables",
	[XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
	[XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
	[XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
	[XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
	[XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
	[XENFEAT_highmem_assist] = "highmem_assist",
	[XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
	[XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
	[XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
	[XENFEAT_hvm_pirqs] = "hvm_pirqs",
	[XENFEAT_dom0] = "dom0",
};

static int feature_bit(const char *name, size_t len)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(feature_names); i++)
		if (feature_names[i] && strlen(feature_names[i]) == len &&
		    !strncmp(feature_names[i], name, len))
			return (int)i;
	return -1;
}

int elf_parse_features(const char *s, size_t len, u32 *required, u32 *named)
{
	size_t i = 0;

	while (i < len && s[i]) {
		size_t start = i, n;
		bool must = s[i] == '!';
		int bit;

		start += must;
		for (i = start; i < len && s[i] && s[i] != '|'; i++)
			;
		n = i - start;
		bit = feature_bit(s + start, n);
		if (bit < 0 && must)
			return -LOADER_EINVAL; /* a required feature we do not even know */
		if (bit >= 0) {
			*named |= 1u << bit;
			if (must)
				*required |= 1u << bit;
		}
		if (i < len && s[i] == '|')
			i++;
	}
	return 0;
}

static void copy_str(char *dst, size_t cap, const u8 *src, u32 len)
{
	size_t n = strnlen((const char *)src, len);

	n = MIN(n, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool note_number(const u8 *desc, u32 len, u64 *out)
{
	if (len == 8)
		memcpy(out, desc, 8);
	else if (len == 4) {
		u32 v;

		memcpy(&v, desc, 4);
		*out = v;
	} else
		return false;
	return true;
}

/* One Xen note; returns false (with ctx->why) for a malformed one. */
static bool xen_note(struct note_ctx *ctx, u32 type, const u8 *desc, u32 len)
{
	struct elf_image *img = ctx->img;
	u64 num = 0;

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
	case XEN_ELFNOTE_HYPERCALL_PAGE:
	case XEN_ELFNOTE_VIRT_BASE:
	case XEN_ELFNOTE_PADDR_OFFSET:
	case XEN_ELFNOTE_INIT_P2M:
	case XEN_ELFNOTE_HV_START_LOW:
	case XEN_ELFNOTE_MOD_START_PFN:
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		if (!note_number(desc, len, &num)) {
			ctx->why = "numeric Xen ELF note of bad size";
			return false;
		}
		break;
	}
	switch (type) {
	case XEN_ELFNOTE_ENTRY: img->entry = num; break;
	case XEN_ELFNOTE_HYPERCALL_PAGE: img->hypercall_page = num; break;
	case XEN_ELFNOTE_VIRT_BASE: img->virt_base = num; break;
	case XEN_ELFNOTE_PADDR_OFFSET: img->paddr_offset = num; break;
	case XEN_ELFNOTE_INIT_P2M: img->init_p2m = num; break;
	case XEN_ELFNOTE_HV_START_LOW: img->hv_start_low = num; break;
	case XEN_ELFNOTE_MOD_START_PFN: img->mod_start_pfn = num != 0; break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES: img->features_supported |= (u32)num; break;
	case XEN_ELFNOTE_GUEST_OS: copy_str(img->guest_os, sizeof(img->guest_os), desc, len); break;
	case XEN_ELFNOTE_GUEST_VERSION:
		copy_str(img->guest_version, sizeof(img->guest_version), desc, len);
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		copy_str(img->xen_version, sizeof(img->xen_version), desc, len);
		break;
	case XEN_ELFNOTE_LOADER: copy_str(img->loader, sizeof(img->loader), desc, len); break;
	case XEN_ELFNOTE_FEATURES:
		if (elf_parse_features((const char *)desc, len, &img->features_required,
				       &img->features_supported)) {
			ctx->why = "FEATURES note requires a feature unknown to xeno";
			return false;
		}
		break;
	}
	return true;
}

static bool parse_notes(struct note_ctx *ctx, u64 off, u64 size)
{
	const u8 *p = ctx->img->data + off, *end = p + size;

	while (end - p >= 12) {
		u32 namesz, descsz, type;
		u64 name_pad, desc_pad;

		memcpy(&namesz, p, 4);
		memcpy(&descsz, p + 4, 4);
		memcpy(&type, p + 8, 4);
		name_pad = ROUNDUP((u64)namesz, 4);
		desc_pad = ROUNDUP((u64)descsz, 4);
		if (name_pad + desc_pad > (u64)(end - p) - 12) {
			ctx->why = "ELF note runs past its segment";
			return false;
		}
		if (namesz == 4 && !memcmp(p + 12, "Xen", 4)) {
			ctx->img->has_xen_notes = true;
			if (!xen_note(ctx, type, p + 12 + name_pad, descsz))
				return false;
		}
		p += 12 + name_pad + desc_pad;
	}
	return true;
}

static const char *check_header(const struct elf64_ehdr *eh, const struct elf_image *img)
{
	if (img->size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4))
		return "not an ELF image";
	if (eh->ident[4] != 2 || eh->ident[5] != 1 || eh->machine != EM_X86_64)
		return "not a little-endian ELF64 x86-64 image";
	if (eh->type != 2)
		return "not an executable ELF image";
	if (eh->phentsize != sizeof(struct elf64_phdr) || !eh->phnum ||
	    !in_bounds(img, eh->phoff, (u64)eh->phnum * sizeof(struct elf64_phdr)))
		return "bad program header table";
	return NULL;
}

static const char *add_segment(struct elf_image *img, const struct elf64_phdr *ph)
{
	struct elf_segment *s;

	if (!ph->memsz)
		return NULL;
	if (img->nr_segments == ELF_MAX_SEGMENTS)
		return "too many loadable segments";
	if (ph->filesz > ph->memsz || !in_bounds(img, ph->offset, ph->filesz))
		return "loadable segment outside the file";
	s = &img->seg[img->nr_segments++];
	s->offset = ph->offset;
	s->filesz = ph->filesz;
	s->memsz = ph->memsz;
	s->vaddr = ph->paddr; /* relocated in finish_layout() */
	return NULL;
}

static const char *walk_phdrs(struct elf_image *img, struct note_ctx *ctx)
{
	const struct elf64_ehdr *eh = (const void *)img->data;
	const char *why;

	for (unsigned int i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, img->data + eh->phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type == PT_LOAD && (why = add_segment(img, &ph)))
			return why;
		if (ph.type == PT_NOTE) {
			if (!in_bounds(img, ph.offset, ph.filesz))
				return "note segment outside the file";
			if (!parse_notes(ctx, ph.offset, ph.filesz))
				return ctx->why;
		}
	}
	return img->nr_segments ? NULL : "no loadable segments";
}

/* Apply Xen's virt_base / paddr_offset rule and compute the image range. */
static const char *finish_layout(struct elf_image *img)
{
	u64 delta = img->virt_base - img->paddr_offset;

	img->vstart = ~0ULL;
	img->vend = 0;
	for (unsigned int i = 0; i < img->nr_segments; i++) {
		struct elf_segment *s = &img->seg[i];

		s->vaddr += delta;
		if (s->vaddr + s->memsz < s->vaddr)
			return "segment wraps the address space";
		img->vstart = MIN(img->vstart, s->vaddr & ~PAGE_MASK_4K);
		img->vend = MAX(img->vend, ROUNDUP(s->vaddr + s->memsz, 4096ULL));
	}
	if (img->entry < img->vstart || img->entry >= img->vend)
		return "entry point outside the loaded image";
	if (img->hypercall_page != ELF_NO_ADDR &&
	    (img->hypercall_page & PAGE_MASK_4K || img->hypercall_page < img->vstart ||
	     img->hypercall_page >= img->vend))
		return "hypercall page outside the image or not page aligned";
	return NULL;
}

int elf_parse(struct elf_image *img, const void *data, size_t size, const char **why)
{
	const struct elf64_ehdr *eh = data;
	struct note_ctx ctx = {img, NULL};

	memset(img, 0, sizeof(*img));
	img->data = data;
	img->size = size;
	img->hypercall_page = img->init_p2m = img->hv_start_low = ELF_NO_ADDR;
	*why = check_header(eh, img);
	if (!*why)
		*why = walk_phdrs(img, &ctx);
	if (*why)
		return -LOADER_EINVAL;
	if (!img->has_xen_notes) {
		*why = "no Xen ELF notes: not a Xen PV kernel";
		return -LOADER_EINVAL;
	}
	if (!img->entry)
		img->entry = eh->entry;
	*why = finish_layout(img);
	return *why ? -LOADER_EINVAL : 0;
}
