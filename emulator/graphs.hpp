// Named graphs (gharial) of the emulator, independent of HTTP.
//
// A graph lives where arangod keeps it: as a document in the `_graphs` system
// collection of its database, `_key` = graph name, written in the order of
// arangod's Graph::toPersistence. Every read parses the stored document again
// (Graph::fromPersistence), so GET /_api/document/_graphs/<name>, AQL over
// `_graphs` and the gharial API always agree.
//
// Locking: changes of graph definitions (create / drop a graph, add / replace
// / remove edge definitions and orphan collections, collection drop and
// rename checks) are serialised by graph_schema_mutex(). Lock order:
// graph_schema_mutex -> Database::mutex -> Collection::mutex (several
// collections: sorted by id). Vertex and edge CRUD only reads the stored
// definition (a DocPtr snapshot) and does not take the graph mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "docstore.hpp"

namespace emu {

class Collection;
class Database;
class JsonWriter;

// An error of a graph operation: errorNum and message (empty: errors.tsv
// text). The HTTP status follows arangod's generic errorNum map.
struct GraphError {
  int error = 0;
  std::string message;
  bool ok() const noexcept { return error == 0; }
};

struct EdgeDefinition {
  std::string collection;
  std::set<std::string> from;  // sorted, as arangod keeps them (std::set)
  std::set<std::string> to;

  bool uses_vertex_collection(std::string const& name) const {
    return from.count(name) != 0 || to.count(name) != 0;
  }
  bool operator==(EdgeDefinition const& o) const {
    return collection == o.collection && from == o.from && to == o.to;
  }
};

struct GraphDef {
  std::string name;
  std::string rev;  // _rev of the stored document (empty before storing)
  std::map<std::string, EdgeDefinition> edge_defs;  // by edge collection
  std::set<std::string> orphans;
  // from/to collections of all edge definitions plus the orphans.
  std::set<std::string> vertex_colls;

  // Cluster / SmartGraph properties. A single server persists and reports
  // them only for SmartGraphs and SatelliteGraphs.
  std::uint64_t number_of_shards = 1;
  std::uint64_t replication_factor = 1;
  std::uint64_t write_concern = 1;
  bool is_smart = false;
  bool is_disjoint = false;
  bool is_satellite = false;
  std::string smart_graph_attribute;  // empty: none
  std::string initial;                // SmartGraphs: the leading collection

  std::set<std::string> edge_collections() const;
  bool has_edge_collection(std::string const& c) const { return edge_defs.count(c) != 0; }
  bool has_vertex_collection(std::string const& c) const { return vertex_colls.count(c) != 0; }
  bool has_orphan(std::string const& c) const { return orphans.count(c) != 0; }

  // Graph::addEdgeDefinition (1920 if the edge collection is used already).
  GraphError add_edge_definition(EdgeDefinition def);
  // Graph::removeEdgeDefinition: vertex collections no longer used become
  // orphans. False if there is no such definition.
  bool remove_edge_definition(std::string const& collection);
  // Graph::addOrphanCollection: false (nothing changed) when the collection
  // is a vertex collection already.
  bool add_orphan(std::string const& name);
  bool remove_orphan(std::string const& name);
  // Graph::renameCollections (never for SmartGraphs). True if changed.
  bool rename_collection(std::string const& from, std::string const& to);
};

// EdgeDefinition::createFromVelocypack: validation and parsing.
GraphError parse_edge_definition(rapidjson::Value const& v, EdgeDefinition& out);

// GraphManager::buildGraphFromInput / Graph::fromUserInput for the body of
// POST /_api/gharial (name already checked). `db_replication_factor` is the
// database's default.
GraphError graph_from_input(rapidjson::Value const& body, std::string name,
                            std::uint64_t db_replication_factor, GraphDef& out);

// Graph::fromPersistence.
GraphDef graph_from_document(Document const& d);

// Graph::toPersistence: the members of the stored object (the caller opens
// and closes the object).
void write_graph_persistence(JsonWriter& w, GraphDef const& g);
// The stored document as JSON text (an object).
std::string graph_persistence_json(GraphDef const& g);
// Graph::graphForClient: the object under "graph" (toPersistence, _rev, _id,
// name).
void write_graph_for_client(JsonWriter& w, GraphDef const& g);
// One entry of GET /_api/gharial (`MERGE(g, {name: g._key})` over the stored
// document: the stored attributes in sorted order, then "name").
void write_graph_listing(JsonWriter& w, Document const& d);

// ---------------------------------------------------------------------------
// Access to the graphs of a database
// ---------------------------------------------------------------------------

// Serialises changes of graph definitions (process-wide).
std::mutex& graph_schema_mutex();

inline constexpr std::string_view kGraphsCollection = "_graphs";

// The stored graph documents in storage order (what `FOR g IN _graphs`
// yields). `graphs` may be null (no _graphs collection): no graphs.
std::vector<DocPtr> graph_documents(std::shared_ptr<Collection> const& graphs);
std::vector<GraphDef> all_graphs(std::shared_ptr<Collection> const& graphs);
std::optional<GraphDef> lookup_graph(std::shared_ptr<Collection> const& graphs,
                                     std::string_view name);

// Collections::drop (3.12): message of error 1942 when `collection` is part
// of a graph, empty otherwise.
std::string graph_drop_conflict(std::shared_ptr<Collection> const& graphs,
                                std::string const& collection);

// GraphManager::pushCollectionIfMayBeDropped: true when no graph other than
// `except_graph` uses `collection` (edge collection, from/to or orphan).
bool collection_unused_by_other_graphs(std::vector<GraphDef> const& graphs,
                                       std::string const& collection,
                                       std::string const& except_graph);

// Collections::rename: renames `from` to `to` in every (non-smart) graph
// definition. Caller holds graph_schema_mutex().
void rename_collection_in_graphs(std::shared_ptr<Collection> const& graphs,
                                 std::string const& from, std::string const& to);

}  // namespace emu
