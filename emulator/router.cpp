#include "router.hpp"

#include <stdexcept>

namespace emu {

std::string const* RequestContext::query_value(std::string_view name) const noexcept {
  for (auto const& [k, v] : query) {
    if (k == name) {
      return &v;
    }
  }
  return nullptr;
}

bool RequestContext::query_flag(std::string_view name, bool default_value) const noexcept {
  auto const* v = query_value(name);
  if (v == nullptr) {
    return default_value;
  }
  return iequals(*v, "true") || *v == "1" || iequals(*v, "yes") || iequals(*v, "on") ||
         iequals(*v, "y");
}

std::string const& RequestContext::param(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end()) {
    throw std::logic_error("route has no parameter '" + std::string(name) + "'");
  }
  return it->second;
}

std::vector<std::string> split_path(std::string_view raw_path) {
  std::vector<std::string> out;
  while (!raw_path.empty()) {
    auto slash = raw_path.find('/');
    std::string_view seg = raw_path.substr(0, slash);
    raw_path = slash == std::string_view::npos ? std::string_view{} : raw_path.substr(slash + 1);
    if (!seg.empty()) {
      out.push_back(percent_decode(seg));
    }
  }
  return out;
}

void Router::add(std::string_view method, std::string_view pattern, Handler handler) {
  Route r;
  r.method = std::string(method);
  r.handler = std::move(handler);
  while (!pattern.empty()) {
    auto slash = pattern.find('/');
    std::string_view seg = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view{} : pattern.substr(slash + 1);
    if (seg.empty()) {
      continue;
    }
    if (seg.front() == ':') {
      r.segments.push_back({Segment::Kind::Param, std::string(seg.substr(1))});
    } else if (seg.front() == '*') {
      r.segments.push_back({Segment::Kind::Rest, std::string(seg.substr(1))});
    } else {
      r.segments.push_back({Segment::Kind::Literal, std::string(seg)});
    }
  }
  routes_.push_back(std::move(r));
}

bool Router::matches(Route const& r, std::vector<std::string> const& segs,
                     std::map<std::string, std::string, std::less<>>* params) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < r.segments.size(); ++k) {
    auto const& s = r.segments[k];
    if (s.kind == Segment::Kind::Rest) {
      if (i >= segs.size()) {
        return false;  // "*rest" needs at least one segment
      }
      if (params != nullptr) {
        std::string rest;
        for (std::size_t j = i; j < segs.size(); ++j) {
          if (!rest.empty()) rest.push_back('/');
          rest += segs[j];
        }
        (*params)[s.text] = std::move(rest);
      }
      return true;
    }
    if (i >= segs.size()) {
      return false;
    }
    if (s.kind == Segment::Kind::Literal) {
      if (segs[i] != s.text) {
        return false;
      }
    } else if (params != nullptr) {
      (*params)[s.text] = segs[i];
    }
    ++i;
  }
  return i == segs.size();
}

std::vector<int> Router::specificity(Route const& r) {
  std::vector<int> out;
  out.reserve(r.segments.size());
  for (auto const& s : r.segments) {
    out.push_back(s.kind == Segment::Kind::Literal ? 2 : s.kind == Segment::Kind::Param ? 1 : 0);
  }
  return out;
}

Router::Match Router::match(std::string_view method,
                            std::vector<std::string> const& segments) const {
  Match m;
  Route const* best = nullptr;
  std::vector<int> best_spec;
  bool best_is_head_fallback = false;
  bool any_path_match = false;

  auto consider = [&](Route const& r, bool head_fallback) {
    auto spec = specificity(r);
    if (best == nullptr || spec > best_spec ||
        (spec == best_spec && best_is_head_fallback && !head_fallback)) {
      best = &r;
      best_spec = std::move(spec);
      best_is_head_fallback = head_fallback;
    }
  };

  for (auto const& r : routes_) {
    if (!matches(r, segments, nullptr)) {
      continue;
    }
    any_path_match = true;
    if (r.method == method) {
      consider(r, false);
    } else if (method == "HEAD" && r.method == "GET") {
      consider(r, true);
    }
  }
  if (best == nullptr) {
    m.kind = any_path_match ? Match::Kind::MethodNotAllowed : Match::Kind::NoRoute;
    return m;
  }
  m.kind = Match::Kind::Found;
  m.handler = &best->handler;
  m.head_as_get = best_is_head_fallback;
  matches(*best, segments, &m.params);
  return m;
}

// ---------------------------------------------------------------------------

HttpResponse json_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "application/json; charset=utf-8";
  return r;
}

HttpResponse empty_response(int status) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

HttpResponse error_response(int status, int error_num, std::string_view message) {
  if (message.empty()) {
    message = error_message(error_num);
  }
  JsonWriter w;
  w.begin_object()
      .kv("code", status)
      .kv("error", true)
      .kv("errorMessage", message)
      .kv("errorNum", error_num)
      .end_object();
  return json_response(status, w);
}

HttpResponse error_response(int error_num, std::string_view message) {
  return error_response(http_status_for_error(error_num), error_num, message);
}

HttpResponse unknown_path(RequestContext const& ctx) {
  std::string url = ctx.path;
  std::string_view const target = ctx.request.target;
  if (auto q = target.find('?'); q != std::string_view::npos) url += target.substr(q);
  JsonWriter w;
  w.begin_object()
      .kv("error", true)
      .kv("code", 404)
      .kv("errorNum", static_cast<int>(err::kHttpNotFound))
      .kv("errorMessage", "unknown path '" + url + "'")
      .end_object();
  return json_response(404, w);
}

HttpResponse prehandler_error(int status, int error_num, std::string_view message) {
  if (message.empty()) {
    message = error_message(error_num);
  }
  JsonWriter w;
  w.begin_object()
      .kv("error", true)
      .kv("errorNum", error_num)
      .kv("errorMessage", message)
      .kv("code", status)
      .end_object();
  return json_response(status, w);
}

BodyParse parse_body(RequestContext const& ctx) {
  BodyParse out;
  if (ctx.body().empty()) {
    out.ok = true;
    out.empty = true;
    return out;
  }
  auto parsed = parse_json(ctx.body());
  if (!parsed.ok()) {
    out.error = std::move(parsed.error);
    return out;
  }
  out.ok = true;
  out.doc = std::move(parsed.doc);
  return out;
}

HttpResponse corrupted_json_response(BodyParse const& parse) {
  return error_response(400, err::kHttpCorruptedJson, "VPackError error: " + parse.error);
}

HttpResponse unguarded_payload_response(BodyParse const& parse) {
  // parse_json's messages for velocypack's InvalidUtf8Sequence, NumberOutOfRange and
  // TooDeepNesting; everything else it reports is a ParseError
  bool const parse_error = parse.error != "Invalid UTF-8 sequence" && parse.error != "Number out of range" &&
                           parse.error != "Too deep nesting in Array/Object";
  if (parse_error) return error_response(400, err::kHttpCorruptedJson, "VPack error: " + parse.error);
  return error_response(500, err::kInternal, "VPack error: " + parse.error);
}

}  // namespace emu
