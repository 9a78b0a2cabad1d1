// Stream and JavaScript transactions: request builders and decoders (endpoints-core.md §12.1-3).
#include <arango/detail/ops_transaction.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

/// {"read": [...], "write": [...], "exclusive": [...]}: only the lists that are given.
void write_collections(JsonWriter& w, const std::vector<std::string>& read, const std::vector<std::string>& write,
                       const std::vector<std::string>& exclusive) {
  w.key("collections");
  w.begin_object();
  auto list = [&](std::string_view key, const std::vector<std::string>& names) {
    if (names.empty()) return;
    w.key(key);
    write_value(w, names);
  };
  list("read", read);
  list("write", write);
  list("exclusive", exclusive);
  w.end_object();
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
  write_collections(b, options.read, options.write, options.exclusive);
  put_if(b, "waitForSync", options.wait_for_sync);
  put_if(b, "allowImplicit", options.allow_implicit);
  put_if(b, "lockTimeout", options.lock_timeout);
  put_if(b, "maxTransactionSize", options.max_transaction_size);
  put_if(b, "skipFastLockRound", options.skip_fast_lock_round);
  b.end_object();
  Request request{Method::POST, "/_api/transaction/begin"};
  request.data = std::move(b.finish()).str();
  if (options.allow_dirty_read) request.headers.set("x-arango-allow-dirty-read", bool_param(*options.allow_dirty_read));
  return {std::move(request), [](Response& r) {
            require_success<TransactionInitError>(r);
            return std::string(transaction_result(r)["id"].as_string());
          }};
}

Operation<std::string> transaction_status(const std::string& id) {
  return {Request{Method::GET, transaction_path(id)}, [](Response& r) {
            require_success<TransactionStatusError>(r);
            return std::string(transaction_result(r)["status"].as_string());
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
              out.push_back(TransactionInfo{std::string(t["id"].string_or("")), std::string(t["state"].string_or(""))});
            }
            return out;
          }};
}

Operation<Json> execute_transaction(std::string command, const ExecuteTransactionOptions& options) {
  JsonBuilder b;
  b.begin_object();
  write_collections(b, options.read, options.write, options.exclusive);
  b.key("action");
  b.string(command);
  put_if(b, "params", options.params);
  put_if(b, "waitForSync", options.wait_for_sync);
  put_if(b, "allowImplicit", options.allow_implicit);
  put_if(b, "lockTimeout", options.lock_timeout);
  put_if(b, "maxTransactionSize", options.max_transaction_size);
  b.end_object();
  Request request{Method::POST, "/_api/transaction"};
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_success<TransactionExecuteError>(r);
            return body_json(r).get("result");
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
