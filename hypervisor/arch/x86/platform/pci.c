/*
 * PCI as the hypervisor knows it: configuration mechanism #1 (0xcf8/0xcfc),
 * shared by the hypervisor and dom0's mediated accesses (pv/ioport.c), the
 * ECAM ranges of the MCFG that dom0 reports reserved, and the devices dom0
 * has announced (PHYSDEVOP_pci_device_add), which interrupts will need.
 * A device is announced only if it answers at its address. The IO-APIC
 * registers dom0 may read (PHYSDEVOP_apic_read) are here too.
 *
 * Locking: pci_config_lock makes a cf8 write + data access one step; the
 * device list and the MCFG state change under it too. ioapic_lock pairs the
 * IO-APIC's select and window accesses. Both are leaves.
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/spinlock.h>
#include <asm/acpi.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define PCI_CF8 0xcf8
#define PCI_CFC 0xcfc
#define MAX_PCI_DEVS 256
#define IOAPIC_WINDOW 0x10

static DEFINE_SPINLOCK(pci_config_lock);
static DEFINE_SPINLOCK(ioapic_lock);
static u32 pci_devs[MAX_PCI_DEVS]; /* seg << 16 | bus << 8 | devfn, announced */
static unsigned int nr_pci_devs;
static volatile u32 *ioapic_regs[ARRAY_SIZE(acpi.ioapic_addr)];

static u32 port_in(unsigned int port, unsigned int size)
{
	return size == 1 ? inb((u16)port) : size == 2 ? inw((u16)port) : inl((u16)port);
}

static void port_out(unsigned int port, unsigned int size, u32 val)
{
	if (size == 1)
		outb((u8)val, (u16)port);
	else if (size == 2)
		outw((u16)val, (u16)port);
	else
		outl(val, (u16)port);
}

u32 pci_conf1_access(u32 cf8, unsigned int offset, unsigned int size, const u32 *write)
{
	u32 val = ~0u;

	if (!(cf8 & (1u << 31)))
		return val;
	spin_lock(&pci_config_lock);
	outl(cf8 & ~3u, PCI_CF8);
	if (write)
		port_out(PCI_CFC + offset, size, *write);
	else
		val = port_in(PCI_CFC + offset, size);
	spin_unlock(&pci_config_lock);
	return val;
}

static u32 conf_read32(unsigned int bus, unsigned int devfn, unsigned int reg)
{
	return pci_conf1_access((1u << 31) | bus << 16 | devfn << 8 | (reg & 0xfc), 0, 4, NULL);
}

/* Segment 0 only: mechanism #1 reaches no other. */
int pci_device_announce(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	u32 id = seg << 16 | bus << 8 | devfn;
	int rc = 0;

	if (seg || (conf_read32(bus, devfn, 0) & 0xffff) == 0xffff)
		return -ENODEV;
	spin_lock(&pci_config_lock);
	for (unsigned int i = 0; i < nr_pci_devs; i++)
		if (pci_devs[i] == id)
			goto out; /* already known: as Xen, fine */
	if (nr_pci_devs == MAX_PCI_DEVS)
		rc = -ENOMEM;
	else
		pci_devs[nr_pci_devs++] = id;
out:
	spin_unlock(&pci_config_lock);
	if (!rc)
		printk("PCI add device %04x:%02x:%02x.%u\n", seg, bus, devfn >> 3, devfn & 7);
	return rc;
}

int pci_device_forget(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	u32 id = seg << 16 | bus << 8 | devfn;
	int rc = -ENODEV;

	spin_lock(&pci_config_lock);
	for (unsigned int i = 0; i < nr_pci_devs; i++)
		if (pci_devs[i] == id) {
			pci_devs[i] = pci_devs[--nr_pci_devs];
			rc = 0;
			break;
		}
	spin_unlock(&pci_config_lock);
	return rc;
}

/* Xen's checks: the range must be an MCFG entry, at the MCFG's address. */
int pci_mmcfg_reserved(u64 address, unsigned int seg, unsigned int start_bus, unsigned int end_bus,
		       bool reserved)
{
	for (unsigned int i = 0; i < acpi.nr_mcfg; i++) {
		struct acpi_mcfg *m = &acpi.mcfg[i];

		if (m->segment != seg || m->start_bus != start_bus || m->end_bus != end_bus)
			continue;
		if (m->address != address) {
			printk(XENLOG_WARNING "MMCFG %04x:%02x-%02x at %lx, not the MCFG's %lx\n",
			       seg, start_bus, end_bus, (unsigned long)address,
			       (unsigned long)m->address);
			return -EIO;
		}
		m->reserved = reserved;
		return 0;
	}
	return -ENODEV;
}

int io_apic_read_reg(u64 base, unsigned int reg, u32 *val)
{
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++) {
		if (acpi.ioapic_addr[i] != base)
			continue;
		if (!ioapic_regs[i] && !(ioapic_regs[i] = ioremap(base, PAGE_SIZE)))
			return -ENOMEM;
		spin_lock(&ioapic_lock);
		ioapic_regs[i][0] = reg & 0xff;
		*val = ioapic_regs[i][IOAPIC_WINDOW / 4];
		spin_unlock(&ioapic_lock);
		return 0;
	}
	return -EINVAL;
}
