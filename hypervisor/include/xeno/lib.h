/*
 * Console output, assertions and fatal-error helpers.
 *
 * Error policy: panic() only during boot or on hypervisor bugs; guests get
 * -errno or are crashed (domain_crash), never the machine.
 */
#ifndef XENO_LIB_H
#define XENO_LIB_H

#include <stdarg.h>
#include <xeno/compiler.h>
#include <xeno/types.h>

/* Log levels, as a "<N>" prefix on the format string (Xen's XENLOG_*). */
#define XENLOG_ERR "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO "<2>"
#define XENLOG_DEBUG "<3>"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn __bug(const char *file, int line);
void __assert_failed(const char *expr, const char *file, int line);

#define BUG() __bug(__FILE__, __LINE__)
#define BUG_ON(c)                \
	do {                     \
		if (unlikely(c)) \
			BUG();   \
	} while (0)
/*
 * ASSERT(p): a hypervisor invariant, checked in debug builds (XENO_DEBUG:
 * `make DEBUG=1`, the default, and every host unit test). A failure prints
 * the condition and file:line and panics (in a unit test: a cmocka
 * mock_assert). Without XENO_DEBUG, p is type-checked but never evaluated,
 * so it must not have side effects.
 */
#ifdef XENO_DEBUG
#define ASSERT(p)                                                \
	do {                                                     \
		if (unlikely(!(p)))                              \
			__assert_failed(#p, __FILE__, __LINE__); \
	} while (0)
#else
#define ASSERT(p) ((void)sizeof(!(p)))
#endif

unsigned long simple_strtoul(const char *s, const char **end, unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **end);
/* The same, a bare number in units of 2^bare_shift bytes. */
unsigned long long parse_size(const char *s, const char **end, unsigned int bare_shift);

#endif
