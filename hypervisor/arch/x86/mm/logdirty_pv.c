/*
 * Log-dirty for PV domains, the x86 side of common/logdirty.c: tracking
 * the guest's own stores while log-dirty is on.
 *
 * Not there yet (docs/architecture.md "Log-dirty" gives the design: shadow
 * page tables under the guest while log-dirty is on). Until it is,
 * arch_logdirty_tracks_stores() is false, so common code refuses
 * ENABLE_LOGDIRTY unless the test-only `logdirty_partial` option asks for
 * the hypervisor-side marking alone; the hooks below then have nothing to
 * do. The hypervisor's own writes to a domain's frames are marked where
 * they happen (paging_mark_dirty() calls in mm/, pv/ and common/).
 *
 * Locking: none.
 */
#include <xeno/arch.h>
#include <xeno/logdirty.h>
#include <xeno/sched.h>

bool arch_logdirty_tracks_stores(void)
{
	return false;
}

void arch_logdirty_enable(struct domain *d)
{
	(void)d;
}

void arch_logdirty_disable(struct domain *d)
{
	(void)d;
}

void arch_logdirty_clean(struct domain *d)
{
	(void)d;
}
