// AQL built-in functions: registry (names, argument counts) and
// implementations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aql/value.hpp"

namespace emu::aql {

class Evaluator;
class DataSource;

// Arguments of a function call, evaluated (lazy for a few functions is not
// needed: AQL evaluates all arguments, except for NOT_NULL-style shortcuts
// which do not change results).
using Args = std::vector<Value>;
using FunctionImpl = Value (*)(Evaluator& ev, std::string_view name, Args& args);

struct FunctionDef {
  std::string_view name;
  int min_args;
  int max_args;  // kMaxArgs for "+"
  FunctionImpl impl;
  // Arguments passed as collection names instead of collection contents
  // (bit i set: argument i). DOCUMENT, COLLECTION_COUNT ...
  unsigned collection_name_args = 0;
  bool aggregate = false;  // usable in COLLECT ... AGGREGATE
  bool deterministic = true;
  // Checks arangod makes when it plans the query (optimizer rules), run by the parser on the
  // call's arguments that are literals (nullptr for the others); throws QueryError.
  void (*plan_check)(DataSource& source, std::vector<Value const*> const& literal_args) = nullptr;
};

inline constexpr int kMaxArgs = 65536;

FunctionDef const* find_function(std::string_view upper_name);
std::vector<FunctionDef> const& all_functions();

// Aggregate over the collected values of a group (COLLECT AGGREGATE, WINDOW).
Value aggregate_values(Evaluator& ev, std::string_view func, std::vector<Value> const& values);
bool is_aggregate_function(std::string_view upper_name);

// AQL's LIKE: `pattern` with % and _ wildcards and backslash escapes matches all of `text`
// (code points; ci: case-insensitive).
bool like_match(std::string_view text, std::string_view pattern, bool ci);

}  // namespace emu::aql
