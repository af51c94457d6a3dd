/*
 * domctl: the x86 PV state `xl save` reads and `xl restore` writes beyond
 * vcpu_guest_context (libxc's xg_sr_save_x86_pv.c, xg_sr_restore_x86_pv.c),
 * with Xen 4.17's semantics and errors:
 *
 * getpageframeinfo3: the type of up to 1024 of the domain's frames (L1..L4
 *   page table, pinned, or NOTAB; XTAB for a frame the domain does not own
 *   or a hypervisor page it was given, shared_info and grant frames), so
 *   the saver can turn page tables' machine frames into pfns.
 * get/set_ext_vcpucontext: the 32-bit SYSCALL/SYSENTER callbacks and the
 *   vMCE state. xeno runs no 32-bit user code (CALLBACKOP accepts and
 *   ignores those callbacks): get reports them zero; set checks what Xen
 *   checks (size, canonical addresses) and keeps nothing of them. The vMCE
 *   record (MCG_CAP, MC0/1_CTL2, MCG_EXT_CTL) is pv/vmce.c's: get reports
 *   it, set restores it as Xen does (the whole record, or MCG_CAP alone if
 *   size ends there; capabilities this host's guests cannot have -EINVAL).
 * get/setvcpuextstate: XCR0, XCR0_accum and the standard-format XSAVE area.
 *   xeno saves every state the hypervisor enabled (pv_xcr0_allowed()), so
 *   XCR0_accum is that mask and the area is the vCPU's whole FPU area.
 *   Without XSAVE the mask is 0 and libxc sends no record (the FXSAVE
 *   image travels in vcpu_guest_context).
 * get/set_vcpu_msrs: of Xen's list (SPEC_CTRL, MISC_FEATURES_ENABLES,
 *   TSC_AUX, the AMD DR address masks) a PV guest on xeno can only have
 *   MISC_FEATURES_ENABLES (CPUID faulting); the others are always zero.
 *
 * Locking: the domain is paused (synchronously for reads) while a vCPU's
 * state is read or written; the caller's own domain is refused, as Xen
 * refuses to pause itself.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/domctl.h>

#define MSR_SPEC_CTRL 0x48
#define MSR_MISC_FEATURES_ENABLES 0x140
#define MSR_TSC_AUX 0xc0000103
#define MSR_AMD64_DR0_ADDRESS_MASK 0xc0011027
#define MSR_AMD64_DR1_ADDRESS_MASK 0xc0011019
#define MSR_AMD64_DR3_ADDRESS_MASK 0xc001101b
#define NR_MIGRATED_MSRS 7 /* Xen's msrs_to_send[] (no AMD DBEXT) */

#define XSAVE_HDR_SIZE 16	 /* XCR0, XCR0_accum before the area */
#define XSAVE_AREA_MIN 576	 /* legacy area + XSAVE header */
#define XSAVE_XCOMP_BV (512 + 8) /* offset of XCOMP_BV in the area */

/* vCPU id of d (Xen: -ESRCH when none). */
static struct vcpu *vcpu_of(struct domain *d, u32 id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

static bool canonical(u64 a)
{
	return (u64)((s64)(a << 16) >> 16) == a;
}

static xen_pfn_t frame_type(const struct domain *d, xen_pfn_t mfn)
{
	const struct page_info *pg;
	u64 t, level;
	xen_pfn_t type;

	if (mfn >= max_page)
		return XEN_DOMCTL_PFINFO_XTAB;
	pg = mfn_to_page(_mfn(mfn));
	if (!page_owned_by(pg, d) || (pg->count_info & PGC_xen_heap))
		return XEN_DOMCTL_PFINFO_XTAB;
	t = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
	level = (t & PGT_type_mask) >> 60;
	type = level >= 1 && level <= 4 ? (xen_pfn_t)level << XEN_DOMCTL_PFINFO_LTAB_SHIFT
					: XEN_DOMCTL_PFINFO_NOTAB;
	if (t & PGT_pinned)
		type |= XEN_DOMCTL_PFINFO_LPINTAB;
	else if (!(t & PGT_validated))
		type = XEN_DOMCTL_PFINFO_NOTAB;
	return type;
}

/* Frames [from, num) one at a time, each read, typed and written back in turn. */
static long frame_types_each(const struct domain *d, XEN_GUEST_HANDLE(xen_pfn_t) array, u64 from,
			     u64 num)
{
	xen_pfn_t f;

	for (u64 i = from; i < num; i++) {
		if (copy_from_guest_offset(&f, array, i, 1))
			return -EFAULT;
		f = frame_type(d, f);
		if (copy_to_guest_offset(array, i, &f, 1))
			return -EFAULT;
	}
	return 0;
}

#define PFINFO_CHUNK 64 /* frames copied in and out at a time */

/*
 * For a PV domain the "gfns" are machine frames; each is replaced by its
 * type. By chunks (a save asks for 1024 at a time), leaving after a fault
 * what Xen's loop of one frame at a time leaves: a chunk that cannot be
 * read whole goes again one frame at a time (the frames before the first
 * unreadable one typed); a chunk's types written in part are written up to
 * the first byte refused (the copy stops exactly there), as that loop's.
 */
long arch_domctl_getpageframeinfo3(struct xen_domctl *op, struct subop_call c)
{
	XEN_GUEST_HANDLE(xen_pfn_t) array = op->u.getpageframeinfo3.array;
	u64 num = op->u.getpageframeinfo3.num;
	xen_pfn_t f[PFINFO_CHUNK];

	if (num > 1024)
		return -E2BIG;
	for (u64 i = 0, n; i < num; i += n) {
		n = MIN(num - i, (u64)PFINFO_CHUNK);
		if (copy_from_guest_offset(f, array, i, n))
			return frame_types_each(c.d, array, i, num);
		for (u64 j = 0; j < n; j++)
			f[j] = frame_type(c.d, f[j]);
		if (copy_to_guest_offset(array, i, f, n))
			return -EFAULT;
	}
	return 0;
}

long arch_domctl_get_ext_vcpucontext(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_ext_vcpucontext *evc = &op->u.ext_vcpucontext;
	struct vcpu *v = vcpu_of(c.d, evc->vcpu);

	if (!v || c.d == current->domain) /* a domain cannot pause itself */
		return -ESRCH;
	memset(&evc->syscall32_callback_eip, 0,
	       sizeof(*evc) - offsetof(struct xen_domctl_ext_vcpucontext, syscall32_callback_eip));
	domain_pause_sync(c.d);
	pv_vmce_save(v, &evc->vmce);
	domain_unpause(c.d);
	evc->size = sizeof(*evc);
	return 0;
}

long arch_domctl_set_ext_vcpucontext(struct xen_domctl *op, struct subop_call c)
{
	const struct xen_domctl_ext_vcpucontext *evc = &op->u.ext_vcpucontext;
	struct vcpu *v = vcpu_of(c.d, evc->vcpu);
	size_t at = offsetof(struct xen_domctl_ext_vcpucontext, vmce);
	struct hvm_vmce_vcpu caps_only = {.caps = evc->vmce.caps};
	int rc = 0;

	if (!v || c.d == current->domain)
		return -ESRCH;
	if (evc->size < at)
		return -EINVAL;
	if (!canonical(evc->sysenter_callback_eip) || !canonical(evc->syscall32_callback_eip))
		return -EINVAL;
	domain_pause(c.d);
	if (evc->size >= at + sizeof(evc->vmce))
		rc = pv_vmce_restore(v, &evc->vmce);
	else if (evc->size >= at + sizeof(evc->vmce.caps))
		rc = pv_vmce_restore(v, &caps_only);
	domain_unpause(c.d);
	return rc;
}

/* Bytes of the standard-format XSAVE area holding the states in mask. */
static unsigned int xstate_size(u64 mask)
{
	unsigned int size = XSAVE_AREA_MIN;
	struct cpuid_regs r;

	for (unsigned int i = 2; i < 63; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		cpuid_count(0xd, i, &r);
		size = MAX(size, r.ebx + r.eax);
	}
	return size;
}

static u64 xfeature_mask(void)
{
	return pv_fpu_uses_xsave() ? pv_xcr0_allowed() : 0;
}

static unsigned int extstate_size(void)
{
	return XSAVE_HDR_SIZE + (pv_fpu_uses_xsave() ? pv_fpu_area_size() : 0);
}

long arch_domctl_getvcpuextstate(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_vcpuextstate *e = &op->u.vcpuextstate;
	struct vcpu *v = vcpu_of(c.d, e->vcpu);
	unsigned int size = extstate_size();
	u64 hdr[2];
	long rc = 0;

	if (!v)
		return -ESRCH;
	if (c.d == current->domain)
		return -EINVAL;
	if ((!e->size && !e->xfeature_mask) || guest_handle_is_null(e->buffer)) {
		e->xfeature_mask = xfeature_mask();
		e->size = size; /* a size query */
		return 0;
	}
	if (e->size < size || e->xfeature_mask != xfeature_mask())
		return -EINVAL;
	domain_pause_sync(c.d);
	hdr[0] = v->pv.xcr0 ? v->pv.xcr0 : xfeature_mask();
	hdr[1] = xfeature_mask();
	if (copy_to_guest_offset(e->buffer, 0, hdr, 2) ||
	    copy_to_guest_offset(e->buffer, 2, (const u64 *)v->fpu_area,
				 (size - XSAVE_HDR_SIZE) / 8))
		rc = -EFAULT;
	domain_unpause(c.d);
	if (!rc)
		e->size = size;
	return rc;
}

static bool valid_xcr0(u64 x)
{
	return (x & 1) && (!(x & 4) || (x & 2)); /* x87; AVX needs SSE */
}

/* Xen's checks of a received XSAVE image, in its order; 0 if it may be loaded. */
static long check_extstate(const u64 *buf, u64 size)
{
	u64 xcr0 = buf[0], accum = buf[1];
	const u8 *area = (const u8 *)&buf[2];
	u64 xstate_bv, xcomp_bv;

	if (!accum)
		return xcr0 ? -EINVAL : 0;
	if (size < XSAVE_HDR_SIZE + XSAVE_AREA_MIN)
		return -EINVAL;
	memcpy(&xstate_bv, area + 512, 8);
	memcpy(&xcomp_bv, area + XSAVE_XCOMP_BV, 8);
	if ((xstate_bv & ~accum) || (xcr0 & ~accum) || !valid_xcr0(xcr0) || !valid_xcr0(accum))
		return -EINVAL;
	if (accum & ~xfeature_mask())
		return -EOPNOTSUPP;
	if (xcomp_bv & (1ULL << 63))
		return -EOPNOTSUPP; /* compacted format */
	if (size != XSAVE_HDR_SIZE + xstate_size(accum))
		return -EINVAL;
	return 0;
}

static void load_extstate(struct vcpu *v, const u64 *buf, u64 size)
{
	u8 *area = v->fpu_area;
	unsigned int have = (unsigned int)(size - XSAVE_HDR_SIZE);

	memcpy(area, &buf[2], have);
	memset(area + have, 0, pv_fpu_area_size() - have);
	v->pv.xcr0 = buf[0];
}

long arch_domctl_setvcpuextstate(struct xen_domctl *op, struct subop_call c)
{
	const struct xen_domctl_vcpuextstate *e = &op->u.vcpuextstate;
	struct vcpu *v = vcpu_of(c.d, e->vcpu);
	u64 *buf;
	long rc;

	if (!v)
		return -ESRCH;
	if (c.d == current->domain)
		return -EINVAL;
	if (e->size < XSAVE_HDR_SIZE || e->size > extstate_size())
		return -EINVAL;
	if (!(buf = xmalloc_bytes(e->size)))
		return -ENOMEM;
	rc = copy_from_guest((u8 *)buf, guest_handle_cast(e->buffer, uint8), e->size)
		     ? -EFAULT
		     : check_extstate(buf, e->size);
	if (!rc && e->size > XSAVE_HDR_SIZE) {
		domain_pause(c.d);
		load_extstate(v, buf, e->size);
		domain_unpause(c.d);
	}
	xfree(buf);
	return rc;
}

long arch_domctl_get_vcpu_msrs(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_vcpu_msrs *m = &op->u.vcpu_msrs;
	struct vcpu *v = vcpu_of(c.d, m->vcpu);
	struct xen_domctl_vcpu_msr msr = {.index = MSR_MISC_FEATURES_ENABLES, .value = 1};
	u32 n = 0;

	if (!v)
		return -ESRCH;
	if (c.d == current->domain)
		return -EINVAL;
	if (guest_handle_is_null(m->msrs)) {
		m->msr_count = NR_MIGRATED_MSRS;
		return 0;
	}
	domain_pause_sync(c.d);
	if (v->pv.cpuid_faulting) { /* the only one that can be non-zero */
		if (n < m->msr_count && copy_to_guest_offset(m->msrs, n, &msr, 1)) {
			domain_unpause(c.d);
			return -EFAULT;
		}
		n++;
	}
	domain_unpause(c.d);
	if (n > m->msr_count) {
		m->msr_count = n;
		return -ENOBUFS;
	}
	m->msr_count = n;
	return 0;
}

/* One MSR of a restore: Xen's list only, each with what a PV guest may hold on xeno. */
static bool set_one_msr(struct vcpu *v, const struct xen_domctl_vcpu_msr *msr)
{
	if (msr->reserved)
		return false;
	switch (msr->index) {
	case MSR_MISC_FEATURES_ENABLES:
		if (msr->value & ~(cpu_has_cpuid_faulting ? 1ULL : 0))
			return false;
		v->pv.cpuid_faulting = msr->value & 1;
		return true;
	case MSR_SPEC_CTRL:
	case MSR_TSC_AUX:
	case MSR_AMD64_DR0_ADDRESS_MASK:
	case MSR_AMD64_DR1_ADDRESS_MASK ... MSR_AMD64_DR3_ADDRESS_MASK: return msr->value == 0;
	default: return false;
	}
}

long arch_domctl_set_vcpu_msrs(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_vcpu_msrs *m = &op->u.vcpu_msrs;
	struct vcpu *v = vcpu_of(c.d, m->vcpu);
	struct xen_domctl_vcpu_msr msr;
	long rc = 0;
	u32 i;

	if (!v)
		return -ESRCH;
	if (c.d == current->domain || m->msr_count > NR_MIGRATED_MSRS)
		return -EINVAL;
	domain_pause(c.d);
	for (i = 0; i < m->msr_count && !rc; i++)
		if (copy_from_guest_offset(&msr, m->msrs, i, 1))
			rc = -EFAULT;
		else if (!set_one_msr(v, &msr))
			rc = -EINVAL;
	domain_unpause(c.d);
	if (rc)
		m->msr_count = i - 1; /* the entry refused */
	return rc;
}
