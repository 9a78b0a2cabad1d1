// The whole Graph class against the server named by ARANGO_URL (the emulator by default): vertex
// collections, edge definitions (and the graph rules they obey), vertices and edges through the
// graph, typed, in the default context and in a stream transaction.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;
using testenv::Student;

namespace {

/// A typed edge: written through to_json, read through from_json (a DOM).
struct Teaching {
  std::string key;
  std::string from;
  std::string to;
  std::int64_t hours = 0;
};
void to_json(JsonWriter& w, const Teaching& t) {
  w.begin_object();
  if (!t.key.empty()) {
    w.key("_key");
    w.string(t.key);
  }
  w.key("_from");
  w.string(t.from);
  w.key("_to");
  w.string(t.to);
  w.key("hours");
  w.int64(t.hours);
  w.end_object();
}
void from_json(JsonView v, Teaching& t) {
  t.key = std::string(v["_key"].string_or(""));
  t.from = std::string(v["_from"].string_or(""));
  t.to = std::string(v["_to"].string_or(""));
  t.hours = v["hours"].int64_or(0);
}

/// A fresh database with a graph "school": teachers -teaches-> students, orphan "rooms".
struct SchoolFixture : testenv::DatabaseFixture {
  Graph<> school = db.create_graph("school", {.edge_definitions = {{"teaches", {"teachers"}, {"students"}}},
                                              .orphan_collections = {"rooms"}})
                       .get();

  std::vector<std::string> orphans() { return school.properties().get().orphan_collections; }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE_METHOD(SchoolFixture, "graph: vertex collections", "[graph][vertex-collections]") {
  CHECK(school.vertex_collections().get() == Names{"rooms", "students", "teachers"});
  CHECK(school.has_vertex_collection("rooms").get());
  CHECK(school.has_vertex_collection("students").get());
  CHECK_FALSE(school.has_vertex_collection("teaches").get());
  CHECK_FALSE(school.has_vertex_collection("labs").get());

  // A new orphan collection: created, part of the graph, usable through the handle delivered.
  VertexCollection<Student> labs = school.create_vertex_collection<Student>("labs").get();
  CHECK(labs.name() == "labs");
  CHECK(labs.graph() == "school");
  CHECK(db.collection("labs").properties().get().type == CollectionType::DOCUMENT);
  CHECK(school.vertex_collections().get() == Names{"labs", "rooms", "students", "teachers"});
  CHECK(orphans() == Names{"labs", "rooms"});  // arangod keeps them sorted (a std::set)
  CHECK(labs.insert(Student{"l1", "Lab", 1}).get().id == "labs/l1");
  CHECK(labs.get("l1").get()->name == "Lab");

  // An existing document collection joins as it is.
  (void)db.create_collection("halls").get();
  (void)db.collection("halls").insert(Json::object({{"_key", "h"}})).get();
  (void)school.create_vertex_collection("halls").get();
  CHECK(school.vertex("halls/h").get().has_value());

  // Collections already in the graph, and edge collections, are refused.
  auto again = expect_error<VertexCollectionCreateError>([&] { (void)school.create_vertex_collection("labs").get(); });
  CHECK(again.http_code() == 400);
  CHECK(again.error_code() == errno_::GRAPH_COLLECTION_USED_IN_ORPHANS);
  auto in_def =
      expect_error<VertexCollectionCreateError>([&] { (void)school.create_vertex_collection("students").get(); });
  CHECK(in_def.http_code() == 400);
  CHECK(in_def.error_code() == errno_::GRAPH_COLLECTION_USED_IN_EDGE_DEF);
  (void)db.create_collection("wires", {.col_type = CollectionType::EDGE}).get();
  auto edge_type = expect_error<VertexCollectionCreateError>([&] { (void)school.create_vertex_collection("wires").get(); });
  CHECK(edge_type.http_code() == 400);
  CHECK(edge_type.error_code() == errno_::GRAPH_WRONG_COLLECTION_TYPE_VERTEX);

  // Removing an orphan keeps its collection unless purged.
  school.delete_vertex_collection("labs").get();
  CHECK_FALSE(school.has_vertex_collection("labs").get());
  CHECK(db.has_collection("labs").get());
  CHECK(db.collection("labs").count().get() == 1);
  school.delete_vertex_collection("rooms", true).get();
  CHECK_FALSE(db.has_collection("rooms").get());
  CHECK(orphans() == Names{"halls"});

  // Only orphans can be removed; a vertex collection of an edge definition cannot.
  auto not_orphan = expect_error<VertexCollectionDeleteError>([&] { school.delete_vertex_collection("students").get(); });
  CHECK(not_orphan.http_code() == 400);
  CHECK(not_orphan.error_code() == errno_::GRAPH_NOT_IN_ORPHAN_COLLECTION);
  CHECK(db.has_collection("students").get());

  // A graph that does not exist fails every call (has_vertex_collection too: not "false").
  Graph<> lost = db.graph("lost");
  auto list_lost = expect_error<VertexCollectionListError>([&] { (void)lost.vertex_collections().get(); });
  CHECK(list_lost.http_code() == 404);
  CHECK(list_lost.error_code() == errno_::GRAPH_NOT_FOUND);
  CHECK_THROWS_AS(lost.has_vertex_collection("rooms").get(), VertexCollectionListError);
  auto add_lost = expect_error<VertexCollectionCreateError>([&] { (void)lost.create_vertex_collection("x").get(); });
  CHECK(add_lost.error_code() == errno_::GRAPH_NOT_FOUND);
  auto del_lost = expect_error<VertexCollectionDeleteError>([&] { lost.delete_vertex_collection("x").get(); });
  CHECK(del_lost.error_code() == errno_::GRAPH_NOT_FOUND);
}

TEST_CASE_METHOD(SchoolFixture, "graph: edge definitions", "[graph][edge-definitions]") {
  CHECK(school.edge_definitions().get() == std::vector<EdgeDefinition>{{"teaches", {"teachers"}, {"students"}}});
  CHECK(school.has_edge_definition("teaches").get());
  CHECK_FALSE(school.has_edge_definition("students").get());
  CHECK(school.edge_collections().get() == Names{"teaches"});

  // Adding a definition creates its collections and takes "rooms" out of the orphans.
  EdgeCollection<> attends = school.create_edge_definition("attends", {"students"}, {"rooms", "courses"}).get();
  CHECK(attends.name() == "attends");
  CHECK(attends.graph() == "school");
  CHECK(db.collection("attends").properties().get().type == CollectionType::EDGE);
  CHECK(db.collection("courses").properties().get().type == CollectionType::DOCUMENT);
  CHECK(school.edge_collections().get() == Names{"attends", "teaches"});
  CHECK(school.has_edge_definition("attends").get());
  CHECK(orphans().empty());
  CHECK(school.vertex_collections().get() == Names{"courses", "rooms", "students", "teachers"});
  (void)school.insert_vertex("students", Json::object({{"_key", "s"}})).get();
  (void)school.insert_vertex("rooms", Json::object({{"_key", "r"}})).get();
  CHECK(attends.link("students/s", "rooms/r").get().id.starts_with("attends/"));

  // Replacing it changes its vertex collections; the collections it no longer uses become orphans.
  EdgeCollection<Teaching> replaced =
      school.replace_edge_definition<Teaching>("attends", {"students", "teachers"}, {"rooms"}, {.wait_for_sync = true})
          .get();
  CHECK(replaced.name() == "attends");
  auto defs = school.edge_definitions().get();
  REQUIRE(defs.size() == 2);
  auto attends_def = std::find_if(defs.begin(), defs.end(), [](const EdgeDefinition& d) { return d.edge_collection == "attends"; });
  REQUIRE(attends_def != defs.end());
  CHECK(attends_def->from_vertex_collections == Names{"students", "teachers"});
  CHECK(attends_def->to_vertex_collections == Names{"rooms"});
  CHECK(orphans() == Names{"courses"});
  CHECK(db.collection("attends").count().get() == 1);  // the edges stay

  // Removing it keeps the edge collection; its vertex collections no other definition uses
  // become orphans.
  school.delete_edge_definition("attends").get();
  CHECK_FALSE(school.has_edge_definition("attends").get());
  CHECK(school.edge_collections().get() == Names{"teaches"});
  CHECK(db.has_collection("attends").get());
  Names left = orphans();
  std::sort(left.begin(), left.end());
  CHECK(left == Names{"courses", "rooms"});

  // drop_collections drops the edge collection too.
  (void)school.create_edge_definition("visits", {"teachers"}, {"rooms"}).get();
  school.delete_edge_definition("visits", {.drop_collections = true, .wait_for_sync = true}).get();
  CHECK_FALSE(db.has_collection("visits").get());

  // Definitions the graph does not have.
  auto rep_missing = expect_error<EdgeDefinitionReplaceError>(
      [&] { (void)school.replace_edge_definition("nope", {"teachers"}, {"students"}).get(); });
  CHECK(rep_missing.http_code() == 404);
  CHECK(rep_missing.error_code() == errno_::GRAPH_EDGE_COLLECTION_NOT_USED);
  auto del_missing = expect_error<EdgeDefinitionDeleteError>([&] { school.delete_edge_definition("attends").get(); });
  CHECK(del_missing.http_code() == 404);
  CHECK(del_missing.error_code() == errno_::GRAPH_EDGE_COLLECTION_NOT_USED);

  // A graph that does not exist.
  Graph<> lost = db.graph("lost");
  auto defs_lost = expect_error<EdgeDefinitionListError>([&] { (void)lost.edge_definitions().get(); });
  CHECK(defs_lost.error_code() == errno_::GRAPH_NOT_FOUND);
  CHECK_THROWS_AS(lost.has_edge_definition("teaches").get(), EdgeDefinitionListError);
  auto cols_lost = expect_error<EdgeCollectionListError>([&] { (void)lost.edge_collections().get(); });
  CHECK(cols_lost.http_code() == 404);
  CHECK(cols_lost.error_code() == errno_::GRAPH_NOT_FOUND);
  auto add_lost =
      expect_error<EdgeDefinitionCreateError>([&] { (void)lost.create_edge_definition("e", {"a"}, {"b"}).get(); });
  CHECK(add_lost.error_code() == errno_::GRAPH_NOT_FOUND);
}

TEST_CASE_METHOD(SchoolFixture, "graph: invalid edge definitions", "[graph][edge-definitions][errors]") {
  // The same edge collection twice in one graph.
  auto twice = expect_error<EdgeDefinitionCreateError>(
      [&] { (void)school.create_edge_definition("teaches", {"teachers"}, {"students"}).get(); });
  CHECK(twice.http_code() == 400);
  CHECK(twice.error_code() == errno_::GRAPH_COLLECTION_MULTI_USE);
  auto twice_at_create = expect_error<GraphCreateError>([&] {
    (void)db.create_graph("twice", {.edge_definitions = {{"links", {"a"}, {"b"}}, {"links", {"a"}, {"c"}}}}).get();
  });
  CHECK(twice_at_create.http_code() == 400);
  CHECK(twice_at_create.error_code() == errno_::GRAPH_COLLECTION_MULTI_USE);
  CHECK_FALSE(db.has_graph("twice").get());

  // An edge collection keeps one definition across graphs: another graph may use "teaches" with
  // the same from/to, not with other ones.
  Graph<> club = db.create_graph("club", {.orphan_collections = {"members"}}).get();
  auto other_def = expect_error<EdgeDefinitionCreateError>(
      [&] { (void)club.create_edge_definition("teaches", {"students"}, {"teachers"}).get(); });
  CHECK(other_def.http_code() == 400);
  CHECK(other_def.error_code() == errno_::GRAPH_COLLECTION_USE_IN_MULTI_GRAPHS);
  auto other_graph = expect_error<GraphCreateError>([&] {
    (void)db.create_graph("other", {.edge_definitions = {{"teaches", {"teachers"}, {"rooms"}}}}).get();
  });
  CHECK(other_graph.http_code() == 400);
  CHECK(other_graph.error_code() == errno_::GRAPH_COLLECTION_USE_IN_MULTI_GRAPHS);
  (void)club.create_edge_definition("teaches", {"teachers"}, {"students"}).get();
  CHECK(club.has_edge_definition("teaches").get());

  // Replacing a shared definition changes it in every graph that uses it.
  (void)school.replace_edge_definition("teaches", {"teachers"}, {"students", "members"}).get();
  auto club_defs = club.edge_definitions().get();
  REQUIRE(club_defs.size() == 1);
  CHECK(club_defs[0].to_vertex_collections == Names{"members", "students"});  // sorted, as arangod stores them

  // An empty from or to list is a malformed definition.
  auto no_from =
      expect_error<EdgeDefinitionCreateError>([&] { (void)school.create_edge_definition("empty", {}, {"rooms"}).get(); });
  CHECK(no_from.http_code() == 400);
  CHECK(no_from.error_code() == errno_::GRAPH_CREATE_MALFORMED_EDGE_DEFINITION);
  CHECK_FALSE(school.has_edge_definition("empty").get());

  // A document collection cannot be an edge collection.
  auto doc_as_edge =
      expect_error<EdgeDefinitionCreateError>([&] { (void)school.create_edge_definition("rooms", {"a"}, {"b"}).get(); });
  // (1944 is not in arangod's errorNum -> HTTP map: it is answered 500.)
  CHECK(doc_as_edge.http_code() == 500);
  CHECK(doc_as_edge.error_code() == errno_::GRAPH_EDGE_DEFINITION_IS_DOCUMENT);
}

TEST_CASE_METHOD(SchoolFixture, "graph: vertices through the graph, typed", "[graph][vertices]") {
  DocumentMeta<Student> ann = school.insert_vertex<Student>("students", Student{"ann", "Ann", 20},
                                                            {.wait_for_sync = true, .return_new = true})
                                  .get();
  CHECK(ann.id == "students/ann");
  REQUIRE(ann.new_doc);
  CHECK(*ann.new_doc == Student{"ann", "Ann", 20});

  CHECK(school.has_vertex("students/ann").get());
  CHECK(school.has_vertex(Json::object({{"_id", "students/ann"}})).get());
  CHECK_FALSE(school.has_vertex("students/nobody").get());
  // If-None-Match with the current revision: 304, which is a DocumentGetError (the seed's rule).
  CHECK_THROWS_AS(school.has_vertex("students/ann", {.if_none_match = ann.rev}).get(), DocumentGetError);
  std::optional<Student> got = school.vertex<Student>("students/ann").get();
  REQUIRE(got);
  CHECK(*got == Student{"ann", "Ann", 20});
  CHECK(school.vertex<Student>(Json::object({{"_id", "students/ann"}}), {.rev = ann.rev}).get()->age == 20);
  CHECK_FALSE(school.vertex("students/nobody").get());
  CHECK_THROWS_AS(school.vertex("students/ann", {.if_match = "_stale"}).get(), DocumentRevisionError);
  // A body without "_id" names no collection.
  CHECK_THROWS_AS(school.vertex(Json::object({{"_key", "ann"}})).get(), DocumentParseError);

  DocumentMeta<Student> upd =
      school.update_vertex<Student>(Json::object({{"_id", "students/ann"}, {"age", 21}, {"nick", nullptr}}),
                                    {.keep_null = false, .return_new = true, .return_old = true, .if_match = ann.rev})
          .get();
  CHECK(upd.old_rev == ann.rev);
  REQUIRE(upd.old_doc);
  REQUIRE(upd.new_doc);
  CHECK(upd.old_doc->age == 20);
  CHECK(upd.new_doc->age == 21);
  CHECK_FALSE(school.vertex("students/ann").get()->contains("nick"));
  auto stale = expect_error<DocumentRevisionError>(
      [&] { (void)school.update_vertex(Json::object({{"_id", "students/ann"}, {"age", 1}}), {.if_match = ann.rev}).get(); });
  CHECK(stale.http_code() == 412);
  // update and replace need "_id" (a "_key" names no collection).
  CHECK_THROWS_AS(school.update_vertex(Json::object({{"_key", "ann"}, {"age", 1}})).get(), DocumentParseError);

  DocumentMeta<Student> rep =
      school.replace_vertex<Student>(Json::object({{"_id", "students/ann"}, {"name", "Anna"}, {"age", 22}}),
                                     {.return_old = true})
          .get();
  CHECK(rep.old_rev == upd.rev);
  CHECK(rep.old_doc->name == "Ann");
  CHECK(*school.vertex<Student>("students/ann").get() == Student{"ann", "Anna", 22});
  CHECK_THROWS_AS(school.replace_vertex(Json::object({{"_id", "students/ann"}}), {.if_match = ann.rev}).get(),
                  DocumentRevisionError);

  // A collection outside the graph.
  (void)db.create_collection("outsiders").get();
  auto outside = expect_error<DocumentInsertError>(
      [&] { (void)school.insert_vertex("outsiders", Json::object({{"_key", "o"}})).get(); });
  CHECK(outside.http_code() == 404);
  CHECK(outside.error_code() == errno_::GRAPH_COLLECTION_NOT_PART_OF_THE_GRAPH);

  CHECK_THROWS_AS(school.delete_vertex("students/ann", {.if_match = ann.rev}).get(), DocumentRevisionError);
  auto removed = school.delete_vertex<Student>("students/ann", {.return_old = true}).get();
  REQUIRE(removed);
  CHECK(removed->key == "ann");
  REQUIRE(removed->old_doc);
  CHECK(removed->old_doc->name == "Anna");
  CHECK_FALSE(school.has_vertex("students/ann").get());
  CHECK_FALSE(school.delete_vertex("students/ann", {.ignore_missing = true}).get());
  auto gone = expect_error<DocumentDeleteError>([&] { (void)school.delete_vertex("students/ann").get(); });
  CHECK(gone.http_code() == 404);
  CHECK(gone.error_code() == errno_::DOCUMENT_NOT_FOUND);
}

TEST_CASE_METHOD(SchoolFixture, "graph: edges through the graph, typed", "[graph][edges]") {
  (void)school.insert_vertex("teachers", Json::object({{"_key", "t"}})).get();
  (void)school.insert_vertex<Student>("students", Student{"a", "A", 1}).get();
  (void)school.insert_vertex<Student>("students", Student{"b", "B", 2}).get();

  DocumentMeta<Teaching> e1 =
      school.insert_edge<Teaching>("teaches", Teaching{"e1", "teachers/t", "students/a", 3}, {.return_new = true}).get();
  CHECK(e1.id == "teaches/e1");
  REQUIRE(e1.new_doc);
  CHECK(e1.new_doc->hours == 3);
  CHECK(e1.new_doc->to == "students/a");

  DocumentMeta<Teaching> e2 = school
                                  .link<Teaching>("teaches", "teachers/t", Json::object({{"_id", "students/b"}}),
                                                  Json::object({{"_key", "e2"}, {"hours", 5}}), {.return_new = true})
                                  .get();
  CHECK(e2.key == "e2");
  REQUIRE(e2.new_doc);
  CHECK(e2.new_doc->from == "teachers/t");
  CHECK(e2.new_doc->hours == 5);

  CHECK(school.has_edge("teaches/e1").get());
  CHECK_FALSE(school.has_edge("teaches/nope").get());
  std::optional<Teaching> got = school.edge<Teaching>("teaches/e1").get();
  REQUIRE(got);
  CHECK(got->from == "teachers/t");
  CHECK(school.edge<Teaching>(Json::object({{"_id", "teaches/e1"}}), {.rev = e1.rev}).get()->hours == 3);
  CHECK_FALSE(school.edge("teaches/nope").get());
  CHECK_THROWS_AS(school.edge("teaches/e1", {.if_match = "_stale"}).get(), DocumentRevisionError);

  Json out = school.edges("teaches", "teachers/t", {.direction = "out"}).get();
  CHECK(out["edges"].size() == 2);
  CHECK(school.edges("teaches", "students/a", {.direction = "in"}).get()["edges"].size() == 1);
  CHECK(school.edges("teaches", "students/a", {.direction = "out"}).get()["edges"].size() == 0);

  DocumentMeta<Teaching> upd =
      school.update_edge<Teaching>(Json::object({{"_id", "teaches/e1"}, {"hours", 4}}), {.return_new = true}).get();
  CHECK(upd.new_doc->hours == 4);
  CHECK(upd.new_doc->to == "students/a");
  DocumentMeta<Teaching> rep =
      school
          .replace_edge<Teaching>(
              Json::object({{"_id", "teaches/e1"}, {"_from", "teachers/t"}, {"_to", "students/b"}, {"hours", 1}}),
              {.return_old = true, .if_match = upd.rev})
          .get();
  CHECK(rep.old_doc->hours == 4);
  CHECK(school.edge<Teaching>("teaches/e1").get()->to == "students/b");
  CHECK_THROWS_AS(school.update_edge(Json::object({{"_key", "e1"}, {"hours", 1}})).get(), DocumentParseError);

  // An edge must point into its definition's vertex collections, at vertices that exist.
  (void)db.create_collection("outsiders").get();
  auto outside = expect_error<DocumentInsertError>([&] {
    (void)school.insert_edge("teaches", Json::object({{"_from", "outsiders/x"}, {"_to", "students/a"}})).get();
  });
  CHECK(outside.http_code() == 404);
  CHECK(outside.error_code() == errno_::GRAPH_REFERENCED_VERTEX_COLLECTION_NOT_PART_OF_THE_GRAPH);
  auto dangling = expect_error<DocumentInsertError>([&] {
    (void)school.link("teaches", "teachers/ghost", "students/a").get();
  });
  CHECK(dangling.http_code() == 404);
  CHECK(dangling.error_code() == errno_::DOCUMENT_NOT_FOUND);
  auto rep_outside = expect_error<DocumentReplaceError>([&] {
    (void)school.replace_edge(Json::object({{"_id", "teaches/e1"}, {"_from", "outsiders/x"}, {"_to", "students/a"}}))
        .get();
  });
  CHECK(rep_outside.http_code() == 404);

  auto removed = school.delete_edge<Teaching>("teaches/e2", {.wait_for_sync = true, .return_old = true}).get();
  REQUIRE(removed);
  CHECK(removed->old_doc->hours == 5);
  CHECK_FALSE(school.has_edge("teaches/e2").get());
  CHECK_FALSE(school.delete_edge("teaches/e2", {.ignore_missing = true}).get());
  CHECK_THROWS_AS(school.delete_edge("teaches/e2").get(), DocumentDeleteError);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "graph: removing a vertex removes its edges in every graph",
                 "[graph][vertices][cascade]") {
  // Two graphs share the vertex collection "people": g1 knows people->people, g2 lives_in
  // people->cities. "likes" is an edge collection of no graph.
  Graph<> g1 = db.create_graph("g1", {.edge_definitions = {{"knows", {"people"}, {"people"}}}}).get();
  Graph<> g2 = db.create_graph("g2", {.edge_definitions = {{"lives_in", {"people"}, {"cities"}}}}).get();
  (void)db.create_collection("likes", {.col_type = CollectionType::EDGE}).get();
  for (const char* key : {"a", "b"}) (void)g1.insert_vertex("people", Json::object({{"_key", key}})).get();
  (void)g2.insert_vertex("cities", Json::object({{"_key", "rome"}})).get();
  (void)g1.link("knows", "people/a", "people/b", Json::object({{"_key", "ab"}})).get();
  (void)g1.link("knows", "people/b", "people/a", Json::object({{"_key", "ba"}})).get();
  (void)g2.link("lives_in", "people/a", "cities/rome", Json::object({{"_key", "ar"}})).get();
  (void)g2.link("lives_in", "people/b", "cities/rome", Json::object({{"_key", "br"}})).get();
  (void)db.collection("likes").insert(Json::object({{"_key", "l"}, {"_from", "people/a"}, {"_to", "people/b"}})).get();

  REQUIRE(g1.delete_vertex("people/a").get());
  CHECK_FALSE(g1.has_vertex("people/a").get());
  CHECK_FALSE(g1.has_edge("knows/ab").get());
  CHECK_FALSE(g1.has_edge("knows/ba").get());
  CHECK_FALSE(g2.has_edge("lives_in/ar").get());  // the other graph's edge went too
  CHECK(g2.has_edge("lives_in/br").get());
  CHECK(db.has_document("likes/l").get());  // an edge collection of no graph is not touched

  // Removing the city through g2 removes b's edge.
  REQUIRE(g2.delete_vertex("cities/rome").get());
  CHECK_FALSE(g2.has_edge("lives_in/br").get());
  CHECK(db.collection("knows").count().get() == 0);
  CHECK(db.collection("lives_in").count().get() == 0);
}

TEST_CASE_METHOD(SchoolFixture, "graph: calls in a stream transaction", "[graph][transaction]") {
  (void)school.insert_vertex("teachers", Json::object({{"_key", "t"}})).get();
  TransactionDatabase trx = db.begin_transaction({.write = {"teachers", "students", "teaches"}}).get();
  Graph<TransactionApiExecutor> tg = trx.graph("school");
  CHECK(tg.name() == "school");

  // Schema calls work in a transaction context too (gharial reads the graph definition).
  CHECK(tg.vertex_collections().get() == Names{"rooms", "students", "teachers"});
  CHECK(tg.edge_definitions().get().size() == 1);

  DocumentMeta<Student> s = tg.insert_vertex<Student>("students", Student{"s", "S", 9}).get();
  CHECK(s.id == "students/s");
  (void)tg.link("teaches", "teachers/t", "students/s", Json::object({{"_key", "ts"}})).get();
  (void)tg.update_vertex(Json::object({{"_id", "teachers/t"}, {"busy", true}})).get();

  // Visible inside the transaction, not outside it before the commit.
  CHECK(tg.vertex<Student>("students/s").get()->name == "S");
  CHECK(tg.edge("teaches/ts").get().has_value());
  CHECK((*tg.vertex("teachers/t").get())["busy"].as_bool());
  CHECK_FALSE(school.vertex("students/s").get().has_value());
  CHECK_FALSE(school.edge("teaches/ts").get().has_value());
  CHECK_FALSE((*school.vertex("teachers/t").get()).contains("busy"));

  trx.commit_transaction().get();
  CHECK(school.vertex<Student>("students/s").get()->age == 9);
  CHECK(school.edge("teaches/ts").get().has_value());
  CHECK((*school.vertex("teachers/t").get())["busy"].as_bool());

  // An aborted transaction leaves nothing behind, deletions included.
  TransactionDatabase trx2 = db.begin_transaction({.write = {"teachers", "students", "teaches"}}).get();
  Graph<TransactionApiExecutor> tg2 = trx2.graph("school");
  REQUIRE(tg2.delete_vertex("students/s").get());
  // The cascade, inside the transaction (has_edge is the document API, edge is gharial).
  CHECK_FALSE(tg2.has_edge("teaches/ts").get());
  CHECK_FALSE(tg2.edge("teaches/ts").get().has_value());
  CHECK(school.edge("teaches/ts").get().has_value());
  (void)tg2.insert_vertex("students", Json::object({{"_key", "tmp"}})).get();
  trx2.abort_transaction().get();
  CHECK(school.vertex("students/s").get().has_value());
  CHECK(school.edge("teaches/ts").get().has_value());
  CHECK_FALSE(school.vertex("students/tmp").get().has_value());
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "database: create_graph and delete_graph options", "[graph][database]") {
  Graph<> g = db.create_graph("opts", {.edge_definitions = {{"e", {"v1"}, {"v2"}}},
                                       .orphan_collections = {"o1", "o2"},
                                       .wait_for_sync = true})
                  .get();
  GraphProperties p = g.properties().get();
  CHECK(p.orphan_collections == Names{"o1", "o2"});
  CHECK_FALSE(p.is_smart);
  CHECK_FALSE(p.smart_graph_attribute);
  CHECK(p.raw["_id"].as_string() == "_graphs/opts");
  CHECK(db.has_collection("o2").get());

  // A second graph uses "e" and "v1": dropping the first graph's collections keeps those.
  (void)db.create_graph("shares", {.edge_definitions = {{"e", {"v1"}, {"v2"}}}}).get();
  CHECK(db.delete_graph("opts", {.drop_collections = true}).get());
  CHECK_FALSE(db.has_graph("opts").get());
  CHECK_FALSE(db.has_collection("o1").get());
  CHECK(db.has_collection("e").get());
  CHECK(db.has_collection("v1").get());
  CHECK(db.graph("shares").edge_definitions().get().size() == 1);
}

TEST_CASE_METHOD(SchoolFixture, "graph: calls as async jobs", "[graph][async]") {
  AsyncDatabase async_db = db.begin_async_execution();
  auto finish = [](const auto& job) {
    REQUIRE(job.has_value());
    REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
    return job->result().get();
  };
  Graph<AsyncApiExecutor> ag = async_db.graph("school");

  CHECK(finish(ag.vertex_collections().get()) == Names{"rooms", "students", "teachers"});
  VertexCollection<Student, AsyncApiExecutor> labs = finish(ag.create_vertex_collection<Student>("labs").get());
  CHECK(labs.name() == "labs");
  CHECK(finish(ag.has_vertex_collection("labs").get()));
  EdgeCollection<Json, AsyncApiExecutor> attends =
      finish(ag.create_edge_definition("attends", {"students"}, {"labs"}).get());
  CHECK(attends.name() == "attends");
  CHECK(finish(ag.edge_collections().get()) == Names{"attends", "teaches"});

  CHECK(finish(ag.insert_vertex<Student>("students", Student{"s", "S", 1}).get()).id == "students/s");
  CHECK(finish(ag.insert_vertex<Student>("labs", Student{"l", "L", 2}).get()).id == "labs/l");
  CHECK(finish(ag.link("attends", "students/s", "labs/l", Json::object({{"_key", "sl"}})).get()).key == "sl");
  CHECK(finish(ag.vertex<Student>("labs/l").get())->name == "L");
  CHECK(finish(ag.edges("attends", "labs/l", {.direction = "in"}).get())["edges"].size() == 1);

  // A failing job delivers its error when its result is fetched.
  auto job = ag.delete_edge_definition("nope").get();
  REQUIRE(job.has_value());
  REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  auto missing = expect_error<EdgeDefinitionDeleteError>([&] { job->result().get(); });
  CHECK(missing.error_code() == errno_::GRAPH_EDGE_COLLECTION_NOT_USED);

  finish(ag.delete_edge_definition("attends", {.drop_collections = true}).get());
  CHECK_FALSE(db.has_collection("attends").get());
}
