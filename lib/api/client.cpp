#include <arango/client.hpp>
#include <arango/exceptions.hpp>
#include <arango/version.hpp>

#include <stdexcept>

#include "../connection/connection.hpp"
#include "decode.hpp"

namespace arango {
inline namespace v1 {

struct ArangoClient::State {
  std::vector<std::string> hosts;
  std::shared_ptr<HostResolver> resolver;
  std::shared_ptr<CompressionManager> compression;
  std::shared_ptr<HTTPClient> http;
  RetryPolicy retry;
  std::shared_ptr<detail::Telemetry> telemetry;
};

namespace {
std::string normalize_host(std::string host) {
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (host.rfind("http://", 0) != 0 && host.rfind("https://", 0) != 0) {
    throw std::invalid_argument("host URL must start with http:// or https://: " + host);
  }
  return host;
}
}  // namespace

ArangoClient::ArangoClient(ClientOptions options) : state_(std::make_unique<State>()) {
  if (options.hosts.empty()) throw std::invalid_argument("ArangoClient needs at least one host");
  for (auto& h : options.hosts) state_->hosts.push_back(normalize_host(std::move(h)));
  if (auto* name = std::get_if<std::string>(&options.host_resolver)) {
    state_->resolver = get_resolver(*name, state_->hosts.size());
  } else {
    state_->resolver = std::get<std::shared_ptr<HostResolver>>(options.host_resolver);
    if (!state_->resolver) throw std::invalid_argument("host_resolver is null");
    if (state_->resolver->host_count() != state_->hosts.size()) {
      throw std::invalid_argument("the host resolver's host_count differs from the number of hosts");
    }
  }
  state_->compression = std::move(options.compression);
  if (options.retry.initial_backoff.count() < 0 || options.retry.max_backoff < options.retry.initial_backoff) {
    throw std::invalid_argument("RetryPolicy: backoffs must satisfy 0 <= initial_backoff <= max_backoff");
  }
  state_->retry = options.retry;
  if (options.slow_call_threshold.count() < 0) throw std::invalid_argument("slow_call_threshold must not be negative");
  if (!options.http_client && !options.http.logger) options.http.logger = options.logger;
  state_->telemetry = std::make_shared<detail::Telemetry>(detail::TelemetryOptions{
      std::move(options.observer), std::move(options.logger), options.log_level, options.slow_call_threshold});
  state_->http = options.http_client ? std::move(options.http_client)
                                     : std::make_shared<DefaultHTTPClient>(std::move(options.http));
}

ClientMetrics ArangoClient::metrics() const { return state_->telemetry->snapshot(state_->http->queued_calls()); }

namespace {
ClientOptions single_host(std::string host) {
  ClientOptions options;
  options.hosts = {std::move(host)};
  return options;
}
}  // namespace

ArangoClient::ArangoClient(std::string host) : ArangoClient(single_host(std::move(host))) {}

ArangoClient::~ArangoClient() { close(); }

void ArangoClient::close() { state_->http->close(); }

const std::vector<std::string>& ArangoClient::hosts() const noexcept { return state_->hosts; }
const std::shared_ptr<HostResolver>& ArangoClient::host_resolver() const noexcept { return state_->resolver; }
const std::shared_ptr<CompressionManager>& ArangoClient::compression() const noexcept { return state_->compression; }
const std::shared_ptr<HTTPClient>& ArangoClient::http_client() const noexcept { return state_->http; }
std::string_view ArangoClient::version() noexcept { return ARANGO_ASYNC_VERSION; }

std::shared_ptr<detail::Connection> ArangoClient::make_connection(std::string name, const DbOptions& options) const {
  if (name.empty()) throw std::invalid_argument("database name must not be empty");
  detail::ConnectionConfig config;
  if (options.auth && options.auth->encoding != "utf-8" && options.auth->encoding != "utf8") {
    throw std::invalid_argument("only utf-8 credentials are supported");
  }
  if (options.auth_method == "basic") {
    if (!options.auth) throw std::invalid_argument("auth_method \"basic\" needs auth (username and password)");
    config.authenticator = detail::basic_authenticator(*options.auth);
  } else if (options.auth_method == "jwt") {
    if (!options.auth && !options.token) {
      throw std::invalid_argument("auth_method \"jwt\" needs auth (to log in) or a token");
    }
    config.authenticator = detail::jwt_authenticator(options.auth, options.token);
  } else if (options.auth_method == "superuser") {
    if (!options.token) {
      throw std::invalid_argument("auth_method \"superuser\" needs a token (JwtToken::generate_token)");
    }
    config.authenticator = detail::bearer_authenticator(*options.token);
  } else {
    throw std::invalid_argument("unknown auth_method \"" + options.auth_method + "\"");
  }
  config.hosts = state_->hosts;
  config.resolver = state_->resolver;
  config.http = state_->http;
  config.db_name = std::move(name);
  config.compression = options.compression ? options.compression : state_->compression;
  config.retry = state_->retry;
  config.telemetry = state_->telemetry;
  return std::make_shared<detail::Connection>(std::move(config));
}

detail::Operation<StandardDatabase> ArangoClient::verify_operation(std::shared_ptr<detail::Connection> connection) {
  return {Request{Method::GET, "/_api/collection"}, [connection = std::move(connection)](Response& r) {
            if (r.status_code == 401 || r.status_code == 403) {
              detail::raise_from<ServerConnectionError>(r, "Authentication failed.");
            }
            if (!r.is_success) detail::raise_from<ServerConnectionError>(r, "Bad server response.");
            return StandardDatabase(DefaultApiExecutor(connection));
          }};
}

ErrorPtr ArangoClient::verify_failure(ErrorPtr error) {
  // No answer at all is a failed verification too (the seed's promise).
  if (!dynamic_cast<const ClientConnectionError*>(error.get()) && !dynamic_cast<const RequestTimeoutError*>(error.get())) {
    return error;
  }
  auto response = std::make_shared<Response>();
  response->method = Method::GET;
  response->error_message = error->message();
  auto wrapped = std::make_shared<ServerConnectionError>(std::move(response), "Failed to connect.");
  wrapped->set_cause(std::move(error));
  return wrapped;
}

}  // namespace v1
}  // namespace arango
