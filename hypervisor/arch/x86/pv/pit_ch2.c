/*
 * PIT channel 2 for dom0, as Xen 4.17 gives it when it does not run its own
 * platform timer on the PIT: the real channel, through a filter. Channel 2
 * is the one a kernel calibrates its TSC against (Linux's quick_pit_calibrate
 * reads port 0x42 until the count's high byte moves; with a dead port it
 * spins 50000 times, 100000 trapped reads). The hypervisor uses channel 2
 * only during its own boot (platform/time.c, without an HPET), before any
 * guest runs, and never channels 0 and 1, so the filter is all it needs:
 *   0x42  reads and writes go to the channel;
 *   0x43  a control word for counter 2 goes through, a read-back command
 *         only for counter 2; words for counters 0 and 1 are dropped, and
 *         reads (the port is write-only) give all-ones;
 *   0x61  reads are the real port (OUT2 in bit 5); writes change only bits
 *         0-1 (gate 2, speaker data), the others are kept.
 * Only the hardware domain (dom0); others see none of it (all-ones, writes
 * dropped). No state and no
 * lock: each access is one or two port operations.
 */
#include <xeno/sched.h>
#include <asm/processor.h>
#include <asm/pv.h>

#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PORT_B 0x61

static bool mode_write(u8 val)
{
	if ((val & 0xc0) == 0x80) /* select counter 2 */
		outb(val, PIT_MODE);
	else if ((val & 0xc0) == 0xc0 && (val & 0x08)) /* read-back including counter 2 */
		outb(val & 0xf8, PIT_MODE);	       /* only counter 2 */
	return true;
}

bool pv_pit_ch2_io(const struct domain *d, unsigned int port, unsigned int size, bool is_in,
		   u8 *val)
{
	if (size != 1 || d->domain_id != 0 ||
	    (port != PIT_CH2 && port != PIT_MODE && port != PORT_B))
		return false;
	if (port == PIT_CH2) {
		if (is_in)
			*val = inb(PIT_CH2);
		else
			outb(*val, PIT_CH2);
		return true;
	}
	if (port == PIT_MODE) {
		if (is_in)
			*val = 0xff;
		return is_in || mode_write(*val);
	}
	if (is_in)
		*val = inb(PORT_B);
	else
		outb((inb(PORT_B) & ~3) | (*val & 3), PORT_B);
	return true;
}
