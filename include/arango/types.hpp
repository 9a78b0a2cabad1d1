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
  std::string user{};
  std::optional<std::string> password{};
  bool active = true;
  std::optional<Json> extra{};
};

struct DeleteUserOptions {
  /// Deliver false instead of failing when the user does not exist.
  bool ignore_missing = false;
};

/// Where update_permission / reset_permission apply, and how failures are reported.
struct PermissionOptions {
  /// A collection of the database (or "*"); not set: the database itself.
  std::optional<std::string> collection{};
  /// Deliver false instead of failing on any error.
  bool ignore_failure = false;
};

/// An access token (ArangoDB 3.12.5; the seed's AccessToken). Use `token` as the password of
/// Basic authentication (with an empty or the owner's username) or to log in for a JWT.
struct AccessToken {
  std::int64_t id = 0;
  std::string name{};
  std::int64_t valid_until = 0;  ///< expiry, Unix seconds
  std::int64_t created_at = 0;   ///< Unix seconds
  std::string fingerprint{};     ///< "v1..." and the end of the token
  bool active = false;           ///< not expired
  /// The token itself: only in the answer to create_access_token (the server shows it once).
  std::optional<std::string> token{};
  Json raw{};  ///< the whole object
};

struct CreateDatabaseOptions {
  /// Users to create with access to the new database (seed: list of UserInfo or dicts).
  std::vector<UserInfo> users{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> write_concern{};
  /// "" / "flexible" / "single" (cluster only).
  std::optional<std::string> sharding{};
};

struct DeleteDatabaseOptions {
  /// Deliver false instead of failing when the database does not exist.
  bool ignore_missing = false;
};

struct VersionOptions {
  /// Include the server's details object.
  bool details = false;
};

/// GET /_api/database/current (the seed's DatabaseProperties).
struct DatabaseProperties {
  std::string name{};
  std::string id{};
  std::optional<std::string> path{};  ///< gone in ArangoDB 4.0
  bool is_system = false;
  std::optional<std::string> sharding{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> write_concern{};
  Json raw{};  ///< the whole "result" object
};

/// GET /_admin/status (the seed's ServerStatusInformation).
struct ServerStatusInformation {
  std::string server{};
  std::string version{};
  std::int64_t pid = 0;
  std::string license{};
  std::string mode{};
  std::string operation_mode{};
  bool foxx_api = false;
  std::string host{};
  std::optional<std::string> hostname{};
  Json server_info{};
  Json coordinator{};
  Json agency{};
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
CollectionType collection_type_from_int(std::int64_t value);

/// The seed's CollectionStatus (deprecated by ArangoDB: gone in 4.0).
enum class CollectionStatus { NEW = 1, UNLOADED = 2, LOADED = 3, UNLOADING = 4, DELETED = 5, LOADING = 6 };
std::string_view to_string(CollectionStatus status) noexcept;
CollectionStatus collection_status_from_int(std::int64_t value);

/// Key generator settings (the seed's KeyOptions).
struct KeyOptions {
  bool allow_user_keys = true;
  /// "traditional", "autoincrement", "uuid" or "padded".
  std::string generator_type = "traditional";
  std::optional<std::int64_t> increment{};  ///< autoincrement only
  std::optional<std::int64_t> offset{};     ///< autoincrement only
  std::optional<std::int64_t> last_value{};  ///< reported by the server, never sent
  /// Throws std::invalid_argument for an unknown type, or increment/offset with another type.
  void validate() const;
};

/// One collection as GET /_api/collection lists it (the seed's CollectionInfo).
struct CollectionInfo {
  std::string id{};
  std::string name{};
  bool is_system = false;
  CollectionType type = CollectionType::DOCUMENT;
  std::optional<CollectionStatus> status{};
  std::string globally_unique_id{};
  Json raw{};
};

/// GET /_api/collection/{name}/properties (the seed's CollectionProperties). Cluster-only fields
/// are empty on a single server.
struct CollectionProperties {
  std::string id{};
  std::string name{};
  CollectionType type = CollectionType::DOCUMENT;
  bool is_system = false;
  bool wait_for_sync = false;
  bool cache_enabled = false;
  std::optional<CollectionStatus> status{};       ///< gone in 4.0
  std::optional<std::string> status_string{};     ///< gone in 4.0
  std::optional<std::int64_t> write_concern{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> number_of_shards{};
  std::vector<std::string> shard_keys{};
  std::optional<std::string> sharding_strategy{};
  std::optional<std::string> distribute_shards_like{};
  std::optional<std::string> smart_join_attribute{};
  std::optional<std::string> smart_graph_attribute{};
  std::optional<KeyOptions> key_options{};
  Json schema{};           ///< null when there is none
  Json computed_values{};  ///< null when there are none
  std::string globally_unique_id{};
  std::optional<std::string> object_id{};
  std::optional<bool> uses_revisions_as_document_ids{};
  std::optional<bool> sync_by_revision{};
  std::optional<bool> is_smart_child{};
  std::optional<bool> supports_rbac{};
  std::optional<std::int64_t> internal_validator_type{};
  Json raw{};  ///< the whole body (without error/code)
};

/// GET /_api/collection/{name}/figures (the seed's CollectionStatistics).
struct CollectionStatistics {
  CollectionProperties properties{};
  std::int64_t count = 0;
  Json figures{};
};

/// Database::create_collection options: the seed's parameters.
struct CreateCollectionOptions {
  std::optional<CollectionType> col_type{};
  std::optional<std::int64_t> write_concern{};
  std::optional<bool> wait_for_sync{};
  std::optional<std::int64_t> number_of_shards{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<bool> cache_enabled{};
  std::optional<Json> computed_values{};  ///< array of {name, expression, overwrite, ...}
  std::optional<std::string> distribute_shards_like{};
  bool is_system = false;                 ///< always sent, as in the seed
  std::optional<KeyOptions> key_options{};  ///< validated before sending
  std::optional<Json> schema{};           ///< a non-empty object
  std::optional<std::vector<std::string>> shard_keys{};
  std::optional<std::string> sharding_strategy{};
  std::optional<std::string> smart_graph_attribute{};
  std::optional<std::string> smart_join_attribute{};
  std::optional<bool> wait_for_sync_replication{};   ///< query parameter
  std::optional<bool> enforce_replication_factor{};  ///< query parameter
};

struct DeleteCollectionOptions {
  /// Deliver false instead of failing when the collection does not exist.
  bool ignore_missing = false;
  /// Required (true) to drop a system collection.
  std::optional<bool> is_system{};
};

/// Collection::configure: only the given attributes change.
struct ConfigureOptions {
  std::optional<bool> cache_enabled{};
  std::optional<Json> computed_values{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<Json> schema{};  ///< a non-empty object (a schema cannot be removed this way)
  std::optional<bool> wait_for_sync{};
  std::optional<std::int64_t> write_concern{};
};

struct TruncateOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> compact{};
};

struct ChecksumOptions {
  std::optional<bool> with_rev{};
  std::optional<bool> with_data{};
};

struct ShardsOptions {
  std::optional<bool> details{};
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
  std::string type{};
  std::string name{};
  Json fields{};  ///< usually an array of attribute paths; objects for inverted indexes
  bool unique = false;
  bool sparse = false;
  std::optional<bool> deduplicate{};
  std::optional<bool> estimates{};
  std::optional<bool> cache_enabled{};
  std::optional<double> selectivity_estimate{};
  std::optional<bool> is_newly_created{};  ///< add_index only
  std::optional<std::int64_t> expire_after{};  ///< ttl
  std::optional<bool> geo_json{};              ///< geo
  std::optional<bool> legacy_polygons{};       ///< geo
  std::optional<bool> in_background{};
  /// storedValues (inverted, persistent, vector indexes): what the server reports; null when
  /// the index has none.
  Json stored_values{};
  /// params of a vector index as the server reports them (nLists a number or, 3.12.10+, a
  /// scaling specification object); null for other indexes.
  Json params{};
  // geo
  std::optional<std::int64_t> best_indexed_level{};
  std::optional<std::int64_t> worst_indexed_level{};
  std::optional<std::int64_t> max_num_cover_cells{};
  // fulltext
  std::optional<std::int64_t> min_length{};
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

struct IndexListOptions {
  std::optional<bool> with_stats{};
  std::optional<bool> with_hidden{};
};

/// Collection::add_index options. The typed fields are the common ones; `extra` (an object) is
/// merged last and may carry any other server option (camelCase, as the server spells it).
struct IndexOptions {
  std::optional<std::string> name{};
  std::optional<bool> unique{};
  std::optional<bool> sparse{};
  std::optional<bool> deduplicate{};
  std::optional<bool> estimates{};
  std::optional<bool> cache_enabled{};
  std::optional<bool> in_background{};
  std::optional<std::int64_t> expire_after{};  ///< ttl: seconds
  std::optional<bool> geo_json{};
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
};

struct DeleteIndexOptions {
  /// Deliver false instead of failing when the index does not exist.
  bool ignore_missing = false;
};

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/// StandardCollection::get, Collection::has.
struct GetOptions {
  bool allow_dirty_read = false;
  std::optional<std::string> if_match{};       ///< fail with DocumentRevisionError unless _rev equals it
  std::optional<std::string> if_none_match{};  ///< fail with DocumentGetError (304) when _rev equals it
};
using HasOptions = GetOptions;

struct GetManyOptions {
  std::optional<bool> allow_dirty_read{};
  std::optional<bool> ignore_revs{};
  /// Documents per request (0: all in one). A longer list is read in several requests, one
  /// after another, joined in order, so that no answer nears the response size limit
  /// (HttpClientOptions::max_response_size). Not in the seed, which sends one request; as an
  /// async job (AsyncDatabase) get_many is always one request.
  std::size_t batch_size = 1000;
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
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> overwrite{};
  std::optional<OverwriteMode> overwrite_mode{};
  std::optional<bool> keep_null{};
  std::optional<bool> merge_objects{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> version_attribute{};
};

struct UpdateManyOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> ignore_revs{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> keep_null{};
  std::optional<bool> merge_objects{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> version_attribute{};
};

struct UpdateOptions {
  std::optional<bool> ignore_revs{};
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> keep_null{};
  std::optional<bool> merge_objects{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> version_attribute{};
  std::optional<std::string> if_match{};
};

struct ReplaceManyOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> ignore_revs{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> version_attribute{};
};

struct ReplaceOptions {
  std::optional<bool> ignore_revs{};
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> version_attribute{};
  std::optional<std::string> if_match{};
};

struct DeleteManyOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> ignore_revs{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> refill_index_caches{};
};

struct DeleteOptions {
  std::optional<bool> ignore_revs{};
  /// Deliver nullopt instead of failing when the document does not exist.
  bool ignore_missing = false;
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_old{};
  std::optional<bool> silent{};
  std::optional<bool> refill_index_caches{};
  std::optional<std::string> if_match{};
};

/// Collection::import_bulk. `complete` and `details` default to true and are always sent, as in
/// the seed.
struct ImportOptions {
  /// "documents" (JSON lines), "array"/"list" (one JSON array), "auto", or unset: the header-line
  /// format (first line an array of attribute names, then one array of values per line).
  std::optional<std::string> doc_type{};
  bool complete = true;
  bool details = true;
  std::optional<std::string> from_prefix{};
  std::optional<std::string> to_prefix{};
  std::optional<bool> overwrite{};
  std::optional<bool> overwrite_collection_prefix{};
  /// "error", "update", "replace" or "ignore".
  std::optional<std::string> on_duplicate{};
  std::optional<bool> wait_for_sync{};
  std::optional<bool> ignore_missing{};
};

// ---------------------------------------------------------------------------------------------
// Graphs, vertices and edges
// ---------------------------------------------------------------------------------------------

/// One edge definition of a graph.
struct EdgeDefinition {
  std::string edge_collection{};
  std::vector<std::string> from_vertex_collections{};
  std::vector<std::string> to_vertex_collections{};
  friend bool operator==(const EdgeDefinition&, const EdgeDefinition&) = default;
};

/// The seed's GraphProperties.
struct GraphProperties {
  std::string name{};
  bool is_smart = false;
  bool is_satellite = false;
  bool is_disjoint = false;
  std::optional<std::int64_t> number_of_shards{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::int64_t> min_replication_factor{};
  std::optional<std::int64_t> write_concern{};
  /// The attribute that shards a SmartGraph's vertices (Enterprise Edition); unset otherwise.
  std::optional<std::string> smart_graph_attribute{};
  std::vector<EdgeDefinition> edge_definitions{};
  std::vector<std::string> orphan_collections{};
  Json raw{};
};

/// The seed's GraphOptions (cluster settings of a new graph).
struct GraphOptions {
  std::optional<std::int64_t> number_of_shards{};
  std::optional<ReplicationFactor> replication_factor{};
  std::optional<std::vector<std::string>> satellites{};
  std::optional<std::string> smart_graph_attribute{};
  std::optional<std::int64_t> write_concern{};
};

struct CreateGraphOptions {
  std::vector<EdgeDefinition> edge_definitions{};
  std::optional<bool> is_disjoint{};
  std::optional<bool> is_smart{};
  std::optional<GraphOptions> options{};
  std::vector<std::string> orphan_collections{};
  std::optional<bool> wait_for_sync{};
};

struct DeleteGraphOptions {
  std::optional<bool> drop_collections{};
  /// Deliver false instead of failing when the graph does not exist.
  bool ignore_missing = false;
};

/// VertexCollection::get / EdgeCollection::get.
struct GraphGetOptions {
  std::optional<std::string> rev{};
  std::optional<std::string> if_match{};
  std::optional<std::string> if_none_match{};
};

struct GraphInsertOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_new{};
};

/// update and replace of a vertex or an edge.
struct GraphUpdateOptions {
  std::optional<bool> wait_for_sync{};
  std::optional<bool> keep_null{};
  std::optional<bool> return_new{};
  std::optional<bool> return_old{};
  std::optional<std::string> if_match{};
};

struct GraphDeleteOptions {
  /// Deliver nullopt instead of failing when the document does not exist.
  bool ignore_missing = false;
  std::optional<bool> wait_for_sync{};
  std::optional<bool> return_old{};
  std::optional<std::string> if_match{};
};

/// Graph::create_vertex_collection (the seed's VertexCollectionOptions, sent as "options").
struct VertexCollectionOptions {
  /// Collections to create as SatelliteCollections (Enterprise Edition, SmartGraphs only).
  std::optional<std::vector<std::string>> satellites{};
};

/// Graph::create_edge_definition (the seed's EdgeDefinitionOptions, sent as "options").
struct EdgeDefinitionOptions {
  /// Collections to create as SatelliteCollections (Enterprise Edition, SmartGraphs only).
  std::optional<std::vector<std::string>> satellites{};
};

/// Graph::replace_edge_definition.
struct ReplaceEdgeDefinitionOptions {
  /// Sent as "options" (the seed's EdgeDefinitionOptions).
  std::optional<std::vector<std::string>> satellites{};
  /// Wait until the change is synced to disk (waitForSync).
  std::optional<bool> wait_for_sync{};
  /// Drop the collections the definition no longer uses, unless other graphs use them.
  std::optional<bool> drop_collections{};
};

/// Graph::delete_edge_definition.
struct DeleteEdgeDefinitionOptions {
  /// Drop the edge collection too, unless another graph uses it.
  std::optional<bool> drop_collections{};
  /// Wait until the change is synced to disk (waitForSync).
  std::optional<bool> wait_for_sync{};
};

/// EdgeCollection::edges.
struct EdgesOptions {
  /// "in" or "out"; unset: both.
  std::optional<std::string> direction{};
  std::optional<bool> allow_dirty_read{};
};

/// EdgeCollection::link.
struct LinkOptions {
  std::optional<bool> wait_for_sync{};
  bool return_new = false;  ///< always sent, as in the seed
};

// ---------------------------------------------------------------------------------------------
// AQL
// ---------------------------------------------------------------------------------------------

/// Query options (the seed's QueryProperties; sent as "options").
struct QueryProperties {
  std::optional<bool> allow_dirty_reads{};
  std::optional<bool> allow_retry{};  ///< batches can be re-read with Cursor::fetch(batch_id)
  std::optional<bool> fail_on_warning{};
  std::optional<bool> fill_block_cache{};
  std::optional<bool> full_count{};
  std::optional<std::int64_t> intermediate_commit_count{};
  std::optional<std::int64_t> intermediate_commit_size{};
  std::optional<std::int64_t> max_dnf_condition_members{};
  std::optional<std::int64_t> max_nodes_per_callstack{};
  std::optional<std::int64_t> max_number_of_plans{};
  std::optional<double> max_runtime{};  ///< seconds
  std::optional<std::int64_t> max_transaction_size{};
  std::optional<std::int64_t> max_warning_count{};
  std::optional<Json> optimizer{};  ///< {"rules": ["-rule", "+rule"]}
  std::optional<std::int64_t> profile{};  ///< 0, 1 or 2
  std::optional<double> satellite_sync_wait{};
  std::optional<bool> skip_inaccessible_collections{};
  std::optional<std::int64_t> spill_over_threshold_memory_usage{};
  std::optional<std::int64_t> spill_over_threshold_num_rows{};
  std::optional<bool> stream{};
  std::optional<bool> use_plan_cache{};
};

/// AQL::execute.
struct QueryOptions {
  std::optional<bool> count{};
  std::optional<std::int64_t> batch_size{};
  std::optional<Json> bind_vars{};  ///< an object: {"x": 1, "@coll": "students"}
  std::optional<bool> cache{};
  std::optional<std::int64_t> memory_limit{};
  std::optional<double> ttl{};  ///< seconds an idle cursor lives on the server
  std::optional<bool> allow_dirty_read{};
  std::optional<QueryProperties> options{};
};

/// GET/PUT /_api/query/properties (the seed's QueryTrackingConfiguration).
struct QueryTrackingConfiguration {
  bool enabled = false;
  bool track_slow_queries = false;
  bool track_bind_vars = false;
  std::int64_t max_slow_queries = 0;
  double slow_query_threshold = 0;
  std::optional<double> slow_streaming_query_threshold{};
  std::int64_t max_query_string_length = 0;
  Json raw{};
};

/// AQL::set_tracking: only the given fields change.
struct TrackingOptions {
  std::optional<bool> enabled{};
  std::optional<std::int64_t> max_slow_queries{};
  std::optional<double> slow_query_threshold{};
  std::optional<double> slow_streaming_query_threshold{};
  std::optional<std::int64_t> max_query_string_length{};
  std::optional<bool> track_bind_vars{};
  std::optional<bool> track_slow_queries{};
};

/// AQL::explain.
struct ExplainOptions {
  std::optional<Json> bind_vars{};
  std::optional<bool> all_plans{};
  std::optional<std::int64_t> max_plans{};  ///< sent as maxNumberOfPlans
  std::optional<Json> optimizer{};
};

/// AQL::kill.
struct KillOptions {
  /// Deliver false instead of failing when the query is not running.
  bool ignore_missing = false;
  bool all_queries = false;
};

/// AQL::delete_function.
struct DeleteFunctionOptions {
  std::optional<bool> group{};  ///< delete every function of the namespace `name`
  /// Deliver the server's error body instead of failing when nothing matched.
  bool ignore_missing = false;
};

/// GET/PUT /_api/query-cache/properties (the seed's QueryCacheProperties).
struct QueryCacheProperties {
  std::string mode{};  ///< "off", "on" or "demand"
  std::int64_t max_results = 0;
  std::int64_t max_results_size = 0;
  std::int64_t max_entry_size = 0;
  bool include_system = false;
  Json raw{};
};

/// AQLQueryCache::configure: only the given fields change.
struct QueryCacheOptions {
  std::optional<std::string> mode{};
  std::optional<std::int64_t> max_results{};
  std::optional<std::int64_t> max_results_size{};
  std::optional<std::int64_t> max_entry_size{};
  std::optional<bool> include_system{};
};

/// One sort key of Collection::find.
struct SortSpec {
  std::string sort_by{};            ///< attribute path, "a.b" for nested
  std::string sort_order = "ASC";  ///< "ASC" or "DESC" (any case)
};

/// Collection::find.
struct FindOptions {
  std::optional<std::int64_t> skip{};
  std::optional<std::int64_t> limit{};
  bool allow_dirty_read = false;
  std::vector<SortSpec> sort{};
};

/// Collection::update_match.
struct UpdateMatchOptions {
  std::optional<std::int64_t> limit{};
  std::optional<bool> keep_none{};
  std::optional<bool> wait_for_sync{};
  std::optional<bool> merge_objects{};
};

/// Collection::replace_match and delete_match.
struct MatchOptions {
  std::optional<std::int64_t> limit{};
  std::optional<bool> wait_for_sync{};
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
  std::optional<bool> wait_for_sync{};
  /// Allow reads from collections not declared above.
  std::optional<bool> allow_implicit{};
  /// Seconds to wait for the collection locks (0: the server's default).
  std::optional<std::int64_t> lock_timeout{};
  /// Size limit of the transaction in bytes.
  std::optional<std::int64_t> max_transaction_size{};
  /// Sent as the x-arango-allow-dirty-read header (cluster: read from followers).
  std::optional<bool> allow_dirty_read{};
  std::optional<bool> skip_fast_lock_round{};
};

/// Database::execute_transaction (POST /_api/transaction, a JavaScript transaction).
struct ExecuteTransactionOptions {
  /// Handed to the JavaScript function as its argument.
  std::optional<Json> params{};
  std::vector<std::string> read{};
  std::vector<std::string> write{};
  std::vector<std::string> exclusive{};
  std::optional<bool> allow_implicit{};
  std::optional<bool> wait_for_sync{};
  std::optional<std::int64_t> lock_timeout{};
  std::optional<std::int64_t> max_transaction_size{};
};

/// One entry of Database::list_transactions.
struct TransactionInfo {
  std::string id{};
  /// "running", "committed" or "aborted".
  std::string state{};
};

/// An ArangoSearch analyzer as GET /_api/analyzer reports it: `name` is "<db>::<name>" for a
/// user analyzer and bare for a built-in one ("identity", "text_en" ...); `properties` are the
/// server's normalised properties (defaults filled in).
struct AnalyzerInfo {
  /// The full name ("<db>::<name>", or bare for a built-in); empty when not sent.
  std::string name{};
  /// The analyzer type ("identity", "text", "norm", "aql", ...); empty when not sent.
  std::string type{};
  /// The normalised properties (an object; {} for identity); null when not sent.
  Json properties{};
  /// "frequency", "position", "offset", "norm" (the server's order).
  std::vector<std::string> features{};
};

struct DeleteAnalyzerOptions {
  /// Remove the analyzer even while a view uses it (the server refuses with 409 otherwise).
  std::optional<bool> force{};
  /// Deliver false instead of failing when the analyzer does not exist.
  bool ignore_missing = false;
};

}  // namespace v1
}  // namespace arango
