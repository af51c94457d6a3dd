/*
 * libFuzzer harness for the ptwr decoder/emulator.
 *
 * Input: one control byte, then up to 32 instruction bytes. The instruction
 * bytes are copied into a heap block of exactly that size, so ASan reports
 * any read past `avail`. Decoded instructions are emulated with registers
 * aimed at a 64-byte window of fake guest memory; accesses outside it are
 * refused like a ptwr handler would. Checked invariants (abort on failure):
 * - decode returns OKAY, TRUNCATED (only when avail < 15) or UNHANDLEABLE;
 * - a decoded length is 1..min(avail, 15), every strict prefix of it is
 *   TRUNCATED, and re-decoding exactly len bytes gives the same result;
 * - callbacks see sizes 1/2/4/8 at the address x86_insn_linear_address()
 *   predicts, and mov never uses cmpxchg nor read-modify-writes use write;
 * - on failure no register changed; on success RIP advanced by len, flags
 *   outside CF/PF/AF/ZF/SF/OF kept, and only the registers the instruction
 *   may write changed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/x86_emulate.h>

#define WINDOW_BASE 0x7ff000ULL
#define WINDOW_SIZE 64
#define MAX_AVAIL 32

#define CHECK(c)                 \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

struct fuzz_ctx {
	const struct x86_insn *insn;
	u64 expect_addr;
	u8 mem[WINDOW_SIZE];
	unsigned int races; /* cmpxchg calls that flip a bit first */
};

static u8 *window(struct fuzz_ctx *c, u64 addr, unsigned int size)
{
	CHECK(size == 1 || size == 2 || size == 4 || size == 8);
	CHECK(size == c->insn->opsize);
	CHECK(addr == c->expect_addr);
	if (addr < WINDOW_BASE || addr - WINDOW_BASE > WINDOW_SIZE - size)
		return NULL;
	return c->mem + (addr - WINDOW_BASE);
}

static int fz_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	struct fuzz_ctx *c = ctx;
	u8 *p = window(c, addr, size);

	CHECK(c->insn->op != X86_OP_MOV);
	if (!p)
		return X86EMUL_EXCEPTION;
	*val = 0;
	memcpy(val, p, size);
	return X86EMUL_OKAY;
}

static int fz_write(void *ctx, u64 addr, unsigned int size, u64 val)
{
	struct fuzz_ctx *c = ctx;
	u8 *p = window(c, addr, size);

	CHECK(c->insn->op == X86_OP_MOV);
	if (!p)
		return X86EMUL_EXCEPTION;
	memcpy(p, &val, size);
	return X86EMUL_OKAY;
}

static int fz_cmpxchg(void *ctx, u64 addr, unsigned int size, u64 *old, u64 new)
{
	struct fuzz_ctx *c = ctx;
	u8 *p = window(c, addr, size);
	u64 cur = 0;

	CHECK(c->insn->op != X86_OP_MOV);
	if (!p)
		return X86EMUL_EXCEPTION;
	if (c->races) {
		c->races--;
		p[0] ^= 0x20;
	}
	memcpy(&cur, p, size);
	if (cur == *old)
		memcpy(p, &new, size);
	*old = cur;
	return X86EMUL_OKAY;
}

static const struct x86_emul_ops fz_ops = {fz_read, fz_write, fz_cmpxchg};

static void check_decode(const u8 *buf, size_t avail, int rc, const struct x86_insn *insn)
{
	struct x86_insn again;

	CHECK(rc == X86EMUL_OKAY || rc == X86EMUL_UNHANDLEABLE || rc == X86EMUL_TRUNCATED);
	if (rc == X86EMUL_TRUNCATED)
		CHECK(avail < X86_MAX_INSN_LEN);
	if (rc != X86EMUL_OKAY)
		return;
	CHECK(insn->len >= 1 && insn->len <= X86_MAX_INSN_LEN && insn->len <= avail);
	CHECK(insn->op < X86_OP_COUNT && insn->op != X86_OP_NONE);
	CHECK(x86_decode(buf, insn->len, &again) == X86EMUL_OKAY);
	CHECK(!memcmp(&again, insn, sizeof(again)));
	for (size_t k = 0; k < insn->len; k++)
		CHECK(x86_decode(buf, k, &again) == X86EMUL_TRUNCATED);
}

/* Registers the instruction may write (bit n = GPR n). */
static unsigned int writable_gprs(const struct x86_insn *insn)
{
	unsigned int reg = insn->reg;

	if (insn->opsize == 1 && !insn->rex && reg >= 4 && reg < 8)
		reg -= 4; /* AH..BH live in RAX..RBX */
	if (insn->op == X86_OP_XCHG)
		return 1u << reg;
	if (insn->op == X86_OP_CMPXCHG)
		return 1u;
	if (insn->op == X86_OP_CMPXCHG8B)
		return 1u | 4u;
	return 0;
}

static void set_regs(struct x86_emul_regs *r, u8 ctl, const u8 *data, size_t size)
{
	memset(r, 0, sizeof(*r));
	for (unsigned int i = 0; i < 16; i++) {
		u64 v = (ctl & 0x40) ? 0x0101010101010101ULL * data[i % size] : 0;

		r->gpr[i] = WINDOW_BASE + ((ctl + i * 8) & 31) + v * (ctl & 0x80 ? 1 : 0);
	}
	r->gpr[(ctl >> 2) & 15] = (ctl & 3) - 1; /* a small bit offset / value */
	r->rip = WINDOW_BASE - 0x1000;
	r->rflags = 0x202 | (ctl & 0xc5);
	r->fs_base = (ctl & 0x20) ? 0x1000 : 0;
	r->gs_base = 0;
}

static void check_emulate(const struct x86_insn *insn, u8 ctl, const u8 *data, size_t size)
{
	struct fuzz_ctx c = {.insn = insn, .races = ctl & 0x10 ? 1 : 0};
	struct x86_emul_regs r, before;
	unsigned int may_write = writable_gprs(insn);
	int rc;

	set_regs(&r, ctl, data, size);
	memset(c.mem, ctl, sizeof(c.mem));
	before = r;
	c.expect_addr = x86_insn_linear_address(insn, &r);
	rc = x86_emulate_write(insn, &r, &fz_ops, &c);
	if (rc != X86EMUL_OKAY) {
		CHECK(rc == X86EMUL_EXCEPTION || rc == X86EMUL_RETRY);
		CHECK(!memcmp(&r, &before, sizeof(r)));
		return;
	}
	CHECK(r.rip == before.rip + insn->len);
	CHECK(((r.rflags ^ before.rflags) & ~X86EMUL_FLAGS_ARITH) == 0);
	CHECK(r.fs_base == before.fs_base && r.gs_base == before.gs_base);
	for (unsigned int i = 0; i < 16; i++)
		CHECK(r.gpr[i] == before.gpr[i] || (may_write & (1u << i)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_insn insn;
	size_t avail;
	u8 *buf;
	int rc;

	if (size < 1)
		return 0;
	avail = size - 1 > MAX_AVAIL ? MAX_AVAIL : size - 1;
	buf = malloc(avail ? avail : 1);
	memcpy(buf, data + 1, avail);
	memset(&insn, 0xa5, sizeof(insn));
	rc = x86_decode(buf, avail, &insn);
	check_decode(buf, avail, rc, &insn);
	if (rc == X86EMUL_OKAY)
		check_emulate(&insn, data[0], data, size);
	free(buf);
	return 0;
}
