/*
 * Domain and vCPU creation, domain memory, shutdown and crash (destruction
 * and the freeing of a destroyed domain: domain_reclaim.c).
 *
 * The initial domain's shutdown ends the machine the way Xen does (power
 * off, reboot, or a crash dump then reboot/halt); any other domain's stops
 * its vCPUs and tells dom0 (VIRQ_DOM_EXC), leaving the rest running.
 * Locking: d->page_lock protects the domain's page list and tot_pages;
 * domain_list_lock the list of domains (readers walk it without the lock:
 * domains are added at its head; one leaves it when destroyed and is freed
 * only after a grace period, see domain_reclaim.c).
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/event.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/setup.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/shutdown.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <public/sched.h>

struct domain *dom0; /* set by arch_construct_dom0() */
bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static struct domain *domain_list;
static DEFINE_SPINLOCK(domain_list_lock);

static struct domain *zombie_list; /* destroyed, under domain_list_lock */

/* The domain a frame's owner field names, destroyed ones included; NULL if none. */
struct domain *domain_by_owner(u32 owner)
{
	struct domain *d = domain_lookup((domid_t)(owner - 1));

	if (d || !owner)
		return d;
	for (d = __atomic_load_n(&zombie_list, __ATOMIC_ACQUIRE); d; d = d->next_zombie)
		if (d->domain_id == (domid_t)(owner - 1))
			return d;
	return NULL;
}

struct domain *domain_lookup_any(domid_t domid)
{
	return domain_by_owner((u32)domid + 1);
}

/* d (destroyed) leaves the domain list for the zombie list. */
void domain_list_to_zombies(struct domain *d)
{
	struct domain **pp;

	spin_lock(&domain_list_lock);
	for (pp = &domain_list; *pp && *pp != d; pp = &(*pp)->next_in_list)
		;
	if (*pp)
		__atomic_store_n(pp, d->next_in_list, __ATOMIC_RELEASE);
	d->next_zombie = zombie_list;
	__atomic_store_n(&zombie_list, d, __ATOMIC_RELEASE);
	spin_unlock(&domain_list_lock);
}

/* d (released) leaves the zombie list; its next_zombie stays valid for walkers. */
void domain_zombie_unlist(struct domain *d)
{
	struct domain **pp;

	spin_lock(&domain_list_lock);
	for (pp = &zombie_list; *pp && *pp != d; pp = &(*pp)->next_zombie)
		;
	if (*pp)
		__atomic_store_n(pp, d->next_zombie, __ATOMIC_RELEASE);
	spin_unlock(&domain_list_lock);
}

unsigned int domain_zombie_count(void)
{
	unsigned int n = 0;

	spin_lock(&domain_list_lock);
	for (struct domain *d = zombie_list; d; d = d->next_zombie)
		n++;
	spin_unlock(&domain_list_lock);
	return n;
}

struct domain *domain_lookup_first(void)
{
	return __atomic_load_n(&domain_list, __ATOMIC_ACQUIRE);
}

struct domain *domain_lookup(domid_t domid)
{
	struct domain *d = __atomic_load_n(&domain_list, __ATOMIC_ACQUIRE);

	while (d && d->domain_id != domid)
		d = d->next_in_list;
	return d;
}

struct domain *domain_create(domid_t domid, bool privileged, unsigned int max_vcpus)
{
	struct domain *d = xzalloc(struct domain);

	if (!d)
		return NULL;
	d->domain_id = domid;
	d->is_privileged = privileged;
	d->max_vcpus = MAX(1u, MIN(max_vcpus, MAX_DOMAIN_VCPUS));
	d->vcpu = d->max_vcpus <= ARRAY_SIZE(d->vcpu_inline)
			  ? d->vcpu_inline
			  : xzalloc_array(struct vcpu *, d->max_vcpus);
	if (!d->vcpu) {
		xfree(d);
		return NULL;
	}
	d->weight = 256;
	d->page_list_head = PAGE_LIST_NULL;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	spin_lock_init(&d->page_lock);
	spin_lock_init(&d->event_lock);
	spin_lock_init(&d->logdirty.lock);
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info) {
		if (d->vcpu != d->vcpu_inline)
			xfree(d->vcpu);
		xfree(d);
		return NULL;
	}
	memset(d->shared_info, 0, PAGE_SIZE);
	/*
	 * Shared with the guest: owned by it, one general and one writable type
	 * reference for the domain's life, so it can never become a page table
	 * (the hypervisor writes it).
	 */
	share_xen_page_with_domain(d, d->shared_info);
	arch_update_wallclock(d);
	if (grant_table_init(d)) {
		printk(XENLOG_ERR "d%u: no memory for its grant table\n", domid);
		return NULL; /* a half-made domain is not listed; its memory stays */
	}
	spin_lock(&domain_list_lock);
	d->next_in_list = domain_list;
	__atomic_store_n(&domain_list, d, __ATOMIC_RELEASE);
	spin_unlock(&domain_list_lock);
	return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu)
{
	struct vcpu *v = xzalloc(struct vcpu);

	if (!v || arch_vcpu_create(v)) {
		xfree(v);
		return NULL;
	}
	v->vcpu_id = vcpu_id;
	v->processor = cpu;
	v->domain = d;
	v->pv.guest_table = INVALID_MFN;
	v->pv.guest_table_user = INVALID_MFN;
	v->pv.shadow_table = v->pv.shadow_table_user = INVALID_MFN;
	if (vcpu_id < XEN_LEGACY_MAX_VCPUS) {
		v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];
		v->vcpu_info->evtchn_upcall_mask = 1;
	}
	d->vcpu[vcpu_id] = v;
	v->runstate.state_entry_time = (u64)NOW();
	sched_init_vcpu(v);
	v->soft_affinity = ~0ULL;
	vcpu_timers_init(v);
	evtchn_poll_init_vcpu(v);
	return v;
}

size_t domain_hv_bytes(const struct domain *d)
{
	size_t n =
		xmalloc_footprint(sizeof(*d)) + PAGE_SIZE /* shared_info */ +
		(d->vcpu == d->vcpu_inline ? 0
					   : xmalloc_footprint(d->max_vcpus * sizeof(d->vcpu[0]))) +
		evtchn_hv_bytes(d) + gnttab_hv_bytes(d) + logdirty_hv_bytes(d);

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			n += xmalloc_footprint(sizeof(struct vcpu)) +
			     arch_vcpu_hv_bytes(d->vcpu[i]);
	return n;
}

/* All of d's vCPUs, spread over the online CPUs; all start down. */
int domain_create_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (!vcpu_create(d, i, i % num_online_cpus()))
			return -ENOMEM;
	return 0;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
	return alloc_domheap_pages_memf(d, order, 0);
}

/*
 * How many of n blocks of 2^order frames d may take (all of them with
 * MEMF_no_max or no limit); counts them into tot_pages. page_lock held.
 */
static unsigned int reserve_blocks_locked(struct domain *d, unsigned int order, unsigned int n,
					  unsigned int memf)
{
	unsigned long room;

	ASSERT(spin_is_locked(&d->page_lock));
	if (!(memf & MEMF_no_max) && d->max_pages) {
		room = d->tot_pages < d->max_pages ? d->max_pages - d->tot_pages : 0;
		n = (unsigned int)MIN((unsigned long)n, room >> order);
	}
	d->tot_pages += (unsigned long)n << order;
	return n;
}

/*
 * Put n fresh blocks on d's list, owned and with their allocation
 * reference: each frame in turn becomes the head (the list's head and the
 * owner's tag kept in locals, written back once).
 */
static void link_blocks_locked(struct domain *d, struct page_info **pg, unsigned int n,
			       unsigned int order)
{
	u32 tag = page_owner_tag(d), head = d->page_list_head;

	ASSERT(spin_is_locked(&d->page_lock));
	for (unsigned int k = 0; k < n; k++) {
		for (unsigned long i = 0; i < (1UL << order); i++) {
			struct page_info *f = &pg[k][i];
			u32 mfn = (u32)mfn_x(page_to_mfn(f));

			f->owner = tag;
			f->count_info = PGC_allocated | 1; /* the allocation reference */
			f->next = head;
			f->prev = PAGE_LIST_NULL;
			if (head != PAGE_LIST_NULL)
				frame_table[head].prev = mfn;
			head = mfn;
		}
	}
	d->page_list_head = head;
}

/*
 * Up to n blocks of 2^order frames for d, into out[]; returns how many.
 * The frames are counted (checked against max_pages and added to
 * tot_pages) under page_lock before the heap is asked, so concurrent
 * allocations cannot together pass the limit; what the heap does not give
 * is uncounted after. A domain found dying meanwhile gets none.
 */
unsigned int alloc_domheap_batch(struct domain *d, unsigned int order, unsigned int n,
				 unsigned int memf, struct page_info **out)
{
	unsigned long flags = spin_lock_irqsave(&d->page_lock);
	unsigned int want = reserve_blocks_locked(d, order, n, memf), got;
	bool dying, release = false;

	spin_unlock_irqrestore(&d->page_lock, flags);
	got = want ? alloc_heap_pages_batch(order, want, &d->outstanding_pages, out) : 0;
	flags = spin_lock_irqsave(&d->page_lock);
	dying = got && d->is_dying; /* the control domain may name a domain being destroyed */
	if (dying || got < want)
		release = domain_sub_pages_locked(d, (unsigned long)(want - (dying ? 0 : got))
							     << order);
	if (!dying)
		link_blocks_locked(d, out, got, order);
	spin_unlock_irqrestore(&d->page_lock, flags);
	for (unsigned int i = 0; dying && i < got; i++)
		free_heap_pages(out[i], order);
	if (release)
		domain_release(d);
	return dying ? 0 : got;
}

struct page_info *alloc_domheap_pages_memf(struct domain *d, unsigned int order, unsigned int memf)
{
	struct page_info *pg;

	return alloc_domheap_batch(d, order, 1, memf, &pg) ? pg : NULL;
}

/*
 * XENMEM_exchange's stolen frames stay on d's list but leave tot_pages at
 * once, so the frames it allocates in their place never take d past
 * max_pages, even for a moment (unlinking one then does not count it).
 */
void domain_uncount_pages(struct domain *d, unsigned long n, bool uncount)
{
	unsigned long flags = spin_lock_irqsave(&d->page_lock);

	d->tot_pages += uncount ? -n : n;
	d->uncounted_pages += uncount ? n : -n;
	spin_unlock_irqrestore(&d->page_lock, flags);
}

/*
 * Take frame pg off d's list (its last reference is gone). The frame then
 * belongs to nobody; the caller scrubs and frees it.
 */
void domain_unlink_page(struct domain *d, struct page_info *pg)
{
	u32 mfn = (u32)mfn_x(page_to_mfn(pg));
	unsigned long flags = spin_lock_irqsave(&d->page_lock);
	bool release, uncounted;

	if (pg->prev != PAGE_LIST_NULL)
		frame_table[pg->prev].next = pg->next;
	else if (d->page_list_head == mfn)
		d->page_list_head = pg->next;
	if (pg->next != PAGE_LIST_NULL)
		frame_table[pg->next].prev = pg->prev;
	pg->next = pg->prev = PAGE_LIST_NULL;
	uncounted = pg->count_info & PGC_uncounted;
	pg->count_info &= ~PGC_uncounted;
	d->uncounted_pages -= uncounted;
	release = domain_sub_pages_locked(d, !uncounted);
	spin_unlock_irqrestore(&d->page_lock, flags);
	if (release)
		domain_release(d);
}

/*
 * The initial domain going down takes the machine with it, with Xen's
 * messages; xeno powers off where Xen only halts.
 */
static void __noreturn hardware_domain_shutdown(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		printk("Hardware Dom0 halted: powering off machine\n");
		arch_machine_power_off();
	case SHUTDOWN_reboot:
		printk("Hardware Dom0 shutdown: rebooting machine\n");
		arch_machine_restart();
	case SHUTDOWN_crash:
		printk("Hardware Dom0 crashed: %s\n",
		       opt_noreboot ? "'noreboot' set - not rebooting." : "rebooting machine");
		arch_machine_crash();
	case SHUTDOWN_watchdog:
		printk("Hardware Dom0 shutdown: watchdog rebooting machine\n");
		arch_machine_restart();
	case SHUTDOWN_soft_reset:
		printk("Hardware Dom0 did unsupported soft reset, rebooting.\n");
		arch_machine_restart();
	default:
		printk("Hardware Dom0 shutdown (unknown reason %u): rebooting machine\n", reason);
		arch_machine_restart();
	}
}

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

void domain_shutdown(struct domain *d, unsigned int reason)
{
	if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
		d->shutdown_code = reason;
	reason = d->shutdown_code;
	if (d->domain_id == 0)
		hardware_domain_shutdown(reason);
	if (__atomic_exchange_n(&d->is_shutting_down, true, __ATOMIC_ACQ_REL))
		return;
	domain_pause(d); /* re-evaluates every vCPU: none is runnable now */
	domain_unpause(d);
	printk("Domain %u shut down: %s\n", d->domain_id,
	       reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason]
		       ? shutdown_names[reason]
		       : "unknown");
	if (dom0)
		send_guest_global_virq(dom0, VIRQ_DOM_EXC);
}

/*
 * Undo a shutdown (XEN_DOMCTL_resumedomain, as Xen's domain_resume): the
 * domain runs again from where its vCPUs stopped, e.g. a suspend the
 * toolstack cancelled (it set rax = 1 first: "suspend cancelled").
 */
void domain_resume(struct domain *d)
{
	domain_pause(d);
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	__atomic_store_n(&d->is_shutting_down, false, __ATOMIC_RELEASE);
	domain_unpause(d); /* re-evaluates every vCPU */
}

void domain_crash(struct domain *d, const char *why)
{
	printk(XENLOG_ERR "Domain %u crashed: %s\n", d->domain_id, why);
	domain_shutdown(d, SHUTDOWN_crash);
	schedule();
}
