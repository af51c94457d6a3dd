/*
 * Port I/O from a PV guest: `in`/`out` need a virtual IOPL (1 for the guest
 * kernel, 3 for guest user mode; PHYSDEVOP_set_iopl), else #GP. With it,
 * the hypervisor's own serial port is not dom0's: reads give all-ones and
 * writes are dropped (the console keeps working after we poke its IER).
 */
#include <guest.h>

const char test_title[] = "ioport: IOPL rules, the hypervisor's UART kept from dom0";

#define COM1 0x3f8

static int set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl p = {.iopl = iopl};

	return (int)hc_physdev_op(PHYSDEVOP_set_iopl, &p);
}

/* inb port; -1 if it trapped (vector in last_trap). */
static int try_inb(uint16_t port)
{
	uint32_t v = 0x5a;

	trap_record_clear();
	__asm__ __volatile__("1: inb %w1, %b0\n"
			     "2:\n" EXTABLE(1b, 2b)
			     : "+a"(v)
			     : "Nd"(port));
	return last_trap.count ? -1 : (int)(v & 0xff);
}

static int try_outb(uint16_t port, uint8_t val)
{
	trap_record_clear();
	__asm__ __volatile__("1: outb %b0, %w1\n"
			     "2:\n" EXTABLE(1b, 2b)::"a"(val),
			     "Nd"(port));
	return last_trap.count ? -1 : 0;
}

static long user_inb(void)
{
	return try_inb(COM1 + 5);
}

void test_main(void)
{
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check(try_inb(COM1 + 5) < 0 && last_trap.vector == 13, "IOPL 0: inb traps with #GP");
	check(try_outb(COM1 + 1, 0) < 0 && last_trap.vector == 13, "IOPL 0: outb traps with #GP");
	check_eq(set_iopl(4), -XEN_EINVAL, "set_iopl 4");
	check_eq(set_iopl(1), 0, "set_iopl 1");
	check_eq(try_inb(COM1 + 5), 0xff, "the hypervisor's UART LSR reads all-ones");
	check_eq(try_inb(COM1 + 1), 0xff, "the hypervisor's UART IER reads all-ones");
	check_eq(try_outb(COM1 + 1, 0x0f), 0, "a write to the UART's IER is allowed (dropped)");
	check_eq(try_outb(COM1 + 3, 0x80), 0, "a write to the UART's LCR is allowed (dropped)");
	check(exec_user(user_inb) < 0 && last_trap.vector == 13,
	      "IOPL 1: inb from user mode traps with #GP");
	check_eq(set_iopl(3), 0, "set_iopl 3");
	check_eq(exec_user(user_inb), 0xff, "IOPL 3: inb from user mode reads all-ones");
	check_eq(set_iopl(1), 0, "set_iopl back to 1");
	printf("console still works after the UART writes\n");
}
