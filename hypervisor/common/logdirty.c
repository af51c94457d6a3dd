/*
 * Log-dirty mode: XEN_DOMCTL_shadow_op's ENABLE_LOGDIRTY, CLEAN, PEEK and
 * OFF with Xen 4.17's semantics (paging_domctl, paging_log_dirty_op), on a
 * flat bitmap of the domain's guest frame numbers.
 *
 *  - ENABLE_LOGDIRTY (or ENABLE with LOG_DIRTY): -EINVAL if already on;
 *    the bitmap covers max(max_pages, shared_info max_pfn, highest gpfn
 *    the M2P gives d's frames) + one page of bits of headroom.
 *  - CLEAN/PEEK: -EINVAL for mode bits other than LOGDIRTY_FINAL; stats
 *    {fault_count, dirty_count} as they stand (CLEAN then zeroes them);
 *    ceil(pages/8) bytes of bitmap to the handle unless it is NULL (bits
 *    past the bitmap read 0); pages is left as asked; CLEAN clears the
 *    bits of those bytes (as Xen, which clears the leaves it walked).
 *    Log-dirty off: an all-zero bitmap, as Xen (nothing logged). -ENOMEM
 *    (nothing copied, bits kept) once a gpfn beyond the bitmap was
 *    written or a shadow could not be allocated, as Xen answers after a
 *    failed allocation.
 *  - OFF: 0, log-dirty off and the bitmap freed (also when it was off).
 *
 * Frames the hypervisor writes continuously for the guest (each vCPU's
 * registered vcpu_info page, the FIFO event control blocks and event
 * array pages) are marked at every CLEAN and PEEK, so they always read
 * dirty: their last state is sent in the final round. (Xen 4.17 marks
 * none of them for a PV guest; Linux rebuilds them on resume.)
 *
 * The guest's own stores are tracked by shadow page tables
 * (arch/x86/mm/shadow.c). With `no-logdirty_shadow` ENABLE is refused as
 * Debian's Xen 4.17 (no shadow paging) refuses it (-EOPNOTSUPP, OFF
 * -EINVAL), unless the test-only option `logdirty_partial` asks for the
 * hypervisor's own writes alone.
 *
 * Locking: see xeno/logdirty.h; the domain is paused around every op.
 */
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <public/domctl.h>

#define BITS_PER_WORD (8 * sizeof(unsigned long))

static bool opt_logdirty_partial;
boolean_param("logdirty_partial", opt_logdirty_partial);

bool paging_mode_log_dirty(const struct domain *d)
{
	return __atomic_load_n(&d->logdirty.bitmap, __ATOMIC_ACQUIRE) != NULL;
}

void paging_mark_pfn_dirty(struct domain *d, unsigned long gpfn)
{
	struct logdirty *ld = &d->logdirty;
	unsigned long bit;

	if (!paging_mode_log_dirty(d) || gpfn == INVALID_GPFN)
		return;
	spin_lock(&ld->lock);
	if (!ld->bitmap) {
		/* turned off meanwhile */
	} else if (gpfn >= ld->nr_bits) {
		ld->failed_marks++;
	} else {
		bit = 1UL << (gpfn % BITS_PER_WORD);
		if (!(ld->bitmap[gpfn / BITS_PER_WORD] & bit)) {
			ld->bitmap[gpfn / BITS_PER_WORD] |= bit;
			ld->dirty_count++;
		}
	}
	spin_unlock(&ld->lock);
}

bool paging_pfn_dirty(const struct domain *d, unsigned long gpfn)
{
	const unsigned long *bm = __atomic_load_n(&d->logdirty.bitmap, __ATOMIC_ACQUIRE);

	return !bm || gpfn >= d->logdirty.nr_bits ||
	       (__atomic_load_n(&bm[gpfn / BITS_PER_WORD], __ATOMIC_RELAXED) >>
		(gpfn % BITS_PER_WORD)) &
		       1;
}

void paging_mark_dirty(struct domain *d, mfn_t mfn)
{
	if (paging_mode_log_dirty(d))
		paging_mark_pfn_dirty(d, domain_frame_gpfn(d, mfn));
}

void paging_log_dirty_failed(struct domain *d)
{
	spin_lock(&d->logdirty.lock);
	d->logdirty.failed_marks++;
	spin_unlock(&d->logdirty.lock);
}

void paging_count_fault(struct domain *d)
{
	spin_lock(&d->logdirty.lock);
	d->logdirty.fault_count++;
	spin_unlock(&d->logdirty.lock);
}

static unsigned long logdirty_nr_bits(struct domain *d)
{
	unsigned long n = d->max_pages, top = domain_max_gpfn(d);

	if (d->shared_info->arch.max_pfn > n)
		n = d->shared_info->arch.max_pfn;
	if (top != INVALID_GPFN && top >= n)
		n = top + 1;
	return ROUNDUP(n + 8 * PAGE_SIZE, 8 * PAGE_SIZE);
}

static long logdirty_enable(struct domain *d)
{
	unsigned long nr = logdirty_nr_bits(d);
	unsigned long *bm;
	long rc;

	if (paging_mode_log_dirty(d))
		return -EINVAL;
	bm = xzalloc_bytes(nr / 8);
	if (!bm)
		return -ENOMEM;
	domain_pause_sync(d);
	spin_lock(&d->logdirty.lock);
	d->logdirty.nr_bits = nr;
	d->logdirty.fault_count = d->logdirty.dirty_count = d->logdirty.failed_marks = 0;
	__atomic_store_n(&d->logdirty.bitmap, bm, __ATOMIC_RELEASE);
	spin_unlock(&d->logdirty.lock);
	rc = arch_logdirty_enable(d);
	if (rc)
		logdirty_release(d);
	domain_unpause(d);
	return rc;
}

void logdirty_release(struct domain *d)
{
	unsigned long *bm;

	if (!paging_mode_log_dirty(d))
		return;
	arch_logdirty_disable(d);
	spin_lock(&d->logdirty.lock);
	bm = d->logdirty.bitmap;
	__atomic_store_n(&d->logdirty.bitmap, NULL, __ATOMIC_RELEASE);
	d->logdirty.nr_bits = 0;
	spin_unlock(&d->logdirty.lock);
	xfree(bm);
}

size_t logdirty_hv_bytes(const struct domain *d)
{
	return d->logdirty.bitmap ? xmalloc_footprint(d->logdirty.nr_bits / 8) : 0;
}

static void mark_event_frame(const struct domain *d, unsigned long mfn)
{
	paging_mark_dirty(domain_lookup(d->domain_id), _mfn(mfn));
}

/*
 * Frames the hypervisor writes at will through its own mappings: each
 * vCPU's registered vcpu_info, the FIFO event control blocks and event
 * array pages. Marked at every CLEAN/PEEK, so they always read dirty.
 */
static void logdirty_mark_hv_frames(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && mfn_x(d->vcpu[i]->vcpu_info_mfn) != mfn_x(INVALID_MFN))
			paging_mark_dirty(d, d->vcpu[i]->vcpu_info_mfn);
	evtchn_fifo_for_each_frame(d, mark_event_frame);
}

/* Bytes [off, off + len) of the bitmap into buf (zeros past its end); cleared if clean. */
static void logdirty_take(struct logdirty *ld, u64 off, u8 *buf, size_t len, bool clean)
{
	u8 *bm;
	u64 have;

	spin_lock(&ld->lock);
	bm = (u8 *)ld->bitmap;
	have = bm ? ld->nr_bits / 8 : 0;
	for (size_t i = 0; i < len; i++) {
		buf[i] = off + i < have ? bm[off + i] : 0;
		if (clean && off + i < have)
			bm[off + i] = 0;
	}
	spin_unlock(&ld->lock);
}

/*
 * ceil(pages/8) bytes of the bitmap to dst (if not 0), a chunk at a time:
 * the lock is not held while the caller's memory is written. CLEAN clears
 * what it reads (a mark made meanwhile lands in this round or the next).
 */
static long logdirty_copy(struct logdirty *ld, unsigned long dst, u64 pages, bool clean)
{
	u8 buf[256];
	u64 bytes = (pages + 7) / 8;

	for (u64 off = 0; off < bytes && (dst || clean); off += sizeof(buf)) {
		size_t len = bytes - off < sizeof(buf) ? bytes - off : sizeof(buf);

		logdirty_take(ld, off, buf, len, clean);
		if (dst && copy_to_guest_raw(dst + off, buf, len))
			return -EFAULT;
	}
	return 0;
}

static long logdirty_op(struct domain *d, struct xen_domctl_shadow_op *sc)
{
	struct logdirty *ld = &d->logdirty;
	bool clean = sc->op == XEN_DOMCTL_SHADOW_OP_CLEAN;
	long rc = 0;

	if (sc->mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL)
		return -EINVAL;
	domain_pause_sync(d);
	logdirty_mark_hv_frames(d);
	spin_lock(&ld->lock);
	sc->stats.fault_count = ld->fault_count > UINT32_MAX ? UINT32_MAX : ld->fault_count;
	sc->stats.dirty_count = ld->dirty_count > UINT32_MAX ? UINT32_MAX : ld->dirty_count;
	if (ld->failed_marks)
		rc = -ENOMEM;
	else if (clean)
		ld->fault_count = ld->dirty_count = 0;
	spin_unlock(&ld->lock);
	if (!rc)
		rc = logdirty_copy(ld, guest_handle_addr(sc->dirty_bitmap), sc->pages, clean);
	if (!rc && clean && paging_mode_log_dirty(d))
		arch_logdirty_clean(d); /* write access revoked again */
	domain_unpause(d);
	return rc;
}

long logdirty_domctl(struct domain *d, struct xen_domctl_shadow_op *sc)
{
	bool available = opt_logdirty_partial || arch_logdirty_tracks_stores();

	switch (sc->op) {
	case XEN_DOMCTL_SHADOW_OP_ENABLE:
		if (!(sc->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY))
			return -EINVAL;
		/* fall through */
	case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
		return available ? logdirty_enable(d) : -EOPNOTSUPP;
	case XEN_DOMCTL_SHADOW_OP_OFF:
		if (!available)
			return -EINVAL;
		domain_pause_sync(d);
		logdirty_release(d);
		domain_unpause(d);
		return 0;
	case XEN_DOMCTL_SHADOW_OP_CLEAN:
	case XEN_DOMCTL_SHADOW_OP_PEEK: return logdirty_op(d, sc);
	default: return -EINVAL;
	}
}

/*
 * Debug option logdirty_selftest=<ms> (with logdirty_shadow): dom0 itself
 * runs in log-dirty mode, turned on by a timer shortly after boot and
 * cleaned every <ms> from it, without pausing dom0 (the bitmap is not
 * read: only that the guest runs unaware of the shadows is checked, e.g.
 * by tests/linux). The timer fires only while its CPU is in a guest or
 * idle, so it holds no lock.
 */
static unsigned int opt_logdirty_selftest;
integer_param("logdirty_selftest", opt_logdirty_selftest);
static struct timer selftest_timer;
static unsigned long selftest_rounds;

static bool is_power_of_ten(unsigned long n)
{
	while (n >= 10 && n % 10 == 0)
		n /= 10;
	return n == 1;
}

static void logdirty_selftest_tick(void *data)
{
	struct logdirty *ld = &dom0->logdirty;
	unsigned long *bm;

	(void)data;
	if (!paging_mode_log_dirty(dom0)) {
		bm = xzalloc_bytes(logdirty_nr_bits(dom0) / 8);
		spin_lock(&ld->lock);
		ld->nr_bits = bm ? logdirty_nr_bits(dom0) : 0;
		__atomic_store_n(&ld->bitmap, bm, __ATOMIC_RELEASE);
		spin_unlock(&ld->lock);
		if (!bm || arch_logdirty_enable(dom0))
			panic("logdirty_selftest: cannot turn log-dirty on for dom0");
		printk("logdirty selftest: dom0 in log-dirty mode\n");
	} else {
		spin_lock(&ld->lock);
		memset(ld->bitmap, 0, ld->nr_bits / 8);
		ld->fault_count = ld->dirty_count = 0;
		spin_unlock(&ld->lock);
		arch_logdirty_clean(dom0);
		if (is_power_of_ten(++selftest_rounds))
			printk("logdirty selftest: %lu rounds\n", selftest_rounds);
	}
	set_timer(&selftest_timer, NOW() + (s_time_t)opt_logdirty_selftest * 1000000);
}

void logdirty_selftest_start(void)
{
	if (!opt_logdirty_selftest || !dom0 || !arch_logdirty_tracks_stores())
		return;
	init_timer(&selftest_timer, logdirty_selftest_tick, NULL, 0);
	set_timer(&selftest_timer, NOW() + 100000000); /* 100 ms into dom0's boot */
}
