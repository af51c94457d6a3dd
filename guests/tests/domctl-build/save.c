/*
 * What libxc's save and restore ask of a built, paused domain (run between
 * its build and its unpause, on both hypervisors): getpageframeinfo3's
 * frame types (the pinned L4, the validated L3/L1 under it, a data page,
 * a frame of dom0's, shared_info), its limit and an array running into a
 * read-only or unmapped page; get/set_ext_vcpucontext
 * (the vMCE record: MCG_CAP of 2 banks, a capability Xen's guests lack
 * -EINVAL, a bank count restored and read back),
 * getvcpuextstate's size query and data, get/set_vcpu_msrs' count query,
 * data and refusal, shadow_op (PEEK/CLEAN of a domain not in log-dirty mode; log-dirty on
 * and off, refused by Debian's Xen 4.17),
 * and the refusals of acting on oneself.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_mm.h>

#define L4 0 /* indices into mfn[] (build.c's frame order) */
#define L3 1
#define L1 3
#define CODE 4

static long pageframeinfo(domid_t dom, xen_pfn_t *array, uint64_t num)
{
	struct xen_domctl op = {0};

	op.u.getpageframeinfo3.num = num;
	op.u.getpageframeinfo3.array.p = array;
	return domctl(&op, XEN_DOMCTL_getpageframeinfo3, dom);
}

static void test_frame_types(domid_t dom, const xen_pfn_t *mfn)
{
	static xen_pfn_t a[1025];
	struct xen_domctl_getdomaininfo info = {0};

	check_eq(domain_info(dom, &info), 0, "getdomaininfo");
	a[0] = mfn[L4];
	a[1] = mfn[L3];
	a[2] = mfn[L1];
	a[3] = mfn[CODE];
	a[4] = virt_to_mfn(a); /* dom0's */
	a[5] = info.shared_info_frame;
	check_eq(pageframeinfo(dom, a, 6), 0, "getpageframeinfo3");
	check_eq(a[0], XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB, "the pinned L4");
	check_eq(a[1], XEN_DOMCTL_PFINFO_L3TAB, "the L3 under it");
	check_eq(a[2], XEN_DOMCTL_PFINFO_L1TAB, "the L1");
	check_eq(a[3], XEN_DOMCTL_PFINFO_NOTAB, "the code page");
	check_eq(a[4], XEN_DOMCTL_PFINFO_XTAB, "a frame of dom0's");
	check_eq(a[5], XEN_DOMCTL_PFINFO_XTAB, "its shared_info");
	check_eq(pageframeinfo(dom, a, 1025), -XEN_E2BIG, "1025 frames");
}

/*
 * An array running from a page of ours into one read-only, then into one
 * unmapped: the frames before the first that cannot be written (read)
 * are typed, -EFAULT, the rest left as they were.
 */
static void test_frame_types_fault(domid_t dom, const xen_pfn_t *mfn)
{
	char *p1 = alloc_page(), *p2 = alloc_page();
	xen_pfn_t *a = (xen_pfn_t *)(p2 - 2 * sizeof(xen_pfn_t));

	if (!p1 || p2 != p1 + 4096) {
		error("two adjacent pages");
		return;
	}
	a[0] = mfn[L4];
	a[1] = mfn[L1];
	a[2] = mfn[L3];
	a[3] = mfn[CODE];
	check_eq(remap_page(p2, PTE_P), 0, "the second page read-only");
	check_eq(pageframeinfo(dom, a, 4), -XEN_EFAULT, "into a read-only page");
	check_eq(a[0], XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB, "the first typed");
	check_eq(a[1], XEN_DOMCTL_PFINFO_L1TAB, "the second typed");
	check_eq(a[2], mfn[L3], "the third as it was");
	check_eq(a[3], mfn[CODE], "the fourth as it was");
	a[0] = mfn[L3];
	a[1] = mfn[CODE];
	check_eq(hc_update_va_mapping((unsigned long)p2, 0, UVMF_INVLPG), 0, "the second unmapped");
	check_eq(pageframeinfo(dom, a, 4), -XEN_EFAULT, "into an unmapped page");
	check_eq(a[0], XEN_DOMCTL_PFINFO_L3TAB, "the first typed again");
	check_eq(a[1], XEN_DOMCTL_PFINFO_NOTAB, "the second typed again");
}

/* The vMCE part of vCPU 0's extended context (op: as get_ext_vcpucontext left it). */
static void test_vmce_record(domid_t dom, struct xen_domctl *op)
{
	struct xen_domctl_ext_vcpucontext *e = &op->u.ext_vcpucontext;
	uint64_t caps = e->vmce.caps;

	check((caps & 0xff) == 2 && !(caps & ~0x1000c02ull), "MCG_CAP %#lx: 2 banks",
	      (unsigned long)caps);
	e->vmce.caps = caps | (1ull << 30);
	check_eq(domctl(op, XEN_DOMCTL_set_ext_vcpucontext, dom), -XEN_EINVAL,
		 "set_ext_vcpucontext with MCG_CAP bit 30");
	e->vmce.caps = (caps & ~0xffull) | 3;
	check_eq(domctl(op, XEN_DOMCTL_set_ext_vcpucontext, dom), 0, "3 banks restored");
	check_eq(domctl(op, XEN_DOMCTL_get_ext_vcpucontext, dom), 0, "get_ext_vcpucontext again");
	check_eq(e->vmce.caps, (caps & ~0xffull) | 3, "MCG_CAP with 3 banks");
	e->vmce.caps = caps;
	check_eq(domctl(op, XEN_DOMCTL_set_ext_vcpucontext, dom), 0, "MCG_CAP as it was");
}

static void test_vcpu_state(domid_t dom)
{
	struct xen_domctl op = {0};
	static uint64_t buf[4096];

	op.u.ext_vcpucontext.vcpu = 0;
	check_eq(domctl(&op, XEN_DOMCTL_get_ext_vcpucontext, dom), 0, "get_ext_vcpucontext");
	check_eq(op.u.ext_vcpucontext.size, 64, "its size");
	test_vmce_record(dom, &op);
	op.u.ext_vcpucontext.vcpu = 5;
	check_eq(domctl(&op, XEN_DOMCTL_get_ext_vcpucontext, dom), -XEN_ESRCH, "vCPU 5");

	memset(&op, 0, sizeof(op));
	check_eq(domctl(&op, XEN_DOMCTL_getvcpuextstate, dom), 0, "getvcpuextstate size query");
	check((op.u.vcpuextstate.xfeature_mask & 3) == 3, "xfeature mask %#lx has x87 and SSE",
	      (unsigned long)op.u.vcpuextstate.xfeature_mask);
	check(op.u.vcpuextstate.size > 16 + 512 && op.u.vcpuextstate.size <= sizeof(buf),
	      "extstate size %lu", (unsigned long)op.u.vcpuextstate.size);
	op.u.vcpuextstate.buffer.p = buf;
	check_eq(domctl(&op, XEN_DOMCTL_getvcpuextstate, dom), 0, "getvcpuextstate data");
	check((buf[0] & ~buf[1]) == 0, "XCR0 %#lx within XCR0_accum %#lx", (unsigned long)buf[0],
	      (unsigned long)buf[1]);
	op.u.vcpuextstate.xfeature_mask ^= 1;
	check_eq(domctl(&op, XEN_DOMCTL_getvcpuextstate, dom), -XEN_EINVAL, "a wrong mask");
}

static void test_msrs(domid_t dom)
{
	struct xen_domctl op = {0};
	static struct xen_domctl_vcpu_msr msrs[16];

	check_eq(domctl(&op, XEN_DOMCTL_get_vcpu_msrs, dom), 0, "get_vcpu_msrs count query");
	check(op.u.vcpu_msrs.msr_count >= 7, "at least Xen's 7 MSRs (%u)",
	      op.u.vcpu_msrs.msr_count);
	op.u.vcpu_msrs.msrs.p = msrs;
	check_eq(domctl(&op, XEN_DOMCTL_get_vcpu_msrs, dom), 0, "get_vcpu_msrs");
	check_eq(op.u.vcpu_msrs.msr_count, 0, "none set in a new vCPU");
	msrs[0] = (struct xen_domctl_vcpu_msr){.index = 0x10};
	op.u.vcpu_msrs.msr_count = 1;
	check_eq(domctl(&op, XEN_DOMCTL_set_vcpu_msrs, dom), -XEN_EINVAL, "set MSR 0x10");
	check_eq(op.u.vcpu_msrs.msr_count, 0, "names the entry refused");
	op.u.vcpu_msrs.msr_count = 0;
	op.u.vcpu_msrs.vcpu = 0;
	check_eq(domctl(&op, XEN_DOMCTL_get_vcpu_msrs, 0), -XEN_EINVAL, "of oneself");
}

/*
 * CLEAN and PEEK of a domain not in log-dirty mode, as Xen's
 * paging_log_dirty_op answers them (also without shadow paging): 0, stats
 * zero, ceil(pages/8) bytes of zeros written and not one more, pages left
 * as asked; mode bits other than LOGDIRTY_FINAL -EINVAL.
 */
static void test_peek_unlogged(domid_t dom)
{
	static uint8_t bm[64];
	struct xen_domctl op = {0};

	memset(bm, 0xa5, sizeof(bm));
	op.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_PEEK;
	op.u.shadow_op.dirty_bitmap.p = bm;
	op.u.shadow_op.pages = 8 * 40 - 3;
	op.u.shadow_op.stats.dirty_count = 77;
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, dom), 0, "PEEK without log-dirty");
	check_eq(op.u.shadow_op.pages, 8 * 40 - 3, "PEEK leaves pages as asked");
	check_eq(op.u.shadow_op.stats.dirty_count, 0, "no dirty count");
	check(bm[0] == 0 && bm[39] == 0 && bm[40] == 0xa5, "40 bytes zeroed (%#x %#x %#x)", bm[0],
	      bm[39], bm[40]);
	op.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_CLEAN;
	op.u.shadow_op.mode = XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL;
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, dom), 0, "CLEAN (FINAL) without log-dirty");
	op.u.shadow_op.mode = 2;
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, dom), -XEN_EINVAL, "CLEAN with mode bit 1");
}

/*
 * Log-dirty on and off: Debian's Xen 4.17 has no shadow paging, so it
 * refuses ENABLE_LOGDIRTY (-EOPNOTSUPP) and OFF (-EINVAL) for a PV domain;
 * xeno has log-dirty on shadow page tables (guests/tests/logdirty tests
 * it): both succeed, as on a Xen built with shadow paging.
 */
static void test_logdirty_on_off(domid_t dom)
{
	struct xen_domctl op = {0};
	char extra[16] = {0};
	bool xeno = hc_xen_version(XENVER_extraversion, extra) == 0 && !strcmp(extra, "-xeno");

	op.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY;
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, dom), xeno ? 0 : -XEN_EOPNOTSUPP,
		 "ENABLE_LOGDIRTY");
	op.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_OFF;
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, dom), xeno ? 0 : -XEN_EINVAL, "shadow_op OFF");
}

void test_save_state(domid_t dom, const xen_pfn_t *mfn); /* called by build.c */

void test_save_state(domid_t dom, const xen_pfn_t *mfn)
{
	struct xen_domctl op = {0};

	test_frame_types(dom, mfn);
	test_frame_types_fault(dom, mfn);
	test_vcpu_state(dom);
	test_msrs(dom);
	test_peek_unlogged(dom);
	test_logdirty_on_off(dom);
	check_eq(domctl(&op, XEN_DOMCTL_shadow_op, 0), -XEN_EINVAL, "shadow_op of oneself");
	check_eq(simple_domctl(XEN_DOMCTL_resumedomain, 0), -XEN_EINVAL, "resumedomain oneself");
}
