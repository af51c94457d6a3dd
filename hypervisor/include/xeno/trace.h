/*
 * The hypervisor trace buffer (common/trace.c): fixed-size records stamped
 * with the TSC, one buffer per physical CPU, written lock-free by that CPU
 * only (interrupts nest: a slot is reserved with one atomic add on the CPU's
 * own head, the event id is stored last so a half-written slot reads as 0).
 *
 * Off by default and free when off: every hook is one test of the global
 * trace_on (a category mask) that stays 0 unless tbuf_size= is given.
 * Options: tbuf_size=<pages per CPU>, tbuf_mask=<category mask, default all>,
 * tbuf_wrap (overwrite the oldest records; default: stop when full and count
 * the lost ones), tbuf_dump=1 (dump to the serial line at power-off/reboot).
 *
 * Record format (version 1), 32 bytes, little-endian:
 *   u64 tsc; u16 event; u16 domid; u16 vcpu; u16 cpu; u64 a; u64 b;
 * domid/vcpu are the running vCPU's (TRACE_IDLE_DOMID/0 when the CPU is idle).
 * The event id's high byte is its category (bit n of tbuf_mask enables
 * category n). The table below is re-declared by tools/trace/xenotrace.py;
 * tests/boot/test_trace.py checks that both agree.
 *
 * Dump (tbuf_dump=1): lines "XENO-TRACE-BEGIN 1 cpus=<n> record=32 tsc_khz=<n>",
 * then per CPU "XENO-TRACE-CPU <cpu> records=<n> lost=<n>" and the records as
 * base64 lines of at most 96 bytes prefixed "XT ", then "XENO-TRACE-END".
 */
#ifndef XENO_TRACE_H
#define XENO_TRACE_H

#include <xeno/compiler.h>
#include <xeno/types.h>

#define TRACE_IDLE_DOMID 0x7fff

/* Categories (tbuf_mask bits). */
#define TRC_CAT_HYPERCALL 1
#define TRC_CAT_FAULT 2
#define TRC_CAT_EVENT 3
#define TRC_CAT_SCHED 4
#define TRC_CAT_TIMER 5
#define TRC_CAT_SMP 6

/*
 * Event ids: (category << 8) | n. For TRC_EXC_ENTRY, b is cr2 for #PF, the
 * first 8 instruction bytes for #GP and #UD (what gets emulated), else the
 * error code.                                               a             b
 */
#define TRC_HC_ENTRY 0x0101    /* hypercall entry:     number        first argument (sub-op) */
#define TRC_HC_EXIT 0x0102     /* hypercall exit:      number        result */
#define TRC_HC_SUBOP 0x0103    /* sub-op in a struct:  family        sub-op */
#define TRC_EXC_ENTRY 0x0201   /* guest exception:   vector        #PF cr2, #GP/#UD insn, else ec */
#define TRC_EXC_EXIT 0x0202    /* handled or bounced:  vector        1 if bounced to the guest */
#define TRC_PTWR 0x0204	       /* ptwr emulation:      address       1 if emulated */
#define TRC_PORT_IO 0x0205     /* emulated in/out:     port|size<<16|in<<24  guest rip */
#define TRC_EVTCHN_SEND 0x0301 /* port set pending:    domid         port */
#define TRC_UPCALL 0x0302      /* event upcall:        0             0 */
#define TRC_SCHED_SWITCH 0x0401 /* context switch:     next domid    next vcpu (domid ~0: idle) */
#define TRC_SCHED_BLOCK 0x0402	/* vCPU paused:         domid<<16|vcpu pause flag */
#define TRC_SCHED_WAKE 0x0403	/* vCPU woken:          domid<<16|vcpu 0 */
#define TRC_TIMER_FIRE 0x0501	/* timer fires:         handler       0 */
#define TRC_TLB_FLUSH 0x0601	/* TLB-flush IPI taken: 0            0 */

struct trace_rec {
	u64 tsc;
	u16 event;
	u16 domid;
	u16 vcpu;
	u16 cpu;
	u64 a;
	u64 b;
};

/* Categories recording now (bit n: category n); 0 when tracing is off. */
extern u32 trace_on;
/* The hypercall dispatcher takes its slow (traced) path. */
extern u8 trace_hypercalls;

void trace_record(unsigned int event, u64 a, u64 b);
void trace_init(void); /* at boot, once the CPUs are known */
void trace_dump(void); /* at power-off/reboot, other CPUs stopped */

/* The hook: one predictable test when off. */
#define TRACE(ev, a, b)                                         \
	do {                                                    \
		if (unlikely(trace_on & (1u << ((ev) >> 8))))   \
			trace_record((ev), (u64)(a), (u64)(b)); \
	} while (0)

#endif
