/*
 * Per-CPU soft timers.
 *
 * Each CPU keeps its active timers in a list sorted by deadline, under that
 * CPU's lock; the local APIC one-shot is always programmed for the head.
 * A timer belongs to one CPU (t->cpu) for life. Handlers run from the timer
 * interrupt with interrupts off and the lock dropped, so they may re-arm.
 * Setting a timer on another CPU kicks that CPU with an IPI so it can
 * reprogram its APIC. The list is O(n) to insert into; fine for the tens
 * of timers a CPU carries.
 */
#include <xeno/arch.h>
#include <xeno/lib.h>
#include <xeno/percpu.h>
#include <xeno/smp.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <xeno/trace.h>

struct timer_queue {
	spinlock_t lock;
	struct timer *head;
	struct timer *running; /* whose handler runs now (set and cleared under lock) */
};

static DEFINE_PER_CPU(struct timer_queue, timer_queue);

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu)
{
	*t = (struct timer){.fn = fn, .data = data, .cpu = cpu};
}

static void remove_locked(struct timer_queue *q, struct timer *t)
{
	ASSERT(spin_is_locked(&q->lock));
	for (struct timer **pp = &q->head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->active = false;
}

static void insert_locked(struct timer_queue *q, struct timer *t)
{
	struct timer **pp = &q->head;

	ASSERT(spin_is_locked(&q->lock));
	while (*pp && (*pp)->expires <= t->expires)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->active = true;
}

/* Program the APIC for the head of this CPU's queue. Caller holds the lock. */
static void program_locked(struct timer_queue *q)
{
	s_time_t delta;

	ASSERT(spin_is_locked(&q->lock));
	if (!q->head) {
		arch_timer_program(0);
		return;
	}
	delta = q->head->expires - NOW();
	arch_timer_program(delta > 0 ? (u64)delta : 1);
}

void set_timer(struct timer *t, s_time_t expires)
{
	struct timer_queue *q = &per_cpu(timer_queue, t->cpu);
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool was_head = q->head == t;

	if (t->active)
		remove_locked(q, t);
	t->expires = expires;
	insert_locked(q, t);
	if (q->head == t || was_head) {
		if (t->cpu == smp_processor_id())
			program_locked(q);
		else
			arch_send_event_check(t->cpu);
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

void stop_timer(struct timer *t)
{
	struct timer_queue *q = &per_cpu(timer_queue, t->cpu);
	unsigned long flags = spin_lock_irqsave(&q->lock);

	if (t->active)
		remove_locked(q, t);
	spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Stop t for good: off its queue, and its handler no longer running (it may
 * have re-armed t: taken off again). For an object about to be freed.
 */
void kill_timer(struct timer *t)
{
	struct timer_queue *q = &per_cpu(timer_queue, t->cpu);
	bool busy;

	do {
		unsigned long flags = spin_lock_irqsave(&q->lock);

		if (t->active)
			remove_locked(q, t);
		busy = q->running == t;
		spin_unlock_irqrestore(&q->lock, flags);
		if (busy) {
			cpu_relax();
			smp_service_flush();
		}
	} while (busy);
}

void timer_reprogram(void)
{
	struct timer_queue *q = &this_cpu(timer_queue);
	unsigned long flags = spin_lock_irqsave(&q->lock);

	program_locked(q);
	spin_unlock_irqrestore(&q->lock, flags);
}

static void timer_interrupt(struct cpu_user_regs *regs)
{
	struct timer_queue *q = &this_cpu(timer_queue);
	struct timer *t;

	(void)regs;
	arch_timer_ack();
	spin_lock(&q->lock);
	while ((t = q->head) && t->expires <= NOW()) {
		q->head = t->next;
		t->active = false;
		q->running = t;
		spin_unlock(&q->lock);
		TRACE(TRC_TIMER_FIRE, t->fn, 0);
		t->fn(t->data);
		spin_lock(&q->lock);
		q->running = NULL;
	}
	program_locked(q);
	spin_unlock(&q->lock);
}

void timer_init_cpu(unsigned int cpu)
{
	spin_lock_init(&per_cpu(timer_queue, cpu).lock);
	per_cpu(timer_queue, cpu).head = NULL;
	if (cpu == 0)
		arch_timer_set_handler(timer_interrupt);
}
