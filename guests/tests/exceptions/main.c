/*
 * exceptions: every exception a 64-bit PV guest can raise, from guest
 * kernel mode and from guest user mode, arrives at the trap table's handler
 * with the ABI's frame: vector, error code (where the vector has one), RIP
 * (the instruction, or the next one for traps), CS (kernel frames have RPL
 * 0 and the saved upcall mask in bits 32-39; user frames RPL 3), SS, RSP,
 * and for #PF the faulting address in the guest's CR2.
 * (icebp raises #UD under QEMU TCG, on Xen 4.17 as on xeno: single step is used.)
 * Not raisable by a PV guest: #NMI (2), #BR/#OF (5/4: bound/into are
 * invalid in 64-bit mode; int $4 is a software interrupt, see softint),
 * #DF (8), #TS (10), #NP (11: needs a not-present descriptor of its own),
 * #MC (18), #VE/#CP (20/21); #AC needs CR0.AM, which PV guests do not own.
 * #XM (19): QEMU TCG does not raise SIMD floating-point exceptions (seen on
 * Xen 4.17 and xeno alike), so it is not tested here.
 * A user #PF's whole frame (xeno bounces it on a fast path of its own):
 * RCX and R11 as user mode left them, the upcall mask saved in CS and shown
 * as RFLAGS.IF, events masked or not on delivery by the trap's flag; an
 * event pending (and not masked by the trap) comes first, as an upcall on
 * the bounce's way out.
 */
#include <guest_events.h>
#include <guest_mm.h>

const char test_title[] = "exceptions: vectors, frames and error codes, kernel and user";

struct xcase {
	const char *name;
	long (*fn)(void);
	unsigned int vector;
	int ec;		  /* expected error code, -1: none checked */
	bool after;	  /* RIP is the next instruction (a trap) */
	unsigned int len; /* instruction length, for `after` */
};

extern char de_at[], db_at[], bp_at[], ud_at[], gp_at[], gpsel_at[], pfr_at[], pfw_at[], mf_at[],
	nm_at[];
static volatile uint64_t ro_page_va;

#define CASE(name, body)                                                      \
	static __attribute__((noinline)) long name(void)                      \
	{                                                                     \
		__asm__ __volatile__(body ::: "rax", "rcx", "rdx", "memory"); \
		return 0;                                                     \
	}
CASE(do_de, "xor %%ecx, %%ecx\nxor %%edx, %%edx\nmov $1, %%eax\n"
	    ".globl de_at\nde_at: 1: div %%rcx\n2:\n" EXTABLE(1b, 2b))
CASE(do_db, "pushfq\norq $0x100, (%%rsp)\npopfq\n.globl db_at\ndb_at: 1: nop\n2:\n" EXTABLE(
		    2b, 2b)) /* single step: #DB after the nop */
CASE(do_bp, ".globl bp_at\nbp_at: 1: int3\n2:\n" EXTABLE(2b, 2b))
CASE(do_ud, ".globl ud_at\nud_at: 1: ud2\n2:\n" EXTABLE(1b, 2b))
CASE(do_gp, "movabs $0x8000000000000000, %%rax\n"
	    ".globl gp_at\ngp_at: 1: mov (%%rax), %%rcx\n2:\n" EXTABLE(1b, 2b))
CASE(do_gpsel, "mov $7, %%eax\n.globl gpsel_at\ngpsel_at: 1: mov %%ax, %%ds\n2:\n" EXTABLE(1b, 2b))
CASE(do_pfr,
     "mov $0x1000, %%eax\n.globl pfr_at\npfr_at: 1: mov (%%rax), %%rcx\n2:\n" EXTABLE(1b, 2b))
CASE(do_pfw,
     "mov ro_page_va(%%rip), %%rax\n.globl pfw_at\npfw_at: 1: movq $1, (%%rax)\n2:\n" EXTABLE(1b,
											      2b))
CASE(do_mf,
     "fninit\nsub $8, %%rsp\nmovw $0x37b, (%%rsp)\nfldcw (%%rsp)\nadd $8, %%rsp\n"
     "fld1\nfldz\nfdivrp %%st, %%st(1)\n.globl mf_at\nmf_at: 1: fwait\n2:\nfninit\n" EXTABLE(1b,
											     2b))
CASE(do_nm, ".globl nm_at\nnm_at: 1: fnop\n2:\n" EXTABLE(1b, 2b))

static const struct xcase cases[] = {
	{"#DE div by zero", do_de, 0, -1, false, 0},
	{"#DB single step", do_db, 1, -1, true, 1},
	{"#BP int3", do_bp, 3, -1, true, 1},
	{"#UD ud2", do_ud, 6, -1, false, 0},
	{"#GP non-canonical", do_gp, 13, 0, false, 0},
	{"#GP selector (LDT, none)", do_gpsel, 13, 4, false, 0},
	{"#PF read, not present", do_pfr, 14, 0, false, 0},
	{"#PF write, read-only", do_pfw, 14, 3, false, 0},
	{"#MF x87 zero divide", do_mf, 16, -1, false, 0},
};

static char *const at[] = {de_at, db_at, bp_at, ud_at, gp_at, gpsel_at, pfr_at, pfw_at, mf_at};

static void check_frame(const struct xcase *c, unsigned int i, bool user)
{
	const char *mode = user ? "user" : "kernel";
	uint64_t rip = (uint64_t)at[i] + (c->after ? c->len : 0);
	int ec = c->ec < 0 ? -1 : (int)(c->ec | (user && c->vector == 14 ? 4 : 0));

	check(last_trap.count == 1, "%s %s: %lu deliveries", c->name, mode,
	      (unsigned long)last_trap.count);
	check(last_trap.vector == c->vector, "%s %s: vector %u", c->name, mode, last_trap.vector);
	check(ec < 0 || last_trap.error_code == (unsigned int)ec, "%s %s: error code %#x, want %#x",
	      c->name, mode, last_trap.error_code, ec);
	check(last_trap.rip == rip, "%s %s: rip %#lx, want %#lx", c->name, mode,
	      (unsigned long)last_trap.rip, (unsigned long)rip);
	check((last_trap.cs & 0xffff) == (user ? 0xe033 : 0xe030), "%s %s: cs %#lx", c->name, mode,
	      (unsigned long)last_trap.cs);
	check((last_trap.cs >> 32 & 0xff) == (user ? 0 : 1), "%s %s: saved upcall mask %lu",
	      c->name, mode, (unsigned long)(last_trap.cs >> 32 & 0xff));
	check((last_trap.ss & 0xffff) == 0xe02b, "%s %s: ss %#lx", c->name, mode,
	      (unsigned long)last_trap.ss);
	if (c->vector == 14)
		check(last_trap.cr2 == (i == 6 ? 0x1000 : ro_page_va), "%s %s: cr2 %#lx", c->name,
		      mode, (unsigned long)last_trap.cr2);
}

static void run_all(bool user)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		trap_record_clear();
		if (user)
			exec_user(cases[i].fn);
		else
			cases[i].fn();
		check_frame(&cases[i], i, user);
		if (user)
			check(last_trap.rsp > (uint64_t)user_stack_top - 4096 &&
				      last_trap.rsp <= (uint64_t)user_stack_top,
			      "%s user: rsp %#lx is on the user stack", cases[i].name,
			      (unsigned long)last_trap.rsp);
	}
}

/* #NM: after fpu_taskswitch(1), once, then TS is clear again (in CR0 too). */
static void device_not_available(bool user)
{
	check(hc_fpu_taskswitch(1) == 0 && (read_cr0() & 8), "fpu_taskswitch(1) sets CR0.TS");
	trap_record_clear();
	if (user)
		exec_user(do_nm);
	else
		do_nm();
	check(last_trap.count == 1 && last_trap.vector == 7 && last_trap.rip == (uint64_t)nm_at,
	      "#NM %s: vector %u count %lu", user ? "user" : "kernel", last_trap.vector,
	      (unsigned long)last_trap.count);
	check(!(read_cr0() & 8), "delivering #NM cleared the virtual CR0.TS");
	trap_record_clear();
	do_nm();
	check(last_trap.count == 0, "no second #NM");
}

/* A user #PF of a page not present, taken by the hook (not the ex_table). */
extern char upf_at[], upf_done[];
static struct {
	uint64_t count, rcx, r11, cs, rflags, cr2;
	unsigned int ec;
	uint8_t mask;	       /* evtchn_upcall_mask in the handler */
	unsigned long upcalls; /* event upcalls before the handler ran */
} upf;
static struct shared_info *upf_shared;

static bool upf_hook(struct cpu_regs *r)
{
	if (r->rip != (uint64_t)upf_at)
		return false;
	upf.count++;
	upf.rcx = r->rcx;
	upf.r11 = r->r11;
	upf.cs = r->cs;
	upf.rflags = r->rflags;
	upf.ec = r->error_code;
	upf.mask = upf_shared->vcpu_info[0].evtchn_upcall_mask;
	upf.upcalls = upcall.upcalls;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(upf.cr2));
	r->rip = (uint64_t)upf_done;
	return true;
}

static __attribute__((noinline)) long do_upf(void)
{
	__asm__ __volatile__("movabs $0x1111222233334444, %%rcx\n"
			     "movabs $0x5555666677778888, %%r11\n"
			     "mov $0x1000, %%eax\n"
			     ".globl upf_at\nupf_at: movq $1, (%%rax)\n"
			     ".globl upf_done\nupf_done:\n" ::
				     : "rax", "rcx", "r11", "memory");
	return 0;
}

/* The same fault with an event pending (user mode sets the flag itself). */
static __attribute__((noinline)) long do_upf_pending(void)
{
	upf_shared->vcpu_info[0].evtchn_upcall_pending = 1;
	return do_upf();
}

/*
 * Events unmasked and the #PF trap not masking them: the pending event's
 * upcall comes on the bounce's way out, before the #PF handler runs.
 */
static void user_pf_pending(void)
{
	if (!events_init())
		return;
	memset(&upf, 0, sizeof(upf));
	events_reset_counts();
	upf_shared = shared;
	exec_user_rflags = 0x202;
	trap_hook[14] = upf_hook;
	exec_user(do_upf_pending);
	trap_hook[14] = 0;
	check(upf.count == 1 && upf.upcalls == 1,
	      "user #PF with an event pending: %lu deliveries, %lu upcalls before the handler",
	      (unsigned long)upf.count, upf.upcalls);
	check(upcall.upcalls == 1, "user #PF with an event pending: %lu upcalls in all",
	      upcall.upcalls);
	events_disable();
}

/* User mode with events masked (IF clear in its iret) or not; trap flag 4: mask on delivery. */
static void user_pf_frame(bool masked, bool mask_flag)
{
	const char *how = masked ? "masked" : mask_flag ? "mask on delivery" : "unmasked";

	memset(&upf, 0, sizeof(upf));
	upf_shared = map_shared_info();
	if (!upf_shared) {
		error("cannot map shared_info");
		return;
	}
	check(set_trap(14, mask_flag ? 4 : 0, trap_entry(14)) == 0, "set_trap #PF flags");
	exec_user_rflags = masked ? 0x2 : 0x202;
	trap_hook[14] = upf_hook;
	exec_user(do_upf);
	trap_hook[14] = 0;
	exec_user_rflags = 0x202;
	check(set_trap(14, 0, trap_entry(14)) == 0, "set_trap #PF back");
	check(upf.count == 1 && upf.ec == 6 && upf.cr2 == 0x1000,
	      "user #PF %s: %lu deliveries, error code %#x, cr2 %#lx", how,
	      (unsigned long)upf.count, upf.ec, (unsigned long)upf.cr2);
	check(upf.rcx == 0x1111222233334444 && upf.r11 == 0x5555666677778888,
	      "user #PF %s: frame rcx %#lx r11 %#lx", how, (unsigned long)upf.rcx,
	      (unsigned long)upf.r11);
	check(upf.cs == (0xe033 | (uint64_t)masked << 32), "user #PF %s: frame cs %#lx", how,
	      (unsigned long)upf.cs);
	check(!!(upf.rflags & 0x200) == !masked, "user #PF %s: frame rflags %#lx", how,
	      (unsigned long)upf.rflags);
	check(upf.mask == (masked || mask_flag), "user #PF %s: upcall mask %u in the handler", how,
	      upf.mask);
}

void test_main(void)
{
	uint64_t *ro = alloc_page();

	ro_page_va = (uint64_t)ro;
	if (remap_page(ro, PTE_P | PTE_A)) {
		error("cannot make a read-only page");
		return;
	}
	run_all(false);
	run_all(true);
	device_not_available(false);
	device_not_available(true);
	user_pf_frame(false, false);
	user_pf_frame(true, false);
	user_pf_frame(false, true);
	user_pf_pending();
}
