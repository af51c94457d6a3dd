/*
 * Freestanding single-call decompressors: XZ (.xz container, LZMA2, BCJ
 * filters) and gzip (RFC 1952 / DEFLATE RFC 1951).
 *
 * Model: the caller hands over the whole compressed input and one output
 * buffer. The output buffer doubles as the LZ dictionary, so no memory is
 * allocated; the only other state is a struct xz_dec workspace (~40 KiB:
 * LZMA probability tables, CRC tables, Huffman tables) that the caller
 * provides (static storage is fine; it needs no initialisation and may be
 * reused for any number of calls, but not by two calls at once).
 *
 * Invariants guaranteed for any input, however hostile:
 *  - no byte outside in[0, in_len) is read, none outside out[0, out_cap) is
 *    written;
 *  - the work done is bounded by O(in_len + out_cap) (no infinite loops);
 *  - on error a negative code below is returned and *why (if why != NULL)
 *    points to a static, NUL-terminated, human-readable reason. The output
 *    buffer content is then unspecified; *out_len is still the number of
 *    bytes written so far (useful only for diagnostics).
 *
 * XZ support: stream header/footer, stream padding, concatenated streams,
 * any number of blocks, block header compressed/uncompressed sizes (checked
 * when present), filter chains of up to three BCJ filters (x86, PowerPC,
 * ARM, ARM-Thumb, SPARC, ARM64; optional start offset) followed by LZMA2,
 * index verification (record count, sizes, and a CRC32 over all records),
 * and the check types none, CRC32, CRC64 and SHA-256, all verified. The
 * reserved check IDs are refused (XZ_EUNSUP). Delta and IA-64 filters are
 * refused (XZ_EUNSUP).
 *
 * gzip support: one or more concatenated members, FEXTRA/FNAME/FCOMMENT/
 * FHCRC header fields (FHCRC is verified), CRC32 and ISIZE verified.
 */
#ifndef LOADER_XZ_H
#define LOADER_XZ_H

#include <loader/env.h>

/* Error codes (negative errno values, loader/env.h). */
#define XZ_ENOTXZ (-LOADER_ENOEXEC)    /* wrong magic, not this format */
#define XZ_ECORRUPT (-LOADER_EINVAL)   /* malformed or corrupt data */
#define XZ_ENOSPC (-LOADER_ENOSPC)     /* output buffer too small */
#define XZ_ETRUNC (-LOADER_ENODATA)    /* input ends too early */
#define XZ_ECHECK (-LOADER_EILSEQ)     /* CRC32/CRC64/SHA-256 mismatch */
#define XZ_EUNSUP (-LOADER_EOPNOTSUPP) /* valid but unsupported feature */

/* Flags for xz_decode(). */
#define XZ_SINGLE_STREAM                                    \
	0x1u /* stop right after the first stream's footer; \
	      * what follows (padding or anything else) is  \
	      * left unread, see *in_used */

/* Size of the opaque workspace. Checked against the real layout at build
 * time in lib/loader/xz/xz_private.h. */
#define XZ_DEC_SIZE (40u * 1024u)

struct xz_dec {
	union {
		u64 align;
		u8 bytes[XZ_DEC_SIZE];
	} opaque;
};

/*
 * Decode the .xz data in in[0, in_len) into out[0, out_cap).
 * Without XZ_SINGLE_STREAM the whole input must be consumed: one or more
 * streams, each optionally followed by stream padding (a multiple of four
 * zero bytes). With it, decoding stops after the first stream's footer and
 * *in_used tells where that is (e.g. a bzImage payload's size trailer).
 * in_used and why may be NULL. Returns 0 or an XZ_E* code.
 */
int xz_decode(struct xz_dec *st, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	      unsigned int flags, size_t *in_used, size_t *out_len, const char **why);

/* xz_decode() with flags 0 (whole input, all streams). */
int xz_decode_buf(struct xz_dec *st, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		  size_t *out_len, const char **why);

/*
 * Decode the gzip data in in[0, in_len) into out[0, out_cap): one or more
 * concatenated members; trailing zero bytes after the last member are
 * accepted (some tools pad), anything else after it is an error.
 * Returns 0 or an XZ_E* code (XZ_ENOTXZ: not gzip).
 */
int gzip_decode_buf(struct xz_dec *st, const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		    size_t *out_len, const char **why);

/* True if the buffer starts with the magic bytes of the format. */
bool xz_has_magic(const u8 *in, size_t in_len);
bool gzip_has_magic(const u8 *in, size_t in_len);

#endif
