#include "docstore.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <random>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "aql/dates.hpp"
#include "errors.hpp"
#include "json.hpp"
#include "names.hpp"
#include "search/commit.hpp"
#include "store.hpp"
#include "vector_index.hpp"

namespace emu {
namespace {

constexpr std::size_t kMaxKeyLength = 254;
constexpr char kHlcAlphabet[] =
    "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::atomic<std::uint64_t> g_tick{100};
std::atomic<std::uint64_t> g_hlc{0};

using Value = rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

bool is_system_attribute(std::string_view k, bool edge) noexcept {
  return k == "_key" || k == "_id" || k == "_rev" || (edge && (k == "_from" || k == "_to"));
}

std::string_view sv(Value const& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

Value str_value(std::string_view s, Alloc& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

std::string quote(std::string_view s) {
  JsonWriter w;
  w.string(s);
  return w.str();
}

// Canonical encoding of a JSON value (numbers by value), for index keys and
// checksums.
void encode_value(Value const& v, std::string& out) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      out += 'n';
      break;
    case rapidjson::kFalseType:
      out += 'f';
      break;
    case rapidjson::kTrueType:
      out += 't';
      break;
    case rapidjson::kNumberType: {
      std::array<char, 64> buf{};
      double d = v.GetDouble();
      if (v.IsUint64()) d = static_cast<double>(v.GetUint64());
      else if (v.IsInt64()) d = static_cast<double>(v.GetInt64());
      auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d);
      out += 'd';
      out.append(buf.data(), r.ptr);
      out += ';';
      break;
    }
    case rapidjson::kStringType:
      out += 's';
      out += std::to_string(v.GetStringLength());
      out += ':';
      out.append(v.GetString(), v.GetStringLength());
      break;
    case rapidjson::kArrayType:
      out += '[';
      for (auto const& e : v.GetArray()) encode_value(e, out);
      out += ']';
      break;
    case rapidjson::kObjectType: {
      // objects compare regardless of attribute order
      std::vector<std::pair<std::string_view, Value const*>> members;
      for (auto const& m : v.GetObject()) members.emplace_back(sv(m.name), &m.value);
      std::sort(members.begin(), members.end(),
                [](auto const& a, auto const& b) { return a.first < b.first; });
      out += '{';
      for (auto const& [k, val] : members) {
        out += std::to_string(k.size());
        out += ':';
        out.append(k);
        encode_value(*val, out);
      }
      out += '}';
      break;
    }
  }
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 14695981039346656037ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// Attribute path lookup in a user body ("a.b.c").
Value const* body_path(Value const& body, std::string_view path) {
  Value const* cur = &body;
  while (true) {
    if (!cur->IsObject()) return nullptr;
    auto dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    cur = member(*cur, part);
    if (cur == nullptr) return nullptr;
    if (dot == std::string_view::npos) return cur;
    path.remove_prefix(dot + 1);
  }
}

// Value of an index field of a stored document: system attributes too.
// Returns false when missing. `tmp` holds generated string values.
Value const* field_value(Document const& d, std::string_view path, Value& tmp, Alloc& a) {
  if (path == "_key") {
    tmp = str_value(d.key(), a);
    return &tmp;
  }
  if (path == "_from" && d.is_edge()) {
    tmp = str_value(d.from(), a);
    return &tmp;
  }
  if (path == "_to" && d.is_edge()) {
    tmp = str_value(d.to(), a);
    return &tmp;
  }
  if (path == "_rev") {
    tmp = str_value(d.rev_string(), a);
    return &tmp;
  }
  return body_path(d.body, path);
}

}  // namespace

// Index key tuples of a document (several with array expansion); empty when
// the document is not indexed (sparse with null/missing attributes).
std::vector<std::string> index_tuples(Index const& idx, Document const& d) {
  rapidjson::MemoryPoolAllocator<> a(256);
  std::vector<std::vector<std::string>> per_field;
  for (auto const& f : idx.fields) {
    std::vector<std::string> options;
    auto star = f.find("[*]");
    if (star != std::string::npos) {
      std::string base = f.substr(0, star);
      std::string rest = f.substr(star + 3);
      if (!rest.empty() && rest.front() == '.') rest.erase(0, 1);
      Value tmp;
      Value const* arr = field_value(d, base, tmp, a);
      if (arr == nullptr || !arr->IsArray()) return {};
      for (auto const& e : arr->GetArray()) {
        Value const* ev = rest.empty() ? &e : body_path(e, rest);
        std::string enc;
        if (ev == nullptr || ev->IsNull()) {
          if (idx.sparse) continue;
          enc = "n";
        } else {
          encode_value(*ev, enc);
        }
        if (std::find(options.begin(), options.end(), enc) == options.end()) {
          options.push_back(std::move(enc));
        }
      }
      if (options.empty()) return {};
    } else {
      Value tmp;
      Value const* v = field_value(d, f, tmp, a);
      if (v == nullptr || v->IsNull()) {
        if (idx.sparse) return {};
        options.emplace_back("n");
      } else {
        std::string enc;
        encode_value(*v, enc);
        options.push_back(std::move(enc));
      }
    }
    per_field.push_back(std::move(options));
  }
  std::vector<std::string> tuples{std::string{}};
  for (auto const& opts : per_field) {
    std::vector<std::string> next;
    for (auto const& t : tuples) {
      for (auto const& o : opts) {
        next.push_back(t + o + '|');
      }
    }
    tuples = std::move(next);
  }
  return tuples;
}

namespace {

std::string joined_fields(Index const& idx) {
  std::string out;
  for (auto const& f : idx.fields) {
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

std::string unique_message(Index const& idx, std::string_view conflicting_key) {
  return "unique constraint violated - in index " + idx.name + " of type " + idx.type +
         " over '" + joined_fields(idx) + "'; conflicting key: " + std::string(conflicting_key);
}

std::string primary_conflict_message(std::string_view key) {
  return "unique constraint violated - in index primary of type primary over '_key'; "
         "conflicting key: " +
         std::string(key);
}

std::string key_lock_name(std::string_view key) { return "k" + std::string(key); }

std::string unique_lock_name(Index const& idx, std::string const& tuple) {
  return "u" + std::to_string(idx.id) + ":" + tuple;
}

// A document that only carries a key (error bodies of lock conflicts on keys
// that have no stored document: _rev is empty).
DocPtr key_only(std::string_view key) {
  DocDraft d;
  d.key = std::string(key);
  return d.make();
}

// RocksDB's lock timeout on a document key, as arangod 3.11+ reports it.
bool lock_key(DocView& v, std::string_view key, DocPtr const& cur, OpResult& res) {
  if (v.lock(key_lock_name(key))) return true;
  res.error = 1200;
  res.message =
      "Timeout waiting to lock key - in index primary of type primary over '_key'; "
      "conflicting key: " +
      std::string(key);
  res.doc = cur ? cur : key_only(key);
  return false;
}

std::string indexed_values(Index const& idx, Document const& d) {
  rapidjson::MemoryPoolAllocator<> a(256);
  std::string out = "[";
  for (auto const& f : idx.fields) {
    if (out.size() > 1) out += ',';
    Value tmp;
    std::string path = f.substr(0, f.find("[*]"));
    Value const* v = field_value(d, path, tmp, a);
    out += v == nullptr ? std::string("null") : to_json(*v);
  }
  return out + "]";
}

// Unique indexes through a view: locks the entries `d` adds and the ones
// `old` gives up, then checks the visible owners.
bool check_unique_view(CollectionData const& data, DocView& v, Document const& d, DocPtr const& old,
                       OpResult& res) {
  for (auto const& idx : data.indexes) {
    if (!idx->enforces_unique()) continue;
    auto tuples = index_tuples(*idx, d);
    std::vector<std::string> given_up;
    if (old) {
      for (auto& t : index_tuples(*idx, *old)) {
        if (std::find(tuples.begin(), tuples.end(), t) == tuples.end()) given_up.push_back(std::move(t));
      }
    }
    for (auto const* list : {&tuples, &given_up}) {
      for (auto const& t : *list) {
        if (v.lock(unique_lock_name(*idx, t))) continue;
        res.error = 1200;
        res.message = "Timeout waiting to lock key - in index " + idx->name + " of type " + idx->type +
                      " over '" + joined_fields(*idx) + "'; document key: " + std::string(d.key()) +
                      "; indexed values: " + indexed_values(*idx, d);
        res.doc = old ? old : key_only(d.key());
        return false;
      }
    }
    for (auto const& t : tuples) {
      std::string owner = v.unique_owner(*idx, t);
      if (!owner.empty() && owner != d.key()) {
        res.error = 1210;
        res.message = unique_message(*idx, owner);
        return false;
      }
    }
  }
  return true;
}

void index_remove(CollectionData& data, Document const& d) {
  for (auto const& idx : data.indexes) {
    if (idx->vector) vector_index_remove(*idx, d);
    if (!idx->enforces_unique()) continue;
    for (auto const& t : index_tuples(*idx, d)) {
      auto it = idx->unique_entries.find(t);
      if (it != idx->unique_entries.end() && it->second == d.key()) idx->unique_entries.erase(it);
    }
  }
  if (d.is_edge()) {
    std::string key(d.key());
    auto f = data.edges_from.find(std::string(d.from()));
    if (f != data.edges_from.end()) {
      f->second.erase(key);
      if (f->second.empty()) data.edges_from.erase(f);
    }
    auto t = data.edges_to.find(std::string(d.to()));
    if (t != data.edges_to.end()) {
      t->second.erase(key);
      if (t->second.empty()) data.edges_to.erase(t);
    }
  }
}

void index_add(CollectionData& data, Document const& d) {
  for (auto const& idx : data.indexes) {
    if (idx->vector) vector_index_add(*idx, d);
    if (!idx->enforces_unique()) continue;
    for (auto const& t : index_tuples(*idx, d)) idx->unique_entries[t] = d.key();
  }
  if (d.is_edge()) {
    data.edges_from[std::string(d.from())].emplace(d.key());
    data.edges_to[std::string(d.to())].emplace(d.key());
  }
}

// The oldest open scan snapshot (nullopt: none).
std::optional<std::uint64_t> oldest_snapshot(CollectionData const& data) {
  std::lock_guard lock(data.snap_mutex);
  if (data.snapshots.empty()) return std::nullopt;
  return *data.snapshots.begin();
}

// Does an open scan snapshot see a version made visible at write sequence `seq`?
bool snapshot_sees(CollectionData const& data, std::uint64_t seq) {
  std::lock_guard lock(data.snap_mutex);
  return !data.snapshots.empty() && *data.snapshots.rbegin() >= seq;
}

// Takes the stored version `old` out of the key index and the storage order.
// An open scan snapshot that sees it keeps it readable (graveyard).
void unlink_version(CollectionData& data, DocPtr const& old) {
  index_remove(data, *old);
  auto it = data.by_rev.find(old->rev);
  if (it != data.by_rev.end() && it->second.doc == old) {
    if (snapshot_sees(data, it->second.seq)) {
      data.graveyard.emplace(old->rev, DeadVersion{old, it->second.seq, data.write_seq + 1});
    }
    data.by_rev.erase(it);
  }
  data.docs.erase(old);
}

// Drops the removed versions no open snapshot sees any more. Cheap when there
// are none; the TTL sweep calls it every second.
void prune_graveyard(CollectionData& data) {
  if (data.graveyard.empty()) return;
  auto oldest = oldest_snapshot(data);
  if (!oldest) {
    data.graveyard.clear();
    return;
  }
  std::erase_if(data.graveyard, [&](auto const& e) { return e.second.removed <= *oldest; });
}

void apply_put(CollectionData& data, DocPtr const& old, DocPtr const& doc) {
  if (old) unlink_version(data, old);
  ++data.write_seq;
  index_add(data, *doc);
  data.by_rev.insert_or_assign(doc->rev, LiveVersion{doc, data.write_seq});
  data.docs.insert(doc);
  data.last_revision = std::max(data.last_revision, doc->rev);
}

void apply_remove(CollectionData& data, DocPtr const& old) {
  unlink_version(data, old);
  ++data.write_seq;
  data.last_revision = std::max(data.last_revision, new_revision());
}

// ---------------------------------------------------------------------------
// Computed values: a small evaluator for the common expression forms.
// ---------------------------------------------------------------------------

struct Expr {
  enum class Kind { Literal, DocPath, Call } kind = Kind::Literal;
  std::shared_ptr<rapidjson::Document> literal;
  std::string path;  // DocPath: "a.b" ("" = whole document)
  std::string fn;    // Call: upper-case function name
  std::vector<Expr> args;
};

struct ExprParser {
  // Calls nest at most this deep (as AQL expressions: Ast::maxExpressionNesting); deeper
  // text is refused instead of recursing without bound.
  static constexpr int kMaxNesting = 500;

  std::string_view s;
  std::size_t pos = 0;
  bool ok = true;
  int depth = 0;

  void ws() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  }
  bool ident_char(char c) const {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  Expr parse() {
    ws();
    if (pos >= s.size()) {
      ok = false;
      return Expr{};
    }
    char c = s[pos];
    if (c == '@') return doc_path();
    if (c == '\'') return single_quoted_string();
    if (c == '"' || c == '-' || (c >= '0' && c <= '9') || c == '[' || c == '{') {
      return json_literal();
    }
    return keyword_or_call();
  }

  // @doc, @doc.a.b
  Expr doc_path() {
    Expr e;
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && ident_char(s[pos])) ++pos;
    if (s.substr(start, pos - start) != "doc") {
      ok = false;
      return e;
    }
    e.kind = Expr::Kind::DocPath;
    while (pos < s.size() && s[pos] == '.') {
      ++pos;
      std::size_t a = pos;
      while (pos < s.size() && ident_char(s[pos])) ++pos;
      if (a == pos) {
        ok = false;
        return e;
      }
      if (!e.path.empty()) e.path += '.';
      e.path.append(s.substr(a, pos - a));
    }
    return e;
  }

  // 'text': a string literal (backslash escapes the next character).
  Expr single_quoted_string() {
    Expr e;
    ++pos;
    std::string text;
    while (pos < s.size() && s[pos] != '\'') {
      if (s[pos] == '\\' && pos + 1 < s.size()) ++pos;
      text += s[pos++];
    }
    if (pos >= s.size()) {
      ok = false;
      return e;
    }
    ++pos;
    e.literal = std::make_shared<rapidjson::Document>();
    e.literal->SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()),
                         e.literal->GetAllocator());
    return e;
  }

  // A JSON literal: its end is found by scanning brackets and strings (a top-level value ends at
  // ',', ')' or ' '), then it is parsed.
  Expr json_literal() {
    Expr e;
    std::size_t start = pos;
    int depth = 0;
    bool in_str = false;
    std::size_t i = pos;
    for (; i < s.size(); ++i) {
      char ch = s[i];
      if (in_str) {
        if (ch == '\\') ++i;
        else if (ch == '"') {
          in_str = false;
          if (depth == 0) {
            ++i;
            break;
          }
        }
        continue;
      }
      if (ch == '"') in_str = true;
      else if (ch == '[' || ch == '{') ++depth;
      else if (ch == ']' || ch == '}') {
        --depth;
        if (depth == 0) {
          ++i;
          break;
        }
      } else if (depth == 0 && (ch == ',' || ch == ')' || ch == ' ')) {
        break;
      }
    }
    auto parsed = parse_json(s.substr(start, i - start));
    if (!parsed.ok()) {
      ok = false;
      return e;
    }
    e.literal = std::shared_ptr<rapidjson::Document>(std::move(parsed.doc));
    pos = i;
    return e;
  }

  // TRUE / FALSE / NULL (any case), or NAME(arg, ...).
  Expr keyword_or_call() {
    Expr e;
    std::size_t start = pos;
    while (pos < s.size() && ident_char(s[pos])) ++pos;
    std::string name(s.substr(start, pos - start));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    if (name.empty()) {
      ok = false;
      return e;
    }
    ws();
    if (name == "TRUE" || name == "FALSE" || name == "NULL") {
      e.literal = std::make_shared<rapidjson::Document>();
      if (name == "NULL") e.literal->SetNull();
      else e.literal->SetBool(name == "TRUE");
      return e;
    }
    if (pos >= s.size() || s[pos] != '(') {
      ok = false;
      return e;
    }
    ++pos;
    e.kind = Expr::Kind::Call;
    e.fn = name;
    ws();
    if (pos < s.size() && s[pos] == ')') {
      ++pos;
      return e;
    }
    if (depth >= kMaxNesting) {
      ok = false;
      return e;
    }
    ++depth;
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth};
    while (ok) {
      e.args.push_back(parse());
      ws();
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < s.size() && s[pos] == ')') {
        ++pos;
        break;
      }
      ok = false;
    }
    return e;
  }
};

std::string to_display_string(Value const& v) {
  if (v.IsString()) return std::string(sv(v));
  if (v.IsNull()) return "";
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNumber()) {
    JsonWriter w;
    if (v.IsInt64()) w.int64(v.GetInt64());
    else if (v.IsUint64()) w.uint64(v.GetUint64());
    else w.number(v.GetDouble());
    return w.str();
  }
  return to_json(v);
}

bool eval_expr(Expr const& e, Value const& doc, Value& out, Alloc& a) {
  switch (e.kind) {
    case Expr::Kind::Literal:
      out.CopyFrom(*e.literal, a);
      return true;
    case Expr::Kind::DocPath: {
      Value const* v = e.path.empty() ? &doc : body_path(doc, e.path);
      if (v == nullptr) out.SetNull();
      else out.CopyFrom(*v, a);
      return true;
    }
    case Expr::Kind::Call:
      break;
  }
  std::vector<Value> args;
  for (auto const& arg : e.args) {
    Value v;
    if (!eval_expr(arg, doc, v, a)) return false;
    args.push_back(std::move(v));
  }
  auto const& fn = e.fn;
  if (fn == "DATE_NOW" && args.empty()) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    out.SetInt64(static_cast<std::int64_t>(ms));
    return true;
  }
  if (fn == "DATE_ISO8601" && args.size() == 1 && args[0].IsNumber()) {
    double msd = args[0].GetDouble();
    auto secs = static_cast<std::time_t>(msd / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(std::fmod(msd, 1000.0)));
    out = str_value(buf, a);
    return true;
  }
  if (fn == "CONCAT") {
    std::string r;
    for (auto const& v : args) {
      if (v.IsArray()) {
        for (auto const& x : v.GetArray()) r += to_display_string(x);
      } else {
        r += to_display_string(v);
      }
    }
    out = str_value(r, a);
    return true;
  }
  if (fn == "CONCAT_SEPARATOR" && !args.empty()) {
    std::string sep = to_display_string(args[0]);
    std::string r;
    bool first = true;
    auto add = [&](Value const& x) {
      if (x.IsNull()) return;
      if (!first) r += sep;
      first = false;
      r += to_display_string(x);
    };
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i].IsArray()) {
        for (auto const& x : args[i].GetArray()) add(x);
      } else {
        add(args[i]);
      }
    }
    out = str_value(r, a);
    return true;
  }
  if ((fn == "UPPER" || fn == "LOWER") && args.size() == 1) {
    std::string r = to_display_string(args[0]);
    for (auto& ch : r) {
      ch = static_cast<char>(fn == "UPPER" ? std::toupper(static_cast<unsigned char>(ch))
                                           : std::tolower(static_cast<unsigned char>(ch)));
    }
    out = str_value(r, a);
    return true;
  }
  if (fn == "TO_STRING" && args.size() == 1) {
    out = str_value(to_display_string(args[0]), a);
    return true;
  }
  if (fn == "LENGTH" && args.size() == 1) {
    Value const& v = args[0];
    std::uint64_t n = 0;
    if (v.IsArray()) n = v.Size();
    else if (v.IsObject()) n = v.MemberCount();
    else if (v.IsString()) n = v.GetStringLength();
    out.SetUint64(n);
    return true;
  }
  return false;
}

std::shared_ptr<Expr const> compile_expression(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  if (t.size() < 6) return nullptr;
  std::string head(t.substr(0, 6));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (head != "RETURN") return nullptr;
  ExprParser p{t.substr(6)};
  Expr e = p.parse();
  p.ws();
  if (!p.ok || p.pos != p.s.size()) return nullptr;
  return std::make_shared<Expr const>(std::move(e));
}

enum class WriteKind { Insert, Update, Replace };

// The full representation (as document_to_value) of a stored or drafted document.
void full_value(std::string_view key, std::string_view from, std::string_view to, std::uint64_t rev,
                Value const& body, std::string_view collection_name, Value& out, Alloc& alloc) {
  out.SetObject();
  out.AddMember("_key", str_value(key, alloc), alloc);
  out.AddMember("_id", str_value(std::string(collection_name).append("/").append(key), alloc), alloc);
  if (!from.empty()) {
    out.AddMember("_from", str_value(from, alloc), alloc);
    out.AddMember("_to", str_value(to, alloc), alloc);
  }
  out.AddMember("_rev", str_value(encode_revision(rev), alloc), alloc);
  for (auto const& m : body.GetObject()) {
    out.AddMember(Value(m.name, alloc), Value(m.value, alloc), alloc);
  }
}

void apply_computed_values(CollectionData const& data, DocDraft& d, std::string_view coll_name,
                           WriteKind kind) {
  if (data.computed_values.empty()) return;
  for (auto const& cv : data.computed_values) {
    bool on = kind == WriteKind::Insert ? cv.on_insert
              : kind == WriteKind::Update ? cv.on_update
                                          : cv.on_replace;
    if (!on || !cv.compiled) continue;
    auto const* expr = static_cast<Expr const*>(cv.compiled.get());
    if (!cv.overwrite && member(d.body, cv.name) != nullptr) continue;
    rapidjson::Document full;
    full_value(d.key, d.from, d.to, d.rev, d.body, coll_name, full, full.GetAllocator());
    Value result;
    if (!eval_expr(*expr, full, result, d.alloc)) continue;
    if (result.IsNull() && !cv.keep_null) {
      d.body.RemoveMember(cv.name.c_str());
      continue;
    }
    auto it = d.body.FindMember(cv.name.c_str());
    if (it != d.body.MemberEnd()) {
      it->value = std::move(result);
    } else {
      d.body.AddMember(str_value(cv.name, d.alloc), result, d.alloc);
    }
  }
}

// ---------------------------------------------------------------------------
// Document construction
// ---------------------------------------------------------------------------

// Bytes a deep copy of `v` takes from a MemoryPoolAllocator (RapidJSON's copy
// allocates every object's and array's members exactly; short strings are
// stored inside the value).
std::size_t copy_size(Value const& v) {
  switch (v.GetType()) {
    case rapidjson::kObjectType: {
      std::size_t n = RAPIDJSON_ALIGN(v.MemberCount() * sizeof(Value::Member));
      for (auto const& m : v.GetObject()) n += copy_size(m.name) + copy_size(m.value);
      return n;
    }
    case rapidjson::kArrayType: {
      std::size_t n = RAPIDJSON_ALIGN(v.Size() * sizeof(Value));
      for (auto const& e : v.GetArray()) n += copy_size(e);
      return n;
    }
    case rapidjson::kStringType: {
      // up to 13 bytes fit into the value itself (ShortString, 64-bit)
      return v.GetStringLength() <= 13 ? 0 : RAPIDJSON_ALIGN(v.GetStringLength() + 1);
    }
    default:
      return 0;
  }
}

// The body is copied into one allocation of the size it needs (a pool with the
// default chunk and RapidJSON's growth by doubling took more than 1 KiB for a
// small document).
void copy_user_attributes(Value const& input, DocDraft& d, bool edge) {
  d.body.CopyFrom(input, d.alloc);
  for (auto it = d.body.MemberBegin(); it != d.body.MemberEnd();) {
    if (is_system_attribute(sv(it->name), edge)) {
      it = d.body.EraseMember(it);  // keeps the order
    } else {
      ++it;
    }
  }
}

// Edge attributes from the input. Error 1233 when invalid. `required`: both
// must be present (insert/replace).
int take_edge_attributes(Value const& input, DocDraft& d, bool required) {
  for (char const* attr : {"_from", "_to"}) {
    Value const* v = member(input, attr);
    if (v == nullptr) {
      if (required) return 1233;
      continue;
    }
    if (!v->IsString() || !is_valid_document_id(sv(*v))) return 1233;
    (attr[1] == 'f' ? d.from : d.to) = std::string(sv(*v));
  }
  return 0;
}

// Order-preserving removal (rapidjson's RemoveMember swaps with the last).
void erase_member_keep_order(Value& obj, Value::MemberIterator it) { obj.EraseMember(it); }

void merge_patch_ordered(Value& target, Value const& patch, bool keep_null, bool merge_objects,
                         Alloc& a);

void merge_patch_ordered(Value& target, Value const& patch, bool keep_null, bool merge_objects,
                         Alloc& a) {
  std::vector<Value const*> new_members;
  for (auto const& m : patch.GetObject()) {
    auto it = target.FindMember(m.name);
    if (it == target.MemberEnd()) {
      new_members.push_back(&m.name);
      continue;
    }
    if (m.value.IsNull() && !keep_null) {
      erase_member_keep_order(target, it);
      continue;
    }
    if (merge_objects && m.value.IsObject() && it->value.IsObject()) {
      merge_patch_ordered(it->value, m.value, keep_null, merge_objects, a);
    } else if (m.value.IsObject() && !keep_null) {
      Value copy(rapidjson::kObjectType);
      merge_patch_ordered(copy, m.value, keep_null, merge_objects, a);
      it->value = std::move(copy);
    } else {
      it->value.CopyFrom(m.value, a);
    }
  }
  for (auto rit = new_members.rbegin(); rit != new_members.rend(); ++rit) {
    Value const& name = **rit;
    Value const* val = member(patch, sv(name));
    if (val->IsNull() && !keep_null) continue;
    Value copy;
    if (val->IsObject() && !keep_null) {
      copy.SetObject();
      merge_patch_ordered(copy, *val, keep_null, merge_objects, a);
    } else {
      copy.CopyFrom(*val, a);
    }
    target.AddMember(Value(name, a), copy, a);
  }
}

std::optional<double> numeric(Value const* v) {
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

// versionAttribute: true when the write must be skipped.
bool version_says_skip(std::string const& attr, Document const& old, Value const& input) {
  if (attr.empty()) return false;
  auto nv = numeric(body_path(input, attr));
  auto ov = numeric(body_path(old.body, attr));
  if (!nv || !ov || *nv < 0) return false;
  return std::floor(*nv) <= std::floor(*ov);
}

bool schema_check(CollectionData const& data, DocDraft const& d, DocPtr const& old, WriteKind kind,
                  OpResult& res) {
  if (!data.schema || data.schema->level == SchemaLevel::None) return true;
  auto const& s = *data.schema;
  if (kind != WriteKind::Insert) {
    if (s.level == SchemaLevel::New) return true;
    if (s.level == SchemaLevel::Moderate && old && !schema_accepts(*s.rule, old->body)) {
      return true;  // the old version was invalid already
    }
  }
  if (schema_accepts(*s.rule, d.body)) return true;
  res.error = 1620;
  res.message = s.message.empty() ? std::string(error_message(1620)) : s.message;
  return false;
}

int check_revision(Document const& cur, WriteOptions const& o, Value const* body_rev,
                   OpResult& res) {
  if (o.if_match && *o.if_match != cur.rev_string()) {
    res.precondition = true;
    return 1200;
  }
  if (!o.ignore_revs && body_rev != nullptr && body_rev->IsString() &&
      sv(*body_rev) != cur.rev_string()) {
    return 1200;
  }
  return 0;
}

OpResult modify(Collection& c, DocView& v, DocPtr const& cur, Value const& input, WriteOptions const& o,
                WriteKind kind, bool check_revs) {
  OpResult res;
  auto& data = c.data;
  if (check_revs) {
    if (int e = check_revision(*cur, o, member(input, "_rev"), res); e != 0) {
      res.error = e;
      res.message = "conflict, _rev values do not match";
      res.doc = cur;
      return res;
    }
  }
  if (version_says_skip(o.version_attribute, *cur, input)) {
    res.doc = cur;
    res.old = cur;
    res.ignored = true;
    return res;
  }
  DocDraft d;
  d.key = cur->key();
  bool const edge = c.is_edge();
  if (kind == WriteKind::Replace) {
    copy_user_attributes(input, d, edge);
    if (edge) {
      if (int e = take_edge_attributes(input, d, true); e != 0) {
        res.error = e;
        return res;
      }
    }
  } else {
    d.body.CopyFrom(cur->body, d.alloc);
    d.from = cur->from();
    d.to = cur->to();
    rapidjson::Document patch;
    patch.SetObject();
    for (auto const& m : input.GetObject()) {
      if (is_system_attribute(sv(m.name), edge)) continue;
      patch.AddMember(Value(m.name, patch.GetAllocator()), Value(m.value, patch.GetAllocator()),
                      patch.GetAllocator());
    }
    merge_patch_ordered(d.body, patch, o.keep_null, o.merge_objects, d.alloc);
    if (edge) {
      if (int e = take_edge_attributes(input, d, false); e != 0) {
        res.error = e;
        return res;
      }
    }
  }
  apply_computed_values(data, d, c.name, kind);
  if (!schema_check(data, d, cur, kind, res)) return res;
  d.rev = new_revision();
  DocPtr doc = d.make();
  if (!vector_check(data, *doc, res)) return res;
  if (!check_unique_view(data, v, *doc, cur, res)) return res;
  v.put(cur, doc);
  res.doc = doc;
  res.old = cur;
  return res;
}

}  // namespace

// ---------------------------------------------------------------------------
// Ticks and revisions
// ---------------------------------------------------------------------------

std::uint64_t new_tick() noexcept { return g_tick.fetch_add(1) + 1; }

void observe_tick(std::uint64_t value) noexcept {
  auto cur = g_tick.load();
  while (cur < value && !g_tick.compare_exchange_weak(cur, value)) {
  }
}

std::uint64_t new_revision() noexcept {
  auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  std::uint64_t candidate = ms << 20;
  std::uint64_t cur = g_hlc.load();
  while (true) {
    std::uint64_t next = std::max(candidate, cur + 1);
    if (g_hlc.compare_exchange_weak(cur, next)) return next;
  }
}

// ---------------------------------------------------------------------------
// Document storage
// ---------------------------------------------------------------------------

namespace {

// Where the pool of a document's body starts in its allocation: after the
// header and the key/_from/_to bytes, 8-aligned.
std::size_t pool_offset(std::size_t chars) {
  return (sizeof(Document) + chars + 7) & ~std::size_t{7};
}

// The pool header RapidJSON writes at the start of a user buffer.
constexpr std::size_t kPoolHeader = 3 * sizeof(void*);

}  // namespace

DocPtr DocDraft::make() const {
  // one stateless base allocator for every pool (RapidJSON would allocate one per pool)
  static rapidjson::CrtAllocator base;
  std::size_t const chars = key.size() + from.size() + to.size();
  std::size_t body_bytes = copy_size(body);
  while (true) {
    std::size_t const offset = pool_offset(chars);
    std::size_t const total = offset + kPoolHeader + std::max<std::size_t>(body_bytes, 8);
    void* mem = ::operator new(total);
    auto* d = new (mem) Document();
    d->key_len_ = static_cast<std::uint16_t>(key.size());
    d->from_len_ = static_cast<std::uint16_t>(from.size());
    d->to_len_ = static_cast<std::uint16_t>(to.size());
    d->rev = rev;
    char* out = static_cast<char*>(mem) + sizeof(Document);
    std::memcpy(out, key.data(), key.size());
    std::memcpy(out + key.size(), from.data(), from.size());
    std::memcpy(out + key.size() + from.size(), to.data(), to.size());
    char* pool_mem = static_cast<char*>(mem) + offset;
    std::size_t const capacity = total - offset;
    bool fits = false;
    {
      rapidjson::MemoryPoolAllocator<> pool(pool_mem, capacity, 64, &base);
      d->body.CopyFrom(body, pool);
      // everything in the user buffer: nothing to free when the pool goes
      fits = pool.Capacity() == capacity - kPoolHeader;
      if (!fits) {
        d->~Document();
      }
    }
    if (fits) return DocPtr(d);
    ::operator delete(mem);
    body_bytes = body_bytes * 2 + 64;  // copy_size was short (cannot happen): retry larger
  }
}

void DocPtr::release() noexcept {
  if (p_ == nullptr) return;
  if (p_->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    p_->~Document();
    ::operator delete(static_cast<void*>(p_));
  }
  p_ = nullptr;
}

Value const* Document::attribute(std::string_view path) const noexcept {
  return body_path(body, path);
}

std::string encode_revision(std::uint64_t rev) {
  char buf[11];
  std::size_t pos = 11;
  while (rev > 0 && pos > 0) {
    buf[--pos] = kHlcAlphabet[rev & 0x3f];
    rev >>= 6;
  }
  return std::string(buf + pos, 11 - pos);
}

std::optional<std::uint64_t> decode_revision(std::string_view s) noexcept {
  if (s.empty() || s.size() > 11) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    auto const* p = std::char_traits<char>::find(kHlcAlphabet, 64, c);
    if (p == nullptr) return std::nullopt;
    v = (v << 6) | static_cast<std::uint64_t>(p - kHlcAlphabet);
  }
  return v;
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

void write_document(JsonWriter& w, Document const& d, std::string_view collection_name) {
  w.begin_object();
  w.kv("_key", d.key());
  w.kv("_id", std::string(collection_name).append("/").append(d.key()));
  if (d.is_edge()) {
    w.kv("_from", d.from());
    w.kv("_to", d.to());
  }
  w.kv("_rev", d.rev_string());
  for (auto const& m : d.body.GetObject()) {
    w.key(sv(m.name));
    w.value(m.value);
  }
  w.end_object();
}

std::string document_json(Document const& d, std::string_view collection_name) {
  JsonWriter w;
  write_document(w, d, collection_name);
  return w.str();
}

void document_to_value(Document const& d, std::string_view collection_name, Value& out,
                       Alloc& alloc) {
  full_value(d.key(), d.from(), d.to(), d.rev, d.body, collection_name, out, alloc);
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

bool is_valid_document_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  for (char ch : key) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == ':' || c == '-' || c == '@' || c == '.' || c == '(' || c == ')' ||
              c == '+' || c == ',' || c == '=' || c == ';' || c == '$' || c == '!' || c == '*' ||
              c == '\'' || c == '%';
    if (!ok) return false;
  }
  return true;
}

bool is_valid_document_id(std::string_view id) noexcept {
  auto slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  std::string_view coll = id.substr(0, slash);
  if (coll.size() > 256) return false;
  for (char ch : coll) {
    if (static_cast<unsigned char>(ch) < 32) return false;
  }
  return is_valid_document_key(id.substr(slash + 1));
}

int KeyGenerator::validate(std::string_view key, bool is_restore) const {
  if (!key.empty() && !allow_user_keys && !is_restore) return 1222;
  if (key.empty() || key.size() > kMaxKeyLength) return 1221;
  if (type == KeyGenType::Autoincrement) {
    for (char ch : key) {
      if (ch < '0' || ch > '9') return 1221;
    }
    return 0;
  }
  return is_valid_document_key(key) ? 0 : 1221;
}

void KeyGenerator::track(std::string_view key) {
  if (key.empty()) return;
  if (type == KeyGenType::Traditional || type == KeyGenType::Autoincrement) {
    if (key.front() < '0' || key.front() > '9') return;
    std::uint64_t v = 0;
    for (char ch : key) {
      if (ch < '0' || ch > '9') break;
      if (v > (UINT64_MAX - 9) / 10) return;
      v = v * 10 + static_cast<std::uint64_t>(ch - '0');
    }
    if (v > last_value) last_value = v;
    if (type == KeyGenType::Traditional) observe_tick(v);
  } else if (type == KeyGenType::Padded) {
    if (key.size() != 16) return;
    std::uint64_t v = 0;
    for (char ch : key) {
      int d;
      if (ch >= '0' && ch <= '9') d = ch - '0';
      else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
      else return;
      v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    if (v > last_value) last_value = v;
  }
}

std::string KeyGenerator::generate() {
  switch (type) {
    case KeyGenType::Traditional: {
      std::uint64_t tick = new_tick();
      if (tick <= last_value) tick = ++last_value;
      else last_value = tick;
      return std::to_string(tick);
    }
    case KeyGenType::Autoincrement: {
      std::uint64_t v;
      if (last_value < offset) v = offset;
      else v = last_value + increment - ((last_value - offset) % increment);
      // AutoIncrementKeyGenerator::generate: UINT64_MAX or a wrap-around is out of keys
      if (v == std::numeric_limits<std::uint64_t>::max() || v <= last_value) return {};
      last_value = v;
      return std::to_string(v);
    }
    case KeyGenType::Padded: {
      std::uint64_t tick = new_tick();
      if (tick <= last_value) tick = ++last_value;
      else last_value = tick;
      char buf[17];
      std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(tick));
      return buf;
    }
    case KeyGenType::Uuid: {
      thread_local std::mt19937_64 rng{std::random_device{}()};
      std::uint64_t hi = rng(), lo = rng();
      hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
      lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant
      char buf[37];
      std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                    static_cast<unsigned long long>(hi >> 32),
                    static_cast<unsigned long long>((hi >> 16) & 0xffff),
                    static_cast<unsigned long long>(hi & 0xffff),
                    static_cast<unsigned long long>(lo >> 48),
                    static_cast<unsigned long long>(lo & 0xffffffffffffULL));
      return buf;
    }
  }
  return {};
}

void KeyGenerator::write(JsonWriter& w) const {
  w.begin_object().kv("allowUserKeys", allow_user_keys);
  switch (type) {
    case KeyGenType::Traditional:
      w.kv("type", "traditional").kv("lastValue", last_value);
      break;
    case KeyGenType::Autoincrement:
      w.kv("type", "autoincrement")
          .kv("offset", offset)
          .kv("increment", increment)
          .kv("lastValue", last_value);
      break;
    case KeyGenType::Padded:
      w.kv("type", "padded").kv("lastValue", last_value);
      break;
    case KeyGenType::Uuid:
      w.kv("type", "uuid");
      break;
  }
  w.end_object();
}

KeyGenParse parse_key_options(Value const* options) {
  KeyGenParse r;
  if (options == nullptr || !options->IsObject()) return r;
  if (auto const* t = member(*options, "type"); t != nullptr) {
    if (!t->IsString()) {
      r.error = 1232;
      r.message = "invalid key generator type";
      return r;
    }
    std::string name(sv(*t));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (name == "traditional") r.gen.type = KeyGenType::Traditional;
    else if (name == "autoincrement") r.gen.type = KeyGenType::Autoincrement;
    else if (name == "padded") r.gen.type = KeyGenType::Padded;
    else if (name == "uuid") r.gen.type = KeyGenType::Uuid;
    else {
      r.error = 1232;
      r.message = "invalid key generator type";
      return r;
    }
  }
  if (auto const* a = member(*options, "allowUserKeys"); a != nullptr && a->IsBool()) {
    r.gen.allow_user_keys = a->GetBool();
  }
  if (r.gen.type == KeyGenType::Autoincrement) {
    if (auto const* inc = member(*options, "increment"); inc != nullptr && inc->IsNumber()) {
      double v = inc->GetDouble();
      if (v <= 0) {
        r.error = 1232;
        r.message = "increment value must be greater than zero";
        return r;
      }
      if (v >= 65536) {
        r.error = 1232;
        r.message = "increment value must be at most 65535";
        return r;
      }
      r.gen.increment = static_cast<std::uint64_t>(v);
      if (r.gen.increment == 0) {
        r.error = 1232;
        r.message = "increment value must be greater than zero";
        return r;
      }
    }
    if (auto const* off = member(*options, "offset"); off != nullptr && off->IsNumber()) {
      double v = off->GetDouble();
      if (v < 0) {
        r.error = 1232;
        r.message = "offset value must be zero or greater";
        return r;
      }
      if (v >= 18446744073709551615.0) {
        r.error = 1232;
        r.message = "offset value is too high";
        return r;
      }
      r.gen.offset = static_cast<std::uint64_t>(v);
    }
  }
  return r;
}

// ---------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------

void write_index(JsonWriter& w, Index const& idx, std::string_view collection_name,
                 std::vector<std::pair<std::string, std::string>> const& extra_kv) {
  std::map<std::string, std::string> all = idx.extra;
  all["id"] = quote(std::string(collection_name) + "/" + std::to_string(idx.id));
  all["name"] = quote(idx.name);
  all["type"] = quote(idx.type);
  all["unique"] = idx.unique ? "true" : "false";
  all["sparse"] = idx.sparse ? "true" : "false";
  if (!idx.fields_json.empty()) {
    all["fields"] = idx.fields_json;
  } else {
    JsonWriter f;
    f.begin_array();
    for (auto const& x : idx.fields) f.string(x);
    f.end_array();
    all["fields"] = f.str();
  }
  if (idx.vector) vector_index_state(idx, all);
  for (auto const& [k, v] : extra_kv) all[k] = v;
  w.begin_object();
  for (auto const& [k, v] : all) {
    w.key(k).raw(v);
  }
  w.end_object();
}

namespace {

std::string bool_json(bool b) { return b ? "true" : "false"; }

IndexParse index_error(int status, int error, std::string message) {
  IndexParse p;
  p.status = status;
  p.error = error;
  p.message = std::move(message);
  return p;
}

bool get_bool(Value const& body, char const* name, bool def) {
  auto const* v = member(body, name);
  return v != nullptr && v->IsBool() ? v->GetBool() : def;
}

// The steps of parse_index_definition. Each returns the error to answer with, or nothing when the
// definition passed that step; the type-specific steps fill idx->extra with the attributes a 3.12
// server reports for that index type.
using IndexError = std::optional<IndexParse>;

// "type": present, known, creatable; legacy names map to their 3.12 successor.
IndexError parse_index_type(Value const& body, std::string& type) {
  auto const* type_v = member(body, "type");
  if (type_v == nullptr || !type_v->IsString()) {
    return index_error(400, 10, "invalid index type definition");
  }
  type = std::string(sv(*type_v));
  if (type == "hash" || type == "skiplist") type = "persistent";
  if (type == "geo1" || type == "geo2") type = "geo";
  if (type == "zkd") type = "mdi";
  static std::set<std::string> const known = {"persistent", "ttl",    "geo",    "fulltext",
                                              "inverted",   "vector", "mdi",    "mdi-prefixed",
                                              "primary",    "edge"};
  if (known.count(type) == 0) {
    return index_error(400, 10, "invalid index type '" + std::string(sv(*type_v)) + "'");
  }
  if (type == "primary" || type == "edge") {
    return index_error(400, 10, "cannot create index of type '" + type + "'");
  }
  return std::nullopt;
}

// "fields": attribute names (inverted indexes also take {name: ...} objects, and may have none
// when they include all fields).
IndexError parse_index_fields(Value const& body, Index& idx) {
  auto const* fields = member(body, "fields");
  if (idx.type == "inverted") {
    if (fields == nullptr || !fields->IsArray() || fields->Empty()) {
      if (!get_bool(body, "includeAllFields", false)) {
        return index_error(400, 10, "'fields' must be a non-empty array");
      }
    }
  } else if (fields == nullptr || !fields->IsArray() || fields->Empty()) {
    return index_error(400, 10, "index fields must be a non-empty array");
  }
  if (fields != nullptr && fields->IsArray()) {
    for (auto const& f : fields->GetArray()) {
      if (f.IsString() && f.GetStringLength() > 0) {
        idx.fields.emplace_back(sv(f));
      } else if (idx.type == "inverted" && f.IsObject() && member(f, "name") != nullptr &&
                 member(f, "name")->IsString()) {
        idx.fields.emplace_back(sv(*member(f, "name")));
      } else {
        return index_error(400, 10, "index field names must be non-empty strings");
      }
    }
    std::set<std::string> seen(idx.fields.begin(), idx.fields.end());
    if (seen.size() != idx.fields.size() && idx.type != "inverted") {
      return index_error(400, 10, "duplicate attribute name in index fields list");
    }
  }
  return std::nullopt;
}

IndexError parse_index_name(Value const& body, Index& idx) {
  if (auto const* n = member(body, "name"); n != nullptr && !n->IsNull()) {
    if (!n->IsString() || n->GetStringLength() == 0 ||
        !is_allowed_collection_name(sv(*n), /*allow_system*/ false)) {
      return index_error(400, 1208, "illegal index name");
    }
    idx.name = std::string(sv(*n));
  }
  return std::nullopt;
}

void copy_stored_values(Value const& body, Index& idx) {
  if (auto const* sv_ = member(body, "storedValues"); sv_ != nullptr && sv_->IsArray()) {
    idx.extra["storedValues"] = to_json(*sv_);
  }
}

void persistent_index_options(Value const& body, Index& idx) {
  auto& x = idx.extra;
  bool estimates = get_bool(body, "estimates", true);
  x["cacheEnabled"] = bool_json(get_bool(body, "cacheEnabled", false));
  x["deduplicate"] = bool_json(get_bool(body, "deduplicate", true));
  x["estimates"] = bool_json(estimates);
  if (estimates) x["selectivityEstimate"] = "1";
  copy_stored_values(body, idx);
}

IndexError ttl_index_options(Value const& body, Collection const& c, Index& idx) {
  auto& x = idx.extra;
  if (idx.fields.size() != 1) {
    return index_error(400, 10, "ttl index must have exactly one field");
  }
  if (idx.unique) {
    return index_error(400, 10, "ttl indexes cannot be unique");
  }
  auto const* ea = member(body, "expireAfter");
  if (ea == nullptr || !ea->IsNumber() || ea->GetDouble() < 0) {
    return index_error(400, 10, "expireAfter attribute must be a number >= 0");
  }
  idx.expire_after = ea->GetDouble();
  idx.sparse = true;
  x["estimates"] = "false";
  x["expireAfter"] = to_json(*ea);
  for (auto const& other : c.data.indexes) {
    if (other->type == "ttl") {
      // an identical ttl index is returned by the caller; any other fails
      Index probe = idx;
      probe.name = other->name;
      if (!same_index_definition(*other, probe)) {
        return index_error(400, 10, "there can only be one ttl index per collection");
      }
    }
  }
  return std::nullopt;
}

// IndexFactory::validateFieldsDefinition and processIndexFields for the geo and fulltext
// indexes: no "_id" attribute, min..max fields, no [*] expansion.
IndexError geo_fulltext_fields(Index const& idx, std::size_t min, std::size_t max) {
  for (auto const& f : idx.fields) {
    if (f == "_id" || (f.size() > 4 && f.compare(f.size() - 4, 4, "._id") == 0)) {
      return index_error(400, 10, "_id attribute cannot be indexed");
    }
  }
  if (idx.fields.size() < min || idx.fields.size() > max) {
    return index_error(400, 10, "invalid number of index attributes");
  }
  for (auto const& f : idx.fields) {
    if (f.find('[') != std::string::npos) {
      return index_error(400, 10, "cannot use [*] expansion for this type of index");
    }
  }
  return std::nullopt;
}

// IndexFactory::enhanceJsonIndexGeo and RocksDBGeoIndex::toVelocyPack.
IndexError geo_index_options(Value const& body, Index& idx) {
  auto& x = idx.extra;
  if (auto err = geo_fulltext_fields(idx, 1, 2)) return err;
  idx.unique = false;
  idx.sparse = true;
  bool geo_json = idx.fields.size() == 1 && get_bool(body, "geoJson", false);
  x["bestIndexedLevel"] = "17";
  x["geoJson"] = bool_json(geo_json);
  x["legacyPolygons"] = bool_json(get_bool(body, "legacyPolygons", false));
  x["maxNumCoverCells"] = "8";
  x["worstIndexedLevel"] = "4";
  return std::nullopt;
}

// IndexFactory::enhanceJsonIndexFulltext: minLength a number (at least 1) or absent / null.
IndexError fulltext_index_options(Value const& body, Index& idx) {
  if (auto err = geo_fulltext_fields(idx, 1, 1)) return err;
  idx.unique = false;
  idx.sparse = true;
  int min_length = 2;
  if (auto const* ml = member(body, "minLength"); ml != nullptr && !ml->IsNull()) {
    if (!ml->IsNumber()) return index_error(400, 10, "bad parameter");
    double d = ml->GetDouble();
    if (!(d >= -2147483648.0 && d <= 2147483647.0)) return index_error(400, 10, "bad parameter");
    min_length = std::max(1, static_cast<int>(d));
  }
  idx.extra["minLength"] = std::to_string(min_length);
  return std::nullopt;
}

// "mdi" and "mdi-prefixed" (the latter with prefixFields and estimates).
IndexError mdi_index_options(Value const& body, Index& idx) {
  auto& x = idx.extra;
  auto const* fvt = member(body, "fieldValueTypes");
  if (fvt == nullptr || !fvt->IsString() || sv(*fvt) != "double") {
    return index_error(400, 10, "fieldValueTypes has to be set to 'double'");
  }
  x["fieldValueTypes"] = "\"double\"";
  if (idx.type == "mdi-prefixed") {
    auto const* pf = member(body, "prefixFields");
    if (pf == nullptr || !pf->IsArray() || pf->Empty()) {
      return index_error(400, 10, "prefixFields must be a non-empty array");
    }
    for (auto const& f : pf->GetArray()) {
      if (!f.IsString()) return index_error(400, 10, "prefixFields must contain strings");
    }
    x["prefixFields"] = to_json(*pf);
    bool estimates = get_bool(body, "estimates", true);
    x["estimates"] = bool_json(estimates);
    if (estimates) x["selectivityEstimate"] = "1";
  } else {
    x["estimates"] = "false";
    if (idx.unique) x["estimates"] = bool_json(get_bool(body, "estimates", false));
  }
  copy_stored_values(body, idx);
  return std::nullopt;
}

// An inverted index reports its fields as objects: {name}, or with an analyzer, the features that
// analyzer implies (text_* analyzers add "position") unless given, then any other field options.
std::string inverted_fields_json(Value const* fields) {
  JsonWriter fw;
  fw.begin_array();
  if (fields != nullptr && fields->IsArray()) {
    for (auto const& f : fields->GetArray()) {
      if (f.IsString()) {
        fw.begin_object().kv("name", sv(f)).end_object();
        continue;
      }
      fw.begin_object();
      auto const* an = member(f, "analyzer");
      if (an != nullptr && an->IsString()) {
        auto const* feats = member(f, "features");
        if (feats != nullptr && feats->IsArray()) {
          fw.key("features").value(*feats);
        } else if (sv(*an).substr(0, 5) == "text_") {
          fw.key("features").raw("[\"frequency\",\"position\",\"norm\"]");
        } else {
          fw.key("features").raw("[\"frequency\",\"norm\"]");
        }
        fw.kv("analyzer", sv(*an));
      }
      for (auto const& m : f.GetObject()) {
        std::string_view k = sv(m.name);
        if (k == "analyzer" || k == "features" || k == "name") continue;
        fw.key(k).value(m.value);
      }
      fw.kv("name", sv(*member(f, "name")));
      fw.end_object();
    }
  }
  fw.end_array();
  return fw.str();
}

// primarySort as IResearchInvertedIndexSort reports it: {fields: [{field, asc}], compression}
// ("direction": "asc"/"desc" or "asc": bool on input).
std::string inverted_primary_sort_json(Value const& ps) {
  JsonWriter w;
  w.begin_object().key("fields").begin_array();
  if (auto const* fields = member(ps, "fields"); fields != nullptr && fields->IsArray()) {
    for (auto const& f : fields->GetArray()) {
      auto const* name = member(f, "field");
      if (name == nullptr || !name->IsString()) continue;
      bool asc = true;
      if (auto const* d = member(f, "direction"); d != nullptr && d->IsString()) {
        asc = sv(*d) != "desc" && sv(*d) != "DESC";
      } else if (auto const* a = member(f, "asc"); a != nullptr && a->IsBool()) {
        asc = a->GetBool();
      }
      w.begin_object().kv("field", sv(*name)).kv("asc", asc).end_object();
    }
  }
  w.end_array();
  auto const* comp = member(ps, "compression");
  w.kv("compression", comp != nullptr && comp->IsString() ? sv(*comp) : std::string_view("lz4"));
  if (auto const* locale = member(ps, "locale"); locale != nullptr && locale->IsString()) {
    w.kv("locale", sv(*locale));
  }
  if (auto const* cache = member(ps, "cache"); cache != nullptr && cache->IsBool()) w.kv("cache", cache->GetBool());
  w.end_object();
  return w.str();
}

// storedValues as IResearchViewStoredValues reports them: [{fields, compression}] (an attribute or
// an array of attributes on input, or such an object).
std::string inverted_stored_values_json(Value const& sv_) {
  JsonWriter w;
  w.begin_array();
  for (auto const& e : sv_.GetArray()) {
    Value const* fields = &e;
    Value const* comp = nullptr;
    Value const* cache = nullptr;
    if (e.IsObject()) {
      fields = member(e, "fields");
      comp = member(e, "compression");
      cache = member(e, "cache");
      if (fields == nullptr) continue;
    }
    w.begin_object().key("fields").begin_array();
    if (fields->IsString()) {
      w.string(sv(*fields));
    } else if (fields->IsArray()) {
      for (auto const& f : fields->GetArray()) {
        if (f.IsString()) w.string(sv(f));
      }
    }
    w.end_array();
    w.kv("compression", comp != nullptr && comp->IsString() ? sv(*comp) : std::string_view("lz4"));
    if (cache != nullptr && cache->IsBool()) w.kv("cache", cache->GetBool());
    w.end_object();
  }
  w.end_array();
  return w.str();
}

void inverted_index_options(Value const& body, Index& idx) {
  auto& x = idx.extra;
  idx.unique = false;
  idx.sparse = true;
  // Defaults as a 3.12 server reports them.
  x["analyzer"] = "\"identity\"";
  x["cleanupIntervalStep"] = "2";
  x["commitIntervalMsec"] = "1000";
  x["consolidationIntervalMsec"] = "5000";
  x["consolidationPolicy"] =
      "{\"type\":\"tier\",\"segmentsBytesMax\":8589934592,\"maxSkewThreshold\":0.4,"
      "\"minDeletionRatio\":0.5}";
  x["features"] = "[\"frequency\",\"norm\"]";
  x["includeAllFields"] = "false";
  x["optimizeTopK"] = "[]";
  x["primarySort"] = "{\"fields\":[],\"compression\":\"lz4\"}";
  x["searchField"] = "false";
  x["storedValues"] = "[]";
  x["trackListPositions"] = "false";
  x["version"] = "1";
  x["writebufferActive"] = "0";
  x["writebufferIdle"] = "64";
  x["writebufferSizeMax"] = "33554432";
  for (char const* k :
       {"analyzer", "cleanupIntervalStep", "commitIntervalMsec", "consolidationIntervalMsec",
        "consolidationPolicy", "features", "includeAllFields", "optimizeTopK", "primarySort",
        "searchField", "storedValues", "trackListPositions", "writebufferActive",
        "writebufferIdle", "writebufferSizeMax", "parallelism", "cache", "primaryKeyCache",
        "analyzerDefinitions"}) {
    if (auto const* v = member(body, k); v != nullptr && !v->IsNull()) x[k] = to_json(*v);
  }
  if (auto const* ps = member(body, "primarySort"); ps != nullptr && ps->IsObject()) {
    x["primarySort"] = inverted_primary_sort_json(*ps);
  }
  if (auto const* st = member(body, "storedValues"); st != nullptr && st->IsArray()) {
    x["storedValues"] = inverted_stored_values_json(*st);
  }
  idx.fields_json = inverted_fields_json(member(body, "fields"));
}

IndexError index_type_options(Value const& body, Collection const& c, Index& idx) {
  std::string const& type = idx.type;
  if (type == "persistent") {
    persistent_index_options(body, idx);
  } else if (type == "ttl") {
    return ttl_index_options(body, c, idx);
  } else if (type == "geo") {
    return geo_index_options(body, idx);
  } else if (type == "fulltext") {
    return fulltext_index_options(body, idx);
  } else if (type == "mdi" || type == "mdi-prefixed") {
    return mdi_index_options(body, idx);
  } else if (type == "vector") {
    return vector_index_options(body, idx);
  } else if (type == "inverted") {
    inverted_index_options(body, idx);
  }
  return std::nullopt;
}

}  // namespace

IndexParse parse_index_definition(Value const& body, Collection const& c) {
  if (!body.IsObject()) {
    return index_error(400, 10, "expecting object for index definition");
  }
  auto idx = std::make_shared<Index>();
  if (auto err = parse_index_type(body, idx->type)) return *err;
  if (auto err = parse_index_fields(body, *idx)) return *err;
  if (auto err = parse_index_name(body, *idx)) return *err;
  idx->unique = get_bool(body, "unique", false);
  idx->sparse = get_bool(body, "sparse", false);
  if (auto err = index_type_options(body, c, *idx)) return *err;
  if (idx->unique && idx->type != "persistent" && idx->type != "mdi" &&
      idx->type != "mdi-prefixed") {
    idx->unique = false;
  }
  return IndexParse{0, 0, {}, idx};
}

bool same_index_definition(Index const& a, Index const& b) {
  if (a.type != b.type || a.fields != b.fields || a.unique != b.unique || a.sparse != b.sparse) {
    return false;
  }
  if (a.fields_json != b.fields_json) return false;
  // RocksDBGeoIndex::matchesDefinition compares fields and geoJson, not legacyPolygons
  for (char const* k : {"expireAfter", "geoJson", "minLength", "fieldValueTypes",
                        "prefixFields", "params", "storedValues", "deduplicate", "estimates",
                        "cacheEnabled", "analyzer", "features", "primarySort"}) {
    auto ia = a.extra.find(k);
    auto ib = b.extra.find(k);
    bool ha = ia != a.extra.end(), hb = ib != b.extra.end();
    if (ha != hb || (ha && ia->second != ib->second)) return false;
  }
  return true;
}

IndexParse add_index(Collection& c, std::shared_ptr<Index> idx) {
  IndexParse r;
  if (idx->vector) {
    if (auto filled = vector_index_fill(c, *idx); filled.error != 0) return filled;
  }
  if (idx->enforces_unique()) {
    // arangod fills the index and fails on the first duplicate.
    for (auto const& [rev, live] : c.data.by_rev) {
      auto const& d = live.doc;
      for (auto const& t : index_tuples(*idx, *d)) {
        auto it = idx->unique_entries.find(t);
        if (it != idx->unique_entries.end() && it->second != d->key()) {
          r.error = 1210;
          r.status = 409;
          r.message = unique_message(*idx, d->key());
          return r;
        }
        idx->unique_entries[t] = d->key();
      }
    }
  }
  if (idx->type == "inverted") {
    idx->search_commit = std::make_shared<search::LinkCommit>(search::inverted_commit_interval(*idx));
  }
  c.data.indexes.push_back(idx);
  r.index = std::move(idx);
  return r;
}

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

SchemaParse parse_schema(Value const& v) {
  SchemaParse r;
  if (v.IsNull() || (v.IsObject() && v.MemberCount() == 0)) return r;
  if (!v.IsObject()) {
    r.error = 1621;
    r.message = "schema must be an object";
    return r;
  }
  auto const* rule = member(v, "rule");
  if (rule == nullptr || !rule->IsObject()) {
    r.error = 1621;
    r.message = "schema definition needs a 'rule' object";
    return r;
  }
  Schema s;
  s.rule = std::make_shared<rapidjson::Document>();
  s.rule->CopyFrom(*rule, s.rule->GetAllocator());
  if (auto const* lv = member(v, "level"); lv != nullptr) {
    if (!lv->IsString()) {
      r.error = 1621;
      r.message = "level must be a string";
      return r;
    }
    std::string_view l = sv(*lv);
    if (l == "none") s.level = SchemaLevel::None;
    else if (l == "new") s.level = SchemaLevel::New;
    else if (l == "moderate") s.level = SchemaLevel::Moderate;
    else if (l == "strict") s.level = SchemaLevel::Strict;
    else {
      r.error = 1621;
      r.message = "unknown level '" + std::string(l) + "'";
      return r;
    }
  }
  if (auto const* m = member(v, "message"); m != nullptr) {
    if (!m->IsString()) {
      r.error = 1621;
      r.message = "message must be a string";
      return r;
    }
    s.message = std::string(sv(*m));
  }
  if (auto const* t = member(v, "type"); t != nullptr && !(t->IsString() && sv(*t) == "json")) {
    r.error = 1621;
    r.message = "unknown validator type";
    return r;
  }
  r.schema = std::move(s);
  return r;
}

void write_schema(JsonWriter& w, std::optional<Schema> const& s) {
  if (!s) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("rule").value(*s->rule);
  char const* lv = s->level == SchemaLevel::None       ? "none"
                   : s->level == SchemaLevel::New      ? "new"
                   : s->level == SchemaLevel::Moderate ? "moderate"
                                                       : "strict";
  w.kv("level", lv).kv("message", s->message).kv("type", "json");
  w.end_object();
}

namespace {

bool json_equal(Value const& a, Value const& b) {
  std::string ea, eb;
  encode_value(a, ea);
  encode_value(b, eb);
  return ea == eb;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

bool type_matches(std::string_view t, Value const& v) {
  if (t == "object") return v.IsObject();
  if (t == "array") return v.IsArray();
  if (t == "string") return v.IsString();
  if (t == "boolean") return v.IsBool();
  if (t == "null") return v.IsNull();
  if (t == "number") return v.IsNumber();
  if (t == "integer") {
    if (v.IsInt64() || v.IsUint64()) return true;
    return v.IsNumber() && std::floor(v.GetDouble()) == v.GetDouble();
  }
  return false;
}

// The steps of schema_accepts (a JSON Schema subset): each checks one group of keywords.

// type, enum, const
bool accepts_type_and_value(Value const& rule, Value const& v) {
  if (auto const* t = member(rule, "type")) {
    bool ok = false;
    if (t->IsString()) ok = type_matches(sv(*t), v);
    else if (t->IsArray()) {
      for (auto const& e : t->GetArray()) {
        if (e.IsString() && type_matches(sv(e), v)) ok = true;
      }
    } else {
      ok = true;
    }
    if (!ok) return false;
  }
  if (auto const* e = member(rule, "enum"); e != nullptr && e->IsArray()) {
    bool found = false;
    for (auto const& x : e->GetArray()) {
      if (json_equal(x, v)) found = true;
    }
    if (!found) return false;
  }
  if (auto const* cst = member(rule, "const"); cst != nullptr && !json_equal(*cst, v)) return false;
  return true;
}

bool accepts_number(Value const& rule, double d) {
  if (auto const* m = member(rule, "minimum"); m != nullptr && m->IsNumber() && d < m->GetDouble())
    return false;
  if (auto const* m = member(rule, "maximum"); m != nullptr && m->IsNumber() && d > m->GetDouble())
    return false;
  if (auto const* m = member(rule, "exclusiveMinimum");
      m != nullptr && m->IsNumber() && d <= m->GetDouble())
    return false;
  if (auto const* m = member(rule, "exclusiveMaximum");
      m != nullptr && m->IsNumber() && d >= m->GetDouble())
    return false;
  if (auto const* m = member(rule, "multipleOf"); m != nullptr && m->IsNumber() && m->GetDouble() > 0) {
    double q = d / m->GetDouble();
    if (std::fabs(q - std::round(q)) > 1e-9) return false;
  }
  return true;
}

// minLength/maxLength count code points.
bool accepts_string(Value const& rule, std::string_view s) {
  std::size_t len = utf8_length(s);
  if (auto const* m = member(rule, "minLength");
      m != nullptr && m->IsNumber() && static_cast<double>(len) < m->GetDouble())
    return false;
  if (auto const* m = member(rule, "maxLength");
      m != nullptr && m->IsNumber() && static_cast<double>(len) > m->GetDouble())
    return false;
  return true;
}

// minItems, maxItems, items (one schema for all, or one per position), uniqueItems.
bool accepts_array(Value const& rule, Value const& v) {
  double n = v.Size();
  if (auto const* m = member(rule, "minItems"); m != nullptr && m->IsNumber() && n < m->GetDouble())
    return false;
  if (auto const* m = member(rule, "maxItems"); m != nullptr && m->IsNumber() && n > m->GetDouble())
    return false;
  if (auto const* items = member(rule, "items")) {
    if (items->IsObject() || items->IsBool()) {
      for (auto const& e : v.GetArray()) {
        if (!schema_accepts(*items, e)) return false;
      }
    } else if (items->IsArray()) {
      rapidjson::SizeType i = 0;
      for (auto const& sub : items->GetArray()) {
        if (i >= v.Size()) break;
        if (!schema_accepts(sub, v[i])) return false;
        ++i;
      }
    }
  }
  if (get_bool(rule, "uniqueItems", false)) {
    std::set<std::string> seen;
    for (auto const& e : v.GetArray()) {
      std::string enc;
      encode_value(e, enc);
      if (!seen.insert(enc).second) return false;
    }
  }
  return true;
}

// minProperties, maxProperties, required, properties / additionalProperties.
bool accepts_object(Value const& rule, Value const& v) {
  double n = v.MemberCount();
  if (auto const* m = member(rule, "minProperties");
      m != nullptr && m->IsNumber() && n < m->GetDouble())
    return false;
  if (auto const* m = member(rule, "maxProperties");
      m != nullptr && m->IsNumber() && n > m->GetDouble())
    return false;
  if (auto const* req = member(rule, "required"); req != nullptr && req->IsArray()) {
    for (auto const& r : req->GetArray()) {
      if (r.IsString() && member(v, sv(r)) == nullptr) return false;
    }
  }
  auto const* props = member(rule, "properties");
  auto const* addl = member(rule, "additionalProperties");
  for (auto const& m : v.GetObject()) {
    Value const* sub = props != nullptr && props->IsObject() ? member(*props, sv(m.name)) : nullptr;
    if (sub != nullptr) {
      if (!schema_accepts(*sub, m.value)) return false;
    } else if (addl != nullptr) {
      if (!schema_accepts(*addl, m.value)) return false;
    }
  }
  return true;
}

// allOf, anyOf, oneOf, not
bool accepts_combinations(Value const& rule, Value const& v) {
  if (auto const* all = member(rule, "allOf"); all != nullptr && all->IsArray()) {
    for (auto const& s : all->GetArray()) {
      if (!schema_accepts(s, v)) return false;
    }
  }
  if (auto const* any = member(rule, "anyOf"); any != nullptr && any->IsArray()) {
    bool ok = false;
    for (auto const& s : any->GetArray()) {
      if (schema_accepts(s, v)) ok = true;
    }
    if (!ok) return false;
  }
  if (auto const* one = member(rule, "oneOf"); one != nullptr && one->IsArray()) {
    int count = 0;
    for (auto const& s : one->GetArray()) {
      if (schema_accepts(s, v)) ++count;
    }
    if (count != 1) return false;
  }
  if (auto const* no = member(rule, "not"); no != nullptr && schema_accepts(*no, v)) return false;
  return true;
}

}  // namespace

bool schema_accepts(Value const& rule, Value const& v) {
  if (rule.IsBool()) return rule.GetBool();
  if (!rule.IsObject()) return true;
  if (!accepts_type_and_value(rule, v)) return false;
  if (v.IsNumber() && !accepts_number(rule, v.GetDouble())) return false;
  if (v.IsString() && !accepts_string(rule, sv(v))) return false;
  if (v.IsArray() && !accepts_array(rule, v)) return false;
  if (v.IsObject() && !accepts_object(rule, v)) return false;
  return accepts_combinations(rule, v);
}

// ---------------------------------------------------------------------------
// Computed values
// ---------------------------------------------------------------------------

ComputedParse parse_computed_values(Value const& v) {
  ComputedParse r;
  if (v.IsNull()) return r;
  if (!v.IsArray()) {
    r.error = 10;
    r.message = "'computedValues' must be an array";
    return r;
  }
  std::set<std::string> names;
  for (auto const& e : v.GetArray()) {
    if (!e.IsObject()) {
      r.error = 10;
      r.message = "computed value definition must be an object";
      return r;
    }
    ComputedValue cv;
    auto const* n = member(e, "name");
    if (n == nullptr || !n->IsString() || n->GetStringLength() == 0) {
      r.error = 10;
      r.message = "invalid 'computedValues' entry: 'name' must be a non-empty string";
      return r;
    }
    cv.name = std::string(sv(*n));
    if (cv.name == "_key" || cv.name == "_id" || cv.name == "_rev" || cv.name == "_from" ||
        cv.name == "_to") {
      r.error = 10;
      r.message = "invalid 'computedValues' entry: '" + cv.name + "' attribute cannot be computed";
      return r;
    }
    if (!names.insert(cv.name).second) {
      r.error = 10;
      r.message = "duplicate attribute name '" + cv.name + "' in 'computedValues'";
      return r;
    }
    auto const* ex = member(e, "expression");
    if (ex == nullptr || !ex->IsString()) {
      r.error = 10;
      r.message = "invalid 'computedValues' entry: 'expression' must be a string";
      return r;
    }
    cv.expression = std::string(sv(*ex));
    cv.overwrite = get_bool(e, "overwrite", false);
    cv.keep_null = get_bool(e, "keepNull", true);
    cv.fail_on_warning = get_bool(e, "failOnWarning", false);
    if (auto const* co = member(e, "computeOn"); co != nullptr && co->IsArray()) {
      cv.on_insert = cv.on_update = cv.on_replace = false;
      for (auto const& x : co->GetArray()) {
        if (!x.IsString()) continue;
        if (sv(x) == "insert") cv.on_insert = true;
        else if (sv(x) == "update") cv.on_update = true;
        else if (sv(x) == "replace") cv.on_replace = true;
        else {
          r.error = 10;
          r.message = "invalid 'computeOn' value: '" + std::string(sv(x)) + "'";
          return r;
        }
      }
    }
    cv.compiled = compile_expression(cv.expression);
    r.values.push_back(std::move(cv));
  }
  return r;
}

void write_computed_values(JsonWriter& w, std::vector<ComputedValue> const& cvs, bool is_null) {
  if (is_null) {
    w.null();
    return;
  }
  w.begin_array();
  for (auto const& cv : cvs) {
    w.begin_object().kv("name", cv.name).kv("expression", cv.expression).key("computeOn");
    w.begin_array();
    if (cv.on_insert) w.string("insert");
    if (cv.on_update) w.string("update");
    if (cv.on_replace) w.string("replace");
    w.end_array();
    w.kv("overwrite", cv.overwrite)
        .kv("failOnWarning", cv.fail_on_warning)
        .kv("keepNull", cv.keep_null)
        .end_object();
  }
  w.end_array();
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

std::string selector_key(Value const& v) {
  if (v.IsString()) {
    std::string_view s = sv(v);
    auto slash = s.find('/');
    if (slash != std::string_view::npos) s = s.substr(slash + 1);
    return std::string(s);
  }
  if (v.IsObject()) {
    if (auto const* k = member(v, "_key"); k != nullptr && k->IsString()) {
      return std::string(sv(*k));
    }
  }
  return {};
}

DocPtr doc_lookup(Collection const& c, std::string_view key) {
  auto it = c.data.docs.find(key);
  return it == c.data.docs.end() ? nullptr : *it;
}

OpResult doc_insert(Collection& c, DocView& v, Value const& input, WriteOptions const& o) {
  OpResult res;
  if (!input.IsObject()) {
    res.error = 1227;
    return res;
  }
  auto& data = c.data;
  std::string key;
  bool user_key = false;
  if (auto const* k = member(input, "_key")) {
    if (!k->IsString()) {
      res.error = 1221;
      return res;
    }
    key = std::string(sv(*k));
    if (int e = data.keygen.validate(key, o.is_restore); e != 0) {
      res.error = e;
      return res;
    }
    user_key = true;
  }
  if (user_key) {
    auto existing = v.lookup(key);
    if (!lock_key(v, key, existing, res)) return res;
    if (existing) {
      switch (o.overwrite_mode) {
        case OverwriteMode::None:
        case OverwriteMode::Conflict:
          res.error = 1210;
          res.message = primary_conflict_message(key);
          return res;
        case OverwriteMode::Ignore:
          res.doc = existing;
          res.ignored = true;
          return res;
        case OverwriteMode::Replace:
          return modify(c, v, existing, input, o, WriteKind::Replace, false);
        case OverwriteMode::Update:
          return modify(c, v, existing, input, o, WriteKind::Update, false);
      }
    }
  }
  DocDraft d;
  bool const edge = c.is_edge();
  if (edge) {
    if (int e = take_edge_attributes(input, d, true); e != 0) {
      res.error = e;
      return res;
    }
  }
  copy_user_attributes(input, d, edge);
  if (!user_key) {
    key = data.keygen.generate();
    if (key.empty()) {
      res.error = 1225;
      return res;
    }
    if (!lock_key(v, key, nullptr, res)) return res;
  }
  d.key = key;
  apply_computed_values(data, d, c.name, WriteKind::Insert);
  if (!schema_check(data, d, nullptr, WriteKind::Insert, res)) return res;
  d.rev = 0;
  if (o.is_restore) {
    if (auto const* r = member(input, "_rev"); r != nullptr && r->IsString()) {
      if (auto rv = decode_revision(sv(*r))) d.rev = *rv;
    }
  }
  if (d.rev == 0 || v.revision_taken(d.rev)) d.rev = new_revision();
  DocPtr doc = d.make();
  if (!vector_check(data, *doc, res)) return res;
  if (!check_unique_view(data, v, *doc, nullptr, res)) return res;
  if (user_key) data.keygen.track(key);
  v.put(nullptr, doc);
  res.doc = doc;
  return res;
}

namespace {

// doc_replace and doc_update: an object body, a lockable key, an existing document.
OpResult modify_key(Collection& c, DocView& v, std::string_view key, Value const& input, WriteOptions const& o,
                    WriteKind kind) {
  OpResult res;
  if (!input.IsObject()) {
    res.error = 1227;
    return res;
  }
  auto cur = v.lookup(key);
  if (!lock_key(v, key, cur, res)) return res;
  if (!cur) {
    res.error = 1202;
    return res;
  }
  return modify(c, v, cur, input, o, kind, true);
}

}  // namespace

OpResult doc_replace(Collection& c, DocView& v, std::string_view key, Value const& input,
                     WriteOptions const& o) {
  return modify_key(c, v, key, input, o, WriteKind::Replace);
}

OpResult doc_update(Collection& c, DocView& v, std::string_view key, Value const& input,
                    WriteOptions const& o) {
  return modify_key(c, v, key, input, o, WriteKind::Update);
}

OpResult doc_remove(Collection& c, DocView& v, std::string_view key,
                    std::optional<std::string> body_rev, WriteOptions const& o) {
  OpResult res;
  auto cur = v.lookup(key);
  if (!lock_key(v, key, cur, res)) return res;
  if (!cur) {
    res.error = 1202;
    return res;
  }
  rapidjson::Document rv;
  if (body_rev) rv.SetString(body_rev->data(), static_cast<rapidjson::SizeType>(body_rev->size()),
                             rv.GetAllocator());
  if (int e = check_revision(*cur, o, body_rev ? &rv : nullptr, res); e != 0) {
    res.error = e;
    res.message = "conflict, _rev values do not match";
    res.doc = cur;
    return res;
  }
  for (auto const& idx : c.data.indexes) {
    if (!idx->enforces_unique()) continue;
    for (auto const& t : index_tuples(*idx, *cur)) {
      if (v.lock(unique_lock_name(*idx, t))) continue;
      res.error = 1200;
      res.message = "Timeout waiting to lock key - in index " + idx->name + " of type " + idx->type +
                    " over '" + joined_fields(*idx) + "'; document key: " + std::string(cur->key()) +
                    "; indexed values: " + indexed_values(*idx, *cur);
      res.doc = cur;
      return res;
    }
  }
  v.remove(cur);
  res.doc = cur;
  res.old = cur;
  return res;
}

OpResult doc_insert(Collection& c, Value const& input, WriteOptions const& o) {
  CommittedView v(c);
  return doc_insert(c, v, input, o);
}

OpResult doc_replace(Collection& c, std::string_view key, Value const& input,
                     WriteOptions const& o) {
  CommittedView v(c);
  return doc_replace(c, v, key, input, o);
}

OpResult doc_update(Collection& c, std::string_view key, Value const& input,
                    WriteOptions const& o) {
  CommittedView v(c);
  return doc_update(c, v, key, input, o);
}

OpResult doc_remove(Collection& c, std::string_view key, std::optional<std::string> body_rev,
                    WriteOptions const& o) {
  CommittedView v(c);
  return doc_remove(c, v, key, std::move(body_rev), o);
}

void doc_undo(Collection& c, std::string const& key, DocPtr const& previous) {
  auto cur = doc_lookup(c, key);
  if (cur) {
    unlink_version(c.data, cur);
    ++c.data.write_seq;
  }
  if (previous) apply_put(c.data, nullptr, previous);
}

void doc_set(Collection& c, std::string const& key, DocPtr const& doc) {
  auto cur = doc_lookup(c, key);
  if (doc) {
    apply_put(c.data, cur, doc);
  } else if (cur) {
    apply_remove(c.data, cur);
  }
}

std::string unique_violation_message(Index const& idx, std::string_view conflicting_key) {
  return unique_message(idx, conflicting_key);
}

// ----- CommittedView ---------------------------------------------------------

DocPtr CommittedView::lookup(std::string_view key) const { return doc_lookup(c_, key); }

void CommittedView::for_each(std::function<bool(DocPtr const&)> const& fn) const {
  doc_for_each(c_, fn);
}

std::size_t CommittedView::count() const { return c_.data.docs.size(); }

bool CommittedView::revision_taken(std::uint64_t rev) const { return c_.data.by_rev.count(rev) != 0; }

std::string CommittedView::unique_owner(Index const& idx, std::string const& tuple) const {
  auto it = idx.unique_entries.find(tuple);
  return it == idx.unique_entries.end() ? std::string() : it->second;
}

bool CommittedView::lock(std::string const& name) { return c_.data.trx_locks.count(name) == 0; }

void CommittedView::put(DocPtr const& old, DocPtr const& doc) { apply_put(c_.data, old, doc); }

void CommittedView::remove(DocPtr const& old) { apply_remove(c_.data, old); }

void CommittedView::reset(std::string const& key, DocPtr const& doc) { doc_undo(c_, key, doc); }

int CommittedView::truncate() {
  doc_truncate(c_);
  return 0;
}

void doc_truncate(Collection& c) {
  auto& data = c.data;
  if (oldest_snapshot(data)) {
    // open scans still read what was there
    for (auto& [rev, live] : data.by_rev) {
      if (snapshot_sees(data, live.seq)) {
        data.graveyard.emplace(rev, DeadVersion{std::move(live.doc), live.seq, data.write_seq + 1});
      }
    }
  }
  ++data.write_seq;
  data.docs.clear();
  data.by_rev.clear();
  data.edges_from.clear();
  data.edges_to.clear();
  for (auto& idx : data.indexes) {
    idx->unique_entries.clear();
    if (idx->vector) vector_index_reset(*idx);
  }
  data.last_revision = new_revision();
}

void doc_for_each(Collection const& c, std::function<bool(DocPtr const&)> const& fn) {
  for (auto const& [rev, live] : c.data.by_rev) {
    if (!fn(live.doc)) return;
  }
}

SnapshotScan::SnapshotScan(CollectionData const& data) : data_(data), snapshot_(data.write_seq) {
  std::lock_guard lock(data_.snap_mutex);
  data_.snapshots.insert(snapshot_);
}

SnapshotScan::~SnapshotScan() {
  std::lock_guard lock(data_.snap_mutex);
  data_.snapshots.erase(data_.snapshots.find(snapshot_));
}

bool SnapshotScan::next_batch(std::vector<DocPtr>& out, std::size_t max) {
  std::size_t const before = out.size();
  auto live = data_.by_rev.lower_bound(next_rev_);
  auto dead = data_.graveyard.lower_bound(next_rev_);
  while (!done_ && out.size() - before < max) {
    bool const has_live = live != data_.by_rev.end();
    bool const has_dead = dead != data_.graveyard.end();
    if (!has_live && !has_dead) {
      done_ = true;
      break;
    }
    std::uint64_t const rev = !has_dead ? live->first
                              : !has_live ? dead->first
                                          : std::min(live->first, dead->first);
    if (has_live && live->first == rev) {
      if (live->second.seq <= snapshot_) out.push_back(live->second.doc);
      ++live;
    }
    for (; dead != data_.graveyard.end() && dead->first == rev; ++dead) {
      auto const& v = dead->second;
      if (v.seq <= snapshot_ && snapshot_ < v.removed) out.push_back(v.doc);
    }
    if (rev == ~std::uint64_t{0}) done_ = true;
    next_rev_ = rev + 1;
  }
  return out.size() > before;
}

std::uint64_t collection_checksum(Collection const& c, bool with_revisions, bool with_data) {
  std::uint64_t sum = 0;
  for (auto const& d : c.data.docs) {
    std::uint64_t h = fnv1a(d->key());
    if (with_revisions) h ^= fnv1a(d->rev_string(), 0x9e3779b97f4a7c15ULL);
    if (with_data) {
      std::string enc;
      encode_value(d->body, enc);
      if (d->is_edge()) enc.append(d->from()).append("|").append(d->to());
      h ^= fnv1a(enc, 0xc2b2ae3d27d4eb4fULL);
    }
    sum ^= h;
  }
  return sum;
}

void give_back_free_memory() {
#if defined(__GLIBC__)
  // Free memory beyond 4 MiB and an eighth of what is in use: a fixed 32 MiB
  // let a small process keep a third of its RSS free, which grew with the
  // fragmentation of a long run (the soak's RSS at its end).
  struct mallinfo2 mi = mallinfo2();
  if (mi.fordblks > (4u << 20) && mi.fordblks > mi.uordblks / 8) malloc_trim(0);
#endif
}

std::size_t ttl_sweep(Collection& c, double now_seconds) {
  prune_graveyard(c.data);
  std::size_t removed = 0;
  for (auto const& idx : c.data.indexes) {
    if (idx->type != "ttl" || idx->fields.empty()) continue;
    std::vector<DocPtr> victims;
    for (auto const& d : c.data.docs) {
      Value const* v = body_path(d->body, idx->fields[0]);
      if (v == nullptr) continue;
      std::optional<double> t;
      if (v->IsNumber()) t = v->GetDouble();
      else if (v->IsString()) {
        // date strings as arangod reads them (the parser of AQL's DATE_* functions)
        if (auto ms = aql::dates::parse_iso(sv(*v))) t = static_cast<double>(*ms) / 1000.0;
      }
      if (t && *t >= 0 && *t + idx->expire_after <= now_seconds) victims.push_back(d);
    }
    for (auto const& d : victims) {
      if (c.data.docs.count(d->key()) != 0) {
        apply_remove(c.data, d);
        ++removed;
      }
    }
  }
  return removed;
}

}  // namespace emu
