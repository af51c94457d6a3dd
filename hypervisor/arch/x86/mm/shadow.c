/*
 * Shadow page tables for log-dirty (docs/architecture.md "Log-dirty"; on
 * unless the command line says no-logdirty_shadow):
 * while a PV domain is in log-dirty mode the CPU walks hypervisor-owned
 * copies of its page tables, never the guest's own, so that write access
 * to a clean frame can be withheld without the guest seeing any change in
 * what it wrote.
 *
 * Invariants, while d->arch.shadow.on:
 *  - every guest table reachable from a vCPU's kernel or user L4 (through
 *    entries one level down) has a shadow, found by its guest frame in
 *    the hash; v->pv.shadow_table{,_user} are the L4s' shadows, and CR3
 *    holds them (pv_vcpu_root());
 *  - a shadow L4/L3/L2 entry is the guest's with the frame of the child's
 *    shadow; an entry mapping a table of its own level (a linear entry,
 *    read-only by rule) and the hypervisor's L4 slots are the guest's;
 *  - a shadow L1 entry is the guest's, except: not present while the
 *    guest's has no Accessed bit; no _PAGE_RW unless the guest's has RW
 *    and Dirty and the frame is not one of d's clean frames. So the CPU
 *    never sets A or D in a shadow, and a first write to a clean frame
 *    faults: pv_shadow_fault() marks the frame dirty, sets A|D in the
 *    guest's entry (marking its table dirty) and grants RW in the shadow;
 *  - every change to a guest entry is copied into its shadow, under the
 *    table's lock, after the change (pv_shadow_resync()).
 * Shadows hold no references: a guest table loses its shadow when it is
 * devalidated (no entry nor CR3 uses it then); the shadow frame is freed
 * at the next CLEAN or OFF, with the domain paused and its TLBs flushed,
 * since a CPU may still cache walks through it until then.
 *
 * Out of memory for a shadow: the entry stays absent and the next CLEAN or
 * PEEK fails with -ENOMEM, as Xen's log-dirty does after a failed
 * allocation (libxc then gives up and turns log-dirty off).
 *
 * Cost: one lock and one 8-byte store per guest entry change; one fault
 * per first write to each page after a CLEAN (and per first access to a
 * page whose guest entry has A clear); CLEAN scans the L1 shadows that
 * gained write access since the last one (their slot's `writable`).
 *
 * Locking: d->arch.shadow.lock (spinlock.h) guards the hash, the shadow
 * tables and the roots; taken under a table's pt_lock, and from the #PF
 * handler (the hypervisor holds it while no guest-memory access can fault).
 *
 * Ordering (ENABLE against a concurrent writer; the log-dirty domctl pauses
 * the domain, but logdirty_selftest turns it on under a running dom0): a
 * writer stores (a guest entry, a vCPU's base table), then looks at
 * shadow.on; ENABLE stores shadow.on, then reads the tables and roots. One
 * of the two must see the other's store. ENABLE's store is seq_cst and is
 * followed by a seq_cst fence; the writer's store is a seq_cst atomic
 * (write_entry()'s CAS, pv_set_ro_mpt()'s exchange, the base-table slot's
 * store in mmuext.c) and its look a seq_cst load (pv_shadow_on()). If the
 * look reads false, it precedes ENABLE's store in the single total order,
 * so the writer's store precedes ENABLE's fence and every later read of
 * ENABLE sees it. On x86 that is the locked instruction the writer's store
 * already is, and a plain load: no fence on the hot paths. Writers whose
 * store is not seq_cst (pv_shadow_drop()'s devalidation) fence first.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

#define TOMB 0xffffffffu

static bool opt_logdirty_shadow = true; /* no-logdirty_shadow: refuse log-dirty */
boolean_param("logdirty_shadow", opt_logdirty_shadow);

bool arch_logdirty_tracks_stores(void)
{
	return opt_logdirty_shadow;
}

/* --- the hash: guest table frame -> shadow frame ------------------------ */

static struct sh_slot *sh_find(struct shadow_domain *s, mfn_t g)
{
	unsigned int mask = s->size - 1, i = (u32)(mfn_x(g) * 0x9e3779b1u) & mask;

	for (unsigned int n = 0; n < s->size; n++, i = (i + 1) & mask) {
		if (s->hash[i].gmfn == mfn_x(g) + 1)
			return &s->hash[i];
		if (!s->hash[i].gmfn)
			return NULL;
	}
	return NULL;
}

static bool sh_put_slot(struct sh_slot *hash, unsigned int size, struct sh_slot e)
{
	unsigned int mask = size - 1, i = (e.gmfn - 1) * 0x9e3779b1u & mask;

	for (unsigned int n = 0; n < size; n++, i = (i + 1) & mask)
		if (!hash[i].gmfn || hash[i].gmfn == TOMB) {
			hash[i] = e;
			return true;
		}
	return false;
}

/*
 * Room for one more entry: at 3/4 use (deleted slots included), rehash
 * without the deleted ones, into twice the size if half is live.
 */
static bool sh_reserve(struct shadow_domain *s)
{
	unsigned int size = (s->nr_shadows + 1) * 2 >= s->size ? s->size * 2 : s->size;
	struct sh_slot *h;

	if ((s->used + 1) * 4 < s->size * 3)
		return true;
	h = xzalloc_bytes(size * sizeof(*h));
	if (!h)
		return false;
	s->used = 0;
	for (unsigned int i = 0; i < s->size; i++)
		if (s->hash[i].gmfn && s->hash[i].gmfn != TOMB && sh_put_slot(h, size, s->hash[i]))
			s->used++;
	xfree(s->hash);
	s->hash = h;
	s->size = size;
	return true;
}

/* --- computing shadow entries ------------------------------------------- */

/* May a shadow L1 entry for e keep RW? Not while e's frame is one of d's clean ones. */
static bool sh_may_write(struct domain *d, u64 e)
{
	unsigned long gpfn = domain_frame_gpfn(d, maddr_to_mfn(e & PADDR_MASK));

	return (e & _PAGE_DIRTY) && (gpfn == INVALID_GPFN || paging_pfn_dirty(d, gpfn));
}

static u64 sh_l1e(struct domain *d, u64 e)
{
	if (!(e & _PAGE_PRESENT) || !(e & _PAGE_ACCESSED))
		return 0;
	if ((e & _PAGE_RW) && !sh_may_write(d, e))
		e &= ~_PAGE_RW;
	return e;
}

static mfn_t sh_get(struct domain *d, mfn_t g, unsigned int level);

static u64 sh_entry(struct domain *d, unsigned int level, unsigned int idx, u64 e)
{
	mfn_t child = maddr_to_mfn(e & PADDR_MASK), sc;
	unsigned long t;

	if (!pv_is_guest_entry(level, idx))
		return e; /* the hypervisor's L4 slots */
	if (level == 1)
		return sh_l1e(d, e);
	if (!(e & _PAGE_PRESENT))
		return 0;
	t = pv_type_in_use(child) >> 60;
	if (t == level)
		return e; /* linear: read-only, through the guest's own tables */
	if (t != level - 1)
		return 0;
	sc = sh_get(d, child, level - 1);
	if (mfn_x(sc) == mfn_x(INVALID_MFN))
		return 0; /* out of memory: log-dirty has failed (-ENOMEM) */
	return (e & ~PADDR_MASK) | mfn_to_maddr(sc);
}

/* The shadow of guest table g (level), made if missing; INVALID_MFN if no memory. */
static mfn_t sh_get(struct domain *d, mfn_t g, unsigned int level)
{
	struct shadow_domain *s = &d->arch.shadow;
	struct sh_slot *e = sh_find(s, g);
	u64 *sp, *gp = mfn_to_virt(g);

	if (e)
		return _mfn(e->smfn);
	if (!sh_reserve(s) || !(sp = alloc_xenheap_page())) {
		paging_log_dirty_failed(d); /* the toolstack's next CLEAN/PEEK: -ENOMEM */
		return INVALID_MFN;
	}
	memset(sp, 0, PAGE_SIZE);
	sh_put_slot(s->hash, s->size,
		    (struct sh_slot){(u32)mfn_x(g) + 1, (u32)mfn_x(virt_to_mfn(sp)), (u16)level,
				     level == 1});
	s->used++;
	s->nr_shadows++;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		sp[i] = sh_entry(d, level, i, __atomic_load_n(&gp[i], __ATOMIC_ACQUIRE));
	return virt_to_mfn(sp);
}

/* --- hooks of the page-table code --------------------------------------- */

/*
 * Every entry change: the caller saw shadow.on (pv_shadow_resync() inline);
 * the lock and the second look settle a race with OFF.
 */
void pv_shadow_resync_on(struct domain *d, mfn_t g, unsigned int idx, unsigned int level)
{
	struct shadow_domain *s = &d->arch.shadow;
	struct sh_slot *e;

	spin_lock(&s->lock);
	if (s->on && (e = sh_find(s, g)) && e->level == level) {
		u64 *sp = (u64 *)mfn_to_virt(_mfn(e->smfn)) + idx; /* e moves if the hash grows */
		u64 ge = __atomic_load_n((u64 *)mfn_to_virt(g) + idx, __ATOMIC_ACQUIRE);
		u64 se = sh_entry(d, level, idx, ge);

		__atomic_store_n(sp, se, __ATOMIC_RELEASE);
		if (level == 1 && (se & _PAGE_RW))
			e->writable = 1; /* (an L1 entry allocates nothing: e has not moved) */
	}
	spin_unlock(&s->lock);
}

/*
 * Devalidated: its shadow goes (freed at the next CLEAN or OFF). The
 * devalidating type change is an acq_rel CAS, not seq_cst: the fence makes
 * it one for the look at shadow.on (see "Ordering"; not a hot path).
 */
void pv_shadow_drop(struct domain *d, mfn_t g)
{
	struct shadow_domain *s = &d->arch.shadow;
	struct sh_slot *e;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!pv_shadow_on(d))
		return;
	spin_lock(&s->lock);
	if (s->on && (e = sh_find(s, g))) {
		*(u64 *)mfn_to_virt(_mfn(e->smfn)) =
			s->zombies; /* not present: the low bits are 0 */
		s->zombies = mfn_to_maddr(_mfn(e->smfn));
		e->gmfn = TOMB;
		s->nr_shadows--;
	}
	spin_unlock(&s->lock);
}

static void sh_update_roots_locked(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool on = d->arch.shadow.on;

	ASSERT(spin_is_locked(&d->arch.shadow.lock));
	v->pv.shadow_table = on && mfn_x(v->pv.guest_table) != mfn_x(INVALID_MFN)
				     ? sh_get(d, v->pv.guest_table, 4)
				     : INVALID_MFN;
	v->pv.shadow_table_user = on && mfn_x(v->pv.guest_table_user) != mfn_x(INVALID_MFN)
					  ? sh_get(d, v->pv.guest_table_user, 4)
					  : INVALID_MFN;
}

/* v's kernel or user L4 changed (the caller saw shadow.on): its shadow roots follow. */
void pv_shadow_update_roots_on(struct vcpu *v)
{
	struct domain *d = v->domain;

	spin_lock(&d->arch.shadow.lock);
	sh_update_roots_locked(v);
	spin_unlock(&d->arch.shadow.lock);
}

/* --- the write fault ----------------------------------------------------- */

/* The guest's L1 table for va under root, if every level above allows the access. */
static bool sh_walk(mfn_t root, u64 va, bool write, mfn_t *l1)
{
	mfn_t t = root;

	for (unsigned int level = 4; level > 1; level--) {
		u64 e = __atomic_load_n((u64 *)mfn_to_virt(t) + pt_index(va, level),
					__ATOMIC_ACQUIRE);
		mfn_t child = maddr_to_mfn(e & PADDR_MASK);

		if (!(e & _PAGE_PRESENT) || (write && !(e & _PAGE_RW)) ||
		    (pv_type_in_use(child) >> 60) != level - 1)
			return false;
		t = child;
	}
	*l1 = t;
	return true;
}

/*
 * A fault the shadow explains (entry absent for A, or read-only for a
 * clean frame): fixed. One the shadow already allows: stale TLB, retried
 * once per address. Anything else is the guest's.
 */
static bool sh_fix_locked(struct vcpu *v, u64 va, bool write)
{
	struct domain *d = v->domain;
	mfn_t root = v->pv.kernel_mode ? v->pv.guest_table : v->pv.guest_table_user, gl1;
	u64 set = _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0), *gp, ge, se, old;
	struct sh_slot *e;

	if (mfn_x(root) == mfn_x(INVALID_MFN) || !sh_walk(root, va, write, &gl1) ||
	    !(e = sh_find(&d->arch.shadow, gl1)) || e->level != 1)
		return false;
	gp = (u64 *)mfn_to_virt(gl1) + pt_index(va, 1);
	ge = __atomic_load_n(gp, __ATOMIC_ACQUIRE);
	if (!(ge & _PAGE_PRESENT) || (write && !(ge & _PAGE_RW)))
		return false; /* the guest's own fault (or a write to a page table: ptwr) */
	old = ((u64 *)mfn_to_virt(_mfn(e->smfn)))[pt_index(va, 1)];
	if ((old & _PAGE_PRESENT) && (!write || (old & _PAGE_RW))) {
		bool again = v->pv.shadow_spurious == (va & ~(PAGE_SIZE - 1));

		v->pv.shadow_spurious = again ? 0 : va & ~(PAGE_SIZE - 1);
		return !again;
	}
	v->pv.shadow_spurious = 0;
	if ((ge & set) != set) {
		ge = __atomic_or_fetch(gp, set, __ATOMIC_ACQ_REL);
		paging_mark_dirty(d, gl1);
	}
	se = sh_l1e(d, ge);
	if (write && !(se & _PAGE_RW)) {
		paging_mark_dirty(d, maddr_to_mfn(ge & PADDR_MASK));
		paging_count_fault(d);
		se = ge; /* a frame without a gpfn (or beyond the bitmap) stays writable */
	}
	__atomic_store_n((u64 *)mfn_to_virt(_mfn(e->smfn)) + pt_index(va, 1), se, __ATOMIC_RELEASE);
	e->writable |= !!(se & _PAGE_RW);
	return true;
}

static bool __attribute__((noinline)) sh_fault(struct vcpu *v, u64 va, u32 error_code)
{
	struct domain *d = v->domain;
	bool done;

	if (!guest_range_ok(va, 1) || (error_code & 8)) /* reserved bits: never ours */
		return false;
	spin_lock(&d->arch.shadow.lock);
	done = d->arch.shadow.on && sh_fix_locked(v, va, error_code & 2);
	spin_unlock(&d->arch.shadow.lock);
	if (done)
		invlpg(va);
	return done;
}

/* Every guest #PF asks: the check inline, the work out of line. */
bool pv_shadow_fault(struct vcpu *v, u64 va, u32 error_code)
{
	return __atomic_load_n(&v->domain->arch.shadow.on, __ATOMIC_ACQUIRE) &&
	       sh_fault(v, va, error_code);
}

/* --- log-dirty on, CLEAN, off -------------------------------------------- */

static void sh_free_zombies_locked(struct shadow_domain *s)
{
	while (s->zombies) {
		u64 *p = maddr_to_virt(s->zombies);

		s->zombies = p[0];
		free_xenheap_pages(p, 0);
	}
}

int arch_logdirty_enable(struct domain *d)
{
	struct shadow_domain *s = &d->arch.shadow;
	int rc = 0;

	if (!opt_logdirty_shadow)
		return 0; /* logdirty_partial: the hypervisor's own writes only */
	spin_lock(&s->lock);
	s->size = 1024;
	s->used = s->nr_shadows = 0;
	s->hash = xzalloc_bytes(s->size * sizeof(*s->hash));
	if (!s->hash)
		rc = -ENOMEM;
	__atomic_store_n(&s->on, s->hash != NULL, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* "Ordering": before any table is read */
	for (unsigned int i = 0; !rc && i < d->max_vcpus; i++)
		if (d->vcpu[i])
			sh_update_roots_locked(d->vcpu[i]);
	spin_unlock(&s->lock);
	return rc;
}

void arch_logdirty_clean(struct domain *d)
{
	struct shadow_domain *s = &d->arch.shadow;

	if (!opt_logdirty_shadow)
		return;
	spin_lock(&s->lock);
	for (unsigned int i = 0; s->on && i < s->size; i++) {
		u64 *sp;
		u16 writable = 0;

		if (!s->hash[i].gmfn || s->hash[i].gmfn == TOMB || !s->hash[i].writable)
			continue;
		sp = mfn_to_virt(_mfn(s->hash[i].smfn));
		for (unsigned int j = 0; j < PT_ENTRIES; j++) {
			if ((sp[j] & _PAGE_RW) && !sh_may_write(d, sp[j]))
				sp[j] &= ~_PAGE_RW;
			writable |= !!(sp[j] & _PAGE_RW);
		}
		s->hash[i].writable = writable; /* grant and I/O mappings stay writable */
	}
	pv_flush_domain_tlbs(d);
	sh_free_zombies_locked(s);
	spin_unlock(&s->lock);
}

void arch_logdirty_disable(struct domain *d)
{
	struct shadow_domain *s = &d->arch.shadow;

	if (!opt_logdirty_shadow)
		return;
	spin_lock(&s->lock);
	__atomic_store_n(&s->on, false, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			sh_update_roots_locked(d->vcpu[i]);
	pv_flush_domain_tlbs(d);
	for (unsigned int i = 0; s->hash && i < s->size; i++)
		if (s->hash[i].gmfn && s->hash[i].gmfn != TOMB)
			free_xenheap_pages(mfn_to_virt(_mfn(s->hash[i].smfn)), 0);
	sh_free_zombies_locked(s);
	xfree(s->hash);
	s->hash = NULL;
	s->size = s->used = s->nr_shadows = 0;
	spin_unlock(&s->lock);
}

/* --- mm_audit: every shadow against its guest table ----------------------- */

static bool sh_entry_ok(struct domain *d, unsigned int level, unsigned int i, u64 ge, u64 se)
{
	struct sh_slot *c;
	unsigned long t;

	if (!pv_is_guest_entry(level, i))
		return se == ge;
	if (level == 1)
		return (se & ~_PAGE_RW) == (sh_l1e(d, ge) & ~_PAGE_RW) &&
		       (!(se & _PAGE_RW) || ((ge & _PAGE_RW) && sh_may_write(d, ge)));
	if (!(ge & _PAGE_PRESENT))
		return se == 0;
	t = pv_type_in_use(maddr_to_mfn(ge & PADDR_MASK)) >> 60;
	if (t == level)
		return se == ge;
	c = sh_find(&d->arch.shadow, maddr_to_mfn(ge & PADDR_MASK));
	return t == level - 1 && c && c->level == level - 1 &&
	       se == ((ge & ~PADDR_MASK) | mfn_to_maddr(_mfn(c->smfn)));
}

static int sh_audit_table(struct domain *d, const struct sh_slot *e)
{
	const u64 *gp = mfn_to_virt(_mfn(e->gmfn - 1)), *sp = mfn_to_virt(_mfn(e->smfn));
	u64 type = mfn_to_page(_mfn(e->gmfn - 1))->type_info;

	if ((type & PGT_type_mask) >> 60 != e->level || !(type & PGT_validated)) {
		printk(XENLOG_ERR "mm_audit: d%u shadow of mfn %x: not a valid L%u (type %lx)\n",
		       d->domain_id, e->gmfn - 1, e->level, (unsigned long)type);
		return 1;
	}
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		if (!sh_entry_ok(d, e->level, i, gp[i], sp[i]) ||
		    (e->level == 1 && (sp[i] & _PAGE_RW) && !e->writable)) {
			printk(XENLOG_ERR "mm_audit: d%u L%u mfn %x [%u]: guest %lx shadow %lx\n",
			       d->domain_id, e->level, e->gmfn - 1, i, (unsigned long)gp[i],
			       (unsigned long)sp[i]);
			return 1;
		}
	return 0;
}

static bool sh_root_ok(struct shadow_domain *s, mfn_t g, mfn_t sh)
{
	struct sh_slot *e = mfn_x(g) == mfn_x(INVALID_MFN) ? NULL : sh_find(s, g);

	return e ? e->level == 4 && e->smfn == mfn_x(sh) : mfn_x(sh) == mfn_x(INVALID_MFN);
}

int pv_shadow_audit(struct domain *d)
{
	struct shadow_domain *s = &d->arch.shadow;
	int bad = 0;

	spin_lock(&s->lock);
	for (unsigned int i = 0; s->on && i < s->size; i++)
		if (s->hash[i].gmfn && s->hash[i].gmfn != TOMB)
			bad += sh_audit_table(d, &s->hash[i]);
	for (unsigned int i = 0; s->on && i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && (!sh_root_ok(s, v->pv.guest_table, v->pv.shadow_table) ||
			  !sh_root_ok(s, v->pv.guest_table_user, v->pv.shadow_table_user))) {
			printk(XENLOG_ERR "mm_audit: d%u v%u: shadow roots wrong\n", d->domain_id,
			       i);
			bad++;
		}
	}
	spin_unlock(&s->lock);
	return bad;
}
