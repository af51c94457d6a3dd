/*
 * bzImage parsing (x86 boot protocol setup header, "HdrS" >= 2.08) and
 * payload decompression into the vmlinux ELF.
 *
 * Layout used (offsets into the file):
 *   0x1f1 u8  setup_sects (0 means 4); the protected-mode part starts at
 *             (setup_sects + 1) * 512
 *   0x202 "HdrS", 0x206 u16 version, 0x230 kernel_alignment,
 *   0x234 relocatable_kernel, 0x236 xloadflags,
 *   0x248 u32 payload_offset (from the protected-mode part),
 *   0x24c u32 payload_length, 0x258 u64 pref_address, 0x260 u32 init_size.
 * Linux appends the uncompressed size as a little-endian u32 to the
 * payload (XZ, LZMA, ...); gzip's ISIZE trailer sits at the same place.
 *
 * Invariants: every offset and length taken from the image is checked
 * against the image size (in 64-bit arithmetic, so nothing wraps) before
 * use; the decompressed result must be an ELF64 x86-64 image of exactly
 * the size the trailer announced.
 */
#include <loader/bzimage.h>
#include "private.h"

#define SETUP_SECTS_OFF 0x1f1
#define HDRS_OFF 0x202
#define VERSION_OFF 0x206
#define KERNEL_ALIGN_OFF 0x230
#define RELOCATABLE_OFF 0x234
#define XLOADFLAGS_OFF 0x236
#define PAYLOAD_OFF_OFF 0x248
#define PAYLOAD_LEN_OFF 0x24c
#define PREF_ADDRESS_OFF 0x258
#define INIT_SIZE_OFF 0x260
#define SETUP_HDR_END 0x264
#define MIN_VERSION 0x0208
#define SIZE_TRAILER 4

#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define E_MACHINE_OFF 18
#define EM_X86_64 62
#define ELF64_EHDR_SIZE 64

static inline int fail(const char **why, int code, const char *msg)
{
	if (why)
		*why = msg;
	return code;
}

static u16 get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get32(const u8 *p)
{
	return (u32)get16(p) | (u32)get16(p + 2) << 16;
}

static bool has_elf_magic(const u8 *p, size_t len)
{
	return len >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F';
}

static int check_elf(const u8 *p, size_t len, const char **why)
{
	if (!has_elf_magic(p, len))
		return fail(why, XZ_ENOTXZ, "kernel is not an ELF image");
	if (len < ELF64_EHDR_SIZE || p[EI_CLASS] != ELFCLASS64)
		return fail(why, XZ_EUNSUP, "kernel ELF is not 64-bit");
	if (p[EI_DATA] != ELFDATA2LSB || get16(p + E_MACHINE_OFF) != EM_X86_64)
		return fail(why, XZ_EUNSUP, "kernel ELF is not x86-64");
	return 0;
}

const char *bzimage_comp_name(enum bzimage_comp comp)
{
	switch (comp) {
	case BZIMAGE_COMP_NONE: return "none";
	case BZIMAGE_COMP_XZ: return "xz";
	case BZIMAGE_COMP_GZIP: return "gzip";
	}
	return "?";
}

/* Recognise the payload format by its magic bytes. */
static int detect_comp(struct bzimage_info *bi, const char **why)
{
	const u8 *p = bi->payload;
	size_t n = bi->payload_len;

	if (xz_has_magic(p, n))
		bi->comp = BZIMAGE_COMP_XZ;
	else if (gzip_has_magic(p, n))
		bi->comp = BZIMAGE_COMP_GZIP;
	else if (has_elf_magic(p, n))
		bi->comp = BZIMAGE_COMP_NONE;
	else if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h')
		return fail(why, XZ_EUNSUP, "unsupported kernel compression: bzip2");
	else if (n >= 2 && p[0] == 0x5d && p[1] == 0x00)
		return fail(why, XZ_EUNSUP, "unsupported kernel compression: lzma");
	else if (n >= 4 && p[0] == 0x89 && p[1] == 'L' && p[2] == 'Z' && p[3] == 'O')
		return fail(why, XZ_EUNSUP, "unsupported kernel compression: lzo");
	else if (n >= 2 && p[0] == 0x02 && p[1] == 0x21)
		return fail(why, XZ_EUNSUP, "unsupported kernel compression: lz4");
	else if (n >= 4 && get32(p) == 0xfd2fb528u)
		return fail(why, XZ_EUNSUP, "unsupported kernel compression: zstd");
	else
		return fail(why, XZ_EUNSUP, "unknown kernel payload format");
	return 0;
}

/* Work out what the decoder consumes and how much it produces. */
static int payload_sizes(struct bzimage_info *bi, const char **why)
{
	bi->stream = bi->payload;
	bi->stream_len = bi->payload_len;
	if (bi->comp == BZIMAGE_COMP_NONE) {
		bi->uncompressed_size = bi->payload_len;
		return 0;
	}
	if (bi->payload_len < 16)
		return fail(why, XZ_ECORRUPT, "bzImage payload too short");
	bi->uncompressed_size = get32(bi->payload + bi->payload_len - SIZE_TRAILER);
	if (bi->comp == BZIMAGE_COMP_XZ)
		bi->stream_len -= SIZE_TRAILER; /* the trailer is not XZ data */
	if (bi->uncompressed_size < ELF64_EHDR_SIZE)
		return fail(why, XZ_ECORRUPT, "bzImage uncompressed size too small");
	return 0;
}

static void read_setup_header(struct bzimage_info *bi, const u8 *img)
{
	bi->is_bzimage = true;
	bi->version = get16(img + VERSION_OFF);
	bi->setup_sects = img[SETUP_SECTS_OFF] ? img[SETUP_SECTS_OFF] : 4;
	bi->kernel_align = get32(img + KERNEL_ALIGN_OFF);
	bi->relocatable = img[RELOCATABLE_OFF] != 0;
	bi->xloadflags = get16(img + XLOADFLAGS_OFF);
	bi->pref_address = get32(img + PREF_ADDRESS_OFF) | (u64)get32(img + PREF_ADDRESS_OFF + 4)
								   << 32;
	bi->init_size = get32(img + INIT_SIZE_OFF);
}

static int probe_bzimage(const u8 *img, size_t len, struct bzimage_info *bi, const char **why)
{
	if (len < SETUP_HDR_END)
		return fail(why, XZ_ENOTXZ, "image too small for a bzImage or ELF");
	if (memcmp(img + HDRS_OFF, "HdrS", 4))
		return fail(why, XZ_ENOTXZ, "not a bzImage (no HdrS) nor an ELF");
	read_setup_header(bi, img);
	if (bi->version < MIN_VERSION)
		return fail(why, XZ_EUNSUP, "bzImage boot protocol older than 2.08");
	u64 pm_start = ((u64)bi->setup_sects + 1) * 512;
	u64 start = pm_start + get32(img + PAYLOAD_OFF_OFF);
	u64 plen = get32(img + PAYLOAD_LEN_OFF);

	if (pm_start > len)
		return fail(why, XZ_ECORRUPT, "bzImage setup_sects beyond the image");
	if (start > len || plen > len - start)
		return fail(why, XZ_ECORRUPT, "bzImage payload beyond the image");
	if (plen == 0)
		return fail(why, XZ_ECORRUPT, "bzImage payload is empty");
	bi->payload = img + start;
	bi->payload_len = plen;
	int ret = detect_comp(bi, why);

	return ret ? ret : payload_sizes(bi, why);
}

int bzimage_probe(const u8 *img, size_t len, struct bzimage_info *info, const char **why)
{
	memset(info, 0, sizeof(*info));
	if (has_elf_magic(img, len)) {
		int ret = check_elf(img, len, why);

		if (ret)
			return ret;
		info->comp = BZIMAGE_COMP_NONE;
		info->payload = info->stream = img;
		info->payload_len = info->stream_len = info->uncompressed_size = len;
		return 0;
	}
	return probe_bzimage(img, len, info, why);
}

int bzimage_decompress(const struct bzimage_info *info, u8 *out, size_t out_cap,
		       struct bzimage_work *work, const u8 **elf, size_t *elf_len, const char **why)
{
	size_t n = 0;
	int ret;

	if (info->comp == BZIMAGE_COMP_NONE) {
		*elf = info->stream;
		*elf_len = info->stream_len;
		return check_elf(*elf, *elf_len, why);
	}
	if (out_cap < info->uncompressed_size)
		return fail(why, XZ_ENOSPC, "output buffer smaller than the kernel");
	if (info->comp == BZIMAGE_COMP_XZ)
		ret = xz_decode_buf(&work->dec, info->stream, info->stream_len, out,
				    info->uncompressed_size, &n, why);
	else
		ret = gzip_decode_buf(&work->dec, info->stream, info->stream_len, out,
				      info->uncompressed_size, &n, why);
	if (ret == XZ_ENOSPC)
		return fail(why, XZ_ECORRUPT, "kernel larger than its size trailer says");
	if (ret)
		return ret;
	if (n != info->uncompressed_size)
		return fail(why, XZ_ECORRUPT, "kernel size differs from its size trailer");
	*elf = out;
	*elf_len = n;
	return check_elf(out, n, why);
}
