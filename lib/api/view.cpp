// Views (arangosearch, search-alias): request builders and decoders
// (endpoints-core.md, "Graphs, views, analyzers").
#include <arango/detail/ops_view.hpp>
#include <arango/exceptions.hpp>

#include "decode.hpp"

namespace arango {
inline namespace v1 {
namespace detail::ops {
namespace {

std::string view_path(std::string_view name) { return "/_api/view/" + encode_path_segment(name); }

ViewInfo decode_view(JsonView v) {
  if (!v.is_object() || !v["name"].is_string()) throw DeserializationError("view: no view object");
  ViewInfo info;
  info.id = std::string(v["id"].string_or(""));
  info.name = std::string(v["name"].as_string());
  info.type = std::string(v["type"].string_or(""));
  info.globally_unique_id = std::string(v["globallyUniqueId"].string_or(""));
  return info;
}

/// A view answer: the summary fields and the body without the envelope.
template <class Error>
ViewInfo view_of(Response& r) {
  require_success<Error>(r);
  Json body = without_envelope(body_json(r));
  ViewInfo info = decode_view(body.view());
  info.properties = std::move(body);
  return info;
}

/// The properties as an object's text (PUT / PATCH send it as given).
std::string properties_text(const JsonInput& properties) { return properties.text(); }

}  // namespace

Operation<std::vector<ViewInfo>> views() {
  return {Request{Method::GET, "/_api/view"}, [](Response& r) {
            require_success<ViewListError>(r);
            Json body = body_json(r);
            JsonView list = body.view()["result"];
            if (!list.is_array()) throw DeserializationError("views: no result array");
            std::vector<ViewInfo> out;
            for (JsonView item : list.elements()) {
              ViewInfo info = decode_view(item);
              info.properties = Json::copy(item);
              out.push_back(std::move(info));
            }
            return out;
          }};
}

Operation<ViewInfo> view(const std::string& name) {
  return {Request{Method::GET, view_path(name) + "/properties"}, [](Response& r) { return view_of<ViewGetError>(r); }};
}

Operation<ViewInfo> view_info(const std::string& name) {
  return {Request{Method::GET, view_path(name)}, [](Response& r) { return view_of<ViewGetError>(r); }};
}

Operation<ViewInfo> create_view(const std::string& name, const std::string& view_type,
                                const std::optional<JsonInput>& properties) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(name);
  b.key("type");
  b.string(view_type);
  if (properties) {
    Json props = Json::parse(properties->text());
    if (!props.is_object()) throw std::invalid_argument("create_view: the properties are not an object");
    for (auto [key, value] : props.view().members()) {
      if (key == "name" || key == "type") continue;
      b.key(key);
      value.write(b);
    }
  }
  b.end_object();
  return {Request{Method::POST, "/_api/view", {}, std::move(b.finish()).str()},
          [](Response& r) { return view_of<ViewCreateError>(r); }};
}

Operation<ViewInfo> replace_view(const std::string& name, const JsonInput& properties) {
  return {Request{Method::PUT, view_path(name) + "/properties", {}, properties_text(properties)},
          [](Response& r) { return view_of<ViewReplaceError>(r); }};
}

Operation<ViewInfo> update_view(const std::string& name, const JsonInput& properties) {
  return {Request{Method::PATCH, view_path(name) + "/properties", {}, properties_text(properties)},
          [](Response& r) { return view_of<ViewUpdateError>(r); }};
}

Operation<void> rename_view(const std::string& name, const std::string& new_name) {
  JsonBuilder b;
  b.begin_object();
  b.key("name");
  b.string(new_name);
  b.end_object();
  return {Request{Method::PUT, view_path(name) + "/rename", {}, std::move(b.finish()).str()},
          [](Response& r) { require_success<ViewRenameError>(r); }};
}

Operation<bool> delete_view(const std::string& name, bool ignore_missing) {
  return {Request{Method::DELETE, view_path(name)}, [ignore_missing](Response& r) {
            if (ignore_missing && r.status_code == 404) return false;
            require_success<ViewDeleteError>(r);
            return true;
          }};
}

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
