// The emulated server minus the transport: turns an HttpRequest into an
// Outcome (response + what the transport should do), running the same
// pre-handler pipeline as arangod's CommTask (OPTIONS, database prefix,
// authentication, database resolution, path access, routing).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "auth.hpp"
#include "faults.hpp"
#include "http_types.hpp"
#include "jobs.hpp"
#include "options.hpp"
#include "router.hpp"
#include "store.hpp"
#include "transport.hpp"

namespace emu {

class App {
 public:
  explicit App(Options options);
  ~App();
  App(App const&) = delete;
  App& operator=(App const&) = delete;

  // Thread-safe; called concurrently from the io threads.
  Outcome handle(HttpRequest const& request);

  Options const& options() const noexcept { return options_; }
  Stats& stats() noexcept { return stats_; }
  Store& store() noexcept { return store_; }
  Authenticator& authenticator() noexcept { return auth_; }
  TransportControl& transport() noexcept { return transport_; }

 private:
  HttpResponse process(HttpRequest const& request, std::string_view method,
                       std::string const& db_name, std::string const& path,
                       std::string_view query, double queue_time);
  // the steps of process
  AuthLevel level_for(AuthResult const& auth, std::string const& db_name) const;
  std::optional<HttpResponse> decode_body(HttpRequest const& request, AuthResult const& auth,
                                          std::optional<HttpRequest>& decoded) const;
  std::optional<HttpResponse> queue_async(HttpRequest const& req, std::string_view method,
                                          std::string const& db_name,
                                          std::shared_ptr<Database>& db, std::string const& path,
                                          std::string_view query, AuthResult& auth);
  HttpResponse run_route(Router const& router, RequestContext& ctx);
  HttpResponse run_job(JobRequest const& job);
  void finish(HttpRequest const& request, HttpResponse& response, double queue_time) const;
  void compress_response(HttpRequest const& request, HttpResponse& response) const;
  void ttl_loop();

  Options options_;
  Store store_;
  Authenticator auth_;
  FaultRegistry faults_;
  Stats stats_;
  TransportControl transport_;
  Services services_;
  Router api_;
  Router control_;

  // Background TTL sweep (every options_.ttl_interval_ms).
  std::mutex ttl_mutex_;
  std::condition_variable ttl_cv_;
  bool ttl_stop_ = false;
  std::thread ttl_thread_;

  // x-arango-async jobs; stopped first in ~App (its workers use the above).
  std::unique_ptr<JobManager> jobs_;
};

}  // namespace emu
