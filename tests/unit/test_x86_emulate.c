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

#include <xeno/compiler.h>
#include <asm/x86_emulate.h>

#define MEM_SIZE 8192
#define SLOT_SIZE 32
#define ARCH_SET_GS_CODE 0x1001
#define ARCH_GET_FS_CODE 0x1003
#define ITERATIONS 20000

#define CF X86EMUL_FLAG_CF
#define ZF X86EMUL_FLAG_ZF
#define AF X86EMUL_FLAG_AF
#define ARITH X86EMUL_FLAGS_ARITH

/* ---- random numbers ----------------------------------------------------- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/* ---- host CPU executor ------------------------------------------------- */

struct cpu_state {
	u64 gpr[16];
	u64 rflags;
};

__attribute__((used)) struct cpu_state jit_state;
__attribute__((used)) u64 jit_saved_rsp;
__attribute__((used, aligned(4096))) u8 jit_mem[MEM_SIZE];
static u8 emu_mem[MEM_SIZE];
extern u8 jit_page[], jit_slot[];
void jit_run(void);

/* clang-format off */
#define JIT_REGS(X)                                                        \
	X(0, "rax") X(1, "rcx") X(2, "rdx") X(3, "rbx") X(4, "rsp") X(5, "rbp") \
	X(6, "rsi") X(7, "rdi") X(8, "r8") X(9, "r9") X(10, "r10")          \
	X(11, "r11") X(12, "r12") X(13, "r13") X(14, "r14") X(15, "r15")
#define JIT_LOAD(n, r) "mov jit_state+" #n "*8(%rip), %" r "\n"
#define JIT_STORE(n, r) "mov %" r ", jit_state+" #n "*8(%rip)\n"

__asm__(".pushsection .text.jit, \"ax\", @progbits\n"
	".balign 4096\n"
	".globl jit_page\n.globl jit_run\n.globl jit_slot\n"
	"jit_page:\njit_run:\n"
	"push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
	"mov %rsp, jit_saved_rsp(%rip)\n"
	"pushq jit_state+128(%rip)\npopfq\n"
	JIT_REGS(JIT_LOAD)
	"jit_slot:\n.fill 32, 1, 0x90\n"
	JIT_REGS(JIT_STORE)
	"mov jit_saved_rsp(%rip), %rsp\n"
	"pushfq\npopq jit_state+128(%rip)\n"
	"pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n"
	".balign 4096\n"
	".popsection\n");
/* clang-format on */

static u64 fs_base, gs_base;

/* X86_EMULATE_SEED=<n> in the environment picks another random sequence. */
static int setup_executor(void **state)
{
	const char *seed = getenv("X86_EMULATE_SEED");

	(void)state;
	if (seed)
		rng_state ^= strtoull(seed, NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
	if (mprotect(jit_page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
		return -1;
	if (syscall(SYS_arch_prctl, ARCH_GET_FS_CODE, &fs_base))
		return -1;
	gs_base = (u64)jit_mem - 0x3000;
	return syscall(SYS_arch_prctl, ARCH_SET_GS_CODE, gs_base) ? -1 : 0;
}

static int teardown_executor(void **state)
{
	(void)state;
	syscall(SYS_arch_prctl, ARCH_SET_GS_CODE, 0UL);
	return 0;
}

static void cpu_exec(const u8 *bytes, unsigned int len, struct cpu_state *st)
{
	memcpy(jit_slot, bytes, len);
	memset(jit_slot + len, 0x90, SLOT_SIZE - len);
	jit_state = *st;
	jit_run();
	*st = jit_state;
}

/* ---- emulator side ------------------------------------------------------ */

struct mem_log {
	unsigned int reads, writes, cmpxchgs;
	bool out_of_range;
};

static u8 *emu_ptr(struct mem_log *log, u64 addr, unsigned int size)
{
	u64 off = addr - (u64)jit_mem;

	if (off >= MEM_SIZE || size > MEM_SIZE - off) {
		log->out_of_range = true;
		return NULL;
	}
	return emu_mem + off;
}

static int mem_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	struct mem_log *log = ctx;
	u8 *p = emu_ptr(log, addr, size);

	log->reads++;
	if (!p)
		return X86EMUL_EXCEPTION;
	*val = 0;
	memcpy(val, p, size);
	return X86EMUL_OKAY;
}

static int mem_write(void *ctx, u64 addr, unsigned int size, u64 val)
{
	struct mem_log *log = ctx;
	u8 *p = emu_ptr(log, addr, size);

	log->writes++;
	if (!p)
		return X86EMUL_EXCEPTION;
	memcpy(p, &val, size);
	return X86EMUL_OKAY;
}

static int mem_cmpxchg(void *ctx, u64 addr, unsigned int size, u64 *old, u64 new)
{
	struct mem_log *log = ctx;
	u8 *p = emu_ptr(log, addr, size);
	u64 cur = 0;

	log->cmpxchgs++;
	if (!p)
		return X86EMUL_EXCEPTION;
	memcpy(&cur, p, size);
	if (cur == *old)
		memcpy(p, &new, size);
	*old = cur;
	return X86EMUL_OKAY;
}

static const struct x86_emul_ops mem_ops = {
	.read = mem_read,
	.write = mem_write,
	.cmpxchg = mem_cmpxchg,
};

static void fill_memory(void)
{
	for (unsigned int i = 0; i < MEM_SIZE; i += 8) {
		u64 v = rnd();

		memcpy(jit_mem + i, &v, 8);
	}
	memcpy(emu_mem, jit_mem, MEM_SIZE);
}

/* ---- the differential check -------------------------------------------- */

static u64 defined_flags(unsigned int op)
{
	if (op == X86_OP_AND || op == X86_OP_OR || op == X86_OP_XOR)
		return ARITH & ~AF;
	if (op == X86_OP_BTS || op == X86_OP_BTR || op == X86_OP_BTC)
		return CF | ZF;
	return ARITH;
}

static void dump_bytes(const char *what, const u8 *b, unsigned int len)
{
	fprintf(stderr, "%s:", what);
	for (unsigned int i = 0; i < len; i++)
		fprintf(stderr, " %02x", b[i]);
	fprintf(stderr, "\n");
}

static void dump_regs(const struct cpu_state *before, const struct cpu_state *cpu,
		      const struct x86_emul_regs *emu)
{
	for (unsigned int i = 0; i < 16; i++)
		fprintf(stderr, "  r%-2u in %016llx cpu %016llx emu %016llx%s\n", i,
			(unsigned long long)before->gpr[i], (unsigned long long)cpu->gpr[i],
			(unsigned long long)emu->gpr[i], cpu->gpr[i] != emu->gpr[i] ? " <--" : "");
	fprintf(stderr, "  flags in %llx cpu %llx emu %llx\n", (unsigned long long)before->rflags,
		(unsigned long long)cpu->rflags, (unsigned long long)emu->rflags);
}

/* Returns true if the emulation matched the CPU. */
static bool compare_runs(const u8 *bytes, const struct x86_insn *insn,
			 const struct cpu_state *before, const struct cpu_state *cpu,
			 const struct x86_emul_regs *emu)
{
	u64 mask = defined_flags(insn->op);
	bool ok = !memcmp(jit_mem, emu_mem, MEM_SIZE);

	ok = ok && !memcmp(cpu->gpr, emu->gpr, sizeof(cpu->gpr));
	ok = ok && !((cpu->rflags ^ emu->rflags) & mask);
	ok = ok && !((before->rflags ^ emu->rflags) & ~ARITH);
	ok = ok && emu->rip == (u64)jit_slot + insn->len;
	if (!ok) {
		dump_bytes("mismatch for", bytes, insn->len);
		dump_regs(before, cpu, emu);
		for (unsigned int i = 0; i < MEM_SIZE; i++)
			if (jit_mem[i] != emu_mem[i])
				fprintf(stderr, "  mem[%u] cpu %02x emu %02x\n", i, jit_mem[i],
					emu_mem[i]);
	}
	return ok;
}

/* Decode from the slot, emulate on emu_mem, run on the CPU, compare. */
static bool run_differential(const u8 *bytes, unsigned int len, const struct cpu_state *st)
{
	struct cpu_state cpu = *st;
	struct x86_emul_regs emu = {.fs_base = fs_base, .gs_base = gs_base};
	struct mem_log log = {0};
	struct x86_insn insn;
	int rc;

	cpu_exec(bytes, len, &cpu);
	rc = x86_decode(jit_slot, SLOT_SIZE, &insn);
	if (rc != X86EMUL_OKAY || insn.len != len) {
		dump_bytes("decode failed", bytes, len);
		return false;
	}
	memcpy(emu.gpr, st->gpr, sizeof(emu.gpr));
	emu.rflags = st->rflags;
	emu.rip = (u64)jit_slot;
	rc = x86_emulate_write(&insn, &emu, &mem_ops, &log);
	if (rc != X86EMUL_OKAY || log.out_of_range) {
		dump_bytes("emulation failed", bytes, len);
		return false;
	}
	if (insn.op == X86_OP_MOV ? log.cmpxchgs != 0 : log.writes != 0)
		return false;
	return compare_runs(bytes, &insn, st, &cpu, &emu);
}

/* Every strict prefix of a valid instruction is TRUNCATED, never over-read. */
static bool check_truncations(const u8 *bytes, unsigned int len)
{
	struct x86_insn insn;

	for (unsigned int k = 0; k < len; k++) {
		u8 *copy = malloc(k ? k : 1);
		int rc;

		memcpy(copy, bytes, k);
		rc = x86_decode(copy, k, &insn);
		free(copy);
		if (rc != X86EMUL_TRUNCATED) {
			dump_bytes("truncation not reported", bytes, k);
			return false;
		}
	}
	return true;
}

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

/*
 * This host (a PVM guest) cannot return to user mode with a non-canonical
 * RSP: an interrupt in the window where jit_run runs on the test's RSP then
 * kills the process with SIGSEGV. So RSP stays canonical before and after the
 * instruction: an RSP used as a 64-bit address must already be (else the case
 * is resampled), other uses keep their low 47 bits, and the value that
 * "xchg %rsp, m64" loads is made canonical in memory.
 */
static u64 canonical(u64 v)
{
	return (u64)((s64)(v << 16) >> 16);
}

static bool keep_rsp_canonical(struct cpu_state *st, bool rsp_addresses, bool rsp_loads_mem,
			       u64 target)
{
	u64 v = 0;

	if (st->gpr[4] != canonical(st->gpr[4])) {
		if (rsp_addresses)
			return false;
		st->gpr[4] = canonical(st->gpr[4]);
	}
	if (rsp_loads_mem) {
		memcpy(&v, (void *)target, 8);
		v = canonical(v);
		memcpy((void *)target, &v, 8);
		memcpy(emu_mem + (target - (u64)jit_mem), &v, 8);
	}
	return true;
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
	static void name(void **state)                        \
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
