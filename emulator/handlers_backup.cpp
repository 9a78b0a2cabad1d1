// Hot backup: /_admin/backup/{create,list,restore,delete,upload,download}
// (arangod's RestHotBackupHandler over RocksDBHotBackup).
//
// A backup is a snapshot of the whole store (Store::take_snapshot: every
// database's collections with their documents, indexes and key generators,
// and the users); restore puts a copy of it in place of the store, so the
// backup stays restorable. A 3.12.10 single server offers hot backup (the
// recordings were made on one); so does the emulator, with two bounds: at
// most kMaxBackups backups, and at most kMaxBackupBytes of document JSON in
// all of them together (documents are shared with the store, so this is what
// they would cost, not what they cost).
//
// Upload and download are jobs against a "remote repository" that is a local
// directory ("local://tmp/backups" or "local:///tmp/backups" is
// /tmp/backups): an upload writes <dir>/<backup id>/META and
// <dir>/<backup id>/emulator-backup.json (the databases, collections, index
// definitions and documents); a download reads them back into a local backup
// of that id. The remote copy does not hold users, schemas or computed values
// (a restore of a downloaded backup keeps the current users).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "docstore.hpp"
#include "error_table.hpp"
#include "handlers.hpp"
#include "json.hpp"
#include "options.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/analyzers.hpp"
#include "store.hpp"

namespace emu {

std::string random_uuid();  // handlers_cluster.cpp

namespace {

constexpr std::size_t kMaxBackups = 64;
constexpr std::uint64_t kMaxBackupBytes = 1ULL << 30;
constexpr std::size_t kMaxTransfers = 32;  // finished transfers are forgotten beyond this
constexpr char kNoSuchBackup[] = "No such backup";

std::string utc(std::time_t t, char const* format) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string now_iso() { return utc(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ"); }

struct Backup {
  std::string id;
  std::string datetime;
  std::uint64_t size_in_bytes = 0;
  std::uint64_t nr_files = 0;
  bool potentially_inconsistent = false;
  bool downloaded = false;  // from a remote copy, which holds no users
  std::shared_ptr<Store::Snapshot const> snapshot;
};

struct Transfer {
  std::string id;
  std::string backup_id;
  bool upload = true;
  std::string status = "STARTED";  // COMPLETED, FAILED, CANCELLED
  std::string error_message;
  int error = 0;
  std::uint64_t total = 0, done = 0;
  std::string started;  // Timestamp
  std::atomic<bool> cancel{false};
};

class Registry {
 public:
  ~Registry() {
    std::map<std::string, std::thread> threads;
    {
      std::lock_guard lock(mutex);
      for (auto& [id, t] : transfers) t->cancel = true;
      threads.swap(workers);
    }
    for (auto& [id, t] : threads) {
      if (t.joinable()) t.join();
    }
  }

  std::mutex mutex;
  std::string server_id = "SNGL-" + random_uuid();
  std::map<std::string, Backup> backups;
  std::map<std::string, std::shared_ptr<Transfer>> transfers;
  std::map<std::string, std::thread> workers;  // by transfer id
  std::uint64_t next_transfer = 70000;

  std::uint64_t total_bytes() const {
    std::uint64_t n = 0;
    for (auto const& [id, b] : backups) n += b.size_in_bytes;
    return n;
  }
  // Forgets the oldest finished transfers beyond kMaxTransfers and joins
  // their workers (finished: they only wait for this mutex, if at all, in
  // finish(), which has set the status before). Caller holds mutex.
  void prune() {
    while (transfers.size() > kMaxTransfers) {
      auto it = std::find_if(transfers.begin(), transfers.end(),
                             [](auto const& e) { return e.second->status != "STARTED"; });
      if (it == transfers.end()) break;
      std::string const key = it->first;
      if (auto w = workers.find(key); w != workers.end()) {
        std::thread t = std::move(w->second);
        workers.erase(w);
        mutex.unlock();
        if (t.joinable()) t.join();
        mutex.lock();
      }
      transfers.erase(key);
    }
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

// arangod's buildDirectoryPath: the label cleaned up for a directory name.
std::string backup_id(std::string const& label) {
  std::string id = utc(std::time(nullptr), "%Y-%m-%dT%H.%M.%SZ") + "_" + label.substr(0, 230);
  std::string out;
  for (unsigned char ch : id) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out.push_back(static_cast<char>(ch));
    } else if (std::isspace(ch)) {
      out.push_back('_');
    } else if (std::ispunct(ch)) {
      out.push_back('.');
    }
  }
  return out;
}

void write_meta(JsonWriter& w, Backup const& b) {
  w.begin_object()
      .kv("id", b.id)
      .kv("version", kServerVersion)
      .kv("datetime", b.datetime)
      .key("keys").begin_array().end_array()
      .kv("sizeInBytes", b.size_in_bytes)
      .kv("nrFiles", b.nr_files)
      .kv("nrDBServers", 1)
      .kv("available", true)
      .kv("nrPiecesPresent", 1)
      .kv("potentiallyInconsistent", b.potentially_inconsistent)
      .kv("countIncludesFilesOnly", true)
      .end_object();
}

// The body as an object (an absent body counts as {}), or the error response.
std::optional<HttpResponse> object_body(RequestContext const& ctx, BodyParse& parsed) {
  parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (!parsed.empty && !parsed.doc->IsObject()) {
    return error_response(400, err::kHttpBadParameter, "expecting object body");
  }
  return std::nullopt;
}

// A string member: nullopt when absent; `bad` set when present but no string.
std::optional<std::string> string_member(BodyParse const& parsed, char const* key, bool& bad) {
  if (parsed.empty) return std::nullopt;
  auto const* v = member(*parsed.doc, key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    bad = true;
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

HttpResponse bad_parameter(std::string const& key, std::string_view what) {
  return error_response(400, err::kHttpBadParameter, key + ": " + std::string(what));
}

// ----- create, list, restore, delete ------------------------------------------

HttpResponse create(RequestContext& ctx) {
  BodyParse parsed;
  if (auto bad = object_body(ctx, parsed)) return std::move(*bad);
  bool bad = false;
  auto label = string_member(parsed, "label", bad);
  if (bad) return bad_parameter("label", "string expected");
  if (!parsed.empty) {
    for (char const* key : {"allowInconsistent", "force"}) {
      auto const* v = member(*parsed.doc, key);
      if (v != nullptr && !v->IsBool()) return bad_parameter(key, "boolean expected");
    }
    auto const* t = member(*parsed.doc, "timeout");
    if (t != nullptr && (!t->IsNumber() || t->GetDouble() < 0)) return bad_parameter("timeout", "number expected");
  }
  std::string const id = backup_id(label && !label->empty() ? *label : random_uuid());
  auto& r = registry();
  {
    std::lock_guard lock(r.mutex);
    if (r.backups.size() >= kMaxBackups) {
      return error_response(400, err::kHotBackupInternal,
                            "arango-emulator keeps at most 64 hot backups; delete one first");
    }
    if (r.backups.count(id) != 0) {
      return error_response(409, err::kHotBackupConflict, "a backup with id " + id + " already exists");
    }
  }
  auto snap = ctx.svc.store.take_snapshot();
  Backup b;
  b.id = id;
  b.datetime = now_iso();
  b.size_in_bytes = snap->bytes;
  b.nr_files = snap->collections;
  b.snapshot = std::move(snap);
  std::lock_guard lock(r.mutex);
  if (r.backups.size() >= kMaxBackups || r.total_bytes() + b.size_in_bytes > kMaxBackupBytes) {
    return error_response(400, err::kHotBackupInternal,
                          "arango-emulator keeps at most 1 GiB of documents in hot backups; delete one first");
  }
  if (r.backups.count(id) != 0) {
    return error_response(409, err::kHotBackupConflict, "a backup with id " + id + " already exists");
  }
  auto& stored = r.backups[id] = std::move(b);
  return ok_result(201, [&](JsonWriter& w) {
    w.begin_object()
        .kv("id", stored.id)
        .kv("potentiallyInconsistent", stored.potentially_inconsistent)
        .kv("sizeInBytes", stored.size_in_bytes)
        .kv("datetime", stored.datetime)
        .kv("nrDBServers", 1)
        .kv("nrFiles", stored.nr_files)
        .end_object();
  });
}

HttpResponse list(RequestContext& ctx) {
  BodyParse parsed;
  if (auto bad = object_body(ctx, parsed)) return std::move(*bad);
  bool bad = false;
  auto id = string_member(parsed, "id", bad);
  if (bad) return bad_parameter("id", "string expected");
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  if (id && r.backups.count(*id) == 0) return error_response(404, err::kHttpNotFound, kNoSuchBackup);
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_object().kv("server", r.server_id).key("list").begin_object();
    for (auto const& [bid, b] : r.backups) {
      if (id && bid != *id) continue;
      w.key(bid);
      write_meta(w, b);
    }
    w.end_object().end_object();
  });
}

// restore and delete: {"id": <string>} required.
std::optional<HttpResponse> required_id(RequestContext const& ctx, std::string& out) {
  BodyParse parsed;
  if (auto bad = object_body(ctx, parsed)) return bad;
  bool bad = false;
  auto id = string_member(parsed, "id", bad);
  if (bad) return bad_parameter("id", "string expected");
  if (!id) return bad_parameter("id", "parameter required");
  out = *id;
  return std::nullopt;
}

HttpResponse restore(RequestContext& ctx) {
  std::string id;
  if (auto bad = required_id(ctx, id)) return std::move(*bad);
  std::shared_ptr<Store::Snapshot const> snap;
  bool downloaded = false;
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.backups.find(id);
    if (it == r.backups.end()) return error_response(404, err::kHttpNotFound, kNoSuchBackup);
    snap = it->second.snapshot;
    downloaded = it->second.downloaded;
  }
  if (downloaded) {
    // The remote form holds no users: the current ones stay.
    auto with_users = std::make_shared<Store::Snapshot>(*snap);
    with_users->users.clear();
    for (auto& u : ctx.svc.store.users()) {
      with_users->next_user_serial = std::max(with_users->next_user_serial, u.serial + 1);
      with_users->users.emplace(u.name, std::move(u));
    }
    snap = std::move(with_users);
  }
  ctx.svc.store.restore_snapshot(*snap);
  return ok_result(200, [](JsonWriter& w) {
    w.begin_object().kv("previous", "FAILSAFE").kv("isCluster", false).end_object();
  });
}

HttpResponse remove(RequestContext& ctx) {
  std::string id;
  if (auto bad = required_id(ctx, id)) return std::move(*bad);
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  if (r.backups.erase(id) == 0) return error_response(404, err::kHttpNotFound, kNoSuchBackup);
  return ok_merged(200, [](JsonWriter&) {});
}

// ----- remote copies ----------------------------------------------------------

namespace fs = std::filesystem;

// "local://tmp/backups" and "local:///tmp/backups" are /tmp/backups.
std::optional<fs::path> local_directory(std::string const& repository) {
  constexpr std::string_view prefix = "local://";
  if (repository.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string rest = repository.substr(prefix.size());
  if (rest.empty()) return std::nullopt;
  if (rest.front() != '/') rest.insert(rest.begin(), '/');
  return fs::path(rest);
}

// The remote form of one backup (see the top of this file).
std::string serialize(Backup const& b) {
  JsonWriter w;
  w.begin_object().kv("id", b.id).kv("datetime", b.datetime).key("databases").begin_array();
  for (auto const& db : b.snapshot->databases) {
    w.begin_object()
        .kv("name", db->name)
        .kv("id", db->id)
        .kv("isSystem", db->is_system)
        .kv("sharding", db->sharding)
        .kv("replicationFactor", static_cast<std::uint64_t>(db->replication_factor))
        .kv("writeConcern", static_cast<std::uint64_t>(db->write_concern))
        .key("collections")
        .begin_array();
    for (auto const& [name, c] : db->collections) {
      w.begin_object()
          .kv("name", name)
          .kv("id", c->id)
          .kv("objectId", c->object_id)
          .kv("globallyUniqueId", c->globally_unique_id)
          .kv("type", static_cast<int>(c->type))
          .kv("isSystem", c->is_system)
          .kv("waitForSync", c->wait_for_sync)
          .key("keyOptions");
      c->data.keygen.write(w);
      w.key("indexes").begin_array();
      for (auto const& idx : c->data.indexes) write_index(w, *idx, name);
      w.end_array().key("documents").begin_array();
      for (auto const& [rev, v] : c->data.by_rev) w.raw(document_json(*v.doc, name));
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

// Rebuilds a snapshot from serialize()'s form; an error message on failure.
std::string deserialize(rapidjson::Value const& v, Backup& out, std::atomic<bool> const& cancel) {
  auto snap = std::make_shared<Store::Snapshot>();
  auto const* dbs = member(v, "databases");
  if (dbs == nullptr || !dbs->IsArray()) return "no databases";
  for (auto const& d : dbs->GetArray()) {
    if (cancel) return "cancelled";
    auto str = [](rapidjson::Value const& o, char const* k) {
      auto const* x = member(o, k);
      return x != nullptr && x->IsString() ? std::string(x->GetString(), x->GetStringLength()) : std::string();
    };
    auto num = [](rapidjson::Value const& o, char const* k) -> std::uint64_t {
      auto const* x = member(o, k);
      return x != nullptr && x->IsUint64() ? x->GetUint64() : 0;
    };
    auto flag = [](rapidjson::Value const& o, char const* k) {
      auto const* x = member(o, k);
      return x != nullptr && x->IsBool() && x->GetBool();
    };
    if (!d.IsObject()) return "bad database entry";
    auto db = std::make_shared<Database>();
    db->name = str(d, "name");
    db->id = num(d, "id");
    db->is_system = flag(d, "isSystem");
    db->sharding = str(d, "sharding");
    db->replication_factor = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, num(d, "replicationFactor")));
    db->write_concern = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, num(d, "writeConcern")));
    db->analyzers = search::new_registry();
    auto const* cols = member(d, "collections");
    if (db->name.empty() || cols == nullptr || !cols->IsArray()) return "bad database entry";
    for (auto const& cv : cols->GetArray()) {
      if (!cv.IsObject()) return "bad collection entry";
      auto c = std::make_shared<Collection>();
      c->name = str(cv, "name");
      c->id = num(cv, "id");
      c->object_id = num(cv, "objectId");
      c->globally_unique_id = str(cv, "globallyUniqueId");
      c->type = num(cv, "type") == 3 ? CollectionType::Edge : CollectionType::Document;
      c->is_system = flag(cv, "isSystem");
      c->wait_for_sync = flag(cv, "waitForSync");
      observe_tick(std::max(c->id, c->object_id));
      auto keygen = parse_key_options(member(cv, "keyOptions"));
      if (keygen.error != 0) return "collection " + c->name + ": " + keygen.message;
      c->data.keygen = keygen.gen;
      std::uint64_t const last_value = c->data.keygen.last_value;
      WriteOptions wo;
      wo.is_restore = true;
      if (auto const* docs = member(cv, "documents"); docs != nullptr && docs->IsArray()) {
        for (auto const& doc : docs->GetArray()) {
          auto res = doc_insert(*c, doc, wo);
          if (!res.ok()) return "collection " + c->name + ": document not restored (" + std::to_string(res.error) + ")";
        }
      }
      c->data.keygen.last_value = std::max(c->data.keygen.last_value, last_value);
      if (auto const* idxs = member(cv, "indexes"); idxs != nullptr && idxs->IsArray()) {
        for (auto const& iv : idxs->GetArray()) {
          auto parsed = parse_index_definition(iv, *c);
          if (parsed.error != 0 || parsed.index == nullptr) {
            return "collection " + c->name + ": index not restored: " + parsed.message;
          }
          if (auto const* id = member(iv, "id"); id != nullptr && id->IsString()) {
            std::string_view s(id->GetString(), id->GetStringLength());
            auto slash = s.rfind('/');
            parsed.index->id = std::strtoull(std::string(s.substr(slash + 1)).c_str(), nullptr, 10);
          }
          auto added = add_index(*c, parsed.index);
          if (added.error != 0) return "collection " + c->name + ": index not restored: " + added.message;
        }
      }
      ++snap->collections;
      snap->documents += c->data.docs.size();
      db->collections.emplace(c->name, std::move(c));
    }
    snap->databases.push_back(std::move(db));
  }
  for (auto const& db : snap->databases) {
    for (auto const& [name, c] : db->collections) {
      for (auto const& d : c->data.docs) snap->bytes += document_json(*d, name).size();
    }
  }
  out.snapshot = std::move(snap);
  out.size_in_bytes = out.snapshot->bytes;
  out.nr_files = out.snapshot->collections;
  return {};
}

void finish(Transfer& t, int error, std::string message) {
  std::lock_guard lock(registry().mutex);
  if (t.cancel) {
    t.status = "CANCELLED";
  } else if (error != 0) {
    t.status = "FAILED";
    t.error = error;
    t.error_message = std::move(message);
  } else {
    t.status = "COMPLETED";
    t.done = t.total;
  }
}

void run_upload(std::shared_ptr<Transfer> t, Backup b, fs::path dir) {
  std::error_code ec;
  fs::path const target = dir / b.id;
  fs::create_directories(target, ec);
  if (ec) return finish(*t, err::kHotBackupInternal, "cannot create " + target.string() + ": " + ec.message());
  std::string const data = serialize(b);
  {
    std::lock_guard lock(registry().mutex);
    t->done = 1;
  }
  if (t->cancel) return finish(*t, 0, {});
  std::ofstream out(target / "emulator-backup.json", std::ios::binary | std::ios::trunc);
  out << data;
  JsonWriter meta;
  write_meta(meta, b);
  std::ofstream(target / "META", std::ios::binary | std::ios::trunc) << meta.str();
  if (!out) return finish(*t, err::kHotBackupInternal, "cannot write " + (target / "emulator-backup.json").string());
  finish(*t, 0, {});
}

void run_download(std::shared_ptr<Transfer> t, std::string id, fs::path dir) {
  fs::path const file = dir / id / "emulator-backup.json";
  std::error_code ec;
  auto const size = fs::file_size(file, ec);
  if (ec) return finish(*t, err::kHttpNotFound, "backup " + id + " not found in the repository: " + ec.message());
  if (size > kMaxBackupBytes) return finish(*t, err::kHotBackupInternal, "remote backup larger than 1 GiB");
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_json(ss.str());
  {
    std::lock_guard lock(registry().mutex);
    t->done = 1;
  }
  if (!parsed.ok() || !parsed.doc->IsObject()) return finish(*t, err::kHotBackupInternal, "remote backup unreadable");
  Backup b;
  b.id = id;
  b.downloaded = true;
  auto const* dt = member(*parsed.doc, "datetime");
  b.datetime = dt != nullptr && dt->IsString() ? dt->GetString() : now_iso();
  if (auto msg = deserialize(*parsed.doc, b, t->cancel); !msg.empty()) {
    return finish(*t, err::kHotBackupInternal, msg);
  }
  {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    if (r.backups.count(id) == 0 &&
        (r.backups.size() >= kMaxBackups || r.total_bytes() + b.size_in_bytes > kMaxBackupBytes)) {
      t->status = "FAILED";
      t->error = err::kHotBackupInternal;
      t->error_message = "arango-emulator's hot backup bounds (64 backups, 1 GiB) reached";
      return;
    }
    if (!t->cancel) r.backups[id] = std::move(b);
  }
  finish(*t, 0, {});
}

// upload and download (RestHotBackupHandler: the same body for both).
HttpResponse transfer(RequestContext& ctx, bool upload) {
  char const* id_key = upload ? "uploadId" : "downloadId";
  BodyParse parsed;
  if (auto bad = object_body(ctx, parsed)) return std::move(*bad);
  bool bad = false;
  auto transfer_id = string_member(parsed, id_key, bad);
  if (bad) return bad_parameter(id_key, "string expected");
  auto id = string_member(parsed, "id", bad);
  if (bad) return bad_parameter("id", "string expected");
  auto repository = string_member(parsed, "remoteRepository", bad);
  if (bad) return bad_parameter("remoteRepository", "string expected");
  bool abort = false;
  if (!parsed.empty) {
    if (auto const* a = member(*parsed.doc, "abort"); a != nullptr) {
      if (!a->IsBool()) return bad_parameter("abort", "boolean expected");
      abort = a->GetBool();
    }
  }
  auto& r = registry();
  if (transfer_id) {
    std::lock_guard lock(r.mutex);
    auto it = r.transfers.find(*transfer_id);
    if (it == r.transfers.end() || it->second->upload != upload) {
      return error_response(404, err::kHttpNotFound, std::string(upload ? "upload" : "download") + " id not found");
    }
    auto& t = *it->second;
    if (abort && t.status == "STARTED") t.cancel = true;
    return ok_result(200, [&](JsonWriter& w) {
      w.begin_object().kv("Timestamp", t.started).kv(upload ? "UploadId" : "DownloadId", t.id);
      w.kv("Cancelled", t.cancel.load()).kv("BackupId", t.backup_id);
      w.key("DBServers").begin_object().key("SNGL").begin_object().kv("Status", t.status);
      if (t.status != "STARTED") {
        w.key("Progress").begin_object().kv("Total", t.total).kv("Done", t.done).kv("Time", now_iso()).end_object();
      }
      if (t.error != 0) w.kv("Error", t.error).kv("ErrorMessage", t.error_message);
      w.end_object().end_object().end_object();
    });
  }
  if (!id) return bad_parameter("id", "parameter required");
  if (!repository) return bad_parameter("remoteRepository", "parameter required");
  if (parsed.empty || member(*parsed.doc, "config") == nullptr || !member(*parsed.doc, "config")->IsObject()) {
    return bad_parameter("config", "parameter required");
  }
  auto dir = local_directory(*repository);
  if (!dir) {
    return error_response(400, err::kHttpBadParameter,
                          "arango-emulator supports local:// repositories only, not " + *repository);
  }
  auto t = std::make_shared<Transfer>();
  t->backup_id = *id;
  t->upload = upload;
  t->total = 2;
  t->started = now_iso();
  std::lock_guard lock(r.mutex);
  std::optional<Backup> source;
  if (upload) {
    auto it = r.backups.find(*id);
    if (it == r.backups.end()) return error_response(404, err::kHttpNotFound, kNoSuchBackup);
    source = it->second;
  }
  if (std::count_if(r.transfers.begin(), r.transfers.end(),
                    [](auto const& e) { return e.second->status == "STARTED"; }) >= 4) {
    return error_response(503, err::kHotBackupInternal, "too many transfers running (at most 4)");
  }
  r.prune();
  t->id = std::to_string(r.next_transfer++);
  r.transfers[t->id] = t;
  if (upload) {
    r.workers.emplace(t->id, std::thread(run_upload, t, std::move(*source), std::move(*dir)));
  } else {
    r.workers.emplace(t->id, std::thread(run_download, t, *id, std::move(*dir)));
  }
  return ok_result(202, [&](JsonWriter& w) { w.begin_object().kv(id_key, t->id).end_object(); });
}

HttpResponse upload(RequestContext& ctx) { return transfer(ctx, true); }
HttpResponse download(RequestContext& ctx) { return transfer(ctx, false); }

// RestHotBackupHandler: admin rights, POST only.
Handler guarded(HttpResponse (*fn)(RequestContext&)) {
  return [fn](RequestContext& ctx) {
    if (ctx.method != "POST") return error_response(405, err::kHttpMethodNotAllowed);
    if (!AccessContext::of(ctx).is_admin()) return error_response(403, err::kHttpForbidden);
    return fn(ctx);
  };
}

}  // namespace

void register_backup_handlers(Router& api) {
  for (auto const* method : {"GET", "PUT", "POST", "PATCH", "DELETE"}) {
    api.add(method, "/_admin/backup/create", guarded(create));
    api.add(method, "/_admin/backup/list", guarded(list));
    api.add(method, "/_admin/backup/restore", guarded(restore));
    api.add(method, "/_admin/backup/delete", guarded(remove));
    api.add(method, "/_admin/backup/upload", guarded(upload));
    api.add(method, "/_admin/backup/download", guarded(download));
  }
}

}  // namespace emu
