/*
 * Building a domain at run time, as dom0 acting as a tiny toolstack (so it
 * runs on Xen 4.17 too): createdomain (an id given or chosen, -EEXIST, the
 * new domain paused by the toolstack, without vCPUs), the configuration
 * refusals with Xen 4.17's errnos, max_vcpus, getvcpuinfo, max_mem,
 * populate_physmap for the new domain (order 9 and 0), the address size,
 * unpause and destroy of a domain that never ran; a destroyed domain's id
 * is not handed out again at once (ids go round-robin; that a freed id may
 * be asked for again is domain-reclaim's). build.c then builds and runs
 * one. With a boot-time domU (xeno only), the domU checks that it may not
 * create domains (-EPERM).
 */
#include <guest.h>
#include <guest_domctl.h>
#include <public/memory.h>

const char test_title[] = "domctl-build: createdomain, max_vcpus, getvcpuinfo, destroy";

#define HANDLE_BYTE 0x5a

static long vcpu_info(domid_t dom, uint32_t vcpu, struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.getvcpuinfo.vcpu = vcpu;
	rc = domctl(&op, XEN_DOMCTL_getvcpuinfo, dom);
	*info = op.u.getvcpuinfo;
	return rc;
}

/* populate_physmap of one extent of 2^order frames at gpfn for dom: extents done. */
static long populate(domid_t dom, unsigned int order, xen_pfn_t gpfn, xen_pfn_t *mfn)
{
	struct xen_memory_reservation r = {.nr_extents = 1, .extent_order = order, .domid = dom};

	*mfn = gpfn;
	r.extent_start.p = mfn;
	return HC(memory_op, XENMEM_populate_physmap, &r, 0);
}

/* A configuration with one change must be refused with errno want. */
#define REFUSED(field, value, want)                               \
	do {                                                      \
		struct xen_domctl_createdomain c_;                \
		domid_t d_;                                       \
		pv_domain_config(&c_, 1);                         \
		c_.field = value;                                 \
		check_eq(create_domain(0, &c_, &d_), want,        \
			 "createdomain with " #field "=" #value); \
	} while (0)

static void test_refusals(void)
{
	REFUSED(flags, 1U << 8, -XEN_EINVAL);
	REFUSED(flags, XEN_DOMCTL_CDF_hap, -XEN_EINVAL);
	REFUSED(iommu_opts, XEN_DOMCTL_IOMMU_no_sharept, -XEN_EINVAL);
	REFUSED(max_vcpus, 0, -XEN_EINVAL);
	REFUSED(max_vcpus, 100000, -XEN_EINVAL);
	REFUSED(grant_opts, 0, -XEN_EINVAL);
	REFUSED(grant_opts, 0x11, -XEN_EINVAL);
	REFUSED(max_grant_frames, 0, -XEN_EINVAL);
	REFUSED(max_grant_frames, 65, -XEN_EINVAL);
	REFUSED(max_maptrack_frames, 1025, -XEN_EINVAL);
	REFUSED(vmtrace_size, 4096, -XEN_EINVAL);
	REFUSED(cpupool_id, 5, -XEN_ESRCH);
	REFUSED(arch.misc_flags, 2, -XEN_EINVAL);
	REFUSED(arch.emulation_flags, 1U << 11, -XEN_EINVAL);
	REFUSED(arch.emulation_flags, XEN_X86_EMU_LAPIC, -XEN_EOPNOTSUPP);
}

/* A new domain as Xen leaves it: paused by us, no vCPU yet, the limits asked. */
static void check_new(domid_t d, const struct xen_domctl_createdomain *c)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_domctl_getvcpuinfo v;

	if (domain_info(d, &info)) {
		fail("getdomaininfo of the new domain d%u", d);
		return;
	}
	check_eq(info.flags & 0xffff, XEN_DOMINF_paused, "new domain: paused only");
	check_eq(info.nr_online_vcpus, 0, "new domain: no vCPU online");
	check_eq(info.max_vcpu_id, XEN_INVALID_MAX_VCPU_ID, "max_vcpu_id: no vCPU yet");
	check_eq(info.handle[15], HANDLE_BYTE, "the handle given");
	check_eq(info.cpupool, 0, "cpupool 0");
	check_eq(vcpu_info(d, 0, &v), -XEN_ESRCH, "getvcpuinfo before max_vcpus");
	check_eq(vcpu_info(d, c->max_vcpus, &v), -XEN_EINVAL, "getvcpuinfo beyond max");
}

static void test_vcpus(domid_t d)
{
	struct xen_domctl_getdomaininfo info = {0};
	struct xen_domctl_getvcpuinfo v;
	uint32_t n = 1;

	check_eq(domctl_u32(XEN_DOMCTL_max_vcpus, d, &n), -XEN_EINVAL,
		 "max_vcpus other than createdomain's");
	n = 2;
	check_eq(domctl_u32(XEN_DOMCTL_max_vcpus, d, &n), 0, "max_vcpus 2");
	check_eq(domctl_u32(XEN_DOMCTL_max_vcpus, d, &n), 0, "max_vcpus again");
	check_eq(domain_info(d, &info), 0, "getdomaininfo after max_vcpus");
	check_eq(info.max_vcpu_id, 1, "max_vcpu_id after max_vcpus");
	for (uint32_t i = 0; i < 2; i++) {
		if (vcpu_info(d, i, &v)) {
			fail("getvcpuinfo d%u v%u", d, i);
			continue;
		}
		check_eq(v.vcpu, i, "getvcpuinfo vcpu");
		check(!v.online && !v.running && !v.cpu_time, "vCPU %u down, never ran", i);
	}
	n = 0;
	check_eq(domctl_u32(XEN_DOMCTL_get_address_size, d, &n), 0, "get_address_size");
	check_eq(n, 64, "address size");
	n = 64;
	check_eq(domctl_u32(XEN_DOMCTL_set_address_size, d, &n), 0, "set_address_size 64");
	n = 48;
	check_eq(domctl_u32(XEN_DOMCTL_set_address_size, d, &n), -XEN_EINVAL,
		 "set_address_size 48");
}

static long affinity(uint32_t cmd, domid_t d, uint32_t vcpu, uint32_t flags, uint8_t *hard,
		     uint8_t *soft)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = flags;
	op.u.vcpuaffinity.cpumap_hard.bitmap.p = hard;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
	op.u.vcpuaffinity.cpumap_soft.bitmap.p = soft;
	op.u.vcpuaffinity.cpumap_soft.nr_bits = 8;
	return domctl(&op, cmd, d);
}

/* Pin vCPU 1 to CPU 0 (hard) and prefer CPU 1 (soft); CPUs 2..7 do not exist. */
static void test_affinity(domid_t d)
{
	const uint32_t both = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
	uint8_t hard = 0xfd, soft = 0x02;
	struct xen_domctl op;
	uint8_t node = 1;

	check_eq(affinity(XEN_DOMCTL_setvcpuaffinity, d, 1, both, &hard, &soft), 0,
		 "setvcpuaffinity");
	check_eq(hard, 0x01, "hard affinity as in effect: CPU 0 of those online");
	check_eq(soft, 0x00, "soft affinity as in effect: within the hard one");
	hard = soft = 0;
	check_eq(affinity(XEN_DOMCTL_getvcpuaffinity, d, 1, both, &hard, &soft), 0,
		 "getvcpuaffinity");
	check_eq(hard, 0x01, "hard affinity read back");
	check_eq(soft, 0x02, "soft affinity read back");
	hard = 0xfc;
	check_eq(affinity(XEN_DOMCTL_setvcpuaffinity, d, 1, XEN_VCPUAFFINITY_HARD, &hard, &soft),
		 -XEN_EINVAL, "hard affinity with no online CPU");
	check_eq(affinity(XEN_DOMCTL_setvcpuaffinity, d, 1, 0, &hard, &soft), -XEN_EINVAL,
		 "setvcpuaffinity with neither map");
	check_eq(affinity(XEN_DOMCTL_getvcpuaffinity, d, 2, both, &hard, &soft), -XEN_EINVAL,
		 "getvcpuaffinity beyond max_vcpus");
	memset(&op, 0, sizeof(op));
	op.u.nodeaffinity.nodemap.bitmap.p = &node;
	op.u.nodeaffinity.nodemap.nr_bits = 8;
	check_eq(domctl(&op, XEN_DOMCTL_setnodeaffinity, d), 0, "setnodeaffinity node 0");
	node = 2;
	check_eq(domctl(&op, XEN_DOMCTL_setnodeaffinity, d), -XEN_EINVAL,
		 "setnodeaffinity without an online node");
}

static void test_tsc(domid_t d)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.tsc_info.tsc_mode = XEN_TSC_MODE_DEFAULT;
	op.u.tsc_info.incarnation = 4;
	check_eq(domctl(&op, XEN_DOMCTL_settscinfo, d), 0, "settscinfo default mode");
	memset(&op, 0, sizeof(op));
	check_eq(domctl(&op, XEN_DOMCTL_gettscinfo, d), 0, "gettscinfo");
	check_eq(op.u.tsc_info.tsc_mode, XEN_TSC_MODE_DEFAULT, "tsc_mode");
	check_eq(op.u.tsc_info.incarnation, 5, "incarnation: the one set, plus one");
	check(op.u.tsc_info.gtsc_khz > 100000, "gtsc_khz %u", op.u.tsc_info.gtsc_khz);
	memset(&op, 0, sizeof(op));
	op.u.tsc_info.tsc_mode = 7;
	check_eq(domctl(&op, XEN_DOMCTL_settscinfo, d), -XEN_EINVAL, "settscinfo mode 7");
	check_eq(domctl(&op, XEN_DOMCTL_settscinfo, 0), -XEN_EINVAL, "settscinfo of oneself");
}

static void test_memory(domid_t d)
{
	struct xen_domctl_getdomaininfo a = {0}, b = {0};
	xen_pfn_t mfn;

	check_eq(set_max_mem(d, 4096), 0, "max_mem 4 MiB");
	domain_info(d, &a);
	check_eq(a.max_pages, 1024, "max_pages");
	check_eq(populate(d, 9, 0, &mfn), 1, "populate_physmap order 9");
	check_eq(mfn & 511, 0, "an order-9 extent is 2 MiB aligned");
	check_eq(populate(d, 0, 512, &mfn), 1, "populate_physmap order 0");
	domain_info(d, &b);
	check_eq(b.tot_pages - a.tot_pages, 513, "tot_pages grew by the extents");
	check_eq(populate(d, 9, 1024, &mfn), 0, "populate beyond max_mem: nothing done");
	/* Below what it has (a balloon's target): accepted; no allocation until it is back under.
	 */
	check_eq(set_max_mem(d, 1024), 0, "max_mem below tot_pages");
	domain_info(d, &a);
	check_eq(a.max_pages, 256, "max_pages below tot_pages");
	check_eq(populate(d, 0, 1024, &mfn), 0, "populate above max_mem: nothing done");
	check_eq(set_max_mem(d, 4096), 0, "max_mem 4 MiB again");
}

/* Destroyed: gone, or (Xen, until its last reference goes) dying. */
static void check_gone(domid_t d)
{
	struct xen_domctl_getdomaininfo info;

	for (int i = 0; i < 100 && !domain_info(d, &info); i++)
		check(info.flags & XEN_DOMINF_dying, "destroyed d%u is dying (flags %#x)", d,
		      info.flags);
}

static void test_lifecycle(void)
{
	struct xen_domctl_createdomain c;
	struct xen_domctl_getdomaininfo info = {0};
	domid_t d, d2, d3;

	pv_domain_config(&c, 2);
	memset(c.handle, HANDLE_BYTE, sizeof(c.handle));
	if (create_domain(0, &c, &d)) {
		fail("createdomain of a PV domU");
		return;
	}
	check(d > 0 && d < DOMID_FIRST_RESERVED, "new id d%u", d);
	check_new(d, &c);
	check_eq(create_domain(d, &c, &d2), -XEN_EEXIST, "createdomain of a used id");
	check_eq(create_domain(d + 100, &c, &d2), 0, "createdomain of a given id");
	check_eq(d2, d + 100, "the id given");
	test_vcpus(d);
	test_affinity(d);
	test_tsc(d);
	test_memory(d);
	check_eq(simple_domctl(XEN_DOMCTL_unpausedomain, d), 0, "unpause a built domain");
	domain_info(d, &info);
	check_eq(info.flags & (XEN_DOMINF_paused | XEN_DOMINF_running), 0, "unpaused");
	check_eq(simple_domctl(XEN_DOMCTL_unpausedomain, d), -XEN_EINVAL, "unpause twice");
	check_eq(simple_domctl(XEN_DOMCTL_destroydomain, d), 0, "destroy a domain that never ran");
	check_eq(simple_domctl(XEN_DOMCTL_destroydomain, d2), 0, "destroy the second");
	check_gone(d);
	check_gone(d2);
	check_eq(create_domain(0, &c, &d3), 0, "createdomain after destroy");
	check(d3 != d && d3 != d2, "a destroyed id is not given again at once (d%u)", d3);
	check_eq(simple_domctl(XEN_DOMCTL_destroydomain, d3), 0, "destroy the third");
}

static void run_domu(void)
{
	struct xen_domctl_createdomain c;
	domid_t d;

	pv_domain_config(&c, 1);
	check_eq(create_domain(0, &c, &d), -XEN_EPERM, "createdomain from a domU");
}

void test_build(void); /* build.c */

void test_main(void)
{
	if (start_info->flags & SIF_INITDOMAIN) {
		test_refusals();
		test_lifecycle();
		test_build();
	} else {
		run_domu();
	}
}
