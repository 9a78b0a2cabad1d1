// ARANGO_API marks what the shared library exports. The library is built with hidden
// visibility: only what a public header declares inside `inline namespace ARANGO_API v1`
// (or marks ARANGO_API itself) is visible to its users; its own internals and the third-party
// code it is built on (RapidJSON, cpp-jwt, ...) are not.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define ARANGO_API __attribute__((visibility("default")))
#else
#define ARANGO_API
#endif
