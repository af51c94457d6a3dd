/*
 * PV guest page tables (arch/x86/mm/pv_pagetable.c, mmu_update.c, mmuext.c,
 * pv/ptwr.c): the rules a guest page-table entry must satisfy, the
 * references it holds, and the one primitive that changes an entry.
 *
 * References held by a present entry of a validated table of domain d:
 *   L1, RAM frame:      a general reference, plus a PGT_writable_page type
 *                       reference if the entry is writable;
 *   L1, I/O frame:      none (only privileged domains may map them);
 *   L2/L3/L4:           a general reference and a type reference as a
 *                       page table one level down; or, read-only, as a
 *                       page table of the same level (a linear page table,
 *                       arch/x86/mm/linear_pt.c; none if it maps the table
 *                       holding it).
 * The frames must be owned by d; the hypervisor's L4 slots are not the
 * guest's (they are filled in on validation and cannot be changed).
 * Exception: an L1 entry with PAGE_GNTTAB is a grant mapping, written by
 * the grant code only (guests cannot set the bit); it holds no references
 * of its own (its maptrack entry does, see xeno/grant_table.h).
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <xeno/sched.h>
#include <asm/page_type.h>
#include <asm/guest_words.h>
#include <xeno/errno.h>

/* Type operations for guest page tables; ctx is the owning struct domain. */
int pv_validate_table(struct page_info *pg, unsigned long type, void *ctx);
void pv_devalidate_table(struct page_info *pg, unsigned long type, void *ctx);
void pv_free_frame(struct page_info *pg, void *ctx);
void pv_retype_flush(struct page_info *pg, void *ctx);

/*
 * Shadow page tables in log-dirty mode (mm/shadow.c). The check is inline,
 * the work out of line. pv_shadow_resync() and pv_shadow_update_roots()
 * need the store they follow (the guest entry, the vCPU's base table) made
 * by a seq_cst atomic (a locked instruction on x86): mm/shadow.c
 * "Ordering" says why that, and no fence, is enough.
 */
static inline bool pv_shadow_on(const struct domain *d)
{
	return __atomic_load_n(&d->arch.shadow.on, __ATOMIC_SEQ_CST);
}
void pv_shadow_resync_on(struct domain *d, mfn_t g, unsigned int idx, unsigned int level);
void pv_shadow_update_roots_on(struct vcpu *v);

static inline void pv_shadow_resync(struct domain *d, mfn_t g, unsigned int idx, unsigned int level)
{
	if (pv_shadow_on(d))
		pv_shadow_resync_on(d, g, idx, level);
}

static inline void pv_shadow_update_roots(struct vcpu *v)
{
	if (pv_shadow_on(v->domain))
		pv_shadow_update_roots_on(v);
}
void pv_shadow_drop(struct domain *d, mfn_t g);
bool pv_shadow_fault(struct vcpu *v, u64 va, u32 error_code);
/* mm_audit: shadows that disagree with their guest tables (reported). */
int pv_shadow_audit(struct domain *d);
/* What CR3 holds for v's kernel or user page tables (their shadow in log-dirty mode). */
static inline paddr_t pv_vcpu_root(const struct vcpu *v, bool kernel)
{
	mfn_t g = kernel ? v->pv.guest_table : v->pv.guest_table_user;
	mfn_t s = kernel ? v->pv.shadow_table : v->pv.shadow_table_user;

	return mfn_to_maddr(mfn_x(s) != mfn_x(INVALID_MFN) ? s : g);
}
/* Is entry idx of a table of this level the guest's (not a hypervisor L4 slot)? */
bool pv_is_guest_entry(unsigned int level, unsigned int idx);

#define PAGE_GUEST_KERNEL (1UL << 52) /* an L1 entry for the guest kernel only */
#define PAGE_GNTTAB (1UL << 62)	      /* an L1 entry made by a grant mapping */

static inline struct page_type_ops pv_type_ops(struct domain *d)
{
	return (struct page_type_ops){pv_validate_table, pv_devalidate_table, pv_free_frame,
				      pv_retype_flush, d};
}

static inline unsigned long pt_type_of_level(unsigned int level)
{
	return (unsigned long)level << 60; /* PGT_l1_page_table .. PGT_l4_page_table */
}

/* A general and a type reference on a frame of d; 0 or -errno. */
int pv_get_page_and_type(struct domain *d, mfn_t mfn, unsigned long type);
void pv_put_page_and_type(struct domain *d, mfn_t mfn);
/* The same for an L4 about to be a vCPU's base table (fast when already one in use). */
int pv_get_base_table(struct domain *d, mfn_t mfn);

/*
 * Linear page tables (linear_pt.c): entry e of level-`level` table `table`
 * maps a table of the same level; pv_get_linear() takes its references (0
 * or -EINVAL), pv_put_linear() drops them and returns true if e was such an
 * entry (false: an ordinary one, nothing done).
 */
int pv_get_linear(struct domain *d, mfn_t table, u64 e, unsigned int level);
bool pv_put_linear(struct domain *d, mfn_t table, u64 e, unsigned int level);

/* Frames a privileged domain may map without references (MMIO, firmware). */
bool pv_is_io_frame(unsigned long mfn);
/* Of those, the ones it maps only read-only (Xen's mmio_ro_ranges). */
bool pv_is_ro_mmio(unsigned long mfn);
/*
 * An L1 entry e of d for a frame no reference covers (io_frame.c): 0 if
 * allowed, PV_L1E_FORCE_RO if allowed without _PAGE_RW, else -errno.
 */
#define PV_L1E_FORCE_RO 1
int pv_get_io_l1e(const struct domain *d, u64 e);

/*
 * Change entry idx of table `table` (a validated level-`level` table of d,
 * on which the caller holds a type reference) to (old & ~mask) | bits.
 * With expect, only if (old & mask) == (*expect & mask); otherwise *expect
 * receives old and the result is -EAGAIN. preserve_ad keeps the accessed
 * and dirty bits the CPU may have set. Takes the references the new entry
 * needs before, and drops the old entry's after, the atomic update.
 */
int pv_mod_entry(struct domain *d, mfn_t table, unsigned int idx, unsigned int level, u64 mask,
		 u64 bits, u64 *expect, bool preserve_ad);
/* The same for a privileged d whose new L1 entry maps a frame of pg_owner. */
int pv_mod_entry_foreign(struct domain *d, struct domain *pg_owner, mfn_t table, unsigned int idx,
			 unsigned int level, u64 mask, u64 bits, u64 *expect, bool preserve_ad);
/*
 * Entry idx of `table`, an L1 of d's on which the caller holds no reference
 * (Linux's set_pte by mmu_update, once per page fault; its PTE stores and
 * clears by ptwr), replaced by val as pv_swap_entry() does it (*prev, if
 * given, receives the old entry) if the table is a validated L1 of d's,
 * checked under the entry lock; PV_NOT_L1_IN_USE (nothing done) if not.
 */
#define PV_NOT_L1_IN_USE 2
int pv_set_l1e_unref(struct domain *d, mfn_t table, unsigned int idx, u64 val, bool preserve_ad,
		     u64 *prev);
/* The same with val 0 and preserve_ad false (munmap's ptwr xchg), shorter. */
int pv_clear_l1e_unref(struct domain *d, mfn_t table, unsigned int idx, u64 *prev);
/*
 * mmu_update's one request of d's own without a done count, (ptr, val) as
 * the guest wrote them at reqs: done here (0) if it writes a new present
 * entry into an empty slot of an L1 of d's in use, mapping a frame of d's,
 * as pv_set_l1e_unref would do it; any other request goes (untouched) to
 * pv_mmu_update_general(d, reqs) (mmu_update.c), whose result it returns.
 */
long pv_set_l1e_new(struct domain *d, u64 ptr, u64 val, u64 reqs);
long pv_mmu_update_general(struct domain *d, u64 reqs);
long pv_mmu_update_self(u64 reqs, struct domain *d);
/*
 * mmu_update's command bits (the low bits of a request's ptr). A run of
 * requests writing new entries into empty slots of `table`, a validated L1
 * of d's on which the caller holds a type reference, mapping pg_owner's
 * frames (the caller may name pg_owner): privcmd's foreign mapping
 * batches. How many leading requests were done; the next is untouched.
 */
#define MMU_CMD_MASK 7UL
struct mmu_update;
unsigned int pv_l1_run(struct domain *d, struct domain *pg_owner, mfn_t table,
		       const struct mmu_update *req, unsigned int n);
/* Replace the whole entry by `new` (an xchg); *prev receives the entry replaced. */
int pv_swap_entry(struct domain *d, mfn_t table, unsigned int idx, unsigned int level, u64 new,
		  u64 *prev);

/*
 * Grant mappings (arch/x86/mm/grant_pv.c): replace entry idx of validated
 * L1 `table` by `new` if (old & mask) == (match & mask); *old receives the
 * entry found. No references move: the caller owns new's and old's.
 * 0 or -EINVAL (no match).
 */
int pv_xchg_l1e(mfn_t table, unsigned int idx, u64 mask, u64 match, u64 new, u64 *old);
/* Drop the references L1 entry e of d holds (none for grant entries). */
void pv_put_l1e(struct domain *d, u64 e);

/* A validated page-table or descriptor type with users (0 if none). */
unsigned long pv_type_in_use(mfn_t mfn);
/* Level of a validated page table of d, or 0; takes a type reference. */
unsigned int pv_get_table(struct domain *d, mfn_t mfn);
void pv_put_table(struct domain *d, mfn_t mfn);

/*
 * The L1 table and slot mapping guest virtual address va in v's current
 * page tables; takes a type reference on the L1 (pv_put_table). 0 or -EINVAL.
 */
int pv_find_l1(struct vcpu *v, u64 va, mfn_t *l1, unsigned int *idx);
/* The same in the tables under L4 root of d. */
int pv_find_l1_in(struct domain *d, mfn_t root, u64 va, mfn_t *l1, unsigned int *idx);

/*
 * From root t down to the frame of the L1 that maps va (no reference
 * taken). Inline, with the range check inline: every ptwr fault walks here
 * (pv_read_l1e, inline in it).
 */
static inline __attribute__((always_inline)) int pv_walk_to_l1(mfn_t *t, u64 va)
{
	u64 a = mfn_to_maddr(*t), top = (u64)max_page << PAGE_SHIFT; /* (by address: no shifts) */

	if (!guest_va_range_ok(va, 1) || mfn_x(*t) == mfn_x(INVALID_MFN))
		return -EINVAL;
#pragma GCC unroll 3 /* constant shifts */
	for (unsigned int level = 4; level > 1; level--) {
		u64 e = ((u64 *)maddr_to_virt(a))[pt_index(va, level)];

		a = e & PADDR_MASK;
		if ((e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT || a >= top)
			return -EINVAL; /* (bounded: a racing free may leave any value) */
	}
	*t = maddr_to_mfn(a);
	return 0;
}

/*
 * The L1 entry mapping va in v's current tables, as it reads now: no
 * reference is held, so a table another vCPU frees under us yields a stale
 * value. Only for hints that are checked again (pv_ptwr_fault checks the
 * frame it names as an L1 of the domain's in use, under the entry's lock,
 * or takes a type reference on it, before touching it), as Xen reads it
 * through the guest's linear page tables.
 */
static inline __attribute__((always_inline)) int pv_read_l1e(struct vcpu *v, u64 va, u64 *pte)
{
	mfn_t t = v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user;

	if (pv_walk_to_l1(&t, va))
		return -EINVAL;
	*pte = __atomic_load_n((u64 *)mfn_to_virt(t) + pt_index(va, 1), __ATOMIC_ACQUIRE);
	return 0;
}

/* writable page tables: a #PF on a guest page table; true if emulated. */
bool pv_ptwr_fault(struct cpu_user_regs *regs, u64 cr2);
/*
 * The same for a write fault to a present page with no shadow, LDT or
 * tracing on (pv_do_page_fault: from guest kernel mode, or a user copy on
 * write, which ptwr refuses at once), then pv_page_fault_after_ptwr if not
 * emulated: the #PF's MMIO check and bounce (pv/traps.c).
 */
void pv_ptwr_kernel_fault(struct cpu_user_regs *regs);
void pv_page_fault_after_ptwr(struct cpu_user_regs *regs, struct vcpu *v);
/* A store of the hardware domain's kernel to read-only MMIO: dropped; true if so. */
bool pv_mmio_ro_fault(struct cpu_user_regs *regs, u64 cr2);

/*
 * mmu_update and mmuext_op continuations: the remaining count carries this
 * flag, and *done already holds what earlier parts did. pv_batch_resume()
 * strips the flag and reads that prior count (0 for a fresh call).
 */
#define MMU_UPDATE_PREEMPTED (1UL << 31)
int pv_batch_resume_prior(u64 *count, u64 done_ptr, u32 *prior);

/* Inline: a fresh call (nearly all of them) reads nothing. */
static inline int pv_batch_resume(u64 *count, u64 done_ptr, u32 *prior)
{
	*prior = 0;
	if (!(*count & MMU_UPDATE_PREEMPTED))
		return 0;
	return pv_batch_resume_prior(count, done_ptr, prior);
}

void flush_tlb_local(void);
void pv_flush_domain_tlbs(struct domain *d);
/* The CPUs the vCPUs named in a guest's bitmap are loaded on (-EFAULT: unreadable). */
int pv_vcpumask_to_cpus(const struct domain *d, u64 addr, u64 *cpus);
/* Flush cpus' TLBs: one page (va) if one, else everything. */
void pv_flush_cpus(u64 cpus, u64 va, bool one);
#define RO_MPT_SLOT 256
/* The M2P slot shown or hidden (written only if that changes it); resync after. */
void pv_set_ro_mpt(mfn_t l4, bool visible);
/* Live L1 entries that map a frame of a domain other than the table's. */
extern unsigned long pv_foreign_mappings;
/* mm_audit debug option: check every frame's counts of d (arch/x86/mm/audit.c). */
extern bool opt_mm_audit;
void mm_audit(struct domain *d);
void mm_audit_enter(void);
static inline void mm_audit_before_hypercall(void)
{
	if (__builtin_expect(opt_mm_audit, 0))
		mm_audit_enter();
}

static inline void mm_audit_after_hypercall(struct domain *d)
{
	if (__builtin_expect(opt_mm_audit, 0))
		mm_audit(d);
}

/* Descriptor pages and guest GDTs (pv/descriptor.c). */
bool pv_check_descriptor(u64 *desc);
int pv_validate_desc_page(struct page_info *pg);
void pv_load_gdt_frames(struct vcpu *v);

#endif
