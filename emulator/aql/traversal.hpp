// AQL graph traversals and path searches of the emulator:
//
//   FOR v[, e[, p]] IN [min[..max]] OUTBOUND|INBOUND|ANY start
//       GRAPH g | [dir] ec1, [dir] ec2 ... [PRUNE [var =] cond] [OPTIONS {...}]
//   FOR v[, e] IN dir SHORTEST_PATH start TO target GRAPH g | ecs [OPTIONS]
//   FOR p IN dir K_SHORTEST_PATHS | ALL_SHORTEST_PATHS start TO target ...
//   FOR p IN [min[..max]] dir K_PATHS start TO target ...
//
// The parser fills a GraphSpec (Stmt::graph); the evaluator hands a FOR with
// a GraphSpec to graph_for(), which produces its rows in the order arangod's
// enumerators do: the edges of a vertex in edge-index order (the order they
// were inserted), per edge collection in the order of the list (GRAPH: the
// graph's edge collections sorted by name), ANY as OUTBOUND then INBOUND;
// DFS takes the last pushed path first, BFS the first; K_PATHS,
// SHORTEST_PATH and ALL_SHORTEST_PATHS search from both ends one depth at a
// time (TwoSidedEnumerator), K_SHORTEST_PATHS is Yen's algorithm over it
// (Dijkstra with a weightAttribute).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "aql/ast.hpp"

namespace emu::aql {

class Evaluator;

enum class GraphKind : std::uint8_t { Traversal, ShortestPath, KShortestPaths, KPaths, AllShortestPaths };
enum class EdgeDir : std::uint8_t { Out, In, Any };

struct GraphSpec {
  GraphKind kind = GraphKind::Traversal;
  EdgeDir direction = EdgeDir::Out;
  NodePtr min_depth, max_depth;  // nullptr: defaults (1..1; K_PATHS 1..1)
  NodePtr start, target;
  std::string graph;  // GRAPH name (empty: edge collection list)
  std::vector<std::pair<EdgeDir, std::string>> edge_collections;  // the list's own directions
  NodePtr prune;
  int prune_var = -1;
  NodePtr options;  // object literal or nullptr
};

// Rows of the graph FOR b.stmts[index] for every input row (appended to `out`). When a LIMIT
// follows it (only LETs between), the search of each input row stops after the rows the
// LIMIT can pass on (a K_SHORTEST_PATHS ... LIMIT 3 does not enumerate every path).
void graph_for(Evaluator& ev, Block const& b, std::size_t index,
               std::vector<std::vector<Value>>& rows, std::vector<std::vector<Value>>& out);

// Explain: the plan node's type name ("TraversalNode", "ShortestPathNode", ...).
char const* graph_node_type(GraphSpec const& g);

}  // namespace emu::aql
