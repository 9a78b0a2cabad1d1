// arango::testing::Emulator (<arango/testing/emulator.hpp>) against the built arango-emulator
// (ARANGO_EMULATOR, set by the meson test).
#include <arango/testing/emulator.hpp>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

using arango::testing::Emulator;
using arango::testing::EmulatorError;
using arango::testing::EmulatorOptions;

namespace {

int port_of(const std::string& url) {
  auto colon = url.rfind(':');
  REQUIRE(colon != std::string::npos);
  return std::stoi(url.substr(colon + 1));
}

// A connected socket to 127.0.0.1:port, or -1 with errno set.
int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

std::string base64(const std::string& in) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {abc[v >> 18], abc[(v >> 12) & 63], abc[(v >> 6) & 63], abc[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += {abc[v >> 18], abc[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {abc[v >> 18], abc[(v >> 12) & 63], abc[(v >> 6) & 63], '='};
  }
  return out;
}

// Status code of GET path on 127.0.0.1:port with basic auth (HTTP/1.0: the server closes).
int http_get_status(int port, const std::string& path, const std::string& user, const std::string& pw) {
  int fd = connect_to(port);
  REQUIRE(fd >= 0);
  std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Basic " +
                    base64(user + ":" + pw) + "\r\n\r\n";
  REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
  std::string resp;
  char buf[1024];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  INFO(resp);
  REQUIRE(resp.rfind("HTTP/1.", 0) == 0);
  return std::stoi(resp.substr(9, 3));
}

int open_fds() {
  int n = 0;
  DIR* d = ::opendir("/proc/self/fd");
  REQUIRE(d != nullptr);
  while (::readdir(d) != nullptr) ++n;
  ::closedir(d);
  return n;
}

struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvGuard() {
    if (old) ::setenv(name.c_str(), old->c_str(), 1);
    else ::unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("the URL answers GET /_api/version with the root credentials", "[testing-emulator]") {
  Emulator emu(EmulatorOptions{.root_password = "helper-pw"});
  CHECK(emu.running());
  CHECK(emu.username() == "root");
  CHECK(emu.password() == "helper-pw");
  CHECK(emu.url().rfind("http://127.0.0.1:", 0) == 0);
  REQUIRE(emu.urls().size() == 1);
  CHECK(emu.urls()[0] == emu.url());
  int port = port_of(emu.url());
  CHECK(http_get_status(port, "/_api/version", emu.username(), emu.password()) == 200);
  CHECK(http_get_status(port, "/_api/version", emu.username(), "wrong") == 401);
}

TEST_CASE("two emulators get different ports", "[testing-emulator]") {
  Emulator a;
  Emulator b;
  CHECK(a.url() != b.url());
  CHECK(a.pid() != b.pid());
  CHECK(http_get_status(port_of(a.url()), "/_api/version", "root", "") == 200);
  CHECK(http_get_status(port_of(b.url()), "/_api/version", "root", "") == 200);
}

TEST_CASE("several listeners: one URL each", "[testing-emulator]") {
  Emulator emu(EmulatorOptions{.listeners = 3});
  REQUIRE(emu.urls().size() == 3);
  CHECK(emu.urls()[0] != emu.urls()[1]);
  CHECK(emu.urls()[1] != emu.urls()[2]);
  for (const auto& u : emu.urls()) CHECK(http_get_status(port_of(u), "/_api/version", "root", "") == 200);
}

TEST_CASE("destruction stops and reaps the process and leaks no descriptor", "[testing-emulator]") {
  int fds_before = open_fds();
  long pid = 0;
  int port = 0;
  {
    Emulator emu;
    pid = emu.pid();
    port = port_of(emu.url());
    REQUIRE(pid > 0);
    int fd = connect_to(port);
    CHECK(fd >= 0);
    if (fd >= 0) ::close(fd);
    CHECK(open_fds() > fds_before);  // its stdout pipe and stderr file are open meanwhile
  }
  CHECK(connect_to(port) == -1);
  CHECK(errno == ECONNREFUSED);
  // Reaped, not a zombie: the pid is gone.
  CHECK(::kill(static_cast<pid_t>(pid), 0) == -1);
  CHECK(errno == ESRCH);
  CHECK(open_fds() == fds_before);
}

TEST_CASE("stop() reports a clean exit and is idempotent", "[testing-emulator]") {
  Emulator emu;
  int port = port_of(emu.url());
  CHECK(emu.stop() == 0);  // the emulator exits with 0 on SIGTERM
  CHECK_FALSE(emu.running());
  CHECK(emu.pid() == -1);
  CHECK(emu.stop() == -1);
  CHECK(connect_to(port) == -1);
}

TEST_CASE("a moved-to emulator owns the process", "[testing-emulator]") {
  Emulator a;
  long pid = a.pid();
  std::string url = a.url();
  Emulator b(std::move(a));
  CHECK(b.pid() == pid);
  CHECK(b.url() == url);
  CHECK(a.pid() == -1);      // NOLINT(bugprone-use-after-move): moved-from state is specified
  CHECK(a.url().empty());    // NOLINT(bugprone-use-after-move)
  CHECK(http_get_status(port_of(url), "/_api/version", "root", "") == 200);
}

TEST_CASE("a bad binary path is a clear error", "[testing-emulator]") {
  int fds_before = open_fds();
  try {
    Emulator emu(EmulatorOptions{.binary = "/nonexistent/arango-emulator"});
    FAIL("no exception");
  } catch (const EmulatorError& e) {
    std::string what = e.what();
    CHECK(what.find("/nonexistent/arango-emulator") != std::string::npos);
    CHECK(what.find("No such file or directory") != std::string::npos);
  }
  CHECK(open_fds() == fds_before);
}

TEST_CASE("ARANGO_EMULATOR names the binary when no path is given", "[testing-emulator]") {
  CHECK(Emulator::locate("/explicit/path") == "/explicit/path");
  EnvGuard env("ARANGO_EMULATOR", "/from/env/arango-emulator");
  CHECK(Emulator::locate() == "/from/env/arango-emulator");
  CHECK_THROWS_WITH(Emulator(), Catch::Contains("/from/env/arango-emulator"));
}

TEST_CASE("a startup failure carries the emulator's stderr", "[testing-emulator]") {
  try {
    Emulator emu(EmulatorOptions{.extra_args = {"--no-such-option"}});
    FAIL("no exception");
  } catch (const EmulatorError& e) {
    std::string what = e.what();
    INFO(what);
    CHECK(what.find("did not start") != std::string::npos);
    CHECK(what.find("unknown option --no-such-option") != std::string::npos);  // its stderr
    CHECK(what.find("exit status 2") != std::string::npos);
  }
}

TEST_CASE("extra arguments reach the emulator", "[testing-emulator]") {
  // With --no-auth a wrong password is no obstacle.
  Emulator emu(EmulatorOptions{.root_password = "pw", .extra_args = {"--no-auth"}});
  CHECK(http_get_status(port_of(emu.url()), "/_api/version", "root", "wrong") == 200);
}
