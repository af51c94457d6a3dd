/* What xeno takes from ACPI: CPUs, IO-APICs, power/reset, timers. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xeno/compiler.h>
#include <xeno/types.h>

struct acpi_gas { /* generic address structure */
	u8 space, bit_width, bit_offset, access_size;
	u64 address;
} __attribute__((packed));

struct acpi_info {
	bool found;
	u8 revision;
	unsigned int nr_cpus;
	u32 apic_ids[64];
	u32 acpi_ids[64]; /* the processor UID of each apic_ids[] entry */
	paddr_t lapic_addr;
	unsigned int nr_ioapics;
	paddr_t ioapic_addr[8];
	u16 pm1a_cnt, pm1b_cnt;
	u32 pm_tmr;
	bool pm_tmr_32bit;
	bool has_s5;
	u8 slp_typ_a, slp_typ_b;
	bool has_reset_reg;
	struct acpi_gas reset_reg;
	u8 reset_value;
	paddr_t hpet_addr;
};

extern struct acpi_info acpi;

void acpi_init(void);
/* Power off through S5 with dom0's PM1a/PM1b control values (shutdown.c). */
void __noreturn acpi_enter_s5(u16 pm1a_val, u16 pm1b_val);
/* Extract SLP_TYPa/b from the _S5_ package in AML, or return false. */
bool acpi_find_s5(const u8 *aml, size_t len, u8 *typ_a, u8 *typ_b);

#endif
