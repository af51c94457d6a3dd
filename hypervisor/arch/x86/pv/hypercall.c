/*
 * The hypercall table and SYSCALL entry from a PV guest.
 *
 * A SYSCALL from guest kernel mode is a hypercall: rax = number, arguments
 * in rdi, rsi, rdx, r10, r8, result in rax. The table comes from
 * xeno/hypercalls.def; numbers without a handler return -ENOSYS and are
 * logged once each, by name. (A SYSCALL from guest user mode
 * is the guest's own system call and is bounced to its syscall callback.)
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <xeno/trace.h>
#include <public/xen.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>

#define NR_HYPERCALLS 64

#define HYPERCALL_ROW_IMPL(name) [__HYPERVISOR_##name] = {do_##name, #name},
#define HYPERCALL_ROW_PARTIAL HYPERCALL_ROW_IMPL
#define HYPERCALL_ROW_ENOSYS(name) [__HYPERVISOR_##name] = {hypercall_ni, #name},

static long hypercall_ni(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/*
 * Not static: pv/entry.S calls through it directly (16 bytes a row, the
 * handler first, NR_HYPERCALLS rows). Every row has a handler, so the
 * entry needs no test for one: a number without its own (an ENOSYS row
 * or no row) has hypercall_ni, which arch_hypercall_call tests for.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init" /* the default row first */
const struct hypercall_row {
	hypercall_fn_t fn;
	const char *name;
} hypercall_table[NR_HYPERCALLS] = {
	[0 ... NR_HYPERCALLS - 1] = {hypercall_ni, NULL},
#define HYPERCALL(name, status) HYPERCALL_ROW_##status(name)
#include <xeno/hypercalls.def>
};
#pragma GCC diagnostic pop

static u64 enosys_logged;

static void __attribute__((noinline, cold)) log_enosys_once(u64 nr)
{
	u64 bit = 1ULL << (nr < 64 ? nr : 63);
	const char *name = nr < NR_HYPERCALLS ? hypercall_table[nr].name : NULL;

	if (__atomic_fetch_or(&enosys_logged, bit, __ATOMIC_RELAXED) & bit)
		return;
	if (name)
		printk(XENLOG_WARNING "d%u: hypercall %s (%lu) not implemented\n",
		       current->domain->domain_id, name, (unsigned long)nr);
	else
		printk(XENLOG_WARNING "d%u: hypercall %lu not implemented\n",
		       current->domain->domain_id, (unsigned long)nr);
}

/*
 * A number with no handler, called from pv/entry.S's table call only (the
 * frame's RAX is the number; arch_hypercall_call never calls it).
 */
static long hypercall_ni(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	log_enosys_once(get_cpu_info()->guest_regs.rax);
	return -ENOSYS;
}

void arch_multicall_nest(int delta)
{
	get_cpu_info()->multicall_depth += (u16)delta;
}

bool hypercall_preempt_check(void)
{
	struct vcpu *v = current;

	if (get_cpu_info()->multicall_depth)
		return false;
	/* An interrupt window: STI holds interrupts off for one more instruction. */
	__asm__ __volatile__("sti; nop; cli" ::: "memory");
	return sched_pending() || vcpu_upcall_deliverable(v);
}

long hypercall_create_continuation(unsigned int nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct cpu_user_regs *regs = &get_cpu_info()->guest_regs;

	regs->rdi = a1, regs->rsi = a2, regs->rdx = a3, regs->r10 = a4, regs->r8 = a5;
	regs->rax = nr;
	regs->rip -= 2; /* back onto the SYSCALL: the hypercall runs again */
	get_cpu_info()->hypercall_continued = 1;
	return 0;
}

long arch_hypercall_call(u64 nr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	BUILD_BUG_ON(sizeof(struct hypercall_row) != 16 || NR_HYPERCALLS != 64);
	if (nr >= NR_HYPERCALLS || hypercall_table[nr].fn == hypercall_ni) {
		log_enosys_once(nr);
		return -ENOSYS;
	}
	return hypercall_table[nr].fn(a1, a2, a3, a4, a5);
}

/*
 * trace_hypercalls | opt_mm_audit: the one byte pv/entry.S and
 * pv/mmu_entry.S test for the slow path. Set once, before any guest runs.
 */
u8 hypercall_slow;

void arch_hypercall_init(void)
{
	hypercall_slow = trace_hypercalls | opt_mm_audit;
}

/* Debugging aid: hypercall_trace=N logs the first N hypercalls and results. */
static unsigned long opt_hypercall_trace;

static int parse_hypercall_trace(const char *s)
{
	opt_hypercall_trace = s ? simple_strtoul(s, NULL, 0) : 0;
	trace_hypercalls |= opt_hypercall_trace != 0;
	return 0;
}
custom_param("hypercall_trace", parse_hypercall_trace);

static inline __attribute__((always_inline)) void call_and_return(struct cpu_user_regs *regs,
								  u64 nr)
{
	long rc = arch_hypercall_call(nr, regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);

	if (get_cpu_info()->hypercall_continued)
		get_cpu_info()->hypercall_continued = 0; /* the registers hold it */
	else
		regs->rax = (u64)rc;
}

/*
 * The slow path (tbuf_size=, hypercall_trace= or mm_audit): tracing and
 * the frame audit around the call, off the fast one.
 */
static void __attribute__((noinline)) hypercall_dispatch_slow(struct cpu_user_regs *regs)
{
	u64 nr = regs->rax;

	TRACE(TRC_HC_ENTRY, nr, regs->rdi);
	mm_audit_before_hypercall();
	call_and_return(regs, nr);
	mm_audit_after_hypercall(current->domain);
	TRACE(TRC_HC_EXIT, nr, regs->rax);
	if (opt_hypercall_trace) {
		opt_hypercall_trace--;
		printk("d%u hc %lu %s(%lx, %lx, %lx, %lx) = %ld @%lx\n", current->domain->domain_id,
		       (unsigned long)nr,
		       nr < NR_HYPERCALLS && hypercall_table[nr].name ? hypercall_table[nr].name
								      : "?",
		       regs->rdi, regs->rsi, regs->rdx, regs->r10, (long)regs->rax, regs->rip);
	}
}

/*
 * One test of one byte (hypercall_slow) keeps the fast path short. pv/entry.S makes the
 * same call itself (the same flags tested, the same continuation rule) and
 * comes here only for those flags, a number past the table or without a
 * handler.
 */
void hypercall_dispatch(struct cpu_user_regs *regs)
{
	if (unlikely(hypercall_slow)) {
		hypercall_dispatch_slow(regs);
		return;
	}
	call_and_return(regs, regs->rax);
}
