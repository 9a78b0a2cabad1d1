// docs/graphs.md quotes the regions of this file; it runs against a fresh emulator in CI
// (ARANGO_URL, ARANGO_USER and ARANGO_PASSWORD are set by arango-emulator-run) and exits non-zero
// when anything is not as the guide says.
#include <arango/arango.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "example.hpp"

//! [lecture]
struct Lecture {
  std::string title;
};
void from_json(arango::JsonView v, Lecture& l) { l.title = std::string(v["title"].as_string()); }
//! [lecture]

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  if (sys.has_database("docs_graphs").get()) sys.delete_database("docs_graphs").get();
  sys.create_database("docs_graphs").get();
  arango::StandardDatabase db = client.db("docs_graphs", {.auth = auth}).get();

  //! [create]
  arango::Graph<> school =
      db.create_graph("school", {.edge_definitions = {{.edge_collection = "teaches",
                                                       .from_vertex_collections = {"teachers"},
                                                       .to_vertex_collections = {"lectures"}}},
                                 .orphan_collections = {"rooms"}})
          .get();  // creates teachers, lectures, rooms and teaches
  arango::GraphProperties props = school.properties().get();
  //! [create]
  expect(props.name == "school" && props.edge_definitions.size() == 1, "properties() has the edge definition");
  expect(props.orphan_collections == std::vector<std::string>{"rooms"}, "properties() has the orphan");
  expect(db.has_collection("teaches").get() && db.has_collection("lectures").get(), "the graph made its collections");
  expect(db.has_graph("school").get() && db.graphs().get().size() == 1, "has_graph and graphs");
  expect(school.vertex_collections().get() == std::vector<std::string>{"lectures", "rooms", "teachers"},
         "vertex_collections() lists every vertex collection, sorted");

  //! [vertices]
  school.insert_vertex("teachers", arango::Json::parse(R"({"_key": "jon", "name": "Jon"})")).get();
  arango::VertexCollection<> lectures = school.vertex_collection("lectures");
  lectures.insert(arango::Json::parse(R"({"_key": "CSC101", "title": "Intro to CS"})")).get();
  lectures.insert(arango::Json::parse(R"({"_key": "MAT223", "title": "Linear Algebra"})")).get();

  std::optional<arango::Json> jon = school.vertex("teachers/jon").get();  // an id: the collection from it
  school.update_vertex(arango::Json::parse(R"({"_id": "teachers/jon", "office": "B12"})")).get();
  //! [vertices]
  expect(jon && (*jon)["name"].as_string() == "Jon", "vertex() by id");
  expect(school.vertex("teachers/jon").get().value()["office"].as_string() == "B12", "update_vertex merges");

  //! [edges]
  arango::EdgeCollection<> teaches = school.edge_collection("teaches");
  teaches.insert(arango::Json::parse(R"({"_key": "t1", "_from": "teachers/jon", "_to": "lectures/CSC101"})")).get();
  school.link("teaches", "teachers/jon", "lectures/MAT223", arango::Json::parse(R"({"online": true})")).get();

  arango::Json out = teaches.edges("teachers/jon", {.direction = "out"}).get();  // {"edges": [...], "stats"}
  std::cout << out["edges"].size() << " lectures\n";                             // 2
  //! [edges]
  expect(out["edges"].size() == 2, "edges() lists the teacher's two edges");

  //! [edge-errors]
  db.create_collection("cars").get();  // not part of the graph
  try {
    teaches.insert(arango::Json::parse(R"({"_from": "cars/c1", "_to": "lectures/CSC101"})")).get();
  } catch (const arango::DocumentInsertError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1947: cars is not in the graph
  }
  //! [edge-errors]
  try {
    teaches.insert(arango::Json::parse(R"({"_from": "cars/c1", "_to": "lectures/CSC101"})")).get();
    expect(false, "an edge from a collection outside the graph fails");
  } catch (const arango::DocumentInsertError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1947, "an edge from outside the graph is 404 / 1947");
  }

  //! [definitions]
  school.create_edge_definition("located", {"lectures"}, {"rooms"}).get();  // rooms stops being an orphan
  std::vector<arango::EdgeDefinition> definitions = school.edge_definitions().get();
  school.replace_edge_definition("located", {"lectures", "teachers"}, {"rooms"}).get();
  school.delete_edge_definition("located", {.drop_collections = true}).get();
  //! [definitions]
  expect(definitions.size() == 2, "create_edge_definition adds a definition");
  expect(!school.has_edge_definition("located").get() && !db.has_collection("located").get(),
         "delete_edge_definition with drop_collections drops the edge collection");

  //! [delete-vertex]
  school.delete_vertex("lectures/CSC101").get();  // and the edges touching it, in every graph
  std::int64_t left = db.collection("teaches").count().get();  // 1: the MAT223 edge
  //! [delete-vertex]
  expect(left == 1, "deleting a vertex through the graph deleted its edge");

  //! [typed]
  arango::VertexCollection<Lecture> typed = school.vertex_collection<Lecture>("lectures");
  std::optional<Lecture> algebra = typed.get("MAT223").get();
  std::cout << algebra->title << "\n";  // Linear Algebra
  //! [typed]
  expect(algebra && algebra->title == "Linear Algebra", "a typed vertex collection decodes its type");

  //! [graph-errors]
  try {
    db.create_graph("school").get();
  } catch (const arango::GraphCreateError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 409 1925: graph already exists
  }
  try {
    db.graph("nope").properties().get();
  } catch (const arango::GraphPropertiesError& e) {
    std::cout << e.http_code() << " " << e.error_code() << "\n";  // 404 1924: graph not found
  }
  //! [graph-errors]
  try {
    db.create_graph("school").get();
    expect(false, "a duplicate graph fails");
  } catch (const arango::GraphCreateError& e) {
    expect(e.http_code() == 409 && e.error_code() == 1925, "a duplicate graph is 409 / 1925");
  }
  try {
    db.graph("nope").properties().get();
    expect(false, "an unknown graph fails");
  } catch (const arango::GraphPropertiesError& e) {
    expect(e.http_code() == 404 && e.error_code() == 1924, "an unknown graph is 404 / 1924");
  }

  //! [delete]
  db.delete_graph("school", {.drop_collections = true}).get();
  bool again = db.delete_graph("school", {.ignore_missing = true}).get();  // false
  //! [delete]
  expect(!again && !db.has_collection("teaches").get(), "delete_graph with drop_collections drops the collections");

  sys.delete_database("docs_graphs").get();
  if (failures == 0) std::cout << "graphs: all as documented\n";
  return failures == 0 ? 0 : 1;
}
