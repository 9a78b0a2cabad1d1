// Helpers shared by the collection, document, index and import handlers.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http_types.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {

// 404 / 1203. arangod's document and import handlers add the name
// ("collection or view not found: products"); the collection and index APIs do not.
inline HttpResponse collection_not_found(std::string_view name, bool with_name = true) {
  if (with_name) {
    return error_response(404, 1203, "collection or view not found: " + std::string(name));
  }
  return error_response(404, 1203);
}

// "/_db/<db>" as arangod prefixes Location headers.
inline std::string db_prefix(RequestContext const& ctx) {
  return "/_db/" + percent_encode(ctx.database);
}

// "h<12 hex digits>", fixed per process: the prefix of globallyUniqueId
// ("h5C3DDE5391BF/70137") of collections and views.
std::string const& server_guid_prefix();

// Creates a collection with default properties (as POST /_api/collection
// with only `name` and `type`) and registers it in `db`. The caller holds
// db.mutex exclusively and has validated the name; returns nullptr when the
// name is taken.
std::shared_ptr<Collection> create_collection_locked(Database& db, std::string const& name,
                                                     CollectionType type);

// Query flag with arangod's boolean parsing, or nullopt when absent.
inline std::optional<bool> query_bool(RequestContext const& ctx, std::string_view name) {
  if (ctx.query_value(name) == nullptr) return std::nullopt;
  return ctx.query_flag(name);
}

}  // namespace emu
