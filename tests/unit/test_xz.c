/*
 * Unit tests for lib/loader/xz: streams are produced at run time by
 * liblzma (and zlib for gzip), decoded by our decoder and compared byte
 * for byte; corrupted and truncated variants must fail cleanly (ASan and
 * UBSan are on, so any out-of-bounds access aborts the test).
 *
 * Invariants: every test is deterministic (fixed PRNG seeds); buffers are
 * sized exactly so that any write past the expected output is caught.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>

#include <loader/xz.h>
#include "../../lib/loader/xz/xz_private.h"

static struct xz_dec dec;

enum data_kind { D_TEXT, D_RANDOM, D_REPEAT, D_X86, D_ZERO, D_RUNS, D_KINDS };

static uint32_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static uint8_t *gen_data(enum data_kind kind, size_t n, uint32_t seed)
{
	static const char *words[] = {"xeno ",	 "hyper", "visor ", "page ",
				      "table\n", "the ",  "of ",    "kernel "};
	uint8_t *p = malloc(n + 1);

	rng_state = seed;
	for (size_t i = 0; i < n; i++) {
		switch (kind) {
		case D_TEXT: {
			const char *w = words[rnd() % 8];
			for (; *w && i < n; w++)
				p[i++] = (uint8_t)*w;
			i--;
			break;
		}
		case D_RANDOM: p[i] = (uint8_t)rnd(); break;
		case D_REPEAT: p[i] = (uint8_t)("abcabcabd"[i % 9] + (i / 100000)); break;
		case D_X86: /* calls/jumps with small displacements, and noise */
			p[i] = (rnd() % 4 == 0)	  ? (uint8_t)(0xe8 + rnd() % 2)
			       : (rnd() % 3 == 0) ? (uint8_t)(rnd() % 2 ? 0xff : 0x00)
						  : (uint8_t)(rnd() % 16);
			break;
		case D_RUNS: { /* overlapping matches: runs of a byte, short periods */
			size_t len = 1 + rnd() % 600, period = 1 + rnd() % 12;
			for (size_t k = 0; k < len && i < n; k++, i++)
				p[i] = k < period ? (uint8_t)(1 + rnd() % 255) : p[i - period];
			i--;
			break;
		}
		default: p[i] = 0;
		}
	}
	return p;
}

struct enc_opts {
	lzma_vli bcj;
	uint32_t bcj_start;
	uint32_t preset;
	uint32_t dict;	/* 0: preset's (capped at 8 MiB) */
	int lc, lp, pb; /* -1: preset's */
	lzma_check check;
};

static void set_lzma_opts(lzma_options_lzma *lz, const struct enc_opts *o)
{
	assert_false(lzma_lzma_preset(lz, o->preset));
	if (lz->dict_size > (8u << 20))
		lz->dict_size = 8u << 20;
	if (o->dict)
		lz->dict_size = o->dict;
	if (o->lc >= 0) {
		lz->lc = (uint32_t)o->lc;
		lz->lp = (uint32_t)o->lp;
		lz->pb = (uint32_t)o->pb;
	}
}

static uint8_t *xz_enc(const uint8_t *in, size_t n, const struct enc_opts *o, size_t *out_n)
{
	lzma_options_lzma lz;
	lzma_options_bcj bcj = {.start_offset = o->bcj_start};
	lzma_filter f[3];
	int i = 0;

	set_lzma_opts(&lz, o);
	if (o->bcj)
		f[i++] = (lzma_filter){o->bcj, o->bcj_start ? &bcj : NULL};
	f[i++] = (lzma_filter){LZMA_FILTER_LZMA2, &lz};
	f[i] = (lzma_filter){LZMA_VLI_UNKNOWN, NULL};
	size_t cap = lzma_stream_buffer_bound(n), pos = 0;
	uint8_t *out = malloc(cap);

	assert_int_equal(lzma_stream_buffer_encode(f, o->check, NULL, in, n, out, &pos, cap),
			 LZMA_OK);
	*out_n = pos;
	return out;
}

/* Decode and compare; also check that one byte less of room fails. */
static void expect_decode(const uint8_t *xz, size_t xz_n, const uint8_t *want, size_t want_n)
{
	uint8_t *out = malloc(want_n + 1);
	size_t n = 12345;
	const char *why = NULL;
	int ret = xz_decode_buf(&dec, xz, xz_n, out, want_n, &n, &why);

	if (ret)
		fail_msg("decode failed: %d (%s)", ret, why);
	assert_int_equal(n, want_n);
	assert_memory_equal(out, want, want_n);
	if (want_n > 0)
		assert_int_equal(xz_decode_buf(&dec, xz, xz_n, out, want_n - 1, &n, &why),
				 XZ_ENOSPC);
	free(out);
}

static void roundtrip(enum data_kind kind, size_t n, const struct enc_opts *o)
{
	size_t xz_n;
	uint8_t *data = gen_data(kind, n, (uint32_t)(n * 31 + kind));
	uint8_t *xz = xz_enc(data, n, o, &xz_n);

	expect_decode(xz, xz_n, data, n);
	free(xz);
	free(data);
}

static const lzma_check checks[4] = {LZMA_CHECK_NONE, LZMA_CHECK_CRC32, LZMA_CHECK_CRC64,
				     LZMA_CHECK_SHA256};

static void test_presets(void **state)
{
	(void)state;
	for (uint32_t preset = 0; preset <= 9; preset++) {
		for (int kind = 0; kind < D_KINDS; kind++) {
			struct enc_opts o = {
				.preset = preset, .lc = -1, .check = checks[(preset + kind) % 4]};
			roundtrip((enum data_kind)kind, 150000, &o);
			o.bcj = LZMA_FILTER_X86;
			o.preset = preset | (preset % 3 == 0 ? LZMA_PRESET_EXTREME : 0);
			roundtrip((enum data_kind)kind, 150000, &o);
		}
	}
}

static void test_dict_sizes(void **state)
{
	static const uint32_t dicts[] = {4096, 4097, 12345, 65536, 3u << 19};

	(void)state;
	for (size_t i = 0; i < sizeof(dicts) / sizeof(dicts[0]); i++) {
		struct enc_opts o = {
			.preset = 6, .dict = dicts[i], .lc = -1, .check = LZMA_CHECK_CRC32};
		roundtrip(D_TEXT, 700000, &o);
		roundtrip(D_REPEAT, 500000, &o);
	}
}

static void test_lc_lp_pb(void **state)
{
	(void)state;
	for (int lc = 0; lc <= 4; lc++)
		for (int lp = 0; lc + lp <= 4; lp++)
			for (int pb = 0; pb <= 4; pb += 2) {
				struct enc_opts o = {.preset = 2,
						     .lc = lc,
						     .lp = lp,
						     .pb = pb,
						     .check = LZMA_CHECK_CRC64};
				roundtrip(D_X86, 60000, &o);
			}
}

static void test_bcj_filters(void **state)
{
	static const lzma_vli ids[] = {LZMA_FILTER_X86,	  LZMA_FILTER_POWERPC,
				       LZMA_FILTER_ARM,	  LZMA_FILTER_ARMTHUMB,
				       LZMA_FILTER_SPARC, LZMA_FILTER_ARM64};

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (uint32_t start = 0; start <= 4096; start += 4096) {
			struct enc_opts o = {.bcj = ids[i],
					     .bcj_start = start,
					     .preset = 1,
					     .lc = -1,
					     .check = LZMA_CHECK_CRC32};
			roundtrip(D_X86, 100000, &o);
			roundtrip(D_RANDOM, 100000, &o);
		}
	}
}

static void test_empty_and_tiny(void **state)
{
	(void)state;
	for (int c = 0; c < 4; c++)
		for (size_t n = 0; n < 8; n++) {
			struct enc_opts o = {.preset = 0,
					     .lc = -1,
					     .check = checks[c],
					     .bcj = n & 1 ? LZMA_FILTER_X86 : 0};
			roundtrip(D_X86, n, &o);
		}
}

/* Stream encoder with a flush (new block or new chunk) every `blk` bytes. */
static uint8_t *xz_enc_flush(const uint8_t *in, size_t n, size_t blk, lzma_action act,
			     size_t *out_n)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma lz;
	lzma_filter f[] = {
		{LZMA_FILTER_X86, NULL}, {LZMA_FILTER_LZMA2, &lz}, {LZMA_VLI_UNKNOWN, NULL}};
	lzma_filter *chain = act == LZMA_SYNC_FLUSH ? f + 1 : f; /* BCJ: no sync */
	size_t cap = lzma_stream_buffer_bound(n) + (n / blk + 2) * 128;
	uint8_t *out = malloc(cap);
	lzma_ret r;

	lzma_lzma_preset(&lz, 1);
	assert_int_equal(lzma_stream_encoder(&s, chain, LZMA_CHECK_CRC32), LZMA_OK);
	s.next_out = out;
	s.avail_out = cap;
	for (size_t off = 0; off < n; off += blk) {
		s.next_in = in + off;
		s.avail_in = n - off < blk ? n - off : blk;
		while ((r = lzma_code(&s, act)) == LZMA_OK)
			;
		assert_int_equal(r, LZMA_STREAM_END);
	}
	while ((r = lzma_code(&s, LZMA_FINISH)) == LZMA_OK)
		;
	assert_int_equal(r, LZMA_STREAM_END);
	*out_n = s.total_out;
	lzma_end(&s);
	return out;
}

static uint8_t *xz_enc_mt(const uint8_t *in, size_t n, size_t *out_n)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_mt mt = {.threads = 2, .block_size = 40000, .preset = 1, .check = LZMA_CHECK_SHA256};
	size_t cap = lzma_stream_buffer_bound(n) + 4096;
	uint8_t *out = malloc(cap);
	lzma_ret r;

	assert_int_equal(lzma_stream_encoder_mt(&s, &mt), LZMA_OK);
	s.next_in = in;
	s.avail_in = n;
	s.next_out = out;
	s.avail_out = cap;
	while ((r = lzma_code(&s, LZMA_FINISH)) == LZMA_OK)
		;
	assert_int_equal(r, LZMA_STREAM_END);
	*out_n = s.total_out;
	lzma_end(&s);
	return out;
}

static void test_multiblock(void **state)
{
	size_t n = 300000, xz_n;
	uint8_t *data = gen_data(D_TEXT, n, 7), *xz;

	(void)state;
	xz = xz_enc_flush(data, n, 30000, LZMA_FULL_FLUSH, &xz_n);
	expect_decode(xz, xz_n, data, n);
	free(xz);
	xz = xz_enc_flush(data, n, 7777, LZMA_SYNC_FLUSH, &xz_n);
	expect_decode(xz, xz_n, data, n);
	free(xz);
	xz = xz_enc_mt(data, n, &xz_n);
	expect_decode(xz, xz_n, data, n);
	free(xz);
	free(data);
}

static void test_raw_lzma2(void **state)
{
	size_t n = 200000, pos = 0;
	uint8_t *data = gen_data(D_TEXT, n, 3), *raw = malloc(n + 4096);
	uint8_t *out = malloc(n);
	lzma_options_lzma lz;
	lzma_filter f[] = {{LZMA_FILTER_LZMA2, &lz}, {LZMA_VLI_UNKNOWN, NULL}};
	struct xz_buf b = {raw, 0, 0, out, 0, n, NULL};

	(void)state;
	lzma_lzma_preset(&lz, 3);
	assert_int_equal(lzma_raw_buffer_encode(f, NULL, data, n, raw, &pos, n + 4096), LZMA_OK);
	b.in_len = pos;
	assert_int_equal(xz_lzma2_decode(&xz_state_of(&dec)->u.lzma, &b, lz.dict_size, pos), 0);
	assert_int_equal(b.in_pos, pos);
	assert_int_equal(b.out_pos, n);
	assert_memory_equal(out, data, n);
	free(data);
	free(raw);
	free(out);
}

static void test_concat_and_padding(void **state)
{
	size_t n = 5000, a_n, used = 0, out_n = 0;
	uint8_t *data = gen_data(D_TEXT, n, 9), *out = malloc(2 * n);
	struct enc_opts o = {.preset = 1, .lc = -1, .check = LZMA_CHECK_CRC32};
	uint8_t *a = xz_enc(data, n, &o, &a_n);
	uint8_t *two = calloc(1, 2 * a_n + 16);
	uint8_t *want = malloc(2 * n);

	(void)state;
	memcpy(want, data, n);
	memcpy(want + n, data, n);
	memcpy(two, a, a_n);
	memcpy(two + a_n + 8, a, a_n); /* 8 bytes of stream padding between */
	expect_decode(two, 2 * a_n + 8, want, 2 * n);
	expect_decode(two, 2 * a_n + 16, want, 2 * n); /* and 8 after */
	assert_int_equal(xz_decode_buf(&dec, two, 2 * a_n + 11, out, 2 * n, &out_n, NULL),
			 XZ_ECORRUPT);
	assert_int_equal(xz_decode(&dec, two, 2 * a_n + 8, out, 2 * n, XZ_SINGLE_STREAM, &used,
				   &out_n, NULL),
			 0);
	assert_int_equal(used, a_n);
	assert_int_equal(out_n, n);
	memcpy(two + a_n, "\0\0\0\0junk", 8);
	assert_int_equal(xz_decode_buf(&dec, two, a_n + 8, out, 2 * n, &out_n, NULL), XZ_ECORRUPT);
	free(a), free(two), free(want), free(out), free(data);
}

static void test_bad_streams(void **state)
{
	size_t n = 1000, x_n, out_n, pos = 0;
	uint8_t *data = gen_data(D_TEXT, n, 5), out[1000];
	struct enc_opts o = {.preset = 1, .lc = -1, .check = LZMA_CHECK_CRC32};
	uint8_t *x = xz_enc(data, n, &o, &x_n), buf[4096];
	lzma_options_delta delta = {.type = LZMA_DELTA_TYPE_BYTE, .dist = 4};
	lzma_options_lzma lz;
	lzma_filter f[] = {
		{LZMA_FILTER_DELTA, &delta}, {LZMA_FILTER_LZMA2, &lz}, {LZMA_VLI_UNKNOWN, NULL}};
	const char *why = NULL;

	(void)state;
	assert_int_equal(xz_decode_buf(&dec, data, n, out, n, &out_n, &why), XZ_ENOTXZ);
	assert_int_equal(xz_decode_buf(&dec, NULL, 0, out, n, &out_n, &why), XZ_ENOTXZ);
	x[7] = 0x02; /* reserved check type, with a fixed-up header CRC */
	xz_put_le32(x + 8, (uint32_t)crc32(0, x + 6, 2));
	assert_int_equal(xz_decode_buf(&dec, x, x_n, out, n, &out_n, &why), XZ_EUNSUP);
	lzma_lzma_preset(&lz, 1);
	assert_int_equal(lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL, data, n, buf, &pos,
						   sizeof(buf)),
			 LZMA_OK);
	assert_int_equal(xz_decode_buf(&dec, buf, pos, out, n, &out_n, &why), XZ_EUNSUP);
	assert_string_equal(why, "unsupported filter 0x03 (delta)");
	free(x);
	free(data);
}

/* Every single-byte corruption and every truncation must be rejected (or,
 * without a check, at least not produce the original data silently). */
static void mutate_all(const uint8_t *xz, size_t xz_n, const uint8_t *want, size_t want_n,
		       bool has_check)
{
	static const uint8_t xors[] = {0x01, 0x02, 0x10, 0x80, 0xff};
	uint8_t *m = malloc(xz_n), *out = malloc(want_n + 64);
	size_t out_n;

	for (size_t i = 0; i < xz_n; i++) {
		for (size_t k = 0; k < sizeof(xors); k++) {
			memcpy(m, xz, xz_n);
			m[i] ^= xors[k];
			int ret = xz_decode_buf(&dec, m, xz_n, out, want_n + 64, &out_n, NULL);
			if (ret == 0 &&
			    (has_check || (out_n == want_n && !memcmp(out, want, want_n))))
				fail_msg("flip at %zu ^%02x accepted", i, xors[k]);
		}
		assert_int_not_equal(xz_decode_buf(&dec, xz, i, out, want_n + 64, &out_n, NULL), 0);
	}
	free(m);
	free(out);
}

static void test_corruption(void **state)
{
	size_t n = 3000, x_n;
	uint8_t *data = gen_data(D_X86, n, 11);

	(void)state;
	for (int c = 0; c < 4; c++) {
		struct enc_opts o = {
			.bcj = LZMA_FILTER_X86, .preset = 6, .lc = -1, .check = checks[c]};
		uint8_t *x = xz_enc(data, n, &o, &x_n);

		mutate_all(x, x_n, data, n, c != 0);
		free(x);
	}
	uint8_t *x = xz_enc_flush(data, n, 1000, LZMA_FULL_FLUSH, &x_n);

	mutate_all(x, x_n, data, n, true);
	free(x);
	free(data);
}

static void test_random_garbage(void **state)
{
	uint8_t buf[512], out[4096];
	size_t out_n;

	(void)state;
	rng_state = 99;
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 12 + rnd() % (sizeof(buf) - 12);
		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)(iter % 2 ? rnd() % 4 : rnd());
		memcpy(buf,
		       "\xfd"
		       "7zXZ\0\0\x01\x69\x22\xde\x36",
		       12);
		(void)xz_decode_buf(&dec, buf, n, out, sizeof(out), &out_n, NULL);
		(void)gzip_decode_buf(&dec, buf, n, out, sizeof(out), &out_n, NULL);
		buf[0] = 0x1f, buf[1] = 0x8b, buf[2] = 8, buf[3] &= 0x1f;
		(void)gzip_decode_buf(&dec, buf, n, out, sizeof(out), &out_n, NULL);
	}
}

/* ---- gzip ---- */

static uint8_t *gz_enc(const uint8_t *in, size_t n, int level, int strategy, bool header,
		       size_t *out_n)
{
	z_stream z = {0};
	gz_header h = {.name = (Bytef *)"name.bin",
		       .comment = (Bytef *)"c",
		       .extra = (Bytef *)"xyz",
		       .extra_len = 3,
		       .hcrc = 1};
	size_t cap = n + n / 100 + 1024;
	uint8_t *out = malloc(cap);

	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 31, 8, strategy), Z_OK);
	if (header)
		assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_n = z.total_out;
	deflateEnd(&z);
	return out;
}

static void gz_expect(const uint8_t *gz, size_t gz_n, const uint8_t *want, size_t want_n)
{
	uint8_t *out = malloc(want_n + 1);
	size_t n = 0;
	const char *why = NULL;
	int ret = gzip_decode_buf(&dec, gz, gz_n, out, want_n, &n, &why);

	if (ret)
		fail_msg("gzip decode failed: %d (%s)", ret, why);
	assert_int_equal(n, want_n);
	assert_memory_equal(out, want, want_n);
	free(out);
}

static void test_gzip(void **state)
{
	static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE,
					 Z_FIXED};

	(void)state;
	for (int kind = 0; kind < D_KINDS; kind++)
		for (int level = 0; level <= 9; level++) {
			size_t n = 100000, gz_n;
			uint8_t *data = gen_data((enum data_kind)kind, n, (uint32_t)level);
			uint8_t *gz =
				gz_enc(data, n, level, strategies[level % 5], level & 1, &gz_n);

			gz_expect(gz, gz_n, data, n);
			free(gz);
			free(data);
		}
}

static void test_gzip_corruption(void **state)
{
	size_t n = 2000, gz_n, out_n;
	uint8_t *data = gen_data(D_TEXT, n, 1);
	uint8_t *gz = gz_enc(data, n, 9, Z_DEFAULT_STRATEGY, true, &gz_n);
	uint8_t *two = calloc(1, 2 * gz_n + 4), *want = malloc(2 * n);
	uint8_t *out = malloc(2 * n + 64);

	(void)state;
	memcpy(two, gz, gz_n);
	memcpy(two + gz_n, gz, gz_n);
	memcpy(want, data, n);
	memcpy(want + n, data, n);
	gz_expect(two, 2 * gz_n + 4, want, 2 * n); /* two members + zero padding */
	two[2 * gz_n + 3] = 1;
	assert_int_equal(gzip_decode_buf(&dec, two, 2 * gz_n + 4, out, 2 * n, &out_n, NULL),
			 XZ_ECORRUPT);
	for (size_t i = 0; i < gz_n; i++) {
		memcpy(two, gz, gz_n);
		two[i] ^= 0x01;
		assert_int_not_equal(gzip_decode_buf(&dec, two, gz_n, out, n + 64, &out_n, NULL),
				     0);
		assert_int_not_equal(gzip_decode_buf(&dec, gz, i, out, n + 64, &out_n, NULL), 0);
	}
	free(gz), free(two), free(want), free(out), free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),		cmocka_unit_test(test_dict_sizes),
		cmocka_unit_test(test_lc_lp_pb),	cmocka_unit_test(test_bcj_filters),
		cmocka_unit_test(test_empty_and_tiny),	cmocka_unit_test(test_multiblock),
		cmocka_unit_test(test_raw_lzma2),	cmocka_unit_test(test_concat_and_padding),
		cmocka_unit_test(test_bad_streams),	cmocka_unit_test(test_corruption),
		cmocka_unit_test(test_random_garbage),	cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
