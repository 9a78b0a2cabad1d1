// /_api/job: status, result, cancel, deletion and lists of async jobs
// (arangod's RestJobHandler on top of AsyncJobManager).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "handlers.hpp"
#include "jobs.hpp"
#include "router.hpp"

namespace emu {
namespace {

// StringUtils::uint64 as arangod uses it for job ids and counts: anything
// that is not a plain decimal number (or overflows) reads as 0.
std::uint64_t to_uint64(std::string_view s) noexcept {
  if (s.empty()) return 0;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return 0;
    v = v * 10 + d;
  }
  return v;
}

HttpResponse bad_parameter() { return error_response(400, err::kHttpBadParameter); }
HttpResponse not_found() { return error_response(404, err::kHttpNotFound); }
HttpResponse result_true() { return json_response(200, std::string(R"({"result":true})")); }

// The caller as AsyncJobManager sees it: "" is the superuser.
std::string_view caller(RequestContext const& ctx) { return ctx.user(); }

// GET /_api/job/<id>: 200 done, 204 pending, both empty.
HttpResponse get_by_id(RequestContext& ctx, std::string const& value, JobManager& jobs) {
  switch (jobs.status(to_uint64(value), caller(ctx))) {
    case JobManager::Status::NotFound:
      return not_found();
    case JobManager::Status::Pending:
      return empty_response(204);
    case JobManager::Status::Done:
      break;
  }
  return empty_response(200);
}

// GET /_api/job/pending|done[?count=N] (default 100): ids as strings.
HttpResponse get_by_type(RequestContext& ctx, std::string const& type, JobManager& jobs) {
  std::uint64_t count = 100;
  if (auto const* v = ctx.query_value("count")) {
    count = to_uint64(*v);
  }
  JobManager::Status status;
  if (type == "done") {
    status = JobManager::Status::Done;
  } else if (type == "pending") {
    status = JobManager::Status::Pending;
  } else {
    return bad_parameter();
  }
  JsonWriter w;
  w.begin_array();
  for (auto id : jobs.list(status, count, caller(ctx))) {
    w.string(std::to_string(id));
  }
  w.end_array();
  return json_response(200, w);
}

HttpResponse get_job(RequestContext& ctx, JobManager& jobs) {
  auto const& value = ctx.param("id");
  if (!value.empty() && value[0] >= '1' && value[0] <= '9') {
    return get_by_id(ctx, value, jobs);
  }
  return get_by_type(ctx, value, jobs);
}

// PUT /_api/job/<id>: the stored response plus x-arango-async-id; the job
// is forgotten. 204 while pending.
HttpResponse put_job(RequestContext& ctx, JobManager& jobs) {
  auto const& value = ctx.param("id");
  HttpResponse stored;
  switch (jobs.fetch(to_uint64(value), caller(ctx), stored)) {
    case JobManager::Status::NotFound:
      return not_found();
    case JobManager::Status::Pending:
      return empty_response(204);
    case JobManager::Status::Done:
      break;
  }
  stored.set_header("X-Arango-Async-Id", value);
  return stored;
}

// PUT /_api/job/<id>/cancel
HttpResponse put_job_method(RequestContext& ctx, JobManager& jobs) {
  if (ctx.param("method") != "cancel") {
    return bad_parameter();
  }
  auto id = to_uint64(ctx.param("id"));
  if (!jobs.cancel(id, caller(ctx))) {
    // AsyncJobManager::cancelJob's Result, through generateError(Result)
    return error_response(404, err::kHttpNotFound,
                          "could not find job (" + std::to_string(id) +
                              ") in AsyncJobManager during cancel operation");
  }
  return result_true();
}

// DELETE /_api/job/all | expired?stamp=<unix seconds> | <id>
HttpResponse delete_job(RequestContext& ctx, JobManager& jobs) {
  auto const& value = ctx.param("id");
  if (value == "all") {
    jobs.remove_all(caller(ctx));
  } else if (value == "expired") {
    auto const* stamp = ctx.query_value("stamp");
    if (stamp == nullptr) {
      return bad_parameter();
    }
    // StringUtils::doubleDecimal: leading decimal number, 0 if none
    double t = std::strtod(stamp->c_str(), nullptr);
    jobs.remove_expired(t, caller(ctx));
  } else if (!jobs.remove(to_uint64(value), caller(ctx))) {
    return not_found();
  }
  return result_true();
}

}  // namespace

void register_job_handlers(Router& api, JobManager& jobs) {
  auto bad = [](RequestContext&) { return bad_parameter(); };
  auto not_allowed = [](RequestContext&) {
    return error_response(405, err::kHttpMethodNotAllowed);
  };
  api.get("/_api/job", bad);
  api.get("/_api/job/:id", [&jobs](RequestContext& ctx) { return get_job(ctx, jobs); });
  api.get("/_api/job/:id/*rest", bad);
  api.put("/_api/job", bad);
  api.put("/_api/job/:id", [&jobs](RequestContext& ctx) { return put_job(ctx, jobs); });
  api.put("/_api/job/:id/:method",
          [&jobs](RequestContext& ctx) { return put_job_method(ctx, jobs); });
  api.put("/_api/job/:id/:method/*rest", bad);
  api.del("/_api/job", bad);
  api.del("/_api/job/:id", [&jobs](RequestContext& ctx) { return delete_job(ctx, jobs); });
  api.del("/_api/job/:id/*rest", bad);
  // RestJobHandler answers anything but GET, PUT and DELETE with 405; HEAD
  // is not served as GET there.
  for (auto const* pattern : {"/_api/job", "/_api/job/:id", "/_api/job/:id/*rest"}) {
    api.head(pattern, not_allowed);
  }
}

}  // namespace emu
