// DefaultHTTPClient: one thread owns one CURLM. Other threads only touch the locked command
// queue and call curl_multi_wakeup; the loop drains the queue, performs, reads finished
// transfers and sleeps in curl_multi_poll (woken by curl's timers, sockets or a wakeup, so an
// idle client uses no CPU).
#include <arango/client_exceptions.hpp>
#include <arango/http.hpp>
#include <arango/result.hpp>

#include <curl/curl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace arango {
inline namespace v1 {
namespace {

using Clock = std::chrono::steady_clock;

std::once_flag curl_init_once;

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

/// The h2c connections of one origin (scheme://host:port) as seen by the workaround for
/// libcurl 7.88 (see Loop::h2c_reuse_broken): sockets libcurl holds open (counted by its
/// open/close-socket callbacks), connections being opened (prior-knowledge transfers that have no
/// socket yet) and transfers in flight.
struct Origin {
  long sockets = 0;
  long opening = 0;
  long transfers = 0;
};

struct Transfer;
curl_socket_t open_socket(void* transfer, curlsocktype purpose, curl_sockaddr* address);

int close_socket(void* origin, curl_socket_t s) {
  --static_cast<Origin*>(origin)->sockets;
  return ::close(s);
}

/// "scheme://host:port" of an absolute URL (the whole URL when it has no path).
std::string_view origin_of(std::string_view url) {
  auto scheme = url.find("://");
  auto path = url.find_first_of("/?#", scheme == std::string_view::npos ? 0 : scheme + 3);
  return url.substr(0, path);
}

/// The last node of every header list: turns off libcurl's "Expect: 100-continue". libcurl only
/// reads the lists it is given.
curl_slist expect_none{const_cast<char*>("Expect:"), nullptr};

/// A transfer's easy handle, which stays with the transfer's memory from call to call (see
/// Loop::recycle), and what the last call left set on it. A handle that ended a call cleanly is
/// not reset: libcurl keeps a handle's options from one transfer to the next, and what it keeps
/// of a transfer's own state it starts afresh with each transfer. So the next call sets only
/// what differs: the URL, the deadline, the headers, the method and body when they change.
/// curl_easy_reset (which also frees and copies again the default CA paths) cost about 3,400
/// instructions a call, and setting again the options that never change a few hundred more. A
/// handle whose call did not end cleanly (an error, a cancellation, a request libcurl sent
/// twice, which counts against its retry limit, the h2c workaround's options) is reset.
struct EasyHandle {
  CURL* easy = nullptr;
  bool primed = false;        // the options every call shares are set (Loop::prime)
  Method method = Method::GET;  // the method the last call set (GET: none set)
  bool body = false;          // the last call set CURLOPT_POSTFIELDS
  bool accept_encoding = false;  // the last call set CURLOPT_ACCEPT_ENCODING
};

struct Lane;

struct Transfer {
  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (handle.easy) curl_easy_cleanup(handle.easy);
  }

  std::uint64_t id = 0;
  std::size_t slot = 0;  // index in Loop::active while there
  std::shared_ptr<const HttpRequest> request;
  HTTPClient::Completion done;
  Clock::time_point deadline;
  EasyHandle handle;      // kept across calls (Loop::recycle)
  CURL* easy = nullptr;   // handle.easy while the transfer is on the multi handle
  /// libcurl's header list, built without allocating: its nodes are this transfer's (`nodes`,
  /// `more_nodes` past a dozen headers) and their lines the request's own (Headers keeps each
  /// field as a NUL-terminated "name: value"), which the transfer holds until it ends.
  curl_slist* header_list = nullptr;
  std::array<curl_slist, 12> nodes{};
  std::vector<curl_slist> more_nodes;
  Response response;
  char errbuf[CURL_ERROR_SIZE] = {0};
  std::optional<std::stop_callback<std::function<void()>>> on_stop;
  Origin* origin = nullptr;   // set while counted in origin->transfers (h2c workaround)
  bool opener = false;        // asked for prior knowledge on a connection of its own
  bool opening = false;       // an opener counted in origin->opening: no socket yet
  bool must_open = false;     // a restarted follower: must be an opener
  bool socket_refused = false;  // a follower that libcurl wanted to open a connection for
  int sends = 0;                // times libcurl started sending this request
  bool resend_refused = false;  // libcurl wanted to send a non-idempotent request again
  /// The largest body this call accepts (SIZE_MAX: no limit), and what passing it said.
  std::size_t body_limit = SIZE_MAX;
  std::string too_large{};
  /// The blank line that ends the current response's header block has come. libcurl 7.88
  /// reports a connection closed inside the header block as a success (an empty 200).
  bool header_complete = false;
  /// The lane whose count this transfer is in (Loop::lane_cap set); released when it completes.
  Lane* lane = nullptr;
  Clock::time_point submitted{};  ///< when send_request took the call
  Clock::time_point started{};    ///< when it went on the multi handle (TransferInfo's queued time)
};

/// Writes what the transport knows of a call that ended without running on libcurl (cancelled,
/// timed out or refused before it started, or ended while it waited) into its TransferInfo.
void report_unsent(const HttpRequest& request, Clock::time_point submitted) {
  if (!request.transfer) return;
  *request.transfer = TransferInfo{};
  request.transfer->filled = true;
  if (submitted != Clock::time_point{}) {
    request.transfer->timings.queued = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - submitted);
  }
}

std::chrono::microseconds curl_timer(CURL* easy, CURLINFO info) {
  curl_off_t us = 0;
  if (curl_easy_getinfo(easy, info, &us) != CURLE_OK || us < 0) return {};
  return std::chrono::microseconds(us);
}

/// A call, a cancellation or a timer for the loop. A call's Transfer is made by the loop (from
/// its pool of spent ones), not by the caller.
struct Command {
  enum class Kind { start, cancel, fail, timer } kind;
  std::uint64_t id = 0;                          // start, cancel
  std::shared_ptr<const HttpRequest> request{};  // start
  HTTPClient::Completion done{};                 // start, fail, timer
  ErrorPtr error{};                              // fail
  Clock::time_point due{};                       // start: the deadline; timer: when it fires
  Clock::time_point submitted{};                 // start: when send_request took it
};

/// The calls to one origin (scheme://host:port). At most Loop::lane_cap of them are transfers on
/// the multi handle, as many as the origin's connections can carry at once; the rest wait here,
/// in the order they came, as a request and a completion, without an easy handle. libcurl 7.88
/// keeps handles past its connection limit in a pending list that curl_multi_remove_handle
/// searches on every finished transfer: 16,000 calls queued at once cost 360 µs of CPU each,
/// against 26 µs for 64.
struct Lane {
  std::string origin;
  std::size_t active = 0;          ///< transfers of this origin (started and not completed)
  std::size_t waiting = 0;         ///< calls in Loop::waiting for this origin
  std::deque<std::uint64_t> fifo;  ///< their ids, oldest first; ids no longer waiting are skipped
};

/// A call as it waits for its lane.
struct QueuedCall {
  std::shared_ptr<const HttpRequest> request;
  HTTPClient::Completion done;
  Clock::time_point deadline;
  Lane* lane = nullptr;
  Clock::time_point submitted{};
};

/// A call waiting for its lane (see Lane), and what cancels it meanwhile.
struct Waiting {
  QueuedCall call;
  std::optional<std::stop_callback<std::function<void()>>> on_stop;
};

/// The version a finished transfer used ("1.1", "2", ...); empty when curl does not say.
std::string_view http_version_of(CURL* easy) {
  long v = 0;
  if (curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &v) != CURLE_OK) return {};
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
#if LIBCURL_VERSION_NUM >= 0x074200  // 7.66.0
    case CURL_HTTP_VERSION_3: return "3";
#endif
    default: return {};
  }
}

#if LIBCURL_VERSION_NUM >= 0x075000
/// Called before each send of the request. libcurl sends a request again by itself when a
/// reused connection closes before any answer; the first send may have reached the server and
/// run, so a request that is not idempotent is not sent again (the call fails instead).
int on_prereq(void* user, char*, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  if (++t->sends > 1 && !is_idempotent(t->request->method)) {
    t->resend_refused = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}
#endif

std::string byte_count(std::size_t n) { return std::to_string(n) + " bytes"; }

/// Takes the body as it arrives (after libcurl decoded any Content-Encoding), up to the call's
/// limit: passing it ends the transfer at once (a short count makes libcurl stop with
/// CURLE_WRITE_ERROR), so an endless or huge body costs at most the limit.
size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::size_t bytes = size * n;
  if (bytes > t->body_limit - t->response.raw_body.size()) {
    t->too_large = "the response body passed max_response_size (" + byte_count(t->body_limit) + ")";
    return 0;
  }
  t->response.raw_body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty()) {
    t->header_complete = true;
    return size * n;
  }
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after 100 Continue or a redirect): start over.
    t->header_complete = false;
    t->response.headers.clear();
    t->response.headers.reserve(16, 512);  // ArangoDB sends about 13, in about 400 bytes
    t->response.status_text.clear();
    auto sp1 = line.find(' ');
    if (sp1 != std::string_view::npos) {
      auto sp2 = line.find(' ', sp1 + 1);
      if (sp2 != std::string_view::npos) t->response.status_text.assign(line.substr(sp2 + 1));
    }
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (name.size() == 14 && strncasecmp(name.data(), "content-length", 14) == 0) {
    std::size_t length = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    (void)p;
    if (ec == std::errc() && t->request->method != Method::HEAD) {
      if (length > t->body_limit) {  // refused before any of the body comes
        t->too_large = "the response announced a body of " + byte_count(length) + ", over max_response_size (" +
                       byte_count(t->body_limit) + ")";
        return 0;
      }
      t->response.raw_body.reserve(std::min<std::size_t>(length, std::size_t(64) << 20));
    }
  }
  t->response.headers.add(name, value);
  return size * n;
}

curl_socket_t open_socket(void* transfer, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(transfer);
  if (purpose == CURLSOCKTYPE_IPCXN && t->origin && !t->opener) {
    // A follower found no connection to share (e.g. the last one is dead but not yet closed):
    // libcurl would open one with an HTTP/1.1 Upgrade. It is started again as an opener instead.
    t->socket_refused = true;
    return CURL_SOCKET_BAD;
  }
  curl_socket_t s = ::socket(address->family, address->socktype, address->protocol);
  if (s != CURL_SOCKET_BAD && purpose == CURLSOCKTYPE_IPCXN && t->origin) {
    ++t->origin->sockets;
    if (t->opening) {
      t->opening = false;
      --t->origin->opening;
    }
  }
  return s;
}

}  // namespace

struct ARANGO_INTERNAL DefaultHTTPClient::Loop : std::enable_shared_from_this<DefaultHTTPClient::Loop> {
  HttpClientOptions options;
  CURLM* multi = nullptr;
  std::thread thread;
  std::mutex join_mutex;  // close() may race with the destructor on another thread
  std::shared_ptr<detail::IoThread> io = std::make_shared<detail::IoThread>();

  std::mutex mutex;
  std::vector<Command> queue;  // guarded by mutex
  bool closed = false;         // guarded by mutex
  /// Calls accepted and not yet completed. Raised only under `mutex` (with the bound check);
  /// lowered by completions without it, which can only make the check more lenient.
  std::atomic<std::size_t> pending{0};
  std::atomic<std::size_t> callback_exceptions{0};
  std::atomic<std::size_t> connections_opened{0};
  std::atomic<std::size_t> responses_received{0};
  std::atomic<std::size_t> http2_responses{0};
  /// Calls that have a Transfer (started on the multi handle, or about to be): `pending` less
  /// these are the calls waiting (queued_calls).
  std::atomic<std::size_t> transfers{0};
  std::uint64_t next_id = 1;   // guarded by mutex

  // Loop thread only.
  /// Transfers on the wire, in no order (each knows its place: Transfer::slot); a vector, so
  /// that starting a transfer allocates no map node. Cancelling looks an id up by a scan.
  std::vector<Transfer*> active;
  std::multimap<Clock::time_point, HTTPClient::Completion> timers;

  /// Transfers one origin may have at once (see Lane): its connections (max_host_connections)
  /// times the calls each carries (1 over HTTP/1.1, max_concurrent_streams over HTTP/2);
  /// 0: no limit, no lanes (max_host_connections 0).
  std::size_t lane_cap = 0;
  std::vector<std::unique_ptr<Lane>> lanes;  // one per origin; few, so looked up by a scan
  Lane* last_lane = nullptr;
  /// The calls waiting for their lane, by id (ids grow: oldest first), and their deadlines.
  std::map<std::uint64_t, Waiting> waiting;
  std::set<std::pair<Clock::time_point, std::uint64_t>> waiting_deadlines;

  /// libcurl 7.88.x breaks a reused h2c prior-knowledge connection (curl issue 10634, fixed in
  /// 8.0.0): a transfer that asks for prior knowledge and gets an existing connection stacks a
  /// second HTTP/2 layer on it and fails with CURLE_HTTP2, and so does every later transfer on
  /// it. There, a transfer asks for prior knowledge only together with a new connection of its
  /// own (when the origin's connections have no free stream); the others ask for HTTP/2
  /// (CURL_HTTP_VERSION_2_0), which takes an existing h2c connection as it is. Such a follower
  /// never opens a connection (libcurl would do so with an HTTP/1.1 Upgrade): open_socket
  /// refuses and the transfer, not sent yet, starts again as an opener. See
  /// prior_knowledge_version().
  bool h2c_reuse_broken = false;
  std::unordered_map<std::string, std::unique_ptr<Origin>> origins;  // outlive `multi`'s sockets

  explicit Loop(HttpClientOptions o) : options(std::move(o)) {
    std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi = curl_multi_init();
    if (!multi) throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_cached_connections);
    if (options.max_host_connections > 0) {
      curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
    }
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    if (options.http_version == HttpVersion::http2_prior_knowledge) {
      auto v = curl_version_info(CURLVERSION_NOW)->version_num;
      h2c_reuse_broken = v >= 0x075800 && v < 0x080000;
    }
    if (options.max_concurrent_streams > 0) {
      curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
    }
    if (options.max_host_connections > 0) {
      std::size_t per_connection = 1;
      if (options.http_version != HttpVersion::http1_1) {
        per_connection = static_cast<std::size_t>(options.max_concurrent_streams > 0 ? options.max_concurrent_streams : 100);
      }
      lane_cap = static_cast<std::size_t>(options.max_host_connections) * per_connection;
    }
  }

  ~Loop() {
    if (multi) curl_multi_cleanup(multi);
  }

  void start_thread() {
    auto self = shared_from_this();
    thread = std::thread([self] { self->run(); });
  }

  void log(LogLevel level, std::string_view message) const {
    if (options.logger) {
      try {
        options.logger(level, message);
      } catch (...) {
      }
    }
  }

  // ---- any thread ----------------------------------------------------------------------

  void submit(std::shared_ptr<const HttpRequest> request, HTTPClient::Completion done) {
    if (!request) {
      deliver(done, make_error<ArangoClientError>("send_request: no request"));
      return;
    }
    auto timeout = request->options.timeout.value_or(options.request_timeout);
    Clock::time_point deadline = Clock::now() + timeout;
    std::unique_lock lock(mutex);
    if (closed) {
      lock.unlock();
      // No I/O thread any more: the caller's thread is the only one left to report on.
      deliver(done, make_error<ClientShutdownError>("the client is closed"));
      return;
    }
    if (pending.load(std::memory_order_relaxed) >= options.max_pending_calls) {
      push(lock, Command{Command::Kind::fail, 0, nullptr, std::move(done),
                         make_error<QueueFullError>("the client already holds " +
                                                    std::to_string(options.max_pending_calls) +
                                                    " pending calls (HttpClientOptions::max_pending_calls)")});
    } else {
      pending.fetch_add(1, std::memory_order_relaxed);
      push(lock, Command{Command::Kind::start, next_id++, std::move(request), std::move(done), nullptr, deadline,
                         deadline - timeout});
    }
  }

  /// Queues a command for the loop and releases `lock` (which holds `mutex`). Only the first
  /// command of an empty queue wakes the loop: a later one finds a wakeup still pending, or the
  /// loop not yet past taking the queue, which it does before it sleeps again. One wakeup (a
  /// write to curl's wakeup pipe and the loop's turn) then serves every call queued meanwhile. A
  /// command queued by the loop's own thread (a call made from a completion callback) needs
  /// none: run() looks at the queue before it sleeps.
  ///
  /// The wakeup comes after the unlock. The woken loop often runs at once on the caller's CPU,
  /// and its first step is to take `mutex`: woken under the lock, it blocked on it, and the two
  /// threads traded the CPU twice more before the call was sent. A wakeup that lands after the
  /// loop has already taken the queue costs one empty turn. `multi` lives as long as this Loop,
  /// which the caller's client holds.
  void push(std::unique_lock<std::mutex>& lock, Command command) {
    bool wake = queue.empty() && !io->is_current();
    queue.push_back(std::move(command));
    lock.unlock();
    if (wake) curl_multi_wakeup(multi);
  }

  void schedule(std::chrono::milliseconds delay, HTTPClient::Completion done) {
    std::unique_lock lock(mutex);
    if (closed) {
      lock.unlock();
      deliver(done, make_error<ClientShutdownError>("the client is closed"));
      return;
    }
    push(lock, Command{Command::Kind::timer, 0, nullptr, std::move(done), nullptr, Clock::now() + delay});
  }

  void cancel(std::uint64_t id) {
    std::unique_lock lock(mutex);
    if (closed) return;
    push(lock, Command{Command::Kind::cancel, id});
  }

  /// Returns true when this call stopped the loop (false: it was already closed).
  bool close() {
    {
      std::lock_guard lock(mutex);
      if (closed) return false;
      closed = true;
      curl_multi_wakeup(multi);
    }
    return true;
  }

  void join_or_detach() {
    std::lock_guard lock(join_mutex);
    if (!thread.joinable()) return;
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();  // closing from a callback: the loop ends by itself after it returns
    } else {
      thread.join();
    }
  }

  // ---- completion ------------------------------------------------------------------------

  void report_callback_exception(std::exception_ptr e) {
    callback_exceptions.fetch_add(1, std::memory_order_relaxed);
    if (options.on_callback_exception) {
      try {
        options.on_callback_exception(e);
        return;
      } catch (...) {
        e = std::current_exception();
      }
    }
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    log(LogLevel::error, "a completion callback threw: " + what);
  }

  void invoke(HTTPClient::Completion& done, Result<Response>&& result) {
    try {
      done(std::move(result));
    } catch (...) {
      report_callback_exception(std::current_exception());
    }
  }

  void deliver(HTTPClient::Completion& done, Result<Response>&& result) {
    if (options.completion_executor) {
      auto self = shared_from_this();
      auto task = [self, done = std::move(done), r = std::move(result)]() mutable { self->invoke(done, std::move(r)); };
      try {
        options.completion_executor(std::move(task));
        return;
      } catch (...) {
        report_callback_exception(std::current_exception());
        return;
      }
    }
    invoke(done, std::move(result));
  }

  void complete(std::unique_ptr<Transfer> t, Result<Response>&& result) {
    pending.fetch_sub(1, std::memory_order_relaxed);
    transfers.fetch_sub(1, std::memory_order_relaxed);
    if (t->lane) {
      --t->lane->active;  // its place goes to a waiting call in admit()
      t->lane = nullptr;
    }
    if (t->started == Clock::time_point{} && t->request) report_unsent(*t->request, t->submitted);
    t->on_stop.reset();  // waits for a stop callback running on another thread
    HTTPClient::Completion done = std::move(t->done);
    recycle(std::move(t));  // lets go of the request before the completion runs
    deliver(done, std::move(result));
  }

  // ---- loop thread -----------------------------------------------------------------------

  /// Spent transfers, reset, for the next calls: a call allocates no Transfer of its own, and
  /// reuses the easy handle that comes with it.
  std::vector<std::unique_ptr<Transfer>> spare_transfers;
  static constexpr std::size_t kMaxSpareTransfers = 256;

  std::unique_ptr<Transfer> new_transfer() {
    if (spare_transfers.empty()) return std::make_unique<Transfer>();
    std::unique_ptr<Transfer> t = std::move(spare_transfers.back());
    spare_transfers.pop_back();
    return t;
  }

  void recycle(std::unique_ptr<Transfer> t) {
    if (spare_transfers.size() >= kMaxSpareTransfers) return;  // frees it and its handle
    // Releases the request, the response and whatever else it holds; the handle stays, with the
    // options that point at this transfer (it keeps its address).
    EasyHandle handle = std::exchange(t->handle, EasyHandle{});
    std::destroy_at(t.get());
    std::construct_at(t.get());
    t->handle = handle;
    spare_transfers.push_back(std::move(t));
  }

  /// Sets the options every call of this loop shares, on a new or reset handle.
  void prime(Transfer& t) {
    CURL* h = t.handle.easy;
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
#if LIBCURL_VERSION_NUM >= 0x075000
    curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &on_prereq);
    curl_easy_setopt(h, CURLOPT_PREREQDATA, &t);
#endif
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    // Options at libcurl's defaults (verify peer and host; GET) are not set: each
    // curl_easy_setopt costs a few dozen instructions.
    if (!options.verify_peer) curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    if (!options.verify_host) curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
    switch (options.http_version) {
      case HttpVersion::http1_1:
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
        break;
      case HttpVersion::http2_tls:
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
        curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
        break;
      case HttpVersion::http2_prior_knowledge:  // the version is chosen per call (start)
        curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
        break;
    }
    t.handle.primed = true;
    t.handle.method = Method::GET;
    t.handle.body = false;
    t.handle.accept_encoding = false;
  }

  /// Sets the method and body of `rq` on the transfer's handle, changing only what differs from
  /// what the handle's last call set.
  static void set_method(Transfer& t, const HttpRequest& rq) {
    CURL* h = t.handle.easy;
    EasyHandle& last = t.handle;
    bool send_body = !rq.body.empty();
    switch (rq.method) {
      case Method::GET:  // libcurl's default
      case Method::DELETE:
      case Method::OPTIONS:
        break;
      case Method::HEAD:
        send_body = false;
        break;
      case Method::POST:
      case Method::PUT:
      case Method::PATCH:
        send_body = true;
        break;
    }
    if (last.method != rq.method || last.body != send_body) {
      if (last.method != Method::GET || last.body) {
        // Back to a reset handle's GET: no custom verb, no body, no NOBODY.
        if (last.method != Method::POST && last.method != Method::HEAD && last.method != Method::GET) {
          curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, static_cast<char*>(nullptr));
        }
        if (last.body) {
          curl_easy_setopt(h, CURLOPT_POSTFIELDS, static_cast<char*>(nullptr));
          curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(-1));
        }
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      }
      switch (rq.method) {
        case Method::GET:
        case Method::POST:
          break;
        case Method::HEAD:
          curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
          break;
        case Method::PUT:
        case Method::PATCH:
        case Method::DELETE:
        case Method::OPTIONS:
          curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, to_string(rq.method).data());
          break;
      }
      last.method = rq.method;
      last.body = send_body;
    }
    if (send_body) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq.body.data());
    }
  }

  /// CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE; on a libcurl with h2c_reuse_broken and a cleartext
  /// URL that only with a connection of its own (CURLOPT_FRESH_CONNECT), when the connections
  /// open or being opened to the origin have no free stream (max_concurrent_streams each) left.
  long prior_knowledge_version(Transfer& t) {
    if (!h2c_reuse_broken || t.request->url.rfind("http://", 0) != 0) return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    auto& slot = origins[std::string(origin_of(t.request->url))];
    if (!slot) slot = std::make_unique<Origin>();
    Origin* origin = slot.get();
    curl_easy_setopt(t.easy, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
    curl_easy_setopt(t.easy, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(t.easy, CURLOPT_CLOSESOCKETFUNCTION, &close_socket);
    curl_easy_setopt(t.easy, CURLOPT_CLOSESOCKETDATA, origin);  // a connection outlives its first transfer
    const long streams = options.max_concurrent_streams > 0 ? options.max_concurrent_streams : 100;
    const bool has_room = origin->transfers < (origin->sockets + origin->opening) * streams;
    t.origin = origin;
    ++origin->transfers;
    if (has_room && !t.must_open) return CURL_HTTP_VERSION_2_0;  // takes an existing connection as it is
    curl_easy_setopt(t.easy, CURLOPT_FRESH_CONNECT, 1L);
    t.opener = true;
    t.opening = true;
    ++origin->opening;
    return CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
  }

  static void leave_origin(Transfer& t) {
    if (!t.origin) return;
    --t.origin->transfers;
    if (t.opening) --t.origin->opening;
    t.opening = false;
    t.opener = false;
    t.origin = nullptr;
  }

  void start(std::unique_ptr<Transfer> t) {
    if (t->request->options.cancel.stop_requested()) {
      complete(std::move(t), make_error<RequestCanceledError>("the call was cancelled"));
      return;
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(t->deadline - Clock::now());
    if (remaining.count() <= 0) {
      complete(std::move(t), make_error<RequestTimeoutError>("the call's deadline passed before it was sent"));
      return;
    }
    if (!t->handle.easy && !(t->handle.easy = curl_easy_init())) {
      complete(std::move(t), make_error<ClientConnectionError>("curl_easy_init failed"));
      return;
    }
    CURL* h = t->handle.easy;
    if (!t->handle.primed) prime(*t);
    t->easy = h;
    const HttpRequest& rq = *t->request;

    curl_easy_setopt(h, CURLOPT_URL, rq.url.c_str());
    if (options.http_version == HttpVersion::http2_prior_knowledge) {
      curl_easy_setopt(h, CURLOPT_HTTP_VERSION, long(prior_knowledge_version(*t)));
    }
    set_method(*t, rq);
    set_headers(*t);

    t->response.method = rq.method;
    std::size_t limit = rq.options.max_response_size.value_or(options.max_response_size);
    t->body_limit = limit == 0 ? SIZE_MAX : limit;
    if (CURLMcode rc = curl_multi_add_handle(multi, h); rc != CURLM_OK) {
      leave_origin(*t);
      t->easy = nullptr;
      reset_handle(t->handle);
      complete(std::move(t), make_error<ClientConnectionError>(std::string("curl_multi_add_handle: ") +
                                                               curl_multi_strerror(rc)));
      return;
    }
    t->started = Clock::now();
    Transfer* raw = t.release();
    raw->slot = active.size();
    active.push_back(raw);
    if (raw->deadline < next_deadline) next_deadline = raw->deadline;
    if (raw->request->options.cancel.stop_possible()) {
      std::uint64_t id = raw->id;
      Loop* self = this;  // outlives the callback: transfers end before the loop does
      raw->on_stop.emplace(raw->request->options.cancel, std::function<void()>([self, id] { self->cancel(id); }));
    }
  }

  /// Hands the request's headers to libcurl (see Transfer::header_list); Accept-Encoding goes as
  /// CURLOPT_ACCEPT_ENCODING, so that libcurl decodes the response itself.
  static void set_headers(Transfer& t) {
    const Headers& headers = t.request->headers;
    curl_slist* nodes = t.nodes.data();
    if (headers.size() > t.nodes.size()) {
      t.more_nodes.resize(headers.size());
      nodes = t.more_nodes.data();
    }
    curl_slist** tail = &t.header_list;
    bool accept_encoding = false;
    for (auto it = headers.begin(), end = headers.end(); it != end; ++it) {
      std::string_view name = it.name();
      if (name.size() == 15 && strncasecmp(name.data(), "accept-encoding", 15) == 0) {
        curl_easy_setopt(t.easy, CURLOPT_ACCEPT_ENCODING, it.value().data());  // NUL-terminated
        accept_encoding = true;
        continue;
      }
      curl_slist* node = nodes++;
      node->data = const_cast<char*>(it.line());
      node->next = nullptr;
      *tail = node;
      tail = &node->next;
    }
    *tail = &expect_none;
    curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.header_list);
    if (t.handle.accept_encoding && !accept_encoding) {
      curl_easy_setopt(t.easy, CURLOPT_ACCEPT_ENCODING, static_cast<char*>(nullptr));
    }
    t.handle.accept_encoding = accept_encoding;
  }

  static void reset_handle(EasyHandle& handle) {
    curl_easy_reset(handle.easy);
    handle.primed = false;
  }

  /// Writes libcurl's figures of transfer `t` (still on the multi handle) into its request's
  /// TransferInfo.
  static void measure(Transfer& t) {
    CURL* easy = t.easy;
    TransferInfo& info = *t.request->transfer;
    info = TransferInfo{};
    info.filled = true;
    if (t.submitted != Clock::time_point{}) {
      info.timings.queued = std::chrono::duration_cast<std::chrono::microseconds>(t.started - t.submitted);
    }
    info.timings.name_lookup = curl_timer(easy, CURLINFO_NAMELOOKUP_TIME_T);
    info.timings.connect = curl_timer(easy, CURLINFO_CONNECT_TIME_T);
    info.timings.tls = curl_timer(easy, CURLINFO_APPCONNECT_TIME_T);
    info.timings.first_byte = curl_timer(easy, CURLINFO_STARTTRANSFER_TIME_T);
    info.timings.total = curl_timer(easy, CURLINFO_TOTAL_TIME_T);
    long request_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
    long header_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
    curl_off_t body_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    info.bytes_sent = request_bytes > 0 ? static_cast<std::uint64_t>(request_bytes) : 0;
    info.bytes_received = static_cast<std::uint64_t>(std::max(0L, header_bytes)) +
                          static_cast<std::uint64_t>(std::max<curl_off_t>(0, body_bytes));
    info.new_connections = connects;
    info.sent = request_bytes > 0;
  }

  /// Takes the transfer off the multi handle. `clean`: its call ended as libcurl ran it, without
  /// an error; the handle is kept as it is for the next call (see EasyHandle), unless libcurl
  /// sent the request more than once or the h2c workaround set options of its own on it.
  std::unique_ptr<Transfer> detach(Transfer* raw, bool clean = false) {
    std::unique_ptr<Transfer> t(raw);
    Transfer* last = active.back();
    active[t->slot] = last;
    last->slot = t->slot;
    active.pop_back();
#if LIBCURL_VERSION_NUM >= 0x075000
    clean = clean && t->sends <= 1 && !t->origin && !t->socket_refused && !t->resend_refused;
#else
    clean = false;  // no CURLOPT_PREREQFUNCTION: a request sent twice could not be seen
#endif
    if (t->request->transfer) measure(*t);
    leave_origin(*t);
    curl_multi_remove_handle(multi, t->easy);
    if (!clean) reset_handle(t->handle);
    t->easy = nullptr;
    return t;
  }

  void finish(CURL* easy, CURLcode code) {
    char* priv = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    auto* raw = reinterpret_cast<Transfer*>(priv);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    long request_bytes = 0;  // header and body bytes sent, over every attempt libcurl made
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
    long connects = 0;
    if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects > 0) {
      connections_opened.fetch_add(static_cast<std::size_t>(connects), std::memory_order_relaxed);
    }
    std::string_view version = http_version_of(easy);  // before detach() resets the handle
    std::unique_ptr<Transfer> t = detach(raw, code == CURLE_OK);
    if (t->socket_refused) {  // nothing was sent: start it again as an opener (h2c workaround)
      restart_as_opener(std::move(t));
      return;
    }
    if (!t->too_large.empty()) {  // refused by on_header / on_body: final, never sent again
      std::string where = std::string(to_string(t->request->method)) + " " + t->request->url + ": ";
      complete(std::move(t), make_error<ResponseTooLargeError>(where + t->too_large));
      return;
    }
    if (code == CURLE_OK && !t->header_complete) {
      // The connection closed inside the response's header block, which libcurl 7.88 lets
      // through as a complete response with no body. A connection failure: retried only where
      // the request may be sent again (Connection's may_retry_error).
      std::string where = std::string(to_string(t->request->method)) + " " + t->request->url + ": ";
      complete(std::move(t), make_error<ClientConnectionError>(
                                 where + "the connection closed inside the response's header block"));
      return;
    }
    if (code != CURLE_OK) {
      std::string detail = t->errbuf[0] ? std::string(t->errbuf) : std::string(curl_easy_strerror(code));
      std::string where = std::string(to_string(t->request->method)) + " " + t->request->url + ": ";
      ErrorPtr error;
      if (code == CURLE_OUT_OF_MEMORY && !t->header_complete) {
        // libcurl refuses a header line over its limit (CURL_MAX_HTTP_HEADER, 100 KiB) with
        // CURLE_OUT_OF_MEMORY, and 7.88 says only "Out of memory". Before the header block
        // ended, that is the server's answer: final, and named for what it is.
        complete(std::move(t), make_error<ResponseTooLargeError>(where + "response header too large (libcurl: " +
                                                                 detail + ")"));
        return;
      }
      if (t->resend_refused) {
        complete(std::move(t), make_error<ClientConnectionError>(
                                   where + "the connection closed before an answer; the request may have run, so "
                                           "it was not sent again"));
        return;
      }
      switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
          error = make_error<RequestTimeoutError>(where + "deadline exceeded (" + detail + ")");
          break;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
#if LIBCURL_VERSION_NUM >= 0x074d00  // 7.77.0
        case CURLE_SSL_CLIENTCERT:
#endif
          error = make_error<ClientTLSError>(where + detail);
          break;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY: {
          // No connection could be made. libcurl sends a request again by itself when a reused
          // connection closes before any answer, and that new connect may be what failed: then
          // the request did go out once (request size > 0) and may have run.
          if (request_bytes > 0) {
            error = make_error<ClientConnectionError>(
                where + "the connection closed before an answer (the request may have run), then " + detail);
          } else {
            error = make_error<HostUnreachableError>(where + detail);
          }
          break;
        }
        default:
          error = make_error<ClientConnectionError>(where + detail);
      }
      complete(std::move(t), std::move(error));
      return;
    }
    Response response = std::move(t->response);
    response.status_code = static_cast<int>(status);
    response.http_version = version;
    responses_received.fetch_add(1, std::memory_order_relaxed);
    if (response.http_version == "2") http2_responses.fetch_add(1, std::memory_order_relaxed);
    if (response.status_text.empty()) response.status_text = reason_phrase(response.status_code);
    response.url = t->request->url;
    complete(std::move(t), std::move(response));
  }

  void restart_as_opener(std::unique_ptr<Transfer> t) {
    t->on_stop.reset();
    t->header_list = nullptr;
    t->response = Response{};
    t->errbuf[0] = '\0';
    t->sends = 0;
    t->resend_refused = false;
    t->socket_refused = false;
    t->header_complete = false;
    t->must_open = true;
    start(std::move(t));
  }

  void cancel_active(std::uint64_t id) {
    auto it = std::find_if(active.begin(), active.end(), [id](const Transfer* t) { return t->id == id; });
    if (it == active.end()) return;  // finished meanwhile
    std::unique_ptr<Transfer> t = detach(*it);
    complete(std::move(t), make_error<RequestCanceledError>("the call was cancelled"));
  }

  /// A new transfer for a call, counted in `lane` (when there is one), and started.
  void start_call(std::uint64_t id, std::shared_ptr<const HttpRequest> request, HTTPClient::Completion done,
                  Clock::time_point deadline, Lane* lane, Clock::time_point submitted) {
    std::unique_ptr<Transfer> t = new_transfer();
    transfers.fetch_add(1, std::memory_order_relaxed);
    t->id = id;
    t->request = std::move(request);
    t->done = std::move(done);
    t->deadline = deadline;
    t->lane = lane;
    t->submitted = submitted;
    if (lane) ++lane->active;
    start(std::move(t));
  }

  Lane* lane_for(std::string_view url) {
    std::string_view origin = origin_of(url);
    if (last_lane && last_lane->origin == origin) return last_lane;
    for (auto& lane : lanes) {
      if (lane->origin == origin) return last_lane = lane.get();
    }
    lanes.push_back(std::make_unique<Lane>());
    lanes.back()->origin = std::string(origin);
    return last_lane = lanes.back().get();
  }

  void wait_for_lane(Command& c, Lane* lane) {
    Waiting& w = waiting[c.id];
    w.call = QueuedCall{std::move(c.request), std::move(c.done), c.due, lane, c.submitted};
    lane->fifo.push_back(c.id);
    ++lane->waiting;
    waiting_deadlines.emplace(c.due, c.id);
    if (w.call.request->options.cancel.stop_possible()) {
      std::uint64_t id = c.id;
      Loop* self = this;  // outlives the callback: waiting calls end before the loop does
      w.on_stop.emplace(w.call.request->options.cancel, std::function<void()>([self, id] { self->cancel(id); }));
    }
  }

  /// Takes call `it` out of the waiting ones (and drops its stop callback).
  QueuedCall leave_waiting(std::map<std::uint64_t, Waiting>::iterator it) {
    QueuedCall out = std::move(it->second.call);
    waiting_deadlines.erase({out.deadline, it->first});
    --out.lane->waiting;
    waiting.erase(it);
    return out;
  }

  /// Ends waiting call `it` with `error`.
  void fail_waiting(std::map<std::uint64_t, Waiting>::iterator it, ErrorPtr error) {
    QueuedCall w = leave_waiting(it);
    pending.fetch_sub(1, std::memory_order_relaxed);
    report_unsent(*w.request, w.submitted);
    w.request.reset();
    deliver(w.done, std::move(error));
  }

  bool cancel_waiting(std::uint64_t id) {
    auto it = waiting.find(id);
    if (it == waiting.end()) return false;
    fail_waiting(it, make_error<RequestCanceledError>("the call was cancelled"));
    return true;
  }

  /// Starts waiting calls, oldest first, where their lanes have room; whether it started any.
  bool admit() {
    if (waiting.empty()) return false;
    bool started = false;
    for (auto& lane : lanes) {
      while (lane->waiting > 0 && lane->active < lane_cap) {
        std::uint64_t id = lane->fifo.front();
        lane->fifo.pop_front();
        auto it = waiting.find(id);
        if (it == waiting.end()) continue;  // cancelled or timed out meanwhile
        QueuedCall w = leave_waiting(it);
        start_call(id, std::move(w.request), std::move(w.done), w.deadline, lane.get(), w.submitted);
        started = true;
      }
    }
    return started;
  }

  /// Ends the waiting calls whose deadline has passed; the milliseconds until the next
  /// deadline of a waiting call (or `cap`).
  int expire_waiting(int cap) {
    if (waiting_deadlines.empty()) return cap;
    auto now = Clock::now();
    while (!waiting_deadlines.empty() && waiting_deadlines.begin()->first <= now) {
      auto it = waiting.find(waiting_deadlines.begin()->second);
      const HttpRequest& rq = *it->second.call.request;
      std::string where = std::string(to_string(rq.method)) + " " + rq.url + ": ";
      fail_waiting(it, make_error<RequestTimeoutError>(
                           where + "deadline exceeded (the call waited for a connection to its host all the time)"));
    }
    if (waiting_deadlines.empty()) return cap;
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(waiting_deadlines.begin()->first - now).count();
    return static_cast<int>(std::min<long long>(cap, std::max<long long>(wait, 0)));
  }

  void apply(Command& c) {
    switch (c.kind) {
      case Command::Kind::start: {
        Lane* lane = lane_cap ? lane_for(c.request->url) : nullptr;
        if (lane && (lane->active >= lane_cap || lane->waiting > 0)) {
          wait_for_lane(c, lane);
        } else {
          start_call(c.id, std::move(c.request), std::move(c.done), c.due, lane, c.submitted);
        }
        break;
      }
      case Command::Kind::cancel:
        if (!cancel_waiting(c.id)) cancel_active(c.id);
        break;
      case Command::Kind::fail: deliver(c.done, std::move(c.error)); break;
      case Command::Kind::timer: timers.emplace(c.due, std::move(c.done)); break;
    }
  }

  /// No earlier than the earliest deadline of the transfers on the wire (a transfer that ended
  /// since leaves it early). The loop enforces the deadlines itself rather than through libcurl
  /// (CURLOPT_TIMEOUT_MS), whose timer per transfer cost about 2,800 instructions a call.
  Clock::time_point next_deadline = Clock::time_point::max();

  /// Ends the transfers whose deadline has passed with RequestTimeoutError; the milliseconds
  /// until the next deadline (or `cap`). Looks at each transfer only once the earliest deadline
  /// it knows of has passed.
  int expire_transfers(int cap) {
    if (active.empty()) {
      next_deadline = Clock::time_point::max();
      return cap;
    }
    auto now = Clock::now();
    if (now >= next_deadline) {
      next_deadline = Clock::time_point::max();
      for (std::size_t i = 0; i < active.size();) {
        Transfer* t = active[i];
        if (t->deadline > now) {
          next_deadline = std::min(next_deadline, t->deadline);
          ++i;
          continue;
        }
        std::string where = std::string(to_string(t->request->method)) + " " + t->request->url + ": ";
        // detach() moves the last transfer into slot i, which is looked at next.
        complete(detach(t), make_error<RequestTimeoutError>(where + "deadline exceeded (no complete response in time)"));
      }
      if (next_deadline == Clock::time_point::max()) return cap;
    }
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_deadline - now).count();
    return static_cast<int>(std::min<long long>(cap, std::max<long long>(wait, 0)));
  }

  /// Runs the timers that are due; the milliseconds until the next one (or `cap`).
  int fire_timers(int cap) {
    auto now = Clock::now();
    while (!timers.empty() && timers.begin()->first <= now) {
      HTTPClient::Completion done = std::move(timers.begin()->second);
      timers.erase(timers.begin());
      deliver(done, Response{});
    }
    if (timers.empty()) return cap;
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(timers.begin()->first - now).count();
    return static_cast<int>(std::min<long long>(cap, std::max<long long>(wait, 0)));
  }

  void run() {
    io->id.store(std::this_thread::get_id(), std::memory_order_release);
    std::vector<Command> batch;
    for (;;) {
      bool stop;
      {
        std::lock_guard lock(mutex);
        batch.swap(queue);
        stop = closed;
      }
      if (stop) break;
      for (auto& c : batch) apply(c);
      batch.clear();
      admit();

      int running = 0;
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
        if (m->msg == CURLMSG_DONE) {
          CURL* easy = m->easy_handle;
          CURLcode code = m->data.result;
          finish(easy, code);
        }
      }
      // Due timers run now. Nothing else to do: sleep until a wakeup or the next timer;
      // otherwise curl shortens the wait to its own timers.
      int timeout_ms = expire_waiting(expire_transfers(fire_timers(active.empty() ? 24 * 3600 * 1000 : 1000)));
      if (admit()) continue;  // places freed by finished transfers: start their waiting calls now
      {
        std::lock_guard lock(mutex);
        if (!queue.empty() || closed) continue;  // queued by a callback: start it before sleeping
      }
      curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
    }
    shutdown_all(batch);
    io->id.store(std::thread::id(), std::memory_order_release);
  }

  void shutdown_all(std::vector<Command>& batch) {
    auto fail = [&](std::vector<Command>& commands) {
      for (auto& c : commands) {
        if (c.kind == Command::Kind::start) {
          pending.fetch_sub(1, std::memory_order_relaxed);
          report_unsent(*c.request, c.submitted);
          c.request.reset();
          deliver(c.done, make_error<ClientShutdownError>("the client was closed"));
        } else if (c.kind == Command::Kind::fail) {
          deliver(c.done, std::move(c.error));
        } else if (c.kind == Command::Kind::timer) {
          deliver(c.done, make_error<ClientShutdownError>("the client was closed before the timer fired"));
        }
      }
      commands.clear();
    };
    fail(batch);
    {
      std::vector<Command> rest;
      {
        std::lock_guard lock(mutex);
        rest.swap(queue);
      }
      fail(rest);
    }
    while (!waiting.empty()) {
      fail_waiting(waiting.begin(), make_error<ClientShutdownError>("the client was closed with the call waiting for a connection"));
    }
    std::vector<Transfer*> in_flight = active;
    for (Transfer* raw : in_flight) {
      complete(detach(raw), make_error<ClientShutdownError>("the client was closed with the call in flight"));
    }
    for (auto& [due, done] : timers) {
      deliver(done, make_error<ClientShutdownError>("the client was closed before the timer fired"));
    }
    timers.clear();
    spare_transfers.clear();  // and their handles
  }
};

DefaultHTTPClient::DefaultHTTPClient(HttpClientOptions options)
    : loop_(std::make_shared<Loop>(std::move(options))) {
  loop_->start_thread();
}

DefaultHTTPClient::~DefaultHTTPClient() { close(); }

void DefaultHTTPClient::send_request(std::shared_ptr<const HttpRequest> request, Completion done) {
  loop_->submit(std::move(request), std::move(done));
}

void DefaultHTTPClient::close() {
  loop_->close();
  loop_->join_or_detach();
}

std::shared_ptr<const detail::IoThread> DefaultHTTPClient::io_thread() const { return loop_->io; }

void DefaultHTTPClient::schedule(std::chrono::milliseconds delay, Completion done) {
  loop_->schedule(delay, std::move(done));
}

std::size_t DefaultHTTPClient::pending_calls() const noexcept {
  return loop_->pending.load(std::memory_order_relaxed);
}

std::size_t DefaultHTTPClient::queued_calls() const noexcept {
  std::size_t pending = loop_->pending.load(std::memory_order_relaxed);
  std::size_t transfers = loop_->transfers.load(std::memory_order_relaxed);
  return pending > transfers ? pending - transfers : 0;
}

std::size_t DefaultHTTPClient::callback_exceptions() const noexcept {
  return loop_->callback_exceptions.load(std::memory_order_relaxed);
}

std::size_t DefaultHTTPClient::connections_opened() const noexcept {
  return loop_->connections_opened.load(std::memory_order_relaxed);
}

std::size_t DefaultHTTPClient::responses_received() const noexcept {
  return loop_->responses_received.load(std::memory_order_relaxed);
}

std::size_t DefaultHTTPClient::http2_responses() const noexcept {
  return loop_->http2_responses.load(std::memory_order_relaxed);
}

}  // namespace v1
}  // namespace arango
