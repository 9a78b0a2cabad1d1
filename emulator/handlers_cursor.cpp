// /_api/cursor: AQL queries and result cursors.
//
// Queries run synchronously in the handler; the server runs handlers on its
// worker threads (see server.cpp), so a long query (SLEEP) never blocks the
// I/O threads or other requests. Results are materialised, except for a
// `stream: true` query that writes nothing: its cursor keeps the running
// query and pulls each batch when it is asked for. In a stream transaction
// such a cursor keeps the transaction's lease until it is exhausted, deleted
// or expires, as arangod's QueryStreamCursor keeps the leased transaction
// context: its batches are fetched without x-arango-trx-id, and meanwhile
// other requests on the transaction, its commit and its abort wait for the
// lease and fail with 28 when it does not come.
// A cursor keeps the remaining rows and serves them in batches until it is
// exhausted, deleted or idle for longer than its ttl.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

#include "aql/error.hpp"
#include "aql/plan.hpp"
#include "aql/service.hpp"
#include "faults.hpp"
#include "handlers.hpp"
#include "handlers_common.hpp"
#include "router.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu {

using aql::Value;

namespace {

struct Cursor {
  std::uint64_t id = 0;
  std::string database;
  std::string user;
  std::vector<Value> results;
  std::size_t pos = 0;
  std::size_t batch_size = 1000;
  bool has_count = false;
  bool stream = false;
  bool allow_retry = false;
  bool cached = false;             // served from the query results cache
  double ttl = 30;
  std::chrono::steady_clock::time_point last_access;
  std::uint64_t batch_id = 1;      // id of the batch last sent
  std::string last_response;       // body of the batch last sent (allowRetry)
  std::string extra;               // serialised "extra" object
  bool busy = false;
  // a streaming query in a stream transaction: the leased transaction and
  // the query's view of it (declared before exec: they outlive it)
  std::unique_ptr<DocTarget> target;
  std::unique_ptr<aql::DataSource> trx_source;
  // a streaming query: results[pos..] are the rows pulled so far, one more
  // than a batch when there are more (hasMore)
  std::unique_ptr<aql::QueryExecution> exec;
  std::mutex fetch_mutex;          // one batch pull at a time
  bool full_count = false;
  int profile = 0;
};

// Never destroyed: a cursor left at exit may hold a stream transaction's
// lease, and the transaction manager's statics may be gone by then.
struct CursorRegistry {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<Cursor>> cursors;
};
CursorRegistry& registry() {
  static auto* r = new CursorRegistry;
  return *r;
}

void expire_cursors() {
  auto now = std::chrono::steady_clock::now();
  // destroyed after the lock is given up: a cursor may end a query and give
  // back a transaction's lease
  std::vector<std::shared_ptr<Cursor>> expired;
  std::lock_guard lock(registry().mutex);
  for (auto it = registry().cursors.begin(); it != registry().cursors.end();) {
    auto idle = std::chrono::duration<double>(now - it->second->last_access).count();
    if (!it->second->busy && idle > it->second->ttl) {
      expired.push_back(std::move(it->second));
      it = registry().cursors.erase(it);
    } else {
      ++it;
    }
  }
}

void write_stats(JsonWriter& w, aql::QueryOutcome const& out, bool full_count,
                 std::vector<aql::NodeProfile> const* nodes) {
  auto const& s = out.stats;
  w.begin_object();
  w.kv("writesExecuted", s.writes_executed)
      .kv("writesIgnored", s.writes_ignored)
      .kv("documentLookups", s.document_lookups)
      .kv("seeks", s.seeks)
      .kv("scannedFull", s.scanned_full)
      .kv("scannedIndex", s.scanned_index)
      .kv("searchParallelism", 1)
      .kv("cursorsCreated", 0)
      .kv("cursorsRearmed", 0)
      .kv("cacheHits", 0)
      .kv("cacheMisses", 0)
      .kv("filtered", s.filtered)
      .kv("httpRequests", 0);
  if (full_count) {
    w.kv("fullCount", static_cast<std::int64_t>(s.full_count < 0 ? 0 : s.full_count));
  }
  w.kv("executionTime", out.execution_time)
      .kv("peakMemoryUsage", static_cast<std::int64_t>(s.writes_executed > 0 ? 32768 : 0))
      .kv("intermediateCommits", 0);
  if (nodes != nullptr) {
    w.key("nodes").begin_array();
    for (auto const& n : *nodes) {
      w.begin_object()
          .kv("id", n.id)
          .kv("calls", n.calls)
          .kv("parallel", 0)
          .kv("items", n.items)
          .kv("filtered", n.filtered)
          .kv("runtime", n.runtime)
          .kv("fetching", 0.0)
          .end_object();
    }
    w.end_array();
  }
  w.end_object();
}

std::string warnings_json(std::vector<aql::Warning> const& warnings) {
  JsonWriter w;
  w.begin_array();
  for (auto const& x : warnings) {
    w.begin_object().kv("code", x.code).kv("message", x.message).end_object();
  }
  w.end_array();
  return w.str();
}


std::string make_extra(aql::QueryOutcome const& out, bool full_count, int profile) {
  JsonWriter w;
  w.begin_object();
  w.key("warnings").raw(warnings_json(out.warnings));
  w.key("stats");
  write_stats(w, out, full_count, profile >= 2 ? &out.profile : nullptr);
  if (profile >= 2 && out.ast) {
    w.key("plan");
    aql::write_plan(w, *out.ast);
  }
  if (profile >= 1) {
    double t = out.execution_time;
    w.key("profile").begin_object()
        .kv("initializing", 0.000002)
        .kv("parsing", 0.00003)
        .kv("optimizing ast", 0.000004)
        .kv("loading collections", 0.00002)
        .kv("instantiating plan", 0.000017)
        .kv("optimizing plan", 0.0001)
        .kv("instantiating executors", 0.000035)
        .kv("executing", t)
        .kv("finalizing", 0.00004)
        .end_object();
  }
  w.end_object();
  return w.str();
}

void write_results(JsonWriter& w, std::vector<Value> const& results, std::size_t from, std::size_t to) {
  std::string s = "[";
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) s += ',';
    results[i].write_json(s);
  }
  s += ']';
  w.raw(s);
}

int status_for_query_error(int code) {
  switch (code) {
    case 1203: case 1202: case 1582: case 1591: case 1600: return 404;
    case 1200: case 1210: return 409;
    case 1500: return 410;
    case 1501: case 1502: case 1510: case 1511: case 1512: case 1540: case 1541: case 1550:
    case 1551: case 1552: case 1553: case 1563: case 1568: case 1572: case 1574: case 1575:
    case 1221: case 1222: case 1226: case 1227: case 1233: case 1569: case 1593: case 1504:
    case 1562: case 1542: case 1543: case 1579:
      return 400;
    default:
      return http_status_for_error(code);
  }
}

// Next batch of a cursor as the response body; removes exhausted cursors.
std::string cursor_batch(Cursor& c, int code) {
  std::size_t to = std::min(c.results.size(), c.pos + c.batch_size);
  bool has_more = to < c.results.size();
  JsonWriter w;
  w.begin_object();
  w.key("result");
  write_results(w, c.results, c.pos, to);
  w.kv("hasMore", has_more);
  if (has_more || c.allow_retry) w.kv("id", std::to_string(c.id));
  if (c.has_count && !c.stream) w.kv("count", static_cast<std::int64_t>(c.results.size()));
  if (!c.stream || !has_more) w.key("extra").raw(c.extra);
  w.kv("cached", c.cached);
  if (has_more) w.kv("nextBatchId", std::to_string(c.batch_id + 1));
  w.kv("error", false).kv("code", code);
  w.end_object();
  c.pos = to;
  return w.str();
}

// A streaming cursor pulls the rows of its next batch (and one more, to know
// whether there are more); "extra" is known once the query is done.
std::optional<HttpResponse> refill(Cursor& c) {
  if (!c.exec) return std::nullopt;
  std::size_t want = c.batch_size + 1;
  if (c.results.size() - c.pos >= want) return std::nullopt;
  c.results.erase(c.results.begin(), c.results.begin() + static_cast<std::ptrdiff_t>(c.pos));
  c.pos = 0;
  // the query is done (or failed): no longer running, and a stream
  // transaction's lease goes back
  auto finish = [&c] {
    c.exec.reset();
    c.trx_source.reset();
    c.target.reset();
  };
  try {
    bool more = c.exec->fetch(want - c.results.size(), c.results, false);
    if (!more) {
      c.extra = make_extra(c.exec->outcome(), c.full_count, c.profile);
      finish();
    }
  } catch (aql::QueryError const& e) {
    finish();
    return error_response(status_for_query_error(e.code()), e.code(), e.message());
  }
  return std::nullopt;
}

HttpResponse create_cursor(RequestContext& ctx) {
  expire_cursors();
  auto parse = parse_body(ctx);
  if (parse.empty) return error_response(400, 1502, "query is empty");
  if (!parse.ok) return corrupted_json_response(parse);
  Value body = Value::from_json(*parse.doc);
  // RestCursorHandler::createQueryCursor / registerQueryOrCursor
  if (body.is_object() && body.obj().empty()) return error_response(400, 600);
  if (!body.is_object()) return error_response(400, 1502, "query is empty");
  Value q = body.attr("query");
  if (!q.is_string() || q.str().empty()) return error_response(400, 1502, "query is empty");
  Value bind = body.attr("bindVars");
  if (bind.is_null()) bind = Value::empty_object();
  if (!bind.is_object()) return error_response(400, 17, "expecting object for <bindVars>");
  Value options = body.attr("options");
  if (!options.is_object()) options = Value::empty_object();
  std::size_t batch_size = 1000;
  // RestCursorHandler::buildOptions: a number only (anything else: the default);
  // 0 is a type error; a negative integer fails in velocypack's getUInt().
  if (auto const* b = body.get("batchSize"); b && b->is_number()) {
    if (b->num() == 0) return error_response(400, 17, "expecting non-zero value for <batchSize>");
    if (b->is_int() && b->num() < 0) {
      return error_response(500, 4, "caught velocypack error in RestCursorHandler: Number out of range");
    }
    batch_size = b->num() < 1 ? 1 : static_cast<std::size_t>(std::min(b->num(), 1e15));
  }
  bool count = body.attr("count").to_bool();
  double ttl = 30;
  if (auto const* t = body.get("ttl"); t && t->is_number() && t->num() > 0) ttl = t->num();
  // "stream" counts at the top level too; a streaming query ignores count
  bool stream = options.attr("stream").to_bool() || body.attr("stream").to_bool();
  if (stream && !options.attr("stream").to_bool()) {
    aql::Object with_stream = options.obj();
    with_stream.emplace_back("stream", Value::boolean(true));
    options = Value::object(std::move(with_stream));
  }
  bool allow_retry = options.attr("allowRetry").to_bool();
  int profile = 0;
  if (auto const* p = options.get("profile")) {
    profile = p->is_bool() ? (p->as_bool() ? 1 : 0) : static_cast<int>(p->to_number());
  }
  bool full_count = options.attr("fullCount").to_bool();

  aql::QueryRequest req;
  req.query = q.str();
  req.bind_vars = bind;
  req.options = options;
  req.db = ctx.db;
  req.database = ctx.database;
  req.user = ctx.user();
  req.count = count;
  // `cache` is read from the options first, then from the body (buildOptions)
  if (auto const* x = options.get("cache"); x && !x->is_null()) {
    req.cache = x->to_bool();
  } else if (auto const* y = body.get("cache"); y && !y->is_null()) {
    req.cache = y->to_bool();
  }
  // read-only server mode: a non-superuser's writes fail with 1004 (handlers_admin.cpp)
  bool const read_only = ctx.svc.stats.admin.read_only.load() &&
                         !(ctx.auth_active() && ctx.auth.authenticated && ctx.auth.superuser_token);
  if (AccessContext access = AccessContext::of(ctx); access.restricted() || read_only) {
    req.authorize = [access, read_only](std::string const& collection, bool write) {
      if (write && read_only) return std::pair<int, std::string>(err::kArangoReadOnly, "read only");
      AccessDenied denied = access.check_collection(collection, write ? "write" : "read");
      return std::pair<int, std::string>(denied.error, denied.message);
    };
  }
  if (auto const* m = body.get("memoryLimit"); m && m->is_number() && m->num() > 0) {
    req.memory_limit = static_cast<std::uint64_t>(m->num());
  }
  // x-arango-trx-id: the query reads and writes the stream transaction's
  // view (RestCursorHandler leases it for writing). A materialised result
  // needs the transaction no more; a streaming cursor keeps the lease.
  auto target = std::make_unique<DocTarget>();
  if (auto e = target->open(ctx, TrxAccess::Write, /*quoted_id=*/true)) return *e;
  std::unique_ptr<aql::DataSource> trx_source;
  if (target->in_transaction()) {
    trx_source = make_target_source(*target, ctx.db);
    req.source = trx_source.get();
  }
  aql::QueryOutcome out;
  std::unique_ptr<aql::QueryExecution> exec;
  try {
    if (stream) {
      exec = aql::AqlService::instance().start(req);
      bool more = exec->fetch(exec->modification() ? std::numeric_limits<std::size_t>::max()
                                                   : batch_size + 1,
                              out.results, exec->modification());
      if (!more) {
        std::vector<Value> results = std::move(out.results);
        out = exec->outcome();
        out.results = std::move(results);
        exec.reset();
      }
    } else {
      out = aql::AqlService::instance().run(req);
    }
  } catch (aql::QueryError const& e) {
    return error_response(status_for_query_error(e.code()), e.code(), e.message());
  }
  std::string extra = exec ? std::string() : make_extra(out, full_count, profile);
  bool has_more = out.results.size() > batch_size;
  if (!has_more) {
    JsonWriter w;
    w.begin_object();
    w.key("result");
    write_results(w, out.results, 0, out.results.size());
    w.kv("hasMore", false);
    if (count && !stream) w.kv("count", static_cast<std::int64_t>(out.results.size()));
    w.kv("cached", out.cached);
    w.key("extra").raw(extra);
    if (!out.plan_cache_key.empty()) w.kv("planCacheKey", out.plan_cache_key);
    w.kv("error", false).kv("code", 201);
    w.end_object();
    return json_response(201, w);
  }
  auto c = std::make_shared<Cursor>();
  c->id = aql::AqlService::instance().next_id();
  c->database = ctx.database;
  c->user = ctx.user();
  c->results = std::move(out.results);
  c->batch_size = batch_size;
  c->has_count = count;
  c->stream = stream;
  c->allow_retry = allow_retry;
  c->cached = out.cached;
  c->ttl = ttl;
  c->extra = extra;
  c->full_count = full_count;
  c->profile = profile;
  if (exec) {
    exec->detach_observer();
    c->exec = std::move(exec);
    c->trx_source = std::move(trx_source);
    c->target = std::move(target);
  }
  c->last_access = std::chrono::steady_clock::now();
  std::string body_json = cursor_batch(*c, 201);
  c->last_response = body_json;
  {
    std::lock_guard lock(registry().mutex);
    registry().cursors[c->id] = c;
  }
  return json_response(201, body_json);
}

std::shared_ptr<Cursor> find_cursor(RequestContext& ctx, std::string const& id_text) {
  std::uint64_t id = 0;
  try {
    std::size_t used = 0;
    id = std::stoull(id_text, &used);
    if (used != id_text.size()) return nullptr;
  } catch (...) {
    return nullptr;
  }
  std::lock_guard lock(registry().mutex);
  auto it = registry().cursors.find(id);
  if (it == registry().cursors.end() || it->second->database != ctx.database) return nullptr;
  return it->second;
}

HttpResponse next_batch(RequestContext& ctx) {
  expire_cursors();
  auto c = find_cursor(ctx, ctx.param("id"));
  if (!c) return error_response(404, 1600);
  std::lock_guard fetching(c->fetch_mutex);
  if (auto e = refill(*c)) return *e;
  std::lock_guard lock(registry().mutex);
  if (c->busy) return error_response(400, 1601);
  c->last_access = std::chrono::steady_clock::now();
  if (c->pos >= c->results.size() && !c->allow_retry) {
    registry().cursors.erase(c->id);
    return error_response(404, 1600);
  }
  c->batch_id += 1;
  std::string body = cursor_batch(*c, 200);
  c->last_response = body;
  if (c->pos >= c->results.size() && !c->allow_retry) registry().cursors.erase(c->id);
  return json_response(200, body);
}

// POST /_api/cursor/<id>/<batch-id> (RestCursorHandler::showLatestBatch):
// the next batch (the id the last answer gave as nextBatchId) is served to
// every cursor; only the batch last sent, again, needs allowRetry. Any other
// id (unparsable ids read as 0) is "batch id not found".
HttpResponse retry_batch(RequestContext& ctx) {
  expire_cursors();
  auto c = find_cursor(ctx, ctx.param("id"));
  if (!c) return error_response(404, 1600);
  std::uint64_t batch = 0;
  for (char ch : ctx.param("batch")) {
    if (ch < '0' || ch > '9' || batch > (UINT64_MAX - 9) / 10) {
      batch = 0;
      break;
    }
    batch = batch * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  std::lock_guard fetching(c->fetch_mutex);
  if (auto e = refill(*c)) return *e;
  std::lock_guard lock(registry().mutex);
  if (c->busy) return error_response(400, 1601);
  c->last_access = std::chrono::steady_clock::now();
  if (batch == c->batch_id && !c->allow_retry) {
    return error_response(400, 400, "expecting allowRetry option to be true");
  }
  if (batch == c->batch_id + 1 && c->pos < c->results.size()) {
    c->batch_id += 1;
    std::string body = cursor_batch(*c, 200);
    if (c->allow_retry) {
      c->last_response = body;
    } else if (c->pos >= c->results.size()) {
      registry().cursors.erase(c->id);
    }
    return json_response(200, body);
  }
  if (batch != c->batch_id) return error_response(404, 1600, "batch id not found");
  // the batch last sent, again, exactly as it was sent (the first batch
  // keeps the "code":201 of the create call)
  return json_response(200, c->last_response);
}

HttpResponse delete_cursor(RequestContext& ctx) {
  expire_cursors();
  auto c = find_cursor(ctx, ctx.param("id"));
  if (!c) return error_response(404, 1600);
  {
    std::lock_guard lock(registry().mutex);
    registry().cursors.erase(c->id);
  }
  JsonWriter w;
  w.begin_object().kv("id", std::to_string(c->id)).kv("error", false).kv("code", 202).end_object();
  return json_response(202, w);
}

}  // namespace

void expire_idle_cursors() { expire_cursors(); }

void register_cursor_handlers(Router& api) {
  api.post("/_api/cursor", create_cursor);
  api.post("/_api/cursor/:id", next_batch);
  api.put("/_api/cursor/:id", next_batch);
  api.post("/_api/cursor/:id/:batch", retry_batch);
  api.del("/_api/cursor/:id", delete_cursor);
  api.put("/_api/cursor", [](RequestContext&) {
    return error_response(400, 400, "expecting POST /_api/cursor/<cursor-id>");
  });
  api.del("/_api/cursor", [](RequestContext&) {
    return error_response(400, 400, "expecting DELETE /_api/cursor/<cursor-id>");
  });
}

}  // namespace emu
