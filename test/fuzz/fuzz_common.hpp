// What every client fuzz target shares: reading the fuzz input as a server answer, and the one
// rule for what a decoder may do with it (deliver a value, or throw an ArangoError).
#pragma once

#include <arango/arango.hpp>
#include <arango/detail/operation.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

// UBSan stops at the first report that ubsan.supp does not silence (halt_on_error: its checks
// are compiled recoverable only so that they can be silenced) and prints where it happened.
// (Each target includes this header once: one definition per program.)
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" CLIENT_FUZZ_UBSAN_SUPPRESSIONS;
}

namespace clientfuzz {

using namespace arango;

/// Stops the run with a message (libFuzzer keeps the input as a crash).
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ FINDING: %.*s %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

/// An oracle: `condition` must hold.
inline void check(bool condition, std::string_view what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

/// The fuzz input as a server answer, in the form the seed corpora are written in:
///   "<status> <selector>\n" then header lines "name: value\n", an empty line, then the body.
/// The selector picks one of a target's decoders; a missing part is 0 / empty.
struct Answer {
  int status = 0;
  unsigned selector = 0;
  Headers headers{};
  std::string body{};
};

inline Answer read_answer(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Answer a;
  auto line = [&]() {
    std::size_t nl = in.find('\n');
    std::string_view l = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  std::string_view first = line();
  unsigned status = 0;
  auto [p, ec] = std::from_chars(first.data(), first.data() + first.size(), status);
  if (ec == std::errc()) a.status = static_cast<int>(status % 1000);
  while (p != first.data() + first.size() && *p == ' ') ++p;
  std::from_chars(p, first.data() + first.size(), a.selector);
  for (;;) {
    if (in.empty()) return a;
    std::string_view l = line();
    if (l.empty()) break;
    std::size_t colon = l.find(':');
    std::string_view name = l.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    a.headers.add(name, value);
  }
  a.body.assign(in);
  return a;
}

/// The Response a transport hands the executor for `a`.
inline Response make_response(const Answer& a) {
  Response r;
  r.status_code = a.status;
  r.status_text = "Status";
  r.headers = a.headers;
  r.raw_body = a.body;
  r.url = "http://fuzz:8529/_db/_system/_api/x";
  return r;
}

/// Runs `f`; a typed error (ArangoError) is an accepted outcome, any other exception a finding.
/// Returns true when `f` returned normally.
template <class F>
bool typed_or_success(F&& f) {
  try {
    f();
    return true;
  } catch (const ArangoError& e) {
    // Every typed error says what went wrong.
    check(!e.message().empty() || e.source() == ErrorSource::server, "typed error without a message", e.class_name());
    return false;
  } catch (const std::exception& e) {
    fail(typeid(e).name(), e.what());
  }
}

/// Readies `r` exactly as the executor does before a decoder runs (detail::check_response), then
/// decodes it with the operation's own decoder.
template <class T>
auto decode(detail::Operation<T>& op, Response& r) {
  detail::check_response(r);
  return op.decode(r);
}

/// Decodes a copy of `base` with `op`'s decoder: a value or a typed error.
template <class T>
void run(detail::Operation<T> op, const Response& base) {
  Response r = base;
  typed_or_success([&] { decode(op, r); });
}

}  // namespace clientfuzz
