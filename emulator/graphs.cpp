// Named graphs: the graph model of arangod's Graph / EdgeDefinition /
// GraphManager (3.12, single server), stored in `_graphs`.
#include "graphs.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "errors.hpp"
#include "json.hpp"
#include "store.hpp"

namespace emu {
namespace {

using Value = rapidjson::Value;

std::string_view sv(Value const& v) { return {v.GetString(), v.GetStringLength()}; }

std::string str(Value const& v) { return std::string(sv(v)); }

// VelocyPackHelper::getNumericValue<uint64_t>: the number (truncated, clamped
// at 0) or the default when the attribute is no number.
std::uint64_t numeric_or(Value const* v, std::uint64_t def) {
  if (v == nullptr || !v->IsNumber()) return def;
  if (v->IsUint64()) return v->GetUint64();
  if (v->IsInt64()) return v->GetInt64() < 0 ? 0 : static_cast<std::uint64_t>(v->GetInt64());
  double d = v->GetDouble();
  if (!(d > 0)) return 0;
  if (d >= 1.8e19) return UINT64_MAX;
  return static_cast<std::uint64_t>(d);
}

// Signed view used by the sharding validation (getNumber<int64_t>).
std::int64_t signed_number(Value const& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return static_cast<std::int64_t>(std::min<std::uint64_t>(v.GetUint64(), INT64_MAX));
  double d = v.GetDouble();
  if (d >= 9.2e18) return INT64_MAX;
  if (d <= -9.2e18) return INT64_MIN;
  return static_cast<std::int64_t>(d);
}

bool is_satellite_value(Value const* rf) {
  return rf != nullptr && ((rf->IsNumber() && signed_number(*rf) == 0) ||
                           (rf->IsString() && sv(*rf) == "satellite"));
}

void write_string_set(JsonWriter& w, std::set<std::string> const& s) {
  w.begin_array();
  for (auto const& x : s) w.string(x);
  w.end_array();
}

void rebuild_vertex_collections(GraphDef& g) {
  g.vertex_colls = g.orphans;
  for (auto const& [name, def] : g.edge_defs) {
    g.vertex_colls.insert(def.from.begin(), def.from.end());
    g.vertex_colls.insert(def.to.begin(), def.to.end());
  }
}

// ShardingInfo::validateShardsAndReplicationFactor with a single server's
// defaults (--cluster.max-number-of-shards 1000,
// --cluster.max-replication-factor 10, --cluster.min-replication-factor 1).
GraphError validate_sharding(Value const* options) {
  if (options == nullptr || !options->IsObject()) return {};
  if (auto const* n = member(*options, "numberOfShards"); n != nullptr && n->IsNumber()) {
    if (signed_number(*n) > 1000) {
      return {1450, "too many shards. maximum number of shards is 1000"};
    }
  }
  Value const* wc = member(*options, "writeConcern");
  if (wc == nullptr) wc = member(*options, "minReplicationFactor");
  if (auto const* rf = member(*options, "replicationFactor"); rf != nullptr && rf->IsNumber()) {
    std::int64_t r = signed_number(*rf);
    if (r > 0 && r < 1) {
      return {10, "replicationFactor must not be lower than minimum allowed replicationFactor (1)"};
    }
    if (r > 10) {
      return {10, "replicationFactor must not be higher than maximum allowed replicationFactor (10)"};
    }
    if (r > 0 && wc != nullptr && wc->IsNumber() && signed_number(*wc) > r) {
      return {10, "writeConcern must not be higher than replicationFactor"};
    }
  }
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------
// GraphDef
// ---------------------------------------------------------------------------

std::set<std::string> GraphDef::edge_collections() const {
  std::set<std::string> out;
  for (auto const& [name, def] : edge_defs) out.insert(name);
  return out;
}

GraphError GraphDef::add_edge_definition(EdgeDefinition def) {
  if (has_edge_collection(def.collection)) {
    return {1920, def.collection + " " + std::string(error_message(1920))};
  }
  for (auto const* side : {&def.from, &def.to}) {
    for (auto const& v : *side) {
      orphans.erase(v);  // orphans used by a definition become vertex collections
      vertex_colls.insert(v);
    }
  }
  std::string key = def.collection;
  edge_defs.emplace(std::move(key), std::move(def));
  return {};
}

bool GraphDef::remove_edge_definition(std::string const& collection) {
  auto it = edge_defs.find(collection);
  if (it == edge_defs.end()) return false;
  EdgeDefinition old = std::move(it->second);
  edge_defs.erase(it);
  std::set<std::string> candidates = old.from;
  candidates.insert(old.to.begin(), old.to.end());
  for (auto const& c : candidates) {
    bool used = std::any_of(edge_defs.begin(), edge_defs.end(),
                            [&](auto const& e) { return e.second.uses_vertex_collection(c); });
    if (!used) {
      vertex_colls.erase(c);
      add_orphan(c);
    }
  }
  return true;
}

bool GraphDef::add_orphan(std::string const& name) {
  if (!vertex_colls.insert(name).second) return false;
  orphans.insert(name);
  return true;
}

bool GraphDef::remove_orphan(std::string const& name) {
  if (orphans.erase(name) == 0) return false;
  vertex_colls.erase(name);
  return true;
}

bool GraphDef::rename_collection(std::string const& from_name, std::string const& to_name) {
  if (is_smart) return false;
  bool renamed = false;
  std::map<std::string, EdgeDefinition> defs;
  for (auto& [name, def] : edge_defs) {
    for (auto* side : {&def.from, &def.to}) {
      if (side->erase(from_name) != 0) {
        side->insert(to_name);
        renamed = true;
      }
    }
    if (def.collection == from_name) {
      def.collection = to_name;
      renamed = true;
    }
    std::string key = def.collection;
    defs.emplace(std::move(key), std::move(def));
  }
  edge_defs = std::move(defs);
  if (orphans.erase(from_name) != 0) {
    orphans.insert(to_name);
    renamed = true;
  }
  rebuild_vertex_collections(*this);
  return renamed;
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

GraphError parse_edge_definition(Value const& v, EdgeDefinition& out) {
  if (!v.IsObject()) return {1923, {}};
  for (char const* key : {"collection", "from", "to"}) {
    if (member(v, key) == nullptr) {
      return {1941, "Attribute '" + std::string(key) + "' missing in edge definition!"};
    }
  }
  if (!member(v, "collection")->IsString()) return {1941, "edge definition is not a string!"};
  for (char const* key : {"from", "to"}) {
    Value const& arr = *member(v, key);
    if (!arr.IsArray()) {
      return {1941, "Edge definition '" + std::string(key) + "' is not an array!"};
    }
    for (auto const& x : arr.GetArray()) {
      if (!x.IsString()) {
        return {1941, "Edge definition '" + std::string(key) + "' does not only contain strings!"};
      }
    }
  }
  out.collection = str(*member(v, "collection"));
  out.from.clear();
  out.to.clear();
  for (auto const& x : member(v, "from")->GetArray()) out.from.insert(str(x));
  for (auto const& x : member(v, "to")->GetArray()) out.to.insert(str(x));
  if (out.from.empty() || out.to.empty()) return {1923, {}};
  return {};
}

GraphError graph_from_input(Value const& body, std::string name,
                            std::uint64_t db_replication_factor, GraphDef& out) {
  Value const* options = member(body, "options");
  if (options != nullptr && !options->IsObject()) options = nullptr;
  Value const* is_smart_v = member(body, "isSmart");
  bool smart_set = is_smart_v != nullptr && is_smart_v->IsTrue();
  bool sga_set = false;
  if (options != nullptr) {
    auto const* sga = member(*options, "smartGraphAttribute");
    sga_set = sga != nullptr && sga->IsString();
  }
  if (smart_set || sga_set) {
    std::string param = smart_set ? "isSmart" : "smartGraphAttribute";
    if (options != nullptr) {
      if (auto const* sat = member(*options, "satellites"); sat != nullptr && !sat->IsArray()) {
        return {10, "Missing array for field 'satellites'"};
      }
      if (auto const* rf = member(*options, "replicationFactor"); rf != nullptr) {
        if (rf->IsNumber() && signed_number(*rf) == 0) {
          return {10, "invalid combination of '" + param + "' and 'replicationFactor'"};
        }
        if (rf->IsString() && sv(*rf) == "satellite") {
          return {10, "invalid combination of '" + param + "' and 'satellite' "};
        }
      }
    }
  }
  if (options != nullptr && is_satellite_value(member(*options, "replicationFactor"))) {
    if (auto const* n = member(*options, "numberOfShards"); n != nullptr && n->IsNumber() &&
                                                            signed_number(*n) != 1) {
      return {10, "invalid combination of 'numberOfShards' and 'satellite' replicationFactor"};
    }
  }
  if (auto e = validate_sharding(options); !e.ok()) return e;

  GraphDef g;
  g.name = std::move(name);
  if (g.name.empty()) return {1922, {}};
  g.replication_factor = db_replication_factor;
  if (auto const* defs = member(body, "edgeDefinitions")) {
    if (!defs->IsArray()) {
      return {1901, "'edgeDefinitions' are not an array in the graph definition"};
    }
    for (auto const& d : defs->GetArray()) {
      EdgeDefinition def;
      if (auto e = parse_edge_definition(d, def); !e.ok()) return e;
      if (auto e = g.add_edge_definition(std::move(def)); !e.ok()) return e;
    }
  }
  if (auto const* orphans = member(body, "orphanCollections")) {
    if (!orphans->IsArray()) {
      return {1901, "'orphanCollections' are not an array in the graph definition"};
    }
    for (auto const& o : orphans->GetArray()) {
      if (!o.IsString()) return {1943, "orphan collection is not a string!"};
      g.add_orphan(str(o));  // a collection used in a definition is ignored
    }
  }
  if (options != nullptr) {
    g.number_of_shards = numeric_or(member(*options, "numberOfShards"), 1);
    auto const* rf = member(*options, "replicationFactor");
    if (rf != nullptr && rf->IsString() && sv(*rf) == "satellite") {
      g.is_satellite = true;
      g.replication_factor = 0;
    } else {
      if (rf != nullptr && rf->IsNumber()) {
        std::int64_t r = signed_number(*rf);
        g.replication_factor = r < 0 ? 0 : static_cast<std::uint64_t>(r);
      }
      if (g.replication_factor < 1) return {10, "replicationFactor must be greater than zero"};
      Value const* wc = member(*options, "writeConcern");
      if (wc == nullptr) wc = member(*options, "minReplicationFactor");
      g.write_concern = numeric_or(wc, 1);
    }
  }
  if (smart_set || sga_set) {
    g.is_smart = true;
    if (options != nullptr) {
      if (auto const* sga = member(*options, "smartGraphAttribute"); sga != nullptr && sga->IsString()) {
        g.smart_graph_attribute = str(*sga);
      }
    }
    Value const* dis = member(body, "isDisjoint");
    if ((dis == nullptr || !dis->IsBool()) && options != nullptr) dis = member(*options, "isDisjoint");
    g.is_disjoint = dis != nullptr && dis->IsTrue();
  }
  out = std::move(g);
  return {};
}

GraphDef graph_from_document(Document const& d) {
  GraphDef g;
  g.name = d.key();
  g.rev = d.rev_string();
  Value const& b = d.body;
  if (auto const* defs = member(b, "edgeDefinitions"); defs != nullptr && defs->IsArray()) {
    for (auto const& v : defs->GetArray()) {
      EdgeDefinition def;
      if (parse_edge_definition(v, def).ok()) g.add_edge_definition(std::move(def));
    }
  }
  if (auto const* orphans = member(b, "orphanCollections"); orphans != nullptr && orphans->IsArray()) {
    for (auto const& o : orphans->GetArray()) {
      if (o.IsString()) g.add_orphan(str(o));
    }
  }
  g.number_of_shards = numeric_or(member(b, "numberOfShards"), 1);
  auto const* rf = member(b, "replicationFactor");
  if (rf != nullptr && rf->IsString() && sv(*rf) == "satellite") {
    g.is_satellite = true;
    g.replication_factor = 0;
  } else {
    g.replication_factor = numeric_or(rf, 1);
  }
  Value const* wc = member(b, "writeConcern");
  if (wc == nullptr) wc = member(b, "minReplicationFactor");
  g.write_concern = numeric_or(wc, 1);
  if (auto const* v = member(b, "isSmart"); v != nullptr && v->IsTrue()) g.is_smart = true;
  if (auto const* v = member(b, "isDisjoint"); v != nullptr && v->IsTrue()) g.is_disjoint = true;
  if (auto const* v = member(b, "isSatellite"); v != nullptr && v->IsTrue()) g.is_satellite = true;
  if (auto const* v = member(b, "smartGraphAttribute"); v != nullptr && v->IsString()) {
    g.smart_graph_attribute = str(*v);
  }
  if (auto const* v = member(b, "initial"); v != nullptr && v->IsString()) g.initial = str(*v);
  return g;
}

// ---------------------------------------------------------------------------
// Serialisation
// ---------------------------------------------------------------------------

void write_graph_persistence(JsonWriter& w, GraphDef const& g) {
  w.kv("_key", g.name);
  if (g.is_smart || g.is_satellite) {
    w.kv("numberOfShards", g.number_of_shards);
    if (g.is_satellite) {
      w.kv("replicationFactor", "satellite");
    } else {
      w.kv("replicationFactor", g.replication_factor)
          .kv("minReplicationFactor", g.write_concern)
          .kv("writeConcern", g.write_concern);
    }
    w.kv("isSmart", g.is_smart).kv("isSatellite", g.is_satellite);
  }
  w.key("edgeDefinitions").begin_array();
  for (auto const& [name, def] : g.edge_defs) {
    w.begin_object().kv("collection", def.collection).key("from");
    write_string_set(w, def.from);
    w.key("to");
    write_string_set(w, def.to);
    w.end_object();
  }
  w.end_array().key("orphanCollections");
  write_string_set(w, g.orphans);
  if (g.is_smart) {
    if (!g.initial.empty()) w.kv("initial", g.initial);
    if (!g.smart_graph_attribute.empty()) w.kv("smartGraphAttribute", g.smart_graph_attribute);
    w.kv("isDisjoint", g.is_disjoint);
  }
}

std::string graph_persistence_json(GraphDef const& g) {
  JsonWriter w;
  w.begin_object();
  write_graph_persistence(w, g);
  w.end_object();
  return w.str();
}

void write_graph_for_client(JsonWriter& w, GraphDef const& g) {
  w.begin_object();
  write_graph_persistence(w, g);
  w.kv("_rev", g.rev).kv("_id", std::string(kGraphsCollection) + "/" + g.name).kv("name", g.name);
  w.end_object();
}

void write_graph_listing(JsonWriter& w, Document const& d) {
  std::string id = std::string(kGraphsCollection) + "/" + std::string(d.key());
  std::string rev = d.rev_string();
  std::vector<std::pair<std::string_view, Value const*>> members;
  for (auto const& m : d.body.GetObject()) members.emplace_back(sv(m.name), &m.value);
  std::vector<std::pair<std::string_view, int>> order;  // -1 _id, -2 _key, -3 _rev, else index
  order.emplace_back("_id", -1);
  order.emplace_back("_key", -2);
  order.emplace_back("_rev", -3);
  for (std::size_t i = 0; i < members.size(); ++i) {
    order.emplace_back(members[i].first, static_cast<int>(i));
  }
  std::stable_sort(order.begin(), order.end(),
                   [](auto const& a, auto const& b) { return a.first < b.first; });
  w.begin_object();
  for (auto const& [k, idx] : order) {
    if (k == "name") continue;  // replaced by MERGE below
    if (idx == -1) w.kv("_id", id);
    else if (idx == -2) w.kv("_key", d.key());
    else if (idx == -3) w.kv("_rev", rev);
    else w.key(k).value(*members[static_cast<std::size_t>(idx)].second);
  }
  w.kv("name", d.key());
  w.end_object();
}

// ---------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------

std::mutex& graph_schema_mutex() {
  static std::mutex m;
  return m;
}

std::vector<DocPtr> graph_documents(std::shared_ptr<Collection> const& graphs) {
  std::vector<DocPtr> out;
  if (!graphs) return out;
  std::shared_lock lock(graphs->mutex);
  doc_for_each(*graphs, [&](DocPtr const& d) {
    out.push_back(d);
    return true;
  });
  return out;
}

std::vector<GraphDef> all_graphs(std::shared_ptr<Collection> const& graphs) {
  std::vector<GraphDef> out;
  for (auto const& d : graph_documents(graphs)) out.push_back(graph_from_document(*d));
  return out;
}

std::optional<GraphDef> lookup_graph(std::shared_ptr<Collection> const& graphs,
                                     std::string_view name) {
  if (!graphs) return std::nullopt;
  DocPtr d;
  {
    std::shared_lock lock(graphs->mutex);
    d = doc_lookup(*graphs, name);
  }
  if (!d) return std::nullopt;
  return graph_from_document(*d);
}

std::string graph_drop_conflict(std::shared_ptr<Collection> const& graphs,
                                std::string const& collection) {
  std::string const prefix = std::string(error_message(1942)) + ": collection '" + collection;
  for (auto const& g : all_graphs(graphs)) {
    if (g.has_orphan(collection)) {
      return prefix + "' is an orphan collection inside graph '" + g.name + "'";
    }
    if (g.has_edge_collection(collection)) {
      return prefix + "' is an edge collection inside graph '" + g.name + "'";
    }
    if (g.has_vertex_collection(collection)) {
      return prefix + "' is a vertex collection inside graph '" + g.name + "'";
    }
  }
  return {};
}

bool collection_unused_by_other_graphs(std::vector<GraphDef> const& graphs,
                                       std::string const& collection,
                                       std::string const& except_graph) {
  for (auto const& g : graphs) {
    if (g.name == except_graph) continue;
    if (g.has_edge_collection(collection) || g.has_vertex_collection(collection)) return false;
  }
  return true;
}

void rename_collection_in_graphs(std::shared_ptr<Collection> const& graphs,
                                 std::string const& from, std::string const& to) {
  if (!graphs) return;
  std::unique_lock lock(graphs->mutex);
  std::vector<DocPtr> docs;
  doc_for_each(*graphs, [&](DocPtr const& d) {
    docs.push_back(d);
    return true;
  });
  for (auto const& d : docs) {
    GraphDef g = graph_from_document(*d);
    if (!g.rename_collection(from, to)) continue;
    auto parsed = parse_json(graph_persistence_json(g));
    if (!parsed.ok()) continue;
    WriteOptions o;
    doc_update(*graphs, g.name, *parsed.doc, o);
  }
}

}  // namespace emu
