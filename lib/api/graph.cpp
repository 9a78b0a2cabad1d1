// Graph (gharial) operations and the edge index (endpoints-collections.md §5, §6, §7.1).
#include <arango/detail/ops_graph.hpp>
#include <arango/errno.hpp>
#include <arango/exceptions.hpp>

#include <algorithm>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail {
namespace {

std::string graph_path(std::string_view graph) { return "/_api/gharial/" + encode_path_segment(graph); }

std::string collection_path(const std::string& graph, std::string_view kind, const std::string& collection) {
  return graph_path(graph) + "/" + std::string(kind) + "/" + encode_path_segment(collection);
}

/// gharial path of one vertex or edge: .../<kind>/<collection>/<key>, from a validated id.
std::string element_path(const std::string& graph, std::string_view kind, const std::string& collection,
                          const DocumentRef& document) {
  std::string id = document_id(collection, document);
  return collection_path(graph, kind, collection) + "/" + encode_path_segment(id.substr(id.find('/') + 1));
}

/// A vertex id for _from/_to and the edge index: an id as given, or a body's "_id".
std::string vertex_id(const DocumentRef& vertex) {
  if (!vertex.is_body()) {
    const std::string& s = vertex.text();
    if (s.find('/') == std::string::npos || s.front() == '/' || s.back() == '/') {
      throw DocumentParseError("vertex must be a document ID (collection/key), got \"" + s + "\"");
    }
    return s;
  }
  DocumentIds ids = scan_ids(vertex.text());
  if (!ids.id) throw DocumentParseError("field \"_id\" required");
  return *ids.id;
}

std::vector<std::string> names(JsonView v) {
  if (!v.is_array()) return {};
  return string_list(v);
}

/// `"options": {"satellites": [...]}`, when satellites are given.
void put_satellites(JsonWriter& w, const std::optional<std::vector<std::string>>& satellites) {
  if (!satellites) return;
  w.key("options");
  w.begin_object();
  put_if(w, "satellites", satellites);
  w.end_object();
}

/// {"collection": name, "from": [...], "to": [...], "options"?: {"satellites": [...]}}.
void write_edge_definition(JsonWriter& w, const EdgeDefinition& d,
                           const std::optional<std::vector<std::string>>& satellites = std::nullopt) {
  w.begin_object();
  w.key("collection");
  w.string(d.edge_collection);
  w.key("from");
  write_value(w, d.from_vertex_collections);
  w.key("to");
  write_value(w, d.to_vertex_collections);
  put_satellites(w, satellites);
  w.end_object();
}

std::string edge_definition_body(const EdgeDefinition& d, const std::optional<std::vector<std::string>>& satellites) {
  JsonBuilder b;
  write_edge_definition(b, d, satellites);
  return std::move(b.finish()).str();
}

/// The sorted names of a {"collections": [...]} answer.
std::vector<std::string> sorted_collections(Response& r) {
  std::vector<std::string> out = string_list(body_json(r)["collections"]);
  std::sort(out.begin(), out.end());
  return out;
}

GraphProperties parse_graph(const Json& g) {
  GraphProperties p;
  p.name = std::string(g["name"].string_or(g["_key"].string_or("")));
  p.is_smart = g["isSmart"].bool_or(false);
  p.is_satellite = g["isSatellite"].bool_or(false);
  p.is_disjoint = g["isDisjoint"].bool_or(false);
  p.number_of_shards = optional_int(g["numberOfShards"]);
  p.replication_factor = replication_factor(g["replicationFactor"]);
  p.min_replication_factor = optional_int(g["minReplicationFactor"]);
  p.write_concern = optional_int(g["writeConcern"]);
  p.smart_graph_attribute = optional_string(g["smartGraphAttribute"]);
  for (JsonView d : g["edgeDefinitions"].elements()) {
    p.edge_definitions.push_back(
        EdgeDefinition{std::string(d["collection"].string_or("")), names(d["from"]), names(d["to"])});
  }
  p.orphan_collections = names(g["orphanCollections"]);
  p.raw = g;
  return p;
}

/// The "graph" object of a gharial answer.
GraphProperties graph_of(Response& r) {
  Json graph = body_json(r).get("graph");
  if (!graph.is_object()) throw DeserializationError("gharial: no graph object in the response");
  return parse_graph(graph);
}

}  // namespace

MetaParts graph_meta_parts(const Json& body, std::string_view kind) {
  if (!body.get(kind).is_object()) {
    throw DeserializationError("graph write result: \"" + std::string(kind) + "\" is missing or not an object");
  }
  MetaParts p = meta_parts(body.get(kind));
  if (body.contains("new")) p.new_doc = body.get("new");
  if (body.contains("old")) p.old_doc = body.get("old");
  return p;
}

namespace ops {

Operation<std::vector<GraphProperties>> graphs() {
  return {Request{Method::GET, "/_api/gharial"}, [](Response& r) {
            require_success<GraphListError>(r);
            Json body = body_json(r);
            Json list = body.get("graphs");
            std::vector<GraphProperties> out;
            for (std::size_t i = 0; i < list.size(); ++i) out.push_back(parse_graph(list.get(i)));
            return out;
          }};
}

Operation<bool> has_graph(const std::string& name) {
  return {Request{Method::GET, graph_path(name)}, [](Response& r) {
            if (r.status_code == 404 && r.error_code == errno_::GRAPH_NOT_FOUND) return false;
            require_success<GraphListError>(r);
            return true;
          }};
}

Operation<GraphProperties> graph_properties(const std::string& name) {
  return {Request{Method::GET, graph_path(name)}, [](Response& r) {
            require_success<GraphPropertiesError>(r);
            return graph_of(r);
          }};
}

Operation<void> create_graph(const std::string& name, const CreateGraphOptions& o) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  b.key("edgeDefinitions");
  b.begin_array();
  for (const EdgeDefinition& d : o.edge_definitions) write_edge_definition(b, d);
  b.end_array();
  put_if(b, "isDisjoint", o.is_disjoint);
  put_if(b, "isSmart", o.is_smart);
  if (o.options) {
    const GraphOptions& g = *o.options;
    b.key("options");
    b.begin_object();
    put_if(b, "numberOfShards", g.number_of_shards);
    put_if(b, "replicationFactor", g.replication_factor);
    put_if(b, "satellites", g.satellites);
    put_if(b, "smartGraphAttribute", g.smart_graph_attribute);
    put_if(b, "writeConcern", g.write_concern);
    b.end_object();
  }
  b.key("orphanCollections");
  write_value(b, o.orphan_collections);
  b.end_object();
  Request request{Method::POST, "/_api/gharial", {}, std::move(b.finish()).str()};
  add_bool(request.params, "waitForSync", o.wait_for_sync);
  return {std::move(request), [](Response& r) { require_success<GraphCreateError>(r); }};
}

Operation<bool> delete_graph(const std::string& name, const DeleteGraphOptions& options) {
  Request request{Method::DELETE, graph_path(name)};
  add_bool(request.params, "dropCollections", options.drop_collections);
  return {std::move(request), [ignore_missing = options.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404 && r.error_code == errno_::GRAPH_NOT_FOUND) return false;
            require_success<GraphDeleteError>(r);
            return true;
          }};
}

Operation<std::vector<std::string>> vertex_collections(const std::string& graph) {
  return {Request{Method::GET, graph_path(graph) + "/vertex"}, [](Response& r) {
            require_success<VertexCollectionListError>(r);
            return sorted_collections(r);
          }};
}

Operation<bool> has_vertex_collection(const std::string& graph, const std::string& name) {
  return {Request{Method::GET, graph_path(graph) + "/vertex"}, [name](Response& r) {
            require_success<VertexCollectionListError>(r);
            std::vector<std::string> names = sorted_collections(r);
            return std::binary_search(names.begin(), names.end(), name);
          }};
}

Operation<void> create_vertex_collection(const std::string& graph, const std::string& name,
                                         const VertexCollectionOptions& options) {
  JsonBuilder b;
  b.begin_object();
  b.key("collection");
  b.string(name);
  put_satellites(b, options.satellites);
  b.end_object();
  return {Request{Method::POST, graph_path(graph) + "/vertex", {}, std::move(b.finish()).str()},
          [](Response& r) { require_success<VertexCollectionCreateError>(r); }};
}

Operation<void> delete_vertex_collection(const std::string& graph, const std::string& name, bool purge) {
  return {Request{Method::DELETE, collection_path(graph, "vertex", name), {{"dropCollection", bool_param(purge)}}},
          [](Response& r) { require_success<VertexCollectionDeleteError>(r); }};
}

Operation<std::vector<EdgeDefinition>> edge_definitions(const std::string& graph) {
  return {Request{Method::GET, graph_path(graph)}, [](Response& r) {
            require_success<EdgeDefinitionListError>(r);
            return graph_of(r).edge_definitions;
          }};
}

Operation<bool> has_edge_definition(const std::string& graph, const std::string& name) {
  return {Request{Method::GET, graph_path(graph)}, [name](Response& r) {
            require_success<EdgeDefinitionListError>(r);
            for (const EdgeDefinition& d : graph_of(r).edge_definitions) {
              if (d.edge_collection == name) return true;
            }
            return false;
          }};
}

Operation<std::vector<std::string>> edge_collections(const std::string& graph) {
  return {Request{Method::GET, graph_path(graph) + "/edge"}, [](Response& r) {
            require_success<EdgeCollectionListError>(r);
            return sorted_collections(r);
          }};
}

Operation<void> create_edge_definition(const std::string& graph, const EdgeDefinition& definition,
                                       const EdgeDefinitionOptions& options) {
  return {Request{Method::POST, graph_path(graph) + "/edge", {}, edge_definition_body(definition, options.satellites)},
          [](Response& r) { require_success<EdgeDefinitionCreateError>(r); }};
}

Operation<void> replace_edge_definition(const std::string& graph, const EdgeDefinition& definition,
                                        const ReplaceEdgeDefinitionOptions& options) {
  Request request{Method::PUT, collection_path(graph, "edge", definition.edge_collection), {},
                  edge_definition_body(definition, options.satellites)};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  add_bool(request.params, "dropCollections", options.drop_collections);
  return {std::move(request), [](Response& r) { require_success<EdgeDefinitionReplaceError>(r); }};
}

Operation<void> delete_edge_definition(const std::string& graph, const std::string& name,
                                       const DeleteEdgeDefinitionOptions& options) {
  Request request{Method::DELETE, collection_path(graph, "edge", name)};
  add_bool(request.params, "dropCollections", options.drop_collections);
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  return {std::move(request), [](Response& r) { require_success<EdgeDefinitionDeleteError>(r); }};
}

Request graph_get_request(const std::string& graph, std::string_view kind, const std::string& collection,
                          const DocumentRef& document, const GraphGetOptions& options) {
  Request request{Method::GET, element_path(graph, kind, collection, document)};
  add_string(request.params, "rev", options.rev);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  if (options.if_none_match) request.headers.add("If-None-Match", *options.if_none_match);
  return request;
}

Request graph_insert_request(const std::string& graph, std::string_view kind, const std::string& collection,
                             std::string body, const GraphInsertOptions& options) {
  Request request{Method::POST, collection_path(graph, kind, collection), {},
                  ensure_key_from_id(collection, std::move(body))};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  add_bool(request.params, "returnNew", options.return_new);
  return request;
}

Request graph_modify_request(const std::string& graph, std::string_view kind, const std::string& collection,
                             std::string body, Method method, const GraphUpdateOptions& options) {
  std::string path = element_path(graph, kind, collection, DocumentRef::from_body_text(body));
  Request request{method, std::move(path), {}, std::move(body)};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  add_bool(request.params, "keepNull", options.keep_null);
  add_bool(request.params, "returnNew", options.return_new);
  add_bool(request.params, "returnOld", options.return_old);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  return request;
}

std::pair<Request, std::string> graph_delete_request(const std::string& graph, std::string_view kind,
                                                     const std::string& collection, const DocumentRef& document,
                                                     const GraphDeleteOptions& options) {
  std::string id = document_id(collection, document);
  Request request{Method::DELETE, element_path(graph, kind, collection, document)};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  add_bool(request.params, "returnOld", options.return_old);
  if (options.if_match) request.headers.add("If-Match", *options.if_match);
  return {std::move(request), std::move(id)};
}

Request graph_link_request(const std::string& graph, const std::string& collection, const DocumentRef& from_vertex,
                           const DocumentRef& to_vertex, const std::string* data, const LinkOptions& options) {
  JsonBuilder b;
  b.begin_object();
  b.key("_from");
  b.string(vertex_id(from_vertex));
  b.key("_to");
  b.string(vertex_id(to_vertex));
  if (data) {
    Json extra = Json::parse(ensure_key_from_id(collection, *data));
    for (auto [key, value] : extra.members()) {
      if (key == "_from" || key == "_to") continue;  // the linked vertices win
      b.key(key);
      value.write(b);
    }
  }
  b.end_object();
  Request request{Method::POST, collection_path(graph, "edge", collection), {}, std::move(b.finish()).str()};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  request.params.emplace_back("returnNew", bool_param(options.return_new));
  return request;
}

Operation<Json> edges(const std::string& collection, const DocumentRef& vertex, const EdgesOptions& options) {
  Request request{Method::GET, "/_api/edges/" + encode_path_segment(collection), {{"vertex", vertex_id(vertex)}}};
  add_string(request.params, "direction", options.direction);
  if (options.allow_dirty_read) {
    request.headers.add("x-arango-allow-dirty-read", bool_param(*options.allow_dirty_read));
  }
  return {std::move(request), [](Response& r) {
            require_success<EdgeListError>(r);
            return without_envelope(body_json(r));
          }};
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
