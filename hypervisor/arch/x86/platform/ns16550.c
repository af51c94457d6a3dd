/*
 * 16550 UART on COM1/COM2 (polled). "com1=<baud>[,<DPS>[,<io-base>]]" as in
 * Xen, e.g. com1=115200,8n1. "auto" or no baud keeps the firmware's divisor.
 */
#include <xeno/arch.h>
#include <xeno/console.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/string.h>
#include <asm/pv.h> /* ns16550_io_base(): the ports dom0 may not use */

#define UART_CLOCK 1843200
#define RBR 0
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define DLL 0
#define DLM 1
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LCR_DLAB 0x80

#include <asm/processor.h>

static struct {
	u16 base;
	u32 baud; /* 0: keep what the firmware set */
	u8 lcr;	  /* data bits, parity, stop bits */
} com1 = {0x3f8, 0, 0x03};

static u8 parse_dps(const char *s)
{
	u8 lcr = (u8)((s[0] >= '5' && s[0] <= '8') ? s[0] - '5' : 3);

	if (s[0] && (s[1] == 'o' || s[1] == 'O'))
		lcr |= 0x08;
	if (s[0] && (s[1] == 'e' || s[1] == 'E'))
		lcr |= 0x18;
	if (s[0] && s[1] && s[2] == '2')
		lcr |= 0x04;
	return lcr;
}

static int parse_com1(const char *s)
{
	const char *end;

	if (!s)
		return -1;
	if (strncmp(s, "auto", 4))
		com1.baud = (u32)simple_strtoul(s, &end, 10);
	s = strchr(s, ',');
	if (s && s[1] && s[1] != ',')
		com1.lcr = parse_dps(s + 1);
	s = s ? strchr(s + 1, ',') : NULL;
	if (s && s[1])
		com1.base = (u16)simple_strtoul(s + 1, &end, 0);
	return 0;
}
custom_param("com1", parse_com1);

/* The ports the hypervisor's console uses (base .. base + 7). */
u16 ns16550_io_base(void)
{
	return com1.base;
}

void arch_serial_init(void)
{
	u16 b = com1.base;

	outb(0, b + IER);
	if (com1.baud) {
		u32 div = UART_CLOCK / 16 / com1.baud;

		outb(LCR_DLAB, b + LCR);
		outb((u8)div, b + DLL);
		outb((u8)(div >> 8), b + DLM);
	}
	outb(com1.lcr, b + LCR);
	outb(0x07, b + FCR); /* enable and clear FIFOs */
	outb(0x03, b + MCR); /* DTR, RTS */
}

void arch_serial_putc(char c)
{
	for (int spins = 0; !(inb(com1.base + LSR) & LSR_THRE) && spins < 100000; spins++)
		cpu_relax();
	outb((u8)c, com1.base + THR);
}

/*
 * Wait until the UART has sent everything: under QEMU a host that reads
 * the serial line slowly leaves bytes in the emulated FIFO, and they are
 * lost if the machine powers off first. Bounded by a spin count, not by
 * time, so it also serves a panic before time is calibrated.
 */
void arch_serial_drain(void)
{
	for (long spins = 0; !(inb(com1.base + LSR) & LSR_TEMT) && spins < 5000000; spins++)
		cpu_relax();
}

int arch_serial_getc(void)
{
	if (!(inb(com1.base + LSR) & LSR_DR))
		return -1;
	return inb(com1.base + RBR);
}
