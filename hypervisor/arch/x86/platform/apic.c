/*
 * Local APIC driver. x2APIC is used when the CPU offers it, xAPIC MMIO
 * otherwise; every CPU uses the same mode. The APIC timer runs in one-shot
 * mode, divide-by-1, its rate calibrated against the HPET or PIT in
 * time.c (apic_ticks_per_ms).
 */
#include <xeno/arch.h>
#include <xeno/irq.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/processor.h>

#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_EXTD (1UL << 10)
#define MSR_X2APIC_FIRST 0x800

bool x2apic_enabled;
static volatile u32 *xapic_mmio;
u64 apic_ticks_per_ms;

u32 apic_read(unsigned int reg)
{
	if (x2apic_enabled)
		return (u32)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return xapic_mmio[reg / 4];
}

void apic_write(unsigned int reg, u32 val)
{
	if (x2apic_enabled)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
	else
		xapic_mmio[reg / 4] = val;
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic_enabled ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void arch_timer_ack(void)
{
	apic_eoi();
}

void arch_timer_set_handler(void (*h)(struct cpu_user_regs *regs))
{
	set_irq_handler(LOCAL_TIMER_VECTOR, h);
}

void apic_send_ipi(u32 dest, u32 icr_low)
{
	if (x2apic_enabled) {
		__asm__ __volatile__("mfence" ::: "memory");
		wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4), ((u64)dest << 32) | icr_low);
		return;
	}
	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, icr_low);
	while (apic_read(APIC_ICR) & (1u << 12))
		cpu_relax();
}

static void spurious_interrupt(struct cpu_user_regs *regs)
{
	(void)regs;
}

static void error_interrupt(struct cpu_user_regs *regs)
{
	u32 esr;

	(void)regs;
	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	apic_eoi();
	printk(XENLOG_WARNING "APIC error on CPU%u: ESR %#x\n", smp_processor_id(), esr);
}

static void apic_enable_mode(void)
{
	u64 base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

	if (x2apic_enabled)
		base |= APIC_BASE_EXTD;
	wrmsr(MSR_APIC_BASE, base);
}

static void apic_setup_local(void)
{
	apic_enable_mode();
	apic_write(APIC_SVR, 0x100 | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_DM_NMI);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_TDCR, 0xb); /* divide by 1 */
	apic_write(APIC_TMICT, 0);
	/* One-shot, unmasked for good: arch_timer_program() writes only the count (0 stops it). */
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	apic_write(0x80, 0); /* TPR: accept everything */
}

void apic_init_bsp(void)
{
	struct cpuid_regs r;
	paddr_t base;

	cpuid_count(1, 0, &r);
	x2apic_enabled = r.ecx & (1u << 21);
	if (!x2apic_enabled) {
		base = acpi.lapic_addr ? acpi.lapic_addr : (rdmsr(MSR_APIC_BASE) & PADDR_MASK);
		xapic_mmio = ioremap(base, PAGE_SIZE);
	}
	set_irq_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	set_irq_handler(ERROR_APIC_VECTOR, error_interrupt);
	apic_setup_local();
	printk("APIC: %s mode, boot CPU APIC id %u\n", x2apic_enabled ? "x2APIC" : "xAPIC",
	       apic_id());
}

void apic_init_ap(void)
{
	apic_setup_local();
}

void arch_timer_program(u64 ns)
{
	u64 ticks = ns ? (ns * apic_ticks_per_ms) / 1000000 : 0;

	if (ns && !ticks)
		ticks = 1;
	apic_write(APIC_TMICT, (u32)MIN(ticks, 0xffffffffULL));
}
