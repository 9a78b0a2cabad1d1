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

/// True when `in` holds a number that RapidJSON 1.1.0's full-precision reader
/// (kParseFullPrecisionFlag, which the library parses with) reads as a wrong value through
/// undefined behaviour (clz(0) in DiyFp::Normalize) that UBSan cannot be told to let pass:
/// digits that are all zero, with an exponent or a long fraction ("0e300", "-0.0E-5"), and
/// digits that begin 184467440737095516155..9 (its 64-bit significand rounds up past
/// UINT64_MAX to 0: "184467440737095516155" reads as -2.0e264). A known finding (README.md);
/// the targets skip such inputs so that the fuzzer looks elsewhere. A third family: numbers
/// beyond DBL_MAX written with more than one digit ("10e308" reads as -3.1e-308, instead of
/// the "number too big" error "1e400" gets; an index past its table of cached powers); the
/// targets skip every number with a three-digit exponent or a run of 250 digits.
inline bool skip_rapidjson_zero_significand(std::string_view in) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t run = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    run = digit(in[i]) ? run + 1 : 0;
    if (run >= 250) return true;
    if ((in[i] == 'e' || in[i] == 'E') && i > 0 && (digit(in[i - 1]) || in[i - 1] == '.')) {
      std::size_t j = i + 1;
      if (j < in.size() && (in[j] == '+' || in[j] == '-')) ++j;
      std::size_t k = j;
      while (k < in.size() && in[k] == '0') ++k;  // leading zeros of the exponent
      std::size_t n = 0;
      while (k + n < in.size() && digit(in[k + n])) ++n;
      if (n >= 3) return true;
    }
  }
  constexpr std::string_view max_prefix = "1844674407370955161";
  for (std::size_t at = in.find(max_prefix); at != std::string_view::npos; at = in.find(max_prefix, at + 1)) {
    std::string next;  // the digits after the prefix, the decimal point left out
    for (std::size_t j = at + max_prefix.size(); j < in.size() && next.size() < 2; ++j) {
      if (digit(in[j])) {
        next += in[j];
      } else if (in[j] != '.') {
        break;
      }
    }
    if (next.size() == 2 && next[0] == '5' && next[1] >= '5') return true;
  }
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '0' || (i > 0 && (digit(in[i - 1]) || in[i - 1] == '.'))) continue;
    std::size_t j = i;
    while (j < in.size() && in[j] == '0') ++j;
    std::size_t fraction = 0;
    if (j < in.size() && in[j] == '.') {
      ++j;
      while (j < in.size() && in[j] == '0') ++j, ++fraction;
    }
    if (j < in.size() && (in[j] == 'e' || in[j] == 'E')) return true;
    if (fraction >= 16 && (j == in.size() || !digit(in[j]))) return true;
  }
  return false;
}

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

}  // namespace clientfuzz
