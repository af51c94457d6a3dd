/*
 * The image loaders' environment, the same in both places they are built:
 * freestanding in the hypervisor (hypervisor/lib/string.c provides the
 * functions) and hosted in tools and unit tests (libc provides them). Only
 * compiler-provided headers and ISO C prototypes, so nothing here depends on
 * which; the typedefs and prototypes repeat the hypervisor's own exactly, so
 * hypervisor code may include both.
 */
#ifndef LOADER_ENV_H
#define LOADER_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t s64;
typedef uint64_t u64;
typedef int32_t s32;
typedef uint32_t u32;
typedef int16_t s16;
typedef uint16_t u16;
typedef int8_t s8;
typedef uint8_t u8;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);

/* Error numbers the loaders return negated: Xen's values, which are Linux's. */
#define LOADER_ENOEXEC 8
#define LOADER_EINVAL 22
#define LOADER_ENOSPC 28
#define LOADER_ENODATA 61
#define LOADER_EILSEQ 84
#define LOADER_EOPNOTSUPP 95

#endif
