/*
 * Transactions: optimistic, conflict-checked by generation, as Xen 4.17's
 * C xenstored does them.
 *
 * A transaction is an overlay: for every path it touched, an "access"
 * holds the record as the transaction sees it (or its absence), the
 * store's generation at first touch (XS_NO_GENERATION for "absent") and
 * whether the transaction changed it. Reads after the first touch come
 * from the overlay, so the transaction sees its own writes and nothing
 * else. At commit every touched path must still have the generation it
 * had at first touch, else the commit answers EAGAIN and changes nothing;
 * otherwise changed records go to the store with fresh generations, then
 * the watch events queued during the transaction fire.
 *
 * Invariants: an access exists for every path a transaction read or wrote;
 * accesses are kept in first-touch order (commit order); a transaction
 * belongs to exactly one connection's list; t->owned_delta is the change
 * of nodes owned by the connection's domid that the overlay would make.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_acc {
	struct xs_acc *next;
	char *path;
	struct xs_node *node;
	bool present;
	uint64_t read_gen;
	bool modified, fire, exact;
	struct xs_perms old_perms; /* num 0: absent at first touch */
};

struct xs_txn {
	struct xs_txn *next;
	uint32_t id;
	struct xs_map acc;
	struct xs_acc *first, **tail;
	unsigned int naccessed;
	bool fail;    /* an access or event could not be recorded */
	bool created; /* a node was created */
	int owned_delta;
};

struct xs_acc *xs_txn_find(struct xs_txn *t, const char *path)
{
	return xs_map_get(&t->acc, path);
}

static struct xs_acc *acc_new(struct xs_store *s, struct xs_txn *t, const char *path)
{
	struct xs_acc *a = xs_xzalloc(sizeof(*a));
	const struct xs_node *n = xs_map_get(&s->nodes, path);

	a->read_gen = n ? n->gen : XS_NO_GENERATION;
	if (n) {
		a->node = xs_node_dup(n);
		a->present = true;
		xs_perms_copy(&a->old_perms, &n->perms);
	}
	a->path = xs_xstrdup(path);
	xs_map_put(&t->acc, path, a);
	*t->tail = a;
	t->tail = &a->next;
	t->naccessed++;
	return a;
}

struct xs_acc *xs_txn_access(struct xs_op *op, const char *path, int *err)
{
	struct xs_txn *t = op->txn;
	struct xs_acc *a = xs_txn_find(t, path);

	if (a)
		return a;
	if (!xs_conn_privileged(op->conn) && t->naccessed >= op->s->quota.txn_nodes) {
		t->fail = true;
		*err = XEN_ENOSPC;
		return NULL;
	}
	return acc_new(op->s, t, path);
}

const struct xs_node *xs_acc_node(const struct xs_acc *a, bool *present)
{
	*present = a->present;
	return a->node;
}

static int owner_of(const struct xs_acc *a)
{
	return a->present ? a->node->perms.p[0].id : -1;
}

/* n NULL: delete. Takes ownership of n. */
void xs_txn_record_write(struct xs_op *op, const char *path, struct xs_node *n)
{
	struct xs_txn *t = op->txn;
	struct xs_acc *a = xs_txn_find(t, path);
	int domid = op->conn ? op->conn->domid : -1;

	if (!a)
		a = acc_new(op->s, t, path);
	t->owned_delta -= owner_of(a) == domid;
	t->owned_delta += n && n->perms.p[0].id == domid;
	t->created |= n && !a->present;
	xs_node_free(a->node);
	a->node = n;
	a->present = n != NULL;
	a->modified = true;
}

/* path's record (the overlay's own, present) was changed in place. */
void xs_txn_mark_modified(struct xs_txn *t, const char *path)
{
	struct xs_acc *a = xs_txn_find(t, path);

	if (a)
		a->modified = true;
	else
		t->fail = true; /* cannot be: the record came from the overlay */
}

/* A non-exact event replaces an exact one, never the other way round. */
void xs_txn_queue_watch(struct xs_txn *t, const char *path, bool exact)
{
	struct xs_acc *a = xs_txn_find(t, path);

	if (!a) {
		t->fail = true;
		return;
	}
	a->exact = a->fire ? a->exact && exact : exact;
	a->fire = true;
}

int xs_txn_owned_delta(const struct xs_txn *t)
{
	return t->owned_delta;
}

struct xs_txn *xs_txn_lookup(struct xs_conn *c, uint32_t id, int *err)
{
	*err = 0;
	if (id == 0)
		return NULL;
	for (struct xs_txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	*err = XEN_ENOENT;
	return NULL;
}

int xs_txn_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_txn *t;
	int err;

	if (!xs_conn_privileged(c) && c->ntxns >= c->store->quota.transactions)
		return XEN_ENOSPC;
	t = xs_xzalloc(sizeof(*t));
	xs_map_init(&t->acc);
	t->tail = &t->first;
	do {
		t->id = c->next_txid++;
	} while (t->id == 0 || xs_txn_lookup(c, t->id, &err));
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	*id = t->id;
	return 0;
}

static void acc_free(void *p)
{
	struct xs_acc *a = p;

	xs_node_free(a->node);
	xs_perms_free(&a->old_perms);
	free(a->path);
	free(a);
}

static void txn_free(struct xs_txn *t)
{
	xs_map_destroy(&t->acc, acc_free);
	free(t);
}

static void txn_unlink(struct xs_conn *c, struct xs_txn *t)
{
	struct xs_txn **pp = &c->txns;

	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	c->ntxns--;
}

static int txn_check(struct xs_conn *c, struct xs_txn *t)
{
	struct xs_op op = {c->store, c, t};

	if (t->fail)
		return XEN_ENOMEM; /* as Xen: the overlay is incomplete */
	if (t->created && !xs_conn_privileged(c) && xs_owned(&op, c->domid) > c->store->quota.nodes)
		return XEN_ENOSPC;
	for (struct xs_acc *a = t->first; a; a = a->next) {
		const struct xs_node *n = xs_map_get(&c->store->nodes, a->path);

		if ((n ? n->gen : XS_NO_GENERATION) != a->read_gen)
			return XEN_EAGAIN;
	}
	return 0;
}

/* Changed records to the store (fresh generations), then the queued events. */
static void txn_apply(struct xs_conn *c, struct xs_txn *t)
{
	struct xs_store *s = c->store;
	struct xs_op op = {s, c, NULL};

	for (struct xs_acc *a = t->first; a; a = a->next) {
		if (!a->modified)
			continue;
		if (a->present) {
			a->node->gen = ++s->gen;
			xs_store_put(s, a->node);
			a->node = NULL;
			a->present = false;
		} else
			xs_store_del(s, a->path);
	}
	for (struct xs_acc *a = t->first; a; a = a->next)
		if (a->fire)
			xs_fire_watches(&op, a->path, a->exact,
					a->old_perms.num ? &a->old_perms : NULL);
}

/* Ends t (it is freed whatever the outcome). */
int xs_txn_end(struct xs_conn *c, struct xs_txn *t, bool commit)
{
	int err = 0;

	txn_unlink(c, t);
	if (commit) {
		err = txn_check(c, t);
		if (!err)
			txn_apply(c, t);
	}
	txn_free(t);
	return err;
}

void xs_txn_free_all(struct xs_conn *c)
{
	while (c->txns) {
		struct xs_txn *t = c->txns;

		c->txns = t->next;
		txn_free(t);
	}
	c->ntxns = 0;
}
