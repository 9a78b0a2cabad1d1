// Collection and index operations, and the database-level collection calls
// (endpoints-collections.md §1, §7.1, §12).
#include <arango/detail/ops_collection.hpp>
#include <arango/errno.hpp>
#include <arango/exceptions.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "decode.hpp"

namespace arango {
inline namespace v1 {

std::string_view to_string(CollectionType type) noexcept {
  return type == CollectionType::EDGE ? "edge" : "document";
}

CollectionType collection_type_from_int(std::int64_t value) {
  if (value == 2) return CollectionType::DOCUMENT;
  if (value == 3) return CollectionType::EDGE;
  throw std::invalid_argument("Invalid collection type value: " + std::to_string(value));
}

CollectionType collection_type_from_string(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "document" || lower == "2") return CollectionType::DOCUMENT;
  if (lower == "edge" || lower == "3") return CollectionType::EDGE;
  throw std::invalid_argument("Invalid collection type value: " + std::string(name));
}

std::string_view to_string(CollectionStatus status) noexcept {
  switch (status) {
    case CollectionStatus::NEW: return "new";
    case CollectionStatus::UNLOADED: return "unloaded";
    case CollectionStatus::LOADED: return "loaded";
    case CollectionStatus::UNLOADING: return "unloading";
    case CollectionStatus::DELETED: return "deleted";
    case CollectionStatus::LOADING: return "loading";
  }
  return "unknown";
}

CollectionStatus collection_status_from_int(std::int64_t value) {
  if (value < 1 || value > 6) throw std::invalid_argument("Invalid collection status value: " + std::to_string(value));
  return static_cast<CollectionStatus>(value);
}

void KeyOptions::validate() const {
  static constexpr std::string_view kTypes[] = {"autoincrement", "uuid", "padded", "traditional"};
  if (std::find(std::begin(kTypes), std::end(kTypes), generator_type) == std::end(kTypes)) {
    throw std::invalid_argument("Invalid key generator type: \"" + generator_type +
                                "\" (expected autoincrement, uuid, padded or traditional)");
  }
  if ((increment || offset) && generator_type != "autoincrement") {
    throw std::invalid_argument("increment and offset are only allowed with the autoincrement key generator");
  }
}

std::string IndexFields::names_text(const std::string_view* names, std::size_t count) {
  JsonBuilder b;
  b.begin_array();
  for (std::size_t i = 0; i < count; ++i) b.string(names[i]);
  b.end_array();
  return std::move(b.finish()).str();
}

IndexFields::IndexFields(const std::vector<std::string>& names) {
  JsonBuilder b;
  b.begin_array();
  for (const std::string& n : names) b.string(n);
  b.end_array();
  text_ = std::move(b.finish()).str();
}

IndexFields::IndexFields(const std::vector<InvertedIndexField>& fields) {
  JsonBuilder b;
  b.begin_array();
  for (const InvertedIndexField& f : fields) {
    b.begin_object();
    b.key("name");
    b.string(f.name);
    detail::put_if(b, "analyzer", f.analyzer);
    detail::put_if(b, "features", f.features);
    detail::put_if(b, "includeAllFields", f.include_all_fields);
    detail::put_if(b, "searchField", f.search_field);
    detail::put_if(b, "trackListPositions", f.track_list_positions);
    detail::put_if(b, "cache", f.cache);
    detail::put_if(b, "nested", f.nested);
    b.end_object();
  }
  b.end_array();
  text_ = std::move(b.finish()).str();
}

IndexFields::IndexFields(JsonView array) {
  if (!array.is_array()) throw std::invalid_argument("index fields must be a JSON array");
  text_ = array.dump();
}

namespace detail {
namespace {

std::string collection_path(std::string_view collection, std::string_view rest = {}) {
  std::string path = "/_api/collection/" + encode_path_segment(collection);
  if (!rest.empty()) {
    path += '/';
    path += rest;
  }
  return path;
}



void require_schema(const std::optional<Json>& schema) {
  if (schema && (!schema->is_object() || schema->empty())) {
    throw std::invalid_argument("schema must be a non-empty JSON object");
  }
}



/// Json of a member that shares the body (null when absent).
Json member_or_null(const Json& body, std::string_view key) {
  Json v = body.get(key);
  return v.exists() ? v : Json();
}

std::optional<KeyOptions> parse_key_options(JsonView v) {
  if (!v.is_object()) return std::nullopt;
  KeyOptions k;
  k.allow_user_keys = v["allowUserKeys"].bool_or(true);
  k.generator_type = std::string(v["type"].string_or("traditional"));
  k.increment = optional_int(v["increment"]);
  k.offset = optional_int(v["offset"]);
  k.last_value = optional_int(v["lastValue"]);
  return k;
}

CollectionInfo parse_info(const Json& c) {
  CollectionInfo info;
  info.id = std::string(c["id"].string_or(""));
  info.name = std::string(c["name"].string_or(""));
  info.is_system = c["isSystem"].bool_or(false);
  info.type = collection_type_from_int(c["type"].int64_or(2));
  if (c["status"].is_integer()) info.status = collection_status_from_int(c["status"].as_int64());
  info.globally_unique_id = std::string(c["globallyUniqueId"].string_or(""));
  info.raw = c;
  return info;
}

CollectionProperties parse_properties(const Json& body) {
  CollectionProperties p;
  p.id = std::string(body["id"].string_or(""));
  p.name = std::string(body["name"].string_or(""));
  p.type = collection_type_from_int(body["type"].int64_or(2));
  p.is_system = body["isSystem"].bool_or(false);
  p.wait_for_sync = body["waitForSync"].bool_or(false);
  p.cache_enabled = body["cacheEnabled"].bool_or(false);
  if (body["status"].is_integer()) p.status = collection_status_from_int(body["status"].as_int64());
  p.status_string = optional_string(body["statusString"]);
  p.write_concern = optional_int(body["writeConcern"]);
  p.replication_factor = replication_factor(body["replicationFactor"]);
  p.number_of_shards = optional_int(body["numberOfShards"]);
  if (body["shardKeys"].is_array()) p.shard_keys = string_list(body["shardKeys"]);
  p.sharding_strategy = optional_string(body["shardingStrategy"]);
  p.distribute_shards_like = optional_string(body["distributeShardsLike"]);
  p.smart_join_attribute = optional_string(body["smartJoinAttribute"]);
  p.smart_graph_attribute = optional_string(body["smartGraphAttribute"]);
  p.key_options = parse_key_options(body["keyOptions"]);
  p.schema = member_or_null(body, "schema");
  p.computed_values = member_or_null(body, "computedValues");
  p.globally_unique_id = std::string(body["globallyUniqueId"].string_or(""));
  p.object_id = optional_string(body["objectId"]);
  p.uses_revisions_as_document_ids = optional_bool(body["usesRevisionsAsDocumentIds"]);
  p.sync_by_revision = optional_bool(body["syncByRevision"]);
  p.is_smart_child = optional_bool(body["isSmartChild"]);
  p.supports_rbac = optional_bool(body["supportsRBAC"]);
  p.internal_validator_type = optional_int(body["internalValidatorType"]);
  p.raw = without_envelope(body);
  return p;
}

std::optional<std::vector<std::string>> optional_strings(JsonView v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (JsonView item : v.elements()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<VectorIndexParams> parse_vector_params(JsonView p) {
  if (!p.is_object()) return std::nullopt;
  VectorIndexParams v;
  v.metric = std::string(p["metric"].string_or(""));
  v.dimension = optional_int(p["dimension"]).value_or(0);
  v.n_lists = optional_int(p["nLists"]);
  v.default_n_probe = optional_int(p["defaultNProbe"]);
  v.training_iterations = optional_int(p["trainingIterations"]);
  v.factory = optional_string(p["factory"]);
  return v;
}

IndexProperties parse_index(const Json& body) {
  IndexProperties ix;
  ix.id = std::string(body["id"].string_or(""));
  auto slash = ix.id.find('/');
  std::string_view number = slash == std::string::npos ? std::string_view(ix.id) : std::string_view(ix.id).substr(slash + 1);
  std::from_chars(number.data(), number.data() + number.size(), ix.numeric_id);
  ix.type = std::string(body["type"].string_or(""));
  ix.name = std::string(body["name"].string_or(""));
  ix.fields = member_or_null(body, "fields");
  ix.unique = body["unique"].bool_or(false);
  ix.sparse = body["sparse"].bool_or(false);
  ix.deduplicate = optional_bool(body["deduplicate"]);
  ix.estimates = optional_bool(body["estimates"]);
  ix.cache_enabled = optional_bool(body["cacheEnabled"]);
  if (body["selectivityEstimate"].is_number()) ix.selectivity_estimate = body["selectivityEstimate"].as_double();
  ix.is_newly_created = optional_bool(body["isNewlyCreated"]);
  ix.expire_after = optional_int(body["expireAfter"]);
  ix.geo_json = optional_bool(body["geoJson"]);
  ix.legacy_polygons = optional_bool(body["legacyPolygons"]);
  ix.in_background = optional_bool(body["inBackground"]);
  ix.stored_values = member_or_null(body, "storedValues");
  ix.params = member_or_null(body, "params");
  ix.best_indexed_level = optional_int(body["bestIndexedLevel"]);
  ix.worst_indexed_level = optional_int(body["worstIndexedLevel"]);
  ix.max_num_cover_cells = optional_int(body["maxNumCoverCells"]);
  ix.min_length = optional_int(body["minLength"]);
  ix.field_value_types = optional_string(body["fieldValueTypes"]);
  ix.prefix_fields = optional_strings(body["prefixFields"]);
  ix.analyzer = optional_string(body["analyzer"]);
  ix.features = optional_strings(body["features"]);
  ix.include_all_fields = optional_bool(body["includeAllFields"]);
  ix.track_list_positions = optional_bool(body["trackListPositions"]);
  ix.search_field = optional_bool(body["searchField"]);
  ix.primary_sort = member_or_null(body, "primarySort");
  ix.optimize_top_k = optional_strings(body["optimizeTopK"]);
  ix.cleanup_interval_step = optional_int(body["cleanupIntervalStep"]);
  ix.commit_interval_msec = optional_int(body["commitIntervalMsec"]);
  ix.consolidation_interval_msec = optional_int(body["consolidationIntervalMsec"]);
  ix.consolidation_policy = member_or_null(body, "consolidationPolicy");
  ix.writebuffer_active = optional_int(body["writebufferActive"]);
  ix.writebuffer_idle = optional_int(body["writebufferIdle"]);
  ix.writebuffer_size_max = optional_int(body["writebufferSizeMax"]);
  ix.cache = optional_bool(body["cache"]);
  ix.primary_key_cache = optional_bool(body["primaryKeyCache"]);
  ix.parallelism = optional_int(body["parallelism"]);
  ix.version = optional_int(body["version"]);
  if (ix.type == "vector") ix.vector_params = parse_vector_params(body["params"]);
  ix.training_state = optional_string(body["trainingState"]);
  ix.error_message = optional_string(body["errorMessage"]);
  ix.resolved_n_lists = optional_int(body["resolvedNLists"]);
  ix.raw = body;
  return ix;
}

void write_vector_params(JsonWriter& w, const VectorIndexParams& v) {
  w.begin_object();
  w.key("metric");
  w.string(v.metric);
  w.key("dimension");
  w.int64(v.dimension);
  put_if(w, "nLists", v.n_lists);
  put_if(w, "defaultNProbe", v.default_n_probe);
  put_if(w, "trainingIterations", v.training_iterations);
  put_if(w, "factory", v.factory);
  w.end_object();
}

void write_primary_sort(JsonWriter& w, const IndexPrimarySort& ps) {
  w.begin_object();
  w.key("fields");
  w.begin_array();
  for (const auto& f : ps.fields) {
    w.begin_object();
    w.key("field");
    w.string(f.field);
    w.key("direction");
    w.string(f.ascending ? "asc" : "desc");
    w.end_object();
  }
  w.end_array();
  put_if(w, "compression", ps.compression);
  put_if(w, "cache", ps.cache);
  w.end_object();
}

/// "123" or "col/123" → "col/123".
std::string full_index_id(const std::string& collection, std::string_view id) {
  if (id.empty()) throw std::invalid_argument("index id must not be empty");
  if (id.find('/') != std::string_view::npos) return std::string(id);
  return collection + "/" + std::string(id);
}

std::string index_path(std::string_view full_id) {
  auto slash = full_id.find('/');
  return "/_api/index/" + encode_path_segment(full_id.substr(0, slash)) + "/" +
         encode_path_segment(full_id.substr(slash + 1));
}

}  // namespace

namespace ops {

Operation<std::vector<IndexProperties>> indexes(const std::string& collection, const IndexListOptions& options) {
  Request request{Method::GET, "/_api/index", {{"collection", collection}}};
  add_bool(request.params, "withStats", options.with_stats);
  add_bool(request.params, "withHidden", options.with_hidden);
  return {std::move(request), [](Response& r) {
            require_success<IndexListError>(r);
            Json body = body_json(r);
            Json list = body.get("indexes");
            if (!list.is_array()) throw DeserializationError("index list: no indexes array");
            std::vector<IndexProperties> out;
            out.reserve(list.size());
            for (std::size_t i = 0; i < list.size(); ++i) out.push_back(parse_index(list.get(i)));
            return out;
          }};
}

Operation<IndexProperties> get_index(const std::string& collection, std::string_view id) {
  return {Request{Method::GET, index_path(full_index_id(collection, id))}, [](Response& r) {
            require_success<IndexGetError>(r);
            return parse_index(body_json(r));
          }};
}

Operation<IndexProperties> add_index(const std::string& collection, std::string_view type, const IndexFields& fields,
                                     const IndexOptions& o) {
  if (o.extra && !o.extra->is_object()) throw std::invalid_argument("IndexOptions::extra must be a JSON object");
  JsonBuilder b;
  b.begin_object();
  auto has_extra = [&](std::string_view key) { return o.extra && o.extra->contains(key); };
  if (!has_extra("type")) {
    b.key("type");
    b.string(type);
  }
  if (!has_extra("fields")) {
    b.key("fields");
    b.raw(fields.text());
  }
  auto opt_bool = [&](std::string_view key, const std::optional<bool>& v) {
    if (v && !has_extra(key)) {
      b.key(key);
      b.boolean(*v);
    }
  };
  if (o.name && !has_extra("name")) {
    b.key("name");
    b.string(*o.name);
  }
  opt_bool("unique", o.unique);
  opt_bool("sparse", o.sparse);
  opt_bool("deduplicate", o.deduplicate);
  opt_bool("estimates", o.estimates);
  opt_bool("cacheEnabled", o.cache_enabled);
  opt_bool("inBackground", o.in_background);
  if (o.expire_after && !has_extra("expireAfter")) {
    b.key("expireAfter");
    b.int64(*o.expire_after);
  }
  opt_bool("geoJson", o.geo_json);
  opt_bool("legacyPolygons", o.legacy_polygons);
  if (o.stored_values && !has_extra("storedValues")) {
    b.key("storedValues");
    o.stored_values->write(b);
  }
  if (o.params && o.vector_params) {
    throw std::invalid_argument("IndexOptions: set params or vector_params, not both");
  }
  if (o.params && !has_extra("params")) {
    b.key("params");
    o.params->write(b);
  }
  if (o.vector_params && !has_extra("params")) {
    b.key("params");
    write_vector_params(b, *o.vector_params);
  }
  // every other typed option: "key": value when set and not overridden by extra
  auto opt = [&](std::string_view key, const auto& value) {
    if (value && !has_extra(key)) put_if(b, key, value);
  };
  opt("parallelism", o.parallelism);
  opt("minLength", o.min_length);
  opt("fieldValueTypes", o.field_value_types);
  opt("prefixFields", o.prefix_fields);
  opt("analyzer", o.analyzer);
  opt("features", o.features);
  opt("includeAllFields", o.include_all_fields);
  opt("trackListPositions", o.track_list_positions);
  opt("searchField", o.search_field);
  if (o.primary_sort && !has_extra("primarySort")) {
    b.key("primarySort");
    write_primary_sort(b, *o.primary_sort);
  }
  opt("optimizeTopK", o.optimize_top_k);
  opt("cleanupIntervalStep", o.cleanup_interval_step);
  opt("commitIntervalMsec", o.commit_interval_msec);
  opt("consolidationIntervalMsec", o.consolidation_interval_msec);
  opt("consolidationPolicy", o.consolidation_policy);
  opt("writebufferIdle", o.writebuffer_idle);
  opt("writebufferActive", o.writebuffer_active);
  opt("writebufferSizeMax", o.writebuffer_size_max);
  opt("cache", o.cache);
  opt("primaryKeyCache", o.primary_key_cache);
  if (o.extra) {
    for (auto [key, value] : o.extra->members()) {
      b.key(key);
      value.write(b);
    }
  }
  b.end_object();
  Request request{Method::POST, "/_api/index", {{"collection", collection}}, std::move(b.finish()).str()};
  return {std::move(request), [](Response& r) {
            require_success<IndexCreateError>(r);
            return parse_index(body_json(r));
          }};
}

Operation<bool> delete_index(const std::string& collection, std::string_view id, const DeleteIndexOptions& options) {
  return {Request{Method::DELETE, index_path(full_index_id(collection, id))},
          [ignore_missing = options.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404 && r.error_code == errno_::INDEX_NOT_FOUND) return false;
            require_success<IndexDeleteError>(r);
            return true;
          }};
}

Operation<bool> load_indexes(const std::string& collection) {
  return {Request{Method::PUT, collection_path(collection, "loadIndexesIntoMemory")}, [](Response& r) {
            require_success<IndexLoadError>(r);
            return true;
          }};
}

Operation<void> recalculate_count(const std::string& collection) {
  return {Request{Method::PUT, collection_path(collection, "recalculateCount")},
          [](Response& r) { require_success<CollectionRecalculateCountError>(r); }};
}

Operation<CollectionProperties> collection_properties(const std::string& collection) {
  return {Request{Method::GET, collection_path(collection, "properties")}, [](Response& r) {
            require_success<CollectionPropertiesError>(r);
            return parse_properties(body_json(r));
          }};
}

Operation<CollectionProperties> configure_collection(const std::string& collection, const ConfigureOptions& o) {
  require_schema(o.schema);
  JsonBuilder b;
  b.begin_object();
  put_if(b, "cacheEnabled", o.cache_enabled);
  put_if(b, "computedValues", o.computed_values);
  put_if(b, "replicationFactor", o.replication_factor);
  put_if(b, "schema", o.schema);
  put_if(b, "waitForSync", o.wait_for_sync);
  put_if(b, "writeConcern", o.write_concern);
  b.end_object();
  Request request{Method::PUT, collection_path(collection, "properties"), {}, std::move(b.finish()).str()};
  return {std::move(request), [](Response& r) {
            require_success<CollectionConfigureError>(r);
            return parse_properties(body_json(r));
          }};
}

Operation<void> rename_collection(const std::string& collection, std::string_view new_name) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(new_name);
  b.end_object();
  return {Request{Method::PUT, collection_path(collection, "rename"), {}, std::move(b.finish()).str()},
          [](Response& r) { require_success<CollectionRenameError>(r); }};
}

Operation<CollectionInfo> compact_collection(const std::string& collection) {
  return {Request{Method::PUT, collection_path(collection, "compact")}, [](Response& r) {
            require_success<CollectionCompactError>(r);
            return parse_info(body_json(r));
          }};
}

Operation<void> truncate_collection(const std::string& collection, const TruncateOptions& options) {
  Request request{Method::PUT, collection_path(collection, "truncate")};
  add_bool(request.params, "waitForSync", options.wait_for_sync);
  add_bool(request.params, "compact", options.compact);
  return {std::move(request), [](Response& r) { require_success<CollectionTruncateError>(r); }};
}

Operation<std::int64_t> count_documents(const std::string& collection) {
  return {Request{Method::GET, collection_path(collection, "count")}, [](Response& r) {
            require_success<DocumentCountError>(r);
            return body_json(r)["count"].as_int64();
          }};
}

Operation<CollectionStatistics> collection_statistics(const std::string& collection) {
  return {Request{Method::GET, collection_path(collection, "figures")}, [](Response& r) {
            require_success<CollectionStatisticsError>(r);
            Json body = body_json(r);
            CollectionStatistics s;
            s.count = body["count"].int64_or(0);
            s.figures = member_or_null(body, "figures");
            s.properties = parse_properties(body);
            return s;
          }};
}

Operation<std::string> responsible_shard(const std::string& collection, const JsonInput& document) {
  return {Request{Method::PUT, collection_path(collection, "responsibleShard"), {}, document.text()},
          [](Response& r) {
            require_success<CollectionResponsibleShardError>(r);
            return std::string(body_json(r)["shardId"].as_string());
          }};
}

Operation<Json> collection_shards(const std::string& collection, const ShardsOptions& options) {
  Request request{Method::GET, collection_path(collection, "shards")};
  add_bool(request.params, "details", options.details);
  return {std::move(request), [](Response& r) {
            require_success<CollectionShardsError>(r);
            return body_json(r).get("shards");
          }};
}

Operation<std::string> collection_revision(const std::string& collection) {
  return {Request{Method::GET, collection_path(collection, "revision")}, [](Response& r) {
            require_success<CollectionRevisionError>(r);
            return std::string(body_json(r)["revision"].as_string());
          }};
}

Operation<std::string> collection_checksum(const std::string& collection, const ChecksumOptions& options) {
  Request request{Method::GET, collection_path(collection, "checksum")};
  add_bool(request.params, "withRevisions", options.with_rev);
  add_bool(request.params, "withData", options.with_data);
  return {std::move(request), [](Response& r) {
            require_success<CollectionChecksumError>(r);
            return std::string(body_json(r)["checksum"].as_string());
          }};
}

Operation<std::vector<CollectionInfo>> collections(std::optional<bool> exclude_system) {
  Request request{Method::GET, "/_api/collection"};
  add_bool(request.params, "excludeSystem", exclude_system);
  return {std::move(request), [](Response& r) {
            require_success<CollectionListError>(r);
            Json body = body_json(r);
            Json list = body.get("result");
            if (!list.is_array()) throw DeserializationError("collection list: no result array");
            std::vector<CollectionInfo> out;
            out.reserve(list.size());
            for (std::size_t i = 0; i < list.size(); ++i) out.push_back(parse_info(list.get(i)));
            return out;
          }};
}

Operation<bool> has_collection(const std::string& name) {
  return {Request{Method::GET, collection_path(name)}, [](Response& r) {
            // Only "no such collection": an unknown database (1228) is an error, not "false".
            if (r.status_code == 404 && r.error_code == errno_::DATA_SOURCE_NOT_FOUND) return false;
            require_success<CollectionListError>(r);
            return true;
          }};
}

Operation<void> create_collection(const std::string& name, const CreateCollectionOptions& o) {
  require_schema(o.schema);
  if (o.key_options) o.key_options->validate();
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  if (o.col_type) {
    b.key("type");
    b.int64(static_cast<int>(*o.col_type));
  }
  put_if(b, "writeConcern", o.write_concern);
  put_if(b, "waitForSync", o.wait_for_sync);
  put_if(b, "numberOfShards", o.number_of_shards);
  put_if(b, "replicationFactor", o.replication_factor);
  put_if(b, "cacheEnabled", o.cache_enabled);
  put_if(b, "computedValues", o.computed_values);
  put_if(b, "distributeShardsLike", o.distribute_shards_like);
  b.key("isSystem");
  b.boolean(o.is_system);
  if (o.key_options) {
    const KeyOptions& k = *o.key_options;
    b.key("keyOptions");
    b.begin_object();
    b.key("allowUserKeys");
    b.boolean(k.allow_user_keys);
    b.key("type");
    b.string(k.generator_type);
    put_if(b, "increment", k.increment);
    put_if(b, "offset", k.offset);
    b.end_object();
  }
  put_if(b, "schema", o.schema);
  put_if(b, "shardKeys", o.shard_keys);
  put_if(b, "shardingStrategy", o.sharding_strategy);
  put_if(b, "smartGraphAttribute", o.smart_graph_attribute);
  put_if(b, "smartJoinAttribute", o.smart_join_attribute);
  b.end_object();
  Request request{Method::POST, "/_api/collection", {}, std::move(b.finish()).str()};
  add_bool(request.params, "waitForSyncReplication", o.wait_for_sync_replication);
  add_bool(request.params, "enforceReplicationFactor", o.enforce_replication_factor);
  return {std::move(request), [](Response& r) { require_success<CollectionCreateError>(r); }};
}

Operation<bool> delete_collection(const std::string& name, const DeleteCollectionOptions& options) {
  Request request{Method::DELETE, collection_path(name)};
  add_bool(request.params, "isSystem", options.is_system);
  return {std::move(request), [ignore_missing = options.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404 && r.error_code == errno_::DATA_SOURCE_NOT_FOUND) {
              return false;
            }
            require_success<CollectionDeleteError>(r);
            return true;
          }};
}

Operation<std::vector<std::string>> key_generators() {
  return {Request{Method::GET, "/_api/key-generators"}, [](Response& r) {
            require_success<CollectionKeyGeneratorsError>(r);
            return string_list(body_json(r)["keyGenerators"]);
          }};
}

}  // namespace ops
}  // namespace detail
}  // namespace v1
}  // namespace arango
