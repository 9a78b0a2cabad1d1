#include "aql/service.hpp"

#include <algorithm>

#include "aql/error.hpp"
#include "aql/parser.hpp"
#include "aql/query_cache.hpp"
#include "docstore.hpp"
#include "store.hpp"

namespace emu::aql {

AqlService& AqlService::instance() {
  static AqlService s;
  return s;
}

std::uint64_t AqlService::next_id() { return new_tick(); }

QueryObserver*& current_query_observer() noexcept {
  thread_local QueryObserver* observer = nullptr;
  return observer;
}

QueryOutcome AqlService::run(QueryRequest const& req) {
  QueryOutcome out;
  std::unique_ptr<DataSource> own_source;
  DataSource* source = req.source;
  if (source == nullptr) {
    own_source = make_docstore_source(req.db);
    source = own_source.get();
  }
  // Query::canUseQueryCache: not inside a stream transaction, not streaming.
  auto& caches = QueryCaches::instance();
  bool use_results_cache = req.source == nullptr && req.db != nullptr &&
                           !req.options.attr("stream").to_bool() &&
                           caches.results_cache_applies(req.query, req.cache);
  std::string cache_key;
  if (use_results_cache) {
    cache_key = QueryCaches::results_key(req.query, req.bind_vars, req.count,
                                         req.options.attr("fullCount").to_bool());
    std::vector<std::string> sources;
    if (auto hit = caches.lookup_result(req.database, cache_key, &sources, *req.db)) {
      // the caller must still be allowed to read what the query read
      for (auto const& c : sources) {
        if (!req.authorize) break;
        if (auto [code, message] = req.authorize(c, false); code != 0) throw QueryError(code, message);
      }
      out.results = std::move(hit->results);
      out.stats = hit->stats;
      out.execution_time = hit->execution_time;
      out.cached = true;
      return out;
    }
  }
  ParseOptions po;
  po.bind_vars = req.bind_vars;
  po.source = source;
  auto t0 = std::chrono::steady_clock::now();
  out.ast = parse_query(req.query, po);
  if (req.db != nullptr) {
    out.plan_cache_key = caches.use_plan(req.database, *out.ast, req.bind_vars, req.options, *req.db);
  }
  if (req.authorize) {
    // written collections need write access, the others read access
    for (auto const& c : out.ast->write_collections) {
      if (auto [code, message] = req.authorize(c, true); code != 0) throw QueryError(code, message);
    }
    for (auto const& c : out.ast->collections) {
      bool written = std::find(out.ast->write_collections.begin(), out.ast->write_collections.end(), c) !=
                     out.ast->write_collections.end();
      if (written) continue;
      if (auto [code, message] = req.authorize(c, false); code != 0) throw QueryError(code, message);
    }
  }

  auto rq = std::make_shared<RunningQuery>();
  rq->id = next_id();
  rq->database = req.database;
  rq->user = req.user;
  rq->query = req.query;
  rq->bind_vars = req.bind_vars;
  rq->started = std::chrono::system_clock::now();
  rq->started_steady = std::chrono::steady_clock::now();
  if (auto const* s = req.options.get("stream")) rq->stream = s->to_bool();
  QueryTrackingProperties props = properties();
  {
    std::lock_guard lock(mutex_);
    if (props.enabled) running_[rq->id] = rq;
  }
  struct Unregister {
    AqlService* self;
    std::shared_ptr<RunningQuery> q;
    QueryTrackingProperties props;
    ~Unregister() {
      std::lock_guard lock(self->mutex_);
      self->running_.erase(q->id);
      q->run_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - q->started_steady).count();
      double threshold = q->stream ? props.slow_streaming_query_threshold : props.slow_query_threshold;
      if (props.enabled && props.track_slow_queries && q->run_time >= threshold && threshold >= 0) {
        q->state = q->killed ? "killed" : "finished";
        auto& list = self->slow_[q->database];
        list.push_back(q);
        while (list.size() > props.max_slow_queries) list.erase(list.begin());
      }
    }
  } unregister{this, rq, props};
  // after `unregister`, so it is told first when the query ends
  struct Observe {
    QueryObserver* obs;
    std::shared_ptr<RunningQuery> q;
    ~Observe() {
      if (obs != nullptr) obs->query_finished(q);
    }
  } observe{current_query_observer(), rq};
  if (observe.obs != nullptr) observe.obs->query_started(rq);

  ExecOptions eo;
  auto const& o = req.options;
  if (auto const* v = o.get("fullCount")) eo.full_count = v->to_bool();
  if (auto const* v = o.get("maxWarningCount"); v && v->is_number()) {
    eo.max_warning_count = static_cast<std::size_t>(std::max(0.0, v->num()));
  }
  if (auto const* v = o.get("failOnWarning")) eo.fail_on_warning = v->to_bool();
  if (auto const* v = o.get("maxRuntime"); v && v->is_number()) eo.max_runtime = v->num();
  eo.memory_limit = req.memory_limit;
  if (auto const* v = o.get("memoryLimit"); v && v->is_number() && v->num() > 0) {
    eo.memory_limit = static_cast<std::uint64_t>(v->num());
  }
  eo.database = req.database;
  eo.user = req.user;
  eo.killed = &rq->killed;
  Evaluator ev(*out.ast, *source, eo);
  try {
    out.results = ev.run();
  } catch (QueryError& e) {
    rq->exit_code = e.code();
    if (e.code() == 1500) throw;
    if (e.message().find("(while") == std::string::npos) {
      e.set_message("AQL: " + e.message() + " (while executing)");
    }
    throw;
  }
  out.stats = ev.stats();
  out.warnings = ev.warnings();
  out.profile = ev.profile();
  out.execution_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (use_results_cache && out.warnings.empty() && QueryCaches::deterministic(*out.ast)) {
    caches.store_result(req.database, cache_key, *out.ast, req.bind_vars,
                        CachedResult{out.results, out.stats, out.execution_time},
                        out.execution_time, rq->started, *req.db);
  }
  return out;
}

std::vector<std::shared_ptr<RunningQuery>> AqlService::current(std::string const& db) {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<RunningQuery>> out;
  for (auto const& [id, q] : running_) {
    if (q->database == db) out.push_back(q);
  }
  return out;
}

std::vector<std::shared_ptr<RunningQuery>> AqlService::slow(std::string const& db) {
  std::lock_guard lock(mutex_);
  auto it = slow_.find(db);
  if (it == slow_.end()) return {};
  return it->second;
}

void AqlService::clear_slow(std::string const& db) {
  std::lock_guard lock(mutex_);
  slow_.erase(db);
}

int AqlService::kill(std::string const& db, std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(id);
  if (it == running_.end() || it->second->database != db) return 1591;
  it->second->killed = true;
  it->second->state = "killed";
  return 0;
}

void AqlService::kill_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, q] : running_) q->killed = true;
}

QueryTrackingProperties AqlService::properties() {
  std::lock_guard lock(mutex_);
  return props_;
}

void AqlService::set_properties(QueryTrackingProperties const& p) {
  std::lock_guard lock(mutex_);
  props_ = p;
}

}  // namespace emu::aql
