/*
 * libFuzzer harness for libxcfg (make fuzz-cfg): the input is an xl.cfg
 * file; every string found in it (lists included) is also parsed as a
 * DISKSPEC and a VIFSPEC, and every key is looked up with each getter.
 *
 * Checked beyond the sanitizers: a failed parse leaves *out NULL and a
 * "fuzz.cfg:<line>: " message; a good parse holds only well-formed keys;
 * an accepted disk has a vdev whose number is the one it carries.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *why, const char *detail)
{
	fprintf(stderr, "fuzz_cfg: %s: %s\n", why, detail);
	abort();
}

static void check_specs(const char *s)
{
	struct xcfg_disk d;
	struct xcfg_vif v;
	char err[160];

	if (!xcfg_parse_disk(s, &d, err, sizeof(err))) {
		if (!d.vdev[0] || d.virtual_device != xcfg_vdev_to_number(d.vdev) ||
		    d.virtual_device < 0)
			die("disk accepted without a valid vdev", s);
		if (!memchr(d.target, 0, sizeof(d.target)) ||
		    !memchr(d.format, 0, sizeof(d.format)))
			die("disk field not terminated", s);
	} else if (!err[0]) {
		die("disk refused without a message", s);
	}
	if (!xcfg_parse_vif(s, &v, err, sizeof(err))) {
		if (v.has_mac && (v.mac[0] & 1))
			die("multicast mac accepted", s);
	} else if (!err[0]) {
		die("vif refused without a message", s);
	}
}

static void walk(const struct xcfg_value *v, int depth)
{
	if (depth > 40)
		die("list deeper than the parser allows", "");
	if (v->kind != XCFG_LIST) {
		check_specs(v->str);
		return;
	}
	for (size_t i = 0; i < v->nr_items; i++)
		walk(&v->items[i], depth + 1);
}

static void check_cfg(struct xcfg *cfg)
{
	static const char *const known[] = {"name", "memory", "vcpus", "disk", "vif", NULL};
	char err[160];

	for (size_t i = 0; i < cfg->nr_entries; i++) {
		const char *k = cfg->entries[i].key, *s;
		const struct xcfg_value *l;
		long n;

		if (k[0] < 'a' || k[0] > 'z' ||
		    strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789._") != strlen(k))
			die("bad key accepted", k);
		xcfg_get_string(cfg, k, &s, err, sizeof(err));
		xcfg_get_long(cfg, k, &n, err, sizeof(err));
		xcfg_get_list(cfg, k, &l, err, sizeof(err));
		walk(&cfg->entries[i].value, 0);
	}
	xcfg_check_keys(cfg, known, err, sizeof(err));
	xcfg_override(cfg, "memory = 64", err, sizeof(err));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xcfg *cfg = (void *)1;
	char err[160] = "";
	int rc = xcfg_parse("fuzz.cfg", (const char *)data, size, &cfg, err, sizeof(err));

	if (rc) {
		if (cfg || strncmp(err, "fuzz.cfg:", 9))
			die("failed parse without NULL and a located message", err);
		return 0;
	}
	check_cfg(cfg);
	xcfg_free(cfg);
	return 0;
}
