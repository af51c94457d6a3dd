/*
 * Writable page tables: a guest kernel writing to one of its own page
 * tables through a read-only mapping (vm_assist writable_pagetables)
 * faults; the instruction is decoded (emulate/) and its write performed
 * through pv_mod_entry(), so the new entry is validated and referenced
 * exactly as with mmu_update. Sub-word writes merge into the 8-byte entry
 * under the table's lock. Anything else (not a page table of the guest's,
 * an unsupported instruction, an entry that does not validate) leaves the
 * #PF to the guest. Holds a type reference on the table meanwhile, but
 * for Linux's own PTE stores to an L1 in use (store_shape), done without
 * one under the entry's lock (pv_set_l1e_unref; munmap's xchg of 0 by
 * pv_clear_l1e_unref). A kernel write fault comes straight here
 * (pv_ptwr_kernel_fault, from pv_do_page_fault).
 * The same decoder drops the hardware domain's stores to read-only MMIO
 * (pv_mmio_ro_fault()).
 */
#include <xeno/errno.h>
#include <asm/guest_words.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <xeno/trace.h>
#include <public/xen.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <asm/x86_emulate.h>

struct ptwr_ctx {
	struct domain *d;
	mfn_t table;
	unsigned int level, idx;
};

static u64 size_mask(unsigned int size)
{
	return size == 8 ? ~0UL : (1UL << (size * 8)) - 1;
}

static int ptwr_read(void *c, u64 addr, unsigned int size, u64 *val)
{
	struct ptwr_ctx *x = c;
	u64 e = __atomic_load_n((u64 *)mfn_to_virt(x->table) + x->idx, __ATOMIC_ACQUIRE);

	*val = (e >> ((addr & 7) * 8)) & size_mask(size);
	return X86EMUL_OKAY;
}

static int ptwr_update(struct ptwr_ctx *x, u64 addr, unsigned int size, u64 *old, u64 val)
{
	unsigned int shift = (addr & 7) * 8;
	u64 mask = size_mask(size) << shift, expect = old ? *old << shift : 0;
	int rc = pv_mod_entry(x->d, x->table, x->idx, x->level, mask, val << shift,
			      old ? &expect : NULL, false);

	if (rc == -EAGAIN) {
		*old = (expect >> shift) & size_mask(size);
		return X86EMUL_OKAY;
	}
	return rc ? X86EMUL_EXCEPTION : X86EMUL_OKAY;
}

static int ptwr_write(void *c, u64 addr, unsigned int size, u64 val)
{
	return ptwr_update(c, addr, size, NULL, val);
}

static int ptwr_cmpxchg(void *c, u64 addr, unsigned int size, u64 *old, u64 new)
{
	return ptwr_update(c, addr, size, old, new);
}

static const struct x86_emul_ops ptwr_ops = {ptwr_read, ptwr_write, ptwr_cmpxchg};

/*
 * The GPRs in x86 encoding order, one field at a time: straight loads and
 * stores (a table of offsets cost a walk of 16 steps each way).
 */
static void regs_to_emul(const struct cpu_user_regs *r, struct vcpu *v, struct x86_emul_regs *e)
{
	e->gpr[0] = r->rax;
	e->gpr[1] = r->rcx;
	e->gpr[2] = r->rdx;
	e->gpr[3] = r->rbx;
	e->gpr[4] = r->rsp;
	e->gpr[5] = r->rbp;
	e->gpr[6] = r->rsi;
	e->gpr[7] = r->rdi;
	e->gpr[8] = r->r8;
	e->gpr[9] = r->r9;
	e->gpr[10] = r->r10;
	e->gpr[11] = r->r11;
	e->gpr[12] = r->r12;
	e->gpr[13] = r->r13;
	e->gpr[14] = r->r14;
	e->gpr[15] = r->r15;
	e->rip = r->rip;
	e->rflags = r->rflags;
	e->fs_base = pv_fs_base(v);
	e->gs_base = pv_gs_base(v, true);
}

static void emul_to_regs(const struct x86_emul_regs *e, struct cpu_user_regs *r)
{
	r->rax = e->gpr[0];
	r->rcx = e->gpr[1];
	r->rdx = e->gpr[2];
	r->rbx = e->gpr[3];
	r->rsp = e->gpr[4];
	r->rbp = e->gpr[5];
	r->rsi = e->gpr[6];
	r->rdi = e->gpr[7];
	r->r8 = e->gpr[8];
	r->r9 = e->gpr[9];
	r->r10 = e->gpr[10];
	r->r11 = e->gpr[11];
	r->r12 = e->gpr[12];
	r->r13 = e->gpr[13];
	r->r14 = e->gpr[14];
	r->r15 = e->gpr[15];
	r->rip = e->rip;
	r->rflags = e->rflags;
}

/* Up to 15 instruction bytes at rip, fewer if the next page is unmapped. */
static size_t fetch_insn(u64 rip, u8 *buf)
{
	size_t n = X86_MAX_INSN_LEN, to_page_end = PAGE_SIZE - (rip & (PAGE_SIZE - 1));

	if (copy_from_guest_va(buf, rip, n) == 0)
		return n;
	n = MIN(n, to_page_end);
	return copy_from_guest_va(buf, rip, n) ? 0 : n;
}

/*
 * Emulate the store at rip through ops; its memory operand must lie within
 * the span-byte aligned block holding cr2.
 */
static bool emulate(struct cpu_user_regs *regs, const struct x86_emul_ops *ops, void *ctx, u64 cr2,
		    u64 span)
{
	struct x86_emul_regs er;
	struct x86_insn insn;
	u8 bytes[X86_MAX_INSN_LEN];
	size_t avail = fetch_insn(regs->rip, bytes);
	u64 addr;

	if (!avail || x86_decode(bytes, avail, &insn) != X86EMUL_OKAY)
		return false;
	regs_to_emul(regs, current, &er);
	addr = x86_insn_linear_address(&insn, &er);
	if ((addr & ~(span - 1)) != (cr2 & ~(span - 1)) || (addr & (span - 1)) + insn.opsize > span)
		return false;
	if (x86_emulate_write(&insn, &er, ops, ctx) != X86EMUL_OKAY)
		return false;
	emul_to_regs(&er, regs);
	return true;
}

/* The GPRs in x86 encoding order, as offsets: one load for a register. */
static const u8 gpr_offset[16] = {
	offsetof(struct cpu_user_regs, rax), offsetof(struct cpu_user_regs, rcx),
	offsetof(struct cpu_user_regs, rdx), offsetof(struct cpu_user_regs, rbx),
	offsetof(struct cpu_user_regs, rsp), offsetof(struct cpu_user_regs, rbp),
	offsetof(struct cpu_user_regs, rsi), offsetof(struct cpu_user_regs, rdi),
	offsetof(struct cpu_user_regs, r8),  offsetof(struct cpu_user_regs, r9),
	offsetof(struct cpu_user_regs, r10), offsetof(struct cpu_user_regs, r11),
	offsetof(struct cpu_user_regs, r12), offsetof(struct cpu_user_regs, r13),
	offsetof(struct cpu_user_regs, r14), offsetof(struct cpu_user_regs, r15),
};

static u64 *gpr_slot(struct cpu_user_regs *r, unsigned int n)
{
	return (u64 *)((char *)r + gpr_offset[n & 15]);
}

/*
 * The shapes Linux's set_pte and ptep_get_and_clear compile to, decoded in
 * a few steps: REX.W 89 /r (mov r64 to [base + disp0/8/32]) or REX.W 87 /r
 * (xchg r64 with it: the old entry to the register), no prefix, no SIB, not
 * RIP-relative, an aligned 8-byte access to exactly the faulting entry.
 * The instruction's length (its register in *reg, 0x89 or 0x87 in *op),
 * or 0: not this shape (the full decoder decides).
 */
static inline __attribute__((always_inline)) unsigned int store_shape(struct cpu_user_regs *regs,
								      u64 cr2, u64 **reg, u8 *op)
{
	u64 word; /* the instruction's first 8 bytes: one load (same page) */
	const u8 *b = (const u8 *)&word;
	unsigned int mod, rm;
	u64 addr;

	if ((regs->rip & (PAGE_SIZE - 1)) > PAGE_SIZE - sizeof(word) ||
	    guest_words_get(&word, regs->rip, 1) || (b[0] & 0xf8) != 0x48 ||
	    (b[1] != 0x89 && b[1] != 0x87))
		return 0;
	mod = b[2] >> 6;
	rm = b[2] & 7;
	if (mod == 3 || rm == 4 || (mod == 0 && rm == 5))
		return 0;
	addr = *gpr_slot(regs, rm | (b[0] & 1) << 3);
	if (mod == 1)
		addr += (u64)(s64)(s8)b[3];
	else if (mod == 2)
		addr += (u64)(s64)(s32)(word >> 24);
	if (addr != (cr2 & ~7UL))
		return 0;
	*reg = gpr_slot(regs, ((b[2] >> 3) & 7) | (b[0] & 4) << 1);
	*op = b[1];
	return mod == 0 ? 3 : mod == 1 ? 4 : 7;
}

/* That shape with a type reference on the table: 1 done, 0 not the shape, -1 refused. */
static int fast_store(struct cpu_user_regs *regs, struct ptwr_ctx *x, u64 cr2)
{
	u64 *reg, prev;
	u8 op;
	unsigned int len = store_shape(regs, cr2, &reg, &op);

	if (!len)
		return 0;
	if (op == 0x89 ? ptwr_write(x, cr2 & ~7UL, 8, *reg) != X86EMUL_OKAY
		       : pv_swap_entry(x->d, x->table, x->idx, x->level, *reg, &prev))
		return -1;
	if (op == 0x87)
		*reg = prev;
	regs->rip += len;
	return 1;
}

/* The frame a present, read-only guest mapping of va points to (a hint). */
static inline __attribute__((always_inline)) bool ro_mapped_frame(struct vcpu *v, u64 va,
								  mfn_t *frame)
{
	u64 pte;

	if (pv_read_l1e(v, va, &pte))
		return false;
	*frame = maddr_to_mfn(pte & PADDR_MASK);
	return (pte & _PAGE_PRESENT) && !(pte & _PAGE_RW);
}

/* Any table, any instruction: under a type reference on the table. */
static __attribute__((noinline)) bool ptwr_general(struct cpu_user_regs *regs, struct domain *d,
						   mfn_t table, u64 cr2)
{
	struct ptwr_ctx x = {.d = d, .table = table, .idx = (cr2 & (PAGE_SIZE - 1)) >> 3};
	bool done;
	int fast;

	x.level = pv_get_table(d, table);
	if (!x.level)
		return false;
	fast = fast_store(regs, &x, cr2);
	done = fast ? fast > 0 : emulate(regs, &ptwr_ops, &x, cr2, 8); /* the entry */
	TRACE(TRC_PTWR, cr2, done);
	pv_put_table(d, table);
	return done;
}

static inline __attribute__((always_inline)) bool ptwr_fault(struct cpu_user_regs *regs, u64 cr2)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	unsigned int len;
	mfn_t table;
	u64 *reg, prev;
	u8 op;
	int rc;

	if (!(d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) || !v->pv.kernel_mode ||
	    (regs->error_code & 3) != 3 || !ro_mapped_frame(v, cr2, &table))
		return false;
	/*
	 * Most tables written so are L1s in use and most stores Linux's: tried
	 * as such without a reference (pv_set_l1e_unref checks the table under
	 * the entry's lock; both shapes replace the whole entry). Any other
	 * table or instruction goes the general way.
	 */
	len = store_shape(regs, cr2, &reg, &op);
	if (len) {
		unsigned int idx = (cr2 & (PAGE_SIZE - 1)) >> 3;

		/* a clear (munmap's xchg with 0) has nothing to check or take */
		rc = *reg ? pv_set_l1e_unref(d, table, idx, *reg, false, &prev)
			  : pv_clear_l1e_unref(d, table, idx, &prev);
		if (rc != PV_NOT_L1_IN_USE) {
			if (!rc) {
				if (op == 0x87)
					*reg = prev;
				regs->rip += len;
			}
			TRACE(TRC_PTWR, cr2, !rc);
			return !rc;
		}
	}
	return ptwr_general(regs, d, table, cr2);
}

bool pv_ptwr_fault(struct cpu_user_regs *regs, u64 cr2)
{
	return ptwr_fault(regs, cr2);
}

/* The same as pv_do_page_fault's fast case, going on with the #PF if refused. */
void pv_ptwr_kernel_fault(struct cpu_user_regs *regs)
{
	if (!ptwr_fault(regs, read_cr2()))
		pv_page_fault_after_ptwr(regs, current);
}

/*
 * Read-only MMIO (Xen's mmio_ro_ranges: the HPET, the IO-APICs, MSI-X
 * tables and PBAs): a plain store of the hardware domain's kernel, naturally
 * aligned and at exactly the faulting address, is dropped and the
 * instruction skipped, as Xen 4.17's mmio_ro_emulated_write. Anything else
 * (a read-modify-write, a misaligned store) leaves the #PF to the guest.
 */
static int mmio_ro_write(void *c, u64 addr, unsigned int size, u64 val)
{
	(void)val;
	return addr == *(u64 *)c && !(addr & (size - 1)) ? X86EMUL_OKAY : X86EMUL_UNHANDLEABLE;
}

static int mmio_ro_read(void *c, u64 addr, unsigned int size, u64 *val)
{
	(void)c, (void)addr, (void)size, (void)val;
	return X86EMUL_UNHANDLEABLE;
}

static int mmio_ro_cmpxchg(void *c, u64 addr, unsigned int size, u64 *old, u64 new)
{
	(void)c, (void)addr, (void)size, (void)old, (void)new;
	return X86EMUL_UNHANDLEABLE;
}

static const struct x86_emul_ops mmio_ro_ops = {mmio_ro_read, mmio_ro_write, mmio_ro_cmpxchg};

bool pv_mmio_ro_fault(struct cpu_user_regs *regs, u64 cr2)
{
	struct vcpu *v = current;
	mfn_t frame;

	/* present, write; not a reserved bit, not a fetch (user/kernel is ours) */
	if (!v->domain->is_privileged || !v->pv.kernel_mode || (regs->error_code & 0x1b) != 3 ||
	    !ro_mapped_frame(v, cr2, &frame) || !pv_is_ro_mmio(mfn_x(frame)))
		return false;
	return emulate(regs, &mmio_ro_ops, &cr2, cr2, PAGE_SIZE);
}
