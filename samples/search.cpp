// ArangoSearch and vector search: a small corpus of articles, an arangosearch view that indexes
// their text with the `text_en` analyzer, a phrase search ranked by BM25, and a vector
// similarity search (APPROX_NEAR_COSINE over a vector index) checked against brute force.
// Runs against ARANGO_URL (default http://127.0.0.1:8529) as ARANGO_USER / ARANGO_PASSWORD and
// exits non-zero when anything it checks does not hold.
#include <arango/arango.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
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

struct Article {
  const char* key;
  const char* text;
  std::vector<double> embedding;
};

static const std::vector<Article> kArticles = {
    {"k1", "The quick brown fox jumps over the lazy dog", {0.9, 0.1, 0.0}},
    {"k2", "A brown fox", {0.2, 0.9, 0.1}},
    {"k3", "Brown foxes and brown fox cubs", {0.7, 0.7, 0.1}},
    {"k4", "The fox is brown", {0.0, 0.2, 0.9}},
    {"k5", "Red fox", {0.95, 0.0, 0.2}},
};

static double cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (std::sqrt(na) * std::sqrt(nb));
}

int main() {
  arango::ArangoClient client(env("ARANGO_URL", "http://127.0.0.1:8529"));
  arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};
  arango::StandardDatabase sys = client.db("_system", {.auth = auth}).get();
  const std::string db_name = "search_sample";
  if (sys.has_database(db_name).get()) sys.delete_database(db_name).get();
  sys.create_database(db_name).get();
  arango::StandardDatabase db = client.db(db_name, {.auth = auth}).get();

  try {
    db.create_collection("articles").get();
    auto articles = db.collection("articles");
    for (const Article& a : kArticles) {
      arango::Json vec = arango::Json::array({a.embedding[0], a.embedding[1], a.embedding[2]});
      articles.insert(arango::Json::object({{"_key", a.key}, {"text", a.text}, {"embedding", vec}})).get();
    }

    //! [view]
    // An arangosearch view: the text field analysed with text_en (lower case, English stems).
    db.create_view("articles_view", "arangosearch",
                   arango::Json::parse(R"({"links": {"articles": {"fields": {"text": {"analyzers": ["text_en"]}}}}})"))
        .get();
    //! [view]

    //! [phrase]
    // A phrase search ranked by BM25: "brown fox" in that order ("foxes" stems to "fox").
    // A view shows writes after its links' next commit (every commitIntervalMsec, 1 s by
    // default); waitForSync makes the query commit first, so it sees the articles just written.
    arango::Cursor<arango::Json> ranked =
        db.aql()
            .execute("FOR d IN articles_view SEARCH PHRASE(d.text, @phrase, 'text_en') "
                     "OPTIONS {waitForSync: true} SORT BM25(d) DESC RETURN {key: d._key, score: BM25(d)}",
                     {.bind_vars = arango::Json::object({{"phrase", "brown fox"}})})
            .get();
    std::vector<std::pair<std::string, double>> hits;
    while (std::optional<arango::Json> item = ranked.next().get()) {
      hits.emplace_back(std::string((*item)["key"].as_string()), (*item)["score"].as_double());
      std::cout << "phrase hit " << hits.back().first << " score " << hits.back().second << "\n";
    }
    //! [phrase]
    std::vector<std::string> keys;
    for (const auto& h : hits) keys.push_back(h.first);
    // BM25 (k = 1.2, b = 0.75): k3 has the phrase twice, k2 is the shortest text, k1 the longest;
    // k4 has both words, not as a phrase, and k5 no "brown".
    check(keys == std::vector<std::string>{"k3", "k2", "k1"}, "the phrase ranks k3, k2, k1");
    check(std::all_of(hits.begin(), hits.end(), [](const auto& h) { return h.second > 0; }),
          "every hit has a positive score");

    //! [vector]
    // A vector index (cosine, 3 dimensions, 2 lists: trained on the five documents) and the two
    // nearest neighbours of a query vector, checked against brute force.
    arango::IndexOptions vector_options{
        .name = "by_embedding",
        .vector_params = arango::VectorIndexParams{.metric = "cosine", .dimension = 3, .n_lists = 2}};
    articles.add_index("vector", {"embedding"}, vector_options).get();
    std::vector<double> q{1.0, 0.0, 0.1};
    arango::Cursor<arango::Json> near =
        db.aql()
            .execute("FOR d IN articles SORT APPROX_NEAR_COSINE(d.embedding, @q) DESC LIMIT 2 RETURN d._key",
                     {.bind_vars = arango::Json::object({{"q", arango::Json::array({q[0], q[1], q[2]})}})})
            .get();
    std::vector<std::string> nearest;
    while (std::optional<arango::Json> item = near.next().get()) nearest.emplace_back(item->as_string());
    //! [vector]
    std::vector<std::pair<double, std::string>> brute;
    for (const Article& a : kArticles) brute.emplace_back(-cosine(a.embedding, q), a.key);
    std::sort(brute.begin(), brute.end());
    std::cout << "nearest to the query: " << (nearest.empty() ? "" : nearest[0])
              << (nearest.size() > 1 ? ", " + nearest[1] : "") << "\n";
    check(nearest == std::vector<std::string>{brute[0].second, brute[1].second},
          "the vector search finds the two nearest articles");
  } catch (const arango::ArangoError& e) {
    check(false, std::string("unexpected error: ") + e.what());
  }

  sys.delete_database(db_name).get();
  std::cout << (failures ? "search sample FAILED\n" : "search sample done\n");
  return failures ? 1 : 0;
}
