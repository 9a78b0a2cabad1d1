// Option structs (the seed's keyword arguments; field names are the seed's parameter names,
// std::optional meaning "not sent: server default") and typed results.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <arango/export.hpp>
#include <arango/json.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

/// A replication factor: a number, or "satellite".
using ReplicationFactor = std::variant<std::int64_t, std::string>;

/// A view (arangosearch or search-alias) as /_api/view describes it. `properties` is the
/// whole answer without the envelope's error and code: the summary keys (id, name, type,
/// globallyUniqueId) and, from view() / create_view() / replace_view() / update_view(), the
/// type's properties (links, consolidationPolicy, ... or indexes).
struct ViewInfo {
  std::string id{};                  ///< the view's id (a number as a string); empty when not sent
  std::string name{};                ///< the view's name; empty when not sent
  std::string type{};                ///< "arangosearch" or "search-alias"; empty when not sent
  std::string globally_unique_id{};  ///< globallyUniqueId; empty when not sent
  Json properties{};                 ///< the whole answer (see above); null when there was none
};

/// A user as the seed's UserInfo describes one. Sent by create_user / replace_user /
/// update_user (the password only when set); delivered by user() / users() (no password).
struct UserInfo {
  std::string user{};  ///< the user name (sent as "user"); required to create a user
  /// the password (sent as "passwd"); unset: not sent (empty password for a new user); never delivered
  std::optional<std::string> password{};
  bool active = true;  ///< whether the user can log in (sent as "active"; server default true)
  /// arbitrary JSON object stored with the user (sent as "extra"); unset: not sent
  std::optional<Json> extra{};
};

/// Options of delete_user.
struct DeleteUserOptions {
  /// Deliver false instead of failing when the user does not exist.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteUserOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = DeleteUserOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

/// Where update_permission / reset_permission apply, and how failures are reported.
struct PermissionOptions {
  /// A collection of the database (or "*"); not set: the database itself.
  std::optional<std::string> collection{};
  /// Deliver false instead of failing on any error.
  bool ignore_failure = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: PermissionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with collection set.
  template <class Self = PermissionOptions>
  [[nodiscard]] Self with_collection(std::string value) const { Self o = *this; o.collection = std::move(value); return o; }
  /// A copy with ignore_failure set.
  template <class Self = PermissionOptions>
  [[nodiscard]] Self with_ignore_failure(bool value = true) const { Self o = *this; o.ignore_failure = value; return o; }
  //}
};

/// An access token (ArangoDB 3.12.5; the seed's AccessToken). Use `token` as the password of
/// Basic authentication (with an empty or the owner's username) or to log in for a JWT.
struct AccessToken {
  std::int64_t id = 0;  ///< the token's numeric id, which delete_access_token takes
  std::string name{};  ///< the name given at creation
  std::int64_t valid_until = 0;  ///< expiry, Unix seconds
  std::int64_t created_at = 0;   ///< Unix seconds
  std::string fingerprint{};     ///< "v1..." and the end of the token
  bool active = false;           ///< not expired
  /// The token itself: only in the answer to create_access_token (the server shows it once).
  std::optional<std::string> token{};
  Json raw{};  ///< the whole object
};

/// Options of create_database (POST /_api/database); unset fields are not sent: the server's default.
struct CreateDatabaseOptions {
  /// Users to create with access to the new database (seed: list of UserInfo or dicts).
  std::vector<UserInfo> users{};
  /// replicationFactor of the database's new collections (cluster only; a number or "satellite"); server
  /// default 1
  std::optional<ReplicationFactor> replication_factor{};
  /// writeConcern of the database's new collections (cluster only): copies that must acknowledge a write;
  /// server default 1
  std::optional<std::int64_t> write_concern{};
  /// "" / "flexible" / "single" (cluster only).
  std::optional<std::string> sharding{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CreateDatabaseOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with users set.
  template <class Self = CreateDatabaseOptions>
  [[nodiscard]] Self with_users(std::vector<UserInfo> value) const { Self o = *this; o.users = std::move(value); return o; }
  /// A copy with replication_factor set.
  template <class Self = CreateDatabaseOptions>
  [[nodiscard]] Self with_replication_factor(ReplicationFactor value) const { Self o = *this; o.replication_factor = std::move(value); return o; }
  /// A copy with write_concern set.
  template <class Self = CreateDatabaseOptions>
  [[nodiscard]] Self with_write_concern(std::int64_t value) const { Self o = *this; o.write_concern = value; return o; }
  /// A copy with sharding set.
  template <class Self = CreateDatabaseOptions>
  [[nodiscard]] Self with_sharding(std::string value) const { Self o = *this; o.sharding = std::move(value); return o; }
  //}
};

/// Options of delete_database.
struct DeleteDatabaseOptions {
  /// Deliver false instead of failing when the database does not exist.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteDatabaseOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = DeleteDatabaseOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

/// Options of version() (GET /_api/version).
struct VersionOptions {
  /// Include the server's details object.
  bool details = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: VersionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with details set.
  template <class Self = VersionOptions>
  [[nodiscard]] Self with_details(bool value = true) const { Self o = *this; o.details = value; return o; }
  //}
};

/// GET /_api/database/current (the seed's DatabaseProperties).
struct DatabaseProperties {
  std::string name{};  ///< the database's name
  std::string id{};  ///< the database's id (a number as a string)
  std::optional<std::string> path{};  ///< gone in ArangoDB 4.0
  bool is_system = false;  ///< whether this is the _system database
  /// "" / "flexible" / "single" (cluster only); unset on a single server
  std::optional<std::string> sharding{};
  /// the default replicationFactor of its collections (cluster only)
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> write_concern{};  ///< the default writeConcern of its collections (cluster only)
  Json raw{};  ///< the whole "result" object
};

/// GET /_admin/status (the seed's ServerStatusInformation).
struct ServerStatusInformation {
  std::string server{};  ///< the server's name, "arango"
  std::string version{};  ///< the server's version ("3.12.4")
  std::int64_t pid = 0;  ///< the server's process id
  std::string license{};  ///< "community" or "enterprise"
  std::string mode{};  ///< "server" or "console" (the older name of operation_mode)
  std::string operation_mode{};  ///< operationMode: "server" or "console"
  bool foxx_api = false;  ///< whether Foxx services can be used
  /// a host identifier (the HOST or NODE_NAME environment variable, or a machine id)
  std::string host{};
  std::optional<std::string> hostname{};  ///< the server's full host name, when available
  Json server_info{};  ///< serverInfo: role, maintenance, writeOpsEnabled, ... (an object)
  /// coordinator: foxxmaster and isFoxxmaster (cluster coordinators only); null otherwise
  Json coordinator{};
  Json agency{};  ///< agency: the agency's endpoints (cluster only); null otherwise
  Json raw{};  ///< the whole body
};


// ---------------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------------

/// The seed's CollectionType.
enum class CollectionType { DOCUMENT = 2, EDGE = 3 };
/// "document" / "edge".
std::string_view to_string(CollectionType type) noexcept;
/// From "document"/"edge" (any case) or 2/3; throws std::invalid_argument otherwise.
CollectionType collection_type_from_string(std::string_view name);
/// From the numeric type, 2 (document) or 3 (edge); throws std::invalid_argument for any other value.
CollectionType collection_type_from_int(std::int64_t value);

/// The seed's CollectionStatus (deprecated by ArangoDB: gone in 4.0).
enum class CollectionStatus { NEW = 1, UNLOADED = 2, LOADED = 3, UNLOADING = 4, DELETED = 5, LOADING = 6 };
/// "new", "unloaded", "loaded", "unloading", "deleted" or "loading".
std::string_view to_string(CollectionStatus status) noexcept;
/// From the numeric status, 1 to 6; throws std::invalid_argument for any other value.
CollectionStatus collection_status_from_int(std::int64_t value);

/// Key generator settings (the seed's KeyOptions).
struct KeyOptions {
  /// whether documents may be inserted with their own _key (allowUserKeys; server default true)
  bool allow_user_keys = true;
  /// "traditional", "autoincrement", "uuid" or "padded".
  std::string generator_type = "traditional";
  std::optional<std::int64_t> increment{};  ///< autoincrement only
  std::optional<std::int64_t> offset{};     ///< autoincrement only
  std::optional<std::int64_t> last_value{};  ///< reported by the server, never sent
  /// Throws std::invalid_argument for an unknown type, or increment/offset with another type.
  void validate() const;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: KeyOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with allow_user_keys set.
  template <class Self = KeyOptions>
  [[nodiscard]] Self with_allow_user_keys(bool value = true) const { Self o = *this; o.allow_user_keys = value; return o; }
  /// A copy with generator_type set.
  template <class Self = KeyOptions>
  [[nodiscard]] Self with_generator_type(std::string value) const { Self o = *this; o.generator_type = std::move(value); return o; }
  /// A copy with increment set.
  template <class Self = KeyOptions>
  [[nodiscard]] Self with_increment(std::int64_t value) const { Self o = *this; o.increment = value; return o; }
  /// A copy with offset set.
  template <class Self = KeyOptions>
  [[nodiscard]] Self with_offset(std::int64_t value) const { Self o = *this; o.offset = value; return o; }
  /// A copy with last_value set.
  template <class Self = KeyOptions>
  [[nodiscard]] Self with_last_value(std::int64_t value) const { Self o = *this; o.last_value = value; return o; }
  //}
};

/// One collection as GET /_api/collection lists it (the seed's CollectionInfo).
struct CollectionInfo {
  std::string id{};  ///< the collection's id (a number as a string)
  std::string name{};  ///< the collection's name
  bool is_system = false;  ///< whether it is a system collection (name starting with "_")
  CollectionType type = CollectionType::DOCUMENT;  ///< document or edge collection
  /// the collection's status (gone in ArangoDB 4.0); unset when not reported
  std::optional<CollectionStatus> status{};
  std::string globally_unique_id{};  ///< globallyUniqueId: the collection's id across the cluster
  Json raw{};  ///< the whole listed object
};

/// GET /_api/collection/{name}/properties (the seed's CollectionProperties). Cluster-only fields
/// are empty on a single server.
struct CollectionProperties {
  std::string id{};  ///< the collection's id (a number as a string)
  std::string name{};  ///< the collection's name
  CollectionType type = CollectionType::DOCUMENT;  ///< document or edge collection
  bool is_system = false;  ///< whether it is a system collection (name starting with "_")
  bool wait_for_sync = false;  ///< waitForSync: whether each write is synced to disk before it is answered
  bool cache_enabled = false;  ///< cacheEnabled: whether the in-memory hash cache for documents is enabled
  std::optional<CollectionStatus> status{};       ///< gone in 4.0
  std::optional<std::string> status_string{};     ///< gone in 4.0
  /// writeConcern: copies of each shard that must acknowledge a write (cluster only)
  std::optional<std::int64_t> write_concern{};
  /// replicationFactor: copies of each shard, or "satellite" (cluster only)
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> number_of_shards{};  ///< numberOfShards (cluster only)
  /// shardKeys: the attributes that determine a document's shard (cluster only; default ["_key"])
  std::vector<std::string> shard_keys{};
  /// shardingStrategy: "hash", "enterprise-hash-smart-edge", ... (cluster only)
  std::optional<std::string> sharding_strategy{};
  /// distributeShardsLike: the collection whose sharding this one follows (cluster only)
  std::optional<std::string> distribute_shards_like{};
  std::optional<std::string> smart_join_attribute{};  ///< smartJoinAttribute (Enterprise Edition cluster only)
  /// smartGraphAttribute (Enterprise Edition cluster only)
  std::optional<std::string> smart_graph_attribute{};
  std::optional<KeyOptions> key_options{};  ///< keyOptions: the key generator's settings
  Json schema{};           ///< null when there is none
  Json computed_values{};  ///< null when there are none
  std::string globally_unique_id{};  ///< globallyUniqueId: the collection's id across the cluster
  /// objectId: the storage engine's id of the collection, when reported
  std::optional<std::string> object_id{};
  std::optional<bool> uses_revisions_as_document_ids{};  ///< usesRevisionsAsDocumentIds, when reported
  /// syncByRevision: whether replication compares revisions, when reported
  std::optional<bool> sync_by_revision{};
  std::optional<bool> is_smart_child{};  ///< isSmartChild (Enterprise Edition SmartGraphs), when reported
  std::optional<bool> supports_rbac{};  ///< supportsRBAC, when reported
  std::optional<std::int64_t> internal_validator_type{};  ///< internalValidatorType, when reported
  Json raw{};  ///< the whole body (without error/code)
};

/// GET /_api/collection/{name}/figures (the seed's CollectionStatistics).
struct CollectionStatistics {
  CollectionProperties properties{};  ///< the collection's properties, from the same answer
  std::int64_t count = 0;  ///< the number of documents in the collection
  /// figures: the storage engine's statistics (documentsSize, indexes.count, indexes.size, cacheSize, ...)
  Json figures{};
};

/// Database::create_collection options: the seed's parameters.
struct CreateCollectionOptions {
  /// type: DOCUMENT or EDGE; unset: not sent, the server creates a document collection
  std::optional<CollectionType> col_type{};
  /// writeConcern: copies of each shard that must acknowledge a write (cluster only); unset:
  /// the database's default
  std::optional<std::int64_t> write_concern{};
  /// waitForSync: sync each write to disk before answering it; unset: server default false
  std::optional<bool> wait_for_sync{};
  std::optional<std::int64_t> number_of_shards{};  ///< numberOfShards (cluster only); unset: server default 1
  /// replicationFactor: copies of each shard, or "satellite" (cluster only); unset: the database's default
  std::optional<ReplicationFactor> replication_factor{};
  /// cacheEnabled: keep an in-memory hash cache of documents; unset: server default false
  std::optional<bool> cache_enabled{};
  std::optional<Json> computed_values{};  ///< array of {name, expression, overwrite, ...}
  /// distributeShardsLike: shard like this existing collection (cluster only); unset: not sent
  std::optional<std::string> distribute_shards_like{};
  bool is_system = false;                 ///< always sent, as in the seed
  std::optional<KeyOptions> key_options{};  ///< validated before sending
  std::optional<Json> schema{};           ///< a non-empty object
  /// shardKeys: the attributes that determine a document's shard (cluster only); unset: ["_key"]
  std::optional<std::vector<std::string>> shard_keys{};
  /// shardingStrategy (cluster only): "community-compat", "hash", ...; unset: the server's default, "hash"
  std::optional<std::string> sharding_strategy{};
  /// smartGraphAttribute (Enterprise Edition cluster only); unset: not sent
  std::optional<std::string> smart_graph_attribute{};
  /// smartJoinAttribute (Enterprise Edition cluster only); unset: not sent
  std::optional<std::string> smart_join_attribute{};
  std::optional<bool> wait_for_sync_replication{};   ///< query parameter
  std::optional<bool> enforce_replication_factor{};  ///< query parameter
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CreateCollectionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with col_type set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_col_type(CollectionType value) const { Self o = *this; o.col_type = std::move(value); return o; }
  /// A copy with write_concern set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_write_concern(std::int64_t value) const { Self o = *this; o.write_concern = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with number_of_shards set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_number_of_shards(std::int64_t value) const { Self o = *this; o.number_of_shards = value; return o; }
  /// A copy with replication_factor set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_replication_factor(ReplicationFactor value) const { Self o = *this; o.replication_factor = std::move(value); return o; }
  /// A copy with cache_enabled set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_cache_enabled(bool value = true) const { Self o = *this; o.cache_enabled = value; return o; }
  /// A copy with computed_values set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_computed_values(Json value) const { Self o = *this; o.computed_values = std::move(value); return o; }
  /// A copy with distribute_shards_like set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_distribute_shards_like(std::string value) const { Self o = *this; o.distribute_shards_like = std::move(value); return o; }
  /// A copy with is_system set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_is_system(bool value = true) const { Self o = *this; o.is_system = value; return o; }
  /// A copy with key_options set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_key_options(KeyOptions value) const { Self o = *this; o.key_options = std::move(value); return o; }
  /// A copy with schema set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_schema(Json value) const { Self o = *this; o.schema = std::move(value); return o; }
  /// A copy with shard_keys set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_shard_keys(std::vector<std::string> value) const { Self o = *this; o.shard_keys = std::move(value); return o; }
  /// A copy with sharding_strategy set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_sharding_strategy(std::string value) const { Self o = *this; o.sharding_strategy = std::move(value); return o; }
  /// A copy with smart_graph_attribute set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_smart_graph_attribute(std::string value) const { Self o = *this; o.smart_graph_attribute = std::move(value); return o; }
  /// A copy with smart_join_attribute set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_smart_join_attribute(std::string value) const { Self o = *this; o.smart_join_attribute = std::move(value); return o; }
  /// A copy with wait_for_sync_replication set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_wait_for_sync_replication(bool value = true) const { Self o = *this; o.wait_for_sync_replication = value; return o; }
  /// A copy with enforce_replication_factor set.
  template <class Self = CreateCollectionOptions>
  [[nodiscard]] Self with_enforce_replication_factor(bool value = true) const { Self o = *this; o.enforce_replication_factor = value; return o; }
  //}
};

/// Options of delete_collection (DELETE /_api/collection/{name}).
struct DeleteCollectionOptions {
  /// Deliver false instead of failing when the collection does not exist.
  bool ignore_missing = false;
  /// Required (true) to drop a system collection.
  std::optional<bool> is_system{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteCollectionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = DeleteCollectionOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  /// A copy with is_system set.
  template <class Self = DeleteCollectionOptions>
  [[nodiscard]] Self with_is_system(bool value = true) const { Self o = *this; o.is_system = value; return o; }
  //}
};

/// Collection::configure: only the given attributes change.
struct ConfigureOptions {
  /// cacheEnabled: keep an in-memory hash cache of documents; unset: unchanged
  std::optional<bool> cache_enabled{};
  /// computedValues: array of {name, expression, overwrite, ...} replacing the current ones; unset: unchanged
  std::optional<Json> computed_values{};
  /// replicationFactor (cluster only); unset: unchanged
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<Json> schema{};  ///< a non-empty object (a schema cannot be removed this way)
  /// waitForSync: sync each write to disk before answering it; unset: unchanged
  std::optional<bool> wait_for_sync{};
  std::optional<std::int64_t> write_concern{};  ///< writeConcern (cluster only); unset: unchanged
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ConfigureOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with cache_enabled set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_cache_enabled(bool value = true) const { Self o = *this; o.cache_enabled = value; return o; }
  /// A copy with computed_values set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_computed_values(Json value) const { Self o = *this; o.computed_values = std::move(value); return o; }
  /// A copy with replication_factor set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_replication_factor(ReplicationFactor value) const { Self o = *this; o.replication_factor = std::move(value); return o; }
  /// A copy with schema set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_schema(Json value) const { Self o = *this; o.schema = std::move(value); return o; }
  /// A copy with wait_for_sync set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with write_concern set.
  template <class Self = ConfigureOptions>
  [[nodiscard]] Self with_write_concern(std::int64_t value) const { Self o = *this; o.write_concern = value; return o; }
  //}
};

/// Options of Collection::truncate (PUT /_api/collection/{name}/truncate).
struct TruncateOptions {
  /// waitForSync: sync the truncation to disk before answering; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// compact: compact the collection's data after truncating; unset: server default true
  std::optional<bool> compact{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: TruncateOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = TruncateOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with compact set.
  template <class Self = TruncateOptions>
  [[nodiscard]] Self with_compact(bool value = true) const { Self o = *this; o.compact = value; return o; }
  //}
};

/// Options of Collection::checksum (GET /_api/collection/{name}/checksum).
struct ChecksumOptions {
  /// withRevisions: include the documents' revision ids in the checksum; unset: server default false
  std::optional<bool> with_rev{};
  /// withData: include the documents' data (not only keys) in the checksum; unset: server default false
  std::optional<bool> with_data{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ChecksumOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with with_rev set.
  template <class Self = ChecksumOptions>
  [[nodiscard]] Self with_with_rev(bool value = true) const { Self o = *this; o.with_rev = value; return o; }
  /// A copy with with_data set.
  template <class Self = ChecksumOptions>
  [[nodiscard]] Self with_with_data(bool value = true) const { Self o = *this; o.with_data = value; return o; }
  //}
};

/// Options of Collection::shards (GET /_api/collection/{name}/shards; cluster only).
struct ShardsOptions {
  /// details: deliver each shard with its responsible servers instead of the shard ids only; unset: false
  std::optional<bool> details{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ShardsOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with details set.
  template <class Self = ShardsOptions>
  [[nodiscard]] Self with_details(bool value = true) const { Self o = *this; o.details = value; return o; }
  //}
};

// ---------------------------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------------------------

/// The params of a vector index (Faiss IVF), sent by add_index (IndexOptions::vector_params) and
/// delivered in IndexProperties::vector_params.
struct VectorIndexParams {
  /// metric: "cosine", "l2" or "innerProduct" (3.12.6+); required, no default (empty: not sent).
  std::string metric{};
  /// dimension: the length of every indexed vector, at least 1; required (0: not sent).
  std::int64_t dimension = 0;
  /// nLists: the number of centroids, at least 1. Unset: not sent (required up to 3.12.9;
  /// from 3.12.10 the server then scales it with the document count), and unset when
  /// delivered if the server reports a scaling specification (see IndexProperties::params).
  std::optional<std::int64_t> n_lists{};
  /// defaultNProbe: centroids a search looks at, at least 1. Unset: the server's default, 1.
  std::optional<std::int64_t> default_n_probe{};
  /// trainingIterations: Faiss training iterations. Unset: the server's default, 25.
  std::optional<std::int64_t> training_iterations{};
  /// factory: a Faiss index factory string whose base is IVF ("IVF100,SQ4"; 3.12.10+ also
  /// "IVF{},Flat"). Unset: not sent, the server uses "IVF<nLists>,Flat".
  std::optional<std::string> factory{};
};

/// One field of an inverted index: a name, with its own options where they differ from the index's.
struct InvertedIndexField {
  /// The attribute path ("a.b"); required.
  std::string name{};
  /// The analyzer of this field. Unset: the index's analyzer.
  std::optional<std::string> analyzer{};
  /// "frequency", "norm", "position", "offset". Unset: the index's features (the analyzer's).
  std::optional<std::vector<std::string>> features{};
  /// Index every sub-attribute of an object value. Unset: the index's setting (default false).
  std::optional<bool> include_all_fields{};
  /// Allow searching the field's sub-attributes. Unset: the index's setting (default false).
  std::optional<bool> search_field{};
  /// Keep array positions in the attribute paths. Unset: the index's setting (default false).
  std::optional<bool> track_list_positions{};
  /// Enterprise Edition: keep the field's normalization values in memory. Unset: the index's
  /// setting (default false).
  std::optional<bool> cache{};
  /// Enterprise Edition: the fields of nested objects (an array like `fields`). Unset: none.
  std::optional<Json> nested{};
};

/// primarySort of an inverted index.
struct IndexPrimarySort {
  /// One sort attribute.
  struct Field {
    std::string field{};    ///< the attribute path; required
    bool ascending = true;  ///< sent as "direction": "asc" (default) or "desc"
  };
  /// The attributes the index keeps its documents sorted by, in order; default none.
  std::vector<Field> fields{};
  /// "lz4" or "none". Unset: the server's default, "lz4".
  std::optional<std::string> compression{};
  /// Enterprise Edition: keep the primary sort columns in memory. Unset: the server's default,
  /// false.
  std::optional<bool> cache{};
};

/// An index as the server describes it (the seed's IndexProperties).
struct IndexProperties {
  std::string id{};             ///< "collection/number"
  std::int64_t numeric_id = 0;  ///< the number after '/'
  /// "persistent", "hash", "skiplist", "ttl", "geo", "fulltext", "inverted", "mdi", "vector", "primary",
  /// "edge", ...
  std::string type{};
  std::string name{};  ///< the index's name (unique within the collection)
  Json fields{};  ///< usually an array of attribute paths; objects for inverted indexes
  bool unique = false;  ///< whether the index allows no two documents with the same values
  bool sparse = false;  ///< whether documents lacking an indexed attribute (or holding null) are left out
  /// deduplicate (array indexes): whether an array's equal values are indexed once
  std::optional<bool> deduplicate{};
  std::optional<bool> estimates{};  ///< estimates: whether selectivity estimates are maintained
  std::optional<bool> cache_enabled{};  ///< cacheEnabled: whether the index has an in-memory cache
  std::optional<double> selectivity_estimate{};  ///< selectivityEstimate: the ratio of distinct values, 0 to 1
  std::optional<bool> is_newly_created{};  ///< add_index only
  std::optional<std::int64_t> expire_after{};  ///< ttl
  std::optional<bool> geo_json{};              ///< geo
  std::optional<bool> legacy_polygons{};       ///< geo
  /// inBackground: whether the index was built without locking the collection
  std::optional<bool> in_background{};
  /// storedValues (inverted, persistent, vector indexes): what the server reports; null when
  /// the index has none.
  Json stored_values{};
  /// params of a vector index as the server reports them (nLists a number or, 3.12.10+, a
  /// scaling specification object); null for other indexes.
  Json params{};
  // geo
  std::optional<std::int64_t> best_indexed_level{};  ///< bestIndexedLevel (geo): the finest S2 cell level used
  /// worstIndexedLevel (geo): the coarsest S2 cell level used
  std::optional<std::int64_t> worst_indexed_level{};
  /// maxNumCoverCells (geo): the most S2 cells covering a shape
  std::optional<std::int64_t> max_num_cover_cells{};
  // fulltext
  std::optional<std::int64_t> min_length{};  ///< minLength (fulltext): the shortest word indexed
  // mdi, mdi-prefixed
  /// fieldValueTypes of an mdi / mdi-prefixed index ("double"); unset for other indexes.
  std::optional<std::string> field_value_types{};
  /// prefixFields of an mdi-prefixed index; unset for other indexes.
  std::optional<std::vector<std::string>> prefix_fields{};
  // inverted: each unset for other indexes (the server reports every one with its default)
  /// The index's default analyzer (server default "identity").
  std::optional<std::string> analyzer{};
  /// The analyzer features (server default: the analyzer's, "frequency", "norm" for identity).
  std::optional<std::vector<std::string>> features{};
  /// includeAllFields (server default false).
  std::optional<bool> include_all_fields{};
  /// trackListPositions (server default false).
  std::optional<bool> track_list_positions{};
  /// searchField (server default false).
  std::optional<bool> search_field{};
  /// primarySort as reported: {"fields": [{"field", "asc"}], "compression"}; null for other indexes.
  Json primary_sort{};
  /// optimizeTopK: the scoring expressions optimized for (server default none).
  std::optional<std::vector<std::string>> optimize_top_k{};
  /// cleanupIntervalStep: commits between cleanups (server default 2).
  std::optional<std::int64_t> cleanup_interval_step{};
  /// commitIntervalMsec: milliseconds between commits (server default 1000).
  std::optional<std::int64_t> commit_interval_msec{};
  /// consolidationIntervalMsec: milliseconds between consolidations (server default 5000).
  std::optional<std::int64_t> consolidation_interval_msec{};
  /// consolidationPolicy as reported ({"type": "tier", ...}); null for other indexes.
  Json consolidation_policy{};
  /// writebufferActive: concurrent writers (server default 0, no limit).
  std::optional<std::int64_t> writebuffer_active{};
  /// writebufferIdle: idle writers kept (server default 64).
  std::optional<std::int64_t> writebuffer_idle{};
  /// writebufferSizeMax: bytes per writer before a flush (server default 33554432).
  std::optional<std::int64_t> writebuffer_size_max{};
  /// Enterprise Edition: cache (server default false).
  std::optional<bool> cache{};
  /// Enterprise Edition: primaryKeyCache (server default false).
  std::optional<bool> primary_key_cache{};
  /// parallelism: threads used to build the index (server default 2); unset when not reported.
  std::optional<std::int64_t> parallelism{};
  /// The inverted index format version (1 in 3.12); unset for other indexes.
  std::optional<std::int64_t> version{};
  // vector
  /// params of a vector index, typed; unset for other indexes.
  std::optional<VectorIndexParams> vector_params{};
  /// 3.12.9+ vector indexes: "unusable", "training", "ingesting" or "ready"; unset otherwise.
  std::optional<std::string> training_state{};
  /// 3.12.9+ vector indexes: why the index is not trained; unset when it is (or not sent).
  std::optional<std::string> error_message{};
  /// 3.12.10+ vector indexes: the centroids the index was trained with; unset before training.
  std::optional<std::int64_t> resolved_n_lists{};
  /// Every field the server sent (an object).
  Json raw{};
};

/// Options of Collection::indexes (GET /_api/index).
struct IndexListOptions {
  /// withStats: include each index's figures (memory, cache usage); unset: server default false
  std::optional<bool> with_stats{};
  /// withHidden: include indexes still being built and internal ones; unset: server default false
  std::optional<bool> with_hidden{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: IndexListOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with with_stats set.
  template <class Self = IndexListOptions>
  [[nodiscard]] Self with_with_stats(bool value = true) const { Self o = *this; o.with_stats = value; return o; }
  /// A copy with with_hidden set.
  template <class Self = IndexListOptions>
  [[nodiscard]] Self with_with_hidden(bool value = true) const { Self o = *this; o.with_hidden = value; return o; }
  //}
};

/// Collection::add_index options. The typed fields are the common ones; `extra` (an object) is
/// merged last and may carry any other server option (camelCase, as the server spells it).
struct IndexOptions {
  /// name: the index's name, unique within the collection; unset: the server names it ("idx_...")
  std::optional<std::string> name{};
  /// unique: no two documents may have the same indexed values (persistent, hash, skiplist); unset: false
  std::optional<bool> unique{};
  /// sparse: leave out documents lacking an indexed attribute or holding null; unset: false
  std::optional<bool> sparse{};
  /// deduplicate: index an array's equal values once (array indexes); unset: server default true
  std::optional<bool> deduplicate{};
  /// estimates: maintain selectivity estimates (persistent); unset: server default true
  std::optional<bool> estimates{};
  /// cacheEnabled: give the index an in-memory cache (persistent); unset: false
  std::optional<bool> cache_enabled{};
  /// inBackground: build the index without locking the collection for writes; unset: false
  std::optional<bool> in_background{};
  std::optional<std::int64_t> expire_after{};  ///< ttl: seconds
  /// geoJson (geo, one field): read the field as GeoJSON [longitude, latitude] instead of [latitude,
  /// longitude]; unset: false
  std::optional<bool> geo_json{};
  /// legacyPolygons (geo): the pre-3.10 polygon semantics; unset: the server's default for new indexes, false
  std::optional<bool> legacy_polygons{};
  /// storedValues (inverted, persistent, vector): attributes kept in the index. Unset: none.
  std::optional<Json> stored_values{};
  /// vector: the params object sent as given ({metric, dimension, nLists, ...}). Unset: not
  /// sent (a vector index then needs vector_params).
  std::optional<Json> params{};
  /// vector: params, typed (set this or params). Unset: not sent.
  std::optional<VectorIndexParams> vector_params{};
  /// inverted, vector: threads used to build the index. Unset: the server's default, 2.
  std::optional<std::int64_t> parallelism{};
  /// fulltext: the minimum word length. Unset: the server's default, 2.
  std::optional<std::int64_t> min_length{};
  /// mdi, mdi-prefixed: the value type of the fields, "double" (required for them). Unset: not sent.
  std::optional<std::string> field_value_types{};
  /// mdi-prefixed: the attributes of the prefix (required for it). Unset: not sent.
  std::optional<std::vector<std::string>> prefix_fields{};
  // inverted: each unset means not sent, so the server's default applies
  /// The default analyzer of the fields (server default "identity").
  std::optional<std::string> analyzer{};
  /// Analyzer features (server default: the analyzer's).
  std::optional<std::vector<std::string>> features{};
  /// includeAllFields: index every attribute (server default false).
  std::optional<bool> include_all_fields{};
  /// trackListPositions (server default false).
  std::optional<bool> track_list_positions{};
  /// searchField: allow searching sub-attributes (server default false).
  std::optional<bool> search_field{};
  /// primarySort (server default: none, compression "lz4").
  std::optional<IndexPrimarySort> primary_sort{};
  /// optimizeTopK: scoring expressions to optimize for (server default none).
  std::optional<std::vector<std::string>> optimize_top_k{};
  /// cleanupIntervalStep: commits between cleanups (server default 2).
  std::optional<std::int64_t> cleanup_interval_step{};
  /// commitIntervalMsec: milliseconds between commits (server default 1000).
  std::optional<std::int64_t> commit_interval_msec{};
  /// consolidationIntervalMsec: milliseconds between consolidations (server default 5000).
  std::optional<std::int64_t> consolidation_interval_msec{};
  /// consolidationPolicy, {"type": "tier", ...} (server default: the tier policy's defaults).
  std::optional<Json> consolidation_policy{};
  /// writebufferIdle: idle writers kept (server default 64).
  std::optional<std::int64_t> writebuffer_idle{};
  /// writebufferActive: concurrent writers, 0 for no limit (server default 0).
  std::optional<std::int64_t> writebuffer_active{};
  /// writebufferSizeMax: bytes per writer before a flush (server default 33554432).
  std::optional<std::int64_t> writebuffer_size_max{};
  /// Enterprise Edition: keep field normalization values in memory (server default false).
  std::optional<bool> cache{};
  /// Enterprise Edition: keep the primary key column in memory (server default false).
  std::optional<bool> primary_key_cache{};
  /// Merged into the definition last (an object): any other server option. Unset: nothing.
  std::optional<Json> extra{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: IndexOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with name set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_name(std::string value) const { Self o = *this; o.name = std::move(value); return o; }
  /// A copy with unique set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_unique(bool value = true) const { Self o = *this; o.unique = value; return o; }
  /// A copy with sparse set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_sparse(bool value = true) const { Self o = *this; o.sparse = value; return o; }
  /// A copy with deduplicate set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_deduplicate(bool value = true) const { Self o = *this; o.deduplicate = value; return o; }
  /// A copy with estimates set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_estimates(bool value = true) const { Self o = *this; o.estimates = value; return o; }
  /// A copy with cache_enabled set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_cache_enabled(bool value = true) const { Self o = *this; o.cache_enabled = value; return o; }
  /// A copy with in_background set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_in_background(bool value = true) const { Self o = *this; o.in_background = value; return o; }
  /// A copy with expire_after set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_expire_after(std::int64_t value) const { Self o = *this; o.expire_after = value; return o; }
  /// A copy with geo_json set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_geo_json(bool value = true) const { Self o = *this; o.geo_json = value; return o; }
  /// A copy with legacy_polygons set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_legacy_polygons(bool value = true) const { Self o = *this; o.legacy_polygons = value; return o; }
  /// A copy with stored_values set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_stored_values(Json value) const { Self o = *this; o.stored_values = std::move(value); return o; }
  /// A copy with params set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_params(Json value) const { Self o = *this; o.params = std::move(value); return o; }
  /// A copy with vector_params set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_vector_params(VectorIndexParams value) const { Self o = *this; o.vector_params = std::move(value); return o; }
  /// A copy with parallelism set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_parallelism(std::int64_t value) const { Self o = *this; o.parallelism = value; return o; }
  /// A copy with min_length set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_min_length(std::int64_t value) const { Self o = *this; o.min_length = value; return o; }
  /// A copy with field_value_types set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_field_value_types(std::string value) const { Self o = *this; o.field_value_types = std::move(value); return o; }
  /// A copy with prefix_fields set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_prefix_fields(std::vector<std::string> value) const { Self o = *this; o.prefix_fields = std::move(value); return o; }
  /// A copy with analyzer set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_analyzer(std::string value) const { Self o = *this; o.analyzer = std::move(value); return o; }
  /// A copy with features set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_features(std::vector<std::string> value) const { Self o = *this; o.features = std::move(value); return o; }
  /// A copy with include_all_fields set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_include_all_fields(bool value = true) const { Self o = *this; o.include_all_fields = value; return o; }
  /// A copy with track_list_positions set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_track_list_positions(bool value = true) const { Self o = *this; o.track_list_positions = value; return o; }
  /// A copy with search_field set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_search_field(bool value = true) const { Self o = *this; o.search_field = value; return o; }
  /// A copy with primary_sort set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_primary_sort(IndexPrimarySort value) const { Self o = *this; o.primary_sort = std::move(value); return o; }
  /// A copy with optimize_top_k set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_optimize_top_k(std::vector<std::string> value) const { Self o = *this; o.optimize_top_k = std::move(value); return o; }
  /// A copy with cleanup_interval_step set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_cleanup_interval_step(std::int64_t value) const { Self o = *this; o.cleanup_interval_step = value; return o; }
  /// A copy with commit_interval_msec set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_commit_interval_msec(std::int64_t value) const { Self o = *this; o.commit_interval_msec = value; return o; }
  /// A copy with consolidation_interval_msec set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_consolidation_interval_msec(std::int64_t value) const { Self o = *this; o.consolidation_interval_msec = value; return o; }
  /// A copy with consolidation_policy set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_consolidation_policy(Json value) const { Self o = *this; o.consolidation_policy = std::move(value); return o; }
  /// A copy with writebuffer_idle set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_writebuffer_idle(std::int64_t value) const { Self o = *this; o.writebuffer_idle = value; return o; }
  /// A copy with writebuffer_active set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_writebuffer_active(std::int64_t value) const { Self o = *this; o.writebuffer_active = value; return o; }
  /// A copy with writebuffer_size_max set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_writebuffer_size_max(std::int64_t value) const { Self o = *this; o.writebuffer_size_max = value; return o; }
  /// A copy with cache set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_cache(bool value = true) const { Self o = *this; o.cache = value; return o; }
  /// A copy with primary_key_cache set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_primary_key_cache(bool value = true) const { Self o = *this; o.primary_key_cache = value; return o; }
  /// A copy with extra set.
  template <class Self = IndexOptions>
  [[nodiscard]] Self with_extra(Json value) const { Self o = *this; o.extra = std::move(value); return o; }
  //}
};

/// Options of Collection::delete_index.
struct DeleteIndexOptions {
  /// Deliver false instead of failing when the index does not exist.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteIndexOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = DeleteIndexOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/// StandardCollection::get, Collection::has.
struct GetOptions {
  /// x-arango-allow-dirty-read: a cluster may answer from a follower, possibly stale; unset/false: not sent
  bool allow_dirty_read = false;
  std::optional<std::string> if_match{};       ///< fail with DocumentRevisionError unless _rev equals it
  std::optional<std::string> if_none_match{};  ///< fail with DocumentGetError (304) when _rev equals it
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GetOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with allow_dirty_read set.
  template <class Self = GetOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  /// A copy with if_match set.
  template <class Self = GetOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  /// A copy with if_none_match set.
  template <class Self = GetOptions>
  [[nodiscard]] Self with_if_none_match(std::string value) const { Self o = *this; o.if_none_match = std::move(value); return o; }
  //}
};
/// Options of Collection::has: the same as get's.
using HasOptions = GetOptions;

/// Options of get_many (PUT /_api/document/{collection}?onlyget=true).
struct GetManyOptions {
  /// x-arango-allow-dirty-read: a cluster may answer from a follower, possibly stale; unset/false: not sent
  std::optional<bool> allow_dirty_read{};
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// Documents per request (0: all in one). A longer list is read in several requests, one
  /// after another, joined in order, so that no answer nears the response size limit
  /// (HttpClientOptions::max_response_size). Not in the seed, which sends one request; as an
  /// async job (AsyncDatabase) get_many is always one request.
  std::size_t batch_size = 1000;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GetManyOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with allow_dirty_read set.
  template <class Self = GetManyOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  /// A copy with ignore_revs set.
  template <class Self = GetManyOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with batch_size set.
  template <class Self = GetManyOptions>
  [[nodiscard]] Self with_batch_size(std::size_t value) const { Self o = *this; o.batch_size = value; return o; }
  //}
};

/// What an insert does when a document with its _key exists (the seed's overwrite_mode; sent as
/// overwriteMode=ignore|replace|update|conflict).
enum class OverwriteMode {
  ignore,   ///< keep the stored document, report success
  replace,  ///< replace the stored document
  update,   ///< merge into the stored document (keep_null, merge_objects apply)
  conflict  ///< fail with a unique constraint violation (1210), the default without overwrite
};

/// insert and insert_many.
struct InsertOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnNew: deliver the document as stored after the write (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// overwrite: replace a document with the same _key instead of failing (as overwrite_mode replace); unset:
  /// false
  std::optional<bool> overwrite{};
  /// overwriteMode: what happens to a document with the same _key (see OverwriteMode); unset: not sent
  std::optional<OverwriteMode> overwrite_mode{};
  /// keepNull: false removes the attributes the patch sets to null instead of storing null; unset: true
  std::optional<bool> keep_null{};
  /// mergeObjects: false replaces object values instead of merging them with the stored ones; unset: true
  std::optional<bool> merge_objects{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// versionAttribute: write only if this attribute of the new document is greater than the stored one's
  /// (external versioning); unset: not sent
  std::optional<std::string> version_attribute{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: InsertOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_new set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with overwrite set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_overwrite(bool value = true) const { Self o = *this; o.overwrite = value; return o; }
  /// A copy with overwrite_mode set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_overwrite_mode(OverwriteMode value) const { Self o = *this; o.overwrite_mode = std::move(value); return o; }
  /// A copy with keep_null set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_keep_null(bool value = true) const { Self o = *this; o.keep_null = value; return o; }
  /// A copy with merge_objects set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_merge_objects(bool value = true) const { Self o = *this; o.merge_objects = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with version_attribute set.
  template <class Self = InsertOptions>
  [[nodiscard]] Self with_version_attribute(std::string value) const { Self o = *this; o.version_attribute = std::move(value); return o; }
  //}
};

/// Options of update_many (PATCH /_api/document/{collection}).
struct UpdateManyOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// returnNew: deliver the document as stored after the write (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// keepNull: false removes the attributes the patch sets to null instead of storing null; unset: true
  std::optional<bool> keep_null{};
  /// mergeObjects: false replaces object values instead of merging them with the stored ones; unset: true
  std::optional<bool> merge_objects{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// versionAttribute: write only if this attribute of the new document is greater than the stored one's
  /// (external versioning); unset: not sent
  std::optional<std::string> version_attribute{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: UpdateManyOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with ignore_revs set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with return_new set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with keep_null set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_keep_null(bool value = true) const { Self o = *this; o.keep_null = value; return o; }
  /// A copy with merge_objects set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_merge_objects(bool value = true) const { Self o = *this; o.merge_objects = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with version_attribute set.
  template <class Self = UpdateManyOptions>
  [[nodiscard]] Self with_version_attribute(std::string value) const { Self o = *this; o.version_attribute = std::move(value); return o; }
  //}
};

/// Options of update (PATCH /_api/document/{id}).
struct UpdateOptions {
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnNew: deliver the document as stored after the write (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// keepNull: false removes the attributes the patch sets to null instead of storing null; unset: true
  std::optional<bool> keep_null{};
  /// mergeObjects: false replaces object values instead of merging them with the stored ones; unset: true
  std::optional<bool> merge_objects{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// versionAttribute: write only if this attribute of the new document is greater than the stored one's
  /// (external versioning); unset: not sent
  std::optional<std::string> version_attribute{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: UpdateOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_revs set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_new set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with keep_null set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_keep_null(bool value = true) const { Self o = *this; o.keep_null = value; return o; }
  /// A copy with merge_objects set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_merge_objects(bool value = true) const { Self o = *this; o.merge_objects = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with version_attribute set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_version_attribute(std::string value) const { Self o = *this; o.version_attribute = std::move(value); return o; }
  /// A copy with if_match set.
  template <class Self = UpdateOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  //}
};

/// Options of replace_many (PUT /_api/document/{collection}).
struct ReplaceManyOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// returnNew: deliver the document as stored after the write (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// versionAttribute: write only if this attribute of the new document is greater than the stored one's
  /// (external versioning); unset: not sent
  std::optional<std::string> version_attribute{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ReplaceManyOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with ignore_revs set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with return_new set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with version_attribute set.
  template <class Self = ReplaceManyOptions>
  [[nodiscard]] Self with_version_attribute(std::string value) const { Self o = *this; o.version_attribute = std::move(value); return o; }
  //}
};

/// Options of replace (PUT /_api/document/{id}).
struct ReplaceOptions {
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnNew: deliver the document as stored after the write (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// versionAttribute: write only if this attribute of the new document is greater than the stored one's
  /// (external versioning); unset: not sent
  std::optional<std::string> version_attribute{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ReplaceOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_revs set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_new set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with version_attribute set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_version_attribute(std::string value) const { Self o = *this; o.version_attribute = std::move(value); return o; }
  /// A copy with if_match set.
  template <class Self = ReplaceOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  //}
};

/// Options of delete_many (DELETE /_api/document/{collection}).
struct DeleteManyOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteManyOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = DeleteManyOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with ignore_revs set.
  template <class Self = DeleteManyOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with return_old set.
  template <class Self = DeleteManyOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = DeleteManyOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = DeleteManyOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  //}
};

/// Options of delete (DELETE /_api/document/{id}).
struct DeleteOptions {
  /// ignoreRevs: false makes a _rev in the body a precondition (conflict 1200 when it differs); unset: true,
  /// _rev is ignored
  std::optional<bool> ignore_revs{};
  /// Deliver nullopt instead of failing when the document does not exist.
  bool ignore_missing = false;
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnOld: deliver the document as it was before the write (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// silent: the server answers without the documents' metadata, so every field delivered is empty; unset:
  /// false
  std::optional<bool> silent{};
  /// refillIndexCaches: update the in-memory index caches for the written documents; unset: the server's
  /// setting
  std::optional<bool> refill_index_caches{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_revs set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_ignore_revs(bool value = true) const { Self o = *this; o.ignore_revs = value; return o; }
  /// A copy with ignore_missing set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_old set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with silent set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_silent(bool value = true) const { Self o = *this; o.silent = value; return o; }
  /// A copy with refill_index_caches set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_refill_index_caches(bool value = true) const { Self o = *this; o.refill_index_caches = value; return o; }
  /// A copy with if_match set.
  template <class Self = DeleteOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  //}
};

/// Collection::import_bulk. `complete` and `details` default to true and are always sent, as in
/// the seed.
struct ImportOptions {
  /// "documents" (JSON lines), "array"/"list" (one JSON array), "auto", or unset: the header-line
  /// format (first line an array of attribute names, then one array of values per line).
  std::optional<std::string> doc_type{};
  /// complete: fail the whole import (nothing stored) on the first error instead of skipping the bad document
  bool complete = true;
  bool details = true;  ///< details: deliver a message per failed document in ImportResult::details
  /// fromPrefix: prefixed to _from values that lack a collection ("students" makes "x" "students/x"); unset:
  /// none
  std::optional<std::string> from_prefix{};
  /// toPrefix: prefixed to _to values that lack a collection; unset: none
  std::optional<std::string> to_prefix{};
  /// overwrite: truncate the collection before importing (the old documents are lost); unset: false
  std::optional<bool> overwrite{};
  /// overwriteCollectionPrefix: apply from_prefix / to_prefix even to values that already have a collection;
  /// unset: false
  std::optional<bool> overwrite_collection_prefix{};
  /// "error", "update", "replace" or "ignore".
  std::optional<std::string> on_duplicate{};
  /// waitForSync: answer only once the import is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// ignoreMissing (header-line format): leave out attributes a line has no value for; unset: false
  std::optional<bool> ignore_missing{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ImportOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with doc_type set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_doc_type(std::string value) const { Self o = *this; o.doc_type = std::move(value); return o; }
  /// A copy with complete set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_complete(bool value = true) const { Self o = *this; o.complete = value; return o; }
  /// A copy with details set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_details(bool value = true) const { Self o = *this; o.details = value; return o; }
  /// A copy with from_prefix set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_from_prefix(std::string value) const { Self o = *this; o.from_prefix = std::move(value); return o; }
  /// A copy with to_prefix set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_to_prefix(std::string value) const { Self o = *this; o.to_prefix = std::move(value); return o; }
  /// A copy with overwrite set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_overwrite(bool value = true) const { Self o = *this; o.overwrite = value; return o; }
  /// A copy with overwrite_collection_prefix set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_overwrite_collection_prefix(bool value = true) const { Self o = *this; o.overwrite_collection_prefix = value; return o; }
  /// A copy with on_duplicate set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_on_duplicate(std::string value) const { Self o = *this; o.on_duplicate = std::move(value); return o; }
  /// A copy with wait_for_sync set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with ignore_missing set.
  template <class Self = ImportOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

// ---------------------------------------------------------------------------------------------
// Graphs, vertices and edges
// ---------------------------------------------------------------------------------------------

/// One edge definition of a graph.
struct EdgeDefinition {
  std::string edge_collection{};  ///< the edge collection (a name)
  std::vector<std::string> from_vertex_collections{};  ///< collections the edges' _from may point into
  std::vector<std::string> to_vertex_collections{};  ///< collections the edges' _to may point into
  /// Equal when collection, from and to lists are equal (in order).
  friend bool operator==(const EdgeDefinition&, const EdgeDefinition&) = default;
};

/// The seed's GraphProperties.
struct GraphProperties {
  std::string name{};  ///< the graph's name
  bool is_smart = false;  ///< isSmart: a SmartGraph (Enterprise Edition)
  bool is_satellite = false;  ///< isSatellite: a SatelliteGraph (Enterprise Edition)
  bool is_disjoint = false;  ///< isDisjoint: a disjoint SmartGraph (Enterprise Edition)
  /// numberOfShards of the graph's collections (cluster only)
  std::optional<std::int64_t> number_of_shards{};
  /// replicationFactor of the graph's collections (cluster only)
  std::optional<ReplicationFactor> replication_factor{};
  /// minReplicationFactor (the older name of write_concern; cluster only)
  std::optional<std::int64_t> min_replication_factor{};
  std::optional<std::int64_t> write_concern{};  ///< writeConcern of the graph's collections (cluster only)
  /// The attribute that shards a SmartGraph's vertices (Enterprise Edition); unset otherwise.
  std::optional<std::string> smart_graph_attribute{};
  std::vector<EdgeDefinition> edge_definitions{};  ///< the graph's edge definitions
  /// orphanCollections: vertex collections no edge definition uses
  std::vector<std::string> orphan_collections{};
  Json raw{};  ///< the whole graph object
};

/// The seed's GraphOptions (cluster settings of a new graph).
struct GraphOptions {
  /// numberOfShards of each new collection (cluster only); unset: server default 1
  std::optional<std::int64_t> number_of_shards{};
  /// replicationFactor of each new collection, or "satellite" (cluster only); unset: server default 1
  std::optional<ReplicationFactor> replication_factor{};
  /// satellites: vertex collections to create as SatelliteCollections (Enterprise Edition SmartGraphs);
  /// unset: none
  std::optional<std::vector<std::string>> satellites{};
  /// smartGraphAttribute: the vertex attribute that shards a SmartGraph (Enterprise Edition; required for
  /// one)
  std::optional<std::string> smart_graph_attribute{};
  /// writeConcern of each new collection (cluster only); unset: server default 1
  std::optional<std::int64_t> write_concern{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GraphOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with number_of_shards set.
  template <class Self = GraphOptions>
  [[nodiscard]] Self with_number_of_shards(std::int64_t value) const { Self o = *this; o.number_of_shards = value; return o; }
  /// A copy with replication_factor set.
  template <class Self = GraphOptions>
  [[nodiscard]] Self with_replication_factor(ReplicationFactor value) const { Self o = *this; o.replication_factor = std::move(value); return o; }
  /// A copy with satellites set.
  template <class Self = GraphOptions>
  [[nodiscard]] Self with_satellites(std::vector<std::string> value) const { Self o = *this; o.satellites = std::move(value); return o; }
  /// A copy with smart_graph_attribute set.
  template <class Self = GraphOptions>
  [[nodiscard]] Self with_smart_graph_attribute(std::string value) const { Self o = *this; o.smart_graph_attribute = std::move(value); return o; }
  /// A copy with write_concern set.
  template <class Self = GraphOptions>
  [[nodiscard]] Self with_write_concern(std::int64_t value) const { Self o = *this; o.write_concern = value; return o; }
  //}
};

/// Options of create_graph (POST /_api/gharial).
struct CreateGraphOptions {
  /// edgeDefinitions: the edge collections and the vertex collections they connect (created when missing)
  std::vector<EdgeDefinition> edge_definitions{};
  std::optional<bool> is_disjoint{};  ///< isDisjoint: a disjoint SmartGraph (Enterprise Edition); unset: false
  std::optional<bool> is_smart{};  ///< isSmart: a SmartGraph (Enterprise Edition); unset: false
  /// options: the cluster settings of the graph's new collections; unset: server defaults
  std::optional<GraphOptions> options{};
  /// orphanCollections: vertex collections without edges (created when missing)
  std::vector<std::string> orphan_collections{};
  /// waitForSync: answer only once the graph is synced to disk; unset: false
  std::optional<bool> wait_for_sync{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: CreateGraphOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with edge_definitions set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_edge_definitions(std::vector<EdgeDefinition> value) const { Self o = *this; o.edge_definitions = std::move(value); return o; }
  /// A copy with is_disjoint set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_is_disjoint(bool value = true) const { Self o = *this; o.is_disjoint = value; return o; }
  /// A copy with is_smart set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_is_smart(bool value = true) const { Self o = *this; o.is_smart = value; return o; }
  /// A copy with options set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_options(GraphOptions value) const { Self o = *this; o.options = std::move(value); return o; }
  /// A copy with orphan_collections set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_orphan_collections(std::vector<std::string> value) const { Self o = *this; o.orphan_collections = std::move(value); return o; }
  /// A copy with wait_for_sync set.
  template <class Self = CreateGraphOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  //}
};

/// Options of delete_graph (DELETE /_api/gharial/{name}).
struct DeleteGraphOptions {
  /// dropCollections: drop the graph's collections too, unless another graph uses them; unset: false
  std::optional<bool> drop_collections{};
  /// Deliver false instead of failing when the graph does not exist.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteGraphOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with drop_collections set.
  template <class Self = DeleteGraphOptions>
  [[nodiscard]] Self with_drop_collections(bool value = true) const { Self o = *this; o.drop_collections = value; return o; }
  /// A copy with ignore_missing set.
  template <class Self = DeleteGraphOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

/// VertexCollection::get / EdgeCollection::get.
struct GraphGetOptions {
  /// rev: fail unless the stored _rev equals it (as if_match, sent as the rev query parameter); unset: not
  /// sent
  std::optional<std::string> rev{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  /// sent as If-None-Match: fail with DocumentGetError (304) when the stored _rev equals it; unset: not sent
  std::optional<std::string> if_none_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GraphGetOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with rev set.
  template <class Self = GraphGetOptions>
  [[nodiscard]] Self with_rev(std::string value) const { Self o = *this; o.rev = std::move(value); return o; }
  /// A copy with if_match set.
  template <class Self = GraphGetOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  /// A copy with if_none_match set.
  template <class Self = GraphGetOptions>
  [[nodiscard]] Self with_if_none_match(std::string value) const { Self o = *this; o.if_none_match = std::move(value); return o; }
  //}
};

/// Options of inserting a vertex or an edge (POST /_api/gharial/{graph}/vertex|edge/{collection}).
struct GraphInsertOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnNew: deliver the document as stored (DocumentMeta::new_doc); unset: false
  std::optional<bool> return_new{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GraphInsertOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = GraphInsertOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_new set.
  template <class Self = GraphInsertOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  //}
};

/// update and replace of a vertex or an edge.
struct GraphUpdateOptions {
  /// waitForSync: answer only once the write is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// keepNull (update only): false removes attributes the patch sets to null; unset: true
  std::optional<bool> keep_null{};
  /// returnNew: deliver the document as stored after the write; unset: false
  std::optional<bool> return_new{};
  /// returnOld: deliver the document as it was before the write; unset: false
  std::optional<bool> return_old{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GraphUpdateOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = GraphUpdateOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with keep_null set.
  template <class Self = GraphUpdateOptions>
  [[nodiscard]] Self with_keep_null(bool value = true) const { Self o = *this; o.keep_null = value; return o; }
  /// A copy with return_new set.
  template <class Self = GraphUpdateOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  /// A copy with return_old set.
  template <class Self = GraphUpdateOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with if_match set.
  template <class Self = GraphUpdateOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  //}
};

/// Options of deleting a vertex or an edge (DELETE /_api/gharial/{graph}/vertex|edge/{id}).
struct GraphDeleteOptions {
  /// Deliver nullopt instead of failing when the document does not exist.
  bool ignore_missing = false;
  /// waitForSync: answer only once the removal is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// returnOld: deliver the removed document (DocumentMeta::old_doc); unset: false
  std::optional<bool> return_old{};
  /// sent as If-Match: fail with DocumentRevisionError unless the stored _rev equals it; unset: not sent
  std::optional<std::string> if_match{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: GraphDeleteOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = GraphDeleteOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = GraphDeleteOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_old set.
  template <class Self = GraphDeleteOptions>
  [[nodiscard]] Self with_return_old(bool value = true) const { Self o = *this; o.return_old = value; return o; }
  /// A copy with if_match set.
  template <class Self = GraphDeleteOptions>
  [[nodiscard]] Self with_if_match(std::string value) const { Self o = *this; o.if_match = std::move(value); return o; }
  //}
};

/// Graph::create_vertex_collection (the seed's VertexCollectionOptions, sent as "options").
struct VertexCollectionOptions {
  /// Collections to create as SatelliteCollections (Enterprise Edition, SmartGraphs only).
  std::optional<std::vector<std::string>> satellites{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: VertexCollectionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with satellites set.
  template <class Self = VertexCollectionOptions>
  [[nodiscard]] Self with_satellites(std::vector<std::string> value) const { Self o = *this; o.satellites = std::move(value); return o; }
  //}
};

/// Graph::create_edge_definition (the seed's EdgeDefinitionOptions, sent as "options").
struct EdgeDefinitionOptions {
  /// Collections to create as SatelliteCollections (Enterprise Edition, SmartGraphs only).
  std::optional<std::vector<std::string>> satellites{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: EdgeDefinitionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with satellites set.
  template <class Self = EdgeDefinitionOptions>
  [[nodiscard]] Self with_satellites(std::vector<std::string> value) const { Self o = *this; o.satellites = std::move(value); return o; }
  //}
};

/// Graph::replace_edge_definition.
struct ReplaceEdgeDefinitionOptions {
  /// Sent as "options" (the seed's EdgeDefinitionOptions).
  std::optional<std::vector<std::string>> satellites{};
  /// Wait until the change is synced to disk (waitForSync).
  std::optional<bool> wait_for_sync{};
  /// Drop the collections the definition no longer uses, unless other graphs use them.
  std::optional<bool> drop_collections{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ReplaceEdgeDefinitionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with satellites set.
  template <class Self = ReplaceEdgeDefinitionOptions>
  [[nodiscard]] Self with_satellites(std::vector<std::string> value) const { Self o = *this; o.satellites = std::move(value); return o; }
  /// A copy with wait_for_sync set.
  template <class Self = ReplaceEdgeDefinitionOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with drop_collections set.
  template <class Self = ReplaceEdgeDefinitionOptions>
  [[nodiscard]] Self with_drop_collections(bool value = true) const { Self o = *this; o.drop_collections = value; return o; }
  //}
};

/// Graph::delete_edge_definition.
struct DeleteEdgeDefinitionOptions {
  /// Drop the edge collection too, unless another graph uses it.
  std::optional<bool> drop_collections{};
  /// Wait until the change is synced to disk (waitForSync).
  std::optional<bool> wait_for_sync{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteEdgeDefinitionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with drop_collections set.
  template <class Self = DeleteEdgeDefinitionOptions>
  [[nodiscard]] Self with_drop_collections(bool value = true) const { Self o = *this; o.drop_collections = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = DeleteEdgeDefinitionOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  //}
};

/// EdgeCollection::edges.
struct EdgesOptions {
  /// "in" or "out"; unset: both.
  std::optional<std::string> direction{};
  /// x-arango-allow-dirty-read: a cluster may answer from a follower, possibly stale; unset: not sent
  std::optional<bool> allow_dirty_read{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: EdgesOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with direction set.
  template <class Self = EdgesOptions>
  [[nodiscard]] Self with_direction(std::string value) const { Self o = *this; o.direction = std::move(value); return o; }
  /// A copy with allow_dirty_read set.
  template <class Self = EdgesOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  //}
};

/// EdgeCollection::link.
struct LinkOptions {
  /// waitForSync: answer only once the edge is synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  bool return_new = false;  ///< always sent, as in the seed
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: LinkOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with wait_for_sync set.
  template <class Self = LinkOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with return_new set.
  template <class Self = LinkOptions>
  [[nodiscard]] Self with_return_new(bool value = true) const { Self o = *this; o.return_new = value; return o; }
  //}
};

// ---------------------------------------------------------------------------------------------
// AQL
// ---------------------------------------------------------------------------------------------

/// Query options (the seed's QueryProperties; sent as "options").
struct QueryProperties {
  /// allowDirtyReads: a cluster may read from followers, possibly stale data; unset: false
  std::optional<bool> allow_dirty_reads{};
  std::optional<bool> allow_retry{};  ///< batches can be re-read with Cursor::fetch(batch_id)
  /// failOnWarning: make the query fail on its first warning instead of reporting it; unset: false
  std::optional<bool> fail_on_warning{};
  /// fillBlockCache: let the query's reads fill the RocksDB block cache; unset: true
  std::optional<bool> fill_block_cache{};
  /// fullCount: report in the statistics how many documents the last top-level LIMIT left out; unset: false
  std::optional<bool> full_count{};
  /// intermediateCommitCount: commit a write query's transaction after this many operations; unset: the
  /// server's setting
  std::optional<std::int64_t> intermediate_commit_count{};
  /// intermediateCommitSize: commit a write query's transaction after this many bytes; unset: the server's
  /// setting
  std::optional<std::int64_t> intermediate_commit_size{};
  /// maxDNFConditionMembers: the most members a condition may have in normal form before it is not optimized;
  /// unset: 786432
  std::optional<std::int64_t> max_dnf_condition_members{};
  /// maxNodesPerCallstack: execution nodes per call stack before the query is split (deep queries); unset:
  /// the server's --query.max-nodes-per-callstack
  std::optional<std::int64_t> max_nodes_per_callstack{};
  /// maxNumberOfPlans: the most plans the optimizer considers; unset: 128
  std::optional<std::int64_t> max_number_of_plans{};
  std::optional<double> max_runtime{};  ///< seconds
  /// maxTransactionSize: the most bytes a write query's transaction may hold; unset: the server's setting
  std::optional<std::int64_t> max_transaction_size{};
  /// maxWarningCount: the most warnings the query reports; unset: 10
  std::optional<std::int64_t> max_warning_count{};
  std::optional<Json> optimizer{};  ///< {"rules": ["-rule", "+rule"]}
  std::optional<std::int64_t> profile{};  ///< 0, 1 or 2
  /// satelliteSyncWait: seconds a DB-Server waits for SatelliteCollections to be in sync (Enterprise Edition
  /// cluster)
  std::optional<double> satellite_sync_wait{};
  /// skipInaccessibleCollections: treat collections the user may not read as empty instead of failing; unset:
  /// false
  std::optional<bool> skip_inaccessible_collections{};
  /// spillOverThresholdMemoryUsage: bytes a sort may use before it spills to disk; unset: the server's
  /// setting
  std::optional<std::int64_t> spill_over_threshold_memory_usage{};
  /// spillOverThresholdNumRows: rows a sort may hold before it spills to disk; unset: the server's setting
  std::optional<std::int64_t> spill_over_threshold_num_rows{};
  /// stream: produce results lazily as the cursor is read (no count, no cache, locks held longer); unset:
  /// false
  std::optional<bool> stream{};
  /// usePlanCache: reuse a cached execution plan for the same query and bind parameter names (3.12.4+);
  /// unset: false
  std::optional<bool> use_plan_cache{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: QueryProperties{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with allow_dirty_reads set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_allow_dirty_reads(bool value = true) const { Self o = *this; o.allow_dirty_reads = value; return o; }
  /// A copy with allow_retry set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_allow_retry(bool value = true) const { Self o = *this; o.allow_retry = value; return o; }
  /// A copy with fail_on_warning set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_fail_on_warning(bool value = true) const { Self o = *this; o.fail_on_warning = value; return o; }
  /// A copy with fill_block_cache set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_fill_block_cache(bool value = true) const { Self o = *this; o.fill_block_cache = value; return o; }
  /// A copy with full_count set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_full_count(bool value = true) const { Self o = *this; o.full_count = value; return o; }
  /// A copy with intermediate_commit_count set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_intermediate_commit_count(std::int64_t value) const { Self o = *this; o.intermediate_commit_count = value; return o; }
  /// A copy with intermediate_commit_size set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_intermediate_commit_size(std::int64_t value) const { Self o = *this; o.intermediate_commit_size = value; return o; }
  /// A copy with max_dnf_condition_members set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_dnf_condition_members(std::int64_t value) const { Self o = *this; o.max_dnf_condition_members = value; return o; }
  /// A copy with max_nodes_per_callstack set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_nodes_per_callstack(std::int64_t value) const { Self o = *this; o.max_nodes_per_callstack = value; return o; }
  /// A copy with max_number_of_plans set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_number_of_plans(std::int64_t value) const { Self o = *this; o.max_number_of_plans = value; return o; }
  /// A copy with max_runtime set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_runtime(double value) const { Self o = *this; o.max_runtime = value; return o; }
  /// A copy with max_transaction_size set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_transaction_size(std::int64_t value) const { Self o = *this; o.max_transaction_size = value; return o; }
  /// A copy with max_warning_count set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_max_warning_count(std::int64_t value) const { Self o = *this; o.max_warning_count = value; return o; }
  /// A copy with optimizer set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_optimizer(Json value) const { Self o = *this; o.optimizer = std::move(value); return o; }
  /// A copy with profile set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_profile(std::int64_t value) const { Self o = *this; o.profile = value; return o; }
  /// A copy with satellite_sync_wait set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_satellite_sync_wait(double value) const { Self o = *this; o.satellite_sync_wait = value; return o; }
  /// A copy with skip_inaccessible_collections set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_skip_inaccessible_collections(bool value = true) const { Self o = *this; o.skip_inaccessible_collections = value; return o; }
  /// A copy with spill_over_threshold_memory_usage set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_spill_over_threshold_memory_usage(std::int64_t value) const { Self o = *this; o.spill_over_threshold_memory_usage = value; return o; }
  /// A copy with spill_over_threshold_num_rows set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_spill_over_threshold_num_rows(std::int64_t value) const { Self o = *this; o.spill_over_threshold_num_rows = value; return o; }
  /// A copy with stream set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_stream(bool value = true) const { Self o = *this; o.stream = value; return o; }
  /// A copy with use_plan_cache set.
  template <class Self = QueryProperties>
  [[nodiscard]] Self with_use_plan_cache(bool value = true) const { Self o = *this; o.use_plan_cache = value; return o; }
  //}
};

/// Options of AQL::execute (POST /_api/cursor).
struct QueryOptions {
  /// count: compute the number of results, delivered by Cursor::count (not with stream); unset: false
  std::optional<bool> count{};
  std::optional<std::int64_t> batch_size{};  ///< batchSize: results per batch; unset: server default 1000
  std::optional<Json> bind_vars{};  ///< an object: {"x": 1, "@coll": "students"}
  /// cache: read the result from the query results cache / store it there (cache mode "demand");
  /// unset: not sent
  std::optional<bool> cache{};
  /// memoryLimit: bytes the query may use, 0 for no limit; unset: the server's --query.memory-limit
  std::optional<std::int64_t> memory_limit{};
  std::optional<double> ttl{};  ///< seconds an idle cursor lives on the server
  /// allowDirtyRead (cluster): read from followers, possibly stale; sent as x-arango-allow-dirty-read
  std::optional<bool> allow_dirty_read{};
  /// options: further query properties (QueryProperties); unset: not sent
  std::optional<QueryProperties> options{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: QueryOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with count set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_count(bool value = true) const { Self o = *this; o.count = value; return o; }
  /// A copy with batch_size set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_batch_size(std::int64_t value) const { Self o = *this; o.batch_size = value; return o; }
  /// A copy with bind_vars set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_bind_vars(Json value) const { Self o = *this; o.bind_vars = std::move(value); return o; }
  /// A copy with cache set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_cache(bool value = true) const { Self o = *this; o.cache = value; return o; }
  /// A copy with memory_limit set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_memory_limit(std::int64_t value) const { Self o = *this; o.memory_limit = value; return o; }
  /// A copy with ttl set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_ttl(double value) const { Self o = *this; o.ttl = value; return o; }
  /// A copy with allow_dirty_read set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  /// A copy with options set.
  template <class Self = QueryOptions>
  [[nodiscard]] Self with_options(QueryProperties value) const { Self o = *this; o.options = std::move(value); return o; }
  //}
};

/// GET/PUT /_api/query/properties (the seed's QueryTrackingConfiguration).
struct QueryTrackingConfiguration {
  /// enabled: whether the server tracks running queries (needed for AQL::queries and AQL::kill)
  bool enabled = false;
  /// trackSlowQueries: whether queries slower than slow_query_threshold are kept for
  /// AQL::slow_queries
  bool track_slow_queries = false;
  bool track_bind_vars = false;  ///< trackBindVars: whether the tracked queries keep their bind parameters
  /// maxSlowQueries: how many slow queries are kept (the oldest are dropped)
  std::int64_t max_slow_queries = 0;
  double slow_query_threshold = 0;  ///< slowQueryThreshold: seconds after which a query counts as slow
  /// slowStreamingQueryThreshold: seconds after which a streaming query counts as slow, when
  /// reported
  std::optional<double> slow_streaming_query_threshold{};
  /// maxQueryStringLength: bytes of a query's text kept in the lists
  std::int64_t max_query_string_length = 0;
  Json raw{};  ///< the whole answer
};

/// AQL::set_tracking: only the given fields change.
struct TrackingOptions {
  std::optional<bool> enabled{};  ///< enabled: track running queries; unset: unchanged
  std::optional<std::int64_t> max_slow_queries{};  ///< maxSlowQueries: slow queries kept; unset: unchanged
  /// slowQueryThreshold: seconds after which a query counts as slow; unset: unchanged
  std::optional<double> slow_query_threshold{};
  /// slowStreamingQueryThreshold: the same for streaming queries, in seconds; unset: unchanged
  std::optional<double> slow_streaming_query_threshold{};
  /// maxQueryStringLength: bytes of a query's text kept; unset: unchanged
  std::optional<std::int64_t> max_query_string_length{};
  /// trackBindVars: keep the tracked queries' bind parameters; unset: unchanged
  std::optional<bool> track_bind_vars{};
  /// trackSlowQueries: keep queries slower than the threshold; unset: unchanged
  std::optional<bool> track_slow_queries{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: TrackingOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with enabled set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_enabled(bool value = true) const { Self o = *this; o.enabled = value; return o; }
  /// A copy with max_slow_queries set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_max_slow_queries(std::int64_t value) const { Self o = *this; o.max_slow_queries = value; return o; }
  /// A copy with slow_query_threshold set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_slow_query_threshold(double value) const { Self o = *this; o.slow_query_threshold = value; return o; }
  /// A copy with slow_streaming_query_threshold set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_slow_streaming_query_threshold(double value) const { Self o = *this; o.slow_streaming_query_threshold = value; return o; }
  /// A copy with max_query_string_length set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_max_query_string_length(std::int64_t value) const { Self o = *this; o.max_query_string_length = value; return o; }
  /// A copy with track_bind_vars set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_track_bind_vars(bool value = true) const { Self o = *this; o.track_bind_vars = value; return o; }
  /// A copy with track_slow_queries set.
  template <class Self = TrackingOptions>
  [[nodiscard]] Self with_track_slow_queries(bool value = true) const { Self o = *this; o.track_slow_queries = value; return o; }
  //}
};

/// AQL::explain.
struct ExplainOptions {
  std::optional<Json> bind_vars{};  ///< bindVars: the query's bind parameters (an object); unset: none
  /// allPlans: deliver every plan the optimizer considered instead of the chosen one; unset: false
  std::optional<bool> all_plans{};
  std::optional<std::int64_t> max_plans{};  ///< sent as maxNumberOfPlans
  /// optimizer: {"rules": ["-rule", "+rule"]}, rules to disable or enable; unset: the defaults
  std::optional<Json> optimizer{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ExplainOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with bind_vars set.
  template <class Self = ExplainOptions>
  [[nodiscard]] Self with_bind_vars(Json value) const { Self o = *this; o.bind_vars = std::move(value); return o; }
  /// A copy with all_plans set.
  template <class Self = ExplainOptions>
  [[nodiscard]] Self with_all_plans(bool value = true) const { Self o = *this; o.all_plans = value; return o; }
  /// A copy with max_plans set.
  template <class Self = ExplainOptions>
  [[nodiscard]] Self with_max_plans(std::int64_t value) const { Self o = *this; o.max_plans = value; return o; }
  /// A copy with optimizer set.
  template <class Self = ExplainOptions>
  [[nodiscard]] Self with_optimizer(Json value) const { Self o = *this; o.optimizer = std::move(value); return o; }
  //}
};

/// AQL::kill.
struct KillOptions {
  /// Deliver false instead of failing when the query is not running.
  bool ignore_missing = false;
  /// all: look for the query in every database (allowed from _system only); false: in this
  /// database only
  bool all_queries = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: KillOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with ignore_missing set.
  template <class Self = KillOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  /// A copy with all_queries set.
  template <class Self = KillOptions>
  [[nodiscard]] Self with_all_queries(bool value = true) const { Self o = *this; o.all_queries = value; return o; }
  //}
};

/// AQL::delete_function.
struct DeleteFunctionOptions {
  std::optional<bool> group{};  ///< delete every function of the namespace `name`
  /// Deliver the server's error body instead of failing when nothing matched.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteFunctionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with group set.
  template <class Self = DeleteFunctionOptions>
  [[nodiscard]] Self with_group(bool value = true) const { Self o = *this; o.group = value; return o; }
  /// A copy with ignore_missing set.
  template <class Self = DeleteFunctionOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

/// GET/PUT /_api/query-cache/properties (the seed's QueryCacheProperties).
struct QueryCacheProperties {
  std::string mode{};  ///< "off", "on" or "demand"
  std::int64_t max_results = 0;  ///< maxResults: the most results the cache holds per database
  /// maxResultsSize: the most bytes of results the cache holds per database
  std::int64_t max_results_size = 0;
  std::int64_t max_entry_size = 0;  ///< maxEntrySize: the largest result, in bytes, the cache stores
  bool include_system = false;  ///< includeSystem: whether queries on system collections are cached
  Json raw{};  ///< the whole answer
};

/// AQLQueryCache::configure: only the given fields change.
struct QueryCacheOptions {
  /// mode: "off", "on" (cache every query) or "demand" (only with QueryOptions::cache); unset:
  /// unchanged
  std::optional<std::string> mode{};
  std::optional<std::int64_t> max_results{};  ///< maxResults: results per database; unset: unchanged
  /// maxResultsSize: bytes of results per database; unset: unchanged
  std::optional<std::int64_t> max_results_size{};
  /// maxEntrySize: the largest result stored, in bytes; unset: unchanged
  std::optional<std::int64_t> max_entry_size{};
  /// includeSystem: cache queries on system collections; unset: unchanged
  std::optional<bool> include_system{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: QueryCacheOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with mode set.
  template <class Self = QueryCacheOptions>
  [[nodiscard]] Self with_mode(std::string value) const { Self o = *this; o.mode = std::move(value); return o; }
  /// A copy with max_results set.
  template <class Self = QueryCacheOptions>
  [[nodiscard]] Self with_max_results(std::int64_t value) const { Self o = *this; o.max_results = value; return o; }
  /// A copy with max_results_size set.
  template <class Self = QueryCacheOptions>
  [[nodiscard]] Self with_max_results_size(std::int64_t value) const { Self o = *this; o.max_results_size = value; return o; }
  /// A copy with max_entry_size set.
  template <class Self = QueryCacheOptions>
  [[nodiscard]] Self with_max_entry_size(std::int64_t value) const { Self o = *this; o.max_entry_size = value; return o; }
  /// A copy with include_system set.
  template <class Self = QueryCacheOptions>
  [[nodiscard]] Self with_include_system(bool value = true) const { Self o = *this; o.include_system = value; return o; }
  //}
};

/// One sort key of Collection::find.
struct SortSpec {
  std::string sort_by{};            ///< attribute path, "a.b" for nested
  std::string sort_order = "ASC";  ///< "ASC" or "DESC" (any case)
};

/// Collection::find.
struct FindOptions {
  std::optional<std::int64_t> skip{};  ///< documents to leave out first (AQL LIMIT offset); unset: none
  std::optional<std::int64_t> limit{};  ///< the most documents delivered (AQL LIMIT count); unset: all
  /// sent as x-arango-allow-dirty-read: a cluster may answer from a follower, possibly stale
  bool allow_dirty_read = false;
  std::vector<SortSpec> sort{};  ///< sort keys, applied in order; empty: the server's order
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: FindOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with skip set.
  template <class Self = FindOptions>
  [[nodiscard]] Self with_skip(std::int64_t value) const { Self o = *this; o.skip = value; return o; }
  /// A copy with limit set.
  template <class Self = FindOptions>
  [[nodiscard]] Self with_limit(std::int64_t value) const { Self o = *this; o.limit = value; return o; }
  /// A copy with allow_dirty_read set.
  template <class Self = FindOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  /// A copy with sort set.
  template <class Self = FindOptions>
  [[nodiscard]] Self with_sort(std::vector<SortSpec> value) const { Self o = *this; o.sort = std::move(value); return o; }
  //}
};

/// Collection::update_match.
struct UpdateMatchOptions {
  std::optional<std::int64_t> limit{};  ///< the most documents updated; unset: every match
  /// keepNull (AQL UPDATE option): false removes the attributes the body sets to null; unset: true
  std::optional<bool> keep_none{};
  /// waitForSync: answer only once the writes are synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  /// mergeObjects: false replaces object values instead of merging them; unset: true
  std::optional<bool> merge_objects{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: UpdateMatchOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with limit set.
  template <class Self = UpdateMatchOptions>
  [[nodiscard]] Self with_limit(std::int64_t value) const { Self o = *this; o.limit = value; return o; }
  /// A copy with keep_none set.
  template <class Self = UpdateMatchOptions>
  [[nodiscard]] Self with_keep_none(bool value = true) const { Self o = *this; o.keep_none = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = UpdateMatchOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with merge_objects set.
  template <class Self = UpdateMatchOptions>
  [[nodiscard]] Self with_merge_objects(bool value = true) const { Self o = *this; o.merge_objects = value; return o; }
  //}
};

/// Collection::replace_match and delete_match.
struct MatchOptions {
  std::optional<std::int64_t> limit{};  ///< the most documents changed; unset: every match
  /// waitForSync: answer only once the writes are synced to disk; unset: the collection's setting
  std::optional<bool> wait_for_sync{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: MatchOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with limit set.
  template <class Self = MatchOptions>
  [[nodiscard]] Self with_limit(std::int64_t value) const { Self o = *this; o.limit = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = MatchOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  //}
};

// ---- Transactions -------------------------------------------------------------------------

/// StandardDatabase::begin_transaction (POST /_api/transaction/begin).
struct BeginTransactionOptions {
  /// Collections read during the transaction (others are added lazily when allow_implicit).
  std::vector<std::string> read{};
  /// Collections written with shared access.
  std::vector<std::string> write{};
  /// Collections written with exclusive access.
  std::vector<std::string> exclusive{};
  /// waitForSync: commit only once the transaction is synced to disk; unset: the collections'
  /// settings
  std::optional<bool> wait_for_sync{};
  /// Allow reads from collections not declared above.
  std::optional<bool> allow_implicit{};
  /// Seconds to wait for the collection locks (0: the server's default).
  std::optional<std::int64_t> lock_timeout{};
  /// Size limit of the transaction in bytes.
  std::optional<std::int64_t> max_transaction_size{};
  /// Sent as the x-arango-allow-dirty-read header (cluster: read from followers).
  std::optional<bool> allow_dirty_read{};
  /// skipFastLockRound (cluster): lock the collections one by one at once instead of first
  /// trying to take every write lock in one round; unset: false
  std::optional<bool> skip_fast_lock_round{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: BeginTransactionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with read set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_read(std::vector<std::string> value) const { Self o = *this; o.read = std::move(value); return o; }
  /// A copy with write set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_write(std::vector<std::string> value) const { Self o = *this; o.write = std::move(value); return o; }
  /// A copy with exclusive set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_exclusive(std::vector<std::string> value) const { Self o = *this; o.exclusive = std::move(value); return o; }
  /// A copy with wait_for_sync set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with allow_implicit set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_allow_implicit(bool value = true) const { Self o = *this; o.allow_implicit = value; return o; }
  /// A copy with lock_timeout set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_lock_timeout(std::int64_t value) const { Self o = *this; o.lock_timeout = value; return o; }
  /// A copy with max_transaction_size set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_max_transaction_size(std::int64_t value) const { Self o = *this; o.max_transaction_size = value; return o; }
  /// A copy with allow_dirty_read set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_allow_dirty_read(bool value = true) const { Self o = *this; o.allow_dirty_read = value; return o; }
  /// A copy with skip_fast_lock_round set.
  template <class Self = BeginTransactionOptions>
  [[nodiscard]] Self with_skip_fast_lock_round(bool value = true) const { Self o = *this; o.skip_fast_lock_round = value; return o; }
  //}
};

/// Database::execute_transaction (POST /_api/transaction, a JavaScript transaction).
struct ExecuteTransactionOptions {
  /// Handed to the JavaScript function as its argument.
  std::optional<Json> params{};
  std::vector<std::string> read{};  ///< collections read (others are added lazily when allow_implicit)
  std::vector<std::string> write{};  ///< collections written with shared access
  std::vector<std::string> exclusive{};  ///< collections written with exclusive access
  /// allowImplicit: allow reads from collections not declared; unset: server default true
  std::optional<bool> allow_implicit{};
  /// waitForSync: commit only once the transaction is synced to disk; unset: the collections'
  /// settings
  std::optional<bool> wait_for_sync{};
  /// lockTimeout: seconds to wait for the collection locks; unset: the server's default
  std::optional<std::int64_t> lock_timeout{};
  /// maxTransactionSize: the transaction's size limit, in bytes; unset: the server's setting
  std::optional<std::int64_t> max_transaction_size{};
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: ExecuteTransactionOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with params set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_params(Json value) const { Self o = *this; o.params = std::move(value); return o; }
  /// A copy with read set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_read(std::vector<std::string> value) const { Self o = *this; o.read = std::move(value); return o; }
  /// A copy with write set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_write(std::vector<std::string> value) const { Self o = *this; o.write = std::move(value); return o; }
  /// A copy with exclusive set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_exclusive(std::vector<std::string> value) const { Self o = *this; o.exclusive = std::move(value); return o; }
  /// A copy with allow_implicit set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_allow_implicit(bool value = true) const { Self o = *this; o.allow_implicit = value; return o; }
  /// A copy with wait_for_sync set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_wait_for_sync(bool value = true) const { Self o = *this; o.wait_for_sync = value; return o; }
  /// A copy with lock_timeout set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_lock_timeout(std::int64_t value) const { Self o = *this; o.lock_timeout = value; return o; }
  /// A copy with max_transaction_size set.
  template <class Self = ExecuteTransactionOptions>
  [[nodiscard]] Self with_max_transaction_size(std::int64_t value) const { Self o = *this; o.max_transaction_size = value; return o; }
  //}
};

/// One entry of Database::list_transactions.
struct TransactionInfo {
  std::string id{};  ///< the transaction's id
  /// "running", "committed" or "aborted".
  std::string state{};
};

/// An ArangoSearch analyzer as GET /_api/analyzer reports it: `name` is "{db}::{name}" for a
/// user analyzer and bare for a built-in one ("identity", "text_en" ...); `properties` are the
/// server's normalised properties (defaults filled in).
struct AnalyzerInfo {
  /// The full name ("{db}::{name}", or bare for a built-in); empty when not sent.
  std::string name{};
  /// The analyzer type ("identity", "text", "norm", "aql", ...); empty when not sent.
  std::string type{};
  /// The normalised properties (an object; {} for identity); null when not sent.
  Json properties{};
  /// "frequency", "position", "offset", "norm" (the server's order).
  std::vector<std::string> features{};
};

/// Options of delete_analyzer (DELETE /_api/analyzer/{name}).
struct DeleteAnalyzerOptions {
  /// Remove the analyzer even while a view uses it (the server refuses with 409 otherwise).
  std::optional<bool> force{};
  /// Deliver false instead of failing when the analyzer does not exist.
  bool ignore_missing = false;
  //{ chainable setters (scripts/calling_forms.py writes them)
  // with_<field>(value): a copy with that field set, to chain: DeleteAnalyzerOptions{}.with_a(x).with_b(y).
  // (Self is the struct itself: a template only so that a setter is compiled where it is used.)
  /// A copy with force set.
  template <class Self = DeleteAnalyzerOptions>
  [[nodiscard]] Self with_force(bool value = true) const { Self o = *this; o.force = value; return o; }
  /// A copy with ignore_missing set.
  template <class Self = DeleteAnalyzerOptions>
  [[nodiscard]] Self with_ignore_missing(bool value = true) const { Self o = *this; o.ignore_missing = value; return o; }
  //}
};

}  // namespace v1
}  // namespace arango
