/* PV vCPU mechanics shared by traps, hypercalls and emulation (arch/x86/pv/). */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <xeno/sched.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_IOPL (3UL << 12)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_RF (1UL << 16)
#define X86_EFLAGS_VM (1UL << 17)

/*
 * The virtual IDT, 8 bytes a vector: the handler's address with the
 * trap_info flags (DPL, interrupt gate) in bits 48-55. Handlers are
 * canonical guest addresses, so bit 47 restores bits 48-63. The selector is
 * always FLAT_KERNEL_CS. Vectors 0-31 sit in pv->traps; a guest sets few
 * others (Linux: 0x80), which sit in pv->trap_inline with their vector in
 * bits 56-63 until a third one moves them all to a table of 224
 * (pv->traps_high, allocated by pv_set_trap()/pv_traps_reserve()).
 */
#define PV_TRAP_VEC_SHIFT 56

static inline u64 pv_trap_entry(const struct pv_vcpu *pv, unsigned int vec)
{
	if (vec < PV_LOW_TRAPS)
		return pv->traps[vec];
	if (pv->traps_high)
		return pv->traps_high[vec - PV_LOW_TRAPS];
	for (unsigned int i = 0; i < PV_INLINE_HIGH_TRAPS; i++)
		if (pv->trap_inline[i] && pv->trap_inline[i] >> PV_TRAP_VEC_SHIFT == vec)
			return pv->trap_inline[i];
	return 0;
}

static inline u64 pv_trap_address(const struct pv_vcpu *pv, unsigned int vec)
{
	u64 t = pv_trap_entry(pv, vec);

	return t ? (u64)((s64)(t << 16) >> 16) : 0;
}

static inline u8 pv_trap_flags(const struct pv_vcpu *pv, unsigned int vec)
{
	return (u8)(pv_trap_entry(pv, vec) >> 48);
}

/* Set vec's handler (0: none); -ENOMEM if a third vector >= 32 needs the table and none can be had.
 */
int pv_set_trap(struct pv_vcpu *pv, unsigned int vec, u64 address, u8 flags);
/* Forget every handler (the table, if any, is kept). */
void pv_clear_traps(struct pv_vcpu *pv);
/* Make room for the handlers of ctxt[0..255], so that setting them cannot fail. */
int pv_traps_reserve(struct pv_vcpu *pv, const struct trap_info *ctxt);

static inline struct cpu_user_regs *guest_regs(void)
{
	return &get_cpu_info()->guest_regs;
}

/*
 * VMASST_TYPE_architectural_iopl: the virtual IOPL is what the guest's iret
 * frames say and shows in its bounce frames; its kernel counts as ring 0.
 */
static inline bool pv_architectural_iopl(const struct domain *d)
{
	return d->vm_assist & (1UL << VMASST_TYPE_architectural_iopl);
}

/*
 * Switch between guest kernel and guest user mode (page tables, GS bases).
 * Inline: every user system call and its iret back run it.
 */
static inline void toggle_guest_mode(struct vcpu *v)
{
	struct pv_vcpu *pv = &v->pv;
	bool kernel = !pv->kernel_mode; /* held: not read again after swapgs */

	pv->kernel_mode = kernel;
	__asm__ __volatile__("swapgs" ::: "memory");
	write_cr3(pv_vcpu_root(v, kernel));
}
/*
 * Deliver an exception, interrupt or callback to the guest kernel: build the
 * bounce frame (RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS) and point
 * regs at handler. A fault writing the frame crashes the domain.
 */
void pv_bounce(struct vcpu *v, struct cpu_user_regs *regs, u64 handler, const u32 *error_code,
	       bool mask_events);
/* The same to the event callback, events masked: the upcall's own copy. */
void pv_bounce_upcall(struct vcpu *v, struct cpu_user_regs *regs);
/* Exception `vector` from the guest: to its trap table, or crash it. */
void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector, const u32 *error_code);
/* Hardware exception taken in guest context. */
void pv_do_exception(struct cpu_user_regs *regs);
/* The same for a #PF from the guest (its own entry stub, cpu/entry.S; v = current). */
void pv_do_page_fault(struct cpu_user_regs *regs, struct vcpu *v);
/* Privileged-instruction emulation for #GP/#UD; true if handled. */
bool pv_emulate_privileged(struct cpu_user_regs *regs);
bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs);
/* A byte of dom0's port I/O to PIT channel 2 (0x42, 0x43, 0x61); false if not one. */
bool pv_pit_ch2_io(const struct domain *d, unsigned int port, unsigned int size, bool is_in,
		   u8 *val);
void pv_syscall_from_user(struct cpu_user_regs *regs);
/* Fill a guest frame with the 64-bit PV hypercall stubs (hypercall_page.c). */
void pv_init_hypercall_page(void *page);
/* CPUID faulting is on (setup.c): offered to guests as MSR_PLATFORM_INFO bit 31. */
extern bool cpu_has_cpuid_faulting;
/* The CPUID view of PV guests. */
/* Free d's XENMEM_set_memory_map map (destruction). */
void arch_domain_free_memory_map(struct domain *d);

/* Xen 4.17's limits for guest CPUID leaves (its CPUID_GUEST_NR_*). */
#define PV_CPUID_MAX_BASIC 0xdu
#define PV_CPUID_MAX_FEAT 2u
#define PV_CPUID_MAX_EXTD 0x80000021u
/* CPUID as d's vCPUs see it (d NULL: the PV default policy). */
void pv_cpuid(const struct domain *d, u32 leaf, u32 subleaf, struct cpuid_regs *r);
/* Highest leaf of leaf's range (0, 7: its subleaves, 0x80000000) for d. */
u32 pv_cpuid_limit(const struct domain *d, u32 leaf);
/* d's featureset (d NULL: the PV default's). */
void pv_featureset(const struct domain *d, u32 fs[CPU_FEATURESET_WORDS]);
void pv_iret_fault(struct cpu_user_regs *regs);
/* Failsafe callback with the DS, ES, FS, GS that could not be restored. */
void pv_failsafe(struct cpu_user_regs *regs, const u64 segs[4]);
/* Data selectors around time off the CPU (pv/domain.c). */
/* Debug registers (pv/debugreg.c). Load DR0-3, DR6, DR7 from dr[8] (NULL: all off). */
void pv_load_debugregs(const u64 *dr);
void pv_reset_debugregs(struct vcpu *v);
void pv_switch_debugregs(const struct vcpu *next);
long pv_set_debugreg(struct vcpu *v, unsigned int reg, u64 value);
long pv_get_debugreg(const struct vcpu *v, unsigned int reg, u64 *value);
void pv_debug_trap_dr6(struct vcpu *v);
bool pv_io_breakpoint_hit(struct vcpu *v, unsigned int port, unsigned int len);

/* Machine-check MSRs (pv/vmce.c): rd/wr false means #GP. */
struct hvm_vmce_vcpu;
void pv_vmce_init(struct vcpu *v);
bool pv_vmce_msr(u32 msr);
bool pv_vmce_rdmsr(const struct vcpu *v, u32 msr, u64 *val);
bool pv_vmce_wrmsr(struct vcpu *v, u32 msr, u64 val);
void pv_vmce_save(const struct vcpu *v, struct hvm_vmce_vcpu *r);
int pv_vmce_restore(struct vcpu *v, const struct hvm_vmce_vcpu *r);

/* Port I/O after the IOPL check (pv/ioport.c): what the port gives the domain. */
bool pv_is_hardware_domain(const struct domain *d);
u32 pv_io_read(const struct domain *d, unsigned int port, unsigned int size);
void pv_io_write(const struct domain *d, unsigned int port, unsigned int size, u32 val);
u16 ns16550_io_base(void); /* the hypervisor's UART (platform/ns16550.c) */
/* Set the wallclock of every domain (pv/time.c; XENPF_settime). */
void pv_set_wallclock(u64 secs, u32 nsecs, u64 system_time);
void pv_load_gdt_frames(struct vcpu *v);
int pv_set_gdt(struct vcpu *v, const unsigned long *list, unsigned int entries);
/* Guest LDTs (pv/ldt.c). */
void pv_ldt_init(struct vcpu *v);
void pv_ldt_release(struct vcpu *v);
void pv_ldt_load(const struct vcpu *v);
int pv_set_ldt(struct vcpu *v, u64 base, unsigned int ents);
bool pv_ldt_fault(struct cpu_user_regs *regs, u64 cr2);
void pv_save_segments(struct vcpu *v);
void pv_load_segments(struct vcpu *v);
/* XCR0 bits a PV guest may set: those the hypervisor enabled. */
u64 pv_xcr0_allowed(void);
/* vCPU FPU state (pv/domain.c): XSAVE (standard format) or FXSAVE, and its size. */
bool pv_fpu_uses_xsave(void);
unsigned int pv_fpu_area_size(void);
/* Guest CR4 view and its guest-controlled bits (FSGSBASE). */
u64 pv_guest_cr4(const struct vcpu *v);
void pv_set_guest_cr4(struct vcpu *v, u64 val);
/* v's FS base, its kernel's or user's GS base: one MSR read while v runs with FSGSBASE. */
u64 pv_fs_base(struct vcpu *v);
u64 pv_gs_base(struct vcpu *v, bool kernel);
/* Install a new kernel base table (MMUEXT_NEW_BASEPTR, mov to CR3). */
int pv_set_kernel_base(struct vcpu *v, u64 mfn);
/* Last step before any return to a guest: deliver a pending event upcall. */
void pv_exit_to_guest(struct cpu_user_regs *regs);

#endif
