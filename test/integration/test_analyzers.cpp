// ArangoSearch analyzers against the server named by ARANGO_URL (the emulator by default): list,
// get, create (normalised properties, idempotence, conflicts, bad definitions), delete (force,
// ignore_missing, built-ins, in use by a view), per-database visibility, and TOKENS() under the
// analyzers created here. Expected tokens are worked out by hand from the analyzers' rules.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/collections.hpp"
#include "../support/test_env.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

struct Fixture {
  ArangoClient client{testenv::logged(testenv::url())};
  StandardDatabase sys = client.db("_system", testenv::root()).get();
  std::vector<std::string> to_drop;  // analyzers of _system
  std::vector<std::string> dbs_to_drop;

  ~Fixture() {
    for (const auto& a : to_drop) {
      try {
        (void)sys.delete_analyzer(a, {.force = true, .ignore_missing = true}).get();
      } catch (...) {
      }
    }
    for (const auto& d : dbs_to_drop) {
      try {
        (void)sys.delete_database(d, {.ignore_missing = true}).get();
      } catch (...) {
      }
    }
  }

  std::string fresh(const std::string& prefix) {
    auto name = testenv::unique_name(prefix);
    to_drop.push_back(name);
    return name;
  }

  /// TOKENS(value, analyzer) through AQL in `db`.
  std::vector<std::string> tokens(const StandardDatabase& db, const std::string& value, const std::string& analyzer) {
    auto cursor = db.aql()
                      .execute("RETURN TOKENS(@v, @a)",
                               {.bind_vars = Json::object({{"v", value}, {"a", analyzer}})})
                      .get();
    auto row = cursor.next().get();
    REQUIRE(row);
    std::vector<std::string> out;
    for (JsonView t : (*row).elements()) out.emplace_back(t.as_string());
    return out;
  }
};

std::vector<std::string> names(const std::vector<AnalyzerInfo>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.name);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE_METHOD(Fixture, "built-in analyzers are listed and readable", "[analyzers]") {
  auto list = sys.analyzers().get();
  auto all = names(list);
  for (const char* b : {"identity", "text_de", "text_en", "text_es", "text_fi", "text_fr", "text_it", "text_nl",
                        "text_no", "text_pt", "text_ru", "text_sv", "text_zh"}) {
    CHECK(contains(all, b));
  }
  auto identity = sys.analyzer("identity").get();
  CHECK(identity.name == "identity");
  CHECK(identity.type == "identity");
  CHECK(identity.features == Strings{"frequency", "norm"});
  CHECK(identity.properties.dump() == "{}");

  auto en = sys.analyzer("text_en").get();
  CHECK(en.type == "text");
  CHECK(en.features == Strings{"frequency", "position", "norm"});
  CHECK(en.properties["locale"].as_string() == "en");
  CHECK(en.properties["case"].as_string() == "lower");
  CHECK(en.properties["stemming"].as_bool());
  CHECK_FALSE(en.properties["accent"].as_bool());
  CHECK_FALSE(sys.analyzer("text_zh").get().properties["stemming"].as_bool());

  auto missing = expect_error<AnalyzerGetError>([&] { (void)sys.analyzer("no_such_analyzer").get(); });
  CHECK(missing.http_code() == 404);
  CHECK(missing.error_code() == 1202);
}

TEST_CASE_METHOD(Fixture, "create normalises the definition and is idempotent", "[analyzers]") {
  auto name = fresh("ngram");
  auto props = Json::parse(R"({"min":1,"max":0,"preserveOriginal":false})");
  auto created = sys.create_analyzer(name, "ngram", props, Strings{"position", "frequency"}).get();
  CHECK(created.name == "_system::" + name);
  CHECK(created.type == "ngram");
  // min is raised to 1 and max to min; the defaults are filled in; features in the server's order
  CHECK(created.properties.dump() == R"({"min":1,"max":1,"preserveOriginal":false,"streamType":"binary"})");
  CHECK(created.features == Strings{"frequency", "position"});

  // the same definition again: the existing analyzer (200), not an error
  auto again = sys.create_analyzer(name, "ngram", props, Strings{"frequency", "position"}).get();
  CHECK(again.name == created.name);
  CHECK(again.properties.dump() == created.properties.dump());

  // read back by every name form
  CHECK(sys.analyzer(name).get().type == "ngram");
  CHECK(sys.analyzer("_system::" + name).get().type == "ngram");
  CHECK(sys.analyzer("::" + name).get().type == "ngram");
  CHECK(contains(names(sys.analyzers().get()), "_system::" + name));

  auto text = fresh("text");
  auto t = sys.create_analyzer(text, "text", Json::parse(R"({"locale":"en.utf-8","stopwords":["a"]})")).get();
  CHECK(t.properties.dump() ==
        R"({"locale":"en","case":"lower","stopwords":["a"],"accent":false,"stemming":true})");
  CHECK(t.features.empty());

  auto norm = fresh("norm");
  CHECK(sys.create_analyzer(norm, "norm", Json::parse(R"({"locale":"de"})")).get().properties.dump() ==
        R"({"locale":"de","case":"none","accent":true})");
}

TEST_CASE_METHOD(Fixture, "create errors", "[analyzers][errors]") {
  auto name = fresh("dup");
  (void)sys.create_analyzer(name, "identity").get();

  SECTION("another definition under the same name") {
    auto e = expect_error<AnalyzerCreateError>(
        [&] { (void)sys.create_analyzer(name, "delimiter", Json::parse(R"({"delimiter":","})")).get(); });
    CHECK(e.http_code() == 400);
    CHECK(e.error_code() == 10);
    CHECK(e.error_message().find("Name collision detected") != std::string::npos);
    // other features are another definition too
    auto f = expect_error<AnalyzerCreateError>(
        [&] { (void)sys.create_analyzer(name, "identity", std::nullopt, Strings{"frequency"}).get(); });
    CHECK(f.error_code() == 10);
  }
  SECTION("unknown type") {
    auto e = expect_error<AnalyzerCreateError>([&] { (void)sys.create_analyzer(fresh("x"), "no_such_type").get(); });
    CHECK(e.http_code() == 501);
    CHECK(e.error_code() == 9);
  }
  SECTION("properties the type rejects") {
    for (const char* bad : {R"({"min":2})", R"({"min":2,"max":3,"preserveOriginal":"yes"})",
                            R"({"min":-1,"max":3,"preserveOriginal":true})"}) {
      auto e = expect_error<AnalyzerCreateError>(
          [&] { (void)sys.create_analyzer(fresh("x"), "ngram", Json::parse(bad)).get(); });
      CHECK(e.http_code() == 400);
      CHECK(e.error_code() == 10);
      CHECK(e.error_message().find("Failure initializing an arangosearch analyzer instance") != std::string::npos);
    }
    auto no_locale = expect_error<AnalyzerCreateError>([&] { (void)sys.create_analyzer(fresh("x"), "text").get(); });
    CHECK(no_locale.error_code() == 10);
    auto bad_case = expect_error<AnalyzerCreateError>([&] {
      (void)sys.create_analyzer(fresh("x"), "norm", Json::parse(R"({"locale":"en","case":"title"})")).get();
    });
    CHECK(bad_case.error_code() == 10);
  }
  SECTION("features") {
    auto unknown = expect_error<AnalyzerCreateError>(
        [&] { (void)sys.create_analyzer(fresh("x"), "identity", std::nullopt, Strings{"bogus"}).get(); });
    CHECK(unknown.error_code() == 10);
    auto offset = expect_error<AnalyzerCreateError>([&] {
      (void)sys.create_analyzer(fresh("x"), "identity", std::nullopt, Strings{"frequency", "offset"}).get();
    });
    CHECK(offset.error_message() == "missing feature 'position' required when 'offset' feature is specified");
    auto position = expect_error<AnalyzerCreateError>(
        [&] { (void)sys.create_analyzer(fresh("x"), "identity", std::nullopt, Strings{"position"}).get(); });
    CHECK(position.error_message() == "missing feature 'frequency' required when 'position' feature is specified");
  }
  SECTION("names") {
    auto bad = expect_error<AnalyzerCreateError>([&] { (void)sys.create_analyzer("a/b", "identity").get(); });
    CHECK(bad.error_code() == 10);
    auto other_db = expect_error<AnalyzerCreateError>(
        [&] { (void)sys.create_analyzer("elsewhere::x", "identity").get(); });
    CHECK(other_db.http_code() == 403);
    CHECK(other_db.error_code() == 11);
  }
}

TEST_CASE_METHOD(Fixture, "delete", "[analyzers]") {
  auto name = fresh("del");
  (void)sys.create_analyzer(name, "identity").get();
  CHECK(sys.delete_analyzer(name).get());
  auto gone = expect_error<AnalyzerGetError>([&] { (void)sys.analyzer(name).get(); });
  CHECK(gone.error_code() == 1202);

  auto missing = expect_error<AnalyzerDeleteError>([&] { (void)sys.delete_analyzer(name).get(); });
  CHECK(missing.http_code() == 404);
  CHECK(missing.error_code() == 1202);
  CHECK_FALSE(sys.delete_analyzer(name, {.ignore_missing = true}).get());

  auto builtin = expect_error<AnalyzerDeleteError>([&] { (void)sys.delete_analyzer("text_en").get(); });
  CHECK(builtin.http_code() == 403);
  CHECK(builtin.error_code() == 11);
  // ignore_missing does not hide other errors
  auto still = expect_error<AnalyzerDeleteError>(
      [&] { (void)sys.delete_analyzer("identity", {.ignore_missing = true}).get(); });
  CHECK(still.error_code() == 11);
}

TEST_CASE_METHOD(Fixture, "an analyzer used by a view is deleted only with force", "[analyzers][views]") {
  auto name = fresh("used");
  (void)sys.create_analyzer(name, "identity").get();
  auto coll = testenv::unique_name("analyzed");
  testenv::CollectionGuard guard(sys);
  guard.track(coll);
  (void)sys.create_collection(coll).get();
  auto view = testenv::unique_name("view");
  Request create(Method::POST, "/_api/view", {},
                 R"({"name":")" + view + R"(","type":"arangosearch","links":{")" + coll + R"(":{"analyzers":[")" +
                     name + R"("]}}})");
  Response created = sys.request(std::move(create)).get();
  REQUIRE(created.status_code == 201);
  auto refused = expect_error<AnalyzerDeleteError>([&] { (void)sys.delete_analyzer(name, {.force = false}).get(); });
  CHECK(refused.http_code() == 409);
  CHECK(refused.error_code() == 1200);
  CHECK(sys.delete_analyzer(name, {.force = true}).get());
  (void)sys.request(Request(Method::DELETE, "/_api/view/" + view)).get();
}

TEST_CASE_METHOD(Fixture, "analyzers per database, _system's seen from everywhere", "[analyzers]") {
  auto dbname = testenv::unique_name("analyzerdb");
  dbs_to_drop.push_back(dbname);
  (void)sys.create_database(dbname).get();
  auto db = client.db(dbname, testenv::root()).get();

  auto shared = fresh("shared");
  (void)sys.create_analyzer(shared, "delimiter", Json::parse(R"({"delimiter":"|"})")).get();
  auto own = db.create_analyzer("own", "identity").get();
  CHECK(own.name == dbname + "::own");

  auto in_db = names(db.analyzers().get());
  CHECK(contains(in_db, dbname + "::own"));
  CHECK(contains(in_db, "_system::" + shared));
  CHECK_FALSE(contains(names(sys.analyzers().get()), dbname + "::own"));

  // _system's by "::name" or "_system::name"; a bare name means the database's own
  CHECK(db.analyzer("::" + shared).get().name == "_system::" + shared);
  CHECK(db.analyzer("_system::" + shared).get().type == "delimiter");
  CHECK(expect_error<AnalyzerGetError>([&] { (void)db.analyzer(shared).get(); }).error_code() == 1202);
  // another database's analyzers are out of reach
  auto foreign = expect_error<AnalyzerGetError>([&] { (void)sys.analyzer(dbname + "::own").get(); });
  CHECK(foreign.http_code() == 403);

  CHECK(tokens(db, "a|b", "::" + shared) == Strings{"a", "b"});
  CHECK(tokens(db, "Keep", "own") == Strings{"Keep"});
  // removal from another database is refused; from its own it works
  auto wrong = expect_error<AnalyzerDeleteError>([&] { (void)sys.delete_analyzer(dbname + "::own").get(); });
  CHECK(wrong.http_code() == 403);
  CHECK(db.delete_analyzer("own").get());
}

TEST_CASE_METHOD(Fixture, "TOKENS() under user analyzers", "[analyzers][aql]") {
  auto ngram = fresh("tri");
  (void)sys.create_analyzer(ngram, "ngram",
                            Json::parse(R"({"min":3,"max":3,"preserveOriginal":true,"startMarker":"^",)"
                                        R"("endMarker":"$","streamType":"utf8"})"))
      .get();
  // grams of 3 from each position; "^" before the first, "$" after the last; the whole input with
  // each marker before leaving the first position
  CHECK(tokens(sys, "foobar", ngram) == Strings{"^foo", "^foobar", "foobar$", "oob", "oba", "bar$"});

  auto bigram = fresh("bi");
  (void)sys.create_analyzer(bigram, "ngram", Json::parse(R"({"min":2,"max":3,"preserveOriginal":false})")).get();
  CHECK(tokens(sys, "abcd", bigram) == Strings{"ab", "abc", "bc", "bcd", "cd"});

  auto delim = fresh("csv");
  (void)sys.create_analyzer(delim, "delimiter", Json::parse(R"({"delimiter":","})")).get();
  CHECK(tokens(sys, R"(a,"b,c",d)", delim) == Strings{"a", "b,c", "d"});

  auto norm = fresh("up");
  (void)sys.create_analyzer(norm, "norm", Json::parse(R"({"locale":"fr","case":"upper","accent":false})")).get();
  CHECK(tokens(sys, "Crème brûlée", norm) == Strings{"CREME BRULEE"});

  auto stop = fresh("stop");
  (void)sys.create_analyzer(stop, "stopwords", Json::parse(R"({"stopwords":["616e64"],"hex":true})")).get();
  CHECK(tokens(sys, "and", stop).empty());  // "616e64" is "and"
  CHECK(tokens(sys, "or", stop) == Strings{"or"});

  auto pipe = fresh("pipe");
  (void)sys.create_analyzer(pipe, "pipeline", Json::parse(R"({"pipeline":[
      {"type":"delimiter","properties":{"delimiter":" "}},
      {"type":"norm","properties":{"locale":"en","case":"upper"}}]})"))
      .get();
  CHECK(tokens(sys, "quick brown", pipe) == Strings{"QUICK", "BROWN"});

  auto text = fresh("edge");
  (void)sys.create_analyzer(text, "text",
                            Json::parse(R"({"locale":"en","stemming":false,"stopwords":["the"],)"
                                        R"("edgeNgram":{"min":2,"max":3,"preserveOriginal":true}})"))
      .get();
  // "the" is a stopword; each other word gives its prefixes of 2 and 3 characters and, when
  // longer than 3, itself
  CHECK(tokens(sys, "The Quick fox", text) == Strings{"qu", "qui", "quick", "fo", "fox"});

  auto unknown = expect_error<AQLQueryExecuteError>([&] { (void)tokens(sys, "x", "no_such_analyzer"); });
  CHECK(unknown.error_code() == 10);
}
