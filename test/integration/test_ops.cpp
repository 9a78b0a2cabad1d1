// Backup, Replication and the Cluster API of a single server, against the server named by
// ARANGO_URL (the emulator by default): every Backup method (a backup really restores what was
// written), every Replication method, and the Cluster calls a single server refuses with its
// errors. The cluster answers themselves are in test_cluster.cpp (an emulator started with
// --cluster).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

/// The ids listed by Backup::get's result.
std::vector<std::string> listed_ids(const Json& result) {
  std::vector<std::string> out;
  for (auto [key, value] : result["list"].members()) out.emplace_back(key);
  return out;
}

/// Polls an upload or download until its status is not STARTED any more.
template <class Call>
Json wait_transfer(Call&& call) {
  for (int i = 0; i < 500; ++i) {
    Json progress = call();
    std::string status(progress["DBServers"]["SNGL"]["Status"].as_string());
    if (status != "STARTED") return progress;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("transfer did not finish");
  return {};
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "backup: create, list, restore (the change is gone), delete",
                 "[backup]") {
  auto col = make_collection("items");
  (void)col.insert(Json::parse(R"({"_key": "a", "v": 1})")).get();
  (void)col.insert(Json::parse(R"({"_key": "b", "v": 2})")).get();

  Backup backup = sys.backup();
  BackupInfo info = backup.create({.label = "before change"}).get();
  CHECK(info.id.ends_with("_before_change"));
  CHECK(info.datetime.size() == 20);
  CHECK_FALSE(info.potentially_inconsistent);
  CHECK(info.nr_db_servers == 1);
  CHECK(info.size_in_bytes > 0);
  CHECK(info.raw["id"].as_string() == info.id);

  // change: an update, a removal, an insert, a new collection, a dropped database's worth
  (void)col.update(Json::parse(R"({"_key": "a", "v": 100})")).get();
  (void)col.delete_("b").get();
  (void)col.insert(Json::parse(R"({"_key": "c", "v": 3})")).get();
  auto later = make_collection("later");
  CHECK(col.count().get() == 2);

  Json listed = backup.get().get();
  CHECK(listed["server"].as_string().starts_with("SNGL-"));
  auto ids = listed_ids(listed);
  CHECK(std::find(ids.begin(), ids.end(), info.id) != ids.end());
  Json one = backup.get(info.id).get();
  REQUIRE(listed_ids(one) == std::vector<std::string>{info.id});
  CHECK(one["list"][info.id]["version"].as_string() == "3.12.10");
  CHECK(one["list"][info.id]["available"].as_bool());
  CHECK(one["list"][info.id]["sizeInBytes"].as_int64() == info.size_in_bytes);

  Json restored = backup.restore(info.id).get();
  CHECK(restored["previous"].is_string());
  CHECK_FALSE(restored["isCluster"].as_bool());

  // the state of the backup: a is 1 again, b is back, c and the later collection are gone
  CHECK(col.count().get() == 2);
  CHECK((*col.get("a").get())["v"].as_int64() == 1);
  CHECK(col.get("b").get().has_value());
  CHECK_FALSE(col.get("c").get().has_value());
  CHECK_FALSE(db.has_collection(later.name()).get());
  // the key generator and the documents keep working after a restore
  (void)col.insert(Json::parse(R"({"_key": "d"})")).get();
  CHECK(col.count().get() == 3);

  // a backup can be restored again (restore copies it)
  (void)col.delete_("a").get();
  (void)backup.restore(info.id).get();
  CHECK(col.count().get() == 2);
  CHECK(col.get("a").get().has_value());

  backup.delete_(info.id).get();
  auto after = listed_ids(backup.get().get());
  CHECK(std::find(after.begin(), after.end(), info.id) == after.end());
  auto gone = expect_error<BackupDeleteError>([&] { backup.delete_(info.id).get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_message() == "No such backup");
  CHECK(expect_error<BackupRestoreError>([&] { (void)backup.restore(info.id).get(); }).http_code() == 404);
  CHECK(expect_error<BackupGetError>([&] { (void)backup.get(info.id).get(); }).http_code() == 404);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "backup: users are part of a backup", "[backup]") {
  std::string user = testenv::unique_name("bkuser");
  Backup backup = sys.backup();
  BackupInfo info = backup.create().get();
  CHECK(info.id.size() > 21);  // datetime, '_', a UUID
  (void)sys.create_user({.user = user, .password = "pw"}).get();
  CHECK(sys.has_user(user).get());
  (void)backup.restore(info.id).get();
  CHECK_FALSE(sys.has_user(user).get());
  backup.delete_(info.id).get();
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "backup: bad arguments and rights", "[backup]") {
  Backup backup = sys.backup();
  auto bad = expect_error<BackupCreateError>([&] { (void)backup.create({.timeout = -1.0}).get(); });
  CHECK(bad.http_code() == 400);
  // a user without admin rights (read-only on _system) may not use the API
  std::string user = testenv::unique_name("bknoadmin");
  (void)sys.create_user({.user = user, .password = "pw"}).get();
  (void)sys.update_permission(user, "ro", "_system").get();
  (void)sys.update_permission(user, "ro", db_name).get();
  StandardDatabase other = client.db(db_name, testenv::with_auth(user, "pw")).get();
  CHECK(expect_error<BackupGetError>([&] { (void)other.backup().get().get(); }).http_code() == 403);
  (void)sys.delete_user(user).get();
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "backup: upload to and download from a local repository",
                 "[backup]") {
  auto col = make_collection("remote");
  (void)col.insert(Json::parse(R"({"_key": "x", "n": 7})")).get();
  (void)col.add_index("persistent", {"n"}, {.unique = true}).get();
  Backup backup = sys.backup();
  BackupInfo info = backup.create({.label = "remote"}).get();

  std::filesystem::path dir = std::filesystem::temp_directory_path() / testenv::unique_name("arango-backups");
  std::filesystem::create_directories(dir);
  std::string repository = "local://" + dir.string();
  Json config = Json::parse(R"({"local": {"type": "local"}})");

  Json scheduled = backup.upload({.backup_id = info.id, .repository = repository, .config = config}).get();
  std::string upload_id(scheduled["uploadId"].as_string());
  Json done = wait_transfer([&] { return backup.upload({.transfer_id = upload_id}).get(); });
  CHECK(done["UploadId"].as_string() == upload_id);
  CHECK(done["BackupId"].as_string() == info.id);
  CHECK(done["DBServers"]["SNGL"]["Status"].as_string() == "COMPLETED");
  CHECK(done["DBServers"]["SNGL"]["Progress"]["Done"].as_int64() ==
        done["DBServers"]["SNGL"]["Progress"]["Total"].as_int64());
  CHECK(std::filesystem::exists(dir / info.id / "META"));
  CHECK(std::filesystem::exists(dir / info.id / "emulator-backup.json"));

  // gone locally, then downloaded back: restorable again
  backup.delete_(info.id).get();
  (void)col.delete_("x").get();
  Json dl = backup.download({.backup_id = info.id, .repository = repository, .config = config}).get();
  std::string download_id(dl["downloadId"].as_string());
  Json dl_done = wait_transfer([&] { return backup.download({.transfer_id = download_id}).get(); });
  CHECK(dl_done["DBServers"]["SNGL"]["Status"].as_string() == "COMPLETED");
  REQUIRE(listed_ids(backup.get(info.id).get()) == std::vector<std::string>{info.id});
  (void)backup.restore(info.id).get();
  CHECK((*col.get("x").get())["n"].as_int64() == 7);
  // the unique index came back with it
  CHECK(expect_error<DocumentInsertError>([&] { (void)col.insert(Json::parse(R"({"n": 7})")).get(); })
            .error_code() == errno_::UNIQUE_CONSTRAINT_VIOLATED);
  backup.delete_(info.id).get();

  // errors: an unknown backup, an unknown transfer, a repository that is not local
  CHECK(expect_error<BackupUploadError>([&] {
          (void)backup.upload({.backup_id = "nope", .repository = repository, .config = config}).get();
        }).http_code() == 404);
  CHECK(expect_error<BackupUploadError>([&] { (void)backup.upload({.transfer_id = "1"}).get(); }).http_code() ==
        404);
  CHECK(expect_error<BackupDownloadError>([&] {
          (void)backup.download({.backup_id = "x", .repository = "s3://bucket", .config = config}).get();
        }).http_code() == 400);
  // a download of something the repository does not hold fails as a job
  Json missing = backup.download({.backup_id = "not-there", .repository = repository, .config = config}).get();
  Json failed = wait_transfer(
      [&] { return backup.download({.transfer_id = std::string(missing["downloadId"].as_string())}).get(); });
  CHECK(failed["DBServers"]["SNGL"]["Status"].as_string() == "FAILED");
  std::filesystem::remove_all(dir);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "replication: server id, logger, applier, batch, inventory, dump",
                 "[replication]") {
  auto col = make_collection("repl");
  for (int i = 0; i < 50; ++i) (void)col.insert(Json::parse(R"({"i": )" + std::to_string(i) + "}")).get();
  (void)col.add_index("persistent", {"i"}).get();
  Replication repl = db.replication();

  std::string id = repl.server_id().get();
  CHECK_FALSE(id.empty());
  CHECK(id.find_first_not_of("0123456789") == std::string::npos);

  Json logger = repl.logger_state().get();
  CHECK(logger["state"]["running"].as_bool());
  std::string tick1(logger["state"]["lastLogTick"].as_string());
  CHECK(logger["server"]["serverId"].as_string() == id);
  CHECK(logger["server"]["engine"].as_string() == "rocksdb");
  (void)col.insert(Json::parse("{}")).get();
  std::string tick2(repl.logger_state().get()["state"]["lastLogTick"].as_string());
  CHECK(std::stoull(tick2) > std::stoull(tick1));

  Json config = repl.applier_config().get();
  CHECK(config["requestTimeout"].is_number());
  CHECK_FALSE(config["autoStart"].as_bool());
  Json state = repl.applier_state().get();
  CHECK_FALSE(state["state"]["running"].as_bool());
  CHECK(state["database"].as_string() == db_name);

  // a batch (sent through the generic request call: the seed has no method for it)
  Request create_batch(Method::POST, "/_api/replication/batch", {}, R"({"ttl": 60})");
  Response batch = db.request(std::move(create_batch)).get();
  REQUIRE(batch.status_code == 200);
  std::string batch_id(Json::parse(batch.raw_body)["id"].as_string());

  Json inventory = repl.inventory(batch_id, {.include_system = false}).get();
  bool found = false;
  for (JsonView c : inventory["collections"].elements()) {
    CHECK_FALSE(c["parameters"]["isSystem"].as_bool());
    if (c["parameters"]["name"].as_string() == col.name()) {
      found = true;
      CHECK(c["indexes"].size() == 1);
      CHECK(c["indexes"][0]["fields"][0].as_string() == "i");
    }
  }
  CHECK(found);
  CHECK(inventory["state"]["running"].as_bool());
  CHECK(inventory["tick"].is_string());
  Json with_system = repl.inventory(batch_id, {.include_system = true}).get();
  CHECK(with_system["collections"].size() > inventory["collections"].size());

  // the dump in chunks: every document once, as {"type": 2300, "data": ...} lines
  std::size_t lines = 0;
  for (int round = 0; round < 100; ++round) {
    std::string chunk = repl.dump(col.name(), {.batch_id = batch_id, .chunk_size = 512}).get();
    if (chunk.empty()) break;
    std::istringstream in(chunk);
    for (std::string line; std::getline(in, line);) {
      Json event = Json::parse(line);
      CHECK(event["type"].as_int64() == 2300);
      CHECK(event["data"]["_key"].is_string());
      ++lines;
    }
  }
  CHECK(lines == 51);

  auto no_batch = expect_error<ReplicationInventoryError>([&] { (void)repl.inventory("12345").get(); });
  CHECK(no_batch.http_code() == 404);
  CHECK(no_batch.error_code() == errno_::CURSOR_NOT_FOUND);
  CHECK(expect_error<ReplicationDumpError>([&] { (void)repl.dump(col.name(), {.batch_id = "1"}).get(); })
            .http_code() == 404);
  CHECK(expect_error<ReplicationDumpError>([&] { (void)repl.dump("", {.batch_id = batch_id}).get(); })
            .http_code() == 400);
  // a single server has no cluster inventory
  CHECK(expect_error<ReplicationClusterInventoryError>([&] { (void)repl.cluster_inventory().get(); })
            .error_code() == errno_::CLUSTER_ONLY_ON_COORDINATOR);

  Request drop(Method::DELETE, "/_api/replication/batch/" + batch_id);
  CHECK(db.request(std::move(drop)).get().status_code == 204);
  CHECK(expect_error<ReplicationInventoryError>([&] { (void)repl.inventory(batch_id).get(); }).http_code() == 404);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "cluster: a single server's answers", "[cluster]") {
  Cluster cluster = sys.cluster();
  CHECK(cluster.server_role().get() == "SINGLE");
  auto id = expect_error<ClusterServerIDError>([&] { (void)cluster.server_id().get(); });
  CHECK(id.http_code() == 500);
  auto health = expect_error<ClusterHealthError>([&] { (void)cluster.health().get(); });
  CHECK(health.http_code() == 403);
  CHECK(expect_error<ClusterEndpointsError>([&] { (void)cluster.endpoints().get(); }).http_code() == 501);
  auto stats = expect_error<ClusterStatisticsError>([&] { (void)cluster.statistics("PRMR-1").get(); });
  CHECK(stats.http_code() == 403);
  CHECK(stats.error_message() == "only allowed on coordinators");
  CHECK(expect_error<ClusterMaintenanceModeError>([&] { (void)cluster.toggle_maintenance_mode("on").get(); })
            .http_code() == 403);
  CHECK(expect_error<ClusterMaintenanceModeError>([&] { (void)cluster.server_maintenance_mode("PRMR-1").get(); })
            .http_code() == 403);
  CHECK(expect_error<ClusterMaintenanceModeError>([&] {
          cluster.toggle_server_maintenance_mode("PRMR-1", "maintenance").get();
        }).http_code() == 403);
  CHECK(expect_error<ClusterRebalanceError>([&] { (void)cluster.calculate_imbalance().get(); }).http_code() == 403);
  CHECK(expect_error<ClusterRebalanceError>([&] { (void)cluster.calculate_rebalance_plan().get(); }).http_code() ==
        403);
  CHECK(expect_error<ClusterRebalanceError>([&] { (void)cluster.rebalance().get(); }).http_code() == 403);
  CHECK(expect_error<ClusterRebalanceError>([&] {
          (void)cluster.execute_rebalance_plan(Json::parse("[]")).get();
        }).http_code() == 403);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "ops: calls as async jobs", "[backup][replication]") {
  AsyncDatabase async_db = sys.begin_async_execution();
  auto job = async_db.replication().logger_state().get();
  REQUIRE(job.has_value());
  REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(job->result().get()["state"]["running"].as_bool());
  auto role = async_db.cluster().server_role().get();
  REQUIRE(role.has_value());
  REQUIRE(role->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(role->result().get() == "SINGLE");
  auto list = async_db.backup().get().get();
  REQUIRE(list.has_value());
  REQUIRE(list->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(list->result().get()["list"].is_object());
}
