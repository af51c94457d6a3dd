/*
 * Foreign mappings (xeno only: dom0 + a boot-time domU, role=peer): the
 * privileged domain maps a frame of another domain, named by machine frame
 * number, with update_va_mapping_otherdomain and with mmu_update's
 * foreigndom; without naming the owner the same request is refused; the
 * domU may do neither, nor name dom0's page tables (-EPERM). Batches of such requests stop at a
 * bad one in the middle with its own error (batch_edges). dom0 writes a reply the domU then
 * reads. Finally dom0 destroys the domU while still mapping its frame: the frame outlives the
 * domain (its data intact) until dom0 unmaps it. The domU tells dom0 its frame number through a
 * grant dom0 copies from.
 */
#include <guest.h>
#include <guest_domctl.h>
#include <guest_events.h>
#include <guest_mm.h>
#include <guest_grant.h>

const char test_title[] = "foreign-map: the control domain maps another domain's frames";

#define PEER 1
#define REF_INFO 10
#define SECOND 1000000000UL
#define PTE_RW_PRESENT 0x63UL

static const char secret[] = "d1's data page";
static const char reply[] = "written by dom0";

/* The domU: its data page's mfn in a page granted to dom0 (ref 10). */
static void publish(uint64_t *info, const char *data)
{
	xen_pfn_t mfn = 0;
	struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 1};
	struct grant_entry_v1 *table = alloc_page();

	st.frame_list.p = &mfn;
	if (!table || gnttab_op(GNTTABOP_setup_table, &st, 1) || st.status ||
	    hc_update_va_mapping((unsigned long)table, (mfn << 12) | PTE_RW_PRESENT, UVMF_INVLPG)) {
		error("grant table setup");
		return;
	}
	info[0] = virt_to_mfn(data);
	info[1] = entry_maddr(pt_entry_of((unsigned long)data, 1)) >> 12; /* a typed frame */
	table[REF_INFO].frame = (uint32_t)virt_to_mfn(info);
	table[REF_INFO].domid = 0;
	__atomic_store_n(&table[REF_INFO].flags, GTF_permit_access | GTF_readonly,
			 __ATOMIC_RELEASE);
}

static void run_peer(void)
{
	char *data = alloc_page();
	uint64_t *info = alloc_page(), *scratch = alloc_page();
	long port;

	if (!data || !info || !scratch) {
		error("pages");
		return;
	}
	memcpy(data, secret, sizeof(secret));
	publish(info, data);
	check_eq(hypercall(__HYPERVISOR_update_va_mapping_otherdomain, (long)scratch,
			   (long)((virt_to_mfn(data) << 12) | PTE_RW_PRESENT), UVMF_INVLPG, 0, 0),
		 -XEN_EPERM, "update_va_mapping_otherdomain from a domU");
	check_eq(hc_mmu_update(
			 &(struct mmu_update){entry_maddr(pt_entry_of((unsigned long)scratch, 1)),
					      (virt_to_mfn(data) << 12) | PTE_RW_PRESENT},
			 1, NULL, 0),
		 -XEN_EPERM, "mmu_update naming dom0 as the frames' owner, from a domU");
	check_eq(hc_mmu_update(
			 &(struct mmu_update){entry_maddr(pt_entry_of((unsigned long)scratch, 1)),
					      0},
			 1, NULL, (0 + 1) << 16 | DOMID_SELF),
		 -XEN_EPERM,
		 "mmu_update naming dom0's page tables (foreigndom's bits 31..16), from a domU");
	port = alloc_unbound(DOMID_SELF, 0);
	if (port < 0) {
		error("alloc_unbound");
		return;
	}
	port_mask((unsigned int)port);
	if (!wait_port((evtchn_port_t)port, 10 * SECOND)) {
		fail("dom0 never signalled");
		return;
	}
	check(!memcmp(data, reply, sizeof(reply)), "dom0's reply in our page: '%s'", data);
}

/* d1's data frame and the frame of its L1 that maps it (info[0], info[1]). */
static uint64_t peer_frames(uint64_t *l1)
{
	static uint64_t got[2] __attribute__((aligned(16)));
	struct gnttab_copy c = {.len = sizeof(got), .flags = GNTCOPY_source_gref};

	c.source.u.ref = REF_INFO;
	c.source.domid = PEER;
	c.dest.u.gmfn = virt_to_mfn(got);
	c.dest.offset = (uint16_t)((unsigned long)got & 0xfff);
	c.dest.domid = DOMID_SELF;
	for (uint64_t end = system_time() + 10 * SECOND; system_time() < end;) {
		if (!gnttab_op(GNTTABOP_copy, &c, 1) && c.status == GNTST_okay && got[0]) {
			*l1 = got[1];
			return got[0];
		}
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return 0;
}

/*
 * Batches with foreigndom d1 whose requests after the first go into the
 * same L1 of ours (the hypervisor's run of privcmd-like requests): one bad
 * request in the middle stops the batch there with the single request's
 * error and the earlier ones done; a request over a present entry, or
 * another command, goes on. mm_audit (on in tests) checks the references
 * after each call.
 */
#define SLOTS 4
static void batch_edges(uint64_t mfn, uint64_t peer_l1)
{
	static char slot[SLOTS][4096] __attribute__((aligned(4096)));
	static uint64_t plain[512] __attribute__((aligned(4096)));
	struct mmu_update u[SLOTS];
	uint64_t pte = (mfn << 12) | PTE_RW_PRESENT, at[SLOTS], own = virt_to_mfn(&slot[0][0]);
	unsigned int done;

	for (int i = 0; i < SLOTS; i++) {
		at[i] = entry_maddr(pt_entry_of((unsigned long)slot[i], 1));
		check(at[i] >> 12 == at[0] >> 12, "slot %d in the first slot's L1", i);
		check(!hc_update_va_mapping((unsigned long)slot[i], 0, UVMF_INVLPG),
		      "empty slot %d", i);
	}
	u[0] = (struct mmu_update){at[0], pte};
	u[1] = (struct mmu_update){at[1] | MMU_PT_UPDATE_NO_TRANSLATE, pte & ~2UL};
	u[2] = (struct mmu_update){at[2], pte};
	u[3] = (struct mmu_update){at[3], pte | 1UL << 62}; /* the grant mark: no guest's */
	check_eq(hc_mmu_update(u, SLOTS, &done, PEER), -XEN_EINVAL, "an illegal bit in request 3");
	check_eq(done, 3, "requests done before it");
	mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
	for (int i = 0; i < 3; i++)
		check(!memcmp(slot[i], secret, sizeof(secret)), "d1's data through slot %d", i);
	check_eq(*pt_entry_of((unsigned long)slot[3], 1), 0, "slot 3 untouched");
	u[0] = (struct mmu_update){at[3], pte & ~2UL};
	u[1] = (struct mmu_update){at[0], pte & ~2UL}; /* over a present entry */
	u[2] = (struct mmu_update){at[1] | MMU_PT_UPDATE_PRESERVE_AD, pte};
	u[3] = (struct mmu_update){at[2], 0};
	check_eq(hc_mmu_update(u, SLOTS, &done, PEER), 0,
		 "over present entries and other commands");
	check_eq(done, SLOTS, "all done");
	for (int i = 0; i < SLOTS; i++)
		check(!hc_update_va_mapping((unsigned long)slot[i], 0, UVMF_INVLPG),
		      "empty slot %d again", i);
	u[0] = (struct mmu_update){at[0], pte};
	u[1] = (struct mmu_update){at[1], (peer_l1 << 12) | PTE_RW_PRESENT};
	check_eq(hc_mmu_update(u, 2, &done, PEER), -XEN_EBUSY, "d1's L1 writable, request 2");
	check_eq(done, 1, "one done before it");
	u[1] = (struct mmu_update){at[1], (own << 12) | PTE_RW_PRESENT};
	check(hc_mmu_update(u + 1, 1, &done, PEER) < 0 && !done, "our frame named as d1's");
	u[0] = (struct mmu_update){at[2], (peer_l1 << 12) | 1};
	check_eq(hc_mmu_update(u, 2, &done, PEER), hc_mmu_update(u + 1, 1, NULL, PEER),
		 "our frame as d1's, request 2: the single request's error");
	check_eq(done, 1, "one done before it");
	/* a plain frame of ours at the offset of an empty entry of that L1: written as such */
	u[0] = (struct mmu_update){at[3], pte & ~2UL};
	u[1] = (struct mmu_update){entry_maddr(&plain[(at[1] & 0xfff) / 8]), pte};
	check_eq(hc_mmu_update(u, 2, &done, PEER), 0, "an L1 entry, then a plain frame");
	check_eq(done, 2, "both done");
	check_eq(plain[(at[1] & 0xfff) / 8], pte, "the plain frame written");
	check_eq(*pt_entry_of((unsigned long)slot[1], 1), 0,
		 "the L1's entry at that offset untouched");
	for (int i = 0; i < SLOTS; i++)
		check(!hc_update_va_mapping((unsigned long)slot[i], 0, UVMF_INVLPG),
		      "empty slot %d at the end", i);
}

static void destroy_while_mapped(char *va)
{
	struct xen_domctl op;
	struct xen_domctl_getdomaininfo info;

	for (uint64_t end = system_time() + 10 * SECOND; system_time() < end;) {
		if (!domain_info(PEER, &info) && (info.flags & XEN_DOMINF_shutdown))
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	memset(&op, 0, sizeof(op));
	check_eq(domctl(&op, XEN_DOMCTL_destroydomain, PEER), 0, "destroy d1");
	check(!memcmp(va, reply, sizeof(reply)), "the frame we map outlives its domain");
	check_eq(hc_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG), 0,
		 "unmap the destroyed domain's frame");
}

static void run_dom0(void)
{
	char *va = alloc_page(), *va2 = alloc_page();
	uint64_t peer_l1 = 0, mfn = peer_frames(&peer_l1), pte = (mfn << 12) | PTE_RW_PRESENT;
	struct evtchn_bind_interdomain b = {.remote_dom = PEER};
	long remote = find_offered_port(PEER);

	if (!mfn || remote < 0 || !va || !va2) {
		error("no frame number (%lx) or port from d1", (unsigned long)mfn);
		return;
	}
	/* -EBUSY as Xen 4.17 (get_page_from_l1e: a frame of another owner). */
	check_eq(hc_update_va_mapping((unsigned long)va2, pte, UVMF_INVLPG), -XEN_EBUSY,
		 "mapping d1's frame as our own");
	check_eq(hypercall(__HYPERVISOR_update_va_mapping_otherdomain, (long)va, (long)pte,
			   UVMF_INVLPG, PEER, 0),
		 0, "update_va_mapping_otherdomain");
	check(!memcmp(va, secret, sizeof(secret)), "d1's data through the mapping");
	check_eq(hc_mmu_update(
			 &(struct mmu_update){entry_maddr(pt_entry_of((unsigned long)va2, 1)), pte},
			 1, NULL, PEER),
		 0, "mmu_update with foreigndom d1");
	mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)va2); /* mmu_update does not flush */
	check(!memcmp(va2, secret, sizeof(secret)), "d1's data through the second mapping");
	check_eq(hc_update_va_mapping((unsigned long)va2, 0, UVMF_INVLPG), 0, "unmap one");
	batch_edges(mfn, peer_l1);
	memcpy(va, reply, sizeof(reply));
	b.remote_port = (evtchn_port_t)remote;
	check_eq(evtchn_op(EVTCHNOP_bind_interdomain, &b), 0, "bind to d1");
	evtchn_send(b.local_port);
	destroy_while_mapped(va);
}

void test_main(void)
{
	const char *role = cmdline_option("role");

	if (!events_init())
		return;
	if (role && !strcmp(role, "peer"))
		run_peer();
	else
		run_dom0();
}
