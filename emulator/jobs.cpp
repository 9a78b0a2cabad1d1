#include "jobs.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "aql/service.hpp"
#include "json.hpp"
#include "router.hpp"

namespace emu {
namespace {

constexpr int kRequestCanceled = 21;  // ERROR_REQUEST_CANCELED, HTTP 410
constexpr int kQueryKilled = 1500;    // ERROR_QUERY_KILLED

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RestHandler::prepareEngine: a handler cancelled before it ran answers
// with TRI_ERROR_REQUEST_CANCELED.
HttpResponse canceled_response() { return error_response(410, kRequestCanceled); }

bool is_query_killed(HttpResponse const& r) {
  if (r.status != 410) return false;
  auto parsed = parse_json(r.body);
  if (!parsed.ok() || !parsed.doc->IsObject()) return false;
  auto const* num = member(*parsed.doc, "errorNum");
  return num != nullptr && num->IsInt() && num->GetInt() == kQueryKilled;
}

}  // namespace

struct JobManager::Job {
  enum class State { Queued, Running, Done };

  std::uint64_t id = 0;  // 0: "x-arango-async: true", nothing is stored
  std::string user;
  JobRequest request;
  State state = State::Queued;
  bool canceled = false;
  double stamp = 0;  // creation, then completion
  HttpResponse response;
  std::vector<std::shared_ptr<aql::RunningQuery>> queries;  // while running
};

// Links the AQL queries a job runs to the job (on the worker thread).
class JobManager::Observer final : public aql::QueryObserver {
 public:
  Observer(JobManager& manager, std::shared_ptr<Job> job)
      : manager_(manager), job_(std::move(job)) {}

  void query_started(std::shared_ptr<aql::RunningQuery> const& q) override {
    std::lock_guard lock(manager_.mutex_);
    if (job_->canceled || manager_.stopping_) {
      q->killed = true;
    }
    job_->queries.push_back(q);
  }

  void query_finished(std::shared_ptr<aql::RunningQuery> const& q) override {
    std::lock_guard lock(manager_.mutex_);
    auto& v = job_->queries;
    v.erase(std::remove(v.begin(), v.end(), q), v.end());
  }

 private:
  JobManager& manager_;
  std::shared_ptr<Job> job_;
};

JobManager::JobManager(unsigned workers, Runner runner) : runner_(std::move(runner)) {
  if (workers == 0) workers = 1;
  threads_.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) {
    threads_.emplace_back([this] { work(); });
  }
}

JobManager::~JobManager() { stop(); }

void JobManager::stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
    for (auto const& job : running_) {
      job->canceled = true;
      for (auto const& q : job->queries) q->killed = true;
    }
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) {
    if (t.joinable()) t.join();
  }
}

bool JobManager::submit(JobRequest request, bool store, std::uint64_t id) {
  auto job = std::make_shared<Job>();
  job->id = store ? id : 0;
  job->user = request.auth.user;
  job->request = std::move(request);
  job->stamp = now_seconds();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (store) stored_[job->id] = job;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void JobManager::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto job = std::move(queue_.front());
    queue_.pop_front();
    job->state = Job::State::Running;
    bool const canceled = job->canceled;
    running_.push_back(job);
    lock.unlock();

    HttpResponse response;
    if (canceled) {
      response = canceled_response();
    } else {
      Observer observer(*this, job);
      auto*& slot = aql::current_query_observer();
      slot = &observer;
      try {
        response = runner_(job->request);
      } catch (std::exception const& ex) {
        response = error_response(500, err::kInternal, ex.what());
      } catch (...) {
        response = error_response(500, err::kInternal);
      }
      slot = nullptr;
    }
    if (job->request.method == "HEAD") {
      response.body.clear();
    }

    lock.lock();
    running_.erase(std::remove(running_.begin(), running_.end(), job), running_.end());
    // RestCursorHandler::handleQueryResult: a query killed because its
    // handler was cancelled reports the cancellation, not the kill.
    if (job->canceled && is_query_killed(response)) {
      response = canceled_response();
    }
    job->state = Job::State::Done;
    job->stamp = now_seconds();
    job->response = std::move(response);
    job->queries.clear();
    // a job deleted meanwhile is no longer in stored_: its result is dropped
    // with the last reference
  }
}

bool JobManager::visible(Job const& job, std::string_view caller) noexcept {
  return caller.empty() || job.user == caller;
}

JobManager::Status JobManager::status(std::uint64_t id, std::string_view caller) {
  std::lock_guard lock(mutex_);
  auto it = stored_.find(id);
  if (it == stored_.end() || !visible(*it->second, caller)) return Status::NotFound;
  return it->second->state == Job::State::Done ? Status::Done : Status::Pending;
}

JobManager::Status JobManager::fetch(std::uint64_t id, std::string_view caller,
                                     HttpResponse& out) {
  std::lock_guard lock(mutex_);
  auto it = stored_.find(id);
  if (it == stored_.end() || !visible(*it->second, caller)) return Status::NotFound;
  if (it->second->state != Job::State::Done) return Status::Pending;
  out = std::move(it->second->response);
  stored_.erase(it);
  return Status::Done;
}

bool JobManager::cancel(std::uint64_t id, std::string_view caller) {
  std::lock_guard lock(mutex_);
  auto it = stored_.find(id);
  if (it == stored_.end() || !visible(*it->second, caller)) return false;
  auto& job = *it->second;
  if (job.state != Job::State::Done) {
    job.canceled = true;
    for (auto const& q : job.queries) q->killed = true;
  }
  return true;
}

bool JobManager::remove(std::uint64_t id, std::string_view caller) {
  std::lock_guard lock(mutex_);
  auto it = stored_.find(id);
  if (it == stored_.end() || !visible(*it->second, caller)) return false;
  stored_.erase(it);
  return true;
}

void JobManager::remove_all(std::string_view caller) {
  std::lock_guard lock(mutex_);
  std::erase_if(stored_, [&](auto const& kv) { return visible(*kv.second, caller); });
}

void JobManager::remove_expired(double stamp, std::string_view caller) {
  std::lock_guard lock(mutex_);
  std::erase_if(stored_, [&](auto const& kv) {
    return visible(*kv.second, caller) && kv.second->stamp < stamp;
  });
}

std::vector<std::uint64_t> JobManager::list(Status status, std::uint64_t count,
                                            std::string_view caller) {
  std::vector<std::uint64_t> out;
  std::lock_guard lock(mutex_);
  for (auto it = stored_.rbegin(); it != stored_.rend(); ++it) {
    auto const& job = *it->second;
    bool const done = job.state == Job::State::Done;
    if (done != (status == Status::Done) || !visible(job, caller)) continue;
    out.push_back(it->first);
    // AsyncJobManager::byStatus checks the limit after adding (count 0 -> 1)
    if (out.size() >= count) break;
  }
  return out;
}

}  // namespace emu
