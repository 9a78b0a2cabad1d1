// Request builders + decoders of the view operations (defined in lib/api/view.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <arango/detail/operation.hpp>
#include <arango/export.hpp>
#include <arango/json.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace v1 ARANGO_API {
namespace detail::ops {

/// GET /_api/view: every view's summary. ViewListError.
Operation<std::vector<ViewInfo>> views();
/// GET /_api/view/<name>/properties. ViewGetError.
Operation<ViewInfo> view(const std::string& name);
/// GET /_api/view/<name>: id, name, type, globallyUniqueId. ViewGetError.
Operation<ViewInfo> view_info(const std::string& name);
/// POST /_api/view: {name, type, ...properties}. ViewCreateError.
Operation<ViewInfo> create_view(const std::string& name, const std::string& view_type,
                                const std::optional<JsonInput>& properties);
/// PUT /_api/view/<name>/properties. ViewReplaceError.
Operation<ViewInfo> replace_view(const std::string& name, const JsonInput& properties);
/// PATCH /_api/view/<name>/properties. ViewUpdateError.
Operation<ViewInfo> update_view(const std::string& name, const JsonInput& properties);
/// PUT /_api/view/<name>/rename {name: new_name}. ViewRenameError.
Operation<void> rename_view(const std::string& name, const std::string& new_name);
/// DELETE /_api/view/<name>: true; false on 404 with ignore_missing. ViewDeleteError.
Operation<bool> delete_view(const std::string& name, bool ignore_missing);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
