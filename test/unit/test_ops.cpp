// Backup, Cluster and Replication calls through a mock transport: the requests they send
// (method, path with or without the database prefix, query, body), how the answers are
// decoded, and which error class each failure raises.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

using Fixture = testenv::MockDatabase;
const char* const kForbidden =
    R"({"code":403,"error":true,"errorMessage":"only allowed on coordinators","errorNum":403})";

}  // namespace

TEST_CASE_METHOD(Fixture, "backup: requests and decoding", "[backup]") {
  Backup b = db.backup();
  mock->answer(201, R"({"error":false,"code":201,"result":{"id":"2026-08-04T15.27.49Z_foo",
    "potentiallyInconsistent":false,"sizeInBytes":8611371,"datetime":"2026-08-04T15:27:49Z","nrDBServers":1,"nrFiles":30}})");
  BackupInfo info = b.create({.label = "foo", .allow_inconsistent = false, .timeout = 2.5}).get();
  CHECK(last().method == Method::POST);
  CHECK(last().url == "http://h:1/_admin/backup/create");
  CHECK(last().body == R"({"label":"foo","allowInconsistent":false,"timeout":2.5})");
  CHECK(info.id == "2026-08-04T15.27.49Z_foo");
  CHECK(info.size_in_bytes == 8611371);
  CHECK(info.nr_files == 30);
  CHECK(info.datetime == "2026-08-04T15:27:49Z");
  CHECK(info.raw["nrDBServers"].as_int64() == 1);

  mock->answer(200, R"({"error":false,"code":200,"result":{"server":"SNGL-1","list":{}}})");
  Json list = b.get().get();
  CHECK(last().body.empty());
  CHECK(list["server"].as_string() == "SNGL-1");
  mock->answer(200, R"({"error":false,"code":200,"result":{"server":"SNGL-1","list":{}}})");
  (void)b.get("x").get();
  CHECK(last().body == R"({"id":"x"})");

  mock->answer(200, R"({"error":false,"code":200,"result":{"previous":"FAILSAFE","isCluster":false}})");
  CHECK(b.restore("x").get()["previous"].as_string() == "FAILSAFE");
  CHECK(last().url == "http://h:1/_admin/backup/restore");
  CHECK(last().body == R"({"id":"x"})");

  mock->answer(200, R"({"error":false,"code":200})");
  b.delete_("x").get();
  CHECK(last().url == "http://h:1/_admin/backup/delete");

  mock->answer(202, R"({"error":false,"code":202,"result":{"uploadId":"7"}})");
  Json up = b.upload({.backup_id = "x", .repository = "local://tmp/b", .config = Json::parse(R"({"local":{}})")}).get();
  CHECK(up["uploadId"].as_string() == "7");
  CHECK(last().body == R"({"id":"x","remoteRepository":"local://tmp/b","config":{"local":{}}})");
  mock->answer(200, R"({"error":false,"code":200,"result":{"UploadId":"7"}})");
  (void)b.upload({.abort = true, .transfer_id = "7"}).get();
  CHECK(last().body == R"({"uploadId":"7","abort":true})");
  mock->answer(200, R"({"error":false,"code":200,"result":{"DownloadId":"8"}})");
  (void)b.download({.transfer_id = "8"}).get();
  CHECK(last().url == "http://h:1/_admin/backup/download");
  CHECK(last().body == R"({"downloadId":"8"})");

  const char* missing = R"({"code":404,"error":true,"errorMessage":"No such backup","errorNum":404})";
  mock->answer(404, missing);
  CHECK_THROWS_AS(b.get("y").get(), BackupGetError);
  mock->answer(404, missing);
  CHECK_THROWS_AS(b.restore("y").get(), BackupRestoreError);
  mock->answer(404, missing);
  CHECK_THROWS_AS(b.delete_("y").get(), BackupDeleteError);
  mock->answer(400, missing);
  CHECK_THROWS_AS(b.create().get(), BackupCreateError);
  mock->answer(400, missing);
  CHECK_THROWS_AS(b.upload({}).get(), BackupUploadError);
  mock->answer(400, missing);
  CHECK_THROWS_AS(b.download({}).get(), BackupDownloadError);
}

TEST_CASE_METHOD(Fixture, "cluster: requests and decoding", "[cluster]") {
  Cluster c = db.cluster();
  mock->answer(200, R"({"ClusterId":"u","Health":{},"error":false,"code":200})");
  Json health = c.health().get();
  CHECK(last().url == "http://h:1/_admin/cluster/health");
  CHECK(health["ClusterId"].as_string() == "u");
  CHECK_FALSE(health.contains("code"));

  mock->answer(200, R"({"version":"3.12.4"})");  // statistics is gated (4.0 removed it): the version first
  mock->answer(200, R"({"time":1,"enabled":true,"error":false,"code":200})");
  (void)c.statistics("PRMR-1").get();
  CHECK(last().url == "http://h:1/_admin/cluster/statistics?DBserver=PRMR-1");

  mock->answer(200, R"({"error":false,"code":200,"endpoints":[{"endpoint":"tcp://a:1"},{"endpoint":"tcp://b:2"}]})");
  CHECK(c.endpoints().get() == std::vector<std::string>{"tcp://a:1", "tcp://b:2"});
  CHECK(last().url == "http://h:1/_api/cluster/endpoints");

  mock->answer(200, R"({"error":false,"code":200,"id":"CRDN-1"})");
  CHECK(c.server_id().get() == "CRDN-1");
  CHECK(last().url == "http://h:1/_admin/server/id");
  mock->answer(200, R"({"error":false,"code":200,"role":"COORDINATOR","mode":"default"})");
  CHECK(c.server_role().get() == "COORDINATOR");

  mock->answer(200, R"({"error":false,"warning":"w"})");
  CHECK(c.toggle_maintenance_mode("on").get()["warning"].as_string() == "w");
  CHECK(last().method == Method::PUT);
  CHECK(last().body == R"("on")");
  mock->answer(200, R"({"error":false,"code":200,"result":{}})");
  (void)c.server_maintenance_mode("PRMR 1").get();
  CHECK(last().url == "http://h:1/_admin/cluster/maintenance/PRMR%201");
  mock->answer(200, R"({"error":false,"code":200,"result":{}})");
  c.toggle_server_maintenance_mode("PRMR-1", "maintenance", 30).get();
  CHECK(last().body == R"({"mode":"maintenance","timeout":30})");

  mock->answer(200, R"({"error":false,"code":200,"result":{"leader":{}}})");
  CHECK(c.calculate_imbalance().get()["result"]["leader"].is_object());
  CHECK(last().url == url("/_admin/cluster/rebalance"));  // the seed sends this one with the prefix
  mock->answer(200, R"({"error":false,"code":200,"result":{"moves":[]}})");
  CHECK(c.calculate_rebalance_plan({.databases_excluded = std::vector<std::string>{"a"}, .move_leaders = true})
            .get()["moves"]
            .size() == 0);
  CHECK(last().method == Method::POST);
  CHECK(last().body == R"({"version":1,"databasesExcluded":["a"],"moveLeaders":true})");
  mock->answer(202, R"({"error":false,"code":202,"result":{"moves":[]}})");
  (void)c.rebalance({.maximum_number_of_moves = 5, .pi_factor = 1.5}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().body == R"({"version":1,"maximumNumberOfMoves":5,"piFactor":1.5})");
  mock->answer(202, R"({"error":false,"code":202})");
  CHECK(c.execute_rebalance_plan(Json::parse(R"([{"shard":"s1"}])")).get() == 202);
  CHECK(last().url == "http://h:1/_admin/cluster/rebalance/execute");
  CHECK(last().body == R"({"version":1,"moves":[{"shard":"s1"}]})");

  mock->answer(403, kForbidden);
  CHECK_THROWS_AS(c.health().get(), ClusterHealthError);
  mock->answer(403, kForbidden);
  CHECK_THROWS_AS(c.statistics("x").get(), ClusterStatisticsError);
  mock->answer(501, kForbidden);
  CHECK_THROWS_AS(c.endpoints().get(), ClusterEndpointsError);
  mock->answer(500, kForbidden);
  CHECK_THROWS_AS(c.server_id().get(), ClusterServerIDError);
  mock->answer(500, kForbidden);
  CHECK_THROWS_AS(c.server_role().get(), ClusterServerRoleError);
  mock->answer(403, kForbidden);
  CHECK_THROWS_AS(c.toggle_maintenance_mode("on").get(), ClusterMaintenanceModeError);
  mock->answer(403, kForbidden);
  CHECK_THROWS_AS(c.execute_rebalance_plan(Json::parse("[]")).get(), ClusterRebalanceError);
}

TEST_CASE_METHOD(Fixture, "replication: requests and decoding", "[replication]") {
  Replication r = db.replication();
  mock->answer(200, R"({"collections":[],"views":[],"state":{},"tick":"5"})");
  Json inv = r.inventory("12", {.include_system = false, .all_databases = true, .db_server = "PRMR-1"}).get();
  CHECK(last().url == url("/_api/replication/inventory?batchId=12&includeSystem=false&global=true&DBserver=PRMR-1"));
  CHECK(inv["tick"].as_string() == "5");

  mock->answer(200, "{\"type\":2300,\"data\":{}}\n");
  CHECK(r.dump("c", {.batch_id = "12", .chunk_size = 100}).get() == "{\"type\":2300,\"data\":{}}\n");
  CHECK(last().url == url("/_api/replication/dump?collection=c&batchId=12&chunkSize=100"));

  mock->answer(200, R"({"collections":[],"state":"unused"})");
  (void)r.cluster_inventory(true).get();
  CHECK(last().url == url("/_api/replication/clusterInventory?includeSystem=true"));
  mock->answer(200, R"({"state":{"running":true},"server":{},"clients":[]})");
  CHECK(r.logger_state().get()["state"]["running"].as_bool());
  CHECK(last().url == url("/_api/replication/logger-state"));
  mock->answer(200, R"({"version":"3.12.4"})");  // the applier and server-id calls are gated
  mock->answer(200, R"({"requestTimeout":600})");
  (void)r.applier_config().get();
  CHECK(last().url == url("/_api/replication/applier-config"));
  mock->answer(200, R"({"state":{}})");
  (void)r.applier_state().get();
  CHECK(last().url == url("/_api/replication/applier-state"));
  mock->answer(200, R"({"serverId":"101420792779199"})");
  CHECK(r.server_id().get() == "101420792779199");

  const char* gone = R"({"code":404,"error":true,"errorMessage":"context was not found","errorNum":1600})";
  mock->answer(404, gone);
  CHECK_THROWS_AS(r.inventory("1").get(), ReplicationInventoryError);
  mock->answer(404, gone);
  CHECK_THROWS_AS(r.dump("c").get(), ReplicationDumpError);
  mock->answer(501, gone);
  CHECK_THROWS_AS(r.cluster_inventory().get(), ReplicationClusterInventoryError);
  mock->answer(500, gone);
  CHECK_THROWS_AS(r.logger_state().get(), ReplicationLoggerStateError);
  mock->answer(500, gone);
  CHECK_THROWS_AS(r.applier_config().get(), ReplicationApplierConfigError);
  mock->answer(500, gone);
  CHECK_THROWS_AS(r.applier_state().get(), ReplicationApplierStateError);
  mock->answer(500, gone);
  CHECK_THROWS_AS(r.server_id().get(), ReplicationServerIDError);
}

TEST_CASE_METHOD(Fixture, "replication and cluster: the calls ArangoDB 4.0 removed fail before sending",
                 "[replication][cluster][version]") {
  mock->answer(200, R"({"server":"arango","version":"4.0.0","license":"community"})");
  CHECK_THROWS_AS(db.replication().applier_config().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.replication().applier_state().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.replication().server_id().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(db.cluster().statistics("PRMR-1").get(), UnsupportedServerAPIError);
  REQUIRE(mock->requests.size() == 1);  // the version only
  // what 4.0 kept still goes out
  mock->answer(200, R"({"state":{"running":true},"server":{},"clients":[]})");
  CHECK(db.replication().logger_state().get()["state"]["running"].as_bool());
  CHECK(last().url == url("/_api/replication/logger-state"));
}
