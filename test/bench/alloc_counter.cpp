// Counts the process's heap allocations for the benchmarks: malloc, calloc and realloc are
// defined here and forward to glibc's allocator (__libc_malloc ...), so calls from libcurl,
// OpenSSL and libstdc++'s operator new are counted as well as the program's own. Built only
// without sanitizers (their allocators must not be wrapped); then allocations() is nullopt.
#include "bench_common.hpp"

#ifdef BENCH_COUNT_ALLOCS
#include <cstddef>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<std::uint64_t> count{0};
}

extern "C" {
void* malloc(std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  count.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
}

std::optional<std::uint64_t> bench::allocations() { return count.load(std::memory_order_relaxed); }
#else
std::optional<std::uint64_t> bench::allocations() { return std::nullopt; }
#endif
