// JSON views of a parsed query: the AST (POST /_api/query) and a simplified
// execution plan (explain, profile).
#pragma once

#include "aql/ast.hpp"
#include "json.hpp"

namespace emu::aql {

void write_ast(JsonWriter& w, Query const& q);
class DataSource;

// With a data source, FOR statements the use-vector-index rule replaces show as
// EnumerateNearVectorNode (aql/vector.hpp).
void write_plan(JsonWriter& w, Query const& q, DataSource* source = nullptr);

}  // namespace emu::aql
