// /_api/foxx: the Foxx service management API (arangod's system service
// js/apps/system/_api/foxx/APP over @arangodb/foxx/manager).
//
// Services live per database (Database::foxx, dropped with the database), each with the files
// below its manifest, its bundle's checksum, its configuration and dependency values and its
// development flag. Bundles come as a zip, a single JavaScript file, a multipart upload or a
// server path (zip, JavaScript file or directory); URLs fail as a download does (no network).
//
// A service's scripts (setup, teardown, POST scripts/{name}) run in the JavaScript worker
// (js/engine.hpp) with a CommonJS require over the bundle's files and a module.context shim;
// setup and teardown scripts duktape cannot compile (ECMAScript 2015+) are skipped and logged.
// What the emulator does not do: run a service's routes. They answer as arangod's route for a
// service that failed to load (503, an HTML page); a run of a service's tests answers 501 (a
// service without tests answers the empty run of each reporter, as arangod does).
#include <cctype>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "foxx.hpp"
#include "handlers.hpp"
#include "handlers_common.hpp"
#include "js/engine.hpp"
#include "json.hpp"
#include "options.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {

struct FoxxService {
  std::string mount;
  std::uint64_t serial = 0;
  // relative to the service's directory; shared (never changed) by the copies a change of the
  // options or the development flag makes
  std::shared_ptr<foxx::Files const> files;
  std::shared_ptr<rapidjson::Document> manifest;
  bool development = false;
  bool legacy = false;
  std::string checksum;
  std::shared_ptr<std::string const> bundle;  // the zip kept (download outside development mode)
  // option values as JSON text, in the order they were set
  std::vector<std::pair<std::string, std::string>> configuration;
  std::vector<std::pair<std::string, std::string>> dependencies;
};

struct FoxxRegistry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<FoxxService>> services;
  std::uint64_t next_serial = 1;
};

std::shared_ptr<FoxxRegistry> copy_foxx_registry(FoxxRegistry& registry) {
  auto copy = std::make_shared<FoxxRegistry>();
  std::lock_guard lock(registry.mutex);
  copy->services = registry.services;
  copy->next_serial = registry.next_serial;
  return copy;
}

namespace {

constexpr int kMalformedManifest = 3000;
constexpr int kInvalidManifest = 3001;
constexpr int kInvalidMountpoint = 3007;
constexpr int kServiceNotFound = 3009;
constexpr int kMountpointConflict = 3011;
constexpr int kManifestNotFound = 3012;
constexpr int kOptionsMalformed = 3013;
constexpr int kSourceNotFound = 3014;
constexpr int kSourceError = 3015;
constexpr int kUnknownScript = 3016;
constexpr int kNotImplemented = 9;

FoxxRegistry& registry(Database& db) {
  std::lock_guard lock(db.foxx_mutex);
  if (!db.foxx) db.foxx = std::make_shared<FoxxRegistry>();
  return *db.foxx;
}

// The error of a Foxx route (the service's error handler): key order error, errorNum,
// errorMessage, code; Content-Type application/json without a charset.
HttpResponse foxx_error(int status, int error_num, std::string_view message) {
  HttpResponse r = prehandler_error(status, error_num, message);
  r.content_type = "application/json";
  return r;
}

// index.js: an ArangoError the manager throws becomes the status of
// actions.arangoErrorToHttpCode and the message String(e), "ArangoError <num>: <message>".
int arango_status(int error_num) {
  return error_num == kServiceNotFound      ? 404
         : error_num == kMountpointConflict ? 409
         : error_num == err::kInternal      ? 500
                                            : 400;
}
HttpResponse arango_error(int error_num, std::string_view message) {
  return foxx_error(arango_status(error_num), error_num,
                    "ArangoError " + std::to_string(error_num) + ": " + std::string(message));
}

HttpResponse json_ok(int status, JsonWriter const& w) { return json_response(status, w); }

std::string base_path(RequestContext const& ctx, std::string const& mount) {
  return "/var/lib/arangodb3-apps/_db/" + ctx.database + mount + "/APP";
}

// manager-utils validateMount (not internal).
// Its regular expressions are scans here: std::regex recurses once per character of the input,
// and a long mount path overflowed the stack.
bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// /^(\/[a-zA-Z0-9_\-%]+)+$/: "/segment" repeated, no empty segment
bool mount_segments_valid(std::string_view mount) {
  if (mount.size() < 2 || mount[0] != '/' || mount.back() == '/') return false;
  for (std::size_t i = 1; i < mount.size(); ++i) {
    char const c = mount[i];
    if (c == '/') {
      if (mount[i - 1] == '/') return false;
    } else if (!ascii_alnum(c) && c != '_' && c != '-' && c != '%') {
      return false;
    }
  }
  return true;
}

// /\/APP(\/|$)/i
bool contains_app_segment(std::string_view mount) {
  for (std::size_t i = 0; i + 4 <= mount.size(); ++i) {
    if (mount[i] != '/') continue;
    auto up = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
    if (up(mount[i + 1]) == 'A' && up(mount[i + 2]) == 'P' && up(mount[i + 3]) == 'P' &&
        (i + 4 == mount.size() || mount[i + 4] == '/')) {
      return true;
    }
  }
  return false;
}

std::optional<HttpResponse> validate_mount(std::string const& mount) {
  if (mount.empty() || mount[0] != '/') {
    return arango_error(kInvalidMountpoint, "Mountpoint has to start with /.");
  }
  if (!mount_segments_valid(mount)) {
    return arango_error(kInvalidMountpoint, "Mountpoint can only contain a-z, A-Z, 0-9 or _.");
  }
  if (mount.size() > 1 && mount[1] == '_' && mount.rfind("/_open/", 0) != 0) {
    return arango_error(kInvalidMountpoint, "/_ apps are reserved for internal use.");
  }
  // /^\/[\d\-%]/
  if (mount.size() > 1 && ((mount[1] >= '0' && mount[1] <= '9') || mount[1] == '-' || mount[1] == '%')) {
    return arango_error(kInvalidMountpoint,
                        "Mointpoints are not allowed to start with a number, - or %.");
  }
  if (contains_app_segment(mount)) {
    return arango_error(kInvalidMountpoint, "Mountpoint is not allowed to contain /app/.");
  }
  return std::nullopt;
}

// The `mount` query parameter as the route's schema checks it (a string with a "/segment").
std::optional<HttpResponse> mount_param(RequestContext const& ctx, std::string& mount) {
  auto const* m = ctx.query_value("mount");
  if (m == nullptr) {
    return foxx_error(400, 400, "Invalid value for query parameter \"mount\": \"value\" is required");
  }
  // the schema's /(?:\/[-_0-9a-z]+)+/i, unanchored: some "/" followed by one of those
  bool matches = false;
  for (std::size_t i = 0; i + 1 < m->size() && !matches; ++i) {
    char const c = (*m)[i + 1];
    matches = (*m)[i] == '/' && (ascii_alnum(c) || c == '-' || c == '_');
  }
  if (!matches) {
    return foxx_error(400, 400,
                      "Invalid value for query parameter \"mount\": \"value\" with value \"" + *m +
                          "\" fails to match the required pattern");
  }
  mount = *m;
  return std::nullopt;
}

// Foxx management with authentication on: index.js checks nothing itself (every request to a
// database path already needs read-only access to it); a change writes the service into the
// database's _apps collection, which a user without read-write access may not: the manager's
// ArangoError 1004 ("read only") as index.js reports it (400).
std::optional<HttpResponse> check_access(RequestContext const& ctx) {
  auto access = AccessContext::of(ctx);
  if (!access.restricted()) return std::nullopt;
  auto const& seg = ctx.segments;
  bool const read = ctx.method == "GET" || ctx.method == "HEAD" ||
                    (seg.size() == 3 && (seg[2] == "tests" || seg[2] == "download"));
  if (!access.can_use_database(read ? AuthLevel::RO : AuthLevel::RW)) {
    return arango_error(err::kArangoReadOnly, error_message(err::kArangoReadOnly));
  }
  return std::nullopt;
}

std::string_view sv(rapidjson::Value const& v) { return {v.GetString(), v.GetStringLength()}; }

rapidjson::Value const& manifest_object(FoxxService const& s, char const* key) {
  static rapidjson::Value const empty(rapidjson::kObjectType);
  auto const* v = member(*s.manifest, key);
  return v != nullptr && v->IsObject() ? *v : empty;
}

std::string const* find_option(std::vector<std::pair<std::string, std::string>> const& opts,
                               std::string_view name) {
  for (auto const& [k, v] : opts) {
    if (k == name) return &v;
  }
  return nullptr;
}
void set_option(std::vector<std::pair<std::string, std::string>>& opts, std::string const& name,
                std::string value) {
  for (auto& [k, v] : opts) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  opts.emplace_back(name, std::move(value));
}
void erase_option(std::vector<std::pair<std::string, std::string>>& opts, std::string_view name) {
  std::erase_if(opts, [&](auto const& p) { return p.first == name; });
}

void write_options(JsonWriter& w, std::vector<std::pair<std::string, std::string>> const& opts) {
  w.begin_object();
  for (auto const& [k, v] : opts) w.key(k).raw(v);
  w.end_object();
}

std::optional<std::string_view> manifest_string(FoxxService const& s, char const* key) {
  auto const* v = member(*s.manifest, key);
  if (v == nullptr || !v->IsString()) return std::nullopt;
  return sv(*v);
}

void write_full_info(JsonWriter& w, RequestContext const& ctx, FoxxService const& s) {
  w.begin_object().kv("mount", s.mount).kv("path", base_path(ctx, s.mount));
  if (auto n = manifest_string(s, "name")) w.kv("name", *n);
  if (auto v = manifest_string(s, "version")) w.kv("version", *v);
  w.kv("development", s.development).kv("legacy", s.legacy);
  w.key("manifest").value(*s.manifest);
  w.kv("checksum", s.checksum);
  w.key("options").begin_object().key("configuration");
  write_options(w, s.configuration);
  w.key("dependencies");
  write_options(w, s.dependencies);
  w.end_object().end_object();
}

HttpResponse full_info(int status, RequestContext const& ctx, FoxxService const& s) {
  JsonWriter w;
  write_full_info(w, ctx, s);
  return json_ok(status, w);
}

// ----- configuration and dependencies ---------------------------------------------------

using Warnings = std::vector<std::pair<std::string, std::string>>;

bool is_empty_value(rapidjson::Value const& v) {
  return v.IsNull() || (v.IsString() && v.GetStringLength() == 0);
}

// The options a PATCH / PUT of configuration or dependencies handles: the ones given, and with
// replace every one the manifest defines as well (in that order).
std::vector<std::string> option_names(rapidjson::Value const& given, rapidjson::Value const& defs, bool replace) {
  std::vector<std::string> names;
  for (auto const& m : given.GetObject()) names.emplace_back(sv(m.name));
  if (replace) {
    for (auto const& d : defs.GetObject()) {
      std::string n(sv(d.name));
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  return names;
}

// FoxxService.applyConfiguration: the values given (with replace, all options); warnings for
// unknown options ("is not allowed"), emptied required ones ("is required") and values of the
// wrong type (joi's message), which are not stored. Stored are the raw values.
Warnings apply_configuration(FoxxService& s, rapidjson::Value const& config, bool replace) {
  Warnings warnings;
  auto const& defs = manifest_object(s, "configuration");
  std::vector<std::string> const names = option_names(config, defs, replace);
  if (!s.development) {  // values of options the manifest no longer has are dropped
    std::erase_if(s.configuration, [&](auto const& p) {
      return member(defs, p.first) == nullptr &&
             std::find(names.begin(), names.end(), p.first) == names.end();
    });
  }
  for (auto const& name : names) {
    auto const* def = member(defs, name);
    if (def == nullptr || !def->IsObject()) {
      warnings.emplace_back(name, "is not allowed");
      continue;
    }
    auto const* raw = member(config, name);
    if (raw == nullptr || is_empty_value(*raw)) {
      erase_option(s.configuration, name);
      auto const* required = member(*def, "required");
      if (required == nullptr || !required->IsBool() || required->GetBool()) {
        warnings.emplace_back(name, "is required");
      }
      continue;
    }
    auto const* type = member(*def, "type");
    std::string_view const t = type != nullptr && type->IsString() ? sv(*type) : "string";
    std::string warning;
    if (!foxx::check_config_value(t, *raw, warning)) {
      warnings.emplace_back(name, warning);
      continue;
    }
    set_option(s.configuration, name, to_json(*raw));
  }
  return warnings;
}

// FoxxService.applyDependencies: a dependency is unset first; then set to the mount path given
// (an array of them for "multiple"), with the same kinds of warnings.
Warnings apply_dependencies(FoxxService& s, rapidjson::Value const& deps, bool replace) {
  Warnings warnings;
  auto const& defs = manifest_object(s, "dependencies");
  std::vector<std::string> const names = option_names(deps, defs, replace);
  for (auto const& name : names) {
    auto const* def = member(defs, name);
    if (def == nullptr) {
      warnings.emplace_back(name, "is not allowed");
      continue;
    }
    auto const* required = def->IsObject() ? member(*def, "required") : nullptr;
    bool const is_required = required == nullptr || !required->IsBool() || required->GetBool();
    auto const* multiple = def->IsObject() ? member(*def, "multiple") : nullptr;
    bool const many = multiple != nullptr && multiple->IsBool() && multiple->GetBool();
    auto const* raw = member(deps, name);
    erase_option(s.dependencies, name);
    if (many) {
      std::vector<rapidjson::Value const*> values;
      if (raw != nullptr && raw->IsArray()) {
        for (auto const& e : raw->GetArray()) values.push_back(&e);
      } else if (raw != nullptr && !is_empty_value(*raw)) {
        values.push_back(raw);
      }
      if (values.empty()) {
        if (is_required) warnings.emplace_back(name, "is required");
        continue;
      }
      std::string list = "[";
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!values[i]->IsString()) {
          erase_option(warnings, name);
          warnings.emplace_back(name, "at " + std::to_string(i) + " must be a string");
          continue;
        }
        if (list.size() > 1) list += ',';
        list += to_json(*values[i]);
      }
      set_option(s.dependencies, name, list + "]");
      continue;
    }
    if (raw == nullptr || is_empty_value(*raw)) {
      if (is_required) warnings.emplace_back(name, "is required");
      continue;
    }
    if (!raw->IsString()) {
      warnings.emplace_back(name, "must be a string");
      continue;
    }
    set_option(s.dependencies, name, to_json(*raw));
  }
  return warnings;
}

std::string const* find_warning(Warnings const& w, std::string_view name) {
  for (auto const& [k, v] : w) {
    if (k == name) return &v;
  }
  return nullptr;
}

// The parsed value of a stored configuration value (joi's conversion), JSON text.
std::string parsed_config_value(rapidjson::Value const& def, std::string const& raw_json) {
  auto parsed = parse_json(raw_json);
  if (!parsed.ok()) return raw_json;
  auto const* type = def.IsObject() ? member(def, "type") : nullptr;
  std::string warning;
  auto value = foxx::check_config_value(
      type != nullptr && type->IsString() ? sv(*type) : "string", *parsed.doc, warning);
  return value ? *value : raw_json;
}

// getConfiguration: {name: definition + title + currentRaw + current} or, minimal,
// {name: current}; current is the parsed value or the default.
void write_configuration(JsonWriter& w, FoxxService const& s, bool minimal,
                         Warnings const* warnings = nullptr) {
  w.begin_object();
  for (auto const& d : manifest_object(s, "configuration").GetObject()) {
    std::string const name(sv(d.name));
    std::string const* raw = find_option(s.configuration, name);
    rapidjson::Value const* dflt = d.value.IsObject() ? member(d.value, "default") : nullptr;
    auto write_current = [&](std::string_view key) {
      if (raw != nullptr) {
        w.key(key).raw(parsed_config_value(d.value, *raw));
      } else if (dflt != nullptr) {
        w.key(key).value(*dflt);
      }
    };
    if (minimal) {
      write_current(name);
      continue;
    }
    w.key(name).begin_object();
    if (d.value.IsObject()) {
      for (auto const& m : d.value.GetObject()) w.key(sv(m.name)).value(m.value);
    }
    w.kv("title", foxx::readable_name(name));
    if (raw != nullptr) w.key("currentRaw").raw(*raw);
    write_current("current");
    if (warnings != nullptr) {
      if (auto const* warn = find_warning(*warnings, name)) w.kv("warning", *warn);
    }
    w.end_object();
  }
  w.end_object();
}

void write_dependencies(JsonWriter& w, FoxxService const& s, bool minimal,
                        Warnings const* warnings = nullptr) {
  w.begin_object();
  for (auto const& d : manifest_object(s, "dependencies").GetObject()) {
    std::string const name(sv(d.name));
    std::string const* value = find_option(s.dependencies, name);
    if (minimal) {
      if (value != nullptr) w.key(name).raw(*value);
      continue;
    }
    w.key(name).begin_object();
    if (d.value.IsString()) {  // "name:version" or "name"
      std::string_view text = sv(d.value);
      auto colon = text.find(':');
      w.kv("name", text.substr(0, colon))
          .kv("version", colon == std::string_view::npos ? std::string_view("*") : text.substr(colon + 1))
          .kv("required", true)
          .kv("multiple", false);
    } else if (d.value.IsObject()) {
      for (auto const& m : d.value.GetObject()) w.key(sv(m.name)).value(m.value);
      if (member(d.value, "name") == nullptr) w.kv("name", "*");
      if (member(d.value, "version") == nullptr) w.kv("version", "*");
      if (member(d.value, "required") == nullptr) w.kv("required", true);
      if (member(d.value, "multiple") == nullptr) w.kv("multiple", false);
    }
    w.kv("title", foxx::readable_name(name));
    if (value != nullptr) w.key("current").raw(*value);
    if (warnings != nullptr) {
      if (auto const* warn = find_warning(*warnings, name)) w.kv("warning", *warn);
    }
    w.end_object();
  }
  w.end_object();
}

bool needs_configuration(FoxxService const& s) {
  for (auto const& d : manifest_object(s, "configuration").GetObject()) {
    if (!d.value.IsObject()) continue;
    auto const* required = member(d.value, "required");
    bool const is_required = required == nullptr || !required->IsBool() || required->GetBool();
    if (is_required && member(d.value, "default") == nullptr &&
        find_option(s.configuration, sv(d.name)) == nullptr) {
      return true;
    }
  }
  for (auto const& d : manifest_object(s, "dependencies").GetObject()) {
    auto const* required = d.value.IsObject() ? member(d.value, "required") : nullptr;
    bool const is_required = required == nullptr || !required->IsBool() || required->GetBool();
    if (is_required && find_option(s.dependencies, sv(d.name)) == nullptr) return true;
  }
  return false;
}

// ----- sources ---------------------------------------------------------------------------

struct ServiceBody {
  bool has_source = false;
  bool source_is_bytes = false;
  std::string source;  // bytes (zip or JavaScript) or a path / URL
  std::optional<std::string> configuration;  // JSON text
  std::optional<std::string> dependencies;   // JSON text
};

// The request body of install / upgrade / replace: raw bytes (application/zip,
// application/javascript, anything not JSON or multipart), multipart/form-data (parts source,
// configuration, dependencies) or application/json ({source, configuration, dependencies}).
std::optional<HttpResponse> parse_service_body(RequestContext const& ctx, ServiceBody& out) {
  std::string const content_type = ctx.header("content-type") ? *ctx.header("content-type") : "";
  std::string lower = content_type;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto options_text = [](rapidjson::Value const& v) -> std::string {
    return v.IsString() ? std::string(sv(v)) : to_json(v);
  };
  if (lower.rfind("multipart/form-data", 0) == 0) {
    auto mp = foxx::parse_multipart(content_type, ctx.body());
    if (!mp.ok) return foxx_error(400, 400, "Invalid request body: " + mp.error);
    for (auto& p : mp.parts) {
      if (p.name == "source") {
        out.has_source = true;
        out.source_is_bytes = p.filename.has_value();
        out.source = std::move(p.data);
      } else if (p.name == "configuration") {
        out.configuration = std::move(p.data);
      } else if (p.name == "dependencies") {
        out.dependencies = std::move(p.data);
      }
    }
  } else if (lower.rfind("application/json", 0) == 0) {
    auto parsed = parse_json(ctx.body());
    if (!parsed.ok()) return foxx_error(400, 400, "Invalid request body: " + parsed.error);
    auto const& doc = *parsed.doc;
    if (!doc.IsObject()) return foxx_error(400, 400, "Invalid request body: \"value\" must be an object");
    if (auto const* s = member(doc, "source")) {
      if (!s->IsString()) {
        return foxx_error(400, 400, "Invalid request body: \"source\" must be a string");
      }
      out.has_source = true;
      out.source = std::string(sv(*s));
    }
    if (auto const* c = member(doc, "configuration"); c != nullptr && !c->IsNull()) {
      out.configuration = options_text(*c);
    }
    if (auto const* d = member(doc, "dependencies"); d != nullptr && !d->IsNull()) {
      out.dependencies = options_text(*d);
    }
  } else if (!ctx.body().empty()) {
    out.has_source = true;
    out.source_is_bytes = true;
    out.source = std::string(ctx.body());
  }
  if (!out.has_source) return foxx_error(400, 400, "Invalid request body: \"source\" is required");
  // prepareServiceRequestBody: the options are JSON text
  for (auto* text : {&out.dependencies, &out.configuration}) {
    if (!text->has_value() || (*text)->empty()) continue;
    auto parsed = parse_json(**text);
    if (!parsed.ok() || !parsed.doc->IsObject()) {
      return arango_error(kOptionsMalformed,
                        "failed to parse service options\nDetails: " +
                            (parsed.ok() ? std::string("not an object") : parsed.error));
    }
  }
  return std::nullopt;
}

struct Prepared {
  foxx::Files files;    // of the service's directory
  std::string bundle;   // the zip kept (the checksum is its CRC)
  std::shared_ptr<rapidjson::Document> manifest;
};

foxx::ZipLimits const& zip_limits() {
  static foxx::ZipLimits const limits;
  return limits;
}

// _buildServiceBundleFromScript: index.js and a manifest {"main": "index.js"}.
std::optional<HttpResponse> prepare_from_script(std::string js, Prepared& out) {
  foxx::Files files;
  files["index.js"] = std::move(js);
  files["manifest.json"] = "{\n    \"main\": \"index.js\"\n}";
  auto zip = foxx::write_zip(files);
  if (!zip) return arango_error(kSourceError, "error resolving source\ncannot write the bundle");
  out.bundle = std::move(*zip);
  out.files = std::move(files);
  return std::nullopt;
}

std::optional<HttpResponse> prepare_from_zip(std::string bytes, Prepared& out) {
  auto zip = foxx::read_zip(bytes, zip_limits());
  if (!zip.ok) return arango_error(kSourceError, "error resolving source\n" + zip.error);
  auto extracted = foxx::extract_service(zip.files);
  if (!extracted.ok) {
    return arango_error(kManifestNotFound, "missing manifest file\nSource: bundle");
  }
  out.files = std::move(extracted.files);
  out.bundle = std::move(bytes);
  return std::nullopt;
}

// A regular file's bytes, at most `limit` of them (nullopt when not readable or longer: a file
// that grows while it is read is still bounded).
std::optional<std::string> read_bounded(std::filesystem::path const& path, std::uint64_t limit) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    data.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limit) return std::nullopt;
  }
  return data;
}

// A directory on the server, read as a bundle (bounded as a zip is).
std::optional<HttpResponse> prepare_from_directory(std::filesystem::path const& dir, Prepared& out) {
  namespace fs = std::filesystem;
  auto const& limits = zip_limits();
  foxx::Files files;
  std::uint64_t total = 0;
  std::size_t visited = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (++visited > 4 * limits.max_entries) {
      return arango_error(kSourceError, "error resolving source\ndirectory has more than " +
                                            std::to_string(4 * limits.max_entries) + " entries");
    }
    if (!it->is_regular_file(ec)) continue;
    if (files.size() >= limits.max_entries) {
      return arango_error(kSourceError, "error resolving source\ndirectory has more than " +
                                            std::to_string(limits.max_entries) + " files");
    }
    auto const size = it->file_size(ec);
    if (ec || size > limits.max_file || total + size > limits.max_total) {
      return arango_error(kSourceError, "error resolving source\nfile \"" + it->path().string() +
                                            "\" is larger than the bundle's limits");
    }
    auto data = read_bounded(it->path(), std::min(limits.max_file, limits.max_total - total));
    if (!data) {
      return arango_error(kSourceError, "error resolving source\nfile \"" + it->path().string() +
                                            "\" is not readable or larger than the bundle's limits");
    }
    total += data->size();
    files[fs::relative(it->path(), dir, ec).generic_string()] = std::move(*data);
  }
  if (ec) return arango_error(kSourceError, "error resolving source\n" + ec.message());
  if (files.empty()) {
    return arango_error(kSourceError, "error resolving source\nDirectory '" + dir.string() +
                                          "' is empty");
  }
  auto zip = foxx::write_zip(files);
  if (!zip) return arango_error(kSourceError, "error resolving source\ncannot write the bundle");
  auto extracted = foxx::extract_service(files);
  if (!extracted.ok) return arango_error(kManifestNotFound, "missing manifest file\nSource: " + dir.string());
  out.files = std::move(extracted.files);
  out.bundle = std::move(*zip);
  return std::nullopt;
}

// manager.js _prepareService, then the manifest's validation.
std::optional<HttpResponse> prepare_service(RequestContext const& ctx, ServiceBody const& body,
                                            std::string const& mount, bool legacy, Prepared& out) {
  namespace fs = std::filesystem;
  std::optional<HttpResponse> failed;
  if (body.source_is_bytes) {
    if (body.source.size() > zip_limits().max_bundle) {
      return arango_error(kSourceError, "error resolving source\nbundle larger than " +
                                            std::to_string(zip_limits().max_bundle) + " bytes");
    }
    failed = foxx::is_zip(body.source) ? prepare_from_zip(body.source, out)
                                       : prepare_from_script(body.source, out);
  } else {
    std::string const& src = body.source;
    std::error_code ec;
    auto starts_icase = [&](std::string_view prefix) {
      if (src.size() < prefix.size()) return false;
      for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(src[i])) != prefix[i]) return false;
      }
      return true;
    };
    if (starts_icase("http:") || starts_icase("https:")) {  // /^https?:/i
      // no network: the download fails
      return arango_error(kSourceError, "error resolving source\nURL: " + src);
    }
    fs::path const p(src);
    if (!src.empty() && p.is_absolute() && fs::exists(p, ec)) {
      if (fs::is_directory(p, ec)) {
        failed = prepare_from_directory(p, out);
      } else {
        auto data = read_bounded(p, zip_limits().max_bundle);
        if (!data) {
          return arango_error(kSourceError, "error resolving source\nfile \"" + src +
                                                "\" is not readable or larger than the bundle limit");
        }
        // _buildServiceFromFile: a zip, else a script
        failed = foxx::is_zip(*data) ? prepare_from_zip(std::move(*data), out)
                                     : prepare_from_script(std::move(*data), out);
      }
    } else {
      return arango_error(kSourceNotFound, "source path not found\nLocation: " + src);
    }
  }
  if (failed) return failed;
  std::string const manifest_path = base_path(ctx, mount) + "/manifest.json";
  auto it = out.files.find("manifest.json");
  auto result = foxx::validate_manifest(it == out.files.end() ? std::string_view{} : it->second);
  if (result.error == kMalformedManifest) {
    return arango_error(kMalformedManifest, "failed to parse manifest file\nFile: " + manifest_path +
                                                "\nCause: " + result.detail);
  }
  if (result.error != 0) {
    return arango_error(kInvalidManifest, "manifest file is invalid\nService: " + mount + "\n" +
                                              result.detail);
  }
  out.manifest = std::move(result.manifest);
  if (legacy) {  // patchManifestFile(..., {engines: {arangodb: '^2.8.0'}})
    auto& doc = *out.manifest;
    auto& alloc = doc.GetAllocator();
    rapidjson::Value engines(rapidjson::kObjectType);
    engines.AddMember("arangodb", rapidjson::Value("^2.8.0"), alloc);
    doc.RemoveMember("engines");
    doc.AddMember("engines", engines, alloc);
  }
  return std::nullopt;
}

std::shared_ptr<FoxxService> make_service(std::string const& mount, Prepared&& p,
                                          bool development) {
  auto s = std::make_shared<FoxxService>();
  s->mount = mount;
  s->files = std::make_shared<foxx::Files const>(std::move(p.files));
  s->manifest = std::move(p.manifest);
  s->development = development;
  s->checksum = foxx::checksum(p.bundle);
  s->bundle = std::make_shared<std::string const>(std::move(p.bundle));
  auto const* engines = member(*s->manifest, "engines");
  auto const* range = engines != nullptr && engines->IsObject() ? member(*engines, "arangodb") : nullptr;
  s->legacy = range != nullptr && range->IsString() && foxx::is_legacy_range(sv(*range));
  return s;
}

void apply_body_options(FoxxService& s, ServiceBody const& body, bool replace) {
  if (body.configuration && !body.configuration->empty()) {
    auto parsed = parse_json(*body.configuration);
    if (parsed.ok() && parsed.doc->IsObject()) apply_configuration(s, *parsed.doc, replace);
  }
  if (body.dependencies && !body.dependencies->empty()) {
    auto parsed = parse_json(*body.dependencies);
    if (parsed.ok() && parsed.doc->IsObject()) apply_dependencies(s, *parsed.doc, replace);
  }
}

// The instance router's lookup: 400 when nothing is mounted there.
std::shared_ptr<FoxxService> lookup(FoxxRegistry& reg, std::string const& mount) {
  auto it = reg.services.find(mount);
  return it == reg.services.end() ? nullptr : it->second;
}
HttpResponse no_service(std::string const& mount) {
  return foxx_error(400, kServiceNotFound, "No service installed at mount path \"" + mount + "\".");
}

// ----- scripts ------------------------------------------------------------------------------

// The CommonJS environment of a service's script, run as a task's command in the JavaScript
// worker (params: the service's files, the script, module.context's values): require() over the
// bundle's files (relative paths, .js / .json / index.js), other names go to the worker's
// require ('@arangodb', 'internal', 'console'); module.context has argv, mount, configuration,
// dependencies, collectionName(), collection(). The script's module.exports is its result.
constexpr char const* kScriptLoader = R"JS(
var files = params.files, cache = {}, baseRequire = require, prefix = params.prefix;
function dirname(p) { var i = p.lastIndexOf('/'); return i < 0 ? '' : p.substring(0, i); }
function resolve(dir, name) {
  var parts = [];
  var path = name.charAt(0) === '/' ? name : dir + '/' + name;
  path.split('/').forEach(function (seg) {
    if (seg === '' || seg === '.') return;
    if (seg === '..') { parts.pop(); return; }
    parts.push(seg);
  });
  return parts.join('/');
}
var context = {
  mount: params.mount, argv: params.argv, configuration: params.configuration,
  dependencies: params.dependencies, manifest: params.manifest, baseUrl: params.baseUrl,
  collectionPrefix: prefix, isDevelopment: params.development, isProduction: !params.development,
  collectionName: function (name) { return prefix + name; },
  collection: function (name) { return baseRequire('@arangodb').db._collection(prefix + name); }
};
function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
function load(path) {
  var candidates = [path, path + '.js', path + '.json', path + '/index.js'];
  for (var i = 0; i < candidates.length; ++i) {
    var c = candidates[i];
    if (has(cache, c)) return cache[c].exports;
    if (!has(files, c)) continue;
    var module = { exports: {}, context: context, filename: c, id: c };
    cache[c] = module;
    if (/\.json$/.test(c)) { module.exports = JSON.parse(files[c]); return module.exports; }
    var fn;
    try {
      fn = new Function('module', 'exports', 'require', '__filename', '__dirname', files[c]);
    } catch (e) {
      delete cache[c];
      throw { errorNum: 3101, errorMessage: 'syntax error in module\nFile: ' + c + '\n' + String(e) };
    }
    fn(module, module.exports, makeRequire(dirname(c)), c, dirname(c));
    return module.exports;
  }
  var e = new Error("cannot locate module '" + path + "'");
  e.errorNum = 3100;
  throw e;
}
function makeRequire(dir) {
  return function (name) {
    name = String(name);
    if (name.charAt(0) === '.' || name.charAt(0) === '/') return load(resolve(dir, name));
    return baseRequire(name);
  };
}
return load(resolve(params.lib, params.script));
)JS";

struct ScriptOutcome {
  bool ok = false;
  bool not_compiled = false;  // duktape (ECMAScript 5.1) could not compile one of its files
  std::string result_json;  // "" for undefined
  std::optional<HttpResponse> error;
};
constexpr int kModuleSyntaxError = 3101;

// FoxxService.executeScript: runs the manifest's script `name` (which exists) with `argv`.
ScriptOutcome execute_script(RequestContext const& ctx, FoxxService const& s,
                             std::string const& name, std::string const& argv_json) {
  ScriptOutcome out;
  if (!js::available()) {
    out.error = foxx_error(501, kNotImplemented,
                           "JavaScript operations are disabled: the service's scripts cannot run");
    return out;
  }
  auto const* script = member(manifest_object(s, "scripts"), name);
  std::string prefix = s.mount.substr(1);
  for (char& ch : prefix) {
    if (ch == '-' || ch == '.' || ch == ':' || ch == '/') ch = '_';
  }
  prefix += '_';
  JsonWriter p;
  p.begin_object().key("files").begin_object();
  for (auto const& [file, data] : *s.files) {
    // the modules a script can require (the worker's messages are bounded: no other files)
    bool const js = file.size() > 3 && file.compare(file.size() - 3, 3, ".js") == 0;
    bool const json = file.size() > 5 && file.compare(file.size() - 5, 5, ".json") == 0;
    if (js || json) p.kv(file, data);
  }
  p.end_object();
  p.kv("script", script != nullptr && script->IsString() ? sv(*script) : std::string_view{});
  p.kv("lib", manifest_string(s, "lib").value_or("."));
  p.kv("mount", s.mount).kv("prefix", prefix).kv("development", s.development);
  p.kv("baseUrl", db_prefix(ctx) + s.mount);
  p.key("argv").raw(argv_json.empty() ? "[]" : argv_json);
  p.key("manifest").value(*s.manifest);
  p.key("configuration").begin_object();
  for (auto const& d : manifest_object(s, "configuration").GetObject()) {
    if (auto const* v = find_option(s.configuration, sv(d.name))) {
      p.key(sv(d.name)).raw(*v);
    } else if (auto const* dflt = d.value.IsObject() ? member(d.value, "default") : nullptr) {
      p.key(sv(d.name)).value(*dflt);
    }
  }
  p.end_object();
  p.key("dependencies");
  write_options(p, s.dependencies);
  p.end_object();
  js::Scope scope{ctx.database, ctx.db, ctx.auth, "", true};
  js::Result r = js::run("task", kScriptLoader, p.str(), "foxx:" + s.mount + ":" + name, scope);
  if (r.ok()) {
    out.ok = true;
    out.result_json = r.result_json;
    return out;
  }
  if (r.kind == js::Result::Kind::Failed) {
    out.error = foxx_error(500, r.error_num, r.message);
  } else if (r.error_num == kModuleSyntaxError) {
    out.not_compiled = true;
    out.error = foxx_error(501, kNotImplemented,
                           "not implemented: the emulator's JavaScript engine (duktape, ECMAScript "
                           "5.1: no let, arrow functions, destructuring, template literals or "
                           "classes) cannot compile the script: " + r.message);
  } else if (r.error_num == err::kInternal) {
    // not an ArangoError (the worker's fallback number): the Foxx service's handler answers
    // an InternalServerError without the script's message
    out.error = foxx_error(500, 500, "Internal Server Error");
  } else {
    out.error = arango_error(r.error_num, r.message);
  }
  return out;
}

bool has_script(FoxxService const& s, char const* name) {
  return member(manifest_object(s, "scripts"), name) != nullptr;
}

// A setup or teardown script run by a change of services. One the worker's engine cannot
// compile (modern JavaScript, which most services use) is not run: the change goes on as if
// the script had succeeded, and the emulator's log says so (topic general, WARNING).
ScriptOutcome lifecycle_script(RequestContext const& ctx, FoxxService const& s, char const* name) {
  auto outcome = execute_script(ctx, s, name, "");
  if (outcome.not_compiled) {
    ctx.svc.store.logs.log(LogLevel::Warn, "general",
                           std::string("Foxx service \"") + s.mount + "\": " + name +
                               " script not run: " + outcome.error->body);
    outcome = ScriptOutcome{};
    outcome.ok = true;
  }
  return outcome;
}

// ----- handlers ----------------------------------------------------------------------------

// --foxx.api false: index.js answers every route with 403 and ERROR_SERVICE_API_DISABLED.
HttpResponse api_disabled() { return foxx_error(403, 3099, "service api disabled"); }

#define FOXX_PROLOGUE()                                   \
  if (!ctx.svc.options.foxx_api) return api_disabled();   \
  if (auto denied = check_access(ctx)) return *denied;   \
  auto& reg = registry(*ctx.db)

#define FOXX_INSTANCE()                                          \
  FOXX_PROLOGUE();                                               \
  std::string mount;                                             \
  if (auto bad = mount_param(ctx, mount)) return *bad;           \
  std::lock_guard lock(reg.mutex);                               \
  auto service = lookup(reg, mount);                             \
  if (!service) return no_service(mount)

struct SystemService {
  char const* mount;
  char const* name;
  char const* version;
};
constexpr SystemService kSystemServices[] = {{"/_admin/aardvark", "aardvark", "3.0.0"},
                                             {"/_api/foxx", "foxx-manager", "3.1.0"}};

HttpResponse list_services(RequestContext& ctx) {
  FOXX_PROLOGUE();
  bool const exclude_system = ctx.query_flag("excludeSystem");
  std::lock_guard lock(reg.mutex);
  std::vector<std::shared_ptr<FoxxService>> services;
  for (auto const& [_, s] : reg.services) services.push_back(s);
  std::sort(services.begin(), services.end(),
            [](auto const& a, auto const& b) { return a->serial < b->serial; });
  JsonWriter w;
  w.begin_array();
  if (!exclude_system) {
    for (auto const& sys : kSystemServices) {
      w.begin_object().kv("mount", sys.mount).kv("name", sys.name).kv("version", sys.version);
      w.key("provides").begin_object().end_object();
      w.kv("development", false).kv("legacy", false).end_object();
    }
  }
  for (auto const& s : services) {
    w.begin_object().kv("mount", s->mount);
    if (auto n = manifest_string(*s, "name")) w.kv("name", *n);
    if (auto v = manifest_string(*s, "version")) w.kv("version", *v);
    w.key("provides").value(manifest_object(*s, "provides"));
    w.kv("development", s->development).kv("legacy", s->legacy).end_object();
  }
  w.end_array();
  return json_ok(200, w);
}

HttpResponse install_service(RequestContext& ctx) {
  FOXX_PROLOGUE();
  std::string mount;
  if (auto bad = mount_param(ctx, mount)) return *bad;
  ServiceBody body;
  if (auto bad = parse_service_body(ctx, body)) return *bad;
  if (auto bad = validate_mount(mount)) return *bad;
  auto conflict = [&] {
    return arango_error(kMountpointConflict,
                        "service already exists\nMount path: \"" + mount + "\".");
  };
  std::shared_ptr<FoxxService> service;
  {
    std::lock_guard lock(reg.mutex);
    if (lookup(reg, mount)) return conflict();
    Prepared prepared;
    if (auto bad = prepare_service(ctx, body, mount, ctx.query_flag("legacy"), prepared)) return *bad;
    service = make_service(mount, std::move(prepared), ctx.query_flag("development"));
    apply_body_options(*service, body, true);
  }
  // the setup script (query parameter setup, default true), outside the registry's lock: a
  // failure fails the install
  if (ctx.query_flag("setup", true) && has_script(*service, "setup")) {
    auto outcome = lifecycle_script(ctx, *service, "setup");
    if (!outcome.ok) return std::move(*outcome.error);
  }
  std::lock_guard lock(reg.mutex);
  if (lookup(reg, mount)) return conflict();
  service->serial = reg.next_serial++;
  reg.services[mount] = service;
  return full_info(201, ctx, *service);
}

// PATCH (upgrade: keeps the options) and PUT (replace: fresh options; with force also where
// nothing is mounted).
HttpResponse upgrade_or_replace(RequestContext& ctx, bool upgrade) {
  FOXX_PROLOGUE();
  std::string mount;
  if (auto bad = mount_param(ctx, mount)) return *bad;
  std::shared_ptr<FoxxService> old;
  std::shared_ptr<FoxxService> service;
  {
    std::lock_guard lock(reg.mutex);
    old = lookup(reg, mount);
    bool const force = ctx.query_flag("force");
    if (!old && (upgrade || !force)) return no_service(mount);
    ServiceBody body;
    if (auto bad = parse_service_body(ctx, body)) return *bad;
    if (!old) {
      if (auto bad = validate_mount(mount)) return *bad;
    }
    Prepared prepared;
    if (auto bad = prepare_service(ctx, body, mount, ctx.query_flag("legacy"), prepared)) return *bad;
    service = make_service(mount, std::move(prepared), ctx.query_flag("development"));
    if (upgrade && old) {
      service->configuration = old->configuration;
      service->dependencies = old->dependencies;
    }
    apply_body_options(*service, body, !upgrade);
  }
  // the old service's teardown (default: replace yes, upgrade no) and the new one's setup
  // (default yes) run outside the registry's lock; both are forced, so their failures do not
  // stop the upgrade or replacement (manager.js passes force: true)
  if (old && ctx.query_flag("teardown", !upgrade) && has_script(*old, "teardown")) {
    (void)lifecycle_script(ctx, *old, "teardown");
  }
  if (ctx.query_flag("setup", true) && has_script(*service, "setup")) {
    (void)lifecycle_script(ctx, *service, "setup");
  }
  std::lock_guard lock(reg.mutex);
  auto current = lookup(reg, mount);
  service->serial = current ? current->serial : reg.next_serial++;
  reg.services[mount] = service;
  return full_info(200, ctx, *service);
}

HttpResponse get_service(RequestContext& ctx) {
  FOXX_INSTANCE();
  return full_info(200, ctx, *service);
}

HttpResponse delete_service(RequestContext& ctx) {
  FOXX_PROLOGUE();
  std::string mount;
  if (auto bad = mount_param(ctx, mount)) return *bad;
  std::shared_ptr<FoxxService> service;
  {
    std::lock_guard lock(reg.mutex);
    service = lookup(reg, mount);
    if (!service) {
      // manager.js _uninstall: with force nothing mounted is no error
      if (ctx.query_flag("force")) return empty_response(204);
      return no_service(mount);
    }
  }
  // the teardown script (query parameter teardown, default true), outside the lock; its failure
  // keeps the service unless force is set
  if (ctx.query_flag("teardown", true) && has_script(*service, "teardown")) {
    auto outcome = lifecycle_script(ctx, *service, "teardown");
    if (!outcome.ok && !ctx.query_flag("force")) return std::move(*outcome.error);
  }
  std::lock_guard lock(reg.mutex);
  if (lookup(reg, mount) == service) reg.services.erase(mount);
  return empty_response(204);
}

HttpResponse get_configuration(RequestContext& ctx) {
  FOXX_INSTANCE();
  JsonWriter w;
  write_configuration(w, *service, ctx.query_flag("minimal"));
  return json_ok(200, w);
}

template <typename Apply, typename Write>
HttpResponse set_options(RequestContext& ctx, bool replace, Apply apply, Write write) {
  FOXX_INSTANCE();
  auto parsed = parse_json(ctx.body());
  if (!parsed.ok()) return foxx_error(400, 400, "Invalid request body: " + parsed.error);
  if (!parsed.doc->IsObject()) {
    return foxx_error(400, 400, "Invalid request body: \"value\" must be an object");
  }
  auto updated = std::make_shared<FoxxService>(*service);
  Warnings const warnings = apply(*updated, *parsed.doc, replace);
  reg.services[mount] = updated;
  JsonWriter w;
  if (ctx.query_flag("minimal", true)) {  // PATCH and PUT default to minimal
    w.begin_object().key("values");
    write(w, *updated, true, nullptr);
    if (!warnings.empty()) {  // undefined without warnings
      w.key("warnings").begin_object();
      for (auto const& [k, v] : warnings) w.kv(k, v);
      w.end_object();
    }
    w.end_object();
  } else {
    write(w, *updated, false, &warnings);
  }
  return json_ok(200, w);
}

HttpResponse get_dependencies(RequestContext& ctx) {
  FOXX_INSTANCE();
  JsonWriter w;
  write_dependencies(w, *service, ctx.query_flag("minimal"));
  return json_ok(200, w);
}

HttpResponse set_development(RequestContext& ctx, bool on) {
  FOXX_INSTANCE();
  auto updated = std::make_shared<FoxxService>(*service);
  updated->development = on;
  reg.services[mount] = updated;
  return full_info(200, ctx, *updated);
}

HttpResponse list_scripts(RequestContext& ctx) {
  FOXX_INSTANCE();
  JsonWriter w;
  w.begin_object();
  for (auto const& m : manifest_object(*service, "scripts").GetObject()) {
    w.kv(sv(m.name), foxx::readable_name(sv(m.name)));
  }
  w.end_object();
  return json_ok(200, w);
}

// POST scripts/{name}: the script's module.exports (null when undefined), with the body as argv
// (an array as is, any other value as its only element). Runs outside the registry's lock.
HttpResponse run_script(RequestContext& ctx) {
  FOXX_PROLOGUE();
  std::string mount;
  if (auto bad = mount_param(ctx, mount)) return *bad;
  std::shared_ptr<FoxxService> service;
  {
    std::lock_guard lock(reg.mutex);
    service = lookup(reg, mount);
  }
  if (!service) return no_service(mount);
  std::string const& name = ctx.param("name");
  if (member(manifest_object(*service, "scripts"), name) == nullptr) {
    return arango_error(kUnknownScript, "unknown script\nName: " + name);
  }
  std::string argv = "[]";
  if (!ctx.body().empty()) {
    auto parsed = parse_json(ctx.body());
    if (!parsed.ok()) return foxx_error(400, 400, "Invalid request body: " + parsed.error);
    argv = "[" + to_json(*parsed.doc) + "]";  // index.js: [req.body]
  }
  auto outcome = execute_script(ctx, *service, name, argv);
  if (!outcome.ok) return std::move(*outcome.error);
  JsonWriter w;
  if (outcome.result_json.empty()) {
    w.null();
  } else {
    w.raw(outcome.result_json);
  }
  return json_ok(200, w);
}

std::string iso_now() {
  auto const now = std::chrono::system_clock::now();
  auto const secs = std::chrono::system_clock::to_time_t(now);
  auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

bool accepts(RequestContext const& ctx, std::string_view type) {
  auto const* accept = ctx.header("accept");
  return accept != nullptr && accept->find(type) != std::string::npos;
}

// POST tests: a service without tests answers each reporter's empty run.
HttpResponse run_tests(RequestContext& ctx) {
  FOXX_INSTANCE();
  std::string const reporter = ctx.query_value("reporter") ? *ctx.query_value("reporter") : "default";
  static char const* const kReporters[] = {"stream", "suite", "xunit", "tap", "default"};
  if (std::find_if(std::begin(kReporters), std::end(kReporters),
                   [&](char const* r) { return reporter == r; }) == std::end(kReporters)) {
    return foxx_error(400, 400,
                      "Invalid value for query parameter \"reporter\": \"value\" must be one of "
                      "[stream, suite, xunit, tap, default]");
  }
  if (auto const* tests = member(*service->manifest, "tests");
      tests != nullptr && ((tests->IsString() && tests->GetStringLength() > 0) ||
                           (tests->IsArray() && !tests->Empty()))) {
    return foxx_error(501, kNotImplemented,
                      "not implemented: the emulator does not run the tests of Foxx services");
  }
  // idiomatic: true answers in the reporter's own format, false as JSON, unset by Accept
  std::optional<bool> const idiomatic = query_bool(ctx, "idiomatic");
  auto own_format = [&](std::string_view type) {
    return idiomatic.value_or(true) && (idiomatic.value_or(false) || accepts(ctx, type));
  };
  std::string const start = iso_now();
  auto stats = [&](JsonWriter& w) {
    w.begin_object().kv("suites", 0).kv("tests", 0).kv("passes", 0).kv("pending", 0)
        .kv("failures", 0).kv("start", start).kv("end", start).kv("duration", 0).end_object();
  };
  JsonWriter w;
  if (reporter == "stream") {
    if (own_format("application/x-ldjson")) {
      JsonWriter a, b;
      a.begin_array().string("start").begin_object().kv("total", 0).end_object().end_array();
      b.begin_array().string("end");
      stats(b);
      b.end_array();
      HttpResponse r = empty_response(200);
      r.content_type = "application/x-ldjson";
      r.body = a.str() + "\r\n" + b.str() + "\r\n";
      return r;
    }
    w.begin_array();
    w.begin_array().string("start").begin_object().kv("total", 0).end_object().end_array();
    w.begin_array().string("end");
    stats(w);
    w.end_array().end_array();
  } else if (reporter == "tap") {
    static char const* const kLines[] = {"1..0", "# tests 0", "# pass 0", "# fail 0"};
    if (own_format("text/")) {
      HttpResponse r = empty_response(200);
      r.content_type = "text/plain; charset=utf-8";
      for (auto const* line : kLines) r.body += std::string(line) + "\n";
      return r;
    }
    w.begin_array();
    for (auto const* line : kLines) w.string(line);
    w.end_array();
  } else if (reporter == "xunit") {
    // the xunit reporter's JsonML: ["testsuite", {timestamp, tests, errors, failures, skip, time}]
    if (own_format("xml")) {
      HttpResponse r = empty_response(200);
      r.content_type = "application/xml; charset=utf-8";
      r.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuite timestamp=\"" + start +
               "\" tests=\"0\" errors=\"0\" failures=\"0\" skip=\"0\" time=\"0\"></testsuite>\n";
      return r;
    }
    w.begin_array().string("testsuite").begin_object().kv("timestamp", start).kv("tests", 0)
        .kv("errors", 0).kv("failures", 0).kv("skip", 0).kv("time", 0).end_object().end_array();
  } else if (reporter == "suite") {
    w.begin_object().key("stats");
    stats(w);
    w.key("suites").begin_array().end_array().key("tests").begin_array().end_array().end_object();
  } else {
    w.begin_object().key("stats");
    stats(w);
    for (char const* k : {"tests", "pending", "failures", "passes"}) {
      w.key(k).begin_array().end_array();
    }
    w.end_object();
  }
  return json_ok(200, w);
}

HttpResponse download_service(RequestContext& ctx) {
  FOXX_INSTANCE();
  // the stored bundle; in development mode a new zip of the service's files
  std::optional<std::string> zip = *service->bundle;
  if (service->development) zip = foxx::write_zip(*service->files);
  if (!zip) return foxx_error(500, err::kInternal, "cannot write the service's bundle");
  std::string name = mount;
  while (!name.empty() && name.front() == '/') name.erase(name.begin());
  while (!name.empty() && name.back() == '/') name.pop_back();
  std::replace(name.begin(), name.end(), '/', '_');
  HttpResponse r = empty_response(200);
  r.content_type = "application/zip";
  r.body = std::move(*zip);
  r.set_header("Content-Disposition", "attachment; filename=\"" + name + ".zip\"");
  return r;
}

HttpResponse get_readme(RequestContext& ctx) {
  FOXX_INSTANCE();
  for (char const* name : {"README.md", "README"}) {
    if (auto it = service->files->find(name); it != service->files->end()) {
      HttpResponse r = empty_response(200);
      r.content_type = "text/plain; charset=utf-8";
      r.body = it->second;
      return r;
    }
  }
  return empty_response(204);
}

HttpResponse get_swagger(RequestContext& ctx) {
  FOXX_INSTANCE();
  JsonWriter w;
  w.begin_object().kv("swagger", "2.0").kv("basePath", db_prefix(ctx) + mount);
  w.key("paths").begin_object().end_object();
  w.key("info").begin_object();
  if (auto n = manifest_string(*service, "name")) w.kv("title", *n);
  if (auto d = manifest_string(*service, "description")) w.kv("description", *d);
  if (auto v = manifest_string(*service, "version")) w.kv("version", *v);
  w.key("license").begin_object();
  if (auto l = manifest_string(*service, "license")) w.kv("name", *l);
  w.end_object().end_object().end_object();
  return json_ok(200, w);
}

HttpResponse commit_services(RequestContext& ctx) {
  FOXX_PROLOGUE();
  (void)reg;
  return empty_response(204);
}

// The page of routing.js createErrorRoute (dedent keeps the interpolated body's own lines).
HttpResponse error_page(std::string_view body) {
  HttpResponse r = empty_response(503);
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n"
           "    <title>Service Unavailable</title>\n  </head>\n  <body>\n    " +
           std::string(body) + "\n  </body>\n</html>";
  return r;
}

}  // namespace

std::optional<HttpResponse> foxx_route_response(RequestContext const& ctx) {
  if (!ctx.db) return std::nullopt;
  std::shared_ptr<FoxxRegistry> reg;
  {
    std::lock_guard lock(ctx.db->foxx_mutex);
    reg = ctx.db->foxx;
  }
  if (!reg) return std::nullopt;
  std::lock_guard lock(reg->mutex);
  std::shared_ptr<FoxxService> best;
  for (auto const& [mount, s] : reg->services) {
    if ((ctx.path == mount || ctx.path.rfind(mount + "/", 0) == 0) &&
        (!best || mount.size() > best->mount.size())) {
      best = s;
    }
  }
  if (!best) return std::nullopt;
  if (needs_configuration(*best)) return error_page("<p>This service is not configured.</p>");
  return error_page(
      "<p>\n  This service is temporarily not available.\n  Please check the log file for "
      "errors.\n</p>");
}

void register_foxx_handlers(Router& api) {
  api.get("/_api/foxx", list_services);
  api.post("/_api/foxx", install_service);
  api.get("/_api/foxx/service", get_service);
  api.patch("/_api/foxx/service", [](RequestContext& ctx) { return upgrade_or_replace(ctx, true); });
  api.put("/_api/foxx/service", [](RequestContext& ctx) { return upgrade_or_replace(ctx, false); });
  api.del("/_api/foxx/service", delete_service);
  api.get("/_api/foxx/configuration", get_configuration);
  api.patch("/_api/foxx/configuration", [](RequestContext& ctx) {
    return set_options(ctx, false, apply_configuration, write_configuration);
  });
  api.put("/_api/foxx/configuration", [](RequestContext& ctx) {
    return set_options(ctx, true, apply_configuration, write_configuration);
  });
  api.get("/_api/foxx/dependencies", get_dependencies);
  api.patch("/_api/foxx/dependencies", [](RequestContext& ctx) {
    return set_options(ctx, false, apply_dependencies, write_dependencies);
  });
  api.put("/_api/foxx/dependencies", [](RequestContext& ctx) {
    return set_options(ctx, true, apply_dependencies, write_dependencies);
  });
  api.get("/_api/foxx/scripts", list_scripts);
  api.post("/_api/foxx/scripts/:name", run_script);
  api.post("/_api/foxx/development", [](RequestContext& ctx) { return set_development(ctx, true); });
  api.del("/_api/foxx/development", [](RequestContext& ctx) { return set_development(ctx, false); });
  api.post("/_api/foxx/tests", run_tests);
  api.post("/_api/foxx/download", download_service);
  api.get("/_api/foxx/readme", get_readme);
  api.get("/_api/foxx/swagger", get_swagger);
  api.post("/_api/foxx/commit", commit_services);
}

}  // namespace emu
