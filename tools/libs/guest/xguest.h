/*
 * libxguest: the PV domain builder of the toolstack. A kernel (Debian's
 * bzImage as shipped, or an ELF vmlinux) is unpacked and parsed by the
 * image loaders the hypervisor uses (lib/loader, built hosted), then laid
 * out in the new domain as the Xen PV ABI wants it:
 *
 *   kernel | initrd | p2m list | start_info | xenstore ring | console ring
 *   | page tables | boot stack | >= 512 KiB padding, end rounded to 4 MiB
 *
 * all mapped 1:1 from virt_base by 4 KiB L1 entries, page-table frames
 * read-only. The sequence of hypercalls is libxc's for Xen 4.17
 * (toolstack-abi.md 3.3): createdomain is the caller's, then max_vcpus,
 * max_mem, address size, memory map, populate_physmap, foreign mapping of
 * the start-of-day region, L4 pin, grant entries 0 and 1, vCPU 0's
 * context. The domain is left paused; the caller introduces it to
 * xenstore and unpauses it.
 */
#ifndef TOOLS_LIBS_XGUEST_H
#define TOOLS_LIBS_XGUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <loader/libelf.h>

#include "../call/xcall.h"

struct xguest_image {
	uint8_t *file; /* the kernel file as read */
	size_t file_len;
	uint8_t *unpacked; /* the decompressed ELF (NULL: the file is the ELF) */
	struct elf_image elf;
	uint8_t *ramdisk; /* NULL: none */
	size_t ramdisk_len;
};

/* 0 or -errno with the reason in err. */
int xguest_load(struct xguest_image *img, const char *kernel, const char *ramdisk, char *err,
		size_t errlen);
void xguest_unload(struct xguest_image *img);

struct xguest_layout {
	uint64_t v_start, kern_start, kern_end, initrd_start, initrd_end;
	uint64_t p2m_start, si_start, store_start, console_start, pt_start, stack_start, v_end;
	unsigned int nr_pt, nr_l3, nr_l2, nr_l1;
	unsigned long nr_pages;
};

/* layout.c: the layout of nr_pages for img; 0 or -EINVAL with the reason. */
int xguest_layout(struct xguest_layout *l, const struct elf_image *elf, size_t ramdisk_len,
		  unsigned long nr_pages, char *err, size_t errlen);
/* Page tables for [v_start, v_end) into the mapped region (base = v_start's frame),
 * entries naming p2m[pfn]. */
void xguest_page_tables(const struct xguest_layout *l, uint8_t *base, const uint64_t *p2m);

struct xguest_build {
	uint16_t domid;
	unsigned int vcpus;
	unsigned long memory_kib;
	const char *cmdline;
	/* out */
	uint64_t store_mfn, console_mfn;
	uint32_t store_port, console_port;
	struct xguest_layout layout;
	/* a restore: progress->rings was told these frames before the END */
	bool rings_early;
	uint64_t early_store_mfn, early_console_mfn;
};

/* build.c: everything between createdomain and XS_INTRODUCE. */
int xguest_build(struct xcall *c, struct xguest_build *b, const struct xguest_image *img, char *err,
		 size_t errlen);

/* build.c, shared with restore.c and restore_finish.c: limits (max_vcpus,
 * max_mem, address size, memory map) and the store and console ports of b;
 * grant entries 0 (console) and 1 (xenstore) once b's frames are known. */
int xguest_prepare(struct xcall *c, struct xguest_build *b, char *err, size_t errlen);
void xguest_seed_grants(struct xcall *c, const struct xguest_build *b);

/* Progress of a save or restore: pages done of total (total may grow).
 * A restore that reads a live stream's SYNC record (xstream.h: everything
 * before it is read and written into the domain) calls sync, if set: 0, or
 * -errno to stop the restore. Once the domain is built (all its state set,
 * paused, not yet introduced to xenstore) it calls built, if set: 0, or
 * -errno to fail the restore (a migration's target says "ready" there).
 * A live stream's RINGS record (xstream.h) makes it call rings, if set,
 * at the SYNC (before sync) with b's store and console frames and ports:
 * 0 (b->rings_early and the early frames set, so the caller need not write
 * the ring nodes after the END unless start_info names other frames) or
 * -errno to stop the restore. */
struct xguest_restore_times;
struct xguest_progress {
	void (*fn)(void *arg, uint64_t done, uint64_t total);
	void *arg;
	int (*sync)(void *arg);
	int (*built)(void *arg, uint16_t domid);
	struct xguest_restore_times *times; /* a restore's, filled in if set */
	int (*rings)(void *arg, const struct xguest_build *b);
	/* A live stream from a sender that agreed on PAGE_DELTA records
	 * (xdelta.h; relocation protocol 3): they are applied to the pages
	 * the domain holds, with every check of save-format.md; without
	 * this they are refused as an unknown mandatory record. */
	bool delta;
};

/* Where a restore's end goes, on its own clock (CLOCK_MONOTONIC ns; 0: not
 * reached). The counts and sums are of the records after the last SYNC (a
 * live stream's freeze rounds, last round and tail; of the whole file
 * without a SYNC). */
enum {
	XGUEST_UNDO_RETYPED = 1, /* a pinned table sent again as another type */
	XGUEST_UNDO_MAPPING,	 /* a writable mapping refused (a frame typed by a pin) */
	XGUEST_UNDO_FULL,	 /* too many tables sent again (or no memory) */
	XGUEST_UNDO_DIFF	 /* the END's mmu_update of the changed entries failed */
};
struct xguest_restore_times {
	uint64_t sync_ns;  /* the last SYNC read */
	uint64_t tail_ns;  /* the first record after it that is not PAGE_DATA */
	uint64_t end_ns;   /* libxl's END read: the stream is in */
	uint64_t built_ns; /* the domain is built (finish done) */
	uint64_t records, pages, wait_ns, write_ns, map_ns;
	uint64_t deltas; /* of the pages, PAGE_DELTA entries */
	/* finish's steps */
	uint64_t p2m_ns, start_info_ns, pin_ns, pins, shinfo_ns, state_ns, vcpu_ns;
	/* Tables pinned at the SYNC (restore_prepin.c): how many and in how
	 * long; at the END, the tables sent again since, the pages written
	 * late, the entries changed, those refused once (tried again after
	 * the others) and the time (in pin_ns); whether the pins were undone and why
	 * (XGUEST_UNDO_*, the first cause) and where: the pfn (RETYPED, FULL)
	 * or frame (MAPPING: the mapping's first; DIFF: the refused entry's table). */
	uint64_t prepins, prepin_ns, pretables, prelate, prediffs, prerefused, prediff_ns,
		prepin_undone, undo_at;
	/* PAGE_DELTA entries applied to copies (a frame typed through a pin,
	 * or a page waiting for the END); entries that none of a pass let in,
	 * cleared first (their old subtree dropped) and tried again: how many,
	 * and the first one's table level, index, and the stream's types
	 * (xstream.h XS_*; 0xfe: not present, 0xff: not the domain's frame) of the frames its old
	 * and its new value name. */
	uint64_t precopied, precleared;
	uint32_t stuck_level, stuck_index, stuck_old_type, stuck_new_type;
	/* The first pin of the SYNC that failed (left for the END): its pfn
	 * (XS_INVALID_MFN: none), level and -errno. */
	uint64_t prepin_fail_pfn;
	int32_t prepin_fail_level, prepin_fail_rc;
};

/* save.c: a domain shut down with SHUTDOWN_suspend, written to fd as the
 * save file of xstream.h (xl's), its header carrying config (len bytes of
 * xl.cfg text, which `xl restore` parses as it parses a config file). The
 * domain is left as it was. 0 or -errno with the reason in err. */
int xguest_save(struct xcall *c, uint16_t domid, int fd, const char *config, size_t len,
		const struct xguest_progress *p, char *err, size_t errlen);
/* restore.c: the config of a save file (malloc'd, NUL-terminated) read
 * from fd, which is left at libxc's image header (xl's header and libxl's
 * stream up to LIBXC_CONTEXT read). A file of `xl save` holds libxl's JSON
 * (it begins with '{', which xl.cfg text cannot); ours, xl.cfg text.
 * 0 or -errno with err. */
int xguest_restore_config(int fd, char **config, char *err, size_t errlen);
/* restore.c: the domain b->domid (created, empty) built from the rest of
 * fd, left paused: b's store/console frames and ports out. On failure the
 * caller destroys the domain (which frees every frame populated here). */
int xguest_restore(struct xcall *c, struct xguest_build *b, int fd, const struct xguest_progress *p,
		   char *err, size_t errlen);

/* xstate.c: the CPU policy, TSC and per-vCPU extended context and MSR
 * records. A save writes them through put (a record: type, body, length). */
typedef int (*xstate_put_fn)(void *arg, uint32_t type, const void *body, uint32_t len);
int xstate_put_policy(struct xcall *c, uint16_t domid, xstate_put_fn put, void *arg, char *err,
		      size_t errlen);
int xstate_put_tsc(struct xcall *c, uint16_t domid, xstate_put_fn put, void *arg, char *err,
		   size_t errlen);
int xstate_put_ext(struct xcall *c, uint16_t domid, uint32_t vcpu, xstate_put_fn put, void *arg,
		   char *err, size_t errlen);
int xstate_put_msrs(struct xcall *c, uint16_t domid, uint32_t vcpu, xstate_put_fn put, void *arg,
		    char *err, size_t errlen);

/* What a restore keeps of those records until the domain is complete. */
struct xstate {
	uint8_t *cpuid, *msr; /* xctrl_locked bodies */
	uint32_t cpuid_len, msr_len;
	uint8_t tsc[24];
	bool have_tsc;
	uint8_t *ext[32], *msrs[32]; /* XEN_LEGACY_MAX_VCPUS */
	uint32_t ext_len[32], msrs_len[32];
};
/* A checked record (xs_rec_check) of type X86_TSC_INFO, X86_CPUID_POLICY,
 * X86_MSR_POLICY, X86_PV_VCPU_EXTENDED or X86_PV_VCPU_MSRS kept; -EINVAL
 * for a vCPU beyond nr_vcpus or a body too long. */
int xstate_keep(struct xstate *s, uint32_t type, const uint8_t *body, uint32_t len,
		unsigned int nr_vcpus, char *err, size_t errlen);
/* The policy (set_cpu_policy) and TSC (settscinfo), before any vCPU. */
int xstate_apply_domain(struct xcall *c, uint16_t domid, const struct xstate *s, char *err,
			size_t errlen);
/* After vCPU v's basic context: its extended context; after its XSAVE: its MSRs. */
int xstate_apply_ext(struct xcall *c, uint16_t domid, const struct xstate *s, uint32_t v, char *err,
		     size_t errlen);
int xstate_apply_msrs(struct xcall *c, uint16_t domid, const struct xstate *s, uint32_t v,
		      char *err, size_t errlen);
void xstate_free(struct xstate *s);

#endif /* TOOLS_LIBS_XGUEST_H */
