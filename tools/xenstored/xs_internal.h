/*
 * Internal structures of xenstored's core, shared by its files.
 *
 * The store is a flat map from absolute path to node record (as Xen's TDB
 * is): a node holds its value, its permission list, the NUL-terminated
 * names of its children and a generation count. Tree shape is kept by the
 * children lists: every node but "/" is listed exactly once by its parent.
 *
 * Every access goes through db.c with an xs_op (store, connection,
 * transaction): outside a transaction reads see the store and writes
 * replace records with a fresh generation; inside one, reads and writes go
 * to the transaction's overlay (txn.c) and reach the store at commit.
 *
 * Errors are positive XEN_E* numbers (include/public/errno.h): 0 is
 * success, anything else becomes an XS_ERROR reply.
 */
#ifndef XENSTORED_XS_INTERNAL_H
#define XENSTORED_XS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "public/errno.h"
#include "xs_core.h"
#include "map.h"

#define XS_PERM_NONE 0
#define XS_PERM_READ 1
#define XS_PERM_WRITE 2
#define XS_PERM_BOTH (XS_PERM_READ | XS_PERM_WRITE)
#define XS_PERM_OWNER 4 /* derived: never stored */

#define XS_NO_GENERATION UINT64_MAX
/* Record size as Xen 4.17 counts it for the node-size quota. */
#define XS_NODE_HDR_SIZE 24
#define XS_PERM_REC_SIZE 8

#define XS_PATH_BUF (XENSTORE_PAYLOAD_MAX + 32)
#define XS_SPECIAL_COUNT 2

struct xs_perm {
	uint16_t id;
	uint8_t perms; /* XS_PERM_NONE/READ/WRITE/BOTH */
};

struct xs_perms {
	unsigned int num; /* >= 1; entry 0 is the owner and the default */
	struct xs_perm *p;
};

struct xs_node {
	char *path;
	uint64_t gen;
	struct xs_perms perms;
	char *value;
	uint32_t vlen;
	char *children; /* names, each NUL-terminated, back to back */
	uint32_t clen;
};

struct xs_watch {
	struct xs_watch *next;
	char *path; /* absolute, or "@..." */
	size_t plen;
	char *token;
	bool relative; /* events drop the connection's home prefix */
};

struct xs_txn;

struct xs_conn {
	struct xs_store *store;
	struct xs_conn *next;
	uint16_t domid;
	bool is_domain;	     /* introduced domain (ring), else a socket */
	bool shutdown_fired; /* @releaseDomain sent for its shutdown */
	int target;	     /* SET_TARGET domid or -1 */
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_txn *txns;
	unsigned int ntxns;
	uint32_t next_txid;
	struct xs_out *out, **out_tail;
	unsigned int nevents;
	uint32_t in_have; /* framing: bytes of header + payload received */
	unsigned char in_hdr[sizeof(struct xsd_sockmsg)];
	char in_payload[XENSTORE_PAYLOAD_MAX + 1];
	void *priv;
};

struct xs_store {
	struct xs_map nodes; /* path -> struct xs_node */
	uint64_t gen;
	uint32_t *owned; /* nodes owned, per domid (65536 entries) */
	struct xs_quota quota;
	struct xs_conn *conns;
	struct xs_perms special[XS_SPECIAL_COUNT];
	const struct xs_io_ops *ops;
	void *opaque;
};

/* The context of one access: who, and inside which transaction. */
struct xs_op {
	struct xs_store *s;
	struct xs_conn *conn; /* NULL: the daemon itself */
	struct xs_txn *txn;
};

/* A request being handled. */
struct xs_req {
	struct xs_op op;
	struct xsd_sockmsg hdr;
	char *payload; /* hdr.len bytes, plus a NUL at payload[hdr.len] */
	char path[XS_PATH_BUF];
};

/* util.c */
void *xs_xmalloc(size_t n);
void *xs_xzalloc(size_t n);
void *xs_xmemdup(const void *p, size_t n);
char *xs_xstrdup(const char *s);
unsigned int xs_count_strings(const char *buf, uint32_t len);
unsigned int xs_split_strings(char *buf, uint32_t len, char **vec, unsigned int max);
int xs_parse_uint(const char *s, unsigned long max, unsigned long *out);
bool xs_is_privileged_domid(uint16_t domid);
bool xs_conn_privileged(const struct xs_conn *c);

/* node.c */
struct xs_node *xs_node_new(const char *path, const struct xs_perms *perms);
struct xs_node *xs_node_dup(const struct xs_node *n);
void xs_node_free(struct xs_node *n);
void xs_node_set_value(struct xs_node *n, const void *v, uint32_t len);
void xs_node_set_perms(struct xs_node *n, const struct xs_perms *perms);
void xs_node_add_child(struct xs_node *n, const char *name);
bool xs_node_del_child(struct xs_node *n, const char *name);
size_t xs_node_size(const struct xs_node *n);
const char *xs_basename(const char *path);
void xs_parent_path(const char *path, char *out);
bool xs_path_valid(const struct xs_store *s, const char *path);
bool xs_path_is_child(const char *child, const char *parent);
int xs_canonical(const struct xs_conn *c, const char *name, char *out);
void xs_home_path(uint16_t domid, char *out, size_t size);

/* perms.c */
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perms *perms);
int xs_perms_parse(const char *strings, unsigned int num, struct xs_perms *out);
size_t xs_perms_format(const struct xs_perms *perms, char *buf, size_t size);
void xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src);
void xs_perms_free(struct xs_perms *p);
struct xs_perms *xs_special_perms(struct xs_store *s, const char *name);
void xs_perms_forget_domid(struct xs_perms *p, uint16_t domid);

/* db.c */
int xs_db_read(struct xs_op *op, const char *path, const struct xs_node **out);
int xs_db_check_size(struct xs_op *op, const struct xs_node *n);
void xs_db_write(struct xs_op *op, struct xs_node *n);
int xs_db_set_value(struct xs_op *op, const struct xs_node *n, const void *v, uint32_t len);
void xs_db_delete(struct xs_op *op, const char *path);
void xs_store_put(struct xs_store *s, struct xs_node *n);
void xs_store_del(struct xs_store *s, const char *path);
unsigned int xs_owned(const struct xs_op *op, uint16_t domid);

/* tree.c */
int xs_get_node(struct xs_op *op, const char *path, unsigned int perm, const struct xs_node **out);
int xs_create_node(struct xs_op *op, const char *path, const void *v, uint32_t vlen);
int xs_rm_node(struct xs_op *op, const char *path);
void xs_rm_owned_by(struct xs_store *s, uint16_t domid);

/* txn.c */
struct xs_acc;
struct xs_acc *xs_txn_find(struct xs_txn *t, const char *path);
struct xs_acc *xs_txn_access(struct xs_op *op, const char *path, int *err);
const struct xs_node *xs_acc_node(const struct xs_acc *a, bool *present);
void xs_txn_record_write(struct xs_op *op, const char *path, struct xs_node *n);
void xs_txn_queue_watch(struct xs_txn *t, const char *path, bool exact);
void xs_txn_mark_modified(struct xs_txn *t, const char *path);
int xs_txn_owned_delta(const struct xs_txn *t);
int xs_txn_start(struct xs_conn *c, uint32_t *id);
int xs_txn_end(struct xs_conn *c, struct xs_txn *t, bool commit);
struct xs_txn *xs_txn_lookup(struct xs_conn *c, uint32_t id, int *err);
void xs_txn_free_all(struct xs_conn *c);

/* watch.c */
void xs_fire_watches(struct xs_op *op, const char *path, bool exact, const struct xs_perms *old);
int xs_watch_add(struct xs_conn *c, const char *path, const char *token, bool relative);
int xs_watch_del(struct xs_conn *c, const char *path, const char *token);
void xs_watch_free_all(struct xs_conn *c);
void xs_watch_initial_event(struct xs_conn *c, const char *path, const char *token);

/* conn.c */
struct xs_conn *xs_conn_alloc(struct xs_store *s, uint16_t domid, bool is_domain);
void xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
		   const void *payload, uint32_t len, bool event);
void xs_reply(struct xs_req *r, const void *payload, uint32_t len);
void xs_reply_ok(struct xs_req *r);
void xs_reply_error(struct xs_conn *c, const struct xsd_sockmsg *hdr, int err);
const char *xs_req_onearg(const struct xs_req *r);
int xs_req_path(struct xs_req *r, const char *name);
void xs_dispatch(struct xs_conn *c, const struct xsd_sockmsg *hdr, char *payload);

/* handlers: one shape, int fn(struct xs_req *) -> 0 or XEN_E* */
typedef int xs_handler_fn(struct xs_req *r);
xs_handler_fn xs_do_read, xs_do_write, xs_do_mkdir, xs_do_rm, xs_do_directory, xs_do_directory_part,
	xs_do_get_perms, xs_do_set_perms;
xs_handler_fn xs_do_watch, xs_do_unwatch, xs_do_txn_start, xs_do_txn_end, xs_do_reset_watches;
xs_handler_fn xs_do_introduce, xs_do_release, xs_do_resume, xs_do_get_domain_path,
	xs_do_is_domain_introduced, xs_do_set_target, xs_do_control;

#endif /* XENSTORED_XS_INTERNAL_H */
