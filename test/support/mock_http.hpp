// A scripted HTTPClient for unit tests: records every request and answers from a queue,
// on the calling thread.
#pragma once

#include <arango/arango.hpp>

#include <chrono>
#include <deque>
#include <string>
#include <vector>

namespace testenv {

using namespace arango;

/// Records every request and answers from a script.
class MockHTTPClient final : public HTTPClient {
 public:
  std::vector<HttpRequest> requests;
  std::deque<Result<Response>> answers;

  void answer(int status, std::string body, Headers headers = {}) {
    Response r;
    r.status_code = status;
    r.raw_body = std::move(body);
    r.headers = std::move(headers);
    answers.emplace_back(std::move(r));
  }
  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    requests.push_back(*request);
    Result<Response> a = answers.empty() ? Result<Response>(make_error<ClientConnectionError>("no answer scripted"))
                                         : std::move(answers.front());
    if (!answers.empty()) answers.pop_front();
    if (a) {
      a->method = request->method;
      a->url = request->url;
    }
    done(std::move(a));
  }
  void close() override {}

  /// Timers fire at once (the delays asked for are recorded).
  std::vector<std::chrono::milliseconds> delays;
  void schedule(std::chrono::milliseconds delay, Completion done) override {
    delays.push_back(delay);
    done(Response{});
  }
};

/// A client on the mock transport and a handle on database "shop".
struct MockDatabase {
  std::shared_ptr<MockHTTPClient> mock = std::make_shared<MockHTTPClient>();
  ArangoClient client{ClientOptions{.hosts = {"http://h:1"}, .http_client = mock}};
  StandardDatabase db = client.db("shop", {.auth = Auth{"root", ""}}).get();

  const HttpRequest& last() const { return mock->requests.back(); }
  std::string url(const std::string& rest) const { return "http://h:1/_db/shop" + rest; }
};

}  // namespace testenv
