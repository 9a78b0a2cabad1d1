#include "http_types.hpp"

#include <cctype>

namespace emu {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string const* HttpRequest::header(std::string_view name) const noexcept {
  for (auto const& h : headers) {
    if (iequals(h.name, name)) {
      return &h.value;
    }
  }
  return nullptr;
}

void HttpResponse::set_header(std::string name, std::string value) {
  for (auto& h : headers) {
    if (iequals(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

namespace {
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string percent_encode(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3);
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) {
      continue;
    }
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(part, true), std::string{});
    } else {
      out.emplace_back(percent_decode(part.substr(0, eq), true),
                       percent_decode(part.substr(eq + 1), true));
    }
  }
  return out;
}

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string serialize_head(HttpResponse const& res, bool keep_alive) {
  std::string out;
  out.reserve(768 + res.headers.size() * 48);
  out.append("HTTP/1.1 ");
  out.append(std::to_string(res.status));
  out.push_back(' ');
  out.append(reason_phrase(res.status));
  out.append("\r\n");

  auto add = [&out](std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
  };
  auto has = [&res](std::string_view name) {
    for (auto const& h : res.headers) {
      if (iequals(h.name, name)) return true;
    }
    return false;
  };

  for (auto const& h : res.headers) {
    add(h.name, h.value);
  }
  if (!res.raw) {
    // CommTask::finishExecution sets these "if not set"; HttpCommTask then
    // writes them in this order (observed in real wire captures).
    // std::to_string(double), as CommTask::finishExecution formats it
    if (!has("X-Arango-Queue-Time-Seconds"))
      add("X-Arango-Queue-Time-Seconds", std::to_string(res.queue_time));
    if (!has("Strict-Transport-Security"))
      add("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
    if (!has("Expires")) add("Expires", "0");
    if (!has("Pragma")) add("Pragma", "no-cache");
    if (!has("Cache-Control"))
      add("Cache-Control",
          "no-cache, no-store, must-revalidate, pre-check=0, post-check=0, "
          "max-age=0, s-maxage=0");
    if (!has("Content-Security-Policy"))
      add("Content-Security-Policy", "frame-ancestors 'self'; form-action 'self';");
    if (!has("X-Content-Type-Options")) add("X-Content-Type-Options", "nosniff");
  }
  if (!has("Server")) add("Server", "ArangoDB");
  if (res.status == 401 && res.www_authenticate) {
    add("Www-Authenticate", "Basic, realm=\"ArangoDB\"");
    add("Www-Authenticate", "Bearer, token_type=\"JWT\", realm=\"ArangoDB\"");
  }
  add("Connection", keep_alive ? "Keep-Alive" : "Close");
  if (!res.content_type.empty()) {
    add("Content-Type", res.content_type);
  }
  add("Content-Length", std::to_string(res.body.size()));
  out.append("\r\n");
  return out;
}

}  // namespace emu
