/*
 * libxctrl: the domctl, sysctl, xen_version, memory, event channel,
 * mmuext and grant-table calls a toolstack makes, over libxcall (either
 * backend). One file per family: domctl.c, sysctl.c, version.c, ops.c.
 *
 * Arguments the hypervisor reads or writes live in hypercall-safe memory:
 * the handle's page (xcall_buf) for fixed-size structures, xctrl_locked()
 * buffers for arrays and large structures. All calls return 0 (or a
 * documented count) or -errno.
 */
#ifndef TOOLS_LIBS_XCTRL_H
#define TOOLS_LIBS_XCTRL_H

#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"
#include "public/sysctl.h"
#include "public/xen.h"
#include "../call/xcall.h"

/* Locked, zeroed, page-aligned memory a hypercall may point at; NULL on failure. */
void *xctrl_locked(size_t size);
void xctrl_locked_free(void *p, size_t size);

/* domctl.c */
int xctrl_domctl(struct xcall *c, uint32_t cmd, uint16_t domid, struct xen_domctl *inout);
/* *domid: 0 = any; the new id back. */
int xctrl_createdomain(struct xcall *c, const struct xen_domctl_createdomain *cfg, uint16_t *domid);
int xctrl_simple(struct xcall *c, uint32_t cmd, uint16_t domid); /* pause, unpause, destroy */
int xctrl_max_vcpus(struct xcall *c, uint16_t domid, uint32_t max);
int xctrl_max_mem(struct xcall *c, uint16_t domid, uint64_t kib);
int xctrl_set_address_size(struct xcall *c, uint16_t domid, uint32_t bits);
/* ctx in xctrl_locked() memory. */
int xctrl_setvcpucontext(struct xcall *c, uint16_t domid, uint32_t vcpu, void *ctx);

/* sysctl.c */
int xctrl_sysctl(struct xcall *c, uint32_t cmd, struct xen_sysctl *inout);
int xctrl_physinfo(struct xcall *c, struct xen_sysctl_physinfo *pi);
int xctrl_sched_id(struct xcall *c, uint32_t *id);
/* CPUs in no pool (cpupool_op FREEINFO): their number, or -errno. */
int xctrl_free_cpus(struct xcall *c);
/* Every domain's info, in id order: up to max entries into out; the count or -errno. */
int xctrl_domain_list(struct xcall *c, struct xen_domctl_getdomaininfo *out, int max);
/* One domain's info: 0, -ESRCH if absent, -errno. */
int xctrl_domain_info(struct xcall *c, uint16_t domid, struct xen_domctl_getdomaininfo *info);

/* sched.c: weight (1..65535) and cap (percent of one CPU, 0 = none) of the
 * running credit or credit2 scheduler (-EOPNOTSUPP for another one). */
struct xctrl_sched {
	uint16_t weight, cap;
};
int xctrl_sched_get(struct xcall *c, uint16_t domid, struct xctrl_sched *s);
int xctrl_sched_set(struct xcall *c, uint16_t domid, const struct xctrl_sched *s);
/* The hypervisor's console ring, oldest byte first, up to size bytes into
 * buf (not NUL-terminated); clear empties it. The count or -errno. */
long xctrl_readconsole(struct xcall *c, char *buf, size_t size, int clear);

/* version.c: XENVER_* into buf (NUL-terminated); the version call's result or -errno. */
long xctrl_version(struct xcall *c, int cmd, void *buf, size_t size);

/* ops.c */
/* populate_physmap, order 0: gpfns[i] in, mfns out (same array, in xctrl_locked() memory). */
int xctrl_populate(struct xcall *c, uint16_t domid, uint64_t *frames, unsigned long n);
int xctrl_alloc_unbound(struct xcall *c, uint16_t domid, uint16_t remote, uint32_t *port);
int xctrl_pin_l4(struct xcall *c, uint16_t domid, uint64_t mfn);
/* The frame of domid's grant table frame 0 (GNTTABOP_setup_table). */
int xctrl_grant_frame(struct xcall *c, uint16_t domid, uint64_t *frame);

/* save.c: what a save and a restore ask (ctx in xctrl_locked() memory). */
int xctrl_getvcpuinfo(struct xcall *c, uint16_t domid, uint32_t vcpu,
		      struct xen_domctl_getvcpuinfo *info);
int xctrl_getvcpucontext(struct xcall *c, uint16_t domid, uint32_t vcpu, void *ctx);
/* getpageframeinfo3: n <= 1024 mfns (xctrl_locked() memory) replaced by their types. */
int xctrl_pageframeinfo(struct xcall *c, uint16_t domid, uint64_t *frames, unsigned int n);
/* A vCPU's XSAVE state (XCR0, XCR0_accum, the XSAVE area) into *buf
 * (xctrl_locked(*size), the caller's), or *buf NULL and *size 0 without XSAVE. */
int xctrl_get_xsave(struct xcall *c, uint16_t domid, uint32_t vcpu, void **buf, uint64_t *size);
int xctrl_set_xsave(struct xcall *c, uint16_t domid, uint32_t vcpu, void *buf, uint64_t size);
/* MMUEXT_PIN_L<level>_TABLE of n (at most XCTRL_PIN_BATCH) of domid's
 * frames (levels[i], mfns[i]) in one mmuext_op, in order: 0, or -errno of the first that failed,
 * the ones before it pinned (*done: how many). */
#define XCTRL_PIN_BATCH 128
int xctrl_pin_tables(struct xcall *c, uint16_t domid, const unsigned int *levels,
		     const uint64_t *mfns, unsigned int n, unsigned int *done);
/* MMUEXT_UNPIN_TABLE of n (at most XCTRL_PIN_BATCH) of domid's frames: as above. */
int xctrl_unpin_tables(struct xcall *c, uint16_t domid, const uint64_t *mfns, unsigned int n,
		       unsigned int *done);
/* mmu_update of n (at most XCTRL_MMU_BATCH) {ptr, val} pairs naming domid's
 * page tables and frames (foreigndom (domid + 1) << 16 | domid, as Xen 4.17),
 * in order: 0, or -errno of the first that failed (*done: how many did not). */
#define XCTRL_MMU_BATCH 240
int xctrl_mmu_update(struct xcall *c, uint16_t domid, const uint64_t *reqs, unsigned int n,
		     unsigned int *done);

/* logdirty.c: XEN_DOMCTL_shadow_op (XEN_DOMCTL_SHADOW_OP_*); bitmap (pages
 * bits, xctrl_locked() memory) may be NULL; stats may be NULL. */
int xctrl_shadow_op(struct xcall *c, uint16_t domid, uint32_t op, uint32_t mode, void *bitmap,
		    uint64_t pages, struct xen_domctl_shadow_op_stats *stats);

#endif /* TOOLS_LIBS_XCTRL_H */
