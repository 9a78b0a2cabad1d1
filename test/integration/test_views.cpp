// Views against the server named by ARANGO_URL (the emulator by default): every Database view
// method (views, view, view_info, create_view, replace_view, update_view, rename_view,
// delete_view), their errors, and the calls as async jobs.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

std::vector<std::string> names_of(const std::vector<ViewInfo>& views) {
  std::vector<std::string> out;
  for (const ViewInfo& v : views) out.push_back(v.name);
  return out;
}

std::vector<std::string> link_names(const ViewInfo& v) {
  std::vector<std::string> out;
  for (auto [key, value] : v.properties["links"].members()) out.emplace_back(key);
  return out;
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "views: create, read, list, update, rename, delete", "[views]") {
  auto books = make_collection("books");
  auto films = make_collection("films");

  ViewInfo created = db.create_view("search", "arangosearch",
                                    Json::parse(R"({"commitIntervalMsec": 250,
                                      "primarySort": [{"field": "title", "direction": "desc"}],
                                      "links": {")" + books.name() + R"(": {"fields": {"title": {"analyzers": ["text_en"]}}}}})"))
                         .get();
  CHECK(created.name == "search");
  CHECK(created.type == "arangosearch");
  CHECK_FALSE(created.id.empty());
  CHECK(created.globally_unique_id.ends_with("/" + created.id));
  CHECK(created.properties["commitIntervalMsec"].as_int64() == 250);
  CHECK(created.properties["cleanupIntervalStep"].as_int64() == 2);
  CHECK(created.properties["primarySort"][0]["asc"].as_bool() == false);
  CHECK(created.properties["links"][books.name()]["fields"]["title"]["analyzers"][0].as_string() == "text_en");
  CHECK(created.properties["links"][books.name()]["analyzers"][0].as_string() == "identity");
  CHECK_FALSE(created.properties.contains("error"));

  ViewInfo alias = db.create_view("alias", "search-alias").get();
  CHECK(alias.type == "search-alias");
  CHECK(alias.properties["indexes"].size() == 0);

  // views(): summaries, sorted by name
  std::vector<ViewInfo> all = db.views().get();
  CHECK(names_of(all) == std::vector<std::string>{"alias", "search"});
  CHECK(all[1].id == created.id);
  CHECK_FALSE(all[1].properties.contains("links"));

  // view() reads the properties, view_info() the summary only
  ViewInfo props = db.view("search").get();
  CHECK(props.id == created.id);
  CHECK(props.properties["commitIntervalMsec"].as_int64() == 250);
  CHECK(link_names(props) == std::vector<std::string>{books.name()});
  ViewInfo info = db.view_info("search").get();
  CHECK(info.globally_unique_id == created.globally_unique_id);
  CHECK_FALSE(info.properties.contains("links"));
  CHECK_FALSE(info.properties.contains("code"));

  // update_view merges: the other link stays, commitIntervalMsec stays
  ViewInfo updated = db.update_view("search", Json::parse(R"({"cleanupIntervalStep": 5, "links": {")" +
                                                          films.name() + R"(": {"includeAllFields": true}}})"))
                         .get();
  CHECK(updated.properties["cleanupIntervalStep"].as_int64() == 5);
  CHECK(updated.properties["commitIntervalMsec"].as_int64() == 250);
  auto linked = link_names(updated);
  std::sort(linked.begin(), linked.end());
  auto expected = std::vector<std::string>{books.name(), films.name()};
  std::sort(expected.begin(), expected.end());
  CHECK(linked == expected);
  // ... an immutable property is ignored
  updated = db.update_view("search", Json::parse(R"({"primarySortCompression": "none"})")).get();
  CHECK(updated.properties["primarySortCompression"].as_string() == "lz4");

  // replace_view: what is not given goes back to its default, links not given are dropped
  ViewInfo replaced =
      db.replace_view("search", Json::parse(R"({"links": {")" + films.name() + R"(": {}}})")).get();
  CHECK(replaced.properties["cleanupIntervalStep"].as_int64() == 2);
  CHECK(replaced.properties["commitIntervalMsec"].as_int64() == 1000);
  CHECK(link_names(replaced) == std::vector<std::string>{films.name()});
  CHECK(replaced.properties["primarySort"][0]["field"].as_string() == "title");

  // rename_view returns nothing; the old name is gone
  db.rename_view("search", "found").get();
  CHECK(db.view("found").get().id == created.id);
  auto gone = expect_error<ViewGetError>([&] { db.view("search").get(); });
  CHECK(gone.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(gone.http_code() == 404);

  // a dropped collection leaves the view's links
  (void)db.delete_collection(films.name()).get();
  CHECK(link_names(db.view("found").get()).empty());

  // delete_view: true; missing: ViewDeleteError, or false with ignore_missing
  CHECK(db.delete_view("found").get());
  CHECK(db.delete_view("alias").get());
  CHECK(db.views().get().empty());
  auto missing = expect_error<ViewDeleteError>([&] { (void)db.delete_view("found").get(); });
  CHECK(missing.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK_FALSE(db.delete_view("found", true).get());
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "views: errors of every method", "[views]") {
  auto coll = make_collection("coll");
  (void)db.create_view("v", "arangosearch").get();

  // duplicate names, with views and with collections (one namespace)
  auto dup = expect_error<ViewCreateError>([&] { (void)db.create_view("v", "search-alias").get(); });
  CHECK(dup.error_code() == errno_::DUPLICATE_NAME);
  CHECK(dup.http_code() == 409);
  auto dup_coll = expect_error<ViewCreateError>([&] { (void)db.create_view(coll.name(), "arangosearch").get(); });
  CHECK(dup_coll.error_code() == errno_::DUPLICATE_NAME);
  auto coll_dup = expect_error<CollectionCreateError>([&] { (void)db.create_collection("v").get(); });
  CHECK(coll_dup.error_code() == errno_::DUPLICATE_NAME);

  // bad type, illegal name
  auto bad_type = expect_error<ViewCreateError>([&] { (void)db.create_view("w", "nonsense").get(); });
  CHECK(bad_type.error_code() == errno_::BAD_PARAMETER);
  auto bad_name = expect_error<ViewCreateError>([&] { (void)db.create_view("no/slash", "arangosearch").get(); });
  CHECK(bad_name.error_code() == errno_::ILLEGAL_NAME);

  // bad links: unknown collection (1203), bad link value, unknown analyzer (10)
  auto no_coll = expect_error<ViewCreateError>(
      [&] { (void)db.create_view("w", "arangosearch", Json::parse(R"({"links": {"nope": {}}})")).get(); });
  CHECK(no_coll.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(std::string(no_coll.what()).find("collection 'nope' not found") != std::string::npos);
  auto bad_link = expect_error<ViewCreateError>([&] {
    (void)db.create_view("w", "arangosearch",
                         Json::parse(R"({"links": {")" + coll.name() + R"(": {"trackListPositions": 1}}})"))
        .get();
  });
  CHECK(bad_link.error_code() == errno_::BAD_PARAMETER);
  auto bad_analyzer = expect_error<ViewCreateError>([&] {
    (void)db.create_view("w", "arangosearch",
                         Json::parse(R"({"links": {")" + coll.name() + R"(": {"analyzers": ["no_such"]}}})"))
        .get();
  });
  CHECK(bad_analyzer.error_code() == errno_::BAD_PARAMETER);
  // bad properties
  auto bad_props = expect_error<ViewCreateError>(
      [&] { (void)db.create_view("w", "arangosearch", Json::parse(R"({"consolidationIntervalMsec": "soon"})")).get(); });
  CHECK(bad_props.error_code() == errno_::BAD_PARAMETER);
  CHECK(std::string(bad_props.what()).find("consolidationIntervalMsec") != std::string::npos);
  CHECK(names_of(db.views().get()) == std::vector<std::string>{"v"});

  // unknown views
  CHECK(expect_error<ViewGetError>([&] { (void)db.view_info("nope").get(); }).error_code() ==
        errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(expect_error<ViewReplaceError>([&] { (void)db.replace_view("nope", Json::parse("{}")).get(); })
            .error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(expect_error<ViewUpdateError>([&] { (void)db.update_view("nope", Json::parse("{}")).get(); })
            .error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(expect_error<ViewRenameError>([&] { db.rename_view("nope", "x").get(); }).error_code() ==
        errno_::DATA_SOURCE_NOT_FOUND);

  // bad updates, a rename onto a taken name
  auto bad_update = expect_error<ViewUpdateError>(
      [&] { (void)db.update_view("v", Json::parse(R"({"links": {"nope": {}}})")).get(); });
  CHECK(bad_update.error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  auto bad_replace = expect_error<ViewReplaceError>(
      [&] { (void)db.replace_view("v", Json::parse(R"({"consolidationPolicy": {"type": "x"}})")).get(); });
  CHECK(bad_replace.error_code() == errno_::BAD_PARAMETER);
  auto taken = expect_error<ViewRenameError>([&] { db.rename_view("v", coll.name()).get(); });
  CHECK(taken.error_code() == errno_::DUPLICATE_NAME);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "views: calls as async jobs", "[views][async]") {
  AsyncDatabase async_db = db.begin_async_execution();
  auto finish = [](const auto& job) {
    REQUIRE(job.has_value());
    REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
    return job->result().get();
  };
  ViewInfo v = finish(async_db.create_view("jobview", "arangosearch").get());
  CHECK(v.name == "jobview");
  CHECK(names_of(finish(async_db.views().get())) == std::vector<std::string>{"jobview"});
  CHECK(finish(async_db.update_view("jobview", Json::parse(R"({"cleanupIntervalStep": 3})")).get())
            .properties["cleanupIntervalStep"]
            .as_int64() == 3);
  auto job = async_db.view("nope").get();
  REQUIRE(job.has_value());
  REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(expect_error<ViewGetError>([&] { (void)job->result().get(); }).error_code() == errno_::DATA_SOURCE_NOT_FOUND);
  CHECK(finish(async_db.delete_view("jobview").get()));
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "views: SEARCH shows writes after the link's next commit",
                 "[views][search]") {
  auto notes = make_collection("notes");
  db.create_view("notes_view", "arangosearch",
                 Json::parse(R"({"commitIntervalMsec": 3600000, "links": {")" + notes.name() +
                             R"(": {"includeAllFields": true}}})"))
      .get();
  auto keys = [&](const std::string& options) {
    std::vector<std::string> out;
    auto cursor =
        db.aql().execute("FOR d IN notes_view SEARCH d.n == 1 " + options + " SORT d._key RETURN d._key").get();
    while (auto key = cursor.next().get()) out.emplace_back(key->as_string());
    return out;
  };
  using Keys = std::vector<std::string>;
  const std::string sync = "OPTIONS {waitForSync: true}";

  // an hour between commits: a write shows only when a query asks for a commit
  notes.insert(Json::object({{"_key", "a"}, {"n", 1}})).get();
  CHECK(keys("").empty());
  CHECK(keys(sync) == Keys{"a"});
  notes.update(Json::object({{"_key", "a"}, {"n", 2}})).get();
  CHECK(keys("") == Keys{"a"});
  CHECK(keys(sync).empty());
  notes.update(Json::object({{"_key", "a"}, {"n", 1}})).get();
  CHECK(keys(sync) == Keys{"a"});
  notes.delete_("a").get();
  CHECK(keys("") == Keys{"a"});
  CHECK(keys(sync).empty());

  // a short interval set through update_view: the insert shows without waitForSync (bounded wait)
  db.update_view("notes_view", Json::parse(R"({"commitIntervalMsec": 100})")).get();
  notes.insert(Json::object({{"_key", "b"}, {"n", 1}})).get();
  Keys seen = keys("");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (seen != Keys{"b"} && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    seen = keys("");
  }
  CHECK(seen == Keys{"b"});
}
