/*
 * CPU policies for the toolstack, serialised as Xen 4.17 does it
 * (sysctl get_cpu_featureset and get_cpu_policy, domctl get/set_cpu_policy):
 * CPUID leaves 0..0xd with the subleaves of 4, 7, 0xb and 0xd, the two
 * hypervisor-range limits (0x40000000, 0x40000100), then the extended
 * leaves; MSRs PLATFORM_INFO (CPUID faulting, in every policy only when
 * the CPU has it: what the guest's rdmsr reads, and what Xen 4.17's
 * restore of a saved policy checks against its own) and ARCH_CAPABILITIES
 * (0). Policies: raw and
 * host (the CPU as it answers), PV default and PV maximum (one view,
 * pv_cpuid()'s), and each domain's (d->arch over that view). xeno has no
 * HVM: those indices are -EOPNOTSUPP.
 *
 * set_cpu_policy merges the given leaves into the domain's policy, checks
 * them as Xen (range of each entry, then the limits against the PV
 * maximum) and keeps only what the PV view honours: the leaf limits and
 * cleared feature bits (bits beyond the maximum are dropped, as Xen's
 * recalculation does). Other leaf contents are accepted and not stored.
 * Locking: none; set runs with the domain paused before it first ran.
 */
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <asm/featureset.h>
#include <asm/pv.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define NA XEN_CPUID_NO_SUBLEAF
/* Xen 4.17's CPUID_MAX_SERIALISED_LEAVES and MSR_MAX_SERIALISED_ENTRIES. */
#define MAX_LEAVES (14 + 2 + 5 + 1 + 62 + 34 + 2)
#define MAX_MSRS 2
#define MSR_PLATFORM_INFO 0xce
#define MSR_ARCH_CAPABILITIES 0x10a
#define PLATFORM_INFO_CPUID_FAULTING (1ull << 31) /* Xen's policy field is 32 bits */
/* Xen 4.17's array sizes: leaf 4 and 0xb subleaves, xstate subleaves. */
#define NR_CACHE 6
#define NR_TOPO 2
#define NR_XSTATE 63

struct policy {
	bool pv;
	const struct domain *d; /* pv: the domain, NULL for the default */
};

struct leaf_out {
	XEN_GUEST_HANDLE(xen_cpuid_leaf_t) h;
	u32 cap, n;
};

static struct cpuid_regs leaf_of(const struct policy *p, u32 leaf, u32 subleaf)
{
	struct cpuid_regs r;

	if (subleaf == NA)
		subleaf = 0;
	if (!p->pv)
		return host_cpuid(leaf, subleaf);
	pv_cpuid(p->d, leaf, subleaf, &r);
	return r;
}

static long put(struct leaf_out *o, u32 leaf, u32 subleaf, struct cpuid_regs r)
{
	xen_cpuid_leaf_t e = {leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx};

	if (o->n >= o->cap)
		return -ENOBUFS;
	if (copy_to_guest_offset(o->h, o->n, &e, 1))
		return -EFAULT;
	o->n++;
	return 0;
}

/* Subleaves 0.. of leaf until one whose type (bits at shift) is zero, at most nr. */
static long put_typed(const struct policy *p, struct leaf_out *o, u32 leaf, u32 nr,
		      unsigned int reg, unsigned int shift)
{
	long rc = 0;

	for (u32 sub = 0; !rc && sub < nr; sub++) {
		struct cpuid_regs r = leaf_of(p, leaf, sub);

		rc = put(o, leaf, sub, r);
		if (!((*cpuid_reg(&r, reg) >> shift) & 0x1f))
			break;
	}
	return rc;
}

static long put_xstate(const struct policy *p, struct leaf_out *o)
{
	struct cpuid_regs r0 = leaf_of(p, 0xd, 0), r1 = leaf_of(p, 0xd, 1);
	u64 xstates = (r0.eax | (u64)r0.edx << 32) | (r1.ecx | (u64)r1.edx << 32);
	long rc = put(o, 0xd, 0, r0);

	rc = rc ?: put(o, 0xd, 1, r1);
	xstates >>= 2;
	for (u32 sub = 2; !rc && xstates && sub < NR_XSTATE; sub++, xstates >>= 1)
		rc = put(o, 0xd, sub, leaf_of(p, 0xd, sub));
	return rc;
}

static long put_basic(const struct policy *p, struct leaf_out *o, u32 leaf)
{
	u32 max;
	long rc = 0;

	switch (leaf) {
	case 0x4: return put_typed(p, o, 4, NR_CACHE, CPUID_EAX, 0);
	case 0xb: return put_typed(p, o, 0xb, NR_TOPO, CPUID_ECX, 8);
	case 0xd: return put_xstate(p, o);
	case 0x7:
		max = MIN(leaf_of(p, 7, 0).eax, PV_CPUID_MAX_FEAT);
		for (u32 sub = 0; !rc && sub <= max; sub++)
			rc = put(o, 7, sub, leaf_of(p, 7, sub));
		return rc;
	default: return put(o, leaf, NA, leaf_of(p, leaf, NA));
	}
}

static long serialise_leaves(const struct policy *p, struct leaf_out *o)
{
	u32 max = MIN(leaf_of(p, 0, NA).eax, PV_CPUID_MAX_BASIC);
	long rc = 0;

	for (u32 leaf = 0; !rc && leaf <= max; leaf++)
		rc = put_basic(p, o, leaf);
	rc = rc ?: put(o, 0x40000000, NA, (struct cpuid_regs){0});
	rc = rc ?: put(o, 0x40000100, NA, (struct cpuid_regs){0});
	max = MIN(leaf_of(p, 0x80000000u, NA).eax & 0xffff, PV_CPUID_MAX_EXTD & 0xffff);
	for (u32 leaf = 0; !rc && leaf <= max; leaf++)
		rc = put(o, 0x80000000u | leaf, NA, leaf_of(p, 0x80000000u | leaf, NA));
	return rc;
}

/* PLATFORM_INFO of every policy: the host's CPUID faulting (pv/emul.c reads the same). */
static u64 platform_info(void)
{
	return cpu_has_cpuid_faulting ? PLATFORM_INFO_CPUID_FAULTING : 0;
}

static long serialise_msrs(XEN_GUEST_HANDLE(xen_msr_entry_t) h, u32 *nr)
{
	xen_msr_entry_t e[MAX_MSRS] = {
		{MSR_PLATFORM_INFO, 0, platform_info()},
		{MSR_ARCH_CAPABILITIES, 0, 0},
	};

	if (*nr < MAX_MSRS)
		return -ENOBUFS;
	if (copy_to_guest(h, e, MAX_MSRS))
		return -EFAULT;
	*nr = MAX_MSRS;
	return 0;
}

/* Leaves and MSRs of p into the handles (NULL: the largest counts). */
static long serialise(const struct policy *p, XEN_GUEST_HANDLE(xen_cpuid_leaf_t) leaves,
		      u32 *nr_leaves, XEN_GUEST_HANDLE(xen_msr_entry_t) msrs, u32 *nr_msrs)
{
	struct leaf_out o = {leaves, *nr_leaves, 0};
	long rc;

	if (guest_handle_is_null(leaves)) {
		o.n = MAX_LEAVES;
	} else if ((rc = serialise_leaves(p, &o))) {
		return rc;
	}
	*nr_leaves = o.n;
	if (guest_handle_is_null(msrs)) {
		*nr_msrs = MAX_MSRS;
		return 0;
	}
	return serialise_msrs(msrs, nr_msrs);
}

long arch_sysctl_get_cpu_featureset(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_cpu_featureset *f = &op->u.cpu_featureset;
	u32 fs[CPU_FEATURESET_WORDS], nr = MIN(f->nr_features, CPU_FEATURESET_WORDS);

	if (guest_handle_is_null(f->features)) {
		f->nr_features = CPU_FEATURESET_WORDS;
		return 0;
	}
	switch (f->index) {
	case XEN_SYSCTL_cpu_featureset_raw:
	case XEN_SYSCTL_cpu_featureset_host: host_featureset(fs); break;
	case XEN_SYSCTL_cpu_featureset_pv:
	case XEN_SYSCTL_cpu_featureset_pv_max: pv_featureset(NULL, fs); break;
	case XEN_SYSCTL_cpu_featureset_hvm:
	case XEN_SYSCTL_cpu_featureset_hvm_max: return -EOPNOTSUPP;
	default: return -EINVAL;
	}
	if (copy_to_guest(f->features, fs, nr))
		return -EFAULT;
	f->nr_features = nr;
	return nr < CPU_FEATURESET_WORDS ? -ENOBUFS : 0;
}

long arch_sysctl_get_cpu_policy(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_cpu_policy *cp = &op->u.cpu_policy;
	struct policy p = {.pv = true};
	u32 nr_leaves = cp->nr_leaves, nr_msrs = cp->nr_msrs;
	long rc;

	if (cp->_rsvd || cp->index > XEN_SYSCTL_cpu_policy_hvm_default)
		return -EINVAL;
	if (cp->index == XEN_SYSCTL_cpu_policy_hvm_max ||
	    cp->index == XEN_SYSCTL_cpu_policy_hvm_default)
		return -EOPNOTSUPP;
	p.pv = cp->index != XEN_SYSCTL_cpu_policy_raw && cp->index != XEN_SYSCTL_cpu_policy_host;
	rc = serialise(&p, cp->leaves, &nr_leaves, cp->msrs, &nr_msrs);
	if (!rc) {
		cp->nr_leaves = nr_leaves;
		cp->nr_msrs = nr_msrs;
	}
	return rc;
}

long arch_domctl_get_cpu_policy(struct xen_domctl *op, struct subop_call c)
{
	struct xen_domctl_cpu_policy *cp = &op->u.cpu_policy;
	struct policy p = {.pv = true, .d = c.d};

	return serialise(&p, cp->leaves, &cp->nr_leaves, cp->msrs, &cp->nr_msrs);
}

/* The policy set_cpu_policy builds: what d->arch keeps of it. */
struct new_policy {
	u32 fs[CPU_FEATURESET_WORDS];
	u32 max_basic, max_feat, max_extd;
};

/* Is the entry one Xen 4.17's policy has room for? */
static bool in_policy_range(const xen_cpuid_leaf_t *e)
{
	u32 nr = 0;

	switch (e->leaf) {
	case 0x4: nr = NR_CACHE; break;
	case 0x7: nr = PV_CPUID_MAX_FEAT + 1; break;
	case 0xb: nr = NR_TOPO; break;
	case 0xd: nr = NR_XSTATE; break;
	case 0x40000000:
	case 0x40000100: return e->subleaf == NA;
	default:
		if (e->leaf <= PV_CPUID_MAX_BASIC ||
		    (e->leaf >= 0x80000000u && e->leaf <= PV_CPUID_MAX_EXTD))
			return e->subleaf == NA;
		return false;
	}
	return e->subleaf < nr;
}

static void merge_leaf(struct new_policy *n, const xen_cpuid_leaf_t *e)
{
	struct cpuid_regs r = {e->a, e->b, e->c, e->d};

	if (e->leaf == 0)
		n->max_basic = e->a;
	else if (e->leaf == 7 && e->subleaf == 0)
		n->max_feat = e->a;
	else if (e->leaf == 0x80000000u)
		n->max_extd = e->a;
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++)
		if (featureset_word_is(&featureset_words[i], e->leaf, e->subleaf))
			n->fs[i] = *cpuid_reg(&r, featureset_words[i].reg);
}

static long merge_leaves(struct new_policy *n, struct xen_domctl_cpu_policy *cp)
{
	xen_cpuid_leaf_t e;

	if (cp->nr_leaves > MAX_LEAVES)
		return -E2BIG;
	for (u32 i = 0; i < cp->nr_leaves; i++) {
		if (copy_from_guest_offset(&e, cp->leaves, i, 1))
			return -EFAULT;
		if (!in_policy_range(&e)) {
			cp->err_leaf = e.leaf;
			cp->err_subleaf = e.subleaf;
			return -ERANGE;
		}
		merge_leaf(n, &e);
	}
	return 0;
}

/*
 * MSRs: PLATFORM_INFO within the PV maximum's (CPUID faulting where the
 * host has it: Xen's compatibility audit); ARCH_CAPABILITIES not kept.
 */
static long check_msrs(struct xen_domctl_cpu_policy *cp)
{
	xen_msr_entry_t e;

	if (cp->nr_msrs > MAX_MSRS)
		return -E2BIG;
	for (u32 i = 0; i < cp->nr_msrs; i++) {
		if (copy_from_guest_offset(&e, cp->msrs, i, 1))
			return -EFAULT;
		cp->err_msr = e.idx;
		if (e.flags)
			return -EINVAL;
		if (e.idx != MSR_PLATFORM_INFO && e.idx != MSR_ARCH_CAPABILITIES)
			return -ERANGE;
		if (e.idx == MSR_PLATFORM_INFO && (e.val & ~platform_info()))
			return -EINVAL;
		cp->err_msr = ~0u;
	}
	return 0;
}

/*
 * Xen's compatibility audit: no limit above the PV maximum's, whose limits
 * are Xen's array sizes, not the host's (a policy saved on another host
 * loads; leaves this host lacks read as zero).
 */
static long check_limits(const struct new_policy *n, struct xen_domctl_cpu_policy *cp)
{
	u32 leaf = ~0u, sub = NA;

	if (n->max_basic > PV_CPUID_MAX_BASIC)
		leaf = 0;
	else if (n->max_feat > PV_CPUID_MAX_FEAT)
		leaf = 7, sub = 0;
	else if (n->max_extd > PV_CPUID_MAX_EXTD)
		leaf = 0x80000000u;
	if (leaf == ~0u)
		return 0;
	cp->err_leaf = leaf;
	cp->err_subleaf = sub;
	return -EINVAL;
}

static void install(struct domain *d, const struct new_policy *n)
{
	u32 max[CPU_FEATURESET_WORDS];

	pv_featureset(NULL, max);
	for (unsigned int i = 0; i < CPU_FEATURESET_WORDS; i++)
		d->arch.cpuid_clear[i] = max[i] & ~n->fs[i];
	d->arch.cpuid_max_basic = (u8)n->max_basic;
	d->arch.cpuid_max_feat = (u8)n->max_feat;
	d->arch.cpuid_max_extd = n->max_extd;
	d->arch.cpuid_set = true;
}

static long update_policy(struct domain *d, struct xen_domctl_cpu_policy *cp)
{
	struct new_policy n;
	long rc;

	pv_featureset(d, n.fs);
	n.max_basic = pv_cpuid_limit(d, 0);
	n.max_feat = pv_cpuid_limit(d, 7);
	n.max_extd = pv_cpuid_limit(d, 0x80000000u);
	cp->err_leaf = cp->err_subleaf = cp->err_msr = ~0u;
	rc = merge_leaves(&n, cp);
	rc = rc ?: check_msrs(cp);
	rc = rc ?: check_limits(&n, cp);
	if (!rc)
		install(d, &n);
	return rc;
}

/* Copied back whatever the result (INOUTX): err_* name the entry refused. */
long arch_domctl_set_cpu_policy(struct xen_domctl *op, struct subop_call c)
{
	long rc;

	if (c.d == current->domain)
		return -EINVAL;
	domain_pause(c.d);
	rc = c.d->creation_finished ? -EEXIST : update_policy(c.d, &op->u.cpu_policy);
	domain_unpause(c.d);
	return rc;
}
