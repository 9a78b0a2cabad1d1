#include "server.hpp"

// Boost 1.74's Beast parser trips GCC 12's -Wmaybe-uninitialized (a false
// positive on boost::optional inside basic_parser, seen with sanitizers or
// heavier inlining). The location is Boost's header, but the warning is
// issued after inlining, so silence it for this translation unit only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <openssl/ssl.h>
#include <sys/resource.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "app.hpp"
#include "aql/service.hpp"
#include "router.hpp"
#include "transport.hpp"

namespace emu {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using plain_stream = tcp::socket;
using tls_stream = ssl::stream<tcp::socket>;

constexpr std::uint64_t kBodyLimit = 1ULL << 30;    // 1 GiB
constexpr std::uint32_t kHeaderLimit = 1U << 20;    // 1 MiB
// What a request body reserves up front from its Content-Length; more grows as bytes arrive.
constexpr std::size_t kBodyReserveLimit = 1U << 20;  // 1 MiB
// After a failed accept (e.g. out of file descriptors): wait before accepting again instead
// of spinning; established connections go on being served meanwhile.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr std::chrono::seconds kHandshakeTimeout{10};
constexpr std::chrono::seconds kTlsShutdownTimeout{2};
// How long a control request waits for a listener change on the io threads.
constexpr std::chrono::seconds kListenerOpTimeout{5};

// A request body as http::string_body holds it, read without reserving Content-Length
// bytes up front (string_body does: a 1 GB Content-Length with a few bytes of body would
// allocate 1 GB per connection before any of it arrives).
struct RequestBody {
  using value_type = std::string;

  static std::uint64_t size(value_type const& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(boost::optional<std::uint64_t> const& length, error_code& ec) {
      if (length && *length > body_.max_size()) {
        ec = http::error::buffer_overflow;
        return;
      }
      if (length) {
        body_.reserve(static_cast<std::size_t>(
            std::min<std::uint64_t>(*length, kBodyReserveLimit)));
      }
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(ConstBufferSequence const& buffers, error_code& ec) {
      auto const extra = beast::buffer_bytes(buffers);
      auto const size = body_.size();
      if (extra > body_.max_size() - size) {
        ec = http::error::buffer_overflow;
        return 0;
      }
      body_.resize(size + extra);  // grows geometrically
      net::buffer_copy(net::buffer(body_.data() + size, extra), buffers);
      ec = {};
      return extra;
    }

    void finish(error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

// Handlers run on worker threads, never on the I/O threads: a handler that
// takes long (an AQL query in SLEEP(), a big import) must not stop other
// connections from being served. The pool is elastic: a request that finds
// no idle worker gets a new thread, so concurrent slow handlers never queue
// behind each other. Threads stay for reuse and are joined at shutdown.
class WorkerPool {
 public:
  WorkerPool() = default;
  WorkerPool(WorkerPool const&) = delete;
  WorkerPool& operator=(WorkerPool const&) = delete;
  ~WorkerPool() { stop(); }

  void submit(std::function<void()> fn) {
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(fn));
    if (queue_.size() > idle_) {
      threads_.emplace_back([this] { loop(); });
    } else {
      cv_.notify_one();
    }
  }

  void stop() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    cv_.notify_all();
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      --idle_;
      if (queue_.empty()) return;  // stopping
      auto fn = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      fn();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

std::atomic<std::uint64_t> next_connection_id{1};

// What a listener needs from its sessions, whatever their stream type.
class SessionBase {
 public:
  SessionBase() : id_(next_connection_id.fetch_add(1)) {}
  SessionBase(SessionBase const&) = delete;
  SessionBase& operator=(SessionBase const&) = delete;
  virtual ~SessionBase() = default;
  std::uint64_t id() const noexcept { return id_; }
  // Thread-safe: close the connection at once; nothing more is sent, a
  // response still being computed is thrown away.
  virtual void drop() = 0;
  // Thread-safe: answer the request in progress (Connection: Close), then close.
  virtual void close_after_reply() = 0;

 private:
  std::uint64_t const id_;
};

// One --port: its acceptor (used on its strand only), its open sessions and
// counters. Several listeners serve the one App, like coordinators of a
// cluster over one store.
struct Listener {
  Listener(std::size_t i, net::io_context& ioc) : index(i), acceptor(net::make_strand(ioc)) {}

  std::size_t const index;
  tcp::endpoint endpoint;  // as bound (the real port, also after an ephemeral one)
  std::string url;
  tcp::acceptor acceptor;
  std::atomic<bool> running{false};
  std::atomic<std::uint64_t> requests{0};

  void add(std::shared_ptr<SessionBase> const& s) {
    std::lock_guard lock(mutex_);
    sessions_[s->id()] = s;
  }
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
  }
  std::size_t open_connections() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
  }
  std::vector<std::shared_ptr<SessionBase>> sessions() const {
    std::vector<std::shared_ptr<SessionBase>> out;
    std::lock_guard lock(mutex_);
    out.reserve(sessions_.size());
    for (auto const& [id, weak] : sessions_) {
      if (auto s = weak.lock()) {
        out.push_back(std::move(s));
      }
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions_;
};

// One HTTP/1.1 connection, over a plain socket or TLS (Stream is
// tcp::socket or ssl::stream<tcp::socket>); everything but the TLS
// handshake and shutdown is the same code.
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, tls_stream>;

 public:
  // StreamArgs: nothing for a plain socket, the ssl::context for TLS.
  template <class... StreamArgs>
  Session(tcp::socket sock, App& app, WorkerPool& pool, std::shared_ptr<Listener> listener,
          StreamArgs&... stream_args)
      : stream_(std::move(sock), stream_args...),
        timer_(stream_.get_executor()),
        app_(app),
        pool_(pool),
        listener_(std::move(listener)) {
    error_code ec;
    auto ep = socket().remote_endpoint(ec);
    if (!ec) {
      peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    socket().set_option(tcp::no_delay(true), ec);
  }

  ~Session() override {
    listener_->remove(id());
    app_.stats().connections_open.fetch_sub(1);
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->handshake();
      } else {
        self->read_header();
      }
    });
  }

  void drop() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->dropped_ = true;
      self->close_socket();
    });
  }

  void close_after_reply() override { closing_.store(true); }

 private:
  tcp::socket& socket() noexcept { return beast::get_lowest_layer(stream_); }

  void handshake() {
    if constexpr (kTls) {
      timer_.expires_after(kHandshakeTimeout);
      timer_.async_wait([self = this->shared_from_this()](error_code ec) {
        if (!ec) {
          self->close_socket();  // handshake took too long
        }
      });
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                self->timer_.cancel();
                                if (ec || self->closed_) {
                                  // a failed handshake ends this connection only
                                  return self->close_socket();
                                }
                                self->handshake_done_ = true;
                                self->read_header();
                              });
    }
  }

  // arangod's --http.keep-alive-timeout: a connection that does not deliver a complete
  // request within it (idle between requests, or a request head or body left unfinished) is
  // closed. The deadline runs from the start of a request to its last byte.
  void arm_read_deadline() {
    auto const timeout = app_.options().keep_alive_timeout;
    if (timeout <= 0) {
      return;
    }
    auto const gen = ++read_generation_;
    timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(timeout)));
    timer_.async_wait([self = this->shared_from_this(), gen](error_code ec) {
      if (!ec && gen == self->read_generation_ && self->reading_) {
        self->close_socket();
      }
    });
  }

  void disarm_read_deadline() {
    reading_ = false;
    ++read_generation_;
    timer_.cancel();
  }

  void read_header() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    reading_ = true;
    arm_read_deadline();
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (ec) {
      return on_read_error(ec);
    }
    auto const& req = parser_->get();
    auto expect = req[http::field::expect];
    if (iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this()](error_code wec, std::size_t) {
                         if (wec) {
                           return self->close();
                         }
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](error_code ec, std::size_t) {
                       self->on_request(ec);
                     });
  }

  void on_read_error(error_code ec) {
    disarm_read_deadline();
    if (dropped_ || closed_ || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted ||
        ec == net::error::bad_descriptor || ec == ssl::error::stream_truncated) {
      return close();
    }
    // Malformed request or limits exceeded: answer once, then close.
    HttpResponse r;
    r.status = ec == http::error::body_limit ? 413 : (ec == http::error::header_limit ? 431 : 400);
    r.content_type = "text/plain; charset=utf-8";
    keep_alive_ = false;
    send(std::move(r), false);
  }

  void on_request(error_code ec) {
    if (ec) {
      return on_read_error(ec);
    }
    disarm_read_deadline();
    auto const read_at = std::chrono::steady_clock::now();
    listener_->requests.fetch_add(1, std::memory_order_relaxed);
    auto msg = parser_->release();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.version = msg.version();
    req.peer = peer_;
    req.listener = listener_->index;
    req.connection = id();
    req.headers.reserve(16);
    for (auto const& field : msg) {
      req.headers.push_back(
          {std::string(field.name_string()), std::string(field.value())});
    }
    req.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();

    // Run the handler on a worker thread, continue on this session's strand.
    pool_.submit([self = this->shared_from_this(), req = std::move(req), read_at]() mutable {
      req.queue_wait =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - read_at).count();
      Outcome out;
      try {
        out = self->app_.handle(req);
      } catch (std::exception const& ex) {
        // Never let an exception escape into the worker.
        out = Outcome{};
        out.response = error_response(500, err::kInternal, ex.what());
      }
      net::post(self->stream_.get_executor(), [self, out = std::move(out)]() mutable {
        self->dispatch(std::move(out));
      });
    });
  }

  void dispatch(Outcome out) {
    if (dropped_ || closed_) {
      return;  // the listener was stopped meanwhile: no answer
    }
    switch (out.action) {
      case TransportAction::Reset:
        return reset();
      case TransportAction::Hang:
        return hang();
      case TransportAction::Truncate:
        return respond_later(std::move(out.response), out.delay, true);
      case TransportAction::Respond:
        return respond_later(std::move(out.response), out.delay, false);
    }
  }

  void respond_later(HttpResponse response, std::chrono::milliseconds delay, bool truncate) {
    if (delay.count() <= 0) {
      return send(std::move(response), truncate);
    }
    // Wait on a timer: the io threads stay free for other connections.
    timer_.expires_after(delay);
    timer_.async_wait([self = this->shared_from_this(), response = std::move(response),
                       truncate](error_code ec) mutable {
      if (ec || self->dropped_ || self->closed_) {
        return self->close();
      }
      self->send(std::move(response), truncate);
    });
  }

  void send(HttpResponse response, bool truncate) {
    if (closing_.load()) {
      keep_alive_ = false;
    }
    head_ = serialize_head(response, keep_alive_);
    body_.clear();
    if (!response.suppress_body) {
      body_ = std::move(response.body);
      if (truncate) {
        body_.resize(body_.size() / 2);
      }
    }
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(stream_, buffers,
                     [self = this->shared_from_this(), truncate](error_code ec, std::size_t) {
                       if (ec || truncate || !self->keep_alive_ || self->closing_.load()) {
                         return self->close();
                       }
                       self->read_header();
                     });
  }

  void reset() {
    error_code ec;
    closed_ = true;
    listener_->remove(id());
    socket().set_option(net::socket_base::linger(true, 0), ec);
    socket().close(ec);
  }

  void hang() {
    // Never answer; just notice when the peer goes away.
    stream_.async_read_some(net::buffer(drain_),
                            [self = this->shared_from_this()](error_code ec, std::size_t) {
                              if (ec) {
                                return self->close();
                              }
                              self->hang();
                            });
  }

  // Ends the connection: over TLS with a close_notify first (bounded by a
  // timer), unless it was dropped or never got through the handshake.
  void close() {
    if (closed_) {
      return;
    }
    if constexpr (kTls) {
      if (handshake_done_ && !dropped_) {
        closed_ = true;
        timer_.expires_after(kTlsShutdownTimeout);
        timer_.async_wait([self = this->shared_from_this()](error_code ec) {
          if (!ec) {
            self->close_socket();
          }
        });
        stream_.async_shutdown(
            [self = this->shared_from_this()](error_code) { self->close_socket(); });
        return;
      }
    }
    close_socket();
  }

  void close_socket() {
    closed_ = true;
    // no longer an open connection of its listener (a handler still running
    // for it keeps the session object alive a while)
    listener_->remove(id());
    error_code ec;
    timer_.cancel();
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
  }

  Stream stream_;
  net::steady_timer timer_;
  App& app_;
  WorkerPool& pool_;
  std::shared_ptr<Listener> listener_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<RequestBody>> parser_;
  std::string head_;
  std::string body_;
  std::array<char, 4096> drain_{};
  std::string peer_;
  bool keep_alive_ = true;
  bool reading_ = false;                // a request is being read (its deadline is armed)
  std::uint64_t read_generation_ = 0;   // tells a stale deadline from the current one
  bool handshake_done_ = false;
  bool dropped_ = false;  // listener stopped: never answer again
  bool closed_ = false;
  std::atomic<bool> closing_{false};  // close after the next response
};

// Runs fn on the executor and waits for its result (control requests run on
// worker threads, never on the io threads, so this cannot deadlock); nullopt
// if the io threads do not get to it (the server is stopping).
template <class Executor, class Fn>
auto run_on(Executor const& ex, Fn fn) -> std::optional<decltype(fn())> {
  auto task = std::make_shared<std::packaged_task<decltype(fn())()>>(std::move(fn));
  auto result = task->get_future();
  net::post(ex, [task] { (*task)(); });
  if (result.wait_for(kListenerOpTimeout) != std::future_status::ready) {
    return std::nullopt;
  }
  return result.get();
}

std::string url_of(bool tls, std::string const& host, std::uint16_t port) {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + h + ":" + std::to_string(port);
}

}  // namespace

// The most connections held at once: the descriptor limit less the
// descriptors the process holds otherwise and a reserve, so that opening a
// file, a pipe or a timer (and the sanitizers' own checks, which open pipes)
// never finds the descriptors gone.
std::uint64_t max_connections() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  std::uint64_t const limit = rl.rlim_cur;
  std::uint64_t used = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++used;
  }
  std::uint64_t const reserve = std::max<std::uint64_t>(16, limit / 16);
  return limit > used + reserve ? limit - used - reserve : 1;
}

struct Server::Impl final : ListenerControl {
  explicit Impl(App& a)
      : app(a),
        connection_cap(max_connections()),
        ioc(static_cast<int>(a.options().threads == 0 ? 1 : a.options().threads)),
        signals(ioc, SIGINT, SIGTERM) {
    auto const& opts = a.options();
    if (!opts.tls_cert.empty() || !opts.tls_key.empty()) {
      tls.emplace(make_tls_context(opts.tls_cert, opts.tls_key));
    }
    app.transport().set_listeners(this);
  }

  ~Impl() override { app.transport().set_listeners(nullptr); }

  // Closes the acceptors and stops the io_context (Server::stop, and DELETE /_admin/shutdown).
  void stop_serving() {
    for (auto const& l : listeners_) {
      net::post(l->acceptor.get_executor(), [l] {
        error_code ec;
        l->acceptor.close(ec);
        l->running.store(false);
      });
    }
    net::post(ioc, [this] {
      error_code ec;
      signals.cancel(ec);
      ioc.stop();
    });
  }

  void shutdown_soon() override {
    // long enough for the answer to the shutdown request to be written
    auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(200));
    timer->async_wait([this, timer](error_code) { stop_serving(); });
  }

  static ssl::context make_tls_context(std::string const& cert, std::string const& key) {
    if (cert.empty() || key.empty()) {
      throw std::runtime_error("TLS needs both --tls-cert and --tls-key");
    }
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                    ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    error_code ec;
    ctx.use_certificate_chain_file(cert, ec);
    if (ec) {
      throw std::runtime_error("cannot load TLS certificate chain '" + cert + "': " + ec.message());
    }
    ctx.use_private_key_file(key, ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error("cannot load TLS private key '" + key + "': " + ec.message());
    }
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
      throw std::runtime_error("TLS private key '" + key + "' does not match certificate '" +
                               cert + "'");
    }
    return ctx;
  }

  // Opens, binds and listens; on the listener's strand (or before run()).
  static error_code listen(Listener& l, tcp::endpoint const& endpoint) {
    error_code ec;
    auto& acc = l.acceptor;
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      error_code ignored;
      acc.close(ignored);
    }
    return ec;
  }

  // Accepts again after a pause (out of descriptors, or at the connection cap).
  void accept_later(std::shared_ptr<Listener> const& l) {
    auto timer = std::make_shared<net::steady_timer>(l->acceptor.get_executor());
    timer->expires_after(kAcceptRetryDelay);
    timer->async_wait([this, l, timer](error_code) {
      if (l->acceptor.is_open()) accept(l);
    });
  }

  void accept(std::shared_ptr<Listener> const& l) {
    // At the cap, clients wait in the listen backlog until a connection closes.
    if (app.stats().connections_open.load() >= connection_cap) {
      if (!at_cap.exchange(true)) {
        std::cerr << "arango-emulator: " << connection_cap
                  << " connections open (the descriptor limit less a reserve); new ones wait"
                  << std::endl;
      }
      accept_later(l);
      return;
    }
    at_cap.store(false);
    l->acceptor.async_accept(net::make_strand(ioc), [this, l](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !l->acceptor.is_open()) {
        return;  // stopped; start() accepts anew
      }
      if (!ec) {
        app.stats().connections_accepted.fetch_add(1);
        app.stats().connections_open.fetch_add(1);
        if (tls) {
          auto s = std::make_shared<Session<tls_stream>>(std::move(socket), app, pool, l, *tls);
          l->add(s);
          s->start();
        } else {
          auto s = std::make_shared<Session<plain_stream>>(std::move(socket), app, pool, l);
          l->add(s);
          s->start();
        }
      } else {
        // Out of file descriptors (or another transient failure): retry after a pause
        // instead of spinning; the open connections are served meanwhile.
        std::cerr << "arango-emulator: accept failed: " << ec.message() << std::endl;
        accept_later(l);
        return;
      }
      accept(l);
    });
  }

  Listener* find(std::size_t index) const {
    return index < listeners_.size() ? listeners_[index].get() : nullptr;
  }

  std::vector<ListenerInfo> listeners() const override {
    std::vector<ListenerInfo> out;
    out.reserve(listeners_.size());
    for (auto const& l : listeners_) {
      ListenerInfo info;
      info.index = l->index;
      info.url = l->url;
      info.port = l->endpoint.port();
      info.running = l->running.load();
      info.requests = l->requests.load();
      info.connections_open = l->open_connections();
      out.push_back(std::move(info));
    }
    return out;
  }

  ListenerOpResult stop(std::size_t index, std::uint64_t keep, std::string& message) override {
    auto* l = find(index);
    if (l == nullptr) {
      return ListenerOpResult::NoSuchListener;
    }
    auto done = run_on(l->acceptor.get_executor(), [l, keep] {
      // Closing the acceptor first: no session registers after this.
      error_code ec;
      l->acceptor.close(ec);
      l->running.store(false);
      for (auto const& s : l->sessions()) {
        if (s->id() == keep) {
          s->close_after_reply();
        } else {
          s->drop();
        }
      }
      return true;
    });
    if (!done) {
      message = "the server is stopping";
      return ListenerOpResult::Failed;
    }
    return ListenerOpResult::Ok;
  }

  ListenerOpResult start(std::size_t index, std::string& message) override {
    auto* l = find(index);
    if (l == nullptr) {
      return ListenerOpResult::NoSuchListener;
    }
    auto shared = listeners_[index];
    auto error = run_on(l->acceptor.get_executor(), [this, shared]() -> std::string {
      if (shared->acceptor.is_open()) {
        return {};  // running already
      }
      if (auto ec = listen(*shared, shared->endpoint)) {
        return "cannot listen on " + shared->url + ": " + ec.message();
      }
      shared->running.store(true);
      accept(shared);
      return {};
    });
    if (!error) {
      message = "the server is stopping";
      return ListenerOpResult::Failed;
    }
    if (!error->empty()) {
      message = *error;
      return ListenerOpResult::Failed;
    }
    return ListenerOpResult::Ok;
  }

  App& app;
  std::uint64_t const connection_cap;  // see max_connections()
  std::atomic<bool> at_cap{false};     // said so once per episode
  WorkerPool pool;
  std::optional<ssl::context> tls;
  net::io_context ioc;
  // Sessions (also those in the io_context's pending handlers, destroyed
  // with it) keep their listener alive through a shared_ptr.
  std::vector<std::shared_ptr<Listener>> listeners_;
  net::signal_set signals;
};

Server::Server(App& app) : impl_(std::make_unique<Impl>(app)) {}

Server::~Server() = default;

std::vector<std::string> Server::bind() {
  auto const& opts = impl_->app.options();
  std::vector<std::string> urls;
  for (std::size_t i = 0; i < opts.ports.size(); ++i) {
    auto const port = opts.ports[i];
    error_code ec;
    tcp::endpoint endpoint;
    auto address = net::ip::make_address(opts.host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, port);
    } else {
      tcp::resolver resolver(impl_->ioc);
      auto results = resolver.resolve(opts.host, std::to_string(port), ec);
      if (ec || results.empty()) {
        throw std::runtime_error("cannot resolve host '" + opts.host + "': " + ec.message());
      }
      endpoint = results.begin()->endpoint();
    }
    auto l = std::make_shared<Listener>(i, impl_->ioc);
    if (auto lec = Impl::listen(*l, endpoint)) {
      throw std::runtime_error("cannot listen on " + opts.host + ":" + std::to_string(port) +
                               ": " + lec.message());
    }
    l->endpoint = l->acceptor.local_endpoint();
    l->url = url_of(impl_->tls.has_value(), opts.host, l->endpoint.port());
    l->running.store(true);
    urls.push_back(l->url);
    impl_->listeners_.push_back(std::move(l));
  }
  return urls;
}

void Server::run() {
  std::signal(SIGPIPE, SIG_IGN);
  impl_->signals.async_wait([this](error_code ec, int) {
    if (!ec) {
      stop();
    }
  });
  for (auto const& l : impl_->listeners_) {
    net::dispatch(l->acceptor.get_executor(), [this, l] { impl_->accept(l); });
  }
  unsigned const n = impl_->app.options().threads == 0 ? 1 : impl_->app.options().threads;
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (unsigned i = 1; i < n; ++i) {
    threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : threads) {
    t.join();
  }
  // running queries end (SLEEP polls the kill flag), then the workers stop
  aql::AqlService::instance().kill_all();
  impl_->pool.stop();
}

void Server::stop() { impl_->stop_serving(); }

}  // namespace emu
