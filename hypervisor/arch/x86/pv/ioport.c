/*
 * Port I/O of a PV guest, once emul.c has decoded an in/out and checked the
 * virtual IOPL: what each port gives. Xen 4.17's policy for the hardware
 * domain (dom0): every port is its own and goes to the hardware, except
 *   - the hypervisor's: PIC 0x20-0x21/0xa0-0xa1, PIT 0x40-0x43 and 0x61,
 *     the ACPI PM timer, its UART: reads give all-ones, writes are dropped;
 *   - PCI configuration mechanism #1: a dword write to 0xcf8 is latched,
 *     a dword read returns the latch; 0xcfc-0xcff do the access the latch
 *     names (all-ones with the enable bit clear; writes into MSI/MSI-X
 *     capabilities but their control word dropped, platform/pci.c); byte and word accesses to
 *     0xcf8-0xcfb (0xcf9 is the reset control) go to the hardware;
 *   - RTC/CMOS: 0x70 latches the index, 0x71 does index + data on the
 *     hardware.
 * Any other domain has no ports: all-ones, writes dropped.
 *
 * State: the cf8 and cmos latches belong to the hardware domain (there is
 * one). Locking: ioport_lock makes each RTC index + data pair atomic
 * against the other vCPUs; a leaf. PCI config pairs are platform/pci.c's.
 */
#include <xeno/sched.h>
#include <xeno/spinlock.h>
#include <asm/acpi.h>
#include <asm/processor.h>
#include <asm/acpi.h>
#include <asm/pv.h>

#define PCI_CF8 0xcf8
#define PCI_CFC 0xcfc
#define RTC_INDEX 0x70
#define RTC_DATA 0x71

static DEFINE_SPINLOCK(ioport_lock);
static u32 hwdom_cf8;	    /* the latched config address */
static u8 hwdom_cmos_index; /* the latched RTC index */

bool pv_is_hardware_domain(const struct domain *d)
{
	return d->is_privileged && d->domain_id == 0;
}

static bool overlaps(unsigned int port, unsigned int size, unsigned int first, unsigned int n)
{
	return port < first + n && first < port + size;
}

/* The hypervisor's own ports: never dom0's. */
static bool is_hypervisor_port(unsigned int port, unsigned int size)
{
	return overlaps(port, size, 0x20, 2) || overlaps(port, size, 0xa0, 2) ||
	       overlaps(port, size, 0x40, 4) || overlaps(port, size, 0x61, 1) ||
	       (acpi.pm_tmr && overlaps(port, size, acpi.pm_tmr, 4)) ||
	       overlaps(port, size, ns16550_io_base(), 8);
}

static u32 hw_in(unsigned int port, unsigned int size)
{
	switch (size) {
	case 1: return inb((u16)port);
	case 2: return inw((u16)port);
	default: return inl((u16)port);
	}
}

static void hw_out(unsigned int port, unsigned int size, u32 val)
{
	switch (size) {
	case 1: outb((u8)val, (u16)port); break;
	case 2: outw((u16)val, (u16)port); break;
	default: outl(val, (u16)port); break;
	}
}

static u32 rtc_data(const u8 *write)
{
	u32 val = 0xff;

	spin_lock(&ioport_lock);
	outb(hwdom_cmos_index, RTC_INDEX);
	if (write)
		outb(*write, RTC_DATA);
	else
		val = inb(RTC_DATA);
	spin_unlock(&ioport_lock);
	return val;
}

u32 pv_io_read(const struct domain *d, unsigned int port, unsigned int size)
{
	u32 ones = size == 4 ? ~0u : (1u << (size * 8)) - 1;
	u8 pit;

	if (pv_pit_ch2_io(d, port, size, true, &pit)) /* before the hypervisor's PIT ports */
		return pit;
	if (!pv_is_hardware_domain(d) || is_hypervisor_port(port, size))
		return ones;
	if (port == PCI_CF8 && size == 4)
		return hwdom_cf8;
	if (overlaps(port, size, PCI_CFC, 4))
		return port + size <= PCI_CFC + 4
			       ? pci_conf1_access(hwdom_cf8, port - PCI_CFC, size, NULL) & ones
			       : ones;
	if (port == RTC_INDEX && size == 1)
		return hwdom_cmos_index;
	if (port == RTC_DATA && size == 1)
		return rtc_data(NULL);
	if (overlaps(port, size, RTC_INDEX, 2))
		return ones;
	return hw_in(port, size);
}

void pv_io_write(const struct domain *d, unsigned int port, unsigned int size, u32 val)
{
	u8 byte = (u8)val;

	if (pv_pit_ch2_io(d, port, size, false, &byte))
		return;
	if (!pv_is_hardware_domain(d) || is_hypervisor_port(port, size))
		return;
	if (port == PCI_CF8 && size == 4)
		hwdom_cf8 = val;
	else if (overlaps(port, size, PCI_CFC, 4))
		port + size <= PCI_CFC + 4 &&
				!pci_conf_write_blocked(hwdom_cf8, port - PCI_CFC, size)
			? (void)pci_conf1_access(hwdom_cf8, port - PCI_CFC, size, &val)
			: (void)0;
	else if (port == RTC_INDEX && size == 1)
		hwdom_cmos_index = byte;
	else if (port == RTC_DATA && size == 1)
		rtc_data(&byte);
	else if (!overlaps(port, size, RTC_INDEX, 2))
		hw_out(port, size, val);
}
