/*
 * Ticket spinlocks. Fair, and small (4 bytes). spin_lock_irqsave disables
 * local interrupts for locks also taken from interrupt context.
 */
#ifndef XENO_SPINLOCK_H
#define XENO_SPINLOCK_H

#include <xeno/arch.h>
#include <xeno/types.h>

/*
 * The lock order: every spinlock of the hypervisor, in the order a CPU may
 * acquire them. A CPU holding a lock takes only locks further down this
 * list, never one above it; two locks of one line are not held together
 * unless the line says how. Keep this list complete: a new spinlock_t gets
 * its line here, and a function that needs a lock held is named *_locked
 * and starts with ASSERT(spin_is_locked(...)) (below).
 *
 *  1. vcpu_init_lock (common/vcpu.c): VCPUOP_initialise; the new context's
 *     page tables are validated under it.
 *  2. audit_lock (arch/x86/mm/audit.c): mm_audit; it reads event and grant
 *     state under it.
 *  3. call_lock (arch/x86/smp/smp.c): one smp_call_function() at a time.
 *  4. domain_list_lock (common/domain.c): the lists of domains and zombies.
 *     Nothing is taken under it, so it is a leaf in effect: a domain's
 *     release (common/domain_reclaim.c) takes it deep in put_page.
 *  5. d->event_lock (xeno/sched.h): a domain's ports; two domains' locks
 *     are taken in domain-id order (event_channel.c:double_lock).
 *  6. gt->lock (xeno/grant_table.h): the granting domain's table; one
 *     table at a time.
 *  7. gt->maptrack_lock (xeno/grant_table.h): the mapping domain's
 *     handles; never held with a gt->lock.
 *  8. pt_locks[] (arch/x86/mm/pv_pagetable.c): a guest page table's lock,
 *     hashed by its frame (pv_mod_entry); nests inside gt->lock.
 *     d->arch.shadow.lock (asm/domain.h): a domain's shadow page tables
 *     in log-dirty mode; inside a pt_lock, and taken by the #PF handler
 *     (no guest-memory access can fault while it is held).
 *  9. d->page_lock (xeno/sched.h): a domain's page list and tot_pages.
 * 10. sched_lock (common/schedule.c): the run queue and every vCPU's
 *     scheduling fields (interrupts off).
 * 11. timer_queue.lock (common/timer.c): one CPU's soft timers (interrupts
 *     off); set_timer() runs under sched_lock.
 * 12. xmalloc_lock (common/xmalloc.c): the small-object free lists.
 * 13. pt_lock (arch/x86/mm/paging.c): the hypervisor's own page tables.
 * 14. heap_lock (common/page_alloc.c): the buddy heap.
 * 15. crash_lock (arch/x86/cpu/traps.c): one fatal-trap report at a time.
 * 16. ring_lock (common/console_input.c): the serial input ring dom0 reads;
 *     a leaf (debug keys run outside it).
 * 17. d->arch.e820_lock (asm/domain.h): the domain's memory map; a leaf
 *     (XENMEM_memory_map copies the map out under it).
 *     d->logdirty.lock (xeno/logdirty.h): the log-dirty bitmap and its
 *     counters; a leaf (CLEAN/PEEK copy the bitmap out under it).
 * 18. ioport_lock (arch/x86/pv/ioport.c): dom0's RTC index + data
 *     pairs; a leaf. pci_config_lock (arch/x86/platform/pci.c): a PCI
 *     config address + data pair, the devices dom0 announced; a leaf.
 *     ioapic_lock (same file): an IO-APIC select + window pair; a leaf.
 *     reclaim_lock (common/domain_reclaim.c): released domains and their
 *     grace period (interrupts off); a leaf.
 * 19. console_lock (common/console.c): console output; printk() may be
 *     called under any lock above (panic paths force it open).
 */

typedef struct {
	volatile u16 head; /* ticket being served */
	volatile u16 tail; /* next ticket to hand out */
} spinlock_t;

#define DEFINE_SPINLOCK(l) spinlock_t l = {0, 0}

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = l->tail = 0;
}

/*
 * Until ticket `me` is served (common/cpu.c). Out of line: a lock's fast
 * paths then keep their registers across the uncontended case, with no
 * spill for the call in the wait loop.
 */
void spin_lock_wait(spinlock_t *l, u16 me);

static inline void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

	if (__builtin_expect(__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me, 0))
		spin_lock_wait(l, me);
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

/* Held by some CPU (not necessarily this one): for ASSERT()s in *_locked functions. */
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
