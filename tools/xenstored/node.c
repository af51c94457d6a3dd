/*
 * Node records and paths.
 *
 * A record owns all its arrays; xs_node_dup gives an independent copy, so
 * handlers modify a copy and hand it to the db layer (but for a value
 * written, the hot path, which the db layer changes in place: db.c).
 * Children names are kept NUL-terminated back to back, in creation order
 * (DIRECTORY's reply is that list as it is).
 *
 * Paths, as Xen 4.17 accepts them: absolute, "/" or no trailing "/", no
 * "//", only [A-Za-z0-9-/_@], and at most path_max bytes below
 * "/local/domain/<id>/" (elsewhere path_max bytes in all).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_node *xs_node_new(const char *path, const struct xs_perms *perms)
{
	struct xs_node *n = xs_xzalloc(sizeof(*n));

	n->path = xs_xstrdup(path);
	n->gen = XS_NO_GENERATION;
	xs_perms_copy(&n->perms, perms);
	return n;
}

struct xs_node *xs_node_dup(const struct xs_node *n)
{
	struct xs_node *d = xs_node_new(n->path, &n->perms);

	d->gen = n->gen;
	xs_node_set_value(d, n->value, n->vlen);
	d->children = n->clen ? xs_xmemdup(n->children, n->clen) : NULL;
	d->clen = n->clen;
	return d;
}

void xs_node_free(struct xs_node *n)
{
	if (!n)
		return;
	free(n->path);
	xs_perms_free(&n->perms);
	free(n->value);
	free(n->children);
	free(n);
}

/* v must not point into n's own value. A value of the same length reuses its buffer. */
void xs_node_set_value(struct xs_node *n, const void *v, uint32_t len)
{
	if (!len) {
		free(n->value);
		n->value = NULL;
	} else if (len != n->vlen || !n->value) {
		free(n->value);
		n->value = xs_xmalloc(len);
	}
	if (len)
		memcpy(n->value, v, len);
	n->vlen = len;
}

void xs_node_set_perms(struct xs_node *n, const struct xs_perms *perms)
{
	xs_perms_free(&n->perms);
	xs_perms_copy(&n->perms, perms);
}

void xs_node_add_child(struct xs_node *n, const char *name)
{
	size_t len = strlen(name) + 1;
	char *c = xs_xmalloc(n->clen + len);

	if (n->clen)
		memcpy(c, n->children, n->clen);
	memcpy(c + n->clen, name, len);
	free(n->children);
	n->children = c;
	n->clen += (uint32_t)len;
}

bool xs_node_del_child(struct xs_node *n, const char *name)
{
	uint32_t off = 0;

	while (off < n->clen) {
		size_t len = strlen(n->children + off) + 1;

		if (!strcmp(n->children + off, name)) {
			memmove(n->children + off, n->children + off + len, n->clen - off - len);
			n->clen -= (uint32_t)len;
			return true;
		}
		off += (uint32_t)len;
	}
	return false;
}

size_t xs_node_size(const struct xs_node *n)
{
	return XS_NODE_HDR_SIZE + n->perms.num * XS_PERM_REC_SIZE + n->vlen + n->clen;
}

/* The last component; path is not "/". */
const char *xs_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* out (at least strlen(path) + 1 bytes) receives the parent of a path other than "/". */
void xs_parent_path(const char *path, char *out)
{
	size_t len = (size_t)(strrchr(path, '/') - path);

	if (len == 0) {
		strcpy(out, "/");
		return;
	}
	memcpy(out, path, len);
	out[len] = '\0';
}

/* Bytes of a leading "/local/domain/<1-5 digits>/", or 0. */
static size_t home_prefix_len(const char *path)
{
	static const char pfx[] = "/local/domain/";
	size_t i = sizeof(pfx) - 1, digits = 0;

	if (strncmp(path, pfx, i))
		return 0;
	while (path[i] >= '0' && path[i] <= '9' && digits < 5) {
		i++;
		digits++;
	}
	return digits && path[i] == '/' ? i + 1 : 0;
}

/* The characters of a path: letters, digits, '-', '_' and '@' (1), '/' (2). */
#define PC_RANGE(a, b) [a... b] = 1
static const unsigned char path_class[256] = {
	PC_RANGE('a', 'z'), PC_RANGE('A', 'Z'), PC_RANGE('0', '9'), ['-'] = 1,
	['_'] = 1,	    ['@'] = 1,		['/'] = 2,
};
#undef PC_RANGE

/* One pass (a table lookup a byte): the characters, no "//", no trailing '/' but on "/". */
bool xs_path_valid(const struct xs_store *s, const char *path)
{
	size_t len = 0;
	unsigned char prev = 0;

	if (path[0] != '/')
		return false;
	for (; path[len]; len++) {
		unsigned char c = path_class[(unsigned char)path[len]];

		if (!c || (c == 2 && prev == 2))
			return false;
		prev = c;
	}
	if (len > 1 && path[len - 1] == '/')
		return false;
	return len <= home_prefix_len(path) + s->quota.path_max;
}

/* Is child equal to parent or below it? */
bool xs_path_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return true;
	if (strncmp(child, parent, len))
		return false;
	return child[len] == '/' || child[len] == '\0';
}

void xs_home_path(uint16_t domid, char *out, size_t size)
{
	snprintf(out, size, "/local/domain/%u", domid);
}

/*
 * Relative names are below the connection's home (a socket's home is
 * dom0's, as in Xen's C daemon). out has XS_PATH_BUF bytes; a name too
 * long for it is EINVAL (it could never be a valid path).
 */
int xs_canonical(const struct xs_conn *c, const char *name, char *out)
{
	size_t len = strlen(name), home;

	if (name[0] == '/' || name[0] == '@') {
		if (len >= XS_PATH_BUF)
			return XEN_EINVAL;
		memcpy(out, name, len + 1);
		return 0;
	}
	xs_home_path(c->domid, out, XS_PATH_BUF);
	home = strlen(out);
	if (home + 1 + len >= XS_PATH_BUF)
		return XEN_EINVAL;
	out[home] = '/';
	memcpy(out + home + 1, name, len + 1);
	return 0;
}
