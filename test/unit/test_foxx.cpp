// Foxx calls through a mock transport: the requests they send (method, path, mount query,
// body and content type for each kind of service bundle), how the answers are decoded, which
// error class each failure raises, and the 4.x gate.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "../support/mock_http.hpp"

using namespace arango;

namespace {

struct Fixture : testenv::MockDatabase {
  Fixture() { mock->answer(200, R"({"server":"arango","version":"3.12.10","license":"community"})"); }
  std::string header(std::string_view name) const {
    auto v = last().headers.find(name);
    return v ? std::string(*v) : std::string();
  }
};

const char* const kInfo = R"({"mount":"/svc","path":"/tmp/apps/_db/shop/svc/APP","name":"demo","version":"1.2.0",
  "development":false,"legacy":false,"manifest":{"name":"demo","version":"1.2.0","main":"index.js"},
  "checksum":"1985427447","options":{"configuration":{"greeting":"hi"},"dependencies":{}}})";
const char* const kMissing =
    R"({"code":400,"error":true,"errorMessage":"No service installed at mount path \"/nope\".","errorNum":3009})";

}  // namespace

TEST_CASE_METHOD(Fixture, "foxx: service listing and description", "[foxx]") {
  Foxx f = db.foxx();
  mock->answer(200, R"([{"mount":"/svc","name":"demo","version":"1.2.0","provides":{},"development":true,"legacy":false}])");
  std::vector<FoxxServiceSummary> list = f.services(true).get();
  CHECK(last().method == Method::GET);
  CHECK(last().url == url("/_api/foxx?excludeSystem=true"));
  REQUIRE(list.size() == 1);
  CHECK(list[0].mount == "/svc");
  CHECK(list[0].name == "demo");
  CHECK(list[0].version == "1.2.0");
  CHECK(list[0].development);
  CHECK(list[0].provides.is_object());

  mock->answer(200, "[]");
  CHECK(f.services().get().empty());
  CHECK(last().url == url("/_api/foxx?excludeSystem=false"));

  mock->answer(200, kInfo);
  FoxxServiceInfo info = f.service("/svc").get();
  CHECK(last().url == url("/_api/foxx/service?mount=%2Fsvc"));
  CHECK(info.mount == "/svc");
  CHECK(info.name == "demo");
  CHECK(info.checksum == "1985427447");
  CHECK(info.manifest["main"].as_string() == "index.js");
  CHECK(info.configuration["greeting"].as_string() == "hi");
  CHECK(info.dependencies.is_object());

  mock->answer(400, kMissing);
  try {
    (void)f.service("/nope").get();
    FAIL("no error");
  } catch (const FoxxServiceGetError& e) {
    CHECK(e.error_code() == 3009);
  }
  mock->answer(200, R"({"not":"a service"})");
  CHECK_THROWS_AS(f.service("/svc").get(), DeserializationError);
  mock->answer(200, R"({"mount":"/svc"})");
  CHECK_THROWS_AS(f.services().get(), DeserializationError);
}

TEST_CASE_METHOD(Fixture, "foxx: each kind of bundle is sent as arangod wants it", "[foxx]") {
  Foxx f = db.foxx();
  const std::string zip("PK\x03\x04zipbytes\0\x01", 14);

  mock->answer(201, kInfo);
  FoxxServiceInfo info = f.create_service("/svc", FoxxService::zip(zip), {.development = true, .setup = false}).get();
  CHECK(info.name == "demo");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/foxx?mount=%2Fsvc&development=true&setup=false"));
  CHECK(last().body == zip);
  CHECK(header("content-type") == "application/zip");

  mock->answer(201, kInfo);
  (void)f.create_service("/svc", FoxxService::javascript("module.exports = 1;")).get();
  CHECK(last().body == "module.exports = 1;");
  CHECK(header("content-type") == "application/javascript");

  mock->answer(201, kInfo);
  (void)f.create_service("/svc", FoxxService::source("/srv/bundles/demo.zip")
                                     .with_configuration(Json::parse(R"({"greeting":"hi"})")))
      .get();
  CHECK(last().body == R"({"source":"/srv/bundles/demo.zip","configuration":{"greeting":"hi"}})");
  CHECK(header("content-type") == "application/json");

  // a bundle with configuration or dependencies goes as multipart/form-data
  mock->answer(201, kInfo);
  (void)f.create_service("/svc", FoxxService::zip(zip)
                                     .with_configuration(Json::parse(R"({"greeting":"hi"})"))
                                     .with_dependencies(Json::parse(R"({"db":"/other"})")))
      .get();
  std::string type = header("content-type");
  REQUIRE(type.rfind("multipart/form-data; boundary=", 0) == 0);
  std::string boundary = type.substr(type.find('=') + 1);
  const std::string& body = last().body;
  CHECK(body.rfind("--" + boundary + "\r\n", 0) == 0);
  CHECK(body.find("Content-Disposition: form-data; name=\"source\"; filename=\"service.zip\"\r\n"
                  "Content-Type: application/zip\r\n\r\n" + zip + "\r\n--" + boundary) != std::string::npos);
  CHECK(body.find("name=\"configuration\"\r\n\r\n{\"greeting\":\"hi\"}\r\n") != std::string::npos);
  CHECK(body.find("name=\"dependencies\"\r\n\r\n{\"db\":\"/other\"}\r\n") != std::string::npos);
  CHECK(body.size() >= boundary.size() + 6);
  CHECK(body.substr(body.size() - boundary.size() - 6) == "--" + boundary + "--\r\n");
  CHECK(zip.find(boundary) == std::string::npos);

  // extra headers from the caller win
  mock->answer(200, kInfo);
  (void)f.replace_service("/svc", FoxxService::zip(zip),
                          {.headers = {{"x-custom", "1"}}, .teardown = false, .force = true})
      .get();
  CHECK(last().method == Method::PUT);
  CHECK(last().url == url("/_api/foxx/service?mount=%2Fsvc&teardown=false&force=true"));
  CHECK(header("x-custom") == "1");
  mock->answer(200, kInfo);
  (void)f.update_service("/svc", FoxxService::javascript("x"), {.setup = true, .legacy = false}).get();
  CHECK(last().method == Method::PATCH);
  CHECK(last().url == url("/_api/foxx/service?mount=%2Fsvc&setup=true&legacy=false"));

  mock->answer(204, "");
  f.delete_service("/svc", false).get();
  CHECK(last().method == Method::DELETE);
  CHECK(last().url == url("/_api/foxx/service?mount=%2Fsvc&teardown=false"));

  const char* conflict = R"({"code":409,"error":true,"errorMessage":"service already exists","errorNum":3011})";
  mock->answer(409, conflict);
  CHECK_THROWS_AS(f.create_service("/svc", FoxxService::zip(zip)).get(), FoxxServiceCreateError);
  mock->answer(400, kMissing);
  CHECK_THROWS_AS(f.replace_service("/nope", FoxxService::zip(zip)).get(), FoxxServiceReplaceError);
  mock->answer(400, kMissing);
  CHECK_THROWS_AS(f.update_service("/nope", FoxxService::zip(zip)).get(), FoxxServiceUpdateError);
  mock->answer(400, kMissing);
  CHECK_THROWS_AS(f.delete_service("/nope").get(), FoxxServiceDeleteError);
}

TEST_CASE("foxx: FoxxService::file tells a zip from JavaScript", "[foxx]") {
  const std::string zip_path = "test-foxx-bundle.zip";
  const std::string js_path = "test-foxx-bundle.js";
  {
    std::ofstream(zip_path, std::ios::binary) << std::string("PK\x03\x04rest", 8);
    std::ofstream(js_path, std::ios::binary) << "module.exports = 'PK';";
  }
  FoxxService z = FoxxService::file(zip_path);
  CHECK(z.kind() == FoxxService::Kind::zip);
  CHECK(z.data() == std::string("PK\x03\x04rest", 8));
  FoxxService j = FoxxService::file(js_path);
  CHECK(j.kind() == FoxxService::Kind::javascript);
  CHECK(j.data() == "module.exports = 'PK';");
  std::remove(zip_path.c_str());
  std::remove(js_path.c_str());
  CHECK_THROWS_AS(FoxxService::file("does/not/exist.zip"), std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "foxx: configuration, dependencies, scripts, tests and the rest", "[foxx]") {
  Foxx f = db.foxx();
  mock->answer(200, R"({"greeting":{"type":"string","default":"hi","current":"hi"}})");
  CHECK(f.config("/svc").get()["greeting"]["current"].as_string() == "hi");
  CHECK(last().url == url("/_api/foxx/configuration?mount=%2Fsvc"));
  mock->answer(200, R"({"values":{"greeting":"yo"},"warnings":{}})");
  CHECK(f.update_config("/svc", Json::parse(R"({"greeting":"yo"})")).get()["values"]["greeting"].as_string() == "yo");
  CHECK(last().method == Method::PATCH);
  CHECK(last().body == R"({"greeting":"yo"})");
  mock->answer(200, R"({"values":{},"warnings":{}})");
  (void)f.replace_config("/svc", Json::parse("{}")).get();
  CHECK(last().method == Method::PUT);

  mock->answer(200, R"({"db":{"name":"other","version":"*","current":"/other"}})");
  CHECK(f.dependencies("/svc").get()["db"]["current"].as_string() == "/other");
  CHECK(last().url == url("/_api/foxx/dependencies?mount=%2Fsvc"));
  mock->answer(200, R"({"values":{"db":"/other"},"warnings":{}})");
  (void)f.update_dependencies("/svc", Json::parse(R"({"db":"/other"})")).get();
  CHECK(last().method == Method::PATCH);
  mock->answer(200, R"({"values":{},"warnings":{}})");
  (void)f.replace_dependencies("/svc", Json::parse("{}")).get();
  CHECK(last().method == Method::PUT);

  mock->answer(200, R"({"setup":"Setup","send-mail":"Send mail"})");
  std::vector<FoxxScript> scripts = f.scripts("/svc").get();
  REQUIRE(scripts.size() == 2);
  CHECK(scripts[0].name == "setup");
  CHECK(scripts[1].title == "Send mail");
  mock->answer(200, R"({"sent":3})");
  CHECK(f.run_script("/svc", "send-mail", Json::parse("[1,2]")).get()["sent"].as_int64() == 3);
  CHECK(last().url == url("/_api/foxx/scripts/send-mail?mount=%2Fsvc"));
  CHECK(last().body == "[1,2]");
  mock->answer(200, "null");
  CHECK(f.run_script("/svc", "setup").get().is_null());
  CHECK(last().body.empty());
  mock->answer(404, R"({"code":404,"error":true,"errorMessage":"unknown script","errorNum":3016})");
  CHECK_THROWS_AS(f.run_script("/svc", "nope").get(), FoxxScriptRunError);

  mock->answer(200, "ok 1 - a test\n", Headers{{"content-type", "text/plain"}});
  CHECK(f.run_tests("/svc", {.reporter = "tap", .idiomatic = true, .filter = "a", .output_format = "text"}).get() ==
        "ok 1 - a test\n");
  CHECK(last().url == url("/_api/foxx/tests?mount=%2Fsvc&reporter=tap&idiomatic=true&filter=a"));
  CHECK(header("accept") == "text/plain");
  CHECK_THROWS_AS(f.run_tests("/svc", {.output_format = "yaml"}).get(), std::invalid_argument);

  mock->answer(200, kInfo);
  CHECK(f.enable_development("/svc").get().mount == "/svc");
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/foxx/development?mount=%2Fsvc"));
  mock->answer(200, kInfo);
  (void)f.disable_development("/svc").get();
  CHECK(last().method == Method::DELETE);

  mock->answer(200, "# Demo\n");
  CHECK(f.readme("/svc").get() == "# Demo\n");
  mock->answer(204, "");
  CHECK(f.readme("/svc").get().empty());
  mock->answer(200, R"({"swagger":"2.0","paths":{}})");
  CHECK(f.swagger("/svc").get()["swagger"].as_string() == "2.0");
  mock->answer(200, std::string("PK\x03\x04\0\0", 6));
  CHECK(f.download("/svc").get() == std::string("PK\x03\x04\0\0", 6));
  CHECK(last().method == Method::POST);
  CHECK(last().url == url("/_api/foxx/download?mount=%2Fsvc"));
  mock->answer(204, "");
  f.commit(true).get();
  CHECK(last().url == url("/_api/foxx/commit?replace=true"));

  const char* const errors[] = {kMissing};
  for (const char* e : errors) {
    mock->answer(400, e);
    CHECK_THROWS_AS(f.config("/nope").get(), FoxxConfigGetError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.update_config("/nope", Json::parse("{}")).get(), FoxxConfigUpdateError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.replace_config("/nope", Json::parse("{}")).get(), FoxxConfigReplaceError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.dependencies("/nope").get(), FoxxDependencyGetError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.update_dependencies("/nope", Json::parse("{}")).get(), FoxxDependencyUpdateError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.replace_dependencies("/nope", Json::parse("{}")).get(), FoxxDependencyReplaceError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.scripts("/nope").get(), FoxxScriptListError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.run_tests("/nope").get(), FoxxTestRunError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.enable_development("/nope").get(), FoxxDevModeEnableError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.disable_development("/nope").get(), FoxxDevModeDisableError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.readme("/nope").get(), FoxxReadmeGetError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.swagger("/nope").get(), FoxxSwaggerGetError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.download("/nope").get(), FoxxDownloadError);
    mock->answer(400, e);
    CHECK_THROWS_AS(f.commit().get(), FoxxCommitError);
    mock->answer(500, e);
    CHECK_THROWS_AS(f.services().get(), FoxxServiceListError);
  }
}

TEST_CASE("foxx: every call fails before sending against ArangoDB 4.x", "[foxx][version]") {
  testenv::MockDatabase m;
  m.mock->answer(200, R"({"server":"arango","version":"4.0.0","license":"community"})");
  Foxx f = m.db.foxx();
  CHECK_THROWS_AS(f.services().get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(f.service("/svc").get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(f.create_service("/svc", FoxxService::javascript("x")).get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(f.download("/svc").get(), UnsupportedServerAPIError);
  CHECK_THROWS_AS(f.commit().get(), UnsupportedServerAPIError);
  CHECK(m.mock->requests.size() == 1);  // the version only
}
