/* SPDX-License-Identifier: MIT */
/*
 * MBX_API marks the library's public functions: libmbx is built with
 * -fvisibility=hidden, so these are the only symbols libmbx.so exports
 * (tests/ring/check-exports checks it).
 */
#ifndef MBX_EXPORT_H
#define MBX_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define MBX_API __attribute__((visibility("default")))
#else
#define MBX_API
#endif

#endif /* MBX_EXPORT_H */
