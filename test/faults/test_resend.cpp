// What the transport sends again after a connection dies: a raw socket server answers the first
// request on a connection and then takes the second one without answering, closing the
// connection (a coordinator that dies mid-request). libcurl would send that request again on a
// new connection by itself; a request that is not idempotent must not go out twice.
#include <arango/arango.hpp>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace arango;

namespace {

/// Reads one HTTP/1.1 request (headers and Content-Length body); its request line, or "" at EOF.
std::string read_request(int fd, std::string& buffer) {
  for (;;) {
    auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      auto cl = buffer.find("Content-Length: ");
      if (cl == std::string::npos) cl = buffer.find("content-length: ");
      if (cl != std::string::npos && cl < end) length = std::stoul(buffer.substr(cl + 16));
      if (buffer.size() >= end + 4 + length) {
        std::string line = buffer.substr(0, buffer.find("\r\n"));
        buffer.erase(0, end + 4 + length);
        return line;
      }
    }
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return "";
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

/// Answers the first request of the first connection, then reads the second and closes without
/// an answer. With `keep_listening`, later connections are answered normally.
class DyingServer {
 public:
  explicit DyingServer(bool keep_listening) : keep_listening_(keep_listening) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 16) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~DyingServer() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void record(const std::string& line) {
    std::lock_guard lock(mutex_);
    requests_.push_back(line);
  }
  static void answer(int fd) {
    static const std::string ok =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52\r\n\r\n"
        R"({"server":"arango","version":"3.12.0","license":"x"})";
    ::send(fd, ok.data(), ok.size(), MSG_NOSIGNAL);
  }
  void run() {
    int first = ::accept(listener_, nullptr, nullptr);
    if (first < 0) return;
    std::string buffer;
    std::string line = read_request(first, buffer);
    record(line);
    answer(first);
    line = read_request(first, buffer);
    if (!line.empty()) record(line);
    if (!keep_listening_) {
      ::shutdown(listener_, SHUT_RDWR);  // nothing listens any more: a new connect is refused
    }
    ::close(first);
    while (keep_listening_ && !stop_) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::string b;
      for (std::string l = read_request(fd, b); !l.empty(); l = read_request(fd, b)) {
        record(l);
        answer(fd);
      }
      ::close(fd);
    }
  }

  bool keep_listening_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

int count_prefix(const std::vector<std::string>& lines, const std::string& prefix) {
  int n = 0;
  for (const auto& l : lines) n += l.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("a POST whose connection dies unanswered is not sent again, even where a new connection works",
          "[loop][resend]") {
  DyingServer server(/*keep_listening=*/true);
  ArangoClient client(server.url());
  auto db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  (void)db.version().get();  // the connection is now kept alive and will be reused
  try {
    (void)db.aql().execute("RETURN 1").get();
    FAIL("the call must fail");
  } catch (const HostUnreachableError&) {
    FAIL("the request went out: it is not a connect failure");
  } catch (const ClientConnectionError& e) {
    CHECK(std::string(e.what()).find("may have run") != std::string::npos);
  }
  CHECK(count_prefix(server.requests(), "POST /_db/_system/_api/cursor") == 1);
  // A GET is sent again on a new connection, and answered.
  CHECK(db.version().get()["server"].as_string() == "arango");
}

TEST_CASE("a GET whose connection dies unanswered is sent again", "[loop][resend]") {
  DyingServer server(/*keep_listening=*/true);
  ArangoClient client(server.url());
  auto db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  (void)db.version().get();
  CHECK(db.version().get()["version"].as_string() == "3.12.0");
  CHECK(count_prefix(server.requests(), "GET /_db/_system/_api/version") == 3);
}

TEST_CASE("a POST whose connection dies with the listener gone is a ClientConnectionError, not unreachable",
          "[loop][resend]") {
  DyingServer server(/*keep_listening=*/false);
  ArangoClient client(ClientOptions{.hosts = {server.url(), server.url()}});
  auto db = client.db("_system", {.auth = Auth{"root", ""}}).get();
  (void)db.version().get();
  try {
    (void)db.aql().execute("RETURN 1").get();
    FAIL("the call must fail");
  } catch (const HostUnreachableError&) {
    FAIL("the request went out once: another host must not get it");
  } catch (const ClientConnectionError& e) {
    CHECK(std::string(e.what()).find("may have run") != std::string::npos);
  }
  CHECK(count_prefix(server.requests(), "POST /_db/_system/_api/cursor") == 1);
}
