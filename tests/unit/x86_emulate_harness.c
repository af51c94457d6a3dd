/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * The harness of the ptwr decoder/emulator tests: random numbers, the host
 * CPU executor, the emulator's memory and the differential check (see
 * test_x86_emulate.c for the method).
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

/* ---- random numbers ----------------------------------------------------- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/* ---- host CPU executor ------------------------------------------------- */

__attribute__((used)) struct cpu_state jit_state; /* the stub's registers */
__attribute__((used)) u64 jit_saved_rsp;
void jit_run(void);
__attribute__((used, aligned(4096))) u8 jit_mem[MEM_SIZE];
u8 emu_mem[MEM_SIZE];

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

u64 fs_base, gs_base;

/* X86_EMULATE_SEED=<n> in the environment picks another random sequence. */
int setup_executor(void **state)
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

int teardown_executor(void **state)
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

const struct x86_emul_ops mem_ops = {
	.read = mem_read,
	.write = mem_write,
	.cmpxchg = mem_cmpxchg,
};

void fill_memory(void)
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

void dump_bytes(const char *what, const u8 *b, unsigned int len)
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
bool run_differential(const u8 *bytes, unsigned int len, const struct cpu_state *st)
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
bool check_truncations(const u8 *bytes, unsigned int len)
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

bool keep_rsp_canonical(struct cpu_state *st, bool rsp_addresses, bool rsp_loads_mem, u64 target)
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
