/*
 * libxcfg (xcfg.h): the parsed configuration: assignment (last wins, +=
 * appends), typed lookups with xl's messages, command-line overrides and
 * the unknown-key check.
 *
 * Invariants: keys in cfg->entries are unique (a reassignment replaces the
 * value in place and records its line); every string is malloc'd and owned
 * by the entry.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xcfg_private.h"

void xcfg_value_clear(struct xcfg_value *v)
{
	for (size_t i = 0; i < v->nr_items; i++)
		xcfg_value_clear(&v->items[i]);
	free(v->items);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

void xcfg_free(struct xcfg *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nr_entries; i++) {
		free(cfg->entries[i].key);
		xcfg_value_clear(&cfg->entries[i].value);
	}
	free(cfg->entries);
	free(cfg->file);
	free(cfg);
}

static struct xcfg_entry *find(const struct xcfg *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nr_entries; i++)
		if (!strcmp(cfg->entries[i].key, key))
			return &cfg->entries[i];
	return NULL;
}

/* old += v: lists concatenate, strings concatenate, numbers refuse. */
static int append_value(struct xcfg_value *old, struct xcfg_value *v, const char *file, int line,
			char *err, size_t errlen)
{
	if (old->kind != v->kind || old->kind == XCFG_NUMBER) {
		if (line > 0)
			snprintf(err, errlen, "%s:%d: '+=' needs a string or a list on both sides",
				 file, line);
		else
			snprintf(err, errlen,
				 "<command line>: '+=' needs a string or a list on both "
				 "sides");
		return -EINVAL;
	}
	if (old->kind == XCFG_LIST) {
		struct xcfg_value *n =
			realloc(old->items, (old->nr_items + v->nr_items) * sizeof(*n) + 1);

		if (!n)
			return -ENOMEM;
		if (v->nr_items) /* `+= []` has no items to copy (and none allocated) */
			memcpy(n + old->nr_items, v->items, v->nr_items * sizeof(*n));
		old->items = n;
		old->nr_items += v->nr_items;
		free(v->items);
	} else {
		size_t a = strlen(old->str), b = strlen(v->str);
		char *n = realloc(old->str, a + b + 1);

		if (!n)
			return -ENOMEM;
		memcpy(n + a, v->str, b + 1);
		old->str = n;
		free(v->str);
	}
	memset(v, 0, sizeof(*v));
	return 0;
}

int xcfg_assign(struct xcfg *cfg, char *key, struct xcfg_value *v, bool append, int line, char *err,
		size_t errlen)
{
	struct xcfg_entry *e = find(cfg, key), *n;
	int rc;

	if (e && append) {
		rc = append_value(&e->value, v, cfg->file, line, err, errlen);
		if (!rc)
			free(key);
		e->line = line;
		return rc;
	}
	if (e) {
		xcfg_value_clear(&e->value);
		e->value = *v;
		e->line = line;
		free(key);
		return 0;
	}
	n = realloc(cfg->entries, (cfg->nr_entries + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	cfg->entries = n;
	n[cfg->nr_entries++] = (struct xcfg_entry){key, *v, line};
	return 0;
}

int xcfg_override(struct xcfg *cfg, const char *text, char *err, size_t errlen)
{
	return xcfg_parse_into(cfg, "<command line>", 0, text, strlen(text), err, errlen);
}

const char *xcfg_where(const struct xcfg *cfg, int line, char *buf, size_t size)
{
	if (line > 0)
		snprintf(buf, size, "%s:%d", cfg->file, line);
	else
		snprintf(buf, size, "<command line>");
	return buf;
}

const struct xcfg_value *xcfg_get(const struct xcfg *cfg, const char *key)
{
	struct xcfg_entry *e = find(cfg, key);

	return e ? &e->value : NULL;
}

static int type_error(const struct xcfg *cfg, const char *key, const char *what, char *err,
		      size_t errlen)
{
	char at[300];

	snprintf(err, errlen, "%s: %s %s", xcfg_where(cfg, find(cfg, key)->line, at, sizeof(at)),
		 key, what);
	return -EINVAL;
}

int xcfg_get_string(const struct xcfg *cfg, const char *key, const char **out, char *err,
		    size_t errlen)
{
	const struct xcfg_value *v = xcfg_get(cfg, key);

	if (!v)
		return -ENOENT;
	if (v->kind == XCFG_LIST)
		return type_error(cfg, key, "is a list but should be a single value", err, errlen);
	*out = v->str;
	return 0;
}

int xcfg_to_long(const char *text, long *out)
{
	char *end;
	long l;

	errno = 0;
	l = strtol(text, &end, 0);
	if (!*text || *end || errno)
		return -EINVAL;
	*out = l;
	return 0;
}

int xcfg_get_long(const struct xcfg *cfg, const char *key, long *out, char *err, size_t errlen)
{
	const char *s = NULL;
	int rc = xcfg_get_string(cfg, key, &s, err, errlen);

	if (rc)
		return rc;
	if (xcfg_to_long(s, out))
		return type_error(cfg, key, "could not be parsed as a number", err, errlen);
	return 0;
}

int xcfg_get_list(const struct xcfg *cfg, const char *key, const struct xcfg_value **out, char *err,
		  size_t errlen)
{
	const struct xcfg_value *v = xcfg_get(cfg, key);

	if (!v)
		return -ENOENT;
	if (v->kind != XCFG_LIST)
		return type_error(cfg, key, "should be a list", err, errlen);
	*out = v;
	return 0;
}

/* Levenshtein distance of two short keys (capped at 64 characters). */
static unsigned int distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 64), lb = strnlen(b, 64);
	unsigned int row[65];

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned int diag = row[0], best;

		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int up = row[j];

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int xcfg_check_keys(const struct xcfg *cfg, const char *const known[], char *err, size_t errlen)
{
	for (size_t i = 0; i < cfg->nr_entries; i++) {
		const struct xcfg_entry *e = &cfg->entries[i];
		const char *best = NULL;
		unsigned int best_d = UINT_MAX;
		size_t k;

		for (k = 0; known[k] && strcmp(known[k], e->key); k++) {
			unsigned int d = distance(e->key, known[k]);

			if (d < best_d) {
				best_d = d;
				best = known[k];
			}
		}
		if (known[k])
			continue;
		char at[300];

		xcfg_where(cfg, e->line, at, sizeof(at));
		if (best && best_d <= 2)
			snprintf(err, errlen, "%s: unknown key '%s' (did you mean '%s'?)", at,
				 e->key, best);
		else
			snprintf(err, errlen, "%s: unknown key '%s'", at, e->key);
		return -EINVAL;
	}
	return 0;
}
