/*
 * Log-dirty mode (common/logdirty.c): the per-domain bitmap of guest frame
 * numbers written since the last CLEAN, behind XEN_DOMCTL_shadow_op, for
 * live migration (toolstack-abi.md §5.3, docs/architecture.md "Log-dirty").
 *
 * Invariant: while d->logdirty.bitmap is set, every write to a frame of d
 * that the hypervisor makes or lets happen marks the frame's gpfn (its M2P
 * entry) before the shadow_op that could report it clean returns. The
 * hypervisor's own writes call paging_mark_dirty() at the write; the
 * guest's own stores fault on shadow page tables (arch/x86/mm/shadow.c;
 * with no-logdirty_shadow ENABLE is refused unless the test-only option
 * logdirty_partial is on).
 *
 * Locking: d->logdirty.lock (a leaf, spinlock.h) guards the bitmap, its
 * size and the counters. The bitmap is allocated before and freed after
 * the lock is held; enable and disable run with d paused.
 */
#ifndef XENO_LOGDIRTY_H
#define XENO_LOGDIRTY_H

#include <xeno/mm.h>
#include <xeno/spinlock.h>
#include <xeno/types.h>

struct domain;
struct xen_domctl_shadow_op;

struct logdirty {
	spinlock_t lock;
	unsigned long *bitmap;	    /* NULL: log-dirty off */
	unsigned long nr_bits;	    /* gpfns the bitmap covers */
	unsigned long fault_count;  /* write faults taken since the last CLEAN */
	unsigned long dirty_count;  /* bits newly set since the last CLEAN */
	unsigned long failed_marks; /* marks of gpfns beyond nr_bits (-ENOMEM) */
};

/* Is log-dirty on for d? (racy by nature: writers mark under the lock) */
bool paging_mode_log_dirty(const struct domain *d);
/* A write to frame mfn of d happened or is about to: mark its gpfn. */
void paging_mark_dirty(struct domain *d, mfn_t mfn);
/* The same, by guest frame number (MMU_MACHPHYS_UPDATE's new gpfn). */
void paging_mark_pfn_dirty(struct domain *d, unsigned long gpfn);
/* Is gpfn marked dirty? (lock-free; for the shadow code, d paused for CLEAN) */
bool paging_pfn_dirty(const struct domain *d, unsigned long gpfn);
/* Tracking failed for want of memory: CLEAN and PEEK answer -ENOMEM. */
void paging_log_dirty_failed(struct domain *d);
/* One more write fault taken for log-dirty (the stats' fault_count). */
void paging_count_fault(struct domain *d);
/* XEN_DOMCTL_shadow_op on d (not the caller's domain): 0 or -errno. */
long logdirty_domctl(struct domain *d, struct xen_domctl_shadow_op *sc);
/* Log-dirty off and its bitmap freed (domain destruction). */
void logdirty_release(struct domain *d);
/* Debug option logdirty_selftest=<ms>: dom0 runs in log-dirty mode, cleaned that often. */
void logdirty_selftest_start(void);
/* Hypervisor bytes of d's log-dirty state (domain_hv_bytes). */
size_t logdirty_hv_bytes(const struct domain *d);

#endif
