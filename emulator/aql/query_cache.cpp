#include "aql/query_cache.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <shared_mutex>

#include "aql/ast.hpp"
#include "aql/functions.hpp"
#include "json.hpp"
#include "store.hpp"

namespace emu::aql {

namespace {

// Plan cache bounds (--query.plan-cache-max-entries, -max-memory-usage,
// -max-entry-size defaults).
constexpr std::size_t kPlanMaxEntries = 128;
constexpr std::uint64_t kPlanMaxMemory = 8 * 1024 * 1024;
constexpr std::uint64_t kPlanMaxEntrySize = 2 * 1024 * 1024;

std::uint64_t hash_of(std::string const& s) {
  // 64-bit FNV-1a: stable across runs (std::hash need not be).
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

void write_names(JsonWriter& w, std::vector<std::string> const& names) {
  w.begin_array();
  for (auto const& n : names) w.string(n);
  w.end_array();
}

// Drops the entries whose data sources changed since they were stored.
template <typename List>
void drop_stale(List& list, Database const& db, bool with_writes) {
  for (auto it = list.begin(); it != list.end();) {
    if (source_versions(db, it->data_sources, with_writes) != it->versions) {
      it = list.erase(it);
    } else {
      ++it;
    }
  }
}

bool any_system(std::vector<std::string> const& names) {
  return std::any_of(names.begin(), names.end(),
                     [](std::string const& n) { return !n.empty() && n.front() == '_'; });
}

}  // namespace

std::string iso_seconds(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

QueryCaches& QueryCaches::instance() {
  static QueryCaches caches;
  return caches;
}

SourceVersions source_versions(Database const& db, std::vector<std::string> const& names,
                               bool with_writes) {
  SourceVersions out;
  out.reserve(names.size());
  for (auto const& name : names) {
    auto c = db.find_collection(name);
    if (!c) {
      out.emplace_back(name, std::string());
      continue;
    }
    std::shared_lock lock(c->mutex);
    std::string v = std::to_string(c->id) + ":";
    if (with_writes) {
      v += std::to_string(c->data.last_revision);
    } else {
      for (auto const& idx : c->data.indexes) v += std::to_string(idx->id) + ",";
    }
    out.emplace_back(name, std::move(v));
  }
  return out;
}

// Ast::root()->isCacheable(): no non-deterministic function, no user
// function, no write. Walks the query iteratively (no recursion over
// client-controlled nesting).
bool QueryCaches::deterministic(Query const& query) {
  if (query.modification) return false;
  std::vector<Node const*> nodes;
  std::vector<Block const*> blocks{&query.main};
  auto push = [&](NodePtr const& n) {
    if (n) nodes.push_back(n.get());
  };
  while (!blocks.empty() || !nodes.empty()) {
    if (!blocks.empty()) {
      Block const* b = blocks.back();
      blocks.pop_back();
      for (auto const& s : b->stmts) {
        push(s.expr);
        push(s.options);
        push(s.offset);
        push(s.count);
        push(s.into_expr);
        push(s.window_spec);
        push(s.window_range);
        push(s.key_expr);
        push(s.doc_expr);
        push(s.update_expr);
        push(s.search_expr);
        for (auto const& k : s.sort) {
          push(k.expr);
          push(k.ascending);
        }
        for (auto const& g : s.groups) push(g.second);
        for (auto const& a : s.aggregates) {
          for (auto const& x : a.args) push(x);
        }
      }
      continue;
    }
    Node const* n = nodes.back();
    nodes.pop_back();
    if (n->type == NodeType::UserCall) return false;
    if (n->type == NodeType::Call) {
      auto const* def = find_function(n->name);
      if (def != nullptr && !def->deterministic) return false;
    }
    for (auto const& k : n->kids) push(k);
    for (auto const& k : n->key_exprs) push(k);
    push(n->input);
    push(n->filter);
    push(n->limit_offset);
    push(n->limit_count);
    push(n->ret);
    push(n->quantifier_min);
    push(n->quantifier_max);
    if (n->block) blocks.push_back(n->block.get());
  }
  return true;
}

// --- results cache ---

QueryCaches::ResultsProperties QueryCaches::results_properties() {
  std::lock_guard lock(mutex_);
  return props_;
}

void QueryCaches::set_results_properties(ResultsProperties const& p) {
  std::lock_guard lock(mutex_);
  props_ = p;
  if (props_.mode == "off") {
    results_.clear();
    return;
  }
  for (auto& [db, list] : results_) trim_results_locked(list);
}

bool QueryCaches::results_cache_applies(std::string const& query,
                                        std::optional<bool> cache_option) {
  if (query.size() < 8) return false;
  std::lock_guard lock(mutex_);
  if (props_.mode == "on") return cache_option.value_or(true);
  if (props_.mode == "demand") return cache_option.value_or(false);
  return false;
}

std::string QueryCaches::results_key(std::string const& query, Value const& bind_vars, bool count,
                                     bool full_count) {
  std::string key = query;
  key += '\n';
  key += full_count ? "fullcount:true" : "fullcount:false";
  key += count ? ",count:true\n" : ",count:false\n";
  bind_vars.write_json(key);
  return key;
}

void QueryCaches::trim_results_locked(ResultList& list) {
  std::uint64_t total = 0;
  std::size_t n = 0;
  for (auto it = list.begin(); it != list.end();) {
    if (n >= props_.max_results || total + it->size > props_.max_results_size ||
        it->size > props_.max_entry_size) {
      it = list.erase(it);
      continue;
    }
    total += it->size;
    ++n;
    ++it;
  }
}

std::optional<CachedResult> QueryCaches::lookup_result(std::string const& database,
                                                       std::string const& key,
                                                       std::vector<std::string>* data_sources,
                                                       Database const& db) {
  std::lock_guard lock(mutex_);
  auto lit = results_.find(database);
  if (lit == results_.end()) return std::nullopt;
  auto& list = lit->second;
  auto it = std::find_if(list.begin(), list.end(), [&](ResultEntry const& e) { return e.key == key; });
  if (it == list.end()) return std::nullopt;
  if (source_versions(db, it->data_sources, true) != it->versions) {
    list.erase(it);
    return std::nullopt;
  }
  ++it->hits;
  list.splice(list.begin(), list, it);  // most recently used first
  if (data_sources != nullptr) *data_sources = it->data_sources;
  return it->result;
}

void QueryCaches::store_result(std::string const& database, std::string const& key,
                               Query const& query, Value const& bind_vars, CachedResult result,
                               double run_time, std::chrono::system_clock::time_point started,
                               Database const& db) {
  std::string results_json = "[";
  for (std::size_t i = 0; i < result.results.size(); ++i) {
    if (i > 0) results_json += ',';
    result.results[i].write_json(results_json);
  }
  results_json += ']';
  ResultEntry e;
  e.key = key;
  e.hash = hash_of(key);
  e.query = query.text;
  e.bind_vars_json = bind_vars.json();
  e.data_sources = query.collections;
  std::sort(e.data_sources.begin(), e.data_sources.end());
  e.data_sources.erase(std::unique(e.data_sources.begin(), e.data_sources.end()),
                       e.data_sources.end());
  e.versions = source_versions(db, e.data_sources, true);
  e.size = results_json.size();
  e.run_time = run_time;
  e.started = started;
  e.result = std::move(result);
  std::lock_guard lock(mutex_);
  if (props_.mode == "off" || e.size > props_.max_entry_size) return;
  if (!props_.include_system && any_system(e.data_sources)) return;
  auto& list = results_[database];
  list.remove_if([&](ResultEntry const& x) { return x.key == e.key; });
  list.push_front(std::move(e));
  trim_results_locked(list);
}

std::string QueryCaches::results_entries_json(std::string const& database, Database const& db) {
  std::lock_guard lock(mutex_);
  JsonWriter w;
  w.begin_array();
  auto lit = results_.find(database);
  if (lit != results_.end()) {
    drop_stale(lit->second, db, true);
    for (auto const& e : lit->second) {
      w.begin_object().kv("hash", std::to_string(e.hash)).kv("query", e.query);
      w.key("bindVars").raw(e.bind_vars_json);
      w.kv("size", e.size)
          .kv("results", static_cast<std::uint64_t>(e.result.results.size()))
          .kv("hits", e.hits)
          .kv("runTime", e.run_time)
          .kv("started", iso_seconds(e.started));
      w.key("dataSources");
      write_names(w, e.data_sources);
      w.end_object();
    }
  }
  w.end_array();
  return w.str();
}

void QueryCaches::clear_results() {
  std::lock_guard lock(mutex_);
  results_.clear();
}

void QueryCaches::clear_results(std::string const& database) {
  std::lock_guard lock(mutex_);
  results_.erase(database);
}

// --- plan cache ---

std::string QueryCaches::use_plan(std::string const& database, Query const& query,
                                  Value const& bind_vars, Value const& options,
                                  Database const& db) {
  if (!options.attr("usePlanCache").to_bool()) return {};
  // not eligible: allPlans, optimizer.rules, UPSERT
  if (options.attr("allPlans").to_bool()) return {};
  if (Value const* opt = options.get("optimizer"); opt != nullptr && opt->get("rules") != nullptr) {
    return {};
  }
  std::vector<Block const*> blocks{&query.main};
  while (!blocks.empty()) {
    Block const* b = blocks.back();
    blocks.pop_back();
    for (auto const& s : b->stmts) {
      if (s.kind == StmtKind::Upsert) return {};
    }
  }
  // collection bind parameters only (their values pick the plan)
  Object coll_binds;
  if (bind_vars.is_object()) {
    for (auto const& [k, v] : bind_vars.obj()) {
      if (!k.empty() && k.front() == '@') coll_binds.emplace_back(k, v);
    }
  }
  Value binds = Value::object(std::move(coll_binds));
  std::string key = query.text + '\n' + binds.json();
  std::uint64_t hash = hash_of(key);
  std::vector<std::string> sources = query.collections;
  for (auto const& c : query.write_collections) sources.push_back(c);
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  SourceVersions versions = source_versions(db, sources, false);

  std::lock_guard lock(mutex_);
  auto& list = plans_[database];
  auto it = std::find_if(list.begin(), list.end(), [&](PlanEntry const& e) { return e.key == key; });
  if (it != list.end() && it->versions == versions) {
    ++it->hits;
    list.splice(list.begin(), list, it);
    return std::to_string(hash);
  }
  if (it != list.end()) list.erase(it);
  PlanEntry e;
  e.key = std::move(key);
  e.hash = hash;
  e.query_hash = hash_of(query.text);
  e.query = query.text;
  e.bind_vars_json = binds.json();
  e.full_count = options.attr("fullCount").to_bool();
  e.data_sources = std::move(sources);
  e.versions = std::move(versions);
  e.created = std::chrono::system_clock::now();
  // a plan's size grows with the query (nodes) and its bind parameters
  e.memory = 1900 + 8 * e.key.size() + 64 * static_cast<std::uint64_t>(query.node_count);
  if (e.memory > kPlanMaxEntrySize) return {};
  list.push_front(std::move(e));
  std::uint64_t total = 0;
  std::size_t n = 0;
  for (auto x = list.begin(); x != list.end();) {
    if (n >= kPlanMaxEntries || total + x->memory > kPlanMaxMemory) {
      x = list.erase(x);
      continue;
    }
    total += x->memory;
    ++n;
    ++x;
  }
  // the first run plans the query: it uses no cached plan yet
  return {};
}

std::string QueryCaches::plan_entries_json(std::string const& database, Database const& db) {
  std::lock_guard lock(mutex_);
  JsonWriter w;
  w.begin_array();
  auto lit = plans_.find(database);
  if (lit != plans_.end()) {
    drop_stale(lit->second, db, false);
    for (auto const& e : lit->second) {
      w.begin_object()
          .kv("hash", std::to_string(e.hash))
          .kv("query", e.query)
          .kv("queryHash", e.query_hash);
      w.key("bindVars").raw(e.bind_vars_json);
      w.kv("fullCount", e.full_count);
      w.key("dataSources");
      write_names(w, e.data_sources);
      w.kv("created", iso_seconds(e.created)).kv("hits", e.hits).kv("memoryUsage", e.memory);
      w.end_object();
    }
  }
  w.end_array();
  return w.str();
}

void QueryCaches::clear_plans(std::string const& database) {
  std::lock_guard lock(mutex_);
  plans_.erase(database);
}

}  // namespace emu::aql
