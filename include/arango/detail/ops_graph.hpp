// Graph (gharial) operations and the edge index. The untyped ones are written in
// lib/api/graph.cpp; the typed vertex and edge operations are templates here, each beside the
// declaration of its request builder (whose body is in lib/api/graph.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/detail/ops_collection.hpp>
#include <arango/document.hpp>
#include <arango/exceptions.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail {

/// The parts of a gharial write result: {"vertex"|"edge": {_id,_key,_rev,_oldRev?}, "new"?, "old"?}.
MetaParts graph_meta_parts(const Json& body, std::string_view kind);

namespace ops {

// --- graph level ---
Operation<std::vector<GraphProperties>> graphs();
Operation<bool> has_graph(const std::string& name);
Operation<GraphProperties> graph_properties(const std::string& name);
/// GraphCreateError (the caller makes the Graph handle from its executor: detail::then).
Operation<void> create_graph(const std::string& name, const CreateGraphOptions& options);
Operation<bool> delete_graph(const std::string& name, const DeleteGraphOptions& options);

// --- a graph's vertex collections and edge definitions ---
/// The names, sorted. VertexCollectionListError.
Operation<std::vector<std::string>> vertex_collections(const std::string& graph);
/// VertexCollectionListError (a missing graph fails, it is not "false").
Operation<bool> has_vertex_collection(const std::string& graph, const std::string& name);
/// Adds an orphan collection (created when missing). VertexCollectionCreateError.
Operation<void> create_vertex_collection(const std::string& graph, const std::string& name,
                                         const VertexCollectionOptions& options);
/// `purge`: drop the collection too (dropCollection, always sent). VertexCollectionDeleteError.
Operation<void> delete_vertex_collection(const std::string& graph, const std::string& name, bool purge);
/// EdgeDefinitionListError.
Operation<std::vector<EdgeDefinition>> edge_definitions(const std::string& graph);
/// EdgeDefinitionListError.
Operation<bool> has_edge_definition(const std::string& graph, const std::string& name);
/// The names, sorted. EdgeCollectionListError.
Operation<std::vector<std::string>> edge_collections(const std::string& graph);
/// EdgeDefinitionCreateError.
Operation<void> create_edge_definition(const std::string& graph, const EdgeDefinition& definition,
                                       const EdgeDefinitionOptions& options);
/// EdgeDefinitionReplaceError.
Operation<void> replace_edge_definition(const std::string& graph, const EdgeDefinition& definition,
                                        const ReplaceEdgeDefinitionOptions& options);
/// EdgeDefinitionDeleteError.
Operation<void> delete_edge_definition(const std::string& graph, const std::string& name,
                                       const DeleteEdgeDefinitionOptions& options);

// --- vertices and edges (kind: "vertex" or "edge") ---
// Each operation: its request builder (in lib/api/graph.cpp), then the operation with its typed
// decoder (a template: T is the caller's document type).

/// The decoded parts of a gharial write result ({"vertex"|"edge": {...}, "new"?, "old"?}).
template <class T>
DocumentMeta<T> graph_meta(Response& r, std::string_view kind) {
  return to_meta<T>(graph_meta_parts(Json::parse(std::move(r.raw_body)), kind));
}

Request graph_get_request(const std::string& graph, std::string_view kind, const std::string& collection,
                          const DocumentRef& document, const GraphGetOptions& options);
template <class T>
Operation<std::optional<T>> graph_get(const std::string& graph, std::string_view kind, const std::string& collection,
                                      const DocumentRef& document, const GraphGetOptions& options) {
  return {graph_get_request(graph, kind, collection, document, options),
          [kind = std::string(kind)](Response& r) -> std::optional<T> {
            if (r.status_code == 404 && r.error_code == 1202) return std::nullopt;
            require_document_success<DocumentGetError>(r);
            Json body = Json::parse(std::move(r.raw_body));
            Json doc = body.get(kind);
            if (!doc.is_object()) throw DeserializationError("gharial: no \"" + kind + "\" object in the response");
            return from_view<T>(doc);
          }};
}

Request graph_insert_request(const std::string& graph, std::string_view kind, const std::string& collection,
                             std::string body, const GraphInsertOptions& options);
template <class T>
Operation<DocumentMeta<T>> graph_insert(const std::string& graph, std::string_view kind, const std::string& collection,
                                        std::string body, const GraphInsertOptions& options) {
  return {graph_insert_request(graph, kind, collection, std::move(body), options),
          [kind = std::string(kind)](Response& r) {
            require_success<DocumentInsertError>(r);
            return graph_meta<T>(r, kind);
          }};
}

/// PATCH (update) or PUT (replace) of a body with "_key" or "_id".
Request graph_modify_request(const std::string& graph, std::string_view kind, const std::string& collection,
                             std::string body, Method method, const GraphUpdateOptions& options);
/// The decoder shape of update and replace: E, or DocumentRevisionError for a failed If-Match.
template <class T, class E>
Operation<DocumentMeta<T>> graph_modify(Request request, std::string_view kind) {
  return {std::move(request), [kind = std::string(kind)](Response& r) {
            require_document_success<E>(r);
            return graph_meta<T>(r, kind);
          }};
}
template <class T>
Operation<DocumentMeta<T>> graph_update(const std::string& graph, std::string_view kind, const std::string& collection,
                                        std::string body, const GraphUpdateOptions& options) {
  return graph_modify<T, DocumentUpdateError>(
      graph_modify_request(graph, kind, collection, std::move(body), Method::PATCH, options), kind);
}
template <class T>
Operation<DocumentMeta<T>> graph_replace(const std::string& graph, std::string_view kind, const std::string& collection,
                                         std::string body, const GraphUpdateOptions& options) {
  return graph_modify<T, DocumentReplaceError>(
      graph_modify_request(graph, kind, collection, std::move(body), Method::PUT, options), kind);
}

/// The request, and the id it names (delivered in the result).
std::pair<Request, std::string> graph_delete_request(const std::string& graph, std::string_view kind,
                                                     const std::string& collection, const DocumentRef& document,
                                                     const GraphDeleteOptions& options);
template <class T>
Operation<std::optional<DocumentMeta<T>>> graph_delete(const std::string& graph, std::string_view kind,
                                                       const std::string& collection, const DocumentRef& document,
                                                       const GraphDeleteOptions& options) {
  auto [request, id] = graph_delete_request(graph, kind, collection, document, options);
  return {std::move(request),
          [id = std::move(id), ignore_missing = options.ignore_missing](Response& r) -> std::optional<DocumentMeta<T>> {
            if (ignore_missing && r.status_code == 404 && r.error_code == 1202) return std::nullopt;
            require_document_success<DocumentDeleteError>(r);
            Json body = Json::parse(std::move(r.raw_body));
            DocumentMeta<T> meta;
            meta.id = id;
            meta.key = id.substr(id.find('/') + 1);
            Json old = body.get("old");
            if (old.is_object()) meta.old_doc = from_view<T>(old);
            return meta;
          }};
}

Request graph_link_request(const std::string& graph, const std::string& collection, const DocumentRef& from_vertex,
                           const DocumentRef& to_vertex, const std::string* data, const LinkOptions& options);
template <class T>
Operation<DocumentMeta<T>> graph_link(const std::string& graph, const std::string& collection,
                                      const DocumentRef& from_vertex, const DocumentRef& to_vertex,
                                      const std::string* data, const LinkOptions& options) {
  return {graph_link_request(graph, collection, from_vertex, to_vertex, data, options), [](Response& r) {
            require_success<DocumentInsertError>(r);
            return graph_meta<T>(r, "edge");
          }};
}

/// GET /_api/edges/<collection> (the edge index).
Operation<Json> edges(const std::string& collection, const DocumentRef& vertex, const EdgesOptions& options);

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
