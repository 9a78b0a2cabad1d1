// docs/logging.md quotes the regions of this file. It runs against a fresh emulator and exits
// non-zero when anything is not as the guide says (including when the library writes anything to
// stdout or stderr).
#include <arango/arango.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "example.hpp"

namespace {

/// Sends file descriptors 1 and 2 to a temporary file while it lives; captured() reads it.
class CaptureOutput {
 public:
  CaptureOutput() : file_(std::tmpfile()), out_(dup(1)), err_(dup(2)) {
    std::fflush(nullptr);
    dup2(fileno(file_), 1);
    dup2(fileno(file_), 2);
  }
  ~CaptureOutput() {
    restore();
    std::fclose(file_);
  }
  void restore() {
    if (out_ < 0) return;
    std::fflush(nullptr);
    dup2(out_, 1);
    dup2(err_, 2);
    close(out_);
    close(err_);
    out_ = err_ = -1;
  }
  std::string captured() {
    restore();
    std::string text;
    std::rewind(file_);
    for (int c; (c = std::fgetc(file_)) != EOF;) text.push_back(static_cast<char>(c));
    return text;
  }

 private:
  std::FILE* file_;
  int out_, err_;
};

}  // namespace

int main() {
  const std::string url = env("ARANGO_URL", "http://127.0.0.1:8529");
  const arango::Auth auth{env("ARANGO_USER", "root"), env("ARANGO_PASSWORD", "")};

  //! [logger]
  // Where the library's messages go: your function, called on the thread that has something
  // to say (the I/O thread). Forward them to your logging framework; here, a vector.
  auto lines = std::make_shared<std::vector<std::string>>();
  auto lines_mutex = std::make_shared<std::mutex>();
  arango::HttpClientOptions http;
  http.logger = [lines, lines_mutex](arango::LogLevel level, std::string_view message) {
    static const char* names[] = {"debug", "info", "warning", "error"};
    std::lock_guard lock(*lines_mutex);
    lines->push_back(std::string(names[static_cast<int>(level)]) + ": " + std::string(message));
  };
  auto transport = std::make_shared<arango::DefaultHTTPClient>(http);
  arango::ArangoClient client(arango::ClientOptions{.hosts = {url}, .http_client = transport});
  //! [logger]
  arango::StandardDatabase db = client.db("_system", {.auth = auth}).get();

  //! [callback-throws]
  std::promise<void> ran;
  db.engine([&ran](arango::Result<arango::Json>) {
    ran.set_value();
    throw std::runtime_error("oops");  // escapes the callback: logged at error level, counted
  });
  ran.get_future().get();
  // Right after the callback: transport->callback_exceptions() is 1, and the logger gets
  // (LogLevel::error, "a completion callback threw: oops").
  //! [callback-throws]
  for (int i = 0; i < 200; ++i) {  // the report comes just after the callback returns
    {
      std::lock_guard lock(*lines_mutex);
      if (!lines->empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    std::lock_guard lock(*lines_mutex);
    if (!lines->empty()) std::cout << "logged: " << lines->back() << "\n";
    expect(lines->size() == 1 && lines->back() == "error: a completion callback threw: oops",
           "an exception escaping a callback is logged at error level");
  }
  expect(transport->callback_exceptions() == 1, "callback_exceptions() counts it");

  {
    // Failing calls are reported to the caller, never logged or printed.
    CaptureOutput capture;
    arango::ArangoClient quiet(url);  // no logger
    auto qdb = quiet.db("_system", {.auth = arango::Auth{auth.username, "wrong"}}).get();
    try {
      (void)qdb.version().get();
    } catch (const arango::ArangoError&) {
    }
    arango::ArangoClient nowhere("http://127.0.0.1:1");
    try {
      (void)nowhere.db("_system", {.auth = auth}).get().version().get();
    } catch (const arango::ArangoError&) {
    }
    std::promise<void> done;
    quiet.db("_system", {.auth = auth}).get().engine([&done](arango::Result<arango::Json>) {
      done.set_value();
      throw std::runtime_error("unlogged");  // no logger, no handler: counted only
    });
    done.get_future().get();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string printed = capture.captured();
    expect(printed.empty(), "the library writes nothing to stdout or stderr");
    if (!printed.empty()) std::cerr << "it wrote: " << printed << "\n";
  }
  {
    std::lock_guard lock(*lines_mutex);
    expect(lines->size() == 1, "calls that fail are not logged");
  }

  if (failures == 0) std::cout << "logging: all as documented\n";
  return failures == 0 ? 0 : 1;
}
