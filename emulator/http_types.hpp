// Transport-independent HTTP request/response types. Nothing in here (or in
// the handlers) depends on Boost.Beast; only server.cpp does.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emu {

struct Header {
  std::string name;
  std::string value;
};

bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view s, std::string_view prefix) noexcept;

// A request as it came off the wire.
struct HttpRequest {
  std::string method;   // upper case, e.g. "GET"
  std::string target;   // raw request target, e.g. "/_db/x/_api/version?details=1"
  unsigned version = 11;  // 10 or 11
  std::vector<Header> headers;
  std::string body;
  std::string peer;     // "ip:port" of the client
  std::size_t listener = 0;     // index of the listener (--port) it came in on
  std::uint64_t connection = 0;  // id of its connection (unique per process)
  double queue_wait = 0;        // s between being read and a worker starting it

  // First header with that name (case-insensitive), or nullptr.
  std::string const* header(std::string_view name) const noexcept;
  bool has_header(std::string_view name) const noexcept { return header(name) != nullptr; }
};

// What a handler (or the pre-handler pipeline) produces.
struct HttpResponse {
  enum class Body { Json, Text, Empty404 };

  int status = 200;
  // Headers set by the handler; they go first on the wire (before the
  // standard ArangoDB header block). Names as they should appear on the wire.
  std::vector<Header> headers;
  std::string body;
  // Content type of the body. Empty string: no Content-Type header at all.
  std::string content_type = "application/json; charset=utf-8";
  // Add the two Www-Authenticate headers (only meaningful for 401).
  bool www_authenticate = false;
  // Suppress the body on the wire (HEAD) but keep its Content-Length.
  bool suppress_body = false;
  // Skip the standard ArangoDB header block (X-Content-Type-Options ...).
  bool raw = false;
  // Value of X-Arango-Queue-Time-Seconds (in the standard block).
  double queue_time = 0;

  void set_header(std::string name, std::string value);
};

// What the transport should do with a request.
enum class TransportAction {
  Respond,   // send `response` (after `delay`)
  Reset,     // close the socket without answering (RST)
  Truncate,  // send headers + half of the body, then close
  Hang,      // never answer
};

struct Outcome {
  HttpResponse response;
  TransportAction action = TransportAction::Respond;
  std::chrono::milliseconds delay{0};
};

// %XX decoding. `plus_as_space` for query strings.
std::string percent_decode(std::string_view in, bool plus_as_space = false);
// Percent-encodes everything except unreserved characters.
std::string percent_encode(std::string_view in);

// Splits "a=1&b=2" into decoded pairs, keeping order and duplicates.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// Wire serialisation of the status line and headers, in arangod's order:
// handler headers, the standard block, Server, Www-Authenticate (401 only),
// Connection, Content-Type, Content-Length.
std::string serialize_head(HttpResponse const& res, bool keep_alive);
std::string_view reason_phrase(int status) noexcept;

}  // namespace emu
