/*
 * vsnprintf: the subset of C99 formatting the hypervisor uses: flags
 * "-0 +#", width and precision (also '*'), length modifiers hh h l ll z t,
 * conversions d i u x X o c s p %, and %pS (symbolised code address).
 * Always NUL-terminates when size > 0; returns the length the full output
 * would have had.
 */
#include <xeno/lib.h>
#include <xeno/string.h>
#include <xeno/symbols.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left, zero, plus, space, alt;
	int width, prec;
	int length; /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static void put_num(struct out *o, const struct spec *sp, unsigned long long v, bool neg,
		    unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len, zeros;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	const char *prefix = (sp->alt && base == 16 && v) ? (upper ? "0X" : "0x") : "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = sp->prec > n ? sp->prec - n : 0;
	len = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0)
		zeros += sp->width > len ? sp->width - len : 0, len = MAX(len, sp->width);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	pad(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->left = true; break;
		case '0': sp->zero = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		case '#': sp->alt = true; break;
		default: return f;
		}
	}
}

static const char *parse_int(const char *f, int *val, va_list *ap)
{
	if (*f == '*') {
		*val = va_arg(*ap, int);
		return f + 1;
	}
	*val = 0;
	while (*f >= '0' && *f <= '9')
		*val = *val * 10 + (*f++ - '0');
	return f;
}

static const char *parse_length(const char *f, struct spec *sp)
{
	if (f[0] == 'h')
		return f[1] == 'h' ? (sp->length = -2, f + 2) : (sp->length = -1, f + 1);
	if (f[0] == 'l')
		return f[1] == 'l' ? (sp->length = 2, f + 2) : (sp->length = 1, f + 1);
	if (f[0] == 'z' || f[0] == 't')
		return sp->length = 3, f + 1;
	return f;
}

static long long get_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2: return (signed char)va_arg(*ap, int);
	case -1: return (short)va_arg(*ap, int);
	case 0: return va_arg(*ap, int);
	case 2: return va_arg(*ap, long long);
	default: return va_arg(*ap, long);
	}
}

static unsigned long long get_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case 0: return va_arg(*ap, unsigned int);
	case 2: return va_arg(*ap, unsigned long long);
	default: return va_arg(*ap, unsigned long);
	}
}

static const char *put_pointer(struct out *o, struct spec *sp, const char *f, va_list *ap)
{
	unsigned long p = (unsigned long)va_arg(*ap, void *);
	char sym[96];

	if (*f == 'S') {
		symbol_format(p, sym, sizeof(sym));
		put_str(o, sp, sym);
		return f + 1;
	}
	sp->alt = true;
	put_num(o, sp, p, false, 16, false);
	return f;
}

static const char *convert(struct out *o, struct spec *sp, const char *f, va_list *ap)
{
	long long s;

	switch (*f) {
	case 'd':
	case 'i':
		s = get_signed(sp, ap);
		put_num(o, sp, s < 0 ? -(unsigned long long)s : (unsigned long long)s, s < 0, 10,
			false);
		break;
	case 'u': put_num(o, sp, get_unsigned(sp, ap), false, 10, false); break;
	case 'x': put_num(o, sp, get_unsigned(sp, ap), false, 16, false); break;
	case 'X': put_num(o, sp, get_unsigned(sp, ap), false, 16, true); break;
	case 'o': put_num(o, sp, get_unsigned(sp, ap), false, 8, false); break;
	case 'c': put(o, (char)va_arg(*ap, int)); break;
	case 's': put_str(o, sp, va_arg(*ap, const char *)); break;
	case 'p': return put_pointer(o, sp, f + 1, ap);
	case '%': put(o, '%'); break;
	default:
		put(o, '%');
		put(o, *f);
		break;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = {buf, size, 0};
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		struct spec sp = {.prec = -1};

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt + 1, &sp);
		fmt = parse_int(fmt, &sp.width, &ap);
		if (sp.width < 0)
			sp.left = true, sp.width = -sp.width;
		if (*fmt == '.')
			fmt = parse_int(fmt + 1, &sp.prec, &ap);
		fmt = parse_length(fmt, &sp);
		if (!*fmt)
			break;
		fmt = convert(&o, &sp, fmt, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
