/*
 * VCPUOP_initialise for PV vCPUs: a struct vcpu_guest_context becomes the
 * state of a vCPU that has never run. The toolstack may load a context into
 * an initialised vCPU again (XEN_DOMCTL_setvcpucontext; libxc's resume of a
 * checkpointed domain): as in Xen, only with the page tables, GDT and LDT
 * the vCPU has (-EOPNOTSUPP otherwise), and vm_assist stays as it is.
 *
 * Everything is checked before anything is taken: addresses must lie in
 * guest space, selectors get RPL 3 (the 64-bit PV kernel runs in ring 3),
 * an LDT page-aligned (its pages are checked when first used, pv/ldt.c). Then the references are
 * taken: the kernel L4 (and the user L4 if given) as validated L4 tables,
 * the GDT frames as descriptor pages; a failure undoes what was taken.
 * IOPL in the flags becomes the virtual IOPL; interrupts are always on.
 * vCPU 0's context also sets the domain's vm_assist, as in Xen (a restored
 * domain gets its assists back this way). arch_get_info_guest is the
 * reverse, for XEN_DOMCTL_getvcpucontext of a paused vCPU.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <public/vcpu.h>

#define X86_EFLAGS_IF (1UL << 9)
#define X86_EFLAGS_MBS (1UL << 1)

static u16 ring3(u16 sel)
{
	return sel ? sel | 3 : sel;
}

static bool addrs_ok(const struct vcpu_guest_context *c)
{
	const u64 a[] = {c->user_regs.rip,	  c->kernel_sp,
			 c->event_callback_eip,	  c->failsafe_callback_eip,
			 c->syscall_callback_eip, c->fs_base,
			 c->gs_base_kernel,	  c->gs_base_user};

	for (unsigned int i = 0; i < ARRAY_SIZE(a); i++)
		if (a[i] && !guest_range_ok(a[i], 1))
			return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
		if (c->trap_ctxt[i].address && !guest_range_ok(c->trap_ctxt[i].address, 1))
			return false;
	return true;
}

static int check_context(const struct vcpu_guest_context *c)
{
	if (!addrs_ok(c) || c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (c->ldt_ents > 8192 || (c->ldt_ents && ((c->ldt_base & (PAGE_SIZE - 1)) ||
						   !guest_range_ok(c->ldt_base, c->ldt_ents * 8))))
		return -EINVAL;
	if (c->debugreg[7] & 0xff)
		return -EINVAL; /* breakpoints: set_debugreg once running (0x400, libxc's default,
				   is none) */
	return 0;
}

/* Take the page-table and GDT references; all or nothing. */
static int take_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	mfn_t kern = _mfn(xen_cr3_to_pfn(c->ctrlreg[3]));
	mfn_t user = _mfn(xen_cr3_to_pfn(c->ctrlreg[1]));
	int rc = pv_get_page_and_type(d, kern, PGT_l4_page_table);

	if (rc)
		return rc; /* as Xen: its tables' own error (-EBUSY: a frame not d's) */
	if (c->ctrlreg[1] && pv_get_page_and_type(d, user, PGT_l4_page_table))
		goto put_kern;
	if (pv_set_gdt(v, (const unsigned long *)c->gdt_frames, (unsigned int)c->gdt_ents))
		goto put_user;
	/* seq_cst: pv_shadow_update_roots() below (mm/shadow.c "Ordering") */
	__atomic_store_n(&v->pv.guest_table.m, mfn_x(kern), __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->pv.guest_table_user.m,
			 c->ctrlreg[1] ? mfn_x(user) : mfn_x(INVALID_MFN), __ATOMIC_SEQ_CST);
	if (!(d->vm_assist & (1UL << VMASST_TYPE_m2p_strict)))
		pv_set_ro_mpt(kern, true);
	pv_shadow_resync(d, kern, RO_MPT_SLOT, 4);
	pv_shadow_update_roots(v);
	return 0;
put_user:
	if (c->ctrlreg[1])
		pv_put_page_and_type(d, user);
put_kern:
	pv_put_page_and_type(d, kern);
	return -EINVAL;
}

static void load_fpu_image(struct vcpu *v, const struct vcpu_guest_context *c)
{
	u8 *area = v->fpu_area;

	if (!(c->flags & VGCF_i387_valid))
		return;
	memcpy(area, c->fpu_ctxt.x, 512);
	*(u32 *)(area + 24) &= 0xffff; /* MXCSR: no reserved bits */
	*(u64 *)(area + 512) = 3;      /* XSTATE_BV: x87 and SSE from the image */
}

static void load_regs(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct cpu_user_regs *r = &v->regs;
	struct pv_vcpu *pv = &v->pv;

	memcpy(r, &c->user_regs, sizeof(*r));
	r->cs = ring3(r->cs);
	r->ss = ring3(r->ss);
	pv->iopl = (unsigned int)((r->rflags >> 12) & 3);
	r->rflags = (r->rflags & ~X86_EFLAGS_IOPL) | X86_EFLAGS_IF | X86_EFLAGS_MBS;
	r->entry_vector = 0;
	pv->ds_sel = c->user_regs.ds;
	pv->es_sel = c->user_regs.es;
	pv->kernel_mode = c->flags & VGCF_in_kernel;
	pv->kernel_ss = ring3((u16)c->kernel_ss);
	pv->kernel_sp = c->kernel_sp;
	pv->fs_base = c->fs_base;
	pv->gs_base_kernel = c->gs_base_kernel;
	pv->gs_base_user = c->gs_base_user;
	pv->ldt_base = c->ldt_base;
	pv->ldt_ents = (unsigned int)c->ldt_ents;
}

static void load_callbacks(struct pv_vcpu *pv, const struct vcpu_guest_context *c)
{
	pv_clear_traps(pv);
	for (unsigned int i = 0; i < MAX_GUEST_TRAPS; i++)
		if (c->trap_ctxt[i].address) /* cannot fail: pv_traps_reserve() made room */
			pv_set_trap(pv, i, c->trap_ctxt[i].address, c->trap_ctxt[i].flags);
	pv->event_callback = c->event_callback_eip;
	pv->event_masks = true;
	pv->failsafe_callback = c->failsafe_callback_eip;
	pv->failsafe_masks = c->flags & VGCF_failsafe_disables_events;
	pv->syscall_callback = c->syscall_callback_eip;
	pv->syscall_masks = c->flags & VGCF_syscall_disables_events;
}

/*
 * CR0.TS and the CR4 bits the guest controls (FSGSBASE, DE), as Xen keeps
 * them in ctrlreg[0] and ctrlreg[4]; FSGSBASE only if this CPU has it.
 */
static void load_ctrlregs(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct cpuid_regs r;
	u64 cr4 = c->ctrlreg[4];

	cpuid_count(7, 0, &r);
	if (!(r.ebx & 1))
		cr4 &= ~X86_CR4_FSGSBASE;
	v->pv.fpu_ts = c->ctrlreg[0] & X86_CR0_TS;
	pv_set_guest_cr4(v, cr4);
}

/* As Xen: the defaults, then each register through set_debugreg's checks. */
static void load_debugregs(struct vcpu *v, const struct vcpu_guest_context *c)
{
	static const unsigned int regs[] = {0, 1, 2, 3, 6, 7};

	pv_reset_debugregs(v);
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
		pv_set_debugreg(v, regs[i], c->debugreg[regs[i]]);
}

static void load_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
	load_regs(v, c);
	load_callbacks(&v->pv, c);
	load_fpu_image(v, c);
	load_ctrlregs(v, c);
	load_debugregs(v, c);
}

static int check_new_context(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	int rc = check_context(c);

	if (!rc && !(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		rc = -EINVAL;
	if (!rc && v->vcpu_id == 0 && (c->vm_assist & ~VM_ASSIST_VALID))
		rc = -EINVAL;
	return rc;
}

int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
	int rc = check_new_context(v, c);

	if (rc)
		return rc;
	/* As Xen: vCPU 0's context carries the domain's vm_assist (a restore needs it). */
	if ((rc = pv_traps_reserve(&v->pv, c->trap_ctxt)))
		return rc;
	if (v->vcpu_id == 0)
		v->domain->vm_assist = c->vm_assist;
	if ((rc = take_tables(v, c)))
		return rc;
	load_state(v, c);
	v->is_initialised = true;
	return 0;
}

/* The tables c names are the ones v holds (Xen's test, field by field). */
static bool same_tables(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct pv_vcpu *pv = &v->pv;
	bool same = c->ctrlreg[3] == xen_pfn_to_cr3(mfn_x(pv->guest_table));

	if (mfn_x(pv->guest_table_user) == mfn_x(INVALID_MFN))
		same = same && !c->ctrlreg[1] && (c->flags & VGCF_in_kernel);
	else
		same = same && c->ctrlreg[1] == xen_pfn_to_cr3(mfn_x(pv->guest_table_user));
	same = same && c->gdt_ents == pv->gdt_ents && c->ldt_ents == pv->ldt_ents;
	same = same && (!c->ldt_ents || c->ldt_base == pv->ldt_base);
	for (unsigned int i = 0; same && i * 512 < c->gdt_ents; i++)
		same = c->gdt_frames[i] == mfn_x(pv->gdt_frames[i]);
	return same;
}

int arch_reload_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
	int rc = check_context(c);

	if (!rc && v->vcpu_id == 0 && (c->vm_assist & ~VM_ASSIST_VALID))
		rc = -EINVAL;
	if (rc)
		return rc;
	if (!same_tables(v, c))
		return -EOPNOTSUPP;
	if ((rc = pv_traps_reserve(&v->pv, c->trap_ctxt)))
		return rc;
	load_state(v, c);
	return 0;
}

static void save_regs(const struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct pv_vcpu *pv = &v->pv;

	memcpy(&c->user_regs, &v->regs, sizeof(c->user_regs));
	c->user_regs.rflags = (v->regs.rflags & ~X86_EFLAGS_IOPL) | ((u64)pv->iopl << 12);
	c->user_regs.ds = pv->ds_sel;
	c->user_regs.es = pv->es_sel;
	c->user_regs.fs = pv->fs_sel;
	c->user_regs.gs = pv->gs_sel;
	c->kernel_ss = pv->kernel_ss;
	c->kernel_sp = pv->kernel_sp;
	c->fs_base = pv->fs_base;
	c->gs_base_kernel = pv->gs_base_kernel;
	c->gs_base_user = pv->gs_base_user;
	c->ldt_base = pv->ldt_base;
	c->ldt_ents = pv->ldt_ents;
}

static void save_tables(const struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct pv_vcpu *pv = &v->pv;

	if (mfn_x(pv->guest_table) != mfn_x(INVALID_MFN))
		c->ctrlreg[3] = xen_pfn_to_cr3(mfn_x(pv->guest_table));
	if (mfn_x(pv->guest_table_user) != mfn_x(INVALID_MFN))
		c->ctrlreg[1] = xen_pfn_to_cr3(mfn_x(pv->guest_table_user));
	c->ctrlreg[0] = (read_cr0() & ~X86_CR0_TS) | (pv->fpu_ts ? X86_CR0_TS : 0);
	c->ctrlreg[4] = pv_guest_cr4(v);
	c->gdt_ents = pv->gdt_ents;
	for (unsigned int i = 0; i < ARRAY_SIZE(pv->gdt_frames) && i * 512 < pv->gdt_ents; i++)
		c->gdt_frames[i] = mfn_x(pv->gdt_frames[i]);
	for (unsigned int i = 0; i < MAX_GUEST_TRAPS; i++) {
		c->trap_ctxt[i].vector = (u8)i;
		c->trap_ctxt[i].address = pv_trap_address(pv, i);
		c->trap_ctxt[i].flags = pv_trap_flags(pv, i);
		c->trap_ctxt[i].cs = c->trap_ctxt[i].address ? FLAT_KERNEL_CS : 0;
	}
}

void arch_get_info_guest(const struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct pv_vcpu *pv = &v->pv;

	memset(c, 0, sizeof(*c));
	save_regs(v, c);
	save_tables(v, c);
	c->flags = VGCF_i387_valid | (pv->kernel_mode ? VGCF_in_kernel : 0) |
		   (pv->failsafe_masks ? VGCF_failsafe_disables_events : 0) |
		   (pv->syscall_masks ? VGCF_syscall_disables_events : 0) |
		   (v->pause_flags & VPF_down ? 0 : VGCF_online);
	memcpy(c->fpu_ctxt.x, v->fpu_area, 512);
	c->event_callback_eip = pv->event_callback;
	c->failsafe_callback_eip = pv->failsafe_callback;
	c->syscall_callback_eip = pv->syscall_callback;
	memcpy(c->debugreg, pv->dr, sizeof(c->debugreg));
	c->vm_assist = v->domain->vm_assist;
}
