/*
 * Basic types for the hypervisor. Only compiler-provided freestanding headers
 * are used, so files that include just this (and xeno/string.h) build both
 * inside the hypervisor and in host unit tests.
 */
#ifndef XENO_TYPES_H
#define XENO_TYPES_H

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

typedef u64 paddr_t;
typedef s64 s_time_t; /* system time in ns since boot */

#endif
