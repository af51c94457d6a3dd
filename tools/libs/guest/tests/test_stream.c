/*
 * The save file's pure logic (tools/libs/guest/stream.c) on the host:
 * xl's, libxl's and libxc's headers round-trip and refuse a wrong magic,
 * byte order, flag, version, length or domain type; records are refused
 * when unknown and mandatory, of an HVM or checkpointed stream, or of a
 * length their type cannot have; PAGE_DATA records are checked (count, types, pfns, length) before
 * use; page tables go canonical (mfn -> pfn, hypervisor L4 slots zeroed)
 * and back (pfn -> new mfn), refusing a frame that is not the domain's, a
 * pfn beyond the p2m or not populated; the m2p finds every pfn; a live
 * list of pfns goes out in batches whatever its gaps, deferring the page
 * tables it cannot send and sending every other pfn once (xs_put_list);
 * a restore pins only pinned tables, L4s first (xs_pin_list).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>
#include <unistd.h>

#include "xguest.h"
#include "xstream.h"

#define PTE 0x067ull /* present, rw, user, accessed, dirty */

static void test_headers(void **state)
{
	uint8_t h[XS_HEAD_LEN], img[XS_IMAGE_HEAD_LEN + XS_DOMAIN_HEAD_LEN], l[XS_LIBXL_HEAD_LEN];
	uint8_t opt[16] = {5, 0, 0, 0, 'a', '=', '1', '\n', 0};
	uint32_t flags = 0, opt_len = 0, len = 0;
	char err[160];

	xs_head_encode(h, 1234, 0);
	assert_memory_equal(h, "Xen saved domain, xl format\n \0 \r", 32);
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), 0);
	assert_int_equal(flags, XS_XL_STREAMV2);
	assert_int_equal(opt_len, 1238);
	xs_head_encode(h, 1234, 1);
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), 0);
	assert_int_equal(flags, XS_XL_STREAMV2 | XS_XL_JSON);
	h[0] ^= 1;
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bad magic"));
	xs_head_encode(h, 1234, 0);
	h[32] = 1; /* byte order 0x01020301 */
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "byte order"));
	xs_head_encode(h, 1234, 0);
	h[36] |= 4; /* a mandatory flag xl does not know */
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown mandatory flags"));
	xs_head_encode(h, 1234, 0);
	h[36] = 0; /* a legacy stream */
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "legacy"));
	xs_head_encode(h, XS_CONFIG_MAX + 1, 0);
	assert_int_equal(xs_head_decode(h, &flags, &opt_len, err, sizeof(err)), -EINVAL);

	assert_int_equal(xs_optdata_config(opt, 9, &len, err, sizeof(err)), 0);
	assert_int_equal(len, 5);
	assert_int_equal(xs_optdata_config(opt, 8, &len, err, sizeof(err)), -EINVAL);
	opt[0] = 0;
	assert_int_equal(xs_optdata_config(opt, 9, &len, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "no domain configuration"));

	xs_libxl_encode(l);
	assert_memory_equal(l, "LibxlFmt\0\0\0\2\0\0\0\0", 16);
	assert_int_equal(xs_libxl_decode(l, err, sizeof(err)), 0);
	l[15] = 1; /* big-endian */
	assert_int_equal(xs_libxl_decode(l, err, sizeof(err)), -EINVAL);
	xs_libxl_encode(l);
	l[11] = 1; /* version 1 */
	assert_int_equal(xs_libxl_decode(l, err, sizeof(err)), -EINVAL);

	xs_image_encode(img, 4, 17);
	assert_int_equal(xs_image_decode(img, err, sizeof(err)), 0);
	assert_memory_equal(img + 8, "XENF", 4); /* big-endian id */
	assert_int_equal(img[15], 3);		 /* big-endian version */
	img[28] = 21;				 /* page_shift */
	assert_int_equal(xs_image_decode(img, err, sizeof(err)), -EINVAL);
	xs_image_encode(img, 4, 17);
	img[3] = 0; /* marker */
	assert_int_equal(xs_image_decode(img, err, sizeof(err)), -EINVAL);
}

/* Which libxc and libxl records a PV restore takes, with which lengths. */
static void test_record_check(void **state)
{
	static const struct {
		uint32_t type, len;
		int rc;
	} cases[] = {
		{XS_REC_END, 0, 0},
		{XS_REC_END, 8, -EINVAL},
		{XS_REC_X86_PV_INFO, 8, 0},
		{XS_REC_X86_PV_INFO, 16, -EINVAL},
		{XS_REC_X86_PV_P2M_FRAMES, 16, 0},
		{XS_REC_X86_PV_P2M_FRAMES, 12, -EINVAL},
		{XS_REC_X86_PV_VCPU_BASIC, 4, -EINVAL},
		{XS_REC_X86_PV_VCPU_EXTENDED, 8 + 72, 0},
		{XS_REC_X86_PV_VCPU_MSRS, 8 + 32, 0},
		{XS_REC_X86_PV_VCPU_MSRS, 8 + 20, -EINVAL},
		{XS_REC_SHARED_INFO, 4096, 0},
		{XS_REC_SHARED_INFO, 4095, -EINVAL},
		{XS_REC_X86_TSC_INFO, 24, 0},
		{XS_REC_X86_TSC_INFO, 16, -EINVAL},
		{XS_REC_STATIC_DATA_END, 0, 0},
		{XS_REC_X86_CPUID_POLICY, 48, 0},
		{XS_REC_X86_CPUID_POLICY, 50, -EINVAL},
		{XS_REC_X86_MSR_POLICY, 32, 0},
		{XS_REC_X86_MSR_POLICY, 24, -EINVAL},
		{9, 64, -EINVAL},      /* HVM_CONTEXT */
		{0xe, 0, -EINVAL},     /* CHECKPOINT */
		{0x13, 0, -EINVAL},    /* unknown mandatory */
		{0x80000013u, 40, 1},  /* unknown optional: skipped */
		{XS_REC_SYNC, 0, 1},   /* xeno's live-stream SYNC: optional (libxc skips it) */
		{XS_REC_RINGS, 16, 0}, /* xeno's: two pfns, read by restore.c */
		{XS_REC_RINGS, 8, -EINVAL},
		{XS_REC_RINGS, 24, -EINVAL},
	};
	char err[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = 0;
		assert_int_equal(xs_rec_check(cases[i].type, cases[i].len, err, sizeof(err)),
				 cases[i].rc);
		assert_true(cases[i].rc >= 0 || err[0]);
	}
	xs_rec_check(0x13, 0, err, sizeof(err));
	assert_non_null(strstr(err, "unknown mandatory record (type 0x13)"));
	xs_rec_check(XS_REC_SHARED_INFO, 4095, err, sizeof(err));
	assert_non_null(strstr(err, "wrong length"));

	assert_int_equal(xs_lrec_check(XS_LREC_LIBXC_CONTEXT, 0, err, sizeof(err)), 0);
	assert_int_equal(xs_lrec_check(XS_LREC_LIBXC_CONTEXT, 8, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_lrec_check(XS_LREC_END, 0, err, sizeof(err)), 0);
	assert_int_equal(xs_lrec_check(XS_LREC_EMULATOR_CONTEXT, 16, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_lrec_check(XS_LREC_CHECKPOINT_END, 0, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_lrec_check(6, 0, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown mandatory libxl record"));
	assert_int_equal(xs_lrec_check(0x80000001u, 8, err, sizeof(err)), 1);
}

static void test_record_length(void **state)
{
	uint8_t h[8];
	uint32_t type, len;
	char err[160];

	xs_rec_head(h, XS_REC_PAGE_DATA, XS_REC_MAX);
	assert_int_equal(xs_rec_decode(h, &type, &len, err, sizeof(err)), 0);
	assert_int_equal(type, XS_REC_PAGE_DATA);
	xs_rec_head(h, XS_REC_PAGE_DATA, XS_REC_MAX + 1);
	assert_int_equal(xs_rec_decode(h, &type, &len, err, sizeof(err)), -EINVAL);
	xs_rec_head(h, XS_REC_END, 0xffffffffu);
	assert_int_equal(xs_rec_decode(h, &type, &len, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_pad8(0), 0);
	assert_int_equal(xs_pad8(2), 8);
	assert_int_equal(xs_pad8(4096), 4096);
}

/* A file: xl's header with config (json flag), libxl's header, the given
 * libxl records (type, length pairs with zero bodies), libxc's marker; cut
 * after `keep` bytes (0: whole). Its fd, at the start. */
static int outer_file(const char *config, int json, const uint32_t *recs, size_t nr, long keep)
{
	uint8_t h[XS_HEAD_LEN], l[XS_LIBXL_HEAD_LEN], rh[8], body[64] = {0};
	uint32_t len = (uint32_t)strlen(config) + (json ? 1 : 0);
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	xs_head_encode(h, len, json);
	xs_libxl_encode(l);
	fwrite(h, 1, sizeof(h), f);
	fwrite(&len, 4, 1, f);
	fwrite(config, 1, len, f);
	fwrite(l, 1, sizeof(l), f);
	for (size_t i = 0; i < nr; i++) {
		xs_rec_head(rh, recs[2 * i], recs[2 * i + 1]);
		fwrite(rh, 1, 8, f);
		fwrite(body, 1, xs_pad8(recs[2 * i + 1]), f);
	}
	fwrite("\xff\xff\xff\xff\xff\xff\xff\xffXENF", 1, 12, f);
	fflush(f);
	fd = dup(fileno(f));
	if (keep)
		assert_int_equal(ftruncate(fd, keep), 0);
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static int config_of(int fd, char **config, char *err, size_t errlen)
{
	int rc = xguest_restore_config(fd, config, err, errlen);

	close(fd);
	return rc;
}

/* xl's and libxl's layers read from an fd: the config out, the fd left at
 * libxc's image header; truncation, a flag that lies, unknown mandatory or
 * misplaced libxl records refused; optional ones skipped. */
static void test_outer_layers(void **state)
{
	static const uint32_t ctx[] = {XS_LREC_LIBXC_CONTEXT, 0};
	static const uint32_t opt_ctx[] = {0x80000007u, 20, XS_LREC_LIBXC_CONTEXT, 0};
	static const uint32_t unknown[] = {9, 0, XS_LREC_LIBXC_CONTEXT, 0};
	static const uint32_t emu[] = {XS_LREC_EMULATOR_CONTEXT, 16, XS_LREC_LIBXC_CONTEXT, 0};
	static const uint32_t end_first[] = {XS_LREC_END, 0};
	char err[160], *config = NULL, marker[12];
	int fd = outer_file("name = \"a\"\n", 0, ctx, 1, 0);

	assert_int_equal(xguest_restore_config(fd, &config, err, sizeof(err)), 0);
	assert_string_equal(config, "name = \"a\"\n");
	assert_int_equal(read(fd, marker, 12), 12); /* left at libxc's image header */
	assert_memory_equal(marker + 8, "XENF", 4);
	close(fd);
	free(config);
	assert_int_equal(config_of(outer_file("{\"c_info\": {}}", 1, opt_ctx, 2, 0), &config, err,
				   sizeof(err)),
			 0);
	assert_string_equal(config, "{\"c_info\": {}}");
	free(config);

	assert_int_equal(config_of(outer_file("{}", 0, ctx, 1, 0), &config, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "not in the format its header says"));
	assert_null(config);
	assert_int_equal(config_of(outer_file("a=1", 0, unknown, 2, 0), &config, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "unknown mandatory libxl record"));
	assert_int_equal(config_of(outer_file("a=1", 0, emu, 2, 0), &config, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "device-model state"));
	assert_int_equal(
		config_of(outer_file("a=1", 0, end_first, 1, 0), &config, err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "libxl record 0 where 1 was due"));
	for (long cut = 1; cut < XS_HEAD_LEN + 4 + 3 + XS_LIBXL_HEAD_LEN + 8; cut += 5) {
		assert_int_equal(
			config_of(outer_file("a=1", 0, ctx, 1, cut), &config, err, sizeof(err)),
			-EINVAL);
		assert_string_equal(err, "save file is truncated");
		assert_null(config);
	}
}

/* A PAGE_DATA body: count words then one page per data-carrying type. */
static uint8_t *page_data(const uint64_t *words, uint32_t count, uint32_t *len)
{
	uint32_t data = 0;
	uint8_t *b;

	for (uint32_t i = 0; i < count; i++)
		data += (uint32_t)xs_type_has_data((unsigned int)(words[i] >> XS_TYPE_SHIFT));
	*len = 8 + count * 8 + data * XS_PAGE;
	b = calloc(1, *len);
	memcpy(b, &count, 4);
	memcpy(b + 8, words, count * 8);
	return b;
}

static void test_page_data(void **state)
{
	uint64_t w[3] = {5, 6 | (uint64_t)XS_L1 << XS_TYPE_SHIFT, 7 | (uint64_t)XS_XTAB << 60};
	uint32_t len, count, nr;
	uint8_t *b = page_data(w, 3, &len);
	char err[160];

	assert_int_equal(xs_page_data_check(b, len, 8, &count, &nr, err, sizeof(err)), 0);
	assert_int_equal(count, 3);
	assert_int_equal(nr, 2);
	/* pfn 7 is beyond a p2m of 7 entries */
	assert_int_equal(xs_page_data_check(b, len, 7, &count, &nr, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "beyond the p2m"));
	/* one page short (truncated record), one byte long */
	assert_int_equal(xs_page_data_check(b, len - XS_PAGE, 8, &count, &nr, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(xs_page_data_check(b, len + 1, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	/* a reserved type (5), reserved bits, count 0, a count past the body */
	memcpy(b + 8, &(uint64_t){5 | 5ull << 60}, 8);
	assert_int_equal(xs_page_data_check(b, len, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	memcpy(b + 8, &(uint64_t){5 | 1ull << 55}, 8);
	assert_int_equal(xs_page_data_check(b, len, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	memcpy(b + 8, &w[0], 8);
	memset(b, 0, 4);
	assert_int_equal(xs_page_data_check(b, len, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	memcpy(b, &(uint32_t){XS_BATCH + 1}, 4);
	assert_int_equal(xs_page_data_check(b, len, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_page_data_check(b, 4, 8, &count, &nr, err, sizeof(err)), -EINVAL);
	free(b);
	assert_int_equal(xs_type_level(XS_L4 | XS_PIN), 4);
	assert_int_equal(xs_type_level(XS_XTAB), 0);
	assert_int_equal(xs_type_level(XS_NOTAB), 0);
}

static void test_m2p(void **state)
{
	uint64_t p2m[6] = {0x900, 0x100, XS_INVALID_MFN, 0x500, 7 | 1ull << 62, 0x2};
	struct xs_m2p m;

	assert_int_equal(xs_m2p_build(&m, p2m, 6, 1ull << 40), 0);
	assert_int_equal(m.n, 4);
	assert_int_equal(xs_m2p_lookup(&m, 0x900), 0);
	assert_int_equal(xs_m2p_lookup(&m, 0x100), 1);
	assert_int_equal(xs_m2p_lookup(&m, 0x500), 3);
	assert_int_equal(xs_m2p_lookup(&m, 0x2), 5);
	assert_int_equal(xs_m2p_lookup(&m, 7), XS_INVALID_MFN); /* an identity entry */
	assert_int_equal(xs_m2p_lookup(&m, 0x501), XS_INVALID_MFN);
	xs_m2p_free(&m);
}

static void test_canon_and_back(void **state)
{
	uint64_t old[4] = {0x1000, 0x2000, 0x3000, 0x4000}, new[4] = {0x77, 0x66, 0x55, 0x44};
	uint64_t page[512] = {0}, orig[512];
	struct xs_m2p m;
	char err[160];

	assert_int_equal(xs_m2p_build(&m, old, 4, 1ull << 40), 0);
	page[0] = 0x3000ull << 12 | PTE;
	page[1] = 0x1000ull << 12 | PTE | 1ull << 63; /* NX kept */
	page[2] = 0xabc000;			      /* not present: left alone */
	page[260] = 0xdead000 | PTE;		      /* the hypervisor's slot of an L4 */
	page[511] = 0x4000ull << 12 | 0x25;
	memcpy(orig, page, sizeof(page));
	assert_int_equal(xs_pt_canon(page, 4, &m, err, sizeof(err)), 0);
	assert_int_equal(page[0], 2ull << 12 | PTE);
	assert_int_equal(page[1], 0ull << 12 | PTE | 1ull << 63);
	assert_int_equal(page[2], 0xabc000);
	assert_int_equal(page[260], 0);
	assert_int_equal(page[511], 3ull << 12 | 0x25);
	assert_int_equal(xs_pt_local(page, 4, new, 4, err, sizeof(err)), 0);
	assert_int_equal(page[0], 0x55ull << 12 | PTE);
	assert_int_equal(page[1], 0x77ull << 12 | PTE | 1ull << 63);
	assert_int_equal(page[511], 0x44ull << 12 | 0x25);
	/* an L1 with the same frame in slot 260 refuses it (no hypervisor slots) */
	memcpy(page, orig, sizeof(page));
	assert_int_equal(xs_pt_canon(page, 1, &m, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not the domain's"));
	xs_m2p_free(&m);
}

static void test_local_refuses(void **state)
{
	uint64_t p2m[4] = {0x10, XS_INVALID_MFN, 0x30, 0x40}, page[512] = {0}, out[512];
	char err[160];

	page[5] = 9ull << 12 | PTE; /* beyond a p2m of 4 */
	assert_int_equal(xs_pt_local(page, 1, p2m, 4, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "beyond the p2m"));
	assert_int_equal(xs_pt_missing(page, 1, p2m, 4, out, 512, err, sizeof(err)), -EINVAL);
	page[5] = 1ull << 12 | PTE; /* not populated */
	assert_int_equal(xs_pt_missing(page, 1, p2m, 4, out, 512, err, sizeof(err)), 1);
	assert_int_equal(out[0], 1);
	assert_int_equal(xs_pt_local(page, 1, p2m, 4, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not populated"));
	page[5] = 0;
	page[260] = 2ull << 12 | PTE; /* a hypervisor slot of an L4 must be zero */
	assert_int_equal(xs_pt_local(page, 4, p2m, 4, err, sizeof(err)), -EINVAL);
	assert_int_equal(xs_pt_local(page, 2, p2m, 4, err, sizeof(err)), 0);
	assert_int_equal(page[260], 0x30ull << 12 | PTE);
}

/* A fake batch of xs_put_list: fails at the first pfn of its list that is
 * a bad table (or with -EIO at an "io" pfn), else marks the list sent. */
struct fake_list {
	uint8_t want[3000]; /* per pfn: 1 in the list given to xs_put_list */
	uint8_t bad[3000];  /* per pfn: 1 a table to defer, 2 an I/O error */
	uint8_t sent[3000]; /* per pfn: times sent */
	unsigned int calls;
};

static int fake_batch(void *arg, const uint64_t *pfns, uint32_t n, uint64_t *bad)
{
	struct fake_list *f = arg;

	assert_true(++f->calls < 100); /* a walk that starts over never ends */
	assert_true(n >= 1 && n <= XS_BATCH);
	for (uint32_t i = 0; i < n; i++) {
		assert_true(pfns[i] < 3000 && f->want[pfns[i]]); /* none outside the list */
		assert_true(i == 0 || pfns[i] > pfns[i - 1]);	 /* in order */
		if (f->bad[pfns[i]]) {
			*bad = f->bad[pfns[i]] == 1 ? pfns[i] : XS_INVALID_MFN;
			return f->bad[pfns[i]] == 1 ? -EINVAL : -EIO;
		}
	}
	for (uint32_t i = 0; i < n; i++)
		f->sent[pfns[i]]++;
	return 0;
}

/* Every third pfn from 3 (gaps do not split a batch), 2500 pfns past XS_BATCH. */
static size_t fake_list(struct fake_list *f, uint64_t *pfns)
{
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	for (uint64_t p = 3; p < 3000 && n < 900; p += 3)
		pfns[n++] = p;
	for (uint64_t p = 2701; p < 3000; p++)
		pfns[n++] = p;
	for (size_t i = 0; i < n; i++)
		f->want[pfns[i]] = 1;
	return n;
}

/* Pinned tables only, L4s first and each level ascending. */
static void test_pin_list(void **state)
{
	uint8_t types[10] = {
		[0] = XS_PIN | 1, [1] = XS_PIN | 4, [2] = 2,	      [3] = XS_PIN | 2,
		[4] = XS_PIN | 4, [5] = XS_PIN,	    [6] = XS_PIN | 3, [7] = XS_XTAB,
		[8] = XS_BROKEN,  [9] = XS_PIN | 1,
	};
	const uint64_t want[] = {1, 4, 6, 3, 0, 9};
	uint64_t out[10];

	(void)state;
	assert_int_equal(xs_pin_list(types, 10, out), 6);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(xs_pin_list(types, 3, out), 2); /* only the first n pfns */
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 0);
}

static void test_put_list_defers(void **state)
{
	static struct fake_list f;
	static uint64_t pfns[3000];
	uint8_t deferred[375] = {0};
	size_t n = fake_list(&f, pfns);

	f.bad[3] = f.bad[9] = f.bad[12] = f.bad[1500] = f.bad[2999] = 1;
	assert_int_equal(xs_put_list(pfns, n, deferred, fake_batch, &f), 0);
	assert_int_equal(f.calls, 2 + 5); /* two batches (1199 pfns), one retry per table */
	for (uint64_t p = 0; p < 3000; p++) {
		int is_bad = f.bad[p] == 1;

		assert_int_equal(f.sent[p], f.want[p] && !is_bad); /* each once, none outside */
		assert_int_equal(!!(deferred[p / 8] & (1u << (p % 8))), is_bad);
	}
	/* Without a bitmap the table is an error; so is any other failure. */
	n = fake_list(&f, pfns);
	f.bad[21] = 1;
	assert_int_equal(xs_put_list(pfns, n, NULL, fake_batch, &f), -EINVAL);
	n = fake_list(&f, pfns);
	f.bad[15] = 2;
	f.bad[6] = 1;
	memset(deferred, 0, sizeof(deferred));
	assert_int_equal(xs_put_list(pfns, n, deferred, fake_batch, &f), -EIO);
	assert_int_equal(deferred[0], 1u << 6);
	/* A batch of only tables sends nothing and is no error. */
	n = fake_list(&f, pfns);
	f.bad[3] = 1;
	assert_int_equal(xs_put_list(pfns, 1, deferred, fake_batch, &f), 0);
	assert_int_equal(f.sent[3], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),		cmocka_unit_test(test_record_length),
		cmocka_unit_test(test_record_check),	cmocka_unit_test(test_outer_layers),
		cmocka_unit_test(test_page_data),	cmocka_unit_test(test_m2p),
		cmocka_unit_test(test_canon_and_back),	cmocka_unit_test(test_local_refuses),
		cmocka_unit_test(test_put_list_defers), cmocka_unit_test(test_pin_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
