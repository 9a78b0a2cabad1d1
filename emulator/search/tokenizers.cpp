// The analyzers' token streams over a string (iresearch's delimited, multi
// delimited, stemming, normalizing, ngram, text, stopwords, segmentation,
// collation and pipeline streams, arangod's aql and wildcard analyzers) and
// TOKENS()'s encoding of numbers, booleans and null (iresearch's numeric,
// boolean and null token streams) and minhash signatures; the geo analyzers'
// S2 cell terms are search/s2terms.cpp's.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef EMU_HAVE_ICU
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#endif

#include "aql/ast.hpp"
#include "aql/datasource.hpp"
#include "aql/error.hpp"
#include "aql/eval.hpp"
#include "aql/parser.hpp"
#include "aql/text_analyzer.hpp"
#include "aql/value.hpp"
#include "error_table.hpp"
#include "json.hpp"
#include "search/analyzers.hpp"
#include "search/s2terms.hpp"

namespace emu::search {

namespace {

using J = rapidjson::Value;
using aql::LetterCase;

constexpr std::size_t kMaxOutputBytes = 64 * 1024 * 1024;

// Collects tokens within the bounds on count and size.
class Sink {
 public:
  void add(std::string token) {
    bytes_ += token.size();
    if (out_.size() >= kMaxTokens || bytes_ > kMaxOutputBytes) {
      throw AnalyzerError(err::kResourceLimit,
                          "analyzer output exceeds the emulator's limit of " +
                              std::to_string(kMaxTokens) + " tokens or " +
                              std::to_string(kMaxOutputBytes) + " bytes");
    }
    out_.push_back(std::move(token));
  }
  std::vector<std::string> take() { return std::move(out_); }

 private:
  std::vector<std::string> out_;
  std::size_t bytes_ = 0;
};

std::string str(J const& obj, std::string_view key, std::string def = {}) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : def;
}
bool boolean(J const& obj, std::string_view key, bool def) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsBool() ? v->GetBool() : def;
}
std::uint64_t uint(J const& obj, std::string_view key, std::uint64_t def) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsUint64() ? v->GetUint64() : def;
}
std::vector<std::string> strings(J const& obj, std::string_view key) {
  std::vector<std::string> out;
  if (auto const* v = member(obj, key); v != nullptr && v->IsArray()) {
    for (auto const& e : v->GetArray()) {
      if (e.IsString()) out.emplace_back(e.GetString(), e.GetStringLength());
    }
  }
  return out;
}
LetterCase letter_case(J const& obj, LetterCase def) {
  auto c = str(obj, "case");
  if (c == "lower") return LetterCase::Lower;
  if (c == "upper") return LetterCase::Upper;
  if (c == "none") return LetterCase::None;
  return def;
}

// Byte offsets of the symbols of `text`: each byte, or each UTF-8 character.
std::vector<std::size_t> symbol_starts(std::string_view text, bool utf8) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!utf8 || (c & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(text.size());
  return out;
}

// iresearch ngram_token_stream::next: from each position the grams of
// min..max symbols; the start marker goes before a gram at position 0, the
// end marker after one that ends the input; with preserveOriginal the whole
// input once (with each marker) before leaving position 0.
void ngrams(J const& p, std::string_view text, Sink& sink) {
  std::uint64_t const min = std::max<std::uint64_t>(uint(p, "min", 1), 1);
  std::uint64_t const max = std::max<std::uint64_t>(uint(p, "max", min), min);
  bool const preserve = boolean(p, "preserveOriginal", false);
  std::string const start = str(p, "startMarker"), end = str(p, "endMarker");
  auto const pos = symbol_starts(text, str(p, "streamType") == "utf8");
  std::size_t const n = pos.size() - 1;

  enum class Original { None, Plain, WithStart, WithEnd };
  Original original = Original::None;
  if (preserve) {
    original = !start.empty() ? Original::WithStart : !end.empty() ? Original::WithEnd : Original::Plain;
  }
  auto emit_original = [&] {
    std::string whole(text);
    switch (original) {
      case Original::Plain:
        sink.add(whole);
        original = Original::None;
        break;
      case Original::WithStart:
        sink.add(start + whole);
        original = end.empty() ? Original::None : Original::WithEnd;
        break;
      case Original::WithEnd:
        sink.add(whole + end);
        original = Original::None;
        break;
      case Original::None:
        break;
    }
  };
  for (std::size_t b = 0; b < n; ++b) {
    for (std::uint64_t len = min; len <= max && b + len <= n; ++len) {
      std::size_t const e = b + static_cast<std::size_t>(len);
      std::string gram(text.substr(pos[b], pos[e] - pos[b]));
      if (original != Original::None && b == 0 && e == n) {
        emit_original();
        continue;
      }
      bool const at_start = b == 0 && !start.empty();
      bool const at_end = e == n && !end.empty();
      if (at_start) {
        if (e == n && !end.empty()) original = Original::WithEnd;
        sink.add(start + gram);
      } else if (at_end) {
        sink.add(gram + end);
      } else {
        sink.add(std::move(gram));
      }
    }
    while (b == 0 && original != Original::None) emit_original();
  }
}

// delimited_token_stream: fields between delimiters, a field in double quotes
// may hold the delimiter ("" is a quote), as RFC 4180 without records.
void delimited(std::string_view text, std::string const& delim, Sink& sink) {
  if (delim.empty()) {
    auto pos = symbol_starts(text, true);
    for (std::size_t i = 0; i + 1 < pos.size(); ++i) {
      sink.add(std::string(text.substr(pos[i], pos[i + 1] - pos[i])));
    }
    return;
  }
  std::size_t i = 0;
  while (i <= text.size()) {
    std::string field;
    bool quoted = false;
    std::size_t j = i;
    while (j < text.size()) {
      if (text[j] == '"') {
        if (quoted && j + 1 < text.size() && text[j + 1] == '"') {
          field.push_back('"');
          j += 2;
          continue;
        }
        quoted = !quoted;
        ++j;
        continue;
      }
      if (!quoted && text.compare(j, delim.size(), delim) == 0) break;
      field.push_back(text[j]);
      ++j;
    }
    sink.add(std::move(field));
    if (j >= text.size()) break;
    i = j + delim.size();
    if (i == text.size()) break;  // a trailing delimiter ends the input
  }
}

// MultiDelimitedAnalyser: splits at the longest delimiter that matches,
// dropping empty tokens.
void multi_delimited(std::string_view text, std::vector<std::string> const& delims, Sink& sink) {
  std::string cur;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t best = 0;
    for (auto const& d : delims) {
      if (!d.empty() && d.size() > best && text.compare(i, d.size(), d) == 0) best = d.size();
    }
    if (best > 0) {
      if (!cur.empty()) sink.add(std::move(cur));
      cur.clear();
      i += best;
    } else {
      cur.push_back(text[i++]);
    }
  }
  if (!cur.empty()) sink.add(std::move(cur));
}

std::string hex_decode(std::string const& hex) {
  std::string out;
  auto val = [](char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(val(hex[i]) * 16 + val(hex[i + 1])));
  }
  return out;
}

void text_tokens(J const& p, std::string_view input, Sink& sink) {
  aql::TextAnalyzer a;
  a.locale = str(p, "locale");
  a.stemming = boolean(p, "stemming", true);
  a.accent = boolean(p, "accent", false);
  a.letter_case = letter_case(p, LetterCase::Lower);
  a.stopwords = strings(p, "stopwords");
  auto words = aql::analyze_text(a, input);
  auto const* edge = member(p, "edgeNgram");
  if (edge == nullptr || !edge->IsObject()) {
    for (auto& w : words) sink.add(std::move(w));
    return;
  }
  std::uint64_t const min = std::max<std::uint64_t>(uint(*edge, "min", 1), 1);
  std::uint64_t const max = uint(*edge, "max", UINT64_MAX);
  bool const preserve = boolean(*edge, "preserveOriginal", false);
  for (auto& w : words) {
    auto pos = symbol_starts(w, true);
    std::size_t const n = pos.size() - 1;
    for (std::uint64_t len = min; len <= max && len <= n; ++len) {
      sink.add(w.substr(0, pos[len]));
    }
    if (preserve && (n > max || n < min)) sink.add(w);
  }
}

// --- aql ------------------------------------------------------------------

// What an aql analyzer's query sees: no collections at all (arangod runs it
// in a calculation context without data access).
class NoData : public aql::DataSource {
 public:
  std::optional<aql::CollectionInfo> collection(std::string_view) override { return std::nullopt; }
  std::vector<std::string> collection_names() override { return {}; }
  std::unique_ptr<Scan> open_scan(std::string const&) override { return aql::empty_scan(); }
  std::size_t count(std::string const&) override { return 0; }
  std::optional<aql::Value> lookup(std::string const&, std::string_view) override {
    return std::nullopt;
  }
  aql::WriteResult insert(std::string const&, aql::Value const&, WriteOptions const&) override {
    return refused();
  }
  aql::WriteResult update(std::string const&, std::string_view, aql::Value const&,
                          WriteOptions const&) override {
    return refused();
  }
  aql::WriteResult replace(std::string const&, std::string_view, aql::Value const&,
                           WriteOptions const&) override {
    return refused();
  }
  aql::WriteResult remove(std::string const&, std::string_view, std::optional<std::string>,
                          WriteOptions const&) override {
    return refused();
  }

 private:
  static aql::WriteResult refused() {
    aql::WriteResult r;
    r.error = err::kForbidden;
    return r;
  }
};

// Functions StandaloneCalculation::validateQuery refuses: those without
// arangod's CanUseInAnalyzer flag or that read documents, run V8 or only run
// on a coordinator (the ArangoSearch functions among them).
constexpr std::string_view kForbiddenInAnalyzer[] = {
    "ANALYZER",       "APPLY",          "APPROX_NEAR_COSINE", "APPROX_NEAR_INNER_PRODUCT",
    "APPROX_NEAR_L2", "BM25",           "BOOST",              "CALL",
    "CHECK_DOCUMENT", "COLLECTIONS",    "COLLECTION_COUNT",   "CURRENT_DATABASE",
    "CURRENT_USER",   "DOCUMENT",       "EXISTS",             "FULLTEXT",
    "GEO_IN_RANGE",   "IN_RANGE",       "LEVENSHTEIN_MATCH",  "MINHASH_MATCH",
    "MIN_MATCH",      "NEAR",           "NGRAM_MATCH",        "OFFSET_INFO",
    "PHRASE",         "SCHEMA_GET",     "SCHEMA_VALIDATE",    "SHARD_ID",
    "STARTS_WITH",    "TFIDF",          "TOKENS",             "V8",
    "WITHIN",         "WITHIN_RECTANGLE"};

bool node_allowed(aql::Node const* n);

bool block_allowed(aql::Block const& b) {
  using aql::StmtKind;
  for (auto const& st : b.stmts) {
    switch (st.kind) {
      case StmtKind::For:
        // a collection or graph is data access; FOR over an expression is fine
        if (!st.collection.empty() || st.graph) return false;
        break;
      case StmtKind::Let:
      case StmtKind::Filter:
      case StmtKind::Sort:
      case StmtKind::Limit:
      case StmtKind::Return:
        break;
      default:  // COLLECT, WINDOW and every modification
        return false;
    }
    for (auto const* e : {&st.expr, &st.options, &st.offset, &st.count}) {
      if (!node_allowed(e->get())) return false;
    }
    for (auto const& k : st.sort) {
      if (!node_allowed(k.expr.get()) || !node_allowed(k.ascending.get())) return false;
    }
  }
  return true;
}

bool node_allowed(aql::Node const* n) {
  using aql::NodeType;
  if (n == nullptr) return true;
  switch (n->type) {
    case NodeType::Collection:
    case NodeType::UserCall:  // user functions run in V8
      return false;
    case NodeType::Call:
      if (std::find(std::begin(kForbiddenInAnalyzer), std::end(kForbiddenInAnalyzer), n->name) !=
          std::end(kForbiddenInAnalyzer)) {
        return false;
      }
      break;
    case NodeType::Subquery:
      if (n->block && !block_allowed(*n->block)) return false;
      break;
    default:
      break;
  }
  for (auto const& k : n->kids) {
    if (!node_allowed(k.get())) return false;
  }
  for (auto const& k : n->key_exprs) {
    if (!node_allowed(k.get())) return false;
  }
  for (auto const* e : {&n->input, &n->filter, &n->limit_offset, &n->limit_count, &n->ret,
                        &n->quantifier_min, &n->quantifier_max}) {
    if (!node_allowed(e->get())) return false;
  }
  return true;
}

constexpr double kAqlAnalyzerMaxSeconds = 10;  // run time of one aql analyzer query

aql::Value param_binding(std::string_view input) {
  return aql::Value::object({{"param", aql::Value::string(std::string(input))}});
}

struct AqlOptions {
  std::string query;
  bool keep_null = true;
  std::uint64_t memory_limit = 1048576;
  std::string return_type = "string";
};

AqlOptions aql_options(J const& p) {
  AqlOptions o;
  o.query = str(p, "queryString");
  o.keep_null = boolean(p, "keepNull", true);
  o.memory_limit = uint(p, "memoryLimit", 1048576);
  o.return_type = str(p, "returnType", "string");
  return o;
}

// AqlAnalyzer::reset/next: the query with @param bound to the input; a query
// that fails yields no values (arangod logs the error and ends the stream).
std::vector<aql::Value> aql_values(AqlOptions const& o, std::string_view input) {
  std::vector<aql::Value> out;
  try {
    NoData source;
    aql::ParseOptions po;
    po.bind_vars = param_binding(input);
    po.source = &source;
    po.resolve_collections = false;
    auto query = aql::parse_query(o.query, po);
    aql::ExecOptions eo;
    eo.memory_limit = o.memory_limit;
    eo.max_runtime = kAqlAnalyzerMaxSeconds;
    aql::Evaluator ev(*query, source, eo);
    aql::Value v;
    std::uint64_t bytes = 0;
    while (ev.next_result(v, true)) {
      if (v.is_null() && !o.keep_null) continue;
      bytes += v.json().size();
      if (out.size() >= kMaxTokens || bytes > o.memory_limit) break;
      out.push_back(std::move(v));
    }
  } catch (aql::QueryError const& e) {
    // arangod ends the stream on an error; a query that runs past the
    // emulator's time bound is an error of its own (arangod has no bound)
    if (e.code() == 1500) {
      throw AnalyzerError(err::kResourceLimit,
                          "aql analyzer query ran longer than the emulator's limit of " +
                              std::to_string(static_cast<int>(kAqlAnalyzerMaxSeconds)) + " s");
    }
  } catch (std::bad_alloc const&) {
  }
  return out;
}

// The string value of a result (AqlAnalyzer::next: TO_STRING of a non-string).
std::string aql_string(aql::Value const& v) { return v.is_string() ? v.str() : v.to_string(); }

// --- numbers, booleans, null (iresearch numeric_utils / token_streams) ------

// numeric_token_stream over a double: precision step 16, so the terms at
// shifts 0, 16, 32 and 48; each is the type byte (0xA0 + shift) and the
// sortable big-endian bits with the sign bit flipped and the low `shift`
// bits dropped.
std::vector<std::string> numeric_terms(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  auto sortable = static_cast<std::int64_t>(bits);
  sortable ^= (sortable >> 63) & INT64_C(0x7FFFFFFFFFFFFFFF);
  std::vector<std::string> out;
  for (unsigned shift = 0; shift < 64; shift += 16) {
    std::uint64_t v = static_cast<std::uint64_t>(sortable) ^ (std::uint64_t{1} << 63);
    if (shift > 0) v &= ~((std::uint64_t{1} << shift) - 1);
    std::size_t const size = 1 + (63 - shift) / 8;
    std::string term(1, static_cast<char>(0xA0 + shift));
    for (std::size_t i = 0; i < size; ++i) {
      term.push_back(static_cast<char>((v >> (56 - 8 * i)) & 0xFF));
    }
    out.push_back(std::move(term));
  }
  return out;
}

std::string bool_term(bool b) { return std::string(1, b ? '\xFF' : '\0'); }

// --- wildcard ---------------------------------------------------------------

// arangod's wildcard analyzer: each term of its analyzer (the whole input
// without one), framed as 0xFF term 0xFF, gives its utf8 ngrams of ngramSize
// symbols (the whole frame when shorter), then the suffixes of the last one
// down to one symbol.
void wildcard(J const& p, std::string_view input, Sink& sink, int depth);

// --- collation --------------------------------------------------------------

// collation_token_stream: the ICU sort key of the input under the locale's
// collator (default strength), without its terminating zero byte.
void collation(J const& p, std::string_view input, Sink& sink) {
#ifdef EMU_HAVE_ICU
  constexpr std::size_t kMaxKey = std::size_t{1} << 15;
  if (input.size() > static_cast<std::size_t>(INT32_MAX)) return;
  UErrorCode status = U_ZERO_ERROR;
  std::string const locale = str(p, "locale");
  UCollator* coll = ucol_open(locale.c_str(), &status);
  if (U_FAILURE(status) || coll == nullptr) {
    if (coll != nullptr) ucol_close(coll);
    throw AnalyzerError(err::kInternal, "failure to reset arangosearch analyzer");
  }
  std::vector<UChar> text(input.size() + 1);
  std::int32_t len = 0;
  u_strFromUTF8Lenient(text.data(), static_cast<std::int32_t>(text.size()), &len, input.data(),
                       static_cast<std::int32_t>(input.size()), &status);
  std::vector<std::uint8_t> key(kMaxKey);
  std::int32_t n = U_SUCCESS(status)
                       ? ucol_getSortKey(coll, text.data(), len, key.data(),
                                         static_cast<std::int32_t>(key.size()))
                       : 0;
  ucol_close(coll);
  if (n <= 0 || static_cast<std::size_t>(n) > key.size()) return;  // arangod: no token
  sink.add(std::string(reinterpret_cast<char const*>(key.data()), static_cast<std::size_t>(n - 1)));
#else
  (void)p;
  (void)input;
  (void)sink;
  throw AnalyzerError(err::kNotImplemented,
                      "the emulator was built without ICU: collation analyzers have no tokens");
#endif
}

// --- minhash ----------------------------------------------------------------

void run(std::string_view type, J const& p, std::string_view input, Sink& sink, int depth);

// CityHash64 (the version iresearch keeps a private copy of so that its terms
// never change), over little-endian loads.
namespace city {

constexpr std::uint64_t kK0 = 0xc3a5c85c97cb3127ULL;
constexpr std::uint64_t kK1 = 0xb492b66fbe98f273ULL;
constexpr std::uint64_t kK2 = 0x9ae16a3b2f90404fULL;

std::uint64_t load64(char const* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint64_t load32(char const* p) {
  std::uint64_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint64_t rot(std::uint64_t v, int s) { return s == 0 ? v : (v >> s) | (v << (64 - s)); }
std::uint64_t shift_mix(std::uint64_t v) { return v ^ (v >> 47); }
std::uint64_t bswap(std::uint64_t v) { return __builtin_bswap64(v); }
std::uint64_t len16(std::uint64_t u, std::uint64_t v, std::uint64_t mul) {
  std::uint64_t a = (u ^ v) * mul;
  a ^= a >> 47;
  std::uint64_t b = (v ^ a) * mul;
  b ^= b >> 47;
  return b * mul;
}
std::uint64_t len16(std::uint64_t u, std::uint64_t v) { return len16(u, v, 0x9ddfea08eb382d69ULL); }

std::uint64_t upto16(char const* s, std::size_t n) {
  if (n >= 8) {
    std::uint64_t const mul = kK2 + n * 2;
    std::uint64_t const a = load64(s) + kK2, b = load64(s + n - 8);
    return len16(rot(b, 37) * mul + a, (rot(a, 25) + b) * mul, mul);
  }
  if (n >= 4) {
    std::uint64_t const mul = kK2 + n * 2;
    return len16(n + (load32(s) << 3), load32(s + n - 4), mul);
  }
  if (n > 0) {
    std::uint32_t const y = static_cast<unsigned char>(s[0]) +
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(s[n >> 1])) << 8);
    std::uint32_t const z = static_cast<std::uint32_t>(n) +
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(s[n - 1])) << 2);
    return shift_mix(y * kK2 ^ z * kK0) * kK2;
  }
  return kK2;
}

std::uint64_t upto32(char const* s, std::size_t n) {
  std::uint64_t const mul = kK2 + n * 2;
  std::uint64_t const a = load64(s) * kK1, b = load64(s + 8);
  std::uint64_t const c = load64(s + n - 8) * mul, d = load64(s + n - 16) * kK2;
  return len16(rot(a + b, 43) + rot(c, 30) + d, a + rot(b + kK2, 18) + c, mul);
}

std::uint64_t upto64(char const* s, std::size_t n) {
  std::uint64_t const mul = kK2 + n * 2;
  std::uint64_t a = load64(s) * kK2, b = load64(s + 8);
  std::uint64_t const c = load64(s + n - 24), d = load64(s + n - 32);
  std::uint64_t const e = load64(s + 16) * kK2, f = load64(s + 24) * 9;
  std::uint64_t const g = load64(s + n - 8), h = load64(s + n - 16) * mul;
  std::uint64_t const u = rot(a + g, 43) + (rot(b, 30) + c) * 9;
  std::uint64_t const v = ((a + g) ^ d) + f + 1;
  std::uint64_t const w = bswap((u + v) * mul) + h;
  std::uint64_t const x = rot(e + f, 42) + c;
  std::uint64_t const y = (bswap((v + w) * mul) + g) * mul;
  std::uint64_t const z = e + f + c;
  a = bswap((x + z) * mul + y) + b;
  b = shift_mix((z + a) * mul + d + h) * mul;
  return b + x;
}

std::pair<std::uint64_t, std::uint64_t> weak32(char const* s, std::uint64_t a, std::uint64_t b) {
  std::uint64_t const w = load64(s), x = load64(s + 8), y = load64(s + 16), z = load64(s + 24);
  a += w;
  b = rot(b + a + z, 21);
  std::uint64_t const c = a;
  a += x;
  a += y;
  b += rot(a, 44);
  return {a + z, b + c};
}

std::uint64_t hash64(char const* s, std::size_t n) {
  if (n <= 16) return upto16(s, n);
  if (n <= 32) return upto32(s, n);
  if (n <= 64) return upto64(s, n);
  std::uint64_t x = load64(s + n - 40);
  std::uint64_t y = load64(s + n - 16) + load64(s + n - 56);
  std::uint64_t z = len16(load64(s + n - 48) + n, load64(s + n - 24));
  auto v = weak32(s + n - 64, n, z);
  auto w = weak32(s + n - 32, y + kK1, x);
  x = x * kK1 + load64(s);
  n = (n - 1) & ~std::size_t{63};
  do {
    x = rot(x + y + v.first + load64(s + 8), 37) * kK1;
    y = rot(y + v.second + load64(s + 48), 42) * kK1;
    x ^= w.second;
    y += v.first + load64(s + 40);
    z = rot(z + w.first, 33) * kK1;
    v = weak32(s, v.second * kK1, x + w.first);
    w = weak32(s + 32, z + w.second, y + load64(s + 16));
    std::swap(z, x);
    s += 64;
    n -= 64;
  } while (n != 0);
  return len16(len16(v.first, w.first) + shift_mix(y) * kK1 + z, len16(v.second, w.second) + x);
}

}  // namespace city

std::string base64(std::string_view bytes, bool pad) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(n >> k) & 63]);
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(n >> 6) & 63]);
    if (pad) out.append(rest == 2 ? "=" : "==");
  }
  return out;
}


// MinHashTokenStream: the numHashes smallest distinct CityHash64 values of
// its analyzer's terms (the whole input without one), kept in a max-heap once
// full (irs::MinHash), each emitted as the unpadded base64 of its 8
// little-endian bytes.
void minhash(J const& p, std::string_view input, Sink& sink, int depth) {
  std::uint64_t const k = std::max<std::uint64_t>(uint(p, "numHashes", 1), 1);
  std::vector<std::string> terms;
  auto const* a = member(p, "analyzer");
  auto const* t = a != nullptr && a->IsObject() ? member(*a, "type") : nullptr;
  if (t != nullptr && t->IsString()) {
    static J const empty(rapidjson::kObjectType);
    auto const* props = member(*a, "properties");
    Sink inner;
    run(std::string_view(t->GetString(), t->GetStringLength()), props != nullptr ? *props : empty,
        input, inner, depth + 1);
    terms = inner.take();
  } else {
    terms.emplace_back(input);
  }
  std::vector<std::uint64_t> heap;
  std::vector<std::uint64_t> seen;  // the values in `heap` (sorted)
  auto known = [&](std::uint64_t h) { return std::binary_search(seen.begin(), seen.end(), h); };
  auto remember = [&](std::uint64_t h) { seen.insert(std::upper_bound(seen.begin(), seen.end(), h), h); };
  std::uint64_t left = k;
  for (auto const& term : terms) {
    std::uint64_t const h = city::hash64(term.data(), term.size());
    if (left > 0 && !known(h)) {
      remember(h);
      heap.push_back(h);
      if (--left == 0) std::make_heap(heap.begin(), heap.end());
    } else if (left == 0 && h < heap.front() && !known(h)) {
      std::pop_heap(heap.begin(), heap.end());
      seen.erase(std::lower_bound(seen.begin(), seen.end(), heap.back()));
      remember(h);
      heap.back() = h;
      std::push_heap(heap.begin(), heap.end());
    }
  }
  for (auto h : heap) {
    std::string bytes;
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((h >> (8 * i)) & 0xFF));
    sink.add(base64(bytes, false));
  }
}

void wildcard(J const& p, std::string_view input, Sink& sink, int depth) {
  std::uint64_t const n = std::max<std::uint64_t>(uint(p, "ngramSize", 3), 2);
  std::vector<std::string> terms;
  if (auto const* a = member(p, "analyzer"); a != nullptr && a->IsObject()) {
    auto const* t = member(*a, "type");
    auto const* props = member(*a, "properties");
    static J const empty(rapidjson::kObjectType);
    Sink inner;
    if (t != nullptr && t->IsString()) {
      run(std::string_view(t->GetString(), t->GetStringLength()),
          props != nullptr ? *props : empty, input, inner, depth + 1);
    }
    terms = inner.take();
  } else {
    terms.emplace_back(input);
  }
  for (auto const& term : terms) {
    std::string const frame = "\xFF" + term + "\xFF";
    // the frame's symbols: 0xFF is one, a UTF-8 lead byte starts one
    std::vector<std::size_t> pos;
    for (std::size_t i = 0; i < frame.size(); ++i) {
      auto c = static_cast<unsigned char>(frame[i]);
      if (c == 0xFF || (c & 0xC0) != 0x80) pos.push_back(i);
    }
    pos.push_back(frame.size());
    std::size_t const count = pos.size() - 1;
    std::size_t last = 0;  // symbol index where the last emitted gram starts
    if (count >= n) {
      for (std::size_t b = 0; b + n <= count; ++b) {
        sink.add(frame.substr(pos[b], pos[b + n] - pos[b]));
        last = b;
      }
    } else {
      sink.add(frame);
    }
    for (std::size_t b = last + 1; b < count; ++b) sink.add(frame.substr(pos[b]));
  }
}

void pipeline(J const& p, std::string_view input, Sink& sink, int depth) {
  std::vector<std::string> current{std::string(input)};
  auto const* stages = member(p, "pipeline");
  if (stages == nullptr || !stages->IsArray()) return;
  for (auto const& stage : stages->GetArray()) {
    auto const* t = member(stage, "type");
    auto const* props = member(stage, "properties");
    if (t == nullptr || !t->IsString() || props == nullptr) continue;
    Sink next;
    for (auto const& token : current) {
      run(std::string_view(t->GetString(), t->GetStringLength()), *props, token, next, depth + 1);
    }
    current = next.take();
  }
  for (auto& t : current) sink.add(std::move(t));
}

void run(std::string_view type, J const& p, std::string_view input, Sink& sink, int depth) {
  if (depth > kMaxPipelineDepth) {
    throw AnalyzerError(err::kBadParameter, "analyzer pipeline nested too deeply");
  }
  if (type == "identity") {
    sink.add(std::string(input));
  } else if (type == "collation") {
    collation(p, input, sink);
  } else if (type == "aql") {
    auto const o = aql_options(p);
    for (auto const& v : aql_values(o, input)) {
      if (o.return_type == "number") {
        for (auto& t : numeric_terms(v.to_number())) sink.add(std::move(t));
      } else if (o.return_type == "bool") {
        sink.add(bool_term(v.to_bool()));
      } else {
        sink.add(aql_string(v));
      }
    }
  } else if (type == "wildcard") {
    wildcard(p, input, sink, depth);
  } else if (type == "minhash") {
    minhash(p, input, sink, depth);
  } else if (type == "delimiter") {
    delimited(input, str(p, "delimiter"), sink);
  } else if (type == "multi_delimiter") {
    multi_delimited(input, strings(p, "delimiters"), sink);
  } else if (type == "stem") {
    sink.add(aql::stem_word(str(p, "locale"), input));
  } else if (type == "norm") {
    sink.add(aql::convert_letters(input, letter_case(p, LetterCase::None), boolean(p, "accent", true)));
  } else if (type == "ngram") {
    ngrams(p, input, sink);
  } else if (type == "text") {
    text_tokens(p, input, sink);
  } else if (type == "stopwords") {
    auto words = strings(p, "stopwords");
    bool const hex = boolean(p, "hex", false);
    for (auto const& w : words) {
      if ((hex ? hex_decode(w) : w) == input) return;
    }
    sink.add(std::string(input));
  } else if (type == "segmentation") {
    auto const brk = str(p, "break", "alpha");
    auto const lc = letter_case(p, LetterCase::Lower);
    for (auto& seg : aql::word_segments(input)) {
      bool keep = brk == "all" || seg.wordlike ||
                  (brk == "graphic" &&
                   seg.text.find_first_not_of(" \t\r\n\f\v") != std::string::npos);
      if (keep) sink.add(aql::convert_letters(seg.text, lc, true));
    }
  } else if (type == "pipeline") {
    pipeline(p, input, sink, depth);
  } else if (is_geo_analyzer(type)) {
    throw AnalyzerError(err::kBadParameter, "unexpected parameter type 'string' while computing "
                                            "result for function 'TOKENS'");
  } else {
    throw AnalyzerError(err::kNotImplemented, "the emulator does not compute the tokens of '" +
                                                  std::string(type) + "' analyzers");
  }
}

}  // namespace

namespace {

aql::Value base64_array(std::vector<std::string> const& terms) {
  aql::Array out;
  for (auto const& t : terms) out.push_back(aql::Value::string(base64(t, true)));
  return aql::Value::array(std::move(out));
}

[[noreturn]] void unexpected_type(std::string_view type_name) {
  throw AnalyzerError(err::kBadParameter, "unexpected parameter type '" + std::string(type_name) +
                                              "' while computing result for function 'TOKENS'");
}

}  // namespace

aql::Value tokens_value(AnalyzerDef const& analyzer, aql::Value const& input) {
  if (input.is_null()) return base64_array({std::string()});
  if (input.is_bool()) return base64_array({bool_term(input.to_bool())});
  if (input.is_number()) return base64_array(numeric_terms(input.num()));
  if (input.is_object()) {
    if (!is_geo_analyzer(analyzer.type)) unexpected_type("object");
    auto geo = geo_terms(analyzer, input);
    if (!geo) {
      throw AnalyzerError(err::kInternal, "failure to reset arangosearch analyzer: '" + analyzer.name +
                                              "' while computing result for function 'TOKENS'");
    }
    aql::Array out;
    for (auto& t : geo->terms) out.push_back(aql::Value::string(std::move(t)));
    return aql::Value::array(std::move(out));
  }
  if (!input.is_string()) unexpected_type("array");
  if (analyzer.type == "aql") {
    auto parsed = parse_json(analyzer.properties);
    if (parsed.ok()) {
      auto const o = aql_options(*parsed.doc);
      if (o.return_type != "string") {
        // one array per value: its numeric terms, or its boolean term
        aql::Array out;
        for (auto const& v : aql_values(o, input.str())) {
          out.push_back(o.return_type == "number" ? base64_array(numeric_terms(v.to_number()))
                                                  : base64_array({bool_term(v.to_bool())}));
        }
        return aql::Value::array(std::move(out));
      }
    }
  }
  aql::Array out;
  for (auto& t : tokens(analyzer, input.str())) out.push_back(aql::Value::string(std::move(t)));
  return aql::Value::array(std::move(out));
}

bool aql_query_allowed(std::string_view query) {
  if (query.empty()) return false;
  try {
    NoData source;
    aql::ParseOptions po;
    po.bind_vars = param_binding("");
    po.source = &source;
    po.resolve_collections = false;
    auto q = aql::parse_query(query, po);
    if (q->modification || !q->collections.empty() || !q->write_collections.empty()) return false;
    return block_allowed(q->main);
  } catch (aql::QueryError const& e) {
    // The emulator's parser folds constants with @param bound to "": an error
    // of evaluating an expression (FAIL(), division by zero ...) is one arangod
    // meets only when the analyzer runs, which does not refuse the query.
    static constexpr int kEvaluationErrors[] = {1561, 1562, 1563, 1564, 1569, 1572};
    return std::find(std::begin(kEvaluationErrors), std::end(kEvaluationErrors), e.code()) !=
           std::end(kEvaluationErrors);
  }
}

std::vector<std::string> tokens(AnalyzerDef const& analyzer, std::string_view text) {
  if (text.size() > kMaxTokenInput) {
    throw AnalyzerError(err::kResourceLimit,
                        "analyzer input of " + std::to_string(text.size()) +
                            " bytes exceeds the emulator's limit of " +
                            std::to_string(kMaxTokenInput) + " bytes");
  }
  auto parsed = parse_json(analyzer.properties);
  if (!parsed.ok()) {
    throw AnalyzerError(err::kInternal, "stored analyzer properties are not valid JSON");
  }
  Sink sink;
  try {
    run(analyzer.type, *parsed.doc, text, sink, 0);
  } catch (aql::QueryError const& e) {
    throw AnalyzerError(e.code(), e.message());
  }
  return sink.take();
}

}  // namespace emu::search
