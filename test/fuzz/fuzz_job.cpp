// fuzz-client-job: async job and stream/JavaScript transaction answers. An async call through
// a real AsyncDatabase (a client on a scripted transport) gets the answer as the server's
// acceptance of the job (x-arango-async-id), then as the job's status and as its stored result;
// the job and transaction operations decode it with their own decoders. Only a value or a typed
// error may come out: for the calls through the client, whose executor turns any other
// exception into a DeserializationError "could not decode the response: ...", that message is
// a finding too.
#include "fuzz_common.hpp"

#include <arango/detail/ops_transaction.hpp>
#include <arango/job.hpp>

#include <deque>

using namespace clientfuzz;

namespace {

/// Answers every request with the current fuzz answer, on the calling thread.
class Transport final : public HTTPClient {
 public:
  Response answer;
  void send_request(std::shared_ptr<const HttpRequest> request, Completion done) override {
    Response r = answer;
    r.method = request->method;
    r.url = request->url;
    done(std::move(r));
  }
  void close() override {}
  void schedule(std::chrono::milliseconds, Completion done) override { done(Response{}); }
};

struct Client {
  std::shared_ptr<Transport> transport = std::make_shared<Transport>();
  ArangoClient client{ClientOptions{.hosts = {"http://fuzz:1"}, .http_client = transport}};
  StandardDatabase db = client.db("fuzz", {.auth = Auth{"root", ""}}).get();
  AsyncDatabase async = db.begin_async_execution(true);
};

Client& client() {
  static Client* c = new Client();  // lives for the whole run
  return *c;
}

/// `f` through the client: a value or a typed error that is not a wrapped foreign exception.
template <class F>
void through_client(F&& f) {
  try {
    f();
  } catch (const DeserializationError& e) {
    check(!std::string_view(e.message()).starts_with("could not decode the response:"),
          "a decoder threw a non-typed exception", e.message());
  } catch (const ArangoError&) {
  } catch (const std::exception& e) {
    fail("non-typed exception through the client", e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Answer a = read_answer(data, size);
  Response base = make_response(a);
  namespace ops = detail::ops;

  switch (a.selector % 10) {
    case 0: {  // an async call, then its job's status and result
      Client& c = client();
      c.transport->answer = base;
      through_client([&] {
        std::optional<AsyncJob<Json>> job = c.async.engine().get();
        check(job.has_value(), "a stored async call without a job");
        auto id = base.headers.find("x-arango-async-id");
        check(id && job->id() == *id, "the job id is not the x-arango-async-id");
        through_client([&] {
          std::string status = job->status().get();
          check(status == "pending" || status == "done", "job status", status);
        });
        through_client([&] { job->result().get(); });
        through_client([&] { job->cancel(true).get(); });
        through_client([&] { job->clear(true).get(); });
      });
      break;
    }
    case 1: run(ops::job_status("7"), base); break;
    case 2: run(ops::job_result<Json>("7", std::make_shared<const std::function<Json(Response&)>>(
                                                [](Response& r) { return Json::parse(std::move(r.raw_body)); })),
                base);
      break;
    case 3: run(ops::async_jobs("done", 10), base); break;
    case 4: run(ops::begin_transaction({.read = {"c"}}), base); break;
    case 5: run(ops::transaction_status("9"), base); break;
    case 6: run(ops::list_transactions(), base); break;
    case 7: run(ops::execute_transaction("function () { return 1; }", {}), base); break;
    case 8: {  // a stream transaction begun through the client
      Client& c = client();
      c.transport->answer = base;
      through_client([&] {
        TransactionDatabase trx = c.db.begin_transaction({.write = {"c"}}).get();
        through_client([&] { trx.transaction_status().get(); });
        through_client([&] { trx.commit_transaction().get(); });
      });
      break;
    }
    case 9: run(ops::job_clear("7", false), base); break;
  }
  return 0;
}
