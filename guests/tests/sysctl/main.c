/*
 * sysctl: the host-wide queries of the toolstack, with Xen 4.17's
 * semantics. The same image runs
 *   as dom0 alone (on xeno and on Xen 4.17): physinfo, sched_id,
 *     getdomaininfolist's first_domain/max_domains edges, cputopoinfo and
 *     numainfo (NULL handles: the counts; short buffers), cpupool_op INFO
 *     (pool 0; pool 1 -ENOENT) and FREEINFO, readconsole (a window, then
 *     the next one incrementally), debug_keys ('q' dumps the domains into
 *     the console ring; an unreadable key list), XENVER_build_id's len
 *     check, and the refusals (interface version, unreadable buffers);
 *   as dom0 with a boot-time domU (command line "domu"; xeno only): the
 *     list also holds the domU, after dom0, in id order;
 *   as that domU (role=domu): every sysctl is -EPERM (Xen's dummy XSM
 *     policy: xsm_sysctl is XSM_PRIV), after the version check (-EACCES).
 */
#include <guest.h>
#include <guest_domctl.h>
#include <public/sysctl.h>
#include <public/version.h>

const char test_title[] = "sysctl: physinfo, domain list, topology, cpupool 0, console ring";

static long sysctl(struct xen_sysctl *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall(__HYPERVISOR_sysctl, (long)op, 0, 0, 0, 0);
}

static struct xen_sysctl_physinfo pi;

static void test_physinfo(void)
{
	struct xen_sysctl op = {0};

	check_eq(sysctl(&op, XEN_SYSCTL_physinfo), 0, "physinfo");
	pi = op.u.physinfo;
	check(pi.nr_cpus >= 1 && pi.max_cpu_id + 1 >= pi.nr_cpus, "CPUs: %u, max id %u", pi.nr_cpus,
	      pi.max_cpu_id);
	check_eq(pi.nr_nodes, 1, "one node");
	check(pi.threads_per_core >= 1 && pi.cores_per_socket >= 1, "topology %u x %u",
	      pi.threads_per_core, pi.cores_per_socket);
	check(pi.total_pages > pi.free_pages && pi.free_pages > 0, "pages: total %lu, free %lu",
	      (unsigned long)pi.total_pages, (unsigned long)pi.free_pages);
	check(pi.total_pages > start_info->nr_pages, "total pages above dom0's");
	check(pi.max_mfn + 1 >= pi.total_pages, "max_mfn %lu", (unsigned long)pi.max_mfn);
	check(pi.capabilities & XEN_SYSCTL_PHYSCAP_pv, "capabilities %#x say PV", pi.capabilities);
	check(pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1, "grant table v1");
	check(pi.cpu_khz > 100000, "cpu_khz %u", pi.cpu_khz);
	check(pi.hw_cap[0] & 1, "hw_cap[0] (CPUID 1.edx) has FPU: %#x", pi.hw_cap[0]);
	memset(&op, 0, sizeof(op));
	check_eq(sysctl(&op, XEN_SYSCTL_sched_id), 0, "sched_id");
	check_eq(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT2, "the scheduler is credit2");
}

static long domain_list(domid_t first, uint32_t max, xen_domctl_getdomaininfo_t *buf, uint32_t *num)
{
	struct xen_sysctl op = {0};
	long rc;

	op.u.getdomaininfolist.first_domain = first;
	op.u.getdomaininfolist.max_domains = max;
	op.u.getdomaininfolist.num_domains = 0xdead;
	set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
	rc = sysctl(&op, XEN_SYSCTL_getdomaininfolist);
	*num = op.u.getdomaininfolist.num_domains;
	return rc;
}

static void test_domain_list(bool domu)
{
	static xen_domctl_getdomaininfo_t buf[8];
	struct xen_domctl_getdomaininfo self;
	uint32_t n, want = domu ? 2 : 1;

	check_eq(domain_list(0, 8, buf, &n), 0, "list from 0");
	check_eq(n, want, "domains listed");
	check_eq(buf[0].domain, 0, "dom0 first");
	if (domu)
		check_eq(buf[1].domain, 1, "then d1");
	if (domain_info(0, &self) == 0) {
		check_eq(buf[0].tot_pages, self.tot_pages, "entry = getdomaininfo: tot_pages");
		check_eq(buf[0].shared_info_frame, self.shared_info_frame, "entry: shared_info");
		check_eq(buf[0].max_vcpu_id, self.max_vcpu_id, "entry: max_vcpu_id");
	}
	check_eq(domain_list(0, 0, buf, &n), 0, "max_domains 0");
	check_eq(n, 0, "max_domains 0 lists none");
	buf[0].domain = 0x1234;
	check_eq(domain_list(1, 1, buf, &n), 0, "list from 1");
	check_eq(n, domu ? 1 : 0, "domains at or above 1");
	if (domu)
		check_eq(buf[0].domain, 1, "d1 at or above 1");
	check_eq(domain_list(0x7fef, 8, buf, &n), 0, "list from 0x7fef");
	check_eq(n, 0, "none at or above 0x7fef");
	check_eq(domain_list(0, 1, (void *)0x1000, &n), -XEN_EFAULT, "unwritable buffer");
	check_eq(domain_list(0x7fef, 1, (void *)0x1000, &n), 0, "nothing to write: no fault");
}

static void test_topology(void)
{
	static struct xen_sysctl_meminfo mem[4];
	static uint32_t dist[16];
	static struct xen_sysctl_cputopo topo[64];
	struct xen_sysctl op = {0};

	check_eq(sysctl(&op, XEN_SYSCTL_numainfo), 0, "numainfo count");
	check_eq(op.u.numainfo.num_nodes, 1, "numainfo: one node");
	memset(&op, 0, sizeof(op));
	op.u.numainfo.num_nodes = 4;
	set_xen_guest_handle(op.u.numainfo.meminfo, mem);
	set_xen_guest_handle(op.u.numainfo.distance, dist);
	check_eq(sysctl(&op, XEN_SYSCTL_numainfo), 0, "numainfo");
	check_eq(op.u.numainfo.num_nodes, 1, "numainfo: num_nodes shrunk to 1");
	check(mem[0].memsize >= pi.total_pages << 12, "node 0 bytes %lu",
	      (unsigned long)mem[0].memsize);
	check(mem[0].memfree > 0 && mem[0].memfree <= mem[0].memsize, "node 0 free %lu",
	      (unsigned long)mem[0].memfree);
	check_eq(dist[0], 10, "distance 0-0");
	op.u.numainfo.num_nodes = 0;
	check_eq(sysctl(&op, XEN_SYSCTL_numainfo), 0, "numainfo, room for none");
	check_eq(op.u.numainfo.num_nodes, 0, "room for none: num_nodes 0");

	memset(&op, 0, sizeof(op));
	check_eq(sysctl(&op, XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo count");
	check_eq(op.u.cputopoinfo.num_cpus, pi.max_cpu_id + 1, "cputopoinfo: max_cpu_id + 1");
	op.u.cputopoinfo.num_cpus = 1;
	topo[1].node = 0x55;
	set_xen_guest_handle(op.u.cputopoinfo.cputopo, topo);
	check_eq(sysctl(&op, XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo, one");
	check_eq(op.u.cputopoinfo.num_cpus, 1, "cputopoinfo: one written");
	check_eq(topo[0].node, 0, "CPU 0 on node 0");
	check_eq(topo[1].node, 0x55, "nothing past the room given");
}

static long cpupool(uint32_t opn, uint32_t id, uint8_t *map, struct xen_sysctl *op)
{
	memset(op, 0, sizeof(*op));
	op->u.cpupool_op.op = opn;
	op->u.cpupool_op.cpupool_id = id;
	set_xen_guest_handle(op->u.cpupool_op.cpumap.bitmap, map);
	op->u.cpupool_op.cpumap.nr_bits = 8 * 8;
	return sysctl(op, XEN_SYSCTL_cpupool_op);
}

static void test_cpupool(void)
{
	static uint8_t map[8];
	struct xen_sysctl op;
	unsigned int bits = 0;

	memset(map, 0xff, sizeof(map));
	check_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 0, map, &op), 0, "pool 0 info");
	check_eq(op.u.cpupool_op.cpupool_id, 0, "pool 0");
	check_eq(op.u.cpupool_op.sched_id, XEN_SCHEDULER_CREDIT2, "pool 0 runs credit2");
	check(op.u.cpupool_op.n_dom >= 1, "pool 0 holds %u domains", op.u.cpupool_op.n_dom);
	for (unsigned int i = 0; i < 64; i++)
		bits += (map[i / 8] >> (i % 8)) & 1;
	check_eq(bits, pi.nr_cpus, "pool 0's CPUs: every online one, zeros beyond");
	check_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_INFO, 1, map, &op), -XEN_ENOENT, "no pool 1");
	memset(map, 0xff, sizeof(map));
	check_eq(cpupool(XEN_SYSCTL_CPUPOOL_OP_FREEINFO, 0, map, &op), 0, "free CPUs");
	check_eq(map[0] | map[7], 0, "no free CPU");
}

static long readconsole(char *buf, uint32_t count, bool incremental, uint32_t *index)
{
	struct xen_sysctl op = {0};
	long rc;

	op.u.readconsole.incremental = incremental;
	op.u.readconsole.index = *index;
	op.u.readconsole.count = count;
	set_xen_guest_handle(op.u.readconsole.buffer, buf);
	rc = sysctl(&op, XEN_SYSCTL_readconsole);
	*index = op.u.readconsole.index;
	return rc ? rc : (long)op.u.readconsole.count;
}

static bool has_xen_line(const char *s, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++)
		if (s[i] == '\n' && !memcmp(s + i + 1, "(XEN) ", 6))
			return true;
	return false;
}

static void test_readconsole(void)
{
	static char all[4096], part[32];
	uint32_t index = 0, start;

	long n = readconsole(all, sizeof(all), false, &index);

	check(n >= 64 && n <= (long)sizeof(all), "readconsole: %ld bytes of the ring", n);
	check(has_xen_line(all, (size_t)n), "the ring holds hypervisor lines");
	start = index - (uint32_t)n;
	index = 0;
	check_eq(readconsole(part, 16, false, &index), 16, "readconsole: 16 bytes");
	check_eq(index, start + 16, "index after 16 bytes");
	check_eq(readconsole(part + 16, 16, true, &index), 16, "readconsole: the next 16");
	check(!memcmp(part, all, 32), "two windows make the first 32 bytes");
	index = start - 100; /* before the oldest byte kept */
	check_eq(readconsole(part, 16, true, &index), 16, "an index outside the ring");
	check(!memcmp(part, all, 16), "an index outside the ring reads from the oldest byte");
	check_eq(readconsole((void *)0x1000, 16, false, &index), -XEN_EFAULT, "unwritable buffer");
}

static bool contains(const char *s, size_t n, const char *want)
{
	size_t w = strlen(want);

	for (size_t i = 0; i + w <= n; i++)
		if (!memcmp(s + i, want, w))
			return true;
	return false;
}

static long debug_keys(const char *keys, uint32_t nr)
{
	struct xen_sysctl op = {0};

	set_xen_guest_handle(op.u.debug_keys.keys, (char *)keys);
	op.u.debug_keys.nr_keys = nr;
	return sysctl(&op, XEN_SYSCTL_debug_keys);
}

static void test_debug_keys(void)
{
	static char ring[16384];
	uint32_t index = 0;
	long n;

	check_eq(debug_keys("q", 0), 0, "debug_keys: no key");
	check_eq(debug_keys("q", 1), 0, "debug_keys 'q'");
	n = readconsole(ring, sizeof(ring), false, &index);
	check(n > 0 && contains(ring, (size_t)n, "'q' pressed"),
	      "'q' dumped the domains into the console ring (%ld bytes read)", n);
	check_eq(debug_keys((const char *)0x1000, 1), -XEN_EFAULT, "debug_keys: unreadable keys");
}

static void test_refusals(void)
{
	struct xen_sysctl op = {0};
	struct xen_varbuf vb = {0};

	op.cmd = XEN_SYSCTL_physinfo;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
	check_eq(hypercall(__HYPERVISOR_sysctl, (long)&op, 0, 0, 0, 0), -XEN_EACCES,
		 "wrong interface version");
	check_eq(hypercall(__HYPERVISOR_sysctl, 0x1000, 0, 0, 0, 0), -XEN_EFAULT,
		 "unreadable request");
	check_eq(hypercall(__HYPERVISOR_xen_version, XENVER_build_id, (long)&vb, 0, 0, 0),
		 -XEN_EINVAL, "build_id with len 0");
}

/* A domU: the version check first, then -EPERM for every sysctl. */
static void test_domu(void)
{
	static const uint32_t cmds[] = {
		XEN_SYSCTL_readconsole,	      XEN_SYSCTL_physinfo,    XEN_SYSCTL_sched_id,
		XEN_SYSCTL_getdomaininfolist, XEN_SYSCTL_cputopoinfo, XEN_SYSCTL_numainfo,
		XEN_SYSCTL_cpupool_op,	      XEN_SYSCTL_debug_keys,
	};
	struct xen_sysctl op = {0};
	struct xen_varbuf vb = {.len = 4};

	op.cmd = XEN_SYSCTL_physinfo;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
	check_eq(hypercall(__HYPERVISOR_sysctl, (long)&op, 0, 0, 0, 0), -XEN_EACCES,
		 "domU: wrong interface version");
	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memset(&op, 0, sizeof(op));
		check_eq(sysctl(&op, cmds[i]), -XEN_EPERM, "domU: a sysctl");
		check_eq(op.u.physinfo.nr_cpus, 0, "domU: nothing written back");
	}
	check_eq(hypercall(__HYPERVISOR_xen_version, XENVER_build_id, (long)&vb, 0, 0, 0),
		 -XEN_EPERM, "domU: build_id");
}

void test_main(void)
{
	if (cmdline_option("role")) {
		test_domu();
		return;
	}
	test_physinfo();
	test_domain_list(cmdline_option("domu") != NULL);
	test_topology();
	test_cpupool();
	test_readconsole();
	test_debug_keys();
	test_refusals();
	if (cmdline_option("domu"))
		wait_domain_shutdown(1); /* its verdict printed before dom0 powers off */
}
