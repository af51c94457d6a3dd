/*
 * A map from NUL-terminated string keys to pointers: chained hashing,
 * doubling when the load passes one entry per bucket.
 *
 * The map owns a copy of each key and none of the values. Iteration order
 * is unspecified; a callback may not add or remove entries.
 */
#ifndef XENSTORED_MAP_H
#define XENSTORED_MAP_H

#include <stddef.h>
#include <stdint.h>

struct xs_map_entry {
	struct xs_map_entry *next;
	uint32_t hash;
	void *val;
	char key[];
};

struct xs_map {
	struct xs_map_entry **bucket;
	size_t nbuckets; /* a power of two */
	size_t count;
};

void xs_map_init(struct xs_map *m);
/* Frees the entries, calling free_val (if not NULL) on each value. */
void xs_map_destroy(struct xs_map *m, void (*free_val)(void *));
void *xs_map_get(const struct xs_map *m, const char *key);
/* Inserts or replaces; returns the value replaced, or NULL. */
void *xs_map_put(struct xs_map *m, const char *key, void *val);
/* Removes; returns the value removed, or NULL. */
void *xs_map_del(struct xs_map *m, const char *key);
void xs_map_each(const struct xs_map *m, void (*fn)(const char *key, void *val, void *arg),
		 void *arg);

#endif /* XENSTORED_MAP_H */
