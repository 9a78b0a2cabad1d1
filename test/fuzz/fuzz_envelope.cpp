// fuzz-client-envelope: a non-2xx answer (or any answer) through detail::check_response, which
// reads ArangoDB's error envelope with a SAX pass, then through the decoders that turn failures
// into typed ServerErrors. Oracle: the envelope read by the SAX pass equals the one read from a
// DOM of the same body ("error" a boolean, "errorNum" an int32, "errorMessage" a string; a
// member of another type makes it no envelope), and every non-2xx answer becomes a
// ServerError of the call's type carrying that status, code and message.
#include "fuzz_common.hpp"

#include <arango/detail/ops_cursor.hpp>
#include <arango/detail/ops_transaction.hpp>
#include <arango/detail/ops_collection.hpp>

#include <cmath>
#include <limits>
#include <optional>

#include "../../lib/api/auth.hpp"

using namespace clientfuzz;

namespace {

/// The envelope as a DOM reads it; nullopt when the oracle does not apply (not JSON).
struct Envelope {
  bool error = false;
  std::optional<long long> num;  // set when errorNum is an integer in int64's range (or absent: 0)
  std::string message;
};

std::optional<Envelope> dom_envelope(const std::string& body) {
  Json doc;
  try {
    doc = Json::parse(body);
  } catch (const DeserializationError&) {
    return std::nullopt;
  }
  Envelope e;
  e.num = 0;
  if (!doc.is_object()) return e;
  bool wrong = false;  // a member of the wrong type: no envelope, the HTTP status stands
  for (auto [key, value] : doc.members()) {
    if (key == "error") {
      if (value.is_bool()) e.error = value.as_bool(); else wrong = true;
    }
    if (key == "errorMessage") {
      if (value.is_string()) e.message = std::string(value.as_string()); else wrong = true;
    }
    if (key == "errorNum") {
      if (!value.is_integer()) {
        wrong = true;
      } else {
        try {
          std::int64_t n = value.as_int64();
          if (n < INT32_MIN || n > INT32_MAX) wrong = true; else e.num = n;
        } catch (const DeserializationError&) {
          wrong = true;
        }
      }
    }
  }
  if (wrong) return Envelope{};
  return e;
}

template <class E, class T>
void expect_server_error(detail::Operation<T> op, const Response& original, bool may_succeed) {
  Response r = original;
  try {
    decode(op, r);
    check(may_succeed || original.status_code / 100 == 2, "a non-2xx answer decoded as success");
  } catch (const QueueTimeViolatedError& e) {
    check(e.http_code() == 412 && e.error_code() == 21004, "QueueTimeViolatedError without 412/21004");
  } catch (const E& e) {
    check(e.http_code() == original.status_code, "server error with another status");
    check(!e.message().empty(), "server error without a message");
  } catch (const ArangoError& e) {
    // A 2xx body the call cannot read is a client-side DeserializationError.
    check(original.status_code / 100 == 2 && e.source() == ErrorSource::client, "unexpected error type", e.class_name());
  } catch (const std::exception& e) {
    fail("non-typed exception", e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  Response base = make_response(a);

  // The SAX envelope against the DOM's.
  Response classified = base;
  detail::classify_response(classified);
  check(classified.is_success == (a.status >= 200 && a.status < 300), "is_success");
  if (!classified.is_success && !a.body.empty()) {
    if (std::optional<Envelope> e = dom_envelope(a.body)) {
      check(classified.error_message == (e->error ? e->message : std::string()), "errorMessage differs from the DOM's");
      if (e->num) {
        check(classified.error_code == (e->error ? static_cast<int>(*e->num) : 0), "errorNum differs from the DOM's");
      }
    }
  } else {
    check(classified.error_code == 0 && classified.error_message.empty(), "envelope read from a 2xx answer");
  }
  if (!classified.is_success) {
    ArangoServerError error(std::make_shared<const Response>(classified));
    check(error.error_code() == (classified.error_code ? classified.error_code : a.status), "error_code()");
    check(!error.message().empty(), "ServerError message");
  }

  switch (a.selector % 6) {
    case 0:
      expect_server_error<TransactionCommitError>(detail::ops::commit_transaction("1"), base, false);
      break;
    case 1:
      expect_server_error<AsyncJobStatusError>(detail::ops::job_status("7"), base, a.status == 204);
      break;
    case 2: {
      bool missing = a.status == 404 && classified.error_code == 1202;
      if (a.status == 412 && classified.error_code != 21004) {
        expect_server_error<DocumentRevisionError>(detail::ops::get_document<Json>("c", DocumentRef("k"), {}), base, false);
      } else {
        expect_server_error<DocumentGetError>(detail::ops::get_document<Json>("c", DocumentRef("k"), {}), base, missing);
      }
      break;
    }
    case 3: {
      auto op = detail::ops::login(Auth{"root", "pw"});
      Response r = base;
      typed_or_success([&] {
        try {
          decode(op, r);
        } catch (const QueueTimeViolatedError&) {
        } catch (const JWTRefreshError& e) {
          check(std::string_view(e.message()).starts_with("Failed to refresh the JWT token"), "JWTRefreshError message");
        } catch (const ArangoError& e) {
          fail("login: not a JWTRefreshError", e.class_name());
        }
      });
      break;
    }
    case 4:
      expect_server_error<CursorCloseError>(detail::ops::cursor_close("5", true), base, a.status == 404);
      break;
    case 5:
      expect_server_error<AsyncJobCancelError>(detail::ops::job_cancel("7", true), base,
                                               a.status == 404 || classified.error_code == 404);
      break;
  }
  return 0;
}
