/*
 * PV vCPU hypercalls: set_trap_table, set_callbacks, callback_op,
 * stack_switch, set_segment_base, iret, fpu_taskswitch (set/get_debugreg:
 * pv/debugreg.c).
 * Each validates its arguments fully before changing vCPU state; guest code
 * addresses must lie in guest space (guest_range_ok).
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <xeno/traps.h>
#include <asm/guest_words.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/callback.h>

#define MAX_TRAP_ENTRIES 4096 /* bound on a trap table list (no preemption) */

static bool guest_code_ok(u64 addr)
{
	return guest_range_ok(addr, 1);
}

static u64 trap_pack(u64 address, u8 flags)
{
	return address ? (address & ((1UL << 48) - 1)) | ((u64)flags << 48) : 0;
}

/* The table of vectors 32-255, the inline ones moved into it. */
static int traps_spill(struct pv_vcpu *pv)
{
	u64 *high = xzalloc_bytes((MAX_GUEST_TRAPS - PV_LOW_TRAPS) * sizeof(u64));

	if (!high)
		return -ENOMEM;
	for (unsigned int i = 0; i < PV_INLINE_HIGH_TRAPS; i++) {
		u64 t = pv->trap_inline[i];

		if (t)
			high[(t >> PV_TRAP_VEC_SHIFT) - PV_LOW_TRAPS] =
				t & ((1UL << PV_TRAP_VEC_SHIFT) - 1);
		pv->trap_inline[i] = 0;
	}
	pv->traps_high = high;
	return 0;
}

/* An inline slot for vec: the one holding it, else a free one, else NULL. */
static u64 *trap_inline_slot(struct pv_vcpu *pv, unsigned int vec)
{
	u64 *free = NULL;

	for (unsigned int i = 0; i < PV_INLINE_HIGH_TRAPS; i++) {
		u64 *slot = &pv->trap_inline[i];

		if (*slot && *slot >> PV_TRAP_VEC_SHIFT == vec)
			return slot;
		if (!*slot && !free)
			free = slot;
	}
	return free;
}

int pv_set_trap(struct pv_vcpu *pv, unsigned int vec, u64 address, u8 flags)
{
	u64 t = trap_pack(address, flags);
	u64 *slot;
	int rc;

	if (vec < PV_LOW_TRAPS) {
		pv->traps[vec] = t;
		return 0;
	}
	if (!pv->traps_high) {
		if ((slot = trap_inline_slot(pv, vec))) {
			*slot = t ? t | (u64)vec << PV_TRAP_VEC_SHIFT : 0;
			return 0;
		}
		if (!t)
			return 0;
		if ((rc = traps_spill(pv)))
			return rc;
	}
	pv->traps_high[vec - PV_LOW_TRAPS] = t;
	return 0;
}

void pv_clear_traps(struct pv_vcpu *pv)
{
	memset(pv->traps, 0, sizeof(pv->traps));
	memset(pv->trap_inline, 0, sizeof(pv->trap_inline));
	if (pv->traps_high)
		memset(pv->traps_high, 0, (MAX_GUEST_TRAPS - PV_LOW_TRAPS) * sizeof(u64));
}

int pv_traps_reserve(struct pv_vcpu *pv, const struct trap_info *ctxt)
{
	unsigned int high = 0;

	for (unsigned int i = PV_LOW_TRAPS; i < MAX_GUEST_TRAPS; i++)
		high += ctxt[i].address != 0;
	return high > PV_INLINE_HIGH_TRAPS && !pv->traps_high ? traps_spill(pv) : 0;
}

long do_set_trap_table(u64 traps, u64 a2, u64 a3, u64 a4, u64 a5)
{
	XEN_GUEST_HANDLE(trap_info_t) list = guest_handle_from(trap_info_t, traps);
	struct pv_vcpu *pv = &current->pv;
	struct trap_info t;
	int rc;

	if (guest_handle_is_null(list)) {
		pv_clear_traps(pv);
		return 0;
	}
	for (unsigned int i = 0; i < MAX_TRAP_ENTRIES; i++, guest_handle_add_offset(list, 1)) {
		if (copy_from_guest(&t, list, 1))
			return -EFAULT;
		if (!t.address)
			return 0;
		if (!guest_code_ok(t.address))
			return -EINVAL;
		if ((rc = pv_set_trap(pv, t.vector, t.address, t.flags)))
			return rc;
	}
	return -E2BIG;
}

static long set_callback(struct pv_vcpu *pv, unsigned int type, u64 addr, bool mask)
{
	if (addr && !guest_code_ok(addr))
		return -EINVAL;
	switch (type) {
	case CALLBACKTYPE_event:
		pv->event_callback = addr;
		pv->event_masks = true;
		break;
	case CALLBACKTYPE_failsafe:
		pv->failsafe_callback = addr;
		pv->failsafe_masks = mask;
		break;
	case CALLBACKTYPE_syscall:
		pv->syscall_callback = addr;
		pv->syscall_masks = mask;
		break;
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return 0; /* 32-bit user code is not supported; accepted and ignored */
	case CALLBACKTYPE_nmi: return current->domain->is_privileged ? 0 : -EPERM;
	default: return -EINVAL;
	}
	return 0;
}

long do_set_callbacks(u64 event, u64 failsafe, u64 syscall, u64 a4, u64 a5)
{
	struct pv_vcpu *pv = &current->pv;

	if (!guest_code_ok(event) || !guest_code_ok(failsafe) || !guest_code_ok(syscall))
		return -EINVAL;
	set_callback(pv, CALLBACKTYPE_event, event, true);
	set_callback(pv, CALLBACKTYPE_failsafe, failsafe, false);
	set_callback(pv, CALLBACKTYPE_syscall, syscall, false);
	return 0;
}

long callback_register(struct callback_register *reg, struct subop_call c)
{
	return set_callback(&current->pv, reg->type, reg->address,
			    reg->flags & CALLBACKF_mask_events);
}

long callback_unregister(struct callback_unregister *unreg, struct subop_call c)
{
	if (unreg->type == CALLBACKTYPE_event || unreg->type == CALLBACKTYPE_failsafe)
		return -EINVAL; /* these cannot be unregistered */
	return set_callback(&current->pv, unreg->type, 0, false);
}

/* Sub-ops by table (xeno/hypercalls.def). */
long do_callback_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(callback_op, cmd, c);
}

long do_stack_switch(u64 ss, u64 sp, u64 a3, u64 a4, u64 a5)
{
	if ((ss & 3) != 3 && (ss & 3) != 0)
		return -EPERM;
	current->pv.kernel_ss = ss | 3;
	current->pv.kernel_sp = sp;
	return 0;
}

static bool is_canonical(u64 a)
{
	return (u64)((s64)(a << 16) >> 16) == a;
}

static long load_user_gs_selector(u16 sel)
{
	long rc = 0;

	__asm__ __volatile__("swapgs\n"
			     "1: movl %k1, %%gs\n"
			     "2: swapgs\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xorl %k1, %k1\n"
			     "   movl %k1, %%gs\n"
			     "   movq $-22, %0\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : "+r"(rc), "+r"(sel));
	return rc;
}

long do_set_segment_base(u64 which, u64 base, u64 a3, u64 a4, u64 a5)
{
	struct pv_vcpu *pv = &current->pv;

	if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
		return -EINVAL;
	switch (which) {
	case SEGBASE_FS:
		pv->fs_base = base;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		pv->gs_base_user = base;
		wrmsr(MSR_SHADOW_GS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		pv->gs_base_kernel = base;
		wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		pv->gs_sel_user = (u16)base;
		return load_user_gs_selector((u16)base);
	default: return -EINVAL;
	}
}

static void __attribute__((noinline, cold)) iret_crash(struct vcpu *v, const char *why)
{
	domain_crash(v->domain, why);
}

#define IRET_WORD(field) (offsetof(struct iret_context, field))

/*
 * Consumes a struct iret_context at the guest RSP; returns the saved RAX.
 * Each word goes straight from the guest's stack to the frame (no staging
 * copy, so no spills: every system call's return runs this); the words
 * RCX and R11 are read, and their fault counted, even when VGCF_in_syscall
 * replaces them. A context that faults crashes the domain.
 */
long do_iret(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct cpu_user_regs *regs = guest_regs();
	struct vcpu *v = current;
	unsigned long sp = regs->rsp;
	unsigned int fault = 0;
	u64 rax, cs, flags, rflags;

	BUILD_BUG_ON(sizeof(struct iret_context) != 9 * sizeof(u64));
	if (unlikely(!guest_va_range_ok(sp, sizeof(struct iret_context)))) {
		iret_crash(v, "iret: unreadable iret context");
		return 0;
	}
	user_access_begin();
	cs = guest_word_get(sp + IRET_WORD(cs), &fault);
	rflags = guest_word_get(sp + IRET_WORD(rflags), &fault);
	flags = guest_word_get(sp + IRET_WORD(flags), &fault);
	regs->rip = guest_word_get(sp + IRET_WORD(rip), &fault);
	regs->rsp = guest_word_get(sp + IRET_WORD(rsp), &fault);
	regs->ss = guest_word_get(sp + IRET_WORD(ss), &fault) | 3;
	regs->r11 = guest_word_get(sp + IRET_WORD(r11), &fault);
	regs->rcx = guest_word_get(sp + IRET_WORD(rcx), &fault);
	rax = guest_word_get(sp + IRET_WORD(rax), &fault);
	user_access_end();
	if (unlikely(fault)) {
		iret_crash(v, "iret: unreadable iret context");
		return 0;
	}
	if ((cs & 3) == 3) {
		if (unlikely(mfn_x(v->pv.guest_table_user) == mfn_x(INVALID_MFN))) {
			iret_crash(v, "iret to user mode without a user page table");
			return 0;
		}
		toggle_guest_mode(v);
	}
	if (pv_architectural_iopl(v->domain))
		v->pv.iopl = (unsigned int)((rflags & X86_EFLAGS_IOPL) >> 12);
	regs->cs = cs | 3;
	regs->rflags = (rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
	if (flags &
	    VGCF_in_syscall) { /* Xen returns with SYSRET: RCX and R11 carry RIP and RFLAGS */
		regs->rcx = regs->rip;
		regs->r11 = regs->rflags;
	}
	v->vcpu_info->evtchn_upcall_mask = !(rflags & X86_EFLAGS_IF);
	return (long)rax;
}

/* pv/iret_entry.S's crash of the domain, why as do_iret()'s. */
void pv_iret_crash(struct cpu_user_regs *regs, unsigned int no_user_table);
void pv_iret_crash(struct cpu_user_regs *regs, unsigned int no_user_table)
{
	iret_crash(current, no_user_table ? "iret to user mode without a user page table"
					  : "iret: unreadable iret context");
}

long do_fpu_taskswitch(u64 set, u64 a2, u64 a3, u64 a4, u64 a5)
{
	current->pv.fpu_ts = set != 0;
	if (set)
		write_cr0(read_cr0() | X86_CR0_TS);
	else
		__asm__ __volatile__("clts");
	return 0;
}
