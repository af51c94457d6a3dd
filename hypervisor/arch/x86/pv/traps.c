/*
 * Exceptions, system calls and callbacks for PV guests.
 *
 * Both guest kernel and guest user run at CPL3; the vCPU's kernel_mode flag
 * says which one is current, and toggle_guest_mode() (asm/pv.h) swaps the page tables
 * (kernel L4 / user L4) and the GS bases on every transition. Delivering
 * anything to the guest builds a bounce frame on its kernel stack (the
 * current stack in kernel mode, kernel_sp after switching from user mode)
 * in the ABI's layout and resumes at the registered handler.
 */
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/trace.h>
#include <xeno/traps.h>
#include <asm/guest_words.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~3UL)

/* RFLAGS as the guest sees them: IF from its event mask, IOPL if architectural. */
static inline u64 guest_rflags(const struct vcpu *v, const struct cpu_user_regs *regs)
{
	u64 f = regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL);

	if (pv_architectural_iopl(v->domain))
		f |= (u64)v->pv.iopl << 12;
	return v->vcpu_info->evtchn_upcall_mask ? f : f | X86_EFLAGS_IF;
}

/*
 * Frame from the final RSP up: RCX, R11, mid[0..nmid), RIP, CS, RFLAGS, RSP, SS.
 * Inlined where nmid is a constant, so the frame is stored word by word
 * (asm/guest_words.h) with no staging copy.
 */
static inline __attribute__((always_inline)) void bounce_frame(struct vcpu *v,
							       struct cpu_user_regs *regs,
							       u64 handler, const u64 *mid,
							       unsigned int nmid, bool mask_events)
{
	u64 frame[11], cs = regs->cs, sp;
	unsigned int n = 0;
	u8 mask = v->vcpu_info->evtchn_upcall_mask;

	if (v->pv.kernel_mode) {
		sp = regs->rsp;
		cs &= ~3UL; /* tells the guest the interrupted context was its kernel */
	} else {
		toggle_guest_mode(v);
		sp = v->pv.kernel_sp;
	}
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	for (unsigned int i = 0; i < nmid; i++)
		frame[n++] = mid[i];
	frame[n++] = regs->rip;
	frame[n++] = cs | ((u64)mask << 32);
	frame[n++] = guest_rflags(v, regs);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	sp = (sp & ~15UL) - n * 8;
	if (guest_words_put(sp, frame, n))
		domain_crash(v->domain, "fault while writing a bounce frame to the guest stack");
	if (mask_events)
		v->vcpu_info->evtchn_upcall_mask = 1;
	regs->rsp = sp;
	regs->rip = handler;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rflags &=
		~(X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF | X86_EFLAGS_NT | X86_EFLAGS_AC);
	regs->rflags |= X86_EFLAGS_IF;
}

void pv_bounce(struct vcpu *v, struct cpu_user_regs *regs, u64 handler, const u32 *error_code,
	       bool mask_events)
{
	u64 ec;

	if (!error_code) { /* upcalls, syscalls, most exceptions */
		bounce_frame(v, regs, handler, NULL, 0, mask_events);
		return;
	}
	ec = *error_code;
	bounce_frame(v, regs, handler, &ec, 1, mask_events);
}

void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector, const u32 *error_code)
{
	struct vcpu *v = current;
	u64 handler = pv_trap_address(&v->pv, vector);

	if (!handler) {
		printk(XENLOG_ERR "d%u v%u: no trap handler for vector %u at %04lx:%016lx\n",
		       v->domain->domain_id, v->vcpu_id, vector, regs->cs, regs->rip);
		if (vector == 14)
			printk(XENLOG_ERR "page fault address (CR2) %016lx, error code %#x\n",
			       (unsigned long)v->vcpu_info->arch.cr2, error_code ? *error_code : 0);
		arch_show_guest_registers(regs);
		domain_crash(v->domain, "exception without a guest handler");
	}
	pv_bounce(v, regs, handler, error_code, pv_trap_flags(&v->pv, vector) & TI_IF_MASK);
}

static bool vector_has_error_code(unsigned int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}

/*
 * `int $n` faults in hardware (our IDT gates are DPL 0): deliver it if the
 * guest's trap table allows the current guest mode, else #GP with the
 * architectural error code (n << 3) | 2. The instruction is decoded rather
 * than trusting the error code: QEMU TCG reports (n << 4) | 2 in long mode.
 */
static bool software_interrupt(struct cpu_user_regs *regs, u32 *ec)
{
	u8 insn[2];
	u64 handler;
	unsigned int needed = current->pv.kernel_mode ? 1 : 3;

	if (!(regs->error_code & 2) || copy_from_guest_va(insn, regs->rip, 2) || insn[0] != 0xcd)
		return false;
	handler = pv_trap_address(&current->pv, insn[1]);
	if ((pv_trap_flags(&current->pv, insn[1]) & TI_DPL_MASK) < needed || !handler) {
		*ec = ((u32)insn[1] << 3) | 2;
		return false;
	}
	regs->rip += 2;
	pv_bounce(current, regs, handler, NULL, pv_trap_flags(&current->pv, insn[1]) & TI_IF_MASK);
	return true;
}

static inline __attribute__((always_inline)) void do_guest_gp(struct cpu_user_regs *regs)
{
	u32 ec = regs->error_code;

	if (pv_emulate_privileged(regs) || software_interrupt(regs, &ec))
		return;
	pv_inject_exception(regs, 13, &ec);
}

/*
 * A #PF from CPL3 without U/S set is not the guest's own access but an
 * implicit supervisor one. QEMU's TCG (7.2) reports one for a native iretq
 * or far return (lret) at CPL3 when SMAP is on: it reads the frame "as
 * supervisor" from a user page. Decode the instruction and do it ourselves
 * (same privilege, so no mode change). An unusable CS or SS, or a
 * non-canonical RIP, faults on our exit path and becomes the guest's #GP
 * at the target, as TCG itself reports a non-canonical one.
 */
static bool emulate_iretq(struct cpu_user_regs *regs, const u8 *insn)
{
	u64 f[5];

	if (insn[0] != 0x48 || insn[1] != 0xcf || copy_from_guest_va(f, regs->rsp, sizeof(f)))
		return false;
	regs->rip = f[0];
	regs->cs = f[1] | 3;
	regs->rflags = (f[2] & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
	regs->rsp = f[3];
	regs->ss = f[4] | 3;
	return true;
}

/* lret / lret $imm16 (CB, CA iw) with 4-byte slots, 8 with REX.W, 2 with 66. */
static bool emulate_lret(struct cpu_user_regs *regs, const u8 *insn)
{
	unsigned int n = insn[0] == 0x66 || (insn[0] & 0xf0) == 0x40, size = 4;
	u64 rip = 0, cs = 0;
	u16 imm = 0;
	u32 ec;

	if (n)
		size = insn[0] == 0x66 ? 2 : (insn[0] & 8) ? 8 : 4;
	if ((insn[n] != 0xcb && insn[n] != 0xca) ||
	    (insn[n] == 0xca && copy_from_guest_va(&imm, regs->rip + n + 1, 2)) ||
	    copy_from_guest_va(&rip, regs->rsp, size) ||
	    copy_from_guest_va(&cs, regs->rsp + size, size))
		return false;
	cs &= 0xffff;
	if ((cs & 3) != 3 || !(cs & ~3UL)) { /* a null or more privileged CS */
		ec = (u32)cs & 0xfffc;
		pv_inject_exception(regs, 13, &ec);
		return true;
	}
	regs->rip = rip;
	regs->cs = cs;
	regs->rsp += 2 * size + imm;
	return true;
}

static inline __attribute__((always_inline)) bool far_return_quirk(struct cpu_user_regs *regs)
{
	u8 insn[2] = {0};

	if ((regs->error_code & 4) || copy_from_guest_va(insn, regs->rip, 1) ||
	    (copy_from_guest_va(insn + 1, regs->rip + 1, 1) && insn[0] != 0xcb))
		return false;
	return emulate_iretq(regs, insn) || emulate_lret(regs, insn);
}

/*
 * The guest's own #PF (most of a Linux page fault's hypervisor time is this
 * bounce, the mmu_update of the PTE and the iret): the frame is built inline
 * with its error code, without pv_inject_exception()'s general call. A
 * guest without a #PF handler takes that path to be reported and crashed.
 */
static inline __attribute__((always_inline)) void
bounce_page_fault(struct vcpu *v, struct cpu_user_regs *regs, u32 ec)
{
	u64 handler = pv_trap_address(&v->pv, 14), ec64;

	if (!v->pv.kernel_mode)
		ec |= 4;
	v->vcpu_info->arch.cr2 = read_cr2();
	if (unlikely(!handler)) {
		u32 e = ec; /* (only this path takes an address) */

		pv_inject_exception(regs, 14, &e);
		return;
	}
	ec64 = ec;
	bounce_frame(v, regs, handler, &ec64, 1, pv_trap_flags(&v->pv, 14) & TI_IF_MASK);
}

/*
 * Log-dirty and a guest LDT are rare: their handlers are called only when
 * on (the same tests their own first lines make). present: the error
 * code's P bit may be set (false: it is known clear, so no ptwr or MMIO).
 */
static inline __attribute__((always_inline)) void do_guest_pf(struct cpu_user_regs *regs,
							      struct vcpu *v, bool present)
{
	u32 ec = regs->error_code & ~4u; /* U/S reflects guest mode, not CPL */

	if ((pv_shadow_on(v->domain) && pv_shadow_fault(v, read_cr2(), regs->error_code)) ||
	    (v->pv.ldt_ents && pv_ldt_fault(regs, read_cr2())) ||
	    (!(regs->error_code & 4) && far_return_quirk(regs)))
		return;
	/* Both need a write to a present page; most faults are of a page not present. */
	if (present && (regs->error_code & 3) == 3 &&
	    (pv_ptwr_fault(regs, read_cr2()) || pv_mmio_ro_fault(regs, read_cr2())))
		return;
	bounce_page_fault(v, regs, ec);
}

static inline __attribute__((always_inline)) void do_exception(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	u32 ec = regs->error_code;

	if (vec == 14) { /* the common one (every Linux page fault) first */
		do_guest_pf(regs, current, true);
		return;
	}
	if (vec == 1) /* the guest reads the causes with get_debugreg(6) */
		pv_debug_trap_dr6(current);
	if (vec == 7) { /* #NM from the virtual CR0.TS: delivered once, TS cleared (as Xen) */
		current->pv.fpu_ts = false;
		__asm__ __volatile__("clts");
	}
	if (vec == 13)
		do_guest_gp(regs);
	else if (vec == 6 && pv_emulate_forced_cpuid(regs))
		return;
	else
		pv_inject_exception(regs, vec, vector_has_error_code(vec) ? &ec : NULL);
}

/*
 * Traced (tbuf_mask bit 2): #PF records cr2, #GP and #UD the instruction's
 * first 8 bytes (what is emulated), others the error code. A bounce leaves
 * the guest at its handler for vec.
 */
static void __attribute__((noinline)) do_exception_traced(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	u64 what = vec == 14 ? read_cr2() : regs->error_code;

	if ((vec == 13 || vec == 6) && copy_from_guest_va(&what, regs->rip, sizeof(what)))
		what = 0;
	TRACE(TRC_EXC_ENTRY, vec, what);
	do_exception(regs);
	TRACE(TRC_EXC_EXIT, vec, regs->rip == pv_trap_address(&current->pv, vec));
}

static void __attribute__((noinline, cold)) bounce_frame_fault(struct vcpu *v)
{
	domain_crash(v->domain, "fault while writing a bounce frame to the guest stack");
}

/* pv/bounce_entry.S's user #PF bounce could not write its frame: as bounce_frame(). */
void pv_bounce_fault_crash(struct cpu_user_regs *regs);
void pv_bounce_fault_crash(struct cpu_user_regs *regs)
{
	bounce_frame_fault(current);
}

static void __attribute__((noinline)) guest_pf_general(struct cpu_user_regs *regs, struct vcpu *v)
{
	if (unlikely(trace_on & (1u << TRC_CAT_FAULT))) {
		do_exception_traced(regs);
		return;
	}
	do_guest_pf(regs, v, true);
}

/* The same for a fault on a page not present (most kernel-mode #PFs). */
static void __attribute__((noinline))
guest_pf_not_present(struct cpu_user_regs *regs, struct vcpu *v)
{
	if (unlikely(trace_on & (1u << TRC_CAT_FAULT))) {
		do_exception_traced(regs);
		return;
	}
	do_guest_pf(regs, v, false);
}

/* do_guest_pf() after a ptwr that refused: MMIO, else the bounce. */
void pv_page_fault_after_ptwr(struct cpu_user_regs *regs, struct vcpu *v)
{
	if (!pv_mmio_ro_fault(regs, read_cr2()))
		bounce_page_fault(v, regs, regs->error_code & ~4u);
}

/*
 * A write to a present page (every ptwr store: munmap's clears) with no
 * shadow, LDT or tracing on: do_guest_pf() would test those, skip the far
 * return quirk (U is set: the guest runs at CPL3) and try ptwr first, so
 * ptwr is tried straight away (pv_ptwr_kernel_fault goes on with
 * pv_page_fault_after_ptwr if it refuses); the rest as do_guest_pf does.
 */
void pv_do_page_fault(struct cpu_user_regs *regs, struct vcpu *v)
{
	if (!(regs->error_code & 1)) {
		guest_pf_not_present(regs, v);
		return;
	}
	if ((regs->error_code & 6) != 6 || v->pv.ldt_ents || pv_shadow_on(v->domain) ||
	    unlikely(trace_on & (1u << TRC_CAT_FAULT))) {
		guest_pf_general(regs, v);
		return;
	}
	pv_ptwr_kernel_fault(regs); /* (a tail call: no frame here) */
}

void pv_do_exception(struct cpu_user_regs *regs)
{
	if (unlikely(trace_on & (1u << TRC_CAT_FAULT))) {
		do_exception_traced(regs);
		return;
	}
	do_exception(regs);
}

/* SYSCALL from guest user mode: the guest's own system call. */
void pv_syscall_from_user(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;

	if (!v->pv.syscall_callback)
		domain_crash(v->domain, "SYSCALL from user mode without a syscall callback");
	bounce_frame(v, regs, v->pv.syscall_callback, NULL, 0, v->pv.syscall_masks);
}

/* An event upcall (pv/upcall.c): events masked while the callback runs. */
void pv_bounce_upcall(struct vcpu *v, struct cpu_user_regs *regs)
{
	bounce_frame(v, regs, v->pv.event_callback, NULL, 0, true);
}

/*
 * The iretq back to the guest faulted (an unusable CS or SS, a
 * non-canonical RIP in an iret context): as Xen does, the guest gets the
 * fault as its own #GP, with the frame it tried to return to and the
 * hardware's error code. (The failsafe callback is for segment registers
 * that cannot be reloaded on a context switch.)
 */
/* Segment state the guest gave could not be restored: its failsafe callback. */
void pv_failsafe(struct cpu_user_regs *regs, const u64 segs[4])
{
	struct vcpu *v = current;

	if (!v->pv.failsafe_callback)
		domain_crash(v->domain, "bad segment state on return and no failsafe callback");
	bounce_frame(v, regs, v->pv.failsafe_callback, segs, 4, v->pv.failsafe_masks);
}

void pv_iret_fault(struct cpu_user_regs *regs)
{
	u32 ec = this_cpu(fixup_error_code);

	pv_inject_exception(regs, 13, &ec);
}
