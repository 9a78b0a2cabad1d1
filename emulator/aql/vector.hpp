// Vector search: APPROX_NEAR_COSINE / APPROX_NEAR_L2 / APPROX_NEAR_INNER_PRODUCT.
//
// arangod's optimizer rule use-vector-index replaces
//   FOR d IN coll [LET ...] [FILTER ...] [LET ...] SORT APPROX_NEAR_x(d.attr, q) LIMIT [o,] k
// by an EnumerateNearVectorNode when coll has a trained vector index on attr
// whose metric is the function's and the SORT direction fits the metric (L2
// ascending, cosine and inner product descending). The node asks the index for
// the o+k nearest documents (the FILTER evaluated during the search); the SORT
// and the calculation of the function go away. A call the rule could not
// replace is evaluated as a function, which fails with 1554.
//
// The emulator answers the replaced FOR by an exact search over the
// collection's documents, with Faiss' float arithmetic: the distance variable
// holds the L2 distance, the cosine similarity or the inner product.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "aql/ast.hpp"
#include "aql/datasource.hpp"
#include "aql/functions.hpp"
#include "aql/value.hpp"

namespace emu {
class Collection;
}

namespace emu::aql {

class Evaluator;
class RowSource;

// The vector indexes of a collection (the caller holds its lock).
std::vector<VectorIndexInfo> vector_indexes_of(emu::Collection const& c);

// What use-vector-index found for the FOR statement `for_index` of a block.
struct VectorSearch {
  VectorIndexInfo index;
  std::string function;           // APPROX_NEAR_...
  Node const* query = nullptr;    // the query point
  Node const* options = nullptr;  // {nProbe} (third argument, an object) or null
  int distance_var = -1;          // LET variable of the function's value (-1: none)
  std::size_t limit_index = 0;    // the LIMIT
  std::size_t filter_index = 0;   // the FILTER evaluated during the search (0: none)
  std::set<std::size_t> replaced; // statements the search replaces (SORT, its LET, the FILTER)
};

std::optional<VectorSearch> match_vector_search(Block const& b, std::size_t for_index, DataSource& source);

// The rows of the search: for each row of `input`, the nearest documents in
// the FOR variable (and the distance variable set).
std::unique_ptr<RowSource> vector_search_rows(Evaluator& ev, Block const& b, std::size_t for_index,
                                              VectorSearch search, std::unique_ptr<RowSource> input,
                                              std::vector<Value> const& start);

// The functions themselves: only reached when the rule did not apply (1554).
Value f_approx_near(Evaluator& ev, std::string_view name, Args& args);

}  // namespace emu::aql
