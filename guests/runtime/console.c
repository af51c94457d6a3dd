/*
 * Test-guest console: printf through console_io (CONSOLEIO_write), which
 * both Xen and xeno copy to the serial line for the initial domain. A
 * minimal vsnprintf: %d %i %u %x %X %p %s %c %%, flags '#' '0' '-', width,
 * precision for strings, length modifiers l, ll, z.
 */
#include <guest.h>

struct outbuf {
	char *buf;
	size_t size, len;
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct outbuf *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n && (*s == '-')) {
		put(o, *s++);
		n--;
	}
	for (; !left && fill > 0; fill--)
		put(o, pad);
	while (n--)
		put(o, *s++);
	for (; left && fill > 0; fill--)
		put(o, ' ');
}

static size_t format_number(char *tmp, unsigned long long v, bool neg, unsigned int base,
			    bool upper, bool alt)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, len = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[len++] = '-';
	if (alt && base == 16) {
		tmp[len++] = '0';
		tmp[len++] = 'x';
	}
	while (n)
		tmp[len++] = rev[--n];
	return len;
}

static unsigned long long take_unsigned(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, unsigned long long) : va_arg(*ap, unsigned int);
}

static void format_one(struct outbuf *o, const char **pfmt, va_list *ap)
{
	const char *f = *pfmt;
	bool left = false, alt = false;
	char pad = ' ', tmp[32];
	int width = 0, prec = -1, lng = 0;
	unsigned long long u;
	long long s;
	const char *str;

	for (;; f++) {
		if (*f == '-')
			left = true;
		else if (*f == '0')
			pad = '0';
		else if (*f == '#')
			alt = true;
		else
			break;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		width = width * 10 + (*f - '0');
	if (*f == '.')
		for (prec = 0, f++; *f >= '0' && *f <= '9'; f++)
			prec = prec * 10 + (*f - '0');
	for (; *f == 'l' || *f == 'z'; f++)
		lng = 1;
	switch (*f) {
	case 'd':
	case 'i':
		s = lng ? va_arg(*ap, long long) : va_arg(*ap, int);
		u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
		put_padded(o, tmp, format_number(tmp, u, s < 0, 10, false, false), width, left,
			   pad);
		break;
	case 'u':
		u = take_unsigned(ap, lng);
		put_padded(o, tmp, format_number(tmp, u, false, 10, false, false), width, left,
			   pad);
		break;
	case 'x':
	case 'X':
		u = take_unsigned(ap, lng);
		put_padded(o, tmp, format_number(tmp, u, false, 16, *f == 'X', alt), width, left,
			   pad);
		break;
	case 'p':
		u = (unsigned long)va_arg(*ap, void *);
		put_padded(o, tmp, format_number(tmp, u, false, 16, false, true), width, left, pad);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		str = str ? str : "(null)";
		put_padded(o, str, prec >= 0 ? strnlen(str, (size_t)prec) : strlen(str), width,
			   left, ' ');
		break;
	case 'c':
		tmp[0] = (char)va_arg(*ap, int);
		put_padded(o, tmp, 1, width, left, ' ');
		break;
	default:
		put(o, '%');
		if (*f)
			put(o, *f);
		break;
	}
	*pfmt = *f ? f + 1 : f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = {buf, size, 0};
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		format_one(&o, &fmt, &aq);
	}
	va_end(aq);
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

void puts_raw(const char *s, size_t len)
{
	hc_console_write(s, len);
}

int printf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	puts_raw(buf, strlen(buf));
	return n;
}
