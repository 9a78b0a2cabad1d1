// libFuzzer target: bytes as an HTTP/1.1 request, parsed as the server parses a request
// (Beast's request parser with the server's limits), then answered by App::handle: the
// whole pre-handler pipeline and every handler it routes to, in process, no socket.
// Authentication is off so that the fuzzer reaches the handlers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "app.hpp"
#include "options.hpp"

namespace {

namespace http = boost::beast::http;

emu::App& app() {
  static std::unique_ptr<emu::App> instance = [] {
    emu::Options opts;
    opts.authentication = false;
    opts.ttl_interval_ms = 3600000;  // no sweeps while fuzzing
    return std::make_unique<emu::App>(opts);
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(1U << 16);
  parser.body_limit(1U << 20);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) {
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) {
    return 0;
  }
  auto msg = parser.release();
  emu::HttpRequest req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  req.version = msg.version();
  req.peer = "127.0.0.1:1";
  for (auto const& field : msg) {
    req.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  req.body = std::move(msg.body());
  auto out = app().handle(req);
  // Every answer is a well-formed status.
  if (out.response.status < 100 || out.response.status > 599) {
    __builtin_trap();
  }
  return 0;
}
