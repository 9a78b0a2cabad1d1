// ArangoSearch analyzers: request builders and decoders (endpoints-core.md, "Graphs, views,
// analyzers": /_api/analyzer).
#include <arango/detail/ops_analyzer.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

std::string analyzer_path(std::string_view name) { return "/_api/analyzer/" + encode_path_segment(name); }

AnalyzerInfo decode_analyzer(JsonView v) {
  if (!v.is_object() || !v["name"].is_string() || !v["type"].is_string()) {
    throw DeserializationError("analyzer: no analyzer object");
  }
  AnalyzerInfo a;
  a.name = std::string(v["name"].as_string());
  a.type = std::string(v["type"].as_string());
  if (v.contains("properties")) a.properties = Json::copy(v["properties"]);
  if (v.contains("features")) a.features = string_list(v["features"]);
  return a;
}

}  // namespace

Operation<std::vector<AnalyzerInfo>> analyzers() {
  return {Request{Method::GET, "/_api/analyzer"}, [](Response& r) {
            require_success<AnalyzerListError>(r);
            Json body = body_json(r);
            JsonView result = body["result"];
            if (!result.is_array()) throw DeserializationError("analyzers: result is not an array");
            std::vector<AnalyzerInfo> out;
            out.reserve(result.size());
            for (JsonView a : result.elements()) out.push_back(decode_analyzer(a));
            return out;
          }};
}

Operation<AnalyzerInfo> analyzer(const std::string& name) {
  return {Request{Method::GET, analyzer_path(name)}, [](Response& r) {
            require_success<AnalyzerGetError>(r);
            return decode_analyzer(body_json(r));
          }};
}

Operation<AnalyzerInfo> create_analyzer(const std::string& name, const std::string& analyzer_type,
                                        const std::optional<JsonInput>& properties,
                                        const std::optional<std::vector<std::string>>& features) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  b.key("type");
  b.string(analyzer_type);
  if (properties) {
    b.key("properties");
    b.raw(properties->text());
  }
  put_if(b, "features", features);
  b.end_object();
  Request request{Method::POST, "/_api/analyzer"};
  request.data = std::move(b.finish()).str();
  return {std::move(request), [](Response& r) {
            require_success<AnalyzerCreateError>(r);
            return decode_analyzer(body_json(r));
          }};
}

Operation<bool> delete_analyzer(const std::string& name, const DeleteAnalyzerOptions& options) {
  Request request{Method::DELETE, analyzer_path(name)};
  add_bool(request.params, "force", options.force);
  return {std::move(request), [ignore_missing = options.ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404) return false;
            require_success<AnalyzerDeleteError>(r);
            return true;
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
