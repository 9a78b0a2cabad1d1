#include "connection.hpp"

#include <arango/version.hpp>

#include <openssl/evp.h>

namespace arango {
inline namespace v1 {
namespace detail {

std::string encode_query_component(std::string_view text) { return encode_path_segment(text); }

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Connection::Connection(ConnectionConfig config) : config_(std::move(config)) {
  db_prefix_ = "/_db/" + encode_path_segment(config_.db_name);
  if (config_.basic) {
    authorization_ = "Basic " + base64(config_.basic->username + ":" + config_.basic->password);
  }
  io_thread_ = config_.http->io_thread();
}

std::string Connection::url_for(const Request& request, std::size_t host_index) const {
  const std::string& host = config_.hosts.at(host_index);
  std::string url;
  url.reserve(host.size() + db_prefix_.size() + request.endpoint.size() + 32);
  url += host;
  if (request.prefix_needed) url += db_prefix_;
  url += request.endpoint;
  char sep = request.endpoint.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [key, value] : request.params) {
    url += sep;
    sep = '&';
    url += encode_query_component(key);
    url += '=';
    url += encode_query_component(value);
  }
  return url;
}

void Connection::send(Request&& request, const CallOptions& options, std::function<void(Result<Response>)> done) {
  HttpRequest http;
  http.method = request.method;
  http.url = url_for(request, config_.resolver->get_host_index());
  http.options = options;
  http.headers = std::move(request.headers);
  http.headers.add("x-arango-driver", "arango-async/" ARANGO_ASYNC_VERSION);
  if (!authorization_.empty() && !http.headers.contains("authorization")) {
    http.headers.add("authorization", authorization_);
  }
  http.body = std::move(request.data);
  if (!http.body.empty() && !http.headers.contains("content-type")) {
    http.headers.add("content-type", "application/json");
  }
  if (const auto& cm = config_.compression) {
    // ArangoDB does not decompress bodies of unauthenticated requests, so those go as they are.
    if (!http.body.empty() && http.headers.contains("authorization") && cm->needs_compression(http.body)) {
      http.body = cm->compress(http.body);
      http.headers.set("content-encoding", cm->content_encoding());
    }
    if (auto accept = cm->accept_encoding()) http.headers.set("accept-encoding", *accept);
  }
  config_.http->send_request(std::move(http), std::move(done));
}

void send(const std::shared_ptr<Connection>& connection, Request&& request, const CallOptions& options,
          std::function<void(Result<Response>)> done) {
  connection->send(std::move(request), options, std::move(done));
}

void schedule(const std::shared_ptr<Connection>& connection, std::chrono::milliseconds delay,
              std::function<void(Result<Response>)> done) {
  connection->schedule(delay, std::move(done));
}

std::shared_ptr<const IoThread> io_thread_of(const Connection& connection) { return connection.io_thread(); }

const std::string& db_name_of(const Connection& connection) { return connection.db_name(); }

}  // namespace detail
}  // namespace v1
}  // namespace arango
