/*
 * libxctrl: the calls of a save and a restore (tools/libs/guest/save.c,
 * restore_finish.c, restore_prepin.c): a vCPU's state and context, the types
 * of a batch of frames, the pin and unpin of another domain's page tables
 * and mmu_update of their entries.
 */
#include <errno.h>
#include <string.h>

#include "xctrl.h"

int xctrl_getvcpuinfo(struct xcall *c, uint16_t domid, uint32_t vcpu,
		      struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl d = {0};
	int rc;

	d.u.getvcpuinfo.vcpu = vcpu;
	rc = xctrl_domctl(c, XEN_DOMCTL_getvcpuinfo, domid, &d);
	if (!rc)
		*info = d.u.getvcpuinfo;
	return rc;
}

int xctrl_getvcpucontext(struct xcall *c, uint16_t domid, uint32_t vcpu, void *ctx)
{
	struct xen_domctl d = {0};

	d.u.vcpucontext.vcpu = vcpu;
	d.u.vcpucontext.ctxt.p = ctx;
	return xctrl_domctl(c, XEN_DOMCTL_getvcpucontext, domid, &d);
}

int xctrl_pageframeinfo(struct xcall *c, uint16_t domid, uint64_t *frames, unsigned int n)
{
	struct xen_domctl d = {0};

	if (n > 1024)
		return -E2BIG;
	d.u.getpageframeinfo3.num = n;
	d.u.getpageframeinfo3.array.p = frames;
	return xctrl_domctl(c, XEN_DOMCTL_getpageframeinfo3, domid, &d);
}

/* n mmuext ops on domid's tables, one per frame: a pin of levels[i], or an
 * unpin each when levels is NULL. */
static int table_ops(struct xcall *c, uint16_t domid, const unsigned int *levels,
		     const uint64_t *mfns, unsigned int n, unsigned int *done)
{
	struct mmuext_op *op = xcall_buf(c);
	unsigned int *count = (unsigned int *)(op + XCTRL_PIN_BATCH);
	uint64_t args[5] = {(uintptr_t)op, n, (uintptr_t)count, domid};
	int rc;

	*done = 0;
	if (n > XCTRL_PIN_BATCH)
		return -E2BIG;
	for (unsigned int i = 0; i < n; i++) {
		if (levels && (levels[i] < 1 || levels[i] > 4))
			return -EINVAL;
		memset(&op[i], 0, sizeof(op[i]));
		op[i].cmd = levels ? MMUEXT_PIN_L1_TABLE + levels[i] - 1 : MMUEXT_UNPIN_TABLE;
		op[i].arg1.mfn = mfns[i];
	}
	*count = 0;
	rc = (int)xcall_hypercall(c, __HYPERVISOR_mmuext_op, args);
	*done = *count < n ? *count : n;
	return rc;
}

int xctrl_pin_tables(struct xcall *c, uint16_t domid, const unsigned int *levels,
		     const uint64_t *mfns, unsigned int n, unsigned int *done)
{
	return table_ops(c, domid, levels, mfns, n, done);
}

int xctrl_unpin_tables(struct xcall *c, uint16_t domid, const uint64_t *mfns, unsigned int n,
		       unsigned int *done)
{
	return table_ops(c, domid, NULL, mfns, n, done);
}

int xctrl_mmu_update(struct xcall *c, uint16_t domid, const uint64_t *reqs, unsigned int n,
		     unsigned int *done)
{
	uint64_t *req = xcall_buf(c);
	unsigned int *count = (unsigned int *)(req + 2 * XCTRL_MMU_BATCH);
	uint64_t args[5] = {(uintptr_t)req, n, (uintptr_t)count,
			    ((uint64_t)domid + 1) << 16 | domid};
	int rc;

	*done = 0;
	if (n > XCTRL_MMU_BATCH)
		return -E2BIG;
	memcpy(req, reqs, (size_t)n * 16);
	*count = 0;
	rc = (int)xcall_hypercall(c, __HYPERVISOR_mmu_update, args);
	*done = *count < n ? *count : n;
	return rc;
}

/* A size query (no buffer), then the state into locked memory. */
int xctrl_get_xsave(struct xcall *c, uint16_t domid, uint32_t vcpu, void **buf, uint64_t *size)
{
	struct xen_domctl d = {0};
	int rc;

	*buf = NULL;
	*size = 0;
	d.u.vcpuextstate.vcpu = vcpu;
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_getvcpuextstate, domid, &d)))
		return rc;
	if (!d.u.vcpuextstate.xfeature_mask || !d.u.vcpuextstate.size)
		return 0; /* no XSAVE: the FXSAVE area of the context is all */
	if (d.u.vcpuextstate.size > (1u << 16) || !(*buf = xctrl_locked(d.u.vcpuextstate.size)))
		return -ENOMEM;
	d.u.vcpuextstate.vcpu = vcpu;
	d.u.vcpuextstate.buffer.p = *buf;
	if ((rc = xctrl_domctl(c, XEN_DOMCTL_getvcpuextstate, domid, &d))) {
		xctrl_locked_free(*buf, d.u.vcpuextstate.size);
		*buf = NULL;
		return rc;
	}
	*size = d.u.vcpuextstate.size;
	return 0;
}

int xctrl_set_xsave(struct xcall *c, uint16_t domid, uint32_t vcpu, void *buf, uint64_t size)
{
	struct xen_domctl d = {0};

	d.u.vcpuextstate.vcpu = vcpu;
	d.u.vcpuextstate.size = size;
	d.u.vcpuextstate.buffer.p = buf;
	return xctrl_domctl(c, XEN_DOMCTL_setvcpuextstate, domid, &d);
}
