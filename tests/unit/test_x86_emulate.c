/*
 * Tests for the ptwr decoder/emulator (hypervisor/arch/x86/emulate).
 *
 * The main check is differential. Each instruction is run twice from the same
 * registers and flags: by the host CPU, on the buffer jit_mem, and by
 * x86_emulate_write() on a copy of it (emu_mem). Memory, all 16 GPRs and the
 * flags the instruction defines must then agree, and RIP must have advanced
 * by the length the CPU used.
 *
 * The CPU runs the instruction in jit_slot, a patchable region of a
 * page-aligned stub (jit_run) that loads every GPR (including RSP) and RFLAGS
 * from jit_state, executes the slot, and stores them back.
 *
 * Random instructions come from a small encoder written here, independent of
 * the decoder: it picks prefixes (in random order, with cancelled and
 * repeated REX bytes), ModRM/SIB fields and immediates, derives the expected
 * decode from its own model of the encoding rules, then solves the address
 * registers so that the operand lands in jit_mem. A wrong model shows up as a
 * memory mismatch or a crash of the CPU run. Further vectors are assembled by
 * gas at build time (top-level asm), among them the sequences Linux uses on
 * PTEs and a list of instructions that must be refused.
 *
 * The binary is linked non-PIE so that code and data sit below 4 GiB, which
 * the 67 (32-bit address size) cases need.
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

/* ---- vectors assembled by gas ------------------------------------------ */

/* clang-format off */
/* Instructions that must decode, with their operation and width. */
#define GOOD_VECTORS(X)                                                 \
	X(mov_q, "movq %rsi, (%rdi)", X86_OP_MOV, 8)                    \
	X(mov_l_high, "movl %esi, 4(%rdi)", X86_OP_MOV, 4)              \
	X(mov_w, "movw %si, 6(%rdi)", X86_OP_MOV, 2)                    \
	X(mov_b_ah, "movb %ah, 3(%rdi)", X86_OP_MOV, 1)                 \
	X(mov_b_sil, "movb %sil, 3(%rdi)", X86_OP_MOV, 1)               \
	X(mov_b_r9, "movb %r9b, (%r13)", X86_OP_MOV, 1)                 \
	X(mov_zero, "movq $0, (%rdi)", X86_OP_MOV, 8)                   \
	X(mov_neg_sib, "movq $-2, 8(%rdi,%rcx,8)", X86_OP_MOV, 8)       \
	X(mov_imm_b_rsp, "movb $0x5a, (%rsp)", X86_OP_MOV, 1)           \
	X(mov_imm_w_r12, "movw $0x1234, (%r12)", X86_OP_MOV, 2)         \
	X(mov_gs, "movq %rax, %gs:0x10(%rbx)", X86_OP_MOV, 8)           \
	X(mov_fs, "movl %eax, %fs:(%rdx)", X86_OP_MOV, 4)               \
	X(mov_ds, "movq %rax, %ds:(%rdx)", X86_OP_MOV, 8)               \
	X(mov_a32, "movq %rax, 0x10(%edi)", X86_OP_MOV, 8)              \
	X(mov_index_only, "movq %rax, 0x100(,%rcx,4)", X86_OP_MOV, 8)   \
	X(mov_r12_r13, "movq %rax, 0x7f(%r12,%r13,2)", X86_OP_MOV, 8)   \
	X(mov_rbp, "movq %rax, (%rbp)", X86_OP_MOV, 8)                  \
	X(mov_rip, "movq %rax, jit_mem+64(%rip)", X86_OP_MOV, 8)        \
	X(mov_rip_imm, "movl $7, jit_mem+64(%rip)", X86_OP_MOV, 4)      \
	X(mov_abs, "movq %rax, 0x12345678", X86_OP_MOV, 8)              \
	X(xchg_q, "xchgq %rax, (%rdi)", X86_OP_XCHG, 8)                 \
	X(xchg_b_bh, "xchgb %bh, (%rdi)", X86_OP_XCHG, 1)               \
	X(lock_cmpxchg_q, "lock cmpxchgq %rsi, (%rdi)", X86_OP_CMPXCHG, 8) \
	X(cmpxchg_l, "cmpxchgl %esi, 4(%rdi)", X86_OP_CMPXCHG, 4)       \
	X(lock_cmpxchg_b, "lock cmpxchgb %dl, 1(%rdi)", X86_OP_CMPXCHG, 1) \
	X(lock_cmpxchg8b, "lock cmpxchg8b (%rdi)", X86_OP_CMPXCHG8B, 8) \
	X(lock_and_b, "lock andb $0xbf, (%rdi)", X86_OP_AND, 1)         \
	X(lock_or_b, "lock orb $0x40, 1(%rdi)", X86_OP_OR, 1)           \
	X(lock_and_q8, "lock andq $-65, (%rdi)", X86_OP_AND, 8)         \
	X(lock_or_q, "lock orq %rsi, (%rdi)", X86_OP_OR, 8)             \
	X(xor_l32, "xorl $0x80000000, 4(%rdi)", X86_OP_XOR, 4)          \
	X(add_q, "addq %rsi, (%rdi)", X86_OP_ADD, 8)                    \
	X(sub_q_imm, "subq $0x1000, (%rdi)", X86_OP_SUB, 8)             \
	X(adc_w_imm, "adcw $0x1234, 2(%rdi)", X86_OP_ADC, 2)            \
	X(sbb_b, "sbbb %cl, (%rdi)", X86_OP_SBB, 1)                     \
	X(lock_bts_q, "lock btsq %rax, (%rdi)", X86_OP_BTS, 8)          \
	X(lock_btr_q, "lock btrq %rax, (%rdi)", X86_OP_BTR, 8)          \
	X(btr_q, "btrq %rsi, (%rdi)", X86_OP_BTR, 8)                    \
	X(lock_bts_l_imm, "lock btsl $9, (%rdi)", X86_OP_BTS, 4)        \
	X(btr_q_imm, "btrq $63, (%rdi)", X86_OP_BTR, 8)                 \
	X(btc_w, "btcw %si, (%rdi)", X86_OP_BTC, 2)

/* Instructions that must be refused. */
#define BAD_VECTORS(X)                                          \
	X(add_to_reg, "addq (%rdi), %rax")                      \
	X(add_reg_reg, "addq %rax, %rbx")                       \
	X(mov_load, "movq (%rdi), %rax")                        \
	X(push_mem, "pushq (%rdi)")                             \
	X(pop_mem, "popq (%rdi)")                               \
	X(movsq, "movsq")                                       \
	X(rep_movsq, "rep movsq")                               \
	X(rep_stosb, "rep stosb")                               \
	X(cmp_mem, "cmpq %rax, (%rdi)")                         \
	X(cmp_imm, "cmpb $1, (%rdi)")                           \
	X(test_mem, "testq %rax, (%rdi)")                       \
	X(bt_reg, "btq %rax, (%rdi)")                           \
	X(bt_imm, "btq $3, (%rdi)")                             \
	X(xadd, "lock xaddq %rax, (%rdi)")                      \
	X(cmpxchg16b, "lock cmpxchg16b (%rdi)")                 \
	X(inc_mem, "lock incq (%rdi)")                          \
	X(not_mem, "notq (%rdi)")                               \
	X(neg_mem, "negq (%rdi)")                               \
	X(shl_mem, "shlq (%rdi)")                               \
	X(movnti, "movnti %rax, (%rdi)")                        \
	X(movabs_store, "movabsq %rax, 0x1122334455667788")     \
	X(setz_mem, "setz (%rdi)")                              \
	X(mov_sreg, "movw %ss, (%rdi)")                         \
	X(vmovdqu, "vmovdqu %ymm0, (%rdi)")                     \
	X(xchg_reg, "xchgq %rax, %rbx")                         \
	X(xchg_short, "xchgq %r8, %rax")                        \
	X(cmpxchg_reg, "cmpxchgq %rsi, %rdi")                   \
	X(xrelease_mov, "xrelease movq %rax, (%rdi)")           \
	X(fxsave, "fxsave (%rdi)")                              \
	X(call_ind, "call *(%rdi)")                             \
	X(nop, "nop")                                           \
	X(ud2, "ud2")

#define GV_ASM(name, text, ...) "gv_" #name ":\n" text "\ngv_" #name "_end:\n"
#define GV_DECL(name, text, ...) extern const u8 gv_##name[], gv_##name##_end[];
#define GOOD_ENTRY(name, text, op, size) {#name, gv_##name, gv_##name##_end, op, size},
#define BAD_ENTRY(name, text) {#name, gv_##name, gv_##name##_end, 0, 0},

__asm__(".pushsection .rodata.gas_vectors, \"a\"\n"
	GOOD_VECTORS(GV_ASM) BAD_VECTORS(GV_ASM) ".popsection\n");
GOOD_VECTORS(GV_DECL)
BAD_VECTORS(GV_DECL)
/* clang-format on */

struct gas_vector {
	const char *name;
	const u8 *start, *end;
	u8 op, size;
};

static const struct gas_vector good_vectors[] = {GOOD_VECTORS(GOOD_ENTRY)};
static const struct gas_vector bad_vectors[] = {BAD_VECTORS(BAD_ENTRY)};

/* Registers for a decoded vector so that its operand hits jit_mem. */
static bool solve_vector(const struct x86_insn *insn, struct cpu_state *st)
{
	u64 target = ((u64)jit_mem + 1024 + rnd_below(MEM_SIZE - 2048)) & ~7ULL;
	u64 a = target;
	unsigned int shift = 3 + (unsigned int)__builtin_ctz(insn->opsize);
	bool rsp_addresses = insn->addr_size == 8 && (insn->base == 4 || insn->index == 4);

	for (unsigned int i = 0; i < 16; i++)
		st->gpr[i] = rnd();
	st->rflags = 0x202 | (rnd() & ARITH);
	if (insn->src == X86_SRC_REG && insn->op >= X86_OP_BTS) {
		if (insn->reg == insn->base || insn->reg == insn->index)
			return false;
		st->gpr[insn->reg] = rnd_below(insn->opsize * 8) - insn->opsize * 4;
		a -= (u64)(((s64)st->gpr[insn->reg] >> shift) * insn->opsize);
	}
	a -= insn->seg == X86_SEG_FS ? fs_base : insn->seg == X86_SEG_GS ? gs_base : 0;
	if (insn->addr_size == 4 && (a >> 32))
		return false;
	a -= (u64)(s64)insn->disp;
	if (insn->base == X86_REG_RIP || insn->base == insn->index)
		return false;
	if (insn->base == X86_REG_NONE) {
		if (a % insn->scale)
			return false;
		st->gpr[insn->index] = a / insn->scale;
	} else if (insn->index != X86_REG_NONE) {
		st->gpr[insn->index] = rnd_below(64);
		st->gpr[insn->base] = a - st->gpr[insn->index] * insn->scale;
	} else {
		st->gpr[insn->base] = a;
	}
	fill_memory();
	return keep_rsp_canonical(st, rsp_addresses,
				  insn->op == X86_OP_XCHG && insn->reg == 4 && insn->opsize == 8,
				  target);
}

static void test_gas_good_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good_vectors); i++) {
		const struct gas_vector *v = &good_vectors[i];
		unsigned int len = (unsigned int)(v->end - v->start);
		struct x86_emul_regs regs = {.rip = (u64)v->start};
		struct x86_insn insn;
		struct cpu_state st;

		assert_int_equal(x86_decode(v->start, len, &insn), X86EMUL_OKAY);
		assert_int_equal(insn.len, len);
		assert_int_equal(insn.op, v->op);
		assert_int_equal(insn.opsize, v->size);
		assert_true(check_truncations(v->start, len));
		if (insn.base == X86_REG_RIP)
			assert_int_equal(x86_insn_linear_address(&insn, &regs), (u64)jit_mem + 64);
		if (insn.base == X86_REG_NONE && insn.index == X86_REG_NONE)
			assert_int_equal(x86_insn_linear_address(&insn, &regs), 0x12345678);
		for (int n = 0; n < 200 && solve_vector(&insn, &st); n++)
			assert_true(run_differential(v->start, len, &st));
	}
}

/* clang-format off */
static const struct {
	const char *name;
	u8 bytes[16];
	u8 len;
} bad_bytes[] = {
	{"lock mov r", {0xf0, 0x89, 0x07}, 3},
	{"lock mov imm", {0xf0, 0xc7, 0x07, 1, 0, 0, 0}, 7},
	{"cmpxchg16b unlocked", {0x48, 0x0f, 0xc7, 0x0f}, 4},
	{"cmpxchg8b with 66", {0x66, 0x0f, 0xc7, 0x0f}, 4},
	{"cmpxchg8b reg", {0x0f, 0xc7, 0xc8}, 3},
	{"c6 /1", {0xc6, 0x0f, 0x11}, 3},
	{"c7 /7 xbegin", {0xc7, 0xf8, 0, 0, 0, 0}, 6},
	{"0f ba /4 bt", {0x0f, 0xba, 0x27, 5}, 4},
	{"0f ba /0", {0x0f, 0xba, 0x07, 5}, 4},
	{"rep bts", {0xf3, 0x0f, 0xab, 0x07}, 4},
	{"repne xchg", {0xf2, 0x87, 0x07}, 3},
	{"0f 38 map", {0x0f, 0x38, 0xf6, 0x07}, 4},
	{"0f 3a map", {0x0f, 0x3a, 0x0f, 0x07, 1}, 5},
	{"vex c5", {0xc5, 0xf8, 0x11, 0x07}, 4},
	{"vex c4", {0xc4, 0xe1, 0x78, 0x11, 0x07}, 5},
	{"evex", {0x62, 0xf1, 0x7c, 0x48, 0x11, 0x07}, 6},
	{"80 /7 cmp", {0x80, 0x3f, 1}, 3},
	{"83 /7 cmp", {0x48, 0x83, 0x3f, 1}, 4},
	{"mov to reg via 89 mod 3", {0x89, 0xc7}, 2},
	{"0f alone", {0x0f}, 1},
	{"16 bytes", {0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
			0x89, 0x84, 0x24, 0, 1, 0, 0}, 16},
};
/* clang-format on */

static void expect_refused(const char *name, const u8 *bytes, unsigned int len)
{
	u8 padded[X86_MAX_INSN_LEN] = {0};
	struct x86_insn insn;
	u8 *copy = malloc(len);
	int rc;

	memcpy(copy, bytes, len);
	rc = x86_decode(copy, len, &insn);
	free(copy);
	if (rc != X86EMUL_UNHANDLEABLE && rc != X86EMUL_TRUNCATED)
		fail_msg("%s was accepted", name);
	/* With 15 bytes available the answer must be final. */
	memcpy(padded, bytes, MIN(len, sizeof(padded)));
	rc = x86_decode(padded, sizeof(padded), &insn);
	if (rc != X86EMUL_UNHANDLEABLE)
		fail_msg("%s: rc %d with 15 bytes", name, rc);
}

static void test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_vectors); i++)
		expect_refused(bad_vectors[i].name, bad_vectors[i].start,
			       (unsigned int)(bad_vectors[i].end - bad_vectors[i].start));
	for (size_t i = 0; i < ARRAY_SIZE(bad_bytes); i++)
		expect_refused(bad_bytes[i].name, bad_bytes[i].bytes, bad_bytes[i].len);
}

/*
 * Decoder-driven: mostly random bytes with a bias towards prefixes and the
 * supported opcodes. Whatever decodes is run on the CPU with registers solved
 * from the decoder's own view of the operand; a wrong view makes the CPU
 * touch other memory (mismatch or crash).
 */
static void random_insn_bytes(u8 *b)
{
	static const u8 prefixes[] = {0xf0, 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e,
				      0x64, 0x65, 0x40, 0x48, 0x4c, 0x41, 0x4f};
	static const u8 opcodes[] = {0x00, 0x01, 0x09, 0x11, 0x18, 0x21, 0x29, 0x30, 0x80,
				     0x81, 0x83, 0x86, 0x87, 0x88, 0x89, 0xc6, 0xc7, 0x0f};
	static const u8 second[] = {0xab, 0xb0, 0xb1, 0xb3, 0xba, 0xbb, 0xc7};
	unsigned int n = (unsigned int)rnd_below(7), i;

	for (i = 0; i < X86_MAX_INSN_LEN; i++)
		b[i] = (u8)rnd();
	for (i = 0; i < n; i++)
		b[i] = prefixes[rnd_below(ARRAY_SIZE(prefixes))];
	if (rnd_below(8))
		b[i] = opcodes[rnd_below(ARRAY_SIZE(opcodes))];
	if (b[i] == 0x0f && rnd_below(8))
		b[i + 1] = second[rnd_below(ARRAY_SIZE(second))];
}

static void test_diff_random_bytes(void **state)
{
	unsigned int executed = 0, failures = 0;

	(void)state;
	for (unsigned int n = 0; n < 20 * ITERATIONS && failures < 5; n++) {
		u8 b[X86_MAX_INSN_LEN];
		struct x86_insn insn;
		struct cpu_state st;

		random_insn_bytes(b);
		if (x86_decode(b, sizeof(b), &insn) != X86EMUL_OKAY || !solve_vector(&insn, &st))
			continue;
		executed++;
		if (!run_differential(b, insn.len, &st))
			failures++;
	}
	print_message("%u random instructions executed\n", executed);
	assert_int_equal(failures, 0);
	assert_true(executed > ITERATIONS);
}

/* ---- explicit cases ------------------------------------------------------ */

static void decode_ok(const u8 *bytes, unsigned int len, struct x86_insn *insn)
{
	assert_int_equal(x86_decode(bytes, len, insn), X86EMUL_OKAY);
	assert_int_equal(insn->len, len);
}

static void test_length_limit(void **state)
{
	/* 8 prefixes + 89 84 24 disp32 = 15 bytes: the longest legal form. */
	u8 b[16] = {0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x48,
		    0x89, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00, 0x90};
	u8 prefixes[16];
	struct x86_insn insn;

	(void)state;
	decode_ok(b, 15, &insn);
	assert_int_equal(insn.opsize, 8);
	assert_int_equal(insn.base, 4);
	assert_int_equal(insn.disp, 0x100);
	assert_int_equal(x86_decode(b, 16, &insn), X86EMUL_OKAY);
	memmove(b + 1, b, 15);
	assert_int_equal(x86_decode(b, 16, &insn), X86EMUL_UNHANDLEABLE);
	assert_int_equal(x86_decode(b, 15, &insn), X86EMUL_UNHANDLEABLE);
	assert_int_equal(x86_decode(b, 14, &insn), X86EMUL_TRUNCATED);
	memset(prefixes, 0x66, sizeof(prefixes));
	assert_int_equal(x86_decode(prefixes, 16, &insn), X86EMUL_UNHANDLEABLE);
	assert_int_equal(x86_decode(prefixes, 14, &insn), X86EMUL_TRUNCATED);
	assert_int_equal(x86_decode(prefixes, 0, &insn), X86EMUL_TRUNCATED);
}

static void test_rex_placement(void **state)
{
	const u8 cancelled[] = {0x48, 0x66, 0x89, 0x07}; /* REX then 66 */
	const u8 twice[] = {0x4c, 0x41, 0x89, 0x07};	 /* last REX counts */
	const u8 rex_w_66[] = {0x66, 0x48, 0x89, 0x07};
	struct x86_insn insn;

	(void)state;
	decode_ok(cancelled, sizeof(cancelled), &insn);
	assert_int_equal(insn.opsize, 2);
	assert_int_equal(insn.rex, 0);
	decode_ok(twice, sizeof(twice), &insn);
	assert_int_equal(insn.rex, 0x41);
	assert_int_equal(insn.reg, 0);
	assert_int_equal(insn.base, 15);
	decode_ok(rex_w_66, sizeof(rex_w_66), &insn);
	assert_int_equal(insn.opsize, 8);
}

static u64 emulate_simple(const u8 *bytes, unsigned int len, struct x86_emul_regs *r)
{
	struct mem_log log = {0};
	struct x86_insn insn;
	u64 v = 0;

	decode_ok(bytes, len, &insn);
	r->gpr[7] = (u64)jit_mem + 64;
	memset(emu_mem, 0xee, MEM_SIZE);
	assert_int_equal(x86_emulate_write(&insn, r, &mem_ops, &log), X86EMUL_OKAY);
	memcpy(&v, emu_mem + 64, 8);
	return v;
}

static void test_high_byte_registers(void **state)
{
	const u8 mov_ah[] = {0x88, 0x27}, mov_spl[] = {0x40, 0x88, 0x27};
	const u8 xchg_bh[] = {0x86, 0x3f};
	struct x86_emul_regs r = {
		.gpr = {0x1122334455667788ULL, 0, 0, 0xaabbccddeeff0011ULL, 0x0102030405060708ULL}};

	(void)state;
	assert_int_equal(emulate_simple(mov_ah, sizeof(mov_ah), &r) & 0xff, 0x77);
	assert_int_equal(emulate_simple(mov_spl, sizeof(mov_spl), &r) & 0xff, 0x08);
	assert_int_equal(emulate_simple(xchg_bh, sizeof(xchg_bh), &r) & 0xff, 0x00);
	assert_int_equal(r.gpr[3], 0xaabbccddeeffee11ULL);
}

static void test_linear_address(void **state)
{
	const u8 a32[] = {0x67, 0x65, 0x89, 0x47, 0x08}; /* mov %eax,%gs:8(%edi) */
	const u8 rip[] = {0x89, 0x05, 0xf0, 0xff, 0xff, 0xff};
	const u8 rip32[] = {0x67, 0x89, 0x05, 0x10, 0, 0, 0};
	const u8 bts16[] = {0x66, 0x0f, 0xab, 0x07}; /* bts %ax,(%rdi) */
	const u8 bts64[] = {0x48, 0x0f, 0xab, 0x07};
	struct x86_emul_regs r = {.rip = 0xfffffff0, .gs_base = 0x100000000ULL};
	struct x86_insn insn;

	(void)state;
	r.gpr[7] = 0x12fffffffcULL;
	decode_ok(a32, sizeof(a32), &insn);
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0x100000004ULL);
	decode_ok(rip, sizeof(rip), &insn);
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0xfffffff6ULL - 0x10);
	decode_ok(rip32, sizeof(rip32), &insn);
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0x7);
	r.gpr[7] = 0x1000;
	decode_ok(bts16, sizeof(bts16), &insn);
	r.gpr[0] = 0xffff; /* -1: the word below */
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0x1000 - 2);
	r.gpr[0] = 0x10010; /* only the low 16 bits count: bit 16 = next word */
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0x1000 + 2);
	decode_ok(bts64, sizeof(bts64), &insn);
	r.gpr[0] = (u64)-65;
	assert_int_equal(x86_insn_linear_address(&insn, &r), 0x1000 - 16);
}

/* A PTE that another agent (the MMU setting A/D bits) keeps changing. */
struct racy_pte {
	u64 val;
	unsigned int races; /* cmpxchg calls that see a concurrent change first */
};

static int racy_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	struct racy_pte *pte = ctx;

	(void)addr, (void)size;
	*val = pte->val;
	return X86EMUL_OKAY;
}

static int refuse_write(void *ctx, u64 addr, unsigned int size, u64 val)
{
	(void)ctx, (void)addr, (void)size, (void)val;
	return X86EMUL_EXCEPTION;
}

static int racy_cmpxchg(void *ctx, u64 addr, unsigned int size, u64 *old, u64 new)
{
	struct racy_pte *pte = ctx;
	u64 cur;

	(void)addr, (void)size;
	if (pte->races) {
		pte->races--;
		pte->val ^= 0x20; /* the accessed bit flips behind our back */
	}
	cur = pte->val;
	if (cur == *old)
		pte->val = new;
	*old = cur;
	return X86EMUL_OKAY;
}

static void test_callback_errors_keep_state(void **state)
{
	const u8 mov[] = {0x48, 0x89, 0x07};
	const u8 lock_bts5[] = {0xf0, 0x48, 0x0f, 0xba, 0x2f, 0x05};
	const struct x86_emul_ops racy = {racy_read, refuse_write, racy_cmpxchg};
	struct x86_emul_regs r = {.rip = 0x1000, .rflags = 0x202}, saved;
	struct racy_pte pte = {.val = 0, .races = 1000};
	struct x86_insn insn;

	(void)state;
	for (unsigned int i = 0; i < 16; i++)
		r.gpr[i] = rnd();
	saved = r;
	decode_ok(mov, sizeof(mov), &insn);
	assert_int_equal(x86_emulate_write(&insn, &r, &racy, &pte), X86EMUL_EXCEPTION);
	assert_memory_equal(&r, &saved, sizeof(r));
	decode_ok(lock_bts5, sizeof(lock_bts5), &insn);
	assert_int_equal(x86_emulate_write(&insn, &r, &racy, &pte), X86EMUL_RETRY);
	assert_memory_equal(&r, &saved, sizeof(r));
	/* One lost race: the retry must see bit 5 already set (CF = 1). */
	pte.val = 0x1000;
	pte.races = 1;
	assert_int_equal(x86_emulate_write(&insn, &r, &racy, &pte), X86EMUL_OKAY);
	assert_int_equal(pte.val, 0x1020);
	assert_int_equal(r.rflags & CF, CF);
	assert_int_equal(r.rip, 0x1000 + sizeof(lock_bts5));
}

static void test_bogus_insn(void **state)
{
	const u8 mov[] = {0x89, 0x07};
	struct x86_emul_regs r = {0};
	struct mem_log log = {0};
	struct x86_insn insn, bad;

	(void)state;
	decode_ok(mov, sizeof(mov), &insn);
	bad = insn;
	bad.op = X86_OP_NONE;
	assert_int_equal(x86_emulate_write(&bad, &r, &mem_ops, &log), X86EMUL_UNHANDLEABLE);
	bad = insn;
	bad.opsize = 3;
	assert_int_equal(x86_emulate_write(&bad, &r, &mem_ops, &log), X86EMUL_UNHANDLEABLE);
	bad = insn;
	bad.base = 17;
	assert_int_equal(x86_emulate_write(&bad, &r, &mem_ops, &log), X86EMUL_UNHANDLEABLE);
	assert_int_equal(log.reads + log.writes + log.cmpxchgs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_alu_reg),
		cmocka_unit_test(test_diff_alu_imm),
		cmocka_unit_test(test_diff_mov),
		cmocka_unit_test(test_diff_xchg),
		cmocka_unit_test(test_diff_cmpxchg),
		cmocka_unit_test(test_diff_cmpxchg8b),
		cmocka_unit_test(test_diff_bt_reg),
		cmocka_unit_test(test_diff_bt_imm),
		cmocka_unit_test(test_diff_random_bytes),
		cmocka_unit_test(test_gas_good_vectors),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_rex_placement),
		cmocka_unit_test(test_high_byte_registers),
		cmocka_unit_test(test_linear_address),
		cmocka_unit_test(test_callback_errors_keep_state),
		cmocka_unit_test(test_bogus_insn),
	};

	return cmocka_run_group_tests(tests, setup_executor, teardown_executor);
}
