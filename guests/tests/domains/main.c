/*
 * Several domains at once (xeno only: boot-time domUs). dom0 watches them
 * with getdomaininfo:
 *   role=crash   crashes itself (no trap table, then ud2): the hypervisor
 *                must crash only it (shutdown code 3), the others run on;
 *   role=crash-iret, role=crash-bounce  the same through the entry paths'
 *                frames: HYPERVISOR_iret with its context on an unmapped
 *                page, and a #UD with the kernel stack pointing at one (the
 *                bounce frame cannot be written); test.toml checks the reason;
 *   role=crash-iret-range  an iret context at the hypervisor's text,
 *                role=crash-iret-user an iret to user mode with no user
 *                page table: crashes as well (each its reason);
 *   role=worker  computes for a while and checks a domU's limits (no
 *                domctl, no console input), then powers off (code 0).
 * Without a role option dom0 also pauses a worker and sees its CPU time
 * stand still, then unpauses it. The "many" variant runs 64 workers.
 * The "destroy" variant: role=filler writes a secret into 120 of its pages
 * and powers off; dom0 takes all free memory, destroys the domU
 * (XEN_DOMCTL_destroydomain), takes all free memory again: it must get the
 * domU's 2048 frames back, and none may still hold the secret.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_mm.h>
#include <public/memory.h>

const char test_title[] = "domains: crash beside healthy ones, pause, many, destroy and scrub";

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

#define SECRET 0x5ec7e75ec7e75ec7UL
#define BATCH 512

static void filler(void)
{
	for (int i = 0; i < 120; i++) {
		uint64_t *p = alloc_page();

		for (int j = 0; p && j < 512; j++)
			p[j] = SECRET;
	}
}

/* Take every free frame (order-0 extents); how many, the last ones in mfns. */
static unsigned long grab_all(xen_pfn_t *mfns, unsigned long cap)
{
	unsigned long got = 0;

	for (;;) {
		struct xen_memory_reservation r = {
			.nr_extents = BATCH, .extent_order = 0, .domid = DOMID_SELF};
		long n;

		r.extent_start.p = mfns + (got % cap <= cap - BATCH ? got % cap : 0);
		n = hypercall(__HYPERVISOR_memory_op, XENMEM_increase_reservation, (long)&r, 0, 0,
			      0);
		if (n <= 0)
			return got;
		got += (unsigned long)n;
		if (n < BATCH)
			return got;
	}
}

static bool frame_holds_secret(uint64_t mfn, uint64_t *window)
{
	if (hc_update_va_mapping((unsigned long)window, (mfn << 12) | 0x21, UVMF_INVLPG))
		return false;
	for (int j = 0; j < 512; j += 64)
		if (window[j] == SECRET)
			return true;
	return false;
}

static void test_destroy(void)
{
	static xen_pfn_t mfns[8192];
	struct xen_domctl op;
	uint64_t *window = alloc_page();
	unsigned long before, after, dirty = 0;

	if (wait_shutdown(1, 20000000UL) != SHUTDOWN_poweroff) {
		fail("the filler did not power off");
		return;
	}
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = ~0UL >> 12;
	check_eq(domctl(&op, XEN_DOMCTL_max_mem, 0), 0, "raise dom0's max_mem");
	before = grab_all(mfns, 8192);
	check_eq(domctl(&op, XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL, "destroy oneself");
	check_eq(domctl(&op, XEN_DOMCTL_destroydomain, 1), 0, "destroy d1");
	check_eq(domctl(&op, XEN_DOMCTL_getdomaininfo, 1), -XEN_ESRCH, "d1 is gone");
	check_eq(domctl(&op, XEN_DOMCTL_destroydomain, 1), -XEN_ESRCH, "destroy d1 again");
	after = grab_all(mfns, 8192);
	printf("free frames: %lu before the destroy, %lu after\n", before, after);
	check(after >= 2000 && after <= 8192, "d1's 2048 frames came back (%lu)", after);
	for (unsigned long i = 0; i < after && i < 8192; i++)
		dirty += frame_holds_secret(mfns[i], window);
	check_eq(dirty, 0, "freed frames still holding d1's secret");
}

static void crash_now(void)
{
	hc_set_trap_table(NULL);
	__asm__ __volatile__("ud2");
	fail("still running after ud2 without a trap table");
}

/*
 * Stacks on pages never mapped: 0x1000 (below the image) and the top of
 * the lower half, from where a bounce frame whose fault went unnoticed
 * would send the guest down the stack page after page for ever (a time-out),
 * not to a crash.
 */
static void crash_iret(void)
{
	__asm__ __volatile__("mov $0x1000, %%rsp\n"
			     "syscall\n"
			     "ud2" ::"a"(__HYPERVISOR_iret));
	fail("still running after an iret from an unmapped stack");
}

/* The context in the hypervisor's half (its own text): never read. */
static void crash_iret_range(void)
{
	__asm__ __volatile__("mov %0, %%rsp\n"
			     "syscall\n"
			     "ud2" ::"r"(0xffff82d040100000UL),
			     "a"(__HYPERVISOR_iret));
	fail("still running after an iret with its context past the lower half");
}

/* A readable context returning to user mode (CS RPL 3), no user L4 set. */
static void crash_iret_user(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_NEW_USER_BASEPTR}; /* mfn 0: none */

	check_eq(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "clear the user base pointer");
	__asm__ __volatile__("pushq $0xe02b\npushq %%rsp\npushq $0x202\npushq $0xe033\n"
			     "pushq $0\npushq $0\npushq $0\npushq $0\npushq $0\n"
			     "syscall\n"
			     "ud2" ::"a"(__HYPERVISOR_iret)
			     : "memory");
	fail("still running after an iret to user mode without a user page table");
}

static void crash_bounce(void)
{
	__asm__ __volatile__("mov %0, %%rsp\n"
			     "ud2" ::"r"(0x00007ffffffff000UL)
			     : "memory");
	fail("still running after a #UD on an unmapped stack");
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
	if (cmdline_option("destroy")) {
		test_destroy();
		return;
	}
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
	else if (!strcmp(role, "crash-iret"))
		crash_iret();
	else if (!strcmp(role, "crash-iret-range"))
		crash_iret_range();
	else if (!strcmp(role, "crash-iret-user"))
		crash_iret_user();
	else if (!strcmp(role, "crash-bounce"))
		crash_bounce();
	else if (!strcmp(role, "filler"))
		filler();
	else
		worker();
}
