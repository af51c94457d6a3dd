/*
 * mmu_update and update_va_mapping: a PV guest's changes to its own page
 * tables and to the M2P. Every request names its target by machine
 * address (mmu_update) or by virtual address in the current page tables
 * (update_va_mapping); the entry changes only through pv_mod_entry(), which
 * validates the new value and moves the references. Requests of a batch
 * run in order and stop at the first failure; *done reports how many
 * succeeded. No locks are held across requests. A long batch is preempted
 * between chunks (a continuation: the rest, with *done counting on), so a
 * reschedule or the guest's own events need not wait for it. A batch may
 * name another domain's page tables (foreigndom's bits 31..16: its id + 1,
 * as Xen 4.17): a domain with a vCPU 0, its tables for its controller only
 * (a restore updating the tables it pinned in the new domain:
 * tools/libs/guest/restore_prepin.c).
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <public/xen.h>
#include <asm/guest_words.h>
#include <asm/m2p.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

/*
 * The domain whose frames new L1 entries map (foreigndom's low 16 bits),
 * by domain_target(TARGET_PG_OWNER); NULL (-ESRCH) for none. Whether the
 * caller may map another's frames is checked per request.
 */
static struct domain *pg_owner_of(struct domain *d, u64 foreigndom)
{
	long rc;

	if (foreigndom == DOMID_SELF)
		return d; /* domain_target's answer, without its lookup */
	return domain_target((domid_t)foreigndom, TARGET_PG_OWNER, &rc);
}

/*
 * The domain whose page tables the requests name (foreigndom's bits
 * 31..16: none, or its id + 1): d, or another with a vCPU 0 (Xen 4.17's
 * checks and their order; whether d controls it is checked per request,
 * -EPERM, as Xen's xsm_mmu_update). NULL with *rc: -ESRCH (no such
 * domain), -EINVAL (no vCPU 0).
 */
static struct domain *pt_owner_of(struct domain *d, u64 foreigndom, long *rc)
{
	u64 id = (foreigndom >> 16) & 0xffff;
	struct domain *pt;

	if (!id || id - 1 == d->domain_id)
		return d;
	*rc = -ESRCH;
	if (!(pt = domain_lookup((domid_t)(id - 1))))
		return NULL;
	*rc = -EINVAL;
	return pt->vcpu && pt->max_vcpus && pt->vcpu[0] ? pt : NULL;
}

/* Write a frame that is not a page table (it must be typeable writable). */
static int write_plain(struct domain *d, mfn_t mfn, unsigned int off, u64 val)
{
	if (pv_get_page_and_type(d, mfn, PGT_writable_page))
		return -EINVAL;
	paging_mark_dirty(d, mfn);
	*(u64 *)((u8 *)mfn_to_virt(mfn) + off) = val;
	pv_put_page_and_type(d, mfn);
	return 0;
}

/*
 * A batch usually updates one table many times: keep the type reference on
 * the last table between requests instead of taking it for each one.
 */
struct table_cache {
	mfn_t mfn;
	unsigned int level; /* 0: nothing held */
};

static void cache_release(struct domain *d, struct table_cache *c)
{
	if (c->level)
		pv_put_table(d, c->mfn);
	c->level = 0;
}

static unsigned int cache_get(struct domain *d, struct table_cache *c, mfn_t table)
{
	if (c->level && mfn_x(c->mfn) == mfn_x(table))
		return c->level;
	cache_release(d, c);
	c->level = pv_get_table(d, table);
	c->mfn = table;
	return c->level;
}

static inline __attribute__((always_inline)) int
pt_update(struct domain *d, struct domain *pg_owner, struct table_cache *c,
	  const struct mmu_update *req, bool preserve_ad)
{
	mfn_t table = maddr_to_mfn(req->ptr & PADDR_MASK);
	unsigned int off = (unsigned int)(req->ptr & (PAGE_SIZE - 1) & ~MMU_CMD_MASK);
	unsigned int level;

	if (!domain_target_allowed(pg_owner) || !domain_target_allowed(d))
		return -EPERM; /* another domain's frames or tables: for its controller only */
	if (!(level = cache_get(d, c, table)))
		return write_plain(d, table, off, req->val);
	return pv_mod_entry_foreign(d, pg_owner, table, off / 8, level, ~0UL, req->val, NULL,
				    preserve_ad);
}

static int machphys_update(struct domain *d, const struct mmu_update *req)
{
	mfn_t mfn = maddr_to_mfn(req->ptr);

	if (mfn_x(mfn) >= max_page || !page_owned_by(mfn_to_page(mfn), d))
		return -EINVAL;
	set_gpfn_from_mfn(mfn, req->val);
	paging_mark_pfn_dirty(d, req->val); /* as Xen: the frame's new gpfn is dirty */
	return 0;
}

/* One request of d's; its page-table requests name pt_owner's tables. */
static inline __attribute__((always_inline)) int
one_update(struct domain *d, struct domain *pt_owner, struct domain *pg_owner,
	   struct table_cache *c, const struct mmu_update *req)
{
	switch (req->ptr & MMU_CMD_MASK) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE: return pt_update(pt_owner, pg_owner, c, req, false);
	case MMU_PT_UPDATE_PRESERVE_AD: return pt_update(pt_owner, pg_owner, c, req, true);
	case MMU_MACHPHYS_UPDATE: return d == pt_owner ? machphys_update(d, req) : -EPERM;
	default: return -ENOSYS;
	}
}

/*
 * The level of the table a NORMAL or NO_TRANSLATE request names, now
 * cached (as pt_update would cache it), or 0 for none or another request.
 */
static inline unsigned int run_level(struct domain *pt_owner, struct table_cache *c,
				     const struct mmu_update *req)
{
	u64 cmd = req->ptr & MMU_CMD_MASK;

	if (cmd != MMU_NORMAL_PT_UPDATE && cmd != MMU_PT_UPDATE_NO_TRANSLATE)
		return 0;
	return cache_get(pt_owner, c, maddr_to_mfn(req->ptr & PADDR_MASK));
}

/*
 * A chunk's requests in order until one fails (*rc; a request done counts
 * even if its rc is positive, and stops the chunk). Requests on an L1
 * (privcmd's batches: 16 entries of one L1, each mapping a frame of
 * pg_owner) go as a run (pv_l1_run) with the table cached; where a run
 * stops, one request goes the general way.
 */
static unsigned int chunk_updates(struct domain *d, struct domain *pt_owner,
				  struct domain *pg_owner, struct table_cache *c,
				  const struct mmu_update *req, unsigned int n, long *rc)
{
	bool may_run = domain_target_allowed(pg_owner) && domain_target_allowed(pt_owner);
	unsigned int i = 0;

	while (i < n) {
		if (may_run && run_level(pt_owner, c, &req[i]) == 1 &&
		    (i += pv_l1_run(pt_owner, pg_owner, c->mfn, req + i, n - i)) == n)
			break;
		*rc = one_update(d, pt_owner, pg_owner, c, &req[i]);
		if (*rc < 0)
			break;
		i++;
		if (*rc)
			break;
	}
	return i;
}

/*
 * A page-table request on a validated L1 of d's without the table's type
 * reference (pv_set_l1e_unref checks the table under its entry lock);
 * PV_NOT_L1_IN_USE for any other request or table (nothing done).
 */
static inline int l1_update_unref(struct domain *d, const struct mmu_update *req)
{
	unsigned int off = (unsigned int)(req->ptr & (PAGE_SIZE - 1) & ~MMU_CMD_MASK);
	u64 cmd = req->ptr & MMU_CMD_MASK;

	if (cmd != MMU_NORMAL_PT_UPDATE && cmd != MMU_PT_UPDATE_NO_TRANSLATE &&
	    cmd != MMU_PT_UPDATE_PRESERVE_AD)
		return PV_NOT_L1_IN_USE;
	return pv_set_l1e_unref(d, maddr_to_mfn(req->ptr & PADDR_MASK), off / 8, req->val,
				cmd == MMU_PT_UPDATE_PRESERVE_AD, NULL);
}

/*
 * The common call: one request of the caller's own, not a continuation
 * (Linux's set_pte outside lazy mode: once per page fault, once per page
 * MAP_POPULATE maps). Its two words are read in place (no staging array,
 * copy call or chunk loop). An entry of an L1 in use is written without
 * references on the table (l1_update_unref); any other request goes
 * through one_update() exactly as in a batch.
 */
static long __attribute__((noinline)) mmu_update_one(struct domain *d, u64 reqs, u64 done_ptr)
{
	XEN_GUEST_HANDLE(uint) done_hnd = guest_handle_from(uint, done_ptr);
	struct table_cache cache = {.level = 0};
	struct mmu_update req;
	u32 done;
	long rc;

	BUILD_BUG_ON(sizeof(req) != 2 * sizeof(u64));
	if (guest_words_get((u64 *)&req, reqs, 2))
		rc = -EFAULT;
	else if ((rc = l1_update_unref(d, &req)) == PV_NOT_L1_IN_USE) {
		rc = one_update(d, d, d, &cache, &req);
		cache_release(d, &cache);
	}
	done = rc == 0;
	if (!guest_handle_is_null(done_hnd) && copy_to_guest(done_hnd, &done, 1))
		return -EFAULT;
	return rc;
}

#define CHUNK 32 /* requests copied in (and preemption checked) at a time */

/* Any other call: chunks of requests copied in, preemptible between chunks. */
static long __attribute__((noinline))
mmu_update_batch(u64 reqs, u64 count, u64 done_ptr, u64 foreigndom)
{
	XEN_GUEST_HANDLE(mmu_update_t) list = guest_handle_from(mmu_update_t, reqs);
	XEN_GUEST_HANDLE(uint) done_hnd = guest_handle_from(uint, done_ptr);
	struct domain *d = current->domain, *pg_owner, *pt_owner;
	struct mmu_update req[CHUNK];
	struct table_cache cache = {.level = 0};
	u32 done = 0, prior = 0;
	long rc = 0;

	if (!(pt_owner = pt_owner_of(d, foreigndom, &rc)))
		return rc;
	rc = 0;
	if (!(pg_owner = pg_owner_of(d, foreigndom & 0xffff)))
		return -ESRCH;
	if (pv_batch_resume(&count, done_ptr, &prior))
		return -EFAULT;
	while (done < count && !rc) {
		unsigned int n = (unsigned int)MIN(count - done, (u64)CHUNK);

		if (done && hypercall_preempt_check()) {
			rc = hypercall_create_continuation(
				__HYPERVISOR_mmu_update,
				guest_handle_addr(list) + done * sizeof(req[0]),
				(count - done) | MMU_UPDATE_PREEMPTED, done_ptr, foreigndom, 0);
			break;
		}
		if (copy_from_guest_offset(req, list, done, n)) {
			rc = -EFAULT;
			break;
		}
		done += chunk_updates(d, pt_owner, pg_owner, &cache, req, n, &rc);
	}
	cache_release(pt_owner, &cache);
	done += prior;
	if (!guest_handle_is_null(done_hnd) && copy_to_guest(done_hnd, &done, 1))
		return -EFAULT;
	return rc;
}

/* pv_set_l1e_new's way out: the request at reqs as mmu_update_one takes it. */
long pv_mmu_update_general(struct domain *d, u64 reqs)
{
	return mmu_update_one(d, reqs, 0);
}

/*
 * Linux's set_pte passes no done count: its request, read in place, goes
 * straight to pv_set_l1e_new (a new entry in an empty slot of an L1 in
 * use: a page fault's, a populated page's) with no staging or count to
 * write, a tail call. Any other request (or an unreadable one) goes the
 * general way, mmu_update_one, which reads it again (nothing was changed).
 * pv/mmu_entry.S calls this for that shape straight from SYSCALL.
 */
long pv_mmu_update_self(u64 reqs, struct domain *d)
{
	u64 req[2];

	if (!guest_words_get(req, reqs, 2))
		return pv_set_l1e_new(d, req[0], req[1], reqs);
	return mmu_update_one(d, reqs, 0);
}

long do_mmu_update(u64 reqs, u64 count, u64 done_ptr, u64 foreigndom, u64 a5)
{
	if (count == 1 && foreigndom == DOMID_SELF) {
		if (!done_ptr)
			return pv_mmu_update_self(reqs, current->domain);
		return mmu_update_one(current->domain, reqs, done_ptr);
	}
	return mmu_update_batch(reqs, count, done_ptr, foreigndom);
}

int pv_batch_resume_prior(u64 *count, u64 done_ptr, u32 *prior)
{
	XEN_GUEST_HANDLE(uint) done_hnd = guest_handle_from(uint, done_ptr);

	if (!guest_handle_is_null(done_hnd) && copy_from_guest(prior, done_hnd, 1))
		return -EFAULT;
	*count &= ~MMU_UPDATE_PREEMPTED;
	return 0;
}

/* Walk v's current page tables to the L1 that maps va. */
int pv_find_l1(struct vcpu *v, u64 va, mfn_t *l1, unsigned int *idx)
{
	return pv_find_l1_in(v->domain,
			     v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user, va, l1,
			     idx);
}

int pv_find_l1_in(struct domain *d, mfn_t t, u64 va, mfn_t *l1, unsigned int *idx)
{
	unsigned int level;

	if (pv_walk_to_l1(&t, va))
		return -EINVAL;
	level = pv_get_table(d, t);
	if (level != 1) {
		if (level)
			pv_put_table(d, t);
		return -EINVAL;
	}
	*l1 = t;
	*idx = pt_index(va, 1);
	return 0;
}

/*
 * UVMF_LOCAL: this CPU; UVMF_ALL: every CPU running one of d's vCPUs;
 * otherwise (UVMF_MULTI) the CPUs the vCPUs named in that bitmap are on.
 */
static int flush_after_update(struct domain *d, u64 va, u64 flags)
{
	u64 targets = flags & ~UVMF_FLUSHTYPE_MASK, cpus = 0;
	bool one = (flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG;

	if (targets != UVMF_LOCAL && targets != UVMF_ALL && pv_vcpumask_to_cpus(d, targets, &cpus))
		return -EFAULT;
	if (!(flags & UVMF_FLUSHTYPE_MASK))
		return 0;
	if (targets == UVMF_ALL)
		pv_flush_domain_tlbs(d);
	else if (targets == UVMF_LOCAL && !one)
		flush_tlb_local();
	else if (targets == UVMF_LOCAL)
		invlpg(va);
	else
		pv_flush_cpus(cpus, va, one);
	return 0;
}

static long update_va_mapping(struct domain *pg_owner, u64 va, u64 val, u64 flags)
{
	struct vcpu *v = current;
	unsigned int idx;
	mfn_t l1;
	int rc;

	if (pv_find_l1(v, va, &l1, &idx))
		return -EINVAL;
	rc = pv_mod_entry_foreign(v->domain, pg_owner, l1, idx, 1, ~0UL, val, NULL, false);
	pv_put_table(v->domain, l1);
	if (rc)
		return rc;
	return flush_after_update(v->domain, va, flags);
}

long do_update_va_mapping(u64 va, u64 val, u64 flags, u64 a4, u64 a5)
{
	return update_va_mapping(current->domain, va, val, flags);
}

/* The same, the new entry mapping a frame of domain `domid` (its controller only). */
long do_update_va_mapping_otherdomain(u64 va, u64 val, u64 flags, u64 domid, u64 a5)
{
	struct domain *d = current->domain, *pg_owner = pg_owner_of(d, (domid_t)domid);

	if (!pg_owner)
		return -ESRCH;
	if (!domain_target_allowed(pg_owner))
		return -EPERM;
	return update_va_mapping(pg_owner, va, val, flags);
}
