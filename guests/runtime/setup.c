/*
 * Test-guest start of day and verdict. runtime_start() runs once, in guest
 * kernel mode with events masked: it records start_info, picks up the
 * command line, installs the trap table (every exception vector; #BP and
 * #OF callable from user mode as Linux does), the syscall and failsafe
 * callbacks and a user L4 (the kernel's, so user code sees the same
 * mappings), then runs the test. Set-up failures are ERRORs.
 */
#include <guest.h>

start_info_t *start_info;
const char *cmdline = "";
int hypercall_via_syscall;

static unsigned int nr_fail, nr_error, nr_skip;

/* fail(), error(), skip(): print "<KIND>: message", count it. */
#define OUTCOME(name, kind, counter)                  \
	void name(const char *fmt, ...)               \
	{                                             \
		char buf[512];                        \
		va_list ap;                           \
                                                      \
		va_start(ap, fmt);                    \
		vsnprintf(buf, sizeof(buf), fmt, ap); \
		va_end(ap);                           \
		printf("%s: %s\n", kind, buf);        \
		counter++;                            \
	}
OUTCOME(fail, "FAIL", nr_fail)
OUTCOME(error, "ERROR", nr_error)
OUTCOME(skip, "SKIP", nr_skip)

void test_finish(unsigned int reason)
{
	const char *verdict = nr_error	? "ERROR"
			      : nr_fail ? "FAILURE"
			      : nr_skip ? "SKIP"
					: "SUCCESS";

	printf("Test result: %s\n", verdict);
	hc_shutdown(reason);
	for (;;) /* shutdown does not return; if it does, keep the verdict */
		hc_sched_op(SCHEDOP_yield, NULL);
}

long set_trap(unsigned int vector, unsigned int dpl, unsigned long address)
{
	struct trap_info t[2] = {
		{.vector = (uint8_t)vector,
		 .flags = (uint8_t)dpl,
		 .cs = FLAT_KERNEL_CS,
		 .address = address},
		{0},
	};

	return hc_set_trap_table(t);
}

static void install_traps(void)
{
	static struct trap_info table[33];

	for (unsigned int v = 0; v < 32; v++) {
		table[v].vector = (uint8_t)v;
		table[v].flags = (v == 3 || v == 4) ? 3 : 0;
		table[v].cs = FLAT_KERNEL_CS;
		table[v].address = trap_entry(v);
	}
	if (hc_set_trap_table(table))
		error("set_trap_table failed");
}

static void install_callbacks(void)
{
	struct callback_register cb = {.type = CALLBACKTYPE_syscall,
				       .address = (unsigned long)syscall_entry};

	if (hc_callback_op(CALLBACKOP_register, &cb))
		error("callback_op syscall failed");
	cb.type = CALLBACKTYPE_failsafe;
	cb.address = (unsigned long)failsafe_entry;
	if (hc_callback_op(CALLBACKOP_register, &cb))
		error("callback_op failsafe failed");
}

static void install_user_l4(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_NEW_USER_BASEPTR};

	op.arg1.mfn = virt_to_mfn((void *)start_info->pt_base);
	if (hc_mmuext_op(&op, 1, NULL, DOMID_SELF))
		error("mmuext_op NEW_USER_BASEPTR failed");
}

void runtime_start(start_info_t *si);
void runtime_start(start_info_t *si)
{
	start_info = si;
	cmdline = si->cmd_line;
	/* The page is filled by the domain builder; without one, use syscall. */
	hypercall_via_syscall = (unsigned char)hypercall_page[0] == 0xcc;
	printf("--- xeno test guest: %s ---\n", test_title);
	if (strncmp(si->magic, "xen-3.0-x86_64", 14))
		error("start_info magic \"%.32s\"", si->magic);
	install_traps();
	install_callbacks();
	install_user_l4();
	if (!nr_error)
		test_main();
	test_finish(SHUTDOWN_poweroff);
}
