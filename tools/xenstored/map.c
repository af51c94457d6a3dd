/*
 * String-keyed hash map for the store and the transaction overlays.
 *
 * Invariants: nbuckets is a power of two, count is the number of entries,
 * an entry lives in bucket (hash & (nbuckets - 1)) and its key is unique.
 */
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "xs_internal.h"

#define MAP_MIN_BUCKETS 16

static uint32_t map_hash(const char *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*key) {
		h ^= (unsigned char)*key++;
		h *= 16777619u;
	}
	return h;
}

void xs_map_init(struct xs_map *m)
{
	m->nbuckets = MAP_MIN_BUCKETS;
	m->bucket = xs_xzalloc(m->nbuckets * sizeof(*m->bucket));
	m->count = 0;
}

void xs_map_destroy(struct xs_map *m, void (*free_val)(void *))
{
	for (size_t i = 0; i < m->nbuckets; i++) {
		struct xs_map_entry *e = m->bucket[i];

		while (e) {
			struct xs_map_entry *next = e->next;

			if (free_val)
				free_val(e->val);
			free(e);
			e = next;
		}
	}
	free(m->bucket);
	m->bucket = NULL;
	m->nbuckets = m->count = 0;
}

static struct xs_map_entry **map_slot(const struct xs_map *m, const char *key, uint32_t h)
{
	struct xs_map_entry **pp = &m->bucket[h & (m->nbuckets - 1)];

	while (*pp && ((*pp)->hash != h || strcmp((*pp)->key, key)))
		pp = &(*pp)->next;
	return pp;
}

static void map_grow(struct xs_map *m)
{
	size_t n = m->nbuckets * 2;
	struct xs_map_entry **b = xs_xzalloc(n * sizeof(*b));

	for (size_t i = 0; i < m->nbuckets; i++) {
		struct xs_map_entry *e = m->bucket[i];

		while (e) {
			struct xs_map_entry *next = e->next;

			e->next = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(m->bucket);
	m->bucket = b;
	m->nbuckets = n;
}

void *xs_map_get(const struct xs_map *m, const char *key)
{
	struct xs_map_entry *e = *map_slot(m, key, map_hash(key));

	return e ? e->val : NULL;
}

void *xs_map_put(struct xs_map *m, const char *key, void *val)
{
	uint32_t h = map_hash(key);
	struct xs_map_entry **pp = map_slot(m, key, h);
	size_t klen;

	if (*pp) {
		void *old = (*pp)->val;

		(*pp)->val = val;
		return old;
	}
	klen = strlen(key) + 1;
	*pp = xs_xmalloc(sizeof(**pp) + klen);
	(*pp)->next = NULL;
	(*pp)->hash = h;
	(*pp)->val = val;
	memcpy((*pp)->key, key, klen);
	if (++m->count > m->nbuckets)
		map_grow(m);
	return NULL;
}

void *xs_map_del(struct xs_map *m, const char *key)
{
	struct xs_map_entry **pp = map_slot(m, key, map_hash(key));
	struct xs_map_entry *e = *pp;
	void *val;

	if (!e)
		return NULL;
	*pp = e->next;
	val = e->val;
	free(e);
	m->count--;
	return val;
}

void xs_map_each(const struct xs_map *m, void (*fn)(const char *key, void *val, void *arg),
		 void *arg)
{
	for (size_t i = 0; i < m->nbuckets; i++)
		for (struct xs_map_entry *e = m->bucket[i]; e; e = e->next)
			fn(e->key, e->val, arg);
}
