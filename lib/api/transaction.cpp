// Stream and JavaScript transactions: request builders and decoders (endpoints-core.md §12.1-3).
#include <arango/detail/ops_transaction.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

/// What stream and JavaScript transactions share: {"collections": {"read": [...], "write":
/// [...], "exclusive": [...]}} (only the lists that are given) and the common options.
template <class Options>
void write_transaction_options(JsonWriter& w, const Options& options) {
  w.key("collections");
  w.begin_object();
  auto list = [&](std::string_view key, const std::vector<std::string>& names) {
    if (names.empty()) return;
    w.key(key);
    write_value(w, names);
  };
  list("read", options.read);
  list("write", options.write);
  list("exclusive", options.exclusive);
  w.end_object();
  put_if(w, "waitForSync", options.wait_for_sync);
  put_if(w, "allowImplicit", options.allow_implicit);
  put_if(w, "lockTimeout", options.lock_timeout);
  put_if(w, "maxTransactionSize", options.max_transaction_size);
}

std::string transaction_path(const std::string& id) { return "/_api/transaction/" + encode_path_segment(id); }

/// The "result" object of a transaction envelope.
Json transaction_result(Response& r) {
  Json result = body_json(r).get("result");
  if (!result.is_object()) throw DeserializationError("transaction: the response has no result object");
  return result;
}

}  // namespace

Operation<std::string> begin_transaction(const BeginTransactionOptions& options) {
  JsonBuilder b;
  b.begin_object();
  write_transaction_options(b, options);
  put_if(b, "skipFastLockRound", options.skip_fast_lock_round);
  b.end_object();
  Request request{Method::POST, "/_api/transaction/begin"};
  request.data = std::move(b.finish()).str();
  if (options.allow_dirty_read) request.headers.set("x-arango-allow-dirty-read", bool_param(*options.allow_dirty_read));
  return {std::move(request), [](Response& r) {
            require_success<TransactionInitError>(r);
            return std::string(required_string(transaction_result(r), "id", "transaction"));
          }};
}

Operation<std::string> transaction_status(const std::string& id) {
  return {Request{Method::GET, transaction_path(id)}, [](Response& r) {
            require_success<TransactionStatusError>(r);
            return std::string(required_string(transaction_result(r), "status", "transaction"));
          }};
}

Operation<void> commit_transaction(const std::string& id) {
  return {Request{Method::PUT, transaction_path(id)},
          [](Response& r) { require_success<TransactionCommitError>(r); }};
}

Operation<void> abort_transaction(const std::string& id) {
  return {Request{Method::DELETE, transaction_path(id)},
          [](Response& r) { require_success<TransactionAbortError>(r); }};
}

Operation<std::vector<TransactionInfo>> list_transactions() {
  return {Request{Method::GET, "/_api/transaction"}, [](Response& r) {
            require_success<TransactionListError>(r);
            Json body = body_json(r);
            JsonView list = body["transactions"];
            if (!list.is_array()) throw DeserializationError("list_transactions: no transactions array");
            std::vector<TransactionInfo> out;
            out.reserve(list.size());
            for (JsonView t : list.elements()) {
              if (!t.is_object()) throw DeserializationError("list_transactions: an element is not an object");
              out.push_back(TransactionInfo{std::string(required_string(t, "id", "list_transactions")),
                                            std::string(required_string(t, "state", "list_transactions"))});
            }
            return out;
          }};
}

Operation<Json> execute_transaction(std::string command, const ExecuteTransactionOptions& options) {
  JsonBuilder b;
  b.begin_object();
  write_transaction_options(b, options);
  b.key("action");
  b.string(command);
  put_if(b, "params", options.params);
  b.end_object();
  Request request{Method::POST, "/_api/transaction"};
  request.data = std::move(b.finish()).str();
  request.removed_in_major = 4;  // JavaScript transactions are gone in ArangoDB 4.0
  return {std::move(request), [](Response& r) {
            require_success<TransactionExecuteError>(r);
            return body_json(r).get("result");
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
