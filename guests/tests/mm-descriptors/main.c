/*
 * mm-descriptors: set_gdt and update_descriptor. A guest GDT frame must not
 * be writable by the guest while in use, and every descriptor in it must be
 * harmless: code/data segments (DPL forced to 3), not-present descriptors;
 * system descriptors (TSS, LDT, gates) are refused. Selectors of the guest
 * GDT load, selectors beyond it fault with #GP(selector); a replaced GDT
 * frame becomes an ordinary page again.
 */
#include <guest_mm.h>

const char test_title[] = "mm-descriptors: guest GDT frames, descriptor checks";

#define CODE64_DPL0 0x00af9a000000ffffUL
#define DATA_DPL3 0x00cff2000000ffffUL
#define TSS_DESC 0x0000890000000067UL

static long set_gdt(uint64_t *frame, unsigned long entries)
{
	unsigned long mfn = virt_to_mfn(frame);

	return HC(set_gdt, &mfn, entries, 0);
}

static unsigned int load_ds(uint16_t sel)
{
	trap_record_clear();
	__asm__ __volatile__("1: mov %0, %%ds\n2:\n" EXTABLE(1b, 2b)::"r"(sel) : "memory");
	__asm__ __volatile__("mov %0, %%ds" ::"r"(0));
	return last_trap.count ? last_trap.vector : 0;
}

void test_main(void)
{
	uint64_t *gdt = alloc_page(), *other = alloc_page();

	gdt[1] = CODE64_DPL0;
	gdt[2] = DATA_DPL3;
	gdt[3] = TSS_DESC;
	check(set_gdt(gdt, 4) < 0, "set_gdt of a frame mapped writable refused");
	check(remap_page(gdt, PTE_P | PTE_A) == 0, "remap the GDT frame read-only");
	check(set_gdt(gdt, 4) < 0, "set_gdt with a TSS descriptor refused");
	check(HC(update_descriptor, entry_maddr(&gdt[3]), 0, 0) == 0,
	      "update_descriptor on an ordinary frame");
	check(set_gdt(gdt, 4) == 0, "set_gdt");
	check((gdt[1] >> 45 & 3) == 3, "code descriptor DPL forced to 3: %#lx",
	      (unsigned long)gdt[1]);
	check(load_ds(0x13) == 0, "a data selector of the guest GDT loads");
	check(load_ds(0x23) == 13 && last_trap.error_code == 0x20,
	      "null descriptor in the GDT: #GP(0x20), got vector %u ec %#x", last_trap.vector,
	      last_trap.error_code);
	check(load_ds(0x1003) == 13 && last_trap.error_code == 0x1000,
	      "selector in an unused GDT page: #GP(0x1000), got vector %u ec %#x", last_trap.vector,
	      last_trap.error_code);
	check(HC(update_descriptor, entry_maddr(&gdt[3]), TSS_DESC, 0) < 0,
	      "update_descriptor with a TSS descriptor refused");
	check(HC(update_descriptor, entry_maddr(&gdt[3]), DATA_DPL3, 0) == 0,
	      "update_descriptor of the live GDT");
	check(gdt[3] == DATA_DPL3 && load_ds(0x1b) == 0, "the updated descriptor loads");
	check(HC(update_descriptor, entry_maddr(&gdt[3]) + 4, DATA_DPL3, 0) < 0,
	      "misaligned update_descriptor refused");
	check(remap_page(gdt, PTE_P | PTE_RW | PTE_A) < 0, "a GDT frame cannot be mapped writable");
	check(set_gdt(gdt, 7169) < 0, "more entries than the guest part of the GDT refused");
	check(remap_page(other, PTE_P | PTE_A) == 0 && set_gdt(other, 1) == 0,
	      "set_gdt to another frame");
	check(remap_page(gdt, PTE_P | PTE_RW | PTE_A | PTE_D) == 0,
	      "the old GDT frame is an ordinary page again");
}
