/*
 * Port I/O from a PV guest: `in`/`out` need a virtual IOPL (1 for the guest
 * kernel, 3 for guest user mode; PHYSDEVOP_set_iopl), else #GP. With it,
 * the hypervisor's own serial port is not dom0's: reads give all-ones and
 * writes are dropped (the console keeps working after we poke its IER).
 * VMASST_TYPE_architectural_iopl, as Xen 4.17: the guest kernel counts as
 * ring 0 (port I/O at IOPL 0), the virtual IOPL is what an iret frame's
 * RFLAGS say (set_iopl still sets it) and shows in every bounce frame's
 * RFLAGS; without the assist, iret frames do not change it and bounce
 * frames show IOPL 0. Dom0's PIT channel 2 is a counting timer, as on Xen.
 */
#include <guest.h>

const char test_title[] = "ioport: IOPL rules, architectural IOPL, the hypervisor's UART";

#define VMASST_ARCH_IOPL 4

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

/* IOPL in the RFLAGS of a bounce frame (a #UD in guest kernel mode). */
static unsigned int frame_iopl(void)
{
	trap_record_clear();
	__asm__ __volatile__("1: ud2\n2:\n" EXTABLE(1b, 2b));
	return last_trap.count == 1 ? (unsigned int)(last_trap.rflags >> 12) & 3 : 99;
}

/* inb from user mode after an iret with these RFLAGS. */
static long user_inb_after_iret(uint64_t rflags)
{
	long r;

	exec_user_rflags = rflags;
	r = exec_user(user_inb);
	exec_user_rflags = 0x202;
	return r;
}

static void architectural_iopl(void)
{
	check_eq(set_iopl(3), 0, "set_iopl 3 (assist off)");
	check_eq(frame_iopl(), 0, "assist off: bounce frames show IOPL 0");
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check_eq(hc_vm_assist(VMASST_CMD_enable, VMASST_ARCH_IOPL), 0,
		 "enable VMASST_TYPE_architectural_iopl");
	check_eq(try_inb(COM1 + 5), 0xff, "architectural IOPL 0: the kernel counts as ring 0");
	check(user_inb_after_iret(0x202) < 0 && last_trap.vector == 13 &&
		      !(last_trap.rflags & 0x3000),
	      "iret with IOPL 0: user inb #GP, frame IOPL 0 (rflags %#lx)",
	      (unsigned long)last_trap.rflags);
	check_eq(user_inb_after_iret(0x3202), 0xff, "iret with IOPL 3: user inb allowed");
	check_eq(frame_iopl(), 3, "the IOPL from the iret shows in bounce frames");
	check(user_inb_after_iret(0x1202) < 0 && last_trap.vector == 13 &&
		      (last_trap.rflags & 0x3000) == 0x1000,
	      "iret with IOPL 1: user inb #GP, frame IOPL 1 (rflags %#lx)",
	      (unsigned long)last_trap.rflags);
	check_eq(set_iopl(2), 0, "set_iopl 2 under the assist");
	check_eq(frame_iopl(), 2, "set_iopl's IOPL shows in bounce frames");
	check_eq(hc_vm_assist(VMASST_CMD_disable, VMASST_ARCH_IOPL), 0, "disable the assist");
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check(try_inb(COM1 + 5) < 0 && last_trap.vector == 13,
	      "assist off, IOPL 0: kernel inb #GP again");
	check(user_inb_after_iret(0x3202) < 0 && last_trap.vector == 13,
	      "assist off: an iret with IOPL 3 does not set the IOPL");
	check_eq(set_iopl(1), 0, "set_iopl 1 again");
}

/* Counter 2's count, latched (control word 0x80), low byte then high. */
static int pit2_count(void)
{
	int lo, hi;

	if (try_outb(0x43, 0x80) < 0 || (lo = try_inb(0x42)) < 0 || (hi = try_inb(0x42)) < 0)
		return -1;
	return lo | hi << 8;
}

/*
 * Dom0 has PIT channel 2 (Xen 4.17: the real one when Xen's own timer is not
 * the PIT): a mode-0 count loaded with 0xffff and the gate on runs down, so
 * a kernel can calibrate its TSC against it. 200000 TSC ticks apart (50 us
 * or more: 60 PIT ticks; the count wraps only after 55 ms) two latched
 * reads differ.
 */
static void pit_channel2(void)
{
	int b = try_inb(0x61), c1, c2;
	uint64_t t0;

	check(b >= 0, "port 0x61 readable");
	check_eq(try_outb(0x61, (uint8_t)((b & ~2) | 1)), 0, "gate 2 on, speaker off");
	check_eq(try_outb(0x43, 0xb0), 0, "counter 2: lobyte/hibyte, mode 0");
	check_eq(try_outb(0x42, 0xff), 0, "count low byte");
	check_eq(try_outb(0x42, 0xff), 0, "count high byte");
	c1 = pit2_count();
	for (t0 = rdtsc(); rdtsc() - t0 < 200000;)
		;
	c2 = pit2_count();
	check(c1 >= 0 && c2 >= 0 && c1 != c2, "PIT channel 2 counts: %#x, then %#x", c1, c2);
	check_eq(try_outb(0x61, (uint8_t)(b & ~3)), 0, "gate 2 off again");
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
	architectural_iopl();
	pit_channel2();
	printf("console still works after the UART writes\n");
}
