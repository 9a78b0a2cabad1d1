// Request builders + decoders of stream transactions, JavaScript transactions and the async
// job listing of the database (defined in lib/api/transaction.cpp and lib/api/job.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

/// The new transaction's id. TransactionInitError.
Operation<std::string> begin_transaction(const BeginTransactionOptions& options);
Operation<std::string> transaction_status(const std::string& id);
Operation<void> commit_transaction(const std::string& id);
Operation<void> abort_transaction(const std::string& id);
Operation<std::vector<TransactionInfo>> list_transactions();
Operation<Json> execute_transaction(std::string command, const ExecuteTransactionOptions& options);

Operation<std::vector<std::string>> async_jobs(const std::string& status, std::optional<std::int64_t> count);
Operation<void> clear_async_jobs(std::optional<double> threshold);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
