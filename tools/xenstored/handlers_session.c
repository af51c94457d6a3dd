/*
 * Handlers of a connection's own state: WATCH, UNWATCH, TRANSACTION_START,
 * TRANSACTION_END, RESET_WATCHES, and CONTROL (privileged, minimal).
 *
 * Same shape as every handler: validate the payload strings, change the
 * connection's watches or transactions, reply. WATCH replies OK, then
 * queues the watch's initial event (its own path and token).
 */
#include <stdio.h>
#include <string.h>

#include "xs_internal.h"

/* r->path and *relative for a watch path; special paths stay as they are. */
static int watch_path(struct xs_req *r, const char *name, bool *relative)
{
	int err;

	*relative = false;
	if (name[0] == '@')
		return strlen(name) > XENSTORE_REL_PATH_MAX ? XEN_EINVAL : xs_req_path(r, name);
	*relative = name[0] != '/';
	err = xs_req_path(r, name);
	if (!err && !xs_path_valid(r->op.s, r->path))
		err = XEN_EINVAL;
	return err;
}

int xs_do_watch(struct xs_req *r)
{
	char *vec[2];
	bool relative;
	int err;

	if (xs_split_strings(r->payload, r->hdr.len, vec, 2) != 2)
		return XEN_EINVAL;
	err = watch_path(r, vec[0], &relative);
	if (!err)
		err = xs_watch_add(r->op.conn, r->path, vec[1], relative);
	if (err)
		return err;
	xs_reply_ok(r);
	xs_watch_initial_event(r->op.conn, r->path, vec[1]);
	return 0;
}

int xs_do_unwatch(struct xs_req *r)
{
	char *vec[2];
	int err;

	if (xs_split_strings(r->payload, r->hdr.len, vec, 2) != 2)
		return XEN_EINVAL;
	err = xs_req_path(r, vec[0]);
	if (!err)
		err = xs_watch_del(r->op.conn, r->path, vec[1]);
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

/* v in decimal with its NUL at the end of buf[16]: the first digit (no snprintf per transaction).
 */
static char *decimal(uint32_t v, char buf[16])
{
	char *p = buf + 15;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

int xs_do_txn_start(struct xs_req *r)
{
	char buf[16], *id;
	uint32_t tid;
	int err;

	if (r->op.txn)
		return XEN_EBUSY; /* no nesting */
	err = xs_txn_start(r->op.conn, &tid);
	if (err)
		return err;
	id = decimal(tid, buf);
	xs_reply(r, id, (uint32_t)(buf + 16 - id));
	return 0;
}

int xs_do_txn_end(struct xs_req *r)
{
	const char *arg = xs_req_onearg(r);
	int err;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return XEN_EINVAL;
	if (!r->op.txn)
		return XEN_ENOENT;
	err = xs_txn_end(r->op.conn, r->op.txn, arg[0] == 'T');
	r->op.txn = NULL;
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

int xs_do_reset_watches(struct xs_req *r)
{
	xs_watch_free_all(r->op.conn);
	xs_txn_free_all(r->op.conn);
	r->op.txn = NULL;
	xs_reply_ok(r);
	return 0;
}

static void reply_string(struct xs_req *r, const char *s)
{
	xs_reply(r, s, (uint32_t)strlen(s) + 1);
}

static int control_check(struct xs_req *r, char **args, unsigned int n)
{
	const char *why;

	if (xs_store_check(r->op.s, &why))
		return XEN_EIO;
	xs_reply_ok(r);
	return 0;
}

static int control_print(struct xs_req *r, char **args, unsigned int n)
{
	const struct xs_io_ops *ops = r->op.s->ops;

	if (n != 1)
		return XEN_EINVAL;
	if (ops && ops->log)
		ops->log(r->op.s->opaque, args[0]);
	xs_reply_ok(r);
	return 0;
}

static int control_quota(struct xs_req *r, char **args, unsigned int n)
{
	const struct xs_quota *q = &r->op.s->quota;
	char buf[512];

	if (n)
		return XEN_EINVAL;
	snprintf(buf, sizeof(buf),
		 "nodes %u\nwatches %u\ntransactions %u\nnode-size %u\npermissions %u\n"
		 "path-max %u\ntransaction-nodes %u\n",
		 q->nodes, q->watches, q->transactions, q->node_size, q->perms, q->path_max,
		 q->txn_nodes);
	reply_string(r, buf);
	return 0;
}

static int control_help(struct xs_req *r, char **args, unsigned int n);

static const struct {
	const char *name;
	int (*fn)(struct xs_req *r, char **args, unsigned int n);
	const char *params;
} controls[] = {
	{"check", control_check, ""},
	{"print", control_print, "<string>"},
	{"quota", control_quota, ""},
	{"help", control_help, ""},
};

#define NCONTROLS (sizeof(controls) / sizeof(controls[0]))

static int control_help(struct xs_req *r, char **args, unsigned int n)
{
	char buf[512];
	size_t used = 0;

	if (n)
		return XEN_EINVAL;
	buf[0] = '\0';
	for (size_t i = 0; i < NCONTROLS; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s\t%s\n",
					 controls[i].name, controls[i].params);
	reply_string(r, buf);
	return 0;
}

int xs_do_control(struct xs_req *r)
{
	char *vec[8];
	unsigned int n = xs_split_strings(r->payload, r->hdr.len, vec, 8);

	if (n == 0 || n > 8)
		return XEN_EINVAL;
	for (size_t i = 0; i < NCONTROLS; i++)
		if (!strcmp(vec[0], controls[i].name))
			return controls[i].fn(r, vec + 1, n - 1);
	return XEN_EINVAL;
}
