// /_api/index (RestIndexHandler + methods::Indexes of arangod 3.12, single
// server).
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "handlers.hpp"
#include "handlers_common.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/analyzers.hpp"
#include "store.hpp"

namespace emu {
namespace {

Index primary_index() {
  Index idx;
  idx.id = 0;
  idx.type = "primary";
  idx.name = "primary";
  idx.fields = {"_key"};
  idx.unique = true;
  idx.extra["selectivityEstimate"] = "1";
  return idx;
}

// RocksDB keeps two edge indexes (_from: 1, _to: 2); the API lists them as
// one, with the id of the _to index.
Index edge_index() {
  Index idx;
  idx.id = 2;
  idx.type = "edge";
  idx.name = "edge";
  idx.fields = {"_from", "_to"};
  idx.extra["selectivityEstimate"] = "1";
  return idx;
}

std::vector<Index const*> all_indexes(Collection const& c, Index const& prim, Index const& edge) {
  std::vector<Index const*> out{&prim};
  if (c.is_edge()) out.push_back(&edge);
  for (auto const& i : c.data.indexes) out.push_back(i.get());
  return out;
}

std::string const kFigures =
    R"({"memory":0,"cacheInUse":false,"cacheSize":0,"cacheUsage":0})";

std::string const* collection_param(RequestContext const& ctx) {
  auto const* v = ctx.query_value("collection");
  return v != nullptr && !v->empty() ? v : nullptr;
}

// methods::Indexes: reading indexes needs "ro" on the collection, creating
// and dropping them "rw" on the database and on the collection (403 / 11).
bool index_access(RequestContext const& ctx, Collection const& c, bool modify) {
  AccessContext const access = AccessContext::of(ctx);
  if (!access.restricted()) return true;
  std::string name;
  {
    std::shared_lock lock(c.mutex);
    name = c.name;
  }
  if (access.database_level() == AuthLevel::None || !access.can_use_collection(name, AuthLevel::RO)) {
    return false;
  }
  return !modify || (access.can_use_database(AuthLevel::RW) && access.can_use_collection(name, AuthLevel::RW));
}

// RestIndexHandler: no, an empty or an unknown ?collection= is 404 / 1203 without the name.
HttpResponse missing_collection_param() { return collection_not_found({}, false); }

HttpResponse list_indexes(RequestContext& ctx) {
  auto const* cname = collection_param(ctx);
  if (cname == nullptr) return missing_collection_param();
  auto c = ctx.db->find_collection(*cname);
  if (!c) return collection_not_found(*cname, false);
  if (!index_access(ctx, *c, false)) return error_response(403, err::kForbidden);
  bool with_stats = ctx.query_flag("withStats");
  Index prim = primary_index(), edge = edge_index();
  std::shared_lock lock(c->mutex);
  auto list = all_indexes(*c, prim, edge);
  std::vector<std::pair<std::string, std::string>> extra;
  if (with_stats) extra.emplace_back("figures", kFigures);
  return ok_merged(200, [&](JsonWriter& w) {
    w.key("indexes").begin_array();
    for (auto const* i : list) write_index(w, *i, c->name, extra);
    w.end_array();
    w.key("identifiers").begin_object();
    for (auto const* i : list) {
      w.key(c->name + "/" + std::to_string(i->id));
      write_index(w, *i, c->name, extra);
    }
    w.end_object();
  });
}

// Index by numeric id or name (the part after "<collection>/").
Index const* find_index(Collection const& c, std::string_view handle, Index const& prim,
                        Index const& edge) {
  for (auto const* i : all_indexes(c, prim, edge)) {
    if (std::to_string(i->id) == handle || i->name == handle) return i;
  }
  if (c.is_edge() && handle == "1") return &edge;
  return nullptr;
}

// Writes the index object followed by "code" and "error" (after the sorted
// attributes, as arangod appends them).
HttpResponse index_response(int status, Index const& idx, std::string const& cname,
                            std::vector<std::pair<std::string, std::string>> const& extra) {
  JsonWriter inner;
  write_index(inner, idx, cname, extra);
  std::string body = inner.str();
  body.pop_back();  // '}'
  body += ",\"code\":" + std::to_string(status) + ",\"error\":false}";
  return json_response(status, std::move(body));
}

HttpResponse get_index(RequestContext& ctx) {
  std::string const& cname = ctx.param("collection");
  auto c = ctx.db->find_collection(cname);
  if (!c) return collection_not_found(cname, false);
  if (!index_access(ctx, *c, false)) return error_response(403, err::kForbidden);
  Index prim = primary_index(), edge = edge_index();
  std::shared_lock lock(c->mutex);
  auto const* idx = find_index(*c, ctx.param("id"), prim, edge);
  if (idx == nullptr) return error_response(404, 1212);
  return index_response(200, *idx, c->name, {});
}


// IResearchInvertedIndexMeta::init's type checks of an inverted index
// definition (IResearchRocksDBInvertedIndexFactory::normalize answers 400 / 10
// naming the attribute): the analyzer (a known one), features, the boolean
// switches, the data store's non-negative integers, primarySort, storedValues
// and each field ({name, analyzer, features, ...} or a name). Empty when the
// shapes are right.
std::optional<std::string> inverted_body_error(rapidjson::Value const& body, Database const& db) {
  auto analyzer_ok = [&](rapidjson::Value const& a) {
    return a.IsString() &&
           search::find_analyzer(db, std::string_view(a.GetString(), a.GetStringLength())).has_value();
  };
  auto features_ok = [](rapidjson::Value const& f) {
    if (!f.IsArray()) return false;
    for (auto const& e : f.GetArray()) {
      if (!e.IsString()) return false;
      std::string_view v(e.GetString(), e.GetStringLength());
      if (v != "frequency" && v != "position" && v != "offset" && v != "norm") return false;
    }
    return true;
  };
  auto present = [&](char const* k) -> rapidjson::Value const* {
    auto const* v = member(body, k);
    return v != nullptr && !v->IsNull() ? v : nullptr;
  };
  if (auto const* a = present("analyzer"); a != nullptr && !analyzer_ok(*a)) return "analyzer";
  if (auto const* f = present("features"); f != nullptr && !features_ok(*f)) return "features";
  for (char const* k : {"includeAllFields", "trackListPositions", "searchField"}) {
    if (auto const* v = present(k); v != nullptr && !v->IsBool()) return k;
  }
  for (char const* k : {"cleanupIntervalStep", "commitIntervalMsec", "consolidationIntervalMsec",
                        "writebufferActive", "writebufferIdle", "writebufferSizeMax"}) {
    if (auto const* v = present(k); v != nullptr && !v->IsUint64()) return k;
  }
  if (auto const* v = present("primarySort"); v != nullptr && !v->IsObject() && !v->IsArray()) {
    return "primarySort";
  }
  for (char const* k : {"storedValues", "optimizeTopK"}) {
    if (auto const* v = present(k); v != nullptr && !v->IsArray()) return k;
  }
  if (auto const* v = present("consolidationPolicy"); v != nullptr && !v->IsObject()) {
    return "consolidationPolicy";
  }
  if (auto const* fields = present("fields"); fields != nullptr && fields->IsArray()) {
    for (auto const& f : fields->GetArray()) {
      if (!f.IsObject()) continue;  // names are parse_index_definition's
      if (auto const* a = member(f, "analyzer"); a != nullptr && !a->IsNull() && !analyzer_ok(*a)) {
        return "fields";
      }
      if (auto const* fe = member(f, "features"); fe != nullptr && !fe->IsNull() && !features_ok(*fe)) {
        return "fields";
      }
    }
  }
  return std::nullopt;
}

HttpResponse create_index(RequestContext& ctx) {
  auto const* cname = collection_param(ctx);
  if (cname == nullptr) return missing_collection_param();
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  auto c = ctx.db->find_collection(*cname);
  if (!c) return collection_not_found(*cname, false);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kBadParameter, "expecting object for index definition");
  }
  if (!index_access(ctx, *c, true)) return error_response(403, err::kForbidden);
  if (auto const* t = member(*parsed.doc, "type"); t != nullptr && t->IsString() &&
                                                    std::string_view(t->GetString()) == "inverted") {
    if (auto attr = inverted_body_error(*parsed.doc, *ctx.db)) {
      return error_response(400, err::kBadParameter,
                            "failed to normalize index fields from definition, error in attribute '" +
                                *attr + "': " + to_json(*parsed.doc));
    }
  }
  std::unique_lock lock(c->mutex);
  auto p = parse_index_definition(*parsed.doc, *c);
  if (p.error != 0) {
    return p.status != 0 ? error_response(p.status, p.error, p.message)
                         : error_response(p.error, p.message);
  }
  auto& idx = p.index;
  bool name_given = !idx->name.empty();
  for (auto const& other : c->data.indexes) {
    if (same_index_definition(*other, *idx) && (!name_given || other->name == idx->name)) {
      return index_response(200, *other, c->name, {{"isNewlyCreated", "false"}});
    }
    if (name_given && other->name == idx->name) {
      return error_response(409, 1005, "duplicate value for `id` or `name`");
    }
  }
  if (name_given && (idx->name == "primary" || (c->is_edge() && idx->name == "edge"))) {
    return error_response(409, 1005, "duplicate value for `id` or `name`");
  }
  idx->id = new_tick();
  if (!name_given) idx->name = "idx_" + std::to_string(new_revision());
  auto added = add_index(*c, idx);
  if (added.error != 0) return error_response(added.status, added.error, added.message);
  return index_response(201, *idx, c->name, {{"isNewlyCreated", "true"}});
}

HttpResponse delete_index(RequestContext& ctx) {
  std::string const& cname = ctx.param("collection");
  auto c = ctx.db->find_collection(cname);
  if (!c) return collection_not_found(cname, false);
  std::string const& handle = ctx.param("id");
  if (!index_access(ctx, *c, true)) return error_response(403, err::kForbidden);
  std::unique_lock lock(c->mutex);
  if (c->is_edge() && (handle == "1" || handle == "2" || handle == "edge")) {
    return error_response(403, err::kForbidden);
  }
  auto& list = c->data.indexes;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (std::to_string((*it)->id) == handle || (*it)->name == handle) {
      std::string id = c->name + "/" + std::to_string((*it)->id);
      list.erase(it);
      JsonWriter w;
      w.begin_object().kv("id", id).kv("error", false).kv("code", 200).end_object();
      return json_response(200, w);
    }
  }
  // The primary index (id 0) is "not found" for a drop, like any unknown id.
  return error_response(404, 1212);
}

// GET /_api/index/selectivity?collection=: RestIndexHandler::getSelectivityEstimates.
// The estimate of every index that keeps one or is unique, by "<collection>/<id>",
// as the collection's physical indexes hold them (the edge index is two: 1 and 2).
HttpResponse selectivity_estimates(RequestContext& ctx) {
  auto const* cname = collection_param(ctx);
  if (cname == nullptr) return missing_collection_param();
  auto c = ctx.db->find_collection(*cname);
  // the read transaction on the collection fails with the name in the text
  if (!c) return collection_not_found(*cname, true);
  if (!index_access(ctx, *c, false)) return error_response(403, err::kForbidden);
  Index prim = primary_index(), edge = edge_index();
  std::shared_lock lock(c->mutex);
  return ok_merged(200, [&](JsonWriter& w) {
    w.key("indexes").begin_object();
    for (auto const* i : all_indexes(*c, prim, edge)) {
      auto const est = i->extra.find("selectivityEstimate");
      if (est == i->extra.end() && !i->unique) continue;
      std::string const value = est == i->extra.end() ? std::string("1") : est->second;
      if (i == &edge) w.key(c->name + "/1").raw(value);
      w.key(c->name + "/" + std::to_string(i->id)).raw(value);
    }
    w.end_object();
  });
}

HttpResponse bad_index_handle(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expecting DELETE /<collection-name>/<index-identifier>");
}

}  // namespace

void register_index_handlers(Router& api) {
  api.get("/_api/index", list_indexes);
  api.get("/_api/index/:collection/:id", get_index);
  // one suffix: "selectivity", or getIndexes' 400 for a suffix count it does not serve
  api.get("/_api/index/:sub", [](RequestContext& ctx) {
    if (ctx.param("sub") == "selectivity") return selectivity_estimates(ctx);
    return error_response(400, err::kHttpBadParameter);
  });
  api.post("/_api/index", create_index);
  api.del("/_api/index/:collection/:id", delete_index);
  api.del("/_api/index/:collection", bad_index_handle);
  // RestIndexHandler's answers for the other suffix counts
  api.del("/_api/index/:collection/:id/*rest", bad_index_handle);
  api.get("/_api/index/:collection/:id/*rest",
          [](RequestContext&) { return error_response(400, err::kHttpBadParameter); });
  api.post("/_api/index/*rest", [](RequestContext& ctx) {
    if (ctx.segments.size() == 3 && ctx.segments[2] == "sync-caches") {
      return json_response(200, std::string("{}"));
    }
    return error_response(400, err::kHttpBadParameter,
                          "expecting POST " + ctx.path + "?collection=<collection-name>");
  });
}

}  // namespace emu
