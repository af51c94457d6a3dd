/*
 * Tree operations over the db layer: permission-checked lookup, creation
 * with missing parents, recursive removal.
 *
 * Invariants kept here: a created node is listed by its parent in the
 * same operation that writes it; a removed subtree leaves its parent's
 * list in the same operation; "/" is never removed. New nodes inherit
 * their parent's permissions, and an unprivileged creator becomes their
 * owner. Quotas (owned nodes, node size) are checked before the first
 * write, so a refused creation changes nothing.
 *
 * Errors hide existence as Xen does: a missing or forbidden node reports
 * EACCES unless the nearest existing ancestor grants the asked right.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

/* Rights of op's connection on the nearest existing ancestor of path. */
static int parent_perm(struct xs_op *op, const char *path, unsigned int *perm)
{
	char *name = xs_xstrdup(path);
	const struct xs_node *n = NULL;
	int err;

	do {
		xs_parent_path(name, name);
		err = xs_db_read(op, name, &n);
	} while (err == XEN_ENOENT && strcmp(name, "/"));
	free(name);
	if (err)
		return err == XEN_ENOENT ? XEN_EIO : err;
	*perm = xs_perm_for(op->conn, &n->perms);
	return 0;
}

static int error_from_parents(struct xs_op *op, const char *path, int err, unsigned int perm)
{
	unsigned int pp = XS_PERM_NONE;
	int perr;

	if (!strcmp(path, "/"))
		return err;
	perr = parent_perm(op, path, &pp);
	if (perr)
		return perr;
	return pp & perm ? err : XEN_EACCES;
}

/* A valid path, existing, on which op's connection has every right in perm. */
int xs_get_node(struct xs_op *op, const char *path, unsigned int perm, const struct xs_node **out)
{
	int err;

	if (!xs_path_valid(op->s, path))
		return XEN_EINVAL;
	err = xs_db_read(op, path, out);
	if (!err && (xs_perm_for(op->conn, &(*out)->perms) & perm) != perm)
		err = XEN_EACCES;
	if (err == XEN_ENOENT || err == XEN_EACCES)
		err = error_from_parents(op, path, err, perm);
	return err;
}

/* Length of the nearest existing ancestor's path (1 for "/"), *anc its record. */
static int find_ancestor(struct xs_op *op, const char *path, size_t *len,
			 const struct xs_node **anc)
{
	char *name = xs_xstrdup(path);
	int err;

	do {
		xs_parent_path(name, name);
		err = xs_db_read(op, name, anc);
	} while (err == XEN_ENOENT && strcmp(name, "/"));
	*len = strlen(name);
	free(name);
	return err == XEN_ENOENT ? XEN_EIO : err;
}

struct creation {
	struct xs_node **nodes; /* [0] the ancestor, then each new node down */
	unsigned int count;
};

static void creation_free(struct creation *cr)
{
	for (unsigned int i = 0; i < cr->count; i++)
		xs_node_free(cr->nodes[i]);
	free(cr->nodes);
}

/* Records for the ancestor (with its new child) and every missing node below it. */
static void build_nodes(struct xs_op *op, const char *path, size_t anc_len,
			const struct xs_node *anc, struct creation *cr)
{
	size_t len = strlen(path), pos = anc_len == 1 ? 0 : anc_len;
	char *name = xs_xstrdup(path);

	cr->nodes = xs_xmalloc((len + 1) * sizeof(*cr->nodes));
	cr->nodes[0] = xs_node_dup(anc);
	cr->count = 1;
	while (pos < len) {
		struct xs_node *parent = cr->nodes[cr->count - 1], *n;
		size_t end = pos + 1 + strcspn(path + pos + 1, "/");

		name[end] = '\0';
		n = xs_node_new(name, &parent->perms);
		name[end] = path[end];
		if (!xs_conn_privileged(op->conn))
			n->perms.p[0].id = op->conn->domid;
		xs_node_add_child(parent, xs_basename(n->path));
		cr->nodes[cr->count++] = n;
		pos = end;
	}
	free(name);
}

static int creation_check(struct xs_op *op, const struct creation *cr)
{
	if (!xs_conn_privileged(op->conn) &&
	    xs_owned(op, op->conn->domid) + (cr->count - 1) > op->s->quota.nodes)
		return XEN_ENOSPC;
	for (unsigned int i = 0; i < cr->count; i++)
		if (xs_db_check_size(op, cr->nodes[i]))
			return XEN_ENOSPC;
	return 0;
}

/* path is valid and does not exist (as op sees it). */
int xs_create_node(struct xs_op *op, const char *path, const void *v, uint32_t vlen)
{
	const struct xs_node *anc;
	struct creation cr;
	size_t anc_len;
	int err = find_ancestor(op, path, &anc_len, &anc);

	if (err)
		return err;
	build_nodes(op, path, anc_len, anc, &cr);
	xs_node_set_value(cr.nodes[cr.count - 1], v, vlen);
	err = creation_check(op, &cr);
	if (err) {
		creation_free(&cr);
		return err;
	}
	for (unsigned int i = 0; i < cr.count; i++)
		xs_db_write(op, cr.nodes[i]);
	free(cr.nodes);
	return 0;
}

static char *child_path(const char *parent, const char *name)
{
	size_t pl = strcmp(parent, "/") ? strlen(parent) : 0, nl = strlen(name);
	char *p = xs_xmalloc(pl + nl + 2);

	memcpy(p, parent, pl);
	p[pl] = '/';
	memcpy(p + pl + 1, name, nl + 1);
	return p;
}

/* Children first; each node's watchers hear of it before it goes. */
static void delete_subtree(struct xs_op *op, const char *path, bool root)
{
	const struct xs_node *n;
	char *children;
	uint32_t clen;

	if (xs_db_read(op, path, &n))
		return; /* a listed child that is missing: nothing to delete */
	clen = n->clen;
	children = clen ? xs_xmemdup(n->children, clen) : NULL;
	for (uint32_t off = 0; off < clen; off += (uint32_t)strlen(children + off) + 1) {
		char *cp = child_path(path, children + off);

		delete_subtree(op, cp, false);
		free(cp);
	}
	free(children);
	xs_fire_watches(op, path, !root, NULL);
	xs_db_delete(op, path);
}

/* path exists and is not "/". */
int xs_rm_node(struct xs_op *op, const char *path)
{
	char *pname = xs_xstrdup(path);
	const struct xs_node *parent;
	struct xs_node *p;
	int err;

	xs_parent_path(path, pname);
	err = xs_db_read(op, pname, &parent);
	free(pname);
	if (err)
		return err == XEN_ENOENT ? XEN_EINVAL : err;
	p = xs_node_dup(parent);
	delete_subtree(op, path, true);
	xs_node_del_child(p, xs_basename(path));
	xs_db_write(op, p);
	return 0;
}

struct owned_list {
	uint16_t domid;
	char **paths;
	size_t count, cap;
};

static void collect_owned(const char *key, void *val, void *arg)
{
	struct owned_list *l = arg;
	const struct xs_node *n = val;

	if (n->perms.p[0].id != l->domid || !strcmp(key, "/"))
		return;
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->paths = realloc(l->paths, l->cap * sizeof(*l->paths));
		if (!l->paths)
			abort();
	}
	l->paths[l->count++] = xs_xstrdup(key);
}

static int by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return (la > lb) - (la < lb);
}

/* A released domain's nodes go, with their subtrees (Xen without -K). */
void xs_rm_owned_by(struct xs_store *s, uint16_t domid)
{
	struct owned_list l = {.domid = domid};
	struct xs_op op = {s, NULL, NULL};

	xs_map_each(&s->nodes, collect_owned, &l);
	if (l.count)
		qsort(l.paths, l.count, sizeof(*l.paths), by_length);
	for (size_t i = 0; i < l.count; i++) {
		if (xs_map_get(&s->nodes, l.paths[i]))
			xs_rm_node(&op, l.paths[i]);
		free(l.paths[i]);
	}
	free(l.paths);
}
