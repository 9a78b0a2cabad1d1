// Vector search (see vector.hpp): the use-vector-index match, the exact
// search that answers it, and the APPROX_NEAR_* functions.
#include "aql/vector.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "aql/error.hpp"
#include "aql/eval.hpp"
#include "store.hpp"

namespace emu::aql {

std::vector<VectorIndexInfo> vector_indexes_of(emu::Collection const& c) {
  std::vector<VectorIndexInfo> out;
  for (auto const& idx : c.data.indexes) {
    if (!idx->vector) continue;
    out.push_back(VectorIndexInfo{idx->name, idx->fields[0], idx->vector->metric,
                                  static_cast<std::size_t>(idx->vector->dimension), idx->trained});
  }
  return out;
}

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string_view function_for(std::string_view metric) {
  if (metric == "l2") return "APPROX_NEAR_L2";
  if (metric == "cosine") return "APPROX_NEAR_COSINE";
  return "APPROX_NEAR_INNER_PRODUCT";
}

// `n` is v.a.b... on variable `var`: the path "a.b" (isAttributeAccessForVariable).
bool attribute_path_of(Node const& n, int var, std::string& path) {
  Node const* cur = &n;
  std::vector<std::string_view> parts;
  while (cur->type == NodeType::Attr) {
    parts.push_back(cur->name);
    cur = cur->kids[0].get();
  }
  if (cur->type != NodeType::Var || cur->var != var || parts.empty()) return false;
  path.clear();
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!path.empty()) path += '.';
    path += *it;
  }
  return true;
}

bool is_approx_call(Node const& n) {
  return n.type == NodeType::Call && n.name.rfind("APPROX_NEAR_", 0) == 0 && n.kids.size() >= 2;
}

}  // namespace

std::optional<VectorSearch> match_vector_search(Block const& b, std::size_t for_index, DataSource& source) {
  Stmt const& f = b.stmts[for_index];
  if (f.kind != StmtKind::For || f.collection.empty() || f.graph || f.vars.size() != 1) return std::nullopt;
  // FOR, calculations, an optional FILTER, calculations, SORT, LIMIT
  std::size_t i = for_index + 1, filter = kNone;
  auto skip_calculations = [&] {
    while (i < b.stmts.size() && b.stmts[i].kind == StmtKind::Let &&
           b.stmts[i].expr->type != NodeType::Subquery) {
      ++i;
    }
  };
  skip_calculations();
  if (i < b.stmts.size() && b.stmts[i].kind == StmtKind::Filter) {
    filter = i++;
    skip_calculations();
  }
  if (i + 1 >= b.stmts.size() || b.stmts[i].kind != StmtKind::Sort ||
      b.stmts[i + 1].kind != StmtKind::Limit) {
    return std::nullopt;
  }
  std::size_t sort = i;
  Stmt const& s = b.stmts[sort];
  Stmt const& limit = b.stmts[sort + 1];
  if (s.sort.size() != 1 || !s.sort[0].expr) return std::nullopt;
  bool ascending = true;
  if (Node const* dir = s.sort[0].ascending.get(); dir != nullptr) {
    if (dir->type != NodeType::Value || !dir->value.is_bool()) return std::nullopt;
    ascending = dir->value.to_bool();
  }
  if (limit.count && limit.count->type == NodeType::Value && limit.count->value.is_number() &&
      limit.count->value.num() <= 0) {
    return std::nullopt;  // "Limit not set"
  }
  // the sort value: the function call itself, or the variable of a LET holding it
  Node const* call = s.sort[0].expr.get();
  int distance_var = -1;
  std::size_t let = kNone;
  if (call->type == NodeType::Var) {
    for (std::size_t k = for_index + 1; k < sort; ++k) {
      if (b.stmts[k].kind == StmtKind::Let && b.stmts[k].var == call->var) {
        let = k;
        distance_var = call->var;
        call = b.stmts[k].expr.get();
      }
    }
    if (let == kNone) return std::nullopt;
  }
  if (!is_approx_call(*call)) return std::nullopt;
  for (auto& index : source.vector_indexes(f.collection)) {
    if (!index.ready || call->name != function_for(index.metric)) continue;
    if (ascending != (index.metric == "l2")) continue;
    std::string path;
    Node const* query = nullptr;
    if (attribute_path_of(*call->kids[0], f.vars[0], path) && path == index.field) {
      query = call->kids[1].get();
    } else if (attribute_path_of(*call->kids[1], f.vars[0], path) && path == index.field) {
      query = call->kids[0].get();
    }
    if (query == nullptr) continue;
    VectorSearch vs;
    vs.index = std::move(index);
    vs.function = call->name;
    vs.query = query;
    if (call->kids.size() == 3 && call->kids[2]->type == NodeType::Object) vs.options = call->kids[2].get();
    vs.distance_var = distance_var;
    vs.limit_index = sort + 1;
    vs.replaced.insert(sort);
    if (let != kNone) vs.replaced.insert(let);
    if (filter != kNone) {
      vs.filter_index = filter;
      vs.replaced.insert(filter);
    }
    return vs;
  }
  return std::nullopt;
}

namespace {

using Env = std::vector<Value>;

// Faiss' arithmetic: float components; cosine on L2-normalised vectors
// (fvec_renorm_L2 leaves a zero vector as it is); L2 as the square root of
// the squared distance.
void normalise(std::vector<float>& v) {
  float sum = 0;
  for (float x : v) sum += x * x;
  if (sum > 0) {
    float inv = 1.0f / std::sqrt(sum);
    for (float& x : v) x *= inv;
  }
}

float distance(std::string const& metric, std::vector<float> const& q, std::vector<float>& d) {
  float r = 0;
  if (metric == "l2") {
    for (std::size_t i = 0; i < q.size(); ++i) {
      float diff = q[i] - d[i];
      r += diff * diff;
    }
    return std::sqrt(r);
  }
  if (metric == "cosine") normalise(d);
  for (std::size_t i = 0; i < q.size(); ++i) r += q[i] * d[i];
  return r;
}

// The numbers of `v` when it is an array of `dimension` numbers.
bool as_vector(Value const& v, std::size_t dimension, std::vector<float>& out) {
  if (!v.is_array() || v.arr().size() != dimension) return false;
  out.clear();
  for (auto const& x : v.arr()) {
    if (!x.is_number()) return false;
    out.push_back(static_cast<float>(x.num()));
  }
  return true;
}

Value const* attribute_at(Value const& doc, std::string_view path) {
  Value const* cur = &doc;
  while (cur != nullptr) {
    auto dot = path.find('.');
    cur = cur->is_object() ? cur->get(path.substr(0, dot)) : nullptr;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return cur;
}

// SearchParameters: {nProbe: integer}; anything else fails as arangod's parse of them.
void check_search_parameters(Value const& o) {
  if (!o.is_object()) return;
  for (auto const& [k, v] : o.obj()) {
    if (k != "nProbe") {
      throw QueryError(1501, "error parsing searchParameters: Found unexpected attribute '" + k + "'!");
    }
    if (!v.is_number() || std::floor(v.num()) != v.num()) {
      throw QueryError(1501, "error parsing searchParameters: Expecting type Int!");
    }
  }
}

class VectorRows : public RowSource {
 public:
  VectorRows(Evaluator& ev, Block const& b, std::size_t for_index, VectorSearch search,
             std::unique_ptr<RowSource> input, Env const& start)
      : ev_(ev), b_(b), for_index_(for_index), s_(std::move(search)), input_(std::move(input)) {
    Env e = start;
    Stmt const& limit = b_.stmts[s_.limit_index];
    auto bound = [&](Node const* n, double fallback) {
      if (n == nullptr) return fallback;
      Value v = ev_.eval(*n, e);
      return v.is_number() && v.num() > 0 ? v.num() : (v.is_null() ? fallback : 0.0);
    };
    double k = bound(limit.offset.get(), 0) + bound(limit.count.get(), 128.0 * 1024 * 1024);
    top_k_ = static_cast<std::size_t>(std::min(k, 1e12));
  }

  bool next(Env& row) override {
    while (pos_ >= found_.size()) {
      Env in;
      if (!input_->next(in)) return false;
      search(in);
    }
    auto& hit = found_[pos_++];
    row = input_row_;
    row[static_cast<std::size_t>(b_.stmts[for_index_].vars[0])] = std::move(hit.doc);
    if (s_.distance_var >= 0) row[static_cast<std::size_t>(s_.distance_var)] = Value::number(hit.distance);
    return true;
  }

 private:
  struct Hit {
    float distance;
    std::uint64_t seq;
    Value doc;
  };

  // ordering: nearest first; storage order among equals
  bool nearer(Hit const& a, Hit const& b) const {
    if (a.distance != b.distance) return l2_ ? a.distance < b.distance : a.distance > b.distance;
    return a.seq < b.seq;
  }

  void search(Env const& in) {
    ev_.check_killed();
    found_.clear();
    pos_ = 0;
    input_row_ = in;
    Env env = in;
    Value q = ev_.eval(*s_.query, env);
    std::vector<float> query;
    if (!as_vector(q, s_.index.dimension, query)) {
      throw QueryError(1542, "invalid argument type in call to function '" + s_.function + "()'");
    }
    if (s_.options != nullptr) check_search_parameters(ev_.eval(*s_.options, env));
    l2_ = s_.index.metric == "l2";
    if (s_.index.metric == "cosine") normalise(query);
    if (top_k_ == 0) return;
    auto worse_first = [this](Hit const& a, Hit const& b) { return nearer(a, b); };
    std::priority_queue<Hit, std::vector<Hit>, decltype(worse_first)> heap(worse_first);
    auto scan = ev_.source().open_scan(b_.stmts[for_index_].collection);
    std::vector<float> vec;
    Value doc;
    std::uint64_t seq = 0;
    while (scan->next(doc)) {
      if ((++seq & 1023) == 0) ev_.check_killed();
      ++ev_.stats().scanned_index;
      Value const* v = attribute_at(doc, s_.index.field);
      if (v == nullptr || !as_vector(*v, s_.index.dimension, vec)) continue;
      float d = distance(s_.index.metric, query, vec);
      if (s_.filter_index != 0 && !passes_filter(in, doc, d)) {
        ++ev_.stats().filtered;
        continue;
      }
      Hit h{d, seq, Value()};
      if (heap.size() >= top_k_) {
        if (!nearer(h, heap.top())) continue;
        heap.pop();
      }
      h.doc = std::move(doc);
      heap.push(std::move(h));
      doc = Value();
    }
    found_.reserve(heap.size());
    while (!heap.empty()) {
      found_.push_back(std::move(const_cast<Hit&>(heap.top())));
      heap.pop();
    }
    std::reverse(found_.begin(), found_.end());
  }

  // The FILTER, with the calculations between the FOR and it.
  bool passes_filter(Env const& in, Value const& doc, float d) {
    Env row = in;
    row[static_cast<std::size_t>(b_.stmts[for_index_].vars[0])] = doc;
    if (s_.distance_var >= 0) row[static_cast<std::size_t>(s_.distance_var)] = Value::number(d);
    for (std::size_t k = for_index_ + 1; k < s_.filter_index; ++k) {
      Stmt const& st = b_.stmts[k];
      if (st.kind == StmtKind::Let && s_.replaced.count(k) == 0) {
        row[static_cast<std::size_t>(st.var)] = ev_.eval(*st.expr, row);
      }
    }
    return ev_.eval(*b_.stmts[s_.filter_index].expr, row).to_bool();
  }

  Evaluator& ev_;
  Block const& b_;
  std::size_t for_index_;
  VectorSearch s_;
  std::unique_ptr<RowSource> input_;
  std::size_t top_k_ = 0;
  bool l2_ = false;
  Env input_row_;
  std::vector<Hit> found_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<RowSource> vector_search_rows(Evaluator& ev, Block const& b, std::size_t for_index,
                                              VectorSearch search, std::unique_ptr<RowSource> input,
                                              std::vector<Value> const& start) {
  return std::make_unique<VectorRows>(ev, b, for_index, std::move(search), std::move(input), start);
}

Value f_approx_near(Evaluator&, std::string_view, Args&) {
  throw QueryError(1554,
                   "Vector search could not be applied. Please ensure a vector index has been created and "
                   "that your query uses the correct syntax for vector search.  Note that filtering is "
                   "currently not supported with vector search.");
}

}  // namespace emu::aql
