/*
 * Domain and vCPU creation, domain memory, shutdown and crash.
 *
 * Only the initial domain exists so far; its shutdown ends the machine the
 * way Xen does (power off, reboot, or a crash dump then reboot/halt).
 * Locking: d->page_lock protects the domain's page list and tot_pages.
 */
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/shutdown.h>
#include <xeno/string.h>
#include <public/sched.h>
#include <asm/processor.h>

static struct domain *domain_list;
static DEFINE_SPINLOCK(domain_list_lock);

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
	d->max_vcpus = MIN(max_vcpus, MAX_DOMAIN_VCPUS);
	d->page_list_head = PAGE_LIST_NULL;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	spin_lock_init(&d->page_lock);
	spin_lock_init(&d->event_lock);
	d->shared_info = alloc_xenheap_page();
	if (!d->shared_info) {
		xfree(d);
		return NULL;
	}
	memset(d->shared_info, 0, PAGE_SIZE);
	/* Shared with the guest: owned by it, one reference for the domain's life. */
	mfn_to_page(virt_to_mfn(d->shared_info))->owner = (u32)domid + 1;
	mfn_to_page(virt_to_mfn(d->shared_info))->count_info |= 1;
	pv_update_wallclock(d);
	if (grant_table_init(d))
		panic("d%u: no memory for its grant table", domid);
	spin_lock(&domain_list_lock);
	d->next_in_list = domain_list;
	__atomic_store_n(&domain_list, d, __ATOMIC_RELEASE);
	spin_unlock(&domain_list_lock);
	return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu)
{
	struct vcpu *v = xzalloc(struct vcpu);

	if (!v)
		return NULL;
	v->vcpu_id = vcpu_id;
	v->processor = cpu;
	v->domain = d;
	v->pv.guest_table = INVALID_MFN;
	v->pv.guest_table_user = INVALID_MFN;
	if (vcpu_id < XEN_LEGACY_MAX_VCPUS) {
		v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];
		v->vcpu_info->evtchn_upcall_mask = 1;
	}
	d->vcpu[vcpu_id] = v;
	v->runstate.state_entry_time = (u64)NOW();
	vcpu_timers_init(v);
	return v;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
	return alloc_domheap_pages_slack(d, order, 0);
}

struct page_info *alloc_domheap_pages_slack(struct domain *d, unsigned int order,
					    unsigned long slack)
{
	struct page_info *pg;
	unsigned long flags;

	if (d->max_pages && d->tot_pages + (1UL << order) > d->max_pages + slack)
		return NULL;
	pg = alloc_heap_pages(order);
	if (!pg)
		return NULL;
	flags = spin_lock_irqsave(&d->page_lock);
	for (unsigned long i = 0; i < (1UL << order); i++) {
		pg[i].owner = (u32)d->domain_id + 1;
		pg[i].count_info = PGC_allocated | 1; /* the allocation reference */
		pg[i].next = d->page_list_head;
		pg[i].prev = PAGE_LIST_NULL;
		if (d->page_list_head != PAGE_LIST_NULL)
			frame_table[d->page_list_head].prev = (u32)mfn_x(page_to_mfn(&pg[i]));
		d->page_list_head = (u32)mfn_x(page_to_mfn(&pg[i]));
	}
	d->tot_pages += 1UL << order;
	spin_unlock_irqrestore(&d->page_lock, flags);
	return pg;
}

/*
 * The initial domain going down takes the machine with it, with Xen's
 * messages; xeno powers off where Xen only halts.
 */
/*
 * Take frame pg off d's list (its last reference is gone). The frame then
 * belongs to nobody; the caller scrubs and frees it.
 */
void domain_unlink_page(struct domain *d, struct page_info *pg)
{
	u32 mfn = (u32)mfn_x(page_to_mfn(pg));
	unsigned long flags = spin_lock_irqsave(&d->page_lock);

	if (pg->prev != PAGE_LIST_NULL)
		frame_table[pg->prev].next = pg->next;
	else if (d->page_list_head == mfn)
		d->page_list_head = pg->next;
	if (pg->next != PAGE_LIST_NULL)
		frame_table[pg->next].prev = pg->prev;
	pg->next = pg->prev = PAGE_LIST_NULL;
	d->tot_pages--;
	spin_unlock_irqrestore(&d->page_lock, flags);
}

static void __noreturn hardware_domain_shutdown(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		printk("Hardware Dom0 halted: powering off machine\n");
		machine_power_off();
	case SHUTDOWN_reboot:
		printk("Hardware Dom0 shutdown: rebooting machine\n");
		machine_restart();
	case SHUTDOWN_crash:
		printk("Hardware Dom0 crashed: %s\n",
		       opt_noreboot ? "'noreboot' set - not rebooting." : "rebooting machine");
		machine_crash();
	case SHUTDOWN_watchdog:
		printk("Hardware Dom0 shutdown: watchdog rebooting machine\n");
		machine_restart();
	case SHUTDOWN_soft_reset:
		printk("Hardware Dom0 did unsupported soft reset, rebooting.\n");
		machine_restart();
	default:
		printk("Hardware Dom0 shutdown (unknown reason %u): rebooting machine\n", reason);
		machine_restart();
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
	d->is_shutting_down = true;
	if (d->domain_id == 0)
		hardware_domain_shutdown(reason);
	printk("Domain %u shut down: %s\n", d->domain_id,
	       reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason]
		       ? shutdown_names[reason]
		       : "unknown");
}

void domain_crash(struct domain *d, const char *why)
{
	printk(XENLOG_ERR "Domain %u crashed: %s\n", d->domain_id, why);
	domain_shutdown(d, SHUTDOWN_crash);
	for (;;)
		halt();
}
