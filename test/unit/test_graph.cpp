// Graph calls through a mock transport: the gharial requests they send (paths, parameters,
// bodies), how the answers are decoded, and which error class each failure raises.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../support/mock_http.hpp"
#include "../support/student.hpp"

using namespace arango;
using testenv::Student;

namespace {

using Fixture = testenv::MockDatabase;

const char* const kGraph = R"({"error":false,"code":200,"graph":{"_key":"school","_id":"_graphs/school",
  "_rev":"_r","name":"school","edgeDefinitions":[{"collection":"teaches","from":["teachers"],"to":["students"]},
  {"collection":"attends","from":["students"],"to":["rooms","labs"]}],"orphanCollections":["halls"],
  "smartGraphAttribute":"region"}})";

}  // namespace

TEST_CASE_METHOD(Fixture, "graph: vertex collections", "[graph]") {
  Graph<> g = db.graph("sch ool");

  mock->answer(200, R"({"error":false,"code":200,"collections":["teachers","halls","students"]})");
  CHECK(g.vertex_collections().get() == std::vector<std::string>{"halls", "students", "teachers"});
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/gharial/sch%20ool/vertex"));

  mock->answer(200, R"({"error":false,"code":200,"collections":["teachers","halls"]})");
  CHECK(g.has_vertex_collection("halls").get());
  mock->answer(200, R"({"error":false,"code":200,"collections":["teachers","halls"]})");
  CHECK_FALSE(g.has_vertex_collection("hall").get());
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1924,"errorMessage":"graph 'sch ool' not found"})");
  CHECK_THROWS_AS(g.has_vertex_collection("halls").get(), VertexCollectionListError);

  mock->answer(202, kGraph);
  VertexCollection<Student> labs = g.create_vertex_collection<Student>("labs").get();
  CHECK(labs.name() == "labs");
  CHECK(labs.graph() == "sch ool");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/gharial/sch%20ool/vertex"));
  CHECK(last().body == R"({"collection":"labs"})");
  mock->answer(202, kGraph);
  (void)g.create_vertex_collection("labs", {.satellites = std::vector<std::string>{"s1"}}).get();
  CHECK(last().body == R"({"collection":"labs","options":{"satellites":["s1"]}})");
  mock->answer(400, R"({"error":true,"code":400,"errorNum":1938,"errorMessage":"collection used in orphans"})");
  CHECK_THROWS_AS(g.create_vertex_collection("labs").get(), VertexCollectionCreateError);

  mock->answer(202, kGraph);
  g.delete_vertex_collection("labs").get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/gharial/sch%20ool/vertex/labs?dropCollection=false"));
  mock->answer(202, kGraph);
  g.delete_vertex_collection("labs", true).get();
  CHECK(last().url == url("/_api/gharial/sch%20ool/vertex/labs?dropCollection=true"));
  mock->answer(400, R"({"error":true,"code":400,"errorNum":1928,"errorMessage":"not in orphan"})");
  CHECK_THROWS_AS(g.delete_vertex_collection("labs").get(), VertexCollectionDeleteError);
}

TEST_CASE_METHOD(Fixture, "graph: edge definitions", "[graph]") {
  Graph<> g = db.graph("school");

  mock->answer(200, kGraph);
  std::vector<EdgeDefinition> defs = g.edge_definitions().get();
  CHECK(last().url == url("/_api/gharial/school"));
  REQUIRE(defs.size() == 2);
  CHECK(defs[1] == EdgeDefinition{"attends", {"students"}, {"rooms", "labs"}});
  mock->answer(200, kGraph);
  CHECK(g.has_edge_definition("attends").get());
  mock->answer(200, kGraph);
  CHECK_FALSE(g.has_edge_definition("students").get());
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1924,"errorMessage":"graph 'school' not found"})");
  CHECK_THROWS_AS(g.edge_definitions().get(), EdgeDefinitionListError);
  mock->answer(200, kGraph);
  CHECK(g.properties().get().smart_graph_attribute == "region");

  mock->answer(200, R"({"error":false,"code":200,"collections":["teaches","attends"]})");
  CHECK(g.edge_collections().get() == std::vector<std::string>{"attends", "teaches"});
  CHECK(last().url == url("/_api/gharial/school/edge"));
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1924,"errorMessage":"graph 'school' not found"})");
  CHECK_THROWS_AS(g.edge_collections().get(), EdgeCollectionListError);

  mock->answer(202, kGraph);
  EdgeCollection<> visits = g.create_edge_definition("visits", {"teachers"}, {"rooms", "labs"}).get();
  CHECK(visits.name() == "visits");
  CHECK(visits.graph() == "school");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/gharial/school/edge"));
  CHECK(last().body == R"({"collection":"visits","from":["teachers"],"to":["rooms","labs"]})");
  mock->answer(202, kGraph);
  (void)g.create_edge_definition("visits", {"a"}, {"b"}, {.satellites = std::vector<std::string>{"b"}}).get();
  CHECK(last().body == R"({"collection":"visits","from":["a"],"to":["b"],"options":{"satellites":["b"]}})");
  mock->answer(400, R"({"error":true,"code":400,"errorNum":1920,"errorMessage":"multi use"})");
  CHECK_THROWS_AS(g.create_edge_definition("visits", {"a"}, {"b"}).get(), EdgeDefinitionCreateError);

  mock->answer(202, kGraph);
  EdgeCollection<Student> replaced =
      g.replace_edge_definition<Student>("visits", {"a"}, {"b"},
                                         {.wait_for_sync = true, .drop_collections = false})
          .get();
  CHECK(replaced.name() == "visits");
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/gharial/school/edge/visits?waitForSync=true&dropCollections=false"));
  CHECK(last().body == R"({"collection":"visits","from":["a"],"to":["b"]})");
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1930,"errorMessage":"edge collection not used"})");
  CHECK_THROWS_AS(g.replace_edge_definition("visits", {"a"}, {"b"}).get(), EdgeDefinitionReplaceError);

  mock->answer(202, kGraph);
  g.delete_edge_definition("visits", {.drop_collections = true, .wait_for_sync = false}).get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/gharial/school/edge/visits?dropCollections=true&waitForSync=false"));
  mock->answer(202, kGraph);
  g.delete_edge_definition("visits").get();
  CHECK(last().url == url("/_api/gharial/school/edge/visits"));
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1930,"errorMessage":"edge collection not used"})");
  CHECK_THROWS_AS(g.delete_edge_definition("visits").get(), EdgeDefinitionDeleteError);
}

TEST_CASE_METHOD(Fixture, "graph: vertex and edge calls name the collection by the id", "[graph]") {
  Graph<> g = db.graph("school");

  mock->answer(200, R"({"error":false,"code":200,"vertex":{"_key":"s1","_id":"students/s1","name":"Ann","age":3}})");
  CHECK(g.vertex<Student>("students/s1", {.if_none_match = "_x"}).get()->name == "Ann");
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s1"));
  CHECK(last().headers.find("If-None-Match") == "_x");
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1202,"errorMessage":"document not found"})");
  CHECK_FALSE(g.vertex(Json::object({{"_id", "students/s9"}})).get());
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s9"));
  CHECK_THROWS_AS(g.vertex(Json::object({{"_key", "s9"}})).get(), DocumentParseError);

  mock->answer(200, "");
  CHECK(g.has_vertex("students/s1").get());
  CHECK(last().method == Method::HEAD);
  CHECK(last().url == url("/_api/document/students/s1"));

  mock->answer(202, R"({"error":false,"code":202,"vertex":{"_id":"students/s2","_key":"s2","_rev":"_r"}})");
  DocumentMeta<Student> ins = g.insert_vertex<Student>("students", Student{"s2", "Bo", 4}, {.wait_for_sync = false}).get();
  CHECK(ins.id == "students/s2");
  CHECK(last().url == url("/_api/gharial/school/vertex/students?waitForSync=false"));
  CHECK(last().body == R"({"_key":"s2","name":"Bo","age":4})");

  mock->answer(202, R"({"error":false,"code":202,"vertex":{"_id":"students/s2","_key":"s2","_rev":"_b","_oldRev":"_r"}})");
  (void)g.update_vertex(Json::object({{"_id", "students/s2"}, {"age", 5}}), {.keep_null = true, .if_match = "_r"}).get();
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s2?keepNull=true"));
  CHECK(last().headers.find("If-Match") == "_r");
  CHECK_THROWS_AS(g.update_vertex(Json::object({{"_key", "s2"}})).get(), DocumentParseError);
  mock->answer(202, R"({"error":false,"code":202,"vertex":{"_id":"students/s2","_key":"s2","_rev":"_c","_oldRev":"_b"}})");
  (void)g.replace_vertex(Json::object({{"_id", "students/s2"}, {"name", "B"}}), {.return_old = true}).get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s2?returnOld=true"));

  mock->answer(202, R"({"error":false,"code":202,"removed":true})");
  auto removed = g.delete_vertex("students/s2", {.wait_for_sync = true}).get();
  REQUIRE(removed);
  CHECK(removed->id == "students/s2");
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/gharial/school/vertex/students/s2?waitForSync=true"));

  mock->answer(200, R"({"error":false,"code":200,"edge":{"_key":"e","_id":"teaches/e","_from":"t/a","_to":"s/b"}})");
  CHECK((*g.edge("teaches/e", {.rev = "_r"}).get())["_from"].as_string() == "t/a");
  CHECK(last().url == url("/_api/gharial/school/edge/teaches/e?rev=_r"));
  mock->answer(200, "");
  CHECK(g.has_edge(Json::object({{"_id", "teaches/e"}})).get());
  CHECK(last().url == url("/_api/document/teaches/e"));
  mock->answer(202, R"({"error":false,"code":202,"edge":{"_id":"teaches/f","_key":"f","_rev":"_r"}})");
  CHECK(g.insert_edge("teaches", Json::object({{"_from", "t/a"}, {"_to", "s/b"}}), {.return_new = false}).get().key ==
        "f");
  CHECK(last().url == url("/_api/gharial/school/edge/teaches?returnNew=false"));
  mock->answer(202, R"({"error":false,"code":202,"edge":{"_id":"teaches/f","_key":"f","_rev":"_s","_oldRev":"_r"}})");
  (void)g.update_edge(Json::object({{"_id", "teaches/f"}, {"w", 1}})).get();
  CHECK(last().url == url("/_api/gharial/school/edge/teaches/f"));
  mock->answer(202, R"({"error":false,"code":202,"edge":{"_id":"teaches/f","_key":"f","_rev":"_t","_oldRev":"_s"}})");
  (void)g.replace_edge(Json::object({{"_id", "teaches/f"}, {"_from", "t/a"}, {"_to", "s/b"}})).get();
  CHECK(last().method == Method::PUT);
  mock->answer(404, R"({"error":true,"code":404,"errorNum":1202,"errorMessage":"document not found"})");
  CHECK_FALSE(g.delete_edge("teaches/f", {.ignore_missing = true}).get());
  CHECK(last().url == url("/_api/gharial/school/edge/teaches/f"));

  mock->answer(200, R"({"error":false,"code":200,"edges":[],"stats":{}})");
  (void)g.edges("teaches", "t/a", {.direction = "in"}).get();
  CHECK(last().url == url("/_api/edges/teaches?vertex=t%2Fa&direction=in"));
  mock->answer(202, R"({"error":false,"code":202,"edge":{"_id":"teaches/g","_key":"g","_rev":"_r"}})");
  CHECK(g.link("teaches", "t/a", "s/b").get().id == "teaches/g");
  CHECK(last().url == url("/_api/gharial/school/edge/teaches?returnNew=false"));
  CHECK(last().body == R"({"_from":"t/a","_to":"s/b"})");
}
