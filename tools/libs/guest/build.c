/*
 * libxguest: building a created, paused PV domain from a loaded image
 * (xguest.h). The start-of-day region is populated, mapped into this
 * process in one batch, filled (kernel segments, initrd, p2m, start_info,
 * zeroed rings, page tables), unmapped, and only then its L4 is pinned:
 * the hypervisor refuses to make a frame a page table while a writable
 * mapping of it exists.
 *
 * Invariants: every hypercall argument is in the handle's page or in
 * xctrl_locked() memory; on failure everything mapped here is unmapped
 * (the caller destroys the domain, which frees its frames).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "public/grant_table.h"
#include "public/memory.h"
#include "public/xen.h"
#include "xguest.h"
#include "../ctrl/xctrl.h"

#define PAGE 4096ul

static int fail(char *err, size_t errlen, int rc, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(rc < 0 ? -rc : rc));
	return rc < 0 ? rc : -rc;
}

static uint64_t pfn_of(const struct xguest_layout *l, uint64_t va)
{
	return (va - l->v_start) / PAGE;
}

/* One E820 RAM entry over the domain's memory and libxl's slack. */
static int set_memory_map(struct xcall *c, uint16_t domid, uint64_t kib)
{
	struct e820 {
		uint64_t addr, size;
		uint32_t type;
	} __attribute__((packed)) *e = (void *)((uint8_t *)xcall_buf(c) + 256);
	struct xen_foreign_memory_map *m = xcall_buf(c);
	uint64_t args[5] = {XENMEM_set_memory_map, (uintptr_t)m};

	memset(m, 0, sizeof(*m));
	m->domid = domid;
	m->map.nr_entries = 1;
	m->map.buffer.p = e;
	*e = (struct e820){0, (kib + 1024) << 10, 1};
	return (int)xcall_hypercall(c, __HYPERVISOR_memory_op, args);
}

static void fill_start_info(const struct xguest_build *b, const struct xguest_image *img,
			    uint8_t *base, const uint64_t *p2m, uint64_t shared_info)
{
	const struct xguest_layout *l = &b->layout;
	struct start_info *si = (void *)(base + (l->si_start - l->v_start));

	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = l->nr_pages;
	si->shared_info = shared_info;
	si->store_mfn = p2m[pfn_of(l, l->store_start)];
	si->store_evtchn = b->store_port;
	si->console.domU.mfn = p2m[pfn_of(l, l->console_start)];
	si->console.domU.evtchn = b->console_port;
	si->pt_base = l->pt_start;
	si->nr_pt_frames = l->nr_pt;
	si->mfn_list = l->p2m_start;
	if (img->ramdisk) {
		si->mod_start = l->initrd_start;
		si->mod_len = img->ramdisk_len;
	}
	snprintf(si->cmd_line, sizeof(si->cmd_line), "%s", b->cmdline ? b->cmdline : "");
}

static void fill_region(const struct xguest_build *b, const struct xguest_image *img, uint8_t *base,
			const uint64_t *p2m, uint64_t shared_info)
{
	const struct xguest_layout *l = &b->layout;

	memset(base, 0, (l->v_end - l->v_start));
	for (unsigned int i = 0; i < img->elf.nr_segments; i++) {
		const struct elf_segment *s = &img->elf.seg[i];

		memcpy(base + (s->vaddr - l->v_start), img->elf.data + s->offset, s->filesz);
	}
	if (img->ramdisk)
		memcpy(base + (l->initrd_start - l->v_start), img->ramdisk, img->ramdisk_len);
	memcpy(base + (l->p2m_start - l->v_start), p2m, l->nr_pages * sizeof(*p2m));
	fill_start_info(b, img, base, p2m, shared_info);
	xguest_page_tables(l, base, p2m);
}

/*
 * Every vCPU's event upcalls masked until its kernel registers a callback,
 * as libxc leaves shared_info: a daemon's first notify (xenconsoled kicks
 * the console port as soon as it binds it) would otherwise be delivered to
 * a callback address of 0, which crashes the domain on Xen.
 */
static int mask_upcalls(struct xcall *c, uint16_t domid, uint64_t shared_info_frame)
{
	struct shared_info *s = xcall_map_foreign(c, domid, shared_info_frame);

	if (!s)
		return -errno;
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		s->vcpu_info[i].evtchn_upcall_mask = 1;
	xcall_unmap_foreign(c, s);
	return 0;
}

static int load(struct xcall *c, struct xguest_build *b, const struct xguest_image *img,
		const uint64_t *p2m, char *err, size_t errlen)
{
	const struct xguest_layout *l = &b->layout;
	size_t n = (l->v_end - l->v_start) / PAGE;
	struct xen_domctl_getdomaininfo info;
	uint8_t *base;
	int rc = xctrl_domain_info(c, b->domid, &info);

	if (rc)
		return fail(err, errlen, rc, "getdomaininfo");
	base = xcall_map_foreign_range(c, b->domid, p2m, n);
	if (!base)
		return fail(err, errlen, -errno, "mapping the new domain's start-of-day region");
	fill_region(b, img, base, p2m, info.shared_info_frame << 12);
	xcall_unmap_range(c, base, n);
	rc = xctrl_pin_l4(c, b->domid, p2m[pfn_of(l, l->pt_start)]);
	if (rc)
		return fail(err, errlen, rc, "pinning the L4 (MMUEXT_PIN_L4_TABLE)");
	rc = mask_upcalls(c, b->domid, info.shared_info_frame);
	return rc ? fail(err, errlen, rc, "mapping shared_info") : 0;
}

/* Grant entries 0 (console) and 1 (xenstore) to dom0, as libxc writes them. */
void xguest_seed_grants(struct xcall *c, const struct xguest_build *b)
{
	struct grant_entry_v1 *e;
	uint64_t frame;

	if (xctrl_grant_frame(c, b->domid, &frame))
		return;
	e = xcall_map_foreign(c, b->domid, frame);
	if (!e)
		return; /* the daemons map the rings by their frame instead */
	e[0] = (struct grant_entry_v1){GTF_permit_access, 0, (uint32_t)b->console_mfn};
	e[1] = (struct grant_entry_v1){GTF_permit_access, 0, (uint32_t)b->store_mfn};
	xcall_unmap_foreign(c, e);
}

static int start_vcpu0(struct xcall *c, const struct xguest_build *b, uint64_t l4_mfn,
		       uint64_t entry)
{
	const struct xguest_layout *l = &b->layout;
	struct vcpu_guest_context *ctx = xctrl_locked(sizeof(*ctx));
	int rc;

	if (!ctx)
		return -ENOMEM;
	ctx->user_regs.rip = entry;
	ctx->user_regs.rsp = l->stack_start + PAGE;
	ctx->user_regs.rsi = l->si_start;
	ctx->user_regs.rflags = 1 << 9;
	ctx->user_regs.cs = FLAT_KERNEL_CS;
	ctx->user_regs.ss = FLAT_KERNEL_SS;
	ctx->user_regs.ds = ctx->user_regs.es = FLAT_KERNEL_DS;
	ctx->user_regs.fs = ctx->user_regs.gs = FLAT_KERNEL_DS;
	ctx->kernel_ss = FLAT_KERNEL_SS;
	ctx->kernel_sp = ctx->user_regs.rsp;
	ctx->flags = VGCF_in_kernel | VGCF_online;
	ctx->ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
	ctx->debugreg[6] = 0xffff0ff0;
	ctx->debugreg[7] = 0x400;
	rc = xctrl_setvcpucontext(c, b->domid, 0, ctx);
	xctrl_locked_free(ctx, sizeof(*ctx));
	return rc;
}

static int limits(struct xcall *c, const struct xguest_build *b, char *err, size_t errlen)
{
	int rc = xctrl_max_vcpus(c, b->domid, b->vcpus);

	if (rc)
		return fail(err, errlen, rc, "max_vcpus");
	rc = xctrl_max_mem(c, b->domid, b->memory_kib + 1024);
	if (rc)
		return fail(err, errlen, rc, "max_mem");
	rc = xctrl_set_address_size(c, b->domid, 64);
	if (rc && rc != -ENOSYS && rc != -EOPNOTSUPP)
		return fail(err, errlen, rc, "set_address_size");
	rc = set_memory_map(c, b->domid, b->memory_kib);
	return rc ? fail(err, errlen, rc, "XENMEM_set_memory_map") : 0;
}

static int ports(struct xcall *c, struct xguest_build *b, char *err, size_t errlen)
{
	int rc = xctrl_alloc_unbound(c, b->domid, 0, &b->store_port);

	if (!rc)
		rc = xctrl_alloc_unbound(c, b->domid, 0, &b->console_port);
	return rc ? fail(err, errlen, rc, "EVTCHNOP_alloc_unbound") : 0;
}

int xguest_prepare(struct xcall *c, struct xguest_build *b, char *err, size_t errlen)
{
	int rc = limits(c, b, err, errlen);

	return rc ? rc : ports(c, b, err, errlen);
}

int xguest_build(struct xcall *c, struct xguest_build *b, const struct xguest_image *img, char *err,
		 size_t errlen)
{
	struct xguest_layout *l = &b->layout;
	unsigned long nr = b->memory_kib / 4;
	uint64_t *p2m;
	int rc = xguest_layout(l, &img->elf, img->ramdisk_len, nr, err, errlen);

	if (rc || (rc = xguest_prepare(c, b, err, errlen)))
		return rc;
	p2m = xctrl_locked(nr * sizeof(*p2m));
	if (!p2m)
		return fail(err, errlen, -ENOMEM, "p2m");
	for (unsigned long i = 0; i < nr; i++)
		p2m[i] = i;
	rc = xctrl_populate(c, b->domid, p2m, nr);
	if (rc) {
		fail(err, errlen, rc, "populate_physmap");
	} else {
		b->store_mfn = p2m[pfn_of(l, l->store_start)];
		b->console_mfn = p2m[pfn_of(l, l->console_start)];
		rc = load(c, b, img, p2m, err, errlen);
	}
	if (!rc) {
		xguest_seed_grants(c, b);
		rc = start_vcpu0(c, b, p2m[pfn_of(l, l->pt_start)], img->elf.entry);
		if (rc)
			fail(err, errlen, rc, "setvcpucontext");
	}
	xctrl_locked_free(p2m, nr * sizeof(*p2m));
	return rc;
}
