// JSON views of a parsed query: the AST (POST /_api/query) and a simplified
// execution plan (explain, profile).
#pragma once

#include "aql/ast.hpp"
#include "json.hpp"

namespace emu::aql {

void write_ast(JsonWriter& w, Query const& q);
void write_plan(JsonWriter& w, Query const& q);

}  // namespace emu::aql
