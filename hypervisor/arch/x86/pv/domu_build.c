/*
 * Boot-time unprivileged domains, before any toolstack exists: every
 * multiboot module after dom0's kernel (and initrd) whose string reads
 *
 *   <file> domU [mem=<size>] [vcpus=<n>] [weight=<n>] [cap=<pct>]
 *               [cpus=<list>] [copies=<n>] [-- <kernel command line>]
 *
 * becomes a PV domain (copies=<n>: that many, from the one image), with
 * domain ids from 1 in module order. Defaults: mem=32M, vcpus=1, weight
 * 256, no cap, all CPUs (cpus=1 or 0-1 or 0,2 pins them). They are built before dom0, so dom0's
 * default memory is what they leave, and started once dom0 is built. A domain that cannot be built
 * is reported and skipped; dom0 still boots.
 */
#include <xeno/bootinfo.h>
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/param.h>
#include <xeno/sched.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <xeno/string.h>
#include <public/sched.h>

#define MAX_BOOT_DOMAINS 128

struct domu_spec {
	u64 mem;
	unsigned int vcpus, weight, cap, copies;
	const char *cmdline;
	u64 cpus; /* affinity, 0 = all */
};

/* "1", "0-3", "0,2": a CPU mask. */
static u64 parse_cpus(const char *s)
{
	u64 mask = 0;

	while (*s >= '0' && *s <= '9') {
		unsigned long a = simple_strtoul(s, &s, 10), b = a;

		if (*s == '-')
			b = simple_strtoul(s + 1, &s, 10);
		for (; a <= b && a < 64; a++)
			mask |= 1ULL << a;
		if (*s == ',')
			s++;
	}
	return mask;
}

static struct domain *boot_domains[MAX_BOOT_DOMAINS];
static unsigned int nr_boot_domains;
static domid_t next_domid = 1;

/* The module string's first word after the file name. */
static const char *module_args(const struct boot_module *m)
{
	const char *s = strchr(m->cmdline, ' ');

	while (s && *s == ' ')
		s++;
	return s ? s : "";
}

bool boot_module_is_domu(const struct boot_module *m)
{
	const char *a = module_args(m);

	return !strncmp(a, "domU", 4) && (a[4] == ' ' || a[4] == '\0');
}

/* One "key=value" word of the option list; false if unknown. */
static bool parse_option(struct domu_spec *s, const char *w)
{
	const char *v = strchr(w, '=');
	unsigned long n;

	if (!v)
		return false;
	n = simple_strtoul(++v, NULL, 0);
	if (!strncmp(w, "mem=", 4))
		s->mem = parse_size_and_unit(v, NULL);
	else if (!strncmp(w, "vcpus=", 6))
		s->vcpus = (unsigned int)n;
	else if (!strncmp(w, "weight=", 7))
		s->weight = (unsigned int)n;
	else if (!strncmp(w, "cap=", 4))
		s->cap = (unsigned int)n;
	else if (!strncmp(w, "copies=", 7))
		s->copies = (unsigned int)n;
	else if (!strncmp(w, "cpus=", 5))
		s->cpus = parse_cpus(v);
	else
		return false;
	return true;
}

static void parse_spec(const struct boot_module *m, struct domu_spec *s)
{
	const char *p = module_args(m) + 4;

	*s = (struct domu_spec){32UL << 20, 1, 256, 0, 1, "", 0};
	while (*p) {
		char word[64];
		size_t n;

		while (*p == ' ')
			p++;
		if (!strncmp(p, "--", 2) && (p[2] == ' ' || !p[2])) {
			s->cmdline = p[2] ? p + 3 : p + 2;
			break;
		}
		for (n = 0; p[n] && p[n] != ' '; n++)
			;
		strlcpy(word, p, MIN(n + 1, sizeof(word)));
		if (n && !parse_option(s, word))
			printk(XENLOG_WARNING "domU module: unknown option '%s' ignored\n", word);
		p += n;
	}
	s->vcpus = MAX(1u, MIN(s->vcpus, (unsigned int)MAX_DOMAIN_VCPUS));
	s->copies = MAX(1u, s->copies);
}

static void build_one(const struct boot_module *m, const struct domu_spec *s)
{
	domid_t id = next_domid++;
	struct domain *d = domain_create(id, false, s->vcpus);
	const char *why = "out of memory";

	if (!d || domain_create_vcpus(d) ||
	    pv_build_domain(d, m, NULL, (unsigned long)(s->mem >> PAGE_SHIFT), s->cmdline, &why)) {
		printk(XENLOG_ERR "Domain %u not built: %s\n", id, why);
		if (d)
			domain_shutdown(d, SHUTDOWN_crash);
		return;
	}
	sched_set_params(d, s->weight, s->cap);
	for (unsigned int i = 0; (s->cpus & cpu_online_map) && i < d->max_vcpus; i++)
		d->vcpu[i]->cpu_affinity = s->cpus;
	boot_domains[nr_boot_domains++] = d;
}

void arch_construct_boot_domains(void)
{
	for (unsigned int i = 1; i < bootinfo.nr_modules; i++) {
		const struct boot_module *m = &bootinfo.modules[i];
		struct domu_spec s;

		if (!boot_module_is_domu(m))
			continue;
		parse_spec(m, &s);
		for (unsigned int c = 0; c < s.copies && nr_boot_domains < MAX_BOOT_DOMAINS; c++)
			build_one(m, &s);
	}
}

void arch_start_boot_domains(void)
{
	for (unsigned int i = 0; i < nr_boot_domains; i++)
		vcpu_unpause_flag(boot_domains[i]->vcpu[0], VPF_down);
}
