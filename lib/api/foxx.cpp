// Foxx: request builders and decoders (/_api/foxx*, in the handle's database, the mount path as
// the "mount" query parameter). Every call is marked removed_in_v4: ArangoDB 4.0 has no Foxx.
#include <arango/detail/ops_foxx.hpp>
#include <arango/exceptions.hpp>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>

#include "decode.hpp"

namespace arango {
inline namespace v1 {

FoxxService FoxxService::file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read the Foxx service bundle " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::invalid_argument("cannot read the Foxx service bundle " + path);
  const bool is_zip = bytes.size() >= 4 && bytes.compare(0, 4, std::string_view("PK\x03\x04", 4)) == 0;
  return FoxxService(is_zip ? Kind::zip : Kind::javascript, std::move(bytes));
}

namespace detail::ops {
namespace {

constexpr const char* kFoxx = "/_api/foxx";

Params mount_param(const std::string& mount) { return Params{{"mount", mount}}; }

template <class T>
Operation<T> foxx_op(Operation<T> op) {
  return removed_in_v4(std::move(op));
}

/// A multipart boundary that occurs in none of the parts (a counter and a per-process value
/// make it differ between calls; the loop makes sure).
std::string boundary_for(std::initializer_list<std::string_view> parts) {
  static std::atomic<std::uint64_t> counter{0};
  for (;;) {
    std::string b = "----arango-async-foxx-" + std::to_string(counter.fetch_add(1) + 1) + "-" +
                    std::to_string(reinterpret_cast<std::uintptr_t>(&counter) & 0xffffff);
    bool clear = true;
    for (std::string_view part : parts) clear = clear && part.find(b) == std::string_view::npos;
    if (clear) return b;
  }
}

void add_part(std::string& body, const std::string& boundary, std::string_view name,
              std::string_view content, std::string_view filename = {},
              std::string_view content_type = {}) {
  body += "--";
  body += boundary;
  body += "\r\nContent-Disposition: form-data; name=\"";
  body += name;
  body += '"';
  if (!filename.empty()) {
    body += "; filename=\"";
    body += filename;
    body += '"';
  }
  body += "\r\n";
  if (!content_type.empty()) {
    body += "Content-Type: ";
    body += content_type;
    body += "\r\n";
  }
  body += "\r\n";
  body += content;
  body += "\r\n";
}

/// Puts the service into the request: its body and content type (see FoxxService).
void put_service(Request& request, const FoxxService& service) {
  const bool has_options = service.configuration().has_value() || service.dependencies().has_value();
  if (service.kind() == FoxxService::Kind::source) {
    JsonBuilder b;
    b.begin_object();
    b.key("source");
    b.string(service.data());
    put_if(b, "configuration", service.configuration());
    put_if(b, "dependencies", service.dependencies());
    b.end_object();
    request.data = std::move(b.finish()).str();
    request.headers.set("content-type", "application/json");
    return;
  }
  const bool zip = service.kind() == FoxxService::Kind::zip;
  const char* type = zip ? "application/zip" : "application/javascript";
  if (!has_options) {
    request.data = service.data();
    request.headers.set("content-type", type);
    return;
  }
  std::string config = service.configuration() ? service.configuration()->dump() : std::string();
  std::string deps = service.dependencies() ? service.dependencies()->dump() : std::string();
  const std::string boundary = boundary_for({service.data(), config, deps});
  std::string body;
  body.reserve(service.data().size() + config.size() + deps.size() + 512);
  add_part(body, boundary, "source", service.data(), zip ? "service.zip" : "service.js", type);
  if (service.configuration()) add_part(body, boundary, "configuration", config);
  if (service.dependencies()) add_part(body, boundary, "dependencies", deps);
  body += "--";
  body += boundary;
  body += "--\r\n";
  request.data = std::move(body);
  request.headers.set("content-type", "multipart/form-data; boundary=" + boundary);
}

void put_headers(Request& request, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) request.headers.set(name, value);
}

FoxxServiceInfo decode_info(Json body) {
  if (!body.is_object() || !body["mount"].is_string()) {
    throw DeserializationError("foxx service: expected an object with a \"mount\" string");
  }
  FoxxServiceInfo info;
  info.mount = std::string(body["mount"].as_string());
  info.path = std::string(body["path"].string_or(""));
  info.name = std::string(body["name"].string_or(""));
  info.version = std::string(body["version"].string_or(""));
  info.development = body["development"].bool_or(false);
  info.legacy = body["legacy"].bool_or(false);
  info.manifest = body.get("manifest");
  info.checksum = std::string(body["checksum"].string_or(""));
  if (body["options"].is_object()) {
    Json options = body.get("options");
    info.configuration = options.get("configuration");
    info.dependencies = options.get("dependencies");
  }
  info.raw = std::move(body);
  return info;
}

template <class Error>
Operation<FoxxServiceInfo> info_op(Request request) {
  return foxx_op(Operation<FoxxServiceInfo>{std::move(request), [](Response& r) {
                                              require_success<Error>(r);
                                              return decode_info(body_json(r));
                                            }});
}

template <class Error>
Operation<Json> json_op(Request request) {
  return foxx_op(Operation<Json>{std::move(request), [](Response& r) {
                                   require_success<Error>(r);
                                   return body_json(r);
                                 }});
}

template <class Error>
Operation<std::string> text_op(Request request) {
  return foxx_op(Operation<std::string>{std::move(request), [](Response& r) {
                                          require_success<Error>(r);
                                          return std::move(r.raw_body);
                                        }});
}

Request with_body(Method method, const char* path, const std::string& mount, const JsonInput& body) {
  Request request{method, path, mount_param(mount)};
  request.data = body.text();
  return request;
}

}  // namespace

Operation<std::vector<FoxxServiceSummary>> foxx_services(bool exclude_system) {
  Request request{Method::GET, kFoxx, Params{{"excludeSystem", bool_param(exclude_system)}}};
  return foxx_op(Operation<std::vector<FoxxServiceSummary>>{std::move(request), [](Response& r) {
    require_success<FoxxServiceListError>(r);
    Json body = body_json(r);
    if (!body.is_array()) throw DeserializationError("foxx services: expected an array");
    std::vector<FoxxServiceSummary> out;
    out.reserve(body.size());
    for (JsonView item : body.elements()) {
      if (!item.is_object() || !item["mount"].is_string()) {
        throw DeserializationError("foxx services: an entry has no \"mount\" string");
      }
      FoxxServiceSummary s;
      s.mount = std::string(item["mount"].as_string());
      s.name = std::string(item["name"].string_or(""));
      s.version = std::string(item["version"].string_or(""));
      s.provides = Json::copy(item["provides"]);
      s.development = item["development"].bool_or(false);
      s.legacy = item["legacy"].bool_or(false);
      out.push_back(std::move(s));
    }
    return out;
  }});
}

Operation<FoxxServiceInfo> foxx_service(const std::string& mount) {
  return info_op<FoxxServiceGetError>(Request{Method::GET, "/_api/foxx/service", mount_param(mount)});
}

Operation<FoxxServiceInfo> foxx_create_service(const std::string& mount, const FoxxService& service,
                                               const FoxxCreateOptions& options) {
  Request request{Method::POST, kFoxx, mount_param(mount)};
  add_bool(request.params, "development", options.development);
  add_bool(request.params, "setup", options.setup);
  add_bool(request.params, "legacy", options.legacy);
  put_service(request, service);
  put_headers(request, options.headers);
  return info_op<FoxxServiceCreateError>(std::move(request));
}

Operation<void> foxx_delete_service(const std::string& mount, const std::optional<bool>& teardown) {
  Request request{Method::DELETE, "/_api/foxx/service", mount_param(mount)};
  add_bool(request.params, "teardown", teardown);
  return foxx_op(Operation<void>{std::move(request),
                                 [](Response& r) { require_success<FoxxServiceDeleteError>(r); }});
}

namespace {
Request replace_request(Method method, const std::string& mount, const FoxxService& service,
                        const FoxxReplaceOptions& options) {
  Request request{method, "/_api/foxx/service", mount_param(mount)};
  add_bool(request.params, "teardown", options.teardown);
  add_bool(request.params, "setup", options.setup);
  add_bool(request.params, "legacy", options.legacy);
  add_bool(request.params, "force", options.force);
  put_service(request, service);
  put_headers(request, options.headers);
  return request;
}
}  // namespace

Operation<FoxxServiceInfo> foxx_replace_service(const std::string& mount, const FoxxService& service,
                                                const FoxxReplaceOptions& options) {
  return info_op<FoxxServiceReplaceError>(replace_request(Method::PUT, mount, service, options));
}

Operation<FoxxServiceInfo> foxx_update_service(const std::string& mount, const FoxxService& service,
                                               const FoxxReplaceOptions& options) {
  return info_op<FoxxServiceUpdateError>(replace_request(Method::PATCH, mount, service, options));
}

Operation<Json> foxx_config(const std::string& mount) {
  return json_op<FoxxConfigGetError>(Request{Method::GET, "/_api/foxx/configuration", mount_param(mount)});
}

Operation<Json> foxx_update_config(const std::string& mount, const JsonInput& options) {
  return json_op<FoxxConfigUpdateError>(with_body(Method::PATCH, "/_api/foxx/configuration", mount, options));
}

Operation<Json> foxx_replace_config(const std::string& mount, const JsonInput& options) {
  return json_op<FoxxConfigReplaceError>(with_body(Method::PUT, "/_api/foxx/configuration", mount, options));
}

Operation<Json> foxx_dependencies(const std::string& mount) {
  return json_op<FoxxDependencyGetError>(Request{Method::GET, "/_api/foxx/dependencies", mount_param(mount)});
}

Operation<Json> foxx_update_dependencies(const std::string& mount, const JsonInput& options) {
  return json_op<FoxxDependencyUpdateError>(with_body(Method::PATCH, "/_api/foxx/dependencies", mount, options));
}

Operation<Json> foxx_replace_dependencies(const std::string& mount, const JsonInput& options) {
  return json_op<FoxxDependencyReplaceError>(with_body(Method::PUT, "/_api/foxx/dependencies", mount, options));
}

Operation<std::vector<FoxxScript>> foxx_scripts(const std::string& mount) {
  Request request{Method::GET, "/_api/foxx/scripts", mount_param(mount)};
  return foxx_op(Operation<std::vector<FoxxScript>>{std::move(request), [](Response& r) {
    require_success<FoxxScriptListError>(r);
    Json body = body_json(r);
    std::vector<FoxxScript> out;
    if (body.is_object()) {  // arangod: {name: title}
      for (auto [name, title] : body.members()) {
        if (!title.is_string()) throw DeserializationError("foxx scripts: a title is not a string");
        out.push_back(FoxxScript{std::string(name), std::string(title.as_string())});
      }
    } else if (body.is_array()) {  // the documented [{name, title}]
      for (JsonView item : body.elements()) {
        if (!item.is_object() || !item["name"].is_string()) {
          throw DeserializationError("foxx scripts: an entry has no \"name\" string");
        }
        out.push_back(FoxxScript{std::string(item["name"].as_string()), std::string(item["title"].string_or(""))});
      }
    } else {
      throw DeserializationError("foxx scripts: expected an object");
    }
    return out;
  }});
}

Operation<Json> foxx_run_script(const std::string& mount, const std::string& name,
                                const std::optional<JsonInput>& arg) {
  Request request{Method::POST, "/_api/foxx/scripts/" + encode_path_segment(name), mount_param(mount)};
  if (arg) request.data = arg->text();
  return json_op<FoxxScriptRunError>(std::move(request));
}

Operation<std::string> foxx_run_tests(const std::string& mount, const FoxxTestOptions& options) {
  Request request{Method::POST, "/_api/foxx/tests", mount_param(mount)};
  add_string(request.params, "reporter", options.reporter);
  add_bool(request.params, "idiomatic", options.idiomatic);
  add_string(request.params, "filter", options.filter);
  if (options.output_format) {
    const std::string& f = *options.output_format;
    if (f == "x-ldjson") {
      request.headers.set("accept", "application/x-ldjson");
    } else if (f == "xml") {
      request.headers.set("accept", "application/xml");
    } else if (f == "text") {
      request.headers.set("accept", "text/plain");
    } else {
      throw std::invalid_argument("run_tests: output_format must be \"x-ldjson\", \"xml\" or \"text\", not \"" + f + "\"");
    }
  }
  return text_op<FoxxTestRunError>(std::move(request));
}

Operation<FoxxServiceInfo> foxx_enable_development(const std::string& mount) {
  return info_op<FoxxDevModeEnableError>(Request{Method::POST, "/_api/foxx/development", mount_param(mount)});
}

Operation<FoxxServiceInfo> foxx_disable_development(const std::string& mount) {
  return info_op<FoxxDevModeDisableError>(Request{Method::DELETE, "/_api/foxx/development", mount_param(mount)});
}

Operation<std::string> foxx_readme(const std::string& mount) {
  return text_op<FoxxReadmeGetError>(Request{Method::GET, "/_api/foxx/readme", mount_param(mount)});
}

Operation<Json> foxx_swagger(const std::string& mount) {
  return json_op<FoxxSwaggerGetError>(Request{Method::GET, "/_api/foxx/swagger", mount_param(mount)});
}

Operation<std::string> foxx_download(const std::string& mount) {
  return text_op<FoxxDownloadError>(Request{Method::POST, "/_api/foxx/download", mount_param(mount)});
}

Operation<void> foxx_commit(const std::optional<bool>& replace) {
  Request request{Method::POST, "/_api/foxx/commit"};
  add_bool(request.params, "replace", replace);
  return foxx_op(Operation<void>{std::move(request), [](Response& r) { require_success<FoxxCommitError>(r); }});
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
