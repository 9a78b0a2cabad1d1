#include "aql/traversal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "aql/error.hpp"
#include "aql/eval.hpp"

namespace emu::aql {

namespace {

using Env = std::vector<Value>;

// Every search is bounded: more steps than this (paths kept in memory) is a resource error.
constexpr std::size_t kMaxSteps = 500'000;
// Approximate bytes a kept step costs (for the query's memoryLimit).
constexpr std::size_t kStepBytes = 160;
// Depths above this are clamped (a path cannot be longer than the steps we keep).
constexpr std::uint64_t kMaxDepth = 1'000'000;

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

enum class Order : std::uint8_t { Dfs, Bfs, Weighted };
enum class Uniqueness : std::uint8_t { None, Path, Global };

struct Options {
  Order order = Order::Dfs;
  Uniqueness vertices = Uniqueness::None;
  Uniqueness edges = Uniqueness::Path;
  std::string weight_attribute;
  double default_weight = 1;
  std::set<std::string> vertex_collections;  // empty: any
  std::set<std::string> edge_collections;    // empty: all of the graph / list
};

[[noreturn]] void bad_parameter(std::string const& message) { throw QueryError(10, message); }

Uniqueness parse_uniqueness(Value const& v, char const* name) {
  if (!v.is_string()) bad_parameter(std::string("invalid value for option '") + name + "'");
  if (v.str() == "none") return Uniqueness::None;
  if (v.str() == "path") return Uniqueness::Path;
  if (v.str() == "global") return Uniqueness::Global;
  bad_parameter(std::string("invalid value for option '") + name + "'");
}

void collection_names(Value const& v, std::set<std::string>& out) {
  if (v.is_string()) {
    out.insert(v.str());
  } else if (v.is_array()) {
    for (auto const& x : v.arr()) {
      if (x.is_string()) out.insert(x.str());
    }
  }
}

Options parse_options(Evaluator& ev, GraphSpec const& g, Env& env) {
  Options o;
  if (!g.options) return o;
  Value v = ev.eval(*g.options, env);
  if (!v.is_object()) return o;
  for (auto const& [key, val] : v.obj()) {
    if (key == "order") {
      if (!val.is_string()) bad_parameter("order must be a string");
      if (val.str() == "dfs") {
        o.order = Order::Dfs;
      } else if (val.str() == "bfs") {
        o.order = Order::Bfs;
      } else if (val.str() == "weighted") {
        o.order = Order::Weighted;
      } else {
        bad_parameter("order: '" + val.str() + "' is not a valid value, expected 'dfs', 'bfs' or 'weighted'");
      }
    } else if (key == "bfs") {
      if (val.to_bool() && o.order == Order::Dfs) o.order = Order::Bfs;
    } else if (key == "uniqueVertices") {
      o.vertices = parse_uniqueness(val, "uniqueVertices");
    } else if (key == "uniqueEdges") {
      o.edges = parse_uniqueness(val, "uniqueEdges");
      // arangod no longer supports global edge uniqueness: it is path uniqueness
      if (o.edges == Uniqueness::Global) o.edges = Uniqueness::Path;
    } else if (key == "weightAttribute") {
      if (val.is_string()) o.weight_attribute = val.str();
    } else if (key == "defaultWeight") {
      if (val.is_number()) o.default_weight = val.num();
    } else if (key == "vertexCollections") {
      collection_names(val, o.vertex_collections);
    } else if (key == "edgeCollections") {
      collection_names(val, o.edge_collections);
    }
  }
  if (g.kind == GraphKind::Traversal && o.vertices == Uniqueness::Global && o.order == Order::Dfs) {
    bad_parameter(
        "uniqueVertices: 'global' is only supported with bfs: true due to otherwise unpredictable "
        "results.");
  }
  return o;
}

// ---------------------------------------------------------------------------
// The graph: edge collections indexed by _from and _to (in storage order, which is the order
// of arangod's edge index for a vertex), and a vertex cache.
// ---------------------------------------------------------------------------

struct Lookup {
  std::size_t coll;  // index into Graph::colls_
  bool outbound;     // follow _from == vertex (neighbour _to)
};

struct Neighbour {
  Value const* edge;
  std::string const* vertex;
};

class Graph {
 public:
  Graph(Evaluator& ev, GraphSpec const& g, Options const& o) : ev_(ev), opts_(o) {
    auto& src = ev.source();
    std::vector<std::pair<EdgeDir, std::string>> list;
    if (!g.graph.empty()) {
      auto doc = src.lookup("_graphs", g.graph);
      if (!doc) throw QueryError(1924, format_error(1924, {g.graph}));
      std::set<std::string> names;
      if (auto const* defs = doc->get("edgeDefinitions"); defs != nullptr && defs->is_array()) {
        for (auto const& d : defs->arr()) {
          if (auto const* c = d.get("collection"); c != nullptr && c->is_string()) names.insert(c->str());
        }
      }
      for (auto const& n : names) list.emplace_back(g.direction, n);
    } else {
      list = g.edge_collections;
    }
    for (auto const& [dir, name] : list) {
      if (!o.edge_collections.empty() && o.edge_collections.count(name) == 0) continue;
      std::size_t idx = load(name);
      if (dir == EdgeDir::Out || dir == EdgeDir::Any) lookups_.push_back({idx, true});
      if (dir == EdgeDir::In || dir == EdgeDir::Any) lookups_.push_back({idx, false});
    }
  }

  // The edges of `vertex` with their other ends, in index order (`reverse`: the opposite
  // direction, for the backward half of a two-sided search).
  template <class F>
  void expand(std::string const& vertex, bool reverse, F&& fn) {
    for (auto const& l : lookups_) {
      bool out = l.outbound != reverse;
      auto const& c = colls_[l.coll];
      auto const& index = out ? c.from : c.to;
      auto it = index.find(vertex);
      if (it == index.end()) continue;
      for (auto i : it->second) {
        auto const& e = c.edges[i];
        fn(Neighbour{&e.doc, out ? &e.to : &e.from}, e.id);
      }
    }
  }

  Value vertex(std::string const& id) {
    auto it = vertices_.find(id);
    if (it != vertices_.end()) return it->second;
    Value v;
    auto slash = id.find('/');
    if (slash != std::string::npos) {
      auto doc = ev_.source().collection(id.substr(0, slash))
                     ? ev_.source().lookup(id.substr(0, slash), std::string_view(id).substr(slash + 1))
                     : std::nullopt;
      if (doc) {
        v = *doc;
      } else {
        ev_.warn(1202, "vertex '" + id + "' not found");
      }
    }
    if (vertices_.size() < 1'000'000) vertices_.emplace(id, v);
    return v;
  }

  bool vertex_allowed(std::string const& id) const {
    if (opts_.vertex_collections.empty()) return true;
    auto slash = id.find('/');
    return opts_.vertex_collections.count(id.substr(0, slash)) != 0;
  }

  double weight(Value const& edge) const {
    if (opts_.weight_attribute.empty()) return 1;
    Value w = edge.attr(opts_.weight_attribute);
    double d = w.is_number() ? w.num() : opts_.default_weight;
    if (d < 0) throw QueryError(1948, format_error(1948));
    return d;
  }

 private:
  struct Edge {
    Value doc;
    std::string id, from, to;
  };
  struct Coll {
    std::string name;
    std::vector<Edge> edges;
    std::unordered_map<std::string, std::vector<std::uint32_t>> from, to;
  };

  std::size_t load(std::string const& name) {
    for (std::size_t i = 0; i < colls_.size(); ++i) {
      if (colls_[i].name == name) return i;
    }
    auto& src = ev_.source();
    auto info = src.collection(name);
    if (!info) throw QueryError(1203, "collection or view not found: " + name);
    if (!info->edge) {
      throw QueryError(1218, "collection type invalid for collection '" + name +
                                 "': expecting collection type 'edge'");
    }
    Coll c;
    c.name = info->name;
    src.scan(info->name, [&](Value const& d) {
      Edge e;
      e.doc = d;
      e.id = d.attr("_id").is_string() ? d.attr("_id").str() : std::string();
      e.from = d.attr("_from").is_string() ? d.attr("_from").str() : std::string();
      e.to = d.attr("_to").is_string() ? d.attr("_to").str() : std::string();
      auto i = static_cast<std::uint32_t>(c.edges.size());
      c.from[e.from].push_back(i);
      c.to[e.to].push_back(i);
      c.edges.push_back(std::move(e));
      return true;
    });
    colls_.push_back(std::move(c));
    return colls_.size() - 1;
  }

  Evaluator& ev_;
  Options const& opts_;
  std::vector<Coll> colls_;
  std::vector<Lookup> lookups_;
  std::unordered_map<std::string, Value> vertices_;
};

// ---------------------------------------------------------------------------
// Paths: steps in an arena, each pointing to the step it extends.
// ---------------------------------------------------------------------------

struct Step {
  int prev = -1;
  std::string vertex;
  Value edge;  // null for a start step
  std::string edge_id;
  std::size_t depth = 0;
  double weight = 0;  // accumulated
};

class Arena {
 public:
  explicit Arena(std::uint64_t memory_limit = 0) : memory_limit_(memory_limit) {}

  int add(Step s) {
    if (memory_limit_ > 0 && (steps_.size() + 1) * kStepBytes > memory_limit_) {
      throw QueryError(32, "query would use more memory than allowed");
    }
    if (steps_.size() >= kMaxSteps) {
      throw QueryError(32, "query would use more memory than allowed: graph search exceeds " +
                               std::to_string(kMaxSteps) + " paths");
    }
    steps_.push_back(std::move(s));
    return static_cast<int>(steps_.size() - 1);
  }
  Step const& operator[](int i) const { return steps_[static_cast<std::size_t>(i)]; }
  void clear() { steps_.clear(); }

  // The steps of a path from its start to `last`.
  std::vector<int> chain(int last) const {
    std::vector<int> out;
    for (int i = last; i >= 0; i = steps_[static_cast<std::size_t>(i)].prev) out.push_back(i);
    std::reverse(out.begin(), out.end());
    return out;
  }
  bool has_vertex(int last, std::string const& v) const {
    for (int i = last; i >= 0; i = steps_[static_cast<std::size_t>(i)].prev) {
      if (steps_[static_cast<std::size_t>(i)].vertex == v) return true;
    }
    return false;
  }
  bool has_edge(int last, std::string const& e) const {
    for (int i = last; i >= 0; i = steps_[static_cast<std::size_t>(i)].prev) {
      if (steps_[static_cast<std::size_t>(i)].edge_id == e) return true;
    }
    return false;
  }

 private:
  std::vector<Step> steps_;
  std::uint64_t memory_limit_ = 0;
};

// A finished path: vertex ids and edges in order (edges.size() + 1 == vertices.size()).
struct Path {
  std::vector<std::string> vertices;
  std::vector<Value> edges;
  std::vector<std::string> edge_ids;
  std::vector<double> weights;  // per edge
  double weight = 0;
};

Path path_of(Arena const& a, int last) {
  Path p;
  for (int i : a.chain(last)) {
    auto const& s = a[i];
    if (s.prev >= 0) {
      p.edges.push_back(s.edge);
      p.edge_ids.push_back(s.edge_id);
      p.weights.push_back(s.weight - a[s.prev].weight);
    }
    p.vertices.push_back(s.vertex);
  }
  p.weight = a[last].weight;
  return p;
}

// The start or target of a search as a vertex id; empty (and a warning) when invalid.
std::string vertex_id(Evaluator& ev, Value const& v, char const* what) {
  if (v.is_string() && v.str().find('/') != std::string::npos) return v.str();
  if (v.is_object()) {
    Value id = v.attr("_id");
    if (id.is_string() && id.str().find('/') != std::string::npos) return id.str();
  }
  ev.warn(10, std::string("Invalid input for ") + what +
                  ": Only id strings or objects with _id are allowed");
  return {};
}

std::uint64_t depth_value(Evaluator& ev, Node const* n, Env& env, std::uint64_t dflt) {
  if (n == nullptr) return dflt;
  Value v = ev.eval(*n, env);
  if (!v.is_number() || v.num() < 0 || std::floor(v.num()) != v.num()) {
    throw QueryError(1501, "AQL: invalid traversal depth (while parsing)");
  }
  return std::min<std::uint64_t>(static_cast<std::uint64_t>(v.num()), kMaxDepth);
}

void set_var(Env& env, int var, Value v) {
  if (var >= 0) env[static_cast<std::size_t>(var)] = std::move(v);
}

// ---------------------------------------------------------------------------
// Traversal (OneSidedEnumerator): DFS stack, BFS queue, weighted priority queue.
// ---------------------------------------------------------------------------

class Traversal {
 public:
  Traversal(Evaluator& ev, Stmt const& s, Graph& graph, Options const& o)
      : ev_(ev), s_(s), g_(*s.graph), graph_(graph), o_(o), arena_(ev.options().memory_limit) {}

  void run(Env const& row, std::string const& start, std::uint64_t min, std::uint64_t max,
           std::size_t cap, std::vector<Env>& out) {
    std::size_t emitted = 0;
    arena_.clear();
    visited_.clear();
    std::deque<int> queue;  // DFS: back, BFS: front
    std::multimap<std::pair<double, std::uint64_t>, int> weighted;
    std::uint64_t seq = 0;
    auto push = [&](int i) {
      if (o_.order == Order::Weighted) {
        weighted.emplace(std::make_pair(arena_[i].weight, seq++), i);
      } else {
        queue.push_back(i);
      }
    };
    push(arena_.add(Step{-1, start, Value(), {}, 0, 0}));
    bool need_path = s_.vars.size() > 2 || g_.prune != nullptr;
    while (!queue.empty() || !weighted.empty()) {
      if ((++tick_ & 1023) == 0) ev_.check_killed();
      int cur;
      if (o_.order == Order::Weighted) {
        cur = weighted.begin()->second;
        weighted.erase(weighted.begin());
      } else if (o_.order == Order::Dfs) {
        cur = queue.back();
        queue.pop_back();
      } else {
        cur = queue.front();
        queue.pop_front();
      }
      Step const& st = arena_[cur];
      if (!valid(cur)) continue;
      Env env = row;
      set_var(env, s_.vars[0], graph_.vertex(st.vertex));
      if (s_.vars.size() > 1) set_var(env, s_.vars[1], st.edge);
      if (need_path) {
        Value p = path_value(cur);
        if (s_.vars.size() > 2) set_var(env, s_.vars[2], p);
      }
      bool pruned = false;
      if (g_.prune) {
        Value r = ev_.eval(*g_.prune, env);
        pruned = r.to_bool();
        set_var(env, g_.prune_var, r);
      }
      std::size_t depth = st.depth;
      if (depth >= min) {
        out.push_back(std::move(env));
        if (++emitted >= cap) return;
      }
      if (pruned || depth >= max) continue;
      std::string vertex = st.vertex;
      double weight = st.weight;
      graph_.expand(vertex, false, [&](Neighbour n, std::string const& edge_id) {
        double w = o_.order == Order::Weighted ? weight + graph_.weight(*n.edge) : 0;
        push(arena_.add(Step{cur, *n.vertex, *n.edge, edge_id, depth + 1, w}));
      });
    }
  }

 private:
  // PathValidator: uniqueness and vertexCollections.
  bool valid(int i) {
    Step const& st = arena_[i];
    if (!graph_.vertex_allowed(st.vertex)) return false;
    if (st.prev >= 0) {
      if (o_.edges == Uniqueness::Path && arena_.has_edge(st.prev, st.edge_id)) return false;
      if (o_.vertices == Uniqueness::Path && arena_.has_vertex(st.prev, st.vertex)) return false;
    }
    if (o_.vertices == Uniqueness::Global) {
      if (!visited_.insert(st.vertex).second) return false;
    }
    return true;
  }

  Value path_value(int last) {
    Array edges, vertices, weights;
    for (int i : arena_.chain(last)) {
      auto const& s = arena_[i];
      if (s.prev >= 0) edges.push_back(s.edge);
      vertices.push_back(graph_.vertex(s.vertex));
      weights.push_back(Value::number(s.weight));
    }
    Object o;  // SingleProviderPathResult::toVelocyPack
    o.emplace_back("vertices", Value::array(std::move(vertices)));
    o.emplace_back("edges", Value::array(std::move(edges)));
    if (o_.order == Order::Weighted) o.emplace_back("weights", Value::array(std::move(weights)));
    return Value::object(std::move(o));
  }

  Evaluator& ev_;
  Stmt const& s_;
  GraphSpec const& g_;
  Graph& graph_;
  Options const& o_;
  Arena arena_;
  std::unordered_set<std::string> visited_;
  std::uint64_t tick_ = 0;
};

// ---------------------------------------------------------------------------
// Two-sided search (TwoSidedEnumerator): K_PATHS, ALL_SHORTEST_PATHS and the unweighted
// SHORTEST_PATH, also the shortest path of each of Yen's spur searches.
// ---------------------------------------------------------------------------

enum class TwoSidedMode : std::uint8_t { KPaths, AllShortest, Shortest };

struct Forbidden {
  std::unordered_set<std::string> vertices;
  std::unordered_set<std::string> edges;
};

class TwoSided {
 public:
  TwoSided(Evaluator& ev, Graph& graph, TwoSidedMode mode) : ev_(ev), graph_(graph), mode_(mode) {}

  // Calls emit(path) for each path in arangod's order; emit returns false to stop.
  template <class Emit>
  void run(std::string const& source, std::string const& target, std::uint64_t min,
           std::uint64_t max, Forbidden const* forbidden, Emit&& emit) {
    forbidden_ = forbidden;
    Ball left, right;
    right.forward = false;
    left.arena = Arena(ev_.options().memory_limit);
    right.arena = Arena(ev_.options().memory_limit);
    left.shell.emplace(source, left.arena.add(Step{-1, source, Value(), {}, 0, 0}));
    right.shell.emplace(target, right.arena.add(Step{-1, target, Value(), {}, 0, 0}));
    if (mode_ != TwoSidedMode::Shortest) {
      // (the GLOBAL validator of SHORTEST_PATH never sees the start steps: a search can come
      // back to its own start vertex once)
      left.seen[source] = 0;
      right.seen[target] = 0;
    }
    std::vector<std::pair<int, int>> results;
    if (min == 0 && source == target) results.emplace_back(0, 0);
    bool search_left = true;
    std::size_t found_length = 0;
    auto done = [&] {
      return left.no_path_left() || right.no_path_left() || left.depth + right.depth > max ||
             (found_length != 0 && mode_ != TwoSidedMode::KPaths &&
              left.depth + right.depth > found_length);
    };
    while (true) {
      while (results.empty() && !done()) {
        if ((++tick_ & 255) == 0) ev_.check_killed();
        Ball& side = search_left ? left : right;
        if (side.queue.empty()) {
          if (right.shell.size() < left.shell.size()) {
            search_left = false;
            right.next_depth();
          } else {
            search_left = true;
            left.next_depth();
          }
        } else {
          expand(side, search_left ? right : left, min, results);
        }
      }
      if (results.empty()) return;
      if (found_length == 0) found_length = left.depth + right.depth;
      while (!results.empty()) {
        auto [l, r] = results.back();
        results.pop_back();
        if (!emit(join(left, l, right, r))) return;
        if (mode_ == TwoSidedMode::Shortest) return;
      }
    }
  }

 private:
  struct Ball {
    bool forward = true;
    Arena arena;
    std::deque<int> queue;
    std::multimap<std::string, int> shell;  // std::multiset<Step>: by vertex id
    std::unordered_map<std::string, std::size_t> seen;  // vertex -> first depth (shortest modes)
    std::size_t depth = 0;

    bool no_path_left() const { return queue.empty() && shell.empty(); }
    void next_depth() {
      for (auto const& [v, i] : shell) queue.push_back(i);
      shell.clear();
      ++depth;
    }
  };

  void expand(Ball& self, Ball& other, std::uint64_t min, std::vector<std::pair<int, int>>& results) {
    int cur = self.queue.front();
    self.queue.pop_front();
    std::string vertex = self.arena[cur].vertex;
    std::size_t depth = self.arena[cur].depth;
    graph_.expand(vertex, !self.forward, [&](Neighbour n, std::string const& edge_id) {
      if (forbidden_ != nullptr &&
          (forbidden_->edges.count(edge_id) != 0 || forbidden_->vertices.count(*n.vertex) != 0)) {
        return;
      }
      if (!graph_.vertex_allowed(*n.vertex)) return;
      // uniqueness within this side
      if (mode_ == TwoSidedMode::KPaths) {
        if (self.arena.has_vertex(cur, *n.vertex)) return;
      } else {
        auto it = self.seen.find(*n.vertex);
        if (it != self.seen.end() && it->second <= depth) return;
        if (mode_ == TwoSidedMode::Shortest && it != self.seen.end()) return;
        self.seen.emplace(*n.vertex, depth + 1);
      }
      int step = self.arena.add(
          Step{cur, *n.vertex, *n.edge, edge_id, depth + 1, static_cast<double>(depth + 1)});
      if (self.depth + other.depth >= min) {
        auto [first, last] = other.shell.equal_range(*n.vertex);
        for (; first != last; ++first) {
          if (mode_ == TwoSidedMode::KPaths && !disjoint(self, step, other, first->second)) continue;
          if (self.forward) {
            results.emplace_back(step, first->second);
          } else {
            results.emplace_back(first->second, step);
          }
        }
      }
      self.shell.emplace(*n.vertex, step);
    });
  }

  // The two halves share no vertex but the meeting one.
  static bool disjoint(Ball const& a, int ai, Ball const& b, int bi) {
    std::unordered_set<std::string> seen;
    for (int i = a.arena[ai].prev; i >= 0; i = a.arena[i].prev) seen.insert(a.arena[i].vertex);
    for (int i = b.arena[bi].prev; i >= 0; i = b.arena[i].prev) {
      if (seen.count(b.arena[i].vertex) != 0) return false;
    }
    return true;
  }

  static Path join(Ball const& left, int l, Ball const& right, int r) {
    Path p = path_of(left.arena, l);
    for (int i = r; right.arena[i].prev >= 0; i = right.arena[i].prev) {
      auto const& s = right.arena[i];
      p.edges.push_back(s.edge);
      p.edge_ids.push_back(s.edge_id);
      p.weights.push_back(1);
      p.vertices.push_back(right.arena[s.prev].vertex);
    }
    p.weight = static_cast<double>(p.edges.size());
    return p;
  }

  Evaluator& ev_;
  Graph& graph_;
  TwoSidedMode mode_;
  Forbidden const* forbidden_ = nullptr;
  std::uint64_t tick_ = 0;
};

// Dijkstra from the source (weighted SHORTEST_PATH and Yen's weighted spur searches); ties:
// the path found first.
bool dijkstra(Evaluator& ev, Graph& graph, std::string const& source, std::string const& target,
              Forbidden const* forbidden, Path& out) {
  Arena arena(ev.options().memory_limit);
  std::multimap<std::pair<double, std::uint64_t>, int> queue;
  std::unordered_map<std::string, double> best;
  std::unordered_set<std::string> done;
  std::uint64_t seq = 0, tick = 0;
  queue.emplace(std::make_pair(0.0, seq++), arena.add(Step{-1, source, Value(), {}, 0, 0}));
  best[source] = 0;
  while (!queue.empty()) {
    if ((++tick & 1023) == 0) ev.check_killed();
    int cur = queue.begin()->second;
    queue.erase(queue.begin());
    std::string vertex = arena[cur].vertex;
    if (!done.insert(vertex).second) continue;
    if (vertex == target) {
      out = path_of(arena, cur);
      return true;
    }
    double w0 = arena[cur].weight;
    std::size_t depth = arena[cur].depth;
    graph.expand(vertex, false, [&](Neighbour n, std::string const& edge_id) {
      if (forbidden != nullptr &&
          (forbidden->edges.count(edge_id) != 0 || forbidden->vertices.count(*n.vertex) != 0)) {
        return;
      }
      if (!graph.vertex_allowed(*n.vertex) || done.count(*n.vertex) != 0) return;
      double w = w0 + graph.weight(*n.edge);
      auto it = best.find(*n.vertex);
      if (it != best.end() && it->second <= w) return;
      best[*n.vertex] = w;
      queue.emplace(std::make_pair(w, seq++),
                    arena.add(Step{cur, *n.vertex, *n.edge, edge_id, depth + 1, w}));
    });
  }
  return false;
}

bool shortest_path(Evaluator& ev, Graph& graph, Options const& o, std::string const& source,
                   std::string const& target, Forbidden const* forbidden, Path& out) {
  if (!o.weight_attribute.empty()) return dijkstra(ev, graph, source, target, forbidden, out);
  bool found = false;
  TwoSided(ev, graph, TwoSidedMode::Shortest)
      .run(source, target, 0, kMaxDepth, forbidden, [&](Path p) {
        out = std::move(p);
        found = true;
        return false;
      });
  return found;
}

// Yen's algorithm with Lawler's modification (YenEnumerator): candidates kept sorted, the
// best one last.
class Yen {
 public:
  Yen(Evaluator& ev, Graph& graph, Options const& o) : ev_(ev), graph_(graph), o_(o) {}

  template <class Emit>
  void run(std::string const& source, std::string const& target, Emit&& emit) {
    std::vector<std::pair<Path, std::size_t>> found;  // path, branch point
    std::vector<std::pair<Path, std::size_t>> candidates;
    Path first;
    if (!shortest_path(ev_, graph_, o_, source, target, nullptr, first)) return;
    found.emplace_back(first, 0);
    if (!emit(first)) return;
    while (true) {
      ev_.check_killed();
      auto const prev = found.back();
      Path const& pp = prev.first;
      for (std::size_t len = prev.second; len < pp.edges.size(); ++len) {
        Forbidden f;
        for (std::size_t i = 0; i < len; ++i) f.vertices.insert(pp.vertices[i]);
        f.edges.insert(pp.edge_ids[len]);
        for (std::size_t k = 0; k + 1 < found.size(); ++k) {
          Path const& q = found[k].first;
          if (q.edges.size() <= len) continue;
          if (std::equal(q.edge_ids.begin(), q.edge_ids.begin() + static_cast<std::ptrdiff_t>(len),
                         pp.edge_ids.begin())) {
            f.edges.insert(q.edge_ids[len]);
          }
        }
        Path spur;
        if (!shortest_path(ev_, graph_, o_, pp.vertices[len], target, &f, spur)) continue;
        Path cand;
        for (std::size_t i = 0; i < len; ++i) {
          cand.vertices.push_back(pp.vertices[i]);
          cand.edges.push_back(pp.edges[i]);
          cand.edge_ids.push_back(pp.edge_ids[i]);
          cand.weights.push_back(pp.weights[i]);
          cand.weight += pp.weights[i];
        }
        for (std::size_t i = 0; i < spur.edges.size(); ++i) {
          cand.vertices.push_back(spur.vertices[i]);
          cand.edges.push_back(spur.edges[i]);
          cand.edge_ids.push_back(spur.edge_ids[i]);
          cand.weights.push_back(spur.weights[i]);
          cand.weight += spur.weights[i];
        }
        cand.vertices.push_back(spur.vertices.back());
        // sorted worst first; among equally good candidates the newest is taken first
        auto lb = std::upper_bound(candidates.begin(), candidates.end(), cand,
                                   [](Path const& a, auto const& b) { return better(b.first, a); });
        bool dup = false;
        for (auto const& c : candidates) dup = dup || c.first.edge_ids == cand.edge_ids;
        if (dup) continue;
        if (candidates.size() >= kMaxSteps / 16) {
          throw QueryError(32, "query would use more memory than allowed: too many candidate paths");
        }
        candidates.insert(lb, {std::move(cand), len});
      }
      if (candidates.empty()) return;
      if (found.size() >= kMaxSteps / 16) {
        throw QueryError(32, "query would use more memory than allowed: too many shortest paths");
      }
      found.push_back(std::move(candidates.back()));
      candidates.pop_back();
      if (!emit(found.back().first)) return;
    }
  }

 private:
  // a is a better (shorter / lighter) path than b
  static bool better(Path const& a, Path const& b) {
    if (a.weight != b.weight) return a.weight < b.weight;
    return false;
  }

  Evaluator& ev_;
  Graph& graph_;
  Options const& o_;
};

Value path_object(Graph& graph, Path const& p, bool with_weight) {
  Array vertices, edges;
  for (auto const& v : p.vertices) vertices.push_back(graph.vertex(v));
  for (auto const& e : p.edges) edges.push_back(e);
  Object o;  // PathResult::toVelocyPack
  o.emplace_back("vertices", Value::array(std::move(vertices)));
  o.emplace_back("edges", Value::array(std::move(edges)));
  if (with_weight) o.emplace_back("weight", Value::number(p.weight));
  return Value::object(std::move(o));
}

// Rows a graph FOR has to produce per input row: offset + count of a LIMIT that follows it
// with only LETs between (they keep the number of rows); all of them otherwise, and always
// with fullCount.
std::size_t rows_needed(Evaluator& ev, Block const& b, std::size_t index, Env& env) {
  constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();
  if (ev.options().full_count) return kAll;
  for (std::size_t i = index + 1; i < b.stmts.size(); ++i) {
    Stmt const& n = b.stmts[i];
    if (n.kind == StmtKind::Let) continue;
    if (n.kind != StmtKind::Limit || !n.offset || !n.count) return kAll;
    try {
      Value off = ev.eval(*n.offset, env), cnt = ev.eval(*n.count, env);
      if (!off.is_number() || !cnt.is_number() || off.num() < 0 || cnt.num() < 0 ||
          off.num() + cnt.num() >= 1e15) {
        return kAll;
      }
      return static_cast<std::size_t>(off.num()) + static_cast<std::size_t>(cnt.num());
    } catch (QueryError const&) {
      return kAll;  // the LIMIT reports its own error
    }
  }
  return kAll;
}

}  // namespace

char const* graph_node_type(GraphSpec const& g) {
  switch (g.kind) {
    case GraphKind::Traversal: return "TraversalNode";
    case GraphKind::ShortestPath: return "ShortestPathNode";
    default: return "EnumeratePathsNode";
  }
}

void graph_for(Evaluator& ev, Block const& b, std::size_t index, std::vector<Env>& rows,
               std::vector<Env>& out) {
  Stmt const& s = b.stmts[index];
  GraphSpec const& g = *s.graph;
  if (rows.empty()) return;
  std::size_t const cap = rows_needed(ev, b, index, rows.front());
  Options o = parse_options(ev, g, rows.front());
  Graph graph(ev, g, o);
  std::uint64_t dmin = 1, dmax = 1;
  if (g.min_depth) {
    dmin = depth_value(ev, g.min_depth.get(), rows.front(), 1);
    dmax = g.max_depth ? depth_value(ev, g.max_depth.get(), rows.front(), dmin) : dmin;
  }
  Traversal trav(ev, s, graph, o);
  for (auto& row : rows) {
    ev.check_killed();
    char const* what = g.kind == GraphKind::Traversal      ? "traversal"
                       : g.kind == GraphKind::ShortestPath ? "ShortestPath"
                                                           : "path search";
    std::string start = vertex_id(ev, ev.eval(*g.start, row), what);
    if (start.empty()) continue;
    if (g.kind == GraphKind::Traversal) {
      if (cap > 0) trav.run(row, start, dmin, dmax, cap, out);
      continue;
    }
    std::string target = vertex_id(ev, ev.eval(*g.target, row), what);
    if (target.empty()) continue;
    std::size_t emitted = 0;
    if (cap == 0) continue;
    auto emit_path = [&](Path const& p, bool with_weight) {
      Env env = row;
      set_var(env, s.vars[0], path_object(graph, p, with_weight));
      out.push_back(std::move(env));
      return ++emitted < cap;
    };
    switch (g.kind) {
      case GraphKind::ShortestPath: {
        Path p;
        bool found = start == target ? (p.vertices.push_back(start), true)
                                     : shortest_path(ev, graph, o, start, target, nullptr, p);
        if (!found) break;
        for (std::size_t i = 0; i < p.vertices.size(); ++i) {
          Env env = row;
          set_var(env, s.vars[0], graph.vertex(p.vertices[i]));
          if (s.vars.size() > 1) set_var(env, s.vars[1], i == 0 ? Value() : p.edges[i - 1]);
          out.push_back(std::move(env));
        }
        break;
      }
      case GraphKind::KShortestPaths: {
        if (start == target) {
          Path p;
          p.vertices.push_back(start);
          emit_path(p, true);
          break;
        }
        Yen(ev, graph, o).run(start, target, [&](Path const& p) { return emit_path(p, true); });
        break;
      }
      case GraphKind::KPaths:
        TwoSided(ev, graph, TwoSidedMode::KPaths)
            .run(start, target, dmin, dmax, nullptr, [&](Path p) { return emit_path(p, false); });
        break;
      case GraphKind::AllShortestPaths:
        if (!o.weight_attribute.empty()) {
          bad_parameter("ALL_SHORTEST_PATHS does not support weightAttribute");
        }
        TwoSided(ev, graph, TwoSidedMode::AllShortest)
            .run(start, target, 0, kMaxDepth, nullptr, [&](Path p) { return emit_path(p, false); });
        break;
      default:
        break;
    }
  }
}

}  // namespace emu::aql
