/*
 * The scheduler: proportional share with weights and caps, one run queue
 * for the machine.
 *
 * Every runnable vCPU that is not on a CPU sits on the run queue. A vCPU's
 * vtime grows by its run time scaled by DEFAULT_WEIGHT / weight of its
 * domain; a CPU runs the queued vCPU with the lowest vtime among those whose
 * affinity allows it (work-conserving; the single queue balances the load).
 * A vCPU waking from a block starts no lower than one slice below the lowest
 * vtime of the queue, so sleeping earns no hoard of credit, yet a woken
 * interactive vCPU preempts a CPU hog. A vCPU that yields (SCHEDOP_yield)
 * gives its CPU to another queued one whatever their vtimes and, for one
 * slice, is chosen only when no vCPU that has not yielded can run; its
 * vtime is raised to a slice below the one it gave way to, so yielding
 * hoards no credit either. A guest spinning on a full console ring
 * (Linux's hvc_xen yields in a loop) then costs others about one pass of
 * its loop a slice, not its fair share, and two such guests do not pass the
 * CPU between them while the daemon that would drain their rings waits. A
 * capped domain may run cap% of one
 * CPU per CAP_PERIOD; when its budget is spent its vCPUs are skipped until
 * the next period refills it.
 *
 * States: running (cpu_curr[cpu] == v, v->is_running), queued (v->on_runq),
 * or neither (paused: any VPF_* flag, a pause count, its domain paused or
 * shut down). v->is_running stays set after a vCPU leaves a CPU until its
 * state is saved (sched_context_saved), so no other CPU loads a half-saved
 * vCPU.
 *
 * Locking: sched_lock (interrupts off) protects the queue, every vCPU's
 * scheduling fields, cpu_curr[] and the arming of the slice timers. It
 * nests inside d->event_lock, never around it, and around the timer
 * queues' locks (timer handlers run with theirs dropped). Rescheduling is requested per CPU
 * (need_resched) and happens on the way back to the guest or in the idle loop, with a fresh stack.
 */
#include <xeno/arch.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/setup.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <xeno/trace.h>

#define DEFAULT_WEIGHT 256
#define CAP_PERIOD MILLISECS(10)
#define SCRUB_BATCH 8 /* frames an idle CPU zeroes between looks at its run queue */
#define VTIME_MAX ((s64)(~0ULL >> 1))

static unsigned int opt_sched_slice_ms = 10;
integer_param("sched_slice_ms", opt_sched_slice_ms);
/* A running vCPU keeps its CPU this long before a woken one preempts it. */
static unsigned int opt_sched_ratelimit_us = 1000;
integer_param("sched_ratelimit_us", opt_sched_ratelimit_us);

static DEFINE_SPINLOCK(sched_lock);
static struct vcpu *runq_head;
static struct vcpu *cpu_curr[NR_CPUS];
static DEFINE_PER_CPU(struct timer, slice_timer);
static struct timer cap_timer;
static s_time_t last_cap_refill;
static unsigned int nr_capped;

static s_time_t slice(void)
{
	return MILLISECS(opt_sched_slice_ms ? opt_sched_slice_ms : 10);
}

static bool vcpu_runnable(const struct vcpu *v)
{
	const struct domain *d = v->domain;

	return !__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) && !v->pause_count &&
	       !d->pause_count && !d->is_shutting_down && !d->is_dying;
}

static bool over_cap(const struct domain *d)
{
	return d->cap && d->cap_budget <= 0;
}

/* Weights are never 0: 256 at creation, and 0 in sched_set_params means "keep". */
static s64 vtime_delta(const struct vcpu *v, s_time_t ran)
{
	return ran * DEFAULT_WEIGHT / v->domain->weight;
}

static void runq_insert(struct vcpu *v)
{
	v->runq_next = runq_head;
	runq_head = v;
	v->on_runq = true;
}

static void runq_remove(struct vcpu *v)
{
	for (struct vcpu **pp = &runq_head; *pp; pp = &(*pp)->runq_next) {
		if (*pp == v) {
			*pp = v->runq_next;
			break;
		}
	}
	v->on_runq = false;
}

static bool can_run_here(const struct vcpu *v, unsigned int cpu)
{
	return !v->is_running && (v->cpu_affinity & (1ULL << cpu)) && !over_cap(v->domain);
}

/* Has v yielded within the last slice? */
static bool yielding(const struct vcpu *v, s_time_t now)
{
	return v->yield_until > now;
}

/* The queued vCPU this CPU should run, or NULL: the lowest vtime, a vCPU
 * that has just yielded only when no other can run. */
static struct vcpu *runq_best(unsigned int cpu, s_time_t now)
{
	struct vcpu *best = NULL;

	for (struct vcpu *v = runq_head; v; v = v->runq_next) {
		if (!can_run_here(v, cpu))
			continue;
		if (!best || (yielding(best, now) && !yielding(v, now)) ||
		    (yielding(best, now) == yielding(v, now) && v->vtime < best->vtime))
			best = v;
	}
	return best;
}

/* vtime of what runs on cpu, charged up to now; VTIME_MAX for idle. */
static s64 cpu_vtime(unsigned int cpu, s_time_t now);

/* The lowest vtime queued or running, VTIME_MAX if nothing is. */
static s64 min_vtime(s_time_t now)
{
	s64 min = VTIME_MAX;

	for (struct vcpu *v = runq_head; v; v = v->runq_next)
		min = MIN(min, v->vtime);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		min = MIN(min, cpu_vtime(cpu, now));
	return min;
}

void raise_schedule(unsigned int cpu)
{
	__atomic_store_n(&cpu_info_of[cpu]->need_resched, 1, __ATOMIC_RELEASE);
	if (cpu != smp_processor_id())
		arch_send_event_check(cpu);
}

static s64 cpu_vtime(unsigned int cpu, s_time_t now)
{
	struct vcpu *c = cpu_curr[cpu];

	return c ? c->vtime + vtime_delta(c, now - c->sched_start) : VTIME_MAX;
}

/*
 * Make cpu look at its queue: at once if it idles or its vCPU has run for
 * the rate limit, else when the rate limit is up (its slice timer brought
 * forward), so a vCPU woken by another's events does not take the CPU from
 * it at each one (a split driver's backend and frontend then work in
 * batches, as on Xen 4.17, whose credit2 has the same 1 ms default).
 * sched_lock held: schedule() arms each CPU's slice timer under it too, so
 * the timer read here is the one for cpu_curr[cpu] (only its firing, which
 * reschedules anyway, may clear it meanwhile).
 */
static void preempt(unsigned int cpu, s_time_t now)
{
	struct vcpu *c = cpu_curr[cpu];
	struct timer *t = &per_cpu(slice_timer, cpu);
	s_time_t limit = MICROSECS(opt_sched_ratelimit_us);

	if (!c || now - c->sched_start >= limit) {
		raise_schedule(cpu);
		return;
	}
	if (!t->active || t->expires > c->sched_start + limit)
		set_timer(t, c->sched_start + limit);
}

/* v was queued: find it a CPU, an idle one first, else the worst-off. */
static void tickle(struct vcpu *v, s_time_t now)
{
	unsigned int target = NR_CPUS;
	s64 worst = v->vtime + vtime_delta(v, MILLISECS(1));

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		s64 t;

		if (!cpu_online(cpu) || !(v->cpu_affinity & (1ULL << cpu)))
			continue;
		if ((t = cpu_vtime(cpu, now)) > worst) {
			worst = t;
			target = cpu;
		}
	}
	if (target < NR_CPUS)
		preempt(target, now);
}

/* Make v runnable if nothing holds it; sched_lock held. */
static void wake_locked(struct vcpu *v, s_time_t now)
{
	s64 floor;

	ASSERT(spin_is_locked(&sched_lock));
	if (!vcpu_runnable(v) || v->on_runq || v->is_running)
		return;
	floor = min_vtime(now);
	if (floor != VTIME_MAX)
		v->vtime = MAX(v->vtime, floor - vtime_delta(v, slice()));
	if (v->runstate.state != RUNSTATE_runnable)
		vcpu_runstate_change(v, RUNSTATE_runnable);
	runq_insert(v);
	tickle(v, now);
}

void vcpu_wake(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	TRACE(TRC_SCHED_WAKE, (u64)v->domain->domain_id << 16 | v->vcpu_id, 0);
	__atomic_and_fetch(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
	wake_locked(v, NOW());
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Take v off the queue, or off its CPU at the next scheduling point. */
static void sleep_locked(struct vcpu *v)
{
	ASSERT(spin_is_locked(&sched_lock));
	if (v->on_runq && !vcpu_runnable(v))
		runq_remove(v);
	if (v->is_running && cpu_curr[v->processor] == v && !vcpu_runnable(v))
		raise_schedule(v->processor);
}

void vcpu_pause_flag(struct vcpu *v, unsigned int flag)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	TRACE(TRC_SCHED_BLOCK, (u64)v->domain->domain_id << 16 | v->vcpu_id, flag);
	__atomic_or_fetch(&v->pause_flags, flag, __ATOMIC_SEQ_CST);
	sleep_locked(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_unpause_flag(struct vcpu *v, unsigned int flag)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	__atomic_and_fetch(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST);
	wake_locked(v, NOW());
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Every vCPU of d re-evaluated (pause count or shutdown changed). */
static void domain_resched(struct domain *d, int delta)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	s_time_t now = NOW();

	d->pause_count += delta;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		if (!d->vcpu[i])
			continue;
		sleep_locked(d->vcpu[i]);
		wake_locked(d->vcpu[i], now);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void domain_pause(struct domain *d)
{
	domain_resched(d, 1);
}

/* Pause d and wait until none of its vCPUs is on a CPU or being saved. */
void domain_pause_sync(struct domain *d)
{
	domain_pause(d);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		while (d->vcpu[i] && __atomic_load_n(&d->vcpu[i]->is_running, __ATOMIC_ACQUIRE)) {
			cpu_relax();
			smp_service_flush();
		}
}

void domain_unpause(struct domain *d)
{
	domain_resched(d, -1);
}

/* A vCPU with events pending: on another CPU, interrupt it to deliver them. */
void vcpu_kick(struct vcpu *v)
{
	if (__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) & VPF_blocked)
		vcpu_wake(v);
	else if (v->is_running && v->processor != smp_processor_id())
		arch_send_event_check(v->processor);
}

void sched_set_params(struct domain *d, unsigned int weight, unsigned int cap)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (weight)
		d->weight = weight;
	if (cap != d->cap) {
		nr_capped += (cap != 0) - (d->cap != 0);
		d->cap = cap;
		d->cap_budget = (s64)CAP_PERIOD * cap / 100;
		if (nr_capped && !cap_timer.active) {
			last_cap_refill = NOW();
			set_timer(&cap_timer, last_cap_refill + CAP_PERIOD);
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

static void slice_expired(void *unused)
{
	get_cpu_info()->need_resched = 1;
}

/* Charge prev for its run; sched_lock held. */
static void burn(struct vcpu *prev, s_time_t now)
{
	s_time_t ran = now - prev->sched_start;

	ASSERT(spin_is_locked(&sched_lock));
	prev->vtime += vtime_delta(prev, ran);
	prev->sched_start = now;
	if (prev->domain->cap)
		prev->domain->cap_budget -= ran;
}

/*
 * Charge d's vCPUs that are on a CPU now, so a refill lands after what they
 * have spent; true if any of them runs or waits on the queue.
 */
static bool cap_charge_busy(struct domain *d, s_time_t now)
{
	bool busy = false;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && cpu_curr[v->processor] == v) {
			burn(v, now);
			busy = true;
		} else if (v && v->on_runq) {
			busy = true;
		}
	}
	return busy;
}

/*
 * About every CAP_PERIOD: refill capped domains' budgets by cap% of the
 * time since the last refill (so a late timer loses nothing). An idle
 * domain keeps at most two periods' worth (a short burst, no hoard); one
 * that runs or waits keeps up to ten, so a CPU that stalled it (a late
 * timer, a busy host) does not cut what it is owed. Requeue who may run.
 */
static void cap_period(void *unused)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	s_time_t now = NOW(), elapsed = now - last_cap_refill;

	last_cap_refill = now;
	for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list) {
		if (!d->cap)
			continue;
		s64 periods = cap_charge_busy(d, now) ? 10 : 2;

		d->cap_budget = MIN(d->cap_budget + elapsed * d->cap / 100,
				    periods * (s64)CAP_PERIOD * d->cap / 100);
		for (unsigned int i = 0; d->cap_budget > 0 && i < d->max_vcpus; i++)
			if (d->vcpu[i] && d->vcpu[i]->on_runq)
				tickle(d->vcpu[i], now);
	}
	if (nr_capped)
		set_timer(&cap_timer, now + CAP_PERIOD);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* How long next may run before the CPU looks again. */
static s_time_t slice_for(const struct vcpu *next)
{
	s_time_t s = slice();

	if (next->domain->cap && next->domain->cap_budget < s)
		s = MAX(next->domain->cap_budget, MICROSECS(100));
	return s;
}

static int runstate_off(const struct vcpu *v)
{
	if (vcpu_runnable(v))
		return RUNSTATE_runnable;
	return (v->pause_flags & VPF_blocked) && !v->domain->is_shutting_down ? RUNSTATE_blocked
									      : RUNSTATE_offline;
}

/* Choose what this CPU runs next; sched_lock held. */
static struct vcpu *pick_next(unsigned int cpu, struct vcpu *prev, s_time_t now)
{
	struct vcpu *next = NULL;

	ASSERT(spin_is_locked(&sched_lock));
	if (prev) {
		burn(prev, now);
		if (vcpu_runnable(prev) && !over_cap(prev->domain)) {
			next = runq_best(cpu, now);
			if (!next || (!yielding(prev, now) &&
				      (next->vtime >= prev->vtime || yielding(next, now))))
				return prev;
			if (yielding(prev, now))
				prev->vtime =
					MAX(prev->vtime, next->vtime - vtime_delta(prev, slice()));
		}
		vcpu_runstate_change(prev, runstate_off(prev));
		if (vcpu_runnable(prev))
			runq_insert(prev); /* after the choice above: a yield skips it */
	}
	if (!next)
		next = runq_best(cpu, now);
	if (!next)
		return NULL;
	runq_remove(next);
	next->is_running = true;
	next->processor = cpu;
	next->sched_start = now;
	return next;
}

void __noreturn schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *prev = current, *next;
	s_time_t now;

	local_irq_disable();
	get_cpu_info()->need_resched = 0;
	spin_lock(&sched_lock);
	now = NOW();
	next = pick_next(cpu, prev, now);
	cpu_curr[cpu] = next;
	if (next) /* under sched_lock: preempt() reads and brings it forward */
		set_timer(&this_cpu(slice_timer), now + slice_for(next));
	else
		stop_timer(&this_cpu(slice_timer));
	spin_unlock(&sched_lock);
	if (next && next == prev)
		arch_continue_running(next);
	TRACE(TRC_SCHED_SWITCH, next ? next->domain->domain_id : ~0u, next ? next->vcpu_id : 0);
	arch_context_switch(prev, next);
}

/* SCHEDOP_yield: others first for a slice (runq_best), from the next pick. */
void sched_yield(void)
{
	current->yield_until = NOW() + slice();
	raise_schedule(current->processor);
}

/* prev's state is saved: it may now run elsewhere. */
void sched_context_saved(struct vcpu *prev)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	prev->is_running = false;
	if (prev->on_runq)
		tickle(prev, NOW());
	else
		wake_locked(prev, NOW()); /* woken while it was leaving */
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_init_vcpu(struct vcpu *v)
{
	v->cpu_affinity = cpu_online_map;
	v->pause_flags = VPF_down;
	v->runstate.state = RUNSTATE_offline;
}

void __noreturn idle_reenter(void)
{
	for (;;) {
		local_irq_disable();
		domain_quiescent();
		if (sched_pending()) {
			schedule();
		} else if (heap_scrub_pending()) {
			local_irq_enable();
			heap_scrub(SCRUB_BATCH);
			continue;
		}
		safe_halt();
	}
}

void __noreturn idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	init_timer(&this_cpu(slice_timer), slice_expired, NULL, cpu);
	if (cpu == 0)
		init_timer(&cap_timer, cap_period, NULL, 0);
	get_cpu_info()->need_resched = 1;
	idle_reenter();
}

void sched_dump(void)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	s_time_t now = NOW();

	printk("Scheduler: proportional share, slice %u ms\n", opt_sched_slice_ms);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct vcpu *c = cpu_curr[cpu];

		if (!cpu_online(cpu))
			continue;
		if (c)
			printk("  CPU%u: d%uv%u vtime %ld\n", cpu, c->domain->domain_id, c->vcpu_id,
			       (long)cpu_vtime(cpu, now));
		else
			printk("  CPU%u: idle\n", cpu);
	}
	printk("  run queue:");
	for (struct vcpu *v = runq_head; v; v = v->runq_next)
		printk(" d%uv%u(%ld)", v->domain->domain_id, v->vcpu_id, (long)v->vtime);
	printk("\n");
	spin_unlock_irqrestore(&sched_lock, flags);
}
