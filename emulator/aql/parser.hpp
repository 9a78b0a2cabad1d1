// AQL parser: tokens -> Query (statements, expressions, variables), with bind
// parameters injected, collections resolved and functions checked. Errors are
// thrown as QueryError with arangod's codes and messages (syntax errors as
// "AQL: syntax error, unexpected ... near '...' at position L:C (while
// parsing)").
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aql/ast.hpp"
#include "aql/datasource.hpp"
#include "aql/value.hpp"

namespace emu::aql {

struct ParseOptions {
  Value bind_vars = Value::empty_object();
  // Resolves collection names; nullptr: every name is accepted (explain /
  // parse-only requests still resolve when a source is given).
  DataSource* source = nullptr;
  // Check bind parameters (missing: 1551, unused: 1552).
  bool check_bind_vars = true;
  // Resolve collections (1203 for unknown ones).
  bool resolve_collections = true;
};

std::unique_ptr<Query> parse_query(std::string_view text, ParseOptions const& options);

}  // namespace emu::aql
