// Async jobs: the job's own calls (endpoints-core.md §9) and the database's job listing (§12.2).
#include <arango/detail/ops_transaction.hpp>
#include <arango/exceptions.hpp>
#include <arango/job.hpp>

#include <charconv>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

std::string job_path(const std::string& id) { return "/_api/job/" + encode_path_segment(id); }

/// "job <id> not found", last in the message as the seed's example checks: the server's own
/// words (e.g. "could not find job (<id>) in AsyncJobManager during cancel operation") come
/// before it, not after in parentheses.
std::string not_found(const Response& r, const std::string& id) {
  std::string message = "job " + id + " not found";
  if (!r.error_message.empty() && message.find(r.error_message) == std::string::npos) {
    message = r.error_message + ": " + message;
  }
  return message;
}

/// true on success; false for an unknown job with ignore_missing; E otherwise.
template <class E>
bool job_done_or_missing(Response& r, const std::string& id, bool ignore_missing) {
  if (r.is_success) return true;
  if (r.error_code == 404) {
    if (ignore_missing) return false;
    raise_from<E>(r, not_found(r, id));
  }
  raise_from<E>(r);
}

}  // namespace

Operation<std::string> job_status(std::string id) {
  Request request{Method::GET, job_path(id)};
  return {std::move(request), [id = std::move(id)](Response& r) -> std::string {
            if (r.status_code == 204) return "pending";
            if (r.is_success) return "done";
            if (r.error_code == 404) raise_from<AsyncJobStatusError>(r, not_found(r, id));
            raise_from<AsyncJobStatusError>(r);
          }};
}

Request job_result_request(const std::string& id) { return Request{Method::PUT, job_path(id)}; }

void raise_job_result_error(Response& r, const std::string& id) {
  if (r.status_code == 204) raise_from<AsyncJobResultError>(r, "job " + id + " not done");
  if (r.error_code == 404) raise_from<AsyncJobResultError>(r, not_found(r, id));
  raise_from<AsyncJobResultError>(r);
}

Operation<bool> job_cancel(std::string id, bool ignore_missing) {
  Request request{Method::PUT, job_path(id) + "/cancel"};
  return {std::move(request), [id = std::move(id), ignore_missing](Response& r) {
            return job_done_or_missing<AsyncJobCancelError>(r, id, ignore_missing);
          }};
}

Operation<bool> job_clear(std::string id, bool ignore_missing) {
  Request request{Method::DELETE, job_path(id)};
  return {std::move(request), [id = std::move(id), ignore_missing](Response& r) {
            return job_done_or_missing<AsyncJobClearError>(r, id, ignore_missing);
          }};
}

Operation<std::vector<std::string>> async_jobs(const std::string& status, std::optional<std::int64_t> count) {
  Request request{Method::GET, job_path(status)};
  if (count) request.params.emplace_back("count", std::to_string(*count));
  return {std::move(request), [](Response& r) {
            require_success<AsyncJobListError>(r);
            return string_list(body_json(r));
          }};
}

Operation<void> clear_async_jobs(std::optional<double> threshold) {
  Request request{Method::DELETE, threshold ? "/_api/job/expired" : "/_api/job/all"};
  if (threshold) {
    char stamp[64];
    auto end = std::to_chars(stamp, stamp + sizeof stamp, *threshold).ptr;  // shortest round trip
    request.params.emplace_back("stamp", std::string(stamp, end));
  }
  return {std::move(request), [](Response& r) { require_success<AsyncJobClearError>(r); }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
