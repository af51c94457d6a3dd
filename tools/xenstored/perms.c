/*
 * Xen's permission semantics.
 *
 * A node's list has at least one entry. Entry 0 names the owner, and its
 * letter is what every domain not listed later gets. The owner, a
 * privileged connection (dom0 and its sockets) and a domain whose
 * SET_TARGET names the owner have every right, including XS_PERM_OWNER
 * (may change permissions). Otherwise the first later entry naming the
 * domain (or its target) decides.
 *
 * The special watch paths @introduceDomain and @releaseDomain have lists
 * of their own (s->special), n0 at start: only privileged connections see
 * their events unless SET_PERMS grants read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

static const char *const special_names[XS_SPECIAL_COUNT] = {"@introduceDomain", "@releaseDomain"};

static bool names_domain(const struct xs_conn *c, uint16_t id)
{
	return id == c->domid || (c->target >= 0 && id == (uint16_t)c->target);
}

unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perms *perms)
{
	const unsigned int all = XS_PERM_BOTH | XS_PERM_OWNER;

	if (xs_conn_privileged(c) || names_domain(c, perms->p[0].id))
		return all;
	for (unsigned int i = 1; i < perms->num; i++)
		if (names_domain(c, perms->p[i].id))
			return perms->p[i].perms;
	return perms->p[0].perms;
}

static int perm_letter(char c)
{
	switch (c) {
	case 'n': return XS_PERM_NONE;
	case 'r': return XS_PERM_READ;
	case 'w': return XS_PERM_WRITE;
	case 'b': return XS_PERM_BOTH;
	default: return -1;
	}
}

/* A domid in decimal (or 0x hex, as Xen's strtol base 0 takes it), at most 65535. */
static int parse_perm_id(const char *s, uint16_t *id)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return XEN_EINVAL;
	v = strtoul(s, &end, 0);
	if (*end || v > 0xffff)
		return XEN_EINVAL;
	*id = (uint16_t)v;
	return 0;
}

/* num NUL-terminated strings "<n|r|w|b><domid>" at strings. */
int xs_perms_parse(const char *strings, unsigned int num, struct xs_perms *out)
{
	out->num = num;
	out->p = xs_xzalloc(num * sizeof(*out->p));
	for (unsigned int i = 0; i < num; i++) {
		int letter = perm_letter(strings[0]);

		if (letter < 0 || parse_perm_id(strings + 1, &out->p[i].id)) {
			xs_perms_free(out);
			return XEN_EINVAL;
		}
		out->p[i].perms = (uint8_t)letter;
		strings += strlen(strings) + 1;
	}
	return 0;
}

/* The strings of GET_PERMS, each NUL-terminated; returns the bytes used. */
size_t xs_perms_format(const struct xs_perms *perms, char *buf, size_t size)
{
	static const char letters[] = "nrwb";
	size_t used = 0;

	for (unsigned int i = 0; i < perms->num; i++) {
		int n = snprintf(buf + used, size - used, "%c%u", letters[perms->p[i].perms & 3],
				 perms->p[i].id);

		if (n < 0 || (size_t)n + 1 > size - used)
			break;
		used += (size_t)n + 1;
	}
	return used;
}

void xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
	dst->num = src->num;
	dst->p = xs_xmemdup(src->p, src->num * sizeof(*src->p));
}

void xs_perms_free(struct xs_perms *p)
{
	free(p->p);
	p->p = NULL;
	p->num = 0;
}

struct xs_perms *xs_special_perms(struct xs_store *s, const char *name)
{
	for (int i = 0; i < XS_SPECIAL_COUNT; i++)
		if (!strcmp(name, special_names[i]))
			return &s->special[i];
	return NULL;
}

/* A released domain: its ownership goes to dom0, its later entries go. */
void xs_perms_forget_domid(struct xs_perms *p, uint16_t domid)
{
	unsigned int out = 1;

	if (p->p[0].id == domid)
		p->p[0].id = 0;
	for (unsigned int i = 1; i < p->num; i++)
		if (p->p[i].id != domid)
			p->p[out++] = p->p[i];
	p->num = out;
}
