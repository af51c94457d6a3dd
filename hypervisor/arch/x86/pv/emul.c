/*
 * Emulating the privileged instructions a PV guest executes at CPL3:
 * rdmsr/wrmsr (a small per-MSR table: the segment bases the ABI defines,
 * a few harmless reads, CPUID faulting offered to the guest when the
 * hypervisor has it; the machine-check MSRs are pv/vmce.c's), cpuid (when CPUID faulting traps it,
 * or behind the forced-emulation prefix ud2;"xen";cpuid; #GP from guest user mode once its kernel
 * enabled CPUID faulting), cli/sti as the event mask, and port I/O, both only under a sufficient
 * virtual IOPL (1 for the guest kernel, 0 with architectural IOPL, 3 for user, as in Xen; which
 * port gives what is pv/ioport.c's), mov to and from the debug registers (pv/debugreg.c). Anything
 * else is #GP for the guest. Instructions are read from guest memory, never trusted from the
 * hardware's error code.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/trace.h>
#include <asm/guest_words.h>
#include <asm/processor.h>
#include <asm/pv.h>

typedef bool (*msr_read_fn)(struct vcpu *v, u64 *val);
typedef bool (*msr_write_fn)(struct vcpu *v, u64 val);

static bool canonical(u64 a)
{
	return (u64)((s64)(a << 16) >> 16) == a;
}

static bool rd_fs(struct vcpu *v, u64 *val)
{
	*val = pv_fs_base(v);
	return true;
}
static bool rd_gs(struct vcpu *v, u64 *val)
{
	*val = pv_gs_base(v, v->pv.kernel_mode);
	return true;
}
static bool rd_shadow_gs(struct vcpu *v, u64 *val)
{
	*val = pv_gs_base(v, !v->pv.kernel_mode);
	return true;
}
static bool rd_efer(struct vcpu *v, u64 *val)
{
	*val = rdmsr(MSR_EFER);
	return true;
}
static bool rd_zero(struct vcpu *v, u64 *val)
{
	*val = 0;
	return true;
}
static bool rd_pat(struct vcpu *v, u64 *val)
{
	*val = rdmsr(MSR_PAT);
	return true;
}

/* MSR_PLATFORM_INFO: only CPUID faulting (bit 31), if the hypervisor has it. */
static bool rd_platform_info(struct vcpu *v, u64 *val)
{
	*val = cpu_has_cpuid_faulting ? 1ULL << 31 : 0;
	return true;
}
static bool rd_misc_features(struct vcpu *v, u64 *val)
{
	*val = v->pv.cpuid_faulting;
	return true;
}

/* MSR_MISC_FEATURES_ENABLES: bit 0 (CPUID faulting) if offered, nothing else. */
static bool wr_misc_features(struct vcpu *v, u64 val)
{
	if (val & ~(cpu_has_cpuid_faulting ? 1ULL : 0))
		return false;
	v->pv.cpuid_faulting = val & 1;
	return true;
}

static bool wr_fs(struct vcpu *v, u64 val)
{
	if (!canonical(val))
		return false;
	v->pv.fs_base = val;
	wrmsr(MSR_FS_BASE, val);
	return true;
}

static bool wr_gs(struct vcpu *v, u64 val)
{
	if (!canonical(val))
		return false;
	*(v->pv.kernel_mode ? &v->pv.gs_base_kernel : &v->pv.gs_base_user) = val;
	wrmsr(MSR_GS_BASE, val);
	return true;
}

static bool wr_shadow_gs(struct vcpu *v, u64 val)
{
	if (!canonical(val))
		return false;
	*(v->pv.kernel_mode ? &v->pv.gs_base_user : &v->pv.gs_base_kernel) = val;
	wrmsr(MSR_SHADOW_GS_BASE, val);
	return true;
}

static const struct {
	u32 msr;
	msr_read_fn rd;
	msr_write_fn wr;
} msr_table[] = {
	{MSR_FS_BASE, rd_fs, wr_fs},
	{MSR_GS_BASE, rd_gs, wr_gs},
	{MSR_SHADOW_GS_BASE, rd_shadow_gs, wr_shadow_gs},
	{MSR_EFER, rd_efer, NULL},
	{MSR_PAT, rd_pat, NULL},
	{0x8b, rd_zero, NULL},	/* microcode revision */
	{0x1a0, rd_zero, NULL}, /* MISC_ENABLE */
	{0xce, rd_platform_info, NULL},
	{0x140, rd_misc_features, wr_misc_features},
};

/*
 * The table's MSR, or a machine-check one (pv/vmce.c); false: #GP. The
 * table first: its segment bases are what Linux's context switch reads.
 */
static bool access_msr(struct vcpu *v, u32 msr, bool write, u64 *val)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(msr_table); i++) {
		if (msr_table[i].msr != msr)
			continue;
		if (write)
			return msr_table[i].wr && msr_table[i].wr(v, *val);
		return msr_table[i].rd(v, val);
	}
	if (pv_vmce_msr(msr))
		return write ? pv_vmce_wrmsr(v, msr, *val) : pv_vmce_rdmsr(v, msr, val);
	return false;
}

static bool emulate_msr(struct vcpu *v, struct cpu_user_regs *regs, bool write)
{
	u64 val = ((regs->rdx & 0xffffffff) << 32) | (regs->rax & 0xffffffff);

	if (!access_msr(v, (u32)regs->rcx, write, &val))
		return false;
	if (!write) {
		regs->rax = (u32)val;
		regs->rdx = val >> 32;
	}
	return true;
}

/* rdmsr/wrmsr of len bytes (prefixes included), from guest kernel mode only. */
static bool emulate_msr_insn(struct vcpu *v, struct cpu_user_regs *regs, bool write,
			     unsigned int len)
{
	if (!v->pv.kernel_mode || !emulate_msr(v, regs, write))
		return false;
	regs->rip += len;
	return true;
}

static void emulate_cpuid(struct cpu_user_regs *regs)
{
	struct cpuid_regs r;

	pv_cpuid(current->domain, (u32)regs->rax, (u32)regs->rcx, &r);
	regs->rax = r.eax;
	regs->rbx = r.ebx;
	regs->rcx = r.ecx;
	regs->rdx = r.edx;
}

/*
 * The virtual IOPL must cover the guest's mode: 3 for user, 1 for its
 * kernel, or 0 with VMASST_TYPE_architectural_iopl (the kernel counts as
 * ring 0 then, as in Xen).
 */
static bool iopl_ok(const struct vcpu *v)
{
	if (!v->pv.kernel_mode)
		return v->pv.iopl >= 3;
	return v->pv.iopl >= (pv_architectural_iopl(v->domain) ? 0u : 1u);
}

/*
 * in/out under the virtual IOPL; what the port gives is pv/ioport.c's.
 * Then, past the instruction, a #DB if it hit one of the guest's I/O
 * breakpoints (CR4.DE; pv/debugreg.c).
 */
static bool emulate_io(struct vcpu *v, struct cpu_user_regs *regs, const u8 *op, unsigned int len,
		       bool opsize16)
{
	unsigned int size = (op[0] & 1) ? (opsize16 ? 2 : 4) : 1;
	unsigned int port = op[0] < 0xe8 ? op[1] : (u16)regs->rdx;
	bool is_in = op[0] == 0xe4 || op[0] == 0xe5 || op[0] == 0xec || op[0] == 0xed;

	if (!iopl_ok(v))
		return false;
	TRACE(TRC_PORT_IO, port | size << 16 | (unsigned int)is_in << 24, regs->rip);
	if (is_in) {
		u64 mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;
		u32 val = pv_io_read(v->domain, port, size);

		regs->rax = size == 4 ? val : (regs->rax & ~mask) | val;
	} else {
		pv_io_write(v->domain, port, size, (u32)regs->rax);
	}
	regs->rip += len;
	if (pv_io_breakpoint_hit(v, port, size))
		pv_inject_exception(regs, 1, NULL);
	return true;
}

/*
 * The fast path: an in/out without prefixes (what kernels issue), from the
 * first two bytes, before the prefix scan and the opcode chain. False for
 * anything else (a 2-byte form needs both bytes readable).
 */
static bool emulate_io_fast(struct vcpu *v, struct cpu_user_regs *regs, const u8 *op, bool two)
{
	if (op[0] >= 0xec && op[0] <= 0xef)
		return emulate_io(v, regs, op, 1, false);
	if (two && op[0] >= 0xe4 && op[0] <= 0xe7)
		return emulate_io(v, regs, op, 2, false);
	return false;
}

/* Register number -> its slot in cpu_user_regs (x86 encoding order). */
static u64 *gpr(struct cpu_user_regs *regs, unsigned int n)
{
	u64 *const slots[16] = {&regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
				&regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
				&regs->r8,  &regs->r9,	&regs->r10, &regs->r11,
				&regs->r12, &regs->r13, &regs->r14, &regs->r15};

	return slots[n & 15];
}

/* mov %crN, %reg from guest kernel mode: the guest's view of each CR. */
static bool emulate_cr_read(struct vcpu *v, struct cpu_user_regs *regs, u8 rex, u8 modrm)
{
	unsigned int cr = ((modrm >> 3) & 7) | ((rex & 4) << 1);
	u64 val;

	if ((modrm >> 6) != 3 || !v->pv.kernel_mode)
		return false;
	switch (cr) {
	case 0: val = (read_cr0() & ~X86_CR0_TS) | (v->pv.fpu_ts ? X86_CR0_TS : 0); break;
	case 2: val = v->vcpu_info->arch.cr2; break;
	case 3:
		val = mfn_to_maddr(v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user);
		break;
	case 4: val = pv_guest_cr4(v); break;
	default: return false;
	}
	*gpr(regs, (modrm & 7) | ((rex & 1) << 3)) = val;
	return true;
}

/*
 * xsetbv from guest kernel mode: XCR0 within what the hypervisor enabled,
 * x87 always on, AVX only with SSE (the architectural rules). Kept per vCPU.
 */
static bool emulate_xsetbv(struct vcpu *v, struct cpu_user_regs *regs)
{
	u64 val = (regs->rdx << 32) | (u32)regs->rax, ok = pv_xcr0_allowed();

	if ((u32)regs->rcx != 0 || (val & ~ok) || !(val & 1) || ((val & 4) && !(val & 2)))
		return false;
	__asm__ __volatile__("xsetbv" ::"c"(0), "a"((u32)val), "d"((u32)(val >> 32)));
	v->pv.xcr0 = val;
	return true;
}

/*
 * mov %reg, %crN from guest kernel mode. CR0: only TS (fpu_taskswitch);
 * CR3: a new kernel base table (as MMUEXT_NEW_BASEPTR); CR4: the guest
 * controls FSGSBASE (applied to the hardware while it runs); other CR4
 * changes are ignored, as in Xen, and other CR0 changes refused (#GP).
 */
static bool emulate_cr_write(struct vcpu *v, struct cpu_user_regs *regs, u8 rex, u8 modrm)
{
	unsigned int cr = ((modrm >> 3) & 7) | ((rex & 4) << 1);
	u64 val = *gpr(regs, (modrm & 7) | ((rex & 1) << 3));

	if ((modrm >> 6) != 3 || !v->pv.kernel_mode)
		return false;
	switch (cr) {
	case 0:
		if ((val ^ read_cr0()) & ~X86_CR0_TS)
			return false;
		do_fpu_taskswitch(!!(val & X86_CR0_TS), 0, 0, 0, 0);
		return true;
	case 3: return pv_set_kernel_base(v, (val & PADDR_MASK) >> PAGE_SHIFT) == 0;
	case 4: pv_set_guest_cr4(v, val); return true;
	default: return false;
	}
}

/*
 * mov %drN, %reg (0F 21) and mov %reg, %drN (0F 23) from guest kernel mode,
 * through the checks set_debugreg makes (pv/debugreg.c); mod is ignored as
 * by the CPU. A register that does not exist (DR8-15, DR4/5 under CR4.DE)
 * is #UD, a value refused #GP(0).
 */
static bool emulate_dr(struct vcpu *v, struct cpu_user_regs *regs, u8 rex, const u8 *op,
		       unsigned int len)
{
	unsigned int dr = ((op[2] >> 3) & 7) | ((rex & 4) << 1);
	u64 *reg = gpr(regs, (op[2] & 7) | ((rex & 1) << 3));
	long rc;

	if (!v->pv.kernel_mode)
		return false;
	rc = op[1] == 0x23 ? pv_set_debugreg(v, dr, *reg) : pv_get_debugreg(v, dr, reg);
	if (rc == -ENODEV)
		pv_inject_exception(regs, 6, NULL);
	else if (rc == 0)
		regs->rip += len;
	return rc == 0 || rc == -ENODEV;
}

/*
 * A prefix-free rdmsr of a segment base from guest kernel mode (Linux's
 * context switch reads MSR_SHADOW_GS_BASE so, __rdgsbase_inactive under Xen
 * PV): answered from its two opcode bytes, without the table. False:
 * anything else, for the general path.
 */
static inline __attribute__((always_inline)) bool
rdmsr_base_fast(struct vcpu *v, struct cpu_user_regs *regs, u16 op)
{
	u32 msr = (u32)regs->rcx;
	u64 val;

	if (op != 0x320f || !v->pv.kernel_mode)
		return false;
	if (msr == MSR_SHADOW_GS_BASE)
		val = pv_gs_base(v, false); /* kernel mode: the user's */
	else if (msr == MSR_GS_BASE)
		val = pv_gs_base(v, true);
	else if (msr == MSR_FS_BASE)
		val = pv_fs_base(v);
	else
		return false;
	regs->rax = (u32)val;
	regs->rdx = val >> 32;
	regs->rip += 2;
	return true;
}

bool pv_emulate_privileged(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u8 insn[16];
	unsigned int i = 0;
	u16 op;
	bool opsize16 = false, two = !guest_u16_get(&op, regs->rip);

	if (two && rdmsr_base_fast(v, regs, op))
		return true;
	if (two) {
		insn[0] = (u8)op;
		insn[1] = (u8)(op >> 8);
	} else if (copy_from_guest_va(insn, regs->rip, 1)) {
		return false;
	}
	if (emulate_io_fast(v, regs, insn, two))
		return true;
	/* Prefix-free rdmsr/wrmsr (Linux's context switch reads one): no decoding. */
	if (two && insn[0] == 0x0f && (insn[1] == 0x30 || insn[1] == 0x32))
		return emulate_msr_insn(v, regs, insn[1] == 0x30, 2);
	copy_from_guest_va(insn, regs->rip, sizeof(insn));
	u8 rex = 0;

	for (; i < 4 && (insn[i] == 0x66 || (insn[i] & 0xf0) == 0x40); i++) {
		opsize16 |= insn[i] == 0x66;
		rex = (insn[i] & 0xf0) == 0x40 ? insn[i] : rex;
	}
	if (insn[i] == 0x0f && (insn[i + 1] == 0x20 || insn[i + 1] == 0x22)) {
		if (insn[i + 1] == 0x20 ? !emulate_cr_read(v, regs, rex, insn[i + 2])
					: !emulate_cr_write(v, regs, rex, insn[i + 2]))
			return false;
		regs->rip += i + 3;
		return true;
	}
	if (insn[i] == 0x0f && (insn[i + 1] == 0x21 || insn[i + 1] == 0x23))
		return emulate_dr(v, regs, rex, insn + i, i + 3);
	if (insn[i] == 0x0f && (insn[i + 1] == 0x30 || insn[i + 1] == 0x32))
		return emulate_msr_insn(v, regs, insn[i + 1] == 0x30, i + 2);
	if (insn[i] == 0x0f && insn[i + 1] == 0x01 && insn[i + 2] == 0xd1) {
		if (!v->pv.kernel_mode || !emulate_xsetbv(v, regs))
			return false;
		regs->rip += i + 3;
		return true;
	}
	if (insn[i] == 0x0f && insn[i + 1] == 0xa2) {
		if (!v->pv.kernel_mode && v->pv.cpuid_faulting)
			return false; /* the guest kernel asked for user CPUID to fault */
		emulate_cpuid(regs);
		regs->rip += i + 2;
		return true;
	}
	if ((insn[i] == 0xfa || insn[i] == 0xfb) && iopl_ok(v)) {
		v->vcpu_info->evtchn_upcall_mask = insn[i] == 0xfa; /* cli/sti: the event mask */
		regs->rip += i + 1;
		return true;
	}
	if ((insn[i] >= 0xe4 && insn[i] <= 0xe7) || (insn[i] >= 0xec && insn[i] <= 0xef))
		return emulate_io(v, regs, insn + i, i + 1 + (insn[i] < 0xe8 ? 1 : 0), opsize16);
	return false;
}

/* ud2; .ascii "xen"; cpuid  ->  the PV CPUID view, from kernel or user. */
bool pv_emulate_forced_cpuid(struct cpu_user_regs *regs)
{
	static const u8 sig[7] = {0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2};
	u8 insn[7];

	if (copy_from_guest_va(insn, regs->rip, sizeof(insn)) || memcmp(insn, sig, sizeof(sig)))
		return false;
	if (!current->pv.kernel_mode && current->pv.cpuid_faulting) {
		u32 ec = 0;

		regs->rip += 5; /* as Xen: the #GP is reported at the cpuid after the prefix */
		pv_inject_exception(regs, 13, &ec);
		return true;
	}
	emulate_cpuid(regs);
	regs->rip += sizeof(sig);
	return true;
}
