/*
 * Branch/call/jump (BCJ) filter decoders of the .xz format: x86, PowerPC,
 * ARM, ARM-Thumb, SPARC and ARM64. An encoder rewrote relative branch
 * targets into absolute ones (so repeated calls to one function compress
 * better); decoding turns them back into relative targets.
 *
 * Invariants:
 *  - Each decoder runs in place over the complete output of one block, so
 *    the per-call state of a streaming implementation reduces to locals.
 *  - Positions are "stream position of the byte" = start offset + index,
 *    computed modulo 2^32 as the format defines.
 *  - An instruction is only rewritten if it lies entirely inside buf; the
 *    trailing bytes that cannot hold a whole instruction are left as they
 *    are (the encoder did the same). No access outside buf[0, len).
 */
#include "xz_private.h"

/* ---- x86 ---- */

/* High byte of a plausible 32-bit displacement: all zeros or all ones. */
static inline bool x86_ms_byte(u8 b)
{
	return b == 0x00 || b == 0xff;
}

/* Shift the history of recent non-converted E8/E9 opcodes by `dist`
 * bytes; opcodes more than five bytes back are forgotten. */
static u32 x86_age_mask(u32 mask, size_t dist)
{
	if (dist > 5)
		return 0;
	for (size_t k = 0; k < dist; k++)
		mask = (mask & 0x77) << 1;
	return mask;
}

static u32 x86_convert(u32 src, u32 pc, u32 mask)
{
	static const u8 bit_number[8] = {0, 1, 2, 2, 3, 3, 3, 3};
	u32 dest;

	for (;;) {
		dest = src - pc;
		if (mask == 0)
			break;
		u32 shift = 24 - 8 * bit_number[(mask >> 1) & 7];
		if (!x86_ms_byte((u8)(dest >> shift)))
			break;
		src = dest ^ ((1u << (shift + 8)) - 1);
	}
	dest &= 0x01ffffff;
	return dest | (0u - (dest & 0x01000000));
}

/* Nonzero when one of the eight bytes of w is an E8 or E9 opcode: setting
 * bit 0 of each byte folds E8 onto E9, whose bytes the xor turns into zero
 * bytes, which the borrow test finds (exact for "any"). */
static inline u64 x86_opcode_in(u64 w)
{
	const u64 ones = 0x0101010101010101ull;
	u64 v = (w | ones) ^ 0xe9e9e9e9e9e9e9e9ull;

	return (v - ones) & ~v & 0x8080808080808080ull;
}

/* Eight bytes at a time past bytes that are no E8/E9 (most of them): the
 * history mask only changes at an opcode, so skipping others changes
 * nothing. Under QEMU's icount this was 9 instructions a byte, a seventh
 * of decoding Debian's bzImage payload. */
static void bcj_x86(u32 start, u8 *buf, size_t len)
{
	static const bool allowed[8] = {1, 1, 1, 0, 1, 0, 0, 0};
	u32 mask = 0;
	size_t prev = 0; /* index of the previous E8/E9 seen, if any */
	bool have_prev = false;

	for (size_t i = 0; i + 5 <= len; i++) {
		while (i + 8 <= len && !x86_opcode_in(xz_get_le64(buf + i)))
			i += 8;
		if (i + 5 > len)
			break;
		if ((buf[i] & 0xfe) != 0xe8)
			continue;
		mask = have_prev ? x86_age_mask(mask, i - prev) : 0;
		prev = i;
		have_prev = true;
		u8 b = buf[i + 4];
		if (x86_ms_byte(b) && allowed[(mask >> 1) & 7] && (mask >> 1) < 0x10) {
			u32 pc = start + (u32)i + 5;
			u32 dest = x86_convert(xz_get_le32(buf + i + 1), pc, mask);

			xz_put_le32(buf + i + 1, dest);
			i += 4;
		} else {
			mask |= 1;
			if (x86_ms_byte(b))
				mask |= 0x10;
		}
	}
}

/* ---- PowerPC (big endian "bl") ---- */

static void bcj_powerpc(u32 start, u8 *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i += 4) {
		if ((buf[i] >> 2) != 0x12 || (buf[i + 3] & 3) != 1)
			continue;
		u32 src = (xz_get_be32(buf + i) & 0x03fffffc);
		u32 dest = src - (start + (u32)i);

		buf[i] = (u8)(0x48 | ((dest >> 24) & 0x03));
		buf[i + 1] = (u8)(dest >> 16);
		buf[i + 2] = (u8)(dest >> 8);
		buf[i + 3] = (u8)((buf[i + 3] & 0x03) | (u8)dest);
	}
}

/* ---- ARM ("bl", little endian) ---- */

static void bcj_arm(u32 start, u8 *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i += 4) {
		if (buf[i + 3] != 0xeb)
			continue;
		u32 src = (xz_get_le32(buf + i) & 0x00ffffff) << 2;
		u32 dest = (src - (start + (u32)i + 8)) >> 2;

		buf[i] = (u8)dest;
		buf[i + 1] = (u8)(dest >> 8);
		buf[i + 2] = (u8)(dest >> 16);
	}
}

/* ---- ARM-Thumb (32-bit "bl" pair) ---- */

static void bcj_armthumb(u32 start, u8 *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i += 2) {
		if ((buf[i + 1] & 0xf8) != 0xf0 || (buf[i + 3] & 0xf8) != 0xf8)
			continue;
		u32 src = ((u32)(buf[i + 1] & 7) << 19) | ((u32)buf[i] << 11) |
			  ((u32)(buf[i + 3] & 7) << 8) | buf[i + 2];
		u32 dest = ((src << 1) - (start + (u32)i + 4)) >> 1;

		buf[i + 1] = (u8)(0xf0 | ((dest >> 19) & 7));
		buf[i] = (u8)(dest >> 11);
		buf[i + 3] = (u8)(0xf8 | ((dest >> 8) & 7));
		buf[i + 2] = (u8)dest;
		i += 2;
	}
}

/* ---- SPARC ("call") ---- */

static void bcj_sparc(u32 start, u8 *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i += 4) {
		bool fwd = buf[i] == 0x40 && (buf[i + 1] & 0xc0) == 0x00;
		bool back = buf[i] == 0x7f && (buf[i + 1] & 0xc0) == 0xc0;

		if (!fwd && !back)
			continue;
		u32 src = xz_get_be32(buf + i) << 2;
		u32 dest = (src - (start + (u32)i)) >> 2;

		dest = (((0u - ((dest >> 22) & 1)) << 22) & 0x3fffffff) | (dest & 0x3fffff) |
		       0x40000000;
		xz_put_be32(buf + i, dest);
	}
}

/* ---- ARM64 ("bl" and "adrp") ---- */

static u32 arm64_adrp(u32 instr, u32 pc)
{
	u32 src = ((instr >> 29) & 3) | ((instr >> 3) & 0x001ffffc);

	if ((src + 0x00020000) & 0x001c0000)
		return instr; /* outside +-512 MiB: the encoder left it alone */
	u32 dest = src - (pc >> 12);

	instr &= 0x9000001f;
	instr |= (dest & 3) << 29;
	instr |= (dest & 0x0003fffc) << 3;
	instr |= (0u - (dest & 0x00020000)) & 0x00e00000;
	return instr;
}

static void bcj_arm64(u32 start, u8 *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i += 4) {
		u32 pc = start + (u32)i;
		u32 instr = xz_get_le32(buf + i);

		if ((instr >> 26) == 0x25)
			instr = 0x94000000 | ((instr - (pc >> 2)) & 0x03ffffff);
		else if ((instr & 0x9f000000) == 0x90000000)
			instr = arm64_adrp(instr, pc);
		else
			continue;
		xz_put_le32(buf + i, instr);
	}
}

bool xz_bcj_supported(u64 filter_id)
{
	switch (filter_id) {
	case XZ_FILTER_X86:
	case XZ_FILTER_POWERPC:
	case XZ_FILTER_ARM:
	case XZ_FILTER_ARMTHUMB:
	case XZ_FILTER_SPARC:
	case XZ_FILTER_ARM64: return true;
	default: return false;
	}
}

void xz_bcj_decode(u64 filter_id, u32 start, u8 *buf, size_t len)
{
	switch (filter_id) {
	case XZ_FILTER_X86: bcj_x86(start, buf, len); break;
	case XZ_FILTER_POWERPC: bcj_powerpc(start, buf, len); break;
	case XZ_FILTER_ARM: bcj_arm(start, buf, len); break;
	case XZ_FILTER_ARMTHUMB: bcj_armthumb(start, buf, len); break;
	case XZ_FILTER_SPARC: bcj_sparc(start, buf, len); break;
	case XZ_FILTER_ARM64: bcj_arm64(start, buf, len); break;
	default: break;
	}
}
