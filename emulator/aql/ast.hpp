// AQL abstract syntax tree produced by the parser and run by the executor.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "aql/value.hpp"

namespace emu::aql {

struct Node;
struct Block;
struct GraphSpec;  // traversal.hpp
using NodePtr = std::unique_ptr<Node>;

enum class NodeType : std::uint8_t {
  Value,       // literal `value`
  Array,       // kids
  Object,      // kids = values, keys[i] (or key_exprs[i] when computed)
  Var,         // variable slot `var`
  Collection,  // collection name `name` (as an expression operand)
  Attr,        // kids[0].name
  Index,       // kids[0][kids[1]]
  Expand,      // see Node::expansion fields
  Unary,       // op kids[0]
  Binary,      // kids[0] op kids[1]
  And,         // short-circuit
  Or,
  Ternary,     // kids[0] ? kids[1] : kids[2]; kids.size()==2: kids[0] ?: kids[1]
  Range,       // kids[0] .. kids[1]
  Call,        // built-in function `name` (upper case) with kids as arguments
  UserCall,    // user-defined function `name`
  Subquery,    // `block`
  ArrayCmp,    // kids[0] <quantifier> op kids[1]; quantifier, kids[2] = AT LEAST count
  Passthru,    // kids[0] (resets expansion chaining)
};

enum class Op : std::uint8_t {
  None,
  // unary
  Plus, Minus, Not,
  // binary
  Add, Sub, Mul, Div, Mod,
  Eq, Ne, Lt, Le, Gt, Ge, In, NotIn,
};

enum class Quantifier : std::uint8_t { None, All, Any, NoneOf, AtLeast };

struct Node {
  NodeType type = NodeType::Value;
  Op op = Op::None;
  Value value;
  std::string name;
  int var = -1;
  std::vector<NodePtr> kids;
  // objects: keys of the members ("" with computed_key set: kids use key_exprs)
  std::vector<std::string> keys;
  std::vector<NodePtr> key_exprs;  // computed keys ([expr]: value); nullptr otherwise
  // expansion
  int levels = 1;           // [*] = 1, [**] = 2 ...
  bool boolean = false;     // [?] expansion
  Quantifier quantifier = Quantifier::None;
  NodePtr input;            // array to expand
  int iter_var = -1;        // CURRENT
  NodePtr filter, limit_offset, limit_count, ret;  // ret: projection (nullptr = CURRENT)
  NodePtr quantifier_min, quantifier_max;          // [? 2..3 FILTER], AT LEAST (n)
  // subquery
  std::shared_ptr<Block> block;
  // position in the query (for errors of constant folding etc.)
  int line = 0, column = 0;

  bool is_constant() const;
};

// A scorer call of a SEARCH FOR's variable (BM25(d), TFIDF(d, true)): the call
// node reads hidden variable `var`, which the view's rows set (aql/search.hpp).
struct Scorer {
  int var = -1;
  Node const* call = nullptr;  // name "BM25" / "TFIDF", kids[0] the FOR's variable
};

// FOR d IN view SEARCH expr [OPTIONS {...}] (aql/search.hpp runs it).
struct SearchSpec {
  NodePtr expr;
  NodePtr options;  // object literal or nullptr
  std::vector<Scorer> scorers;
};

struct SortKey {
  NodePtr expr;
  NodePtr ascending;  // expression (ASC/DESC become true/false literals)
};

struct Aggregate {
  int var = -1;
  std::string func;  // upper-case aggregate function name
  std::vector<NodePtr> args;
};

enum class StmtKind : std::uint8_t {
  For, Let, Filter, Sort, Limit, Collect, Window, Return,
  Insert, Update, Replace, Remove, Upsert,
};

struct Stmt {
  StmtKind kind = StmtKind::Return;
  // plan node ids (for error messages and profiles)
  int node_id = 0;
  std::vector<int> calc_ids;

  // FOR
  std::vector<int> vars;     // loop variable(s) (destructuring: FOR [a, b] IN ...)
  bool destructure_array = false;
  NodePtr expr;              // FOR source / LET value / FILTER condition / RETURN value ...
  std::string collection;    // FOR over a collection; write target
  std::shared_ptr<GraphSpec> graph;  // FOR over a graph (traversal / path search): expr is null
  NodePtr options;           // OPTIONS {...} (object literal)
  std::shared_ptr<SearchSpec> search;  // FOR over a view with SEARCH (collection: the view)
  // LET
  int var = -1;
  // SORT
  std::vector<SortKey> sort;
  // LIMIT
  NodePtr offset, count;
  // RETURN
  bool distinct = false;
  // COLLECT
  std::vector<std::pair<int, NodePtr>> groups;
  std::vector<Aggregate> aggregates;
  int into_var = -1;
  NodePtr into_expr;
  std::vector<int> keep_vars;
  bool has_keep = false;
  int count_var = -1;
  std::vector<int> into_visible;  // variables captured by INTO without expression
  // WINDOW
  NodePtr window_spec;   // object
  NodePtr window_range;  // range expression or nullptr
  // writes
  NodePtr key_expr;      // UPDATE/REPLACE key WITH doc; REMOVE key
  NodePtr doc_expr;      // INSERT doc, UPDATE doc, UPSERT insert doc
  NodePtr update_expr;   // UPSERT ... UPDATE/REPLACE expr
  NodePtr search_expr;   // UPSERT search object
  bool upsert_replace = false;
  int old_var = -1;      // OLD
  int new_var = -1;      // NEW
};

struct Block {
  std::vector<Stmt> stmts;
  int singleton_id = 1;
  int subquery_node_id = 0;
};

struct Variable {
  std::string name;
  bool user = true;  // user-defined (visible to COLLECT ... INTO)
};

struct Query {
  std::string text;
  Block main;
  std::vector<Variable> vars;
  std::vector<std::string> bind_names;      // bind parameter names, in order of appearance
  std::vector<std::string> collections;     // read collections (in order of appearance)
  std::vector<std::string> write_collections;
  bool modification = false;
  int node_count = 1;
  // warnings the parser registered (Parser::registerWarning): code, message
  std::vector<std::pair<int, std::string>> parse_warnings;
};

}  // namespace emu::aql
