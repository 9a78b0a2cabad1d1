#include "aql/service.hpp"

#include <algorithm>
#include <limits>

#include <unistd.h>

#include "aql/error.hpp"
#include "aql/parser.hpp"
#include "aql/query_cache.hpp"
#include "docstore.hpp"
#include "store.hpp"

namespace emu::aql {

AqlService& AqlService::instance() {
  // Never destroyed: cursors kept in other statics (the cursor registry) end their queries
  // through the service while the process exits, in whatever order those statics go.
  static AqlService* const s = new AqlService;
  return *s;
}

namespace {
// --query.memory-limit's default: a sixteenth of the RAM (what the limit counts
// is the results' and held rows' velocypack size; the process holds several
// times that), so that one runaway query fails with error 32 instead of
// taking the process down.
std::uint64_t default_query_memory_limit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 1ULL << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 16;
}
}  // namespace

AqlService::AqlService() : default_memory_limit(default_query_memory_limit()) {}

std::uint64_t AqlService::next_id() { return new_tick(); }

QueryObserver*& current_query_observer() noexcept {
  thread_local QueryObserver* observer = nullptr;
  return observer;
}

struct QueryExecution::State {
  AqlService* service = nullptr;
  std::unique_ptr<DataSource> own_source;
  std::unique_ptr<Query> ast;
  std::shared_ptr<RunningQuery> rq;
  QueryTrackingProperties props;
  QueryObserver* observer = nullptr;
  std::unique_ptr<Evaluator> ev;
  std::chrono::steady_clock::time_point t0;
  double execution_time = 0;
  bool done = false;
  std::string plan_cache_key;  // a cached plan was used (usePlanCache)
};

QueryExecution::~QueryExecution() {
  if (!s_ || !s_->rq) return;
  s_->service->finish(*s_->rq, s_->props);
  // after the unregistering, so the observer is told last
  if (s_->observer != nullptr) s_->observer->query_finished(s_->rq);
}

bool QueryExecution::modification() const noexcept { return s_->ast->modification; }

void QueryExecution::detach_observer() {
  if (s_->observer != nullptr) s_->observer->query_finished(s_->rq);
  s_->observer = nullptr;
}

bool QueryExecution::fetch(std::size_t n, std::vector<Value>& out, bool held) {
  if (s_->done) return false;
  try {
    Value v;
    for (std::size_t i = 0; i < n; ++i) {
      if (!s_->ev->next_result(v, held)) {
        s_->done = true;
        break;
      }
      out.push_back(std::move(v));
    }
  } catch (QueryError& e) {
    s_->done = true;
    s_->rq->exit_code = e.code();
    if (e.code() != 1500 && (e.annotated() || !has_phase_suffix(e.message()))) {
      e.set_message("AQL: " + e.message() + " (while executing)");
    }
    throw;
  }
  s_->execution_time =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - s_->t0).count();
  return !s_->done;
}

QueryOutcome QueryExecution::outcome() const {
  QueryOutcome out;
  out.stats = s_->ev->stats();
  out.warnings = s_->ev->warnings();
  out.profile = s_->ev->profile();
  out.execution_time = s_->execution_time;
  out.plan_cache_key = s_->plan_cache_key;
  return out;
}

void AqlService::finish(RunningQuery& q, QueryTrackingProperties const& props) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(q.id);
  if (it == running_.end()) return;
  auto self = it->second;
  running_.erase(it);
  q.run_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - q.started_steady).count();
  double threshold = q.stream ? props.slow_streaming_query_threshold : props.slow_query_threshold;
  if (props.enabled && props.track_slow_queries && q.run_time >= threshold && threshold >= 0) {
    q.state = q.killed ? "killed" : "finished";
    auto& list = slow_[q.database];
    list.push_back(std::move(self));
    while (list.size() > props.max_slow_queries) list.erase(list.begin());
  }
}

std::unique_ptr<QueryExecution> AqlService::start(QueryRequest const& req) {
  std::unique_ptr<QueryExecution> exec(new QueryExecution());
  exec->s_ = std::make_unique<QueryExecution::State>();
  auto& st = *exec->s_;
  st.service = this;
  DataSource* source = req.source;
  if (source == nullptr) {
    st.own_source = make_docstore_source(req.db);
    source = st.own_source.get();
  }
  ParseOptions po;
  po.bind_vars = req.bind_vars;
  po.source = source;
  st.t0 = std::chrono::steady_clock::now();
  st.ast = parse_query(req.query, po);
  if (auto const* f = req.options.get("failOnWarning");
      f != nullptr && f->to_bool() && !st.ast->parse_warnings.empty()) {
    // failOnWarning turns the parser's first warning into the query's error
    throw QueryError(st.ast->parse_warnings.front().first, st.ast->parse_warnings.front().second);
  }
  if (req.db != nullptr) {
    st.plan_cache_key =
        QueryCaches::instance().use_plan(req.database, *st.ast, req.bind_vars, req.options, *req.db);
  }
  if (req.authorize) {
    // written collections need write access, the others read access
    for (auto const& c : st.ast->write_collections) {
      if (auto [code, message] = req.authorize(c, true); code != 0) throw QueryError(code, message);
    }
    for (auto const& c : st.ast->collections) {
      bool written = std::find(st.ast->write_collections.begin(), st.ast->write_collections.end(), c) !=
                     st.ast->write_collections.end();
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
  st.props = properties();
  {
    std::lock_guard lock(mutex_);
    if (st.props.enabled) running_[rq->id] = rq;
  }
  st.rq = rq;
  st.observer = current_query_observer();
  if (st.observer != nullptr) st.observer->query_started(rq);

  ExecOptions eo;
  auto const& o = req.options;
  if (auto const* v = o.get("fullCount")) eo.full_count = v->to_bool();
  if (auto const* v = o.get("maxWarningCount"); v && v->is_number()) {
    eo.max_warning_count = static_cast<std::size_t>(std::max(0.0, v->num()));
  }
  if (auto const* v = o.get("failOnWarning")) eo.fail_on_warning = v->to_bool();
  if (auto const* v = o.get("maxRuntime"); v && v->is_number()) eo.max_runtime = v->num();
  // memoryLimit: the request's, else the server's default (0 in a request
  // means "use the default" as in arangod)
  eo.memory_limit = default_memory_limit.load();
  if (req.memory_limit > 0) eo.memory_limit = req.memory_limit;
  if (auto const* v = o.get("memoryLimit"); v && v->is_number() && v->num() > 0) {
    eo.memory_limit = static_cast<std::uint64_t>(v->num());
  }
  eo.database = req.database;
  eo.user = req.user;
  eo.killed = &rq->killed;
  st.ev = std::make_unique<Evaluator>(*st.ast, *source, eo);
  for (auto const& [code, message] : st.ast->parse_warnings) st.ev->warn(code, message);
  return exec;
}

QueryOutcome AqlService::run(QueryRequest const& req) {
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
      QueryOutcome out;
      out.results = std::move(hit->results);
      out.stats = hit->stats;
      out.execution_time = hit->execution_time;
      out.cached = true;
      return out;
    }
  }
  auto exec = start(req);
  std::vector<Value> results;
  exec->fetch(std::numeric_limits<std::size_t>::max(), results, true);
  QueryOutcome out = exec->outcome();
  out.results = std::move(results);
  out.ast = std::move(exec->s_->ast);
  exec->s_->ev.reset();  // it refers to the AST handed out
  if (use_results_cache && out.warnings.empty() && QueryCaches::deterministic(*out.ast)) {
    caches.store_result(req.database, cache_key, *out.ast, req.bind_vars,
                        CachedResult{out.results, out.stats, out.execution_time},
                        out.execution_time, exec->s_->rq->started, *req.db);
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
