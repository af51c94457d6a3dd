/* Hypervisor console: printk sinks (serial) and boot-time setup. */
#ifndef XENO_CONSOLE_H
#define XENO_CONSOLE_H

#include <xeno/types.h>

struct serial_port;

void console_init_preirq(void);
/* Emergency mode: drop the console lock (crash paths on any CPU). */
void console_force_unlock(void);
void console_write(const char *s, size_t len);
struct xen_sysctl_readconsole;
/* XEN_SYSCTL_readconsole: copy out of the console ring (op IN/OUT). */
long console_read_ring(struct xen_sysctl_readconsole *op);

/* Serial input for dom0 and the debug keys (common/console_input.c). */
void console_input_init(void);
size_t console_input_read(char *buf, size_t len);
/* What a debug key typed on the console does ('q', 'r', 'd'; others: help). */
void console_debug_key(char c);

#endif
