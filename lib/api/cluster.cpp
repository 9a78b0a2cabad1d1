// Cluster administration: request builders and decoders (/_admin/cluster/*, /_admin/server/*,
// /_api/cluster/endpoints; sent without /_db/<name> as the seed does, except the imbalance).
#include <arango/detail/ops_cluster.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

Request admin_request(Method method, std::string path, std::string body = {}) {
  Request request{method, std::move(path)};
  request.data = std::move(body);
  request.prefix_needed = false;
  return request;
}

template <class Error>
Json formatted(Response& r) {
  require_success<Error>(r);
  return without_envelope(body_json(r));
}

template <class Error>
Json result_of(Response& r) {
  require_success<Error>(r);
  return body_json(r).get("result");
}

std::string rebalance_body(const RebalanceOptions& o) {
  JsonBuilder b;
  b.begin_object();
  b.key("version");
  b.int64(o.version);
  put_if(b, "databasesExcluded", o.databases_excluded);
  put_if(b, "excludeSystemCollections", o.exclude_system_collections);
  put_if(b, "leaderChanges", o.leader_changes);
  put_if(b, "maximumNumberOfMoves", o.maximum_number_of_moves);
  put_if(b, "moveFollowers", o.move_followers);
  put_if(b, "moveLeaders", o.move_leaders);
  put_if(b, "piFactor", o.pi_factor);
  b.end_object();
  return std::move(b.finish()).str();
}

std::string maintenance_path(const std::string& server_id) {
  return "/_admin/cluster/maintenance/" + encode_path_segment(server_id);
}

}  // namespace

Operation<Json> cluster_health() {
  return {admin_request(Method::GET, "/_admin/cluster/health"),
          [](Response& r) { return formatted<ClusterHealthError>(r); }};
}

Operation<Json> cluster_statistics(const std::string& db_server) {
  Request request = admin_request(Method::GET, "/_admin/cluster/statistics");
  request.params.emplace_back("DBserver", db_server);
  // ArangoDB 4.0 removed /_admin/cluster/statistics (use /_admin/metrics)
  return removed_in_v4(
      Operation<Json>{std::move(request), [](Response& r) { return formatted<ClusterStatisticsError>(r); }});
}

Operation<std::vector<std::string>> cluster_endpoints() {
  return {admin_request(Method::GET, "/_api/cluster/endpoints"), [](Response& r) {
            require_success<ClusterEndpointsError>(r);
            Json body = body_json(r);
            JsonView list = body.view()["endpoints"];
            if (!list.is_array()) throw DeserializationError("cluster endpoints: no endpoints array");
            std::vector<std::string> out;
            for (JsonView item : list.elements()) out.emplace_back(item["endpoint"].as_string());
            return out;
          }};
}

Operation<std::string> cluster_server_id() {
  return {admin_request(Method::GET, "/_admin/server/id"), [](Response& r) {
            require_success<ClusterServerIDError>(r);
            return std::string(body_json(r)["id"].as_string());
          }};
}

Operation<std::string> cluster_server_role() {
  return {admin_request(Method::GET, "/_admin/server/role"), [](Response& r) {
            require_success<ClusterServerRoleError>(r);
            return std::string(body_json(r)["role"].as_string());
          }};
}

Operation<Json> cluster_toggle_maintenance(const std::string& mode) {
  JsonBuilder b;
  b.string(mode);
  return {admin_request(Method::PUT, "/_admin/cluster/maintenance", std::move(b.finish()).str()),
          [](Response& r) { return formatted<ClusterMaintenanceModeError>(r); }};
}

Operation<Json> cluster_server_maintenance(const std::string& server_id) {
  return {admin_request(Method::GET, maintenance_path(server_id)),
          [](Response& r) { return formatted<ClusterMaintenanceModeError>(r); }};
}

Operation<void> cluster_toggle_server_maintenance(const std::string& server_id, const std::string& mode,
                                                  std::optional<std::int64_t> timeout) {
  JsonBuilder b;
  b.begin_object();
  b.key("mode");
  b.string(mode);
  put_if(b, "timeout", timeout);
  b.end_object();
  return {admin_request(Method::PUT, maintenance_path(server_id), std::move(b.finish()).str()),
          [](Response& r) { require_success<ClusterMaintenanceModeError>(r); }};
}

Operation<Json> cluster_imbalance() {
  // The seed sends this one with the database prefix.
  return {Request{Method::GET, "/_admin/cluster/rebalance"},
          [](Response& r) { return formatted<ClusterRebalanceError>(r); }};
}

Operation<Json> cluster_rebalance_plan(const RebalanceOptions& options) {
  return {admin_request(Method::POST, "/_admin/cluster/rebalance", rebalance_body(options)),
          [](Response& r) { return result_of<ClusterRebalanceError>(r); }};
}

Operation<Json> cluster_rebalance(const RebalanceOptions& options) {
  return {admin_request(Method::PUT, "/_admin/cluster/rebalance", rebalance_body(options)),
          [](Response& r) { return result_of<ClusterRebalanceError>(r); }};
}

Operation<std::int64_t> cluster_execute_rebalance_plan(const JsonInput& moves, std::int64_t version) {
  std::string body = "{\"version\":" + std::to_string(version) + ",\"moves\":" + moves.text() + "}";
  return {admin_request(Method::POST, "/_admin/cluster/rebalance/execute", std::move(body)), [](Response& r) {
            require_success<ClusterRebalanceError>(r);
            return body_json(r)["code"].as_int64();
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
