/*
 * IO-APICs, which the hypervisor owns (as Xen): dom0 reads their registers
 * (PHYSDEVOP_apic_read) and never writes them; pirq.c programs the
 * redirection entry of each GSI dom0 maps, to one vector on the boot CPU
 * in physical fixed delivery. A GSI names an IO-APIC by the MADT's GSI
 * bases and a pin below that IO-APIC's pin count.
 *
 * Locking: ioapic_lock pairs an IO-APIC's select and window accesses and
 * makes an entry's two halves one update; a leaf, taken with interrupts
 * off (the interrupt path masks pins).
 */
#include <xeno/errno.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <asm/acpi.h>

#define IOAPIC_WINDOW 0x10
#define IOAPIC_VER 1
#define RTE_LOW(pin) (0x10 + 2 * (pin))
#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)

static DEFINE_SPINLOCK(ioapic_lock);
static volatile u32 *ioapic_regs[ARRAY_SIZE(acpi.ioapic_addr)];

static volatile u32 *regs_of(unsigned int i)
{
	if (!ioapic_regs[i])
		ioapic_regs[i] = ioremap(acpi.ioapic_addr[i], PAGE_SIZE);
	return ioapic_regs[i];
}

/* ioapic_lock held */
static u32 reg_read(volatile u32 *r, unsigned int reg)
{
	r[0] = reg & 0xff;
	return r[IOAPIC_WINDOW / 4];
}

static void reg_write(volatile u32 *r, unsigned int reg, u32 val)
{
	r[0] = reg & 0xff;
	r[IOAPIC_WINDOW / 4] = val;
}

int io_apic_read_reg(u64 base, unsigned int reg, u32 *val)
{
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++) {
		volatile u32 *r;
		unsigned long flags;

		if (acpi.ioapic_addr[i] != base)
			continue;
		if (!(r = regs_of(i)))
			return -ENOMEM;
		flags = spin_lock_irqsave(&ioapic_lock);
		*val = reg_read(r, reg);
		spin_unlock_irqrestore(&ioapic_lock, flags);
		return 0;
	}
	return -EINVAL;
}

static unsigned int nr_pins(unsigned int i)
{
	volatile u32 *r = regs_of(i);
	unsigned long flags;
	u32 ver;

	if (!r)
		return 0;
	flags = spin_lock_irqsave(&ioapic_lock);
	ver = reg_read(r, IOAPIC_VER);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return ((ver >> 16) & 0xff) + 1;
}

/* The IO-APIC and pin of gsi, or NULL. */
static volatile u32 *pin_of(unsigned int gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < acpi.nr_ioapics; i++) {
		u32 base = acpi.ioapic_gsi_base[i];

		if (gsi >= base && gsi < base + nr_pins(i)) {
			*pin = gsi - base;
			return regs_of(i);
		}
	}
	return NULL;
}

/* One past the highest GSI of any IO-APIC. */
unsigned int io_apic_nr_gsis(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < acpi.nr_ioapics; i++)
		n = MAX(n, acpi.ioapic_gsi_base[i] + nr_pins(i));
	return n;
}

void io_apic_program(unsigned int gsi, unsigned int vector, bool level, bool active_low)
{
	u32 low = RTE_MASKED | vector | (level ? RTE_LEVEL : 0) | (active_low ? RTE_ACTIVE_LOW : 0);
	unsigned int pin;
	volatile u32 *r = pin_of(gsi, &pin);
	unsigned long flags;

	if (!r)
		return;
	flags = spin_lock_irqsave(&ioapic_lock);
	reg_write(r, RTE_LOW(pin), RTE_MASKED);
	reg_write(r, RTE_LOW(pin) + 1, cpu_apic_id[0] << 24);
	reg_write(r, RTE_LOW(pin), low);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

void io_apic_mask(unsigned int gsi, bool masked)
{
	unsigned int pin;
	volatile u32 *r = pin_of(gsi, &pin);
	unsigned long flags;
	u32 low;

	if (!r)
		return;
	flags = spin_lock_irqsave(&ioapic_lock);
	low = reg_read(r, RTE_LOW(pin));
	reg_write(r, RTE_LOW(pin), masked ? low | RTE_MASKED : low & ~RTE_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}
