// Request builders + decoders of the ArangoSearch analyzer operations (defined in
// lib/api/analyzer.cpp).
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

Operation<std::vector<AnalyzerInfo>> analyzers();
Operation<AnalyzerInfo> analyzer(const std::string& name);
Operation<AnalyzerInfo> create_analyzer(const std::string& name, const std::string& analyzer_type,
                                        const std::optional<JsonInput>& properties,
                                        const std::optional<std::vector<std::string>>& features);
Operation<bool> delete_analyzer(const std::string& name, const DeleteAnalyzerOptions& options);

}  // namespace detail::ops
}  // namespace v1
}  // namespace arango
