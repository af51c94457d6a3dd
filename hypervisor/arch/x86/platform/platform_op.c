/*
 * platform_op sub-ops a PV dom0 makes at boot and power-off (rows of the
 * platform_op table, xeno/hypercalls.def; common/sysctl.c checked the
 * version and privilege and copied the request in):
 *   firmware_info   what the BIOS told the boot loader: xeno gathers no EDD
 *                   or EDID data (-ESRCH, as Xen without it), is not an EFI
 *                   boot (-ENOSYS), and reads the keyboard shift flags from
 *                   the BIOS data area;
 *   get_cpuinfo     a physical CPU's APIC and ACPI ids and whether it is
 *                   online (Linux's APIC_ID and its pcpu list);
 *   settime32/64    dom0 sets the wallclock every domain sees;
 *   enter_acpi_sleep S5 only: the hypervisor writes dom0's PM1 control
 *                   values and the machine powers off (S3: -EOPNOTSUPP).
 * No state of its own; the wallclock is pv/time.c's.
 */
#include <xeno/console.h>
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/smp.h>
#include <xeno/subop.h>
#include <asm/acpi.h>
#include <asm/config.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <public/platform.h>

#define BDA_KBD_FLAGS 0x417 /* BIOS data area: keyboard shift flags */
#define ACPI_SLP_EN (1u << 13)

long platform_firmware_info(struct xen_platform_op *op, struct subop_call c)
{
	struct xenpf_firmware_info *fw = &op->u.firmware_info;

	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO: return -ESRCH; /* none gathered at boot */
	case XEN_FW_EFI_INFO: return -ENOSYS;	/* not an EFI boot */
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index)
			return -ESRCH;
		fw->u.kbd_shift_flags = *(const u8 *)maddr_to_virt(BDA_KBD_FLAGS);
		return 0;
	default: return -EINVAL;
	}
}

static u32 acpi_id_of(u32 apic_id)
{
	for (unsigned int i = 0; i < acpi.nr_cpus; i++)
		if (acpi.apic_ids[i] == apic_id)
			return acpi.acpi_ids[i];
	return ~0u;
}

long platform_get_cpuinfo(struct xen_platform_op *op, struct subop_call c)
{
	struct xenpf_pcpuinfo *p = &op->u.pcpu_info;

	if (p->xen_cpuid >= nr_cpu_ids) {
		p->flags = XEN_PCPU_FLAGS_INVALID;
	} else {
		p->apic_id = cpu_apic_id[p->xen_cpuid];
		p->acpi_id = acpi_id_of(p->apic_id);
		p->flags = cpu_online(p->xen_cpuid) ? XEN_PCPU_FLAGS_ONLINE : 0;
	}
	p->max_present = nr_cpu_ids - 1;
	return 0;
}

long platform_settime32(struct xen_platform_op *op, struct subop_call c)
{
	pv_set_wallclock(op->u.settime32.secs, op->u.settime32.nsecs, op->u.settime32.system_time);
	return 0;
}

long platform_settime64(struct xen_platform_op *op, struct subop_call c)
{
	if (op->u.settime64.mbz)
		return -EINVAL;
	pv_set_wallclock(op->u.settime64.secs, op->u.settime64.nsecs, op->u.settime64.system_time);
	return 0;
}

/* Xen's checks, in its order; then only S5 is carried out. */
long platform_enter_acpi_sleep(struct xen_platform_op *op, struct subop_call c)
{
	const struct xenpf_enter_acpi_sleep *s = &op->u.enter_acpi_sleep;

	if (s->sleep_state == 3)
		return -EOPNOTSUPP; /* no wakeup path */
	if (s->flags & XENPF_ACPI_SLEEP_EXTENDED)
		return -EPERM; /* no FADT sleep control register */
	if (!acpi.pm1a_cnt)
		return -EPERM;
	if (s->val_b && ((s->val_a ^ s->val_b) & ACPI_SLP_EN))
		return -EINVAL;
	if (s->flags)
		return -EINVAL;
	if (s->sleep_state != 5)
		return -EOPNOTSUPP;
	printk("Dom0 asked for ACPI S5: powering off\n");
	acpi_enter_s5(s->val_a, s->val_b);
}
