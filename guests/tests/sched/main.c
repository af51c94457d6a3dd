/*
 * Proportional share and caps (xeno only: boot-time domUs). Three domUs
 * spin for SPIN seconds of system time:
 *   d1 weight 256 and d2 weight 512, both pinned to CPU 1: d2 must get
 *   twice d1's CPU time (shares of CPU 1: 1/3 and 2/3, +-5 points);
 *   d3 capped at 25%, pinned to CPU 0 (where dom0 mostly sleeps): 25% of
 *   CPU 0, +-3 points.
 * dom0 samples their CPU time (getdomaininfo) over a window in the middle,
 * sleeping in SCHEDOP_poll meanwhile.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>

const char test_title[] = "sched: weights 1:2 and a 25% cap";

#define MS 1000000UL
#define SPIN (3000 * MS)

static void spin(void)
{
	uint64_t end = system_time() + SPIN;

	while (system_time() < end)
		;
}

static void sleep_ns(uint64_t ns)
{
	uint64_t end = system_time() + ns;

	while (system_time() < end)
		poll_ports(NULL, 0, end);
}

static bool sample(uint64_t t[4])
{
	struct xen_domctl_getdomaininfo info;

	t[0] = system_time();
	for (domid_t d = 1; d <= 3; d++) {
		if (domain_info(d, &info))
			return false;
		t[d] = info.cpu_time;
	}
	return true;
}

static void run_dom0(void)
{
	uint64_t a[4], b[4];
	unsigned long share[4];

	sleep_ns(500 * MS);
	if (!sample(a)) {
		error("needs three domUs");
		return;
	}
	sleep_ns(1500 * MS);
	sample(b);
	for (int d = 1; d <= 3; d++)
		share[d] = (unsigned long)((b[d] - a[d]) * 1000 / (b[0] - a[0]));
	printf("CPU shares (per mille of one CPU): d1 %lu, d2 %lu, d3 %lu\n", share[1], share[2],
	       share[3]);
	check(share[1] >= 283 && share[1] <= 383, "d1 (weight 256) got %lu per mille, want 333",
	      share[1]);
	check(share[2] >= 617 && share[2] <= 717, "d2 (weight 512) got %lu per mille, want 667",
	      share[2]);
	check(share[3] >= 220 && share[3] <= 280, "d3 (cap 25) got %lu per mille, want 250",
	      share[3]);
	for (domid_t d = 1; d <= 3; d++) {
		struct xen_domctl_getdomaininfo info;

		while (domain_info(d, &info) == 0 && !(info.flags & XEN_DOMINF_shutdown))
			sleep_ns(50 * MS);
	}
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!events_init())
		return;
	if (role && !strcmp(role, "spin"))
		spin();
	else
		run_dom0();
}
