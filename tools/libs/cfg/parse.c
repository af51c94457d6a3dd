/*
 * libxcfg parser (xcfg.h): one pass of recursive descent over the text.
 *
 * Grammar (xl.cfg):
 *   file  := (stmt? ('\n' | ';'))* stmt?
 *   stmt  := key ('=' | '+=') value
 *   key   := [a-z][a-z0-9._]*
 *   value := string | number | '[' (value (',' value)* ','?)? ']'
 * Blanks (space, tab, CR) separate tokens; '#' starts a comment to the end
 * of the line; inside a list newlines and comments are blanks.
 *
 * Invariants: the parser never reads past end; lists nest at most
 * XCFG_MAX_DEPTH deep (bounded recursion); on any error every allocation
 * of the parse is freed and the message names the file and the line the
 * offending token is on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xcfg_private.h"

#define XCFG_MAX_DEPTH 32
#define XCFG_MAX_FILE (1u << 20)

struct parser {
	const char *fname;
	const char *p, *end;
	int line;
	int depth;
	char *err;
	size_t errlen;
};

static int fail(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->errlen)
		return -EINVAL;
	n = line > 0 ? snprintf(ps->err, ps->errlen, "%s:%d: ", ps->fname, line)
		     : snprintf(ps->err, ps->errlen, "%s: ", ps->fname);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int peek(const struct parser *ps)
{
	return ps->p < ps->end ? (unsigned char)*ps->p : -1;
}

/* Blanks and a comment, stopping before a newline. */
static void skip_blank(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == ' ' || c == '\t' || c == '\r')
			ps->p++;
		else if (c == '#')
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		else
			break;
	}
}

/* Blanks, comments and newlines (inside a list). */
static void skip_space(struct parser *ps)
{
	for (skip_blank(ps); peek(ps) == '\n'; skip_blank(ps)) {
		ps->p++;
		ps->line++;
	}
}

static const char *describe(int c)
{
	static char buf[16];

	if (c < 0)
		return "end of file";
	if (c == '\n')
		return "end of line";
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, sizeof(buf), "'%c'", c);
	else
		snprintf(buf, sizeof(buf), "byte 0x%02x", c);
	return buf;
}

static int unexpected(struct parser *ps, const char *what)
{
	int c = peek(ps);

	if (c >= 0 && strchr("+-.():", c))
		return fail(ps, ps->line, "%s, found %s (xl.cfg is not Python: no expressions)",
			    what, describe(c));
	return fail(ps, ps->line, "%s, found %s", what, describe(c));
}

static int escape(struct parser *ps, char *out)
{
	static const char from[] = "\"'\\abfnrtv", to[] = "\"'\\\a\b\f\n\r\t\v";
	int c = peek(ps);
	const char *hit = c > 0 ? strchr(from, c) : NULL;
	unsigned int v = 0, n = 0;

	if (hit) {
		ps->p++;
		*out = to[hit - from];
		return 0;
	}
	if (c == 'x') {
		char hex[3] = {0};

		ps->p++;
		for (;
		     n < 2 && ps->p < ps->end && strchr("0123456789abcdefABCDEF", *ps->p) && *ps->p;
		     n++)
			hex[n] = *ps->p++;
		v = (unsigned int)strtoul(hex, NULL, 16);
	} else {
		/* \NNN: 1-3 digits read as decimal, as xl reads them. */
		for (; n < 3 && peek(ps) >= '0' && peek(ps) <= '9'; n++)
			v = v * 10 + (unsigned int)(*ps->p++ - '0');
	}
	if (!n)
		return fail(ps, ps->line, "unknown escape \\%s in string",
			    c < 0 ? "" : describe(c));
	if (v == 0 || v > 255)
		return fail(ps, ps->line, "escape gives %s byte %u", v ? "no" : "a NUL", v);
	*out = (char)v;
	return 0;
}

static int parse_string(struct parser *ps, char **out)
{
	char quote = *ps->p++;
	size_t cap = 16, len = 0;
	char *s = malloc(cap);
	int rc = 0;

	while (s && !rc) {
		int c = peek(ps);
		char ch = 0;

		if (c < 0 || c == '\n') {
			rc = fail(ps, ps->line, "unterminated string (missing %c)", quote);
			break;
		}
		ps->p++;
		if (c == quote)
			break;
		if (c == '\0')
			rc = fail(ps, ps->line, "NUL byte in string");
		else if (c == '\\')
			rc = escape(ps, &ch);
		else
			ch = (char)c;
		if (rc)
			break;
		if (len + 2 > cap) {
			char *n = realloc(s, cap *= 2);

			if (!n)
				break;
			s = n;
		}
		s[len++] = ch;
	}
	if (!s)
		return -ENOMEM;
	if (rc) {
		free(s);
		return rc;
	}
	s[len] = '\0';
	*out = s;
	return 0;
}

static bool is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int parse_number(struct parser *ps, char **out)
{
	const char *start = ps->p;

	while (is_word(peek(ps)))
		ps->p++;
	*out = strndup(start, ps->p - start);
	return *out ? 0 : -ENOMEM;
}

static int parse_value(struct parser *ps, struct xcfg_value *v);

static int list_push(struct xcfg_value *list, struct xcfg_value *item)
{
	struct xcfg_value *n = realloc(list->items, (list->nr_items + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	list->items = n;
	list->items[list->nr_items++] = *item;
	return 0;
}

static int parse_list_items(struct parser *ps, struct xcfg_value *list, int open_line)
{
	for (skip_space(ps); peek(ps) != ']'; skip_space(ps)) {
		struct xcfg_value item;
		int rc;

		if (peek(ps) < 0)
			return fail(ps, ps->line, "expected ']' (list opened on line %d)",
				    open_line);
		rc = parse_value(ps, &item);
		if (!rc && (rc = list_push(list, &item)))
			xcfg_value_clear(&item);
		if (rc)
			return rc;
		skip_space(ps);
		if (peek(ps) == ',')
			ps->p++;
		else if (peek(ps) != ']')
			return peek(ps) < 0
				       ? fail(ps, ps->line, "expected ']' (list opened on line %d)",
					      open_line)
				       : unexpected(ps, "expected ',' or ']'");
	}
	ps->p++;
	return 0;
}

static int parse_list(struct parser *ps, struct xcfg_value *v)
{
	int rc;

	if (ps->depth >= XCFG_MAX_DEPTH)
		return fail(ps, ps->line, "lists nested deeper than %d", XCFG_MAX_DEPTH);
	ps->p++;
	ps->depth++;
	v->kind = XCFG_LIST;
	rc = parse_list_items(ps, v, v->line);
	ps->depth--;
	return rc;
}

static int parse_value(struct parser *ps, struct xcfg_value *v)
{
	int c = peek(ps), rc;

	memset(v, 0, sizeof(*v));
	v->line = ps->line;
	if (c == '\'' || c == '"') {
		v->kind = XCFG_STRING;
		return parse_string(ps, &v->str);
	}
	if (c >= '0' && c <= '9') {
		v->kind = XCFG_NUMBER;
		return parse_number(ps, &v->str);
	}
	if (c != '[')
		return unexpected(ps, "expected a value (a string, a number or a [list])");
	rc = parse_list(ps, v);
	if (rc)
		xcfg_value_clear(v);
	return rc;
}

static int parse_key(struct parser *ps, char **key)
{
	const char *start = ps->p;
	int c = peek(ps);

	if (c >= 'A' && c <= 'Z')
		return fail(ps, ps->line, "key starting with %s: keys are lowercase", describe(c));
	if (c < 'a' || c > 'z')
		return unexpected(ps, "expected a key");
	while ((c = peek(ps)) >= 0 &&
	       ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
		ps->p++;
	if (c >= 'A' && c <= 'Z')
		return fail(ps, ps->line, "key with %s: keys are lowercase", describe(c));
	*key = strndup(start, ps->p - start);
	return *key ? 0 : -ENOMEM;
}

static int parse_op(struct parser *ps, bool *append)
{
	skip_blank(ps);
	*append = peek(ps) == '+';
	if (*append)
		ps->p++;
	if (peek(ps) != '=')
		return unexpected(ps, *append ? "expected '=' after '+'" : "expected '='");
	ps->p++;
	skip_blank(ps);
	return 0;
}

static int parse_stmt(struct parser *ps, struct xcfg *cfg)
{
	int line = ps->line, rc;
	struct xcfg_value v;
	char *key = NULL;
	bool append;

	rc = parse_key(ps, &key);
	if (!rc)
		rc = parse_op(ps, &append);
	if (!rc)
		rc = parse_value(ps, &v);
	if (rc) {
		free(key);
		return rc;
	}
	skip_blank(ps);
	if (peek(ps) >= 0 && peek(ps) != '\n' && peek(ps) != ';')
		rc = unexpected(ps, "expected end of line after the value");
	if (!rc)
		rc = xcfg_assign(cfg, key, &v, append, line, ps->err, ps->errlen);
	if (rc) {
		free(key);
		xcfg_value_clear(&v);
	}
	return rc;
}

static int parse_all(struct parser *ps, struct xcfg *cfg)
{
	for (;;) {
		int rc;

		skip_blank(ps);
		if (peek(ps) < 0)
			return 0;
		if (peek(ps) == '\n' || peek(ps) == ';') {
			ps->line += *ps->p++ == '\n';
			continue;
		}
		rc = parse_stmt(ps, cfg);
		if (rc)
			return rc;
	}
}

int xcfg_parse_into(struct xcfg *cfg, const char *fname, int first_line, const char *text,
		    size_t len, char *err, size_t errlen)
{
	struct parser ps = {fname, text, text + len, first_line, 0, err, errlen};

	return parse_all(&ps, cfg);
}

int xcfg_parse(const char *fname, const char *text, size_t len, struct xcfg **out, char *err,
	       size_t errlen)
{
	struct xcfg *cfg = calloc(1, sizeof(*cfg));
	int rc;

	*out = NULL;
	if (!cfg || !(cfg->file = strdup(fname))) {
		free(cfg);
		return -ENOMEM;
	}
	rc = xcfg_parse_into(cfg, fname, 1, text, len, err, errlen);
	if (rc) {
		xcfg_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

int xcfg_parse_file(const char *path, struct xcfg **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	buf = malloc(XCFG_MAX_FILE + 1);
	len = buf ? fread(buf, 1, XCFG_MAX_FILE + 1, f) : 0;
	fclose(f);
	if (!buf)
		return -ENOMEM;
	if (len > XCFG_MAX_FILE) {
		snprintf(err, errlen, "%s: larger than %u bytes", path, XCFG_MAX_FILE);
		rc = -EFBIG;
	} else {
		rc = xcfg_parse(path, buf, len, out, err, errlen);
	}
	free(buf);
	return rc;
}
