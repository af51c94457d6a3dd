/*
 * PCI as the hypervisor knows it: configuration mechanism #1 (0xcf8/0xcfc),
 * shared by the hypervisor and dom0's mediated accesses (pv/ioport.c), the
 * ECAM ranges of the MCFG that dom0 reports reserved, and the devices dom0
 * has announced (PHYSDEVOP_pci_device_add), which MSI needs (pirq.c).
 * A device is announced only if it answers at its address. The MSI and
 * MSI-X capabilities are the hypervisor's (it writes their address/data):
 * dom0 may write only their control word (pci_conf_write_blocked).
 *
 * Locking: pci_config_lock makes a cf8 write + data access one step; the
 * device list and the MCFG state change under it too. A leaf, taken with
 * interrupts off.
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
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11

static DEFINE_SPINLOCK(pci_config_lock);
static u32 pci_devs[MAX_PCI_DEVS]; /* seg << 16 | bus << 8 | devfn, announced */
static unsigned int nr_pci_devs;

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
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);
	outl(cf8 & ~3u, PCI_CF8);
	if (write)
		port_out(PCI_CFC + offset, size, *write);
	else
		val = port_in(PCI_CFC + offset, size);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return val;
}

static u32 cf8_of(unsigned int bdf, unsigned int reg)
{
	return (1u << 31) | (bdf & 0xffff) << 8 | (reg & 0xfc);
}

u32 pci_conf_read(unsigned int bdf, unsigned int reg, unsigned int size)
{
	return pci_conf1_access(cf8_of(bdf, reg), reg & 3, size, NULL);
}

void pci_conf_write(unsigned int bdf, unsigned int reg, unsigned int size, u32 val)
{
	pci_conf1_access(cf8_of(bdf, reg), reg & 3, size, &val);
}

/* Offset of capability id in bdf's list, 0 if none (48 steps at most). */
unsigned int pci_find_cap(unsigned int bdf, unsigned int id)
{
	unsigned int pos;

	if (!(pci_conf_read(bdf, 0x06, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_conf_read(bdf, 0x34, 1) & 0xfc;
	for (unsigned int n = 0; n < 48 && pos >= 0x40; n++) {
		if ((pci_conf_read(bdf, pos, 1) & 0xff) == id)
			return pos;
		pos = pci_conf_read(bdf, pos + 1, 1) & 0xfc;
	}
	return 0;
}

static unsigned int msi_cap_len(unsigned int bdf, unsigned int pos)
{
	u32 ctrl = pci_conf_read(bdf, pos + 2, 2);

	return 10 + ((ctrl & 0x80) ? 4 : 0) + ((ctrl & 0x100) ? 10 : 0);
}

/* Inside an MSI/MSI-X capability, only 16-bit writes to the control word pass. */
bool pci_conf_write_blocked(u32 cf8, unsigned int offset, unsigned int size)
{
	unsigned int bdf = (cf8 >> 8) & 0xffff, reg = (cf8 & 0xfc) + offset;
	unsigned int msi, msix;

	if (reg < 0x40)
		return false;
	msi = pci_find_cap(bdf, PCI_CAP_ID_MSI);
	msix = pci_find_cap(bdf, PCI_CAP_ID_MSIX);
	if (msi && reg + size > msi && reg < msi + msi_cap_len(bdf, msi))
		return reg != msi + 2 || size != 2;
	if (msix && reg + size > msix && reg < msix + 12)
		return reg != msix + 2 || size != 2;
	return false;
}

bool pci_device_known(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	u32 id = seg << 16 | bus << 8 | devfn;
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);
	bool found = false;

	for (unsigned int i = 0; i < nr_pci_devs && !found; i++)
		found = pci_devs[i] == id;
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return found;
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
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);

	for (unsigned int i = 0; i < nr_pci_devs; i++)
		if (pci_devs[i] == id)
			goto out; /* already known: as Xen, fine */
	if (nr_pci_devs == MAX_PCI_DEVS)
		rc = -ENOMEM;
	else
		pci_devs[nr_pci_devs++] = id;
out:
	spin_unlock_irqrestore(&pci_config_lock, flags);
	if (!rc)
		printk("PCI add device %04x:%02x:%02x.%u\n", seg, bus, devfn >> 3, devfn & 7);
	return rc;
}

int pci_device_forget(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	u32 id = seg << 16 | bus << 8 | devfn;
	int rc = -ENODEV;
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);

	for (unsigned int i = 0; i < nr_pci_devs; i++)
		if (pci_devs[i] == id) {
			pci_devs[i] = pci_devs[--nr_pci_devs];
			rc = 0;
			break;
		}
	spin_unlock_irqrestore(&pci_config_lock, flags);
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
