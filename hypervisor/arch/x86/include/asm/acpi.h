/* What xeno takes from ACPI: CPUs, IO-APICs, power/reset, timers. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xeno/compiler.h>
#include <xeno/types.h>

struct acpi_gas { /* generic address structure */
	u8 space, bit_width, bit_offset, access_size;
	u64 address;
} __attribute__((packed));

struct acpi_mcfg { /* one ECAM range of the MCFG */
	u64 address;
	u16 segment;
	u8 start_bus, end_bus;
	bool reserved; /* dom0 said it is reserved (PHYSDEVOP_pci_mmcfg_reserved) */
};

struct acpi_info {
	bool found;
	u8 revision;
	unsigned int nr_cpus;
	u32 apic_ids[64];
	u32 acpi_ids[64]; /* the processor UID of each apic_ids[] entry */
	paddr_t lapic_addr;
	unsigned int nr_ioapics;
	paddr_t ioapic_addr[8];
	u32 ioapic_gsi_base[8];
	unsigned int nr_isos; /* interrupt source overrides: ISA IRQ -> GSI */
	struct acpi_iso {
		u8 irq;
		u16 flags; /* MPS INTI: polarity bits 0-1, trigger bits 2-3 */
		u32 gsi;
	} iso[16];
	u16 pm1a_cnt, pm1b_cnt;
	u32 pm_tmr;
	bool pm_tmr_32bit;
	bool has_s5;
	u8 slp_typ_a, slp_typ_b;
	bool has_reset_reg;
	struct acpi_gas reset_reg;
	u8 reset_value;
	paddr_t hpet_addr;
	unsigned int nr_mcfg;
	struct acpi_mcfg mcfg[4];
};

extern struct acpi_info acpi;

void acpi_init(void);

/* PCI (platform/pci.c): configuration mechanism #1 and dom0's devices. */
u32 pci_conf1_access(u32 cf8, unsigned int offset, unsigned int size, const u32 *write);
int pci_device_announce(unsigned int seg, unsigned int bus, unsigned int devfn);
int pci_device_forget(unsigned int seg, unsigned int bus, unsigned int devfn);
int pci_mmcfg_reserved(u64 address, unsigned int seg, unsigned int start_bus, unsigned int end_bus,
		       bool reserved);
/* MSI and MSI-X capabilities dom0 may not write but for the control word. */
bool pci_conf_write_blocked(u32 cf8, unsigned int offset, unsigned int size);
/* Config space of a device the hypervisor drives (MSI): bus << 8 | devfn. */
u32 pci_conf_read(unsigned int bdf, unsigned int reg, unsigned int size);
void pci_conf_write(unsigned int bdf, unsigned int reg, unsigned int size, u32 val);
unsigned int pci_find_cap(unsigned int bdf, unsigned int id);
bool pci_device_known(unsigned int seg, unsigned int bus, unsigned int devfn);

/* IO-APICs (io_apic.c): pins by GSI; the hypervisor owns every entry. */
int io_apic_read_reg(u64 base, unsigned int reg, u32 *val);
unsigned int io_apic_nr_gsis(void);
/* Program gsi's entry (masked) to vector on the boot CPU. */
void io_apic_program(unsigned int gsi, unsigned int vector, bool level, bool active_low);
void io_apic_mask(unsigned int gsi, bool masked);
/* GSI of ISA IRQ irq by the MADT's overrides. */
unsigned int acpi_isa_irq_gsi(unsigned int irq);
/* A GSI's default mode: an override's, else ISA (edge, high) below 16, PCI (level, low) above. */
void acpi_gsi_mode(unsigned int gsi, bool *level, bool *active_low);
/* Power off through S5 with dom0's PM1a/PM1b control values (shutdown.c). */
void __noreturn acpi_enter_s5(u16 pm1a_val, u16 pm1b_val);
/* Extract SLP_TYPa/b from the _S5_ package in AML, or return false. */
bool acpi_find_s5(const u8 *aml, size_t len, u8 *typ_a, u8 *typ_b);

#endif
