/*
 * A PV vCPU's debug registers, as Xen 4.17 keeps them: one validation for
 * the set_debugreg hypercall and for `mov %reg, %drN` from the guest
 * kernel (pv/emul.c), one read for get_debugreg and `mov %drN, %reg`.
 *
 * Invariants: pv.dr[0..3] are guest addresses (never the hypervisor's
 * range); pv.dr[6] has its reserved bits at their fixed values (bits 4-11
 * and 16-31 one, bit 12 zero, upper half zero); pv.dr[7] has bit 10 set,
 * bits 11, 12, 14, 15 and the upper half clear, never GD (bit 13), and no
 * I/O breakpoint: those (allowed only under the guest's CR4.DE) live in
 * pv.dr7_emul, are reported in reads of DR7, never loaded, and checked by
 * the port I/O emulation (pv_io_breakpoint_hit). DR4 and DR5
 * are DR6 and DR7 while the guest's CR4.DE is clear, #UD (-ENODEV) while
 * it is set. A new vCPU starts with DR6 = 0xffff0ff0, DR7 = 0x400.
 *
 * The running vCPU's DR0-3, DR7 are the CPU's (loaded as set; all of them
 * when DR7 is written); a context switch loads them only while the next
 * vCPU's DR7 enables a breakpoint, or to clear the previous one's
 * (per-CPU debugregs_live). DR6 is read from pv.dr[6], which a #DB from the
 * guest updates (pv/traps.c). Only the vCPU itself changes its registers
 * while it runs (VCPUOP_initialise: while it is down): no locking.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <asm/pv.h>

#define DR6_FIXED_ONE 0xffff0ff0UL
#define DR6_RESERVED_ZERO (1UL << 12)
#define DR7_FIXED_ONE 0x400UL
#define DR7_RESERVED_ZERO 0xd800UL /* bits 11, 12, 14, 15 */
#define DR7_GD (1UL << 13)
#define DR7_ACTIVE 0xffUL /* L0-3, G0-3 */
#define DR7_RW_IO 2

#define LOAD_DR(n, v) __asm__ __volatile__("mov %0, %%db" #n ::"r"(v))

/* The running vCPU's debug registers are the CPU's (loaded as set). */
static void load_debugreg(unsigned int reg, u64 v)
{
	switch (reg) {
	case 0: LOAD_DR(0, v); break;
	case 1: LOAD_DR(1, v); break;
	case 2: LOAD_DR(2, v); break;
	case 3: LOAD_DR(3, v); break;
	case 6: LOAD_DR(6, v); break;
	case 7: LOAD_DR(7, v); break;
	}
}

void pv_load_debugregs(const u64 *dr)
{
	load_debugreg(7, 0);
	if (!dr)
		return;
	for (unsigned int i = 0; i < 4; i++)
		load_debugreg(i, dr[i]);
	load_debugreg(6, dr[6]);
	load_debugreg(7, dr[7]);
}

void pv_reset_debugregs(struct vcpu *v)
{
	for (unsigned int i = 0; i < 4; i++)
		v->pv.dr[i] = 0;
	v->pv.dr[6] = DR6_FIXED_ONE;
	v->pv.dr[7] = DR7_FIXED_ONE;
	v->pv.dr7_emul = 0;
}

static bool debugregs_active(const struct vcpu *v)
{
	return v->pv.dr[7] & DR7_ACTIVE;
}

/* This CPU's DR7 may enable breakpoints (of the vCPU that last loaded it). */
static DEFINE_PER_CPU(bool, debugregs_live);

/* Context switch: next's debug registers into the CPU, or all breakpoints off. */
void pv_switch_debugregs(const struct vcpu *next)
{
	bool live = next && debugregs_active(next);

	if (!live && !this_cpu(debugregs_live))
		return;
	pv_load_debugregs(next ? next->pv.dr : NULL);
	this_cpu(debugregs_live) = live;
}

/* DR7: reserved bits forced, GD refused, I/O breakpoints only under CR4.DE. */
static long set_dr7(struct vcpu *v, u64 value)
{
	u64 io = 0;

	if (value >> 32)
		return -EINVAL;
	value = (value & ~DR7_RESERVED_ZERO) | DR7_FIXED_ONE;
	if (value & DR7_GD)
		return -EPERM;
	for (unsigned int i = 0; (value & DR7_ACTIVE) && i < 4; i++) {
		if (((value >> (16 + 4 * i)) & 3) != DR7_RW_IO)
			continue;
		if (!v->pv.cr4_de)
			return -EPERM;
		io |= value & (3UL << (2 * i)); /* this breakpoint's enables */
	}
	v->pv.dr7_emul = (value & DR7_ACTIVE) ? io : 0;
	v->pv.dr[7] = value & ~io;
	return 0;
}

/*
 * Set debug register reg of v (loaded if v runs here). 0, or -ENODEV (no such
 * register: #UD for mov), -EINVAL (reserved bits: #GP), -EPERM (a valid
 * value the guest may not use: #GP).
 */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, u64 value)
{
	long rc = 0;

	if ((reg == 4 || reg == 5) && v->pv.cr4_de)
		return -ENODEV;
	switch (reg) {
	case 0 ... 3:
		if (!guest_range_ok(value, 1))
			return -EPERM;
		v->pv.dr[reg] = value;
		break;
	case 4:
	case 6:
		if (value >> 32)
			return -EINVAL;
		reg = 6;
		v->pv.dr[6] = (value & ~DR6_RESERVED_ZERO) | DR6_FIXED_ONE;
		break;
	case 5:
	case 7:
		reg = 7;
		rc = set_dr7(v, value);
		break;
	default: return -ENODEV;
	}
	if (rc || v != current)
		return rc;
	if (reg == 7) /* DR0-3 may be another vCPU's while DR7 was off (as Xen) */
		pv_switch_debugregs(v);
	else
		load_debugreg(reg, v->pv.dr[reg]);
	return 0;
}

/* Read debug register reg of v: 0, or -ENODEV (#UD for mov). */
long pv_get_debugreg(const struct vcpu *v, unsigned int reg, u64 *value)
{
	if ((reg == 4 || reg == 5) && v->pv.cr4_de)
		return -ENODEV;
	switch (reg) {
	case 0 ... 3: *value = v->pv.dr[reg]; return 0;
	case 4:
	case 6: *value = v->pv.dr[6]; return 0;
	case 5:
	case 7: *value = v->pv.dr[7] | v->pv.dr7_emul; return 0;
	default: return -ENODEV;
	}
}

/*
 * A #DB from the guest: the hardware's DR6 merged into the guest's (causes
 * accumulate until the guest clears them), the hardware's put back to its
 * default so the next #DB reports only its own causes.
 */
void pv_debug_trap_dr6(struct vcpu *v)
{
	u64 hw;

	__asm__ __volatile__("mov %%db6, %0" : "=r"(hw));
	v->pv.dr[6] = (v->pv.dr[6] | (hw & ~DR6_FIXED_ONE)) & (hw | ~DR6_FIXED_ONE);
	load_debugreg(6, DR6_FIXED_ONE);
}

/*
 * Port I/O the hypervisor emulated: does [port, port + len) meet one of
 * the guest's enabled I/O breakpoints (DR0-3 as port, DR7's LEN as width)?
 * If so, its B0-B3 bits go into the guest's DR6 (the caller raises #DB).
 */
bool pv_io_breakpoint_hit(struct vcpu *v, unsigned int port, unsigned int len)
{
	static const unsigned int width[4] = {1, 2, 8, 4}; /* LEN 00, 01, 10, 11 */
	unsigned int hit = 0;

	for (unsigned int i = 0; v->pv.cr4_de && i < 4; i++) {
		unsigned int w = width[(v->pv.dr[7] >> (18 + 4 * i)) & 3];
		u64 start = v->pv.dr[i] & ~(u64)(w - 1);

		if ((v->pv.dr7_emul & (3UL << (2 * i))) && start < port + len && start + w > port)
			hit |= 1u << i;
	}
	if (hit)
		v->pv.dr[6] |= hit | DR6_FIXED_ONE;
	return hit;
}

/* The hypercall's register number is an int in Xen: upper bits ignored. */
long do_set_debugreg(u64 reg, u64 value, u64 a3, u64 a4, u64 a5)
{
	return pv_set_debugreg(current, (unsigned int)reg, value);
}

long do_get_debugreg(u64 reg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	u64 value;

	if (pv_get_debugreg(current, (unsigned int)reg, &value))
		return -ENODEV;
	return (long)value;
}
