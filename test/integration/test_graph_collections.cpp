// VertexCollection, EdgeCollection and the graph calls that reach them (gharial), against the
// server named by ARANGO_URL (the emulator by default).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <string>

#include "../support/collections.hpp"
#include "../support/task.hpp"

using namespace arango;
using testenv::expect_error;
using testenv::Student;

namespace {

/// A fresh database with a graph "school": teachers -teaches-> students, orphan "rooms".
struct GraphFixture : testenv::DatabaseFixture {
  Graph<> school = db.create_graph("school", {.edge_definitions = {{"teaches", {"teachers"}, {"students"}}},
                                              .orphan_collections = {"rooms"}})
                       .get();
  VertexCollection<> teachers = school.vertex_collection("teachers");
  VertexCollection<Student> students = school.vertex_collection<Student>("students");
  EdgeCollection<> teaches = school.edge_collection("teaches");
};

testenv::Task await_vertex(VertexCollection<> v, std::optional<Json>& out) {
  out = co_await v.get("cb", {}, use_awaitable);
}

bool has_name(const std::vector<GraphProperties>& graphs, const std::string& name) {
  return std::any_of(graphs.begin(), graphs.end(), [&](const GraphProperties& g) { return g.name == name; });
}

}  // namespace

TEST_CASE_METHOD(GraphFixture, "graphs: create, list, properties, delete", "[graphs]") {
  CHECK(school.name() == "school");
  CHECK(db.has_graph("school").get());
  CHECK_FALSE(db.has_graph("no_such_graph").get());
  CHECK(has_name(db.graphs().get(), "school"));

  GraphProperties p = school.properties().get();
  CHECK(p.name == "school");
  REQUIRE(p.edge_definitions.size() == 1);
  CHECK(p.edge_definitions[0] == EdgeDefinition{"teaches", {"teachers"}, {"students"}});
  CHECK(p.orphan_collections == std::vector<std::string>{"rooms"});
  CHECK_FALSE(p.is_smart);

  // The graph created its collections with the right types.
  CHECK(db.collection("teaches").properties().get().type == CollectionType::EDGE);
  CHECK(db.collection("students").properties().get().type == CollectionType::DOCUMENT);
  CHECK(db.has_collection("rooms").get());

  auto dup = expect_error<GraphCreateError>([&] { (void)db.create_graph("school").get(); });
  CHECK(dup.http_code() == 409);
  CHECK(dup.error_code() == errno_::GRAPH_DUPLICATE);

  auto missing = expect_error<GraphPropertiesError>([&] { (void)db.graph("nope").properties().get(); });
  CHECK(missing.http_code() == 404);
  CHECK(missing.error_code() == errno_::GRAPH_NOT_FOUND);

  Graph<> other = db.create_graph("other", {.edge_definitions = {{"links", {"a"}, {"b"}}}}).get();
  CHECK(db.delete_graph("other", {.drop_collections = true}).get());
  CHECK_FALSE(db.has_graph("other").get());
  CHECK_FALSE(db.has_collection("links").get());
  CHECK_FALSE(db.delete_graph("other", {.ignore_missing = true}).get());
  auto gone = expect_error<GraphDeleteError>([&] { (void)db.delete_graph("other").get(); });
  CHECK(gone.error_code() == errno_::GRAPH_NOT_FOUND);
  (void)other;

  CHECK(db.delete_graph("school").get());
  CHECK(db.has_collection("students").get());  // kept without drop_collections
}

TEST_CASE_METHOD(GraphFixture, "vertices: insert, get, update, replace, delete_", "[graphs][vertices]") {
  DocumentMeta<Student> ann = students.insert(Student{"ann", "Ann", 20}, {.return_new = true}).get();
  CHECK(ann.id == "students/ann");
  CHECK(ann.key == "ann");
  CHECK_FALSE(ann.rev.empty());
  REQUIRE(ann.new_doc);
  CHECK(ann.new_doc->name == "Ann");

  std::optional<Student> got = students.get("ann").get();
  REQUIRE(got);
  CHECK(*got == Student{"ann", "Ann", 20});
  CHECK(students.get("students/ann", {.rev = ann.rev}).get()->age == 20);
  CHECK_FALSE(students.get("nobody").get());

  // The document API sees the same vertex (has() is the document API for every collection kind).
  CHECK(students.has("ann").get());
  CHECK(db.document("students/ann").get().has_value());

  DocumentMeta<Student> upd =
      students.update(Json::object({{"_key", "ann"}, {"age", 21}}), {.return_new = true, .return_old = true}).get();
  CHECK(upd.old_rev == ann.rev);
  CHECK(upd.rev != ann.rev);
  REQUIRE(upd.old_doc);
  REQUIRE(upd.new_doc);
  CHECK(upd.old_doc->age == 20);
  CHECK(upd.new_doc->age == 21);
  CHECK(upd.new_doc->name == "Ann");

  DocumentMeta<Student> rep = students.replace(Student{"ann", "Anna", 22}, {.return_new = true}).get();
  CHECK(rep.new_doc->name == "Anna");
  CHECK(rep.old_rev == upd.rev);

  // keep_null=false removes attributes set to null.
  (void)teachers.insert(Json::object({{"_key", "t1"}, {"a", 1}, {"b", 2}})).get();
  (void)teachers.update(Json::parse(R"({"_key":"t1","a":null})"), {.keep_null = false}).get();
  Json t1 = *teachers.get("t1").get();
  CHECK_FALSE(t1.contains("a"));
  CHECK(t1["b"].as_int64() == 2);

  auto removed = students.delete_("ann", {.return_old = true}).get();
  REQUIRE(removed);
  CHECK(removed->id == "students/ann");
  REQUIRE(removed->old_doc);
  CHECK(removed->old_doc->name == "Anna");
  CHECK_FALSE(students.get("ann").get());
  CHECK_FALSE(students.delete_("ann", {.ignore_missing = true}).get());
  auto e = expect_error<DocumentDeleteError>([&] { (void)students.delete_("ann").get(); });
  CHECK(e.http_code() == 404);
  CHECK(e.error_code() == errno_::DOCUMENT_NOT_FOUND);
}

TEST_CASE_METHOD(GraphFixture, "vertex preconditions and errors", "[graphs][vertices][errors]") {
  DocumentMeta<Json> t = teachers.insert(Json::object({{"_key", "t"}, {"n", 1}})).get();

  auto stale = expect_error<DocumentRevisionError>(
      [&] { (void)teachers.update(Json::object({{"_key", "t"}, {"n", 2}}), {.if_match = "_stale_rev"}).get(); });
  CHECK(stale.http_code() == 412);
  CHECK(stale.error_code() == errno_::CONFLICT);
  CHECK(teachers.update(Json::object({{"_key", "t"}, {"n", 2}}), {.if_match = t.rev}).get().old_rev == t.rev);

  CHECK_THROWS_AS(teachers.get("t", {.if_match = "_stale_rev"}).get(), DocumentRevisionError);
  auto not_modified = expect_error<DocumentGetError>([&] {
    std::string rev = (*teachers.get("t").get())["_rev"].as_string().data();
    (void)teachers.get("t", {.if_none_match = rev}).get();
  });
  CHECK(not_modified.http_code() == 304);
  CHECK_THROWS_AS(teachers.delete_("t", {.if_match = "_stale_rev"}).get(), DocumentRevisionError);

  // A collection that is not part of the graph.
  auto outsider = school.vertex_collection("outsiders");
  auto not_in_graph = expect_error<DocumentInsertError>([&] { (void)outsider.insert(Json::object({})).get(); });
  CHECK(not_in_graph.http_code() == 404);
  CHECK(not_in_graph.error_code() == errno_::GRAPH_COLLECTION_NOT_PART_OF_THE_GRAPH);

  // An unknown graph.
  auto lost = db.graph("lost").vertex_collection("teachers");
  auto no_graph = expect_error<DocumentGetError>([&] { (void)lost.get("t").get(); });
  CHECK(no_graph.http_code() == 404);
  CHECK(no_graph.error_code() == errno_::GRAPH_NOT_FOUND);

  // Malformed ids fail before anything is sent.
  CHECK_THROWS_AS(teachers.get("students/t").get(), DocumentParseError);
  CHECK_THROWS_AS(teachers.update(Json::object({{"n", 1}})).get(), DocumentParseError);
  CHECK_THROWS_AS(teachers.insert(Json::object({{"_id", "students/x"}})).get(), DocumentParseError);
}

TEST_CASE_METHOD(GraphFixture, "edges: insert, link, get, update, replace, edges(), delete_", "[graphs][edges]") {
  (void)teachers.insert(Json::object({{"_key", "t"}})).get();
  (void)students.insert(Student{"a", "A", 1}).get();
  (void)students.insert(Student{"b", "B", 2}).get();

  DocumentMeta<Json> e1 =
      teaches.insert(Json::object({{"_key", "e1"}, {"_from", "teachers/t"}, {"_to", "students/a"}, {"hours", 3}}),
                     {.return_new = true})
          .get();
  CHECK(e1.id == "teaches/e1");
  REQUIRE(e1.new_doc);
  CHECK((*e1.new_doc)["_from"].as_string() == "teachers/t");
  CHECK((*e1.new_doc)["hours"].as_int64() == 3);

  DocumentMeta<Json> e2 = teaches.link("teachers/t", Json::object({{"_id", "students/b"}}),
                                       Json::object({{"_key", "e2"}, {"hours", 5}}), {.return_new = true})
                              .get();
  CHECK(e2.key == "e2");
  REQUIRE(e2.new_doc);
  CHECK((*e2.new_doc)["_to"].as_string() == "students/b");
  CHECK((*e2.new_doc)["hours"].as_int64() == 5);

  Json out = teaches.edges("teachers/t", {.direction = "out"}).get();
  CHECK(out["edges"].size() == 2);
  CHECK(out["stats"].is_object());
  CHECK_FALSE(out.contains("error"));
  Json in_a = teaches.edges(Json::object({{"_id", "students/a"}}), {.direction = "in"}).get();
  REQUIRE(in_a["edges"].size() == 1);
  CHECK(in_a["edges"][0]["_key"].as_string() == "e1");
  CHECK(teaches.edges("students/a", {.direction = "out"}).get()["edges"].size() == 0);
  CHECK(teaches.edges("students/b").get()["edges"].size() == 1);  // any direction

  Json edge = *teaches.get("e1").get();
  CHECK(edge["_to"].as_string() == "students/a");
  DocumentMeta<Json> u = teaches.update(Json::object({{"_key", "e1"}, {"hours", 4}}), {.return_new = true}).get();
  CHECK((*u.new_doc)["hours"].as_int64() == 4);
  CHECK((*u.new_doc)["_from"].as_string() == "teachers/t");
  DocumentMeta<Json> r = teaches
                             .replace(Json::object({{"_key", "e1"}, {"_from", "teachers/t"}, {"_to", "students/b"}}),
                                      {.return_old = true})
                             .get();
  CHECK((*r.old_doc)["hours"].as_int64() == 4);
  CHECK((*teaches.get("e1").get())["_to"].as_string() == "students/b");
  CHECK_FALSE((*teaches.get("e1").get()).contains("hours"));

  auto del = teaches.delete_("teaches/e2").get();
  REQUIRE(del);
  CHECK(del->key == "e2");
  CHECK_FALSE(teaches.get("e2").get());
  CHECK_FALSE(teaches.delete_("e2", {.ignore_missing = true}).get());

  // Edge-index errors and malformed vertex references.
  CHECK_THROWS_AS(teaches.edges("t").get(), DocumentParseError);
  auto unknown = expect_error<EdgeListError>([&] { (void)db.graph("school").edge_collection("nope").edges("teachers/t").get(); });
  CHECK(unknown.http_code() == 404);
  CHECK(unknown.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
}

TEST_CASE_METHOD(GraphFixture, "edges must respect the edge definition and existing vertices", "[graphs][edges][errors]") {
  (void)teachers.insert(Json::object({{"_key", "t"}})).get();
  (void)students.insert(Student{"a", "A", 1}).get();

  // _from must name a collection of the graph. (3.12 checks graph membership only: an edge from
  // "students" in a teachers->students definition is accepted.)
  (void)db.create_collection("outsiders").get();
  auto outside = expect_error<DocumentInsertError>([&] {
    (void)teaches.insert(Json::object({{"_from", "outsiders/x"}, {"_to", "students/a"}})).get();
  });
  CHECK(outside.http_code() == 404);
  CHECK(outside.error_code() == errno_::GRAPH_REFERENCED_VERTEX_COLLECTION_NOT_PART_OF_THE_GRAPH);

  // Both vertices must exist.
  auto dangling = expect_error<DocumentInsertError>([&] {
    (void)teaches.insert(Json::object({{"_from", "teachers/ghost"}, {"_to", "students/a"}})).get();
  });
  CHECK(dangling.http_code() == 404);
  CHECK(dangling.error_code() == errno_::DOCUMENT_NOT_FOUND);

  // _from and _to are required.
  auto incomplete = expect_error<DocumentInsertError>([&] { (void)teaches.insert(Json::object({{"x", 1}})).get(); });
  CHECK(incomplete.http_code() == 400);

  // Deleting a vertex removes the graph's edges that point at it.
  (void)teaches.link("teachers/t", "students/a", Json::object({{"_key", "ta"}})).get();
  REQUIRE(teaches.get("ta").get());
  REQUIRE(students.delete_("a").get());
  CHECK_FALSE(teaches.get("ta").get());
}

TEST_CASE_METHOD(GraphFixture, "graph collections through callbacks and co_await", "[graphs][async]") {
  std::promise<Result<DocumentMeta<Json>>> inserted;
  teachers.insert(Json::object({{"_key", "cb"}}), {},
                  [&](Result<DocumentMeta<Json>> r) { inserted.set_value(std::move(r)); });
  Result<DocumentMeta<Json>> r = inserted.get_future().get();
  REQUIRE(r);
  CHECK(r->id == "teachers/cb");

  std::optional<Json> got;
  testenv::Task t = await_vertex(teachers, got);
  REQUIRE(t.finished.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
  t.finished.get();
  REQUIRE(got);
  CHECK((*got)["_key"].as_string() == "cb");
}
