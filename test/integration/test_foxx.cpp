// Foxx against the server named by ARANGO_URL (the emulator by default): every Foxx method,
// a service installed from a zip in memory, from a file, from JavaScript, with configuration
// and dependencies (multipart), and from a path on the server; its configuration,
// dependencies, scripts, tests, README, Swagger description and bundle; the errors arangod
// gives; and calls as async jobs. FOXX_DEMO_DIR / FOXX_DEMO_ZIP name the demo service
// (test/integration/foxx-demo) and its zip, built by meson.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../support/collections.hpp"

using namespace arango;
using testenv::expect_error;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string demo_zip() { return read_file(FOXX_DEMO_ZIP); }

bool listed(const std::vector<FoxxServiceSummary>& services, const std::string& mount) {
  for (const auto& s : services) {
    if (s.mount == mount) return true;
  }
  return false;
}

}  // namespace

TEST_CASE_METHOD(testenv::DatabaseFixture, "foxx: install from a zip with configuration, inspect, remove",
                 "[foxx]") {
  Foxx foxx = db.foxx();
  const std::string mount = "/itest/demo";
  CHECK_FALSE(listed(foxx.services().get(), mount));

  FoxxServiceInfo info =
      foxx.create_service(mount, FoxxService::zip(demo_zip()).with_configuration(Json::parse(R"({"greeting":"hi"})")))
          .get();
  CHECK(info.mount == mount);
  CHECK(info.name == "itest-demo");
  CHECK(info.version == "1.0.0");
  CHECK_FALSE(info.development);
  CHECK(info.manifest["main"].as_string() == "index.js");
  CHECK(info.configuration["greeting"].as_string() == "hi");
  CHECK_FALSE(info.checksum.empty());

  FoxxServiceInfo again = foxx.service(mount).get();
  CHECK(again.name == "itest-demo");
  CHECK(again.checksum == info.checksum);
  std::vector<FoxxServiceSummary> all = foxx.services().get();
  REQUIRE(listed(all, mount));
  for (const auto& s : all) {
    if (s.mount == mount) {
      CHECK(s.name == "itest-demo");
      CHECK(s.version == "1.0.0");
      CHECK(s.provides.is_object());
    }
  }
  for (const auto& s : foxx.services(true).get()) CHECK_FALSE(s.mount.starts_with("/_"));

  // configuration: definitions with current values; update merges, replace resets
  Json config = foxx.config(mount).get();
  CHECK(config["greeting"]["current"].as_string() == "hi");
  CHECK(config["greeting"]["type"].as_string() == "string");
  CHECK(config["repeat"]["default"].as_int64() == 1);
  Json updated = foxx.update_config(mount, Json::parse(R"({"repeat":3})")).get();
  CHECK(updated["values"]["repeat"].as_int64() == 3);
  CHECK(updated["values"]["greeting"].as_string() == "hi");
  Json replaced = foxx.replace_config(mount, Json::parse(R"({"repeat":2})")).get();
  CHECK(replaced["values"]["repeat"].as_int64() == 2);
  CHECK(replaced["values"]["greeting"].as_string() == "hello");  // back to its default
  CHECK(foxx.config(mount).get()["repeat"]["current"].as_int64() == 2);

  // dependencies: definitions, then a mount path set and cleared
  Json deps = foxx.dependencies(mount).get();
  CHECK(deps["helper"]["name"].as_string() == "itest-helper");
  CHECK_FALSE(deps["helper"]["required"].as_bool());
  Json set = foxx.update_dependencies(mount, Json::parse(R"({"helper":"/itest/helper"})")).get();
  CHECK(set["values"]["helper"].as_string() == "/itest/helper");
  CHECK(foxx.dependencies(mount).get()["helper"]["current"].as_string() == "/itest/helper");
  Json cleared = foxx.replace_dependencies(mount, Json::parse("{}")).get();
  CHECK_FALSE(cleared["values"].contains("helper"));

  // scripts listed by name with a title; the setup script ran at install and made the
  // service's collection (named with the mount's prefix)
  std::vector<FoxxScript> scripts = foxx.scripts(mount).get();
  REQUIRE(scripts.size() == 3);
  std::vector<std::string> names;
  for (const auto& s : scripts) {
    names.push_back(s.name);
    CHECK_FALSE(s.title.empty());
  }
  CHECK(std::find(names.begin(), names.end(), "setup") != names.end());
  CHECK(std::find(names.begin(), names.end(), "teardown") != names.end());
  CHECK(std::find(names.begin(), names.end(), "echo-args") != names.end());
  CHECK(db.has_collection("itest_demo_items").get());
  Json echoed = foxx.run_script(mount, "echo-args", Json::parse(R"({"n":[1,2]})")).get();
  CHECK(echoed["argv"][0]["n"][1].as_int64() == 2);
  Json nothing = foxx.run_script(mount, "setup").get();  // exports nothing: module.exports is {}
  CHECK(nothing.is_object());
  CHECK(nothing.size() == 0);

  // README and Swagger from the bundle
  CHECK(foxx.readme(mount).get() == read_file(std::string(FOXX_DEMO_DIR) + "/README.md"));
  Json swagger = foxx.swagger(mount).get();
  CHECK(swagger["swagger"].as_string() == "2.0");
  CHECK(swagger["info"]["title"].as_string() == "itest-demo");
  CHECK(swagger["info"]["version"].as_string() == "1.0.0");
  CHECK(swagger["paths"].is_object());

  // the bundle comes back as a zip holding the service's files
  std::string zip = foxx.download(mount).get();
  REQUIRE(zip.size() > 4);
  CHECK(zip.compare(0, 4, std::string("PK\x03\x04", 4)) == 0);
  CHECK(zip.find("manifest.json") != std::string::npos);
  CHECK(zip.find("scripts/echo-args.js") != std::string::npos);

  // development mode on and off
  CHECK(foxx.enable_development(mount).get().development);
  for (const auto& s : foxx.services().get()) {
    if (s.mount == mount) CHECK(s.development);
  }
  CHECK_FALSE(foxx.disable_development(mount).get().development);

  // tests: the demo has none, so every reporter reports an empty run
  Json run = Json::parse(foxx.run_tests(mount, {.reporter = "default"}).get());
  CHECK(run["stats"]["tests"].as_int64() == 0);
  CHECK(run["stats"]["failures"].as_int64() == 0);

  foxx.delete_service(mount).get();  // runs the teardown script
  CHECK_FALSE(listed(foxx.services().get(), mount));
  CHECK_FALSE(db.has_collection("itest_demo_items").get());
  auto e = expect_error<FoxxServiceGetError>([&] { (void)foxx.service(mount).get(); });
  CHECK(e.error_code() == 3009);
  CHECK(e.http_code() == 400);
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "foxx: install from a file, from JavaScript, from the server's path; "
                                           "upgrade and replace", "[foxx]") {
  Foxx foxx = db.foxx();
  FoxxServiceInfo from_file = foxx.create_service("/itest/file", FoxxService::file(FOXX_DEMO_ZIP)).get();
  CHECK(from_file.name == "itest-demo");
  FoxxServiceInfo from_path = foxx.create_service("/itest/path", FoxxService::source(FOXX_DEMO_ZIP)).get();
  CHECK(from_path.name == "itest-demo");
  CHECK(from_path.checksum == from_file.checksum);

  FoxxServiceInfo js = foxx.create_service("/itest/js", FoxxService::javascript("'use strict';\nmodule.exports = 42;\n"),
                                           {.development = true})
                           .get();
  CHECK(js.mount == "/itest/js");
  CHECK(js.development);
  CHECK(js.manifest["main"].is_string());
  std::string js_zip = foxx.download("/itest/js").get();
  CHECK(js_zip.compare(0, 4, std::string("PK\x03\x04", 4)) == 0);
  CHECK(js_zip.find(std::string(js.manifest["main"].as_string())) != std::string::npos);  // names are not compressed

  // upgrade keeps the configuration it is not given; replace resets it
  (void)foxx.update_config("/itest/file", Json::parse(R"({"greeting":"kept"})")).get();
  FoxxServiceInfo upgraded = foxx.update_service("/itest/file", FoxxService::zip(demo_zip())).get();
  CHECK(upgraded.configuration["greeting"].as_string() == "kept");
  FoxxServiceInfo replaced =
      foxx.replace_service("/itest/file", FoxxService::zip(demo_zip()), {.teardown = false}).get();
  CHECK_FALSE(replaced.configuration.contains("greeting"));

  // a replace with force installs where nothing is mounted; without it, it is an error
  auto missing = expect_error<FoxxServiceReplaceError>(
      [&] { (void)foxx.replace_service("/itest/none", FoxxService::zip(demo_zip())).get(); });
  CHECK(missing.error_code() == 3009);
  CHECK(foxx.replace_service("/itest/none", FoxxService::zip(demo_zip()), {.force = true}).get().mount == "/itest/none");
  auto upgrade_missing = expect_error<FoxxServiceUpdateError>(
      [&] { (void)foxx.update_service("/itest/other", FoxxService::zip(demo_zip())).get(); });
  CHECK(upgrade_missing.error_code() == 3009);

  for (const char* m : {"/itest/file", "/itest/path", "/itest/js", "/itest/none"}) foxx.delete_service(m).get();
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "foxx: the errors arangod gives", "[foxx]") {
  Foxx foxx = db.foxx();
  (void)foxx.create_service("/itest/twice", FoxxService::zip(demo_zip())).get();
  auto twice = expect_error<FoxxServiceCreateError>(
      [&] { (void)foxx.create_service("/itest/twice", FoxxService::zip(demo_zip())).get(); });
  CHECK(twice.error_code() == 3011);

  auto reserved = expect_error<FoxxServiceCreateError>(
      [&] { (void)foxx.create_service("/_reserved", FoxxService::zip(demo_zip())).get(); });
  CHECK(reserved.error_code() == 3007);

  auto no_manifest = expect_error<FoxxServiceCreateError>([&] {
    (void)foxx.create_service("/itest/broken", FoxxService::zip(std::string("PK\x05\x06", 4) + std::string(18, '\0')))
        .get();
  });
  CHECK(no_manifest.http_code() >= 400);
  CHECK_FALSE(listed(foxx.services().get(), "/itest/broken"));

  auto no_source = expect_error<FoxxServiceCreateError>(
      [&] { (void)foxx.create_service("/itest/nosrc", FoxxService::source("/does/not/exist.zip")).get(); });
  CHECK(no_source.error_code() == 3014);

  auto unknown_script =
      expect_error<FoxxScriptRunError>([&] { (void)foxx.run_script("/itest/twice", "no-such-script").get(); });
  CHECK(unknown_script.error_code() == 3016);

  auto missing = expect_error<FoxxConfigGetError>([&] { (void)foxx.config("/itest/nothing").get(); });
  CHECK(missing.http_code() == 400);
  CHECK(missing.error_code() == 3009);
  CHECK(expect_error<FoxxDependencyGetError>([&] { (void)foxx.dependencies("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxScriptListError>([&] { (void)foxx.scripts("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxReadmeGetError>([&] { (void)foxx.readme("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxSwaggerGetError>([&] { (void)foxx.swagger("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxDownloadError>([&] { (void)foxx.download("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxTestRunError>([&] { (void)foxx.run_tests("/itest/nothing").get(); }).http_code() == 400);
  CHECK(expect_error<FoxxDevModeEnableError>([&] { (void)foxx.enable_development("/itest/nothing").get(); })
            .http_code() == 400);
  CHECK(expect_error<FoxxDevModeDisableError>([&] { (void)foxx.disable_development("/itest/nothing").get(); })
            .http_code() == 400);
  CHECK(expect_error<FoxxServiceDeleteError>([&] { foxx.delete_service("/itest/nothing").get(); }).http_code() == 400);

  foxx.commit().get();
  foxx.delete_service("/itest/twice").get();
}

TEST_CASE_METHOD(testenv::DatabaseFixture, "foxx: calls as async jobs", "[foxx][async]") {
  (void)db.foxx().create_service("/itest/async", FoxxService::zip(demo_zip())).get();
  AsyncDatabase async_db = db.begin_async_execution();
  auto job = async_db.foxx().service("/itest/async").get();
  REQUIRE(job.has_value());
  REQUIRE(job->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(job->result().get().name == "itest-demo");
  auto readme = async_db.foxx().readme("/itest/async").get();
  REQUIRE(readme.has_value());
  REQUIRE(readme->wait(std::chrono::seconds(30), std::chrono::milliseconds(20)).get());
  CHECK(readme->result().get().starts_with("# itest-demo"));
  db.foxx().delete_service("/itest/async").get();
}
