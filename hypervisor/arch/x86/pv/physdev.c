/*
 * physdev_op: set_iopl, the virtual I/O privilege level port-I/O emulation
 * checks; and what the hardware domain tells or asks of the hypervisor
 * about devices: IO-APIC register reads, the ECAM ranges it found reserved,
 * the PCI devices it enumerated (platform/pci.c keeps them). Rows of the
 * physdev_op table (xeno/hypercalls.def); the device rows are CTRL, and
 * the hardware domain is required (Xen's XSM_PRIV): others get -EPERM.
 * The interrupt sub-ops (map_pirq, setup_gsi, eoi, ...) go to
 * platform/pirq.c, which owns the IO-APICs and MSIs.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/sched.h>
#include <xeno/subop.h>
#include <asm/acpi.h>
#include <asm/pirq.h>
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

/* The domain a map/unmap names: only the caller itself (Xen would let dom0 name a domU). */
static int self_target(domid_t domid)
{
	struct domain *d = current->domain;

	if (!pv_is_hardware_domain(d))
		return -EPERM;
	return domid == DOMID_SELF || domid == d->domain_id ? 0 : -EOPNOTSUPP;
}

long physdev_map_pirq(struct physdev_map_pirq *m, struct subop_call c)
{
	struct domain *d = current->domain;
	int rc = self_target(m->domid);

	if (rc)
		return rc;
	if (m->type == MAP_PIRQ_TYPE_GSI)
		return pirq_map_gsi(d, m->index, &m->pirq);
	/* MULTI_MSI: one vector per function only */
	if (m->type == MAP_PIRQ_TYPE_MULTI_MSI && m->entry_nr != 1)
		return -EOPNOTSUPP;
	if (m->type == MAP_PIRQ_TYPE_MSI || m->type == MAP_PIRQ_TYPE_MSI_SEG ||
	    m->type == MAP_PIRQ_TYPE_MULTI_MSI)
		return pirq_map_msi(d, m, &m->pirq);
	return -EINVAL;
}

long physdev_unmap_pirq(struct physdev_unmap_pirq *u, struct subop_call c)
{
	int rc = self_target(u->domid);

	return rc ? rc : pirq_unmap(current->domain, u->pirq);
}

long physdev_setup_gsi(struct physdev_setup_gsi *g, struct subop_call c)
{
	if (!pv_is_hardware_domain(current->domain))
		return -EPERM;
	return pirq_setup_gsi(g->gsi, g->triggering, g->polarity);
}

/* As Xen: any domain; a pirq it has not mapped is -EINVAL. */
long physdev_eoi(struct physdev_eoi *e, struct subop_call c)
{
	return pirq_eoi(current->domain, e->irq);
}

/* As Xen: every pirq is said to need an EOI (the eoi map says better). */
long physdev_irq_status_query(struct physdev_irq_status_query *q, struct subop_call c)
{
	if (q->irq >= NR_PIRQS)
		return -EINVAL;
	q->flags = XENIRQSTAT_needs_eoi;
	return 0;
}

/* As Xen 4.17: the IRQ is the vector (dom0 never sees a real vector). */
long physdev_alloc_irq_vector(struct physdev_irq *i, struct subop_call c)
{
	i->vector = i->irq;
	return 0;
}

long physdev_pirq_eoi_gmfn_v2(struct physdev_pirq_eoi_gmfn *g, struct subop_call c)
{
	return pirq_set_eoi_map(current->domain, g->gmfn);
}

/* Sub-ops by table (xeno/hypercalls.def). */
long do_physdev_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(physdev_op, cmd, c);
}
