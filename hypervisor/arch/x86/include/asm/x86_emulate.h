/*
 * Decoder and emulator for the memory-writing instructions a 64-bit PV guest
 * kernel uses on its own (read-only mapped) page tables: the "writable page
 * tables" (ptwr) path of the #PF handler.
 *
 * Theory of operation
 * -------------------
 * The #PF handler copies up to 15 instruction bytes from guest RIP and calls
 * x86_decode(). The decoder is pure: it reads only bytes[0 .. avail-1], never
 * more than X86_MAX_INSN_LEN of them, and fills a struct x86_insn. Anything
 * outside the supported set below is refused (X86EMUL_UNHANDLEABLE); nothing
 * is guessed. x86_emulate_write() then computes the linear address of the
 * memory operand and performs the access through the caller's callbacks,
 * commits the architectural register/flag results and advances RIP.
 *
 * Supported forms (64-bit mode only, memory destination only, ModRM.mod != 3):
 *   mov    r/m, r          88 89           mov r/m, imm   C6 /0 ib, C7 /0 iz
 *   add/or/adc/sbb/and/sub/xor r/m, r      00 08 10 18 20 28 30 (+1)
 *   add/or/adc/sbb/and/sub/xor r/m, imm    80 /0-6 ib, 81 /0-6 iz, 83 /0-6 ib
 *   xchg   r/m, r          86 87
 *   cmpxchg r/m, r         0F B0, 0F B1
 *   cmpxchg8b m64          0F C7 /1 (not cmpxchg16b: REX.W is refused)
 *   bts/btr/btc r/m, r     0F AB, 0F B3, 0F BB
 *   bts/btr/btc r/m, imm8  0F BA /5, /6, /7
 * Prefixes: LOCK (refused on mov, as the CPU raises #UD), 66 (operand size),
 * 67 (32-bit address size), REX (only when it immediately precedes the
 * opcode, as in hardware), FS/GS segment overrides (the caller supplies the
 * bases; ES/CS/SS/DS overrides are ignored in 64-bit mode, as in hardware).
 * REP/REPNE (F2/F3), VEX/EVEX, three-byte opcode maps, register destinations,
 * cmp/bt (they do not write), and every other opcode are refused.
 *
 * Invariants
 * ----------
 * - x86_decode() never reads bytes[i] for i >= min(avail, 15). On success
 *   1 <= len <= min(avail, 15) and op != X86_OP_NONE.
 * - opsize is 1, 2, 4 or 8 and is the width of every memory access made for
 *   the instruction (cmpxchg8b: 8).
 * - x86_emulate_write() changes *regs (GPRs, RFLAGS, RIP) only when it returns
 *   X86EMUL_OKAY; then RIP has advanced by len. On any other return the
 *   registers are untouched and the caller must not advance RIP.
 * - Only the flags an instruction defines are written; flags it leaves
 *   undefined (AF for and/or/xor is written as 0; OF/SF/AF/PF for bts/btr/btc
 *   keep their old value) are documented per operation in emulate.c.
 * - Read-modify-write instructions (ALU, xchg, bts/btr/btc, with or without
 *   LOCK) are always performed with ops->cmpxchg, so a concurrent hardware
 *   A/D-bit update is never lost. mov uses ops->write. ops->read is used only
 *   to fetch the first old value of a read-modify-write.
 * - Linear addresses are computed modulo 2^64 (or 2^32 before adding the
 *   FS/GS base with a 67 prefix). The caller checks canonicality, that the
 *   access hits the faulting page, alignment, and merges sub-8-byte accesses
 *   into the containing page-table entry.
 *
 * Intended ptwr use: copy up to 15 bytes from guest RIP (fewer at the end of a
 * mapped page: X86EMUL_TRUNCATED then means "fetch fault"), x86_decode(),
 * check that x86_insn_linear_address() + opsize stays inside one 8-byte PTE
 * of the faulting page table, then x86_emulate_write() with callbacks that
 * merge the 1/2/4-byte access into that entry, validate the new entry in
 * write/cmpxchg, and update the real entry atomically.
 *
 * Context: any; no locks are taken and no memory is allocated.
 */
#ifndef ASM_X86_EMULATE_H
#define ASM_X86_EMULATE_H

#include <xeno/types.h>

/* Return codes of x86_decode(), x86_emulate_write() and the callbacks. */
#define X86EMUL_OKAY 0
#define X86EMUL_UNHANDLEABLE (-1) /* not a supported instruction form */
#define X86EMUL_EXCEPTION (-2)	  /* a callback refused or faulted */
#define X86EMUL_RETRY (-3)	  /* memory kept changing; re-execute */
#define X86EMUL_TRUNCATED (-4)	  /* avail ended before the instruction */

#define X86_MAX_INSN_LEN 15

/* RFLAGS bits the emulator may write. */
#define X86EMUL_FLAG_CF (1UL << 0)
#define X86EMUL_FLAG_PF (1UL << 2)
#define X86EMUL_FLAG_AF (1UL << 4)
#define X86EMUL_FLAG_ZF (1UL << 6)
#define X86EMUL_FLAG_SF (1UL << 7)
#define X86EMUL_FLAG_OF (1UL << 11)
#define X86EMUL_FLAGS_ARITH                                                                        \
	(X86EMUL_FLAG_CF | X86EMUL_FLAG_PF | X86EMUL_FLAG_AF | X86EMUL_FLAG_ZF | X86EMUL_FLAG_SF | \
	 X86EMUL_FLAG_OF)

/* Operation performed on the memory operand. ALU values follow ModRM.reg. */
enum x86_op {
	X86_OP_ADD,
	X86_OP_OR,
	X86_OP_ADC,
	X86_OP_SBB,
	X86_OP_AND,
	X86_OP_SUB,
	X86_OP_XOR,
	X86_OP_NONE, /* the slot of cmp: never produced by a successful decode */
	X86_OP_MOV,
	X86_OP_XCHG,
	X86_OP_CMPXCHG,
	X86_OP_CMPXCHG8B,
	X86_OP_BTS,
	X86_OP_BTR,
	X86_OP_BTC,
	X86_OP_COUNT
};

/* Where the value written (or combined with memory) comes from. */
enum x86_src {
	X86_SRC_NONE, /* cmpxchg8b: implicit registers */
	X86_SRC_REG,  /* ModRM.reg (with REX.R), width opsize */
	X86_SRC_IMM,  /* insn->imm */
};

enum x86_seg {
	X86_SEG_NONE, /* flat: ES/CS/SS/DS or no override */
	X86_SEG_FS,
	X86_SEG_GS,
};

#define X86_REG_NONE 0xff /* base or index absent */
#define X86_REG_RIP 0x10  /* base: RIP-relative */

struct x86_insn {
	u8 len;	      /* bytes, 1..15 */
	u8 opsize;    /* memory operand width: 1, 2, 4 or 8 */
	u8 addr_size; /* 8, or 4 with a 67 prefix */
	u8 rex;	      /* effective REX byte (0x40-0x4f), 0 if none */
	bool lock;    /* F0 prefix present */
	u8 seg;	      /* enum x86_seg */
	u16 opcode;   /* one-byte opcode, or 0x0f00 | second byte */
	u8 op;	      /* enum x86_op */
	u8 src;	      /* enum x86_src */
	u8 reg;	      /* ModRM.reg | REX.R << 3: the source register if src is
			   X86_SRC_REG (opsize 1 without REX: 4-7 = AH CH DH BH) */
	u8 base;      /* 0-15, X86_REG_RIP or X86_REG_NONE */
	u8 index;     /* 0-15 or X86_REG_NONE */
	u8 scale;     /* 1, 2, 4 or 8 */
	s32 disp;     /* sign-extended on use */
	u64 imm;      /* already sign-extended to 64 bits where the ISA says so */
};

/* GPR numbers are x86 register numbers: 0 rax, 1 rcx, ... 15 r15. */
struct x86_emul_regs {
	u64 gpr[16];
	u64 rip; /* address of the instruction (before emulation) */
	u64 rflags;
	u64 fs_base, gs_base;
};

/*
 * Memory callbacks. addr is the linear address, size is 1, 2, 4 or 8 and
 * values are zero-extended. Return X86EMUL_OKAY or any other X86EMUL_* code,
 * which x86_emulate_write() passes back unchanged.
 * - read: *val = memory.
 * - write: memory = val (plain store; mov only).
 * - cmpxchg: atomically, if memory == *old then memory = new; in every case
 *   set *old to the value memory held. Success is *old unchanged. The caller
 *   validates new here and refuses by returning an error code.
 */
struct x86_emul_ops {
	int (*read)(void *ctx, u64 addr, unsigned int size, u64 *val);
	int (*write)(void *ctx, u64 addr, unsigned int size, u64 val);
	int (*cmpxchg)(void *ctx, u64 addr, unsigned int size, u64 *old, u64 new);
};

/*
 * Decode the instruction at bytes[0 .. avail-1]. Returns X86EMUL_OKAY,
 * X86EMUL_TRUNCATED if the bytes ran out before the instruction ended and
 * avail < 15 (the caller may fetch more, e.g. from the next page, and retry),
 * or X86EMUL_UNHANDLEABLE (not supported, or longer than 15 bytes). *out is
 * written only on success. Pure: no callbacks, no global state.
 */
int x86_decode(const u8 *bytes, size_t avail, struct x86_insn *out);

/*
 * Linear address of the memory access x86_emulate_write() will make for a
 * decoded instruction with these registers (including the displacement that
 * bts/btr/btc add for a register bit offset). The access is opsize bytes.
 */
u64 x86_insn_linear_address(const struct x86_insn *insn, const struct x86_emul_regs *regs);

/*
 * Emulate a decoded instruction (see the invariants above). Returns
 * X86EMUL_OKAY, X86EMUL_RETRY after repeated cmpxchg races, or a callback's
 * error code.
 */
int x86_emulate_write(const struct x86_insn *insn, struct x86_emul_regs *regs,
		      const struct x86_emul_ops *ops, void *ctx);

#endif
