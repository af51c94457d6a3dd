/*
 * Domains and virtual CPUs.
 *
 * A domain owns frames (page_info.owner = domid + 1), linked on its page list
 * through page_info.next/prev under page_lock; tot_pages counts them. A vCPU
 * holds the guest's register state while it is not running, and the PV
 * state the ABI defines (trap table, callbacks, kernel stack, segment bases,
 * the kernel/user page-table pair). Until the scheduler exists (issue 5) a
 * vCPU runs on the CPU of its number and never migrates.
 */
#ifndef XENO_SCHED_H
#define XENO_SCHED_H

#include <xeno/compiler.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <xeno/types.h>
#include <asm/regs.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_DOMAIN_VCPUS 64
#define MAX_GUEST_TRAPS 256

struct domain;

struct pv_vcpu {
	struct trap_info traps[MAX_GUEST_TRAPS]; /* address 0 = no handler */
	u64 kernel_ss, kernel_sp;		 /* stack_switch */
	u64 event_callback, failsafe_callback, syscall_callback;
	bool event_masks, failsafe_masks, syscall_masks;
	u64 fs_base, gs_base_kernel, gs_base_user;
	u16 gs_sel_user;
	bool kernel_mode;	/* guest kernel vs guest user */
	mfn_t guest_table;	/* kernel L4 */
	mfn_t guest_table_user; /* user L4, INVALID_MFN until set */
	unsigned int iopl;	/* virtual IOPL (set_iopl) */
	bool fpu_ts;		/* virtual CR0.TS (fpu_taskswitch) */
	bool cr4_fsgsbase;	/* guest-set CR4.FSGSBASE */
	u64 xcr0;		/* guest-set XCR0 (0: the hypervisor's default) */
	u16 ds_sel, es_sel;	/* data selectors saved while off the CPU */
	mfn_t gdt_frames[14];	/* set_gdt: descriptor pages held (type references) */
	unsigned int gdt_ents;
	u64 dr[8];
};

struct vcpu {
	unsigned int vcpu_id;
	u16 virq_to_evtchn[NR_VIRQS];  /* bound port per VIRQ (global ones: vCPU 0) */
	bool is_blocked;	       /* in SCHEDOP_block/poll */
	struct timer singleshot_timer; /* VCPUOP_set_singleshot_timer, set_timer_op */
	struct timer periodic_timer;   /* VCPUOP_set_periodic_timer (10 ms at start) */
	s_time_t periodic_period;
	u64 runstate_guest; /* guest VA of its vcpu_runstate_info, 0 if none */
	struct vcpu_runstate_info runstate;
	mfn_t vcpu_info_mfn;	/* VCPUOP_register_vcpu_info frame, or INVALID */
	unsigned int processor; /* physical CPU it runs on */
	struct domain *domain;
	struct vcpu_info *vcpu_info;
	struct cpu_user_regs regs; /* saved state while not running */
	struct pv_vcpu pv;
	bool is_running;
	bool is_initialised;
};

struct domain {
	domid_t domain_id;
	bool is_privileged;
	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_DOMAIN_VCPUS];
	struct shared_info *shared_info;
	spinlock_t page_lock; /* page list, tot_pages */
	u32 page_list_head;
	unsigned long tot_pages, max_pages;
	bool is_shutting_down;
	unsigned int shutdown_code; /* SHUTDOWN_*, or SHUTDOWN_CODE_INVALID */

	unsigned long vm_assist;
	const char *name;
	spinlock_t event_lock;	     /* the port table */
	struct evtchn *evtchn[64];   /* buckets of EVTCHN_BUCKET ports, NULL until used */
	struct domain *next_in_list; /* all domains, by creation */
	struct grant_table *grant_table;
};

#define SHUTDOWN_CODE_INVALID (~0u)

#define current (get_cpu_info()->curr_vcpu)

struct domain *domain_create(domid_t domid, bool privileged, unsigned int max_vcpus);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu);
/* Give d one freshly allocated block of 2^order frames; NULL if none/limit. */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
/* The same, allowed to exceed max_pages by slack frames (exchange). */
struct page_info *alloc_domheap_pages_slack(struct domain *d, unsigned int order,
					    unsigned long slack);
void domain_unlink_page(struct domain *d, struct page_info *pg);
void domain_shutdown(struct domain *d, unsigned int reason);
/* The domain with this id, or NULL. */
struct domain *domain_lookup(domid_t domid);

/* Guest time and vCPU timers (common/vcpu.c, arch/x86/pv/time.c). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_runstate_change(struct vcpu *v, int state);
void pv_time_init(void);
void pv_update_vcpu_time(struct vcpu *v);
void pv_update_wallclock(struct domain *d);
void __noreturn domain_crash(struct domain *d, const char *why);

static inline bool page_owned_by(const struct page_info *pg, const struct domain *d)
{
	return pg->owner == (u32)d->domain_id + 1;
}

#endif
