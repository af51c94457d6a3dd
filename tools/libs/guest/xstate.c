/*
 * libxguest: the x86 state records of a PV save file besides memory and
 * the basic vCPU context (xguest.h, docs/save-format.md): the domain's
 * CPUID and MSR policy (X86_CPUID_POLICY, X86_MSR_POLICY), its TSC
 * (X86_TSC_INFO), and per vCPU the extended context and MSRs
 * (X86_PV_VCPU_EXTENDED, X86_PV_VCPU_MSRS), as libxc's records carry them:
 * the bodies are the domctls' own layouts (xen_cpuid_leaf_t[],
 * xen_msr_entry_t[], xen_domctl_ext_vcpucontext, xen_domctl_vcpu_msr_t[]).
 *
 * Invariants: a record's body is kept (xstate_keep) only after its length
 * was checked (xs_rec_check, and here against the vCPU count and the
 * domctl's size); every buffer a hypercall points at is xctrl_locked and
 * freed on every path; xstate_free releases what was kept.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xguest.h"
#include "xstream.h"
#include "../ctrl/xctrl.h"

_Static_assert(XEN_LEGACY_MAX_VCPUS == sizeof(((struct xstate *)0)->ext) / sizeof(uint8_t *),
	       "struct xstate holds a record per legacy vCPU");

static int failed(char *err, size_t errlen, int rc, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(-rc));
	return rc;
}

/* A copy of len bytes in locked memory (NULL for len 0 or no memory). */
static void *locked_copy(const void *p, size_t len)
{
	void *b = len ? xctrl_locked(len) : NULL;

	if (b)
		memcpy(b, p, len);
	return b;
}

int xstate_put_policy(struct xcall *c, uint16_t domid, xstate_put_fn put, void *arg, char *err,
		      size_t errlen)
{
	struct xen_domctl d = {0};
	size_t ll, ml;
	void *leaves = NULL, *msrs = NULL;
	int rc = xctrl_domctl(c, XEN_DOMCTL_get_cpu_policy, domid, &d);

	if (rc)
		return failed(err, errlen, rc, "get_cpu_policy");
	ll = (size_t)d.u.cpu_policy.nr_leaves * XS_CPUID_LEAF_LEN;
	ml = (size_t)d.u.cpu_policy.nr_msrs * XS_MSR_ENTRY_LEN;
	leaves = xctrl_locked(ll + 8);
	msrs = xctrl_locked(ml + 8);
	if (!leaves || !msrs) {
		rc = failed(err, errlen, -ENOMEM, "CPU policy");
		goto out;
	}
	d.u.cpu_policy.leaves.p = leaves;
	d.u.cpu_policy.msrs.p = msrs;
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_get_cpu_policy, domid, &d))) {
		failed(err, errlen, rc, "get_cpu_policy");
		goto out;
	}
	if (d.u.cpu_policy.nr_leaves)
		rc = put(arg, XS_REC_X86_CPUID_POLICY, leaves,
			 d.u.cpu_policy.nr_leaves * XS_CPUID_LEAF_LEN);
	if (!rc && d.u.cpu_policy.nr_msrs)
		rc = put(arg, XS_REC_X86_MSR_POLICY, msrs,
			 d.u.cpu_policy.nr_msrs * XS_MSR_ENTRY_LEN);
out:
	if (leaves)
		xctrl_locked_free(leaves, ll + 8);
	if (msrs)
		xctrl_locked_free(msrs, ml + 8);
	return rc;
}

int xstate_put_tsc(struct xcall *c, uint16_t domid, xstate_put_fn put, void *arg, char *err,
		   size_t errlen)
{
	struct xen_domctl d = {0};
	uint8_t body[XS_TSC_INFO_LEN] = {0};
	int rc = xctrl_domctl(c, XEN_DOMCTL_gettscinfo, domid, &d);

	if (rc)
		return failed(err, errlen, rc, "gettscinfo");
	memcpy(body, &d.u.tsc_info.tsc_mode, 4);
	memcpy(body + 4, &d.u.tsc_info.gtsc_khz, 4);
	memcpy(body + 8, &d.u.tsc_info.elapsed_nsec, 8);
	memcpy(body + 16, &d.u.tsc_info.incarnation, 4);
	return put(arg, XS_REC_X86_TSC_INFO, body, sizeof(body));
}

int xstate_put_ext(struct xcall *c, uint16_t domid, uint32_t vcpu, xstate_put_fn put, void *arg,
		   char *err, size_t errlen)
{
	struct xen_domctl d = {0};
	uint8_t body[8 + sizeof(d.u.ext_vcpucontext)] = {0};
	int rc;

	d.u.ext_vcpucontext.vcpu = vcpu;
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_get_ext_vcpucontext, domid, &d)))
		return failed(err, errlen, rc, "get_ext_vcpucontext");
	if (d.u.ext_vcpucontext.size > sizeof(d.u.ext_vcpucontext))
		return failed(err, errlen, -E2BIG, "get_ext_vcpucontext");
	if (!d.u.ext_vcpucontext.size)
		return 0;
	memcpy(body, &vcpu, 4);
	memcpy(body + 8, &d.u.ext_vcpucontext, d.u.ext_vcpucontext.size);
	return put(arg, XS_REC_X86_PV_VCPU_EXTENDED, body, 8 + d.u.ext_vcpucontext.size);
}

int xstate_put_msrs(struct xcall *c, uint16_t domid, uint32_t vcpu, xstate_put_fn put, void *arg,
		    char *err, size_t errlen)
{
	struct xen_domctl d = {0};
	uint8_t *body;
	size_t len;
	int rc;

	d.u.vcpu_msrs.vcpu = vcpu;
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_get_vcpu_msrs, domid, &d)))
		return failed(err, errlen, rc, "get_vcpu_msrs");
	if (!d.u.vcpu_msrs.msr_count)
		return 0;
	if (d.u.vcpu_msrs.msr_count > XS_POLICY_MAX)
		return failed(err, errlen, -E2BIG, "get_vcpu_msrs");
	len = 8 + (size_t)d.u.vcpu_msrs.msr_count * XS_MSR_ENTRY_LEN;
	if (!(body = xctrl_locked(len)))
		return failed(err, errlen, -ENOMEM, "vCPU MSRs");
	memcpy(body, &vcpu, 4);
	d.u.vcpu_msrs.msrs.p = (void *)(body + 8);
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_get_vcpu_msrs, domid, &d)))
		failed(err, errlen, rc, "get_vcpu_msrs");
	else if (d.u.vcpu_msrs.msr_count)
		rc = put(arg, XS_REC_X86_PV_VCPU_MSRS, body,
			 (uint32_t)(8 + d.u.vcpu_msrs.msr_count * XS_MSR_ENTRY_LEN));
	xctrl_locked_free(body, len);
	return rc;
}

/* A kept body: replaced if the stream repeats the record. */
static int keep(uint8_t **slot, uint32_t *slot_len, const uint8_t *body, uint32_t len)
{
	if (*slot)
		xctrl_locked_free(*slot, *slot_len);
	*slot_len = len;
	*slot = locked_copy(body, len);
	return *slot ? 0 : -ENOMEM;
}

static int keep_vcpu(struct xstate *s, uint32_t type, const uint8_t *body, uint32_t len,
		     unsigned int nr_vcpus, char *err, size_t errlen)
{
	uint32_t id;

	memcpy(&id, body, 4);
	if (id >= nr_vcpus || id >= XEN_LEGACY_MAX_VCPUS) {
		snprintf(err, errlen, "corrupt save file: a record of vCPU %u (the domain has %u)",
			 id, nr_vcpus);
		return -EINVAL;
	}
	if (type == XS_REC_X86_PV_VCPU_EXTENDED) {
		if (len - 8 > sizeof(struct xen_domctl_ext_vcpucontext)) {
			snprintf(err, errlen, "corrupt save file: X86_PV_VCPU_EXTENDED too long");
			return -EINVAL;
		}
		return keep(&s->ext[id], &s->ext_len[id], body + 8, len - 8);
	}
	return keep(&s->msrs[id], &s->msrs_len[id], body + 8, len - 8);
}

int xstate_keep(struct xstate *s, uint32_t type, const uint8_t *body, uint32_t len,
		unsigned int nr_vcpus, char *err, size_t errlen)
{
	int rc;

	if (type == XS_REC_X86_TSC_INFO) {
		memcpy(s->tsc, body, XS_TSC_INFO_LEN);
		s->have_tsc = true;
		return 0;
	}
	if (!len ||
	    ((type == XS_REC_X86_PV_VCPU_EXTENDED || type == XS_REC_X86_PV_VCPU_MSRS) && len == 8))
		return 0; /* empty records of Xen 4.6-4.8: ignored */
	if (type == XS_REC_X86_CPUID_POLICY)
		rc = keep(&s->cpuid, &s->cpuid_len, body, len);
	else if (type == XS_REC_X86_MSR_POLICY)
		rc = keep(&s->msr, &s->msr_len, body, len);
	else
		return keep_vcpu(s, type, body, len, nr_vcpus, err, errlen);
	return rc ? failed(err, errlen, rc, "CPU policy") : 0;
}

int xstate_apply_domain(struct xcall *c, uint16_t domid, const struct xstate *s, char *err,
			size_t errlen)
{
	struct xen_domctl d = {0};
	int rc;

	if (s->cpuid || s->msr) {
		d.u.cpu_policy.nr_leaves = s->cpuid_len / XS_CPUID_LEAF_LEN;
		d.u.cpu_policy.nr_msrs = s->msr_len / XS_MSR_ENTRY_LEN;
		d.u.cpu_policy.leaves.p = (void *)s->cpuid;
		d.u.cpu_policy.msrs.p = (void *)s->msr;
		if ((rc = xctrl_domctl(c, XEN_DOMCTL_set_cpu_policy, domid, &d))) {
			snprintf(err, errlen,
				 "set_cpu_policy: %s (leaf %#x subleaf %#x, MSR %#x refused)",
				 strerror(-rc), d.u.cpu_policy.err_leaf, d.u.cpu_policy.err_subleaf,
				 d.u.cpu_policy.err_msr);
			return rc;
		}
	}
	if (!s->have_tsc)
		return 0;
	memset(&d, 0, sizeof(d));
	memcpy(&d.u.tsc_info.tsc_mode, s->tsc, 4);
	memcpy(&d.u.tsc_info.gtsc_khz, s->tsc + 4, 4);
	memcpy(&d.u.tsc_info.elapsed_nsec, s->tsc + 8, 8);
	memcpy(&d.u.tsc_info.incarnation, s->tsc + 16, 4);
	rc = xctrl_domctl(c, XEN_DOMCTL_settscinfo, domid, &d);
	return rc ? failed(err, errlen, rc, "settscinfo") : 0;
}

int xstate_apply_ext(struct xcall *c, uint16_t domid, const struct xstate *s, uint32_t v, char *err,
		     size_t errlen)
{
	struct xen_domctl d = {0};
	int rc;

	if (!s->ext[v])
		return 0;
	memcpy(&d.u.ext_vcpucontext, s->ext[v], s->ext_len[v]);
	d.u.ext_vcpucontext.vcpu = v;
	rc = xctrl_domctl(c, XEN_DOMCTL_set_ext_vcpucontext, domid, &d);
	return rc ? failed(err, errlen, rc, "set_ext_vcpucontext") : 0;
}

int xstate_apply_msrs(struct xcall *c, uint16_t domid, const struct xstate *s, uint32_t v,
		      char *err, size_t errlen)
{
	struct xen_domctl d = {0};
	int rc;

	if (!s->msrs[v])
		return 0;
	d.u.vcpu_msrs.vcpu = v;
	d.u.vcpu_msrs.msr_count = s->msrs_len[v] / XS_MSR_ENTRY_LEN;
	d.u.vcpu_msrs.msrs.p = (void *)s->msrs[v];
	rc = xctrl_domctl(c, XEN_DOMCTL_set_vcpu_msrs, domid, &d);
	return rc ? failed(err, errlen, rc, "set_vcpu_msrs") : 0;
}

void xstate_free(struct xstate *s)
{
	if (s->cpuid)
		xctrl_locked_free(s->cpuid, s->cpuid_len);
	if (s->msr)
		xctrl_locked_free(s->msr, s->msr_len);
	for (unsigned int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++) {
		if (s->ext[v])
			xctrl_locked_free(s->ext[v], s->ext_len[v]);
		if (s->msrs[v])
			xctrl_locked_free(s->msrs[v], s->msrs_len[v]);
	}
	memset(s, 0, sizeof(*s));
}
