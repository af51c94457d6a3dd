/*
 * Unit tests for lib/loader/bzimage.c: synthetic bzImages (setup
 * header + XZ or gzip payload + size trailer, made at run time with liblzma
 * and zlib), raw ELF images, malformed headers, and - when XENO_VMLINUZ
 * names a Debian vmlinuz - the real kernel.
 *
 * Invariants: images are built in exactly-sized heap buffers so that any
 * read past the image is caught by ASan; the real-kernel test is skipped,
 * not failed, when XENO_VMLINUZ is unset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>

#include <loader/bzimage.h>

#define SETUP_SECTS 3
#define PM_START ((SETUP_SECTS + 1) * 512)
#define PAYLOAD_REL 0x180

static struct bzimage_work work;

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* A fake vmlinux: a valid ELF64 x86-64 header followed by code-like bytes. */
static uint8_t *make_elf(size_t n, uint8_t class, uint16_t machine)
{
	uint8_t *p = malloc(n);
	uint32_t s = 1;

	for (size_t i = 0; i < n; i++) {
		s = s * 1103515245u + 12345u;
		p[i] = (s >> 16) % 5 == 0 ? 0xe8 : (uint8_t)((s >> 20) % 7);
	}
	memset(p, 0, 64);
	memcpy(p,
	       "\x7f"
	       "ELF",
	       4);
	p[4] = class;
	p[5] = 1;
	p[6] = 1;
	put16(p + 18, machine);
	return p;
}

static uint8_t *xz_payload(const uint8_t *elf, size_t n, size_t *out_n)
{
	lzma_options_lzma lz;
	lzma_filter f[] = {
		{LZMA_FILTER_X86, NULL}, {LZMA_FILTER_LZMA2, &lz}, {LZMA_VLI_UNKNOWN, NULL}};
	size_t cap = lzma_stream_buffer_bound(n) + 4, pos = 0;
	uint8_t *out = malloc(cap);

	lzma_lzma_preset(&lz, 6);
	assert_int_equal(
		lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL, elf, n, out, &pos, cap),
		LZMA_OK);
	put32(out + pos, (uint32_t)n); /* Linux's size trailer */
	*out_n = pos + 4;
	return out;
}

static uint8_t *gz_payload(const uint8_t *elf, size_t n, size_t *out_n)
{
	uLongf cap = compressBound(n) + 32;
	uint8_t *out = malloc(cap);
	z_stream z = {0};

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)elf;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_n = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Wrap a payload into a minimal bzImage; returns the image size. */
static uint8_t *make_bzimage(const uint8_t *payload, size_t pn, size_t *img_n)
{
	size_t n = PM_START + PAYLOAD_REL + pn + 1024;
	uint8_t *img = calloc(1, n);

	img[0x1f1] = SETUP_SECTS;
	put16(img + 0x1fe, 0xaa55);
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);
	put32(img + 0x248, PAYLOAD_REL);
	put32(img + 0x24c, (uint32_t)pn);
	memcpy(img + PM_START + PAYLOAD_REL, payload, pn);
	*img_n = n;
	return img;
}

static int probe_and_load(const uint8_t *img, size_t n, struct bzimage_info *bi, uint8_t *out,
			  size_t cap, const uint8_t **elf, size_t *elf_n, const char **why)
{
	int ret = bzimage_probe(img, n, bi, why);

	return ret ? ret : bzimage_decompress(bi, out, cap, &work, elf, elf_n, why);
}

static void check_roundtrip(bool gzip)
{
	size_t en = 300000, pn, n, elf_n;
	uint8_t *elf = make_elf(en, 2, 62);
	uint8_t *pl = gzip ? gz_payload(elf, en, &pn) : xz_payload(elf, en, &pn);
	uint8_t *img = make_bzimage(pl, pn, &n), *out = malloc(en);
	struct bzimage_info bi;
	const uint8_t *res;
	const char *why = NULL;
	int ret = probe_and_load(img, n, &bi, out, en, &res, &elf_n, &why);

	if (ret)
		fail_msg("load failed: %d (%s)", ret, why);
	assert_true(bi.is_bzimage);
	assert_int_equal(bi.version, 0x020f);
	assert_int_equal(bi.comp, gzip ? BZIMAGE_COMP_GZIP : BZIMAGE_COMP_XZ);
	assert_string_equal(bzimage_comp_name(bi.comp), gzip ? "gzip" : "xz");
	assert_ptr_equal(bi.payload, img + PM_START + PAYLOAD_REL);
	assert_int_equal(bi.uncompressed_size, en);
	assert_ptr_equal(res, out);
	assert_int_equal(elf_n, en);
	assert_memory_equal(out, elf, en);
	assert_int_equal(bzimage_decompress(&bi, out, en - 1, &work, &res, &elf_n, &why),
			 XZ_ENOSPC);
	/* a size trailer that disagrees with the data */
	put32(img + PM_START + PAYLOAD_REL + pn - 4, (uint32_t)(en + 1));
	assert_int_not_equal(probe_and_load(img, n, &bi, out, en + 1, &res, &elf_n, &why), 0);
	put32(img + PM_START + PAYLOAD_REL + pn - 4, (uint32_t)(en - 1));
	assert_int_not_equal(probe_and_load(img, n, &bi, out, en, &res, &elf_n, &why), 0);
	free(elf), free(pl), free(img), free(out);
}

static void test_xz_bzimage(void **state)
{
	(void)state;
	check_roundtrip(false);
}

static void test_gzip_bzimage(void **state)
{
	(void)state;
	check_roundtrip(true);
}

static void test_raw_elf(void **state)
{
	uint8_t *elf = make_elf(5000, 2, 62);
	struct bzimage_info bi;
	const uint8_t *res;
	size_t n;
	const char *why;

	(void)state;
	assert_int_equal(probe_and_load(elf, 5000, &bi, NULL, 0, &res, &n, &why), 0);
	assert_false(bi.is_bzimage);
	assert_int_equal(bi.comp, BZIMAGE_COMP_NONE);
	assert_ptr_equal(res, elf);
	assert_int_equal(n, 5000);
	elf[4] = 1; /* ELF32 */
	assert_int_equal(bzimage_probe(elf, 5000, &bi, &why), XZ_EUNSUP);
	elf[4] = 2;
	put16(elf + 18, 3); /* i386 */
	assert_int_equal(bzimage_probe(elf, 5000, &bi, &why), XZ_EUNSUP);
	assert_string_equal(why, "kernel ELF is not x86-64");
	free(elf);
}

static void test_uncompressed_payload(void **state)
{
	uint8_t *elf = make_elf(4000, 2, 62);
	size_t n, en;
	uint8_t *img = make_bzimage(elf, 4000, &n);
	struct bzimage_info bi;
	const uint8_t *res;
	const char *why;

	(void)state;
	assert_int_equal(probe_and_load(img, n, &bi, NULL, 0, &res, &en, &why), 0);
	assert_true(bi.is_bzimage);
	assert_int_equal(bi.comp, BZIMAGE_COMP_NONE);
	assert_ptr_equal(res, img + PM_START + PAYLOAD_REL);
	assert_int_equal(en, 4000);
	free(elf), free(img);
}

static void expect_probe_err(const uint8_t *img, size_t n, int code, const char *msg)
{
	struct bzimage_info bi;
	const char *why = NULL;

	assert_int_equal(bzimage_probe(img, n, &bi, &why), code);
	assert_non_null(why);
	if (msg)
		assert_string_equal(why, msg);
}

static void test_bad_headers(void **state)
{
	static const struct {
		const char magic[8];
		const char *msg;
	} comps[] = {
		{"BZh91AY", "unsupported kernel compression: bzip2"},
		{"\x5d\x00\x00\x80\x00\x00\x00", "unsupported kernel compression: lzma"},
		{"\x28\xb5\x2f\xfd", "unsupported kernel compression: zstd"},
		{"\x89LZO", "unsupported kernel compression: lzo"},
		{"\x02\x21\x4c\x18", "unsupported kernel compression: lz4"},
		{"junkjunk", "unknown kernel payload format"},
	};
	uint8_t pl[64] = {0};
	size_t n;
	uint8_t *img = make_bzimage(pl, sizeof(pl), &n);

	(void)state;
	expect_probe_err(img, 0x200, XZ_ENOTXZ, NULL);
	for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		memcpy(img + PM_START + PAYLOAD_REL, comps[i].magic, 8);
		expect_probe_err(img, n, XZ_EUNSUP, comps[i].msg);
	}
	put32(img + 0x24c, (uint32_t)(n - PM_START - PAYLOAD_REL + 1));
	expect_probe_err(img, n, XZ_ECORRUPT, "bzImage payload beyond the image");
	put32(img + 0x248, 0xffffffffu);
	expect_probe_err(img, n, XZ_ECORRUPT, "bzImage payload beyond the image");
	img[0x1f1] = 0xff;
	expect_probe_err(img, n, XZ_ECORRUPT, "bzImage setup_sects beyond the image");
	put16(img + 0x206, 0x0207);
	expect_probe_err(img, n, XZ_EUNSUP, "bzImage boot protocol older than 2.08");
	img[0x202] = 'h';
	expect_probe_err(img, n, XZ_ENOTXZ, "not a bzImage (no HdrS) nor an ELF");
	free(img);
}

static void test_setup_sects_zero(void **state)
{
	uint8_t pl[64] = {0x1f, 0x8b, [61] = 0x10};
	size_t n;
	uint8_t *img = make_bzimage(pl, sizeof(pl), &n);
	struct bzimage_info bi;

	(void)state;
	img[0x1f1] = 0; /* means 4: the protected-mode part starts at 2560 */
	memcpy(img + 2560 + 16, pl, sizeof(pl));
	put32(img + 0x248, 16);
	assert_int_equal(bzimage_probe(img, n, &bi, NULL), 0);
	assert_int_equal(bi.setup_sects, 4);
	assert_ptr_equal(bi.payload, img + 2560 + 16);
	free(img);
}

/* Truncated or corrupted images never crash and never succeed silently. */
static void test_mutations(void **state)
{
	size_t en = 2000, pn, n, elf_n;
	uint8_t *elf = make_elf(en, 2, 62), *pl = xz_payload(elf, en, &pn);
	uint8_t *img = make_bzimage(pl, pn, &n), *out = malloc(en);
	struct bzimage_info bi;
	const uint8_t *res;

	(void)state;
	for (size_t len = 0; len < n - 1024; len += 7) {
		uint8_t *cut = malloc(len ? len : 1);
		memcpy(cut, img, len);
		assert_int_not_equal(probe_and_load(cut, len, &bi, out, en, &res, &elf_n, NULL), 0);
		free(cut);
	}
	for (size_t i = PM_START + PAYLOAD_REL; i < PM_START + PAYLOAD_REL + pn; i++) {
		img[i] ^= 0x20;
		assert_int_not_equal(probe_and_load(img, n, &bi, out, en, &res, &elf_n, NULL), 0);
		img[i] ^= 0x20;
	}
	free(elf), free(pl), free(img), free(out);
}

static uint8_t *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	p = malloc(*n);
	if (fread(p, 1, *n, f) != *n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

static void test_real_vmlinuz(void **state)
{
	const char *path = getenv("XENO_VMLINUZ");
	struct bzimage_info bi;
	const uint8_t *elf;
	size_t n, elf_n;
	const char *why = NULL;
	struct timespec t0, t1;

	(void)state;
	if (!path || !*path)
		skip();
	uint8_t *img = read_file(path, &n);
	assert_non_null(img);
	if (bzimage_probe(img, n, &bi, &why))
		fail_msg("probe: %s", why);
	assert_true(bi.is_bzimage);
	assert_true(bi.version >= 0x0208);
	assert_int_equal(bi.comp, BZIMAGE_COMP_XZ);
	uint8_t *out = malloc(bi.uncompressed_size);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (bzimage_decompress(&bi, out, bi.uncompressed_size, &work, &elf, &elf_n, &why))
		fail_msg("decompress: %s", why);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(elf_n, bi.uncompressed_size);
	assert_memory_equal(elf,
			    "\x7f"
			    "ELF\x02\x01",
			    6);
	assert_int_equal(elf[18] | elf[19] << 8, 62);
	printf("vmlinuz %s: boot protocol %#x, payload %zu -> %zu bytes in %.3f s\n", path,
	       bi.version, bi.payload_len, elf_n,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(out);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xz_bzimage),  cmocka_unit_test(test_gzip_bzimage),
		cmocka_unit_test(test_raw_elf),	    cmocka_unit_test(test_uncompressed_payload),
		cmocka_unit_test(test_bad_headers), cmocka_unit_test(test_setup_sects_zero),
		cmocka_unit_test(test_mutations),   cmocka_unit_test(test_real_vmlinuz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
