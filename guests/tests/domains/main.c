/*
 * Several domains at once (xeno only: boot-time domUs). dom0 watches them
 * with getdomaininfo:
 *   role=crash   crashes itself (no trap table, then ud2): the hypervisor
 *                must crash only it (shutdown code 3), the others run on;
 *   role=worker  computes for a while and checks a domU's limits (no
 *                domctl, no console input), then powers off (code 0).
 * Without a role option dom0 also pauses a worker and sees its CPU time
 * stand still, then unpauses it. The "many" variant runs 64 workers.
 */
#include <guest.h>
#include <guest_domctl.h>

const char test_title[] = "domains: a crashing domain beside healthy ones, pause, many domains";

static void crash_now(void)
{
	hc_set_trap_table(NULL);
	__asm__ __volatile__("ud2");
	fail("still running after ud2 without a trap table");
}

static void worker(void)
{
	struct xen_domctl op;
	char c;

	memset(&op, 0, sizeof(op));
	check_eq(domctl(&op, XEN_DOMCTL_getdomaininfo, 0), -XEN_EPERM, "domctl from a domU");
	check_eq(hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, 1, (long)&c, 0, 0), -XEN_EPERM,
		 "console read from a domU");
	for (volatile unsigned long i = 0; i < 30000000UL; i++)
		;
}

/* Wait until domain dom has shut down; its shutdown code, or -1. */
static int wait_shutdown(domid_t dom, unsigned long spins)
{
	struct xen_domctl_getdomaininfo info;

	for (unsigned long i = 0; i < spins; i++) {
		if (domain_info(dom, &info) == 0 && (info.flags & XEN_DOMINF_shutdown))
			return (int)((info.flags >> XEN_DOMINF_shutdownshift) &
				     XEN_DOMINF_shutdownmask);
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return -1;
}

static void test_pause(domid_t dom)
{
	struct xen_domctl op;
	struct xen_domctl_getdomaininfo a = {0}, b = {0};

	memset(&op, 0, sizeof(op));
	if (domctl(&op, XEN_DOMCTL_pausedomain, dom)) {
		fail("pause d%u", dom);
		return;
	}
	domain_info(dom, &a);
	check(a.flags & XEN_DOMINF_paused, "d%u reported paused", dom);
	for (volatile int i = 0; i < 5000000; i++)
		;
	domain_info(dom, &b);
	check(b.cpu_time == a.cpu_time, "a paused domain does not run (%lu -> %lu)",
	      (unsigned long)a.cpu_time, (unsigned long)b.cpu_time);
	check_eq(domctl(&op, XEN_DOMCTL_unpausedomain, dom), 0, "unpause");
	check_eq(domctl(&op, XEN_DOMCTL_unpausedomain, dom), -XEN_EINVAL, "unpause twice");
}

static void run_dom0(void)
{
	struct xen_domctl_getdomaininfo info;
	unsigned int n = 0;
	int code;

	while (domain_info((domid_t)(n + 1), &info) == 0)
		n++;
	printf("%u domUs\n", n);
	if (n >= 2 && wait_shutdown(2, 1) < 0)
		test_pause(2);
	for (domid_t d = 1; d <= n; d++) {
		code = wait_shutdown(d, 20000000UL);
		if (d == 1 && n == 2)
			check_eq(code, SHUTDOWN_crash, "d1 crashed");
		else
			check(code == SHUTDOWN_poweroff, "d%u powered off (code %d)", d, code);
	}
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!role)
		run_dom0();
	else if (!strcmp(role, "crash"))
		crash_now();
	else
		worker();
}
