/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Base of the public guest-ABI headers (not a Xen file): fixed-width types
 * and constant helpers that work in C, C++ and assembly.
 *
 * The ABI described by include/public/ is the 64-bit x86 PV ABI only; every
 * "long" of the original interface is written here as uint64_t.
 *
 * Freestanding builds that cannot use <stdint.h> define
 * XENO_PUBLIC_HAVE_STDINT and provide int8_t..int64_t / uint8_t..uint64_t
 * themselves before including any public header.
 */
#ifndef XENO_PUBLIC_XENO_TYPES_H
#define XENO_PUBLIC_XENO_TYPES_H

#if !defined(__x86_64__)
#error "include/public describes the x86_64 PV guest ABI only"
#endif

#ifdef __ASSEMBLER__
#define XENO_U(n) n
#define XENO_UL(n) n
#else
#ifndef XENO_PUBLIC_HAVE_STDINT
#include <stdint.h>
#endif
/* Unsigned int / unsigned long (64-bit) literal. */
#define XENO_U(n) n##U
#define XENO_UL(n) n##UL
#endif

#endif /* XENO_PUBLIC_XENO_TYPES_H */
