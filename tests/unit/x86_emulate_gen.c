/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * Random instructions for the ptwr decoder/emulator tests: a small encoder,
 * independent of the decoder, with its own model of the encoding rules
 * (prefixes, REX, ModRM/SIB, immediates), registers solved so that the
 * operand lands in jit_mem, and the differential tests per instruction form
 * (test_x86_emulate.c explains the method).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "x86_emulate_harness.h"

/* ---- random instruction generator --------------------------------------- */

struct form {
	u8 op;
	u8 opc[2];
	u8 opc_len;
	s8 digit; /* fixed ModRM.reg, or -1 */
	u8 imm;	  /* 0, 1 (imm8) or 4 (imm16/imm32) */
	bool byte;
	bool lockable;
	bool bit_reg; /* bts/btr/btc with a register bit offset */
};

/* clang-format off */
#define ALU_R(opc) {(opc) >> 3, {(opc)}, 1, -1, 0, true, true, false}, \
		   {(opc) >> 3, {(opc) + 1}, 1, -1, 0, false, true, false}
#define ALU_I(d) {d, {0x80}, 1, d, 1, true, true, false},  \
		 {d, {0x81}, 1, d, 4, false, true, false}, \
		 {d, {0x83}, 1, d, 1, false, true, false}

static const struct form alu_reg_forms[] = {
	ALU_R(0x00), ALU_R(0x08), ALU_R(0x10), ALU_R(0x18),
	ALU_R(0x20), ALU_R(0x28), ALU_R(0x30),
};
static const struct form alu_imm_forms[] = {
	ALU_I(0), ALU_I(1), ALU_I(2), ALU_I(3), ALU_I(4), ALU_I(5), ALU_I(6),
};
static const struct form mov_forms[] = {
	{X86_OP_MOV, {0x88}, 1, -1, 0, true, false, false},
	{X86_OP_MOV, {0x89}, 1, -1, 0, false, false, false},
	{X86_OP_MOV, {0xc6}, 1, 0, 1, true, false, false},
	{X86_OP_MOV, {0xc7}, 1, 0, 4, false, false, false},
};
static const struct form xchg_forms[] = {
	{X86_OP_XCHG, {0x86}, 1, -1, 0, true, true, false},
	{X86_OP_XCHG, {0x87}, 1, -1, 0, false, true, false},
};
static const struct form cmpxchg_forms[] = {
	{X86_OP_CMPXCHG, {0x0f, 0xb0}, 2, -1, 0, true, true, false},
	{X86_OP_CMPXCHG, {0x0f, 0xb1}, 2, -1, 0, false, true, false},
};
static const struct form cmpxchg8b_forms[] = {
	{X86_OP_CMPXCHG8B, {0x0f, 0xc7}, 2, 1, 0, false, true, false},
};
static const struct form bt_reg_forms[] = {
	{X86_OP_BTS, {0x0f, 0xab}, 2, -1, 0, false, true, true},
	{X86_OP_BTR, {0x0f, 0xb3}, 2, -1, 0, false, true, true},
	{X86_OP_BTC, {0x0f, 0xbb}, 2, -1, 0, false, true, true},
};
static const struct form bt_imm_forms[] = {
	{X86_OP_BTS, {0x0f, 0xba}, 2, 5, 1, false, true, false},
	{X86_OP_BTR, {0x0f, 0xba}, 2, 6, 1, false, true, false},
	{X86_OP_BTC, {0x0f, 0xba}, 2, 7, 1, false, true, false},
};
/* clang-format on */

/* One generated instruction and the decode the generator expects. */
struct gen {
	const struct form *f;
	u8 bytes[40];
	unsigned int len, disp_off, disp_size;
	u8 rex;
	bool lock, a32, opsize16;
	int seg;
	unsigned int opsize, mod, src;
	int base, index; /* -1 none, 16 RIP */
	unsigned int scale;
	s64 disp;
	u64 imm;
};

static void put(struct gen *g, u8 b)
{
	g->bytes[g->len++] = b;
}

/* Legacy prefixes in random order, maybe with REX bytes they cancel. */
static void gen_prefixes(struct gen *g)
{
	u8 p[8];
	unsigned int n = 0;

	if (g->f->lockable && rnd_below(2))
		p[n++] = 0xf0;
	if (g->f->op != X86_OP_CMPXCHG8B && !rnd_below(3))
		p[n++] = 0x66;
	if (!rnd_below(6))
		p[n++] = 0x67;
	if (!rnd_below(3))
		p[n++] = rnd_below(2) ? 0x64 : 0x65;
	if (!rnd_below(6))
		p[n++] = rnd_below(2) ? 0x64 : 0x65;
	if (!rnd_below(4))
		p[n++] = (u8[]){0x26, 0x2e, 0x36, 0x3e}[rnd_below(4)];
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = (unsigned int)rnd_below(i);
		u8 t = p[i - 1];

		p[i - 1] = p[j];
		p[j] = t;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (!rnd_below(8))
			put(g, 0x40 | (u8)rnd_below(16)); /* cancelled REX */
		put(g, p[i]);
		g->lock |= p[i] == 0xf0;
		g->opsize16 |= p[i] == 0x66;
		g->a32 |= p[i] == 0x67;
		if (p[i] == 0x64 || p[i] == 0x65)
			g->seg = p[i] == 0x64 ? X86_SEG_FS : X86_SEG_GS;
	}
}

static void gen_rex(struct gen *g)
{
	if (rnd_below(3)) {
		if (!rnd_below(8))
			put(g, 0x40 | (u8)rnd_below(16)); /* superseded REX */
		g->rex = 0x40 | (u8)rnd_below(16);
		if (g->f->op == X86_OP_CMPXCHG8B)
			g->rex &= ~0x08;
		put(g, g->rex);
	}
	if (g->f->byte)
		g->opsize = 1;
	else if (g->f->op == X86_OP_CMPXCHG8B || (g->rex & 8))
		g->opsize = 8;
	else
		g->opsize = g->opsize16 ? 2 : 4;
}

/* ModRM (+SIB): picks fields and derives base/index/disp size. */
static void gen_modrm(struct gen *g)
{
	unsigned int reg = g->f->digit >= 0 ? (unsigned int)g->f->digit : rnd_below(8);
	unsigned int rm = rnd_below(8), sib = (unsigned int)rnd_below(256);
	unsigned int base3 = sib & 7, idx = ((sib >> 3) & 7) | ((g->rex & 2) ? 8 : 0);

	g->mod = rnd_below(3);
	g->src = reg | ((g->rex & 4) ? 8 : 0);
	put(g, (u8)(g->mod << 6 | reg << 3 | rm));
	g->base = g->index = -1;
	g->scale = 1;
	g->disp_size = g->mod == 1 ? 1 : g->mod == 2 ? 4 : 0;
	if (rm == 4) {
		put(g, (u8)sib);
		g->index = idx == 4 ? -1 : (int)idx;
		g->scale = 1u << (sib >> 6);
		if (g->mod == 0 && base3 == 5)
			g->disp_size = 4;
		else
			g->base = (int)(base3 | ((g->rex & 1) ? 8 : 0));
	} else if (g->mod == 0 && rm == 5) {
		g->base = 16;
		g->disp_size = 4;
	} else {
		g->base = (int)(rm | ((g->rex & 1) ? 8 : 0));
	}
	g->disp_off = g->len;
	for (unsigned int i = 0; i < g->disp_size; i++)
		put(g, 0);
}

static void gen_imm(struct gen *g)
{
	unsigned int n = g->f->imm == 4 && g->opsize == 2 ? 2 : g->f->imm;
	u64 v = rnd();

	if (!n)
		return;
	for (unsigned int i = 0; i < n; i++)
		put(g, (u8)(v >> (8 * i)));
	g->imm = n == 8 ? v : (u64)((s64)(v << (64 - 8 * n)) >> (64 - 8 * n));
}

/* False if the combination cannot be placed in jit_mem (resample). */
static bool gen_insn(struct gen *g, const struct form *f)
{
	memset(g, 0, sizeof(*g));
	g->f = f;
	gen_prefixes(g);
	gen_rex(g);
	for (unsigned int i = 0; i < f->opc_len; i++)
		put(g, f->opc[i]);
	gen_modrm(g);
	gen_imm(g);
	if (g->len > X86_MAX_INSN_LEN)
		return false;
	if (g->seg == X86_SEG_FS && (g->a32 || g->base == 16 || g->base < 0))
		return false; /* FS base is far away: needs a 64-bit base register */
	if (f->bit_reg && ((int)g->src == g->base || (int)g->src == g->index))
		return false;
	return true;
}

static u64 mod_inverse(u64 odd)
{
	u64 inv = odd;

	for (int i = 0; i < 6; i++)
		inv *= 2 - odd * inv;
	return inv;
}

static s64 random_disp(const struct gen *g)
{
	if (g->disp_size == 1)
		return (s8)rnd();
	if (g->disp_size == 4)
		return rnd_below(2) ? (s32)rnd() : (s64)rnd_below(4096) - 2048;
	return 0;
}

/* Base and index both present: choose the index, derive the base. */
static bool solve_base_index(struct gen *g, u64 *gpr, u64 a)
{
	u64 m = 1 + g->scale, x;

	if (g->base != g->index) {
		gpr[g->index] = rnd_below(2) ? rnd() : rnd_below(512);
		gpr[g->base] = a - (u64)g->disp - gpr[g->index] * g->scale;
		return true;
	}
	x = a - (u64)g->disp;
	if (m & 1) {
		gpr[g->base] = x * mod_inverse(m);
		return true;
	}
	if (x & 1)
		return false;
	gpr[g->base] = x / 2;
	return true;
}

static bool solve_no_base(struct gen *g, u64 *gpr, u64 a)
{
	if (g->index < 0) {
		g->disp = g->a32 ? (s32)(u32)a : (s64)a;
		return g->disp == (s32)g->disp;
	}
	g->disp = (s32)rnd() >> 4;
	g->disp += (s64)((a - (u64)g->disp) & (g->scale - 1));
	gpr[g->index] = (a - (u64)g->disp) / g->scale;
	return true;
}

/* Set registers (or the RIP displacement) so that the EA equals a. */
static bool solve_address(struct gen *g, u64 *gpr, u64 a)
{
	bool ok = true;

	g->disp = random_disp(g);
	if (g->base == 16) {
		g->disp = (s64)(a - ((u64)jit_slot + g->len));
		if (g->a32)
			g->disp = (s32)(u32)g->disp;
		ok = g->disp == (s32)g->disp;
	} else if (g->base < 0) {
		ok = solve_no_base(g, gpr, a);
	} else if (g->index >= 0) {
		ok = solve_base_index(g, gpr, a);
	} else {
		gpr[g->base] = a - (u64)g->disp;
	}
	if (g->a32 && g->base >= 0 && g->base < 16)
		gpr[g->base] += rnd() << 32;
	if (g->a32 && g->index >= 0 && g->index != g->base)
		gpr[g->index] += rnd() << 32;
	for (unsigned int i = 0; i < g->disp_size; i++)
		g->bytes[g->disp_off + i] = (u8)((u64)g->disp >> (8 * i));
	return ok;
}

/* Bit offset register for bts/btr/btc r/m, r; returns the byte displacement. */
static u64 set_bit_offset(const struct gen *g, u64 *gpr)
{
	unsigned int bits = g->opsize * 8;
	s64 off = rnd_below(4) ? (s64)rnd_below(bits) : (s64)rnd_below(8192) - 4096;
	u64 mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;

	gpr[g->src] = (rnd() & ~mask) | ((u64)off & mask);
	return (u64)((off >> (3 + __builtin_ctz(g->opsize))) * g->opsize);
}

static bool uses_reg(const struct gen *g, int r)
{
	return g->base == r || g->index == r;
}

/* cmpxchg: half of the time make the comparison succeed. */
static void maybe_match_accumulator(const struct gen *g, u64 *gpr, u64 target)
{
	u64 mem = 0;

	memcpy(&mem, (void *)target, 8);
	if (rnd_below(2))
		return;
	if (g->f->op == X86_OP_CMPXCHG && !uses_reg(g, 0)) {
		u64 mask = g->opsize == 8 ? ~0ULL : (1ULL << (8 * g->opsize)) - 1;

		gpr[0] = (gpr[0] & ~mask) | (mem & mask);
	} else if (g->f->op == X86_OP_CMPXCHG8B && !uses_reg(g, 0) && !uses_reg(g, 2)) {
		gpr[0] = (gpr[0] & ~0xffffffffULL) | (u32)mem;
		gpr[2] = (gpr[2] & ~0xffffffffULL) | (mem >> 32);
	}
}

static bool gen_state(struct gen *g, struct cpu_state *st)
{
	u64 off = 1024 + rnd_below(MEM_SIZE - 2048), target, a, seg_base = 0;

	for (unsigned int i = 0; i < 16; i++)
		st->gpr[i] = rnd();
	st->rflags = 0x202 | (rnd() & ARITH);
	if (rnd_below(2))
		off &= ~(u64)(g->opsize - 1);
	target = (u64)jit_mem + off;
	a = target;
	if (g->f->bit_reg)
		a -= set_bit_offset(g, st->gpr);
	if (g->seg == X86_SEG_FS)
		seg_base = fs_base;
	else if (g->seg == X86_SEG_GS)
		seg_base = gs_base;
	a -= seg_base;
	if (g->a32 && (a >> 32))
		return false;
	if (!solve_address(g, st->gpr, a))
		return false;
	fill_memory();
	maybe_match_accumulator(g, st->gpr, target);
	return keep_rsp_canonical(st, !g->a32 && uses_reg(g, 4),
				  g->f->op == X86_OP_XCHG && g->src == 4 && g->opsize == 8, target);
}

/* The decoder must agree with the generator's model of the encoding. */
static bool check_decode(const struct gen *g)
{
	struct x86_insn insn;
	int base = g->base == 16 ? X86_REG_RIP : g->base < 0 ? X86_REG_NONE : g->base;
	int index = g->index < 0 ? X86_REG_NONE : g->index;
	bool ok = x86_decode(g->bytes, g->len, &insn) == X86EMUL_OKAY;

	ok = ok && insn.len == g->len && insn.op == g->f->op;
	ok = ok && insn.opsize == g->opsize && insn.lock == g->lock;
	ok = ok && insn.seg == g->seg && insn.addr_size == (g->a32 ? 4 : 8);
	ok = ok && insn.rex == g->rex && insn.base == base && insn.index == index;
	ok = ok && insn.scale == g->scale && insn.disp == g->disp;
	ok = ok && (!g->f->imm || insn.imm == g->imm);
	ok = ok && (g->f->digit >= 0 || insn.reg == g->src);
	if (!ok)
		dump_bytes("decode differs from the generator", g->bytes, g->len);
	return ok;
}

static void differential_forms(const struct form *forms, size_t n)
{
	unsigned int done = 0, failures = 0;

	while (done < ITERATIONS && failures < 5) {
		struct gen g;
		struct cpu_state st;

		if (!gen_insn(&g, &forms[rnd_below(n)]) || !gen_state(&g, &st))
			continue;
		done++;
		if (!check_decode(&g) || !check_truncations(g.bytes, g.len) ||
		    !run_differential(g.bytes, g.len, &st))
			failures++;
	}
	assert_int_equal(failures, 0);
}

#define DIFF_TEST(name, forms)                                \
	void name(void **state)                               \
	{                                                     \
		(void)state;                                  \
		differential_forms(forms, ARRAY_SIZE(forms)); \
	}

DIFF_TEST(test_diff_alu_reg, alu_reg_forms)
DIFF_TEST(test_diff_alu_imm, alu_imm_forms)
DIFF_TEST(test_diff_mov, mov_forms)
DIFF_TEST(test_diff_xchg, xchg_forms)
DIFF_TEST(test_diff_cmpxchg, cmpxchg_forms)
DIFF_TEST(test_diff_cmpxchg8b, cmpxchg8b_forms)
DIFF_TEST(test_diff_bt_reg, bt_reg_forms)
DIFF_TEST(test_diff_bt_imm, bt_imm_forms)
