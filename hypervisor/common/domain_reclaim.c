/*
 * The end of a domain: XEN_DOMCTL_destroydomain (domain_kill), its zombie,
 * and the final free of everything the hypervisor kept for it (Xen 4.17's
 * domain_kill, domain_destroy and complete_domain_destroy).
 *
 * A struct domain lives through four stages:
 *   1. alive: on the domain list (domain_lookup, domain_by_owner find it);
 *   2. zombie: domain_kill stopped it, closed its event channels, ended the
 *      grant mappings it held, gave back every frame nobody else holds and
 *      put its own reference on the hypervisor pages it shared (shared_info,
 *      grant frames); it left the domain list for the zombie list, where
 *      domain_by_owner and domain_lookup_any (grant unmaps) still find it.
 *      What other domains still map of it (foreign mappings, grant
 *      mappings, its shared pages) is counted in d->tot_pages and
 *      d->xen_pages; the last put_page of each counts them down;
 *   3. released: both counts 0 after the kill (d->is_dead): it leaves the
 *      zombie list (its id may be given again, as Xen's domain_destroy
 *      takes it off the hash) and waits for a grace period;
 *   4. freed: its vCPUs (timers killed, FPU areas), event-channel buckets,
 *      grant table (shared frames, active entries, maptrack), shared_info
 *      and the struct; then VIRQ_DOM_EXC tells dom0, as Xen does here and
 *      at the kill (xenstored's @releaseDomain).
 *
 * The rule that replaces Xen's reference count and RCU: lookups take no
 * reference; a struct domain or vcpu pointer found by a lookup, a walk of
 * either list or a frame's owner is used only until its CPU next leaves
 * the hypervisor, by returning to a guest (pv_exit_to_guest) or idling:
 * those are quiescent points (domain_quiescent), and nothing keeps such a
 * pointer across one (hypercall continuations name domains by id; timers
 * are killed before the free). So a released domain is freed once every
 * online CPU has passed a quiescent point since its release. Released
 * domains gather on `waiting`; a batch of them starts its grace period at
 * some CPU's quiescent point by recording every CPU's count (that CPU's
 * own counts as passed) and kicking the others with an IPI, so an idle CPU
 * wakes to pass one; the CPU that passes last frees the batch.
 *
 * Locking: d->page_lock decides the release exactly once (tot_pages,
 * xen_pages, is_dead, is_released); domain_list_lock guards both lists
 * (common/domain.c); reclaim_lock (interrupts off, taken at quiescent
 * points only) guards waiting, batch and batch_seen. A release may be
 * decided with other locks held (deep in put_page): it only queues.
 */
#include <xeno/arch.h>
#include <xeno/errno.h>
#include <xeno/event.h>
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/logdirty.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>

static DEFINE_SPINLOCK(reclaim_lock);
static struct domain *waiting, *batch; /* released; batch: its grace period began */
static unsigned long batch_seen[NR_CPUS];
bool domain_reclaim_busy; /* waiting or batch non-empty: quiescent points look */
static unsigned int nr_pending;

/* True once: d is dead and nothing of it is held any more. */
static bool release_due_locked(struct domain *d)
{
	ASSERT(spin_is_locked(&d->page_lock));
	if (!d->is_dead || d->is_released || d->tot_pages || d->uncounted_pages || d->xen_pages)
		return false;
	d->is_released = true;
	return true;
}

bool domain_sub_pages_locked(struct domain *d, unsigned long n)
{
	d->tot_pages -= n;
	return release_due_locked(d);
}

void domain_put_xen_page(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->page_lock);
	bool release;

	__atomic_sub_fetch(&d->xen_pages, 1, __ATOMIC_RELAXED);
	release = release_due_locked(d);
	spin_unlock_irqrestore(&d->page_lock, flags);
	if (release)
		domain_release(d);
}

void domain_release(struct domain *d)
{
	unsigned long flags;

	domain_zombie_unlist(d);
	flags = spin_lock_irqsave(&reclaim_lock);
	d->next_reclaim = waiting;
	waiting = d;
	nr_pending++;
	__atomic_store_n(&domain_reclaim_busy, true, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&reclaim_lock, flags);
}

unsigned int domain_reclaim_pending(void)
{
	return __atomic_load_n(&nr_pending, __ATOMIC_RELAXED);
}

/* Every online CPU passed a quiescent point since the batch began; reclaim_lock held. */
static bool grace_over(void)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu) && __atomic_load_n(&cpu_info_of[cpu]->quiescent_count,
						       __ATOMIC_SEQ_CST) == batch_seen[cpu])
			return false;
	return true;
}

/* The batch, if its grace period is over, onto *done; reclaim_lock held. */
static void take_batch(struct domain **done)
{
	struct domain *last = batch;

	if (!batch || !grace_over())
		return;
	while (last->next_reclaim)
		last = last->next_reclaim;
	last->next_reclaim = *done;
	*done = batch;
	batch = NULL;
}

/* The waiting domains become the batch; this CPU (quiescent) has passed. */
static bool start_batch(unsigned int self)
{
	if (batch || !waiting)
		return false;
	batch = waiting;
	waiting = NULL;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu))
			batch_seen[cpu] = __atomic_load_n(&cpu_info_of[cpu]->quiescent_count,
							  __ATOMIC_SEQ_CST);
	batch_seen[self]--;
	return true;
}

static void vcpu_free(struct vcpu *v)
{
	kill_timer(&v->singleshot_timer);
	kill_timer(&v->periodic_timer);
	kill_timer(&v->poll_timer);
	arch_vcpu_destroy(v);
	xfree(v);
}

/* Xen's complete_domain_destroy: no CPU can still hold d. */
static void domain_free(struct domain *d)
{
	domid_t id = d->domain_id;

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_free(d->vcpu[i]);
	if (d->vcpu != d->vcpu_inline)
		xfree(d->vcpu);
	evtchn_destroy_final(d);
	grant_table_destroy(d);
	free_shared_xen_page(d->shared_info);
	xfree(d);
	__atomic_sub_fetch(&nr_pending, 1, __ATOMIC_RELAXED);
	printk("Domain %u freed\n", id);
	send_guest_global_virq(dom0, VIRQ_DOM_EXC);
}

/* domain_quiescent() (xeno/sched.h) found released domains waiting. */
void domain_reclaim_advance(void)
{
	unsigned int self = smp_processor_id();
	unsigned long flags = spin_lock_irqsave(&reclaim_lock);
	struct domain *done = NULL;
	bool kick;

	take_batch(&done);
	kick = start_batch(self);
	take_batch(&done); /* this CPU alone online */
	__atomic_store_n(&domain_reclaim_busy, batch || waiting, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&reclaim_lock, flags);
	for (unsigned int cpu = 0; kick && cpu < nr_cpu_ids; cpu++)
		if (cpu != self && cpu_online(cpu))
			arch_send_event_check(cpu);
	while (done) {
		struct domain *d = done;

		done = d->next_reclaim;
		domain_free(d);
	}
}

/*
 * Destroy d (not the caller's own domain, nor dom0): stop it for good,
 * close its event channels (their peers become unbound), end its grant
 * mappings, give every frame back (scrubbed), take it off the domain list
 * and tell dom0. It stays a zombie while others hold its frames.
 */
int domain_kill(struct domain *d)
{
	unsigned long flags;
	bool release;

	if (d == current->domain || d == dom0)
		return -EINVAL;
	if (__atomic_exchange_n(&d->is_dying, true, __ATOMIC_ACQ_REL))
		return 0;
	/* An allocation for d by the control domain under way ends first. */
	spin_unlock_irqrestore(&d->page_lock, spin_lock_irqsave(&d->page_lock));
	domain_pause_sync(d);
	heap_set_claim(&d->outstanding_pages, 0);
	evtchn_close_all(d);
	gnttab_release_mappings(d);
	arch_domain_relinquish(d);
	logdirty_release(d);
	gnttab_put_shared(d);
	put_domain_frame_typed(d, virt_to_mfn(d->shared_info));
	domain_list_to_zombies(d);
	flags = spin_lock_irqsave(&d->page_lock);
	d->is_dead = true;
	printk("Domain %u destroyed: %lu frames still held by others, %lu shared pages\n",
	       d->domain_id, d->tot_pages, d->xen_pages);
	release = release_due_locked(d);
	spin_unlock_irqrestore(&d->page_lock, flags);
	if (release)
		domain_release(d);
	send_guest_global_virq(dom0, VIRQ_DOM_EXC);
	return 0;
}
