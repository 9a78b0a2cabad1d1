// Async jobs (x-arango-async: true | store), as arangod's CommTask and
// AsyncJobManager run them: the request is authenticated and its database
// resolved as usual, then queued; job workers later dispatch it exactly like
// a normal request and, for "store", keep the full response until it is
// fetched (PUT /_api/job/<id>) or deleted.
//
// Jobs belong to the server, not to a database; a caller sees the jobs of
// its own user only, a superuser (auth off, superuser JWT) sees all of them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "auth.hpp"
#include "http_types.hpp"

namespace emu {

class Database;

// Everything the dispatch of a queued request needs (the request is copied:
// the connection may be long gone when the job runs).
struct JobRequest {
  HttpRequest request;
  std::string method;
  std::string database;
  std::shared_ptr<Database> db;
  std::string path;   // after /_db/<name>, no query string
  std::string query;  // raw query string
  AuthResult auth;
};

class JobManager {
 public:
  // Runs one request through the normal dispatch (router + handler).
  using Runner = std::function<HttpResponse(JobRequest const&)>;

  JobManager(unsigned workers, Runner runner);
  ~JobManager();
  JobManager(JobManager const&) = delete;
  JobManager& operator=(JobManager const&) = delete;

  // Cancels the running jobs (kills their AQL queries), drops the queued
  // ones and joins the workers. Idempotent.
  void stop();

  // Queues a request. `store`: the response is kept under `id` (> 0);
  // otherwise it is discarded (id ignored). False once stopping.
  bool submit(JobRequest request, bool store, std::uint64_t id);

  // The job API (RestJobHandler). `caller`: the authenticated user, empty
  // for a superuser. Unknown ids and other users' jobs are "not found".
  enum class Status { NotFound, Pending, Done };
  Status status(std::uint64_t id, std::string_view caller);
  // Done: the stored response (and the job is forgotten); else the status.
  Status fetch(std::uint64_t id, std::string_view caller, HttpResponse& out);
  // False when not found. A queued job is dispatched as "canceled request"
  // (410 / 21), a running one has its AQL queries killed; done jobs stay.
  bool cancel(std::uint64_t id, std::string_view caller);
  bool remove(std::uint64_t id, std::string_view caller);
  void remove_all(std::string_view caller);
  // Removes jobs whose stamp (creation; completion once done) is < stamp.
  void remove_expired(double stamp, std::string_view caller);
  // Ids with that status, newest first, at most `count` (at least one).
  std::vector<std::uint64_t> list(Status status, std::uint64_t count, std::string_view caller);

 private:
  struct Job;
  class Observer;

  void work();
  static bool visible(Job const& job, std::string_view caller) noexcept;

  Runner runner_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;          // waiting to run, in order
  std::map<std::uint64_t, std::shared_ptr<Job>> stored_;  // "store" jobs by id
  std::vector<std::shared_ptr<Job>> running_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace emu
