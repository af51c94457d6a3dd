/*
 * Which domain may a hypercall name? One rule (domain_target) for every
 * handler that takes a domid, with the order of the existence and
 * privilege checks as Xen 4.17 has it for that hypercall: the order is
 * visible to a guest (-ESRCH or -EPERM, GNTST_bad_domain or
 * GNTST_permission_denied) and differs between sub-ops.
 *
 * Facts from Xen 4.17 (RELEASE-4.17.7) this follows, by policy:
 *
 * TARGET_PRIV: do_domctl (common/domctl.c) looks the id up as given with
 *   rcu_lock_domain_by_id (no DOMID_SELF: a reserved id is no domain,
 *   -ESRCH), then xsm_domctl, which for the domctls xeno has is the dummy
 *   module's XSM_PRIV (xsm/dummy.h): the control domain only, even for a
 *   domU naming itself (-EPERM). SCHEDOP_remote_shutdown (common/sched.c)
 *   is the same: by id, -ESRCH, then XSM_DM_PRIV (-EPERM; xeno has no
 *   device-model domains, so the control domain only).
 * TARGET_PRIV_AT_OR_ABOVE: XEN_DOMCTL_getdomaininfo tolerates a missing
 *   domain: an id at or above DOMID_FIRST_RESERVED (DOMID_SELF too) is
 *   -EINVAL, otherwise the first domain with an id at or above the one
 *   named is reported, -ESRCH if there is none; only then xsm_getdomaininfo
 *   (XSM_XS_PRIV: the control domain or the xenstore domain, which xeno
 *   does not have), -EPERM. So a domU learns -ESRCH or -EINVAL before
 *   -EPERM.
 * TARGET_SELF_OR_PRIV: rcu_lock_domain_by_any_id (DOMID_SELF or an id),
 *   -ESRCH, then an XSM_TARGET hook: the caller itself, or the control
 *   domain for any domain, else -EPERM. memory_op's current/maximum
 *   reservation and maximum_gpfn (xsm_memory_stat_reservation),
 *   increase/decrease reservation and populate_physmap
 *   (xsm_memory_adjust_reservation; both failures there are "0 extents
 *   done", not an error), exchange (xsm_memory_exchange), EVTCHNOP_reset
 *   (xsm_evtchn_reset), GNTTABOP_setup_table and get_status_frames
 *   (xsm_grant_setup), query_size and get_version (xsm_grant_query_size;
 *   the grant sub-ops report GNTST_bad_domain / GNTST_permission_denied).
 * TARGET_ANY_ID: rcu_lock_domain_by_any_id and no privilege check at the
 *   lookup. EVTCHNOP_bind_interdomain (xsm_evtchn_interdomain is XSM_HOOK:
 *   anyone may bind to a port offered to it), GNTTABOP_copy's sides
 *   (xsm_grant_copy is XSM_HOOK; a side given by frame must be DOMID_SELF,
 *   checked by the caller after the lookup as the reference Xen, Debian's
 *   4.17.7+13 with XSA-523, answers). EVTCHNOP_alloc_unbound and
 *   EVTCHNOP_status look up first too, but check XSM_TARGET later:
 *   alloc_unbound after taking a free port of the named domain (-ENOSPC
 *   first), status after validating the port (-EINVAL first); those
 *   handlers call domain_target_allowed() at that point.
 * TARGET_BY_ID: rcu_lock_domain_by_id, no privilege check at the lookup
 *   (GNTTABOP_map_grant_ref: xsm_grant_mapref is XSM_HOOK).
 * TARGET_PG_OWNER: mmu_update's foreigndom and
 *   update_va_mapping_otherdomain (get_pg_owner, common/page_alloc.c): the
 *   caller naming itself by its id is -ESRCH; DOMID_SELF is the caller;
 *   other ids by rcu_lock_domain_by_any_id, -ESRCH. Whether the caller may
 *   map the owner's frames is an XSM_TARGET check per request
 *   (xsm_mmu_update, xsm_update_va_mapping): domain_target_allowed().
 *   Xen also accepts DOMID_IO and DOMID_XEN from any caller (its dom_io
 *   and dom_xen) and refuses per request; xeno has neither pseudo-domain:
 *   DOMID_IO and DOMID_XEN from the control domain are the control domain
 *   itself (its I/O frames, and the M2P's frames read-only, are checked by
 *   the page-table code); from a domU they are -ESRCH.
 *
 * Locking: none taken. Domains are found on the lock-free domain list
 * (domain_lookup); a destroyed domain leaves that list, so a later lookup
 * answers -ESRCH, as in Xen once its last reference is gone.
 */
#include <xeno/errno.h>
#include <xeno/sched.h>
#include <public/xen.h>

/* The domain with the lowest id at or above dom, or NULL. */
static struct domain *at_or_above(domid_t dom)
{
	struct domain *d = NULL;

	for (struct domain *x = domain_lookup_first(); x; x = x->next_in_list)
		if (x->domain_id >= dom && (!d || x->domain_id < d->domain_id))
			d = x;
	return d;
}

static struct domain *find(domid_t dom, enum target_policy p)
{
	struct domain *self = current->domain;

	switch (p) {
	case TARGET_PRIV:
	case TARGET_BY_ID: return domain_lookup(dom);
	case TARGET_PRIV_AT_OR_ABOVE: return at_or_above(dom);
	case TARGET_PG_OWNER:
		if (dom == self->domain_id)
			return NULL;
		if (dom == DOMID_IO || dom == DOMID_XEN)
			return self->is_privileged ? self : NULL;
		break;
	default: break;
	}
	return dom == DOMID_SELF ? self : domain_lookup(dom);
}

struct domain *domain_target(domid_t dom, enum target_policy p, long *rc)
{
	struct domain *d;

	if (p == TARGET_PRIV_AT_OR_ABOVE && dom >= DOMID_FIRST_RESERVED) {
		*rc = -EINVAL;
		return NULL;
	}
	if (!(d = find(dom, p))) {
		*rc = -ESRCH;
		return NULL;
	}
	switch (p) {
	case TARGET_PRIV:
	case TARGET_PRIV_AT_OR_ABOVE:
		if (!current->domain->is_privileged)
			d = NULL;
		break;
	case TARGET_SELF_OR_PRIV:
		if (!domain_target_allowed(d))
			d = NULL;
		break;
	default: break;
	}
	*rc = d ? 0 : -EPERM;
	return d;
}
