/*
 * x86 bzImage kernels: find the compressed payload through the boot
 * protocol setup header and decompress it into the vmlinux ELF image.
 * A raw ELF64 kernel is accepted too and returned as it is.
 *
 * Invariants:
 *  - bzimage_probe() reads only img[0, len) and validates every offset it
 *    derives from the header against len before storing it in the info.
 *  - bzimage_decompress() writes only out[0, out_cap) and needs a caller
 *    workspace (struct bzimage_work, ~40 KiB; static storage is fine).
 *  - Both return 0 or a negative errno-style XZ_E* code (loader/xz.h) and set
 *    *why (when why != NULL) to a static human-readable reason.
 */
#ifndef LOADER_BZIMAGE_H
#define LOADER_BZIMAGE_H

#include <loader/env.h>
#include <loader/xz.h>

enum bzimage_comp {
	BZIMAGE_COMP_NONE, /* the payload (or the whole image) is an ELF */
	BZIMAGE_COMP_XZ,
	BZIMAGE_COMP_GZIP,
};

struct bzimage_info {
	bool is_bzimage;  /* false: the image itself is a raw ELF */
	u16 version;	  /* boot protocol version (bzImage only) */
	u32 setup_sects;  /* setup sectors, 0 already mapped to 4 */
	u32 init_size;	  /* 0x260: memory the kernel needs to boot */
	u64 pref_address; /* 0x258: preferred load address */
	u32 kernel_align; /* 0x230 */
	bool relocatable; /* 0x234 */
	u16 xloadflags;	  /* 0x236 */
	enum bzimage_comp comp;
	const u8 *payload;  /* start of the payload inside the image */
	size_t payload_len; /* as in the header, incl. any size trailer */
	const u8 *stream;   /* the compressed data the decoder consumes */
	size_t stream_len;
	size_t uncompressed_size; /* size of the ELF after decompression */
};

struct bzimage_work {
	struct xz_dec dec;
};

/* Validate the image and describe its payload. */
int bzimage_probe(const u8 *img, size_t len, struct bzimage_info *info, const char **why);

/*
 * Produce the kernel ELF. For a compressed payload it is decoded into
 * out[0, out_cap) (out_cap must be >= info->uncompressed_size) and *elf is
 * set to out; for an uncompressed one *elf points into the image (no copy).
 * The result is checked to be an ELF64 x86-64 image of exactly the
 * announced size.
 */
int bzimage_decompress(const struct bzimage_info *info, u8 *out, size_t out_cap,
		       struct bzimage_work *work, const u8 **elf, size_t *elf_len,
		       const char **why);

/* "none", "xz" or "gzip". */
const char *bzimage_comp_name(enum bzimage_comp comp);

#endif
