/*
 * Power-off and reset. Power-off writes SLP_TYPa|SLP_EN to PM1a (ACPI S5),
 * or dom0's values when it asks for S5 (XENPF_enter_acpi_sleep);
 * reset uses the FADT reset register, then the 0xcf9 reset control, then
 * the keyboard controller, then a triple fault. Other CPUs are stopped with
 * an IPI first so nothing runs while the machine goes down; one stopped
 * while it held the console lock would leave it held, so it is forced open.
 */
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/shutdown.h>
#include <xeno/smp.h>
#include <xeno/time.h>
#include <xeno/trace.h>
#include <asm/acpi.h>
#include <asm/processor.h>

static void stop_other_cpus(void)
{
	local_irq_disable();
	smp_stop_other_cpus();
	console_force_unlock();
	trace_dump();
}

static void write_gas(const struct acpi_gas *g, u8 val)
{
	if (g->space == 1) /* system I/O */
		outb(val, (u16)g->address);
}

void arch_machine_power_off(void)
{
	stop_other_cpus();
	printk("Powering off.\n");
	arch_serial_drain();
	if (acpi.pm1a_cnt && acpi.has_s5) {
		outw((u16)((acpi.slp_typ_a << 10) | (1u << 13)), acpi.pm1a_cnt);
		if (acpi.pm1b_cnt)
			outw((u16)((acpi.slp_typ_b << 10) | (1u << 13)), acpi.pm1b_cnt);
	}
	mdelay(500); /* the request may complete asynchronously */
	printk(XENLOG_ERR "Power-off failed; halting.\n");
	arch_machine_halt();
}

/* dom0's XENPF_enter_acpi_sleep for S5: its PM1 values, SLP_EN included. */
void acpi_enter_s5(u16 pm1a_val, u16 pm1b_val)
{
	stop_other_cpus();
	printk("Entering ACPI S5 state. Powering off.\n");
	arch_serial_drain();
	outw(pm1a_val, acpi.pm1a_cnt);
	if (acpi.pm1b_cnt)
		outw(pm1b_val, acpi.pm1b_cnt);
	mdelay(500);
	printk(XENLOG_ERR "ACPI S5 failed; halting.\n");
	arch_machine_halt();
}

void arch_machine_restart(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed null_idt = {0, 0};

	stop_other_cpus();
	printk("Rebooting.\n");
	arch_serial_drain();
	if (acpi.has_reset_reg)
		write_gas(&acpi.reset_reg, acpi.reset_value);
	outb(0x06, 0xcf9);
	for (int i = 0; i < 10000 && (inb(0x64) & 2); i++)
		cpu_relax();
	outb(0xfe, 0x64);
	__asm__ __volatile__("lidt %0; int3" ::"m"(null_idt));
	arch_machine_halt();
}

void arch_machine_halt(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

void arch_machine_crash(void)
{
	if (opt_noreboot) {
		printk(XENLOG_ERR "noreboot: halting this CPU.\n");
		smp_stop_other_cpus();
		arch_machine_halt();
	}
	printk(XENLOG_ERR "Rebooting in response to the crash.\n");
	arch_machine_restart();
}
