/*
 * domid: which domain may a caller name, and in which order the hypervisor
 * checks existence and privilege (xeno: common/domain_target.c). The same
 * image runs
 *   as dom0 alone (on xeno and on Xen 4.17): the only other domain it can
 *     name is a missing one;
 *   as dom0 with a boot-time domU (command line "domu"; xeno only: Xen
 *     4.17 cannot build domains at boot): dom0 also names the domU, an
 *     existing other domain, then waits for it to power off;
 *   as that domU (role=domu self=<its id>): it names itself, dom0 and a
 *     missing domain without privilege.
 * Each check prints what it got and what it expected. The domU's
 * expectations come from Xen 4.17's source (RELEASE-4.17.7), cited at each
 * group: on Xen a domU needs xl create from a toolstack.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>
#include <guest_mm.h>
#include <public/grant_table.h>
#include <public/memory.h>

const char test_title[] = "domid: which domain a caller may name, in Xen's order of checks";

#define MISSING 0x7fef	/* below DOMID_FIRST_RESERVED, and no domain has it */
#define BAD_PORT 100000 /* beyond any event channel port */

static bool priv;     /* dom0 */
static domid_t self;  /* the caller's own id */
static domid_t other; /* an existing other domain, or MISSING if none */

static void expect(const char *what, domid_t dom, long got, long want)
{
	printf("%s (dom %#x): got %ld, want %ld\n", what, dom, got, want);
	if (got != want)
		fail("%s (dom %#x): got %ld, want %ld", what, dom, got, want);
}

/* --- domctl ---------------------------------------------------------------- */

static long dctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
	return domctl(op, cmd, dom);
}

/*
 * What an unprivileged caller gets from a domctl naming dom. Xen 4.17
 * common/domctl.c do_domctl: rcu_lock_domain_by_id (no DOMID_SELF) and
 * -ESRCH, except getdomaininfo, which takes the first domain at or above
 * the id (-EINVAL for a reserved id, -ESRCH for none); then
 * xsm_getdomaininfo (XSM_XS_PRIV) or xsm_domctl (XSM_PRIV), -EPERM for a
 * domU even naming itself (xsm/dummy.h).
 */
static long unpriv_domctl_answer(uint32_t cmd, domid_t dom)
{
	if (cmd == XEN_DOMCTL_getdomaininfo && dom >= DOMID_FIRST_RESERVED)
		return -XEN_EINVAL;
	if (dom == MISSING || dom == DOMID_SELF)
		return -XEN_ESRCH;
	return -XEN_EPERM;
}

static void domctl_unprivileged(void)
{
	static const uint32_t cmds[] = {XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_pausedomain,
					XEN_DOMCTL_unpausedomain, XEN_DOMCTL_max_mem,
					XEN_DOMCTL_scheduler_op,  XEN_DOMCTL_destroydomain};
	const domid_t doms[] = {self, DOMID_SELF, 0, MISSING};
	struct xen_domctl op;
	char what[40];

	for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
		for (unsigned int i = 0; i < ARRAY_SIZE(doms); i++) {
			memset(&op, 0, sizeof(op));
			op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
			snprintf(what, sizeof(what), "domctl %u", cmds[c]);
			expect(what, doms[i], dctl(cmds[c], doms[i], &op),
			       unpriv_domctl_answer(cmds[c], doms[i]));
		}
}

/* Every domctl naming DOMID_SELF or a missing domain: -ESRCH (getdomaininfo: see above). */
static void domctl_nobody(void)
{
	static const uint32_t cmds[] = {XEN_DOMCTL_pausedomain, XEN_DOMCTL_unpausedomain,
					XEN_DOMCTL_max_mem, XEN_DOMCTL_scheduler_op,
					XEN_DOMCTL_destroydomain};
	domid_t top = (domid_t)((other == MISSING || other < self ? self : other) + 1);
	struct xen_domctl op;
	char what[40];

	for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++) {
		memset(&op, 0, sizeof(op));
		snprintf(what, sizeof(what), "domctl %u", cmds[c]);
		expect(what, DOMID_SELF, dctl(cmds[c], DOMID_SELF, &op), -XEN_ESRCH);
		expect(what, MISSING, dctl(cmds[c], MISSING, &op), -XEN_ESRCH);
	}
	expect("getdomaininfo", DOMID_SELF, dctl(XEN_DOMCTL_getdomaininfo, DOMID_SELF, &op),
	       -XEN_EINVAL);
	expect("getdomaininfo, none at or above", MISSING,
	       dctl(XEN_DOMCTL_getdomaininfo, MISSING, &op), -XEN_ESRCH);
	expect("getdomaininfo, none at or above", top, dctl(XEN_DOMCTL_getdomaininfo, top, &op),
	       -XEN_ESRCH);
}

/* The control domain naming an existing domain: itself (0) or the domU. */
static void domctl_on(domid_t dom)
{
	struct xen_domctl op;
	struct xen_domctl_getdomaininfo info = {0};
	uint16_t w = 0, c = 0;

	expect("getdomaininfo", dom, domain_info(dom, &info), 0);
	expect("pausedomain", dom, dctl(XEN_DOMCTL_pausedomain, dom, &op),
	       dom == self ? -XEN_EINVAL : 0);
	expect("unpausedomain", dom, dctl(XEN_DOMCTL_unpausedomain, dom, &op),
	       dom == self ? -XEN_EINVAL : 0);
	expect("unpausedomain (not paused)", dom, dctl(XEN_DOMCTL_unpausedomain, dom, &op),
	       -XEN_EINVAL);
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = info.max_pages << 2; /* unchanged */
	expect("max_mem", dom, dctl(XEN_DOMCTL_max_mem, dom, &op), 0);
	expect("scheduler_op getinfo", dom, sched_params(dom, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c),
	       0);
	if (dom == self)
		expect("destroydomain", dom, dctl(XEN_DOMCTL_destroydomain, dom, &op), -XEN_EINVAL);
}

/* --- memory_op ------------------------------------------------------------- */

static long memop_dom(unsigned int cmd, domid_t dom)
{
	return HC(memory_op, cmd, &dom, 0);
}

static long reservation(unsigned int cmd, domid_t dom, xen_pfn_t *mfn)
{
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = dom};

	r.extent_start.p = mfn;
	return HC(memory_op, cmd, &r, 0);
}

/*
 * Xen 4.17 common/memory.c: the size queries take
 * rcu_lock_domain_by_any_id (-ESRCH), then xsm_memory_stat_reservation
 * (XSM_TARGET: itself, or the control domain: -EPERM). increase/decrease
 * reservation look up the same way and check xsm_memory_adjust_reservation
 * (XSM_TARGET), but either failure returns the extents done so far: 0.
 */
static void memory_ops(void)
{
	static const unsigned int sizes[] = {XENMEM_current_reservation, XENMEM_maximum_reservation,
					     XENMEM_maximum_gpfn};
	xen_pfn_t mfn = virt_to_mfn(alloc_page());
	long mine = memop_dom(XENMEM_current_reservation, DOMID_SELF);

	expect("current_reservation by own id", self, memop_dom(XENMEM_current_reservation, self),
	       mine);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		expect("memory size query", MISSING, memop_dom(sizes[i], MISSING), -XEN_ESRCH);
		if (!priv)
			expect("memory size query", 0, memop_dom(sizes[i], 0), -XEN_EPERM);
	}
	expect("increase_reservation", MISSING,
	       reservation(XENMEM_increase_reservation, MISSING, NULL), 0);
	expect("decrease_reservation", MISSING,
	       reservation(XENMEM_decrease_reservation, MISSING, &mfn), 0);
	if (priv)
		return;
	expect("increase_reservation", 0, reservation(XENMEM_increase_reservation, 0, NULL), 0);
	expect("decrease_reservation", 0, reservation(XENMEM_decrease_reservation, 0, &mfn), 0);
	expect("own reservation unchanged", self, memop_dom(XENMEM_current_reservation, self),
	       mine);
}

static long exchange(domid_t in, domid_t out)
{
	static xen_pfn_t list_in[1], list_out[1];
	struct xen_memory_exchange x = {.in = {.nr_extents = 1, .domid = in},
					.out = {.nr_extents = 1, .domid = out}};

	list_in[0] = virt_to_mfn(alloc_page());
	x.in.extent_start.p = list_in;
	x.out.extent_start.p = list_out;
	return HC(memory_op, XENMEM_exchange, &x, 0);
}

/*
 * XENMEM_exchange (memory_exchange): in.domid must equal out.domid as
 * given (-EINVAL, so DOMID_SELF against one's own id too), then
 * rcu_lock_domain_by_any_id (-ESRCH), then xsm_memory_exchange
 * (XSM_TARGET, -EPERM).
 */
static void exchange_ops(void)
{
	expect("exchange, DOMID_SELF in, own id out", self, exchange(DOMID_SELF, self),
	       -XEN_EINVAL);
	expect("exchange", MISSING, exchange(MISSING, MISSING), -XEN_ESRCH);
	if (!priv)
		expect("exchange", 0, exchange(0, 0), -XEN_EPERM);
}

/*
 * SCHEDOP_remote_shutdown (common/sched/core.c): rcu_lock_domain_by_id
 * (-ESRCH), then xsm_schedop_shutdown (XSM_DM_PRIV: the control domain,
 * -EPERM).
 */
static void remote_shutdown_ops(void)
{
	struct sched_remote_shutdown r = {.domain_id = MISSING, .reason = SHUTDOWN_poweroff};

	expect("remote_shutdown", MISSING, hc_sched_op(SCHEDOP_remote_shutdown, &r), -XEN_ESRCH);
	r.domain_id = DOMID_SELF;
	expect("remote_shutdown", DOMID_SELF, hc_sched_op(SCHEDOP_remote_shutdown, &r), -XEN_ESRCH);
	if (priv)
		return;
	r.domain_id = 0;
	expect("remote_shutdown", 0, hc_sched_op(SCHEDOP_remote_shutdown, &r), -XEN_EPERM);
}

/* The control domain adds a frame to the domU (one over its limit) and takes it back. */
static void memory_of_domu(void)
{
	struct xen_domctl_getdomaininfo info = {0};
	struct xen_domctl op;
	xen_pfn_t mfn = 0;
	long before = memop_dom(XENMEM_current_reservation, other);

	domain_info(other, &info);
	expect("current_reservation", other, before, (long)info.tot_pages);
	expect("maximum_reservation", other, memop_dom(XENMEM_maximum_reservation, other),
	       (long)info.max_pages);
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = (info.max_pages + 1) << 2;
	expect("max_mem one page more", other, dctl(XEN_DOMCTL_max_mem, other, &op), 0);
	expect("increase_reservation", other, reservation(XENMEM_increase_reservation, other, &mfn),
	       1);
	expect("current_reservation after", other, memop_dom(XENMEM_current_reservation, other),
	       before + 1);
	expect("decrease_reservation", other, reservation(XENMEM_decrease_reservation, other, &mfn),
	       1);
	expect("current_reservation restored", other, memop_dom(XENMEM_current_reservation, other),
	       before);
}

/* --- event channels -------------------------------------------------------- */

static long status_of(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return evtchn_op(EVTCHNOP_status, st);
}

static long bind_to(domid_t dom, evtchn_port_t port)
{
	struct evtchn_bind_interdomain b = {.remote_dom = dom, .remote_port = port};

	return evtchn_op(EVTCHNOP_bind_interdomain, &b);
}

static long reset(domid_t dom)
{
	struct evtchn_reset r = {.dom = dom};

	return evtchn_op(EVTCHNOP_reset, &r);
}

/*
 * Xen 4.17 common/event_channel.c: alloc_unbound looks dom up by any id
 * (-ESRCH), takes a free port, then xsm_evtchn_unbound (XSM_TARGET, -EPERM);
 * remote_dom is not checked. status: by any id (-ESRCH), the port
 * (-EINVAL), then xsm_evtchn_status (XSM_TARGET, -EPERM). bind_interdomain:
 * by any id (-ESRCH), the remote port must be unbound for us (-EINVAL);
 * xsm_evtchn_interdomain is XSM_HOOK. reset: by any id, XSM_TARGET.
 */
static void evtchn_ops(void)
{
	struct evtchn_status st;
	long port;

	expect("alloc_unbound, remote missing", MISSING, alloc_unbound(MISSING, MISSING),
	       -XEN_ESRCH);
	expect("status", MISSING, status_of(MISSING, 1, &st), -XEN_ESRCH);
	expect("bind_interdomain", MISSING, bind_to(MISSING, 1), -XEN_ESRCH);
	expect("reset", MISSING, reset(MISSING), -XEN_ESRCH);
	port = alloc_unbound(DOMID_SELF, MISSING);
	expect("alloc_unbound for a missing remote", DOMID_SELF, port > 0, 1);
	expect("status", DOMID_SELF, status_of(DOMID_SELF, (evtchn_port_t)port, &st), 0);
	expect("status: unbound for the missing domain", DOMID_SELF,
	       st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == MISSING, 1);
	expect("status by own id", self, status_of(self, (evtchn_port_t)port, &st), 0);
	evtchn_close((unsigned int)port);
	if (priv)
		return;
	expect("alloc_unbound, remote missing", 0, alloc_unbound(0, MISSING), -XEN_EPERM);
	expect("alloc_unbound, remote self", 0, alloc_unbound(0, self), -XEN_EPERM);
	expect("status of a bad port", 0, status_of(0, BAD_PORT, &st), -XEN_EINVAL);
	expect("status of port 1", 0, status_of(0, 1, &st), -XEN_EPERM);
	expect("bind_interdomain to a bad port", 0, bind_to(0, BAD_PORT), -XEN_EINVAL);
	expect("reset", 0, reset(0), -XEN_EPERM);
}

/* The control domain on the domU's ports. */
static void evtchn_of_domu(void)
{
	struct evtchn_status st;
	long port = alloc_unbound(other, MISSING);

	expect("alloc_unbound in the domU", other, port > 0, 1);
	expect("status", other, status_of(other, (evtchn_port_t)port, &st), 0);
	expect("status: unbound for the missing domain", other,
	       st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == MISSING, 1);
	expect("status of a bad port", other, status_of(other, BAD_PORT, &st), -XEN_EINVAL);
}

/* --- grant tables ---------------------------------------------------------- */

static long gnttab_op(unsigned int cmd, void *op)
{
	return HC(grant_table_op, cmd, op, 1);
}

static int16_t setup_status(domid_t dom)
{
	xen_pfn_t frame = 0;
	struct gnttab_setup_table s = {.dom = dom, .nr_frames = 1, .status = 99};

	s.frame_list.p = &frame;
	if (gnttab_op(GNTTABOP_setup_table, &s))
		return 99;
	return s.status == GNTST_okay && !frame ? 98 : s.status;
}

static int16_t query_status(domid_t dom)
{
	struct gnttab_query_size q = {.dom = dom, .status = 99};

	return gnttab_op(GNTTABOP_query_size, &q) ? 99 : q.status;
}

static long get_version(domid_t dom)
{
	struct gnttab_get_version v = {.dom = dom};

	return gnttab_op(GNTTABOP_get_version, &v);
}

/* A copy of 8 bytes from (src, by gref or frame) to a frame of our own. */
static int16_t copy_status(domid_t src, bool by_gref, xen_pfn_t frame)
{
	struct gnttab_copy c = {.len = 8, .status = 99};

	c.source.domid = src;
	c.dest.domid = DOMID_SELF;
	c.dest.u.gmfn = frame;
	if (by_gref) {
		c.flags = GNTCOPY_source_gref;
		c.source.u.ref = 0;
	} else
		c.source.u.gmfn = frame;
	return gnttab_op(GNTTABOP_copy, &c) ? 99 : c.status;
}

/*
 * Xen 4.17 common/grant_table.c: setup_table and query_size take
 * rcu_lock_domain_by_any_id (GNTST_bad_domain), then xsm_grant_setup /
 * xsm_grant_query_size (XSM_TARGET, GNTST_permission_denied); get_version
 * the same with -ESRCH / -EPERM. copy: each side is looked up by any id
 * (GNTST_bad_domain), a side given by frame must be DOMID_SELF
 * (GNTST_permission_denied); xsm_grant_copy is XSM_HOOK. (RELEASE-4.17.7's
 * source checks the frame before the lookup; the reference binary, Debian's
 * 4.17.7+13 with XSA-523's grant-copy fix, answers a missing domain's frame
 * with GNTST_bad_domain, and that is what this test holds both to.)
 */
static void grant_ops(void)
{
	xen_pfn_t frame = virt_to_mfn(alloc_page());
	domid_t foreign = priv ? other : 0;
	int16_t denied_or_ok = priv ? GNTST_okay : GNTST_permission_denied;

	expect("setup_table", MISSING, setup_status(MISSING), GNTST_bad_domain);
	expect("query_size", MISSING, query_status(MISSING), GNTST_bad_domain);
	expect("get_version", MISSING, get_version(MISSING), -XEN_ESRCH);
	expect("copy from a missing domain's grant", MISSING, copy_status(MISSING, true, frame),
	       GNTST_bad_domain);
	expect("copy from a missing domain's frame", MISSING, copy_status(MISSING, false, frame),
	       GNTST_bad_domain);
	expect("query_size by own id", self, query_status(self), GNTST_okay);
	if (foreign == MISSING)
		return;
	expect("setup_table", foreign, setup_status(foreign), denied_or_ok);
	expect("query_size", foreign, query_status(foreign), denied_or_ok);
	expect("get_version", foreign, get_version(foreign), priv ? 0 : -XEN_EPERM);
	expect("copy from a foreign frame", foreign, copy_status(foreign, false, frame),
	       GNTST_permission_denied);
}

/* --- mmu_update's foreign domain ------------------------------------------- */

/*
 * Xen 4.17 arch/x86/mm.c do_mmu_update and common/page_alloc.c
 * get_pg_owner: the caller's own id is -ESRCH, DOMID_SELF the caller,
 * other ids by any id (-ESRCH), before any request (so also for none);
 * per request xsm_mmu_update (XSM_TARGET, -EPERM).
 * update_va_mapping_otherdomain: get_pg_owner, then xsm_update_va_mapping
 * (XSM_TARGET, -EPERM).
 */
static void mmu_ops(void)
{
	struct mmu_update u = {.ptr = MMU_NORMAL_PT_UPDATE, .val = 0};

	expect("mmu_update, no requests", DOMID_SELF, hc_mmu_update(NULL, 0, NULL, DOMID_SELF), 0);
	expect("mmu_update, no requests", self, hc_mmu_update(NULL, 0, NULL, self), -XEN_ESRCH);
	expect("mmu_update, no requests", MISSING, hc_mmu_update(NULL, 0, NULL, MISSING),
	       -XEN_ESRCH);
	expect("update_va_mapping_otherdomain", self,
	       hypercall(__HYPERVISOR_update_va_mapping_otherdomain, 0, 0, 0, self, 0), -XEN_ESRCH);
	expect("update_va_mapping_otherdomain", MISSING,
	       hypercall(__HYPERVISOR_update_va_mapping_otherdomain, 0, 0, 0, MISSING, 0),
	       -XEN_ESRCH);
	if (other == MISSING && priv)
		return;
	expect("mmu_update, no requests", priv ? other : 0,
	       hc_mmu_update(NULL, 0, NULL, priv ? other : 0), 0);
	if (priv)
		return;
	expect("mmu_update of an entry", 0, hc_mmu_update(&u, 1, NULL, 0), -XEN_EPERM);
	expect("update_va_mapping_otherdomain", 0,
	       hypercall(__HYPERVISOR_update_va_mapping_otherdomain, 0, 0, 0, 0, 0), -XEN_EPERM);
}

/* --- roles ----------------------------------------------------------------- */

void test_main(void)
{
	const char *role = cmdline_option("role"), *id = cmdline_option("self");
	struct xen_domctl_getdomaininfo info;

	priv = !role;
	self = priv ? 0 : (domid_t)strtoul(id ? id : "", NULL, 10);
	other = priv ? MISSING : 0;
	if (priv && cmdline_option("domu")) {
		if (domain_info(1, &info)) {
			error("no domU d1");
			return;
		}
		other = 1;
	}
	if (!priv && (!id || !self)) {
		error("a domU needs self=<its domid>");
		return;
	}
	if (!events_init())
		return;
	if (priv) {
		domctl_on(self);
		if (other != MISSING)
			domctl_on(other);
	} else
		domctl_unprivileged();
	domctl_nobody();
	memory_ops();
	exchange_ops();
	remote_shutdown_ops();
	evtchn_ops();
	grant_ops();
	mmu_ops();
	if (priv && other != MISSING) {
		memory_of_domu();
		evtchn_of_domu();
		wait_domain_shutdown(other);
	}
}
