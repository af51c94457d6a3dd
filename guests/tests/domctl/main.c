/*
 * domctl from dom0, on itself (so it also runs on Xen 4.17): getdomaininfo
 * (id, flags, pages, shared_info frame, vCPU ids, CPU time advancing, the
 * "next domain at or above" lookup), the interface version check, the
 * scheduler's weight and cap (credit2 as Xen 4.17's default names them),
 * and the refusals: pausing oneself, a wrong scheduler id, an unknown
 * domain, an unknown command.
 */
#include <guest.h>
#include <guest_domctl.h>

const char test_title[] = "domctl: getdomaininfo, scheduler parameters, refusals";

static void test_info(void)
{
	struct xen_domctl_getdomaininfo a, b = {0};

	if (domain_info(0, &a)) {
		fail("getdomaininfo(0) failed");
		return;
	}
	check_eq(a.domain, 0, "domain id");
	check(a.flags & XEN_DOMINF_running, "dom0 is running (flags %#x)", a.flags);
	check(!(a.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying | XEN_DOMINF_paused)),
	      "not shut down, dying or paused (flags %#x)", a.flags);
	check_eq(a.tot_pages >= start_info->nr_pages, 1, "tot_pages covers start_info nr_pages");
	check_eq(a.shared_info_frame, start_info->shared_info >> 12, "shared_info frame");
	check(a.nr_online_vcpus >= 1 && a.max_vcpu_id + 1 >= a.nr_online_vcpus,
	      "vCPUs: %u online, max id %u", a.nr_online_vcpus, a.max_vcpu_id);
	for (volatile int i = 0; i < 3000000; i++)
		;
	domain_info(0, &b);
	check(b.cpu_time > a.cpu_time, "cpu_time advances (%lu -> %lu)", (unsigned long)a.cpu_time,
	      (unsigned long)b.cpu_time);
}

static void test_refusals(void)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_getdomaininfo;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
	check_eq(hypercall(__HYPERVISOR_domctl, (long)&op, 0, 0, 0, 0), -XEN_EACCES,
		 "old interface version");
	memset(&op, 0, sizeof(op));
	check_eq(domctl(&op, XEN_DOMCTL_getdomaininfo, 0x7fef), -XEN_ESRCH,
		 "no domain at or above 0x7fef");
	check_eq(domctl(&op, XEN_DOMCTL_getdomaininfo, 0x7ff0), -XEN_EINVAL,
		 "getdomaininfo of a reserved id");
	check_eq(domctl(&op, XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL, "pause oneself");
	check_eq(domctl(&op, XEN_DOMCTL_pausedomain, 0x7ff0), -XEN_ESRCH, "pause no domain");
	check_eq(hypercall(__HYPERVISOR_domctl, 0x1000, 0, 0, 0, 0), -XEN_EFAULT,
		 "unreadable request");
}

static void test_sched(void)
{
	uint16_t w = 0, c = 0;
	struct xen_domctl op;

	check_eq(sched_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c), 0, "scheduler getinfo");
	check_eq(w, 256, "default weight");
	check_eq(c, 0, "default cap");
	w = 512, c = 0;
	check_eq(sched_params(0, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c), 0, "putinfo weight 512");
	w = 0, c = 0;
	sched_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c);
	check_eq(w, 512, "weight after putinfo");
	w = 0, c = 0;
	check_eq(sched_params(0, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c), 0, "putinfo weight 0");
	sched_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c);
	check_eq(w, 512, "weight 0 leaves the weight alone");
	w = 256, c = 0;
	sched_params(0, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c);
	memset(&op, 0, sizeof(op));
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_NULL;
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	check_eq(domctl(&op, XEN_DOMCTL_scheduler_op, 0), -XEN_EINVAL, "wrong scheduler id");
}

void test_main(void)
{
	test_info();
	test_refusals();
	test_sched();
}
