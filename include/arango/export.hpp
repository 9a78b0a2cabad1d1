// ARANGO_API marks what the shared library exports. The library is built with hidden
// visibility: only what a public header declares inside `inline namespace v1 ARANGO_API`
// (or marks ARANGO_API itself) is visible to its users; its own internals and the third-party
// code it is built on (RapidJSON, cpp-jwt, ...) are not.
//
// ARANGO_INTERNAL takes a declaration inside that namespace back out of the export list: a
// function of namespace detail that only the library (and its unit tests, which link the
// library's objects) calls, and the detail templates whose instantiations each binary keeps to
// itself. Nothing that the public headers' inline code calls may carry it.
// docs/architecture.md ("What the shared library exports") lists what namespace detail exports.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define ARANGO_API __attribute__((visibility("default")))
#define ARANGO_INTERNAL __attribute__((visibility("hidden")))
#else
#define ARANGO_API
#define ARANGO_INTERNAL
#endif
