/*
 * Foreign mappings (xeno only: dom0 + a boot-time domU, role=peer): the
 * privileged domain maps a frame of another domain, named by machine frame
 * number, with update_va_mapping_otherdomain and with mmu_update's
 * foreigndom; without naming the owner the same request is refused; the
 * domU may do neither, nor name dom0's page tables (-EPERM). dom0 writes a reply the domU then
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

static uint64_t peer_frame(void)
{
	uint64_t mfn = 0;
	struct gnttab_copy c = {.len = 8, .flags = GNTCOPY_source_gref};

	c.source.u.ref = REF_INFO;
	c.source.domid = PEER;
	c.dest.u.gmfn = virt_to_mfn(&mfn);
	c.dest.offset = (uint16_t)((unsigned long)&mfn & 0xfff);
	c.dest.domid = DOMID_SELF;
	for (uint64_t end = system_time() + 10 * SECOND; system_time() < end;) {
		if (!gnttab_op(GNTTABOP_copy, &c, 1) && c.status == GNTST_okay && mfn)
			return mfn;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return 0;
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
	uint64_t mfn = peer_frame(), pte = (mfn << 12) | PTE_RW_PRESENT;
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
