/*
 * grant-table: GNTTABOP_copy between the guest's own frames, by frame
 * number (DOMID_SELF only) and by grant reference in both directions, and
 * its refusals with Xen's status codes: a frame named with a domid other
 * than DOMID_SELF, no such domain, a ref beyond the table, a frame not the
 * caller's, a destination that cannot be written (a read-only grant, a
 * page table), a copy crossing the page end. A copy leaves no pin behind,
 * also when a batch names the same grant in consecutive ops (a hypervisor
 * may keep it claimed between them) and when one of those ops fails; each
 * op of a batch whose sides change domain gets its own domain's answer.
 * A status the caller cannot write ends the call with -EFAULT after the
 * op's copy.
 */
#include "gnt.h"

static int16_t copy1(struct gnttab_copy *op)
{
	check(gnttab_op(GNTTABOP_copy, op, 1) == 0, "copy hypercall");
	return op->status;
}

static struct gnttab_copy frames_op(const void *src, const void *dst, uint16_t len)
{
	struct gnttab_copy op = {.len = len};

	op.source.u.gmfn = virt_to_mfn(src);
	op.source.domid = DOMID_SELF;
	op.dest.u.gmfn = virt_to_mfn(dst);
	op.dest.domid = DOMID_SELF;
	return op;
}

static void copy_frames(void)
{
	uint8_t *a = alloc_page(), *b = alloc_page();
	struct gnttab_copy op = frames_op(a, b, 100);

	memset(a, 0xa5, 4096);
	op.source.offset = 10;
	op.dest.offset = 3000;
	check(copy1(&op) == GNTST_okay, "frame to frame: %d", op.status);
	check(b[3000] == 0xa5 && b[3099] == 0xa5 && b[2999] == 0 && b[3100] == 0,
	      "exactly 100 bytes at offset 3000");
	op = frames_op(a, b, 4096);
	check(copy1(&op) == GNTST_okay && b[4095] == 0xa5, "a whole page");
}

static void copy_grefs(void)
{
	uint8_t *g = alloc_page(), *f = alloc_page();
	struct gnttab_copy op = frames_op(g, f, 64);

	memset(g, 0x3c, 4096);
	grant(60, g, SELF_ID, 0);
	op.source.u.ref = 60;
	op.source.domid = SELF_ID;
	op.flags = GNTCOPY_source_gref;
	check(copy1(&op) == GNTST_okay && f[63] == 0x3c && f[64] == 0, "gref to frame: %d",
	      op.status);
	check_eq(gflags(60), GTF_permit_access, "no pin left by the copy");
	memset(f, 0xc3, 4096);
	op = frames_op(f, g, 32);
	op.dest.u.ref = 60;
	op.dest.domid = DOMID_SELF;
	op.dest.offset = 4064;
	op.flags = GNTCOPY_dest_gref;
	check(copy1(&op) == GNTST_okay && g[4064] == 0xc3 && g[4063] == 0x3c, "frame to gref: %d",
	      op.status);
	op.flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	op.source.u.ref = 60;
	op.source.domid = SELF_ID;
	op.source.offset = 0;
	check(copy1(&op) == GNTST_okay && g[4064] == 0x3c, "gref to gref (the same grant): %d",
	      op.status);
	check_eq(gflags(60), GTF_permit_access, "still no pin left");
}

static void copy_refusals(void)
{
	uint8_t *a = alloc_page(), *b = alloc_page();
	struct gnttab_copy op = frames_op(a, b, 8);

	op.source.domid = SELF_ID;
	check(copy1(&op) == GNTST_permission_denied, "a frame by domid, not DOMID_SELF: %d",
	      op.status);
	op = frames_op(a, b, 8);
	op.source.domid = NOBODY;
	op.flags = GNTCOPY_source_gref;
	check(copy1(&op) == GNTST_bad_domain, "no such domain: %d", op.status);
	op.source.domid = DOMID_SELF;
	op.source.u.ref = gt_frames * GT_ENTRIES_PER_FRAME;
	check(copy1(&op) == GNTST_bad_gntref, "ref beyond the table: %d", op.status);
	op = frames_op(a, b, 8);
	op.source.u.gmfn = 0x7fffffff;
	check(copy1(&op) == GNTST_bad_page, "not our frame: %d", op.status);
	op = frames_op(a, (void *)start_info->pt_base, 8);
	check(copy1(&op) == GNTST_general_error, "into our L4: %d", op.status);
	grant(61, b, SELF_ID, GTF_readonly);
	op = frames_op(a, b, 8);
	op.dest.u.ref = 61;
	op.flags = GNTCOPY_dest_gref;
	check(copy1(&op) == GNTST_general_error, "into a read-only grant: %d", op.status);
	check_eq(gflags(61), GTF_permit_access | GTF_readonly, "left unused");
	op = frames_op(a, b, 4096);
	op.source.offset = 1;
	check(copy1(&op) == GNTST_bad_copy_arg, "beyond the page end: %d", op.status);
	op = frames_op(a, b, 2);
	op.dest.offset = 4095;
	check(copy1(&op) == GNTST_bad_copy_arg, "beyond the destination page end: %d", op.status);
}

static void copy_batch(void)
{
	uint8_t *a = alloc_page(), *b = alloc_page();
	struct gnttab_copy ops[3] = {frames_op(a, b, 1), frames_op(a, b, 1), frames_op(a, b, 1)};

	a[0] = 0x42;
	ops[1].len = 4097;
	ops[2].dest.offset = 7;
	check(gnttab_op(GNTTABOP_copy, ops, 3) == 0, "batch of three");
	check(ops[0].status == GNTST_okay && ops[1].status == GNTST_bad_copy_arg &&
		      ops[2].status == GNTST_okay,
	      "per-op status %d %d %d", ops[0].status, ops[1].status, ops[2].status);
	check(b[0] == 0x42 && b[7] == 0x42, "both good ones copied");
}

static struct gnttab_copy gref_op(grant_ref_t src, grant_ref_t dst, uint16_t dst_offset)
{
	struct gnttab_copy op = {.len = 1, .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref};

	op.source.u.ref = src;
	op.source.domid = SELF_ID;
	op.dest.u.ref = dst;
	op.dest.domid = DOMID_SELF;
	op.dest.offset = dst_offset;
	return op;
}

/* Ops sharing a side, a failing op among them, a side that changes. */
static void copy_batch_shared_sides(void)
{
	uint8_t *s1 = alloc_page(), *s2 = alloc_page(), *d1 = alloc_page(), *d2 = alloc_page();
	struct gnttab_copy ops[6] = {gref_op(62, 64, 0), gref_op(62, 64, 1), gref_op(62, 66, 0),
				     gref_op(62, 64, 2), gref_op(63, 64, 3), gref_op(63, 65, 0)};

	s1[0] = 0x11;
	s2[0] = 0x22;
	grant(62, s1, SELF_ID, GTF_readonly);
	grant(63, s2, SELF_ID, GTF_readonly);
	grant(64, d1, SELF_ID, 0);
	grant(65, d2, SELF_ID, 0);
	grant(66, alloc_page(), SELF_ID, GTF_readonly); /* not a destination: op 2 fails */
	check(gnttab_op(GNTTABOP_copy, ops, 6) == 0, "batch of six");
	check(ops[0].status == GNTST_okay && ops[1].status == GNTST_okay &&
		      ops[2].status == GNTST_general_error && ops[3].status == GNTST_okay &&
		      ops[4].status == GNTST_okay && ops[5].status == GNTST_okay,
	      "per-op status %d %d %d %d %d %d", ops[0].status, ops[1].status, ops[2].status,
	      ops[3].status, ops[4].status, ops[5].status);
	check(d1[0] == 0x11 && d1[1] == 0x11 && d1[2] == 0x11 && d1[3] == 0x22 && d2[0] == 0x22,
	      "each op copied from its own source");
	check_eq(gflags(62), GTF_permit_access | GTF_readonly, "no pin left on the first source");
	check_eq(gflags(63), GTF_permit_access | GTF_readonly, "no pin left on the second");
	check_eq(gflags(64), GTF_permit_access, "no pin left on the first destination");
	check_eq(gflags(65), GTF_permit_access, "no pin left on the second");
	check_eq(gflags(66), GTF_permit_access | GTF_readonly, "the refused one left unused");
}

/*
 * A side's domain changes within a batch (a hypervisor may keep the last
 * op's domain): no such domain between two good ops, a frame named by the
 * caller's own domid (not DOMID_SELF) after a grant of the same domain, a
 * destination grant named by DOMID_SELF, then by the domid.
 */
static void copy_batch_domains(void)
{
	uint8_t *s = alloc_page(), *d = alloc_page();
	struct gnttab_copy ops[6] = {gref_op(67, 68, 0), gref_op(67, 68, 1), gref_op(67, 68, 2),
				     frames_op(s, d, 1), frames_op(s, d, 1), gref_op(67, 68, 5)};
	static const int16_t want[6] = {GNTST_okay, GNTST_bad_domain,	     GNTST_okay,
					GNTST_okay, GNTST_permission_denied, GNTST_okay};

	s[0] = 0x5a;
	grant(67, s, SELF_ID, GTF_readonly);
	grant(68, d, SELF_ID, 0);
	ops[1].source.domid = NOBODY;
	ops[3].dest.offset = 3;
	ops[4].source.domid = SELF_ID;
	ops[5].dest.domid = SELF_ID;
	check(gnttab_op(GNTTABOP_copy, ops, 6) == 0, "batch of six across domains");
	for (unsigned int i = 0; i < 6; i++)
		check(ops[i].status == want[i], "op %u: status %d, want %d", i, ops[i].status,
		      want[i]);
	check(d[0] == 0x5a && d[1] == 0 && d[2] == 0x5a && d[3] == 0x5a && d[4] == 0 &&
		      d[5] == 0x5a,
	      "the good ops copied, the refused ones did not");
	check_eq(gflags(67), GTF_permit_access | GTF_readonly, "no pin left on the source");
	check_eq(gflags(68), GTF_permit_access, "no pin left on the destination");
}

/* An op array the caller cannot write: the copy is done, its status write faults (-EFAULT). */
static void copy_status_fault(void)
{
	uint8_t *a = alloc_page(), *b = alloc_page();
	struct gnttab_copy *op = alloc_page();
	uint64_t pte = *pt_entry_of((unsigned long)op, 1);

	a[5] = 0x77;
	*op = frames_op(a, b, 8);
	op->status = 1;
	check_eq(hc_update_va_mapping((unsigned long)op, pte & ~PTE_RW, UVMF_INVLPG), 0,
		 "op array read-only");
	check_eq(gnttab_op(GNTTABOP_copy, op, 1), -XEN_EFAULT, "status not writable: -EFAULT");
	check(b[5] == 0x77 && op->status == 1, "the copy was done, the status left");
	check_eq(hc_update_va_mapping((unsigned long)op, pte, UVMF_INVLPG), 0, "writable again");
}

void copy_tests(void)
{
	copy_frames();
	copy_grefs();
	copy_refusals();
	copy_batch();
	copy_batch_shared_sides();
	copy_batch_domains();
	copy_status_fault();
}
