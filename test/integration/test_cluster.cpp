// The Cluster API against a cluster: the emulator started with --cluster and two listeners (its
// coordinators), or a real cluster named by ARANGO_URL. Every Cluster method: health,
// statistics, endpoints, server id and role, both maintenance modes, imbalance and rebalance.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

std::vector<std::string> db_servers(const Json& health) {
  std::vector<std::string> out;
  for (auto [id, member] : health["Health"].members()) {
    if (member["Role"].as_string() == "DBServer") out.emplace_back(id);
  }
  return out;
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "cluster: health, endpoints, server id and role", "[cluster]") {
  Cluster cluster = sys.cluster();
  CHECK(cluster.server_role().get() == "COORDINATOR");
  std::string id = cluster.server_id().get();
  CHECK(id.starts_with("CRDN-"));

  Json health = cluster.health().get();
  CHECK(health["ClusterId"].is_string());
  CHECK_FALSE(health.contains("error"));
  int coordinators = 0, agents = 0;
  for (auto [sid, member] : health["Health"].members()) {
    std::string role(member["Role"].as_string());
    if (role == "Coordinator") {
      ++coordinators;
      CHECK(member["Status"].as_string() == "GOOD");
      CHECK(member["ShortName"].as_string().starts_with("Coordinator"));
    }
    if (role == "Agent") ++agents;
    CHECK_FALSE(member["CanBeDeleted"].as_bool());
  }
  CHECK(coordinators == 2);
  CHECK(agents == 1);
  CHECK(health["Health"].contains(id));
  CHECK(db_servers(health).size() == 3);

  std::vector<std::string> endpoints = cluster.endpoints().get();
  REQUIRE(endpoints.size() == 2);
  for (const auto& e : endpoints) CHECK(e.starts_with("tcp://"));
  CHECK(endpoints[0] != endpoints[1]);

  Json stats = cluster.statistics(db_servers(health)[0]).get();
  CHECK(stats["enabled"].as_bool());
  CHECK(stats["server"]["uptime"].is_number());
  CHECK(expect_error<ClusterStatisticsError>([&] { (void)cluster.statistics("PRMR-nope").get(); }).http_code() ==
        404);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "cluster: maintenance modes", "[cluster]") {
  Cluster cluster = sys.cluster();
  Json on = cluster.toggle_maintenance_mode("on").get();
  CHECK(on["warning"].as_string().starts_with("Cluster supervision deactivated"));
  Json off = cluster.toggle_maintenance_mode("off").get();
  CHECK(off["warning"].as_string() == "Cluster supervision reactivated.");
  auto bad = expect_error<ClusterMaintenanceModeError>([&] { (void)cluster.toggle_maintenance_mode("maybe").get(); });
  CHECK(bad.http_code() == 400);
  CHECK(bad.error_code() == errno_::BAD_PARAMETER);

  std::string server = db_servers(cluster.health().get())[1];
  CHECK(cluster.server_maintenance_mode(server).get()["result"].size() == 0);
  cluster.toggle_server_maintenance_mode(server, "maintenance", 120).get();
  Json status = cluster.server_maintenance_mode(server).get();
  CHECK(status["result"]["Mode"].as_string() == "maintenance");
  CHECK(status["result"]["Until"].is_string());
  cluster.toggle_server_maintenance_mode(server, "normal").get();
  CHECK(cluster.server_maintenance_mode(server).get()["result"].size() == 0);
  CHECK(expect_error<ClusterMaintenanceModeError>([&] {
          cluster.toggle_server_maintenance_mode(server, "sleeping").get();
        }).http_code() == 400);
  CHECK(expect_error<ClusterMaintenanceModeError>([&] { (void)cluster.server_maintenance_mode("PRMR-x").get(); })
            .http_code() == 404);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "cluster: imbalance, plans, rebalance and executing moves",
                 "[cluster]") {
  std::vector<std::string> shards;
  for (int i = 0; i < 6; ++i) shards.push_back("s" + make_collection("shard").properties().get().id);
  Cluster cluster = sys.cluster();
  std::vector<std::string> servers = db_servers(cluster.health().get());
  REQUIRE(servers.size() == 3);

  Json imbalance = cluster.calculate_imbalance().get();
  Json result = imbalance.get("result");
  CHECK(result["leader"]["weightUsed"].size() == 3);
  CHECK(result["shards"]["sizeUsed"].size() == 3);
  CHECK(result["pendingMoveShards"].as_int64() == 0);
  CHECK(result["todoMoveShards"].as_int64() == 0);

  // execute_rebalance_plan: every new shard onto the first server. The client does not know
  // a shard's leader, so each move is tried from every other server: exactly one is right
  // (a move from a server that does not lead the shard is refused with 400).
  CHECK(cluster.execute_rebalance_plan(Json::parse("[]")).get() == 200);
  for (const std::string& shard : shards) {
    int accepted = 0;
    for (std::size_t from = 1; from < servers.size(); ++from) {
      std::string move = R"([{"shard": ")" + shard + R"(", "from": ")" + servers[from] + R"(", "to": ")" +
                         servers[0] + R"(", "collection": "0", "database": ")" + db_name + R"(", "isLeader": true}])";
      try {
        std::int64_t code = cluster.execute_rebalance_plan(Json::parse(move)).get();
        CHECK(code == 202);
        ++accepted;
      } catch (const ClusterRebalanceError& e) {
        CHECK(e.http_code() == 400);
      }
    }
    CHECK(accepted <= 1);
  }
  Json skewed = cluster.calculate_imbalance().get().get("result");
  CHECK(skewed["leader"]["imbalance"].as_double() > result["leader"]["imbalance"].as_double());
  CHECK(skewed["leader"]["numberShards"][0].as_int64() >= 6);

  // with the defaults (no leader moves) and one copy per shard there is nothing to move
  Json plan = cluster.calculate_rebalance_plan().get();
  CHECK(plan["moves"].size() == 0);
  CHECK(plan["imbalanceBefore"]["leader"]["imbalance"].as_double() == skewed["leader"]["imbalance"].as_double());

  // moving leaders: moves away from the first server, a better balance afterwards
  Json leaders = cluster.calculate_rebalance_plan({.move_leaders = true}).get();
  REQUIRE(leaders["moves"].size() > 0);
  for (JsonView m : leaders["moves"].elements()) {
    CHECK(m["isLeader"].as_bool());
    CHECK(m["from"].as_string() == servers[0]);
  }
  CHECK(leaders["imbalanceAfter"]["leader"]["imbalance"].as_double() <
        leaders["imbalanceBefore"]["leader"]["imbalance"].as_double());
  // a plan is not executed: the imbalance is unchanged
  CHECK(cluster.calculate_imbalance().get().get("result")["leader"]["imbalance"].as_double() ==
        skewed["leader"]["imbalance"].as_double());
  // at most maximum_number_of_moves
  CHECK(cluster.calculate_rebalance_plan({.maximum_number_of_moves = 1, .move_leaders = true}).get()["moves"].size() ==
        1);

  // rebalance (PUT) executes what it computes: afterwards, no further moves
  Json done = cluster.rebalance({.move_leaders = true}).get();
  CHECK(done["moves"].size() == leaders["moves"].size());
  Json again = cluster.calculate_rebalance_plan({.move_leaders = true}).get();
  CHECK(again["moves"].size() == 0);
  CHECK(again["imbalanceBefore"]["leader"]["imbalance"].as_double() ==
        done["imbalanceAfter"]["leader"]["imbalance"].as_double());

  CHECK(expect_error<ClusterRebalanceError>([&] { (void)cluster.execute_rebalance_plan(Json::parse("[]"), 2).get(); })
            .http_code() == 400);
  CHECK(expect_error<ClusterRebalanceError>([&] { (void)cluster.calculate_rebalance_plan({.version = 2}).get(); })
            .http_code() == 400);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "cluster: replication cluster inventory", "[cluster]") {
  auto col = make_collection("inv");
  Json inv = db.replication().cluster_inventory(false).get();
  bool found = false;
  for (JsonView c : inv["collections"].elements()) {
    if (c["parameters"]["name"].as_string() == col.name()) found = true;
    CHECK_FALSE(c["parameters"]["isSystem"].as_bool());
  }
  CHECK(found);
  CHECK(inv["state"].as_string() == "unused");
}
