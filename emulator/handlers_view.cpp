// /_api/view (RestViewHandler of arangod 3.12, single server). The view
// model, its property parsing and serialisations are in search/views.*.
#include <algorithm>
#include <cctype>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "handlers.hpp"
#include "handlers_common.hpp"
#include "permissions.hpp"
#include "router.hpp"
#include "search/analyzers.hpp"
#include "search/views.hpp"
#include "store.hpp"

namespace emu {
namespace {

HttpResponse view_not_found() { return error_response(404, err::kArangoDataSourceNotFound); }

HttpResponse view_error(ViewResult const& r) { return error_response(r.status, r.error, r.message); }

// ExecContext::canUseView / canCreateView / canDropView: the database level.
bool may_use_views(RequestContext const& ctx, AuthLevel needed) {
  return AccessContext::of(ctx).can_use_database(needed);
}

// A bare properties object (POST, PUT, PATCH, rename answers).
HttpResponse properties_response(int status, Database const& db, View const& v) {
  JsonWriter w;
  w.begin_object();
  write_view_properties(w, db, v);
  w.end_object();
  return json_response(status, w);
}

HttpResponse list_views(RequestContext& ctx) {
  if (!may_use_views(ctx, AuthLevel::RO)) return error_response(403, err::kForbidden);
  bool const exclude_system = ctx.query_flag("excludeSystem");
  std::shared_lock lock(ctx.db->mutex);
  std::vector<View const*> views;
  for (auto const& [name, v] : ctx.db->views) {
    if (!exclude_system || name.empty() || name.front() != '_') views.push_back(v.get());
  }
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  std::stable_sort(views.begin(), views.end(),
                   [&](View const* a, View const* b) { return lower(a->name) < lower(b->name); });
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_array();
    for (auto const* v : views) {
      w.begin_object();
      write_view_summary(w, *v);
      w.end_object();
    }
    w.end_array();
  });
}

HttpResponse get_view(RequestContext& ctx) {
  std::shared_lock lock(ctx.db->mutex);
  auto v = find_view_locked(*ctx.db, ctx.param("name"));
  if (!v) return view_not_found();
  if (!may_use_views(ctx, AuthLevel::RO)) return error_response(403, err::kForbidden);
  return ok_merged(200, [&](JsonWriter& w) { write_view_summary(w, *v); });
}

HttpResponse get_view_sub(RequestContext& ctx) {
  if (ctx.param("sub") != "properties") {
    return error_response(400, err::kBadParameter, "expecting GET /_api/view[/<view-name>[/properties]]");
  }
  std::shared_lock lock(ctx.db->mutex);
  auto v = find_view_locked(*ctx.db, ctx.param("name"));
  if (!v) return view_not_found();
  if (!may_use_views(ctx, AuthLevel::RO)) return error_response(403, err::kForbidden);
  return ok_merged(200, [&](JsonWriter& w) { write_view_properties_get(w, *ctx.db, *v); });
}

HttpResponse get_too_many(RequestContext&) {
  return error_response(400, err::kBadParameter, "expecting GET /_api/view[/<view-name>[/properties]]");
}

HttpResponse create_view(RequestContext& ctx) {
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  if (parsed.empty || !parsed.doc->IsObject()) {
    return error_response(400, err::kBadParameter, "request body is not an object");
  }
  auto const& body = *parsed.doc;
  if (body.MemberCount() == 0) return error_response(400, err::kHttpCorruptedJson);
  auto const* name = member(body, "name");
  if (name == nullptr || !name->IsString()) {
    return error_response(400, err::kBadParameter,
                          "expecting name parameter to be of the form of \"name: <string>\"");
  }
  auto const* type = member(body, "type");
  if (type == nullptr || !type->IsString()) {
    return error_response(400, err::kBadParameter,
                          "expecting type parameter to be of the form of \"type: <string>\"");
  }
  if (!may_use_views(ctx, AuthLevel::RW)) return error_response(403, err::kForbidden);
  std::unique_lock lock(ctx.db->mutex);
  std::shared_ptr<View> view;
  if (auto r = create_view_locked(*ctx.db, body, new_tick(), server_guid_prefix(), view); !r.ok()) {
    return view_error(r);
  }
  return properties_response(201, *ctx.db, *view);
}

HttpResponse post_bad_suffixes(RequestContext&) {
  return error_response(400, err::kBadParameter, "expecting POST /_api/view");
}

HttpResponse modify_bad_suffixes(RequestContext&) {
  return error_response(400, err::kBadParameter,
                        "expecting [PUT, PATCH] /_api/view/<view-name>/properties or "
                        "PUT /_api/view/<view-name>/rename");
}

HttpResponse vpack_expecting_object() {
  return error_response(500, err::kInternal, "VPack error: Expecting type Object");
}

HttpResponse modify_view(RequestContext& ctx, bool partial) {
  std::string const& sub = ctx.param("sub");
  if (sub != "properties" && sub != "rename") return modify_bad_suffixes(ctx);
  {
    std::shared_lock lock(ctx.db->mutex);
    if (!find_view_locked(*ctx.db, ctx.param("name"))) return view_not_found();
  }
  auto parsed = parse_body(ctx);
  if (!parsed.ok) return corrupted_json_response(parsed);
  static rapidjson::Value const none;
  rapidjson::Value const& body = parsed.empty ? none : *parsed.doc;
  bool const is_rename = sub == "rename";
  // RestViewHandler reads body.get("name") of a rename unguarded: velocypack
  // throws for a body that is not an object, and RestHandler answers 500 / 4
  if (is_rename && !body.IsObject()) return vpack_expecting_object();
  rapidjson::Value const* new_name = is_rename ? member(body, "name") : nullptr;
  if (is_rename && (new_name == nullptr || !new_name->IsString())) {
    return error_response(400, err::kBadParameter, "expecting \"name\" parameter to be a string");
  }
  if (!may_use_views(ctx, AuthLevel::RW)) return error_response(403, err::kForbidden);
  std::unique_lock lock(ctx.db->mutex);
  auto view = find_view_locked(*ctx.db, ctx.param("name"));
  if (!view) return view_not_found();
  if (!is_rename && !body.IsObject()) {
    // Search::properties reads definition.get("indexes") unguarded (500 / 4);
    // IResearchView::updateProperties catches velocypack's exception: 400 / 10
    if (view->search_alias) return vpack_expecting_object();
    return error_response(400, err::kBadParameter,
                          "error updating properties for arangosearch view '" + view->name + "'");
  }
  ViewResult r = is_rename
                     ? rename_view_locked(*ctx.db, view,
                                          std::string(new_name->GetString(), new_name->GetStringLength()))
                     : update_view_locked(*ctx.db, *view, body, partial);
  if (!r.ok()) return view_error(r);
  return properties_response(200, *ctx.db, *view);
}

HttpResponse put_view(RequestContext& ctx) { return modify_view(ctx, false); }
HttpResponse patch_view(RequestContext& ctx) { return modify_view(ctx, true); }

HttpResponse delete_view(RequestContext& ctx) {
  std::unique_lock lock(ctx.db->mutex);
  auto view = find_view_locked(*ctx.db, ctx.param("name"));
  if (!view) return view_not_found();
  if (!may_use_views(ctx, AuthLevel::RW)) return error_response(403, err::kForbidden);
  if (!view->name.empty() && view->name.front() == '_' && !ctx.query_flag("isSystem")) {
    return error_response(403, err::kForbidden, "insufficient rights to drop system view");
  }
  ctx.db->views.erase(view->name);
  return ok_result(200, [](JsonWriter& w) { w.boolean(true); });
}

HttpResponse delete_bad_suffixes(RequestContext&) {
  return error_response(400, err::kBadParameter, "expecting DELETE /_api/view/<view-name>");
}

}  // namespace

void register_view_handlers(Router& api) {
  search::set_use_check(views_use_analyzer);
  api.get("/_api/view", list_views);
  api.get("/_api/view/:name", get_view);
  api.get("/_api/view/:name/:sub", get_view_sub);
  api.get("/_api/view/:name/:sub/*rest", get_too_many);
  api.post("/_api/view", create_view);
  api.post("/_api/view/*rest", post_bad_suffixes);
  for (char const* method : {"PUT", "PATCH"}) {
    auto handler = std::string_view(method) == "PUT" ? put_view : patch_view;
    api.add(method, "/_api/view", modify_bad_suffixes);
    api.add(method, "/_api/view/:name", modify_bad_suffixes);
    api.add(method, "/_api/view/:name/:sub", handler);
    api.add(method, "/_api/view/:name/:sub/*rest", modify_bad_suffixes);
  }
  api.del("/_api/view", delete_bad_suffixes);
  api.del("/_api/view/:name", delete_view);
  api.del("/_api/view/:name/*rest", delete_bad_suffixes);
}

}  // namespace emu
