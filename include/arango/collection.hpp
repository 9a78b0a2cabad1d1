// Collection API (the seed's arangoasync.collection): Collection (the methods every kind of
// collection has), StandardCollection (documents through /_api/document), and the graph
// collections VertexCollection and EdgeCollection (documents through gharial).
//
// Each class is a template over the document type T (Json by default; any type with
// to_json + Deserializer<T> or from_json) and over the execution context. Each method forwards
// in one line to its operation; the executor decides what the call delivers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arango/async.hpp>
#include <arango/cursor.hpp>
#include <arango/detail/ops_aql.hpp>
#include <arango/detail/ops_collection.hpp>
#include <arango/detail/ops_graph.hpp>
#include <arango/document.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The seed's Collection: what every collection handle can do. Derived is the handle type
/// (for with_timeout & co.), T the document type, Executor the execution context.
template <class Derived, class T, class Executor>
class Collection : public CallSettings<Derived> {
  friend class CallSettings<Derived>;

 public:
  using document_type = T;  ///< The document type: what reads deliver (Json by default, or a user type).

  /// A handle on collection `name` (nothing is sent; StandardDatabase::collection makes one).
  Collection(Executor executor, std::string name) : executor_(std::move(executor)), name_(std::move(name)) {}

  /// The collection name. A handle keeps its name: after rename(), take a new handle.
  const std::string& name() const noexcept { return name_; }
  /// The database name.
  const std::string& db_name() const { return executor_.db_name(); }
  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }
  /// The executor calls run on (it knows the database, the context and the call options).
  const Executor& executor() const noexcept { return executor_; }

  /// The collection part of an id, or of a body's "_id" (DocumentParseError without one).
  static std::string get_col_name(const DocumentRef& document) { return detail::collection_of(document); }

  // --- indexes ---

  /// Every index: std::vector<IndexProperties>. IndexListError.
  template <class Token = UseFuture>
  auto indexes(const IndexListOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::indexes(name_, options), std::forward<Token>(token), "indexes");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// indexes() with options left at the default: the token follows.
  template <detail::TokenSkipping<const IndexListOptions&> Token>
  auto indexes(Token&& token) const {
    return this->indexes({}, std::forward<Token>(token));
  }
  //}
  /// One index by full id ("col/123") or number ("123"): IndexProperties. IndexGetError.
  template <class Token = UseFuture>
  auto get_index(std::string_view id, Token&& token = {}) const {
    return executor_.run(detail::ops::get_index(name_, id), std::forward<Token>(token), "get_index");
  }
  /// Creates an index (or finds the identical one): IndexProperties with is_newly_created.
  /// IndexCreateError.
  template <class Token = UseFuture>
  auto add_index(std::string_view type, const IndexFields& fields, const IndexOptions& options = {},
                 Token&& token = {}) const {
    return executor_.run(detail::ops::add_index(name_, type, fields, options), std::forward<Token>(token), "add_index");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// add_index() with options left at the default: the token follows.
  template <detail::TokenSkipping<const IndexOptions&> Token>
  auto add_index(std::string_view type, const IndexFields& fields, Token&& token) const {
    return this->add_index(type, fields, {}, std::forward<Token>(token));
  }
  //}
  /// Drops an index: true, or false when missing and ignore_missing. IndexDeleteError.
  template <class Token = UseFuture>
  auto delete_index(std::string_view id, const DeleteIndexOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_index(name_, id, options), std::forward<Token>(token), "delete_index");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_index() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteIndexOptions&> Token>
  auto delete_index(std::string_view id, Token&& token) const {
    return this->delete_index(id, {}, std::forward<Token>(token));
  }
  //}
  /// Loads the index entries into memory: true. IndexLoadError.
  template <class Token = UseFuture>
  auto load_indexes(Token&& token = {}) const {
    return executor_.run(detail::ops::load_indexes(name_), std::forward<Token>(token), "load_indexes");
  }

  // --- collection ---

  /// Recalculates the document count: void. CollectionRecalculateCountError.
  template <class Token = UseFuture>
  auto recalculate_count(Token&& token = {}) const {
    return executor_.run(detail::ops::recalculate_count(name_), std::forward<Token>(token), "recalculate_count");
  }
  /// CollectionProperties. CollectionPropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::collection_properties(name_), std::forward<Token>(token), "properties");
  }
  /// Changes the given properties: CollectionProperties. CollectionConfigureError;
  /// std::invalid_argument for an empty schema.
  template <class Token = UseFuture>
  auto configure(const ConfigureOptions& options, Token&& token = {}) const {
    return executor_.run(detail::ops::configure_collection(name_, options), std::forward<Token>(token), "configure");
  }
  /// Renames the collection (single server only): void. This handle keeps the old name.
  /// CollectionRenameError.
  template <class Token = UseFuture>
  auto rename(std::string_view new_name, Token&& token = {}) const {
    return executor_.run(detail::ops::rename_collection(name_, new_name), std::forward<Token>(token), "rename");
  }
  /// Compacts the collection: CollectionInfo. CollectionCompactError.
  template <class Token = UseFuture>
  auto compact(Token&& token = {}) const {
    return executor_.run(detail::ops::compact_collection(name_), std::forward<Token>(token), "compact");
  }
  /// Removes every document, keeps the indexes: void. CollectionTruncateError.
  template <class Token = UseFuture>
  auto truncate(const TruncateOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::truncate_collection(name_, options), std::forward<Token>(token), "truncate");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// truncate() with options left at the default: the token follows.
  template <detail::TokenSkipping<const TruncateOptions&> Token>
  auto truncate(Token&& token) const {
    return this->truncate({}, std::forward<Token>(token));
  }
  //}
  /// Number of documents: std::int64_t. DocumentCountError.
  template <class Token = UseFuture>
  auto count(Token&& token = {}) const {
    return executor_.run(detail::ops::count_documents(name_), std::forward<Token>(token), "count");
  }
  /// Properties, count and figures: CollectionStatistics. CollectionStatisticsError.
  template <class Token = UseFuture>
  auto statistics(Token&& token = {}) const {
    return executor_.run(detail::ops::collection_statistics(name_), std::forward<Token>(token), "statistics");
  }
  /// The shard responsible for a document (cluster only): std::string.
  /// CollectionResponsibleShardError.
  template <class Token = UseFuture>
  auto responsible_shard(const JsonInput& document, Token&& token = {}) const {
    return executor_.run(detail::ops::responsible_shard(name_, document), std::forward<Token>(token), "responsible_shard");
  }
  /// Shard ids, or shard → servers with details (cluster only): Json. CollectionShardsError.
  template <class Token = UseFuture>
  auto shards(const ShardsOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::collection_shards(name_, options), std::forward<Token>(token), "shards");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// shards() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ShardsOptions&> Token>
  auto shards(Token&& token) const {
    return this->shards({}, std::forward<Token>(token));
  }
  //}
  /// The collection revision: std::string. CollectionRevisionError.
  template <class Token = UseFuture>
  auto revision(Token&& token = {}) const {
    return executor_.run(detail::ops::collection_revision(name_), std::forward<Token>(token), "revision");
  }
  /// The collection checksum: std::string. CollectionChecksumError.
  template <class Token = UseFuture>
  auto checksum(const ChecksumOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::collection_checksum(name_, options), std::forward<Token>(token), "checksum");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// checksum() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ChecksumOptions&> Token>
  auto checksum(Token&& token) const {
    return this->checksum({}, std::forward<Token>(token));
  }
  //}

  // --- documents (every collection kind, through /_api/document) ---

  /// Whether a document exists: bool (false on any 404). DocumentRevisionError when if_match
  /// fails; DocumentGetError otherwise (including a matching if_none_match: 304).
  template <class Token = UseFuture>
  auto has(const DocumentRef& document, const HasOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::has_document(name_, document, options), std::forward<Token>(token), "has");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// has() with options left at the default: the token follows.
  template <detail::TokenSkipping<const HasOptions&> Token>
  auto has(const DocumentRef& document, Token&& token) const {
    return this->has(document, {}, std::forward<Token>(token));
  }
  //}
  /// Several documents by key, id or body: one BulkItem<T> per input, in input order, each the
  /// document or its error (missing ones are reported, not dropped). DocumentGetError. More
  /// than options.batch_size documents are read in several requests, one after another.
  template <class Token = UseFuture>
  auto get_many(DocumentList documents, const GetManyOptions& options = {}, Token&& token = {}) const {
    if constexpr (Executor::runs_batches) {
      return executor_.run_batches(detail::ops::get_many_batches<T>(name_, std::move(documents), options),
                                   std::forward<Token>(token), "get_many");
    } else {
      return executor_.run(detail::ops::get_many<T>(name_, std::move(documents), options), std::forward<Token>(token), "get_many");
    }
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// get_many() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GetManyOptions&> Token>
  auto get_many(DocumentList documents, Token&& token) const {
    return this->get_many(documents, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts several documents: one BulkItem<DocumentMeta<T>> per input (with silent: only the
  /// errors, as the server reports them). DocumentInsertError when the request as a whole fails.
  template <class Token = UseFuture>
  auto insert_many(DocumentList documents, const InsertOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::insert_many<T>(name_, std::move(documents), options), std::forward<Token>(token), "insert_many");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert_many() with options left at the default: the token follows.
  template <detail::TokenSkipping<const InsertOptions&> Token>
  auto insert_many(DocumentList documents, Token&& token) const {
    return this->insert_many(documents, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces several documents (each with "_key" or "_id"). DocumentReplaceError.
  template <class Token = UseFuture>
  auto replace_many(DocumentList documents, const ReplaceManyOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::replace_many<T>(name_, std::move(documents), options),
                         std::forward<Token>(token), "replace_many");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_many() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReplaceManyOptions&> Token>
  auto replace_many(DocumentList documents, Token&& token) const {
    return this->replace_many(documents, {}, std::forward<Token>(token));
  }
  //}
  /// Updates several documents (each with "_key" or "_id"). DocumentUpdateError.
  template <class Token = UseFuture>
  auto update_many(DocumentList documents, const UpdateManyOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::update_many<T>(name_, std::move(documents), options), std::forward<Token>(token), "update_many");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_many() with options left at the default: the token follows.
  template <detail::TokenSkipping<const UpdateManyOptions&> Token>
  auto update_many(DocumentList documents, Token&& token) const {
    return this->update_many(documents, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes several documents (keys, ids or bodies). DocumentDeleteError.
  template <class Token = UseFuture>
  auto delete_many(DocumentList documents, const DeleteManyOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_many<T>(name_, std::move(documents), options), std::forward<Token>(token), "delete_many");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_many() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteManyOptions&> Token>
  auto delete_many(DocumentList documents, Token&& token) const {
    return this->delete_many(documents, {}, std::forward<Token>(token));
  }
  //}
  /// Documents matching every filter (attribute path → value; nested paths as "a.b"):
  /// Cursor<T>, with count. Values and attribute names are sent as bind parameters, and the sort
  /// applies before skip/limit. DocumentGetError; SortValidationError for a bad sort order;
  /// std::invalid_argument for a filter that is not an object or a negative skip/limit.
  template <class Token = UseFuture>
  auto find(const Json& filters = Json::object({}), const FindOptions& options = {}, Token&& token = {}) const {
    std::string query;
    QueryOptions qo = detail::ops::find_query(name_, filters, options, query);
    return executor_.run(
        detail::cursor_operation<T, DocumentGetError>(executor_, detail::ops::execute_request(query, qo)),
        std::forward<Token>(token), "find");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// find() with options left at the default: the token follows.
  template <detail::TokenSkipping<const FindOptions&> Token>
  auto find(const Json& filters, Token&& token) const {
    return this->find(filters, {}, std::forward<Token>(token));
  }
  /// find() with filters, options left at the default: the token follows.
  template <detail::TokenSkipping<const Json&> Token>
  auto find(Token&& token) const {
    return this->find(Json::object({}), {}, std::forward<Token>(token));
  }
  //}
  /// Updates (merges `body` into) the documents matching the filters: the number updated
  /// (std::int64_t). DocumentUpdateError.
  template <class Token = UseFuture>
  auto update_match(const Json& filters, const JsonInput& body, const UpdateMatchOptions& options = {},
                    Token&& token = {}) const {
    return executor_.run(detail::ops::update_match(name_, filters, Json::parse(body.text()), options),
                         std::forward<Token>(token), "update_match");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_match() with options left at the default: the token follows.
  template <detail::TokenSkipping<const UpdateMatchOptions&> Token>
  auto update_match(const Json& filters, const JsonInput& body, Token&& token) const {
    return this->update_match(filters, body, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces the documents matching the filters with `body`: the number replaced.
  /// DocumentReplaceError.
  template <class Token = UseFuture>
  auto replace_match(const Json& filters, const JsonInput& body, const MatchOptions& options = {},
                     Token&& token = {}) const {
    return executor_.run(detail::ops::replace_match(name_, filters, Json::parse(body.text()), options),
                         std::forward<Token>(token), "replace_match");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_match() with options left at the default: the token follows.
  template <detail::TokenSkipping<const MatchOptions&> Token>
  auto replace_match(const Json& filters, const JsonInput& body, Token&& token) const {
    return this->replace_match(filters, body, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes the documents matching the filters: the number deleted. DocumentDeleteError.
  template <class Token = UseFuture>
  auto delete_match(const Json& filters, const MatchOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_match(name_, filters, options), std::forward<Token>(token), "delete_match");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_match() with options left at the default: the token follows.
  template <detail::TokenSkipping<const MatchOptions&> Token>
  auto delete_match(const Json& filters, Token&& token) const {
    return this->delete_match(filters, {}, std::forward<Token>(token));
  }
  //}

  /// Bulk import of raw data (JSON lines, a JSON array, or the header-line format, as
  /// options.doc_type says): ImportResult. DocumentInsertError.
  template <class Token = UseFuture>
  auto import_bulk(std::string data, const ImportOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::import_bulk(name_, std::move(data), options), std::forward<Token>(token), "import_bulk");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// import_bulk() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ImportOptions&> Token>
  auto import_bulk(std::string data, Token&& token) const {
    return this->import_bulk(data, {}, std::forward<Token>(token));
  }
  //}
  /// Bulk import of documents (sent as one JSON array).
  template <class Token = UseFuture>
  auto import_bulk(DocumentList documents, ImportOptions options = {}, Token&& token = {}) const {
    if (!options.doc_type) options.doc_type = "array";
    return executor_.run(detail::ops::import_bulk(name_, std::move(documents).text(), options),
                         std::forward<Token>(token), "import_bulk");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// import_bulk() with options left at the default: the token follows.
  template <detail::TokenSkipping<ImportOptions> Token>
  auto import_bulk(DocumentList documents, Token&& token) const {
    return this->import_bulk(documents, {}, std::forward<Token>(token));
  }
  //}

 protected:
  Executor executor_;  ///< runs the calls (connection, context, call options)
  std::string name_;  ///< the collection's name
};

/// The seed's StandardCollection: documents through /_api/document.
template <class T = Json, class Executor = DefaultApiExecutor>
class StandardCollection : public Collection<StandardCollection<T, Executor>, T, Executor> {
  using Base = Collection<StandardCollection<T, Executor>, T, Executor>;

 public:
  using Base::Base;

  /// A document by key, id or body: std::optional<T> (nullopt when it does not exist).
  /// DocumentRevisionError when if_match fails; DocumentGetError otherwise (an unknown
  /// collection, or a matching if_none_match); DocumentParseError for a malformed id.
  template <class Token = UseFuture>
  auto get(const DocumentRef& document, const GetOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::get_document<T>(this->name_, document, options),
                               std::forward<Token>(token), "get");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// get() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GetOptions&> Token>
  auto get(const DocumentRef& document, Token&& token) const {
    return this->get(document, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts a document: DocumentMeta<T>. DocumentInsertError (409 unique constraint, 404
  /// unknown collection ...); DocumentParseError for an "_id" of another collection.
  template <class Token = UseFuture>
  auto insert(const JsonInput& document, const InsertOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::insert_document<T>(this->name_, document.text(), options),
                               std::forward<Token>(token), "insert");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert() with options left at the default: the token follows.
  template <detail::TokenSkipping<const InsertOptions&> Token>
  auto insert(const JsonInput& document, Token&& token) const {
    return this->insert(document, {}, std::forward<Token>(token));
  }
  //}
  /// Updates (merges into) a document that has "_key" or "_id": DocumentMeta<T>.
  /// DocumentRevisionError (if_match), DocumentUpdateError.
  template <class Token = UseFuture>
  auto update(const JsonInput& document, const UpdateOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::update_document<T>(this->name_, document.text(), options),
                               std::forward<Token>(token), "update");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update() with options left at the default: the token follows.
  template <detail::TokenSkipping<const UpdateOptions&> Token>
  auto update(const JsonInput& document, Token&& token) const {
    return this->update(document, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces a document that has "_key" or "_id": DocumentMeta<T>.
  /// DocumentRevisionError (if_match), DocumentReplaceError.
  template <class Token = UseFuture>
  auto replace(const JsonInput& document, const ReplaceOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::replace_document<T>(this->name_, document.text(), options),
                               std::forward<Token>(token), "replace");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReplaceOptions&> Token>
  auto replace(const JsonInput& document, Token&& token) const {
    return this->replace(document, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a document (the seed's `delete`; a C++ keyword): std::optional<DocumentMeta<T>>,
  /// nullopt when it was missing and ignore_missing is set. DocumentRevisionError (if_match),
  /// DocumentDeleteError.
  template <class Token = UseFuture>
  auto delete_(const DocumentRef& document, const DeleteOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::delete_document<T>(this->name_, document, options),
                               std::forward<Token>(token), "delete");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteOptions&> Token>
  auto delete_(const DocumentRef& document, Token&& token) const {
    return this->delete_(document, {}, std::forward<Token>(token));
  }
  //}
};

namespace detail {
/// Which gharial path a graph collection's documents take.
enum class GraphElement { vertex, edge };
}  // namespace detail

/// What VertexCollection and EdgeCollection share: the documents of one collection of a named
/// graph, through gharial (/_api/gharial/{graph}/vertex|edge/{collection}), which keeps the
/// graph consistent (deleting a vertex deletes the edges pointing at it; an edge's _from and _to
/// must name existing vertices of the graph's vertex collections: as arangod checks, any of
/// them, not only those of the edge's own definition).
template <class Derived, class T, class Executor, detail::GraphElement Element>
class GraphCollection : public Collection<Derived, T, Executor> {
  using Base = Collection<Derived, T, Executor>;
  static constexpr std::string_view kind_ = Element == detail::GraphElement::vertex ? "vertex" : "edge";

 public:
  /// A handle on collection `name` of graph `graph` (nothing is sent; Graph::vertex_collection /
  /// edge_collection make one).
  GraphCollection(Executor executor, std::string graph, std::string name)
      : Base(std::move(executor), std::move(name)), graph_(std::move(graph)) {}

  /// The graph name.
  const std::string& graph() const noexcept { return graph_; }

  /// A vertex or edge: std::optional<T>. DocumentRevisionError, DocumentGetError,
  /// DocumentParseError.
  template <class Token = UseFuture>
  auto get(const DocumentRef& document, const GraphGetOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_get<T>(graph_, kind_, this->name_, document, options),
                               std::forward<Token>(token), "get");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// get() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GraphGetOptions&> Token>
  auto get(const DocumentRef& document, Token&& token) const {
    return this->get(document, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts a vertex, or an edge (with "_from" and "_to"): DocumentMeta<T> (new_doc with
  /// return_new). DocumentInsertError.
  template <class Token = UseFuture>
  auto insert(const JsonInput& document, const GraphInsertOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_insert<T>(graph_, kind_, this->name_, document.text(), options),
                               std::forward<Token>(token), "insert");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GraphInsertOptions&> Token>
  auto insert(const JsonInput& document, Token&& token) const {
    return this->insert(document, {}, std::forward<Token>(token));
  }
  //}
  /// Updates a vertex or edge that has "_key" or "_id": DocumentMeta<T>. DocumentRevisionError,
  /// DocumentUpdateError.
  template <class Token = UseFuture>
  auto update(const JsonInput& document, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_update<T>(graph_, kind_, this->name_, document.text(), options),
                               std::forward<Token>(token), "update");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto update(const JsonInput& document, Token&& token) const {
    return this->update(document, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces a vertex, or an edge (with "_from" and "_to"): DocumentMeta<T>.
  /// DocumentRevisionError, DocumentReplaceError.
  template <class Token = UseFuture>
  auto replace(const JsonInput& document, const GraphUpdateOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_replace<T>(graph_, kind_, this->name_, document.text(), options),
                               std::forward<Token>(token), "replace");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GraphUpdateOptions&> Token>
  auto replace(const JsonInput& document, Token&& token) const {
    return this->replace(document, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a vertex (and the edges pointing at it) or an edge: std::optional<DocumentMeta<T>>
  /// with id and key set, old_doc with return_old; nullopt when missing and ignore_missing.
  /// DocumentRevisionError, DocumentDeleteError.
  template <class Token = UseFuture>
  auto delete_(const DocumentRef& document, const GraphDeleteOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_delete<T>(graph_, kind_, this->name_, document, options),
                               std::forward<Token>(token), "delete");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_() with options left at the default: the token follows.
  template <detail::TokenSkipping<const GraphDeleteOptions&> Token>
  auto delete_(const DocumentRef& document, Token&& token) const {
    return this->delete_(document, {}, std::forward<Token>(token));
  }
  //}

 protected:
  std::string graph_;  ///< the graph's name
};

/// The seed's VertexCollection: vertices of a named graph through gharial.
template <class T = Json, class Executor = DefaultApiExecutor>
class VertexCollection
    : public GraphCollection<VertexCollection<T, Executor>, T, Executor, detail::GraphElement::vertex> {
  using Base = GraphCollection<VertexCollection<T, Executor>, T, Executor, detail::GraphElement::vertex>;

 public:
  using Base::Base;
};

/// The seed's EdgeCollection: edges of a named graph through gharial, plus the edge index.
template <class T = Json, class Executor = DefaultApiExecutor>
class EdgeCollection : public GraphCollection<EdgeCollection<T, Executor>, T, Executor, detail::GraphElement::edge> {
  using Base = GraphCollection<EdgeCollection<T, Executor>, T, Executor, detail::GraphElement::edge>;

 public:
  using Base::Base;

  /// Edges starting or ending at a vertex (the edge index, /_api/edges): Json
  /// {"edges": [...], "stats": {...}}. EdgeListError.
  template <class Token = UseFuture>
  auto edges(const DocumentRef& vertex, const EdgesOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::edges(this->name_, vertex, options), std::forward<Token>(token), "edges");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// edges() with options left at the default: the token follows.
  template <detail::TokenSkipping<const EdgesOptions&> Token>
  auto edges(const DocumentRef& vertex, Token&& token) const {
    return this->edges(vertex, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts an edge from `from_vertex` to `to_vertex` (ids, or bodies with "_id") with extra
  /// `data`: DocumentMeta<T>. DocumentInsertError, DocumentParseError.
  template <class Token = UseFuture>
  auto link(const DocumentRef& from_vertex, const DocumentRef& to_vertex, const std::optional<JsonInput>& data = {},
            const LinkOptions& options = {}, Token&& token = {}) const {
    return this->executor_.run(detail::ops::graph_link<T>(this->graph_, this->name_, from_vertex, to_vertex,
                                                          data ? &data->text() : nullptr, options),
                               std::forward<Token>(token), "link");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// link() with options left at the default: the token follows.
  template <detail::TokenSkipping<const LinkOptions&> Token>
  auto link(const DocumentRef& from_vertex, const DocumentRef& to_vertex, const std::optional<JsonInput>& data, Token&& token) const {
    return this->link(from_vertex, to_vertex, data, {}, std::forward<Token>(token));
  }
  /// link() with data, options left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto link(const DocumentRef& from_vertex, const DocumentRef& to_vertex, Token&& token) const {
    return this->link(from_vertex, to_vertex, {}, {}, std::forward<Token>(token));
  }
  //}
};

}  // namespace v1
}  // namespace arango
