/*
 * physdev_op: set_iopl, the virtual I/O privilege level port-I/O emulation
 * checks; and what the hardware domain tells or asks of the hypervisor
 * about devices: IO-APIC register reads, the ECAM ranges it found reserved,
 * the PCI devices it enumerated (platform/pci.c keeps them). Rows of the
 * physdev_op table (xeno/hypercalls.def); the device rows are CTRL, and
 * the hardware domain is required (Xen's XSM_PRIV): others get -EPERM.
 * Interrupt sub-ops (map_pirq, setup_gsi, eoi, ...) are not there yet:
 * map_pirq and setup_gsi only refuse domUs.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <asm/acpi.h>
#include <asm/pv.h>
#include <public/physdev.h>

long physdev_set_iopl(struct physdev_set_iopl *iopl, struct subop_call c)
{
	if (iopl->iopl > 3)
		return -EINVAL;
	current->pv.iopl = iopl->iopl;
	return 0;
}

long physdev_apic_read(struct physdev_apic *a, struct subop_call c)
{
	if (!pv_is_hardware_domain(current->domain))
		return -EPERM;
	return io_apic_read_reg(a->apic_physbase, a->reg, &a->value);
}

long physdev_pci_mmcfg_reserved(struct physdev_pci_mmcfg_reserved *m, struct subop_call c)
{
	if (!pv_is_hardware_domain(current->domain))
		return -EPERM;
	if (m->flags & ~XEN_PCI_MMCFG_RESERVED)
		return -EINVAL;
	return pci_mmcfg_reserved(m->address, m->segment, m->start_bus, m->end_bus,
				  m->flags & XEN_PCI_MMCFG_RESERVED);
}

long physdev_pci_device_add(struct physdev_pci_device_add *a, struct subop_call c)
{
	if (!pv_is_hardware_domain(current->domain))
		return -EPERM;
	if (a->flags & ~(XEN_PCI_DEV_EXTFN | XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_PXM))
		return -EINVAL;
	return pci_device_announce(a->seg, a->bus, a->devfn);
}

long physdev_pci_device_remove(struct physdev_pci_device *d, struct subop_call c)
{
	if (!pv_is_hardware_domain(current->domain))
		return -EPERM;
	return pci_device_forget(d->seg, d->bus, d->devfn);
}

/*
 * Interrupts are not routed to dom0 yet: it hears -ENOSYS (Linux then runs
 * without those IRQs); any other domain is refused first, as by Xen.
 */
long physdev_map_pirq(struct physdev_map_pirq *m, struct subop_call c)
{
	return pv_is_hardware_domain(current->domain) ? -ENOSYS : -EPERM;
}

long physdev_setup_gsi(struct physdev_setup_gsi *g, struct subop_call c)
{
	return pv_is_hardware_domain(current->domain) ? -ENOSYS : -EPERM;
}

/* Sub-ops by table (xeno/hypercalls.def). */
long do_physdev_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(physdev_op, cmd, c);
}
