/*
 * hcfuzz: the call generators. Each fills a struct call (number and five
 * arguments) with structured random values from the pickers (pick.c);
 * argument structures live in the arena. Fields naming something the
 * hypervisor frees, writes through or maps (frames to give away, VAs to
 * remap, PTEs to write) come only from the pickers that steer away from
 * critical memory; the rest is noise. Never generated: SCHEDOP_shutdown,
 * SCHEDOP_block, a watchdog that can fire, VCPUOP_down of vCPU 0,
 * MMUEXT_NEW_BASEPTR, and (dom0) privileged ops on itself or the machine.
 */
#include "fuzz.h"
#include <guest_domctl.h>
#include <guest_events.h>
#include <public/grant_table.h>
#include <public/memory.h>

#define SET(c, n, x0, x1, x2, x3, x4)                                             \
	do {                                                                      \
		(c)->nr = (n);                                                    \
		(c)->a[0] = (unsigned long)(x0), (c)->a[1] = (unsigned long)(x1); \
		(c)->a[2] = (unsigned long)(x2), (c)->a[3] = (unsigned long)(x3); \
		(c)->a[4] = (unsigned long)(x4);                                  \
	} while (0)

/*
 * Arguments whose meaning keeps us alive (a poll's timeout, a watchdog's id,
 * a shutdown's domain, dom0's domctl target) live outside the arena, in
 * slots no call ever gets a pointer to: another entry of a multicall may
 * write its output over arena buffers built before it ran.
 */
static uint64_t safe_slots[512][32];
static unsigned int safe_next;

static void *safe_buf(void)
{
	uint64_t *p = safe_slots[safe_next++ % ARRAY_SIZE(safe_slots)];

	for (unsigned int i = 0; i < ARRAY_SIZE(safe_slots[0]); i++)
		p[i] = pick_word();
	return p;
}

static unsigned long done_ptr(void)
{
	return chance(50) ? 0 : pick_ptr();
}

static void gen_mmu_update(struct call *c)
{
	unsigned long n = chance(80) ? 1 + rnd_below(8) : pick_count();
	struct mmu_update *u = array_alloc(&n, sizeof(*u), 64);
	unsigned int dom = DOMID_SELF;

	for (unsigned long i = 0; i < n && i < 64; i++) {
		u[i].ptr = pick_pte_maddr();
		u[i].val = (u[i].ptr & 3) == MMU_MACHPHYS_UPDATE ? pick_word() : pick_pte_val();
	}
	if (chance(20))
		dom = pick_domid(true);
	/* A foreign (or DOMID_IO) frame only in the sandbox or neighbours: a
	 * victim VA is handed to the hypervisor as a buffer. */
	if (dom != DOMID_SELF)
		for (unsigned long i = 0; i < n && i < 64; i++)
			for (unsigned int v = 0; v < NR_VICTIMS; v++)
				if ((u[i].ptr & ~7UL) == fz.victim_pte[v])
					u[i].ptr = entry_maddr(&fz.sandbox[2][v]);
	SET(c, __HYPERVISOR_mmu_update, chance(95) ? (unsigned long)u : pick_in_ptr(), n,
	    done_ptr(), dom, 0);
}

static void gen_mmuext(struct call *c)
{
	static const unsigned int cmds[] = {MMUEXT_PIN_L1_TABLE,
					    MMUEXT_PIN_L2_TABLE,
					    MMUEXT_PIN_L3_TABLE,
					    MMUEXT_PIN_L4_TABLE,
					    MMUEXT_UNPIN_TABLE,
					    MMUEXT_TLB_FLUSH_LOCAL,
					    MMUEXT_INVLPG_LOCAL,
					    MMUEXT_TLB_FLUSH_MULTI,
					    MMUEXT_INVLPG_MULTI,
					    MMUEXT_TLB_FLUSH_ALL,
					    MMUEXT_INVLPG_ALL,
					    MMUEXT_FLUSH_CACHE,
					    MMUEXT_SET_LDT,
					    MMUEXT_NEW_USER_BASEPTR,
					    MMUEXT_CLEAR_PAGE,
					    MMUEXT_COPY_PAGE,
					    MMUEXT_FLUSH_CACHE_GLOBAL,
					    MMUEXT_MARK_SUPER,
					    MMUEXT_UNMARK_SUPER,
					    14,
					    21,
					    0xffffffff};
	unsigned long n = chance(85) ? 1 + rnd_below(4) : pick_count();
	struct mmuext_op *op = array_alloc(&n, sizeof(*op), 16);

	for (unsigned long i = 0; i < n && i < 16; i++) {
		op[i].cmd = cmds[rnd_below(ARRAY_SIZE(cmds))];
		op[i].arg1.mfn = pick_mfn(op[i].cmd <= MMUEXT_PIN_L4_TABLE);
		if (op[i].cmd == MMUEXT_INVLPG_LOCAL || op[i].cmd == MMUEXT_INVLPG_MULTI ||
		    op[i].cmd == MMUEXT_INVLPG_ALL || op[i].cmd == MMUEXT_SET_LDT)
			op[i].arg1.linear_addr = chance(50) ? pick_va() : pick_ptr();
		op[i].arg2.nr_ents = (unsigned int)pick_count();
		if (op[i].cmd == MMUEXT_COPY_PAGE)
			op[i].arg2.src_mfn = pick_mfn(true);
		else if (op[i].cmd == MMUEXT_TLB_FLUSH_MULTI || op[i].cmd == MMUEXT_INVLPG_MULTI)
			op[i].arg2.vcpumask.p = (void *)pick_ptr();
	}
	fz.restore = true; /* SET_LDT */
	SET(c, __HYPERVISOR_mmuext_op, chance(95) ? (unsigned long)op : pick_in_ptr(), n,
	    done_ptr(), chance(85) ? DOMID_SELF : pick_domid(true), 0);
}

static void gen_update_va(struct call *c)
{
	unsigned long flags = rnd_below(8);

	if (chance(10))
		flags |= pick_ptr() & ~7UL; /* a vCPU mask pointer */
	if (fz.dom0 && chance(30)) {
		unsigned long va = pick_va();
		unsigned int dom = pick_domid(true);

		/* foreign frames (DOMID_IO above all) only where nothing reads */
		if ((va >> 39 & 511) != SANDBOX_SLOT)
			dom = DOMID_SELF;
		SET(c, __HYPERVISOR_update_va_mapping_otherdomain, va, pick_pte_val(), flags, dom,
		    0);
		return;
	}
	SET(c, __HYPERVISOR_update_va_mapping, pick_va(), pick_pte_val(), flags, 0, 0);
}

static void reservation(struct xen_memory_reservation *r, bool give_away)
{
	unsigned long n = chance(70) ? 1 + rnd_below(8) : pick_count();
	xen_pfn_t *list =
		give_away ? array_alloc(&n, 8, 256) : arena_alloc(8 * (n < 256 ? n : 256));

	/* a PV guest names the frames it gives away by mfn */
	for (unsigned long i = 0; i < n && i < 256; i++)
		list[i] = !give_away   ? pick_word()
			  : chance(85) ? pick_victim_mfn()
				       : pick_mfn(false);
	set_xen_guest_handle(r->extent_start, chance(95) ? list : (xen_pfn_t *)pick_in_ptr());
	r->nr_extents = n;
	r->extent_order = chance(80) ? 0 : (unsigned int)pick_count() % 32;
	r->mem_flags = chance(80) ? 0 : (unsigned int)pick_word();
	r->domid = chance(80) ? DOMID_SELF : pick_domid(false);
}

static void gen_memory_op(struct call *c)
{
	static const unsigned int cmds[] = {XENMEM_increase_reservation,
					    XENMEM_decrease_reservation,
					    XENMEM_maximum_ram_page,
					    XENMEM_current_reservation,
					    XENMEM_maximum_reservation,
					    XENMEM_machphys_mfn_list,
					    XENMEM_populate_physmap,
					    XENMEM_add_to_physmap,
					    XENMEM_memory_map,
					    XENMEM_machine_memory_map,
					    XENMEM_exchange,
					    XENMEM_machphys_mapping,
					    XENMEM_set_memory_map,
					    XENMEM_maximum_gpfn,
					    XENMEM_remove_from_physmap,
					    XENMEM_get_pod_target,
					    XENMEM_set_pod_target,
					    XENMEM_add_to_physmap_batch,
					    XENMEM_claim_pages,
					    XENMEM_get_vnumainfo,
					    XENMEM_acquire_resource,
					    XENMEM_access_op,
					    29,
					    63,
					    0xffff};
	unsigned int cmd = cmds[rnd_below(ARRAY_SIZE(cmds))];
	void *arg = noise_buf(64);

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_populate_physmap:
	case XENMEM_claim_pages: reservation(arg, false); break;
	case XENMEM_decrease_reservation: reservation(arg, true); break;
	case XENMEM_exchange: {
		struct xen_memory_exchange *x = arg;

		reservation(&x->in, true);
		reservation(&x->out, false);
		x->nr_exchanged = chance(80) ? 0 : pick_count();
		break;
	}
	case XENMEM_remove_from_physmap:
	case XENMEM_add_to_physmap:
	case XENMEM_add_to_physmap_batch:
	case XENMEM_acquire_resource:
	case XENMEM_set_memory_map:
	case XENMEM_access_op:
		/* HVM/tools ops: a PV domU must be refused; dom0 on its target */
		*(domid_t *)arg = pick_domid(!fz.dom0);
		break;
	default:
		if (chance(50))
			*(domid_t *)arg = pick_domid(true);
	}
	/* a continuation's start extent rides in the high bits of cmd */
	SET(c, __HYPERVISOR_memory_op, cmd | (chance(5) ? pick_word() << 6 : 0),
	    chance(95) ? (unsigned long)arg : pick_in_ptr(), 0, 0, 0);
}

/*
 * Each GNTTABOP's element size (a batch's count of them is allocated in the
 * arena; an op writing past it would overwrite the next call's arguments:
 * swap_grant_ref's status lies at offset 8 of its 12 bytes).
 */
static const uint8_t grant_size[] = {
	[GNTTABOP_map_grant_ref] = sizeof(struct gnttab_map_grant_ref),
	[GNTTABOP_unmap_grant_ref] = sizeof(struct gnttab_unmap_grant_ref),
	[GNTTABOP_setup_table] = sizeof(struct gnttab_setup_table),
	[GNTTABOP_dump_table] = sizeof(struct gnttab_dump_table),
	[GNTTABOP_transfer] = sizeof(struct gnttab_transfer),
	[GNTTABOP_copy] = sizeof(struct gnttab_copy),
	[GNTTABOP_query_size] = sizeof(struct gnttab_query_size),
	[GNTTABOP_unmap_and_replace] = sizeof(struct gnttab_unmap_and_replace),
	[GNTTABOP_set_version] = sizeof(struct gnttab_set_version),
	[GNTTABOP_get_status_frames] = sizeof(struct gnttab_get_status_frames),
	[GNTTABOP_get_version] = sizeof(struct gnttab_get_version),
	[GNTTABOP_swap_grant_ref] = sizeof(struct gnttab_swap_grant_ref),
	[GNTTABOP_cache_flush] = 32,
	[13] = 8,
};

static void gen_grant(struct call *c)
{
	unsigned int cmd = (unsigned int)rnd_below(ARRAY_SIZE(grant_size));
	unsigned long n = chance(80) ? 1 + rnd_below(4) : pick_count();
	size_t size = grant_size[cmd];
	uint8_t *buf = array_alloc(&n, size, 16);

	for (unsigned long i = 0; i < n && i < 16; i++) {
		void *e = buf + size * i;

		for (size_t w = 0; w < size / 8; w++)
			((uint64_t *)e)[w] = pick_word();

		switch (cmd) {
		case GNTTABOP_map_grant_ref: {
			struct gnttab_map_grant_ref *m = e;

			m->flags = (uint32_t)rnd_below(64);
			m->host_addr = (m->flags & GNTMAP_contains_pte) ? pick_pte_maddr() & ~7UL
									: pick_va();
			m->ref = (grant_ref_t)pick_count();
			m->dom = (domid_t)pick_domid(true);
			break;
		}
		case GNTTABOP_unmap_grant_ref:
		case GNTTABOP_unmap_and_replace: {
			struct gnttab_unmap_and_replace *u = e;

			u->host_addr = pick_va();
			u->new_addr = pick_va();
			u->handle = (grant_handle_t)pick_count();
			break;
		}
		case GNTTABOP_transfer: {
			struct gnttab_transfer *t = e;

			t->mfn = chance(80) ? pick_victim_mfn() : pick_mfn(false);
			t->domid = (domid_t)pick_domid(false);
			t->ref = (grant_ref_t)pick_count();
			break;
		}
		case GNTTABOP_copy: {
			struct gnttab_copy *cp = e;

			cp->flags = (uint16_t)rnd_below(4);
			cp->source.domid = (domid_t)pick_domid(true);
			cp->dest.domid = (domid_t)pick_domid(true);
			cp->source.u.gmfn = pick_mfn(true);
			if (!(cp->flags & GNTCOPY_dest_gref))
				cp->dest.u.gmfn = chance(80) ? pick_victim_mfn() : pick_mfn(false);
			cp->len = (uint16_t)(chance(70) ? rnd_below(4097) : pick_word());
			cp->source.offset = (uint16_t)(chance(70) ? rnd_below(4097) : pick_word());
			cp->dest.offset = (uint16_t)(chance(70) ? rnd_below(4097) : pick_word());
			break;
		}
		case GNTTABOP_get_status_frames: {
			struct gnttab_get_status_frames *g = e;

			g->dom = (domid_t)pick_domid(true);
			g->nr_frames = (uint32_t)pick_count();
			set_xen_guest_handle(g->frame_list, (uint64_t *)pick_ptr());
			break;
		}
		case GNTTABOP_setup_table: {
			struct gnttab_setup_table *s = e;

			s->dom = (domid_t)pick_domid(true);
			s->nr_frames = (uint32_t)pick_count();
			set_xen_guest_handle(s->frame_list, (xen_pfn_t *)pick_ptr());
			break;
		}
		case GNTTABOP_set_version:
			*(uint32_t *)e = (uint32_t)(chance(80) ? rnd_below(4) : pick_word());
			break;
		default: break;
		}
	}
	SET(c, __HYPERVISOR_grant_table_op, chance(3) ? pick_word() | 16 : cmd,
	    chance(95) ? (unsigned long)buf : pick_in_ptr(), n, 0, 0);
}

static void gen_evtchn(struct call *c)
{
	unsigned int cmd = (unsigned int)(chance(95) ? rnd_below(14) : pick_word());
	uint32_t *arg = noise_buf(32);

	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
	case EVTCHNOP_alloc_unbound:
		arg[0] = pick_domid(true) | pick_domid(true) << 16;
		arg[1] = pick_port();
		break;
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array:
		/* the hypervisor keeps the frame mapped and writes it */
		*(uint64_t *)arg = chance(80) ? pick_victim_mfn() : pick_mfn(false);
		arg[2] = (uint32_t)pick_count();
		break;
	case EVTCHNOP_reset: arg[0] = pick_domid(!fz.dom0 || chance(50)); break;
	default: arg[0] = pick_port(); arg[1] = (uint32_t)(chance(70) ? rnd_below(4) : pick_word());
	}
	SET(c, __HYPERVISOR_event_channel_op, cmd, chance(95) ? (unsigned long)arg : pick_in_ptr(),
	    0, 0, 0);
}

static void gen_vcpu_op(struct call *c)
{
	unsigned int cmd = (unsigned int)(chance(95) ? rnd_below(17) : pick_word());
	unsigned int vcpu = (unsigned int)(chance(70) ? 0 : chance(50) ? 1 : pick_word());
	uint64_t *arg = noise_buf(chance(10) ? 5000 : 64);

	switch (cmd) {
	case VCPUOP_down:
	case VCPUOP_up:
		if (vcpu < 64) /* never stop ourselves nor start random code */
			vcpu = 64 + (unsigned int)rnd_below(1000);
		break;
	case VCPUOP_initialise:
		if (vcpu < 64)
			vcpu = 0; /* up already: refused */
		break;
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_register_vcpu_time_memory_area:
		/* written at every context switch: a victim or a bad address */
		arg[0] = chance(50)
				 ? (unsigned long)fz.victim[rnd_below(NR_VICTIMS)] + rnd_below(4096)
				 : pick_ptr();
		break;
	case VCPUOP_register_runstate_phys_area:
	case VCPUOP_register_vcpu_time_phys_area:
		arg[0] = (chance(80) ? pick_victim_mfn() : pick_mfn(false)) << 12 | rnd_below(4096);
		break;
	case VCPUOP_register_vcpu_info:
		/* only where we look for it (vi_page at vi_offset, from a
		 * top-level call: main.c follows it), or a frame not ours */
		arg[0] = fz.max_mfn + 1 + rnd_below(100);
		arg[1] = chance(70) ? rnd_below(4096) : pick_word();
		if (!fz.depth && chance(50)) {
			arg[0] = virt_to_mfn(fz.vi_page);
			arg[1] = chance(80) ? fz.vi_offset : pick_word();
		}
		break;
	case VCPUOP_set_periodic_timer:
	case VCPUOP_set_singleshot_timer:
		arg[0] = chance(50) ? rnd_below(100000000) : pick_word();
		break;
	default: break;
	}
	SET(c, __HYPERVISOR_vcpu_op, cmd, vcpu, chance(95) ? (unsigned long)arg : pick_in_ptr(), 0,
	    0);
}

static void gen_sched_op(struct call *c)
{
	uint64_t *arg = safe_buf();
	unsigned int cmd;

	switch (rnd_below(6)) {
	case 0: cmd = SCHEDOP_yield; break;
	case 1: {
		evtchn_port_t *ports = safe_buf();

		cmd = SCHEDOP_poll;
		for (int i = 0; i < 16; i++)
			ports[i] = pick_port();
		arg[0] = chance(90) ? (unsigned long)ports : pick_ptr();
		arg[1] = chance(80) ? rnd_below(17) : pick_count();
		/* bounded: an absolute time in the past or within 1 ms */
		arg[2] = chance(50) ? 1 + rnd_below(1000)
				    : vcpu_system_time(fz.vcpu_info) + 1 + rnd_below(1000000);
		break;
	}
	case 2:
		cmd = SCHEDOP_remote_shutdown;
		arg[0] = pick_domid(false) | (rnd_below(6) << 32);
		if (fz.dom0 && (arg[0] & 0xffff) != fz.target)
			arg[0] = 0x7fef; /* dom0 shuts down only its target */
		break;
	case 3:
		cmd = SCHEDOP_watchdog;
		arg[0] = chance(50) ? rnd_below(4) : pick_word() & 0xffffffff;
		/* id 0 would create one that fires: only removals and bad ids */
		if ((uint32_t)arg[0] == 0)
			arg[0] = 0xffffffff;
		else
			arg[0] &= 0xffffffff; /* timeout 0: delete */
		break;
	case 4:
		cmd = SCHEDOP_pin_override; /* (not shutdown_code: it changes our end) */
		break;
	default: cmd = 8 + (unsigned int)rnd_below(100);
	}
	SET(c, __HYPERVISOR_sched_op, cmd, chance(97) ? (unsigned long)arg : pick_in_ptr(), 0, 0,
	    0);
}

static void gen_domctl(struct call *c)
{
	struct xen_domctl *d = fz.dom0 ? safe_buf() : noise_buf(sizeof(*d));
	static const unsigned int safe[] = {XEN_DOMCTL_getdomaininfo,  XEN_DOMCTL_pausedomain,
					    XEN_DOMCTL_unpausedomain,  XEN_DOMCTL_max_mem,
					    XEN_DOMCTL_max_vcpus,      XEN_DOMCTL_scheduler_op,
					    XEN_DOMCTL_setvcpuaffinity};

	d->cmd = chance(70) ? safe[rnd_below(ARRAY_SIZE(safe))] : (uint32_t)rnd_below(100);
	if (fz.dom0 && d->cmd == XEN_DOMCTL_createdomain)
		d->cmd = XEN_DOMCTL_getdomaininfo;
	d->interface_version = chance(90) ? XEN_DOMCTL_INTERFACE_VERSION : (uint32_t)pick_word();
	d->domain = (domid_t)pick_domid(!fz.dom0);
	SET(c, __HYPERVISOR_domctl, chance(95) ? (unsigned long)d : pick_in_ptr(), 0, 0, 0, 0);
}

/* The rest: small and x86 hypercalls, and numbers nothing implements. */
static void gen_misc(struct call *c)
{
	static const unsigned int unused[] = {11, 27, 31, 34, 37, 38, 39, 40,
					      41, 42, 43, 47, 48, 49, 55, 63};

	switch (rnd_below(16)) {
	case 0: /* table entries from noise: the runtime's come back after */
		fz.restore = true;
		SET(c, __HYPERVISOR_set_trap_table, chance(20) ? 0 : pick_ptr(), 0, 0, 0, 0);
		break;
	case 1:
		fz.restore = true;
		SET(c, __HYPERVISOR_callback_op, rnd_below(3), noise_buf(32), 0, 0, 0);
		break;
	case 2:
		SET(c, __HYPERVISOR_set_gdt, noise_buf(128), pick_count(), 0, 0, 0);
		for (int i = 0; i < 16; i++)
			((uint64_t *)c->a[0])[i] = pick_mfn(false);
		break;
	case 3: /* writes 8 bytes into the frame: not ours unless a victim */
		SET(c, __HYPERVISOR_update_descriptor,
		    (chance(80) ? pick_victim_mfn() : pick_mfn(false)) << 12 | rnd_below(4096),
		    pick_word(), 0, 0, 0);
		break;
	case 4:
		fz.restore = true;
		SET(c, __HYPERVISOR_set_debugreg, rnd_below(10), pick_word() & ~0xffUL, 0, 0, 0);
		break;
	case 5:
		SET(c, __HYPERVISOR_get_debugreg, chance(80) ? rnd_below(10) : pick_word(), 0, 0, 0,
		    0);
		break;
	case 6:
		fz.restore = true;
		SET(c, __HYPERVISOR_fpu_taskswitch, pick_word(), 0, 0, 0, 0);
		break;
	case 7:
		SET(c, __HYPERVISOR_vm_assist, rnd_below(3),
		    chance(80) ? rnd_below(6) : pick_word(), 0, 0, 0);
		break;
	case 8: SET(c, __HYPERVISOR_set_segment_base, rnd_below(5), pick_word(), 0, 0, 0); break;
	case 9:
		SET(c, __HYPERVISOR_xen_version, chance(90) ? rnd_below(16) : pick_word(),
		    pick_ptr(), 0, 0, 0);
		break;
	case 10: /* write: bad or empty buffers only, so the log stays readable */
		SET(c, __HYPERVISOR_console_io, rnd_below(3), pick_count(),
		    chance(50) ? 0xffff800000000000UL + rnd_below(1UL << 40) : rnd_below(0x10000),
		    0, 0);
		if (c->a[0] == CONSOLEIO_write && chance(30))
			c->a[1] = 0;
		if (c->a[0] == CONSOLEIO_read && fz.dom0)
			c->a[1] = 0;
		break;
	case 11: SET(c, __HYPERVISOR_set_timer_op, chance(50) ? 0 : pick_word(), 0, 0, 0, 0); break;
	case 12:
		if (fz.dom0) /* dom0 may legitimately reprogram the machine */
			SET(c, __HYPERVISOR_physdev_op, PHYSDEVOP_irq_status_query, noise_buf(16),
			    0, 0, 0);
		else
			SET(c, __HYPERVISOR_physdev_op, rnd_below(34), noise_buf(64), 0, 0, 0);
		break;
	case 13:
		if (fz.dom0)
			SET(c, __HYPERVISOR_stack_switch, pick_word(), pick_word(), 0, 0, 0);
		else
			SET(c, chance(50) ? __HYPERVISOR_platform_op : __HYPERVISOR_sysctl,
			    noise_buf(128), 0, 0, 0, 0);
		break;
	case 14: gen_domctl(c); break;
	default:
		SET(c, chance(80) ? unused[rnd_below(ARRAY_SIZE(unused))] : pick_word(),
		    pick_word(), pick_word(), pick_word(), pick_word(), pick_word());
		/* A noise number that names a real hypercall gets noise arguments
		 * the generators above would never give (an iret from whatever
		 * the stack holds, a shutdown): an unused number instead. */
		if (c->nr < 64)
			c->nr = unused[c->nr % ARRAY_SIZE(unused)];
	}
}

static void gen_multicall(struct call *c, unsigned int depth)
{
	unsigned long n = chance(80) ? 1 + rnd_below(8) : pick_count();
	struct multicall_entry *m = array_alloc(&n, sizeof(*m), 16);

	for (unsigned long i = 0; i < n && i < 16; i++) {
		struct call sub;

		gen_call(&sub, depth + 1);
		fz.depth = depth;
		m[i].op = sub.nr;
		m[i].result = pick_word();
		for (int j = 0; j < 5; j++)
			m[i].args[j] = sub.a[j];
		m[i].args[5] = pick_word();
	}
	SET(c, __HYPERVISOR_multicall, chance(95) ? (unsigned long)m : pick_in_ptr(), n, 0, 0, 0);
}

void gen_call(struct call *c, unsigned int depth)
{
	unsigned int r = (unsigned int)rnd_below(100);

	fz.depth = depth;

	if (r < 16)
		gen_mmu_update(c);
	else if (r < 26)
		gen_mmuext(c);
	else if (r < 34)
		gen_update_va(c);
	else if (r < 45)
		gen_memory_op(c);
	else if (r < 56)
		gen_grant(c);
	else if (r < 67)
		gen_evtchn(c);
	else if (r < 73)
		gen_vcpu_op(c);
	else if (r < 78)
		gen_sched_op(c);
	else if (r < 85 && depth < 2)
		gen_multicall(c, depth);
	else
		gen_misc(c);
}

long issue(const struct call *c)
{
	/* numbers past the hypercall page go in by SYSCALL */
	if (c->nr >= 128)
		return hypercall_syscall((unsigned int)c->nr, c->a[0], c->a[1], c->a[2], c->a[3],
					 c->a[4]);
	return hypercall((unsigned int)c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}
