/*
 * The one door to node records: every read, write and delete of the core
 * comes through here, so that transactions and ownership accounting cannot
 * be bypassed.
 *
 * Outside a transaction, xs_db_write gives the record a fresh generation
 * (++s->gen) and replaces the store's record; inside one, the record goes
 * to the transaction's overlay (txn.c) and reaches the store at commit.
 * xs_db_set_value (XS_WRITE of an existing node) changes the record op
 * sees in place, with the same generation rule.
 *
 * Invariants:
 *  - s->owned[d] is the number of store records whose owner (entry 0) is d;
 *    only xs_store_put/xs_store_del change records, and they keep it.
 *  - Inside a transaction a path is read (and its generation recorded)
 *    before it is written or deleted, so a commit never overwrites a
 *    record that changed since the transaction looked at it.
 *  - Writes cannot fail: callers check sizes (xs_db_check_size) and
 *    quotas before the first write of an operation, so no operation is
 *    left half-done.
 */
#include <stdlib.h>

#include "xs_internal.h"

void xs_store_put(struct xs_store *s, struct xs_node *n)
{
	struct xs_node *old = xs_map_put(&s->nodes, n->path, n);

	if (old) {
		s->owned[old->perms.p[0].id]--;
		xs_node_free(old);
	}
	s->owned[n->perms.p[0].id]++;
}

void xs_store_del(struct xs_store *s, const char *path)
{
	struct xs_node *old = xs_map_del(&s->nodes, path);

	if (old) {
		s->owned[old->perms.p[0].id]--;
		xs_node_free(old);
	}
}

/* 0 and *out (valid until the next write), XEN_ENOENT, or a transaction's quota error. */
int xs_db_read(struct xs_op *op, const char *path, const struct xs_node **out)
{
	const struct xs_node *n;

	if (op->txn) {
		int err = 0;
		struct xs_acc *a = xs_txn_access(op, path, &err);
		bool present;

		if (!a)
			return err;
		n = xs_acc_node(a, &present);
		if (!present)
			return XEN_ENOENT;
		*out = n;
		return 0;
	}
	n = xs_map_get(&op->s->nodes, path);
	if (!n)
		return XEN_ENOENT;
	*out = n;
	return 0;
}

/* The node-size quota of unprivileged writers (Xen counts it on every write they cause). */
int xs_db_check_size(struct xs_op *op, const struct xs_node *n)
{
	if (xs_conn_privileged(op->conn))
		return 0;
	return xs_node_size(n) >= op->s->quota.node_size ? XEN_ENOSPC : 0;
}

/* Takes ownership of n. */
void xs_db_write(struct xs_op *op, struct xs_node *n)
{
	n->gen = ++op->s->gen;
	if (op->txn) {
		xs_txn_record_write(op, n->path, n);
		return;
	}
	xs_store_put(op->s, n);
}

/*
 * A new value for n, an existing node as xs_db_read gave it to op: the
 * store's record or, inside a transaction, the transaction's own copy.
 * Both are this layer's, so the value changes in place (no copy of the
 * record; the owner, so owned[], stays). Transactions never share the
 * store's records (txn.c copies at first touch), so none sees the change
 * before its commit checks the generation.
 */
int xs_db_set_value(struct xs_op *op, const struct xs_node *n, const void *v, uint32_t len)
{
	struct xs_node *w = (struct xs_node *)n;

	if (!xs_conn_privileged(op->conn) &&
	    xs_node_size(n) - n->vlen + len >= op->s->quota.node_size)
		return XEN_ENOSPC;
	if (op->txn)
		xs_txn_mark_modified(op->txn, n->path);
	xs_node_set_value(w, v, len);
	w->gen = ++op->s->gen;
	return 0;
}

void xs_db_delete(struct xs_op *op, const char *path)
{
	if (op->txn) {
		xs_txn_record_write(op, path, NULL);
		return;
	}
	xs_store_del(op->s, path);
}

/* Nodes owned by domid as op sees them (the store plus its transaction's changes). */
unsigned int xs_owned(const struct xs_op *op, uint16_t domid)
{
	long n = op->s->owned[domid];

	if (op->txn && op->conn && op->conn->domid == domid)
		n += xs_txn_owned_delta(op->txn);
	return n < 0 ? 0 : (unsigned int)n;
}
