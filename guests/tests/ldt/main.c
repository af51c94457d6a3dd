/*
 * Guest LDTs (MMUEXT_SET_LDT): bad arguments are refused; an LDT in a
 * read-only page of ours gives usable selectors (TI=1) — %fs loads with a
 * flat data descriptor and reads memory through it; a selector beyond the
 * LDT's entries raises #GP with its error code; an LDT page still mapped
 * writable cannot become one: the selector load raises #PF at that page;
 * an LDT set back to none makes LDT selectors fault (#GP). An LDT selector
 * in %fs survives the vCPU leaving its CPU (a 2 ms sleep) and coming back.
 */
#include <guest.h>
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "ldt: MMUEXT_SET_LDT and LDT selectors";

#define FLAT_DATA_DPL3 0x00cff2000000ffffUL
#define SEL(idx) (((idx) << 3) | 4 | 3)

/* Load %fs with sel; the vector it raised (0: none). */
static unsigned int load_fs(uint16_t sel)
{
	trap_record_clear();
	__asm__ __volatile__("1: movw %w0, %%fs\n2:\n" EXTABLE(1b, 2b)::"r"(sel) : "memory");
	return last_trap.count ? last_trap.vector : 0;
}

static uint16_t read_fs(void)
{
	uint16_t sel;

	__asm__ __volatile__("movw %%fs, %w0" : "=r"(sel));
	return sel;
}

static long set_ldt(const void *base, unsigned int ents)
{
	struct mmuext_op op = {.cmd = MMUEXT_SET_LDT};

	op.arg1.linear_addr = (unsigned long)base;
	op.arg2.nr_ents = ents;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void test_main(void)
{
	uint64_t *ldt = alloc_page(), *writable = alloc_page();
	static volatile uint64_t probe = 0x1234;

	if (!ldt || !writable || !events_init()) {
		error("no pages");
		return;
	}
	check_eq(set_ldt((char *)ldt + 8, 2), -XEN_EINVAL, "misaligned LDT base");
	check_eq(set_ldt(ldt, 8193), -XEN_EINVAL, "8193 entries");
	ldt[1] = FLAT_DATA_DPL3;
	check_eq(remap_page(ldt, 0x1 | 0x20), 0, "LDT page mapped read-only");
	check_eq(set_ldt(ldt, 2), 0, "set an LDT of 2 entries");
	check_eq(load_fs(SEL(1)), 0, "load %fs with LDT selector 1");
	check_eq(read_fs(), SEL(1), "%fs holds the LDT selector");
	check_eq(*(volatile uint64_t *)&probe, 0x1234, "memory reads fine meanwhile");
	poll_ports(NULL, 0, system_time() + 2000000); /* off the CPU and back */
	check_eq(read_fs(), SEL(1), "%fs still holds the LDT selector after a sleep");
	check_eq(load_fs(SEL(5)), 13, "a selector beyond the LDT: #GP");
	check_eq(last_trap.error_code, SEL(5) & ~3, "#GP error code: the selector");
	load_fs(0);
	writable[1] = FLAT_DATA_DPL3;
	check_eq(set_ldt(writable, 2), 0, "set an LDT in a writable page (checked when used)");
	check_eq(load_fs(SEL(1)), 14, "its selector load: #PF");
	check_eq(last_trap.cr2, (uint64_t)&writable[1],
		 "#PF at the descriptor's address in the LDT");
	load_fs(0);
	check_eq(set_ldt(NULL, 0), 0, "no LDT");
	check_eq(load_fs(SEL(1)), 13, "LDT selectors fault without an LDT");
	check_eq(remap_page(ldt, 0x3 | 0x60), 0, "the old LDT page writable again");
}
