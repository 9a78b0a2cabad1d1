#include "foxx.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include <zip.h>
#include <zlib.h>

#include "json.hpp"

namespace emu::foxx {
namespace {

bool iequal_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A parameter of a header value ("...; name=value" or name="value"), nullopt if absent.
std::optional<std::string> header_param(std::string_view header, std::string_view name) {
  std::size_t const size = header.size();
  std::size_t i = header.find(';');
  while (i < size && header[i] == ';') {
    ++i;
    std::size_t const key_start = i;
    while (i < size && header[i] != '=' && header[i] != ';') ++i;
    std::string_view const key = trim(header.substr(key_start, i - key_start));
    if (i >= size || header[i] == ';') continue;  // a parameter without a value
    ++i;  // '='
    while (i < size && (header[i] == ' ' || header[i] == '\t')) ++i;
    std::string value;
    if (i < size && header[i] == '"') {
      ++i;
      while (i < size && header[i] != '"') {
        if (header[i] == '\\' && i + 1 < size) ++i;
        value.push_back(header[i]);
        ++i;
      }
      while (i < size && header[i] != ';') ++i;  // the closing quote and what follows it
    } else {
      std::size_t const value_start = i;
      while (i < size && header[i] != ';') ++i;
      value = std::string(trim(header.substr(value_start, i - value_start)));
    }
    if (key.size() == name.size() && iequal_prefix(key, name)) return value;
  }
  return std::nullopt;
}

// An entry name that stays inside the bundle: relative, no "." or ".." components, no NUL, no
// backslash (a Windows separator), no drive letter.
bool safe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    return false;
  }
  if (name.size() >= 2 && name[1] == ':') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view part =
        name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == ".." || part == ".") return false;
    if (part.empty() && slash != std::string_view::npos) return false;  // "a//b"
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

bool is_zip(std::string_view bytes) noexcept {
  // a local file header, an empty archive's end record or a spanned archive's marker
  if (bytes.size() < 4 || bytes[0] != 'P' || bytes[1] != 'K') return false;
  return (bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6) ||
         (bytes[2] == 7 && bytes[3] == 8);
}

ZipResult read_zip(std::string_view bytes, ZipLimits const& limits) {
  ZipResult out;
  if (bytes.size() > limits.max_bundle) {
    out.error = "bundle of " + std::to_string(bytes.size()) + " bytes is larger than the limit of " +
                std::to_string(limits.max_bundle) + " bytes";
    return out;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (src == nullptr) {
    out.error = "cannot read the zip file";
    zip_error_fini(&ze);
    return out;
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (za == nullptr) {
    out.error = std::string("invalid zip file: ") + zip_error_strerror(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    return out;
  }
  zip_error_fini(&ze);
  struct Closer {
    zip_t* za;
    ~Closer() { zip_discard(za); }
  } closer{za};

  zip_int64_t const n = zip_get_num_entries(za, 0);
  if (n < 0 || static_cast<std::uint64_t>(n) > limits.max_entries) {
    out.error = "zip file has " + std::to_string(n) + " entries, more than the limit of " +
                std::to_string(limits.max_entries);
    return out;
  }
  std::uint64_t total = 0;
  std::string buffer;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        (st.valid & ZIP_STAT_NAME) == 0 || st.name == nullptr) {
      out.error = "cannot read zip entry " + std::to_string(i);
      return out;
    }
    std::string_view name = st.name;
    if (!safe_entry_name(name)) {
      out.error = "zip entry name \"" + std::string(name) + "\" leaves the bundle";
      return out;
    }
    if (name.back() == '/') continue;  // a directory
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > limits.max_file) {
      out.error = "zip entry \"" + std::string(name) + "\" declares " + std::to_string(st.size) +
                  " bytes, more than the limit of " + std::to_string(limits.max_file);
      return out;
    }
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr) {
      out.error = "cannot open zip entry \"" + std::string(name) + "\": " +
                  zip_error_strerror(zip_get_error(za));
      return out;
    }
    std::string data;
    char chunk[16384];
    bool failed = false;
    for (;;) {
      zip_int64_t got = zip_fread(f, chunk, sizeof chunk);
      if (got < 0) {
        failed = true;
        break;
      }
      if (got == 0) break;
      // the bytes actually read count, whatever the entry declared
      if (data.size() + static_cast<std::uint64_t>(got) > limits.max_file ||
          total + data.size() + static_cast<std::uint64_t>(got) > limits.max_total) {
        zip_fclose(f);
        out.error = "zip entry \"" + std::string(name) +
                    "\" uncompresses to more than the bundle's limits (" +
                    std::to_string(limits.max_file) + " bytes per file, " +
                    std::to_string(limits.max_total) + " in total)";
        return out;
      }
      data.append(chunk, static_cast<std::size_t>(got));
    }
    if (failed) {
      out.error = "cannot read zip entry \"" + std::string(name) + "\": " +
                  zip_error_strerror(zip_file_get_error(f));
      zip_fclose(f);
      return out;
    }
    zip_fclose(f);
    total += data.size();
    out.files[std::string(name)] = std::move(data);
  }
  out.ok = true;
  return out;
}

std::optional<std::string> write_zip(Files const& files) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &ze);
  if (src == nullptr) {
    zip_error_fini(&ze);
    return std::nullopt;
  }
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  zip_error_fini(&ze);
  if (za == nullptr) {
    zip_source_free(src);
    zip_source_free(src);
    return std::nullopt;
  }
  for (auto const& [name, data] : files) {
    zip_source_t* fs = zip_source_buffer(za, data.data(), data.size(), 0);
    if (fs == nullptr) {
      zip_discard(za);
      zip_source_free(src);
      return std::nullopt;
    }
    if (zip_file_add(za, name.c_str(), fs, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(fs);
      zip_discard(za);
      zip_source_free(src);
      return std::nullopt;
    }
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(src);
    return std::nullopt;
  }
  std::optional<std::string> out;
  if (zip_source_open(src) == 0) {
    if (zip_source_seek(src, 0, SEEK_END) == 0) {
      zip_int64_t const size = zip_source_tell(src);
      if (size >= 0 && zip_source_seek(src, 0, SEEK_SET) == 0) {
        std::string data(static_cast<std::size_t>(size), '\0');
        if (size == 0 || zip_source_read(src, data.data(), static_cast<zip_uint64_t>(size)) == size) {
          out = std::move(data);
        }
      }
    }
    zip_source_close(src);
  }
  zip_source_free(src);
  return out;
}

MultipartResult parse_multipart(std::string_view content_type, std::string_view body,
                                MultipartLimits const& limits) {
  MultipartResult out;
  auto boundary = header_param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    out.error = "multipart body without a valid boundary";
    return out;
  }
  std::string const delim = "--" + *boundary;
  // the first delimiter: at the start, or after a preamble's CRLF
  std::size_t pos;
  if (body.substr(0, delim.size()) == delim) {
    pos = delim.size();
  } else {
    std::size_t p = body.find("\r\n" + delim);
    if (p == std::string_view::npos) {
      out.error = "multipart body without its boundary";
      return out;
    }
    pos = p + 2 + delim.size();
  }
  std::string const next_delim = "\r\n" + delim;
  for (;;) {
    if (body.substr(pos, 2) == "--") {  // the closing delimiter
      out.ok = true;
      return out;
    }
    // rest of the delimiter line (transport padding allowed)
    std::size_t eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) {
      out.error = "multipart body ends inside a delimiter line";
      return out;
    }
    pos = eol + 2;
    if (out.parts.size() >= limits.max_parts) {
      out.error = "multipart body has more than " + std::to_string(limits.max_parts) + " parts";
      return out;
    }
    std::size_t headers_end = body.find("\r\n\r\n", pos);
    std::size_t data_start;
    std::string_view headers;
    if (body.substr(pos, 2) == "\r\n") {  // no headers at all
      headers = {};
      data_start = pos + 2;
    } else {
      if (headers_end == std::string_view::npos || headers_end - pos > limits.max_header_bytes) {
        out.error = headers_end == std::string_view::npos
                        ? "multipart part without the end of its headers"
                        : "multipart part headers larger than " +
                              std::to_string(limits.max_header_bytes) + " bytes";
        return out;
      }
      headers = body.substr(pos, headers_end - pos);
      data_start = headers_end + 4;
    }
    MultipartPart part;
    while (!headers.empty()) {
      std::size_t e = headers.find("\r\n");
      std::string_view line = headers.substr(0, e);
      headers = e == std::string_view::npos ? std::string_view{} : headers.substr(e + 2);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view hname = trim(line.substr(0, colon));
      std::string_view hvalue = trim(line.substr(colon + 1));
      if (hname.size() == 19 && iequal_prefix(hname, "content-disposition")) {
        if (auto n = header_param(hvalue, "name")) part.name = *n;
        part.filename = header_param(hvalue, "filename");
      } else if (hname.size() == 12 && iequal_prefix(hname, "content-type")) {
        part.content_type = std::string(hvalue);
      }
    }
    std::size_t end = body.find(next_delim, data_start);
    if (end == std::string_view::npos) {
      out.error = "multipart part without a closing boundary";
      return out;
    }
    part.data = std::string(body.substr(data_start, end - data_start));
    out.parts.push_back(std::move(part));
    pos = end + next_delim.size();
  }
}

ExtractResult extract_service(Files const& bundle_files) {
  ExtractResult out;
  std::optional<std::string> best;
  for (auto const& [name, _] : bundle_files) {
    if (name == "manifest.json" ||
        (name.size() > 14 && name.compare(name.size() - 14, 14, "/manifest.json") == 0)) {
      if (!best || name.size() < best->size()) best = name;
    }
  }
  if (!best) return out;
  std::string dir = best->size() > 13 ? best->substr(0, best->size() - 13) : std::string();
  for (auto const& [name, data] : bundle_files) {
    if (name.compare(0, dir.size(), dir) == 0) out.files[name.substr(dir.size())] = data;
  }
  out.manifest_dir = dir;
  out.ok = true;
  return out;
}

namespace {
// The manifest schema's name pattern /^[-_a-z][-_a-z0-9]*$/i, without std::regex (which
// recurses once per character of the input).
bool valid_service_name(std::string_view name) {
  auto ok = [](char c, bool first) {
    return c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
  };
  if (name.empty() || !ok(name[0], true)) return false;
  for (std::size_t i = 1; i < name.size(); ++i) {
    if (!ok(name[i], false)) return false;
  }
  return true;
}

using rapidjson::Value;

bool all_members_are(Value const& obj, bool (*pred)(Value const&)) {
  for (auto const& m : obj.GetObject()) {
    if (!pred(m.value)) return false;
  }
  return true;
}

}  // namespace

ManifestResult validate_manifest(std::string_view text) {
  ManifestResult out;
  auto parsed = parse_json(text);
  if (!parsed.ok()) {
    out.error = 3000;
    out.detail = parsed.error;
    return out;
  }
  auto& doc = *parsed.doc;
  if (!doc.IsObject()) {
    out.error = 3001;
    out.detail = "\"value\" must be an object";
    return out;
  }
  auto invalid = [&](std::string detail) {
    out.error = 3001;
    out.detail = std::move(detail);
    return out;
  };
  for (char const* key : {"name", "version", "main", "lib", "author", "description", "license",
                          "defaultDocument", "thumbnail"}) {
    if (auto const* v = member(doc, key); v != nullptr && !v->IsString()) {
      return invalid(std::string("\"") + key + "\" must be a string");
    }
  }
  if (auto const* v = member(doc, "name");
      v != nullptr && !valid_service_name(std::string_view(v->GetString(), v->GetStringLength()))) {
    return invalid("\"name\" with value \"" + std::string(v->GetString()) +
                   "\" fails to match the required pattern");
  }
  auto is_string = [](Value const& v) { return v.IsString(); };
  for (char const* key : {"engines", "scripts", "provides"}) {
    if (auto const* v = member(doc, key)) {
      if (!v->IsObject()) return invalid(std::string("\"") + key + "\" must be an object");
      if (!all_members_are(*v, is_string)) {
        return invalid(std::string("\"") + key + "\" values must be strings");
      }
    }
  }
  if (auto const* v = member(doc, "files"); v != nullptr && !v->IsObject()) {
    return invalid("\"files\" must be an object");
  }
  if (auto const* v = member(doc, "tests")) {
    bool ok = v->IsString();
    if (v->IsArray()) {
      ok = true;
      for (auto const& t : v->GetArray()) ok = ok && t.IsString();
    }
    if (!ok) return invalid("\"tests\" must be a string or an array of strings");
  }
  if (auto const* v = member(doc, "configuration")) {
    if (!v->IsObject()) return invalid("\"configuration\" must be an object");
    for (auto const& m : v->GetObject()) {
      std::string const name(m.name.GetString(), m.name.GetStringLength());
      if (!m.value.IsObject()) return invalid("\"configuration." + name + "\" must be an object");
      if (auto const* t = member(m.value, "type")) {
        if (!t->IsString() || !is_config_type(std::string_view(t->GetString(), t->GetStringLength()))) {
          return invalid("\"configuration." + name + ".type\" must be one of integer, boolean, "
                         "number, string, json, password, int, bool");
        }
      }
      if (auto const* r = member(m.value, "required"); r != nullptr && !r->IsBool()) {
        return invalid("\"configuration." + name + ".required\" must be a boolean");
      }
    }
  }
  if (auto const* v = member(doc, "dependencies")) {
    if (!v->IsObject()) return invalid("\"dependencies\" must be an object");
    for (auto const& m : v->GetObject()) {
      if (!m.value.IsString() && !m.value.IsObject()) {
        return invalid("\"dependencies." + std::string(m.name.GetString()) +
                       "\" must be a string or an object");
      }
    }
  }
  // the schema's defaults, after the keys given
  auto& alloc = doc.GetAllocator();
  auto add_default = [&](char const* key, Value value) {
    if (member(doc, key) == nullptr) doc.AddMember(Value(key, alloc), value, alloc);
  };
  add_default("$schema", Value("http://json.schemastore.org/foxx-manifest"));
  add_default("configuration", Value(rapidjson::kObjectType));
  add_default("dependencies", Value(rapidjson::kObjectType));
  add_default("files", Value(rapidjson::kObjectType));
  add_default("lib", Value("."));
  add_default("provides", Value(rapidjson::kObjectType));
  add_default("scripts", Value(rapidjson::kObjectType));
  {
    Value engines(rapidjson::kObjectType);
    engines.AddMember("arangodb", Value("^3.0.0"), alloc);
    add_default("engines", std::move(engines));
  }
  out.manifest = std::shared_ptr<rapidjson::Document>(std::move(parsed.doc));
  return out;
}

bool is_config_type(std::string_view type) noexcept {
  for (std::string_view t : {"integer", "boolean", "number", "string", "json", "password", "int",
                             "bool"}) {
    if (type == t) return true;
  }
  return false;
}

namespace {
std::string number_json(double d) {
  if (std::floor(d) == d && std::fabs(d) < 9e15) return to_json(Value(static_cast<std::int64_t>(d)));
  return to_json(Value(d));
}
}  // namespace

std::optional<std::string> check_config_value(std::string_view type, Value const& value,
                                              std::string& warning) {
  std::string const json = to_json(value);
  auto numeric = [&](double& d) {
    if (value.IsNumber()) {
      d = value.GetDouble();
      return true;
    }
    if (value.IsString()) {
      std::string s(value.GetString(), value.GetStringLength());
      char* end = nullptr;
      d = std::strtod(s.c_str(), &end);
      return !s.empty() && end == s.c_str() + s.size() && std::isfinite(d);
    }
    return false;
  };
  if (type == "integer" || type == "int") {
    double d = 0;
    if (!numeric(d)) {
      warning = "must be a number";
      return std::nullopt;
    }
    if (std::floor(d) != d) {
      warning = "must be an integer";
      return std::nullopt;
    }
    return value.IsNumber() ? json : number_json(d);
  }
  if (type == "number") {
    double d = 0;
    if (!numeric(d)) {
      warning = "must be a number";
      return std::nullopt;
    }
    return value.IsNumber() ? json : number_json(d);
  }
  if (type == "boolean" || type == "bool") {
    if (value.IsBool()) return json;
    if (value.IsString()) {
      std::string_view s(value.GetString(), value.GetStringLength());
      if (s == "true" || s == "false") return std::string(s);
    }
    warning = "must be a boolean";
    return std::nullopt;
  }
  if (type == "json") {
    if (value.IsString()) {
      auto parsed = parse_json(std::string_view(value.GetString(), value.GetStringLength()));
      if (!parsed.ok()) {
        warning = parsed.error;
        return std::nullopt;
      }
      return to_json(*parsed.doc);
    }
    return json;
  }
  // string, password (also the default type)
  if (!value.IsString()) {
    warning = "must be a string";
    return std::nullopt;
  }
  return json;
}

std::string readable_name(std::string_view name) {
  if (name.empty()) return {};
  std::string s(name);
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  // The replacements of FoxxService's prettifying regular expressions, done by plain scans
  // (std::regex recurses once per character: a long name overflowed the stack):
  // /([-_]|\s)+/g -> " ", then /([a-z])([A-Z])/g -> "$1 $2", then /([A-Z])([A-Z][a-z])/g -> "$1 $2".
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  std::string t;
  t.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto sep = [&](char c) { return c == '-' || c == '_' || std::isspace(static_cast<unsigned char>(c)); };
    if (sep(s[i])) {
      while (i < s.size() && sep(s[i])) ++i;
      t += ' ';
    } else {
      t += s[i++];
    }
  }
  s.clear();
  for (std::size_t i = 0; i < t.size(); ++i) {
    s += t[i];
    if (i + 1 < t.size() && lower(t[i]) && upper(t[i + 1])) s += ' ';
  }
  t.clear();
  for (std::size_t i = 0; i < s.size();) {
    if (i + 2 < s.size() && upper(s[i]) && upper(s[i + 1]) && lower(s[i + 2])) {
      t += s[i];
      t += ' ';
      t += s[i + 1];
      t += s[i + 2];
      i += 3;
    } else {
      t += s[i++];
    }
  }
  s = std::move(t);
  // " x" -> " X"
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (std::isspace(static_cast<unsigned char>(s[i - 1])) && s[i] >= 'a' && s[i] <= 'z') {
      s[i] = static_cast<char>(s[i] - 'a' + 'A');
    }
  }
  return s;
}

bool is_legacy_range(std::string_view range) {
  // ranges like "^2.8.0", "~2.8", "2.x", "<3.0.0", "1.0.0 - 2.8.0": every version below 3.0.0
  if (range.find("||") != std::string_view::npos || range.find('>') != std::string_view::npos) {
    return false;
  }
  std::string_view r = trim(range);
  if (!r.empty() && r.front() == '<') {
    r.remove_prefix(1);
    if (!r.empty() && r.front() == '=') return false;  // "<=3.0.0" includes 3.0.0
    r = trim(r);
    // "<3", "<3.0", "<3.0.0" or any bound with a major version below 3
    if (r == "3" || r == "3.0" || r == "3.0.0") return true;
    return !r.empty() && std::isdigit(static_cast<unsigned char>(r.front())) && r.front() < '3' &&
           (r.size() < 2 || !std::isdigit(static_cast<unsigned char>(r[1])));
  }
  while (!r.empty() && (r.front() == '^' || r.front() == '~' || r.front() == '=' || r.front() == 'v')) {
    r.remove_prefix(1);
  }
  if (r.empty() || !std::isdigit(static_cast<unsigned char>(r.front()))) return false;
  std::size_t i = 0;
  unsigned major = 0;
  while (i < r.size() && std::isdigit(static_cast<unsigned char>(r[i])) && major < 1000) {
    major = major * 10 + static_cast<unsigned>(r[i] - '0');
    ++i;
  }
  if (r.find(" - ") != std::string_view::npos) {
    std::string_view upper = trim(r.substr(r.find(" - ") + 3));
    return !upper.empty() && upper.front() >= '0' && upper.front() <= '2' &&
           (upper.size() < 2 || !std::isdigit(static_cast<unsigned char>(upper[1])));
  }
  return major < 3;
}

std::string checksum(std::string_view bytes) {
  uLong sum = adler32(0L, Z_NULL, 0);
  std::size_t off = 0;
  while (off < bytes.size()) {
    std::size_t const n = std::min<std::size_t>(bytes.size() - off, 1U << 30);
    sum = adler32(sum, reinterpret_cast<Bytef const*>(bytes.data() + off), static_cast<uInt>(n));
    off += n;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%lx", static_cast<unsigned long>(sum));
  return buf;
}

}  // namespace emu::foxx
