/*
 * Interrupt vectors and handlers. Vectors 0x20..0xef are free for devices;
 * the top ones are the hypervisor's own (timer, IPIs, spurious).
 */
#ifndef XENO_IRQ_H
#define XENO_IRQ_H

#include <asm/regs.h>

#define FIRST_DYNAMIC_VECTOR 0x20
/* pirq n (the hardware domain's device interrupts) uses vector FIRST_PIRQ_VECTOR + n. */
#define FIRST_PIRQ_VECTOR 0x30
#define NR_PIRQS (0xf0 - FIRST_PIRQ_VECTOR)
#define IPI_FLUSH_VECTOR 0xf8
#define IPI_CALL_FUNCTION_VECTOR 0xf9
#define IPI_EVENT_CHECK_VECTOR 0xfa
#define IPI_STOP_VECTOR 0xfb
#define LOCAL_TIMER_VECTOR 0xfc
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

typedef void (*irq_handler_t)(struct cpu_user_regs *regs);

/* Register the handler for a local (per-CPU) vector. Boot time only. */
void set_irq_handler(unsigned int vector, irq_handler_t fn);

#endif
