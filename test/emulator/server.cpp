#include "server.hpp"

// Boost 1.74's Beast parser trips GCC 12's -Wmaybe-uninitialized (a false
// positive on boost::optional inside basic_parser, seen with sanitizers or
// heavier inlining). The location is Boost's header, but the warning is
// issued after inlining, so silence it for this translation unit only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <array>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <functional>
#include <mutex>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "app.hpp"
#include "aql/service.hpp"
#include "router.hpp"

namespace emu {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::uint64_t kBodyLimit = 1ULL << 30;    // 1 GiB
constexpr std::uint32_t kHeaderLimit = 1U << 20;    // 1 MiB

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

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, App& app, WorkerPool& pool)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), app_(app), pool_(pool) {
    error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) {
      peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    socket_.set_option(tcp::no_delay(true), ec);
  }

  ~Session() { app_.stats().connections_open.fetch_sub(1); }

  void start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

 private:
  void read_header() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (ec) {
      return on_read_error(ec);
    }
    auto const& req = parser_->get();
    auto expect = req[http::field::expect];
    if (iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](error_code wec, std::size_t) {
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
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](error_code ec, std::size_t) {
                       self->on_request(ec);
                     });
  }

  void on_read_error(error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted ||
        ec == net::error::bad_descriptor) {
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
    auto msg = parser_->release();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.version = msg.version();
    req.peer = peer_;
    req.headers.reserve(16);
    for (auto const& field : msg) {
      req.headers.push_back(
          {std::string(field.name_string()), std::string(field.value())});
    }
    req.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();

    // Run the handler on a worker thread, continue on this session's strand.
    pool_.submit([self = shared_from_this(), req = std::move(req)]() mutable {
      Outcome out;
      try {
        out = self->app_.handle(req);
      } catch (std::exception const& ex) {
        // Never let an exception escape into the worker.
        out = Outcome{};
        out.response = error_response(500, err::kInternal, ex.what());
      }
      net::post(self->socket_.get_executor(), [self, out = std::move(out)]() mutable {
        self->dispatch(std::move(out));
      });
    });
  }

  void dispatch(Outcome out) {
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
    timer_.async_wait([self = shared_from_this(), response = std::move(response),
                       truncate](error_code ec) mutable {
      if (ec) {
        return self->close();
      }
      self->send(std::move(response), truncate);
    });
  }

  void send(HttpResponse response, bool truncate) {
    head_ = serialize_head(response, keep_alive_);
    body_.clear();
    if (!response.suppress_body) {
      body_ = std::move(response.body);
      if (truncate) {
        body_.resize(body_.size() / 2);
      }
    }
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(socket_, buffers,
                     [self = shared_from_this(), truncate](error_code ec, std::size_t) {
                       if (ec || truncate || !self->keep_alive_) {
                         return self->close();
                       }
                       self->read_header();
                     });
  }

  void reset() {
    error_code ec;
    socket_.set_option(net::socket_base::linger(true, 0), ec);
    socket_.close(ec);
  }

  void hang() {
    // Never answer; just notice when the peer goes away.
    socket_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec) {
                                return self->close();
                              }
                              self->hang();
                            });
  }

  void close() {
    error_code ec;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  App& app_;
  WorkerPool& pool_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_;
  std::string body_;
  std::array<char, 4096> drain_{};
  std::string peer_;
  bool keep_alive_ = true;
};

}  // namespace

struct Server::Impl {
  explicit Impl(App& a)
      : app(a),
        ioc(static_cast<int>(a.options().threads == 0 ? 1 : a.options().threads)),
        acceptor(net::make_strand(ioc)),
        signals(ioc, SIGINT, SIGTERM) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) {
        return;
      }
      if (!ec) {
        app.stats().connections_accepted.fetch_add(1);
        app.stats().connections_open.fetch_add(1);
        std::make_shared<Session>(std::move(socket), app, pool)->start();
      } else {
        std::cerr << "arango-emulator: accept failed: " << ec.message() << std::endl;
      }
      accept();
    });
  }

  App& app;
  WorkerPool pool;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
};

Server::Server(App& app) : impl_(std::make_unique<Impl>(app)) {}

Server::~Server() = default;

std::uint16_t Server::bind() {
  auto const& opts = impl_->app.options();
  error_code ec;
  tcp::endpoint endpoint;
  auto address = net::ip::make_address(opts.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, opts.port);
  } else {
    tcp::resolver resolver(impl_->ioc);
    auto results = resolver.resolve(opts.host, std::to_string(opts.port), ec);
    if (ec || results.empty()) {
      throw std::runtime_error("cannot resolve host '" + opts.host + "': " + ec.message());
    }
    endpoint = results.begin()->endpoint();
  }
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + opts.host + ":" + std::to_string(opts.port) +
                             ": " + ec.message());
  }
  return acc.local_endpoint().port();
}

void Server::run() {
  std::signal(SIGPIPE, SIG_IGN);
  impl_->signals.async_wait([this](error_code ec, int) {
    if (!ec) {
      stop();
    }
  });
  impl_->accept();
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

void Server::stop() {
  net::post(impl_->acceptor.get_executor(), [this] {
    error_code ec;
    impl_->acceptor.close(ec);
    impl_->signals.cancel(ec);
    impl_->ioc.stop();
  });
}

}  // namespace emu
