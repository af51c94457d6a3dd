/*
 * Proportional share, caps and yield (xeno only: boot-time domUs), on one
 * CPU (the harness runs it with -smp 1 under icount). Three domUs spin for
 * SPIN of system time: d1 weight 256, d2 weight 512, d3 weight 1024 but
 * capped at 25%. Uncapped, d3 would take 4/7 of the CPU; capped it must get
 * 25% (+-3 points), and d1 and d2 split the rest 1:2 (d2/d1 within 5%). A
 * fourth, d4 (weight 256), calls SCHEDOP_yield in a loop for as long, as
 * Linux's console does on a full ring: each yield gives the CPU to the
 * others, so it must get under 3% (its weight alone would give it d1's).
 * dom0 samples their CPU time (getdomaininfo) over a window in the middle,
 * sleeping in SCHEDOP_poll meanwhile.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>

const char test_title[] = "sched: weights 1:2, a 25% cap and a yielding domain on one CPU";

#define MS 1000000UL
#define SPIN (1500 * MS)

static void spin(void)
{
	uint64_t end = system_time() + SPIN;

	while (system_time() < end)
		;
}

static void yield_loop(void)
{
	uint64_t end = system_time() + SPIN;

	while (system_time() < end)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void sleep_ns(uint64_t ns)
{
	uint64_t end = system_time() + ns;

	while (system_time() < end)
		poll_ports(NULL, 0, end);
}

static bool sample(uint64_t t[5])
{
	struct xen_domctl_getdomaininfo info;

	t[0] = system_time();
	for (domid_t d = 1; d <= 4; d++) {
		if (domain_info(d, &info))
			return false;
		t[d] = info.cpu_time;
	}
	return true;
}

static void run_dom0(void)
{
	uint64_t a[5], b[5];
	unsigned long share[5];

	sleep_ns(300 * MS);
	if (!sample(a)) {
		error("needs four domUs");
		return;
	}
	sleep_ns(900 * MS);
	sample(b);
	for (int d = 1; d <= 4; d++)
		share[d] = (unsigned long)((b[d] - a[d]) * 1000 / (b[0] - a[0]));
	printf("CPU shares (per mille of one CPU): d1 %lu, d2 %lu, d3 %lu, d4 (yields) %lu\n",
	       share[1], share[2], share[3], share[4]);
	check(share[1] && share[2] * 100 >= share[1] * 190 && share[2] * 100 <= share[1] * 210,
	      "d2 (weight 512) got %lu per mille, d1 (weight 256) %lu: want 2:1", share[2],
	      share[1]);
	check(share[3] >= 220 && share[3] <= 280, "d3 (cap 25) got %lu per mille, want 250",
	      share[3]);
	check(share[4] < 30, "d4 (yielding) got %lu per mille, want under 30", share[4]);
	for (domid_t d = 1; d <= 4; d++) {
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
	else if (role && !strcmp(role, "yield"))
		yield_loop();
	else
		run_dom0();
}
