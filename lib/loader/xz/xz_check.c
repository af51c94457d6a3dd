/*
 * Integrity checks used by the .xz and gzip containers: CRC32 (IEEE 802.3,
 * reflected polynomial 0xEDB88320), CRC64 (ECMA-182, reflected polynomial
 * 0xC96C5795D7870F42) and SHA-256 (FIPS 180-4).
 *
 * Invariants: pure functions of their arguments; the CRC lookup tables
 * (CRC32 sliced by eight bytes) live in the caller's workspace and are
 * filled by xz_crc_init() before use; nothing reads outside p[0, n).
 * Stack use is below 400 bytes.
 */
#include "xz_private.h"

#define CRC32_POLY 0xEDB88320u
#define CRC64_POLY 0xC96C5795D7870F42ull

void xz_crc_init(struct xz_crc_tables *t)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c32 = i;
		u64 c64 = i;

		for (int k = 0; k < 8; k++) {
			c32 = (c32 >> 1) ^ (CRC32_POLY & (0u - (c32 & 1)));
			c64 = (c64 >> 1) ^ (CRC64_POLY & (0ull - (c64 & 1)));
		}
		t->crc32[0][i] = c32;
		t->crc64[i] = c64;
	}
	for (u32 k = 1; k < 8; k++)
		for (u32 i = 0; i < 256; i++) {
			u32 prev = t->crc32[k - 1][i];

			t->crc32[k][i] = (prev >> 8) ^ t->crc32[0][prev & 0xff];
		}
}

u32 xz_crc32(const struct xz_crc_tables *t, const u8 *p, size_t n, u32 crc)
{
	crc = ~crc;
	for (; n >= 8; n -= 8, p += 8) {
		u32 lo = xz_get_le32(p) ^ crc, hi = xz_get_le32(p + 4);

		crc = t->crc32[7][lo & 0xff] ^ t->crc32[6][(lo >> 8) & 0xff] ^
		      t->crc32[5][(lo >> 16) & 0xff] ^ t->crc32[4][lo >> 24] ^
		      t->crc32[3][hi & 0xff] ^ t->crc32[2][(hi >> 8) & 0xff] ^
		      t->crc32[1][(hi >> 16) & 0xff] ^ t->crc32[0][hi >> 24];
	}
	for (; n > 0; n--, p++)
		crc = t->crc32[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
	return ~crc;
}

u64 xz_crc64(const struct xz_crc_tables *t, const u8 *p, size_t n, u64 crc)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = t->crc64[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- SHA-256 ---- */

struct sha256_ctx {
	u32 h[8];
	u8 block[64];
	size_t fill; /* bytes in block[] */
};

static const u32 sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline u32 ror32(u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_schedule(const u8 *blk, u32 w[64])
{
	for (int i = 0; i < 16; i++)
		w[i] = xz_get_be32(blk + 4 * i);
	for (int i = 16; i < 64; i++) {
		u32 s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
}

static void sha256_compress(u32 h[8], const u8 *blk)
{
	u32 w[64], v[8];

	sha256_schedule(blk, w);
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		u32 s1 = ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25);
		u32 ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		u32 t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
		u32 s0 = ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22);
		u32 maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);

		memmove(v + 1, v, 7 * sizeof(u32));
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

static void sha256_update(struct sha256_ctx *c, const u8 *p, size_t n)
{
	while (n > 0) {
		size_t take = MIN(n, 64 - c->fill);

		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill == 64) {
			sha256_compress(c->h, c->block);
			c->fill = 0;
		}
	}
}

void xz_sha256(const u8 *p, size_t n, u8 digest[32])
{
	static const u32 init[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	struct sha256_ctx c = {.fill = 0};
	u8 tail[72] = {0x80};
	/* 0x80, zeros, then the 64-bit bit length ending a 64-byte block */
	size_t pad = (n % 64) < 56 ? 56 - n % 64 : 120 - n % 64;
	u64 bits = (u64)n * 8;

	memcpy(c.h, init, sizeof(c.h));
	sha256_update(&c, p, n);
	xz_put_be32(tail + pad, (u32)(bits >> 32));
	xz_put_be32(tail + pad + 4, (u32)bits);
	sha256_update(&c, tail, pad + 8);
	for (int i = 0; i < 8; i++)
		xz_put_be32(digest + 4 * i, c.h[i]);
}
