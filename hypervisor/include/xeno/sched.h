/*
 * Domains and virtual CPUs.
 *
 * A domain owns frames (page_info.owner = domid + 1), linked on its page list
 * through page_info.next/prev under page_lock; tot_pages counts them, but
 * those an exchange stole (PGC_uncounted, in uncounted_pages). A vCPU
 * holds the guest's register state while it is not running, and the PV
 * state the ABI defines (trap table, callbacks, kernel stack, segment bases,
 * the kernel/user page-table pair). The scheduler (common/schedule.c) runs
 * a vCPU on any CPU of its affinity; while it runs, its frame lives in that
 * CPU's cpu_info.guest_regs and v->regs is stale.
 */
#ifndef XENO_SCHED_H
#define XENO_SCHED_H

#include <xeno/compiler.h>
#include <xeno/logdirty.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/spinlock.h>
#include <xeno/time.h>
#include <xeno/types.h>
#include <asm/domain.h>
#include <asm/regs.h>
#include <public/vcpu.h>
#include <public/xen.h>

/*
 * The vm_assist types a 64-bit PV domain may enable: Xen 4.17's PV64 mask.
 * 4gb_segments, 4gb_segments_notify and pae_extended_cr3 only mean
 * something to 32-bit guests; they are accepted and kept (vm_assist
 * reports them, a restore from Xen sets them) and change nothing.
 */
#define VM_ASSIST_VALID                                                                        \
	((1UL << VMASST_TYPE_4gb_segments) | (1UL << VMASST_TYPE_4gb_segments_notify) |        \
	 (1UL << VMASST_TYPE_writable_pagetables) | (1UL << VMASST_TYPE_pae_extended_cr3) |    \
	 (1UL << VMASST_TYPE_architectural_iopl) | (1UL << VMASST_TYPE_runstate_update_flag) | \
	 (1UL << VMASST_TYPE_m2p_strict))

#define MAX_DOMAIN_VCPUS 64
#define MAX_GUEST_TRAPS 256
#define PV_LOW_TRAPS 32	       /* the exception vectors, always in struct pv_vcpu */
#define PV_INLINE_HIGH_TRAPS 2 /* vectors >= 32 kept inline (Linux sets one: 0x80) */

struct domain;
struct evtchn_fifo_domain;

/* Machine-check MSRs as Xen's vMCE (pv/vmce.c). */
struct pv_vmce {
	u64 mcg_cap, mcg_status, mcg_ext_ctl;
	u64 mci_ctl2[2]; /* banks 0 and 1 (Intel CMCI) */
};

struct pv_vcpu {
	/* The virtual IDT (pv_trap_*() in asm/pv.h, pv/callbacks.c): packed trap_info, 0 = none. */
	u64 traps[PV_LOW_TRAPS];
	u64 trap_inline[PV_INLINE_HIGH_TRAPS]; /* vectors >= 32 with the vector in bits 56-63 */
	u64 *traps_high;	  /* vectors 32-255 once more than the inline ones are set */
	u64 kernel_ss, kernel_sp; /* stack_switch */
	u64 event_callback, failsafe_callback, syscall_callback;
	bool event_masks, failsafe_masks, syscall_masks;
	u64 fs_base, gs_base_kernel, gs_base_user;
	u16 gs_sel_user;
	bool kernel_mode;		       /* guest kernel vs guest user */
	unsigned int tlb_cpu;		       /* CPU it is loaded on, or NR_CPUS */
	mfn_t guest_table;		       /* kernel L4 */
	mfn_t guest_table_user;		       /* user L4, INVALID_MFN until set */
	mfn_t shadow_table, shadow_table_user; /* their shadows in log-dirty mode, or INVALID_MFN */
	u64 shadow_spurious;		       /* va of the last spurious shadow fault */
	unsigned int iopl;		       /* virtual IOPL (set_iopl) */
	bool fpu_ts;			       /* virtual CR0.TS (fpu_taskswitch) */
	bool cr4_fsgsbase;		       /* guest-set CR4.FSGSBASE */
	bool cr4_de;			       /* guest-set CR4.DE (pv/debugreg.c) */
	bool cpuid_faulting;		       /* MISC_FEATURES_ENABLES bit 0: user CPUID #GP */
	u64 xcr0;			       /* guest-set XCR0 (0: the hypervisor's default) */
	u16 ds_sel, es_sel, fs_sel, gs_sel;    /* data selectors saved while off the CPU */
	mfn_t gdt_frames[14]; /* set_gdt: descriptor pages held (type references) */
	unsigned int gdt_ents;
	u64 ldt_base;	       /* MMUEXT_SET_LDT: guest linear address */
	unsigned int ldt_ents; /* 0: no LDT */
	mfn_t ldt_frames[16];  /* pages mapped in this CPU's LDT window (references) */
	u64 dr[8];	       /* debug registers (pv/debugreg.c); 4, 5 unused */
	u64 dr7_emul;	       /* DR7 enables of I/O breakpoints (not loaded) */
	struct pv_vmce vmce;
};

/* Reasons a vCPU may not run (v->pause_flags); any set keeps it off the CPUs. */
#define VPF_blocked (1u << 0) /* SCHEDOP_block / SCHEDOP_poll */
#define VPF_down (1u << 1)    /* not brought up yet, or VCPUOP_down */

struct vcpu {
	unsigned int vcpu_id;
	u16 virq_to_evtchn[NR_VIRQS]; /* bound port per VIRQ (global ones: vCPU 0) */
	unsigned long pause_flags;    /* VPF_*, atomic */
	int pause_count;	      /* vcpu_pause() nesting */
	/* Scheduler (common/schedule.c), under its lock. */
	u64 cpu_affinity;	/* CPUs it may run on */
	u64 soft_affinity;	/* CPUs the toolstack prefers (reported only) */
	s64 vtime;		/* weighted run time: the lowest runs first */
	s_time_t sched_start;	/* when it last started running */
	struct vcpu *runq_next; /* run queue link */
	bool on_runq;
	s_time_t yield_until; /* SCHEDOP_yield: others first until then */
	int poll_evtchn;      /* SCHEDOP_poll: the port, -1 for several, 0 none */
	struct timer poll_timer;
	void *fpu_area; /* XSAVE area (64-byte aligned inside fpu_alloc) */
	void *fpu_alloc;
	struct timer singleshot_timer; /* VCPUOP_set_singleshot_timer, set_timer_op */
	struct timer periodic_timer;   /* VCPUOP_set_periodic_timer (10 ms at start) */
	s_time_t periodic_period;
	s_time_t periodic_last_event; /* when the periodic timer last raised VIRQ_TIMER */
	u64 runstate_guest;	      /* guest VA of its vcpu_runstate_info, 0 if none */
	struct vcpu_runstate_info runstate;
	mfn_t vcpu_info_mfn;	/* VCPUOP_register_vcpu_info frame, or INVALID */
	unsigned int processor; /* physical CPU it runs on */
	struct domain *domain;
	struct vcpu_info *vcpu_info;
	struct cpu_user_regs regs; /* saved state while not running */
	struct pv_vcpu pv;
	bool is_running; /* on a CPU, or its state not yet saved from one */
	bool is_initialised;
};

struct domain {
	domid_t domain_id;
	bool is_privileged;
	unsigned int max_vcpus;
	struct vcpu **vcpu; /* [max_vcpus]: vcpu_inline, or allocated beyond 4 */
	struct vcpu *vcpu_inline[4];
	struct shared_info *shared_info;
	spinlock_t page_lock; /* page list, tot_pages */
	u32 page_list_head;
	unsigned long tot_pages, max_pages;
	unsigned long uncounted_pages;	 /* PGC_uncounted frames on the list (page_lock) */
	unsigned long outstanding_pages; /* claimed, not yet allocated (page_alloc's heap_lock) */
	bool is_shutting_down;
	unsigned int shutdown_code; /* SHUTDOWN_*, or SHUTDOWN_CODE_INVALID */

	unsigned long vm_assist; /* VMASST_TYPE_* bits, within VM_ASSIST_VALID */
	const char *name;
	spinlock_t event_lock;			/* the port table */
	struct evtchn *evtchn0;			/* ports 0-63 (bucket 0), NULL until used */
	struct evtchn **evtchn_more;		/* [EVTCHN_BUCKETS], once a port >= 64 is used */
	struct evtchn_fifo_domain *evtchn_fifo; /* FIFO ABI state; NULL: 2-level */
	struct domain *next_in_list;		/* all domains, by creation */
	struct domain *next_zombie;		/* destroyed domains */
	struct domain *next_reclaim;		/* released, waiting to be freed */
	unsigned long xen_pages;		/* shared hypervisor pages still referenced */
	bool is_dead;				/* relinquished (page_lock) */
	bool is_released;			/* nothing held any more (page_lock) */
	/* Scheduling: proportional share (weight) and a limit (cap, % of a CPU). */
	unsigned int weight, cap;
	u8 console_len; /* domU console output: the line so far */
	char console_line[119];
	s64 cap_budget;	      /* ns left in this cap period */
	int pause_count;      /* domain_pause() nesting */
	int ctrl_pause_count; /* of which by the control domain (domctl) */
	u64 poll_mask;	      /* vCPUs in SCHEDOP_poll (a superset, for wake-ups) */
	bool is_dying;	      /* destruction under way */
	u64 dirty_cpumask;    /* CPUs whose TLBs may hold this domain's mappings */
	struct grant_table *grant_table;
	u8 handle[16];		       /* the toolstack's handle (a UUID), from createdomain */
	u32 tsc_mode, tsc_incarnation; /* settscinfo (the TSC is never emulated) */
	bool creation_finished;	       /* first unpaused by the toolstack (or booted) */
	struct logdirty logdirty;      /* XEN_DOMCTL_shadow_op's log-dirty mode */
	struct arch_domain arch;
};

#define SHUTDOWN_CODE_INVALID (~0u)

#define current (get_cpu_info()->curr_vcpu)

struct domain *domain_create(domid_t domid, bool privileged, unsigned int max_vcpus);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu);
int domain_create_vcpus(struct domain *d);
/* Give d one freshly allocated block of 2^order frames; NULL if none/limit. */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
/*
 * MEMF_no_max: not held to d->max_pages. XENMEM_exchange allocates a chunk's
 * out-frames before it frees the in-frames it takes back in the same call
 * (as Xen, exchanges are not limited by max_pages); d may exceed max_pages
 * by one chunk per exchange under way.
 */
#define MEMF_no_max 1u
struct page_info *alloc_domheap_pages_memf(struct domain *d, unsigned int order, unsigned int memf);
/* Up to n blocks of 2^order frames for d, into out[]; returns how many. */
unsigned int alloc_domheap_batch(struct domain *d, unsigned int order, unsigned int n,
				 unsigned int memf, struct page_info **out);
void domain_unlink_page(struct domain *d, struct page_info *pg);
/* n stolen frames of d leave tot_pages (uncount) or come back (recount). */
void domain_uncount_pages(struct domain *d, unsigned long n, bool uncount);
/* n frames d counted come off tot_pages; page_lock held. True: d is to be released now. */
bool domain_sub_pages_locked(struct domain *d, unsigned long n);
/* A hypervisor page d shared lost its last reference (arch's free hook). */
void domain_put_xen_page(struct domain *d);
/* d's last frame went: off the zombie list, freed after a grace period. */
void domain_release(struct domain *d);
extern bool domain_reclaim_busy; /* released domains wait for a grace period */
void domain_reclaim_advance(void);
/*
 * This CPU holds no domain pointer (returning to a guest, or idle). Inline:
 * every exit to a guest runs it. A plain store suffices on x86: the count is
 * seen to move only after every access program-ordered before it.
 */
static inline bool domain_quiescent_mark(void) /* true: call domain_reclaim_advance() */
{
	struct cpu_info *ci = get_cpu_info();

	__atomic_store_n(&ci->quiescent_count, ci->quiescent_count + 1, __ATOMIC_RELEASE);
	return __builtin_expect(__atomic_load_n(&domain_reclaim_busy, __ATOMIC_ACQUIRE), 0);
}

static inline void domain_quiescent(void)
{
	if (domain_quiescent_mark())
		domain_reclaim_advance();
}
/* Destroyed domains still listed as zombies; released ones not yet freed. */
unsigned int domain_zombie_count(void);
unsigned int domain_reclaim_pending(void);
void domain_list_to_zombies(struct domain *d);
void domain_zombie_unlist(struct domain *d);
void domain_shutdown(struct domain *d, unsigned int reason);
void domain_resume(struct domain *d); /* undo a shutdown (resumedomain) */
/* XEN_DOMCTL_destroydomain: 0, or -EINVAL for oneself or dom0. */
int domain_kill(struct domain *d);
/* A guest context into a vCPU that never ran (common/vcpu.c): 0, -EEXIST, -EINVAL. */
long vcpu_load_context(struct vcpu *v, const struct vcpu_guest_context *c);
/* XEN_DOMCTL_setvcpucontext: the first context, or a reload of an initialised v (paused). */
long vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c);
/* Time v has run, ns (its current stint included). */
u64 vcpu_cpu_time(const struct vcpu *v);
/* The domain with this id, or NULL. */
struct domain *domain_lookup(domid_t domid);
struct domain *domain_by_owner(u32 owner); /* page_info.owner; destroyed ones too */
/* The domain with this id, destroyed (zombie) or not: unmaps of its grants still name it. */
struct domain *domain_lookup_any(domid_t domid);
/* The most recently created domain; follow next_in_list for the others. */
struct domain *domain_lookup_first(void);

/*
 * Which domain a hypercall may name (common/domain_target.c, where each
 * policy's Xen 4.17 order of checks is described). domain_target() returns
 * the domain, or NULL with *rc = -ESRCH (none), -EPERM (not the caller's to
 * name) or -EINVAL (getdomaininfo of a reserved id).
 */
enum target_policy {
	TARGET_PRIV,		 /* domctl: by id, -ESRCH, then control domain only */
	TARGET_PRIV_AT_OR_ABOVE, /* getdomaininfo: first at or above, then control */
	TARGET_SELF_OR_PRIV,	 /* DOMID_SELF or id, -ESRCH, then itself or control */
	TARGET_ANY_ID,		 /* DOMID_SELF or id, -ESRCH; privilege checked later */
	TARGET_BY_ID,		 /* id only, -ESRCH; privilege checked later */
	TARGET_PG_OWNER,	 /* mmu_update foreigndom: not its own id; DOMID_IO */
};
struct domain *domain_target(domid_t dom, enum target_policy p, long *rc);
/* Xen's XSM_TARGET: is d the caller, or the caller the control domain? (inline: per request) */
static inline bool domain_target_allowed(const struct domain *d)
{
	const struct domain *self = current->domain;

	return d == self || self->is_privileged;
}

/* Guest time and vCPU timers (common/vcpu.c, arch/x86/pv/time.c). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_runstate_change(struct vcpu *v, int state);
void pv_time_init(void);
/* Crash the current vCPU's domain d and run something else. */
void __noreturn domain_crash(struct domain *d, const char *why);

/* Bytes of hypervisor memory that exist because d does. */
size_t domain_hv_bytes(const struct domain *d);

/* Scheduler (common/schedule.c). */
void sched_init_vcpu(struct vcpu *v);
void vcpu_wake(struct vcpu *v); /* clear VPF_blocked, make runnable if it can */
void vcpu_pause_flag(struct vcpu *v, unsigned int flag);   /* set, deschedule */
void vcpu_unpause_flag(struct vcpu *v, unsigned int flag); /* clear, wake */
void vcpu_kick(struct vcpu *v);				   /* deliver pending events promptly */
void domain_pause(struct domain *d);
void domain_pause_sync(struct domain *d); /* not for the caller's own domain */
void domain_unpause(struct domain *d);
void sched_set_params(struct domain *d, unsigned int weight, unsigned int cap);
void sched_context_saved(struct vcpu *prev);
void sched_yield(void);
void __noreturn schedule(void);
void raise_schedule(unsigned int cpu);
/* v has an event upcall pending and not masked. */
static inline bool vcpu_upcall_deliverable(const struct vcpu *v)
{
	return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&v->vcpu_info->evtchn_upcall_mask, __ATOMIC_ACQUIRE);
}

static inline bool sched_pending(void)
{
	return __atomic_load_n(&get_cpu_info()->need_resched, __ATOMIC_ACQUIRE);
}
void sched_dump(void);

/* A frame's owner field names its domain as domid + 1 (0: no owner). */
static inline u32 page_owner_tag(const struct domain *d)
{
	return (u32)d->domain_id + 1;
}

static inline bool page_owned_by(const struct page_info *pg, const struct domain *d)
{
	return pg->owner == page_owner_tag(d);
}

#endif
