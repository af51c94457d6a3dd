/*
 * The sysctl sub-ops that describe the host and its domains to the
 * toolstack (`xl info`, `xl list`, `xl dmesg`, xen-init-dom0, libxl's NUMA
 * placement), each with Xen 4.17's semantics: physinfo, sched_id,
 * getdomaininfolist, cputopoinfo, numainfo, cpupool_op (pool 0) and
 * readconsole. The host as xeno sees it: one NUMA node holding all RAM and
 * every CPU, one socket of single-threaded cores, one cpupool (0) run by
 * credit2 with every online CPU and every domain in it.
 *
 * Each handler gets the request already copied in (common/sysctl.c), checks
 * it, writes the arrays behind its handles itself, and leaves the request
 * to be copied back whole on success. No lock is taken: the domain list is
 * read lock-free (common/domain.c), the heap counters are single words.
 */
#include <xeno/arch.h>
#include <xeno/bootinfo.h>
#include <xeno/console.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/mm.h>
#include <xeno/sched.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <xeno/subop.h>
#include <public/sysctl.h>

#define NODE_DISTANCE_LOCAL 10 /* ACPI SLIT's distance of a node to itself */

long sysctl_readconsole(struct xen_sysctl *op, struct subop_call c)
{
	return console_read_ring(&op->u.readconsole);
}

/*
 * As typed on the console, one key at a time. Xen preempts a long list; we
 * take at most DEBUG_KEYS_MAX (-E2BIG beyond: nothing done).
 */
#define DEBUG_KEYS_MAX 64
long sysctl_debug_keys(struct xen_sysctl *op, struct subop_call c)
{
	const struct xen_sysctl_debug_keys *k = &op->u.debug_keys;
	char keys[DEBUG_KEYS_MAX];

	if (k->nr_keys > DEBUG_KEYS_MAX)
		return -E2BIG;
	if (copy_from_guest_raw(keys, guest_handle_addr(k->keys), k->nr_keys))
		return -EFAULT;
	for (unsigned int i = 0; i < k->nr_keys; i++)
		console_debug_key(keys[i]);
	return 0;
}

/* Xen's total_pages: every RAM frame of the memory map, the hypervisor's own too. */
static u64 ram_pages(void)
{
	u64 n = 0;

	for (unsigned int i = 0; i < bootinfo.nr_memmap; i++)
		if (bootinfo.memmap[i].type == E820_RAM)
			n += bootinfo.memmap[i].size >> PAGE_SHIFT;
	return n;
}

long sysctl_physinfo(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_physinfo *pi = &op->u.physinfo;

	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->nr_cpus = num_online_cpus();
	pi->cores_per_socket = pi->nr_cpus;
	pi->max_cpu_id = nr_cpu_ids - 1;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
	pi->total_pages = ram_pages();
	pi->free_pages = heap_free_frames();
	pi->outstanding_pages = heap_outstanding_claims();
	pi->max_mfn = max_page - 1;
	arch_physinfo(pi);
	return 0;
}

long sysctl_sched_id(struct xen_sysctl *op, struct subop_call c)
{
	op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT2;
	return 0;
}

/* The domain with the lowest id at or above id, or NULL. */
static struct domain *domain_at_or_above(u32 id)
{
	struct domain *d = NULL;

	for (struct domain *x = domain_lookup_first(); x; x = x->next_in_list)
		if (x->domain_id >= id && (!d || x->domain_id < d->domain_id))
			d = x;
	return d;
}

long sysctl_getdomaininfolist(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
	struct xen_domctl info;
	struct domain *d;
	u32 n = 0;

	for (d = domain_at_or_above(l->first_domain); d && n < l->max_domains;
	     d = domain_at_or_above(d->domain_id + 1u)) {
		domctl_getdomaininfo(&info, (struct subop_call){.d = d});
		if (copy_to_guest_offset(l->buffer, n, &info.u.getdomaininfo, 1))
			return -EFAULT;
		n++;
	}
	l->num_domains = n;
	return 0;
}

long sysctl_cputopoinfo(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_cputopoinfo *ti = &op->u.cputopoinfo;
	unsigned int n = nr_cpu_ids;

	if (!guest_handle_is_null(ti->cputopo)) {
		n = MIN(n, ti->num_cpus);
		for (unsigned int i = 0; i < n; i++) {
			struct xen_sysctl_cputopo t = {.core = i, .socket = 0, .node = 0};

			if (copy_to_guest_offset(ti->cputopo, i, &t, 1))
				return -EFAULT;
		}
	}
	ti->num_cpus = n;
	return 0;
}

/* One node: its memory (bytes) and its distance to itself; NULL handles: the count. */
long sysctl_numainfo(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_numainfo *ni = &op->u.numainfo;
	struct xen_sysctl_meminfo mem = {
		.memsize = (u64)max_page << PAGE_SHIFT, /* spanned, as Xen */
		.memfree = (u64)heap_free_frames() << PAGE_SHIFT,
	};
	u32 distance = NODE_DISTANCE_LOCAL;

	if (guest_handle_is_null(ni->meminfo) && guest_handle_is_null(ni->distance)) {
		ni->num_nodes = 1;
		return 0;
	}
	if (ni->num_nodes == 0)
		return 0; /* room for none: none written, num_nodes stays 0 */
	if (!guest_handle_is_null(ni->meminfo) && copy_to_guest_offset(ni->meminfo, 0, &mem, 1))
		return -EFAULT;
	if (!guest_handle_is_null(ni->distance) &&
	    copy_to_guest_offset(ni->distance, 0, &distance, 1))
		return -EFAULT;
	ni->num_nodes = 1;
	return 0;
}

/* Bits 0 .. nr_cpu_ids - 1 of mask as Xen's byte bitmap, zero-filled to nr_bits. */
static long put_cpumap(struct xenctl_bitmap *map, u64 mask)
{
	u32 guest_bytes = (map->nr_bits + 7) / 8, ours = (nr_cpu_ids + 7) / 8;

	for (u32 i = 0; i < guest_bytes; i++) {
		u8 byte = i < ours && i < sizeof(mask) ? (u8)(mask >> (8 * i)) : 0;

		if (copy_to_guest_offset(map->bitmap, i, &byte, 1))
			return -EFAULT;
	}
	return 0;
}

static u32 domain_count(void)
{
	u32 n = 0;

	for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list)
		n++;
	return n;
}

long sysctl_cpupool_op(struct xen_sysctl *op, struct subop_call c)
{
	struct xen_sysctl_cpupool_op *p = &op->u.cpupool_op;

	switch (p->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		if (p->cpupool_id != 0)
			return -ENOENT; /* the lowest pool at or above it: none */
		p->sched_id = XEN_SCHEDULER_CREDIT2;
		p->n_dom = domain_count();
		return put_cpumap(&p->cpumap, cpu_online_map);
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		return put_cpumap(&p->cpumap, 0); /* every CPU is in pool 0 */
	default: return -ENOSYS;		  /* one pool: no create, destroy, moves */
	}
}
