#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

using namespace arango;

namespace {
std::shared_ptr<const Response> response(int status, std::string body, int error_code = 0, std::string message = {}) {
  auto r = std::make_shared<Response>();
  r->method = Method::DELETE;
  r->url = "http://h:1/_db/_system/_api/database/x";
  r->status_code = status;
  r->status_text = status == 404 ? "Not Found" : "Bad Gateway";
  r->raw_body = std::move(body);
  r->error_code = error_code;
  r->error_message = std::move(message);
  return r;
}
}  // namespace

TEST_CASE("the generated hierarchy follows the seed", "[errors]") {
  static_assert(std::is_base_of_v<ArangoServerError, DocumentInsertError>);
  static_assert(std::is_base_of_v<ArangoServerError, AsyncJobCancelError>);
  static_assert(std::is_base_of_v<ArangoServerError, ServerConnectionError>);
  static_assert(std::is_base_of_v<ArangoClientError, DeserializationError>);
  static_assert(std::is_base_of_v<ArangoClientError, ClientShutdownError>);
  static_assert(std::is_base_of_v<ClientConnectionError, ClientTLSError>);
  static_assert(std::is_base_of_v<ArangoError, ArangoClientError>);
  static_assert(std::is_base_of_v<std::exception, ArangoError>);
  CHECK(std::string(DocumentInsertError(response(404, "")).class_name()) == "DocumentInsertError");
}

TEST_CASE("raise() and clone() keep the dynamic type", "[errors]") {
  ErrorPtr e = make_error<DatabaseDeleteError>(response(404, "", 1228, "database not found"));
  ErrorPtr copy = e->clone();
  CHECK(dynamic_cast<const DatabaseDeleteError*>(copy.get()) != nullptr);
  CHECK_THROWS_AS(copy->raise(), DatabaseDeleteError);
  try {
    e->raise();
  } catch (const ArangoServerError& s) {
    CHECK(s.http_code() == 404);
    CHECK(s.error_code() == 1228);
    CHECK(s.error_message() == "database not found");
    CHECK(s.http_method() == "DELETE");
    CHECK(s.url() == "http://h:1/_db/_system/_api/database/x");
    CHECK(s.message() == "[HTTP 404][ERR 1228] database not found");
    CHECK(s.source() == ErrorSource::server);
  }
}

TEST_CASE("server error messages follow the seed's format", "[errors]") {
  DocumentGetError with_msg(response(404, "", 1202, "document not found"), "Document not here.");
  CHECK(with_msg.message() == "[HTTP 404][ERR 1202] Document not here. (document not found)");
  // No error body: the HTTP status stands in for the error code, the reason for the message.
  DocumentGetError bare(response(502, "<html>"));
  CHECK(bare.error_code() == 502);
  CHECK(bare.error_message() == "Bad Gateway");
  CHECK(bare.message() == "[HTTP 502] Bad Gateway");
}

TEST_CASE("error numbers come from ArangoDB's table", "[errors]") {
  CHECK(errno_::DOCUMENT_NOT_FOUND == 1202);
  CHECK(errno_::DATA_SOURCE_NOT_FOUND == 1203);
  CHECK(errno_::FORBIDDEN == 11);
  CHECK(errno_::DATABASE_NOT_FOUND == 1228);
  CHECK(errno_::TRANSACTION_NOT_FOUND == 1655);
  CHECK(errno_::QUERY_PARSE == 1501);
  CHECK(errno_name(1210) == "UNIQUE_CONSTRAINT_VIOLATED");
  CHECK(errno_message(1202) == "document not found");
  CHECK(errno_name(999999).empty());
}

TEST_CASE("Result holds a value or an error", "[errors][result]") {
  Result<int> ok(42);
  CHECK(ok.has_value());
  CHECK(*ok == 42);
  Result<int> bad(make_error<RequestTimeoutError>("too slow"));
  CHECK_FALSE(bad);
  CHECK(bad.error().message() == "too slow");
  CHECK_THROWS_AS(bad.value(), RequestTimeoutError);
  Result<void> v;
  CHECK(v.has_value());
  Result<void> verr(make_error<QueueFullError>("full"));
  CHECK_THROWS_AS(verr.value(), QueueFullError);
}

TEST_CASE("the error envelope is read from any error body", "[errors][envelope]") {
  Response r;
  r.status_code = 404;
  r.raw_body = R"({"code":404,"error":true,"errorMessage":"collection or view not found: x","errorNum":1203})";
  detail::classify_response(r);
  CHECK_FALSE(r.is_success);
  CHECK(r.error_code == 1203);
  CHECK(r.error_message == "collection or view not found: x");

  Response nested;
  nested.status_code = 400;
  nested.raw_body = R"({"x":{"error":true,"errorNum":5},"error":true,"errorNum":1501,"errorMessage":"syntax"})";
  detail::classify_response(nested);
  CHECK(nested.error_code == 1501);

  Response garbage;
  garbage.status_code = 500;
  garbage.raw_body = "<html>oops</html>";
  detail::classify_response(garbage);
  CHECK(garbage.error_code == 0);
  CHECK(garbage.error_message.empty());

  Response array;
  array.status_code = 400;
  array.raw_body = R"([{"error":true,"errorNum":1}])";
  detail::classify_response(array);
  CHECK(array.error_code == 0);

  Response success;
  success.status_code = 202;
  success.raw_body = R"({"error":true,"errorNum":1202})";  // 2xx: never an error
  detail::classify_response(success);
  CHECK(success.is_success);
  CHECK(success.error_code == 0);
}
