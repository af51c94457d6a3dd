/*
 * libxguest: the save file of `xm save` is exactly the file `xl save` of
 * Xen 4.17 writes for a PV domain (docs/save-format.md), three layers:
 *
 *   xl header      "Xen saved domain, xl format\n \0 \r" (32 bytes), u32
 *                  byte order 0x01020304, u32 mandatory flags (STREAMv2,
 *                  and JSON when the config is libxl's JSON), u32 optional
 *                  flags, u32 optional data length; the optional data: u32
 *                  config length, the config (xl.cfg text, or JSON)
 *   libxl stream   header "LibxlFmt" version 2 (big-endian), records
 *                  {u32 type, u32 length, body padded to 8}: LIBXC_CONTEXT
 *                  (empty: libxc's stream follows), then after libxc's END
 *                  the libxl END
 *   libxc stream   migration v2 image header (big-endian: marker ~0,
 *                  "XENF", version 3), domain header (x86 PV, page_shift
 *                  12, Xen major/minor), records framed as libxl's:
 *                  X86_PV_INFO, X86_CPUID_POLICY, X86_MSR_POLICY,
 *                  STATIC_DATA_END, X86_PV_P2M_FRAMES, PAGE_DATA...,
 *                  X86_TSC_INFO, SHARED_INFO, per online vCPU
 *                  X86_PV_VCPU_BASIC, _EXTENDED, _XSAVE, _MSRS; END
 *
 * Page-table pages are canonical in the file (every present entry names a
 * pfn, the hypervisor's L4 slots are zero), as are the frames a vCPU
 * context names (cr3, user cr3, GDT frames, vCPU 0's rdx = start_info).
 *
 * This file's functions are pure (no hypercall): framing, validation of
 * what a reader is given (every length and pfn is checked before use), and
 * the mfn <-> pfn translation of page tables. Host-tested
 * (tools/libs/guest/tests/test_stream.c).
 */
#ifndef TOOLS_LIBS_XSTREAM_H
#define TOOLS_LIBS_XSTREAM_H

#include <stddef.h>
#include <stdint.h>

#define XS_CONFIG_MAX (1u << 20)
#define XS_PAGE 4096u
#define XS_BATCH 1024u		/* pages per PAGE_DATA record */
#define XS_P2M_MAX (1ull << 22) /* pfns (16 GiB) a file may describe */
#define XS_REC_MAX (8u + XS_BATCH * 8u + XS_BATCH * XS_PAGE)
#define XS_INVALID_MFN (~0ull)
#define XS_XSAVE_MAX (1u << 16) /* bytes of a vCPU's XSAVE record body */

/* libxc's record types (the HVM ones, 9, 0xa, and COLO's are refused). */
enum {
	XS_REC_END = 0,
	XS_REC_PAGE_DATA = 1,
	XS_REC_X86_PV_INFO = 2,
	XS_REC_X86_PV_P2M_FRAMES = 3,
	XS_REC_X86_PV_VCPU_BASIC = 4,
	XS_REC_X86_PV_VCPU_EXTENDED = 5,
	XS_REC_X86_PV_VCPU_XSAVE = 6,
	XS_REC_SHARED_INFO = 7,
	XS_REC_X86_TSC_INFO = 8,
	XS_REC_X86_PV_VCPU_MSRS = 0xc,
	XS_REC_VERIFY = 0xd,
	XS_REC_CHECKPOINT = 0xe,
	XS_REC_STATIC_DATA_END = 0x10,
	XS_REC_X86_CPUID_POLICY = 0x11,
	XS_REC_X86_MSR_POLICY = 0x12,
	XS_REC_OPTIONAL = 0x80000000u,
	/* xeno's own, optional (libxc skips it): an empty record of a live
	 * stream after which the sender waits until the receiver has read it
	 * (xguest_progress.sync answers it); nothing else in the stream. */
	XS_REC_SYNC = XS_REC_OPTIONAL | 0x786e0001u,
	/* xeno's own, optional: the pfns of the xenstore and console rings
	 * (u64 each), sent by a live stream before its first page: its
	 * receiver may write the ring nodes at the SYNC, before the END. */
	XS_REC_RINGS = XS_REC_OPTIONAL | 0x786e0003u,
};
#define XS_RINGS_LEN 16u

/* libxl's record types. */
enum {
	XS_LREC_END = 0,
	XS_LREC_LIBXC_CONTEXT = 1,
	XS_LREC_EMULATOR_XENSTORE_DATA = 2,
	XS_LREC_EMULATOR_CONTEXT = 3,
	XS_LREC_CHECKPOINT_END = 4,
	XS_LREC_CHECKPOINT_STATE = 5,
};

#define XS_TSC_INFO_LEN 24u
#define XS_CPUID_LEAF_LEN 24u /* xen_cpuid_leaf_t */
#define XS_MSR_ENTRY_LEN 16u  /* xen_msr_entry_t, xen_domctl_vcpu_msr_t */
#define XS_POLICY_MAX 4096u   /* entries of a CPUID or MSR policy record */

/* PAGE_DATA pfn word: type in bits 63..60 (XEN_DOMCTL_PFINFO_* >> 28), pfn below. */
#define XS_PFN_MASK ((1ull << 52) - 1)
#define XS_TYPE_SHIFT 60
enum {
	XS_NOTAB = 0,
	XS_L1 = 1,
	XS_L4 = 4,
	XS_PIN = 8,
	XS_BROKEN = 0xd,
	XS_XALLOC = 0xe,
	XS_XTAB = 0xf
};

/* Bytes of xl's header (before its optional data), libxl's and libxc's headers. */
#define XS_HEAD_LEN 48u
#define XS_LIBXL_HEAD_LEN 16u
#define XS_IMAGE_HEAD_LEN 24u
#define XS_DOMAIN_HEAD_LEN 16u
#define XS_XL_JSON 1u	  /* mandatory flag: the config is libxl's JSON */
#define XS_XL_STREAMV2 2u /* mandatory flag: libxl's stream v2 follows */

/* xl's header for a config of len bytes (xl.cfg text when json is 0) into
 * out (XS_HEAD_LEN); the optional data it announces is {u32 len, config}. */
void xs_head_encode(uint8_t *out, uint32_t config_len, int json);
/* xl's header: its mandatory flags and optional data length, or -EINVAL
 * with the reason in err (magic, byte order, unknown flag, no stream v2). */
int xs_head_decode(const uint8_t *in, uint32_t *flags, uint32_t *opt_len, char *err, size_t errlen);
/* The config inside xl's optional data (opt_len bytes): offset 4, length. */
int xs_optdata_config(const uint8_t *opt, uint32_t opt_len, uint32_t *config_len, char *err,
		      size_t errlen);
/* libxl's stream header ("LibxlFmt", version 2, little-endian). */
void xs_libxl_encode(uint8_t *out);
int xs_libxl_decode(const uint8_t *in, char *err, size_t errlen);
/* libxc's image and domain headers (x86 PV, 4 KiB pages) into out. */
void xs_image_encode(uint8_t *out, uint32_t xen_major, uint32_t xen_minor);
int xs_image_decode(const uint8_t *in, char *err, size_t errlen);

/* streamio.c: exactly n bytes of fd, or -EINVAL ("save file is
 * truncated") for a file that ends first, -errno for a read error. */
int xs_get(int fd, void *p, size_t n, char *err, size_t errlen);
/* libxl's records up to `until` (XS_LREC_LIBXC_CONTEXT or XS_LREC_END),
 * optional ones skipped; 0 or -EINVAL with the reason. */
int xs_libxl_records(int fd, uint32_t until, char *err, size_t errlen);

/* A record header (8 bytes); padded body length. */
void xs_rec_head(uint8_t *out, uint32_t type, uint32_t len);
static inline uint32_t xs_pad8(uint32_t len)
{
	return (len + 7u) & ~7u;
}
/* Check a record header: 0 with type and length, or -EINVAL (too long). */
int xs_rec_decode(const uint8_t *in, uint32_t *type, uint32_t *len, char *err, size_t errlen);
/* A libxc record a PV restore may be given: 0 if type is known and len
 * fits it (fixed sizes, whole entries, a vCPU id), 1 for an optional
 * record to skip, -EINVAL with the reason (an unknown mandatory record, an
 * HVM or checkpoint record, a wrong length). */
int xs_rec_check(uint32_t type, uint32_t len, char *err, size_t errlen);
/* The same for libxl's records after libxc's END or before LIBXC_CONTEXT. */
int xs_lrec_check(uint32_t type, uint32_t len, char *err, size_t errlen);

/* A PAGE_DATA body of len bytes: pfns below p2m_size, known types, and
 * exactly 8 + 8 * count + 4096 * (pages with data) bytes. 0 with count and
 * the number of data pages, or -EINVAL. */
int xs_page_data_check(const uint8_t *body, uint32_t len, uint64_t p2m_size, uint32_t *count,
		       uint32_t *nr_data, char *err, size_t errlen);
/* Whether a type carries page data, and whether it is a page table (1..4 level). */
int xs_type_has_data(unsigned int type);
unsigned int xs_type_level(unsigned int type);

/* mfn -> pfn: the p2m's valid entries sorted by mfn. */
struct xs_m2p {
	uint64_t *pairs; /* mfn, pfn, mfn, pfn... */
	size_t n;
};
/* 0 or -ENOMEM. Entries >= limit (invalid, identity, foreign) are left out. */
int xs_m2p_build(struct xs_m2p *m, const uint64_t *p2m, uint64_t p2m_size, uint64_t limit);
void xs_m2p_free(struct xs_m2p *m);
/* The pfn of mfn, or XS_INVALID_MFN. */
uint64_t xs_m2p_lookup(const struct xs_m2p *m, uint64_t mfn);

/* A page-table page of `level` (1..4) made canonical in place: each
 * present entry's frame is its pfn; the L4's hypervisor slots (256..271)
 * are zeroed. -EINVAL with the slot and frame if a frame is not the domain's. */
int xs_pt_canon(uint64_t *page, unsigned int level, const struct xs_m2p *m, char *err,
		size_t errlen);
/* The reverse, on restore: each present entry's pfn (< p2m_size and
 * populated: p2m[pfn] != XS_INVALID_MFN) becomes p2m[pfn]; hypervisor
 * slots of an L4 must be zero. -EINVAL otherwise. */
int xs_pt_local(uint64_t *page, unsigned int level, const uint64_t *p2m, uint64_t p2m_size,
		char *err, size_t errlen);
/* The pfns a canonical page-table page names that are not populated yet
 * (p2m[pfn] == XS_INVALID_MFN), at most max into out (duplicates
 * possible); -EINVAL if one is >= p2m_size. The count otherwise. */
long xs_pt_missing(const uint64_t *page, unsigned int level, const uint64_t *p2m, uint64_t p2m_size,
		   uint64_t *out, size_t max, char *err, size_t errlen);

/* The pfns of pinned page tables (types[pfn] has XS_PIN and a level) in
 * the order a restore pins them: L4s first, then L3, L2, L1 (an L4's pin
 * validates its whole tree, so the lower ones only take a reference),
 * ascending within a level. out holds n entries at most; the count. */
uint64_t xs_pin_list(const uint8_t *types, uint64_t n, uint64_t *out);

/* A live migration's list of pfns (save.c's xguest_save_pfns) in batches
 * of up to XS_BATCH, in order, whatever their gaps: fn(arg, pfns, n, &bad)
 * sends the n pfns as one PAGE_DATA record, or fails with -errno and *bad
 * the pfn of a page table it could not send (else XS_INVALID_MFN). With a
 * deferred bitmap, such a table of the batch is marked in it and the
 * batch sent again without it: each other pfn goes out once; without one,
 * or for another failure, the error is returned. */
typedef int xs_batch_fn(void *arg, const uint64_t *pfns, uint32_t n, uint64_t *bad);
int xs_put_list(const uint64_t *pfns, size_t n, uint8_t *deferred, xs_batch_fn *fn, void *arg);

#endif /* TOOLS_LIBS_XSTREAM_H */
