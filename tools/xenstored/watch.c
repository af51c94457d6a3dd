/*
 * Watches and their events.
 *
 * A watch (path, token) of a connection matches a change of its path or of
 * anything below it; "exact" changes (the descendants of a removed node)
 * match only a watch on that very path. Special paths ("@introduceDomain",
 * "@releaseDomain") match only their own name and are seen by connections
 * their special permission list lets read. Other events reach a connection
 * only if it may read the node, or its parent, or could read the node
 * before a permission change.
 *
 * Changes inside a transaction are only noted (txn.c) and fire at commit.
 * Event paths of a watch set with a relative path are relative too.
 *
 * Invariants: (path, token) pairs are unique per connection; w->plen is
 * strlen(w->path); c->nwatches
 * is the length of c->watches; an unprivileged connection holds at most
 * quota.watches of them (E2BIG beyond, as Xen 4.17) and at most
 * quota.out_events queued events (later ones are dropped, as a full ring
 * would); an event equal to one still queued is not queued twice.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

static bool watch_permitted(struct xs_store *s, const struct xs_conn *c, const char *path,
			    const struct xs_perms *old)
{
	const struct xs_node *n;
	char *parent;
	bool ok;

	if (path[0] == '@') {
		const struct xs_perms *sp = xs_special_perms(s, path);

		return sp && (xs_perm_for(c, sp) & XS_PERM_READ);
	}
	if (old && (xs_perm_for(c, old) & XS_PERM_READ))
		return true;
	n = xs_map_get(&s->nodes, path);
	if (!n)
		return false;
	if (xs_perm_for(c, &n->perms) & XS_PERM_READ)
		return true;
	if (!strcmp(path, "/"))
		return false;
	parent = xs_xstrdup(path);
	xs_parent_path(path, parent);
	n = xs_map_get(&s->nodes, parent);
	ok = n && (xs_perm_for(c, &n->perms) & XS_PERM_READ);
	free(parent);
	return ok;
}

static const char *event_path(const struct xs_conn *c, const struct xs_watch *w, const char *path)
{
	char home[32];
	size_t len;

	if (!w->relative)
		return path;
	xs_home_path(c->domid, home, sizeof(home));
	len = strlen(home);
	path += len;
	return *path == '/' ? path + 1 : path;
}

static bool event_queued(const struct xs_conn *c, const void *payload, uint32_t len)
{
	for (const struct xs_out *o = c->out; o; o = o->next)
		if (o->event && o->size == sizeof(struct xsd_sockmsg) + len &&
		    !memcmp(o->data + sizeof(struct xsd_sockmsg), payload, len))
			return true;
	return false;
}

static void send_event(struct xs_conn *c, const char *path, const char *token)
{
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	char *buf;

	if (pl + tl > XENSTORE_PAYLOAD_MAX)
		return;
	if (!xs_conn_privileged(c) && c->nevents >= c->store->quota.out_events)
		return;
	buf = xs_xmalloc(pl + tl);
	memcpy(buf, path, pl);
	memcpy(buf + pl, token, tl);
	if (path[0] == '@' || !event_queued(c, buf, (uint32_t)(pl + tl)))
		xs_conn_queue(c, XS_WATCH_EVENT, 0, 0, buf, (uint32_t)(pl + tl), true);
	free(buf);
}

/* Does a change of path (exact: of that node only) concern w? */
static bool watch_matches(const struct xs_watch *w, const char *path, bool exact)
{
	if (exact || path[0] == '@')
		return !strcmp(path, w->path);
	if (w->plen == 1) /* "/" */
		return true;
	return !strncmp(path, w->path, w->plen) && (path[w->plen] == '/' || !path[w->plen]);
}

/* The permission check (a lookup or two) only once a watch of c matches:
 * most connections watch nothing near most writes. */
static void fire_conn(struct xs_op *op, struct xs_conn *c, const char *path, bool exact,
		      const struct xs_perms *old)
{
	int permitted = -1; /* not asked yet */

	for (struct xs_watch *w = c->watches; w; w = w->next) {
		if (!watch_matches(w, path, exact))
			continue;
		if (permitted < 0)
			permitted = watch_permitted(op->s, c, path, old);
		if (permitted)
			send_event(c, event_path(c, w, path), w->token);
	}
}

void xs_fire_watches(struct xs_op *op, const char *path, bool exact, const struct xs_perms *old)
{
	if (op->txn) {
		xs_txn_queue_watch(op->txn, path, exact);
		return;
	}
	for (struct xs_conn *c = op->s->conns; c; c = c->next)
		if (c->watches)
			fire_conn(op, c, path, exact, old);
}

static struct xs_watch **find_watch(struct xs_conn *c, const char *path, const char *token)
{
	struct xs_watch **pp = &c->watches;

	while (*pp && (strcmp((*pp)->path, path) || strcmp((*pp)->token, token)))
		pp = &(*pp)->next;
	return pp;
}

/* path is canonical (absolute or special); the reply goes out before the first event. */
int xs_watch_add(struct xs_conn *c, const char *path, const char *token, bool relative)
{
	struct xs_watch *w, **tail;

	if (*find_watch(c, path, token))
		return XEN_EEXIST;
	if (!xs_conn_privileged(c) && c->nwatches >= c->store->quota.watches)
		return XEN_E2BIG;
	w = xs_xzalloc(sizeof(*w));
	w->path = xs_xstrdup(path);
	w->plen = strlen(path);
	w->token = xs_xstrdup(token);
	w->relative = relative;
	tail = &c->watches;
	while (*tail)
		tail = &(*tail)->next;
	*tail = w;
	c->nwatches++;
	return 0;
}

/* The initial event of a new watch (always sent, whatever the permissions). */
void xs_watch_initial_event(struct xs_conn *c, const char *path, const char *token)
{
	struct xs_watch *w = *find_watch(c, path, token);

	if (w)
		send_event(c, event_path(c, w, path), token);
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xs_conn *c, const char *path, const char *token)
{
	struct xs_watch **pp = find_watch(c, path, token), *w = *pp;

	if (!w)
		return XEN_ENOENT;
	*pp = w->next;
	watch_free(w);
	c->nwatches--;
	return 0;
}

void xs_watch_free_all(struct xs_conn *c)
{
	while (c->watches) {
		struct xs_watch *w = c->watches;

		c->watches = w->next;
		watch_free(w);
	}
	c->nwatches = 0;
}
