/*
 * Decoder for the page-table-writing instructions (see asm/x86_emulate.h for
 * the supported set and the invariants).
 *
 * Decoding runs in fixed stages, each reading through a bounded cursor:
 *   prefixes -> opcode (one-byte or 0F map) -> ModRM/SIB/displacement ->
 *   group resolution and legality checks -> immediate.
 * Opcode properties come from two tables indexed by opcode byte; a zero
 * entry means "refuse". Group opcodes (80/81/83, C6/C7, 0F BA, 0F C7) pick
 * their operation from ModRM.reg through a small per-group table.
 *
 * 64-bit mode encoding facts relied on (Intel SDM vol. 2, ch. 2):
 * - A REX byte counts only if it immediately precedes the opcode; a legacy
 *   prefix after it cancels it, and of several REX bytes the last one counts.
 * - ES/CS/SS/DS overrides are ignored; FS/GS select their base (last wins).
 * - ModRM.rm (low 3 bits) = 100 means a SIB byte follows; mod = 00 with
 *   rm = 101 means RIP-relative disp32, both regardless of REX.B.
 * - SIB.index = 100 without REX.X means no index; SIB.base low bits 101 with
 *   mod = 00 means no base and a disp32, regardless of REX.B.
 * - REX.W selects 64-bit operands and overrides 66; imm32 is sign-extended
 *   to 64 bits; with 66 the "iz" immediate is 16 bits.
 * - An instruction longer than 15 bytes raises #GP.
 */
#include <xeno/compiler.h>
#include <xeno/string.h>
#include <xeno/types.h>
#include <asm/x86_emulate.h>

#define REX_B 0x1
#define REX_X 0x2
#define REX_R 0x4
#define REX_W 0x8

/* How the immediate is encoded. */
enum imm_kind {
	IMM_NONE,
	IMM_8, /* one byte, sign-extended (only its low opsize bits matter) */
	IMM_Z, /* two bytes with 66, else four; sign-extended */
};

/* Opcode table entry flags. */
#define F_VALID 0x01
#define F_BYTE 0x02  /* 8-bit operand */
#define F_LOCK 0x04  /* LOCK prefix allowed */
#define F_GROUP 0x08 /* op is a group number; ModRM.reg selects the op */

struct opcode_info {
	u8 op;	/* enum x86_op, or enum group with F_GROUP */
	u8 src; /* enum x86_src */
	u8 imm; /* enum imm_kind */
	u8 flags;
};

enum group { GRP_1, GRP_11, GRP_8, GRP_9, GRP_COUNT };

static const u8 group_ops[GRP_COUNT][8] = {
	[GRP_1] = {X86_OP_ADD, X86_OP_OR, X86_OP_ADC, X86_OP_SBB, X86_OP_AND, X86_OP_SUB,
		   X86_OP_XOR, X86_OP_NONE},
	[GRP_11] = {X86_OP_MOV, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE,
		    X86_OP_NONE, X86_OP_NONE},
	[GRP_8] = {X86_OP_NONE, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE, X86_OP_BTS,
		   X86_OP_BTR, X86_OP_BTC},
	[GRP_9] = {X86_OP_NONE, X86_OP_CMPXCHG8B, X86_OP_NONE, X86_OP_NONE, X86_OP_NONE,
		   X86_OP_NONE, X86_OP_NONE, X86_OP_NONE},
};

#define ALU_RM_R(opc)                                                             \
	[(opc)] = {(opc) >> 3, X86_SRC_REG, IMM_NONE, F_VALID | F_BYTE | F_LOCK}, \
	[(opc) + 1] = {(opc) >> 3, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK}

static const struct opcode_info one_byte_map[256] = {
	ALU_RM_R(0x00),
	ALU_RM_R(0x08),
	ALU_RM_R(0x10),
	ALU_RM_R(0x18),
	ALU_RM_R(0x20),
	ALU_RM_R(0x28),
	ALU_RM_R(0x30),
	[0x80] = {GRP_1, X86_SRC_IMM, IMM_8, F_VALID | F_BYTE | F_LOCK | F_GROUP},
	[0x81] = {GRP_1, X86_SRC_IMM, IMM_Z, F_VALID | F_LOCK | F_GROUP},
	[0x83] = {GRP_1, X86_SRC_IMM, IMM_8, F_VALID | F_LOCK | F_GROUP},
	[0x86] = {X86_OP_XCHG, X86_SRC_REG, IMM_NONE, F_VALID | F_BYTE | F_LOCK},
	[0x87] = {X86_OP_XCHG, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK},
	[0x88] = {X86_OP_MOV, X86_SRC_REG, IMM_NONE, F_VALID | F_BYTE},
	[0x89] = {X86_OP_MOV, X86_SRC_REG, IMM_NONE, F_VALID},
	[0xc6] = {GRP_11, X86_SRC_IMM, IMM_8, F_VALID | F_BYTE | F_GROUP},
	[0xc7] = {GRP_11, X86_SRC_IMM, IMM_Z, F_VALID | F_GROUP},
};

static const struct opcode_info two_byte_map[256] = {
	[0xab] = {X86_OP_BTS, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK},
	[0xb0] = {X86_OP_CMPXCHG, X86_SRC_REG, IMM_NONE, F_VALID | F_BYTE | F_LOCK},
	[0xb1] = {X86_OP_CMPXCHG, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK},
	[0xb3] = {X86_OP_BTR, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK},
	[0xba] = {GRP_8, X86_SRC_IMM, IMM_8, F_VALID | F_LOCK | F_GROUP},
	[0xbb] = {X86_OP_BTC, X86_SRC_REG, IMM_NONE, F_VALID | F_LOCK},
	[0xc7] = {GRP_9, X86_SRC_NONE, IMM_NONE, F_VALID | F_LOCK | F_GROUP},
};

/* Bounded reader: never touches bytes[limit] or beyond. */
struct cursor {
	const u8 *bytes;
	size_t pos;
	size_t limit;	  /* min(avail, X86_MAX_INSN_LEN) */
	bool short_input; /* avail < X86_MAX_INSN_LEN */
};

/* Decoder state between stages. */
struct decode_state {
	struct cursor cur;
	struct x86_insn insn;
	bool opsize_prefix;
	bool rep_prefix;
	u8 mod;	      /* ModRM.mod */
	u8 group_reg; /* ModRM.reg without REX.R: the group selector */
	const struct opcode_info *info;
};

static int fetch(struct cursor *c, u8 *byte)
{
	if (c->pos >= c->limit)
		return c->short_input ? X86EMUL_TRUNCATED : X86EMUL_UNHANDLEABLE;
	*byte = c->bytes[c->pos++];
	return X86EMUL_OKAY;
}

/* Little-endian fetch of n (1, 2 or 4) bytes, sign-extended. */
static int fetch_signed(struct cursor *c, unsigned int n, s64 *val)
{
	u64 v = 0;
	u8 b = 0;

	for (unsigned int i = 0; i < n; i++) {
		int rc = fetch(c, &b);

		if (rc != X86EMUL_OKAY)
			return rc;
		v |= (u64)b << (8 * i);
	}
	if (v & (1ULL << (8 * n - 1)))
		v |= ~0ULL << (8 * n);
	*val = (s64)v;
	return X86EMUL_OKAY;
}

/* Apply one legacy prefix byte; false if b is not a legacy prefix. */
static bool apply_legacy_prefix(struct decode_state *s, u8 b)
{
	switch (b) {
	case 0xf0: s->insn.lock = true; break;
	case 0xf2:
	case 0xf3: s->rep_prefix = true; break;
	case 0x66: s->opsize_prefix = true; break;
	case 0x67: s->insn.addr_size = 4; break;
	case 0x64: s->insn.seg = X86_SEG_FS; break;
	case 0x65: s->insn.seg = X86_SEG_GS; break;
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e: break;
	default: return false;
	}
	s->insn.rex = 0; /* a REX not directly before the opcode is ignored */
	return true;
}

/* Consume prefixes; *opcode receives the first non-prefix byte. */
static int decode_prefixes(struct decode_state *s, u8 *opcode)
{
	for (;;) {
		u8 b = 0;
		int rc = fetch(&s->cur, &b);

		if (rc != X86EMUL_OKAY)
			return rc;
		if ((b & 0xf0) == 0x40)
			s->insn.rex = b;
		else if (!apply_legacy_prefix(s, b)) {
			*opcode = b;
			return X86EMUL_OKAY;
		}
	}
}

static int decode_opcode(struct decode_state *s, u8 first)
{
	u8 second = 0;
	int rc;

	if (first != 0x0f) {
		s->insn.opcode = first;
		s->info = &one_byte_map[first];
		return X86EMUL_OKAY;
	}
	rc = fetch(&s->cur, &second);
	if (rc != X86EMUL_OKAY)
		return rc;
	s->insn.opcode = 0x0f00 | second;
	s->info = &two_byte_map[second];
	return X86EMUL_OKAY;
}

static int decode_sib(struct decode_state *s, u8 *base_low)
{
	u8 sib = 0, index, rex = s->insn.rex;
	int rc = fetch(&s->cur, &sib);

	if (rc != X86EMUL_OKAY)
		return rc;
	index = ((sib >> 3) & 7) | ((rex & REX_X) ? 8 : 0);
	s->insn.scale = 1 << (sib >> 6);
	s->insn.index = index == 4 ? X86_REG_NONE : index;
	*base_low = sib & 7;
	if (s->mod == 0 && *base_low == 5)
		s->insn.base = X86_REG_NONE;
	else
		s->insn.base = *base_low | ((rex & REX_B) ? 8 : 0);
	return X86EMUL_OKAY;
}

/* ModRM, optional SIB and displacement. Register operands are refused. */
static int decode_modrm(struct decode_state *s)
{
	u8 modrm = 0, rm, base_low;
	s64 disp = 0;
	int rc = fetch(&s->cur, &modrm);

	if (rc != X86EMUL_OKAY)
		return rc;
	s->mod = modrm >> 6;
	s->group_reg = (modrm >> 3) & 7;
	s->insn.reg = s->group_reg | ((s->insn.rex & REX_R) ? 8 : 0);
	rm = modrm & 7;
	if (s->mod == 3)
		return X86EMUL_UNHANDLEABLE;
	s->insn.index = X86_REG_NONE;
	s->insn.scale = 1;
	base_low = rm;
	if (rm == 4)
		rc = decode_sib(s, &base_low);
	else if (s->mod == 0 && rm == 5)
		s->insn.base = X86_REG_RIP;
	else
		s->insn.base = rm | ((s->insn.rex & REX_B) ? 8 : 0);
	if (rc != X86EMUL_OKAY)
		return rc;
	if (s->mod == 1)
		rc = fetch_signed(&s->cur, 1, &disp);
	else if (s->mod == 2 || (s->mod == 0 && base_low == 5))
		rc = fetch_signed(&s->cur, 4, &disp);
	s->insn.disp = (s32)disp;
	return rc;
}

static u8 operand_size(const struct decode_state *s)
{
	if (s->info->flags & F_BYTE)
		return 1;
	if (s->insn.rex & REX_W)
		return 8;
	return s->opsize_prefix ? 2 : 4;
}

/* Resolve the operation and check what the CPU (or this emulator) forbids. */
static int resolve_op(struct decode_state *s)
{
	const struct opcode_info *info = s->info;
	struct x86_insn *insn = &s->insn;

	insn->op = info->op;
	if (info->flags & F_GROUP)
		insn->op = group_ops[info->op][s->group_reg];
	if (insn->op == X86_OP_NONE)
		return X86EMUL_UNHANDLEABLE;
	if (insn->lock && !(info->flags & F_LOCK))
		return X86EMUL_UNHANDLEABLE; /* #UD on hardware */
	insn->src = info->src;
	insn->opsize = operand_size(s);
	if (insn->op == X86_OP_CMPXCHG8B) {
		/* REX.W would be cmpxchg16b; 66 is not defined for it. */
		if ((insn->rex & REX_W) || s->opsize_prefix)
			return X86EMUL_UNHANDLEABLE;
		insn->opsize = 8;
	}
	return X86EMUL_OKAY;
}

static int decode_immediate(struct decode_state *s)
{
	s64 imm = 0;
	int rc = X86EMUL_OKAY;

	if (s->info->imm == IMM_8)
		rc = fetch_signed(&s->cur, 1, &imm);
	else if (s->info->imm == IMM_Z)
		rc = fetch_signed(&s->cur, s->insn.opsize == 2 ? 2 : 4, &imm);
	s->insn.imm = (u64)imm;
	return rc;
}

static void init_state(struct decode_state *s, const u8 *bytes, size_t avail)
{
	memset(s, 0, sizeof(*s));
	s->cur.bytes = bytes;
	s->cur.limit = MIN(avail, (size_t)X86_MAX_INSN_LEN);
	s->cur.short_input = avail < X86_MAX_INSN_LEN;
	s->insn.addr_size = 8;
	s->insn.seg = X86_SEG_NONE;
}

int x86_decode(const u8 *bytes, size_t avail, struct x86_insn *out)
{
	struct decode_state s;
	u8 first = 0;
	int rc;

	init_state(&s, bytes, avail);
	rc = decode_prefixes(&s, &first);
	if (rc == X86EMUL_OKAY)
		rc = decode_opcode(&s, first);
	if (rc != X86EMUL_OKAY)
		return rc;
	if (!(s.info->flags & F_VALID) || s.rep_prefix)
		return X86EMUL_UNHANDLEABLE;
	rc = decode_modrm(&s);
	if (rc == X86EMUL_OKAY)
		rc = resolve_op(&s);
	if (rc == X86EMUL_OKAY)
		rc = decode_immediate(&s);
	if (rc != X86EMUL_OKAY)
		return rc;
	s.insn.len = (u8)s.cur.pos;
	*out = s.insn;
	return X86EMUL_OKAY;
}
