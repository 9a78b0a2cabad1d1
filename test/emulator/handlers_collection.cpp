// /_api/collection (listing only for now; the rest comes with collections).
#include <string>

#include "handlers.hpp"
#include "router.hpp"
#include "store.hpp"

namespace emu {
namespace {

HttpResponse list_collections(RequestContext& ctx) {
  bool const exclude_system = ctx.query_flag("excludeSystem");
  auto collections = ctx.db->collections_sorted();
  return ok_result(200, [&](JsonWriter& w) {
    w.begin_array();
    for (auto const& c : collections) {
      if (exclude_system && c->is_system) {
        continue;
      }
      w.begin_object()
          .kv("id", std::to_string(c->id))
          .kv("name", c->name)
          .kv("status", 3)
          .kv("type", static_cast<int>(c->type))
          .kv("isSystem", c->is_system)
          .kv("globallyUniqueId", c->globally_unique_id)
          .end_object();
    }
    w.end_array();
  });
}

}  // namespace

void register_collection_handlers(Router& api) {
  api.get("/_api/collection", list_collections);
}

}  // namespace emu
