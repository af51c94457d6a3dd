/* SPDX-License-Identifier: MIT */
/*
 * The harness of the ptwr decoder/emulator tests (x86_emulate_harness.c):
 * random numbers, the host-CPU executor (jit_slot, operands in jit_mem), the
 * emulator's memory (emu_mem) and the differential check between the two.
 * test_x86_emulate.c explains the method.
 */
#ifndef XENO_TEST_X86_EMULATE_HARNESS_H
#define XENO_TEST_X86_EMULATE_HARNESS_H

#include <stdbool.h>
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

struct cpu_state {
	u64 gpr[16];
	u64 rflags;
};

struct mem_log {
	unsigned int reads, writes, cmpxchgs;
	bool out_of_range;
};

extern u8 jit_mem[MEM_SIZE], emu_mem[MEM_SIZE];
extern u8 jit_page[], jit_slot[];
extern u64 fs_base, gs_base;
extern const struct x86_emul_ops mem_ops;

u64 rnd(void);
u64 rnd_below(u64 n);
int setup_executor(void **state);
int teardown_executor(void **state);
void fill_memory(void);
void dump_bytes(const char *what, const u8 *b, unsigned int len);
/* Decode from the slot, emulate on emu_mem, run on the CPU: true if they agree. */
bool run_differential(const u8 *bytes, unsigned int len, const struct cpu_state *st);
/* Every strict prefix of a valid instruction is TRUNCATED, never over-read. */
bool check_truncations(const u8 *bytes, unsigned int len);
/*
 * RSP stays canonical across the instruction (see the definition); false if
 * the case must be resampled.
 */
bool keep_rsp_canonical(struct cpu_state *st, bool rsp_addresses, bool rsp_loads_mem, u64 target);

/* The generator's tests (x86_emulate_gen.c). */
void test_diff_alu_reg(void **state);
void test_diff_alu_imm(void **state);
void test_diff_mov(void **state);
void test_diff_xchg(void **state);
void test_diff_cmpxchg(void **state);
void test_diff_cmpxchg8b(void **state);
void test_diff_bt_reg(void **state);
void test_diff_bt_imm(void **state);

#endif
