/*
 * Handlers of the node requests: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS.
 *
 * Each one: copy in and validate its arguments (payload strings, path),
 * look the node up with the right it needs (tree.c hides what the caller
 * may not know), mutate through the db layer, fire watches, reply. A
 * handler that fails has changed nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

/* The node named by the request's only argument, with perm. */
static int onearg_node(struct xs_req *r, unsigned int perm, const struct xs_node **n)
{
	int err = xs_req_path(r, xs_req_onearg(r));

	return err ? err : xs_get_node(&r->op, r->path, perm, n);
}

int xs_do_read(struct xs_req *r)
{
	const struct xs_node *n;
	int err = onearg_node(r, XS_PERM_READ, &n);

	if (err)
		return err;
	xs_reply(r, n->value, n->vlen);
	return 0;
}

int xs_do_write(struct xs_req *r)
{
	/* the path's NUL: the value may hold more */
	const char *end = memchr(r->payload, '\0', r->hdr.len);
	const struct xs_node *n;
	uint32_t off;
	int err;

	if (!end)
		return XEN_EINVAL;
	off = (uint32_t)(end - r->payload) + 1;
	err = xs_req_path(r, r->payload);
	if (!err)
		err = xs_get_node(&r->op, r->path, XS_PERM_WRITE, &n);
	if (err == XEN_ENOENT)
		err = xs_create_node(&r->op, r->path, r->payload + off, r->hdr.len - off);
	else if (!err)
		err = xs_db_set_value(&r->op, n, r->payload + off, r->hdr.len - off);
	if (err)
		return err;
	xs_fire_watches(&r->op, r->path, false, NULL);
	xs_reply_ok(r);
	return 0;
}

int xs_do_mkdir(struct xs_req *r)
{
	const struct xs_node *n;
	int err = onearg_node(r, XS_PERM_WRITE, &n);

	if (err == XEN_ENOENT) {
		err = xs_create_node(&r->op, r->path, NULL, 0);
		if (!err)
			xs_fire_watches(&r->op, r->path, false, NULL);
	}
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

/* A missing node is fine if its parent exists. */
static int rm_missing(struct xs_req *r)
{
	char *parent = xs_xstrdup(r->path);
	const struct xs_node *n;
	int err;

	xs_parent_path(r->path, parent);
	err = xs_db_read(&r->op, parent, &n);
	free(parent);
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

int xs_do_rm(struct xs_req *r)
{
	const struct xs_node *n;
	int err = onearg_node(r, XS_PERM_WRITE, &n);

	if (err == XEN_ENOENT)
		return rm_missing(r);
	if (err)
		return err;
	if (!strcmp(r->path, "/"))
		return XEN_EINVAL;
	err = xs_rm_node(&r->op, r->path);
	if (err)
		return err;
	xs_reply_ok(r);
	return 0;
}

int xs_do_directory(struct xs_req *r)
{
	const struct xs_node *n;
	int err = onearg_node(r, XS_PERM_READ, &n);

	if (err)
		return err;
	xs_reply(r, n->children, n->clen);
	return 0;
}

/* Names from byte offset off that fit after the generation; a final empty name ends the list. */
static void reply_directory_part(struct xs_req *r, const struct xs_node *n, uint32_t off)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	int genlen = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n->gen) + 1;
	uint32_t max = XENSTORE_PAYLOAD_MAX - (uint32_t)genlen - 1, len = 0;

	if (off >= n->clen) {
		buf[genlen] = '\0';
		xs_reply(r, buf, (uint32_t)genlen + 1);
		return;
	}
	while (len + strlen(n->children + off + len) < max) {
		len += (uint32_t)strlen(n->children + off + len) + 1;
		if (off + len == n->clen)
			break;
	}
	memcpy(buf + genlen, n->children + off, len);
	if (off + len == n->clen)
		buf[genlen + len++] = '\0';
	xs_reply(r, buf, (uint32_t)genlen + len);
}

int xs_do_directory_part(struct xs_req *r)
{
	char *vec[2];
	const struct xs_node *n;
	unsigned long off;
	int err;

	if (xs_split_strings(r->payload, r->hdr.len, vec, 2) != 2)
		return XEN_EINVAL;
	err = xs_parse_uint(vec[1], UINT32_MAX, &off);
	if (!err)
		err = xs_req_path(r, vec[0]);
	if (!err)
		err = xs_get_node(&r->op, r->path, XS_PERM_READ, &n);
	if (err)
		return err;
	reply_directory_part(r, n, (uint32_t)off);
	return 0;
}

int xs_do_get_perms(struct xs_req *r)
{
	char buf[2 * XENSTORE_PAYLOAD_MAX];
	const struct xs_node *n;
	int err = onearg_node(r, XS_PERM_READ, &n);

	if (err)
		return err;
	xs_reply(r, buf, (uint32_t)xs_perms_format(&n->perms, buf, sizeof(buf)));
	return 0;
}

static int set_special_perms(struct xs_req *r, const char *name, struct xs_perms *perms)
{
	struct xs_perms *sp = xs_special_perms(r->op.s, name);
	const unsigned int need = XS_PERM_WRITE | XS_PERM_OWNER;

	if (!sp)
		return XEN_EINVAL;
	if ((xs_perm_for(r->op.conn, sp) & need) != need)
		return XEN_EACCES;
	xs_perms_free(sp);
	*sp = *perms;
	perms->p = NULL;
	xs_reply_ok(r);
	return 0;
}

static int set_node_perms(struct xs_req *r, const struct xs_perms *perms)
{
	const struct xs_node *n;
	struct xs_node *w;
	struct xs_perms old;
	int err = xs_req_path(r, r->payload);

	if (!err)
		err = xs_get_node(&r->op, r->path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
	if (err)
		return err;
	if (!xs_conn_privileged(r->op.conn) && perms->p[0].id != n->perms.p[0].id)
		return XEN_EPERM;
	w = xs_node_dup(n);
	xs_perms_copy(&old, &n->perms);
	xs_node_set_perms(w, perms);
	err = xs_db_check_size(&r->op, w);
	if (err)
		xs_node_free(w);
	else {
		xs_db_write(&r->op, w);
		xs_fire_watches(&r->op, r->path, false, &old);
		xs_reply_ok(r);
	}
	xs_perms_free(&old);
	return err;
}

int xs_do_set_perms(struct xs_req *r)
{
	unsigned int num = xs_count_strings(r->payload, r->hdr.len);
	struct xs_perms perms;
	int err;

	if (num < 2)
		return XEN_EINVAL;
	num--;
	if (!xs_conn_privileged(r->op.conn) && num > r->op.s->quota.perms)
		return XEN_ENOSPC;
	err = xs_perms_parse(r->payload + strlen(r->payload) + 1, num, &perms);
	if (err)
		return err;
	if (r->payload[0] == '@')
		err = set_special_perms(r, r->payload, &perms);
	else
		err = set_node_perms(r, &perms);
	xs_perms_free(&perms);
	return err;
}
