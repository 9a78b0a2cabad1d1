// Graph API (the seed's arangoasync.graph.Graph): a named graph's vertex collections, edge
// definitions, vertices and edges, through gharial. The vertex and edge calls are the
// VertexCollection / EdgeCollection calls (GraphCollection in collection.hpp) of the collection
// the id names: one implementation serves both.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arango/async.hpp>
#include <arango/collection.hpp>
#include <arango/detail/ops_graph.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// A named graph. Taking one makes no request.
template <class Executor = DefaultApiExecutor>
class Graph : public CallSettings<Graph<Executor>> {
  friend class CallSettings<Graph<Executor>>;

 public:
  /// A handle on graph `name` (nothing is sent; BasicDatabase::graph and create_graph make one).
  Graph(Executor executor, std::string name) : executor_(std::move(executor)), name_(std::move(name)) {}

  /// The graph's name.
  const std::string& name() const noexcept { return name_; }
  /// The database name.
  const std::string& db_name() const { return executor_.db_name(); }
  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }

  /// GraphProperties. GraphPropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::graph_properties(name_), std::forward<Token>(token), "properties");
  }
  /// A vertex collection of this graph (no request; documents decoded as T).
  template <class T = Json>
  VertexCollection<T, Executor> vertex_collection(std::string name) const {
    return VertexCollection<T, Executor>(executor_, name_, std::move(name));
  }
  /// An edge collection of this graph (no request; documents decoded as T).
  template <class T = Json>
  EdgeCollection<T, Executor> edge_collection(std::string name) const {
    return EdgeCollection<T, Executor>(executor_, name_, std::move(name));
  }

  // --- vertex collections ---

  /// Names of the graph's vertex collections (orphans included), sorted:
  /// std::vector<std::string>. VertexCollectionListError.
  template <class Token = UseFuture>
  auto vertex_collections(Token&& token = {}) const {
    return executor_.run(detail::ops::vertex_collections(name_), std::forward<Token>(token), "vertex_collections");
  }
  /// Whether `name` is one of the graph's vertex collections: bool. VertexCollectionListError
  /// (also when the graph does not exist).
  template <class Token = UseFuture>
  auto has_vertex_collection(const std::string& name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_vertex_collection(name_, name), std::forward<Token>(token), "has_vertex_collection");
  }
  /// Adds `name` as an orphan collection (the server creates it when missing):
  /// VertexCollection<T>. VertexCollectionCreateError.
  template <class T = Json, class Token = UseFuture>
  auto create_vertex_collection(std::string name, const VertexCollectionOptions& options = {},
                                Token&& token = {}) const {
    return executor_.run(detail::then(detail::ops::create_vertex_collection(name_, name, options),
                                      [executor = executor_, graph = name_, name](const Response&) {
                                        return VertexCollection<T, Executor>(executor, graph, name);
                                      }),
                         std::forward<Token>(token), "create_vertex_collection");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_vertex_collection() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const VertexCollectionOptions&> Token>
  auto create_vertex_collection(std::string name, Token&& token) const {
    return this->template create_vertex_collection<T>(name, {}, std::forward<Token>(token));
  }
  //}
  /// Removes an orphan collection from the graph; `purge` drops the collection too, unless
  /// another graph uses it: void. VertexCollectionDeleteError.
  template <class Token = UseFuture>
  auto delete_vertex_collection(const std::string& name, bool purge = false, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_vertex_collection(name_, name, purge), std::forward<Token>(token), "delete_vertex_collection");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_vertex_collection() with purge left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto delete_vertex_collection(const std::string& name, Token&& token) const {
    return this->delete_vertex_collection(name, false, std::forward<Token>(token));
  }
  //}

  // --- vertices (by id "collection/key", or a body with "_id") ---

  /// Whether a vertex exists (the document API, as the seed): bool. DocumentRevisionError,
  /// DocumentGetError, DocumentParseError.
  template <class Token = UseFuture>
  auto has_vertex(const DocumentRef& vertex, const HasOptions& options = {}, Token&& token = {}) const {
    return vertex_collection(detail::collection_of(vertex)).has(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// has_vertex() with options left at the default: the token follows.
  template <detail::TokenSkipping<const HasOptions&> Token>
  auto has_vertex(const DocumentRef& vertex, Token&& token) const {
    return this->has_vertex(vertex, {}, std::forward<Token>(token));
  }
  //}
  /// A vertex: std::optional<T>. See VertexCollection::get.
  template <class T = Json, class Token = UseFuture>
  auto vertex(const DocumentRef& vertex, const GraphGetOptions& options = {}, Token&& token = {}) const {
    return vertex_collection<T>(detail::collection_of(vertex)).get(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// vertex() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphGetOptions&> Token>
  auto vertex(const DocumentRef& vertex, Token&& token) const {
    return this->template vertex<T>(vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts a vertex into `collection`: DocumentMeta<T>. See VertexCollection::insert.
  template <class T = Json, class Token = UseFuture>
  auto insert_vertex(std::string collection, const JsonInput& vertex, const GraphInsertOptions& options = {},
                     Token&& token = {}) const {
    return vertex_collection<T>(std::move(collection)).insert(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert_vertex() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphInsertOptions&> Token>
  auto insert_vertex(std::string collection, const JsonInput& vertex, Token&& token) const {
    return this->template insert_vertex<T>(collection, vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Updates a vertex whose body has "_id": DocumentMeta<T>. See VertexCollection::update.
  template <class T = Json, class Token = UseFuture>
  auto update_vertex(const JsonInput& vertex, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return vertex_collection<T>(id_collection(vertex)).update(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_vertex() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto update_vertex(const JsonInput& vertex, Token&& token) const {
    return this->template update_vertex<T>(vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces a vertex whose body has "_id": DocumentMeta<T>. See VertexCollection::replace.
  template <class T = Json, class Token = UseFuture>
  auto replace_vertex(const JsonInput& vertex, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return vertex_collection<T>(id_collection(vertex)).replace(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_vertex() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto replace_vertex(const JsonInput& vertex, Token&& token) const {
    return this->template replace_vertex<T>(vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a vertex and every edge of every graph that touches it:
  /// std::optional<DocumentMeta<T>>. See VertexCollection::delete_.
  template <class T = Json, class Token = UseFuture>
  auto delete_vertex(const DocumentRef& vertex, const GraphDeleteOptions& options = {}, Token&& token = {}) const {
    return vertex_collection<T>(detail::collection_of(vertex)).delete_(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_vertex() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphDeleteOptions&> Token>
  auto delete_vertex(const DocumentRef& vertex, Token&& token) const {
    return this->template delete_vertex<T>(vertex, {}, std::forward<Token>(token));
  }
  //}

  // --- edge definitions ---

  /// std::vector<EdgeDefinition>. EdgeDefinitionListError.
  template <class Token = UseFuture>
  auto edge_definitions(Token&& token = {}) const {
    return executor_.run(detail::ops::edge_definitions(name_), std::forward<Token>(token), "edge_definitions");
  }
  /// Whether the graph has an edge definition for edge collection `name`: bool.
  /// EdgeDefinitionListError.
  template <class Token = UseFuture>
  auto has_edge_definition(const std::string& name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_edge_definition(name_, name), std::forward<Token>(token), "has_edge_definition");
  }
  /// Names of the graph's edge collections, sorted: std::vector<std::string>.
  /// EdgeCollectionListError.
  template <class Token = UseFuture>
  auto edge_collections(Token&& token = {}) const {
    return executor_.run(detail::ops::edge_collections(name_), std::forward<Token>(token), "edge_collections");
  }
  /// Adds an edge definition (collections are created when missing): EdgeCollection<T>.
  /// EdgeDefinitionCreateError.
  template <class T = Json, class Token = UseFuture>
  auto create_edge_definition(std::string edge_collection, std::vector<std::string> from_vertex_collections,
                              std::vector<std::string> to_vertex_collections,
                              const EdgeDefinitionOptions& options = {}, Token&& token = {}) const {
    EdgeDefinition d{std::move(edge_collection), std::move(from_vertex_collections), std::move(to_vertex_collections)};
    return executor_.run(detail::then(detail::ops::create_edge_definition(name_, d, options),
                                      edge_handle<T>(d.edge_collection)),
                         std::forward<Token>(token), "create_edge_definition");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_edge_definition() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const EdgeDefinitionOptions&> Token>
  auto create_edge_definition(std::string edge_collection, std::vector<std::string> from_vertex_collections, std::vector<std::string> to_vertex_collections, Token&& token) const {
    return this->template create_edge_definition<T>(edge_collection, from_vertex_collections, to_vertex_collections, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces the from/to collections of an edge definition (in every graph that uses it):
  /// EdgeCollection<T>. EdgeDefinitionReplaceError.
  template <class T = Json, class Token = UseFuture>
  auto replace_edge_definition(std::string edge_collection, std::vector<std::string> from_vertex_collections,
                               std::vector<std::string> to_vertex_collections,
                               const ReplaceEdgeDefinitionOptions& options = {}, Token&& token = {}) const {
    EdgeDefinition d{std::move(edge_collection), std::move(from_vertex_collections), std::move(to_vertex_collections)};
    return executor_.run(detail::then(detail::ops::replace_edge_definition(name_, d, options),
                                      edge_handle<T>(d.edge_collection)),
                         std::forward<Token>(token), "replace_edge_definition");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_edge_definition() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const ReplaceEdgeDefinitionOptions&> Token>
  auto replace_edge_definition(std::string edge_collection, std::vector<std::string> from_vertex_collections, std::vector<std::string> to_vertex_collections, Token&& token) const {
    return this->template replace_edge_definition<T>(edge_collection, from_vertex_collections, to_vertex_collections, {}, std::forward<Token>(token));
  }
  //}
  /// Removes the edge definition of edge collection `name`: void. EdgeDefinitionDeleteError.
  template <class Token = UseFuture>
  auto delete_edge_definition(const std::string& name, const DeleteEdgeDefinitionOptions& options = {},
                              Token&& token = {}) const {
    return executor_.run(detail::ops::delete_edge_definition(name_, name, options), std::forward<Token>(token), "delete_edge_definition");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_edge_definition() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteEdgeDefinitionOptions&> Token>
  auto delete_edge_definition(const std::string& name, Token&& token) const {
    return this->delete_edge_definition(name, {}, std::forward<Token>(token));
  }
  //}

  // --- edges (by id "collection/key", or a body with "_id") ---

  /// Whether an edge exists (the document API, as the seed): bool. DocumentRevisionError,
  /// DocumentGetError, DocumentParseError.
  template <class Token = UseFuture>
  auto has_edge(const DocumentRef& edge, const HasOptions& options = {}, Token&& token = {}) const {
    return edge_collection(detail::collection_of(edge)).has(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// has_edge() with options left at the default: the token follows.
  template <detail::TokenSkipping<const HasOptions&> Token>
  auto has_edge(const DocumentRef& edge, Token&& token) const {
    return this->has_edge(edge, {}, std::forward<Token>(token));
  }
  //}
  /// An edge: std::optional<T>. See EdgeCollection::get.
  template <class T = Json, class Token = UseFuture>
  auto edge(const DocumentRef& edge, const GraphGetOptions& options = {}, Token&& token = {}) const {
    return edge_collection<T>(detail::collection_of(edge)).get(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// edge() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphGetOptions&> Token>
  auto edge(const DocumentRef& edge, Token&& token) const {
    return this->template edge<T>(edge, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts an edge (with "_from" and "_to") into `collection`: DocumentMeta<T>.
  /// See EdgeCollection::insert.
  template <class T = Json, class Token = UseFuture>
  auto insert_edge(std::string collection, const JsonInput& edge, const GraphInsertOptions& options = {},
                   Token&& token = {}) const {
    return edge_collection<T>(std::move(collection)).insert(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert_edge() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphInsertOptions&> Token>
  auto insert_edge(std::string collection, const JsonInput& edge, Token&& token) const {
    return this->template insert_edge<T>(collection, edge, {}, std::forward<Token>(token));
  }
  //}
  /// Updates an edge whose body has "_id": DocumentMeta<T>. See EdgeCollection::update.
  template <class T = Json, class Token = UseFuture>
  auto update_edge(const JsonInput& edge, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return edge_collection<T>(id_collection(edge)).update(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_edge() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto update_edge(const JsonInput& edge, Token&& token) const {
    return this->template update_edge<T>(edge, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces an edge whose body has "_id" (and "_from", "_to"): DocumentMeta<T>.
  /// See EdgeCollection::replace.
  template <class T = Json, class Token = UseFuture>
  auto replace_edge(const JsonInput& edge, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return edge_collection<T>(id_collection(edge)).replace(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_edge() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto replace_edge(const JsonInput& edge, Token&& token) const {
    return this->template replace_edge<T>(edge, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes an edge: std::optional<DocumentMeta<T>>. See EdgeCollection::delete_.
  template <class T = Json, class Token = UseFuture>
  auto delete_edge(const DocumentRef& edge, const GraphDeleteOptions& options = {}, Token&& token = {}) const {
    return edge_collection<T>(detail::collection_of(edge)).delete_(edge, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_edge() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GraphDeleteOptions&> Token>
  auto delete_edge(const DocumentRef& edge, Token&& token) const {
    return this->template delete_edge<T>(edge, {}, std::forward<Token>(token));
  }
  //}
  /// Edges of `collection` starting or ending at a vertex: Json {"edges", "stats"}.
  /// See EdgeCollection::edges.
  template <class Token = UseFuture>
  auto edges(std::string collection, const DocumentRef& vertex, const EdgesOptions& options = {},
             Token&& token = {}) const {
    return edge_collection(std::move(collection)).edges(vertex, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// edges() with options left at the default: the token follows.
  template <detail::TokenSkipping<const EdgesOptions&> Token>
  auto edges(std::string collection, const DocumentRef& vertex, Token&& token) const {
    return this->edges(collection, vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts an edge of `collection` from `from_vertex` to `to_vertex` with extra `data`:
  /// DocumentMeta<T>. See EdgeCollection::link.
  template <class T = Json, class Token = UseFuture>
  auto link(std::string collection, const DocumentRef& from_vertex, const DocumentRef& to_vertex,
            const std::optional<JsonInput>& data = {}, const LinkOptions& options = {}, Token&& token = {}) const {
    return edge_collection<T>(std::move(collection))
        .link(from_vertex, to_vertex, data, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// link() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const LinkOptions&> Token>
  auto link(std::string collection, const DocumentRef& from_vertex, const DocumentRef& to_vertex, const std::optional<JsonInput>& data, Token&& token) const {
    return this->template link<T>(collection, from_vertex, to_vertex, data, {}, std::forward<Token>(token));
  }
  /// link() with data, options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto link(std::string collection, const DocumentRef& from_vertex, const DocumentRef& to_vertex, Token&& token) const {
    return this->template link<T>(collection, from_vertex, to_vertex, {}, {}, std::forward<Token>(token));
  }
  //}

 private:
  /// The collection of a body's "_id" (update and replace need it; a "_key" alone is not enough).
  static std::string id_collection(const JsonInput& document) {
    return detail::collection_of(DocumentRef::from_body_text(document.text()));
  }
  /// What a created or replaced edge definition delivers.
  template <class T>
  auto edge_handle(std::string collection) const {
    return [executor = executor_, graph = name_, collection = std::move(collection)](const Response&) {
      return EdgeCollection<T, Executor>(executor, graph, collection);
    };
  }

  Executor executor_;
  std::string name_;
};

}  // namespace v1
}  // namespace arango
