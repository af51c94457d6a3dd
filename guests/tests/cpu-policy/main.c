/*
 * cpu-policy: what `xl create` asks before it builds a domain, with Xen
 * 4.17's semantics (as dom0, on xeno and on Xen 4.17):
 *   sysctl get_cpu_featureset (NULL handle: 19 words; a short buffer
 *     -ENOBUFS with the words that fit; PV: hypervisor bit set, VMX clear)
 *   sysctl get_cpu_policy (NULL handles: 120 leaves, 2 MSRs; leaves in
 *     order, basic leaves only to 0xd, both hypervisor-range limits;
 *     refusals; dom0's own policy agrees with the CPUID it sees)
 *   domctl get/set_cpu_policy on a new domain (a cleared feature bit reads
 *     back cleared; an extended-leaf limit up to 0x80000021 loads even past
 *     the host's, as a policy saved on another host must, and the leaves
 *     this host lacks read as zero; -ERANGE, -EINVAL, -E2BIG with the entry
 *     named; -EINVAL for oneself; -EEXIST once the domain has been unpaused)
 *   PLATFORM_INFO (MSR 0xce) in the PV policies is what rdmsr reads: CPUID
 *     faulting only where the CPU has it (a policy saved with the bit where
 *     the host lacks it is refused, -EINVAL naming 0xce, as Xen 4.17's
 *     audit refuses it on restore)
 *   XENMEM_claim_pages (physinfo's outstanding_pages follows the claim;
 *     a second claim -EINVAL; more than is free -ENOMEM)
 *   XENMEM_set_memory_map (dom0's own, read back by XENMEM_memory_map)
 *   XENMEM_get_sharing_freed/shared_pages (0: nothing shared)
 */
#include <guest.h>
#include <guest_domctl.h>
#include <public/memory.h>
#include <public/sysctl.h>

const char test_title[] = "cpu-policy: featuresets, CPUID policies, claims, memory maps";

#define NA XEN_CPUID_NO_SUBLEAF
#define MAX_LEAVES 120

static xen_cpuid_leaf_t leaves[MAX_LEAVES + 1];
static xen_msr_entry_t msrs[4];

static long sysctl(struct xen_sysctl *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall(__HYPERVISOR_sysctl, (long)op, 0, 0, 0, 0);
}

static long featureset(uint32_t index, uint32_t *nr, uint32_t *buf)
{
	struct xen_sysctl op = {0};
	long rc;

	op.u.cpu_featureset.index = index;
	op.u.cpu_featureset.nr_features = *nr;
	set_xen_guest_handle(op.u.cpu_featureset.features, buf);
	rc = sysctl(&op, XEN_SYSCTL_get_cpu_featureset);
	*nr = op.u.cpu_featureset.nr_features;
	return rc;
}

static void test_featureset(void)
{
	uint32_t fs[32], nr = 0;

	check_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, &nr, NULL), 0, "featureset size");
	check_eq(nr, 19, "19 featureset words");
	nr = 32;
	check_eq(featureset(XEN_SYSCTL_cpu_featureset_host, &nr, fs), 0, "host featureset");
	check(nr == 19 && (fs[0] & 1), "host: %u words, FPU in word 0 (%#x)", nr, fs[0]);
	nr = 32;
	check_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, &nr, fs), 0, "PV featureset");
	check(fs[1] >> 31, "PV: the hypervisor bit (1.ecx %#x)", fs[1]);
	check(!(fs[1] & (1u << 5)), "PV: no VMX");
	nr = 2;
	check_eq(featureset(XEN_SYSCTL_cpu_featureset_pv, &nr, fs), -XEN_ENOBUFS,
		 "a 2-word buffer");
	check_eq(nr, 2, "2 words written");
	nr = 32;
	check_eq(featureset(6, &nr, fs), -XEN_EINVAL, "featureset index 6");
}

static long system_policy(uint32_t index, uint32_t *nr_leaves, xen_cpuid_leaf_t *l,
			  uint32_t *nr_msrs, xen_msr_entry_t *m, uint32_t rsvd)
{
	struct xen_sysctl op = {0};
	long rc;

	op.u.cpu_policy.index = index;
	op.u.cpu_policy.nr_leaves = *nr_leaves;
	op.u.cpu_policy.nr_msrs = *nr_msrs;
	op.u.cpu_policy._rsvd = rsvd;
	set_xen_guest_handle(op.u.cpu_policy.leaves, l);
	set_xen_guest_handle(op.u.cpu_policy.msrs, m);
	rc = sysctl(&op, XEN_SYSCTL_get_cpu_policy);
	*nr_leaves = op.u.cpu_policy.nr_leaves;
	*nr_msrs = op.u.cpu_policy.nr_msrs;
	return rc;
}

static const xen_cpuid_leaf_t *find(const xen_cpuid_leaf_t *l, uint32_t n, uint32_t leaf,
				    uint32_t sub)
{
	for (uint32_t i = 0; i < n; i++)
		if (l[i].leaf == leaf && l[i].subleaf == sub)
			return &l[i];
	return NULL;
}

static bool has_leaf(const xen_cpuid_leaf_t *l, uint32_t n, uint32_t leaf)
{
	for (uint32_t i = 0; i < n; i++)
		if (l[i].leaf == leaf)
			return true;
	return false;
}

/* Leaves in increasing (leaf, subleaf) order, basic ones to 0xd, and the two hypervisor limits. */
static void check_shape(const xen_cpuid_leaf_t *l, uint32_t n, const char *what)
{
	bool ordered = true;

	for (uint32_t i = 1; i < n; i++)
		if (l[i].leaf < l[i - 1].leaf ||
		    (l[i].leaf == l[i - 1].leaf && l[i].subleaf + 1 <= l[i - 1].subleaf + 1))
			ordered = false;
	check(n > 0 && l[0].leaf == 0 && l[0].subleaf == NA, "%s: leaf 0 first", what);
	check(ordered, "%s: %u leaves in order", what, n);
	check(n && l[0].a <= 0xd && has_leaf(l, n, l[0].a) && !has_leaf(l, n, l[0].a + 1),
	      "%s: basic leaves to %#x", what, n ? l[0].a : 0);
	check(find(l, n, 0x40000000, NA) && find(l, n, 0x40000100, NA), "%s: hypervisor limits",
	      what);
}

/* MSR 0xce as this (PV) kernel reads it: bit 31 where the CPU can fault CPUID. */
static uint64_t platform_info(void)
{
	uint64_t v = ~0ull;

	check_eq(rdmsr_trap(0xce, &v), 0, "rdmsr PLATFORM_INFO");
	return v;
}

static void test_system_policy(void)
{
	uint32_t nl = 0, nm = 0;

	check_eq(system_policy(XEN_SYSCTL_cpu_policy_pv_default, &nl, NULL, &nm, NULL, 0), 0,
		 "policy sizes");
	check(nl == MAX_LEAVES && nm == 2, "at most %u leaves and %u MSRs", nl, nm);
	nl = MAX_LEAVES;
	nm = 4;
	check_eq(system_policy(XEN_SYSCTL_cpu_policy_pv_default, &nl, leaves, &nm, msrs, 0), 0,
		 "PV default policy");
	check_shape(leaves, nl, "PV default");
	check(nm == 2 && msrs[0].idx == 0xce && msrs[1].idx == 0x10a, "MSRs %#x, %#x", msrs[0].idx,
	      msrs[1].idx);
	/* libxc's x86_msr_copy_from_buffer: PLATFORM_INFO is 32 bits, CPUID faulting bit 31. */
	check_eq(msrs[0].val & ~(1ull << 31), 0, "PLATFORM_INFO: bit 31 at most");
	check_eq(msrs[0].val, platform_info(), "PV default PLATFORM_INFO is what rdmsr reads");
	nl = MAX_LEAVES;
	nm = 4;
	check_eq(system_policy(XEN_SYSCTL_cpu_policy_pv_max, &nl, leaves, &nm, msrs, 0), 0,
		 "PV max policy");
	check(nm == 2 && msrs[0].idx == 0xce && msrs[0].val == platform_info(),
	      "PV max PLATFORM_INFO %#llx, rdmsr %#llx", (unsigned long long)msrs[0].val,
	      (unsigned long long)platform_info());
	nl = 1;
	nm = 4;
	check_eq(system_policy(XEN_SYSCTL_cpu_policy_pv_default, &nl, leaves, &nm, msrs, 0),
		 -XEN_ENOBUFS, "a 1-leaf buffer");
	nl = MAX_LEAVES;
	check_eq(system_policy(XEN_SYSCTL_cpu_policy_host, &nl, leaves, &nm, msrs, 0), 0,
		 "host policy");
	check_shape(leaves, nl, "host");
	check_eq(system_policy(6, &nl, leaves, &nm, msrs, 0), -XEN_EINVAL, "policy index 6");
	check_eq(system_policy(XEN_SYSCTL_cpu_policy_pv_max, &nl, leaves, &nm, msrs, 1),
		 -XEN_EINVAL, "_rsvd set");
}

static long domain_policy(uint32_t cmd, domid_t d, uint32_t nl, uint32_t nm,
			  struct xen_domctl_cpu_policy *out)
{
	struct xen_domctl op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.cpu_policy.nr_leaves = nl;
	op.u.cpu_policy.nr_msrs = nm;
	op.u.cpu_policy.err_leaf = op.u.cpu_policy.err_subleaf = op.u.cpu_policy.err_msr = ~0u;
	set_xen_guest_handle(op.u.cpu_policy.leaves, leaves);
	set_xen_guest_handle(op.u.cpu_policy.msrs, msrs);
	rc = domctl(&op, cmd, d);
	*out = op.u.cpu_policy;
	return rc;
}

/* Leaf 1 of d's policy with ecx bit `bit` cleared, set, read back. */
static void test_clear_bit(domid_t d, uint32_t bit)
{
	struct xen_domctl_cpu_policy p;
	xen_cpuid_leaf_t *one;
	uint32_t n;

	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, 4, &p), 0,
		 "get the new domain's policy");
	n = p.nr_leaves;
	one = (xen_cpuid_leaf_t *)find(leaves, n, 1, NA);
	check(one && (one->c & (1u << bit)), "leaf 1 ecx bit %u offered", bit);
	if (!one)
		return;
	one->c &= ~(1u << bit);
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, n, 0, &p), 0,
		 "set it without the bit");
	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, 4, &p), 0, "read it back");
	one = (xen_cpuid_leaf_t *)find(leaves, p.nr_leaves, 1, NA);
	check(one && !(one->c & (1u << bit)), "leaf 1 ecx bit %u now clear", bit);
}

/* d's policy with 0x80000000.eax = limit: the result of set_cpu_policy. */
static long set_extd_limit(domid_t d, uint32_t limit, struct xen_domctl_cpu_policy *p)
{
	xen_cpuid_leaf_t *e;

	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, 4, p), 0,
		 "get the domain's policy");
	e = (xen_cpuid_leaf_t *)find(leaves, p->nr_leaves, 0x80000000u, NA);
	if (!e)
		return 1;
	e->a = limit;
	return domain_policy(XEN_DOMCTL_set_cpu_policy, d, p->nr_leaves, 0, p);
}

/* Xen's maximum policy has extended leaves to 0x80000021 whatever the host's limit. */
static void test_extd_limit(domid_t d)
{
	struct xen_domctl_cpu_policy p;
	const xen_cpuid_leaf_t *e;
	uint32_t host, zero = 0;

	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, 4, &p), 0,
		 "get the domain's policy");
	e = find(leaves, p.nr_leaves, 0x80000000u, NA);
	host = e ? e->a : 0;
	printf("extended leaves of the default policy: to %#x\n", host);
	check_eq(set_extd_limit(d, 0x80000021u, &p), 0, "extended limit 0x80000021");
	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, d, MAX_LEAVES, 4, &p), 0, "read it back");
	e = find(leaves, p.nr_leaves, 0x80000000u, NA);
	check(e && e->a == 0x80000021u && find(leaves, p.nr_leaves, 0x80000021u, NA),
	      "leaves to 0x80000021 (limit %#x)", e ? e->a : 0);
	for (uint32_t i = 0; i < p.nr_leaves; i++)
		if (leaves[i].leaf > host && leaves[i].leaf <= 0x80000021u &&
		    (leaves[i].a | leaves[i].b | leaves[i].c | leaves[i].d))
			zero = leaves[i].leaf;
	check(!zero, "leaves past the host's read as zero (%#x does not)", zero);
	check_eq(set_extd_limit(d, 0x80000022u, &p), -XEN_EINVAL, "extended limit 0x80000022");
	check(p.err_leaf == 0x80000000u && p.err_subleaf == NA, "err_leaf %#x:%#x", p.err_leaf,
	      p.err_subleaf);
	check_eq(set_extd_limit(d, host, &p), 0, "the default limit again");
}

/*
 * dom0's own policy is the CPUID it sees (leaf 1), but for OSXSAVE (its
 * CR4) and MTRR (Xen shows the hardware domain the host's at CPUID time).
 */
static void test_own_policy(void)
{
	struct xen_domctl_cpu_policy p;
	const xen_cpuid_leaf_t *one;
	uint32_t r[4];

	check_eq(domain_policy(XEN_DOMCTL_get_cpu_policy, 0, MAX_LEAVES, 4, &p), 0,
		 "dom0's policy");
	check_shape(leaves, p.nr_leaves, "dom0");
	cpuid_forced(1, 0, r);
	one = find(leaves, p.nr_leaves, 1, NA);
	check(one && (one->d & ~(1u << 12)) == (r[3] & ~(1u << 12)) &&
		      (one->c & ~(1u << 27)) == (r[2] & ~(1u << 27)),
	      "leaf 1 as dom0 sees it (policy %#x:%#x, CPUID %#x:%#x)", one ? one->c : 0,
	      one ? one->d : 0, r[2], r[3]);
}

static void test_set_refusals(domid_t d)
{
	struct xen_domctl_cpu_policy p;

	leaves[0] = (xen_cpuid_leaf_t){0x12345, NA, 0, 0, 0, 0};
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 1, 0, &p), -XEN_ERANGE,
		 "leaf 0x12345");
	check(p.err_leaf == 0x12345 && p.err_subleaf == NA, "err_leaf %#x", p.err_leaf);
	leaves[0] = (xen_cpuid_leaf_t){7, 9, 0, 0, 0, 0};
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 1, 0, &p), -XEN_ERANGE, "leaf 7:9");
	leaves[0] = (xen_cpuid_leaf_t){0, NA, 0x7f, 0, 0, 0};
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 1, 0, &p), -XEN_EINVAL,
		 "max basic leaf 0x7f");
	check(p.err_leaf == 0 && p.err_subleaf == NA, "err_leaf %#x for the limit", p.err_leaf);
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, MAX_LEAVES + 1, 0, &p), -XEN_E2BIG,
		 "121 leaves");
	msrs[0] = (xen_msr_entry_t){0xce, 1, 0};
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 0, 1, &p), -XEN_EINVAL, "MSR flags");
	check_eq(p.err_msr, 0xce, "err_msr names PLATFORM_INFO");
	if (!(platform_info() & (1ull << 31))) { /* CPUID faulting the host cannot give */
		msrs[0] = (xen_msr_entry_t){0xce, 0, 1ull << 31};
		check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 0, 1, &p), -XEN_EINVAL,
			 "PLATFORM_INFO with CPUID faulting the host lacks");
		check_eq(p.err_msr, 0xce, "err_msr names PLATFORM_INFO");
	}
	msrs[0] = (xen_msr_entry_t){0x10, 0, 0};
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 0, 1, &p), -XEN_ERANGE, "MSR 0x10");
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, 0, 0, 0, &p), -XEN_EINVAL,
		 "set_cpu_policy of oneself");
}

static uint64_t outstanding(void)
{
	struct xen_sysctl op = {0};

	sysctl(&op, XEN_SYSCTL_physinfo);
	return op.u.physinfo.outstanding_pages;
}

static long claim(domid_t d, uint64_t pages)
{
	struct xen_memory_reservation r = {.nr_extents = pages, .domid = d};

	return hypercall(__HYPERVISOR_memory_op, XENMEM_claim_pages, (long)&r, 0, 0, 0);
}

static void test_claims(domid_t d)
{
	uint64_t before = outstanding();
	struct xen_sysctl op = {0};

	check_eq(set_max_mem(d, 8192), 0, "max_mem 8 MiB");
	check_eq(claim(d, 1024), 0, "claim 1024 pages");
	check_eq(outstanding(), before + 1024, "1024 pages outstanding");
	check_eq(claim(d, 512), -XEN_EINVAL, "a second claim");
	check_eq(claim(d, 4096), -XEN_EINVAL, "a claim above max_mem");
	check_eq(claim(d, 0), 0, "claim 0: given back");
	check_eq(outstanding(), before, "nothing outstanding");
	sysctl(&op, XEN_SYSCTL_physinfo);
	check_eq(set_max_mem(d, op.u.physinfo.total_pages * 8), 0, "max_mem beyond the machine");
	check_eq(claim(d, op.u.physinfo.total_pages * 2), -XEN_ENOMEM,
		 "a claim beyond free memory");
	check_eq(claim(DOMID_FIRST_RESERVED - 1, 16), -XEN_EINVAL, "a claim for no domain");
}

static void test_memory_map(void)
{
	static struct {
		uint64_t addr, size;
		uint32_t type;
	} __attribute__((packed)) map[2] = {{0, 0x9f000, 1}, {0x100000, 0x700000, 1}}, back[2];
	struct xen_foreign_memory_map f = {.domid = DOMID_SELF, .map = {.nr_entries = 2}};
	struct xen_memory_map m = {.nr_entries = 2};

	set_xen_guest_handle(f.map.buffer, map);
	set_xen_guest_handle(m.buffer, back);
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_set_memory_map, (long)&f, 0, 0, 0), 0,
		 "set_memory_map of oneself");
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_memory_map, (long)&m, 0, 0, 0), 0,
		 "memory_map");
	check(m.nr_entries == 2 && !memcmp(back, map, sizeof(map)),
	      "the map read back (%u entries)", m.nr_entries);
	f.map.nr_entries = 1025;
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_set_memory_map, (long)&f, 0, 0, 0),
		 -XEN_EINVAL, "1025 entries");
	f.map.nr_entries = 1;
	f.domid = DOMID_FIRST_RESERVED - 1;
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_set_memory_map, (long)&f, 0, 0, 0),
		 -XEN_ESRCH, "a map for no domain");
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_get_sharing_freed_pages, 0, 0, 0, 0), 0,
		 "no pages freed by sharing");
	check_eq(hypercall(__HYPERVISOR_memory_op, XENMEM_get_sharing_shared_pages, 0, 0, 0, 0), 0,
		 "no pages shared");
}

void test_main(void)
{
	struct xen_domctl_createdomain c;
	struct xen_domctl_cpu_policy p;
	domid_t d;

	test_featureset();
	test_system_policy();
	pv_domain_config(&c, 1);
	if (create_domain(0, &c, &d)) {
		fail("createdomain");
		return;
	}
	test_own_policy();
	test_clear_bit(d, 0); /* SSE3 */
	test_extd_limit(d);
	test_set_refusals(d);
	check_eq(simple_domctl(XEN_DOMCTL_unpausedomain, d), 0, "unpause (no vCPU is up)");
	check_eq(domain_policy(XEN_DOMCTL_set_cpu_policy, d, 0, 0, &p), -XEN_EEXIST,
		 "set_cpu_policy after the first unpause");
	test_claims(d);
	check_eq(simple_domctl(XEN_DOMCTL_destroydomain, d), 0, "destroy");
	test_memory_map();
}
