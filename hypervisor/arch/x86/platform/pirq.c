/*
 * Physical IRQs of the hardware domain (Xen's pirqs): the hypervisor owns
 * the IO-APICs and every MSI; dom0 maps a GSI or an MSI/MSI-X vector of a
 * device it announced to a pirq (PHYSDEVOP_map_pirq), binds the pirq to an
 * event channel (EVTCHNOP_bind_pirq) and hears each interrupt as an event.
 *
 * pirq n uses vector FIRST_PIRQ_VECTOR + n on the boot CPU. A GSI's pirq
 * is the GSI itself (as Xen for the hardware domain); MSI pirqs are the
 * free ones above the GSIs. Level GSIs follow Xen's mask -> event ->
 * PHYSDEVOP_eoi -> unmask protocol: the pin stays masked from the
 * interrupt to the owner's EOI, and the pirq's bit in the owner's
 * pirq_eoi_gmfn_v2 page says so. Edge GSIs and MSIs are acknowledged at
 * once and need no EOI (Xen's ACKTYPE_NONE; Xen holds the LAPIC EOI of an
 * MSI without per-vector masking, which we do not).
 * Refused: pirqs to a domain that is not the hardware domain (physdev.c),
 * GSI 0: -EPERM; the hypervisor UART's GSI (bind: -EBUSY, setup_gsi:
 * -EEXIST) and the PIT's (IRQ 0's by the overrides; bind: -EBUSY), which map
 * as on Xen (Linux maps every legacy GSI at boot); a pirq the caller has not
 * mapped, another domain's included (bind: -EPERM).
 *
 * Locking: pirq_lock (a leaf but for the IO-APIC and PCI locks, taken with
 * interrupts off) guards pirqs[]. The event channel code calls the bind
 * hooks under the owner's event_lock; the interrupt path drops pirq_lock
 * before it takes event_lock. msix.c's lock nests inside pirq_lock. An
 * MSI-X pirq holds its device's table and PBA pages read-only to dom0
 * (msix_hold(), as Xen's mmio_ro_ranges) until it is unmapped.
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/pirq.h>
#include <asm/pv.h>
#include <public/physdev.h>

#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11
#define MSI_ADDR_BASE 0xfee00000u

enum pirq_kind { PIRQ_FREE, PIRQ_GSI, PIRQ_MSI, PIRQ_MSIX };

struct pirq {
	u8 kind;
	bool level, active_low; /* GSI mode */
	bool mode_set;		/* setup_gsi set the pin's mode (else the MADT's) */
	bool in_flight;		/* level: masked until the owner's PHYSDEVOP_eoi */
	u16 port;		/* bound event channel of the owner, 0 if none */
	struct domain *owner;
	u16 bdf;		  /* MSI: bus << 8 | devfn */
	u8 cap;			  /* MSI: capability offset */
	volatile u32 *msix_entry; /* MSI-X: the table entry */
};

static struct pirq pirqs[NR_PIRQS];
static DEFINE_SPINLOCK(pirq_lock);

static unsigned int nr_gsis(void)
{
	static unsigned int n;

	if (!n)
		n = MIN(io_apic_nr_gsis(), 64u);
	return n;
}

static unsigned int uart_gsi(void)
{
	u16 base = ns16550_io_base();

	return acpi_isa_irq_gsi(base == 0x2f8 || base == 0x2e8 ? 3 : 4);
}

static unsigned int vector_of(unsigned int n)
{
	return FIRST_PIRQ_VECTOR + n;
}

static void set_eoi_bit(struct domain *d, unsigned int n, bool set)
{
	u64 *map = d->arch.pirq_eoi_map, bit = 1ULL << (n % 64);

	if (!map)
		return;
	if (set)
		__atomic_fetch_or(&map[n / 64], bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&map[n / 64], ~bit, __ATOMIC_SEQ_CST);
}

static void pirq_interrupt(struct cpu_user_regs *regs)
{
	unsigned int n = regs->entry_vector - FIRST_PIRQ_VECTOR;
	struct pirq *p = &pirqs[n];
	struct domain *d;
	unsigned int port;

	spin_lock(&pirq_lock);
	if (p->kind == PIRQ_GSI && p->level) {
		io_apic_mask(n, true);
		p->in_flight = true;
	}
	d = p->port ? p->owner : NULL;
	port = p->port;
	spin_unlock(&pirq_lock);
	apic_eoi();
	if (d)
		send_guest_pirq(d, port, n);
}

bool arch_pirq_owned(const struct domain *d, unsigned int n)
{
	return n < NR_PIRQS && pirqs[n].kind != PIRQ_FREE && pirqs[n].owner == d;
}

int pirq_map_gsi(struct domain *d, int gsi, int *pirq)
{
	struct pirq *p;
	unsigned long flags;
	int rc = 0;

	if (gsi < 0 || (unsigned int)gsi >= nr_gsis() || (*pirq >= 0 && *pirq != gsi))
		return -EINVAL;
	if (gsi == 0)
		return -EPERM; /* IRQ 0, as Xen */
	p = &pirqs[gsi];
	flags = spin_lock_irqsave(&pirq_lock);
	if (p->kind != PIRQ_FREE && p->owner != d)
		rc = -EBUSY;
	else if (p->kind == PIRQ_FREE) {
		p->kind = PIRQ_GSI;
		p->owner = d;
		if (!p->mode_set) /* a setup_gsi's mode stays across unmaps, as Xen's */
			acpi_gsi_mode(gsi, &p->level, &p->active_low);
		set_irq_handler(vector_of(gsi), pirq_interrupt);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	*pirq = gsi;
	return rc;
}

/* Write address/data: MSI (one vector, enabled) or the MSI-X entry (unmasked). */
static void msi_write(struct pirq *p, unsigned int n)
{
	u32 addr = MSI_ADDR_BASE | cpu_apic_id[0] << 12, data = vector_of(n);
	u16 ctrl;

	if (p->kind == PIRQ_MSIX) {
		p->msix_entry[0] = addr;
		p->msix_entry[1] = 0;
		p->msix_entry[2] = data;
		p->msix_entry[3] &= ~1u;
		return;
	}
	ctrl = (u16)pci_conf_read(p->bdf, p->cap + 2, 2);
	pci_conf_write(p->bdf, p->cap + 4, 4, addr);
	if (ctrl & 0x80) {
		pci_conf_write(p->bdf, p->cap + 8, 4, 0);
		pci_conf_write(p->bdf, p->cap + 12, 2, data);
	} else
		pci_conf_write(p->bdf, p->cap + 8, 2, data);
	pci_conf_write(p->bdf, p->cap + 2, 2, (ctrl & ~0x70u) | 1);
}

static void msi_disable(struct pirq *p)
{
	if (p->kind == PIRQ_MSIX)
		p->msix_entry[3] |= 1u;
	else
		pci_conf_write(p->bdf, p->cap + 2, 2, pci_conf_read(p->bdf, p->cap + 2, 2) & ~1u);
}

static bool msi_in_use(unsigned int bdf, u8 kind, volatile u32 *entry)
{
	for (unsigned int i = 0; i < NR_PIRQS; i++)
		if (pirqs[i].kind == kind && pirqs[i].bdf == bdf &&
		    (kind == PIRQ_MSI || pirqs[i].msix_entry == entry))
			return true;
	return false;
}

static int msi_claim(struct domain *d, struct pirq tmpl, int *pirq)
{
	unsigned long flags = spin_lock_irqsave(&pirq_lock);
	unsigned int n = nr_gsis();
	int rc = 0;

	while (n < NR_PIRQS && pirqs[n].kind != PIRQ_FREE)
		n++;
	if (msi_in_use(tmpl.bdf, tmpl.kind, tmpl.msix_entry))
		rc = -EBUSY;
	else if (n == NR_PIRQS)
		rc = -ENOSPC;
	else {
		tmpl.owner = d;
		pirqs[n] = tmpl;
		set_irq_handler(vector_of(n), pirq_interrupt);
		msi_write(&pirqs[n], n);
		*pirq = (int)n;
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/* An MSI-X vector: its device's table and PBA read-only to dom0 while it is mapped. */
static int msix_claim(struct domain *d, struct pirq tmpl, int *pirq)
{
	int rc = msix_hold(tmpl.bdf, tmpl.cap);

	if (!rc && (rc = msi_claim(d, tmpl, pirq)))
		msix_release(tmpl.bdf);
	return rc;
}

int pirq_map_msi(struct domain *d, const struct physdev_map_pirq *m, int *pirq)
{
	unsigned int seg = (u32)m->bus >> 16, bus = m->bus & 0xff, bdf;
	struct pirq tmpl = {.kind = PIRQ_MSI};
	unsigned int msix;

	if (m->type == MAP_PIRQ_TYPE_MSI && m->bus > 0xff)
		return -EINVAL;
	if (m->devfn < 0 || m->devfn > 0xff || !pci_device_known(seg, bus, (unsigned int)m->devfn))
		return -ENODEV;
	bdf = bus << 8 | (unsigned int)m->devfn;
	tmpl.bdf = (u16)bdf;
	msix = pci_find_cap(bdf, PCI_CAP_ID_MSIX);
	if (m->table_base && msix) {
		tmpl.kind = PIRQ_MSIX;
		tmpl.cap = (u8)msix;
		if (m->entry_nr < 0 ||
		    !(tmpl.msix_entry = msix_entry(bdf, msix, (unsigned int)m->entry_nr)))
			return -EINVAL;
		return msix_claim(d, tmpl, pirq);
	}
	if (!(tmpl.cap = (u8)pci_find_cap(bdf, PCI_CAP_ID_MSI)))
		return -ENODEV;
	return msi_claim(d, tmpl, pirq);
}

/* Stop delivery to the bound port; pirq_lock held. */
static void unbind_locked(struct pirq *p, unsigned int n)
{
	p->port = 0;
	p->in_flight = false;
	if (p->kind == PIRQ_GSI)
		io_apic_mask(n, true);
}

int pirq_unmap(struct domain *d, int pirq)
{
	unsigned long flags;
	struct pirq *p;
	int rc = 0;

	if (pirq < 0 || pirq >= NR_PIRQS)
		return -EINVAL;
	p = &pirqs[pirq];
	flags = spin_lock_irqsave(&pirq_lock);
	if (p->kind == PIRQ_FREE || p->owner != d)
		rc = -EINVAL;
	else {
		unbind_locked(p, (unsigned int)pirq);
		if (p->kind != PIRQ_GSI)
			msi_disable(p);
		if (p->kind == PIRQ_MSIX)
			msix_release(p->bdf);
		*p = (struct pirq){.level = p->level,
				   .active_low = p->active_low,
				   .mode_set = p->mode_set && p->kind == PIRQ_GSI};
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/* Unmask a GSI pin (programming it first); pirq_lock held. */
static void gsi_start(struct pirq *p, unsigned int n)
{
	io_apic_program(n, vector_of(n), p->level, p->active_low);
	io_apic_mask(n, false);
}

/*
 * As Xen's mp_register_gsi: a pin in use (bound, or the hypervisor's UART)
 * or already set by an earlier setup_gsi is -EEXIST; else its mode is set.
 */
int pirq_setup_gsi(int gsi, bool level, bool active_low)
{
	struct pirq *p;
	unsigned long flags;
	int rc = 0;

	if (gsi < 0 || (unsigned int)gsi >= nr_gsis())
		return -EINVAL;
	if ((unsigned int)gsi == uart_gsi())
		return -EEXIST;
	p = &pirqs[gsi];
	flags = spin_lock_irqsave(&pirq_lock);
	if (p->port || p->mode_set)
		rc = -EEXIST;
	else {
		p->level = level;
		p->active_low = active_low;
		p->mode_set = true;
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/* d's event_lock held. */
int arch_pirq_bind(struct domain *d, unsigned int n, unsigned int port)
{
	struct pirq *p = &pirqs[n];
	unsigned long flags = spin_lock_irqsave(&pirq_lock);
	int rc = 0;

	if (p->kind == PIRQ_FREE || p->owner != d)
		rc = -EPERM;
	else if (p->port)
		rc = -EEXIST;
	else if (p->kind == PIRQ_GSI && (n == uart_gsi() || n == acpi_isa_irq_gsi(0)))
		rc = -EBUSY; /* the hypervisor's own UART, the PIT's pin */
	else {
		p->port = (u16)port;
		set_eoi_bit(d, n, p->kind == PIRQ_GSI && p->level);
		p->in_flight = false;
		if (p->kind == PIRQ_GSI)
			gsi_start(p, n);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

/* d's event_lock held. */
void arch_pirq_unbind(struct domain *d, unsigned int n, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&pirq_lock);

	if (n < NR_PIRQS && pirqs[n].owner == d && pirqs[n].port == port)
		unbind_locked(&pirqs[n], n);
	spin_unlock_irqrestore(&pirq_lock, flags);
}

int pirq_eoi(struct domain *d, unsigned int n)
{
	unsigned long flags;
	int rc = 0;

	if (n >= NR_PIRQS)
		return -EINVAL;
	flags = spin_lock_irqsave(&pirq_lock);
	if (pirqs[n].kind == PIRQ_FREE || pirqs[n].owner != d)
		rc = -EINVAL;
	else if (pirqs[n].in_flight) {
		pirqs[n].in_flight = false;
		if (pirqs[n].port)
			io_apic_mask(n, false);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return rc;
}

int pirq_set_eoi_map(struct domain *d, u64 gfn)
{
	void *none = NULL;

	if (gfn >= (1UL << 40) || get_domain_frame_typed(d, _mfn(gfn), PGT_writable_page))
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&d->arch.pirq_eoi_map, &none, mfn_to_virt(_mfn(gfn)),
					 false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		put_domain_frame_typed(d, _mfn(gfn));
		return -EBUSY;
	}
	return 0;
}

/* Domain teardown: every pirq of d unmapped, its EOI page released. */
void pirq_release_domain(struct domain *d)
{
	void *map = __atomic_exchange_n(&d->arch.pirq_eoi_map, NULL, __ATOMIC_SEQ_CST);

	for (int n = 0; n < NR_PIRQS; n++)
		if (pirqs[n].owner == d)
			pirq_unmap(d, n);
	if (map)
		put_domain_frame_typed(d, virt_to_mfn(map));
}
