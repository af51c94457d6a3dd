/*
 * Ticket spinlocks. Fair, and small (4 bytes). spin_lock_irqsave disables
 * local interrupts for locks also taken from interrupt context.
 */
#ifndef XENO_SPINLOCK_H
#define XENO_SPINLOCK_H

#include <xeno/arch.h>
#include <xeno/types.h>

typedef struct {
	volatile u16 head; /* ticket being served */
	volatile u16 tail; /* next ticket to hand out */
} spinlock_t;

#define DEFINE_SPINLOCK(l) spinlock_t l = {0, 0}

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me) {
		cpu_relax();
		/*
		 * The hypervisor runs with interrupts off: a CPU spinning here
		 * still answers other CPUs' TLB-flush requests, or two CPUs
		 * could wait on each other forever (arch/x86/smp.c).
		 */
		arch_smp_service_flush();
	}
}

static inline bool spin_trylock(spinlock_t *l)
{
	u16 head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
	u16 expect = head;

	return __atomic_compare_exchange_n(&l->tail, &expect, (u16)(head + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->head, (u16)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->head != l->tail;
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f = local_irq_save();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	local_irq_restore(f);
}

#endif
