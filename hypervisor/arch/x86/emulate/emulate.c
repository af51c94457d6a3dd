/*
 * Emulation of a decoded page-table-writing instruction (see
 * asm/x86_emulate.h for the contract).
 *
 * All register effects are computed into a private copy of the registers
 * (struct emul.out) and copied back only when the memory access succeeded,
 * so a refused write leaves the guest state exactly as it was.
 *
 * Read-modify-write operations (ALU, xchg, bts/btr/btc) read the old value,
 * compute the new one and its register/flag effects, then publish it with
 * ops->cmpxchg. If memory changed in between (e.g. the MMU set an A/D bit),
 * the computation is redone on the value cmpxchg observed, up to RMW_TRIES
 * times. Each attempt recomputes everything from the original registers
 * (struct emul.in), so a retry cannot accumulate stale effects.
 *
 * Flags written, per operation (Intel SDM vol. 2 instruction pages):
 *   add adc sub sbb cmpxchg   CF PF AF ZF SF OF from the arithmetic
 *   and or xor                CF=OF=0, PF ZF SF from the result; AF
 *                             (undefined) is written as 0
 *   bts btr btc               CF = the selected bit's old value; ZF is
 *                             unaffected, OF SF AF PF (undefined) are kept
 *   cmpxchg8b                 ZF only
 *   mov xchg                  none
 */
#include <xeno/types.h>
#include <asm/x86_emulate.h>

#define RMW_TRIES 8

struct emul {
	const struct x86_insn *insn;
	const struct x86_emul_regs *in; /* registers before the instruction */
	struct x86_emul_regs out;	/* registers after it, if it succeeds */
	const struct x86_emul_ops *ops;
	void *ctx;
	u64 addr;	   /* linear address of the access */
	unsigned int size; /* access width in bytes */
	unsigned int bit;  /* bts/btr/btc: bit number within the operand */
};

typedef u64 (*rmw_fn)(struct emul *e, u64 old);

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static u64 sign_bit(unsigned int size)
{
	return 1ULL << (8 * size - 1);
}

/* AH, CH, DH, BH: byte registers 4-7 when no REX prefix is present. */
static bool is_high_byte_reg(const struct x86_insn *insn, unsigned int reg, unsigned int size)
{
	return size == 1 && !insn->rex && reg >= 4 && reg < 8;
}

static u64 reg_read(const struct x86_insn *insn, const struct x86_emul_regs *r, unsigned int reg,
		    unsigned int size)
{
	if (is_high_byte_reg(insn, reg, size))
		return (r->gpr[reg - 4] >> 8) & 0xff;
	return r->gpr[reg] & size_mask(size);
}

/* 32-bit writes zero-extend; 8- and 16-bit writes merge. */
static void reg_write(const struct x86_insn *insn, struct x86_emul_regs *r, unsigned int reg,
		      unsigned int size, u64 val)
{
	u64 *p = &r->gpr[reg];
	u64 mask = size_mask(size);
	unsigned int shift = 0;

	if (is_high_byte_reg(insn, reg, size)) {
		p = &r->gpr[reg - 4];
		shift = 8;
	}
	if (size == 4)
		*p = (u32)val;
	else
		*p = (*p & ~(mask << shift)) | ((val & mask) << shift);
}

static void set_flags(struct emul *e, u64 mask, u64 value)
{
	e->out.rflags = (e->in->rflags & ~mask) | (value & mask);
}

static bool even_parity(u64 v)
{
	v &= 0xff;
	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return !(v & 1);
}

/* ZF, SF and PF of a result. */
static u64 szp_flags(u64 res, unsigned int size)
{
	u64 f = 0;

	res &= size_mask(size);
	if (!res)
		f |= X86EMUL_FLAG_ZF;
	if (res & sign_bit(size))
		f |= X86EMUL_FLAG_SF;
	if (even_parity(res))
		f |= X86EMUL_FLAG_PF;
	return f;
}

/* a + b + cin: the carry vector gives CF (its top bit) and AF (bit 3). */
static u64 add_with_flags(u64 a, u64 b, u64 cin, unsigned int size, u64 *flags)
{
	u64 res = (a + b + cin) & size_mask(size);
	u64 carries = (a & b) | ((a | b) & ~res);

	*flags = szp_flags(res, size);
	if (carries & sign_bit(size))
		*flags |= X86EMUL_FLAG_CF;
	if ((a ^ res) & (b ^ res) & sign_bit(size))
		*flags |= X86EMUL_FLAG_OF;
	if ((a ^ b ^ res) & 0x10)
		*flags |= X86EMUL_FLAG_AF;
	return res;
}

/* a - b - cin, with the borrow vector instead of the carry vector. */
static u64 sub_with_flags(u64 a, u64 b, u64 cin, unsigned int size, u64 *flags)
{
	u64 res = (a - b - cin) & size_mask(size);
	u64 borrows = (~a & b) | (~(a ^ b) & res);

	*flags = szp_flags(res, size);
	if (borrows & sign_bit(size))
		*flags |= X86EMUL_FLAG_CF;
	if ((a ^ b) & (a ^ res) & sign_bit(size))
		*flags |= X86EMUL_FLAG_OF;
	if ((a ^ b ^ res) & 0x10)
		*flags |= X86EMUL_FLAG_AF;
	return res;
}

/* One of the seven writing ALU operations, in ModRM.reg order. */
static u64 alu_compute(unsigned int op, u64 a, u64 b, u64 cf, unsigned int size, u64 *flags)
{
	u64 res;

	switch (op) {
	case X86_OP_ADD: return add_with_flags(a, b, 0, size, flags);
	case X86_OP_ADC: return add_with_flags(a, b, cf, size, flags);
	case X86_OP_SUB: return sub_with_flags(a, b, 0, size, flags);
	case X86_OP_SBB: return sub_with_flags(a, b, cf, size, flags);
	case X86_OP_AND: res = a & b; break;
	case X86_OP_OR: res = a | b; break;
	default: res = a ^ b; break; /* X86_OP_XOR */
	}
	*flags = szp_flags(res, size); /* CF = OF = AF = 0 */
	return res;
}

/* The register or immediate source operand, truncated to the access size. */
static u64 source_value(const struct emul *e)
{
	const struct x86_insn *insn = e->insn;

	if (insn->src == X86_SRC_REG)
		return reg_read(insn, e->in, insn->reg, e->size);
	return insn->imm & size_mask(e->size);
}

/* Run a read-modify-write through ops->cmpxchg, retrying on races. */
static int do_rmw(struct emul *e, rmw_fn compute)
{
	u64 old = 0, cur, new;
	int rc = e->ops->read(e->ctx, e->addr, e->size, &old);

	for (unsigned int i = 0; rc == X86EMUL_OKAY && i < RMW_TRIES; i++) {
		old &= size_mask(e->size);
		new = compute(e, old);
		cur = old;
		rc = e->ops->cmpxchg(e->ctx, e->addr, e->size, &cur, new);
		if (rc == X86EMUL_OKAY && (cur & size_mask(e->size)) == old)
			return X86EMUL_OKAY;
		old = cur;
	}
	return rc != X86EMUL_OKAY ? rc : X86EMUL_RETRY;
}

static u64 alu_new(struct emul *e, u64 old)
{
	u64 flags = 0, cf = e->in->rflags & X86EMUL_FLAG_CF;
	u64 res = alu_compute(e->insn->op, old, source_value(e), cf, e->size, &flags);

	set_flags(e, X86EMUL_FLAGS_ARITH, flags);
	return res & size_mask(e->size);
}

static u64 xchg_new(struct emul *e, u64 old)
{
	reg_write(e->insn, &e->out, e->insn->reg, e->size, old);
	return source_value(e);
}

static u64 bit_op_new(struct emul *e, u64 old)
{
	u64 mask = 1ULL << e->bit;

	set_flags(e, X86EMUL_FLAG_CF, (old & mask) ? X86EMUL_FLAG_CF : 0);
	if (e->insn->op == X86_OP_BTS)
		return old | mask;
	if (e->insn->op == X86_OP_BTR)
		return old & ~mask;
	return old ^ mask;
}

static int emul_alu(struct emul *e)
{
	return do_rmw(e, alu_new);
}

static int emul_xchg(struct emul *e)
{
	return do_rmw(e, xchg_new);
}

static int emul_bit_op(struct emul *e)
{
	return do_rmw(e, bit_op_new);
}

static int emul_mov(struct emul *e)
{
	return e->ops->write(e->ctx, e->addr, e->size, source_value(e));
}

/* Compare the accumulator with memory; store the source if equal. */
static int emul_cmpxchg(struct emul *e)
{
	const struct x86_insn *insn = e->insn;
	u64 acc = reg_read(insn, e->in, 0, e->size), cur = acc, flags = 0;
	int rc = e->ops->cmpxchg(e->ctx, e->addr, e->size, &cur, source_value(e));

	if (rc != X86EMUL_OKAY)
		return rc;
	cur &= size_mask(e->size);
	sub_with_flags(acc, cur, 0, e->size, &flags);
	set_flags(e, X86EMUL_FLAGS_ARITH, flags);
	if (cur != acc)
		reg_write(insn, &e->out, 0, e->size, cur);
	return X86EMUL_OKAY;
}

/* Compare EDX:EAX with m64; store ECX:EBX if equal, else load EDX:EAX. */
static int emul_cmpxchg8b(struct emul *e)
{
	const u64 *gpr = e->in->gpr;
	u64 old = (gpr[2] << 32) | (u32)gpr[0];
	u64 new = (gpr[1] << 32) | (u32)gpr[3];
	u64 cur = old;
	int rc = e->ops->cmpxchg(e->ctx, e->addr, 8, &cur, new);

	if (rc != X86EMUL_OKAY)
		return rc;
	set_flags(e, X86EMUL_FLAG_ZF, cur == old ? X86EMUL_FLAG_ZF : 0);
	if (cur != old) {
		reg_write(e->insn, &e->out, 0, 4, cur);
		reg_write(e->insn, &e->out, 2, 4, cur >> 32);
	}
	return X86EMUL_OKAY;
}

static int (*const handlers[X86_OP_COUNT])(struct emul *e) = {
	[X86_OP_ADD] = emul_alu,
	[X86_OP_OR] = emul_alu,
	[X86_OP_ADC] = emul_alu,
	[X86_OP_SBB] = emul_alu,
	[X86_OP_AND] = emul_alu,
	[X86_OP_SUB] = emul_alu,
	[X86_OP_XOR] = emul_alu,
	[X86_OP_MOV] = emul_mov,
	[X86_OP_XCHG] = emul_xchg,
	[X86_OP_CMPXCHG] = emul_cmpxchg,
	[X86_OP_CMPXCHG8B] = emul_cmpxchg8b,
	[X86_OP_BTS] = emul_bit_op,
	[X86_OP_BTR] = emul_bit_op,
	[X86_OP_BTC] = emul_bit_op,
};

static bool is_bit_op(const struct x86_insn *insn)
{
	return insn->op == X86_OP_BTS || insn->op == X86_OP_BTR || insn->op == X86_OP_BTC;
}

/* Signed bit offset of bts/btr/btc: the source register or the immediate. */
static s64 bit_offset(const struct x86_insn *insn, const struct x86_emul_regs *regs)
{
	unsigned int bits = insn->opsize * 8;
	u64 v;

	if (insn->src != X86_SRC_REG)
		return (s64)(insn->imm & (bits - 1));
	v = reg_read(insn, regs, insn->reg, insn->opsize);
	if (bits < 64 && (v & sign_bit(insn->opsize)))
		v |= ~0ULL << bits;
	return (s64)v;
}

/*
 * A register bit offset addresses a bit string: the operand is
 * opsize * floor(offset / (8 * opsize)) bytes away from the ModRM address.
 */
static u64 bit_displacement(const struct x86_insn *insn, const struct x86_emul_regs *regs)
{
	unsigned int shift = 3 + (unsigned int)__builtin_ctz(insn->opsize);

	if (!is_bit_op(insn) || insn->src != X86_SRC_REG)
		return 0;
	return (u64)(bit_offset(insn, regs) >> shift) * insn->opsize;
}

u64 x86_insn_linear_address(const struct x86_insn *insn, const struct x86_emul_regs *regs)
{
	u64 ea = (u64)(s64)insn->disp;

	if (insn->base == X86_REG_RIP)
		ea += regs->rip + insn->len;
	else if (insn->base != X86_REG_NONE)
		ea += regs->gpr[insn->base];
	if (insn->index != X86_REG_NONE)
		ea += regs->gpr[insn->index] * insn->scale;
	ea += bit_displacement(insn, regs);
	if (insn->addr_size == 4)
		ea = (u32)ea;
	if (insn->seg == X86_SEG_FS)
		ea += regs->fs_base;
	else if (insn->seg == X86_SEG_GS)
		ea += regs->gs_base;
	return ea;
}

/* Defends against a struct x86_insn that did not come from x86_decode(). */
static bool insn_is_sane(const struct x86_insn *insn)
{
	unsigned int size = insn->opsize;

	if (insn->op >= X86_OP_COUNT || !handlers[insn->op])
		return false;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	if (is_bit_op(insn) && size == 1)
		return false;
	if (insn->reg > 15 || (insn->index > 15 && insn->index != X86_REG_NONE))
		return false;
	return insn->base <= 15 || insn->base == X86_REG_RIP || insn->base == X86_REG_NONE;
}

int x86_emulate_write(const struct x86_insn *insn, struct x86_emul_regs *regs,
		      const struct x86_emul_ops *ops, void *ctx)
{
	struct emul e = {
		.insn = insn,
		.in = regs,
		.out = *regs,
		.ops = ops,
		.ctx = ctx,
		.size = insn->opsize,
	};
	int rc;

	if (!insn_is_sane(insn))
		return X86EMUL_UNHANDLEABLE;
	e.addr = x86_insn_linear_address(insn, regs);
	if (is_bit_op(insn))
		e.bit = (unsigned int)bit_offset(insn, regs) & (insn->opsize * 8U - 1);
	rc = handlers[insn->op](&e);
	if (rc != X86EMUL_OKAY)
		return rc;
	e.out.rip = regs->rip + insn->len;
	*regs = e.out;
	return X86EMUL_OKAY;
}
