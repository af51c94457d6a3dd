/*
 * ACPI table discovery: RSDP (from multiboot2 or the BIOS areas) -> RSDT or
 * XSDT -> MADT (CPUs, IO-APICs), FADT (PM1 control for S5 power-off, the
 * reset register, PM timer, DSDT for the _S5_ sleep type), HPET. Tables are
 * only read, at boot, through ioremap. With no ACPI we fall back to one CPU
 * and the legacy reset/power-off paths (see shutdown.c).
 */
#include <xeno/bootinfo.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/string.h>
#include <asm/acpi.h>

struct acpi_info acpi;

struct sdt_header {
	char sig[4];
	u32 length;
	u8 revision, checksum;
	char oem[6], oem_table[8];
	u32 oem_rev, creator, creator_rev;
} __packed;

static bool checksum_ok(const void *p, size_t len)
{
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (u8)(sum + ((const u8 *)p)[i]);
	return sum == 0;
}

static paddr_t scan_rsdp(paddr_t start, paddr_t end)
{
	for (paddr_t p = start; p + 20 <= end; p += 16) {
		const char *v = maddr_to_virt(p);

		if (!memcmp(v, "RSD PTR ", 8) && checksum_ok(v, 20))
			return p;
	}
	return 0;
}

static paddr_t find_rsdp(void)
{
	paddr_t ebda = (paddr_t) * (const u16 *)maddr_to_virt(0x40e) << 4, p = 0;

	if (bootinfo.rsdp)
		return bootinfo.rsdp;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		p = scan_rsdp(ebda, ebda + 1024);
	return p ? p : scan_rsdp(0xe0000, 0x100000);
}

static const struct sdt_header *map_table(paddr_t pa)
{
	const struct sdt_header *h = ioremap(pa, sizeof(*h));

	if (!h || h->length < sizeof(*h) || h->length > (1u << 24))
		return NULL;
	h = ioremap(pa, h->length);
	return h && checksum_ok(h, h->length) ? h : NULL;
}

static void parse_madt_entry(const u8 *e)
{
	switch (e[0]) {
	case 0: /* processor local APIC: enabled or online-capable */
		if ((e[4] & 3) && acpi.nr_cpus < ARRAY_SIZE(acpi.apic_ids)) {
			acpi.acpi_ids[acpi.nr_cpus] = e[2];
			acpi.apic_ids[acpi.nr_cpus++] = e[3];
		}
		break;
	case 1:
		if (acpi.nr_ioapics < ARRAY_SIZE(acpi.ioapic_addr)) {
			acpi.ioapic_gsi_base[acpi.nr_ioapics] = *(const u32 *)(e + 8);
			acpi.ioapic_addr[acpi.nr_ioapics++] = *(const u32 *)(e + 4);
		}
		break;
	case 2: /* interrupt source override, ISA bus */
		if (e[2] == 0 && acpi.nr_isos < ARRAY_SIZE(acpi.iso))
			acpi.iso[acpi.nr_isos++] =
				(struct acpi_iso){.irq = e[3],
						  .gsi = *(const u32 *)(e + 4),
						  .flags = *(const u16 *)(e + 8)};
		break;
	case 5: acpi.lapic_addr = *(const u64 *)(e + 4); break;
	case 9:
		if ((e[8] & 3) && acpi.nr_cpus < ARRAY_SIZE(acpi.apic_ids)) {
			acpi.acpi_ids[acpi.nr_cpus] = *(const u32 *)(e + 12);
			acpi.apic_ids[acpi.nr_cpus++] = *(const u32 *)(e + 4);
		}
		break;
	}
}

static void parse_madt(const struct sdt_header *h)
{
	const u8 *p = (const u8 *)h + 44, *end = (const u8 *)h + h->length;

	acpi.lapic_addr = *(const u32 *)((const u8 *)h + 36);
	for (; p + 2 <= end && p[1] >= 2; p += p[1])
		parse_madt_entry(p);
}

static void parse_dsdt(paddr_t pa)
{
	const struct sdt_header *h = map_table(pa);

	if (h)
		acpi.has_s5 = acpi_find_s5((const u8 *)(h + 1), h->length - sizeof(*h),
					   &acpi.slp_typ_a, &acpi.slp_typ_b);
}

static void parse_fadt(const struct sdt_header *h)
{
	const u8 *f = (const u8 *)h;
	u32 flags = h->length >= 116 ? *(const u32 *)(f + 112) : 0;
	paddr_t dsdt = *(const u32 *)(f + 40);

	acpi.pm1a_cnt = (u16) * (const u32 *)(f + 64);
	acpi.pm1b_cnt = (u16) * (const u32 *)(f + 68);
	acpi.pm_tmr = *(const u32 *)(f + 76);
	acpi.pm_tmr_32bit = flags & (1u << 8);
	if (h->length >= 129 && (flags & (1u << 10))) {
		memcpy(&acpi.reset_reg, f + 116, sizeof(acpi.reset_reg));
		acpi.reset_value = f[128];
		acpi.has_reset_reg = true;
	}
	if (h->length >= 148 && *(const u64 *)(f + 140))
		dsdt = *(const u64 *)(f + 140);
	if (dsdt)
		parse_dsdt(dsdt);
}

static void parse_mcfg(const struct sdt_header *h)
{
	const u8 *p = (const u8 *)h + 44, *end = (const u8 *)h + h->length;

	for (; p + 16 <= end && acpi.nr_mcfg < ARRAY_SIZE(acpi.mcfg); p += 16)
		acpi.mcfg[acpi.nr_mcfg++] = (struct acpi_mcfg){
			.address = *(const u64 *)p,
			.segment = *(const u16 *)(p + 8),
			.start_bus = p[10],
			.end_bus = p[11],
		};
}

static void parse_table(paddr_t pa)
{
	const struct sdt_header *h = map_table(pa);

	if (!h)
		return;
	if (!memcmp(h->sig, "APIC", 4))
		parse_madt(h);
	else if (!memcmp(h->sig, "FACP", 4))
		parse_fadt(h);
	else if (!memcmp(h->sig, "HPET", 4) && h->length >= 56)
		acpi.hpet_addr = *(const u64 *)((const u8 *)h + 44);
	else if (!memcmp(h->sig, "MCFG", 4))
		parse_mcfg(h);
}

static void parse_root(paddr_t rsdp_pa)
{
	const u8 *rsdp = ioremap(rsdp_pa, 36);
	bool x = rsdp[15] >= 2 && *(const u64 *)(rsdp + 24);
	const struct sdt_header *root =
		map_table(x ? *(const u64 *)(rsdp + 24) : *(const u32 *)(rsdp + 16));
	size_t esz = x ? 8 : 4;

	acpi.revision = rsdp[15];
	if (!root) {
		printk(XENLOG_WARNING "ACPI: bad %s\n", x ? "XSDT" : "RSDT");
		return;
	}
	acpi.found = true;
	for (size_t off = sizeof(*root); off + esz <= root->length; off += esz) {
		const u8 *e = (const u8 *)root + off;

		parse_table(x ? *(const u64 *)e : *(const u32 *)e);
	}
}

unsigned int acpi_isa_irq_gsi(unsigned int irq)
{
	for (unsigned int i = 0; i < acpi.nr_isos; i++)
		if (acpi.iso[i].irq == irq)
			return acpi.iso[i].gsi;
	return irq;
}

void acpi_gsi_mode(unsigned int gsi, bool *level, bool *active_low)
{
	u16 flags = 0;

	for (unsigned int i = 0; i < acpi.nr_isos; i++)
		if (acpi.iso[i].gsi == gsi)
			flags = acpi.iso[i].flags;
	*active_low = (flags & 3) ? (flags & 3) == 3 : gsi >= 16;
	*level = (flags & 0xc) ? (flags & 0xc) == 0xc : gsi >= 16;
}

void acpi_init(void)
{
	paddr_t rsdp = find_rsdp();

	if (!rsdp) {
		printk(XENLOG_WARNING "ACPI: no RSDP found; assuming one CPU\n");
		return;
	}
	parse_root(rsdp);
	printk("ACPI: rev %u, %u CPUs, %u IO-APIC(s), LAPIC %#lx, HPET %#lx, PM timer %#x\n",
	       acpi.revision, acpi.nr_cpus, acpi.nr_ioapics, acpi.lapic_addr, acpi.hpet_addr,
	       acpi.pm_tmr);
	printk("ACPI: PM1a_CNT %#x, S5 %s (SLP_TYP %u/%u), reset register %s\n", acpi.pm1a_cnt,
	       acpi.has_s5 ? "found" : "missing", acpi.slp_typ_a, acpi.slp_typ_b,
	       acpi.has_reset_reg ? "present" : "absent");
}
