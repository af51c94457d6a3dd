/*
 * The door between common code and the architecture: every function of
 * hypervisor/arch that hypervisor/common calls is declared here (or, for
 * a domain's frames, in xeno/mm.h), each with its contract in one line.
 * Arrows go one way: arch may use anything common declares; common uses
 * arch only through these names. tools/build/check-arrows.sh checks it on
 * the objects (`make test`, style suite), so a new call must be added here.
 *
 * Names common code calls carry the arch_ prefix. A few primitives keep
 * their familiar names in the subsystem headers as inline wrappers over an
 * arch_ hook (NOW() in xeno/time.h, copy_*_guest_raw() and guest_range_ok()
 * in xeno/guest_access.h, smp_service_flush() in xeno/smp.h). CPU
 * primitives common code uses inline (interrupt flag, halt, cpu_relax)
 * come from asm/processor.h through this header.
 */
#ifndef XENO_ARCH_H
#define XENO_ARCH_H

#include <xeno/compiler.h>
#include <xeno/types.h>
#include <asm/processor.h>

struct cpu_user_regs;
struct domain;
struct vcpu;
struct vcpu_guest_context;

/* --- boot and the end of the machine ------------------------------------ */

/* Build dom0 from the first boot module and set dom0; 0, or -ENOENT if no module. */
int arch_construct_dom0(void);
/* Give the boot modules' frames to the heap (every domain is built). */
void arch_discard_boot_modules(void);
struct xen_sysctl_physinfo;
/* XEN_SYSCTL_physinfo's cpu_khz and hw_cap (the boot CPU's 8 feature words). */
void arch_physinfo(struct xen_sysctl_physinfo *pi);
/* Build the boot-time domUs named by later boot modules (paused). */
void arch_construct_boot_domains(void);
/* Once the options and tracing are set, before any guest runs: fix the hypercall path. */
void arch_hypercall_init(void);
/* Unpause the boot-time domUs once dom0 exists. */
void arch_start_boot_domains(void);
/* System time (ns) at which the hypervisor was entered. */
s_time_t arch_boot_entry_time(void);
/* Power the machine off (ACPI, then QEMU's exit ports). */
void __noreturn arch_machine_power_off(void);
/* Reset the machine. */
void __noreturn arch_machine_restart(void);
/* Stop all CPUs for good. */
void __noreturn arch_machine_halt(void);
/* After a fatal error: restart, or halt when "noreboot" was given. */
void __noreturn arch_machine_crash(void);

/* --- time and the timer interrupt --------------------------------------- */

/* Nanoseconds since boot (NOW()); monotonic and comparable across CPUs. */
s_time_t arch_now(void);
/* Fire this CPU's timer interrupt after ns nanoseconds (0 stops it). */
void arch_timer_program(u64 ns);
/* Route this CPU's timer interrupt to h (h runs with interrupts off). */
void arch_timer_set_handler(void (*h)(struct cpu_user_regs *regs));
/* Acknowledge the timer interrupt being handled (at its start). */
void arch_timer_ack(void);
/* Raw 24-bit count of an independent 3.579545 MHz clock (ACPI PM timer); 0 if absent. */
u32 arch_pmtimer_ticks(void);
/* Whether arch_pmtimer_ticks() counts. */
bool arch_pmtimer_present(void);

/* --- CPUs ---------------------------------------------------------------- */

/* Interrupt CPU cpu so that it looks at its scheduler and timers. */
void arch_send_event_check(unsigned int cpu);
/* Perform TLB flushes other CPUs asked of this one (smp_service_flush()). */
void arch_smp_service_flush(void);

/* --- vCPUs and domains ---------------------------------------------------- */

/* Arch parts of a vCPU (FPU area); 0 or -ENOMEM. */
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v); /* frees what arch_vcpu_create took */
/* Hypervisor memory the arch parts of v take. */
size_t arch_vcpu_hv_bytes(const struct vcpu *v);
/* VCPUOP_initialise: load c into v (not running); 0 or -errno. */
int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c);
/*
 * XEN_DOMCTL_setvcpucontext of an initialised v (paused, off every CPU): new
 * registers, callbacks, FPU, CR0.TS/CR4 and debug registers, only with the
 * tables v already has (-EOPNOTSUPP otherwise, as Xen).
 */
int arch_reload_info_guest(struct vcpu *v, const struct vcpu_guest_context *c);
/* XEN_DOMCTL_getvcpucontext: v's state (paused, off every CPU) as a context. */
void arch_get_info_guest(const struct vcpu *v, struct vcpu_guest_context *c);
/* Save prev's state, load next's, and run next; does not return. */
void __noreturn arch_context_switch(struct vcpu *prev, struct vcpu *next);
/* Return to v, which was already loaded on this CPU. */
void __noreturn arch_continue_running(struct vcpu *v);
/* Refresh v's vcpu_time_info in shared info from the current system time. */
void arch_update_vcpu_time(struct vcpu *v);
/* Write the wallclock into d's shared info. */
void arch_update_wallclock(struct domain *d);
/* The rate, kHz, of the TSC a PV guest reads (the host's: never emulated). */
u32 arch_guest_tsc_khz(void);
/* Drop every reference d's page tables and vCPUs hold (domain_kill). */
void arch_domain_relinquish(struct domain *d);
/* Log-dirty (common/logdirty.c): are the guest's own stores tracked? */
bool arch_logdirty_tracks_stores(void);
/* Log-dirty turned on for d (paused, bitmap in place): start store tracking. */
int arch_logdirty_enable(struct domain *d);
/* Log-dirty about to go off for d (paused or dying): stop store tracking. */
void arch_logdirty_disable(struct domain *d);
/* After a CLEAN of d (paused): revoke write access, so stores mark again. */
void arch_logdirty_clean(struct domain *d);

/* --- hypercalls ------------------------------------------------------------ */

/* Call hypercall nr with these arguments (-ENOSYS if there is none). */
long arch_hypercall_call(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
/* +1 entering a multicall, -1 leaving (no continuations inside). */
void arch_multicall_nest(int delta);
/* memory_op sub-ops common code does not know; -ENOSYS for unknown ones. */
long arch_memory_op(unsigned int op, u64 arg);
/* Copy len bytes from guest va src; returns the bytes NOT copied. */
size_t arch_copy_from_guest_raw(void *dst, unsigned long src, size_t len);
size_t arch_copy_from_guest_u32(void *dst, unsigned long src); /* 4 bytes; 4 if it faulted */
/* Copy len bytes to guest va dst; returns the bytes NOT copied. */
size_t arch_copy_to_guest_raw(unsigned long dst, const void *src, size_t len);
size_t arch_copy_to_guest_u16(unsigned long dst, u16 v); /* 2 bytes; 2 if it faulted */
/* Whether [va, va + len) lies in the guest's part of the address space. */
bool arch_guest_range_ok(unsigned long va, size_t len);

/* --- grant mappings ---------------------------------------------------------- */

/*
 * One hypercall's batch of grant ops (zero-initialised by the caller): up
 * to ARCH_GRANT_TABLES of the page tables its ops' slots lay in, each held
 * (with its reference) for later ops in the same table until a new one
 * displaces the oldest, or arch_grant_batch_end(), which every batch
 * calls. netback's batches name slots of a few tables in turn.
 */
#define ARCH_GRANT_TABLES 4
struct arch_grant_held {
	unsigned long root; /* the tables walked, or ~0: a table named by address */
	u64 tag;	    /* which part of them (the table's region, or its frame) */
	unsigned long table;
};
struct arch_grant_batch {
	struct arch_grant_held held[ARCH_GRANT_TABLES];
	unsigned int nr;   /* held[0, nr) hold a reference */
	unsigned int last; /* the entry the last op used (valid if nr) */
	unsigned int next; /* the entry a new table displaces once all are used */
};

/* Map mfn at addr (a VA, or with GNTMAP_contains_pte a PTE's machine address). */
int arch_grant_map(struct arch_grant_batch *b, u64 addr, unsigned long mfn, u32 flags);
/* Unmap mfn from addr; new_addr != 0: move new_addr's PTE there instead. */
int arch_grant_replace(struct arch_grant_batch *b, u64 addr, unsigned long mfn, u64 new_addr,
		       u32 flags);
/* The end of a batch: drop what b holds. */
void arch_grant_batch_end(struct arch_grant_batch *b);
/* Flush d's TLBs after removing host mappings, before dropping references. */
void arch_grant_flush_tlb(struct domain *d);

/* --- console and diagnostics -------------------------------------------------- */

/* Set up the serial port for the console. */
void arch_serial_init(void);
/* Write one character to the serial port (polled). */
void arch_serial_putc(char c);
/* Wait (bounded) until the serial line has sent all it was given. */
void arch_serial_drain(void);
/* A received character, or -1 when nothing is pending. */
int arch_serial_getc(void);
/* Print a guest's register frame. */
void arch_show_guest_registers(const struct cpu_user_regs *regs);
/* Print the hypervisor call chain from frame (rip, rbp) upwards. */
void arch_show_stack_trace(unsigned long rip, unsigned long rbp);

/* --- physical IRQs (the hardware domain's device interrupts) ------------- */

/* Has d mapped pirq (PHYSDEVOP_map_pirq)? Xen's pirq_access_permitted. */
bool arch_pirq_owned(const struct domain *d, unsigned int pirq);
/* Deliver d's pirq to port (d->event_lock held): 0, -EPERM, -EEXIST or -EBUSY. */
int arch_pirq_bind(struct domain *d, unsigned int pirq, unsigned int port);
/* Stop delivering pirq to port, if it goes there (d->event_lock held). */
void arch_pirq_unbind(struct domain *d, unsigned int pirq, unsigned int port);

#endif
