#include "aql/search.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "aql/error.hpp"
#include "aql/search_index.hpp"
#include "store.hpp"

namespace emu::aql {

namespace {

using Env = std::vector<Value>;

// ---------------------------------------------------------------------------
// filters (what IResearchFilterFactory builds)
// ---------------------------------------------------------------------------

enum class FK : std::uint8_t {
  All, None, And, Or, Not, MinMatch,
  Term,      // string term / number / bool / null
  Range,     // by type of the bounds
  Prefix,    // STARTS_WITH: any of `terms` as prefix, min_match of them
  Exists,
  Phrase,
  Levenshtein,
  Ngram,
  Like,
  Geo,       // GEO_DISTANCE ranges, GEO_IN_RANGE, GEO_CONTAINS, GEO_INTERSECTS
};

enum class GeoKind : std::uint8_t { Distance, Contains, IsContained, Intersects };

// One part of a PHRASE: the position after the previous part and what matches there.
struct PhrasePart {
  std::size_t offset = 0;  // positions after the previous part's (0 for the first)
  enum class Kind : std::uint8_t { Term, Prefix, Wildcard, Levenshtein, Terms, Range } kind = Kind::Term;
  bool lo_inc = true, hi_inc = true;  // Range: terms[0] .. terms[1]
  std::vector<std::string> terms;  // Term: one; Terms: several; Prefix / Wildcard: the pattern
  int distance = 0;
  bool transpositions = true;
  std::string prefix;
};

struct Filter {
  FK k = FK::All;
  float boost = 1.0f;
  std::vector<Filter> kids;
  std::size_t min_match = 1;
  std::string path;
  std::string analyzer;  // string fields: the analyzer's full name
  Value value;           // Term
  // Range
  Value lo, hi;
  bool has_lo = false, has_hi = false, lo_inc = false, hi_inc = false;
  // Prefix / Like / Levenshtein / Ngram / Exists
  std::vector<std::string> terms;
  std::string exists_type;  // "", "string", "analyzer", "numeric", "bool", "null", "nested"
  std::vector<PhrasePart> phrase;
  int distance = 0;
  bool transpositions = true;
  std::size_t max_terms = 64;  // Levenshtein: the best terms it matches (0: all)
  // Prefix / Like / string Range: the most frequent matched terms that score
  // (iresearch's scored_terms_limit; arangod sets 128, a range keeps iresearch's 1024)
  std::size_t scored_terms_limit = 128;
  std::string prefix;
  double threshold = 0.7;
  GeoKind geo = GeoKind::Distance;  // Geo: value is the query shape, lo / hi the distance range
};

// A scorer call: BM25(d, k, b) / TFIDF(d, normalize).
struct ScorerArgs {
  bool bm25 = true;
  float k = 1.2f, b = 0.75f;
  bool normalize = false;
};

// ---- the small string matchers ------------------------------------------------

bool like(std::string_view text, std::string_view pat) { return like_match(text, pat, false); }

// Levenshtein distance (Damerau's adjacent transpositions when asked) over code points, computed
// in the band |i - j| <= max (anything beyond is max + 1): three rows, O(length * max).
int edit_distance(std::string_view a8, std::string_view b8, bool transpositions, int max) {
  auto a = utf8_decode(a8), b = utf8_decode(b8);
  int const over = max + 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > static_cast<std::size_t>(max)) {
    return over;
  }
  std::vector<int> prev2(b.size() + 1, over), prev(b.size() + 1, over), cur(b.size() + 1, over);
  for (std::size_t j = 0; j <= b.size() && j <= static_cast<std::size_t>(max); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::fill(cur.begin(), cur.end(), over);
    if (i <= static_cast<std::size_t>(max)) cur[0] = static_cast<int>(i);
    std::size_t lo = i > static_cast<std::size_t>(max) ? i - static_cast<std::size_t>(max) : 1;
    std::size_t hi = std::min(b.size(), i + static_cast<std::size_t>(max));
    for (std::size_t j = lo; j <= hi; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = std::min(v, over);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool lev_match(std::string const& term, std::string const& target, int dist, bool transp,
               std::string const& prefix) {
  if (term.compare(0, prefix.size(), prefix) != 0) return false;
  std::string_view rest(term);
  rest.remove_prefix(prefix.size());
  return edit_distance(rest, target, transp, dist) <= dist;
}

// ---------------------------------------------------------------------------
// the compiler: AQL expression -> Filter
// ---------------------------------------------------------------------------

bool references(Node const& n, int var) {
  if (n.type == NodeType::Var && n.var == var) return true;
  for (auto const& k : n.kids) {
    if (k && references(*k, var)) return true;
  }
  for (auto const& k : n.key_exprs) {
    if (k && references(*k, var)) return true;
  }
  for (Node const* e : {n.input.get(), n.filter.get(), n.limit_offset.get(), n.limit_count.get(),
                        n.ret.get(), n.quantifier_min.get(), n.quantifier_max.get()}) {
    if (e != nullptr && references(*e, var)) return true;
  }
  return false;
}

std::string type_name(Value const& v) {
  switch (v.type()) {
    case Value::Type::Null: return "null";
    case Value::Type::Bool: return "boolean";
    case Value::Type::Int:
    case Value::Type::Double: return "double";
    case Value::Type::String: return "string";
    case Value::Type::Array: return "array";
    case Value::Type::Object: return "object";
  }
  return "invalid";
}

QueryError bad(std::string const& message) { return QueryError(10, message); }

Filter none_filter() {
  Filter f;
  f.k = FK::None;
  return f;
}

class Compiler {
 public:
  Compiler(Evaluator& ev, Env& env, int var, ViewIndex& index)
      : ev_(ev), env_(env), var_(var), index_(index) {}

  Filter compile(Node const& n, std::string const& analyzer, float boost) {
    if (++clauses_ > kMaxSearchClauses) {
      throw bad("a SEARCH condition may have at most " + std::to_string(kMaxSearchClauses) +
                " clauses");
    }
    if (!references(n, var_)) return constant(n);
    switch (n.type) {
      case NodeType::And:
      case NodeType::Or: {
        Filter f;
        f.k = n.type == NodeType::And ? FK::And : FK::Or;
        f.kids.push_back(compile(*n.kids[0], analyzer, boost));
        f.kids.push_back(compile(*n.kids[1], analyzer, boost));
        return f;
      }
      case NodeType::Unary:
        if (n.op == Op::Not) return negate(compile(*n.kids[0], analyzer, boost));
        break;
      case NodeType::Binary:
        return binary(n, analyzer, boost);
      case NodeType::ArrayCmp:
        return array_cmp(n, analyzer, boost);
      case NodeType::Call:
        return call(n, analyzer, boost);
      default:
        break;
    }
    throw unsupported();
  }

  std::string const& analyzer_name(std::string const& name, char const* func) {
    auto const db = ev_.source().database();
    auto it = index_.analyzers.find(name);
    if (it != index_.analyzers.end()) return it->first;
    static Database const no_database;
    auto def = search::find_analyzer(db ? *db : no_database, name);
    if (!def) {
      (void)func;
      throw bad("'' AQL function: Unable to load requested analyzer '" + name + "'");
    }
    return index_.analyzers.emplace(def->name, *def).first->first;
  }

 private:
  // ViewExpressionContext::getVariableValue on the loop variable (a ByExpression filter).
  QueryError unsupported() {
    auto const& vars = ev_.query().vars;
    std::string name = static_cast<std::size_t>(var_) < vars.size() ? vars[static_cast<std::size_t>(var_)].name : "";
    return QueryError(9, "Unable to evaluate loop variable '" + name +
                             "' as a part of ArangoSearch noncompliant expression");
  }

  Filter constant(Node const& n) {
    Filter f;
    f.k = ev_.eval(n, env_).to_bool() ? FK::All : FK::None;
    return f;
  }

  static Filter negate(Filter inner) {
    Filter f;
    f.k = FK::Not;
    f.kids.push_back(std::move(inner));
    return f;
  }

  // The field name of an attribute access on the loop variable (d.a.b, d['a'], d.a[1],
  // d.a[*].b); nullopt for anything else.
  std::optional<std::string> path(Node const& n) {
    switch (n.type) {
      case NodeType::Attr: {
        if (n.kids[0]->type == NodeType::Var && n.kids[0]->var == var_) return n.name;
        auto base = path(*n.kids[0]);
        if (!base) return std::nullopt;
        return *base + "." + n.name;
      }
      case NodeType::Index: {
        if (references(*n.kids[1], var_)) return std::nullopt;
        Value key = ev_.eval(*n.kids[1], env_);
        bool root = n.kids[0]->type == NodeType::Var && n.kids[0]->var == var_;
        std::optional<std::string> base = root ? std::optional<std::string>("") : path(*n.kids[0]);
        if (!base) return std::nullopt;
        if (key.is_string()) return base->empty() ? key.str() : *base + "." + key.str();
        if (key.is_number() && !root) {
          return *base + "[" + std::to_string(static_cast<std::int64_t>(key.num())) + "]";
        }
        return std::nullopt;
      }
      case NodeType::Expand: {
        if (n.filter || n.limit_count || n.levels != 1 || !n.input) return std::nullopt;
        auto base = path(*n.input);
        if (!base) return std::nullopt;
        if (!n.ret) return base;
        int saved = var_;
        var_ = n.iter_var;
        auto sub = path(*n.ret);
        var_ = saved;
        if (!sub) return std::nullopt;
        return *base + "." + *sub;
      }
      case NodeType::Passthru:
        return path(*n.kids[0]);
      default:
        return std::nullopt;
    }
  }

  std::string field_analyzer(std::string const& p, std::string const& context) {
    if (!index_.search_alias) return context;
    auto it = index_.alias_analyzer.find(p);
    std::string const& name = it != index_.alias_analyzer.end() ? it->second : index_.alias_default_analyzer;
    return analyzer_name(name, "SEARCH");
  }

  Value value_of(Node const& n) {
    if (references(n, var_)) throw unsupported();
    return ev_.eval(n, env_);
  }

  Filter term(std::string const& p, Value const& v, std::string const& analyzer, float boost) {
    Filter f;
    f.boost = boost;
    f.path = p;
    switch (v.type()) {
      case Value::Type::Array:
      case Value::Type::Object:
        throw bad("unsupported type");
      case Value::Type::String:
        f.analyzer = field_analyzer(p, analyzer);
        [[fallthrough]];
      default:
        f.k = FK::Term;
        f.value = v;
        return f;
    }
  }

  Filter range(std::string const& p, Value const* lo, bool lo_inc, Value const* hi, bool hi_inc,
               std::string const& analyzer, float boost) {
    Filter f;
    f.k = FK::Range;
    f.boost = boost;
    f.path = p;
    f.scored_terms_limit = 1024;  // by_range_options' default: arangod leaves it
    Value const& probe = lo != nullptr ? *lo : *hi;
    if (probe.is_array() || probe.is_object()) throw bad("unsupported type");
    if (probe.is_string()) f.analyzer = field_analyzer(p, analyzer);
    if (lo != nullptr) {
      f.has_lo = true;
      f.lo = *lo;
      f.lo_inc = lo_inc;
    }
    if (hi != nullptr) {
      f.has_hi = true;
      f.hi = *hi;
      f.hi_inc = hi_inc;
    }
    return f;
  }

  static Op flip(Op op) {
    switch (op) {
      case Op::Lt: return Op::Gt;
      case Op::Le: return Op::Ge;
      case Op::Gt: return Op::Lt;
      case Op::Ge: return Op::Le;
      default: return op;
    }
  }

  Filter compare(std::string const& p, Op op, Value const& v, std::string const& analyzer, float boost) {
    switch (op) {
      case Op::Eq: return term(p, v, analyzer, boost);
      case Op::Ne: return negate(term(p, v, analyzer, boost));
      case Op::Lt: return range(p, nullptr, false, &v, false, analyzer, boost);
      case Op::Le: return range(p, nullptr, false, &v, true, analyzer, boost);
      case Op::Gt: return range(p, &v, false, nullptr, false, analyzer, boost);
      case Op::Ge: return range(p, &v, true, nullptr, false, analyzer, boost);
      default: throw unsupported();
    }
  }

  Filter in(std::string const& p, Node const& rhs, std::string const& analyzer, float boost) {
    if (rhs.type == NodeType::Range && !references(rhs, var_)) {
      Value a = ev_.eval(*rhs.kids[0], env_), b = ev_.eval(*rhs.kids[1], env_);
      Value lo = Value::number(a.to_number()), hi = Value::number(b.to_number());
      return range(p, &lo, true, &hi, true, analyzer, boost);
    }
    Value v = value_of(rhs);
    if (!v.is_array()) throw bad("unsupported type");
    Filter f;
    f.k = FK::Or;
    for (auto const& e : v.arr()) f.kids.push_back(term(p, e, analyzer, boost));
    if (f.kids.empty()) f.k = FK::None;
    return f;
  }

  static bool geo_distance(Node const& n) { return n.type == NodeType::Call && n.name == "GEO_DISTANCE"; }

  // GEO_DISTANCE(d.f, shape) <op> meters (either operand order of the call's arguments)
  Filter geo_distance_cmp(Node const& call, Op op, Value const& meters, float boost) {
    if (call.kids.size() != 2) {
      throw bad("'GEO_DISTANCE' AQL function: Invalid number of arguments passed (expected 2)");
    }
    if (!meters.is_number()) throw bad("'GEO_DISTANCE' AQL function: distance must be a number");
    Filter f = geo_filter(call, GeoKind::Distance, boost);
    switch (op) {
      case Op::Eq: f.has_lo = f.has_hi = f.lo_inc = f.hi_inc = true; f.lo = f.hi = meters; break;
      case Op::Lt: case Op::Le: f.has_hi = true; f.hi = meters; f.hi_inc = op == Op::Le; break;
      case Op::Gt: case Op::Ge: f.has_lo = true; f.lo = meters; f.lo_inc = op == Op::Ge; break;
      case Op::Ne: {
        Filter eq = geo_distance_cmp(call, Op::Eq, meters, boost);
        return negate(std::move(eq));
      }
      default: throw unsupported();
    }
    return f;
  }

  // The field and shape of a geo call: one argument is the field, the other a value.
  Filter geo_filter(Node const& call, GeoKind kind, float boost) {
    Filter f;
    f.k = FK::Geo;
    f.geo = kind;
    f.boost = boost;
    std::size_t field = 0;
    auto p = path(*call.kids[0]);
    if (!p) {
      p = path(*call.kids[1]);
      field = 1;
    }
    if (!p) {
      throw bad("'" + call.name + "' AQL function: Unable to find argument denoting an attribute identifier");
    }
    if (kind == GeoKind::Contains && field == 1) f.geo = GeoKind::IsContained;
    f.path = *p;
    f.value = value_of(*call.kids[1 - field]);
    if (!f.value.is_object() && !f.value.is_array()) {
      throw bad("'" + call.name + "' AQL function: argument at position '" + std::to_string(2 - field) +
                "' has invalid type '" + type_name(f.value) + "' ('object' or 'array' expected)");
    }
    return f;
  }

  Filter binary(Node const& n, std::string const& analyzer, float boost) {
    Node const& l = *n.kids[0];
    Node const& r = *n.kids[1];
    if (geo_distance(l) && references(l, var_) && n.op != Op::In && n.op != Op::NotIn) {
      return geo_distance_cmp(l, n.op, value_of(r), boost);
    }
    if (geo_distance(r) && references(r, var_) && n.op != Op::In && n.op != Op::NotIn) {
      return geo_distance_cmp(r, flip(n.op), value_of(l), boost);
    }
    auto lp = path(l);
    if (n.op == Op::In || n.op == Op::NotIn) {
      Filter f;
      if (lp) {
        f = in(*lp, r, analyzer, boost);
      } else if (auto rp = path(r)) {
        f = term(*rp, value_of(l), analyzer, boost);  // value IN d.array: an element equals it
      } else {
        throw unsupported();
      }
      return n.op == Op::NotIn ? negate(std::move(f)) : f;
    }
    if (lp) return compare(*lp, n.op, value_of(r), analyzer, boost);
    if (auto rp = path(r)) return compare(*rp, flip(n.op), value_of(l), analyzer, boost);
    throw unsupported();
  }

  // [values] ANY|ALL|NONE|AT LEAST (n) op d.field
  Filter array_cmp(Node const& n, std::string const& analyzer, float boost) {
    auto rp = path(*n.kids[1]);
    if (!rp) throw unsupported();
    Value arr = value_of(*n.kids[0]);
    if (!arr.is_array()) throw bad("unsupported type");
    Op op = n.op == Op::In ? Op::Eq : n.op == Op::NotIn ? Op::Ne : n.op;
    std::vector<Filter> parts;
    for (auto const& e : arr.arr()) parts.push_back(compare(*rp, flip(op), e, analyzer, boost));
    Filter f;
    switch (n.quantifier) {
      case Quantifier::All:
        f.k = parts.empty() ? FK::All : FK::And;
        break;
      case Quantifier::NoneOf:
        f.k = FK::Or;
        f.kids = std::move(parts);
        return f.kids.empty() ? Filter{} : negate(std::move(f));
      case Quantifier::AtLeast: {
        Value c = n.kids.size() > 2 && n.kids[2] ? value_of(*n.kids[2]) : Value::integer(1);
        f.k = FK::MinMatch;
        f.min_match = static_cast<std::size_t>(std::max(0.0, c.to_number()));
        if (f.min_match == 0) return Filter{};
        break;
      }
      default:
        f.k = parts.empty() ? FK::None : FK::Or;
        break;
    }
    f.kids = std::move(parts);
    return f;
  }

  // ---- the ArangoSearch functions ----

  std::string field_arg(Node const& call, std::size_t i) {
    auto p = path(*call.kids[i]);
    if (!p) {
      throw bad("'" + call.name + "' AQL function: Unable to parse argument at position '" +
                std::to_string(i + 1) + "' as an attribute identifier");
    }
    return *p;
  }

  Value arg(Node const& call, std::size_t i) { return value_of(*call.kids[i]); }

  // A filter of kind `k` on the field of the call's first argument, with the field's analyzer.
  Filter field_filter(FK k, Node const& call, std::string const& analyzer, float boost) {
    Filter out;
    out.k = k;
    out.boost = boost;
    out.path = field_arg(call, 0);
    out.analyzer = field_analyzer(out.path, analyzer);
    return out;
  }

  std::string string_arg(Node const& call, std::size_t i) {
    Value v = arg(call, i);
    if (!v.is_string()) {
      throw bad("'" + call.name + "' AQL function: argument at position '" + std::to_string(i + 1) +
                "' has invalid type '" + type_name(v) + "' ('string' expected)");
    }
    return v.str();
  }

  double number_arg(Node const& call, std::size_t i) {
    Value v = arg(call, i);
    if (!v.is_number()) {
      throw bad("'" + call.name + "' AQL function: argument at position '" + std::to_string(i + 1) +
                "' has invalid type '" + type_name(v) + "' ('double' expected)");
    }
    return v.num();
  }

  void argc(Node const& call, std::size_t lo, std::size_t hi) {
    std::size_t n = call.kids.size();
    if (n < lo || n > hi) {
      std::string m = "'" + call.name + "' AQL function: Invalid number of arguments passed (expected ";
      m += lo == hi ? std::to_string(lo) : ">= " + std::to_string(lo) + " and <= " + std::to_string(hi);
      throw bad(m + ")");
    }
  }

  std::vector<std::string> tokenize(std::string const& analyzer, std::string const& text) {
    auto const& def = index_.analyzers.at(analyzer);
    try {
      auto t = search::tokens(def, text);
      if (t.size() > kMaxPhraseParts) {
        throw bad("a PHRASE may have at most " + std::to_string(kMaxPhraseParts) + " tokens");
      }
      return t;
    } catch (search::AnalyzerError const& e) {
      throw QueryError(e.code(), e.message());
    }
  }

  Filter call(Node const& n, std::string const& analyzer, float boost) {
    std::string const& f = n.name;
    if (f == "ANALYZER") {
      argc(n, 2, 2);
      std::string name = string_arg(n, 1);
      return compile(*n.kids[0], analyzer_name(name, "ANALYZER"), boost);
    }
    if (f == "BOOST") {
      argc(n, 2, 2);
      double b = number_arg(n, 1);
      return compile(*n.kids[0], analyzer, boost * static_cast<float>(b));
    }
    if (f == "MIN_MATCH") {
      if (n.kids.size() < 2) {
        throw bad("'MIN_MATCH' AQL function: Invalid number of arguments passed (expected >= 2)");
      }
      Filter out;
      out.k = FK::MinMatch;
      double m = number_arg(n, n.kids.size() - 1);
      if (m < 0) throw bad("'MIN_MATCH' AQL function: argument at position '" +
                           std::to_string(n.kids.size()) + "' must be a positive number");
      out.min_match = static_cast<std::size_t>(m);
      for (std::size_t i = 0; i + 1 < n.kids.size(); ++i) {
        out.kids.push_back(compile(*n.kids[i], analyzer, boost));
      }
      if (out.min_match == 0) return Filter{};
      return out;
    }
    if (f == "EXISTS") return exists(n, analyzer, boost);
    if (f == "STARTS_WITH") return starts_with(n, analyzer, boost);
    if (f == "PHRASE") return phrase(n, analyzer, boost);
    if (f == "IN_RANGE") {
      argc(n, 5, 5);
      std::string p = field_arg(n, 0);
      Value lo = arg(n, 1), hi = arg(n, 2);
      Value li = arg(n, 3), hi_i = arg(n, 4);
      if (!li.is_bool() || !hi_i.is_bool()) {
        throw bad("'IN_RANGE' AQL function: argument at position '" +
                  std::to_string(li.is_bool() ? 5 : 4) + "' has invalid type '" +
                  type_name(li.is_bool() ? hi_i : li) + "' ('boolean' expected)");
      }
      if (!((lo.is_number() && hi.is_number()) || (lo.is_string() && hi.is_string()))) {
        throw bad("'IN_RANGE' AQL function: argument at position '2' has invalid type '" +
                  type_name(lo) + "' ('string' or 'double' expected)");
      }
      return range(p, &lo, li.as_bool(), &hi, hi_i.as_bool(), analyzer, boost);
    }
    if (f == "LIKE") {
      argc(n, 2, 2);
      Filter out = field_filter(FK::Like, n, analyzer, boost);
      out.terms = {string_arg(n, 1)};
      return out;
    }
    if (f == "LEVENSHTEIN_MATCH") {
      argc(n, 3, 6);
      Filter out = field_filter(FK::Levenshtein, n, analyzer, boost);
      out.terms = {string_arg(n, 1)};
      double d = number_arg(n, 2);
      out.transpositions = n.kids.size() > 3 ? arg(n, 3).to_bool() : true;
      int const max = out.transpositions ? 3 : 4;
      if (d < 0 || d > max || d != std::floor(d)) {
        throw bad("'LEVENSHTEIN_MATCH' AQL function: max Levenshtein distance must be a number in "
                  "range [0, " + std::to_string(max) + "]");
      }
      out.distance = static_cast<int>(d);
      if (n.kids.size() > 4) {
        double m = number_arg(n, 4);
        if (m < 0) throw bad("'LEVENSHTEIN_MATCH' AQL function: argument at position '5' must be a positive number");
        out.max_terms = static_cast<std::size_t>(m);
      }
      if (n.kids.size() > 5) out.prefix = string_arg(n, 5);
      return out;
    }
    if (f == "NGRAM_MATCH") {
      argc(n, 2, 4);
      Filter out;
      out.k = FK::Ngram;
      out.boost = boost;
      out.path = field_arg(n, 0);
      std::string target = string_arg(n, 1);
      std::string an = analyzer;
      if (n.kids.size() == 4) {
        out.threshold = number_arg(n, 2);
        an = analyzer_name(string_arg(n, 3), "NGRAM_MATCH");
      } else if (n.kids.size() == 3) {
        Value v = arg(n, 2);
        if (v.is_string()) {
          an = analyzer_name(v.str(), "NGRAM_MATCH");
        } else {
          out.threshold = number_arg(n, 2);
        }
      }
      if (out.threshold <= 0 || out.threshold > 1) {
        throw bad("'NGRAM_MATCH' AQL function: threshold must be between 0 and 1");
      }
      out.analyzer = field_analyzer(out.path, an);
      out.terms = tokenize(out.analyzer, target);
      if (out.terms.empty()) return none_filter();
      return out;
    }
    if (f == "GEO_CONTAINS" || f == "GEO_INTERSECTS") {
      argc(n, 2, 2);
      return geo_filter(n, f == "GEO_CONTAINS" ? GeoKind::Contains : GeoKind::Intersects, boost);
    }
    if (f == "GEO_IN_RANGE") {
      argc(n, 4, 6);
      Filter out = geo_filter(n, GeoKind::Distance, boost);
      out.has_lo = out.has_hi = true;
      out.lo = Value::number(number_arg(n, 2));
      out.hi = Value::number(number_arg(n, 3));
      out.lo_inc = n.kids.size() > 4 ? arg(n, 4).to_bool() : true;
      out.hi_inc = n.kids.size() > 5 ? arg(n, 5).to_bool() : true;
      return out;
    }
    if (f == "BM25" || f == "TFIDF") {
      throw QueryError(9, "ArangoSearch scorer functions BM25() and TFIDF() are designed to be used "
                          "only outside SEARCH statement within a context of ArangoSearch view. "
                          "Please ensure function signature is correct.");
    }
    throw unsupported();
  }

  Filter exists(Node const& n, std::string const& analyzer, float boost) {
    argc(n, 1, 3);
    Filter out;
    out.k = FK::Exists;
    out.boost = boost;
    out.path = field_arg(n, 0);
    if (n.kids.size() > 1) {
      std::string t = string_arg(n, 1);
      std::string lower;
      for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "boolean") lower = "bool";
      static std::set<std::string> const kinds{"type", "string", "analyzer", "numeric", "bool", "null", "nested"};
      if (kinds.count(lower) == 0) {
        // (arangod's message starts with an empty function name)
        throw bad("'' AQL function: 2nd argument must be equal to one of the following: 'string', "
                  "'type', 'analyzer', 'numeric', 'bool', 'boolean', 'null', but got '" + t + "'");
      }
      if (n.kids.size() > 2 && lower != "analyzer") {
        throw bad("'EXISTS' AQL function: 3rd argument is intended to be used with 'analyzer' type only");
      }
      out.exists_type = lower;
      if (lower == "analyzer") {
        out.analyzer = n.kids.size() > 2 ? analyzer_name(string_arg(n, 2), "EXISTS")
                                         : field_analyzer(out.path, analyzer);
      }
    }
    return out;
  }

  // STARTS_WITH(d.f, prefix [, scoringLimit]) and
  // STARTS_WITH(d.f, [prefixes] [, minMatchCount [, scoringLimit]]) (fromFuncStartsWith)
  Filter starts_with(Node const& n, std::string const& analyzer, float boost) {
    argc(n, 2, 4);
    Filter out = field_filter(FK::Prefix, n, analyzer, boost);
    Value p = arg(n, 1);
    auto invalid = [] { return bad("'STARTS_WITH' AQL function: argument at position '2' is invalid"); };
    std::size_t next = 2;  // the argument after the prefixes
    if (p.is_string()) {
      if (n.kids.size() > 3) {
        throw bad("'STARTS_WITH' AQL function: Invalid number of arguments passed (expected >= 2 and <= 3)");
      }
      out.terms = {p.str()};
    } else if (p.is_array()) {
      for (auto const& e : p.arr()) {
        if (!e.is_string()) throw invalid();
        out.terms.push_back(e.str());
      }
      if (n.kids.size() > next) {
        double m = number_arg(n, next);
        if (m < 0) throw bad("'STARTS_WITH' AQL function: argument at position '3' must be a positive number");
        out.min_match = static_cast<std::size_t>(m);
        ++next;
      }
    } else {
      throw invalid();
    }
    if (n.kids.size() > next) {
      double l = number_arg(n, next);
      if (l < 0) {
        throw bad("'STARTS_WITH' AQL function: argument at position '" + std::to_string(next + 1) +
                  "' must be a positive number");
      }
      out.scored_terms_limit = static_cast<std::size_t>(l);
    }
    if (out.terms.empty()) return none_filter();
    if (out.min_match == 0) return Filter{};
    return out;
  }

  // PHRASE(d.f, part [, offset, part]... [, analyzer]) and PHRASE(d.f, [parts...] [, analyzer])
  Filter phrase(Node const& n, std::string const& analyzer, float boost) {
    if (n.kids.size() < 2) {
      throw bad("'PHRASE' AQL function: Invalid number of arguments passed (expected >= 2)");
    }
    Filter out;
    out.k = FK::Phrase;
    out.boost = boost;
    out.path = field_arg(n, 0);
    std::size_t end = n.kids.size();
    std::string an = analyzer;
    if (end > 2 && end % 2 == 1) {
      an = analyzer_name(string_arg(n, end - 1), "PHRASE");
      --end;
    }
    out.analyzer = field_analyzer(out.path, an);
    std::vector<Value> items;
    for (std::size_t i = 1; i < end; ++i) {
      Value v = arg(n, i);
      if (end == 2 && v.is_array()) {
        for (auto const& e : v.arr()) items.push_back(e);
      } else {
        items.push_back(std::move(v));
      }
    }
    std::size_t offset = 0;
    bool expecting_offset = false;  // after a part: an offset, or the next part (offset 0)
    for (std::size_t i = 0; i < items.size(); ++i) {
      Value const& v = items[i];
      if (v.is_number()) {
        if (!expecting_offset) {
          throw bad("'PHRASE' AQL function: argument at position '" + std::to_string(i + 2) +
                    "' has invalid type 'double' ('string' expected)");
        }
        expecting_offset = false;
        if (v.num() < 0) {
          throw bad("'PHRASE' AQL function: argument at position '" + std::to_string(i + 2) +
                    "' must be a positive number");
        }
        offset += static_cast<std::size_t>(v.num());
        continue;
      }
      expecting_offset = true;
      if (v.is_string()) {
        bool first = true;
        for (auto& t : tokenize(out.analyzer, v.str())) {
          PhrasePart part;
          part.offset = first ? offset : 0;
          part.terms = {std::move(t)};
          out.phrase.push_back(std::move(part));
          first = false;
        }
        if (!first) offset = 0;
      } else if (v.is_object() && v.obj().size() == 1) {
        PhrasePart part;
        part.offset = offset;
        offset = 0;
        auto const& [key, val] = v.obj()[0];
        std::string k;
        for (char c : key) k += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        // {TERM: "t"} or {TERM: ["t"]}
        Value one = val.is_array() && val.arr().size() == 1 ? val.arr()[0] : val;
        if ((k == "TERM" || k == "STARTS_WITH" || k == "WILDCARD") && one.is_string()) {
          part.kind = k == "TERM" ? PhrasePart::Kind::Term
                      : k == "STARTS_WITH" ? PhrasePart::Kind::Prefix
                                           : PhrasePart::Kind::Wildcard;
          part.terms = {one.str()};
        } else if (k == "IN_RANGE" && val.is_array() && val.arr().size() == 4 && val.arr()[0].is_string() &&
                   val.arr()[1].is_string()) {
          part.kind = PhrasePart::Kind::Range;
          part.terms = {val.arr()[0].str(), val.arr()[1].str()};
          part.lo_inc = val.arr()[2].to_bool();
          part.hi_inc = val.arr()[3].to_bool();
        } else if (k == "TERMS" && val.is_array()) {
          part.kind = PhrasePart::Kind::Terms;
          for (auto const& e : val.arr()) {
            if (e.is_string()) part.terms.push_back(e.str());
          }
        } else if (k == "LEVENSHTEIN_MATCH" && val.is_array() && !val.arr().empty() &&
                   val.arr()[0].is_string()) {
          part.kind = PhrasePart::Kind::Levenshtein;
          auto const& a = val.arr();
          part.terms = {a[0].str()};
          part.distance = a.size() > 1 && a[1].is_number() ? static_cast<int>(a[1].num()) : 1;
          part.transpositions = a.size() > 2 ? a[2].to_bool() : true;
          if (a.size() > 4 && a[4].is_string()) part.prefix = a[4].str();
          if (part.distance < 0 || part.distance > 4) {
            throw bad("'PHRASE' AQL function: max Levenshtein distance must be a number in range [0, 4]");
          }
        } else {
          throw bad("'PHRASE' AQL function: argument at position '" + std::to_string(i + 2) +
                    "' is invalid");
        }
        out.phrase.push_back(std::move(part));
      } else {
        throw bad("'PHRASE' AQL function: argument at position '" + std::to_string(i + 2) +
                  "' has invalid type '" + type_name(v) + "' ('string' expected)");
      }
      if (out.phrase.size() > kMaxPhraseParts) {
        throw bad("a PHRASE may have at most " + std::to_string(kMaxPhraseParts) + " parts");
      }
    }
    if (out.phrase.empty()) return none_filter();
    return out;
  }

  Evaluator& ev_;
  Env& env_;
  int var_;
  ViewIndex& index_;
  std::size_t clauses_ = 0;
};

// ---------------------------------------------------------------------------
// matching and scoring (iresearch's bm25.cpp / tfidf.cpp)
// ---------------------------------------------------------------------------

class Matcher {
 public:
  Matcher(Evaluator& ev, ViewIndex& index, std::vector<ScorerArgs> const& scorers)
      : ev_(ev), index_(index), scorers_(scorers) {}

  // Whether doc `d` matches; adds its scores to `scores` (one per scorer) when it does.
  bool match(Filter const& f, IndexedDoc const& d, std::vector<float>& scores) {
    switch (f.k) {
      case FK::All: return true;
      case FK::None: return false;
      case FK::And: {
        std::vector<float> s(scores.size(), 0.0f);
        for (auto const& k : f.kids) {
          if (!match(k, d, s)) return false;
        }
        add(scores, s);
        return true;
      }
      case FK::Or:
      case FK::MinMatch: {
        std::size_t need = f.k == FK::Or ? 1 : f.min_match;
        std::size_t got = 0;
        std::vector<float> s(scores.size(), 0.0f);
        for (auto const& k : f.kids) {
          if (match(k, d, s)) ++got;
        }
        if (got < need) return false;
        add(scores, s);
        return true;
      }
      case FK::Not: {
        std::vector<float> s(scores.size(), 0.0f);
        return !match(f.kids[0], d, s);
      }
      case FK::Term:
        return match_term(f, d, scores);
      case FK::Range:
        return match_range(f, d, scores);
      case FK::Exists:
        return match_exists(f, d);
      case FK::Prefix: {
        // one by_prefix per prefix, under an Or with the minimum match count
        std::size_t got = 0;
        std::vector<float> s(scores.size(), 0.0f);
        for (std::size_t i = 0; i < f.terms.size(); ++i) {
          if (match_multiterm(f, i, d, s)) ++got;
        }
        if (got < f.min_match) return false;
        add(scores, s);
        return true;
      }
      case FK::Like:
      case FK::Levenshtein:
        return match_multiterm(f, 0, d, scores);
      case FK::Phrase:
        return match_phrase(f, d, scores);
      case FK::Ngram:
        return match_ngram(f, d, scores);
      case FK::Geo:
        return match_geo(f, d);
    }
    return false;
  }

 private:
  static void add(std::vector<float>& a, std::vector<float> const& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  }

  bool has_feature(std::string const& analyzer, char const* feature) const {
    auto it = index_.analyzers.find(analyzer);
    if (it == index_.analyzers.end()) return false;
    auto const& f = it->second.features;
    return std::find(f.begin(), f.end(), feature) != f.end();
  }

  // Adds the score of a term (or phrase) with frequency `tf` in the field `key` of `d`, whose
  // idf statistics are `dfs` (one per term: a phrase sums its terms' idf). `filter_boost` is
  // the per-document factor an iterator gives (NGRAM_MATCH's similarity: iresearch's
  // filter_boost attribute).
  void score(std::string const& key, std::string const& analyzer, IndexedDoc const& d,
             std::vector<std::uint64_t> const& dfs, std::uint64_t tf, float boost,
             std::vector<float>& scores, float filter_boost = 1.0f) {
    if (scorers_.empty() || tf == 0 || !has_feature(analyzer, "frequency")) return;
    auto st = index_.stats[key];
    bool const norms = has_feature(analyzer, "norm");
    std::uint64_t dl = 1;
    if (norms) {
      dl = 0;
      auto it = d.strings.find(key);
      if (it != d.strings.end()) {
        for (auto const& v : it->second) dl += v.size();
      }
    }
    for (std::size_t i = 0; i < scorers_.size(); ++i) {
      auto const& s = scorers_[i];
      float idf = 0.0f;
      if (s.bm25) {
        for (auto df : dfs) {
          // the unsigned difference as BM25::collect takes it (a shared count of several
          // terms' documents may pass the field's)
          idf += static_cast<float>(std::log1p((static_cast<double>(st.docs_with_field - df) + 0.5) /
                                               (static_cast<double>(df) + 0.5)));
        }
        float const num = filter_boost * (boost * (s.k + 1.0f) * idf);
        float const ftf = static_cast<float>(tf);
        float c1 = s.k;
        if (s.b != 0.0f) {
          float const kb = s.k * s.b;
          float norm_length = kb;
          if (st.total_terms != 0 && st.docs_with_field != 0) {
            float const avg = static_cast<float>(st.total_terms) / static_cast<float>(st.docs_with_field);
            norm_length = kb / avg;
          }
          c1 = (s.k - kb) + norm_length * static_cast<float>(dl);
        }
        scores[i] += num - num * c1 / (c1 + ftf);
      } else {
        for (auto df : dfs) {
          idf += static_cast<float>(std::log((static_cast<double>(st.docs_with_field) + 1.0) /
                                             (static_cast<double>(df) + 1.0)) + 1.0);
        }
        float v = (boost * idf) * filter_boost * std::sqrt(static_cast<float>(tf));
        if (s.normalize && norms && dl != 0) v *= 1.0f / std::sqrt(static_cast<float>(dl));
        scores[i] += v;
      }
    }
  }

  bool match_term(Filter const& f, IndexedDoc const& d, std::vector<float>& scores) {
    Value const& v = f.value;
    if (v.is_string()) {
      std::string key = string_field(f.path, f.analyzer);
      auto it = d.strings.find(key);
      if (it == d.strings.end()) return false;
      std::uint64_t tf = 0;
      for (auto const& toks : it->second) {
        for (auto const& t : toks) tf += t == v.str() ? 1 : 0;
      }
      if (tf == 0) return false;
      score(key, f.analyzer, d, {index_.docs_with_term(key, v.str())}, tf, f.boost, scores);
      return true;
    }
    if (v.is_number()) {
      auto it = d.numbers.find(f.path);
      return it != d.numbers.end() &&
             std::any_of(it->second.begin(), it->second.end(), [&](double x) { return x == v.num(); });
    }
    if (v.is_bool()) {
      auto it = d.bools.find(f.path);
      return it != d.bools.end() &&
             std::any_of(it->second.begin(), it->second.end(), [&](bool x) { return x == v.as_bool(); });
    }
    return d.nulls.count(f.path) != 0;  // null
  }

  static bool in_bounds(int lo_cmp, int hi_cmp, Filter const& f) {
    if (f.has_lo && (lo_cmp < 0 || (lo_cmp == 0 && !f.lo_inc))) return false;
    if (f.has_hi && (hi_cmp > 0 || (hi_cmp == 0 && !f.hi_inc))) return false;
    return true;
  }

  // Whether a value of the field (numbers or booleans) is within the filter's bounds.
  template <typename Values, typename Bound>
  static bool any_in_range(Values const& values, Filter const& f, Bound&& bound) {
    auto it = values.find(f.path);
    if (it == values.end()) return false;
    auto sign = [](auto a, auto b) { return a < b ? -1 : a > b ? 1 : 0; };
    for (auto x : it->second) {
      int lc = f.has_lo ? sign(x, bound(f.lo)) : 0;
      int hc = f.has_hi ? sign(x, bound(f.hi)) : 0;
      if (in_bounds(lc, hc, f)) return true;
    }
    return false;
  }

  bool match_range(Filter const& f, IndexedDoc const& d, std::vector<float>& scores) {
    Value const& probe = f.has_lo ? f.lo : f.hi;
    if (probe.is_number()) {
      return any_in_range(d.numbers, f, [](Value const& b) { return b.to_number(); });
    }
    if (probe.is_string()) return match_multiterm(f, 0, d, scores);
    if (probe.is_bool()) {
      return any_in_range(d.bools, f, [](Value const& b) { return b.to_bool(); });
    }
    // null: only null == null
    return d.nulls.count(f.path) != 0 && in_bounds(0, 0, f);
  }

  // ---- multi-term filters (iresearch's multiterm_query) ----
  //
  // STARTS_WITH (by_prefix), LIKE (by_wildcard), string ranges (by_range) and
  // LEVENSHTEIN_MATCH (by_edit_distance) match the documents holding a term of
  // the field's dictionary that the filter accepts. Which of those terms score,
  // and how, the filter decides once per query (TermPick):
  // - by_prefix / by_wildcard / by_range (limited_sample_collector): the
  //   `scored_terms_limit` accepted terms held by the most documents score (on
  //   equal counts the term later in dictionary order wins), each with its own
  //   statistics and boost 1; a document scores the sum over the scored terms
  //   it holds, and one holding only other accepted terms matches with 0.
  // - by_edit_distance (top_terms_collector): only the `max_terms` accepted
  //   terms most similar to the target match at all (similarity 1 - distance /
  //   min(|term|, |prefix + target|) in code points; on equal similarity the
  //   later term wins; every accepted term with max_terms 0). Each scores with
  //   its similarity as boost, all with one shared set of statistics (their
  //   document counts summed), and a document scores its best term
  //   (MergeType::kMax).
  struct TermPick {
    std::unordered_map<std::string, float> scored;  // term -> its boost
    std::unordered_set<std::string> unscored;       // terms that match and score nothing
    bool shared_stats = false;  // one idf from the sum of the scored terms' document counts
    std::uint64_t shared_df = 0;
    bool best = false;  // a document scores its best term, not the sum
  };

  // Whether part `part` of multi-term filter `f` (a prefix of STARTS_WITH) accepts `term`.
  static bool accepts(Filter const& f, std::size_t part, std::string const& term) {
    switch (f.k) {
      case FK::Prefix: return term.compare(0, f.terms[part].size(), f.terms[part]) == 0;
      case FK::Like: return like(term, f.terms[0]);
      case FK::Range: {
        int lc = f.has_lo && f.lo.is_string() ? term.compare(f.lo.str()) : 0;
        int hc = f.has_hi && f.hi.is_string() ? term.compare(f.hi.str()) : 0;
        return in_bounds(lc, hc, f);
      }
      default: return false;
    }
  }

  TermPick const& pick(Filter const& f, std::size_t part, std::string const& key) {
    auto [it, inserted] = picks_.try_emplace({&f, part});
    TermPick& out = it->second;
    if (!inserted) return out;
    auto const& dict = index_.dictionary(key);
    if (f.k == FK::Levenshtein) {
      pick_edit_distance(f, dict, out);
      return out;
    }
    // limited_sample_collector's key: (documents with the term, its place among the accepted terms)
    std::vector<std::tuple<std::uint64_t, std::size_t, std::string const*>> found;
    auto from = f.k == FK::Prefix ? dict.lower_bound(f.terms[part]) : dict.begin();
    for (auto t = from; t != dict.end(); ++t) {
      if (accepts(f, part, t->first)) {
        found.emplace_back(t->second, found.size(), &t->first);
      } else if (f.k == FK::Prefix) {
        break;  // past the prefix's terms
      }
    }
    std::size_t const limit = scorers_.empty() ? 0 : std::min(f.scored_terms_limit, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(),
                      [](auto const& a, auto const& b) {
                        return std::tie(std::get<0>(a), std::get<1>(a)) > std::tie(std::get<0>(b), std::get<1>(b));
                      });
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (i < limit) {
        out.scored.emplace(*std::get<2>(found[i]), 1.0f);
      } else {
        out.unscored.insert(*std::get<2>(found[i]));
      }
    }
    return out;
  }

  void pick_edit_distance(Filter const& f, ViewIndex::Dictionary const& dict, TermPick& out) {
    std::size_t const target_size =
        std::max<std::size_t>(1, utf8_decode(f.prefix).size() + utf8_decode(f.terms[0]).size());
    std::vector<std::pair<float, std::string const*>> found;
    for (auto t = dict.lower_bound(f.prefix); t != dict.end(); ++t) {
      std::string const& term = t->first;
      if (term.compare(0, f.prefix.size(), f.prefix) != 0) break;
      std::string_view rest(term);
      rest.remove_prefix(f.prefix.size());
      int const dist = edit_distance(rest, f.terms[0], f.transpositions, f.distance);
      if (dist > f.distance) continue;
      std::size_t const size = std::min(utf8_decode(term).size(), target_size);
      float const sim = size == 0 ? (dist == 0 ? 1.0f : 0.0f)
                                  : 1.0f - static_cast<float>(dist) / static_cast<float>(size);
      found.emplace_back(sim, &term);
    }
    if (f.max_terms != 0 && found.size() > f.max_terms) {
      auto const keep = static_cast<std::ptrdiff_t>(f.max_terms);
      std::partial_sort(found.begin(), found.begin() + keep, found.end(), [](auto const& a, auto const& b) {
        return a.first != b.first ? a.first > b.first : *a.second > *b.second;
      });
      found.resize(f.max_terms);
    }
    out.shared_stats = true;
    out.best = true;
    for (auto const& [sim, term] : found) {
      out.scored.emplace(*term, std::max(0.0f, sim));
      out.shared_df += dict.at(*term);
    }
  }

  // Part `part` of multi-term filter `f` on document `d`: whether it matches, adding its score.
  bool match_multiterm(Filter const& f, std::size_t part, IndexedDoc const& d, std::vector<float>& scores) {
    std::string key = string_field(f.path, f.analyzer);
    auto it = d.strings.find(key);
    if (it == d.strings.end()) return false;
    TermPick const& p = pick(f, part, key);
    std::map<std::string_view, std::uint64_t> hits;  // scored terms -> frequency
    bool matched = false;
    for (auto const& toks : it->second) {
      for (auto const& t : toks) {
        if (p.scored.count(t) != 0) {
          hits[t] += 1;
        } else if (!matched && p.unscored.count(t) != 0) {
          matched = true;
        }
      }
    }
    if (hits.empty()) return matched;
    std::vector<float> total(scores.size(), 0.0f), one(scores.size());
    for (auto const& [t, tf] : hits) {
      std::string const term(t);
      std::fill(one.begin(), one.end(), 0.0f);
      std::uint64_t const df = p.shared_stats ? p.shared_df : index_.docs_with_term(key, term);
      score(key, f.analyzer, d, {df}, tf, f.boost * p.scored.at(term), one);
      for (std::size_t i = 0; i < total.size(); ++i) total[i] = p.best ? std::max(total[i], one[i]) : total[i] + one[i];
    }
    add(scores, total);
    return true;
  }

  bool match_exists(Filter const& f, IndexedDoc const& d) {
    std::string const& t = f.exists_type;
    if (t == "numeric") return d.numbers.count(f.path) != 0;
    if (t == "bool") return d.bools.count(f.path) != 0;
    if (t == "null") return d.nulls.count(f.path) != 0;
    if (t == "nested") return false;
    if (t == "string") return d.string_paths.count(f.path) != 0;
    if (t == "analyzer") return d.strings.count(string_field(f.path, f.analyzer)) != 0;
    if (t == "type") {  // any non-string type
      return d.numbers.count(f.path) != 0 || d.bools.count(f.path) != 0 || d.nulls.count(f.path) != 0;
    }
    return d.numbers.count(f.path) != 0 || d.bools.count(f.path) != 0 || d.nulls.count(f.path) != 0 ||
           d.string_paths.count(f.path) != 0;
  }

  static bool part_matches(PhrasePart const& p, std::string const& t) {
    switch (p.kind) {
      case PhrasePart::Kind::Term: return t == p.terms[0];
      case PhrasePart::Kind::Terms: return std::find(p.terms.begin(), p.terms.end(), t) != p.terms.end();
      case PhrasePart::Kind::Prefix: return t.compare(0, p.terms[0].size(), p.terms[0]) == 0;
      case PhrasePart::Kind::Wildcard: return like(t, p.terms[0]);
      case PhrasePart::Kind::Levenshtein:
        return lev_match(t, p.terms[0], p.distance, p.transpositions, p.prefix);
      case PhrasePart::Kind::Range: {
        int lc = t.compare(p.terms[0]), hc = t.compare(p.terms[1]);
        return (lc > 0 || (lc == 0 && p.lo_inc)) && (hc < 0 || (hc == 0 && p.hi_inc));
      }
    }
    return false;
  }

  bool match_phrase(Filter const& f, IndexedDoc const& d, std::vector<float>& scores) {
    std::string key = string_field(f.path, f.analyzer);
    auto it = d.strings.find(key);
    if (it == d.strings.end()) return false;
    std::uint64_t freq = 0;
    for (auto const& toks : it->second) {
      for (std::size_t start = 0; start < toks.size(); ++start) {
        std::size_t pos = start;
        bool ok = true;
        for (std::size_t i = 0; i < f.phrase.size(); ++i) {
          if (i > 0) pos += 1 + f.phrase[i].offset;
          if (pos >= toks.size() || !part_matches(f.phrase[i], toks[pos])) {
            ok = false;
            break;
          }
        }
        if (ok) ++freq;
      }
    }
    if (freq == 0) return false;
    std::vector<std::uint64_t> dfs;
    for (auto const& p : f.phrase) {
      if (p.kind == PhrasePart::Kind::Term) dfs.push_back(index_.docs_with_term(key, p.terms[0]));
    }
    score(key, f.analyzer, d, dfs, freq, f.boost, scores);
    return true;
  }

  // NGRAM_MATCH (by_ngram_similarity): the longest sequence of the target's n-grams found in
  // order (not necessarily adjacent) among the field's tokens, all values of the field one
  // run of positions as iresearch indexes them. It matches when that length reaches
  // max(1, ceil(n * threshold)) for the target's n n-grams (the threshold a float, as
  // arangod passes it). It scores as one term whose idf sums the idf of all n n-grams
  // (those missing from the index too), with frequency 1 and the similarity (length / n) as
  // the per-document factor. Fields whose analyzer lacks `frequency` or `position` match
  // nothing.
  bool match_ngram(Filter const& f, IndexedDoc const& d, std::vector<float>& scores) {
    if (!has_feature(f.analyzer, "frequency") || !has_feature(f.analyzer, "position")) return false;
    std::string key = string_field(f.path, f.analyzer);
    auto it = d.strings.find(key);
    if (it == d.strings.end()) return false;
    auto const& q = f.terms;
    std::vector<std::string const*> toks;
    for (auto const& v : it->second) {
      for (auto const& t : v) toks.push_back(&t);
    }
    // longest common subsequence of the n-grams and the tokens, two rows
    std::vector<std::size_t> prev(toks.size() + 1, 0), cur(toks.size() + 1, 0);
    for (std::size_t i = 1; i <= q.size(); ++i) {
      for (std::size_t j = 1; j <= toks.size(); ++j) {
        cur[j] = q[i - 1] == *toks[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
      }
      std::swap(prev, cur);
    }
    std::size_t const longest = prev[toks.size()];
    double const threshold = static_cast<float>(f.threshold);
    auto const need = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(static_cast<double>(q.size()) * threshold)));
    if (longest < need) return false;
    if (!scorers_.empty()) {
      std::vector<std::uint64_t> dfs;
      for (auto const& t : q) dfs.push_back(index_.docs_with_term(key, t));
      score(key, f.analyzer, d, dfs, 1, f.boost, scores,
            static_cast<float>(longest) / static_cast<float>(q.size()));
    }
    return true;
  }

  // The geo filters (GeoFilter) with the geo functions of aql/geo.cpp on the indexed shapes.
  bool match_geo(Filter const& f, IndexedDoc const& d) {
    auto it = d.geo.find(f.path);
    if (it == d.geo.end()) return false;
    for (auto const& shape : it->second) {
      std::vector<Value> args;
      Value r;
      switch (f.geo) {
        case GeoKind::Distance: {
          args = {shape, f.value};
          r = ev_.call_function("GEO_DISTANCE", args);
          if (!r.is_number()) continue;
          double x = r.num();
          bool lo_ok = !f.has_lo || (f.lo_inc ? x >= f.lo.num() : x > f.lo.num());
          bool hi_ok = !f.has_hi || (f.hi_inc ? x <= f.hi.num() : x < f.hi.num());
          if (lo_ok && hi_ok) return true;
          continue;
        }
        case GeoKind::Contains:
          args = {shape, f.value};
          r = ev_.call_function("GEO_CONTAINS", args);
          break;
        case GeoKind::IsContained:
          args = {f.value, shape};
          r = ev_.call_function("GEO_CONTAINS", args);
          break;
        case GeoKind::Intersects:
          args = {shape, f.value};
          r = ev_.call_function("GEO_INTERSECTS", args);
          break;
      }
      if (r.is_bool() && r.as_bool()) return true;
    }
    return false;
  }

  Evaluator& ev_;
  ViewIndex& index_;
  std::vector<ScorerArgs> const& scorers_;
  std::map<std::pair<Filter const*, std::size_t>, TermPick> picks_;  // per filter part, for the query
};

// ---------------------------------------------------------------------------
// OPTIONS and the rows
// ---------------------------------------------------------------------------

struct SearchOptions {
  std::vector<std::string> collections;
  bool wait_for_sync = false;  // commit the links first (search/commit.hpp)
};

SearchOptions parse_options(Value const& o, DataSource& source) {
  SearchOptions out;
  if (o.is_null()) return out;
  auto fail = [](std::string const& m) { return QueryError(10, "invalid ArangoSearch options provided: " + m); };
  if (!o.is_object()) throw fail("options must be an object");
  for (auto const& [k, v] : o.obj()) {
    if (k == "collections") {
      if (!v.is_array()) throw fail("'collections' must be an array");
      for (auto const& c : v.arr()) {
        if (!c.is_string() && !c.is_number()) throw fail("'collections' must hold collection names or ids");
        auto info = source.collection(c.is_string() ? c.str() : c.to_string());
        if (!info) throw QueryError(1203, format_error(1203) + ": " + (c.is_string() ? c.str() : c.to_string()));
        out.collections.push_back(info->name);
      }
    } else if (k == "waitForSync") {
      if (!v.is_bool()) throw fail("'waitForSync' must be a boolean");
      out.wait_for_sync = v.as_bool();
    } else if (k == "conditionOptimization") {
      static std::set<std::string> const modes{"auto", "nodnf", "noneg", "none"};
      if (!v.is_string() || modes.count(v.str()) == 0) {
        throw fail("'conditionOptimization' must be one of 'auto', 'nodnf', 'noneg', 'none'");
      }
    } else if (k == "countApproximate") {
      if (!v.is_string() || (v.str() != "exact" && v.str() != "cost")) {
        throw fail("'countApproximate' must be 'exact' or 'cost'");
      }
    } else if (k == "parallelism") {
      if (!v.is_number()) throw fail("'parallelism' must be a number");
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<RowSource> search_rows(Evaluator& ev, Stmt const& s, std::vector<Value> const& input) {
  auto const& spec = *s.search;
  Env env = input;
  SearchOptions opts = parse_options(spec.options ? ev.eval(*spec.options, env) : Value(), ev.source());
  auto db = ev.source().database();
  if (!db) throw QueryError(1203, format_error(1203) + ": " + s.collection);
  // one index per statement and OPTIONS for the whole query (arangod reads one snapshot)
  std::string cache_tag;
  for (auto const& c : opts.collections) cache_tag += c + '\x01';
  auto& slot = ev.search_cache[&s];
  struct Cached {
    std::string tag;
    std::shared_ptr<ViewIndex> index;
  };
  std::shared_ptr<Cached> cached = std::static_pointer_cast<Cached>(slot);
  if (!cached || cached->tag != cache_tag) {
    auto index = build_view_index(db, s.collection, opts.collections, opts.wait_for_sync);
    if (!index) throw QueryError(1203, format_error(1203) + ": " + s.collection);
    cached = std::make_shared<Cached>(Cached{cache_tag, std::move(index)});
    slot = cached;
  }
  ViewIndex& index = *cached->index;
  int const var = s.vars[0];
  Compiler compiler(ev, env, var, index);
  Filter filter = compiler.compile(*spec.expr, compiler.analyzer_name("identity", "SEARCH"), 1.0f);

  std::vector<ScorerArgs> scorers;
  for (auto const& sc : spec.scorers) {
    ScorerArgs a;
    Node const& call = *sc.call;
    a.bm25 = call.name == "BM25";
    auto num = [&](std::size_t i) {
      Value v = ev.eval(*call.kids[i], env);
      if (!v.is_number()) {
        throw QueryError(10, "failed to build scorers: '" + call.name + "' expects numeric arguments");
      }
      return static_cast<float>(v.num());
    };
    if (a.bm25) {
      if (call.kids.size() > 3) throw QueryError(1541, format_error(1541, {"BM25", "1", "3"}));
      if (call.kids.size() > 1) a.k = num(1);
      if (call.kids.size() > 2) a.b = num(2);
    } else {
      if (call.kids.size() > 2) throw QueryError(1541, format_error(1541, {"TFIDF", "1", "2"}));
      if (call.kids.size() > 1) a.normalize = ev.eval(*call.kids[1], env).to_bool();
    }
    scorers.push_back(a);
  }
  Matcher matcher(ev, index, scorers);
  std::vector<Env> rows;
  std::vector<float> scores(scorers.size());
  std::size_t seen = 0;
  for (auto const& d : index.docs) {
    if ((++seen & 1023) == 0) ev.check_killed();  // maxRuntime, kill
    std::fill(scores.begin(), scores.end(), 0.0f);
    if (!matcher.match(filter, d, scores)) continue;
    Env row = input;
    row[static_cast<std::size_t>(var)] = d.doc;
    for (std::size_t i = 0; i < scorers.size(); ++i) {
      row[static_cast<std::size_t>(spec.scorers[i].var)] = Value::number(static_cast<double>(scores[i]));
    }
    rows.push_back(std::move(row));
  }
  ev.stats().scanned_index += rows.size();
  return std::make_unique<EnvRows>(std::move(rows));
}

namespace {

[[noreturn]] void filter_only() {
  throw QueryError(9,
                   "ArangoSearch filter functions EXISTS, PHRASE  are designed to be used only "
                   "within a corresponding SEARCH statement of ArangoSearch view. Please ensure "
                   "function signature is correct.");
}

Value f_filter_only(Evaluator&, std::string_view, Args&) { filter_only(); }

Value f_scorer(Evaluator&, std::string_view, Args&) {
  throw QueryError(9,
                   "ArangoSearch scorer functions BM25() and TFIDF() are designed to be used only "
                   "outside SEARCH statement within a context of ArangoSearch view. Please ensure "
                   "function signature is correct.");
}

// BOOST(expr, f) and ANALYZER(expr, name) outside SEARCH: the expression's value.
Value f_first(Evaluator&, std::string_view, Args& a) { return a.empty() ? Value() : a[0]; }

// MIN_MATCH(c1, ..., cn, count) outside SEARCH: whether at least `count` conditions are true.
Value f_min_match(Evaluator& ev, std::string_view name, Args& a) {
  Value const& c = a.back();
  if (!c.is_number()) {
    ev.warn(1542, format_error(1542, {std::string(name)}));
    return Value();
  }
  double need = c.num();
  double got = 0;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) got += a[i].to_bool() ? 1 : 0;
  return Value::boolean(got >= need);
}

// LEVENSHTEIN_MATCH(value, target, distance[, transpositions, maxTerms, prefix]) outside SEARCH.
Value f_levenshtein_match(Evaluator& ev, std::string_view name, Args& a) {
  if (!a[0].is_string() || !a[1].is_string() || !a[2].is_number()) {
    ev.warn(1542, format_error(1542, {std::string(name)}));
    return Value();
  }
  bool transp = a.size() > 3 ? a[3].to_bool() : true;
  std::string prefix = a.size() > 5 && a[5].is_string() ? a[5].str() : "";
  int dist = static_cast<int>(a[2].num());
  if (dist < 0 || dist > (transp ? 3 : 4)) {
    ev.warn(10, "'LEVENSHTEIN_MATCH' AQL function: max Levenshtein distance must be a number in range [0, " +
                    std::to_string(transp ? 3 : 4) + "]");
    return Value();
  }
  std::string target = prefix + a[1].str();
  return Value::boolean(edit_distance(a[0].str(), target, transp, dist) <= dist);
}

}  // namespace

std::vector<FunctionDef> const& search_functions() {
  static std::vector<FunctionDef> const table{
      {"PHRASE", 2, kMaxArgs, f_filter_only},
      {"EXISTS", 1, 3, f_filter_only},
      {"NGRAM_MATCH", 2, 4, f_filter_only},
      {"BOOST", 2, 2, f_first},
      {"ANALYZER", 2, 2, f_first},
      {"MIN_MATCH", 2, kMaxArgs, f_min_match},
      {"LEVENSHTEIN_MATCH", 3, 6, f_levenshtein_match},
      {"BM25", 1, 3, f_scorer},
      {"TFIDF", 1, 2, f_scorer},
  };
  return table;
}

}  // namespace emu::aql
