/*
 * Host shim for unit tests: the hypervisor's ticket lock disables
 * interrupts (cli), which user space cannot do. Same API; a test-and-set
 * lock that yields, because a fair ticket lock convoys badly when host
 * threads outnumber cores.
 */
#ifndef XENO_SPINLOCK_H
#define XENO_SPINLOCK_H

#include <sched.h>
#include <xeno/types.h>

typedef struct {
	volatile u32 locked;
} spinlock_t;

#define DEFINE_SPINLOCK(l) spinlock_t l = {0}

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}
static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	spin_lock(l);
	return 0;
}
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	(void)f;
	spin_unlock(l);
}
static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

#endif
