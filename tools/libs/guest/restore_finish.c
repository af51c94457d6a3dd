/*
 * libxguest: a restored PV domain finished once restore.c has read the
 * stream's END (restore_finish), in this order: the guest's p2m frames
 * get the new mfns (all of them, or after a live stream's SYNC only the
 * leaves with a pfn populated since: restore_fix_guest_p2m), start_info its
 * new store/console frames, ports and shared_info, the tables pinned at a
 * live stream's SYNC get the entries changed since (restore_prepin.c) and
 * the other pinned tables are pinned (a batch of them per hypercall), shared_info's event state is
 * reset (all masked, as libxc leaves it), the CPU policy and TSC are set
 * and each vCPU gets its context (its frames made mfns), extended context,
 * XSAVE state and MSRs; then grant entries 0 and 1 are seeded. Each step's
 * time goes into the restore's times (xguest_restore_times).
 *
 * Invariants: only frames of b->domid are mapped, each mapping dropped
 * before the function that made it returns; every pfn the stream names
 * here (vCPU 0's start_info and its xenstore and console frames, each
 * vCPU's cr3 and GDT frames) is refused unless it was saved; on failure
 * nothing is left mapped here and the caller destroys the domain.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlive.h"   /* xguest_now_ns */
#include "xprepin.h" /* xs_end_pins */
#include "restore_private.h"
#include "../ctrl/xctrl.h"

/* start_info (vCPU 0's rdx, a pfn in the file): new frames, ports, shared_info. */
static int fix_start_info(struct restorer *r, uint64_t shared_info_frame)
{
	uint64_t si_mfn = restore_mfn_of(r, r->ctx[0]->user_regs.rdx);
	struct start_info *si;
	int rc = 0;

	if (si_mfn == XS_INVALID_MFN || si_mfn == PENDING)
		return restore_bad(r, "vCPU 0's start_info pfn is not a saved page");
	si = xcall_map_foreign(r->c, r->b->domid, si_mfn);
	if (!si)
		return restore_fail(r, -errno, "mapping start_info");
	r->b->store_mfn = restore_mfn_of(r, si->store_mfn);
	r->b->console_mfn = restore_mfn_of(r, si->console.domU.mfn);
	if (r->b->store_mfn == XS_INVALID_MFN || r->b->console_mfn == XS_INVALID_MFN) {
		rc = restore_bad(r, "start_info's xenstore or console pfn is not a saved page");
	} else {
		si->store_mfn = r->b->store_mfn;
		si->store_evtchn = r->b->store_port;
		si->console.domU.mfn = r->b->console_mfn;
		si->console.domU.evtchn = r->b->console_port;
		si->shared_info = shared_info_frame << 12;
	}
	xcall_unmap_foreign(r->c, si);
	r->ctx[0]->user_regs.rdx = si_mfn;
	return rc;
}

/* Pinned tables, top level first (an L4 pin validates its whole tree),
 * XCTRL_PIN_BATCH to a hypercall. */
static int pin_tables(struct restorer *r)
{
	uint64_t *pfns = malloc((r->pinned ? r->nr_since + 1 : r->p2m_size) * 8), n,
		 mfns[XCTRL_PIN_BATCH];
	unsigned int levels[XCTRL_PIN_BATCH], done = 0;
	int rc = pfns ? 0 : restore_fail(r, -ENOMEM, "pin list");

	/* With tables pinned at the SYNC, only those whose pin may have changed
	 * (restore_prepin.c's since list): four passes over the p2m's types
	 * cost a few ms at 512 MiB under icount. */
	n = !pfns	? 0
	    : r->pinned ? xs_end_pins(r->types, r->pinned, r->since, r->nr_since, pfns)
			: xs_pin_list(r->types, r->p2m_size, pfns);
	for (uint64_t i = 0, k; !rc && i < n; i += k) {
		k = n - i < XCTRL_PIN_BATCH ? n - i : XCTRL_PIN_BATCH;
		for (uint64_t j = 0; j < k; j++) {
			levels[j] = xs_type_level(r->types[pfns[i + j]]);
			mfns[j] = r->p2m[pfns[i + j]];
		}
		rc = xctrl_pin_tables(r->c, r->b->domid, levels, mfns, (unsigned int)k, &done);
		r->t->pins += rc ? done + 1 : k;
		if (rc && done < k)
			snprintf(r->err, r->errlen, "pinning the L%u table at pfn %#llx: %s",
				 levels[done], (unsigned long long)pfns[i + done], strerror(-rc));
		else if (rc)
			restore_fail(r, rc, "pinning the page tables");
	}
	free(pfns);
	return rc;
}

/* The saved p2m description, every event masked and none pending. */
static int fix_shared_info(struct restorer *r, uint64_t frame)
{
	const struct shared_info *old = (const void *)r->shinfo;
	struct shared_info *s = xcall_map_foreign(r->c, r->b->domid, frame);

	if (!s)
		return restore_fail(r, -errno, "mapping shared_info");
	s->arch.max_pfn = old->arch.max_pfn;
	s->arch.pfn_to_mfn_frame_list_list = old->arch.pfn_to_mfn_frame_list_list;
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
		s->vcpu_info[i].evtchn_upcall_mask = 1;
		s->vcpu_info[i].evtchn_upcall_pending = 0;
		s->vcpu_info[i].evtchn_pending_sel = 0;
	}
	memset(s->evtchn_pending, 0, sizeof(s->evtchn_pending));
	memset(s->evtchn_mask, 0xff, sizeof(s->evtchn_mask));
	xcall_unmap_foreign(r->c, s);
	return 0;
}

static int local_frame(struct restorer *r, uint64_t *frame, const char *what)
{
	uint64_t mfn = restore_mfn_of(r, *frame);

	if (mfn == XS_INVALID_MFN || mfn == PENDING) {
		snprintf(r->err, r->errlen, "corrupt save file: vCPU %s names pfn %#llx, not saved",
			 what, (unsigned long long)*frame);
		return -EINVAL;
	}
	*frame = mfn;
	return 0;
}

static int set_vcpu(struct restorer *r, uint32_t v)
{
	struct vcpu_guest_context *ctx = r->ctx[v];
	uint64_t f = xen_cr3_to_pfn(ctx->ctrlreg[3]);
	int rc = local_frame(r, &f, "cr3");

	ctx->ctrlreg[3] = xen_pfn_to_cr3(f);
	if (!rc && ctx->ctrlreg[1]) { /* libxc sets bit 0; files of older xm did not */
		f = xen_cr3_to_pfn(ctx->ctrlreg[1]);
		rc = local_frame(r, &f, "user cr3");
		ctx->ctrlreg[1] = xen_pfn_to_cr3(f);
	}
	for (uint64_t i = 0; !rc && i < (ctx->gdt_ents + 511) / 512 && i < 16; i++)
		rc = local_frame(r, &ctx->gdt_frames[i], "GDT frame");
	if (!rc && (rc = xctrl_setvcpucontext(r->c, r->b->domid, v, ctx)))
		snprintf(r->err, r->errlen, "setvcpucontext of vCPU %u: %s", v, strerror(-rc));
	if (!rc)
		rc = xstate_apply_ext(r->c, r->b->domid, &r->st, v, r->err, r->errlen);
	if (!rc && r->xsave[v] &&
	    (rc = xctrl_set_xsave(r->c, r->b->domid, v, r->xsave[v], r->xsave_size[v])))
		snprintf(r->err, r->errlen, "setvcpuextstate of vCPU %u: %s", v, strerror(-rc));
	if (!rc)
		rc = xstate_apply_msrs(r->c, r->b->domid, &r->st, v, r->err, r->errlen);
	return rc;
}

/* ns since *t0 added to *sum; *t0 moved on. */
static void lap(uint64_t *t0, uint64_t *sum)
{
	uint64_t now = xguest_now_ns();

	*sum += now - *t0;
	*t0 = now;
}

int restore_finish(struct restorer *r)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t t0 = xguest_now_ns();
	struct xguest_restore_times *t = r->t;
	int rc = xctrl_domain_info(r->c, r->b->domid, &info);

	if (rc)
		return restore_fail(r, rc, "getdomaininfo");
	if ((rc = restore_fix_guest_p2m(r, r->p2m_fixed)))
		return rc;
	lap(&t0, &t->p2m_ns);
	if ((rc = fix_start_info(r, info.shared_info_frame)))
		return rc;
	lap(&t0, &t->start_info_ns);
	if ((rc = prepin_finish(r)) || (rc = pin_tables(r)))
		return rc;
	lap(&t0, &t->pin_ns);
	if ((rc = fix_shared_info(r, info.shared_info_frame)))
		return rc;
	lap(&t0, &t->shinfo_ns);
	if ((rc = xstate_apply_domain(r->c, r->b->domid, &r->st, r->err, r->errlen)))
		return rc;
	lap(&t0, &t->state_ns);
	for (uint32_t v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
		if (r->ctx[v] && (rc = set_vcpu(r, v)))
			return rc;
	xguest_seed_grants(r->c, r->b);
	lap(&t0, &t->vcpu_ns);
	t->built_ns = t0;
	return 0;
}
