// Database API (the seed's arangoasync.database). Each method forwards in one line to its
// operation; the executor decides what the call delivers.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arango/admin.hpp>
#include <arango/aql.hpp>
#include <arango/async.hpp>
#include <arango/backup.hpp>
#include <arango/cluster.hpp>
#include <arango/collection.hpp>
#include <arango/detail/ops_collection.hpp>
#include <arango/detail/ops_graph.hpp>
#include <arango/export.hpp>
#include <arango/foxx.hpp>
#include <arango/graph.hpp>
#include <arango/job.hpp>
#include <arango/replication.hpp>
#include <arango/detail/ops_admin.hpp>
#include <arango/detail/ops_analyzer.hpp>
#include <arango/detail/ops_database.hpp>
#include <arango/detail/ops_transaction.hpp>
#include <arango/detail/ops_user.hpp>
#include <arango/detail/ops_view.hpp>
#include <arango/executor.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// The seed's Database: what a database handle can do in every context (collections, documents
/// through them, AQL, graphs, views, analyzers, users, transactions, administration). Derived is
/// the handle type (for with_timeout & co.), Executor the context: StandardDatabase,
/// TransactionDatabase and AsyncDatabase are its three instances. Each call takes a completion
/// token last: a Future by default, a callback, or use_awaitable.
template <class Derived, class Executor>
class BasicDatabase : public CallSettings<Derived> {
  friend class CallSettings<Derived>;

 public:
  /// A handle on the executor's database (nothing is sent; ArangoClient::db makes one).
  explicit BasicDatabase(Executor executor) : executor_(std::move(executor)) {}

  /// The database name.
  const std::string& name() const { return executor_.db_name(); }
  /// "default", "transaction" or "async".
  std::string_view context() const noexcept { return executor_.context(); }
  /// The executor calls run on (it knows the database, the context and the call options).
  const Executor& executor() const noexcept { return executor_; }

  /// Properties of this database: DatabaseProperties. Error: DatabasePropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::database_properties(), std::forward<Token>(token), "properties");
  }
  /// Server status: ServerStatusInformation. Error: ServerStatusError.
  template <class Token = UseFuture>
  auto status(Token&& token = {}) const {
    return executor_.run(detail::ops::server_status(), std::forward<Token>(token), "status");
  }
  /// Names of all databases (from _system only): std::vector<std::string>. DatabaseListError.
  template <class Token = UseFuture>
  auto databases(Token&& token = {}) const {
    return executor_.run(detail::ops::databases(), std::forward<Token>(token), "databases");
  }
  /// Names of the databases the current user may access. DatabaseListError.
  template <class Token = UseFuture>
  auto databases_accessible_to_user(Token&& token = {}) const {
    return executor_.run(detail::ops::databases_accessible_to_user(), std::forward<Token>(token), "databases_accessible_to_user");
  }
  /// Whether a database exists (lists databases: from _system only): bool. DatabaseListError.
  template <class Token = UseFuture>
  auto has_database(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_database(std::move(name)), std::forward<Token>(token), "has_database");
  }
  /// Creates a database (from _system only): true. DatabaseCreateError.
  template <class Token = UseFuture>
  auto create_database(std::string name, const CreateDatabaseOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::create_database(std::move(name), options), std::forward<Token>(token), "create_database");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_database() with options left at the default: the token follows.
  template <detail::TokenSkipping<const CreateDatabaseOptions&> Token>
  auto create_database(std::string name, Token&& token) const {
    return this->create_database(name, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a database: true, or false when missing and ignore_missing. DatabaseDeleteError.
  template <class Token = UseFuture>
  auto delete_database(std::string name, const DeleteDatabaseOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_database(std::move(name), options), std::forward<Token>(token), "delete_database");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_database() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteDatabaseOptions&> Token>
  auto delete_database(std::string name, Token&& token) const {
    return this->delete_database(name, {}, std::forward<Token>(token));
  }
  //}
  /// Server version (the whole body: server, version, license, details?): Json. ServerVersionError.
  template <class Token = UseFuture>
  auto version(const VersionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::version(options), std::forward<Token>(token), "version");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// version() with options left at the default: the token follows.
  template <detail::TokenSkipping<const VersionOptions&> Token>
  auto version(Token&& token) const {
    return this->version({}, std::forward<Token>(token));
  }
  //}
  /// Storage engine description: Json. ServerEngineError.
  template <class Token = UseFuture>
  auto engine(Token&& token = {}) const {
    return executor_.run(detail::ops::engine(), std::forward<Token>(token), "engine");
  }
  /// Server clock: std::chrono::system_clock::time_point. ServerTimeError.
  template <class Token = UseFuture>
  auto time(Token&& token = {}) const {
    return executor_.run(detail::ops::server_time(), std::forward<Token>(token), "time");
  }
  /// The AQL API on this database and context (the seed's `aql` property).
  AQL<Executor> aql() const { return AQL<Executor>(executor_); }

  // --- collections ---

  /// A collection handle (no request, no existence check); documents decoded as T.
  template <class T = Json>
  StandardCollection<T, Executor> collection(std::string name) const {
    return StandardCollection<T, Executor>(executor_, std::move(name));
  }
  /// Every collection: std::vector<CollectionInfo>. CollectionListError.
  template <class Token = UseFuture>
  auto collections(std::optional<bool> exclude_system = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::collections(exclude_system), std::forward<Token>(token), "collections");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// collections() with exclude_system left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto collections(Token&& token) const {
    return this->collections({}, std::forward<Token>(token));
  }
  //}
  /// Whether a collection exists: bool. CollectionListError.
  template <class Token = UseFuture>
  auto has_collection(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_collection(name), std::forward<Token>(token), "has_collection");
  }
  /// Creates a collection: StandardCollection<T>. CollectionCreateError (1207 duplicate name,
  /// 1208 illegal name ...); std::invalid_argument for invalid key options or an empty schema.
  template <class T = Json, class Token = UseFuture>
  auto create_collection(std::string name, const CreateCollectionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::then(detail::ops::create_collection(name, options),
                                      [executor = executor_, name](const Response&) {
                                        return StandardCollection<T, Executor>(executor, name);
                                      }),
                         std::forward<Token>(token), "create_collection");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_collection() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const CreateCollectionOptions&> Token>
  auto create_collection(std::string name, Token&& token) const {
    return this->template create_collection<T>(name, {}, std::forward<Token>(token));
  }
  //}
  /// Drops a collection: true, or false when missing and ignore_missing. CollectionDeleteError.
  template <class Token = UseFuture>
  auto delete_collection(std::string name, const DeleteCollectionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_collection(name, options), std::forward<Token>(token), "delete_collection");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_collection() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteCollectionOptions&> Token>
  auto delete_collection(std::string name, Token&& token) const {
    return this->delete_collection(name, {}, std::forward<Token>(token));
  }
  //}
  /// Key generator names the server supports: std::vector<std::string>.
  /// CollectionKeyGeneratorsError.
  template <class Token = UseFuture>
  auto key_generators(Token&& token = {}) const {
    return executor_.run(detail::ops::key_generators(), std::forward<Token>(token), "key_generators");
  }

  // --- documents by id (the collection comes from the id, or from the body's "_id") ---

  /// Whether a document exists: bool. See Collection::has.
  template <class Token = UseFuture>
  auto has_document(const DocumentRef& document, const HasOptions& options = {}, Token&& token = {}) const {
    return collection(detail::collection_of(document)).has(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// has_document() with options left at the default: the token follows.
  template <detail::TokenSkipping<const HasOptions&> Token>
  auto has_document(const DocumentRef& document, Token&& token) const {
    return this->has_document(document, {}, std::forward<Token>(token));
  }
  //}
  /// A document: std::optional<Json>. See StandardCollection::get.
  template <class T = Json, class Token = UseFuture>
  auto document(const DocumentRef& document, const GetOptions& options = {}, Token&& token = {}) const {
    return collection<T>(detail::collection_of(document)).get(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// document() with options left at the default: the token follows.
  template <class T = Json, detail::TokenSkipping<const GetOptions&> Token>
  auto document(const DocumentRef& document, Token&& token) const {
    return this->template document<T>(document, {}, std::forward<Token>(token));
  }
  //}
  /// Inserts a document into `collection`: DocumentMeta<Json>. See StandardCollection::insert.
  template <class Token = UseFuture>
  auto insert_document(std::string collection_name, const JsonInput& document, const InsertOptions& options = {},
                       Token&& token = {}) const {
    return collection(std::move(collection_name)).insert(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// insert_document() with options left at the default: the token follows.
  template <detail::TokenSkipping<const InsertOptions&> Token>
  auto insert_document(std::string collection_name, const JsonInput& document, Token&& token) const {
    return this->insert_document(collection_name, document, {}, std::forward<Token>(token));
  }
  //}
  /// Updates a document whose body has "_id": DocumentMeta<Json>. See StandardCollection::update.
  template <class Token = UseFuture>
  auto update_document(const JsonInput& document, const UpdateOptions& options = {}, Token&& token = {}) const {
    return collection(detail::collection_of(DocumentRef::from_body_text(document.text())))
        .update(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_document() with options left at the default: the token follows.
  template <detail::TokenSkipping<const UpdateOptions&> Token>
  auto update_document(const JsonInput& document, Token&& token) const {
    return this->update_document(document, {}, std::forward<Token>(token));
  }
  //}
  /// Replaces a document whose body has "_id": DocumentMeta<Json>. See StandardCollection::replace.
  template <class Token = UseFuture>
  auto replace_document(const JsonInput& document, const ReplaceOptions& options = {}, Token&& token = {}) const {
    return collection(detail::collection_of(DocumentRef::from_body_text(document.text())))
        .replace(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// replace_document() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReplaceOptions&> Token>
  auto replace_document(const JsonInput& document, Token&& token) const {
    return this->replace_document(document, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a document by id or body with "_id": std::optional<DocumentMeta<Json>>.
  /// See StandardCollection::delete_.
  template <class Token = UseFuture>
  auto delete_document(const DocumentRef& document, const DeleteOptions& options = {}, Token&& token = {}) const {
    return collection(detail::collection_of(document)).delete_(document, options, std::forward<Token>(token));
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_document() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteOptions&> Token>
  auto delete_document(const DocumentRef& document, Token&& token) const {
    return this->delete_document(document, {}, std::forward<Token>(token));
  }
  //}

  // --- graphs (what reaches vertex and edge collections) ---

  /// A graph handle (no request).
  Graph<Executor> graph(std::string name) const { return Graph<Executor>(executor_, std::move(name)); }
  /// Whether a graph exists: bool. GraphListError.
  template <class Token = UseFuture>
  auto has_graph(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::has_graph(name), std::forward<Token>(token), "has_graph");
  }
  /// Every graph: std::vector<GraphProperties>. GraphListError.
  template <class Token = UseFuture>
  auto graphs(Token&& token = {}) const {
    return executor_.run(detail::ops::graphs(), std::forward<Token>(token), "graphs");
  }
  /// Creates a graph: Graph. GraphCreateError.
  template <class Token = UseFuture>
  auto create_graph(std::string name, const CreateGraphOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::then(detail::ops::create_graph(name, options),
                                      [executor = executor_, name](const Response&) {
                                        return Graph<Executor>(executor, name);
                                      }),
                         std::forward<Token>(token), "create_graph");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_graph() with options left at the default: the token follows.
  template <detail::TokenSkipping<const CreateGraphOptions&> Token>
  auto create_graph(std::string name, Token&& token) const {
    return this->create_graph(name, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a graph: true, or false when missing and ignore_missing. GraphDeleteError.
  template <class Token = UseFuture>
  auto delete_graph(std::string name, const DeleteGraphOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_graph(name, options), std::forward<Token>(token), "delete_graph");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_graph() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteGraphOptions&> Token>
  auto delete_graph(std::string name, Token&& token) const {
    return this->delete_graph(name, {}, std::forward<Token>(token));
  }
  //}

  // --- views (arangosearch, search-alias) ---

  /// Every view's summary (id, name, type, globallyUniqueId): std::vector<ViewInfo>. ViewListError.
  template <class Token = UseFuture>
  auto views(Token&& token = {}) const {
    return executor_.run(detail::ops::views(), std::forward<Token>(token), "views");
  }
  /// A view with its properties (GET /_api/view/{name}/properties): ViewInfo. ViewGetError
  /// (1203 when unknown).
  template <class Token = UseFuture>
  auto view(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::view(name), std::forward<Token>(token), "view");
  }
  /// A view's summary without its properties: ViewInfo. ViewGetError.
  template <class Token = UseFuture>
  auto view_info(std::string name, Token&& token = {}) const {
    return executor_.run(detail::ops::view_info(name), std::forward<Token>(token), "view_info");
  }
  /// Creates a view of `view_type` ("arangosearch", "search-alias"); `properties` (an object)
  /// is merged into the body: ViewInfo. ViewCreateError (1207 when the name is taken).
  template <class Token = UseFuture>
  auto create_view(std::string name, std::string view_type, const std::optional<JsonInput>& properties = std::nullopt,
                   Token&& token = {}) const {
    return executor_.run(detail::ops::create_view(name, view_type, properties), std::forward<Token>(token), "create_view");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_view() with properties left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto create_view(std::string name, std::string view_type, Token&& token) const {
    return this->create_view(name, view_type, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Replaces a view's properties (PUT): ViewInfo. ViewReplaceError.
  template <class Token = UseFuture>
  auto replace_view(std::string name, const JsonInput& properties, Token&& token = {}) const {
    return executor_.run(detail::ops::replace_view(name, properties), std::forward<Token>(token), "replace_view");
  }
  /// Updates a view's properties (PATCH): ViewInfo. ViewUpdateError.
  template <class Token = UseFuture>
  auto update_view(std::string name, const JsonInput& properties, Token&& token = {}) const {
    return executor_.run(detail::ops::update_view(name, properties), std::forward<Token>(token), "update_view");
  }
  /// Renames a view (single server only): nothing. ViewRenameError.
  template <class Token = UseFuture>
  auto rename_view(std::string name, std::string new_name, Token&& token = {}) const {
    return executor_.run(detail::ops::rename_view(name, new_name), std::forward<Token>(token), "rename_view");
  }
  /// Deletes a view: true, or false when missing and ignore_missing. ViewDeleteError.
  template <class Token = UseFuture>
  auto delete_view(std::string name, bool ignore_missing = false, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_view(name, ignore_missing), std::forward<Token>(token), "delete_view");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_view() with ignore_missing left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto delete_view(std::string name, Token&& token) const {
    return this->delete_view(name, false, std::forward<Token>(token));
  }
  //}

  // --- transactions ---

  /// The running stream transactions: std::vector<TransactionInfo> (id, state).
  /// TransactionListError.
  template <class Token = UseFuture>
  auto list_transactions(Token&& token = {}) const {
    return executor_.run(detail::ops::list_transactions(), std::forward<Token>(token), "list_transactions");
  }
  /// Runs a JavaScript transaction: its result (Json). TransactionExecuteError. JavaScript
  /// transactions are deprecated since ArangoDB 3.12 and gone in 4.0; prefer begin_transaction.
  template <class Token = UseFuture>
  auto execute_transaction(std::string command, const ExecuteTransactionOptions& options = {},
                           Token&& token = {}) const {
    return executor_.run(detail::ops::execute_transaction(std::move(command), options), std::forward<Token>(token), "execute_transaction");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// execute_transaction() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ExecuteTransactionOptions&> Token>
  auto execute_transaction(std::string command, Token&& token) const {
    return this->execute_transaction(command, {}, std::forward<Token>(token));
  }
  //}

  // --- ArangoSearch analyzers ---

  /// Every analyzer visible from the database (the built-ins, its own, _system's):
  /// std::vector<AnalyzerInfo>. AnalyzerListError.
  template <class Token = UseFuture>
  auto analyzers(Token&& token = {}) const {
    return executor_.run(detail::ops::analyzers(), std::forward<Token>(token), "analyzers");
  }
  /// An analyzer ("name", "{db}::name", "::name" for _system's): AnalyzerInfo. AnalyzerGetError
  /// (404 / 1202 unknown, 403 another database's).
  template <class Token = UseFuture>
  auto analyzer(const std::string& name, Token&& token = {}) const {
    return executor_.run(detail::ops::analyzer(name), std::forward<Token>(token), "analyzer");
  }
  /// Creates an analyzer: AnalyzerInfo (the existing one when an identical definition exists).
  /// AnalyzerCreateError (400 / 10 for rejected properties or another definition of the name,
  /// 501 / 9 for an unknown type).
  template <class Token = UseFuture>
  auto create_analyzer(const std::string& name, const std::string& analyzer_type,
                       const std::optional<JsonInput>& properties = std::nullopt,
                       const std::optional<std::vector<std::string>>& features = std::nullopt,
                       Token&& token = {}) const {
    return executor_.run(detail::ops::create_analyzer(name, analyzer_type, properties, features),
                         std::forward<Token>(token), "create_analyzer");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_analyzer() with features left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<std::vector<std::string>>&> Token>
  auto create_analyzer(const std::string& name, const std::string& analyzer_type, const std::optional<JsonInput>& properties, Token&& token) const {
    return this->create_analyzer(name, analyzer_type, properties, std::nullopt, std::forward<Token>(token));
  }
  /// create_analyzer() with properties, features left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto create_analyzer(const std::string& name, const std::string& analyzer_type, Token&& token) const {
    return this->create_analyzer(name, analyzer_type, std::nullopt, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Deletes an analyzer: true, or false when missing and ignore_missing. AnalyzerDeleteError
  /// (409 / 1200 while a view uses it without force, 403 for a built-in).
  template <class Token = UseFuture>
  auto delete_analyzer(const std::string& name, const DeleteAnalyzerOptions& options = {},
                       Token&& token = {}) const {
    return executor_.run(detail::ops::delete_analyzer(name, options), std::forward<Token>(token), "delete_analyzer");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_analyzer() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteAnalyzerOptions&> Token>
  auto delete_analyzer(const std::string& name, Token&& token) const {
    return this->delete_analyzer(name, {}, std::forward<Token>(token));
  }
  //}

  // --- backup, cluster, replication, foxx ---

  /// The hot backup API (no request).
  Backup<Executor> backup() const { return Backup<Executor>(executor_); }
  /// The cluster API (no request).
  Cluster<Executor> cluster() const { return Cluster<Executor>(executor_); }
  /// The replication API of this database (no request).
  Replication<Executor> replication() const { return Replication<Executor>(executor_); }
  /// The Foxx API of this database (no request).
  Foxx<Executor> foxx() const { return Foxx<Executor>(executor_); }

  // --- users, permissions, access tokens, server security ---

  /// Whether a user exists: bool (false on 404). UserListError.
  template <class Token = UseFuture>
  auto has_user(std::string username, Token&& token = {}) const {
    return executor_.run(detail::ops::has_user(std::move(username)), std::forward<Token>(token), "has_user");
  }
  /// A user (user, active, extra): UserInfo. UserGetError (1703 unknown user, 403 for another user
  /// without admin rights).
  template <class Token = UseFuture>
  auto user(std::string username, Token&& token = {}) const {
    return executor_.run(detail::ops::user(std::move(username)), std::forward<Token>(token), "user");
  }
  /// Every user: std::vector<UserInfo>. UserListError (403 without admin rights).
  template <class Token = UseFuture>
  auto users(Token&& token = {}) const {
    return executor_.run(detail::ops::users(), std::forward<Token>(token), "users");
  }
  /// Creates a user (no access to any database yet): UserInfo. UserCreateError (1702 duplicate);
  /// std::invalid_argument for an empty username.
  template <class Token = UseFuture>
  auto create_user(const UserInfo& user, Token&& token = {}) const {
    return executor_.run(detail::ops::create_user(user), std::forward<Token>(token), "create_user");
  }
  /// Replaces a user (password, active, extra; its permissions are reset): UserInfo.
  /// UserReplaceError (1703 unknown user); std::invalid_argument for an empty username.
  template <class Token = UseFuture>
  auto replace_user(const UserInfo& user, Token&& token = {}) const {
    return executor_.run(detail::ops::replace_user(user), std::forward<Token>(token), "replace_user");
  }
  /// Updates a user (the password only when set; extra is merged): UserInfo. UserUpdateError;
  /// std::invalid_argument for an empty username.
  template <class Token = UseFuture>
  auto update_user(const UserInfo& user, Token&& token = {}) const {
    return executor_.run(detail::ops::update_user(user), std::forward<Token>(token), "update_user");
  }
  /// Deletes a user: true, or false when missing and ignore_missing. UserDeleteError.
  template <class Token = UseFuture>
  auto delete_user(std::string username, const DeleteUserOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_user(std::move(username), options), std::forward<Token>(token), "delete_user");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_user() with options left at the default: the token follows.
  template <detail::TokenSkipping<const DeleteUserOptions&> Token>
  auto delete_user(std::string username, Token&& token) const {
    return this->delete_user(username, {}, std::forward<Token>(token));
  }
  //}
  /// A user's permissions on every database: Json (database -> "rw"/"ro"; with `full`, database ->
  /// {"permission", "collections"} and the "*" defaults). PermissionListError.
  template <class Token = UseFuture>
  auto permissions(std::string username, bool full = true, Token&& token = {}) const {
    return executor_.run(detail::ops::permissions(std::move(username), full), std::forward<Token>(token), "permissions");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// permissions() with full left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto permissions(std::string username, Token&& token) const {
    return this->permissions(username, true, std::forward<Token>(token));
  }
  //}
  /// A user's effective access level on a database or one of its collections: "rw", "ro" or
  /// "none" (std::string). PermissionGetError.
  template <class Token = UseFuture>
  auto permission(std::string username, std::string database, std::optional<std::string> collection = {},
                  Token&& token = {}) const {
    return executor_.run(detail::ops::permission(std::move(username), std::move(database), std::move(collection)),
                         std::forward<Token>(token), "permission");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// permission() with collection left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::string>> Token>
  auto permission(std::string username, std::string database, Token&& token) const {
    return this->permission(username, database, {}, std::forward<Token>(token));
  }
  //}
  /// Grants "rw", "ro" or "none" on a database or (options.collection) a collection: true, or false
  /// on failure with options.ignore_failure. PermissionUpdateError.
  template <class Token = UseFuture>
  auto update_permission(std::string username, std::string permission, std::string database,
                         const PermissionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(
        detail::ops::update_permission(std::move(username), std::move(permission), std::move(database), options),
        std::forward<Token>(token), "update_permission");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// update_permission() with options left at the default: the token follows.
  template <detail::TokenSkipping<const PermissionOptions&> Token>
  auto update_permission(std::string username, std::string permission, std::string database, Token&& token) const {
    return this->update_permission(username, permission, database, {}, std::forward<Token>(token));
  }
  //}
  /// Removes the grant on a database or collection (the defaults apply again): true, or false on
  /// failure with options.ignore_failure. PermissionResetError.
  template <class Token = UseFuture>
  auto reset_permission(std::string username, std::string database, const PermissionOptions& options = {},
                        Token&& token = {}) const {
    return executor_.run(detail::ops::reset_permission(std::move(username), std::move(database), options),
                         std::forward<Token>(token), "reset_permission");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// reset_permission() with options left at the default: the token follows.
  template <detail::TokenSkipping<const PermissionOptions&> Token>
  auto reset_permission(std::string username, std::string database, Token&& token) const {
    return this->reset_permission(username, database, {}, std::forward<Token>(token));
  }
  //}
  /// Creates an access token for `user`, valid until `valid_until` (Unix seconds): AccessToken,
  /// the only answer that carries the token itself. AccessTokenCreateError (1207 duplicate name).
  template <class Token = UseFuture>
  auto create_access_token(std::string user, std::string name, std::int64_t valid_until, Token&& token = {}) const {
    return executor_.run(detail::ops::create_access_token(std::move(user), std::move(name), valid_until),
                         std::forward<Token>(token), "create_access_token");
  }
  /// The access tokens of `user` (without the token strings): std::vector<AccessToken>.
  /// AccessTokenListError.
  template <class Token = UseFuture>
  auto list_access_tokens(std::string user, Token&& token = {}) const {
    return executor_.run(detail::ops::list_access_tokens(std::move(user)), std::forward<Token>(token), "list_access_tokens");
  }
  /// Deletes (revokes) an access token: void. AccessTokenDeleteError.
  template <class Token = UseFuture>
  auto delete_access_token(std::string user, std::int64_t token_id, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_access_token(std::move(user), token_id), std::forward<Token>(token), "delete_access_token");
  }
  /// The loaded JWT secrets: Json ({"result": {"active": {"sha256"}, "passive": [...]}}).
  /// JWTSecretListError.
  template <class Token = UseFuture>
  auto jwt_secrets(Token&& token = {}) const {
    return executor_.run(detail::ops::jwt_secrets(), std::forward<Token>(token), "jwt_secrets");
  }
  /// Re-reads the server's JWT secret file(s) (superuser): Json as jwt_secrets. JWTSecretReloadError.
  template <class Token = UseFuture>
  auto reload_jwt_secrets(Token&& token = {}) const {
    return executor_.run(detail::ops::reload_jwt_secrets(), std::forward<Token>(token), "reload_jwt_secrets");
  }
  /// The server's TLS data (keyfile, clientCA; empty without TLS): Json. ServerTLSError.
  template <class Token = UseFuture>
  auto tls(Token&& token = {}) const {
    return executor_.run(detail::ops::tls(), std::forward<Token>(token), "tls");
  }
  /// Re-reads the TLS key and certificates (superuser): Json as tls. ServerTLSReloadError.
  template <class Token = UseFuture>
  auto reload_tls(Token&& token = {}) const {
    return executor_.run(detail::ops::reload_tls(), std::forward<Token>(token), "reload_tls");
  }
  /// Rotates the encryption-at-rest keys (superuser; servers with encryption at rest only): Json.
  /// ServerEncryptionError.
  template <class Token = UseFuture>
  auto encryption(Token&& token = {}) const {
    return executor_.run(detail::ops::encryption(), std::forward<Token>(token), "encryption");
  }

  // --- server administration and tasks ---
  // Tasks, echo, execute and reload_routing are gone in ArangoDB 4.0: against a 4.x server they
  // fail with UnsupportedServerAPIError before sending.

  /// Every server task the caller may see: std::vector<TaskInfo>. TaskListError.
  template <class Token = UseFuture>
  auto tasks(Token&& token = {}) const {
    return executor_.run(detail::ops::tasks(), std::forward<Token>(token), "tasks");
  }
  /// One task: TaskInfo. TaskGetError (404 / 1852 unknown task).
  template <class Token = UseFuture>
  auto task(const std::string& task_id, Token&& token = {}) const {
    return executor_.run(detail::ops::task(task_id), std::forward<Token>(token), "task");
  }
  /// Creates a task running `command` (JavaScript) once or every options.period seconds:
  /// TaskInfo. TaskCreateError (409 / 1851 duplicate id).
  template <class Token = UseFuture>
  auto create_task(const std::string& command, const CreateTaskOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::create_task(command, options), std::forward<Token>(token), "create_task");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// create_task() with options left at the default: the token follows.
  template <detail::TokenSkipping<const CreateTaskOptions&> Token>
  auto create_task(const std::string& command, Token&& token) const {
    return this->create_task(command, {}, std::forward<Token>(token));
  }
  //}
  /// Deletes a task: true, or false when missing and ignore_missing. TaskDeleteError.
  template <class Token = UseFuture>
  auto delete_task(const std::string& task_id, bool ignore_missing = false, Token&& token = {}) const {
    return executor_.run(detail::ops::delete_task(task_id, ignore_missing), std::forward<Token>(token), "delete_task");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// delete_task() with ignore_missing left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto delete_task(const std::string& task_id, Token&& token) const {
    return this->delete_task(task_id, false, std::forward<Token>(token));
  }
  //}
  /// The server's availability mode, "default" or "readonly": std::string.
  /// ServerCheckAvailabilityError (503 while the server is not ready).
  template <class Token = UseFuture>
  auto check_availability(Token&& token = {}) const {
    return executor_.run(detail::ops::check_availability(), std::forward<Token>(token), "check_availability");
  }
  /// Deployment information for support (from _system only): Json. DatabaseSupportInfoError.
  template <class Token = UseFuture>
  auto support_info(Token&& token = {}) const {
    return executor_.run(detail::ops::support_info(), std::forward<Token>(token), "support_info");
  }
  /// The server's startup options as set: Json (option -> value). ServerCurrentOptionsGetError.
  template <class Token = UseFuture>
  auto options(Token&& token = {}) const {
    return executor_.run(detail::ops::server_options(), std::forward<Token>(token), "options");
  }
  /// Every startup option with its description: Json. ServerAvailableOptionsGetError.
  template <class Token = UseFuture>
  auto options_available(Token&& token = {}) const {
    return executor_.run(detail::ops::server_options_available(), std::forward<Token>(token), "options_available");
  }
  /// The server mode, "default" or "readonly": std::string. ServerModeError.
  template <class Token = UseFuture>
  auto mode(Token&& token = {}) const {
    return executor_.run(detail::ops::server_mode(), std::forward<Token>(token), "mode");
  }
  /// Sets the server mode ("default" or "readonly"; read-only refuses every write with 1004):
  /// the new mode (std::string). ServerModeSetError.
  template <class Token = UseFuture>
  auto set_mode(const std::string& mode, Token&& token = {}) const {
    return executor_.run(detail::ops::set_server_mode(mode), std::forward<Token>(token), "set_mode");
  }
  /// License information (Enterprise Edition; a Community server answers its disk usage):
  /// Json. ServerLicenseGetError.
  template <class Token = UseFuture>
  auto license(Token&& token = {}) const {
    return executor_.run(detail::ops::license(), std::forward<Token>(token), "license");
  }
  /// Installs a license key, given as a JSON string with its quotes ("\"<key>\""): void.
  /// ServerLicenseSetError (501 / 9 on a Community server).
  template <class Token = UseFuture>
  auto set_license(const std::string& license, bool force = false, Token&& token = {}) const {
    return executor_.run(detail::ops::set_license(license, force), std::forward<Token>(token), "set_license");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// set_license() with force left at the default: the token follows.
  template <detail::TokenSkipping<bool> Token>
  auto set_license(const std::string& license, Token&& token) const {
    return this->set_license(license, false, std::forward<Token>(token));
  }
  //}
  /// Shuts the server down (gracefully; `soft`: after running work completes): void.
  /// ServerShutdownError.
  template <class Token = UseFuture>
  auto shutdown(std::optional<bool> soft = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::shutdown(soft), std::forward<Token>(token), "shutdown");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// shutdown() with soft left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<bool>> Token>
  auto shutdown(Token&& token) const {
    return this->shutdown(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// The soft shutdown's progress: ShutdownProgress. ServerShutdownProgressError.
  template <class Token = UseFuture>
  auto shutdown_progress(Token&& token = {}) const {
    return executor_.run(detail::ops::shutdown_progress(), std::forward<Token>(token), "shutdown_progress");
  }
  /// Compacts all databases (superuser): Json. DatabaseCompactError.
  template <class Token = UseFuture>
  auto compact(const CompactOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::compact(options), std::forward<Token>(token), "compact");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// compact() with options left at the default: the token follows.
  template <detail::TokenSkipping<const CompactOptions&> Token>
  auto compact(Token&& token) const {
    return this->compact({}, std::forward<Token>(token));
  }
  //}
  /// Reloads the routing (Foxx) information: void. ServerReloadRoutingError.
  template <class Token = UseFuture>
  auto reload_routing(Token&& token = {}) const {
    return executor_.run(detail::ops::reload_routing(), std::forward<Token>(token), "reload_routing");
  }
  /// The request as the server saw it (GET, or POST with `body`): Json. ServerEchoError.
  template <class Token = UseFuture>
  auto echo(const std::optional<JsonInput>& body = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::echo(body), std::forward<Token>(token), "echo");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// echo() with body left at the default: the token follows.
  template <detail::TokenSkipping<const std::optional<JsonInput>&> Token>
  auto echo(Token&& token) const {
    return this->echo(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Runs JavaScript on the server (--javascript.allow-admin-execute): its return value (Json;
  /// null when it returns nothing). ServerExecuteError (404 when the server does not allow it).
  template <class Token = UseFuture>
  auto execute(const std::string& command, Token&& token = {}) const {
    return executor_.run(detail::ops::execute_javascript(command), std::forward<Token>(token), "execute");
  }
  /// The server's metrics in Prometheus text format: std::string. ServerMetricsError.
  template <class Token = UseFuture>
  auto metrics(std::optional<std::string> server_id = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::metrics(server_id), std::forward<Token>(token), "metrics");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// metrics() with server_id left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::string>> Token>
  auto metrics(Token&& token) const {
    return this->metrics(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Log entries of the server's in-memory log: LogEntries. ServerReadLogError (400 for an
  /// unknown level).
  template <class Token = UseFuture>
  auto read_log_entries(const ReadLogOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::read_log_entries(options), std::forward<Token>(token), "read_log_entries");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// read_log_entries() with options left at the default: the token follows.
  template <detail::TokenSkipping<const ReadLogOptions&> Token>
  auto read_log_entries(Token&& token) const {
    return this->read_log_entries({}, std::forward<Token>(token));
  }
  //}
  /// The log topics' levels: Json (topic -> level; with_appenders: {"global", "appenders"}).
  /// ServerLogLevelError.
  template <class Token = UseFuture>
  auto log_levels(const LogLevelOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::log_levels(options), std::forward<Token>(token), "log_levels");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// log_levels() with options left at the default: the token follows.
  template <detail::TokenSkipping<const LogLevelOptions&> Token>
  auto log_levels(Token&& token) const {
    return this->log_levels({}, std::forward<Token>(token));
  }
  //}
  /// Sets log levels: `levels` is an object of topic (or "all") -> level (with_appenders:
  /// {"global": {...}, "appenders": {...}}). The new levels (Json). ServerLogLevelSetError.
  template <class Token = UseFuture>
  auto set_log_levels(const JsonInput& levels, const LogLevelOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::ops::set_log_levels(levels, options), std::forward<Token>(token), "set_log_levels");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// set_log_levels() with options left at the default: the token follows.
  template <detail::TokenSkipping<const LogLevelOptions&> Token>
  auto set_log_levels(const JsonInput& levels, Token&& token) const {
    return this->set_log_levels(levels, {}, std::forward<Token>(token));
  }
  //}
  /// Resets the log levels to the startup ones: the levels (Json). ServerLogLevelResetError.
  template <class Token = UseFuture>
  auto reset_log_levels(std::optional<std::string> server_id = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::reset_log_levels(server_id), std::forward<Token>(token), "reset_log_levels");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// reset_log_levels() with server_id left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::string>> Token>
  auto reset_log_levels(Token&& token) const {
    return this->reset_log_levels(std::nullopt, std::forward<Token>(token));
  }
  //}
  /// The structured log settings: std::map<std::string, bool>. ServerLogSettingError.
  template <class Token = UseFuture>
  auto log_settings(Token&& token = {}) const {
    return executor_.run(detail::ops::log_settings(), std::forward<Token>(token), "log_settings");
  }
  /// Turns structured log parameters on or off: the new settings (std::map<std::string, bool>).
  /// ServerLogSettingSetError.
  template <class Token = UseFuture>
  auto set_log_settings(const std::map<std::string, bool>& settings, Token&& token = {}) const {
    return executor_.run(detail::ops::set_log_settings(settings), std::forward<Token>(token), "set_log_settings");
  }
  /// The most recent API calls the server recorded: std::vector<ApiCall>. ServerApiCallsError.
  template <class Token = UseFuture>
  auto api_calls(Token&& token = {}) const {
    return executor_.run(detail::ops::api_calls(), std::forward<Token>(token), "api_calls");
  }

  /// Sends any request (prefixed with /_db/{name} unless request.prefix_needed is false) and
  /// delivers the raw Response whatever its status; only client errors fail the call.
  template <class Token = UseFuture>
  auto request(Request request, Token&& token = {}) const {
    return executor_.run(detail::ops::raw_request(std::move(request)), std::forward<Token>(token), "request");
  }

 protected:
  Executor executor_;  ///< runs the calls (connection, context, call options)
};

/// The database API inside a stream transaction (the seed's TransactionDatabase): every call,
/// and every call of the collections, AQL and cursors taken from it, carries x-arango-trx-id.
/// The transaction's own calls (status, commit, abort) are plain requests.
class TransactionDatabase : public BasicDatabase<TransactionDatabase, TransactionApiExecutor> {
 public:
  /// A handle in the transaction `executor` names (begin_transaction makes one).
  using BasicDatabase::BasicDatabase;

  /// The transaction's id.
  const std::string& transaction_id() const noexcept { return executor_.id(); }

  /// "running", "committed" or "aborted": std::string. TransactionStatusError (1655 for an
  /// unknown transaction).
  template <class Token = UseFuture>
  auto transaction_status(Token&& token = {}) const {
    return executor_.direct().run(detail::ops::transaction_status(transaction_id()), std::forward<Token>(token), "transaction_status");
  }
  /// Commits the transaction: void. TransactionCommitError.
  template <class Token = UseFuture>
  auto commit_transaction(Token&& token = {}) const {
    return executor_.direct().run(detail::ops::commit_transaction(transaction_id()), std::forward<Token>(token), "commit_transaction");
  }
  /// Aborts the transaction, discarding its writes: void. TransactionAbortError.
  template <class Token = UseFuture>
  auto abort_transaction(Token&& token = {}) const {
    return executor_.direct().run(detail::ops::abort_transaction(transaction_id()), std::forward<Token>(token), "abort_transaction");
  }
};

/// The database API in the async context (the seed's AsyncDatabase): every call, and every call
/// of the collections, AQL and graphs taken from it, is queued on the server as an async job
/// and delivers std::optional<AsyncJob<T>> (the job, or nullopt when results are not kept).
class AsyncDatabase : public BasicDatabase<AsyncDatabase, AsyncApiExecutor> {
 public:
  /// A handle whose calls run as async jobs (StandardDatabase::begin_async_execution makes one).
  using BasicDatabase::BasicDatabase;
  /// Whether calls keep their results on the server (x-arango-async: store).
  bool return_result() const noexcept { return executor_.return_result(); }
};

/// The database API in the default context: every call delivers its result directly.
class StandardDatabase : public BasicDatabase<StandardDatabase, DefaultApiExecutor> {
 public:
  using BasicDatabase::BasicDatabase;  ///< A handle on the executor's database (ArangoClient::db makes one).

  /// Begins a stream transaction: TransactionDatabase. TransactionInitError.
  template <class Token = UseFuture>
  auto begin_transaction(const BeginTransactionOptions& options = {}, Token&& token = {}) const {
    return executor_.run(detail::then(detail::ops::begin_transaction(options),
                                      [executor = executor_](std::string id, const Response& r) {
                                        // The transaction lives on the coordinator that began it.
                                        return TransactionDatabase(
                                            TransactionApiExecutor(pinned(executor, r.host_index), std::move(id)));
                                      }),
                         std::forward<Token>(token), "begin_transaction");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// begin_transaction() with options left at the default: the token follows.
  template <detail::TokenSkipping<const BeginTransactionOptions&> Token>
  auto begin_transaction(Token&& token) const {
    return this->begin_transaction({}, std::forward<Token>(token));
  }
  //}
  /// A TransactionDatabase for a transaction begun elsewhere (no request; the id is not checked).
  TransactionDatabase fetch_transaction(std::string transaction_id) const {
    return TransactionDatabase(TransactionApiExecutor(executor_, std::move(transaction_id)));
  }

  /// An AsyncDatabase on the same connection (no request). With `return_result` false the
  /// server keeps no results and calls deliver std::nullopt.
  AsyncDatabase begin_async_execution(bool return_result = true) const {
    return AsyncDatabase(AsyncApiExecutor(executor_, return_result));
  }
  /// Ids of async jobs with `status` "pending" or "done", at most `count` of them:
  /// std::vector<std::string>. AsyncJobListError.
  template <class Token = UseFuture>
  auto async_jobs(const std::string& status, std::optional<std::int64_t> count = std::nullopt,
                  Token&& token = {}) const {
    return executor_.run(detail::ops::async_jobs(status, count), std::forward<Token>(token), "async_jobs");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// async_jobs() with count left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<std::int64_t>> Token>
  auto async_jobs(const std::string& status, Token&& token) const {
    return this->async_jobs(status, std::nullopt, std::forward<Token>(token));
  }
  //}
  /// Deletes the stored results of all jobs, or with `threshold` (Unix time in seconds) of the
  /// jobs finished before it: void. Queued and running jobs go on. AsyncJobClearError.
  template <class Token = UseFuture>
  auto clear_async_jobs(std::optional<double> threshold = std::nullopt, Token&& token = {}) const {
    return executor_.run(detail::ops::clear_async_jobs(threshold), std::forward<Token>(token), "clear_async_jobs");
  }
  //{ overloads without the trailing defaults (scripts/calling_forms.py writes them)
  /// clear_async_jobs() with threshold left at the default: the token follows.
  template <detail::TokenSkipping<std::optional<double>> Token>
  auto clear_async_jobs(Token&& token) const {
    return this->clear_async_jobs(std::nullopt, std::forward<Token>(token));
  }
  //}
};

}  // namespace v1
}  // namespace arango
