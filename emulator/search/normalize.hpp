// Per-type property parsing of the analyzers (the iresearch token streams'
// parse/normalize functions): what a type accepts, and the normalised
// properties it reports (defaults filled in, its own key order).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace emu::search {

// Whether arangod 3.12 knows the analyzer type.
bool type_exists(std::string_view type);

// The normalised properties (compact JSON object) of an analyzer of `type`
// given `properties` (nullptr: none given), or nullopt when the analyzer
// rejects them. `depth`: nesting inside pipeline / wildcard / minhash
// definitions (bounded by kMaxPipelineDepth).
std::optional<std::string> normalize_properties(std::string_view type,
                                                rapidjson::Value const* properties, int depth);

}  // namespace emu::search
