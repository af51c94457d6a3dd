/*
 * printk and log levels, and the console ring.
 *
 * A message may start with a XENLOG_* "<N>" prefix; messages above the
 * threshold set by loglvl= (none|error|warning|info|debug|all, default info)
 * are dropped. Each output line is prefixed "(XEN) " like Xen's, so logs can
 * be grepped the same way, and starts on a fresh line even when dom0's
 * output left one open. console_lock serialises output between CPUs; the
 * crash path force-unlocks it.
 */
#include <xeno/console.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/sched.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/spinlock.h>
#include <xeno/string.h>
#include <public/sysctl.h>
#include <public/xen.h>

#define CONRING_SIZE 16384 /* Xen's default; a power of two */

static DEFINE_SPINLOCK(console_lock);
static char conring[CONRING_SIZE];
static u32 conring_cons, conring_prod;
static int log_threshold = 2; /* info */
static bool at_line_start = true;
static bool guest_line_open; /* dom0 wrote part of a line, the serial is in it */

static int parse_loglvl(const char *s)
{
	static const char *const names[] = {"error", "warning", "info", "debug", "all"};

	if (!s)
		return -1;
	if (!strcmp(s, "none")) {
		log_threshold = -1;
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strncmp(s, names[i], strlen(names[i]))) {
			log_threshold = (int)(i < 4 ? i : 3);
			return 0;
		}
	}
	return -1;
}
custom_param("loglvl", parse_loglvl);

static void conring_putc(char c)
{
	conring[conring_prod & (CONRING_SIZE - 1)] = c;
	__atomic_store_n(&conring_prod, conring_prod + 1, __ATOMIC_RELEASE);
	if (conring_prod - conring_cons > CONRING_SIZE)
		__atomic_store_n(&conring_cons, conring_prod - CONRING_SIZE, __ATOMIC_RELEASE);
}

/*
 * A message never lands inside a line dom0 has not finished: it starts on
 * a line of its own, with its prefix (dom0's line goes on after it), so a
 * log reader can drop "(XEN) " lines and find dom0's output whole.
 */
static void break_open_line(void)
{
	if (!guest_line_open)
		return;
	arch_serial_putc('\r');
	arch_serial_putc('\n');
	conring_putc('\n');
	guest_line_open = false;
	at_line_start = true;
}

void console_write(const char *s, size_t len)
{
	if (len)
		break_open_line();
	for (size_t i = 0; i < len; i++) {
		if (at_line_start) {
			for (const char *p = "(XEN) "; *p; p++) {
				arch_serial_putc(*p);
				conring_putc(*p);
			}
			at_line_start = false;
		}
		if (s[i] == '\n') {
			arch_serial_putc('\r');
			at_line_start = true;
		}
		arch_serial_putc(s[i]);
		conring_putc(s[i]);
	}
}

static int message_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == '<' && f[1] >= '0' && f[1] <= '3' && f[2] == '>') {
		*fmt = f + 3;
		return f[1] - '0';
	}
	return 2;
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n, level = message_level(&fmt);
	unsigned long flags;

	if (level > log_threshold)
		return;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	flags = spin_lock_irqsave(&console_lock);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/*
 * Guest output is written as is: no "(XEN) " prefix for dom0, as in Xen.
 * A domU's whole line (own_line) does not land inside dom0's open one.
 */
static void guest_console_write(const char *s, size_t len, bool to_ring, bool own_line)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	if (own_line)
		break_open_line();
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			arch_serial_putc('\r');
		arch_serial_putc(s[i]);
		if (to_ring)
			conring_putc(s[i]);
	}
	if (len) {
		at_line_start = s[len - 1] == '\n';
		guest_line_open = !at_line_start;
	}
	spin_unlock_irqrestore(&console_lock, flags);
}

/*
 * Other domains' output (as Xen's debug builds allow it): whole lines, each
 * prefixed "(dN) ", collected in the domain's line buffer.
 */
static void domu_console_write(struct domain *d, const char *s, size_t len)
{
	char line[sizeof(d->console_line) + 16];

	for (size_t i = 0; i < len; i++) {
		bool flush = s[i] == '\n' || d->console_len == sizeof(d->console_line);

		if (s[i] != '\n')
			d->console_line[d->console_len++] = s[i];
		if (!flush && d->console_len < sizeof(d->console_line))
			continue;
		snprintf(line, sizeof(line), "(d%u) %.*s\n", d->domain_id, (int)d->console_len,
			 d->console_line);
		guest_console_write(line, strlen(line), true, true);
		d->console_len = 0;
	}
}

long do_console_io(u64 cmd, u64 count, u64 buffer, u64 a4, u64 a5)
{
	struct domain *d = current->domain;
	char chunk[128];

	switch (cmd) {
	case CONSOLEIO_write:
		for (u64 done = 0; done < count;) {
			size_t n = (size_t)MIN(count - done, (u64)sizeof(chunk));

			if (copy_from_guest_va(chunk, buffer + done, n))
				return -EFAULT;
			if (d->is_privileged)
				guest_console_write(chunk, n, false, false);
			else
				domu_console_write(d, chunk, n);
			done += n;
		}
		return 0;
	case CONSOLEIO_read: {
		size_t n;

		if (!d->is_privileged)
			return -EPERM;
		n = console_input_read(chunk, (size_t)MIN(count, (u64)sizeof(chunk)));

		return copy_to_guest_va(buffer, chunk, n) ? -EFAULT : (long)n;
	}
	default: return -ENOSYS;
	}
}

/*
 * XEN_SYSCTL_readconsole (Xen's read_console_ring): from the oldest byte
 * kept, or from op->index when incremental and index is still in the ring,
 * up to op->count bytes; count and index OUT. clear drops what was read.
 */
long console_read_ring(struct xen_sysctl_readconsole *op)
{
	u32 c = __atomic_load_n(&conring_cons, __ATOMIC_ACQUIRE);
	u32 p = __atomic_load_n(&conring_prod, __ATOMIC_ACQUIRE), done = 0;
	unsigned long addr = guest_handle_addr(op->buffer);

	if (op->incremental && op->index - c - 1 < p - c)
		c = op->index;
	while (c != p && done < op->count) {
		u32 idx = c & (CONRING_SIZE - 1);
		u32 len = MIN(MIN(p - c, CONRING_SIZE - idx), op->count - done);

		if (copy_to_guest_raw(addr + done, &conring[idx], len))
			return -EFAULT;
		done += len;
		c += len;
	}
	if (op->clear) {
		unsigned long flags = spin_lock_irqsave(&console_lock);

		conring_cons = p - c > CONRING_SIZE ? p - CONRING_SIZE : c;
		spin_unlock_irqrestore(&console_lock, flags);
	}
	op->count = done;
	op->index = c;
	return 0;
}

void console_force_unlock(void)
{
	spin_lock_init(&console_lock);
}

void console_init_preirq(void)
{
	arch_serial_init();
}

/* console=com1[,...] | none. Only the serial console exists. */
static int parse_console(const char *s)
{
	return s && (!strncmp(s, "com1", 4) || !strcmp(s, "none")) ? 0 : -1;
}
custom_param("console", parse_console);
