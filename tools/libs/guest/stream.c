/*
 * libxguest: the save file's framing (xl's header, libxl's and libxc's
 * streams) and page-table translation (pure functions, xstream.h). Nothing read from a file is
 * trusted: every length is bounded before it is used and every pfn is compared with the p2m size
 * before it indexes anything.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xstream.h"

#define PTE_P 1ull
#define PTE_FRAME 0x000ffffffffff000ull
#define XEN_L4_FIRST 256
#define XEN_L4_LAST 271

static int bad(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -EINVAL;
}

static void put32le(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32le(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void put32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char xl_magic[32] = "Xen saved domain, xl format\n \0 \r";
#define XL_BYTEORDER 0x01020304u

void xs_head_encode(uint8_t *out, uint32_t config_len, int json)
{
	memset(out, 0, XS_HEAD_LEN);
	memcpy(out, xl_magic, 32);
	put32le(out + 32, XL_BYTEORDER);
	put32le(out + 36, XS_XL_STREAMV2 | (json ? XS_XL_JSON : 0));
	put32le(out + 44, 4 + config_len);
}

int xs_head_decode(const uint8_t *in, uint32_t *flags, uint32_t *opt_len, char *err, size_t errlen)
{
	if (memcmp(in, xl_magic, 32))
		return bad(err, errlen, "not a save file of xl or xm (bad magic)");
	if (get32le(in + 32) != XL_BYTEORDER)
		return bad(err, errlen, "save file was written with another byte order");
	*flags = get32le(in + 36);
	*opt_len = get32le(in + 44);
	if (*flags & ~(XS_XL_JSON | XS_XL_STREAMV2)) {
		snprintf(err, errlen, "save file has unknown mandatory flags %#" PRIx32,
			 *flags & ~(XS_XL_JSON | XS_XL_STREAMV2));
		return -EINVAL;
	}
	if (!(*flags & XS_XL_STREAMV2))
		return bad(err, errlen, "save file holds a legacy (pre Xen 4.6) stream");
	if (*opt_len < 4 || *opt_len > 4 + XS_CONFIG_MAX)
		return bad(err, errlen, "save file's optional data length is out of range");
	return 0;
}

int xs_optdata_config(const uint8_t *opt, uint32_t opt_len, uint32_t *config_len, char *err,
		      size_t errlen)
{
	*config_len = get32le(opt);
	if (*config_len == 0)
		return bad(err, errlen, "save file holds no domain configuration");
	if (*config_len > opt_len - 4)
		return bad(err, errlen, "save file's configuration length is out of range");
	return 0;
}

void xs_libxl_encode(uint8_t *out)
{
	memcpy(out, "LibxlFmt", 8);
	put32be(out + 8, 2);
	put32be(out + 12, 0);
}

int xs_libxl_decode(const uint8_t *in, char *err, size_t errlen)
{
	if (memcmp(in, "LibxlFmt", 8))
		return bad(err, errlen, "save file has no libxl stream header (\"LibxlFmt\")");
	if (get32be(in + 8) != 2)
		return bad(err, errlen, "save file's libxl stream is not version 2");
	if (get32be(in + 12) & 1)
		return bad(err, errlen, "save file's libxl stream is big-endian");
	if (get32be(in + 12) & 2)
		return bad(err, errlen, "save file's libxl stream is a converted legacy one");
	return 0;
}

void xs_image_encode(uint8_t *out, uint32_t xen_major, uint32_t xen_minor)
{
	memset(out, 0, XS_IMAGE_HEAD_LEN + XS_DOMAIN_HEAD_LEN);
	memset(out, 0xff, 8);	      /* marker */
	put32be(out + 8, 0x58454E46); /* "XENF" */
	put32be(out + 12, 3);	      /* version; options (endianness 0) and reserved: 0 */
	put32le(out + 24, 1);	      /* domain header: x86 PV */
	out[28] = 12;		      /* page_shift */
	put32le(out + 32, xen_major);
	put32le(out + 36, xen_minor);
}

int xs_image_decode(const uint8_t *in, char *err, size_t errlen)
{
	static const uint8_t marker[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

	if (memcmp(in, marker, 8) || get32be(in + 8) != 0x58454E46)
		return bad(err, errlen, "save file has no libxc image header (marker, \"XENF\")");
	if (get32be(in + 12) != 3)
		return bad(err, errlen, "save file's image header is not version 3");
	if (in[16] & 1)
		return bad(err, errlen, "save file is big-endian");
	if (get32le(in + 24) != 1 || in[28] != 12)
		return bad(err, errlen, "save file is not of an x86 PV domain with 4 KiB pages");
	return 0;
}

void xs_rec_head(uint8_t *out, uint32_t type, uint32_t len)
{
	put32le(out, type);
	put32le(out + 4, len);
}

int xs_rec_decode(const uint8_t *in, uint32_t *type, uint32_t *len, char *err, size_t errlen)
{
	*type = get32le(in);
	*len = get32le(in + 4);
	if (*len > XS_REC_MAX) {
		snprintf(err, errlen,
			 "save file record of type %" PRIu32 " is %" PRIu32
			 " bytes long (at most %u)",
			 *type, *len, XS_REC_MAX);
		return -EINVAL;
	}
	return 0;
}

static int rec_len(uint32_t type, uint32_t len, char *err, size_t errlen)
{
	snprintf(err, errlen,
		 "save file record of type %#" PRIx32 " has a wrong length (%" PRIu32 " bytes)",
		 type, len);
	return -EINVAL;
}

/* A vCPU record: the id word, then whole units of `unit` bytes. */
static int vcpu_len(uint32_t type, uint32_t len, uint32_t unit, char *err, size_t errlen)
{
	return len < 8 || (len - 8) % unit ? rec_len(type, len, err, errlen) : 0;
}

int xs_rec_check(uint32_t type, uint32_t len, char *err, size_t errlen)
{
	switch (type) {
	case XS_REC_END:
	case XS_REC_STATIC_DATA_END: return len ? rec_len(type, len, err, errlen) : 0;
	case XS_REC_PAGE_DATA: /* xs_page_data_check */ return 0;
	case XS_REC_X86_PV_INFO: return len == 8 ? 0 : rec_len(type, len, err, errlen);
	case XS_REC_X86_PV_P2M_FRAMES:
		return len >= 16 && len % 8 == 0 ? 0 : rec_len(type, len, err, errlen);
	case XS_REC_X86_PV_VCPU_BASIC:
	case XS_REC_X86_PV_VCPU_EXTENDED:
	case XS_REC_X86_PV_VCPU_XSAVE: return vcpu_len(type, len, 1, err, errlen);
	case XS_REC_X86_PV_VCPU_MSRS: return vcpu_len(type, len, XS_MSR_ENTRY_LEN, err, errlen);
	case XS_REC_SHARED_INFO: return len == XS_PAGE ? 0 : rec_len(type, len, err, errlen);
	case XS_REC_RINGS: return len == XS_RINGS_LEN ? 0 : rec_len(type, len, err, errlen);
	case XS_REC_X86_TSC_INFO:
		return len == XS_TSC_INFO_LEN ? 0 : rec_len(type, len, err, errlen);
	case XS_REC_X86_CPUID_POLICY:
		return len % XS_CPUID_LEAF_LEN || len > XS_POLICY_MAX * XS_CPUID_LEAF_LEN
			       ? rec_len(type, len, err, errlen)
			       : 0;
	case XS_REC_X86_MSR_POLICY:
		return len % XS_MSR_ENTRY_LEN || len > XS_POLICY_MAX * XS_MSR_ENTRY_LEN
			       ? rec_len(type, len, err, errlen)
			       : 0;
	case 9:
	case 0xa: return bad(err, errlen, "save file is of an HVM guest (HVM_CONTEXT/HVM_PARAMS)");
	case XS_REC_VERIFY:
	case XS_REC_CHECKPOINT:
	case 0xf: return bad(err, errlen, "save file is a checkpointed (Remus/COLO) stream");
	}
	if (type & XS_REC_OPTIONAL)
		return 1;
	snprintf(err, errlen, "save file has an unknown mandatory record (type %#" PRIx32 ")",
		 type);
	return -EINVAL;
}

int xs_lrec_check(uint32_t type, uint32_t len, char *err, size_t errlen)
{
	switch (type) {
	case XS_LREC_END:
	case XS_LREC_LIBXC_CONTEXT: return len ? rec_len(type, len, err, errlen) : 0;
	case XS_LREC_EMULATOR_XENSTORE_DATA:
	case XS_LREC_EMULATOR_CONTEXT:
		return bad(err, errlen, "save file has device-model state (not a PV guest's)");
	case XS_LREC_CHECKPOINT_END:
	case XS_LREC_CHECKPOINT_STATE:
		return bad(err, errlen, "save file is a checkpointed (Remus/COLO) stream");
	}
	if (type & XS_REC_OPTIONAL)
		return 1;
	snprintf(err, errlen, "save file has an unknown mandatory libxl record (type %#" PRIx32 ")",
		 type);
	return -EINVAL;
}

int xs_type_has_data(unsigned int type)
{
	return type != XS_BROKEN && type != XS_XALLOC && type != XS_XTAB;
}

unsigned int xs_type_level(unsigned int type)
{
	unsigned int l = type & 7;

	return type < XS_BROKEN && l >= 1 && l <= 4 ? l : 0;
}

uint64_t xs_pin_list(const uint8_t *types, uint64_t n, uint64_t *out)
{
	uint64_t k = 0;

	for (unsigned int level = 4; level >= 1; level--)
		for (uint64_t pfn = 0; pfn < n; pfn++)
			if ((types[pfn] & XS_PIN) && xs_type_level(types[pfn]) == level)
				out[k++] = pfn;
	return k;
}

static int known_type(unsigned int t)
{
	return t <= 4 || (t >= 9 && t <= 0xf);
}

int xs_page_data_check(const uint8_t *body, uint32_t len, uint64_t p2m_size, uint32_t *count,
		       uint32_t *nr_data, char *err, size_t errlen)
{
	if (len < 8)
		return bad(err, errlen, "PAGE_DATA record too short");
	*count = get32le(body);
	*nr_data = 0;
	if (*count == 0 || *count > XS_BATCH || len < 8 + (uint64_t)*count * 8)
		return bad(err, errlen, "PAGE_DATA record has a bad page count");
	for (uint32_t i = 0; i < *count; i++) {
		uint64_t w;
		unsigned int t;

		memcpy(&w, body + 8 + i * 8, 8);
		t = (unsigned int)(w >> XS_TYPE_SHIFT);
		if (!known_type(t) || (w & ~XS_PFN_MASK & ~(0xfull << XS_TYPE_SHIFT))) {
			snprintf(err, errlen, "PAGE_DATA entry %" PRIu32 " has unknown type %#x", i,
				 t);
			return -EINVAL;
		}
		if ((w & XS_PFN_MASK) >= p2m_size) {
			snprintf(err, errlen,
				 "PAGE_DATA names pfn %#" PRIx64 " beyond the p2m (%#" PRIx64 ")",
				 (uint64_t)(w & XS_PFN_MASK), p2m_size);
			return -EINVAL;
		}
		*nr_data += (uint32_t)xs_type_has_data(t);
	}
	if (len != 8 + (uint64_t)*count * 8 + (uint64_t)*nr_data * XS_PAGE)
		return bad(err, errlen, "PAGE_DATA record length does not match its pages");
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int xs_m2p_build(struct xs_m2p *m, const uint64_t *p2m, uint64_t p2m_size, uint64_t limit)
{
	m->n = 0;
	m->pairs = malloc((p2m_size ? p2m_size : 1) * 2 * sizeof(uint64_t));
	if (!m->pairs)
		return -ENOMEM;
	for (uint64_t pfn = 0; pfn < p2m_size; pfn++) {
		if (p2m[pfn] >= limit)
			continue;
		m->pairs[2 * m->n] = p2m[pfn];
		m->pairs[2 * m->n + 1] = pfn;
		m->n++;
	}
	qsort(m->pairs, m->n, 2 * sizeof(uint64_t), cmp_pair);
	return 0;
}

void xs_m2p_free(struct xs_m2p *m)
{
	free(m->pairs);
	m->pairs = NULL;
	m->n = 0;
}

uint64_t xs_m2p_lookup(const struct xs_m2p *m, uint64_t mfn)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->pairs[2 * mid] == mfn)
			return m->pairs[2 * mid + 1];
		if (m->pairs[2 * mid] < mfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return XS_INVALID_MFN;
}

static int xen_slot(unsigned int level, unsigned int i)
{
	return level == 4 && i >= XEN_L4_FIRST && i <= XEN_L4_LAST;
}

int xs_pt_canon(uint64_t *page, unsigned int level, const struct xs_m2p *m, char *err,
		size_t errlen)
{
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t pfn;

		if (xen_slot(level, i)) {
			page[i] = 0;
			continue;
		}
		if (!(page[i] & PTE_P))
			continue;
		pfn = xs_m2p_lookup(m, (page[i] & PTE_FRAME) >> 12);
		if (pfn == XS_INVALID_MFN) {
			snprintf(err, errlen,
				 "L%u entry %u names frame %#" PRIx64 " which is not the domain's",
				 level, i, (uint64_t)((page[i] & PTE_FRAME) >> 12));
			return -EINVAL;
		}
		page[i] = (page[i] & ~PTE_FRAME) | pfn << 12;
	}
	return 0;
}

/* The pfn of a present canonical entry, checked against the p2m size. */
static int entry_pfn(uint64_t e, unsigned int level, unsigned int i, uint64_t p2m_size,
		     uint64_t *pfn, char *err, size_t errlen)
{
	*pfn = (e & PTE_FRAME) >> 12;
	if (*pfn < p2m_size)
		return 0;
	snprintf(err, errlen, "L%u entry %u names pfn %#" PRIx64 " beyond the p2m (%#" PRIx64 ")",
		 level, i, *pfn, p2m_size);
	return -EINVAL;
}

int xs_pt_local(uint64_t *page, unsigned int level, const uint64_t *p2m, uint64_t p2m_size,
		char *err, size_t errlen)
{
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t pfn;

		if (xen_slot(level, i) && page[i]) {
			snprintf(err, errlen, "L4 entry %u (the hypervisor's) is not zero", i);
			return -EINVAL;
		}
		if (!(page[i] & PTE_P))
			continue;
		if (entry_pfn(page[i], level, i, p2m_size, &pfn, err, errlen))
			return -EINVAL;
		if (p2m[pfn] == XS_INVALID_MFN) {
			snprintf(err, errlen, "L%u entry %u names pfn %#" PRIx64 " not populated",
				 level, i, pfn);
			return -EINVAL;
		}
		page[i] = (page[i] & ~PTE_FRAME) | (p2m[pfn] << 12 & PTE_FRAME);
	}
	return 0;
}

long xs_pt_missing(const uint64_t *page, unsigned int level, const uint64_t *p2m, uint64_t p2m_size,
		   uint64_t *out, size_t max, char *err, size_t errlen)
{
	size_t n = 0;

	for (unsigned int i = 0; i < 512 && n < max; i++) {
		uint64_t pfn;

		if (!(page[i] & PTE_P) || xen_slot(level, i))
			continue;
		if (entry_pfn(page[i], level, i, p2m_size, &pfn, err, errlen))
			return -EINVAL;
		if (p2m[pfn] == XS_INVALID_MFN)
			out[n++] = pfn;
	}
	return (long)n;
}

/* Drop entry i of a batch of n. */
static uint32_t drop(uint64_t *batch, uint32_t n, uint32_t i)
{
	memmove(&batch[i], &batch[i + 1], (n - i - 1) * sizeof(*batch));
	return n - 1;
}

/* One batch of up to XS_BATCH pfns, retried without each table it defers. */
static int put_one(uint64_t *batch, uint32_t n, uint8_t *deferred, xs_batch_fn *fn, void *arg)
{
	while (n) {
		uint64_t bad = XS_INVALID_MFN;
		uint32_t i = 0;
		int rc = fn(arg, batch, n, &bad);

		if (!rc || !deferred)
			return rc;
		while (i < n && batch[i] != bad)
			i++;
		if (i == n)
			return rc; /* not a table of this batch: a real failure */
		deferred[bad / 8] |= (uint8_t)(1u << (bad % 8));
		n = drop(batch, n, i);
	}
	return 0;
}

int xs_put_list(const uint64_t *pfns, size_t n, uint8_t *deferred, xs_batch_fn *fn, void *arg)
{
	uint64_t batch[XS_BATCH];
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i += XS_BATCH) {
		uint32_t k = n - i < XS_BATCH ? (uint32_t)(n - i) : XS_BATCH;

		memcpy(batch, &pfns[i], k * sizeof(*batch));
		rc = put_one(batch, k, deferred, fn, arg);
	}
	return rc;
}
