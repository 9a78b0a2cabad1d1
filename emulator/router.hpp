// Route table and the request context handlers work with.
//
// A handler is a plain function `HttpResponse(RequestContext&)`. Handlers
// never see Boost.Beast: the database name is already resolved (from an
// optional /_db/<name> prefix), path segments are percent-decoded, named
// segments (":name") and query parameters are parsed, and the caller is
// authenticated. Use the response helpers below so that envelopes, key order
// and content types match arangod.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth.hpp"
#include "errors.hpp"
#include "http_types.hpp"
#include "json.hpp"
#include "transport.hpp"

namespace emu {

class Store;
class Database;
class FaultRegistry;
struct Stats;
struct Options;

// Long-lived services shared by all handlers.
struct Services {
  Store& store;
  Authenticator& auth;
  FaultRegistry& faults;
  Stats& stats;
  Options const& options;
  std::chrono::system_clock::time_point started;
  TransportControl& transport;  // listeners, simulated queue time
};

struct RequestContext {
  Services& svc;
  HttpRequest const& request;
  std::string method;                  // as sent ("HEAD" stays "HEAD")
  std::string database;                // resolved database name (decoded)
  std::shared_ptr<Database> db;        // resolved database, never null in handlers
  std::string path;                    // raw path after /_db/<name>, no query
  std::vector<std::string> segments;   // decoded path segments of `path`
  std::map<std::string, std::string, std::less<>> params;  // ":name" segments
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  AuthResult auth;                     // outcome of authentication

  std::string const* query_value(std::string_view name) const noexcept;
  // arangod's boolean parsing: true for "true", "1", "yes", "on", "y".
  bool query_flag(std::string_view name, bool default_value = false) const noexcept;
  std::string const* header(std::string_view name) const noexcept {
    return request.header(name);
  }
  std::string const& param(std::string_view name) const;
  std::string_view body() const noexcept { return request.body; }
  // Authenticated user name ("" for superuser JWTs and with auth off).
  std::string const& user() const noexcept { return auth.user; }
  bool auth_active() const noexcept { return svc.auth.enabled(); }
};

using Handler = std::function<HttpResponse(RequestContext&)>;

class Router {
 public:
  // Pattern: "/_api/database/:name", literal segments, ":param" for one
  // segment, "*param" (last only) for the rest of the path (one or more
  // segments, joined with '/').
  void add(std::string_view method, std::string_view pattern, Handler handler);
  void get(std::string_view p, Handler h) { add("GET", p, std::move(h)); }
  void post(std::string_view p, Handler h) { add("POST", p, std::move(h)); }
  void put(std::string_view p, Handler h) { add("PUT", p, std::move(h)); }
  void patch(std::string_view p, Handler h) { add("PATCH", p, std::move(h)); }
  void del(std::string_view p, Handler h) { add("DELETE", p, std::move(h)); }
  void head(std::string_view p, Handler h) { add("HEAD", p, std::move(h)); }

  struct Match {
    enum class Kind { NoRoute, MethodNotAllowed, Found };
    Kind kind = Kind::NoRoute;
    Handler const* handler = nullptr;
    std::map<std::string, std::string, std::less<>> params;
    bool head_as_get = false;  // HEAD served by the GET handler
  };
  // Routes the decoded segments. Among the routes whose pattern matches, the
  // most specific one (literal > :param > *rest, left to right) wins.
  Match match(std::string_view method, std::vector<std::string> const& segments) const;

 private:
  struct Segment {
    enum class Kind { Literal, Param, Rest };
    Kind kind;
    std::string text;
  };
  struct Route {
    std::string method;
    std::vector<Segment> segments;
    Handler handler;
  };
  static bool matches(Route const& r, std::vector<std::string> const& segs,
                      std::map<std::string, std::string, std::less<>>* params);
  static std::vector<int> specificity(Route const& r);

  std::vector<Route> routes_;
};

// Splits a raw path into percent-decoded segments (empty segments dropped).
std::vector<std::string> split_path(std::string_view raw_path);

// ---------------------------------------------------------------------------
// Response helpers
// ---------------------------------------------------------------------------

// JSON body with the given status.
HttpResponse json_response(int status, std::string body);
inline HttpResponse json_response(int status, JsonWriter const& w) {
  return json_response(status, w.str());
}
// Empty body (Content-Type text/plain, as arangod's default response type).
HttpResponse empty_response(int status);
// Handler error (RestBaseHandler::generateError), key order
// code, error, errorMessage, errorNum. Empty message: errors.tsv text.
HttpResponse error_response(int status, int error_num, std::string_view message = {});
// Same, HTTP status from arangod's generic errorNum map.
HttpResponse error_response(int error_num, std::string_view message = {});
// Error sent before any handler runs (CommTask::sendErrorResponse), key order
// error, errorNum, errorMessage, code.
HttpResponse prehandler_error(int status, int error_num, std::string_view message = {});

// 404 from arangod's JavaScript routing (actions.js routeRequest) for a path no handler
// serves: {"error":true,"code":404,"errorNum":404,"errorMessage":"unknown path '<url>'"},
// <url> as sent after any /_db/<name> prefix, query string included.
HttpResponse unknown_path(RequestContext const& ctx);

// {"error":false,"code":<status>,"result":<written by fn>}
template <typename Fn>
HttpResponse ok_result(int status, Fn&& write_result) {
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", status).key("result");
  std::forward<Fn>(write_result)(w);
  w.end_object();
  return json_response(status, w);
}
// {"error":false,"code":<status>, ...fields written by fn}
template <typename Fn>
HttpResponse ok_merged(int status, Fn&& write_fields) {
  JsonWriter w;
  w.begin_object().kv("error", false).kv("code", status);
  std::forward<Fn>(write_fields)(w);
  w.end_object();
  return json_response(status, w);
}

// Request body parsing as arangod's parseVPackBody does it.
struct BodyParse {
  bool ok = false;
  bool empty = false;  // no body at all (arangod: "none" slice)
  std::unique_ptr<rapidjson::Document> doc;
  std::string error;   // parser message on failure
};
BodyParse parse_body(RequestContext const& ctx);
// The 400 / errorNum 600 response for an unparsable body.
HttpResponse corrupted_json_response(BodyParse const& parse);
// The answer to an unparsable body read with _request->payload() outside parseVPackBody:
// RestHandler::executeEngine turns velocypack's exception into "VPack error: <message>", with
// 400 / 600 for its ParseError and 500 / 4 for the others (invalid UTF-8, a number out of range,
// too deep nesting).
HttpResponse unguarded_payload_response(BodyParse const& parse);

}  // namespace emu
