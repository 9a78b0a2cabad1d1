// /_api/document and /_api/edges (RestDocumentHandler / RestEdgesHandler of
// arangod 3.12, single server). All writes go through docstore's operations.
#include <chrono>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "handlers.hpp"
#include "handlers_common.hpp"
#include "router.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

using Value = rapidjson::Value;

enum class Op { Insert, Replace, Update, Remove };

WriteOptions write_options(RequestContext const& ctx, Op op) {
  WriteOptions o;
  o.wait_for_sync = ctx.query_flag("waitForSync");
  o.return_new = ctx.query_flag("returnNew");
  o.return_old = ctx.query_flag("returnOld");
  o.silent = ctx.query_flag("silent");
  o.ignore_revs = ctx.query_flag("ignoreRevs", true);
  o.keep_null = ctx.query_flag("keepNull", true);
  o.merge_objects = ctx.query_flag("mergeObjects", true);
  o.is_restore = ctx.query_flag("isRestore");
  if (auto const* va = ctx.query_value("versionAttribute")) o.version_attribute = *va;
  if (op == Op::Insert) {
    bool overwrite = ctx.query_flag("overwrite");
    if (auto const* m = ctx.query_value("overwriteMode")) {
      if (*m == "ignore") o.overwrite_mode = OverwriteMode::Ignore;
      else if (*m == "replace") o.overwrite_mode = OverwriteMode::Replace;
      else if (*m == "update") o.overwrite_mode = OverwriteMode::Update;
      else if (*m == "conflict") o.overwrite_mode = OverwriteMode::Conflict;
      else if (overwrite) o.overwrite_mode = OverwriteMode::Replace;
    } else if (overwrite) {
      o.overwrite_mode = OverwriteMode::Replace;
    }
  }
  return o;
}

// If-Match / If-None-Match values without the quotes.
std::optional<std::string> header_rev(RequestContext const& ctx, std::string_view name) {
  auto const* h = ctx.header(name);
  if (h == nullptr) return std::nullopt;
  std::string v = *h;
  while (!v.empty() && v.front() == ' ') v.erase(0, 1);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

std::string etag(std::string_view rev) { return "\"" + std::string(rev) + "\""; }

std::string document_location(RequestContext const& ctx, Collection const& c, std::string_view key) {
  return db_prefix(ctx) + "/_api/document/" + percent_encode(c.name) + "/" + percent_encode(key);
}

// The result object of a successful write: _id, _key, _rev, [_oldRev], [old], [new].
void write_result(JsonWriter& w, Collection const& c, OpResult const& r, WriteOptions const& o, Op op) {
  auto const& doc = *r.doc;
  w.begin_object()
      .kv("_id", c.name + "/" + std::string(doc.key()))
      .kv("_key", doc.key())
      .kv("_rev", doc.rev_string());
  if (r.ignored) {
    w.end_object();
    return;
  }
  if (op == Op::Remove) {
    if (o.return_old) {
      w.key("old");
      write_document(w, doc, c.name);
    }
    w.end_object();
    return;
  }
  if (r.old) {
    w.kv("_oldRev", r.old->rev_string());
    if (o.return_old) {
      w.key("old");
      write_document(w, *r.old, c.name);
    }
  }
  if (o.return_new) {
    w.key("new");
    write_document(w, doc, c.name);
  }
  w.end_object();
}

// {"error":true,"code":...,"errorNum":1200,...,"_id","_key","_rev"} + Etag.
HttpResponse conflict_response(Collection const& c, OpResult const& r) {
  int status = r.precondition ? 412 : 409;
  JsonWriter w;
  w.begin_object().kv("error", true).kv("code", status).kv("errorNum", 1200);
  // a stream transaction's key lock: "Timeout waiting to lock key ..."
  w.kv("errorMessage", r.message.empty() ? std::string("conflict, _rev values do not match") : r.message);
  if (r.doc) {
    w.kv("_id", c.name + "/" + std::string(r.doc->key())).kv("_key", r.doc->key()).kv("_rev", r.doc->rev_string());
  }
  w.end_object();
  HttpResponse resp = json_response(status, w);
  if (r.doc && r.doc->rev != 0) resp.set_header("Etag", etag(r.doc->rev_string()));
  return resp;
}

HttpResponse single_error(Collection const& c, OpResult const& r) {
  if (r.error == 1200) return conflict_response(c, r);
  return error_response(r.error, r.message);
}

void write_item_error(JsonWriter& w, int error, std::string_view message) {
  w.begin_object()
      .kv("error", true)
      .kv("errorNum", error)
      .kv("errorMessage", message.empty() ? error_message(error) : message)
      .end_object();
}

void set_error_codes(HttpResponse& r, std::map<int, int> const& counts) {
  if (counts.empty()) return;
  JsonWriter w;
  w.begin_object();
  for (auto const& [code, n] : counts) w.key(std::to_string(code)).int64(n);
  w.end_object();
  r.set_header("X-Arango-Error-Codes", w.str());
}

std::shared_ptr<Collection> find(RequestContext& ctx, std::string const& name) {
  return ctx.db->find_collection(name);
}

// ----- single and multi writes ----------------------------------------------

// A selector object's "_rev" string (checked unless ignoreRevs).
std::optional<std::string> selector_rev(Value const& v) {
  if (!v.IsObject()) return std::nullopt;
  auto const* rv = member(v, "_rev");
  if (rv == nullptr || !rv->IsString()) return std::nullopt;
  return std::string(rv->GetString(), rv->GetStringLength());
}

HttpResponse write_single(RequestContext& ctx, Collection& c, Op op, OpResult const& r,
                          WriteOptions const& o, bool synced) {
  std::shared_lock lock(c.mutex);  // c.name may change on rename
  if (!r.ok()) return single_error(c, r);
  int status = op == Op::Remove ? (synced ? 200 : 202) : (synced ? 201 : 202);
  if (o.silent) return json_response(status, std::string("{}"));
  JsonWriter w;
  write_result(w, c, r, o, op);
  HttpResponse resp = json_response(status, w);
  resp.set_header("Etag", etag(r.doc->rev_string()));
  resp.set_header("Location", document_location(ctx, c, r.doc->key()));
  return resp;
}

HttpResponse write_multi(RequestContext&, Collection& c, DocView& v, Op op, Value const& items,
                         WriteOptions const& o, bool coll_sync) {
  std::map<int, int> counts;
  JsonWriter w;
  w.begin_array();
  bool any_ok = false;
  {
    std::unique_lock lock(c.mutex);
    for (auto const& item : items.GetArray()) {
      OpResult r;
      if (op == Op::Insert) {
        r = doc_insert(c, v, item, o);
      } else if (op == Op::Remove) {
        std::string key = selector_key(item);
        if (!item.IsString() && !item.IsObject()) {
          r.error = 1227;
        } else if (key.empty()) {
          r.error = 1205;
        } else {
          r = doc_remove(c, v, key, selector_rev(item), o);
        }
      } else {
        // ModifyProcessor::processValue: the object's "_key" (its "_id" does
        // not count): missing 1205, not a non-empty string 1221
        auto const* k = item.IsObject() ? member(item, "_key") : nullptr;
        if (!item.IsObject()) {
          r.error = 1227;
        } else if (k == nullptr) {
          r.error = 1205;
        } else if (!k->IsString() || k->GetStringLength() == 0) {
          r.error = 1221;
        } else {
          std::string const key(k->GetString(), k->GetStringLength());
          if (op == Op::Replace) r = doc_replace(c, v, key, item, o);
          else r = doc_update(c, v, key, item, o);
        }
      }
      if (!r.ok()) {
        ++counts[r.error];
        write_item_error(w, r.error, r.message);
        continue;
      }
      any_ok = true;
      if (!o.silent) write_result(w, c, r, o, op);
    }
  }
  w.end_array();
  bool synced = any_ok && (o.wait_for_sync || coll_sync);
  int status = op == Op::Remove ? (synced ? 200 : 202) : (synced ? 201 : 202);
  HttpResponse resp = json_response(status, w);
  set_error_codes(resp, counts);
  return resp;
}

HttpResponse bad_body_type() { return error_response(400, 1227); }

HttpResponse insert_into(RequestContext& ctx, std::string const& cname) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  DocTarget target;
  if (auto e = target.open(ctx, TrxAccess::Write)) return *e;
  auto c = find(ctx, cname);
  if (!c) return collection_not_found(cname);
  if (parsed.empty) return bad_body_type();
  if (auto e = target.access(c, TrxAccess::Write)) return *e;
  auto const& body = *parsed.doc;
  WriteOptions o = write_options(ctx, Op::Insert);
  bool coll_sync;
  {
    std::shared_lock lock(c->mutex);
    coll_sync = c->wait_for_sync;
  }
  if (body.IsArray()) return write_multi(ctx, *c, target.view(*c), Op::Insert, body, o, coll_sync);
  if (!body.IsObject()) return bad_body_type();
  OpResult r;
  {
    std::unique_lock lock(c->mutex);
    r = doc_insert(*c, target.view(*c), body, o);
  }
  return write_single(ctx, *c, Op::Insert, r, o, o.wait_for_sync || coll_sync);
}

HttpResponse post_document(RequestContext& ctx) { return insert_into(ctx, ctx.param("collection")); }

HttpResponse post_document_query(RequestContext& ctx) {
  auto const* cname = ctx.query_value("collection");
  if (cname == nullptr || cname->empty()) {
    // RestDocumentHandler::insertDocument
    return error_response(400, 1204,
                          "'collection' is missing, expecting /_api/document POST "
                          "/_api/document/<collection> or query parameter 'collection'");
  }
  return insert_into(ctx, *cname);
}

HttpResponse post_superfluous(RequestContext&) {
  return error_response(400, err::kHttpSuperfluousSuffices,
                        "superfluous suffix, expecting /_api/document?collection=<identifier>");
}

// RestDocumentHandler: the texts for suffix counts no route serves.
HttpResponse modify_bad_suffixes(RequestContext& ctx) {
  return error_response(400, err::kHttpBadParameter,
                        "expecting " + ctx.method +
                            " /_api/document/<collection> or /_api/document/<collection>/<key> "
                            "or /_api/document and query parameter 'collection'");
}

HttpResponse delete_bad_suffixes(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expecting DELETE /_api/document/<collection>/<key> or "
                        "/_api/document/<collection> with a body");
}

HttpResponse head_bad_suffixes(RequestContext&) {
  return error_response(400, err::kHttpBadParameter,
                        "expecting HEAD /_api/document/<collection>/<key>");
}

HttpResponse get_superfluous(RequestContext&) {
  return error_response(400, err::kHttpSuperfluousSuffices,
                        "expecting GET /_api/document/<collection>/<key>");
}

// PUT / PATCH / DELETE with a key in the URL.
HttpResponse modify_single(RequestContext& ctx, Op op) {
  std::string const& cname = ctx.param("collection");
  std::string const& key = ctx.param("key");
  BodyParse parsed;
  if (op != Op::Remove) {
    parsed = parse_body(ctx);
    if (!parsed.ok) return corrupted_json_response(parsed);
  }
  DocTarget target;
  if (auto e = target.open(ctx, TrxAccess::Write)) return *e;
  auto c = find(ctx, cname);
  if (!c) return collection_not_found(cname);
  WriteOptions o = write_options(ctx, op);
  o.if_match = header_rev(ctx, "if-match");
  if (op != Op::Remove && (parsed.empty || !parsed.doc->IsObject())) return bad_body_type();
  if (auto e = target.access(c, TrxAccess::Write)) return *e;
  OpResult r;
  bool coll_sync;
  {
    std::unique_lock lock(c->mutex);
    coll_sync = c->wait_for_sync;
    DocView& v = target.view(*c);
    if (op == Op::Replace) r = doc_replace(*c, v, key, *parsed.doc, o);
    else if (op == Op::Update) r = doc_update(*c, v, key, *parsed.doc, o);
    else r = doc_remove(*c, v, key, std::nullopt, o);
  }
  return write_single(ctx, *c, op, r, o, o.wait_for_sync || coll_sync);
}

HttpResponse put_single(RequestContext& ctx) { return modify_single(ctx, Op::Replace); }
HttpResponse patch_single(RequestContext& ctx) { return modify_single(ctx, Op::Update); }
HttpResponse delete_single(RequestContext& ctx) { return modify_single(ctx, Op::Remove); }

// Bulk read: PUT /_api/document/<c>?onlyget=true.
HttpResponse read_multi(RequestContext& ctx, Collection& c, DocView& v, Value const& items) {
  bool ignore_revs = ctx.query_flag("ignoreRevs", true);
  std::map<int, int> counts;
  JsonWriter w;
  w.begin_array();
  {
    std::shared_lock lock(c.mutex);
    for (auto const& item : items.GetArray()) {
      std::string key = selector_key(item);
      if (!item.IsString() && !item.IsObject()) {
        ++counts[1227];
        write_item_error(w, 1227, {});
        continue;
      }
      if (key.empty()) {
        ++counts[1205];
        write_item_error(w, 1205, {});
        continue;
      }
      auto d = v.lookup(key);
      if (!d) {
        ++counts[1202];
        write_item_error(w, 1202, {});
        continue;
      }
      if (!ignore_revs && item.IsObject()) {
        if (auto const* rv = member(item, "_rev"); rv != nullptr && rv->IsString() &&
                                                   std::string_view(rv->GetString(), rv->GetStringLength()) !=
                                                       d->rev_string()) {
          ++counts[1200];
          write_item_error(w, 1200, "conflict, _rev values do not match");
          continue;
        }
      }
      write_document(w, *d, c.name);
    }
  }
  w.end_array();
  HttpResponse resp = json_response(200, w);
  set_error_codes(resp, counts);
  return resp;
}

HttpResponse modify_multi(RequestContext& ctx, Op op) {
  std::string const& cname = ctx.param("collection");
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (op == Op::Remove && (parsed.empty || (!parsed.doc->IsArray() && !parsed.doc->IsObject()))) {
    // RestDocumentHandler::removeDocument, before the collection is looked up
    return error_response(400, err::kHttpBadParameter, "Request body not parseable");
  }
  // RestDocumentHandler::replaceDocument: the parameter's presence, whatever its value
  bool const only_get = op == Op::Replace && ctx.query_value("onlyget") != nullptr;
  TrxAccess const mode = only_get ? TrxAccess::Read : TrxAccess::Write;
  DocTarget target;
  if (auto e = target.open(ctx, mode)) return *e;
  auto c = find(ctx, cname);
  if (!c) return collection_not_found(cname);
  // removeDocument takes one selector object as a single-document remove
  bool const single_remove = op == Op::Remove && parsed.doc->IsObject();
  if (parsed.empty || (!parsed.doc->IsArray() && !single_remove)) return bad_body_type();
  if (auto e = target.access(c, mode)) return *e;
  if (only_get) return read_multi(ctx, *c, target.view(*c), *parsed.doc);
  WriteOptions o = write_options(ctx, op);
  bool coll_sync;
  {
    std::shared_lock lock(c->mutex);
    coll_sync = c->wait_for_sync;
  }
  if (single_remove) {
    OpResult r;
    std::string const key = selector_key(*parsed.doc);
    if (key.empty()) {
      r.error = 1205;
    } else {
      std::unique_lock lock(c->mutex);
      r = doc_remove(*c, target.view(*c), key, selector_rev(*parsed.doc), o);
    }
    return write_single(ctx, *c, op, r, o, o.wait_for_sync || coll_sync);
  }
  return write_multi(ctx, *c, target.view(*c), op, *parsed.doc, o, coll_sync);
}

HttpResponse put_multi(RequestContext& ctx) { return modify_multi(ctx, Op::Replace); }
HttpResponse patch_multi(RequestContext& ctx) { return modify_multi(ctx, Op::Update); }
HttpResponse delete_multi(RequestContext& ctx) { return modify_multi(ctx, Op::Remove); }

// PUT / PATCH /_api/document?collection=<name>: the array case of RestDocumentHandler::
// modifyDocument (PUT ?onlyget needs the collection in the path: readManyDocuments).
HttpResponse modify_no_suffix(RequestContext& ctx) {
  bool const put = ctx.method == "PUT";
  if (put && ctx.query_value("onlyget") != nullptr) {
    return error_response(400, err::kHttpBadParameter,
                          "expecting PUT /_api/document/<collection> with a body");
  }
  auto const* cname = ctx.query_value("collection");
  if (cname == nullptr) {
    return error_response(400, err::kHttpBadParameter,
                          "collection must be given in URL path or query parameter "
                          "'collection' must be specified");
  }
  ctx.params["collection"] = *cname;
  return modify_multi(ctx, put ? Op::Replace : Op::Update);
}

// ----- reads -----------------------------------------------------------------

HttpResponse get_single(RequestContext& ctx) {
  std::string const& cname = ctx.param("collection");
  DocTarget target;
  if (auto e = target.open(ctx, TrxAccess::Read)) return *e;
  auto c = find(ctx, cname);
  if (!c) return collection_not_found(cname);
  if (auto e = target.access(c, TrxAccess::Read)) return *e;
  DocPtr d;
  std::string name;
  {
    std::shared_lock lock(c->mutex);
    d = target.view(*c).lookup(ctx.param("key"));
    name = c->name;
  }
  if (!d) return error_response(404, 1202);
  std::string rev = d->rev_string();
  if (auto inm = header_rev(ctx, "if-none-match"); inm && *inm == rev) {
    HttpResponse r = empty_response(304);
    r.set_header("Etag", etag(rev));
    return r;
  }
  if (auto im = header_rev(ctx, "if-match"); im && *im != rev) {
    OpResult r;
    r.error = 1200;
    r.precondition = true;
    r.doc = d;
    std::shared_lock lock(c->mutex);
    return conflict_response(*c, r);
  }
  JsonWriter w;
  write_document(w, *d, name);
  HttpResponse resp = json_response(200, w);
  resp.set_header("Etag", etag(rev));
  return resp;
}

HttpResponse get_no_key(RequestContext&) {
  // RestDocumentHandler::readDocument: no or one suffix
  return error_response(404, err::kArangoDataSourceNotFound,
                        "expecting GET /_api/document/<collection>/<key>");
}

// RestEdgesHandler::validateCollection (404 / 1203 without the name, 400 / 1218
// for a document collection), with the read check of the internal query that
// reads the edges. nullptr and the error, or the edge collection.
std::shared_ptr<Collection> edge_collection(RequestContext& ctx, std::optional<HttpResponse>& error) {
  std::string const& cname = ctx.param("collection");
  auto c = find(ctx, cname);
  if (!c) {
    error = collection_not_found(cname, false);
    return nullptr;
  }
  std::string checked_name;
  {
    std::shared_lock lock(c->mutex);
    checked_name = c->name;
  }
  if (auto denied = AccessContext::of(ctx).check_collection(checked_name, "read")) {
    error = error_response(403, denied.error, denied.message);
    return nullptr;
  }
  if (!c->is_edge()) {
    error = error_response(400, 1218);
    return nullptr;
  }
  return c;
}

// RestEdgesHandler::parseDirection: "any", "in" or "out", or nullopt and the error.
std::optional<std::string> edge_direction(RequestContext& ctx, std::optional<HttpResponse>& error) {
  std::string direction = "any";
  if (auto const* d = ctx.query_value("direction")) direction = *d;
  if (direction.empty()) direction = "any";
  if (direction == "outbound") direction = "out";
  if (direction == "inbound") direction = "in";
  if (direction != "any" && direction != "in" && direction != "out") {
    error = error_response(400, err::kHttpBadParameter,
                           "<direction> must by any, in, or out, not: " + direction);
    return std::nullopt;
  }
  return direction;
}

// The edges of `c` at `vertex` in `direction` (the edges query of
// RestEdgesHandler), each edge once. The caller holds c.mutex.
std::vector<DocPtr> edges_at(Collection const& c, std::string const& vertex,
                             std::string const& direction) {
  std::vector<DocPtr> found;
  auto collect = [&](std::unordered_map<std::string, std::set<std::string>> const& m) {
    std::vector<DocPtr> part;
    auto it = m.find(vertex);
    if (it == m.end()) return part;
    for (auto const& k : it->second) {
      if (auto d = doc_lookup(c, k)) part.push_back(d);
    }
    std::sort(part.begin(), part.end(), [](DocPtr const& a, DocPtr const& b) { return a->rev < b->rev; });
    return part;
  };
  if (direction == "out" || direction == "any") {
    auto p = collect(c.data.edges_from);
    found.insert(found.end(), p.begin(), p.end());
  }
  if (direction == "in" || direction == "any") {
    for (auto const& d : collect(c.data.edges_to)) {
      if (direction == "any" && d->from() == vertex) continue;  // already listed
      found.push_back(d);
    }
  }
  return found;
}

HttpResponse edges(RequestContext& ctx) {
  auto t0 = std::chrono::steady_clock::now();
  std::optional<HttpResponse> error;
  auto c = edge_collection(ctx, error);
  if (!c) return *error;
  auto direction = edge_direction(ctx, error);
  if (!direction) return *error;
  auto const* vertex = ctx.query_value("vertex");
  if (vertex == nullptr || vertex->empty()) {
    return error_response(400, 1205, "illegal document handle");
  }
  std::vector<DocPtr> found;
  std::string name;
  {
    std::shared_lock lock(c->mutex);
    name = c->name;
    found = edges_at(*c, *vertex, *direction);
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  JsonWriter w;
  w.begin_object().key("edges").begin_array();
  for (auto const& d : found) write_document(w, *d, name);
  auto n = static_cast<std::uint64_t>(found.size());
  w.end_array()
      .kv("error", false)
      .kv("code", 200)
      .key("stats")
      .begin_object()
      .kv("writesExecuted", 0)
      .kv("writesIgnored", 0)
      .kv("documentLookups", n)
      .kv("seeks", 0)
      .kv("scannedFull", 0)
      .kv("scannedIndex", n)
      .kv("searchParallelism", 1)
      .kv("cursorsCreated", *direction == "any" ? 2 : 1)
      .kv("cursorsRearmed", 0)
      .kv("cacheHits", 0)
      .kv("cacheMisses", *direction == "any" ? 2 : 1)
      .kv("filtered", 0)
      .kv("httpRequests", 0)
      .kv("executionTime", elapsed)
      .kv("peakMemoryUsage", 0)
      .kv("intermediateCommits", 0)
      .end_object()
      .end_object();
  return json_response(200, w);
}

constexpr std::string_view kEdgesPostUsage =
    "expected POST /_api/edges/<collection-identifier>?direction=<direction>";

// POST /_api/edges/<collection>?direction=: RestEdgesHandler::
// readEdgesForMultipleVertices. The body is an array of vertex ids; the
// answer lists the edges of all of them, each edge once (no "stats").
HttpResponse edges_multi(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  // the handler's own text replaces parseVPackBody's
  if (!parsed.ok) return error_response(400, err::kHttpBadParameter, kEdgesPostUsage);
  if (parsed.empty || !parsed.doc->IsArray()) {
    return error_response(400, err::kHttpBadParameter,
                          "Expected an array of vertex _id's in body parameter");
  }
  std::optional<HttpResponse> error;
  auto c = edge_collection(ctx, error);
  if (!c) return *error;
  auto direction = edge_direction(ctx, error);
  if (!direction) return *error;
  auto const& vertices = *parsed.doc;
  JsonWriter w;
  w.begin_object().key("edges").begin_array();
  {
    std::shared_lock lock(c->mutex);
    std::set<std::string_view> seen;
    for (auto const& v : vertices.GetArray()) {
      // VPackSlice::copyString on a non-string throws; RestHandler answers 500
      if (!v.IsString()) {
        return error_response(500, err::kInternal, "VPack error: Expecting type String");
      }
      for (auto const& d : edges_at(*c, std::string(v.GetString(), v.GetStringLength()), *direction)) {
        if (seen.insert(d->key()).second) write_document(w, *d, c->name);
      }
    }
  }
  w.end_array().kv("error", false).kv("code", 200).end_object();
  return json_response(200, w);
}

}  // namespace

void register_document_handlers(Router& api) {
  api.post("/_api/document", post_document_query);
  api.post("/_api/document/:collection", post_document);
  api.post("/_api/document/:collection/*rest", post_superfluous);
  api.get("/_api/document", get_no_key);
  api.get("/_api/document/:collection", get_no_key);
  api.get("/_api/document/:collection/:key/*rest", get_superfluous);
  api.head("/_api/document", head_bad_suffixes);
  api.head("/_api/document/:collection", head_bad_suffixes);
  api.head("/_api/document/:collection/:key/*rest", head_bad_suffixes);
  api.put("/_api/document", modify_no_suffix);
  api.patch("/_api/document", modify_no_suffix);
  api.put("/_api/document/:collection/:key/*rest", modify_bad_suffixes);
  api.patch("/_api/document/:collection/:key/*rest", modify_bad_suffixes);
  api.del("/_api/document", delete_bad_suffixes);
  api.del("/_api/document/:collection/:key/*rest", delete_bad_suffixes);
  api.get("/_api/document/:collection/:key", get_single);
  api.head("/_api/document/:collection/:key", get_single);
  api.put("/_api/document/:collection", put_multi);
  api.put("/_api/document/:collection/:key", put_single);
  api.patch("/_api/document/:collection", patch_multi);
  api.patch("/_api/document/:collection/:key", patch_single);
  api.del("/_api/document/:collection", delete_multi);
  api.del("/_api/document/:collection/:key", delete_single);
  api.get("/_api/edges/:collection", edges);
  // RestEdgesHandler::readEdges needs exactly one suffix; methods other than GET and POST
  // are generateNotImplemented("ILLEGAL /_api/edges")
  auto edges_suffixes = [](RequestContext&) {
    return error_response(400, err::kHttpBadParameter,
                          "expected GET /_api/edges/<collection-identifier>?vertex=<vertex-id>&"
                          "direction=<direction>");
  };
  api.get("/_api/edges", edges_suffixes);
  api.get("/_api/edges/:collection/*rest", edges_suffixes);
  api.post("/_api/edges/:collection", edges_multi);
  auto edges_post_suffixes = [](RequestContext&) {
    return error_response(400, err::kHttpBadParameter, kEdgesPostUsage);
  };
  api.post("/_api/edges", edges_post_suffixes);
  api.post("/_api/edges/:collection/*rest", edges_post_suffixes);
  for (auto const* method : {"PUT", "PATCH", "DELETE", "HEAD"}) {
    for (auto const* path : {"/_api/edges", "/_api/edges/:collection", "/_api/edges/*rest"}) {
      api.add(method, path, [](RequestContext&) {
        return error_response(501, err::kNotImplemented, "'ILLEGAL /_api/edges' not implemented");
      });
    }
  }
}

}  // namespace emu
