// A small social graph: people who know each other, built through the Graph API (gharial), then
// walked with an AQL traversal and a shortest-path search.
// Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER / ARANGO_PASSWORD and
// exits non-zero when anything it checks does not hold.
#include <arango/arango.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

static std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

static int failures = 0;
static void check(bool ok, const std::string& what) {
  std::cout << (ok ? "ok:     " : "FAILED: ") << what << "\n";
  if (!ok) ++failures;
}

// Every result of a query, as strings.
static std::vector<std::string> strings(const arango::StandardDatabase& db, const std::string& query,
                                        const arango::Json& bind_vars) {
  arango::Cursor<arango::Json> cursor = db.aql().execute(query, {.bind_vars = bind_vars}).get();
  std::vector<std::string> out;
  while (std::optional<arango::Json> item = cursor.next().get()) out.emplace_back(item->as_string());
  return out;
}

static std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  const std::string db_name = "graphs_sample";
  if (sys.has_database(db_name).get()) sys.delete_database(db_name).get();
  sys.create_database(db_name).get();
  arango::StandardDatabase db = client.db(db_name, {.auth = auth}).get();

  try {
    // persons -knows-> persons; the graph creates both collections.
    arango::Graph<> social =
        db.create_graph("social", {.edge_definitions = {{"knows", {"persons"}, {"persons"}}}}).get();
    check(social.vertex_collections().get() == std::vector<std::string>{"persons"},
          "the graph has the vertex collection persons");

    for (const char* name : {"Alice", "Bob", "Carol", "Dave", "Eve"}) {
      std::string key(1, static_cast<char>(name[0] - 'A' + 'a'));
      social.insert_vertex("persons", arango::Json::object({{"_key", key}, {"name", name}})).get();
    }
    // a -> b -> d -> e and a -> c -> d.
    for (auto [from, to] : std::vector<std::pair<const char*, const char*>>{
             {"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"d", "e"}}) {
      social.link("knows", std::string("persons/") + from, std::string("persons/") + to).get();
    }
    check(db.collection("knows").count().get() == 5, "five 'knows' edges");

    //! [traversal]
    // Every path of one or two steps from Alice (sorted: the traversal order is the server's).
    std::vector<std::string> paths = strings(db,
                                             "FOR v, e, p IN 1..2 OUTBOUND @start GRAPH 'social' "
                                             "RETURN CONCAT_SEPARATOR(' -> ', p.vertices[*].name)",
                                             arango::Json::object({{"start", "persons/a"}}));
    std::sort(paths.begin(), paths.end());
    std::cout << "paths from Alice: " << joined(paths) << "\n";
    check(paths == std::vector<std::string>{"Alice -> Bob", "Alice -> Bob -> Dave", "Alice -> Carol",
                                            "Alice -> Carol -> Dave"},
          "the traversal finds Bob and Carol, and Dave through each of them");

    // The shortest way from Alice to Eve: three steps, through Bob or Carol, then Dave.
    std::vector<std::string> way = strings(db,
                                           "FOR v IN OUTBOUND SHORTEST_PATH @from TO @to GRAPH 'social' "
                                           "RETURN v.name",
                                           arango::Json::object({{"from", "persons/a"}, {"to", "persons/e"}}));
    std::cout << "shortest path from Alice to Eve: " << joined(way) << "\n";
    //! [traversal]
    check(way.size() == 4 && way.front() == "Alice" && (way[1] == "Bob" || way[1] == "Carol") && way[2] == "Dave" &&
              way.back() == "Eve",
          "the shortest path is Alice, Bob or Carol, Dave, Eve");

    // Removing Dave through the graph removes the edges that touch him: Eve is out of reach.
    social.delete_vertex("persons/d").get();
    check(db.collection("knows").count().get() == 2, "removing Dave removed his three edges");
    std::vector<std::string> none = strings(db,
                                            "FOR v IN OUTBOUND SHORTEST_PATH @from TO @to GRAPH 'social' "
                                            "RETURN v.name",
                                            arango::Json::object({{"from", "persons/a"}, {"to", "persons/e"}}));
    check(none.empty(), "no path from Alice to Eve without Dave");
  } catch (const arango::ArangoError& e) {
    check(false, std::string("unexpected error: ") + e.what());
  }

  sys.delete_database(db_name).get();
  std::cout << (failures ? "graphs sample FAILED\n" : "graphs sample done\n");
  return failures ? 1 : 0;
}
