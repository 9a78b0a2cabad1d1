// A tiny HTTP/1.1 server on 127.0.0.1 for unit tests of DefaultHTTPClient: each request is
// answered by a handler that gets the raw request (head and body) and returns the raw bytes to
// send. Keep-alive; one thread per connection; everything is closed by the destructor.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace testenv {

struct RawRequest {
  std::string head;  ///< request line and header fields, up to (without) the blank line
  std::string body;

  /// The value of a header field (name without case), or "" when absent.
  std::string header(std::string_view name) const {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      std::size_t start = pos + 2;
      std::size_t end = head.find("\r\n", start);
      std::string_view line(head.data() + start, (end == std::string::npos ? head.size() : end) - start);
      std::size_t colon = line.find(':');
      if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        return std::string(value);
      }
      pos = end;
    }
    return {};
  }
};

/// A response with Content-Length and the given extra header lines ("Name: value\r\n" each).
inline std::string http_response(int status, std::string_view body, std::string_view extra_headers = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
  out += extra_headers;
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

class LoopbackServer {
 public:
  /// Returns the bytes to send back; an empty string closes the connection instead.
  using Handler = std::function<std::string(const RawRequest&)>;

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("socket() failed");
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 64) != 0) {
      ::close(listener_);
      throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~LoopbackServer() {
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    ::close(listener_);
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      for (int fd : connections_) ::shutdown(fd, SHUT_RDWR);
      workers.swap(workers_);
    }
    for (auto& w : workers) w.join();
  }

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  /// Closes each connection once its reply is sent (to cut a response short).
  std::atomic<bool> close_after_reply{false};

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string https_url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  /// Every request received so far, in order.
  std::vector<RawRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t connections_accepted() const {
    std::lock_guard lock(mutex_);
    return workers_.size();
  }

 private:
  void accept_loop() {
    for (;;) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;  // shut down
      std::lock_guard lock(mutex_);
      connections_.push_back(fd);
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string buffer;
    char chunk[16384];
    for (;;) {
      std::size_t end = buffer.find("\r\n\r\n");
      while (end == std::string::npos) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return finish(fd);
        buffer.append(chunk, static_cast<std::size_t>(n));
        end = buffer.find("\r\n\r\n");
        // Not text (a TLS ClientHello): hand over what came as the head.
        if (end == std::string::npos && !std::isupper(static_cast<unsigned char>(buffer[0]))) {
          end = buffer.size();
          break;
        }
      }
      RawRequest request;
      request.head = buffer.substr(0, end);
      buffer.erase(0, std::min(buffer.size(), end + 4));
      std::string length = request.header("content-length");
      std::size_t want = length.empty() ? 0 : std::stoul(length);
      while (buffer.size() < want) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return finish(fd);
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      request.body = buffer.substr(0, want);
      buffer.erase(0, want);
      std::string reply = handler_(request);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
      }
      if (reply.empty()) return finish(fd);
      std::size_t sent = 0;
      while (sent < reply.size()) {
        ssize_t n = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return finish(fd);
        sent += static_cast<std::size_t>(n);
      }
      if (close_after_reply) return finish(fd);
    }
  }

  void finish(int fd) {
    std::lock_guard lock(mutex_);
    for (auto& c : connections_) {
      if (c == fd) c = -1;
    }
    ::close(fd);
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<int> connections_;  // -1 once closed
  std::vector<std::thread> workers_;
  std::vector<RawRequest> requests_;
};

}  // namespace testenv
