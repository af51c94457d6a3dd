/*
 * End of boot and the idle loop.
 *
 * boot_done() reports the boot-to-ready time, then runs what the command
 * line asks for. Options for tests and debugging (documented in
 * docs/user-manual.md):
 *   debug_fault=pf|ud|de   take a deliberate fault to exercise the crash report
 *   boot_selftest=time     check system time and timers against the PM timer
 *   after_boot=poweroff|reboot|halt   what to do when there is nothing to run
 */
#include <xeno/arch.h>
#include <xeno/bootinfo.h>
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/param.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/shutdown.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <xeno/time.h>
#include <xeno/trace.h>

static char opt_debug_fault[8];
string_param("debug_fault", opt_debug_fault);
static char opt_selftest[16];
string_param("boot_selftest", opt_selftest);
static char opt_after_boot[16];
string_param("after_boot", opt_after_boot);

struct bootinfo bootinfo; /* filled in by the arch's boot loader parsing */

/* Distinct, non-inlined frames so the backtrace shows a real chain. */
static __attribute__((noinline)) void fault_level2(const char *kind)
{
	volatile unsigned long zero = 0;

	if (!strcmp(kind, "pf"))
		*(volatile unsigned long *)zero = 0xdead;
	else if (!strcmp(kind, "de"))
		__asm__ __volatile__("divq %1" ::"a"(1UL), "r"(zero), "d"(0UL));
	else
		__asm__ __volatile__("ud2");
}

static __attribute__((noinline)) void debug_fault(const char *kind)
{
	printk("debug_fault=%s: taking a deliberate fault\n", kind);
	fault_level2(kind);
	barrier();
}

static void __noreturn after_boot(void)
{
	if (!strcmp(opt_after_boot, "poweroff"))
		arch_machine_power_off();
	if (!strcmp(opt_after_boot, "reboot"))
		arch_machine_restart();
	if (!strcmp(opt_after_boot, "halt"))
		arch_machine_halt();
	printk("Nothing to run (no dom0 kernel module). Idling; in QEMU press Ctrl-a x to quit.\n");
	local_irq_enable();
	idle_loop();
}

void boot_done(void)
{
	s_time_t now = NOW(), boot_entry_time = arch_boot_entry_time();

	printk("xeno ready: %u CPU(s) online, %lu.%03lu ms since power-on, "
	       "%lu.%03lu ms since hypervisor entry\n",
	       num_online_cpus(), (unsigned long)(now / 1000000),
	       (unsigned long)(now / 1000 % 1000),
	       (unsigned long)((now - boot_entry_time) / 1000000),
	       (unsigned long)((now - boot_entry_time) / 1000 % 1000));
	if (opt_debug_fault[0])
		debug_fault(opt_debug_fault);
	if (!strcmp(opt_selftest, "time"))
		time_selftest();
	trace_init();
	arch_hypercall_init();
	arch_construct_boot_domains();
	if (arch_construct_dom0() == 0) {
		arch_discard_boot_modules();
		console_input_init();
		for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list)
			d->creation_finished = true;
		vcpu_unpause_flag(dom0->vcpu[0], VPF_down);
		arch_start_boot_domains();
		logdirty_selftest_start();
		idle_loop();
	}
	after_boot();
}
