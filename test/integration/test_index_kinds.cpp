// Every index kind through add_index with typed options, and what comes back in IndexProperties;
// vector search through AQL against a brute-force computation of the nearest neighbours. Against
// the server named by ARANGO_URL (the emulator by default); what is asserted is ArangoDB 3.12.9+
// single-server behaviour (trainingState / errorMessage of vector indexes).
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

using Fixture = testenv::DatabaseFixture;

using Strings = std::vector<std::string>;

// Components with three decimals: what the JSON text carries is exactly what the test computes with.
std::vector<double> vector_of(int i) {
  auto r = [](double x) { return std::round(x * 1000) / 1000; };
  return {r(std::sin(i * 0.9) * 2.0), r(std::cos(i * 0.4)), static_cast<double>((i * 7) % 5) - 2.0};
}

Json vector_json(const std::vector<double>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return Json::parse(s + "]");
}

// Faiss' arithmetic: float components.
double l2(const std::vector<double>& a, const std::vector<double>& b) {
  float sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    float d = static_cast<float>(a[i]) - static_cast<float>(b[i]);
    sum += d * d;
  }
  return std::sqrt(sum);
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / std::sqrt(na * nb);
}

}  // namespace

TEST_CASE_METHOD(Fixture, "persistent, ttl, geo and fulltext indexes with typed options", "[indexes][kinds]") {
  auto col = make_collection("kinds");
  IndexProperties p = col.add_index("persistent", {"a"},
                                    {.cache_enabled = true, .stored_values = Json::array({"b", "c"})})
                          .get();
  CHECK(p.cache_enabled == std::optional<bool>(true));
  CHECK(p.stored_values == Json::parse(R"(["b","c"])"));
  CHECK(p.estimates == std::optional<bool>(true));

  IndexProperties ttl = col.add_index("ttl", {"at"}, {.expire_after = 600}).get();
  CHECK(ttl.type == "ttl");
  CHECK(ttl.expire_after == std::optional<std::int64_t>(600));
  CHECK(ttl.sparse);

  IndexProperties geo = col.add_index("geo", {"loc"}, {.geo_json = true, .legacy_polygons = false}).get();
  CHECK(geo.type == "geo");
  CHECK(geo.geo_json == std::optional<bool>(true));
  CHECK(geo.legacy_polygons == std::optional<bool>(false));
  CHECK(geo.best_indexed_level.has_value());
  CHECK(geo.worst_indexed_level.has_value());
  CHECK(geo.max_num_cover_cells.has_value());

  IndexProperties ft = col.add_index("fulltext", {"text"}, {.min_length = 4}).get();
  CHECK(ft.type == "fulltext");
  CHECK(ft.min_length == std::optional<std::int64_t>(4));
}

TEST_CASE_METHOD(Fixture, "mdi and mdi-prefixed indexes with typed options", "[indexes][kinds]") {
  auto col = make_collection("mdi");
  IndexProperties mdi = col.add_index("mdi", {"x", "y"},
                                      {.unique = true, .sparse = true, .stored_values = Json::array({"z"}),
                                       .field_value_types = "double"})
                            .get();
  CHECK(mdi.type == "mdi");
  CHECK(mdi.unique);
  CHECK(mdi.sparse);
  CHECK(mdi.field_value_types == std::optional<std::string>("double"));
  CHECK(mdi.stored_values == Json::parse(R"(["z"])"));

  IndexProperties pre = col.add_index("mdi-prefixed", {"from", "to"},
                                      {.field_value_types = "double", .prefix_fields = Strings{"year", "month"}})
                            .get();
  CHECK(pre.type == "mdi-prefixed");
  CHECK(pre.prefix_fields == std::optional<Strings>(Strings{"year", "month"}));
  CHECK(pre.estimates == std::optional<bool>(true));

  // zkd is the old name of mdi
  CHECK(col.add_index("zkd", {"u", "v"}, {.field_value_types = "double"}).get().type == "mdi");
  auto e = expect_error<IndexCreateError>([&] { (void)col.add_index("mdi", {"p", "q"}).get(); });
  CHECK(e.http_code() == 400);
  CHECK(e.error_code() == errno_::BAD_PARAMETER);
}

TEST_CASE_METHOD(Fixture, "inverted indexes with typed fields and options", "[indexes][kinds]") {
  auto col = make_collection("inv");
  std::vector<InvertedIndexField> fields{
      {.name = "title", .analyzer = "text_en", .features = Strings{"frequency", "norm", "position"}},
      {.name = "tags"}};
  IndexProperties inv = col.add_index("inverted", fields,
                                      {.name = "inv_typed",
                                       .parallelism = 2,
                                       .analyzer = "identity",
                                       .include_all_fields = false,
                                       .track_list_positions = true,
                                       .search_field = true,
                                       .primary_sort = IndexPrimarySort{.fields = {{.field = "title", .ascending = false}},
                                                                        .compression = "none"},
                                       .optimize_top_k = Strings{"BM25(@doc) DESC"},
                                       .cleanup_interval_step = 4,
                                       .commit_interval_msec = 250,
                                       .consolidation_interval_msec = 3000,
                                       .writebuffer_idle = 16,
                                       .writebuffer_active = 1,
                                       .writebuffer_size_max = 4096})
                            .get();
  CHECK(inv.type == "inverted");
  CHECK(inv.name == "inv_typed");
  CHECK(inv.fields == Json::parse(R"([{"features":["frequency","norm","position"],"analyzer":"text_en","name":"title"},
                                      {"name":"tags"}])"));
  CHECK(inv.analyzer == std::optional<std::string>("identity"));
  CHECK(inv.track_list_positions == std::optional<bool>(true));
  CHECK(inv.search_field == std::optional<bool>(true));
  CHECK(inv.include_all_fields == std::optional<bool>(false));
  CHECK(inv.primary_sort["fields"][0]["field"].as_string() == "title");
  CHECK_FALSE(inv.primary_sort["fields"][0]["asc"].as_bool());
  CHECK(inv.primary_sort["compression"].as_string() == "none");
  CHECK(inv.optimize_top_k == std::optional<Strings>(Strings{"BM25(@doc) DESC"}));
  CHECK(inv.cleanup_interval_step == std::optional<std::int64_t>(4));
  CHECK(inv.commit_interval_msec == std::optional<std::int64_t>(250));
  CHECK(inv.consolidation_interval_msec == std::optional<std::int64_t>(3000));
  CHECK(inv.writebuffer_idle == std::optional<std::int64_t>(16));
  CHECK(inv.writebuffer_active == std::optional<std::int64_t>(1));
  CHECK(inv.writebuffer_size_max == std::optional<std::int64_t>(4096));
  REQUIRE(inv.features.has_value());
  CHECK(inv.consolidation_policy["type"].as_string() == "tier");
  CHECK(inv.version.has_value());

  // the defaults as a 3.12 server reports them
  IndexProperties plain = col.add_index("inverted", {"body"}).get();
  CHECK(plain.analyzer == std::optional<std::string>("identity"));
  CHECK(plain.features == std::optional<Strings>(Strings{"frequency", "norm"}));
  CHECK(plain.include_all_fields == std::optional<bool>(false));
  CHECK(plain.commit_interval_msec == std::optional<std::int64_t>(1000));
  CHECK(plain.consolidation_interval_msec == std::optional<std::int64_t>(5000));
  CHECK(plain.writebuffer_size_max == std::optional<std::int64_t>(33554432));
  CHECK(plain.sparse);
}

TEST_CASE_METHOD(Fixture, "vector indexes: params, training state, document checks", "[indexes][kinds][vector]") {
  auto col = make_collection("vec");
  IndexOptions options{.name = "by_emb",
                       .vector_params = VectorIndexParams{.metric = "l2", .dimension = 3, .n_lists = 4,
                                                          .default_n_probe = 2, .training_iterations = 10}};
  IndexProperties vec = col.add_index("vector", {"emb"}, options).get();
  CHECK(vec.type == "vector");
  REQUIRE(vec.vector_params.has_value());
  CHECK(vec.vector_params->metric == "l2");
  CHECK(vec.vector_params->dimension == 3);
  CHECK(vec.vector_params->n_lists == std::optional<std::int64_t>(4));
  CHECK(vec.vector_params->default_n_probe == std::optional<std::int64_t>(2));
  CHECK(vec.vector_params->training_iterations == std::optional<std::int64_t>(10));
  // created on an empty collection: not trained (3.12.9+)
  CHECK(vec.training_state == std::optional<std::string>("unusable"));
  CHECK(vec.error_message.has_value());
  CHECK_FALSE(vec.resolved_n_lists.has_value());

  // a document the index cannot take is refused
  auto wrong = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::parse(R"({"emb":[1,2]})")).get(); });
  CHECK(wrong.http_code() == 400);
  CHECK(wrong.error_code() == errno_::TYPE_ERROR);
  auto missing = expect_error<DocumentInsertError>([&] { (void)col.insert(Json::parse(R"({"x":1})")).get(); });
  CHECK(missing.error_code() == errno_::BAD_PARAMETER);

  for (int i = 0; i < 4; ++i) {
    (void)col.insert(Json::object({{"emb", vector_json(vector_of(i))}})).get();
  }
  IndexProperties trained = col.get_index("by_emb").get();
  CHECK(trained.training_state == std::optional<std::string>("ready"));
  CHECK(trained.resolved_n_lists == std::optional<std::int64_t>(4));
  CHECK_FALSE(trained.error_message.has_value());

  // params and vector_params together are a client error; bad params a server one
  CHECK_THROWS_AS(col.add_index("vector", {"emb"}, {.params = Json::object({{"metric", "l2"}}),
                                                    .vector_params = VectorIndexParams{.metric = "l2", .dimension = 3}}),
                  std::invalid_argument);
  auto bad = expect_error<IndexCreateError>([&] {
    (void)col.add_index("vector", {"emb"}, {.vector_params = VectorIndexParams{.metric = "l2", .dimension = 0, .n_lists = 1}})
        .get();
  });
  CHECK(bad.http_code() == 400);
  CHECK(bad.error_code() == errno_::BAD_PARAMETER);
}

TEST_CASE_METHOD(Fixture, "vector search returns the nearest neighbours", "[aql][vector]") {
  auto col = make_collection("vsearch");
  const int n = 30;
  std::vector<std::vector<double>> vectors;
  for (int i = 0; i < n; ++i) {
    vectors.push_back(vector_of(i));
    (void)col.insert(Json::object({{"_key", "d" + std::to_string(i)}, {"emb", vector_json(vectors.back())}})).get();
  }
  (void)col.add_index("vector", {"emb"}, {.vector_params = VectorIndexParams{.metric = "l2", .dimension = 3, .n_lists = 3}})
      .get();
  (void)col.add_index("vector", {"emb2"},
                      {.sparse = true, .vector_params = VectorIndexParams{.metric = "cosine", .dimension = 3, .n_lists = 1}})
      .get();
  const std::vector<double> query{0.3, -0.2, 1.0};

  // brute force: every document's distance, nearest first
  std::vector<std::pair<double, std::string>> expected;
  for (int i = 0; i < n; ++i) expected.emplace_back(l2(vectors[i], query), "d" + std::to_string(i));
  std::sort(expected.begin(), expected.end());

  auto cursor = db.aql()
                    .execute("FOR d IN @@c LET dist = APPROX_NEAR_L2(d.emb, @q) SORT dist LIMIT 6 "
                             "RETURN {key: d._key, dist}",
                             {.bind_vars = Json::object({{"@c", col.name()}, {"q", vector_json(query)}})})
                    .get();
  std::vector<std::pair<double, std::string>> got;
  while (auto row = cursor.next().get()) got.emplace_back((*row)["dist"].as_double(), std::string((*row)["key"].as_string()));
  REQUIRE(got.size() == 6);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].second == expected[i].second);
    CHECK(got[i].first == Approx(expected[i].first).epsilon(1e-5));
  }

  // cosine over the sparse index: only the documents that have emb2
  for (int i = 0; i < 3; ++i) {
    (void)col.insert(Json::object({{"_key", "c" + std::to_string(i)}, {"emb", vector_json(vectors[i])},
                                   {"emb2", vector_json(vector_of(i + 10))}}))
        .get();
  }
  std::vector<std::pair<double, std::string>> by_cosine;
  for (int i = 0; i < 3; ++i) by_cosine.emplace_back(-cosine(vector_of(i + 10), query), "c" + std::to_string(i));
  std::sort(by_cosine.begin(), by_cosine.end());
  auto cos = db.aql()
                 .execute("FOR d IN @@c SORT APPROX_NEAR_COSINE(@q, d.emb2) DESC LIMIT 2 RETURN d._key",
                          {.bind_vars = Json::object({{"@c", col.name()}, {"q", vector_json(query)}})})
                 .get();
  std::vector<std::string> keys;
  while (auto row = cos.next().get()) keys.emplace_back(row->as_string());
  CHECK(keys == Strings{by_cosine[0].second, by_cosine[1].second});

  // without LIMIT the optimizer cannot use the index: the function fails
  auto e = expect_error<AQLQueryExecuteError>([&] {
    (void)db.aql()
        .execute("FOR d IN @@c SORT APPROX_NEAR_L2(d.emb, @q) RETURN d",
                 {.bind_vars = Json::object({{"@c", col.name()}, {"q", vector_json(query)}})})
        .get();
  });
  CHECK(e.error_code() == errno_::QUERY_VECTOR_SEARCH_NOT_APPLIED);
}
