#include "app.hpp"

#include <cmath>
#include <cstdlib>
#include <exception>

#include "compression.hpp"
#include "handlers.hpp"
#include "js/engine.hpp"
#include "names.hpp"
#include "search/commit.hpp"
#include "transactions.hpp"

namespace emu {
namespace {

constexpr std::string_view kCorsMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
constexpr std::string_view kExposedCorsHeaders =
    "etag, content-encoding, content-length, location, server, "
    "x-arango-errors, x-arango-async-id";
constexpr std::string_view kGarbageBody = "<<<arango-emulator: injected garbage, not JSON>>>";
constexpr int kErrorQueueFull = 21003;                   // ERROR_QUEUE_FULL
constexpr int kErrorQueueTimeViolated = 21004;           // ERROR_QUEUE_TIME_REQUIREMENT_VIOLATED

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

// The queue time a response reports and x-arango-queue-time-seconds is
// checked against: whole milliseconds, as arangod's scheduler keeps it.
double reported_queue_time(double seconds) noexcept {
  if (!(seconds > 0)) {
    return 0;
  }
  // (the epsilon keeps 0.29 s at 290 ms despite binary floating point)
  return std::floor(seconds * 1000.0 + 1e-6) / 1000.0;
}

// StringUtils::doubleDecimal: the number the value starts with, 0 if none.
double parse_decimal(std::string const& text) noexcept {
  double v = std::strtod(text.c_str(), nullptr);
  return std::isfinite(v) ? v : 0;
}

// CommTask::processCorsOptions: the answer to OPTIONS, before authentication.
HttpResponse cors_options_response(HttpRequest const& request) {
  HttpResponse r = empty_response(200);
  r.set_header("Allow", std::string(kCorsMethods));
  if (request.has_header("origin")) {
    r.set_header("Access-Control-Allow-Methods", std::string(kCorsMethods));
    if (auto const* h = request.header("access-control-request-headers")) {
      std::string_view v = *h;
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (!v.empty()) {
        r.set_header("Access-Control-Allow-Headers", std::string(v));
      }
    }
    r.set_header("Access-Control-Max-Age", "1800");
  }
  return r;
}

// The paths a caller without access to the database may still use.
bool path_open_without_access(AuthResult const& auth, std::string_view method,
                              std::string const& path) {
  if (path.size() < 2 || path[1] != '_') {
    // --server.authentication-system-only (default true): only paths
    // starting with "/_" need authentication; the rest belongs to Foxx.
    return true;
  }
  if (starts_with(path, "/_open/") || starts_with(path, "/_admin/aardvark/") ||
      path == "/_admin/server/availability") {
    return true;
  }
  if (auth.authenticated && starts_with(path, "/_api/user/")) return true;
  if (auth.authenticated && path == "/_api/cluster/endpoints") return true;
  return method == "POST" && !auth.user.empty() &&
         starts_with(path, "/_api/user/" + auth.user + "/");
}

}  // namespace

App::App(Options options)
    : options_(std::move(options)),
      store_(options_.root_password),
      auth_(store_, options_.authentication, options_.jwt_secret, options_.jwt_secret_keyfile),
      services_{store_, auth_, faults_, stats_, options_, std::chrono::system_clock::now(),
                transport_} {
  register_admin_handlers(api_);
  register_database_handlers(api_);
  register_collection_handlers(api_);
  register_document_handlers(api_);
  register_index_handlers(api_);
  register_import_handlers(api_);
  register_graph_handlers(api_);
  register_cursor_handlers(api_);
  register_query_handlers(api_);
  register_auth_handlers(api_, options_);
  register_transaction_handlers(api_);
  register_user_handlers(api_);
  register_security_handlers(api_);
  register_task_handlers(api_);
  register_view_handlers(api_);
  register_analyzer_handlers(api_);
  register_backup_handlers(api_);
  register_cluster_handlers(api_);
  register_replication_handlers(api_);
  register_foxx_handlers(api_);
  TransactionManager::instance().set_idle_timeout(options_.trx_idle_timeout);
  jobs_ = std::make_unique<JobManager>(options_.async_workers,
                                       [this](JobRequest const& job) { return run_job(job); });
  register_job_handlers(api_, *jobs_);
  register_emulator_handlers(control_);
  js::configure(options_.js_worker_exe,
                js::Config{options_.js_enabled, options_.js_allow_admin_execute,
                           options_.js_script_timeout, options_.js_memory_limit,
                           options_.js_max_message_size, options_.js_max_workers},
                [this](JobRequest const& job) { return run_job(job); },
                [this](std::string_view level, std::string const& message) {
                  store_.logs.log(level == "error"  ? LogLevel::Error
                                  : level == "warn" ? LogLevel::Warn
                                  : level == "debug" || level == "trace" ? LogLevel::Debug
                                                                         : LogLevel::Info,
                                  "general", message);
                });
  ttl_thread_ = std::thread([this] { ttl_loop(); });
  // the message arangod logs (topic general, INFO) once it serves requests
  store_.logs.log(LogLevel::Info, "general",
                  std::string("ArangoDB (version ") + kServerVersion +
                      " [linux]) is ready for business. Have fun!");
}

App::~App() {
  js::unconfigure();
  jobs_->stop();
  {
    std::lock_guard lock(ttl_mutex_);
    ttl_stop_ = true;
  }
  ttl_cv_.notify_all();
  if (ttl_thread_.joinable()) {
    ttl_thread_.join();
  }
}

void App::ttl_loop() {
  std::unique_lock lock(ttl_mutex_);
  while (!ttl_stop_) {
    ttl_cv_.wait_for(lock, std::chrono::milliseconds(options_.ttl_interval_ms),
                     [this] { return ttl_stop_; });
    if (ttl_stop_) {
      break;
    }
    lock.unlock();
    double now = std::chrono::duration<double>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
    for (auto const& name : store_.database_names()) {
      auto db = store_.find_database(name);
      if (!db) {
        continue;
      }
      for (auto const& c : db->collections_sorted()) {
        std::unique_lock clock(c->mutex);
        ttl_sweep(*c, now);
      }
      // ArangoSearch links and inverted indexes whose commit is due
      search::commit_due_links(*db);
    }
    // a streaming cursor may hold a stream transaction's lease until it expires
    expire_idle_cursors();
    give_back_free_memory();
    lock.lock();
  }
}

Outcome App::handle(HttpRequest const& request) {
  stats_.requests.fetch_add(1, std::memory_order_relaxed);
  Outcome out;
  double const queue_time =
      reported_queue_time(request.queue_wait + transport_.extra_queue_time());

  std::string_view target = request.target;
  auto qpos = target.find('?');
  std::string path(target.substr(0, qpos));
  std::string_view query = qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1);
  if (path.empty() || path.front() != '/') {
    path.insert(path.begin(), '/');
  }

  // Test-control API: no faults, no authentication, no database prefix.
  if (path == "/_emulator" || starts_with(path, "/_emulator/")) {
    RequestContext ctx{services_, request, request.method, std::string(kSystemDatabase),
                       store_.find_database(kSystemDatabase), path, split_path(path), {},
                       parse_query(query), AuthResult{}};
    out.response = run_route(control_, ctx);
    finish(request, out.response, queue_time);
    return out;
  }

  // Database prefix: /_db/<name>/...
  std::string db_name(kSystemDatabase);
  std::string rest = path;
  if (starts_with(path, "/_db/")) {
    auto end = path.find('/', 5);
    std::string decoded = percent_decode(
        std::string_view(path).substr(5, end == std::string::npos ? std::string::npos : end - 5));
    rest = end == std::string::npos ? std::string("/") : path.substr(end);
    if (!decoded.empty()) {
      db_name = std::move(decoded);
    }
  }

  // Fault injection (matches the path after the database prefix).
  if (auto fault = faults_.take_match(request.method, rest, request.listener)) {
    switch (fault->kind) {
      case FaultKind::Reset:
        out.action = TransportAction::Reset;
        return out;
      case FaultKind::Hang:
        out.action = TransportAction::Hang;
        return out;
      case FaultKind::Garbage:
        out.response = json_response(200, std::string(kGarbageBody));
        finish(request, out.response, queue_time);
        return out;
      case FaultKind::Status503:
        out.response = prehandler_error(503, err::kHttpServiceUnavailable);
        finish(request, out.response, queue_time);
        return out;
      case FaultKind::Truncate:
        out.action = TransportAction::Truncate;
        break;
      case FaultKind::Delay:
        out.delay = fault->delay;
        break;
    }
  }

  out.response = process(request, request.method, db_name, rest, query, queue_time);
  finish(request, out.response, queue_time);
  return out;
}

HttpResponse App::process(HttpRequest const& request, std::string_view method,
                          std::string const& db_name, std::string const& path,
                          std::string_view query, double queue_time) {
  // OPTIONS is answered before authentication (CommTask::processCorsOptions).
  if (method == "OPTIONS") return cors_options_response(request);

  // arangod refuses database names in the URL that are not NFC-normalised.
  if (!looks_nfc_normalized(db_name)) {
    return prehandler_error(400, err::kArangoIllegalName,
                            "database name is not properly UTF-8 NFC-normalized");
  }

  AuthResult auth;
  if (auth_.enabled()) {
    auth = auth_.authenticate(request.header("authorization"));
  } else {
    auth.authenticated = true;  // everything is allowed, as superuser
  }

  // Step 3 of CommTask::prepareExecution: resolve the database.
  auto db = store_.find_database(db_name);
  if (!db) {
    if (auth_.enabled() && level_for(auth, db_name) == AuthLevel::None) {
      // prevent guessing database names (arangod issue #5030)
      return prehandler_error(401, err::kForbidden, "not authorized to execute this request");
    }
    return prehandler_error(404, err::kArangoDatabaseNotFound);
  }

  // Step 4: may this caller access the path?
  if (auth_.enabled()) {
    bool const allowed = (auth.authenticated && level_for(auth, db_name) != AuthLevel::None) ||
                         path_open_without_access(auth, method, path);
    if (!allowed) {
      return prehandler_error(401, err::kForbidden, "not authorized to execute this request");
    }
  }

  std::optional<HttpRequest> decoded;
  if (auto e = decode_body(request, auth, decoded)) return *e;
  HttpRequest const& req = decoded ? *decoded : request;

  // CommTask::executeRequest: a client-given maximum queue time that this
  // request's queue time exceeds rejects it before any handler is created
  // (also before x-arango-async queues it).
  if (auto const* limit = req.header("x-arango-queue-time-seconds")) {
    double const max_queue_time = parse_decimal(*limit);
    if (max_queue_time > 0 && queue_time > max_queue_time) {
      return prehandler_error(412, kErrorQueueTimeViolated);
    }
  }

  if (auto r = queue_async(req, method, db_name, db, path, query, auth)) return *r;

  RequestContext ctx{services_, req, std::string(method), db_name, std::move(db), path,
                     split_path(path), {}, parse_query(query), std::move(auth)};
  HttpResponse response = run_route(api_, ctx);
  compress_response(req, response);
  return response;
}

// The caller's access level to a database (RW for a superuser, and when authentication is off).
AuthLevel App::level_for(AuthResult const& auth, std::string const& db_name) const {
  if (!auth.authenticated) return AuthLevel::None;
  if (auth.user.empty()) return AuthLevel::RW;  // superuser JWT / auth off
  return store_.database_auth_level(auth.user, db_name);
}

// HttpCommTask::processRequest, after prepareExecution: decode the body
// (CommTask::handleContentEncoding). Like arangod, a Transfer-Encoding
// header is looked at instead of Content-Encoding when there is one.
// `decoded` receives the request with its body decoded, if it was encoded.
std::optional<HttpResponse> App::decode_body(HttpRequest const& request, AuthResult const& auth,
                                             std::optional<HttpRequest>& decoded) const {
  std::string_view encoding_header = "transfer-encoding";
  std::string const* encoding = request.header(encoding_header);
  if (encoding == nullptr) {
    encoding_header = "content-encoding";
    encoding = request.header(encoding_header);
  }
  if (encoding == nullptr) return std::nullopt;
  if (auth_.enabled() && !auth.authenticated) {
    // --http.handle-content-encoding-for-unauthenticated-requests false
    return prehandler_error(400, err::kBadParameter,
                            "support for handling Content-Encoding headers is turned off "
                            "for unauthenticated requests");
  }
  if (auto kind = parse_body_encoding(*encoding)) {
    auto body = decompress_body(request.body, *kind);
    if (!body) {
      return prehandler_error(
          400, err::kBadParameter,
          "a decoding error occurred while handling Content-Encoding: " +
              std::string(to_string(*kind)));
    }
    decoded = request;
    decoded->body = std::move(*body);
    std::erase_if(decoded->headers,
                  [&](Header const& h) { return iequals(h.name, encoding_header); });
  }
  // other encodings pass unchanged
  return std::nullopt;
}

// CommTask::executeRequest: with x-arango-async "true" or "store" a
// request that has a handler is queued and answered 202 at once ("store":
// with the id under which its response is kept). When it is queued, db and
// auth move into the job; otherwise nothing happens.
std::optional<HttpResponse> App::queue_async(HttpRequest const& req, std::string_view method,
                                             std::string const& db_name,
                                             std::shared_ptr<Database>& db,
                                             std::string const& path, std::string_view query,
                                             AuthResult& auth) {
  auto const* async = req.header("x-arango-async");
  if (async == nullptr || (*async != "true" && *async != "store") ||
      api_.match(method, split_path(path)).kind == Router::Match::Kind::NoRoute) {
    return std::nullopt;
  }
  bool const store = *async == "store";
  std::uint64_t const id = store ? store_.next_id() : 0;
  JobRequest job{req, std::string(method), db_name, std::move(db), path,
                 std::string(query), std::move(auth)};
  if (!jobs_->submit(std::move(job), store, id)) {
    return prehandler_error(503, kErrorQueueFull);  // shutting down
  }
  stats_.admin.async_requests.fetch_add(1, std::memory_order_relaxed);
  HttpResponse r = empty_response(202);
  if (store) {
    r.set_header("X-Arango-Async-Id", std::to_string(id));
  }
  return r;
}

// RestHandler::compressResponse: handler responses (not the errors sent
// before a handler runs, not async jobs) of at least the threshold, when the
// client's Accept-Encoding is exactly "deflate" or "gzip", and only if the
// compressed body is smaller.
void App::compress_response(HttpRequest const& request, HttpResponse& response) const {
  std::uint64_t const threshold = options_.compress_response_threshold;
  if (threshold == 0 || request.method == "HEAD" || response.body.empty() ||
      response.body.size() < threshold) {
    return;
  }
  auto const* accept = request.header("accept-encoding");
  if (accept == nullptr) {
    return;
  }
  auto kind = parse_body_encoding(*accept);
  if (!kind) {
    return;
  }
  for (auto const& h : response.headers) {
    if (iequals(h.name, "content-encoding")) {
      return;  // already encoded
    }
  }
  std::string compressed = compress_body(response.body, *kind);
  if (compressed.size() >= response.body.size()) {
    return;
  }
  response.body = std::move(compressed);
  response.set_header("Content-Encoding", std::string(to_string(*kind)));
}

HttpResponse App::run_job(JobRequest const& job) {
  // the same dispatch as a synchronous request (database, user, headers, body)
  RequestContext ctx{services_, job.request, job.method, job.database, job.db, job.path,
                     split_path(job.path), {}, parse_query(job.query), job.auth};
  return run_route(api_, ctx);
}

HttpResponse App::run_route(Router const& router, RequestContext& ctx) {
  auto m = router.match(ctx.method, ctx.segments);
  switch (m.kind) {
    case Router::Match::Kind::NoRoute:
      // arangod hands every path without a C++ handler to its JavaScript routing, where the
      // installed Foxx services are mounted.
      if (&router == &api_) {
        if (auto r = foxx_route_response(ctx)) return std::move(*r);
      }
      return unknown_path(ctx);
    case Router::Match::Kind::MethodNotAllowed:
      return error_response(405, err::kHttpMethodNotAllowed);
    case Router::Match::Kind::Found:
      break;
  }
  ctx.params = std::move(m.params);
  bool const api = &router == &api_;
  if (api) {
    if (auto refused = admin_before_request(ctx)) return std::move(*refused);
  }
  auto const started = std::chrono::steady_clock::now();
  HttpResponse r;
  try {
    r = (*m.handler)(ctx);
  } catch (std::exception const& ex) {
    r = error_response(500, err::kInternal, ex.what());
    // RestHandler::handleExceptionPtr logs what it caught
    ctx.svc.store.logs.log(LogLevel::Warn, "general",
                           "caught exception in " + ctx.method + " " + ctx.path + ": " + ex.what());
  } catch (...) {
    r = error_response(500, err::kInternal);
  }
  if (r.status >= 500) {
    ctx.svc.store.logs.log(LogLevel::Error, "general",
                           ctx.method + " " + ctx.path + " answered with HTTP " +
                               std::to_string(r.status));
  }
  if (api) {
    admin_after_request(
        ctx, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return r;
}

void App::finish(HttpRequest const& request, HttpResponse& response, double queue_time) const {
  response.queue_time = queue_time;
  if (request.method == "HEAD") {
    response.suppress_body = true;
  }
  if (response.status == 401) {
    response.www_authenticate = !request.has_header("x-omit-www-authenticate");
  }
  if (auto const* origin = request.header("origin")) {
    if (!origin->empty()) {
      response.set_header("Access-Control-Allow-Origin", *origin);
      response.set_header("Access-Control-Allow-Credentials", "false");
      response.set_header("Access-Control-Expose-Headers", std::string(kExposedCorsHeaders));
    }
  }
}

}  // namespace emu
