// Replication and WAL access: /_api/replication/* (arangod's
// RocksDBRestReplicationHandler / RestReplicationHandler) and /_api/wal/*
// (RestWalAccessHandler), in the request's database.
//
// What the store can give, it gives: the server tick (logger state, WAL last
// tick and range), batches (dump contexts with a ttl), the inventory of the
// database's collections and indexes, and the dump of a collection from the
// documents as they were when its dump started (a snapshot scan, in storage
// order, chunked by chunkSize with x-arango-replication-checkmore). The
// applier is never running (it has no leader to follow). The store keeps no
// write-ahead log of operations, so /_api/wal/tail has no events to give: it
// answers 204 with the tick headers (a 3.12 server's tail lists the markers
// written since `from`); README says so.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <string>
#include <vector>

#include "docstore.hpp"
#include "error_table.hpp"
#include "handlers.hpp"
#include "json.hpp"
#include "options.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

constexpr std::size_t kMaxBatches = 256;
constexpr double kDefaultBatchTtl = 300;  // replutils::BatchInfo::DefaultTimeout
constexpr std::uint64_t kDefaultChunkSize = 128 * 1024;
constexpr std::uint64_t kMaxChunkSize = 128ULL * 1024 * 1024;

using Clock = std::chrono::steady_clock;

std::string const& server_id() {
  static std::string const id = [] {
    std::mt19937_64 rng{std::random_device{}()};
    return std::to_string(100000000000000ULL + rng() % 900000000000000ULL);
  }();
  return id;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The current server tick: the last one handed out (a new tick is taken and
// reported, so that it never goes backwards).
std::uint64_t current_tick() { return new_tick(); }

struct DumpCursor {
  std::shared_ptr<Collection> collection;
  std::unique_ptr<SnapshotScan> scan;
  std::vector<DocPtr> pending;  // read from the scan, not sent yet
  bool exhausted = false;
};

struct Batch {
  std::uint64_t id = 0;
  std::uint64_t tick = 0;
  std::string database;
  double ttl = kDefaultBatchTtl;
  Clock::time_point expires;
  std::map<std::string, DumpCursor, std::less<>> dumps;  // by collection name
};

struct Batches {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<Batch>> all;

  // Caller holds mutex.
  void sweep() {
    auto const now = Clock::now();
    for (auto it = all.begin(); it != all.end();) {
      it = it->second->expires <= now ? all.erase(it) : std::next(it);
    }
  }
};

Batches& batches() {
  static Batches b;
  return b;
}

// StringUtils::uint64: the number, or 0.
std::uint64_t to_uint64(std::string_view s) {
  std::uint64_t v = 0;
  if (s.empty() || s.size() > 20) return 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return 0;
    v = v * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  return v;
}

void write_server(JsonWriter& w, bool with_engine) {
  w.key("server").begin_object().kv("version", kServerVersion).kv("serverId", server_id());
  if (with_engine) w.kv("engine", "rocksdb");
  w.end_object();
}

void write_state(JsonWriter& w, std::uint64_t tick) {
  w.key("state").begin_object()
      .kv("running", true)
      .kv("lastLogTick", std::to_string(tick))
      .kv("lastUncommittedLogTick", std::to_string(tick))
      .kv("totalEvents", tick)
      .kv("time", now_iso())
      .end_object();
}

// ----- logger, server id, applier --------------------------------------------

HttpResponse logger_state(RequestContext&) {
  std::uint64_t const tick = current_tick();
  JsonWriter w;
  w.begin_object();
  write_state(w, tick);
  write_server(w, true);
  w.key("clients").begin_array().end_array();
  w.end_object();
  return json_response(200, w);
}

HttpResponse logger_first_tick(RequestContext&) {
  JsonWriter w;
  w.begin_object().kv("firstTick", "1").end_object();
  return json_response(200, w);
}

HttpResponse logger_tick_ranges(RequestContext&) {
  JsonWriter w;
  w.begin_array().begin_object()
      .kv("datafile", "/wal")
      .kv("status", "collected")
      .kv("tickMin", "1")
      .kv("tickMax", std::to_string(current_tick()))
      .end_object().end_array();
  return json_response(200, w);
}

HttpResponse replication_server_id(RequestContext&) {
  JsonWriter w;
  w.begin_object().kv("serverId", server_id()).end_object();
  return json_response(200, w);
}

HttpResponse applier_config(RequestContext& ctx) {
  if (ctx.method != "GET") {
    // handleCommandApplierSetConfig reads the body with parseVPackBody first
    if (auto parsed = parse_body(ctx); !parsed.ok) return corrupted_json_response(parsed);
    return error_response(400, err::kReplicationInvalidApplierConfiguration,
                          "arango-emulator: the replication applier cannot be configured");
  }
  JsonWriter w;
  w.begin_object()
      .kv("requestTimeout", 600.0)
      .kv("connectTimeout", 10.0)
      .kv("ignoreErrors", 0)
      .kv("maxConnectRetries", 100)
      .kv("lockTimeoutRetries", 0)
      .kv("sslProtocol", 0)
      .kv("chunkSize", 0)
      .kv("skipCreateDrop", false)
      .kv("autoStart", false)
      .kv("adaptivePolling", true)
      .kv("autoResync", false)
      .kv("autoResyncRetries", 2)
      .kv("maxPacketSize", 536870912)
      .kv("includeSystem", true)
      .kv("includeFoxxQueues", false)
      .kv("requireFromPresent", true)
      .kv("verbose", false)
      .kv("incremental", false)
      .kv("restrictType", "")
      .key("restrictCollections").begin_array().end_array()
      .kv("connectionRetryWaitTime", 15.0)
      .kv("initialSyncMaxWaitTime", 300.0)
      .kv("idleMinWaitTime", 1.0)
      .kv("idleMaxWaitTime", 2.5)
      .kv("force32mode", false)
      .end_object();
  return json_response(200, w);
}

HttpResponse applier_state(RequestContext& ctx) {
  std::string const now = now_iso();
  JsonWriter w;
  w.begin_object().key("state").begin_object()
      .kv("started", now)
      .kv("running", false)
      .kv("phase", "inactive")
      .key("lastAppliedContinuousTick").null()
      .key("lastProcessedContinuousTick").null()
      .key("lastAvailableContinuousTick").null()
      .key("safeResumeTick").null()
      .key("progress").begin_object()
      .kv("time", now)
      .kv("message", "applier initially created for database '" + ctx.database + "'")
      .kv("failedConnects", 0)
      .end_object()
      .kv("totalRequests", 0)
      .kv("totalFailedConnects", 0)
      .kv("totalEvents", 0)
      .kv("totalDocuments", 0)
      .kv("totalRemovals", 0)
      .kv("totalResyncs", 0)
      .kv("totalOperationsExcluded", 0)
      .kv("totalApplyTime", 0.0)
      .kv("averageApplyTime", 0.0)
      .kv("totalFetchTime", 0.0)
      .kv("averageFetchTime", 0.0)
      .key("lastError").begin_object().kv("errorNum", 0).end_object()
      .kv("time", now)
      .end_object();
  write_server(w, false);
  w.kv("endpoint", "").kv("database", ctx.database).end_object();
  return json_response(200, w);
}

// ----- batches ------------------------------------------------------------------

// The response arangod's HttpCommTask starts every request with, sent as it is when a handler
// returns without writing one: 500, the request's response content type, no body.
HttpResponse no_answer() {
  HttpResponse r = empty_response(500);
  r.content_type = "application/json; charset=utf-8";
  return r;
}

HttpResponse batch(RequestContext& ctx) {
  auto& b = batches();
  std::vector<std::string> suffixes(ctx.segments.begin() + 3, ctx.segments.end());
  // RocksDBRestReplicationHandler::handleCommandBatch: parseVPackBody's 400 / 600 for a body it
  // cannot parse; a body that is no object (none included) makes it return without an answer,
  // which leaves the response arangod starts every request with: 500, no body.
  if (ctx.method == "POST" && suffixes.empty()) {
    auto parsed = parse_body(ctx);
    if (!parsed.ok) return corrupted_json_response(parsed);
    if (parsed.empty || !parsed.doc->IsObject()) return no_answer();
    double ttl = kDefaultBatchTtl;
    if (auto const* t = member(*parsed.doc, "ttl"); t != nullptr && t->IsNumber() && t->GetDouble() > 0) {
      ttl = std::min(t->GetDouble(), 86400.0);
    }
    auto batch = std::make_shared<Batch>();
    batch->id = new_tick();
    batch->tick = current_tick();
    batch->database = ctx.database;
    batch->ttl = ttl;
    batch->expires = Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(ttl * 1000));
    std::lock_guard lock(b.mutex);
    b.sweep();
    if (b.all.size() >= kMaxBatches) {
      return error_response(400, err::kResourceLimit, "arango-emulator keeps at most 256 replication batches");
    }
    b.all[batch->id] = batch;
    JsonWriter w;
    w.begin_object().kv("id", std::to_string(batch->id)).kv("lastTick", std::to_string(batch->tick)).end_object();
    return json_response(200, w);
  }
  if ((ctx.method == "PUT" || ctx.method == "DELETE") && suffixes.size() == 1) {
    std::uint64_t const id = to_uint64(suffixes[0]);
    // PUT reads the body before it looks for the batch (see POST for the answers)
    BodyParse parsed;
    if (ctx.method == "PUT") {
      parsed = parse_body(ctx);
      if (!parsed.ok) return corrupted_json_response(parsed);
      if (parsed.empty || !parsed.doc->IsObject()) return no_answer();
    }
    std::lock_guard lock(b.mutex);
    b.sweep();
    auto it = b.all.find(id);
    if (it == b.all.end()) return error_response(404, err::kCursorNotFound);
    if (ctx.method == "DELETE") {
      b.all.erase(it);
    } else {
      double ttl = it->second->ttl;
      if (auto const* t = member(*parsed.doc, "ttl"); t != nullptr && t->IsNumber() && t->GetDouble() > 0) {
        ttl = std::min(t->GetDouble(), 86400.0);
      }
      it->second->expires = Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(ttl * 1000));
    }
    return empty_response(204);
  }
  return error_response(405, err::kHttpMethodNotAllowed);
}

std::shared_ptr<Batch> find_batch(std::string const& id) {
  auto& b = batches();
  std::lock_guard lock(b.mutex);
  b.sweep();
  auto it = b.all.find(to_uint64(id));
  return it == b.all.end() ? nullptr : it->second;
}

// ----- inventory ----------------------------------------------------------------

void write_parameters(JsonWriter& w, Database const& db, Collection const& c) {
  w.begin_object()
      .kv("cacheEnabled", c.data.cache_enabled)
      .key("computedValues").null()
      .kv("deleted", false)
      .kv("globallyUniqueId", c.globally_unique_id)
      .kv("id", std::to_string(c.id))
      .kv("internalValidatorType", 0)
      .kv("isSmartChild", false)
      .kv("isSystem", c.is_system)
      .key("keyOptions");
  c.data.keygen.write(w);
  w.kv("minReplicationFactor", static_cast<std::uint64_t>(c.data.write_concern))
      .kv("name", c.name)
      .kv("numberOfShards", 1)
      .kv("planId", std::to_string(c.id))
      .kv("replicationFactor", static_cast<std::uint64_t>(c.data.replication_factor))
      .key("schema");
  write_schema(w, c.data.schema);
  w.key("shardKeys").begin_array().string("_key").end_array()
      .kv("shardingStrategy", "hash")
      .kv("status", 3)
      .kv("syncByRevision", true)
      .kv("type", static_cast<int>(c.type))
      .kv("usesRevisionsAsDocumentIds", true)
      .kv("version", 7)
      .kv("waitForSync", c.wait_for_sync)
      .kv("writeConcern", static_cast<std::uint64_t>(db.write_concern))
      .end_object();
}

void write_collections(JsonWriter& w, RequestContext& ctx, Database const& db, bool include_system,
                       std::string const* only) {
  AccessContext access = AccessContext::of(ctx);
  w.key("collections").begin_array();
  for (auto const& c : db.collections_sorted()) {
    if (!include_system && c->is_system) continue;
    if (only != nullptr && c->name != *only) continue;
    if (ctx.database == db.name && !access.can_use_collection(c->name, AuthLevel::RO)) continue;
    std::shared_lock lock(c->mutex);
    w.begin_object().key("indexes").begin_array();
    for (auto const& idx : c->data.indexes) write_index(w, *idx, c->name);
    w.end_array().key("parameters");
    write_parameters(w, db, *c);
    w.end_object();
  }
  w.end_array();
}

HttpResponse inventory(RequestContext& ctx) {
  auto const* batch_id = ctx.query_value("batchId");
  if (batch_id == nullptr) return error_response(404, err::kCursorNotFound, "batchId not specified");
  auto batch = find_batch(*batch_id);
  if (batch == nullptr) return error_response(404, err::kCursorNotFound, "context was not found");
  bool const include_system = ctx.query_flag("includeSystem", true);
  bool const global = ctx.query_flag("global", false);
  std::string const* only = ctx.query_value("collection");
  if (only != nullptr && (*only == "true" || *only == "false")) only = nullptr;  // the seed's boolean
  std::uint64_t const tick = current_tick();
  JsonWriter w;
  w.begin_object();
  if (global) {
    if (ctx.database != kSystemDatabase) {
      return error_response(400, err::kHttpBadParameter, "global inventory can only be fetched from within _system database");
    }
    if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
    w.key("databases").begin_object();
    for (auto const& name : ctx.svc.store.database_names()) {
      auto db = ctx.svc.store.find_database(name);
      if (db == nullptr) continue;
      std::shared_lock lock(db->mutex);
      w.key(name).begin_object().kv("id", std::to_string(db->id)).kv("name", name);
      write_collections(w, ctx, *db, include_system, only);
      w.key("views").begin_array().end_array().end_object();
    }
    w.end_object();
  } else {
    std::shared_lock lock(ctx.db->mutex);
    write_collections(w, ctx, *ctx.db, include_system, only);
    w.key("views").begin_array().end_array();
  }
  write_state(w, batch->tick);
  w.kv("tick", std::to_string(tick)).end_object();
  return json_response(200, w);
}

HttpResponse cluster_inventory(RequestContext& ctx) {
  if (!ctx.svc.options.cluster) {
    return error_response(501, err::kClusterOnlyOnCoordinator);
  }
  bool const include_system = ctx.query_flag("includeSystem", true);
  JsonWriter w;
  w.begin_object();
  {
    std::shared_lock lock(ctx.db->mutex);
    write_collections(w, ctx, *ctx.db, include_system, nullptr);
  }
  w.key("views").begin_array().end_array();
  w.kv("tick", std::to_string(current_tick())).kv("state", "unused").end_object();
  return json_response(200, w);
}

// ----- dump ---------------------------------------------------------------------

HttpResponse dump(RequestContext& ctx) {
  std::string const* name = ctx.query_value("collection");
  if (name == nullptr || name->empty()) {
    return error_response(400, err::kHttpBadParameter, "invalid collection parameter");
  }
  auto const* batch_id = ctx.query_value("batchId");
  if (batch_id == nullptr) {
    return error_response(404, err::kHttpBadParameter, "replication dump - request misses batchId");
  }
  auto batch = find_batch(*batch_id);
  if (batch == nullptr || batch->database != ctx.database) {
    return error_response(404, err::kHttpBadParameter,
                          "replication dump - unable to find context (it could be expired)");
  }
  if (!AccessContext::of(ctx).can_use_collection(*name, AuthLevel::RO)) {
    return error_response(403, err::kForbidden);
  }
  auto coll = ctx.db->find_collection(*name);
  if (coll == nullptr) {
    return error_response(404, err::kArangoDataSourceNotFound, "replication dump - collection or view not found");
  }
  std::uint64_t chunk = kDefaultChunkSize;
  if (auto const* v = ctx.query_value("chunkSize"); v != nullptr) {
    chunk = std::clamp<std::uint64_t>(to_uint64(*v), 1, kMaxChunkSize);
  }
  bool const envelope = ctx.query_flag("useEnvelope", true);

  std::lock_guard batch_lock(batches().mutex);  // one dump of a batch at a time
  auto& cursor = batch->dumps[coll->name];
  if (cursor.collection != coll) {  // first call, or the collection was replaced
    std::shared_lock lock(coll->mutex);
    cursor = DumpCursor{};
    cursor.collection = coll;
    cursor.scan = std::make_unique<SnapshotScan>(coll->data);
  }
  std::string body;
  std::uint64_t last_rev = 0;
  bool has_more = false;
  {
    std::shared_lock lock(coll->mutex);
    std::size_t used = 0;
    while (body.size() < chunk) {
      if (used == cursor.pending.size()) {
        cursor.pending.clear();
        used = 0;
        if (cursor.exhausted || !cursor.scan->next_batch(cursor.pending, 1000)) {
          cursor.exhausted = true;
          break;
        }
      }
      DocPtr const& d = cursor.pending[used++];
      if (envelope) {
        body += "{\"type\":2300,\"data\":";
        body += document_json(*d, coll->name);
        body += "}\n";
      } else {
        body += document_json(*d, coll->name);
        body += '\n';
      }
      last_rev = std::max(last_rev, d->rev);
    }
    cursor.pending.erase(cursor.pending.begin(), cursor.pending.begin() + static_cast<std::ptrdiff_t>(used));
    has_more = !cursor.pending.empty() || !cursor.exhausted;
  }
  HttpResponse r;
  r.status = body.empty() ? 204 : 200;
  r.content_type = "application/x-arango-dump";
  r.set_header("x-arango-replication-checkmore", has_more ? "true" : "false");
  r.set_header("x-arango-replication-lastincluded", body.empty() ? "0" : std::to_string(last_rev));
  r.body = std::move(body);
  return r;
}

// ----- WAL access -----------------------------------------------------------------

HttpResponse wal_last_tick(RequestContext&) {
  JsonWriter w;
  w.begin_object().kv("time", now_iso()).kv("tick", std::to_string(current_tick()));
  write_server(w, false);
  w.end_object();
  return json_response(200, w);
}

HttpResponse wal_range(RequestContext&) {
  JsonWriter w;
  w.begin_object().kv("time", now_iso()).kv("tickMin", "1").kv("tickMax", std::to_string(current_tick()));
  write_server(w, false);
  w.end_object();
  return json_response(200, w);
}

HttpResponse wal_tail(RequestContext& ctx) {
  std::uint64_t from = 0, to = UINT64_MAX;
  if (auto const* v = ctx.query_value("from"); v != nullptr) from = to_uint64(*v);
  if (auto const* v = ctx.query_value("to"); v != nullptr) {
    to = to_uint64(*v);
    if (from > to || to == 0) return error_response(400, err::kHttpBadParameter, "invalid from/to values");
  }
  if (auto const* v = ctx.query_value("global"); v != nullptr && ctx.query_flag("global") &&
                                                  ctx.database != kSystemDatabase) {
    return error_response(400, err::kHttpBadParameter, "global tailing is only possible from within _system database");
  }
  std::uint64_t const latest = current_tick();
  HttpResponse r = empty_response(204);
  r.content_type = "application/x-arango-dump";
  r.set_header("x-arango-replication-checkmore", "false");
  r.set_header("x-arango-replication-lastincluded", "0");
  r.set_header("x-arango-replication-lastscanned", std::to_string(std::min(latest - 1, to)));
  r.set_header("x-arango-replication-lasttick", std::to_string(latest));
  r.set_header("x-arango-replication-frompresent", "true");
  return r;
}

// Every /_api/replication/<command>: admin rights for all but the few a
// database user may call (RestReplicationHandler::forwardingTarget / permissions
// as arangod: the read-only commands need the database, the rest admin).
HttpResponse replication(RequestContext& ctx) {
  std::string const command = ctx.segments.size() >= 3 ? ctx.segments[2] : std::string();
  auto const& access = AccessContext::of(ctx);
  if (!access.can_use_database(AuthLevel::RO)) return error_response(403, err::kForbidden);
  auto get_only = [&](HttpResponse (*fn)(RequestContext&)) {
    if (ctx.method != "GET") return error_response(405, err::kHttpMethodNotAllowed);
    return fn(ctx);
  };
  if (command == "batch") return batch(ctx);
  if (ctx.segments.size() > 3) {
    return error_response(400, err::kHttpSuperfluousSuffices, "expecting URL /_api/replication/<command>");
  }
  if (command == "logger-state") return get_only(logger_state);
  if (command == "logger-first-tick") return get_only(logger_first_tick);
  if (command == "logger-tick-ranges") return get_only(logger_tick_ranges);
  if (command == "server-id") return get_only(replication_server_id);
  if (command == "inventory") return get_only(inventory);
  if (command == "clusterInventory") return get_only(cluster_inventory);
  if (command == "dump") return get_only(dump);
  if (command == "applier-config") {
    if (ctx.method != "GET" && ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
    return applier_config(ctx);
  }
  if (command == "applier-state") return get_only(applier_state);
  if (command == "applier-start" || command == "applier-stop" || command == "make-follower" ||
      command == "sync" || command == "keys" || command == "revisions" || command == "logger-follow" ||
      command == "determine-open-transactions" || command == "barrier" || command == "holdReadLockCollection" ||
      command == "restore-collection" || command == "restore-data" || command == "restore-view" ||
      command == "addFollower" || command == "removeFollower" || command == "set-the-leader") {
    return error_response(501, err::kNotImplemented, "not implemented by arango-emulator: /_api/replication/" + command);
  }
  return error_response(400, err::kHttpBadParameter, "invalid command");
}

HttpResponse wal(RequestContext& ctx) {
  if (ctx.method != "GET") return error_response(405, err::kHttpMethodNotAllowed);
  if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kForbidden);
  std::string const command = ctx.segments.size() >= 3 ? ctx.segments[2] : std::string();
  if (ctx.segments.size() == 3) {
    if (command == "lastTick") return wal_last_tick(ctx);
    if (command == "range") return wal_range(ctx);
    if (command == "tail") return wal_tail(ctx);
    if (command == "open-transactions") {
      HttpResponse r = json_response(200, "[]");
      r.set_header("x-arango-replication-frompresent", "true");
      r.set_header("x-arango-replication-lastincluded", "0");
      return r;
    }
  }
  return error_response(404, err::kHttpNotFound,
                        "expected GET /_api/wal/[tail|range|lastTick|open-transactions]>");
}

}  // namespace

void register_replication_handlers(Router& api) {
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    api.add(method, "/_api/replication/*rest", replication);
    api.add(method, "/_api/wal/*rest", wal);
  }
}

}  // namespace emu
