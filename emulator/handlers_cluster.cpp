// The cluster APIs: /_admin/cluster/* (arangod's RestAdminClusterHandler),
// /_admin/server/id and role (RestAdminServerHandler), /_api/cluster/endpoints
// (RestClusterHandler).
//
// A single server (the default) answers as arangod's single server does: the
// coordinator-only commands with 403 "only allowed on coordinators", health and
// the supervision maintenance with 403 "only allowed on single server with
// active failover" (a 3.12 single server has no agency), /_admin/server/id with
// 500, endpoints with 501 (handlers_admin.cpp).
//
// With --cluster the listeners are the coordinators of one simulated cluster
// (ids "CRDN-<uuid>", one per --port) over the one store, with --db-servers
// simulated DB-servers ("PRMR-<uuid>") and one agent. Each collection has one
// shard ("s<collection id>"), led by a DB-server chosen by its id unless a
// rebalance moved it; moves are done at once (no pending or todo jobs). The
// imbalance and the plans have arangod's shapes; their numbers come from this
// simple model (a shard weighs 1 as leader; its size is its document count
// plus piFactor), not from arangod's AutoRebalance weights.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <random>
#include <set>
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
#include "transport.hpp"

namespace emu {

// A version-4 UUID (server ids here, backup labels in handlers_backup.cpp).
std::string random_uuid();

namespace {

constexpr char kOnlyCoordinators[] = "only allowed on coordinators";
constexpr char kNoAgency[] = "only allowed on single server with active failover";
constexpr std::size_t kMaxMovesPerPlan = 1000;  // arangod's default maximumNumberOfMoves

std::string iso_time(std::chrono::system_clock::time_point tp) {
  std::time_t t = std::chrono::system_clock::to_time_t(tp);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The simulated cluster: fixed ids, the supervision and DB-server maintenance
// states, and the shard leaders rebalances moved.
struct ClusterState {
  std::mutex mutex;
  bool initialized = false;
  std::string cluster_id;
  std::string agent_id;
  std::vector<std::string> coordinators;  // by listener index
  std::vector<std::string> db_servers;
  bool supervision_maintenance = false;
  std::chrono::system_clock::time_point supervision_until;
  // DB-server id -> end of its maintenance
  std::map<std::string, std::chrono::system_clock::time_point> server_maintenance;
  std::map<std::string, std::string> moved_leaders;  // shard -> DB-server

  void init(Options const& options) {
    if (initialized) return;
    initialized = true;
    cluster_id = random_uuid();
    agent_id = "AGNT-" + random_uuid();
    for (std::size_t i = 0; i < options.ports.size(); ++i) coordinators.push_back("CRDN-" + random_uuid());
    for (unsigned i = 0; i < options.db_servers; ++i) db_servers.push_back("PRMR-" + random_uuid());
  }
};

ClusterState& state(Options const& options) {
  static ClusterState s;
  std::lock_guard lock(s.mutex);
  s.init(options);
  return s;
}

bool is_cluster(RequestContext const& ctx) { return ctx.svc.options.cluster; }

HttpResponse forbidden(std::string_view message) {
  return error_response(403, err::kHttpForbidden, message);
}

std::string short_name(char const* prefix, std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%04zu", prefix, i + 1);
  return buf;
}

// "tcp://host:port" (ssl:// with TLS) of every listener, by index.
std::vector<std::pair<std::string, bool>> coordinator_endpoints(RequestContext const& ctx) {
  std::vector<std::pair<std::string, bool>> out;
  bool const tls = !ctx.svc.options.tls_cert.empty();
  std::string const scheme = tls ? "ssl://" : "tcp://";
  if (auto* control = ctx.svc.transport.listeners(); control != nullptr) {
    for (auto const& l : control->listeners()) {
      out.emplace_back(scheme + ctx.svc.options.host + ":" + std::to_string(l.port), l.running);
    }
  } else {
    for (auto port : ctx.svc.options.ports) {
      out.emplace_back(scheme + ctx.svc.options.host + ":" + std::to_string(port), true);
    }
  }
  return out;
}

std::string db_server_endpoint(RequestContext const& ctx, std::size_t i) {
  return "tcp://" + ctx.svc.options.host + ":" + std::to_string(8629 + 10 * i);
}

// ----- shards ---------------------------------------------------------------

struct Shard {
  std::string database;
  std::string collection_id;
  std::string name;    // "s<id>"
  std::string leader;  // DB-server id
  bool system = false;
  std::uint64_t documents = 0;
};

std::vector<Shard> shards(RequestContext const& ctx, ClusterState& cs,
                          std::set<std::string, std::less<>> const& excluded_databases,
                          bool exclude_system) {
  std::vector<Shard> out;
  if (cs.db_servers.empty()) return out;
  auto& store = ctx.svc.store;
  for (auto const& name : store.database_names()) {
    if (excluded_databases.count(name) != 0) continue;
    auto db = store.find_database(name);
    if (db == nullptr) continue;
    for (auto const& c : db->collections_sorted()) {
      if (exclude_system && c->is_system) continue;
      Shard s;
      s.database = name;
      s.collection_id = std::to_string(c->id);
      s.name = "s" + s.collection_id;
      s.system = c->is_system;
      {
        std::shared_lock lock(c->mutex);
        s.documents = c->data.docs.size();
      }
      auto moved = cs.moved_leaders.find(s.name);
      s.leader = moved != cs.moved_leaders.end() ? moved->second : cs.db_servers[c->id % cs.db_servers.size()];
      out.push_back(std::move(s));
    }
  }
  return out;
}

struct Imbalance {
  std::vector<double> weight_used, target_weight, size_used, target_size;
  std::vector<std::uint64_t> number_leaders, number_shards;
  double total_weight = 0, total_used = 0;
  std::uint64_t total_shards = 0, system_shards = 0;
  double leader_imbalance = 0, shard_imbalance = 0;
};

Imbalance compute_imbalance(std::vector<Shard> const& all, std::vector<std::string> const& servers,
                            double pi_factor) {
  Imbalance im;
  std::size_t const n = servers.size();
  im.weight_used.assign(n, 0);
  im.size_used.assign(n, 0);
  im.number_leaders.assign(n, 0);
  im.number_shards.assign(n, 0);
  for (auto const& s : all) {
    auto it = std::find(servers.begin(), servers.end(), s.leader);
    if (it == servers.end()) continue;
    auto i = static_cast<std::size_t>(it - servers.begin());
    im.weight_used[i] += 1;
    im.number_leaders[i] += 1;
    im.number_shards[i] += 1;
    double const size = static_cast<double>(s.documents) + pi_factor;
    im.size_used[i] += size;
    im.total_weight += 1;
    im.total_used += size;
    ++im.total_shards;
    if (s.system) ++im.system_shards;
  }
  double const share = n == 0 ? 0 : 1.0 / static_cast<double>(n);
  im.target_weight.assign(n, im.total_weight * share);
  im.target_size.assign(n, im.total_used * share);
  for (std::size_t i = 0; i < n; ++i) {
    im.leader_imbalance += std::pow(im.weight_used[i] - im.target_weight[i], 2);
    im.shard_imbalance += std::pow(im.size_used[i] - im.target_size[i], 2);
  }
  return im;
}

void write_numbers(JsonWriter& w, std::string_view key, std::vector<double> const& v) {
  w.key(key).begin_array();
  for (double x : v) w.number(x);
  w.end_array();
}
void write_numbers(JsonWriter& w, std::string_view key, std::vector<std::uint64_t> const& v) {
  w.key(key).begin_array();
  for (auto x : v) w.uint64(x);
  w.end_array();
}

void write_imbalance(JsonWriter& w, Imbalance const& im) {
  w.key("leader").begin_object();
  write_numbers(w, "weightUsed", im.weight_used);
  write_numbers(w, "targetWeight", im.target_weight);
  write_numbers(w, "numberShards", im.number_leaders);
  write_numbers(w, "leaderDupl", std::vector<std::uint64_t>(im.number_leaders.size(), 0));
  w.kv("totalWeight", im.total_weight).kv("imbalance", im.leader_imbalance).kv("totalShards", im.total_shards);
  w.end_object();
  w.key("shards").begin_object();
  write_numbers(w, "sizeUsed", im.size_used);
  write_numbers(w, "targetSize", im.target_size);
  write_numbers(w, "numberShards", im.number_shards);
  w.kv("totalUsed", im.total_used).kv("totalShards", im.total_shards);
  w.kv("totalShardsFromSystemCollections", im.system_shards).kv("imbalance", im.shard_imbalance);
  w.end_object();
}

struct Move {
  std::string database, collection, shard, from, to;
  bool is_leader = true;
};

struct PlanOptions {
  std::set<std::string, std::less<>> databases_excluded;
  bool exclude_system = false;
  bool move_leaders = false;
  bool move_followers = false;
  bool leader_changes = true;
  std::size_t maximum_moves = kMaxMovesPerPlan;
  double pi_factor = 256e6;
};

// The body of POST/PUT /_admin/cluster/rebalance; an error response when it is bad.
std::optional<HttpResponse> parse_plan_options(RequestContext const& ctx, PlanOptions& o) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kBadParameter, "expecting object");
  }
  auto const& b = *parsed.doc;
  auto const* version = member(b, "version");
  if (version == nullptr || !version->IsNumber() || version->GetDouble() != 1) {
    return error_response(400, err::kBadParameter, "unknown version provided");
  }
  if (auto const* v = member(b, "databasesExcluded"); v != nullptr) {
    if (!v->IsArray()) return error_response(400, err::kBadParameter, "databasesExcluded: array expected");
    for (auto const& d : v->GetArray()) {
      if (!d.IsString()) return error_response(400, err::kBadParameter, "databasesExcluded: array of strings expected");
      o.databases_excluded.emplace(d.GetString(), d.GetStringLength());
    }
  }
  auto flag = [&](char const* key, bool& out) -> bool {
    auto const* v = member(b, key);
    if (v == nullptr) return true;
    if (!v->IsBool()) return false;
    out = v->GetBool();
    return true;
  };
  for (auto [key, out] : {std::pair<char const*, bool*>{"excludeSystemCollections", &o.exclude_system},
                          {"moveLeaders", &o.move_leaders},
                          {"moveFollowers", &o.move_followers},
                          {"leaderChanges", &o.leader_changes}}) {
    if (!flag(key, *out)) return error_response(400, err::kBadParameter, std::string(key) + ": boolean expected");
  }
  if (auto const* v = member(b, "maximumNumberOfMoves"); v != nullptr) {
    if (!v->IsNumber() || v->GetDouble() < 0) {
      return error_response(400, err::kBadParameter, "maximumNumberOfMoves: non-negative number expected");
    }
    o.maximum_moves = static_cast<std::size_t>(std::min(v->GetDouble(), static_cast<double>(kMaxMovesPerPlan)));
  }
  if (auto const* v = member(b, "piFactor"); v != nullptr) {
    if (!v->IsNumber() || !std::isfinite(v->GetDouble())) {
      return error_response(400, err::kBadParameter, "piFactor: number expected");
    }
    o.pi_factor = v->GetDouble();
  }
  return std::nullopt;
}

// Greedy: moves a leader from the server with the most leaders to the one
// with the fewest while that lowers the leader imbalance. Shards have one
// copy (replicationFactor 1 is what the store keeps), so only moveLeaders
// yields moves; leaderChanges and moveFollowers have nothing to act on.
std::vector<Move> compute_plan(std::vector<Shard>& all, std::vector<std::string> const& servers,
                               PlanOptions const& o) {
  std::vector<Move> moves;
  if (!o.move_leaders || servers.size() < 2) return moves;
  std::set<std::string> moved;
  while (moves.size() < o.maximum_moves) {
    std::map<std::string, std::vector<Shard*>> by_server;
    for (auto const& s : servers) by_server[s];
    for (auto& s : all) by_server[s.leader].push_back(&s);
    auto [lo, hi] = std::minmax_element(by_server.begin(), by_server.end(), [](auto const& a, auto const& b) {
      return a.second.size() < b.second.size();
    });
    if (lo->second.size() + 1 >= hi->second.size()) break;
    Shard* pick = nullptr;
    for (Shard* s : hi->second) {
      if (moved.count(s->name) == 0) {
        pick = s;
        break;
      }
    }
    if (pick == nullptr) break;
    moves.push_back(Move{pick->database, pick->collection_id, pick->name, hi->first, lo->first, true});
    moved.insert(pick->name);
    pick->leader = lo->first;
  }
  return moves;
}

void write_moves(JsonWriter& w, std::vector<Move> const& moves) {
  w.key("moves").begin_array();
  for (auto const& m : moves) {
    w.begin_object()
        .kv("collection", m.collection)
        .kv("database", m.database)
        .kv("shard", m.shard)
        .kv("from", m.from)
        .kv("to", m.to)
        .kv("isLeader", m.is_leader)
        .end_object();
  }
  w.end_array();
}

// ----- handlers ---------------------------------------------------------------

HttpResponse health(RequestContext& ctx) {
  if (ctx.method != "GET") return error_response(405, err::kHttpMethodNotAllowed);
  if (!is_cluster(ctx)) return forbidden(kNoAgency);
  auto& cs = state(ctx.svc.options);
  auto const endpoints = coordinator_endpoints(ctx);
  auto const now = iso_time(std::chrono::system_clock::now());
  std::lock_guard lock(cs.mutex);
  JsonWriter w;
  w.begin_object().kv("ClusterId", cs.cluster_id).key("Health").begin_object();
  auto write_member = [&](std::string const& id, std::string const& endpoint, std::string const& name, bool good,
                    char const* role) {
    w.key(id).begin_object()
        .kv("Endpoint", endpoint)
        .kv("SyncTime", now)
        .kv("Timestamp", now)
        .kv("Host", ctx.svc.options.host)
        .kv("ShortName", name)
        .kv("Engine", "rocksdb")
        .kv("Version", kServerVersion)
        .kv("Status", good ? "GOOD" : "FAILED")
        .kv("LastAckedTime", now)
        .kv("SyncStatus", good ? "SERVING" : "UNKNOWN")
        .kv("AdvertisedEndpoint", "")
        .kv("Role", role)
        .kv("CanBeDeleted", !good && std::string_view(role) == "Coordinator")
        .end_object();
  };
  for (std::size_t i = 0; i < cs.db_servers.size(); ++i) {
    write_member(cs.db_servers[i], db_server_endpoint(ctx, i), short_name("DBServer", i), true, "DBServer");
  }
  for (std::size_t i = 0; i < cs.coordinators.size(); ++i) {
    bool const running = i < endpoints.size() ? endpoints[i].second : false;
    std::string const ep = i < endpoints.size() ? endpoints[i].first : "";
    write_member(cs.coordinators[i], ep, short_name("Coordinator", i), running, "Coordinator");
  }
  w.key(cs.agent_id).begin_object()
      .kv("Role", "Agent")
      .kv("Endpoint", "tcp://" + ctx.svc.options.host + ":8531")
      .kv("CanBeDeleted", false)
      .kv("Leading", true)
      .kv("LastAckedTime", 0.0)
      .kv("Engine", "rocksdb")
      .kv("Version", kServerVersion)
      .kv("Leader", cs.agent_id)
      .kv("Status", "GOOD")
      .end_object();
  w.end_object().kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

HttpResponse maintenance(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
  if (!is_cluster(ctx)) return forbidden(kNoAgency);
  auto& cs = state(ctx.svc.options);
  if (ctx.method == "GET") {
    std::lock_guard lock(cs.mutex);
    bool const on = cs.supervision_maintenance && std::chrono::system_clock::now() < cs.supervision_until;
    return ok_result(200, [&](JsonWriter& w) {
      if (on) {
        w.string(iso_time(cs.supervision_until));
      } else {
        w.boolean(false);
      }
    });
  }
  if (ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  bool on = false;
  if (!parsed.empty && parsed.doc->IsString() && (std::string_view(parsed.doc->GetString()) == "on" ||
                                                  std::string_view(parsed.doc->GetString()) == "off")) {
    on = std::string_view(parsed.doc->GetString()) == "on";
  } else {
    return error_response(400, err::kBadParameter, "string expected with value `on` or `off`");
  }
  {
    std::lock_guard lock(cs.mutex);
    cs.supervision_maintenance = on;
    cs.supervision_until = std::chrono::system_clock::now() + std::chrono::hours(1);
  }
  JsonWriter w;
  w.begin_object().kv("error", false);
  w.kv("warning", on ? "Cluster supervision deactivated. It will be reactivated automatically in 60 "
                       "minutes unless this call is repeated until then."
                     : "Cluster supervision reactivated.");
  w.end_object();
  return json_response(200, w);
}

HttpResponse server_maintenance(RequestContext& ctx) {
  if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
  if (!is_cluster(ctx)) return forbidden(kOnlyCoordinators);
  auto& cs = state(ctx.svc.options);
  std::string const& id = ctx.param("server");
  std::lock_guard lock(cs.mutex);
  if (std::find(cs.db_servers.begin(), cs.db_servers.end(), id) == cs.db_servers.end()) {
    return error_response(404, err::kHttpNotFound, "the given server id is not a DB-Server: " + id);
  }
  auto const now = std::chrono::system_clock::now();
  if (ctx.method == "GET") {
    auto it = cs.server_maintenance.find(id);
    if (it != cs.server_maintenance.end() && it->second <= now) {
      cs.server_maintenance.erase(it);
      it = cs.server_maintenance.end();
    }
    return ok_result(200, [&](JsonWriter& w) {
      w.begin_object();
      if (it != cs.server_maintenance.end()) w.kv("Mode", "maintenance").kv("Until", iso_time(it->second));
      w.end_object();
    });
  }
  if (ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kBadParameter, "expecting object with string attribute `mode`");
  }
  auto const* mode = member(*parsed.doc, "mode");
  std::string_view const m = mode != nullptr && mode->IsString() ? mode->GetString() : "";
  if (m != "maintenance" && m != "normal") {
    return error_response(400, err::kBadParameter, "value for `mode` must be `maintenance` or `normal`");
  }
  double timeout = 3600;
  if (auto const* t = member(*parsed.doc, "timeout"); t != nullptr) {
    if (!t->IsNumber() || t->GetDouble() < 0 || !std::isfinite(t->GetDouble())) {
      return error_response(400, err::kBadParameter, "value for `timeout` must be a non-negative number");
    }
    timeout = std::min(t->GetDouble(), 365.0 * 86400);
  }
  if (m == "maintenance") {
    cs.server_maintenance[id] = now + std::chrono::seconds(static_cast<std::int64_t>(timeout));
  } else {
    cs.server_maintenance.erase(id);
  }
  return ok_result(200, [](JsonWriter& w) { w.begin_object().end_object(); });
}

HttpResponse statistics(RequestContext& ctx) {
  if (!is_cluster(ctx)) return forbidden(kOnlyCoordinators);
  if (ctx.method != "GET") return error_response(405, err::kHttpMethodNotAllowed);
  auto const* server = ctx.query_value("DBserver");
  if (server == nullptr) {
    return error_response(400, err::kBadParameter, "required parameter DBserver was not given");
  }
  auto& cs = state(ctx.svc.options);
  std::lock_guard lock(cs.mutex);
  if (std::find(cs.db_servers.begin(), cs.db_servers.end(), *server) == cs.db_servers.end()) {
    return error_response(404, err::kHttpNotFound, "DB-Server not found: " + *server);
  }
  double const uptime =
      std::chrono::duration<double>(std::chrono::system_clock::now() - ctx.svc.started).count();
  double const now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  JsonWriter w;
  w.begin_object().kv("time", now).kv("enabled", true);
  w.key("system").begin_object().kv("numberOfThreads", static_cast<std::uint64_t>(ctx.svc.options.threads)).end_object();
  w.key("client").begin_object().kv("httpConnections", std::uint64_t{0}).end_object();
  w.key("server").begin_object().kv("uptime", uptime).end_object();
  w.kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

HttpResponse rebalance(RequestContext& ctx) {
  if (!is_cluster(ctx)) return forbidden(kOnlyCoordinators);
  auto& cs = state(ctx.svc.options);
  if (ctx.method == "GET") {
    std::lock_guard lock(cs.mutex);
    auto all = shards(ctx, cs, {}, false);
    auto im = compute_imbalance(all, cs.db_servers, 256e6);
    return ok_result(200, [&](JsonWriter& w) {
      w.begin_object();
      write_imbalance(w, im);
      w.kv("pendingMoveShards", std::uint64_t{0}).kv("todoMoveShards", std::uint64_t{0});
      w.end_object();
    });
  }
  if (ctx.method != "POST" && ctx.method != "PUT") return error_response(405, err::kHttpMethodNotAllowed);
  if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
  PlanOptions o;
  if (auto bad = parse_plan_options(ctx, o)) return std::move(*bad);
  std::lock_guard lock(cs.mutex);
  auto all = shards(ctx, cs, o.databases_excluded, o.exclude_system);
  auto before = compute_imbalance(all, cs.db_servers, o.pi_factor);
  auto moves = compute_plan(all, cs.db_servers, o);
  auto after = compute_imbalance(all, cs.db_servers, o.pi_factor);
  bool const execute = ctx.method == "PUT" && !moves.empty();
  if (execute) {
    for (auto const& m : moves) cs.moved_leaders[m.shard] = m.to;
  }
  int const status = execute ? 202 : 200;
  return ok_result(status, [&](JsonWriter& w) {
    w.begin_object();
    w.key("imbalanceBefore").begin_object();
    write_imbalance(w, before);
    w.end_object();
    w.key("imbalanceAfter").begin_object();
    write_imbalance(w, after);
    w.end_object();
    write_moves(w, moves);
    w.end_object();
  });
}

HttpResponse rebalance_execute(RequestContext& ctx) {
  if (!is_cluster(ctx)) return forbidden(kOnlyCoordinators);
  if (ctx.method != "POST") return error_response(405, err::kHttpMethodNotAllowed);
  if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return error_response(400, err::kBadParameter, "expecting object");
  auto const& b = *parsed.doc;
  auto const* version = member(b, "version");
  if (version == nullptr || !version->IsNumber() || version->GetDouble() != 1) {
    return error_response(400, err::kBadParameter, "unknown version provided");
  }
  auto const* moves = member(b, "moves");
  if (moves == nullptr || !moves->IsArray()) return error_response(400, err::kBadParameter, "moves: array expected");
  if (moves->Size() > kMaxMovesPerPlan) {
    return error_response(400, err::kBadParameter, "too many moves (at most 1000)");
  }
  if (moves->Empty()) return ok_merged(200, [](JsonWriter&) {});
  auto& cs = state(ctx.svc.options);
  std::lock_guard lock(cs.mutex);
  auto all = shards(ctx, cs, {}, false);
  std::vector<std::pair<std::string, std::string>> apply;
  for (auto const& m : moves->GetArray()) {
    auto str = [&](char const* key) -> std::string {
      auto const* v = m.IsObject() ? member(m, key) : nullptr;
      return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
    };
    std::string const shard = str("shard"), from = str("from"), to = str("to");
    auto s = std::find_if(all.begin(), all.end(), [&](Shard const& x) { return x.name == shard; });
    bool const known_to = std::find(cs.db_servers.begin(), cs.db_servers.end(), to) != cs.db_servers.end();
    if (s == all.end() || !known_to || s->leader != from) {
      return error_response(400, err::kBadParameter, "invalid move shard operation for shard '" + shard + "'");
    }
    apply.emplace_back(shard, to);
  }
  for (auto const& [shard, to] : apply) cs.moved_leaders[shard] = to;
  return ok_merged(202, [](JsonWriter&) {});
}

HttpResponse cluster_command(RequestContext& ctx) {
  std::string const& command = ctx.param("command");
  static std::set<std::string, std::less<>> const known = {
      "numberOfServers", "nodeVersion", "nodeEngine", "nodeStatistics", "shardDistribution",
      "collectionShardDistribution", "cleanOutServer", "resignLeadership", "moveShard",
      "queryAgencyJob", "cancelAgencyJob", "removeServer", "rebalanceShards", "shardStatistics",
      "uniqid", "vpackSortMigration"};
  if (known.count(command) == 0) {
    return error_response(400, err::kHttpBadParameter, "invalid command '" + command + "'");
  }
  if (!is_cluster(ctx)) return forbidden(kOnlyCoordinators);
  return error_response(501, err::kNotImplemented, "not implemented by arango-emulator: /_admin/cluster/" + command);
}

// /_admin/cluster and /_admin/cluster/<a>/<b>...: RestAdminClusterHandler's suffix check.
HttpResponse cluster_suffixes(RequestContext&) {
  return error_response(400, err::kHttpSuperfluousSuffices, "expecting URL /_admin/cluster/<command>");
}

HttpResponse server_id(RequestContext& ctx) {
  if (ctx.method != "GET") return error_response(405, err::kHttpMethodNotAllowed);
  if (!is_cluster(ctx)) return error_response(500, err::kHttpServerError);
  auto& cs = state(ctx.svc.options);
  std::lock_guard lock(cs.mutex);
  std::size_t const i = std::min(ctx.request.listener, cs.coordinators.size() - 1);
  return ok_merged(200, [&](JsonWriter& w) { w.kv("id", cs.coordinators[i]); });
}

HttpResponse endpoints(RequestContext& ctx) {
  if (ctx.method != "GET") {
    return error_response(405, err::kHttpMethodNotAllowed, "only the GET method is allowed");
  }
  if (!is_cluster(ctx)) {
    return error_response(501, err::kNotImplemented, "cannot serve this request for this deployment type");
  }
  auto const eps = coordinator_endpoints(ctx);
  return ok_merged(200, [&](JsonWriter& w) {
    w.key("endpoints").begin_array();
    for (auto const& [ep, running] : eps) w.begin_object().kv("endpoint", ep).end_object();
    w.end_array();
  });
}

}  // namespace

std::string random_uuid() {
  KeyGenerator uuid;
  uuid.type = KeyGenType::Uuid;
  return uuid.generate();
}

HttpResponse server_role_response(RequestContext& ctx, char const* mode) {
  char const* role = is_cluster(ctx) ? "COORDINATOR" : "SINGLE";
  return ok_merged(200, [&](JsonWriter& w) { w.kv("role", role).kv("mode", mode); });
}

void register_cluster_handlers(Router& api) {
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    api.add(method, "/_admin/cluster/health", health);
    api.add(method, "/_admin/cluster/maintenance", maintenance);
    api.add(method, "/_admin/cluster/maintenance/:server", server_maintenance);
    api.add(method, "/_admin/cluster/statistics", statistics);
    api.add(method, "/_admin/cluster/rebalance", rebalance);
    api.add(method, "/_admin/cluster/rebalance/execute", rebalance_execute);
    api.add(method, "/_admin/cluster/:command", cluster_command);
    api.add(method, "/_admin/cluster", cluster_suffixes);
    api.add(method, "/_admin/cluster/:command/*rest", cluster_suffixes);
    api.add(method, "/_admin/server/id", server_id);
    api.add(method, "/_api/cluster/endpoints", endpoints);
  }
}

}  // namespace emu
