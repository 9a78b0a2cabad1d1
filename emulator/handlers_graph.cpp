// /_api/gharial (RestGraphHandler, GraphManager and GraphOperations of
// arangod 3.12, single server). Graph definitions are documents of `_graphs`
// (graphs.hpp); every vertex and edge write goes through the docstore
// operations, so keys, revisions, indexes, schemas and edge validation behave
// as in the document API.
//
// Envelopes and statuses as RestGraphHandler sends them:
//  * {"error":false,"code":N, "graph"|"graphs"|"collections"|"vertex"|"edge"|
//    "removed" ...}; success Etags carry the bare _rev (no quotes), 304 and
//    412 use the quoted form of the document API.
//  * graph create 201/202 (waitForSync query parameter), vertex/edge create
//    201/202, vertex/edge modify and remove 200/202 (request or collection
//    waitForSync), graph drop and every edge-definition / orphan change 202.
#include <algorithm>
#include <charconv>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "graphs.hpp"
#include "handlers.hpp"
#include "handlers_common.hpp"
#include "names.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/views.hpp"
#include "store.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

using Value = rapidjson::Value;

// ----- errors -----------------------------------------------------------------

HttpResponse graph_error(GraphError const& e) { return error_response(e.error, e.message); }

// What arangod answers when a velocypack accessor throws inside the handler
// (RestHandler::executeEngine: TRI_ERROR_INTERNAL, "VPack error: ...").
HttpResponse vpack_error(std::string_view what) {
  return error_response(500, err::kInternal, "VPack error: Expecting type " + std::string(what));
}

HttpResponse graph_not_found(std::string const& name) {
  return error_response(404, 1924, "graph '" + name + "' not found");
}

// ----- revisions (RestVocbaseBaseHandler::extractRevision) --------------------

// A revision given by the client in canonical (encoded) form; nullopt when it
// is not a valid revision. Numeric strings are revision ids.
std::optional<std::string> canonical_revision(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0 || v == UINT64_MAX) {
      return std::nullopt;
    }
    return encode_revision(v);
  }
  auto v = decode_revision(s);
  if (!v || *v == 0 || *v == UINT64_MAX) return std::nullopt;
  return encode_revision(*v);
}

std::string strip_etag(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  if (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (!v.empty() && (v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
  return std::string(v);
}

// A revision no document can have (RevisionId::max()).
constexpr std::string_view kImpossibleRevision = "~";

// RestGraphHandler::handleRevision: If-Match, else the `rev` query parameter.
std::optional<std::string> expected_revision(RequestContext const& ctx) {
  std::optional<std::string> rev;
  bool impossible = false;
  if (auto const* h = ctx.header("if-match")) {
    rev = canonical_revision(strip_etag(*h));
    impossible = !rev;
  }
  if (!rev) {
    if (auto const* q = ctx.query_value("rev")) {
      rev = canonical_revision(*q);
      impossible = false;
    }
  }
  if (impossible) return std::string(kImpossibleRevision);
  return rev;
}

// If-None-Match: nullopt when absent, an impossible revision when invalid.
std::optional<std::string> if_none_match(RequestContext const& ctx) {
  auto const* h = ctx.header("if-none-match");
  if (h == nullptr) return std::nullopt;
  auto r = canonical_revision(strip_etag(*h));
  return r ? *r : std::string(kImpossibleRevision);
}

// ----- locking ------------------------------------------------------------------

// Locks several collections in id order (exclusive wins over shared).
class LockSet {
 public:
  void add(std::shared_ptr<Collection> const& c, bool exclusive) {
    if (!c) return;
    for (auto& [coll, ex] : entries_) {
      if (coll == c) {
        ex = ex || exclusive;
        return;
      }
    }
    entries_.emplace_back(c, exclusive);
  }
  void lock() {
    std::sort(entries_.begin(), entries_.end(),
              [](auto const& a, auto const& b) { return a.first->id < b.first->id; });
    for (auto& [c, ex] : entries_) {
      if (ex) {
        exclusive_.emplace_back(c->mutex);
      } else {
        shared_.emplace_back(c->mutex);
      }
    }
  }

 private:
  std::vector<std::pair<std::shared_ptr<Collection>, bool>> entries_;
  std::vector<std::unique_lock<std::shared_mutex>> exclusive_;
  std::vector<std::shared_lock<std::shared_mutex>> shared_;
};

// ----- graph storage ----------------------------------------------------------

std::shared_ptr<Collection> graphs_collection(RequestContext const& ctx) {
  return ctx.db->find_collection(kGraphsCollection);
}

// GraphManager::storeGraph: insert or update the `_graphs` document. On
// success `out` is the graph as stored (re-read, with its new _rev).
GraphError store_graph(Collection& graphs, GraphDef const& g, bool is_update, bool wait_for_sync,
                       GraphDef& out) {
  auto parsed = parse_json(graph_persistence_json(g));
  if (!parsed.ok()) return {err::kInternal, {}};
  WriteOptions o;
  o.wait_for_sync = wait_for_sync;
  OpResult r;
  {
    std::unique_lock lock(graphs.mutex);
    r = is_update ? doc_update(graphs, g.name, *parsed.doc, o) : doc_insert(graphs, *parsed.doc, o);
  }
  if (!r.ok()) return {r.error, r.message};
  out = graph_from_document(*r.doc);
  return {};
}

// Creates the collections of `g` that do not exist yet
// (GraphManager::ensureAllCollections / findOrCreateCollectionsByEdgeDefinition).
// `edges` are the edge collections to check, `vertices` the vertex
// collections; `not_edge_suffix` completes arangod's 1944 message.
GraphError ensure_collections(Database& db, std::set<std::string> const& edges,
                              std::set<std::string> const& vertices,
                              std::string_view not_edge_suffix) {
  std::unique_lock lock(db.mutex);
  std::vector<std::string> create_edges;
  std::vector<std::string> create_docs;
  for (auto const& e : edges) {
    if (auto c = db.find_collection_locked(e)) {
      if (!c->is_edge()) return {1944, "Collection: '" + c->name + "' " + std::string(not_edge_suffix)};
    } else {
      create_edges.push_back(e);
    }
  }
  for (auto const& v : vertices) {
    if (db.find_collection_locked(v)) continue;
    if (std::find(create_edges.begin(), create_edges.end(), v) != create_edges.end()) continue;
    create_docs.push_back(v);
  }
  // methods::Collections::create validates all names before creating any.
  for (auto const* list : {&create_docs, &create_edges}) {
    for (auto const& n : *list) {
      if (!is_allowed_collection_name(n, false) || !looks_nfc_normalized(n)) {
        return {err::kArangoIllegalName, {}};
      }
    }
  }
  for (auto const& n : create_docs) create_collection_locked(db, n, CollectionType::Document);
  for (auto const& n : create_edges) create_collection_locked(db, n, CollectionType::Edge);
  return {};
}

GraphError ensure_all_collections(Database& db, GraphDef const& g) {
  return ensure_collections(db, g.edge_collections(), g.vertex_colls, "is not an edge collection");
}

// GraphManager::checkForEdgeDefinitionConflicts: an edge collection used by
// another graph with a different definition (1921).
GraphError check_definition_conflicts(std::vector<GraphDef> const& graphs,
                                      std::map<std::string, EdgeDefinition> const& defs,
                                      std::string const& graph_name) {
  for (auto const& other : graphs) {
    if (other.name == graph_name) continue;
    for (auto const& [coll, def] : other.edge_defs) {
      auto it = defs.find(coll);
      if (it != defs.end() && !(it->second == def)) {
        return {1921, coll + " " + std::string(error_message(1921))};
      }
    }
  }
  return {};
}

// SmartGraphs: the leading collection (arangod picks one of the collections
// it creates; the emulator takes the first `from` collection).
void pick_initial(GraphDef& g) {
  if (!g.is_smart || !g.initial.empty()) return;
  if (!g.edge_defs.empty()) {
    g.initial = *g.edge_defs.begin()->second.from.begin();
  } else if (!g.orphans.empty()) {
    g.initial = *g.orphans.begin();
  }
}

// Drops a collection on behalf of the graph API (allowDropGraphCollection).
GraphError drop_collection(Database& db, std::string const& name) {
  std::unique_lock lock(db.mutex);
  auto c = db.find_collection_locked(name);
  if (!c) return {};
  if (c->is_system) return {err::kForbidden, {}};
  db.collections.erase(c->name);
  drop_collection_from_views_locked(db, c->id);
  return {};
}

// ----- responses ------------------------------------------------------------------

HttpResponse graph_response(int status, GraphDef const& g, bool etag) {
  HttpResponse r = ok_merged(status, [&](JsonWriter& w) {
    w.key("graph");
    write_graph_for_client(w, g);
  });
  if (etag) r.set_header("Etag", g.rev);
  return r;
}

HttpResponse collections_response(std::set<std::string> const& names) {
  return ok_merged(200, [&](JsonWriter& w) {
    w.key("collections").begin_array();
    for (auto const& n : names) w.string(n);
    w.end_array();
  });
}

// RestVocbaseBaseHandler::generateConflictError.
// `message`: a stream transaction's key lock ("Timeout waiting to lock key ...").
HttpResponse conflict_response(std::string const& cname, DocPtr const& cur, bool precondition,
                               std::string_view message = {}) {
  int status = precondition ? 412 : 409;
  JsonWriter w;
  w.begin_object()
      .kv("error", true)
      .kv("code", status)
      .kv("errorNum", 1200)
      .kv("errorMessage", message.empty() ? std::string_view("conflict, _rev values do not match") : message);
  if (cur) {
    w.kv("_id", cname + "/" + std::string(cur->key())).kv("_key", cur->key()).kv("_rev", cur->rev_string());
  }
  w.end_object();
  HttpResponse r = json_response(status, w);
  if (cur) r.set_header("Etag", "\"" + cur->rev_string() + "\"");
  return r;
}

// Transaction errors of vertex/edge operations (generateTransactionError).
HttpResponse op_error(std::string const& cname, OpResult const& r, bool rev_given) {
  if (r.error == 1200) return conflict_response(cname, r.doc, rev_given, r.message);
  if (r.error == 1202) return error_response(404, 1202);
  return error_response(r.error, r.message);
}

// {"_id","_key",["_oldRev",]"_rev"}: velocypack::Collection::remove leaves
// the attributes sorted.
void write_meta(JsonWriter& w, std::string const& cname, Document const& d, Document const* old) {
  w.begin_object().kv("_id", cname + "/" + std::string(d.key())).kv("_key", d.key());
  if (old != nullptr) w.kv("_oldRev", old->rev_string());
  w.kv("_rev", d.rev_string()).end_object();
}

// ----- vertex / edge checks (GraphOperations) ---------------------------------------

enum class Origin { None, From, To };

// checkVertexCollectionAvailability
GraphError check_vertex_collection(Database const& db, GraphDef const& g, std::string const& name,
                                   Origin origin) {
  if (!g.has_vertex_collection(name)) {
    if (origin == Origin::None) return {1949, {}};
    return {1947, std::string("referenced ") + (origin == Origin::From ? "_from" : "_to") +
                      " collection '" + name + "' is not part of the graph"};
  }
  if (!db.find_collection(name)) {
    return {1926, name + " " + std::string(error_message(1926))};
  }
  return {};
}

// checkEdgeCollectionAvailability
GraphError check_edge_collection(GraphDef const& g, std::string const& name) {
  if (!g.has_edge_collection(name)) return {1930, {}};
  return {};
}

struct VertexRef {
  std::string collection;
  std::string key;
};

// GraphOperations::validateEdgeContent. `found` is set when both _from and
// _to were given (then the vertices must exist).
GraphError validate_edge_content(Database const& db, GraphDef const& g, Value const& body,
                                 bool is_update, std::optional<VertexRef>& from,
                                 std::optional<VertexRef>& to, bool& found) {
  Value const* f = member(body, "_from");
  Value const* t = member(body, "_to");
  bool fs = f != nullptr && f->IsString();
  bool ts = t != nullptr && t->IsString();
  auto one = [&](Value const& v, Origin origin, std::optional<VertexRef>& out) -> GraphError {
    std::string s(v.GetString(), v.GetStringLength());
    auto pos = s.find('/');
    if (pos == std::string::npos) return {1233, {}};
    VertexRef ref{s.substr(0, pos), s.substr(pos + 1)};
    if (auto e = check_vertex_collection(db, g, ref.collection, origin); !e.ok()) return e;
    out = std::move(ref);
    return {};
  };
  found = false;
  if (!fs || !ts) {
    if (!is_update) return {1233, {}};
    if (fs) {
      if (auto e = one(*f, Origin::From, from); !e.ok()) return e;
    }
    if (ts) {
      if (auto e = one(*t, Origin::To, to); !e.ok()) return e;
    }
    return {};
  }
  if (auto e = one(*f, Origin::From, from); !e.ok()) return e;
  if (auto e = one(*t, Origin::To, to); !e.ok()) return e;
  found = true;
  return {};
}

// The collections of _from and _to, resolved before any collection lock is
// taken (lock order Database -> Collection).
struct EdgeEnds {
  std::shared_ptr<Collection> from;
  std::shared_ptr<Collection> to;

  EdgeEnds(Database const& db, std::optional<VertexRef> const& f, std::optional<VertexRef> const& t)
      : from(f ? db.find_collection(f->collection) : nullptr),
        to(t ? db.find_collection(t->collection) : nullptr) {}
  // validateEdge's transaction reads both vertex collections (in a stream
  // transaction: declared, or implicitly added with allowImplicit).
  std::optional<HttpResponse> access(DocTarget& target) const {
    for (auto const* c : {&from, &to}) {
      if (!*c) continue;
      if (auto e = target.access(*c, TrxAccess::Read)) return e;
    }
    return std::nullopt;
  }
  void lock_into(LockSet& locks) const {
    locks.add(from, false);
    locks.add(to, false);
  }
  // GraphOperations::validateEdgeVertices (sees the transaction's own
  // writes); caller holds the locks.
  bool exist(DocTarget& target, VertexRef const& f, VertexRef const& t) const {
    return from && to && target.view(*from).lookup(f.key) && target.view(*to).lookup(t.key);
  }
};

// ===== /_api/gharial ==================================================================

HttpResponse list_graphs(RequestContext& ctx) {
  auto docs = graph_documents(graphs_collection(ctx));
  return ok_merged(200, [&](JsonWriter& w) {
    w.key("graphs").begin_array();
    for (auto const& d : docs) write_graph_listing(w, *d);
    w.end_array();
  });
}

HttpResponse create_graph(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return vpack_error("Object");
  auto const& body = *parsed.doc;
  bool const sync = ctx.query_flag("waitForSync");
  auto const* name_v = member(body, "name");
  if (name_v == nullptr || !name_v->IsString()) return error_response(1922);
  std::string name(name_v->GetString(), name_v->GetStringLength());

  std::lock_guard glock(graph_schema_mutex());
  auto graphs = graphs_collection(ctx);
  if (!graphs) return error_response(404, 1203, "collection or view not found: _graphs");
  if (lookup_graph(graphs, name)) return error_response(1925);
  GraphDef g;
  if (auto e = graph_from_input(body, name, ctx.db->replication_factor, g); !e.ok()) {
    return graph_error(e);
  }
  if (auto e = check_definition_conflicts(all_graphs(graphs), g.edge_defs, g.name); !e.ok()) {
    return graph_error(e);
  }
  if (auto e = ensure_all_collections(*ctx.db, g); !e.ok()) return graph_error(e);
  pick_initial(g);
  GraphDef stored;
  if (auto e = store_graph(*graphs, g, false, sync, stored); !e.ok()) return graph_error(e);
  return graph_response(sync ? 201 : 202, stored, true);
}

// ===== /_api/gharial/{graph} ===========================================================

HttpResponse drop_graph(RequestContext& ctx, std::shared_ptr<Collection> const& graphs,
                        GraphDef const& g) {
  bool const drop = ctx.query_flag("dropCollections");
  bool const sync = ctx.query_flag("waitForSync");
  std::vector<std::string> to_drop;
  if (drop) {
    auto all = all_graphs(graphs);
    auto consider = [&](std::string const& name) {
      if (!ctx.db->find_collection(name)) return;
      if (std::find(to_drop.begin(), to_drop.end(), name) != to_drop.end()) return;
      if (collection_unused_by_other_graphs(all, name, g.name)) to_drop.push_back(name);
    };
    for (auto const& v : g.vertex_colls) consider(v);
    for (auto const& o : g.orphans) consider(o);
    for (auto const& e : g.edge_collections()) consider(e);
  }
  {
    WriteOptions o;
    o.wait_for_sync = sync;
    std::unique_lock lock(graphs->mutex);
    auto r = doc_remove(*graphs, g.name, std::nullopt, o);
    if (!r.ok()) return error_response(r.error, r.message);
  }
  GraphError first;
  for (auto const& name : to_drop) {
    auto e = drop_collection(*ctx.db, name);
    if (!e.ok() && first.ok()) first = e;
  }
  if (!first.ok()) return graph_error(first);
  return ok_merged(202, [](JsonWriter& w) { w.kv("removed", true); });
}

// ===== /_api/gharial/{graph}/vertex ====================================================

// POST: GraphOperations::addOrphanCollection.
HttpResponse add_vertex_collection(RequestContext& ctx, std::shared_ptr<Collection> const& graphs,
                                   GraphDef g) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return vpack_error("Object");
  auto const* cv = member(*parsed.doc, "collection");
  if (cv == nullptr || !cv->IsString()) return vpack_error("String");
  std::string name(cv->GetString(), cv->GetStringLength());
  bool const sync = ctx.query_flag("waitForSync");
  bool const create = ctx.query_flag("createCollection", true);
  if (g.has_vertex_collection(name)) {
    if (g.has_orphan(name)) return error_response(1938);
    return error_response(1929, name + " " + std::string(error_message(1929)));
  }
  g.add_orphan(name);
  auto existing = ctx.db->find_collection(name);
  if (!existing) {
    if (!create) return error_response(1926, name + " " + std::string(error_message(1926)));
    if (auto e = ensure_all_collections(*ctx.db, g); !e.ok()) return graph_error(e);
  } else {
    if (auto e = ensure_all_collections(*ctx.db, g); !e.ok()) return graph_error(e);
    if (existing->is_edge()) return error_response(1927);
  }
  GraphDef stored;
  if (auto e = store_graph(*graphs, g, true, sync, stored); !e.ok()) return graph_error(e);
  return graph_response(202, stored, true);
}

// DELETE /vertex/{collection}: GraphOperations::eraseOrphanCollection.
HttpResponse remove_vertex_collection(RequestContext& ctx,
                                      std::shared_ptr<Collection> const& graphs, GraphDef g,
                                      std::string const& name) {
  bool const sync = ctx.query_flag("waitForSync");
  bool const drop = ctx.query_flag("dropCollection");
  if (!g.has_orphan(name)) return error_response(1928);
  bool const exists = ctx.db->find_collection(name) != nullptr;
  g.remove_orphan(name);
  GraphDef stored;
  if (auto e = store_graph(*graphs, g, true, sync, stored); !e.ok()) return graph_error(e);
  if (drop && exists && collection_unused_by_other_graphs(all_graphs(graphs), name, "")) {
    if (auto e = drop_collection(*ctx.db, name); !e.ok()) return graph_error(e);
  }
  return graph_response(202, stored, true);
}

// ===== /_api/gharial/{graph}/edge ======================================================

// POST: GraphOperations::addEdgeDefinition.
HttpResponse add_edge_definition(RequestContext& ctx, std::shared_ptr<Collection> const& graphs,
                                 GraphDef g) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return vpack_error("Object");
  bool const sync = ctx.query_flag("waitForSync");
  EdgeDefinition def;
  if (auto e = parse_edge_definition(*parsed.doc, def); !e.ok()) return graph_error(e);
  std::map<std::string, EdgeDefinition> single{{def.collection, def}};
  if (auto e = g.add_edge_definition(def); !e.ok()) return graph_error(e);
  if (auto e = check_definition_conflicts(all_graphs(graphs), single, g.name); !e.ok()) {
    return graph_error(e);
  }
  if (auto e = ensure_all_collections(*ctx.db, g); !e.ok()) return graph_error(e);
  GraphDef stored;
  if (auto e = store_graph(*graphs, g, true, sync, stored); !e.ok()) return graph_error(e);
  return graph_response(202, stored, true);
}

// PUT /edge/{definition}: GraphOperations::editEdgeDefinition (changes the
// definition in every graph that uses the edge collection).
HttpResponse replace_edge_definition(RequestContext& ctx,
                                     std::shared_ptr<Collection> const& graphs, GraphDef const& g,
                                     std::string const& def_name) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return vpack_error("Object");
  bool const sync = ctx.query_flag("waitForSync");
  EdgeDefinition def;
  if (auto e = parse_edge_definition(*parsed.doc, def); !e.ok()) return graph_error(e);
  if (auto e = check_edge_collection(g, def_name); !e.ok()) return graph_error(e);
  std::set<std::string> vertices = def.from;
  vertices.insert(def.to.begin(), def.to.end());
  if (auto e = ensure_collections(*ctx.db, {def.collection}, vertices, "is not an EdgeCollection");
      !e.ok()) {
    return graph_error(e);
  }
  if (auto e = check_edge_collection(g, def.collection); !e.ok()) return graph_error(e);
  for (auto other : all_graphs(graphs)) {
    if (!other.has_edge_collection(def.collection)) continue;
    other.remove_edge_definition(def.collection);
    other.add_edge_definition(def);
    if (auto e = ensure_all_collections(*ctx.db, other); !e.ok()) return graph_error(e);
    GraphDef ignored;
    if (auto e = store_graph(*graphs, other, true, sync, ignored); !e.ok()) return graph_error(e);
  }
  auto stored = lookup_graph(graphs, g.name);
  if (!stored) return graph_not_found(g.name);
  return graph_response(202, *stored, true);
}

// DELETE /edge/{definition}: GraphOperations::eraseEdgeDefinition.
HttpResponse remove_edge_definition(RequestContext& ctx,
                                    std::shared_ptr<Collection> const& graphs, GraphDef g,
                                    std::string const& def_name) {
  bool const sync = ctx.query_flag("waitForSync");
  bool const drop = ctx.query_flag("dropCollections");
  if (auto e = check_edge_collection(g, def_name); !e.ok()) return graph_error(e);
  g.remove_edge_definition(def_name);
  GraphDef stored;
  if (auto e = store_graph(*graphs, g, true, sync, stored); !e.ok()) return graph_error(e);
  if (drop && collection_unused_by_other_graphs(all_graphs(graphs), def_name, g.name)) {
    if (auto e = drop_collection(*ctx.db, def_name); !e.ok()) return graph_error(e);
  }
  return graph_response(202, stored, true);
}

// ===== vertices and edges ===============================================================

enum class Kind { Vertex, Edge };

// The graph's checks of the collection an element request names, by the element's kind.
GraphError check_element_collection(Database const& db, GraphDef const& g, Kind kind, std::string const& cname) {
  return kind == Kind::Vertex ? check_vertex_collection(db, g, cname, Origin::None) : check_edge_collection(g, cname);
}

char const* field_name(Kind k) { return k == Kind::Vertex ? "vertex" : "edge"; }

// Every vertex/edge operation runs in the transaction context of the
// request (RestVocbaseBaseHandler::createTransactionContext): the stream
// transaction named by x-arango-trx-id, read-your-writes included, or a
// transaction of its own. DocTarget::access checks the caller's permission on
// the collection (403 with 11 or 1004) and, in a stream transaction, that it
// is declared (1652).
std::optional<HttpResponse> open_target(RequestContext const& ctx, DocTarget& target, TrxAccess mode) {
  return target.open(ctx, mode, /*quoted_id=*/true);
}

// GET /vertex/{c}/{key} and /edge/{c}/{key}.
HttpResponse read_element(RequestContext& ctx, GraphDef const& g, Kind kind,
                          std::string const& cname, std::string const& key) {
  auto inm = if_none_match(ctx);
  auto rev = expected_revision(ctx);
  DocTarget target;
  if (auto e = open_target(ctx, target, TrxAccess::Read)) return *e;
  if (auto e = check_element_collection(*ctx.db, g, kind, cname); !e.ok()) return graph_error(e);
  auto c = ctx.db->find_collection(cname);
  if (!c) {
    return kind == Kind::Vertex ? error_response(404, 1203, "collection '" + cname + "' not found")
                                : error_response(400, 1203, "no collection name specified");
  }
  if (auto e = target.access(c, TrxAccess::Read)) return *e;
  DocPtr d;
  std::string name;
  {
    std::shared_lock lock(c->mutex);
    d = target.view(*c).lookup(key);
    name = c->name;
  }
  if (!d) return error_response(404, 1202);
  std::string const cur = d->rev_string();
  if (rev && *rev != cur) return conflict_response(name, d, true);
  if (inm && *inm == cur) {
    HttpResponse r = empty_response(304);
    r.set_header("Etag", "\"" + cur + "\"");
    return r;
  }
  HttpResponse r = ok_merged(200, [&](JsonWriter& w) {
    w.key(field_name(kind));
    write_document(w, *d, name);
  });
  r.set_header("Etag", cur);
  return r;
}

// POST /vertex/{c} and /edge/{c}: GraphOperations::createVertex / createEdge.
HttpResponse create_element(RequestContext& ctx, GraphDef const& g, Kind kind,
                            std::string const& cname) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) return error_response(1227);
  auto const& body = *parsed.doc;
  WriteOptions o;
  o.wait_for_sync = ctx.query_flag("waitForSync");
  o.return_new = ctx.query_flag("returnNew");
  DocTarget target;
  if (auto e = open_target(ctx, target, TrxAccess::Write)) return *e;

  std::optional<VertexRef> from, to;
  bool found = false;
  if (auto e = check_element_collection(*ctx.db, g, kind, cname); !e.ok()) return graph_error(e);
  if (kind == Kind::Edge) {
    if (auto e = validate_edge_content(*ctx.db, g, body, false, from, to, found); !e.ok()) {
      return graph_error(e);
    }
  }
  auto c = ctx.db->find_collection(cname);
  if (!c) return error_response(404, 1203, "collection '" + cname + "' not found");
  if (auto e = target.access(c, TrxAccess::Write)) return *e;
  EdgeEnds const ends(*ctx.db, from, to);
  if (found) {
    if (auto e = ends.access(target)) return *e;
  }
  LockSet locks;
  locks.add(c, true);
  if (found) ends.lock_into(locks);
  locks.lock();
  if (found && !ends.exist(target, *from, *to)) return error_response(404, 1202);
  OpResult r = doc_insert(*c, target.view(*c), body, o);
  if (!r.ok()) return op_error(c->name, r, false);
  bool const synced = o.wait_for_sync || c->wait_for_sync;
  HttpResponse resp = ok_merged(synced ? 201 : 202, [&](JsonWriter& w) {
    w.key(field_name(kind));
    write_meta(w, c->name, *r.doc, nullptr);
    if (o.return_new) {
      w.key("new");
      write_document(w, *r.doc, c->name);
    }
  });
  resp.set_header("Etag", r.doc->rev_string());
  return resp;
}

// PUT / PATCH /vertex/{c}/{key} and /edge/{c}/{key}:
// GraphOperations::replace|update(Vertex|Edge) and modifyDocument.
HttpResponse modify_element(RequestContext& ctx, GraphDef const& g, Kind kind,
                            std::string const& cname, std::string const& key, bool is_patch) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  WriteOptions o;
  o.wait_for_sync = ctx.query_flag("waitForSync");
  o.return_new = ctx.query_flag("returnNew");
  o.return_old = ctx.query_flag("returnOld");
  o.keep_null = ctx.query_flag("keepNull", true);
  o.ignore_revs = true;  // a _rev in the body is replaced by the expected one
  auto rev = expected_revision(ctx);
  o.if_match = rev;
  DocTarget target;
  if (auto e = open_target(ctx, target, TrxAccess::Write)) return *e;

  bool const is_object = !parsed.empty && parsed.doc->IsObject();
  std::optional<VertexRef> from, to;
  bool found = false;
  if (auto e = check_element_collection(*ctx.db, g, kind, cname); !e.ok()) return graph_error(e);
  if (!is_object) return vpack_error("Object");
  if (kind == Kind::Edge) {
    if (auto e = validate_edge_content(*ctx.db, g, *parsed.doc, is_patch, from, to, found);
        !e.ok()) {
      return graph_error(e);
    }
  }
  auto c = ctx.db->find_collection(cname);
  if (!c) return error_response(400, 1203, "no collection name specified");
  if (auto e = target.access(c, TrxAccess::Write)) return *e;
  EdgeEnds const ends(*ctx.db, from, to);
  if (found) {
    if (auto e = ends.access(target)) return *e;
  }
  LockSet locks;
  locks.add(c, true);
  if (found) ends.lock_into(locks);
  locks.lock();
  if (found && !ends.exist(target, *from, *to)) return error_response(404, 1202);
  DocView& v = target.view(*c);
  OpResult r = is_patch ? doc_update(*c, v, key, *parsed.doc, o) : doc_replace(*c, v, key, *parsed.doc, o);
  if (!r.ok()) return op_error(c->name, r, rev.has_value());
  bool const synced = o.wait_for_sync || c->wait_for_sync;
  HttpResponse resp = ok_merged(synced ? 200 : 202, [&](JsonWriter& w) {
    w.key(field_name(kind));
    write_meta(w, c->name, *r.doc, r.old.get());
    if (o.return_old && r.old) {
      w.key("old");
      write_document(w, *r.old, c->name);
    }
    if (o.return_new) {
      w.key("new");
      write_document(w, *r.doc, c->name);
    }
  });
  resp.set_header("Etag", r.doc->rev_string());
  return resp;
}

// Keys of the edges of `ec` (as `v` shows it) whose _from or _to is `id`;
// caller holds the collection lock.
std::set<std::string> edges_touching(Collection const& ec, DocView const& v, bool in_transaction,
                                     std::string const& id) {
  std::set<std::string> keys;
  if (in_transaction) {
    // the overlay has no edge index of its own: the transaction's view
    v.for_each([&](DocPtr const& d) {
      if (d->from() == id || d->to() == id) keys.emplace(d->key());
      return true;
    });
    return keys;
  }
  for (auto const* index : {&ec.data.edges_from, &ec.data.edges_to}) {
    auto it = index->find(id);
    if (it != index->end()) keys.insert(it->second.begin(), it->second.end());
  }
  return keys;
}

// DELETE /vertex/{c}/{key} and /edge/{c}/{key}: GraphOperations::
// removeEdgeOrVertex. Removing a document also removes the edges pointing to
// it from the edge collections of this graph and of every graph that uses
// the collection as a vertex collection, all in the request's transaction
// (the stream transaction too: every one of these collections must be
// declared for writing). As in arangod, the edge removal runs even when the
// document's removal failed; without a stream transaction the failure rolls
// it back, in one the removed edges stay removed in the transaction.
HttpResponse remove_element(RequestContext& ctx, std::shared_ptr<Collection> const& graphs,
                            GraphDef const& g, Kind kind, std::string const& cname,
                            std::string const& key) {
  WriteOptions o;
  o.wait_for_sync = ctx.query_flag("waitForSync");
  o.return_old = ctx.query_flag("returnOld");
  auto rev = expected_revision(ctx);
  o.if_match = rev;
  DocTarget target;
  if (auto e = open_target(ctx, target, TrxAccess::Write)) return *e;
  if (auto e = check_element_collection(*ctx.db, g, kind, cname); !e.ok()) return graph_error(e);
  auto c = ctx.db->find_collection(cname);
  if (!c) {
    return kind == Kind::Vertex ? error_response(404, 1203, "collection '" + cname + "' not found")
                                : error_response(400, 1203, "no collection name specified");
  }
  // the transaction's collections in arangod's order: the document's, the
  // graph's edge collections, then those of other graphs
  std::vector<std::string> edge_colls;
  for (auto const& e : g.edge_collections()) edge_colls.push_back(e);
  for (auto const& other : all_graphs(graphs)) {
    for (auto const& [name, def] : other.edge_defs) {
      if (def.uses_vertex_collection(cname) &&
          std::find(edge_colls.begin(), edge_colls.end(), name) == edge_colls.end()) {
        edge_colls.push_back(name);
      }
    }
  }
  if (auto e = target.access(c, TrxAccess::Write)) return *e;
  std::vector<std::shared_ptr<Collection>> edges;
  LockSet locks;
  locks.add(c, true);
  for (auto const& e : edge_colls) {
    auto ec = ctx.db->find_collection(e);
    if (!ec || !ec->is_edge()) continue;
    if (ec != c) {
      if (auto denied = target.access(ec, TrxAccess::Write)) return *denied;
    }
    edges.push_back(ec);
    locks.add(ec, true);
  }
  locks.lock();
  OpResult r = doc_remove(*c, target.view(*c), key, std::nullopt, o);
  bool const in_trx = target.in_transaction();
  if (!r.ok() && !in_trx) return op_error(c->name, r, rev.has_value());
  std::string const id = cname + "/" + key;
  for (auto const& ec : edges) {
    DocView& v = target.view(*ec);
    for (auto const& k : edges_touching(*ec, v, in_trx, id)) {
      doc_remove(*ec, v, k, std::nullopt, WriteOptions{});
    }
  }
  if (!r.ok()) return op_error(c->name, r, rev.has_value());
  bool const synced = o.wait_for_sync || c->wait_for_sync;
  return ok_merged(synced ? 200 : 202, [&](JsonWriter& w) {
    w.kv("removed", true);
    if (o.return_old) {
      w.key("old");
      write_document(w, *r.old, c->name);
    }
  });
}

// ===== dispatch (RestGraphHandler::executeGharial) ==========================================

HttpResponse method_not_allowed() { return error_response(405, err::kHttpMethodNotAllowed); }

bool changes_schema(std::string const& method, std::size_t depth, std::string const& type) {
  if (depth == 1) return method == "DELETE";
  if (depth == 2) return method == "POST";
  if (depth == 3) {
    if (type == "vertex") return method == "DELETE";
    return method == "PUT" || method == "DELETE";
  }
  return false;
}

HttpResponse gharial(RequestContext& ctx) {
  std::vector<std::string> const s(ctx.segments.begin() + 2, ctx.segments.end());
  std::string const& m = ctx.method;
  if (s.empty()) {
    if (m == "GET") return list_graphs(ctx);
    if (m == "POST") return create_graph(ctx);
    return method_not_allowed();
  }
  std::string const& graph_name = s[0];
  std::string const type = s.size() > 1 ? s[1] : std::string();
  std::unique_lock<std::mutex> glock(graph_schema_mutex(), std::defer_lock);
  if (changes_schema(m, s.size(), type)) glock.lock();

  auto graphs = graphs_collection(ctx);
  if (!graphs) {
    return error_response(404, 1203,
                          "while looking up graph '" + graph_name + "': " +
                              std::string(error_message(1203)));
  }
  auto g = lookup_graph(graphs, graph_name);
  if (!g) return graph_not_found(graph_name);
  if (s.size() >= 2 && glock.owns_lock()) {
    // Edge-definition and orphan changes create a transaction context too
    // (an unknown or finished x-arango-trx-id is refused); their writes to
    // `_graphs` and the collections are not part of the stream transaction.
    DocTarget target;
    if (auto e = open_target(ctx, target, TrxAccess::Write)) return *e;
  }

  if (s.size() == 1) {
    if (m == "GET") return graph_response(200, *g, false);
    if (m == "DELETE") return drop_graph(ctx, graphs, *g);
    return method_not_allowed();
  }
  if (type != "vertex" && type != "edge") return error_response(404, err::kHttpNotFound);
  Kind const kind = type == "vertex" ? Kind::Vertex : Kind::Edge;
  if (s.size() == 2) {
    if (m == "GET") return collections_response(kind == Kind::Vertex ? g->vertex_colls : g->edge_collections());
    if (m == "POST") {
      return kind == Kind::Vertex ? add_vertex_collection(ctx, graphs, *g)
                                  : add_edge_definition(ctx, graphs, *g);
    }
    return method_not_allowed();
  }
  std::string const& set_name = s[2];
  if (s.size() == 3) {
    if (kind == Kind::Vertex) {
      if (m == "POST") return create_element(ctx, *g, kind, set_name);
      if (m == "DELETE") return remove_vertex_collection(ctx, graphs, *g, set_name);
    } else {
      if (m == "POST") return create_element(ctx, *g, kind, set_name);
      if (m == "PUT") return replace_edge_definition(ctx, graphs, *g, set_name);
      if (m == "DELETE") return remove_edge_definition(ctx, graphs, *g, set_name);
    }
    return method_not_allowed();
  }
  if (s.size() == 4) {
    std::string const& key = s[3];
    if (m == "GET") return read_element(ctx, *g, kind, set_name, key);
    if (m == "PATCH") return modify_element(ctx, *g, kind, set_name, key, true);
    if (m == "PUT") return modify_element(ctx, *g, kind, set_name, key, false);
    if (m == "DELETE") return remove_element(ctx, graphs, *g, kind, set_name, key);
    return method_not_allowed();
  }
  return error_response(404, err::kHttpNotFound);
}

}  // namespace

void register_graph_handlers(Router& api) {
  for (char const* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}) {
    api.add(method, "/_api/gharial", gharial);
    api.add(method, "/_api/gharial/*rest", gharial);
  }
}

}  // namespace emu
