// /_api/collection (RestCollectionHandler of arangod 3.12, single server) and
// /_api/key-generators.
#include <mutex>
#include <shared_mutex>
#include <string>

#include "handlers.hpp"
#include "graphs.hpp"
#include "handlers_common.hpp"
#include "names.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/commit.hpp"
#include "search/views.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

// Assigns ids and registers `c` (named, typed) in `db` (db.mutex held).
void register_collection_locked(Database& db, std::shared_ptr<Collection> const& c) {
  c->id = new_tick();
  c->object_id = new_tick();
  c->globally_unique_id =
      c->is_system ? c->name : server_guid_prefix() + "/" + std::to_string(c->id);
  db.collections.emplace(c->name, c);
}

// ----- representations (key orders as a 3.12 server sends them) -----------

// The short form: GET /_api/collection/<c>, compact, unload, truncate, rename.
void write_short(JsonWriter& w, Collection const& c) {
  w.kv("globallyUniqueId", c.globally_unique_id)
      .kv("isSystem", c.is_system)
      .kv("status", 3)
      .kv("type", static_cast<int>(c.type))
      .kv("name", c.name)
      .kv("id", std::to_string(c.id));
}

std::uint64_t doc_count(Collection const& c) { return c.data.docs.size(); }

// Properties form (create, GET/PUT properties, count, figures). Caller holds
// the collection lock (shared). `figures`/`count` are added where a 3.12
// server puts them; `count` overrides the committed number of documents (a
// stream transaction's view).
void write_properties(JsonWriter& w, Collection const& c, bool with_figures, bool with_count,
                      std::uint64_t const* count = nullptr) {
  if (with_figures) {
    std::size_t docs_size = 0;
    for (auto const& d : c.data.docs) {
      docs_size += 32 + d->key().size() + to_json(d->body).size();
    }
    std::size_t index_count = 1 + (c.is_edge() ? 2 : 0) + c.data.indexes.size();
    w.key("figures")
        .begin_object()
        .key("indexes")
        .begin_object()
        .kv("count", static_cast<std::uint64_t>(index_count))
        .kv("size", static_cast<std::uint64_t>(c.data.docs.size() * 40 * index_count))
        .end_object()
        .kv("documentsSize", static_cast<std::uint64_t>(docs_size))
        .kv("cacheInUse", false)
        .kv("cacheSize", 0)
        .kv("cacheUsage", 0)
        .end_object();
  }
  w.kv("writeConcern", static_cast<std::uint64_t>(c.data.write_concern))
      .kv("waitForSync", c.wait_for_sync)
      .kv("usesRevisionsAsDocumentIds", true)
      .kv("syncByRevision", true)
      .kv("supportsRBAC", true)
      .kv("statusString", "loaded")
      .kv("id", std::to_string(c.id))
      .kv("isSmartChild", false)
      .key("schema");
  write_schema(w, c.data.schema);
  w.kv("name", c.name).kv("type", static_cast<int>(c.type)).kv("status", 3);
  if (with_count) w.kv("count", count != nullptr ? *count : doc_count(c));
  w.kv("cacheEnabled", c.data.cache_enabled)
      .kv("isSystem", c.is_system)
      .kv("internalValidatorType", 0)
      .kv("globallyUniqueId", c.globally_unique_id)
      .key("keyOptions");
  c.data.keygen.write(w);
  w.key("computedValues");
  write_computed_values(w, c.data.computed_values, c.data.computed_values_null);
  w.kv("objectId", std::to_string(c.object_id));
}

std::string name_of(Collection const& c) {
  std::shared_lock lock(c.mutex);
  return c.name;
}

// methods::Collections::lookup: a collection the caller cannot read is
// "No access to collection '<name as requested>'" (403 / 11).
std::optional<HttpResponse> lookup_denied(RequestContext const& ctx, Collection const& c,
                                          std::string const& requested) {
  AccessContext access = AccessContext::of(ctx);
  if (!access.restricted() || access.can_use_collection(name_of(c), AuthLevel::RO)) return std::nullopt;
  return error_response(403, err::kForbidden, "No access to collection '" + requested + "'");
}

// Collections::updateProperties / rename: "rw" on the database and the collection.
bool may_modify(AccessContext const& access, Collection const& c) {
  return access.can_use_database(AuthLevel::RW) && access.can_use_collection(name_of(c), AuthLevel::RW);
}

HttpResponse with_location(HttpResponse r, RequestContext const& ctx) {
  r.set_header("Location", db_prefix(ctx) + ctx.path);
  return r;
}

// ----- GET -----------------------------------------------------------------

HttpResponse list_collections(RequestContext& ctx) {
  bool const exclude_system = ctx.query_flag("excludeSystem");
  auto collections = ctx.db->collections_sorted();
  AccessContext const access = AccessContext::of(ctx);
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_array();
    for (auto const& c : collections) {
      if (exclude_system && c->is_system) {
        continue;
      }
      // only the collections the caller may read are listed
      if (access.restricted() && !access.can_use_collection(name_of(*c), AuthLevel::RO)) continue;
      std::shared_lock lock(c->mutex);
      w.begin_object()
          .kv("id", std::to_string(c->id))
          .kv("name", c->name)
          .kv("status", 3)
          .kv("type", static_cast<int>(c->type))
          .kv("isSystem", c->is_system)
          .kv("globallyUniqueId", c->globally_unique_id)
          .end_object();
    }
    w.end_array();
  });
}

HttpResponse get_collection(RequestContext& ctx) {
  auto c = ctx.db->find_collection(ctx.param("name"));
  if (!c) return collection_not_found(ctx.param("name"), false);
  if (auto denied = lookup_denied(ctx, *c, ctx.param("name"))) return *denied;
  std::shared_lock lock(c->mutex);
  return ok_merged(200, [&](JsonWriter& w) { write_short(w, *c); });
}

HttpResponse get_collection_sub(RequestContext& ctx) {
  auto c = ctx.db->find_collection(ctx.param("name"));
  if (!c) return collection_not_found(ctx.param("name"), false);
  if (auto denied = lookup_denied(ctx, *c, ctx.param("name"))) return *denied;
  std::string const& sub = ctx.param("sub");
  // x-arango-trx-id: only the count runs in the transaction (its own writes
  // included), as RestCollectionHandler::initializeTransaction does it.
  DocTarget target;
  if (sub == "count") {
    if (auto e = target.open(ctx, TrxAccess::Read)) return *e;
    if (auto e = target.access(c, TrxAccess::Read)) return *e;
  }
  std::shared_lock lock(c->mutex);
  if (sub == "properties") {
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_properties(w, *c, false, false); }), ctx);
  }
  if (sub == "count") {
    std::uint64_t const n = target.view(*c).count();
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_properties(w, *c, false, true, &n); }), ctx);
  }
  if (sub == "figures") {
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_properties(w, *c, true, true); }), ctx);
  }
  if (sub == "revision") {
    return with_location(ok_merged(200, [&](JsonWriter& w) {
      w.kv("writeConcern", static_cast<std::uint64_t>(c->data.write_concern))
          .kv("waitForSync", c->wait_for_sync)
          .kv("usesRevisionsAsDocumentIds", true)
          .kv("syncByRevision", true)
          .kv("supportsRBAC", true)
          .kv("statusString", "loaded")
          .key("schema");
      write_schema(w, c->data.schema);
      w.kv("revision", std::to_string(c->data.last_revision))
          .kv("id", std::to_string(c->id))
          .kv("isSmartChild", false)
          .kv("name", c->name)
          .kv("type", static_cast<int>(c->type))
          .kv("status", 3)
          .kv("cacheEnabled", c->data.cache_enabled)
          .kv("isSystem", c->is_system)
          .kv("objectId", std::to_string(c->object_id))
          .key("computedValues");
      write_computed_values(w, c->data.computed_values, c->data.computed_values_null);
      w.kv("internalValidatorType", 0)
          .kv("globallyUniqueId", c->globally_unique_id)
          .key("keyOptions");
      c->data.keygen.write(w);
    }), ctx);
  }
  if (sub == "checksum") {
    bool with_rev = ctx.query_flag("withRevisions");
    bool with_data = ctx.query_flag("withData");
    auto sum = collection_checksum(*c, with_rev, with_data);
    return with_location(ok_merged(200, [&](JsonWriter& w) {
      w.kv("isSystem", c->is_system)
          .kv("status", 3)
          .kv("type", static_cast<int>(c->type))
          .kv("name", c->name)
          .kv("id", std::to_string(c->id))
          .kv("revision", c->data.last_revision == 0 ? std::string("0")
                                                      : encode_revision(c->data.last_revision))
          .kv("globallyUniqueId", c->globally_unique_id)
          .kv("checksum", std::to_string(sum));
    }), ctx);
  }
  if (sub == "shards") {
    // Single server (3.8 and later): `if (!ServerState::instance()->isRunningInCluster())
    // generateError(Result(TRI_ERROR_NOT_IMPLEMENTED, "shards API is only available in a
    // cluster"))` after the lookup.
    return error_response(501, err::kNotImplemented, "shards API is only available in a cluster");
  }
  return error_response(404, err::kHttpNotFound,
                        "expecting one of the resources 'checksum', 'count', 'figures', "
                        "'properties', 'responsibleShard', 'revision', 'shards'");
}

HttpResponse get_too_many(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expect GET /_api/collection/<collection-name>/<method>");
}

// ----- properties parsing (create and PUT properties) -----------------------

// Applies waitForSync, cacheEnabled, schema, computedValues, writeConcern,
// replicationFactor from `body` to the collection. Validates everything
// before changing anything.
bool apply_properties(Collection& c, rapidjson::Value const& body, HttpResponse& err_out) {
  std::optional<SchemaParse> schema;
  if (auto const* s = member(body, "schema")) {
    schema = parse_schema(*s);
    if (schema->error != 0) {
      err_out = error_response(400, schema->error, schema->message);
      return false;
    }
  }
  std::optional<ComputedParse> computed;
  if (auto const* cv = member(body, "computedValues")) {
    computed = parse_computed_values(*cv);
    if (computed->error != 0) {
      err_out = error_response(400, computed->error, computed->message);
      return false;
    }
  }
  if (auto const* v = member(body, "waitForSync"); v != nullptr && v->IsBool()) {
    c.wait_for_sync = v->GetBool();
  }
  if (auto const* v = member(body, "cacheEnabled"); v != nullptr && v->IsBool()) {
    c.data.cache_enabled = v->GetBool();
  }
  if (auto const* v = member(body, "writeConcern"); v != nullptr && v->IsNumber() && v->GetDouble() >= 1) {
    c.data.write_concern = static_cast<std::uint32_t>(v->GetDouble());
  }
  if (auto const* v = member(body, "replicationFactor"); v != nullptr && v->IsNumber() && v->GetDouble() >= 1) {
    c.data.replication_factor = static_cast<std::uint32_t>(v->GetDouble());
  }
  if (schema) c.data.schema = schema->schema;
  if (computed) {
    c.data.computed_values = std::move(computed->values);
    c.data.computed_values_null = member(body, "computedValues")->IsNull();
  }
  return true;
}

// ----- POST ----------------------------------------------------------------

HttpResponse create_collection(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kArangoIllegalName);
  }
  auto const& body = *parsed.doc;
  auto const* name_v = member(body, "name");
  if (name_v == nullptr || !name_v->IsString() || name_v->GetStringLength() == 0) {
    return error_response(400, err::kArangoIllegalName);
  }
  std::string name(name_v->GetString(), name_v->GetStringLength());
  bool is_system = false;
  if (auto const* s = member(body, "isSystem"); s != nullptr && s->IsBool()) {
    is_system = s->GetBool();
  }
  is_system = is_system && !name.empty() && name.front() == '_';
  if (!is_allowed_collection_name(name, is_system)) {
    return error_response(400, err::kArangoIllegalName);
  }
  if (!looks_nfc_normalized(name)) {
    return error_response(400, err::kArangoIllegalName,
                          "collection name is not properly UTF-8 NFC-normalized");
  }
  CollectionType type = CollectionType::Document;
  if (auto const* t = member(body, "type")) {
    if (t->IsString()) {
      std::string_view ts(t->GetString(), t->GetStringLength());
      if (ts == "edge" || ts == "3") type = CollectionType::Edge;
    } else if (t->IsNumber() && t->GetDouble() == 3) {
      type = CollectionType::Edge;
    }
  }
  auto kg = parse_key_options(member(body, "keyOptions"));
  if (kg.error != 0) return error_response(400, kg.error, kg.message);

  auto c = std::make_shared<Collection>();
  c->name = name;
  c->type = type;
  c->is_system = is_system;
  c->data.keygen = kg.gen;
  HttpResponse err;
  if (!apply_properties(*c, body, err)) return err;

  // Collections::create: "rw" on the database
  AccessContext const access = AccessContext::of(ctx);
  if (!access.can_use_database(AuthLevel::RW)) {
    return error_response(403, err::kForbidden,
                          "cannot create collection in " + ctx.database + ": forbidden");
  }
  std::unique_lock lock(ctx.db->mutex);
  if (ctx.db->collections.count(name) != 0 || ctx.db->views.count(name) != 0) {
    return error_response(409, err::kArangoDuplicateName, "duplicate name");
  }
  register_collection_locked(*ctx.db, c);
  lock.unlock();
  // ... and its creator gets "rw" on the new collection
  if (access.restricted()) ctx.svc.store.grant_creator(access.user(), ctx.database, name);
  ctx.svc.store.logs.log(LogLevel::Info, "general",
                         "created collection '" + name + "' in database '" + ctx.database + "'");
  std::shared_lock clock(c->mutex);
  return ok_merged(200, [&](JsonWriter& w) { write_properties(w, *c, false, false); });
}

// ----- PUT -----------------------------------------------------------------

HttpResponse put_bad_suffixes(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expected PUT /_api/collection/<collection-name>/<action>");
}

HttpResponse put_collection_sub(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  std::string const& name = ctx.param("name");
  std::string const& sub = ctx.param("sub");
  auto c = ctx.db->find_collection(name);
  if (!c) return collection_not_found(name, false);
  if (auto denied = lookup_denied(ctx, *c, name)) return *denied;

  static rapidjson::Document const empty_object = [] {
    rapidjson::Document d;
    d.SetObject();
    return d;
  }();
  rapidjson::Value const& body =
      (!parsed.empty && parsed.doc->IsObject()) ? *parsed.doc : empty_object;

  if (sub == "load") {
    bool with_count = true;
    if (auto const* v = member(body, "count"); v != nullptr && v->IsBool()) with_count = v->GetBool();
    std::shared_lock lock(c->mutex);
    return with_location(ok_merged(200, [&](JsonWriter& w) {
      if (with_count) w.kv("count", doc_count(*c));
      write_short(w, *c);
    }), ctx);
  }
  if (sub == "unload" || sub == "compact") {
    std::shared_lock lock(c->mutex);
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_short(w, *c); }), ctx);
  }
  if (sub == "truncate") {
    // an exclusive access: waits for write transactions on the collection
    DocTarget target;
    if (auto e = target.open(ctx, TrxAccess::Write)) return *e;
    if (auto e = target.access(c, TrxAccess::Exclusive)) return *e;
    std::unique_lock lock(c->mutex);
    std::size_t const count = c->data.docs.size();
    if (int e = target.view(*c).truncate(); e != 0) return error_response(e);
    auto response = with_location(ok_merged(200, [&](JsonWriter& w) { write_short(w, *c); }), ctx);
    if (!target.in_transaction()) {
      // a large standalone truncate empties the ArangoSearch links at once (search/commit.hpp)
      std::uint64_t const seq = c->data.write_seq;
      lock.unlock();
      search::after_truncate(*ctx.db, *c, seq, count);
    }
    return response;
  }
  if (sub == "responsibleShard") {
    // Single server: TRI_ERROR_CLUSTER_ONLY_ON_COORDINATOR after the lookup.
    return error_response(501, 1471);
  }
  if (sub == "properties") {
    if (!may_modify(AccessContext::of(ctx), *c)) return error_response(403, err::kForbidden);
    std::unique_lock lock(c->mutex);
    HttpResponse err;
    if (!apply_properties(*c, body, err)) return err;
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_properties(w, *c, false, false); }), ctx);
  }
  if (sub == "rename") {
    auto const* nv = member(body, "name");
    if (nv == nullptr || !nv->IsString()) {
      return error_response(400, err::kArangoIllegalName, "name is empty");
    }
    std::string new_name(nv->GetString(), nv->GetStringLength());
    if (!may_modify(AccessContext::of(ctx), *c)) return error_response(403, err::kForbidden);
    if (c->is_system) return error_response(403, err::kForbidden);
    if (!is_allowed_collection_name(new_name, false) || !looks_nfc_normalized(new_name)) {
      return error_response(400, err::kArangoIllegalName);
    }
    // Collections::rename also renames the collection in graph definitions
    // (GraphManager::renameGraphCollection).
    std::lock_guard glock(graph_schema_mutex());
    std::unique_lock dblock(ctx.db->mutex);
    auto it = ctx.db->collections.find(c->name);
    if (it == ctx.db->collections.end() || it->second != c) {
      return collection_not_found(name, false);
    }
    if (new_name != c->name) {
      if (ctx.db->collections.count(new_name) != 0 || ctx.db->views.count(new_name) != 0) {
        return error_response(409, err::kArangoDuplicateName, "duplicate name");
      }
      std::string old_name = c->name;
      {
        std::unique_lock clock(c->mutex);
        ctx.db->collections.erase(it);
        c->name = new_name;
        ctx.db->collections.emplace(new_name, c);
      }
      auto graphs = ctx.db->find_collection_locked(kGraphsCollection);
      dblock.unlock();
      rename_collection_in_graphs(graphs, old_name, new_name);
    }
    if (dblock.owns_lock()) dblock.unlock();
    std::shared_lock lock(c->mutex);
    return with_location(ok_merged(200, [&](JsonWriter& w) { write_short(w, *c); }), ctx);
  }
  if (sub == "loadIndexesIntoMemory") {
    return with_location(ok_merged(200, [](JsonWriter& w) { w.kv("result", true); }), ctx);
  }
  if (sub == "recalculateCount") {
    std::shared_lock lock(c->mutex);
    return with_location(ok_merged(200, [&](JsonWriter& w) {
      w.kv("result", true).kv("count", doc_count(*c));
    }), ctx);
  }
  return error_response(404, err::kHttpNotFound,
                        "expecting one of the actions 'load', 'unload', 'truncate', "
                        "'properties', 'compact', 'rename', 'loadIndexesIntoMemory'");
}

// ----- DELETE --------------------------------------------------------------

HttpResponse delete_collection(RequestContext& ctx) {
  std::string const& name = ctx.param("name");
  bool allow_system = ctx.query_flag("isSystem");
  // the permission checks first: the store is never locked under a database lock
  if (auto seen = ctx.db->find_collection(name)) {
    if (auto denied = lookup_denied(ctx, *seen, name)) return *denied;
    if (!may_modify(AccessContext::of(ctx), *seen)) {
      return error_response(403, err::kForbidden, "Insufficient rights to drop collection " + name_of(*seen));
    }
  }
  std::lock_guard glock(graph_schema_mutex());
  std::unique_lock lock(ctx.db->mutex);
  auto c = ctx.db->find_collection_locked(name);
  if (!c) return collection_not_found(name, false);
  // 3.12: collections that are part of a graph cannot be dropped (1942; not
  // in arangod's errorNum map, hence 500).
  if (auto msg = graph_drop_conflict(ctx.db->find_collection_locked(kGraphsCollection), c->name);
      !msg.empty()) {
    return error_response(1942, msg);
  }
  if (c->is_system && !allow_system) return error_response(403, err::kForbidden);
  std::string const dropped = c->name;
  ctx.db->collections.erase(dropped);
  drop_collection_from_views_locked(*ctx.db, c->id);  // its view links go with it
  lock.unlock();
  // Collections::drop: the grants on the collection go with it
  ctx.svc.store.drop_collection_grants(ctx.database, dropped);
  ctx.svc.store.logs.log(LogLevel::Info, "general",
                         "dropped collection '" + dropped + "' in database '" + ctx.database + "'");
  return ok_merged(200, [&](JsonWriter& w) { w.kv("id", std::to_string(c->id)); });
}

HttpResponse delete_bad_suffixes(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expected DELETE /_api/collection/<collection-name>");
}

HttpResponse key_generators(RequestContext&) {
  // Order and content as a 3.12.10 single server answers (incl. the
  // internal "upgrade" generator).
  return json_response(
      200, std::string(R"({"keyGenerators":["upgrade","padded","uuid","autoincrement","traditional"]})"));
}

}  // namespace

// Random-looking but fixed per process, like arangod's server id in
// globallyUniqueId ("h5C3DDE5391BF/70137").
std::string const& server_guid_prefix() {
  static std::string const prefix = [] {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "h%012llX",
                  static_cast<unsigned long long>(new_revision() & 0xFFFFFFFFFFFFULL));
    return std::string(buf);
  }();
  return prefix;
}

std::shared_ptr<Collection> create_collection_locked(Database& db, std::string const& name,
                                                     CollectionType type) {
  if (db.collections.count(name) != 0 || db.views.count(name) != 0) return nullptr;
  auto c = std::make_shared<Collection>();
  c->name = name;
  c->type = type;
  register_collection_locked(db, c);
  return c;
}

void register_collection_handlers(Router& api) {
  api.get("/_api/collection", list_collections);
  api.get("/_api/collection/:name", get_collection);
  api.get("/_api/collection/:name/:sub", get_collection_sub);
  api.get("/_api/collection/:name/:sub/*rest", get_too_many);
  api.post("/_api/collection", create_collection);
  api.put("/_api/collection", put_bad_suffixes);
  api.put("/_api/collection/:name", put_bad_suffixes);
  api.put("/_api/collection/:name/:sub", put_collection_sub);
  api.put("/_api/collection/:name/:sub/*rest", put_bad_suffixes);
  api.del("/_api/collection", delete_bad_suffixes);
  api.del("/_api/collection/:name", delete_collection);
  api.del("/_api/collection/:name/*rest", delete_bad_suffixes);
  api.get("/_api/key-generators", key_generators);
}

}  // namespace emu
