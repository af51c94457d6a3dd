/*
 * shutdown: SCHEDOP_shutdown with the reason given as reason=N on the
 * command line (SHUTDOWN_*). The guest's part is the hypercall; the harness
 * checks the hypervisor's reaction for each reason (test.toml beside this).
 * With code=M, SCHEDOP_shutdown_code first records M, which then wins over
 * the reason of the later SCHEDOP_shutdown (as in Xen).
 */
#include <guest.h>

const char test_title[] = "shutdown: each reason";

void test_main(void)
{
	const char *arg = cmdline_option("reason");
	unsigned int reason = arg ? (unsigned int)strtoul(arg, NULL, 0) : SHUTDOWN_poweroff;
	const char *code_arg = cmdline_option("code");

	if (code_arg) {
		struct sched_shutdown code = {.reason = (unsigned int)strtoul(code_arg, NULL, 0)};

		check(hc_sched_op(SCHEDOP_shutdown_code, &code) == 0, "SCHEDOP_shutdown_code");
	}
	check(hc_sched_op(SCHEDOP_shutdown, NULL) == -XEN_EFAULT,
	      "SCHEDOP_shutdown with a bad pointer: -EFAULT");
	printf("shutting down with reason %u\n", reason);
	test_finish(reason);
}
