/*
 * The store: creation with Xen's initial tree, teardown, and a full
 * consistency check (the tests' and the fuzzer's audit, CONTROL check).
 *
 * Initial state, as Xen 4.17's C daemon: "/", "/tool", "/tool/xenstored",
 * each owned by dom0 with no access for others ("n0"); the special
 * permission lists @introduceDomain and @releaseDomain are "n0" too.
 *
 * xs_store_check verifies every invariant the other files promise: each
 * record's path is its key, it has at least one permission entry, each
 * node but "/" is listed exactly once by an existing parent, each listed
 * child exists, owned[] matches a recount, and every connection's watch
 * and transaction counts match its lists.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

#define DOMID_COUNT 65536

static const struct xs_quota default_quota = {
	.nodes = 1000,
	.watches = 128,
	.transactions = 10,
	.node_size = 2048,
	.perms = 5,
	.path_max = XENSTORE_REL_PATH_MAX,
	.txn_nodes = 1024,
	.out_events = 1024,
};

static void add_initial(struct xs_store *s, const char *path, const char *child)
{
	struct xs_perm p = {0, XS_PERM_NONE};
	struct xs_perms perms = {1, &p};
	struct xs_node *n = xs_node_new(path, &perms);

	if (child)
		xs_node_add_child(n, child);
	n->gen = ++s->gen;
	xs_store_put(s, n);
}

struct xs_store *xs_store_new(const struct xs_io_ops *ops, void *opaque)
{
	struct xs_store *s = xs_xzalloc(sizeof(*s));
	struct xs_perm p = {0, XS_PERM_NONE};
	struct xs_perms n0 = {1, &p};

	xs_map_init(&s->nodes);
	s->owned = xs_xzalloc(DOMID_COUNT * sizeof(*s->owned));
	s->quota = default_quota;
	s->ops = ops;
	s->opaque = opaque;
	for (int i = 0; i < XS_SPECIAL_COUNT; i++)
		xs_perms_copy(&s->special[i], &n0);
	add_initial(s, "/", "tool");
	add_initial(s, "/tool", "xenstored");
	add_initial(s, "/tool/xenstored", NULL);
	return s;
}

static void free_node(void *n)
{
	xs_node_free(n);
}

void xs_store_free(struct xs_store *s)
{
	while (s->conns)
		xs_conn_free(s->conns);
	xs_map_destroy(&s->nodes, free_node);
	for (int i = 0; i < XS_SPECIAL_COUNT; i++)
		xs_perms_free(&s->special[i]);
	free(s->owned);
	free(s);
}

struct xs_quota *xs_store_quota(struct xs_store *s)
{
	return &s->quota;
}

unsigned int xs_store_nodes(const struct xs_store *s)
{
	return (unsigned int)s->nodes.count;
}

struct check {
	const struct xs_store *s;
	uint32_t *owned;
	size_t listed; /* children entries seen */
	const char *why;
};

static bool listed_once(const struct xs_node *parent, const char *name)
{
	unsigned int seen = 0;

	for (uint32_t off = 0; off < parent->clen;
	     off += (uint32_t)strlen(parent->children + off) + 1)
		seen += !strcmp(parent->children + off, name);
	return seen == 1;
}

static const char *check_children(const struct xs_store *s, const struct xs_node *n, size_t *count)
{
	char path[XS_PATH_BUF + 8];

	if (n->clen && n->children[n->clen - 1] != '\0')
		return "children list not terminated";
	for (uint32_t off = 0; off < n->clen; off += (uint32_t)strlen(n->children + off) + 1) {
		const char *name = n->children + off;

		if (strlen(n->path) + strlen(name) + 2 > sizeof(path))
			return "child path too long";
		strcpy(path, strcmp(n->path, "/") ? n->path : "");
		strcat(path, "/");
		strcat(path, name);
		if (!xs_map_get(&s->nodes, path))
			return "listed child missing";
		(*count)++;
	}
	return NULL;
}

static const char *check_node(const struct xs_store *s, const char *key, const struct xs_node *n,
			      size_t *count)
{
	const struct xs_node *parent;
	char *pname;
	bool ok;

	if (strcmp(key, n->path))
		return "record path differs from its key";
	if (n->perms.num < 1)
		return "node without permissions";
	if (!strcmp(key, "/"))
		return check_children(s, n, count);
	pname = xs_xstrdup(key);
	xs_parent_path(key, pname);
	parent = xs_map_get(&s->nodes, pname);
	free(pname);
	ok = parent && listed_once(parent, xs_basename(key));
	return ok ? check_children(s, n, count) : "node not listed once by its parent";
}

static void check_one(const char *key, void *val, void *arg)
{
	struct check *ck = arg;
	const struct xs_node *n = val;
	const char *why;

	if (ck->why)
		return;
	ck->owned[n->perms.p[0].id]++;
	why = check_node(ck->s, key, n, &ck->listed);
	if (why)
		ck->why = why;
}

static const char *check_conns(const struct xs_store *s)
{
	for (const struct xs_conn *c = s->conns; c; c = c->next) {
		unsigned int n = 0;

		for (const struct xs_watch *w = c->watches; w; w = w->next)
			n++;
		if (n != c->nwatches)
			return "watch count differs from list";
		n = 0;
		for (const struct xs_out *o = c->out; o; o = o->next)
			n += o->event;
		if (n != c->nevents)
			return "event count differs from queue";
	}
	return NULL;
}

int xs_store_check(struct xs_store *s, const char **why)
{
	struct check ck = {s, xs_xzalloc(DOMID_COUNT * sizeof(uint32_t)), 0, NULL};

	if (!xs_map_get(&s->nodes, "/"))
		ck.why = "no root";
	if (!ck.why)
		xs_map_each(&s->nodes, check_one, &ck);
	if (!ck.why && ck.listed + 1 != s->nodes.count)
		ck.why = "nodes not reachable from the root";
	if (!ck.why && memcmp(ck.owned, s->owned, DOMID_COUNT * sizeof(uint32_t)))
		ck.why = "owned-node counts differ from a recount";
	if (!ck.why)
		ck.why = check_conns(s);
	free(ck.owned);
	*why = ck.why;
	return ck.why ? -1 : 0;
}
