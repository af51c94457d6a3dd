/*
 * libxcfg: domain configuration files in xl.cfg syntax, and the disk and
 * vif spec strings their lists hold.
 *
 * A file is `key = value` or `key += value` assignments separated by
 * newlines or ';'. Values: strings in '..' or "..", numbers (strtol base
 * 0, kept as their text: a quoted "512" works where a number is expected),
 * and lists [ v, v, ] (nestable, newlines and comments allowed inside).
 * '#' comments to the end of the line. The last assignment of a key wins.
 *
 * Errors are "file:line: message" in the caller's buffer (and -EINVAL);
 * nothing is half-parsed: on error *out is NULL. A parsed struct xcfg owns
 * all its memory; free it with xcfg_free().
 */
#ifndef TOOLS_LIBS_XCFG_H
#define TOOLS_LIBS_XCFG_H

#include <stdbool.h>
#include <stddef.h>

enum xcfg_kind { XCFG_STRING, XCFG_NUMBER, XCFG_LIST };

struct xcfg_value {
	enum xcfg_kind kind;
	char *str;		  /* XCFG_STRING, XCFG_NUMBER: the text */
	struct xcfg_value *items; /* XCFG_LIST */
	size_t nr_items;
	int line;
};

struct xcfg_entry {
	char *key;
	struct xcfg_value value;
	int line;
};

struct xcfg {
	char *file; /* the name errors carry */
	struct xcfg_entry *entries;
	size_t nr_entries;
};

/* Parse len bytes of text; fname names it in errors. 0 or -errno. */
int xcfg_parse(const char *fname, const char *text, size_t len, struct xcfg **out, char *err,
	       size_t errlen);
/* Read and parse a file (at most 1 MiB). */
int xcfg_parse_file(const char *path, struct xcfg **out, char *err, size_t errlen);
/* Apply one command-line override ("key=value", the file's syntax) on top of cfg. */
int xcfg_override(struct xcfg *cfg, const char *text, char *err, size_t errlen);
void xcfg_free(struct xcfg *cfg);

/* Lookups: the value of key, or NULL. */
const struct xcfg_value *xcfg_get(const struct xcfg *cfg, const char *key);
/* 0, -ENOENT (absent: *out untouched) or -EINVAL (wrong type; message in err). */
int xcfg_get_string(const struct xcfg *cfg, const char *key, const char **out, char *err,
		    size_t errlen);
int xcfg_get_long(const struct xcfg *cfg, const char *key, long *out, char *err, size_t errlen);
int xcfg_get_list(const struct xcfg *cfg, const char *key, const struct xcfg_value **out, char *err,
		  size_t errlen);
/* A number's text as a long (strtol base 0, the whole text). 0 or -EINVAL. */
int xcfg_to_long(const char *text, long *out);

/* Keys not in known[] (NULL-terminated): -EINVAL with "file:line: unknown
 * key 'memmory' (did you mean 'memory'?)" for the first one, else 0. */
int xcfg_check_keys(const struct xcfg *cfg, const char *const known[], char *err, size_t errlen);

/* disk.c: one DISKSPEC (xl-disk-configuration). */
struct xcfg_disk {
	char target[256];
	char format[16];      /* "raw" by default */
	char vdev[16];	      /* mandatory */
	char backend[64];     /* domain name or id, "" = dom0 */
	char backendtype[16]; /* "" = automatic */
	char script[64];
	bool readwrite; /* access: rw/w (default) or ro/r */
	bool cdrom;
	bool discard, direct_io_safe, trusted;
	int virtual_device; /* vdev encoded as xen-vbd-interface(7) */
};
/* 0 or -EINVAL with the reason in err. */
int xcfg_parse_disk(const char *spec, struct xcfg_disk *disk, char *err, size_t errlen);
/* xen-vbd-interface(7) number of a vdev name ("xvda" 51712), or -EINVAL. */
int xcfg_vdev_to_number(const char *vdev);

/* vif.c: one VIFSPEC (xl-network-configuration). */
struct xcfg_vif {
	unsigned char mac[6];
	bool has_mac;	  /* false: the toolstack picks 00:16:3e:xx:xx:xx */
	char bridge[64];  /* "xenbr0" by default */
	char script[128]; /* "vif-bridge" by default */
	char vifname[32];
	char ip[128];
	char backend[64];
	char model[32];
	char type[16];
	char gatewaydev[32];
	char vlan[32];
	unsigned long rate_bytes, rate_usec; /* 0, 0: unlimited */
	int mtu;			     /* 0: default */
	int devid;			     /* -1: the list index */
	bool trusted;
};
int xcfg_parse_vif(const char *spec, struct xcfg_vif *vif, char *err, size_t errlen);

#endif /* TOOLS_LIBS_XCFG_H */
