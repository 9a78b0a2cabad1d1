#include "aql/regex.hpp"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <climits>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aql/error.hpp"
#include "aql/eval.hpp"

namespace emu::aql::regex {
namespace {

// A pattern longer than this is answered as one ICU would not compile (1543): its compilation is
// the one cost of a regex that no kill or maxRuntime reaches. arangod has no such bound.
constexpr std::size_t kMaxPattern = 65536;
// Subjects, replacements: ICU indexes UTF-16 with int32_t.
constexpr std::size_t kMaxText = std::size_t{1} << 30;

using Pattern = std::shared_ptr<icu::RegexPattern const>;

// The compiled pattern of `text` (null when ICU rejects it). arangod keeps its matchers per query;
// here a small per-thread cache of short patterns spares a query its recompilation row by row.
Pattern compile(std::string const& text, bool ci) {
  if (text.size() > kMaxPattern) return nullptr;
  std::string key = ci ? "(?i)" + text : text;
  thread_local std::unordered_map<std::string, Pattern> cache;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  Pattern compiled(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(icu::StringPiece(key.data(), static_cast<int32_t>(key.size()))), 0,
      where, status));
  if (U_FAILURE(status)) compiled.reset();
  if (key.size() <= 1024) {
    if (cache.size() >= 64) cache.clear();
    cache.emplace(std::move(key), compiled);
  }
  return compiled;
}

icu::UnicodeString utf16(std::string const& s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string utf8(icu::UnicodeString const& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

Value invalid(Evaluator& ev) {
  ev.warn(1543, "invalid regex value");
  return Value();
}

// ICU calls these between backtracking steps and start positions: false stops the match with
// U_REGEX_STOPPED_BY_CALLER (an exception must not unwind through ICU).
UBool keep_matching(void const* ev, int32_t) {
  return static_cast<Evaluator const*>(ev)->stop_requested() ? 0 : 1;
}
UBool keep_finding(void const* ev, int64_t) {
  return static_cast<Evaluator const*>(ev)->stop_requested() ? 0 : 1;
}

// A matcher of `p` whose matching polls the query's kill flag and maxRuntime (null: ICU failed).
std::unique_ptr<icu::RegexMatcher> open(Evaluator& ev, icu::RegexPattern const& p) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(p.matcher(status));
  if (U_FAILURE(status)) return nullptr;
  m->setMatchCallback(keep_matching, &ev, status);
  m->setFindProgressCallback(keep_finding, &ev, status);
  if (U_FAILURE(status)) return nullptr;
  return m;
}

// After an ICU call: a match the callbacks stopped is the query's kill / maxRuntime error. (ICU's
// split searches through find() without a status, which swallows the stop and answers the rest as
// one field: the flag, which stays set, is asked again.)
void rethrow_stop(Evaluator& ev, UErrorCode status) {
  if (status != U_REGEX_STOPPED_BY_CALLER && !ev.stop_requested()) return;
  ev.check_killed();
  throw QueryError(1500, "query killed");
}

// How often each capture group is referenced by `replacement` under ICU's rules ($n takes digits
// while the number stays a group, ${name}, a backslash escapes the next character): with the
// groups' lengths it bounds one match's expansion before ICU makes it.
std::vector<std::uint64_t> group_references(icu::RegexPattern const& p, icu::UnicodeString const& r,
                                            int32_t groups) {
  std::vector<std::uint64_t> refs(static_cast<std::size_t>(groups) + 1, 0);
  int32_t const n = r.length();
  for (int32_t i = 0; i < n;) {
    char16_t const c = r[i];
    if (c == u'\\') {
      i += 2;
      continue;
    }
    ++i;
    if (c != u'$' || i >= n) continue;
    if (r[i] == u'{') {
      int32_t const close = r.indexOf(u'}', i);
      if (close < 0) break;
      UErrorCode status = U_ZERO_ERROR;
      int32_t const g = p.groupNumberFromName(r.tempSubStringBetween(i + 1, close), status);
      if (U_SUCCESS(status) && g > 0 && g <= groups) ++refs[static_cast<std::size_t>(g)];
      i = close + 1;
      continue;
    }
    int32_t g = 0, digits = 0;
    while (i < n) {
      UChar32 const d = r.char32At(i);
      if (!u_isdigit(d) || g > (INT32_MAX - 9) / 10 || g * 10 + u_charDigitValue(d) > groups) break;
      g = g * 10 + u_charDigitValue(d);
      ++digits;
      i += U16_LENGTH(d);
    }
    if (digits > 0) ++refs[static_cast<std::size_t>(g)];
  }
  return refs;
}

// The first match of `m` in `in` (which must outlive the matcher's use of it); `status` holds ICU's
// error, a stop already turned into the query's error.
bool find_first(Evaluator& ev, icu::RegexMatcher& m, icu::UnicodeString const& in, UErrorCode& status) {
  m.reset(in);
  bool const found = m.find(status);
  rethrow_stop(ev, status);
  return found;
}

}  // namespace

Value test(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci) {
  auto p = compile(pattern, ci);
  if (!p || subject.size() > kMaxText) return invalid(ev);
  auto m = open(ev, *p);
  if (!m) return invalid(ev);
  icu::UnicodeString const in = utf16(subject);
  UErrorCode status = U_ZERO_ERROR;
  bool const found = find_first(ev, *m, in, status);
  if (U_FAILURE(status)) return invalid(ev);
  return Value::boolean(found);
}

Value matches(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci) {
  auto p = compile(pattern, ci);
  if (!p || subject.size() > kMaxText) return invalid(ev);
  if (!pattern.empty() && subject.empty()) return Value::array({Value::string("")});
  auto m = open(ev, *p);
  if (!m) return invalid(ev);
  icu::UnicodeString const in = utf16(subject);
  UErrorCode status = U_ZERO_ERROR;
  bool const found = find_first(ev, *m, in, status);
  // arangod calls find() without a status: a match ICU gives up on is no match
  if (!found || U_FAILURE(status)) return Value();
  ArrayResult out(ev);
  for (int32_t g = 0; g <= m->groupCount(); ++g) {
    icu::UnicodeString const text = m->group(g, status);  // "" for a group that took no part
    if (U_FAILURE(status)) return invalid(ev);
    out.push_back(Value::string(utf8(text)));
  }
  return out.value();
}

// The field ICU's split leaves the unsplit rest of its input in: a writable UText that keeps only
// the length ICU writes (the rest is the input's tail, so its length is where it starts). arangod
// copies the rest and splits the copy again; this splits the same tail in place, without the copy
// that made a subject of many fields quadratic.
struct RestField {
  static int64_t length(UText* ut) { return *static_cast<int64_t*>(const_cast<void*>(ut->context)); }
  static int32_t replace(UText* ut, int64_t start, int64_t limit, UChar const*, int32_t n, UErrorCode*) {
    auto* len = static_cast<int64_t*>(const_cast<void*>(ut->context));
    *len += n - (limit - start);
    return static_cast<int32_t>(n - (limit - start));
  }
  static UText* clone(UText*, UText const*, UBool, UErrorCode* status) {
    *status = U_UNSUPPORTED_ERROR;
    return nullptr;
  }
  static UBool access(UText*, int64_t, UBool) { return 0; }
  static int32_t extract(UText*, int64_t, int64_t, UChar*, int32_t, UErrorCode* status) {
    *status = U_UNSUPPORTED_ERROR;
    return 0;
  }
  static void copy(UText*, int64_t, int64_t, int64_t, UBool, UErrorCode* status) {
    *status = U_UNSUPPORTED_ERROR;
  }
  static int64_t to_native(UText const*) { return 0; }
  static int32_t to_utf16(UText const*, int64_t) { return 0; }
  static UTextFuncs const* funcs() {
    static UTextFuncs const f = {sizeof(UTextFuncs), 0, 0, 0, clone, length, access, extract, replace,
                                 copy, to_native, to_utf16, nullptr, nullptr, nullptr, nullptr};
    return &f;
  }
};

// arangod's loop: ICU's split into 16 fields at a time, the 16th holding the rest, which is split
// again as an input of its own (so "^" matches again at its start, a lookbehind does not see
// before it, a group captured into the 16th field is lost, as on a real server); for the empty
// pattern the empty first and last fields of each round are dropped.
Value split(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci,
            std::int64_t limit) {
  auto p = compile(pattern, ci);
  if (!p || subject.size() > kMaxText) return invalid(ev);
  bool const empty_pattern = pattern.empty();
  if (!empty_pattern && subject.empty()) return Value::array({Value::string("")});
  auto m = open(ev, *p);
  if (!m) return invalid(ev);
  constexpr int32_t kFields = 16;
  icu::UnicodeString const in = utf16(subject);
  icu::UnicodeString fields[kFields - 1];
  UErrorCode status = U_ZERO_ERROR;
  UText field_text[kFields - 1];
  UText* dest[kFields];
  for (int32_t i = 0; i + 1 < kFields; ++i) {
    field_text[i] = UTEXT_INITIALIZER;
    dest[i] = utext_openUnicodeString(&field_text[i], &fields[i], &status);
  }
  int64_t rest_length = 0;
  UText rest_field = UTEXT_INITIALIZER;
  dest[kFields - 1] = utext_setup(&rest_field, 0, &status);
  UText input = UTEXT_INITIALIZER;
  struct Close {
    UText* texts;
    UText* rest;
    UText* input;
    ~Close() {
      for (int32_t i = 0; i + 1 < kFields; ++i) utext_close(&texts[i]);
      utext_close(rest);  // RestField has no close function: nothing of its own to free
      utext_close(input);
    }
  } close{field_text, &rest_field, &input};
  if (U_FAILURE(status)) return invalid(ev);
  rest_field.pFuncs = RestField::funcs();
  rest_field.context = &rest_length;
  rest_field.providerProperties = static_cast<int32_t>(1U << UTEXT_PROVIDER_WRITABLE);
  ArrayResult out(ev);
  std::int64_t total = 0;
  int32_t from = 0;  // where the rest being split starts in `in`
  while (true) {
    rest_length = 0;
    utext_openUChars(&input, in.getBuffer() + from, in.length() - from, &status);
    int32_t const n = U_SUCCESS(status) ? m->split(&input, dest, kFields, status) : 0;
    rethrow_stop(ev, status);
    if (U_FAILURE(status)) return invalid(ev);
    int32_t take = n;
    if (take > 0 && (take == kFields || empty_pattern)) --take;
    for (int32_t i = 0; i < take && (limit < 0 || total < limit); ++i) {
      if (i == 0 && empty_pattern) continue;
      out.push_back(Value::string(utf8(fields[i])));
      ++total;
    }
    if (n != kFields || (limit >= 0 && total >= limit)) break;
    from = in.length() - static_cast<int32_t>(rest_length);
  }
  return out.value();
}

// ICU's replaceAll (find, appendReplacement, appendTail), one match at a time so that each
// expansion is bounded before ICU makes it: the text since the previous match, the replacement,
// and each group as often as the replacement names it must fit the query's memory limits.
Value replace(Evaluator& ev, std::string const& subject, std::string const& pattern,
              std::string const& replacement, bool ci) {
  auto p = compile(pattern, ci);
  if (!p || subject.size() > kMaxText || replacement.size() > kMaxText) return invalid(ev);
  auto m = open(ev, *p);
  if (!m) return invalid(ev);
  icu::UnicodeString const in = utf16(subject);
  icu::UnicodeString const r = utf16(replacement);
  m->reset(in);
  auto const refs = group_references(*p, r, m->groupCount());
  StringResult out(ev);
  icu::UnicodeString piece;
  int64_t appended_to = 0;  // where the next piece of the subject starts (UTF-16)
  while (true) {
    UErrorCode status = U_ZERO_ERROR;
    bool const found = m->find(status);
    rethrow_stop(ev, status);
    if (!found || U_FAILURE(status)) break;  // replaceAll's find() ends at an error, quietly
    std::uint64_t units = static_cast<std::uint64_t>(m->start64(status) - appended_to) +
                          static_cast<std::uint64_t>(r.length());
    for (std::size_t g = 0; g < refs.size(); ++g) {
      if (refs[g] == 0) continue;
      auto const from = m->start64(static_cast<int32_t>(g), status);
      if (from >= 0) units += refs[g] * static_cast<std::uint64_t>(m->end64(static_cast<int32_t>(g), status) - from);
    }
    ev.check_room(out.size() + units * 3);  // a UTF-16 unit is at most 3 UTF-8 bytes
    piece.remove();
    m->appendReplacement(piece, r, status);
    if (U_FAILURE(status)) return invalid(ev);
    out.append(utf8(piece));
    appended_to = m->end64(status);
  }
  piece.remove();
  m->appendTail(piece);
  out.append(utf8(piece));
  return out.value();
}

}  // namespace emu::aql::regex
