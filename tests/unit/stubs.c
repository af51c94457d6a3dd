/* Host stand-ins for the hypervisor's console and fatal-error paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <xeno/lib.h>

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	mock_assert(0, "panic", __FILE__, __LINE__);
	abort();
}

void __bug(const char *file, int line)
{
	mock_assert(0, "BUG", file, line);
	abort();
}

void __assert_failed(const char *expr, const char *file, int line)
{
	mock_assert(0, expr, file, line);
}
