/*
 * Test-guest console: printf through console_io (CONSOLEIO_write), which
 * both Xen and xeno copy to the serial line for the initial domain. The
 * formatting is the hypervisor's own (hypervisor/lib/vsnprintf.c, linked
 * into every guest with hypervisor/lib/string.c; guests/rules.mak). A
 * guest started by a toolstack (no hypervisor console for a domU on Xen)
 * sets console_mirror to copy every line to its PV console ring too.
 */
#include <guest.h>

/* vsnprintf's %pS: a guest has no symbol table, so the address alone. */
void symbol_format(unsigned long addr, char *buf, size_t len);
void symbol_format(unsigned long addr, char *buf, size_t len)
{
	snprintf(buf, len, "%#lx", addr);
}

void (*console_mirror)(const char *s, size_t len);

void puts_raw(const char *s, size_t len)
{
	hc_console_write(s, len);
	if (console_mirror)
		console_mirror(s, len);
}

int printf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	puts_raw(buf, strlen(buf));
	return n;
}
