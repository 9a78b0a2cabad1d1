#include "aql/parser.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <unordered_map>

#include "aql/error.hpp"
#include "aql/functions.hpp"
#include "aql/lexer.hpp"
#include "aql/traversal.hpp"

namespace emu::aql {

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool ieq(std::string_view a, std::string_view b) { return upper(a) == upper(b); }

// QueryString::extractRegion
std::string extract_region(std::string_view q, int line, int column) {
  int cur_line = 1, cur_col = 0;
  std::size_t p = 0;
  while (p < q.size() && q[p] != '\0') {
    if (cur_line > line || (cur_line >= line && cur_col >= column)) break;
    char c = q[p];
    if (c == '\n') {
      ++p;
      ++cur_line;
      cur_col = 0;
    } else if (c == '\r') {
      ++p;
      ++cur_line;
      cur_col = 0;
      if (p < q.size() && q[p] == '\n') ++p;
    } else {
      ++cur_col;
      ++p;
    }
  }
  constexpr int kSnippet = 32;
  std::string result;
  std::size_t i = p;
  int chars = 0;
  while (i < q.size()) {
    auto c = static_cast<unsigned char>(q[i]);
    if ((c & 128) == 0 || (c & 192) == 192) {
      ++chars;
      if (chars > kSnippet) break;
    }
    result += q[i];
    ++i;
  }
  if (i != q.size()) result += "...";
  return result;
}

// Ast::validateAndOptimize: data-modification checks, in the order arangod's traversal of the
// AST meets the nodes (subqueries of a statement are hoisted into LETs before it; a write
// node's options and collection come before its expressions). A collection read after a
// write to it, a write to a collection first seen on an outer level, a document-reading
// function or a traversal after any write: 1579 (arangod's 1573 for a write inside a
// write's own subtree cannot happen once subqueries are hoisted). Also optimizeFor's check
// of a constant FOR operand (1563).
class ModificationCheck {
 public:
  void block(Block const& b) {
    for (auto const& s : b.stmts) {
      for_each_expr(s, [&](Node const* e) { hoist(e); });
      stmt(s);
    }
  }

 private:
  [[noreturn]] static void access_after(std::string const& what) {
    throw QueryError(1579, format_error(1579, {what}) + " (while optimizing ast)");
  }

  template <typename F>
  static void for_each_expr(Stmt const& s, F&& f) {
    for (Node const* e : {s.options.get(), s.expr.get(), s.offset.get(), s.count.get(),
                          s.into_expr.get(), s.window_spec.get(), s.window_range.get(),
                          s.search_expr.get(), s.key_expr.get(), s.doc_expr.get(),
                          s.update_expr.get()}) {
      if (e != nullptr) f(e);
    }
    for (auto const& k : s.sort) {
      if (k.expr) f(k.expr.get());
      if (k.ascending) f(k.ascending.get());
    }
    for (auto const& g : s.groups) {
      if (g.second) f(g.second.get());
    }
    for (auto const& a : s.aggregates) {
      for (auto const& arg : a.args) {
        if (arg) f(arg.get());
      }
    }
    if (s.graph) {
      for (Node const* e : {s.graph->min_depth.get(), s.graph->max_depth.get(),
                            s.graph->start.get(), s.graph->target.get(), s.graph->prune.get(),
                            s.graph->options.get()}) {
        if (e != nullptr) f(e);
      }
    }
  }

  template <typename F>
  static void for_each_child(Node const& n, F&& f) {
    for (auto const& k : n.kids) {
      if (k) f(k.get());
    }
    for (auto const& k : n.key_exprs) {
      if (k) f(k.get());
    }
    for (Node const* e : {n.input.get(), n.filter.get(), n.limit_offset.get(),
                          n.limit_count.get(), n.ret.get(), n.quantifier_min.get(),
                          n.quantifier_max.get()}) {
      if (e != nullptr) f(e);
    }
  }

  // Subqueries of an expression, innermost-first as the grammar hoists them.
  void hoist(Node const* n) {
    if (n->type == NodeType::Subquery) {
      ++nesting_;
      if (n->block) block(*n->block);
      --nesting_;
      return;
    }
    for_each_child(*n, [&](Node const* k) { hoist(k); });
  }

  void collection(std::string const& name, int first_seen_level) {
    first_seen_.try_emplace(name, first_seen_level);
    if (writes_seen_.count(name) != 0) access_after("collection '" + name + "'");
  }

  void expr(Node const* n) {
    if (n->type == NodeType::Subquery) return;  // hoisted
    if (n->type == NodeType::Collection) {
      collection(n->name, nesting_);
      return;
    }
    for_each_child(*n, [&](Node const* k) { expr(k); });
    if (n->type == NodeType::Call && any_write_ && (n->name == "DOCUMENT" || n->name == "COLLECTION_COUNT")) {
      access_after("function " + n->name);
    }
  }

  void stmt(Stmt const& s) {
    bool const write = s.kind == StmtKind::Insert || s.kind == StmtKind::Update ||
                       s.kind == StmtKind::Replace || s.kind == StmtKind::Remove ||
                       s.kind == StmtKind::Upsert;
    if (!write) {
      for_each_expr(s, [&](Node const* e) { expr(e); });
      // Ast::optimizeFor: a constant operand that is not an array (bind parameters injected)
      if (s.kind == StmtKind::For && s.collection.empty() && !s.graph && s.expr &&
          s.expr->type != NodeType::Array && s.expr->is_constant() &&
          !(s.expr->type == NodeType::Value && s.expr->value.is_array())) {
        throw QueryError(1563, format_error(1563) + " as operand to FOR loop (while optimizing ast)");
      }
      if (s.kind == StmtKind::For && s.graph && s.graph->kind == GraphKind::Traversal && any_write_) {
        access_after("traversal");
      }
      return;
    }
    if (s.options) expr(s.options.get());
    // UPSERT reads its collection in a subquery of its own (one level down)
    collection(s.collection, s.kind == StmtKind::Upsert ? nesting_ + 1 : nesting_);
    for (Node const* e : {s.search_expr.get(), s.key_expr.get(), s.doc_expr.get(), s.update_expr.get()}) {
      if (e != nullptr) expr(e);
    }
    any_write_ = true;
    writes_seen_.insert(s.collection);
    if (auto it = first_seen_.find(s.collection); it != first_seen_.end() && it->second < nesting_) {
      access_after("collection '" + s.collection + "'");
    }
  }

  int nesting_ = 0;
  bool any_write_ = false;
  std::unordered_map<std::string, int> first_seen_;
  std::set<std::string> writes_seen_;
};

enum class ScopeType { Main, Subquery, For, Collect };

struct Scope {
  ScopeType type;
  std::vector<std::pair<std::string, int>> vars;
};

// Binding powers (Bison precedences, low to high).
constexpr int kTernary = 1, kOr = 2, kAnd = 3, kQuant = 4, kAtLeast = 5, kEq = 6, kIn = 7,
              kCmp = 8, kRange = 9, kAdd = 10, kMul = 11, kUnary = 12;

class Parser {
 public:
  Parser(std::string_view text, ParseOptions const& opts)
      : text_(text), opts_(opts), toks_(tokenize(text)) {
    q_ = std::make_unique<Query>();
    q_->text = std::string(text);
  }

  std::unique_ptr<Query> run() {
    if (opts_.check_bind_vars && !opts_.bind_vars.is_object() && !opts_.bind_vars.is_null()) {
      throw QueryError(1550, "invalid structure of bind parameters (while parsing)");
    }
    scopes_.push_back({ScopeType::Main, {}});
    q_->main.singleton_id = next_id();
    // WITH collection list
    if (cur().type == Tok::With) {
      advance();
      bool any = false;
      while (true) {
        Tok t = cur().type;
        if (t == Tok::String || t == Tok::Parameter || t == Tok::DataSourceParameter) {
          std::string name;
          if (t == Tok::String) {
            name = cur().text;
          } else {
            name = datasource_param_name(cur(), t == Tok::DataSourceParameter);
          }
          advance();
          resolve_collection(name, false, t != Tok::String);
          any = true;
          if (cur().type == Tok::Comma) {
            advance();
            continue;
          }
          if (cur().type == Tok::String || cur().type == Tok::Parameter ||
              cur().type == Tok::DataSourceParameter) {
            continue;
          }
          break;
        }
        if (!any) syntax_error({Tok::String, Tok::Parameter, Tok::DataSourceParameter});
        break;
      }
    }
    parse_block(q_->main, /*subquery*/ false);
    if (cur().type != Tok::End) syntax_error({Tok::End});
    // Like arangod, the grammar finishes before bind parameters are injected
    // (Ast::injectBindParameters: 1551, 1553, 1203 of @@ parameters), then
    // unused ones are reported (1552); unknown collections named in the text
    // only fail when the query opens its collections.
    if (deferred_bind_) throw *deferred_bind_;
    if (opts_.check_bind_vars && opts_.bind_vars.is_object()) {
      for (auto const& m : opts_.bind_vars.obj()) {
        if (!used_params_.count(m.first)) {
          throw QueryError(1552, format_error(1552, {m.first}) + " (while parsing)");
        }
      }
    }
    ModificationCheck{}.block(q_->main);
    if (deferred_collection_) throw *deferred_collection_;
    if (deferred_plan_) throw *deferred_plan_;
    q_->node_count = next_id_ - 1;
    // ExecutionPlan::maxPlanNodes: a plan of more nodes is refused when it is instantiated.
    if (q_->node_count > kMaxPlanNodes) {
      throw QueryError(1524, format_error(1524) + " (while instantiating plan)");
    }
    return std::move(q_);
  }

 private:
  // ---------------------------------------------------------------------
  // tokens and errors
  // ---------------------------------------------------------------------
  Token const& cur() const { return toks_[pos_]; }
  Token const& peek(std::size_t n = 1) const {
    return toks_[std::min(pos_ + n, toks_.size() - 1)];
  }
  void advance() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  bool accept(Tok t) {
    if (cur().type == t) {
      advance();
      return true;
    }
    return false;
  }
  void expect(Tok t) {
    if (cur().type != t) syntax_error({t});
    advance();
  }

  [[noreturn]] void error_at(int code, std::string const& msg, Token const& at) {
    std::string full = "AQL: " + msg + " near '" + extract_region(text_, at.line, at.column) +
                       "' at position " + std::to_string(at.line) + ":" +
                       std::to_string(at.column + 1) + " (while parsing)";
    throw QueryError(code, full);
  }

  [[noreturn]] void syntax_error(std::vector<Tok> expected = {}) {
    std::string msg = "syntax error, unexpected ";
    msg += token_name(cur().type);
    if (!expected.empty() && expected.size() <= 4) {
      msg += ", expecting ";
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (i) msg += " or ";
        msg += token_name(expected[i]);
      }
    }
    error_at(1501, msg, cur());
  }

  [[noreturn]] void semantic(int code, std::string const& msg) {
    throw QueryError(code, msg + " (while parsing)");
  }

  // A bind parameter error: raised once the whole query text has parsed.
  void defer_bind(int code, std::string const& msg) {
    if (!deferred_bind_) deferred_bind_.emplace(code, msg + " (while parsing)");
  }

  int next_id() { return next_id_++; }

  // ---------------------------------------------------------------------
  // scopes and variables
  // ---------------------------------------------------------------------
  int lookup(std::string const& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      for (auto v = it->vars.rbegin(); v != it->vars.rend(); ++v) {
        if (v->first == name) return v->second;
      }
    }
    return -1;
  }

  int declare(std::string const& name, bool user = true) {
    if (user && lookup(name) >= 0) {
      semantic(1511, format_error(1511, {name}));
    }
    int slot = static_cast<int>(q_->vars.size());
    q_->vars.push_back({name, user});
    scopes_.back().vars.emplace_back(name, slot);
    return slot;
  }

  int temp_var(std::string const& name) {
    int slot = static_cast<int>(q_->vars.size());
    q_->vars.push_back({name, false});
    return slot;
  }

  void end_nested() {
    while (scopes_.size() > 1 && scopes_.back().type != ScopeType::Main &&
           scopes_.back().type != ScopeType::Subquery) {
      scopes_.pop_back();
    }
  }

  // visible user variables (for COLLECT ... INTO without expression)
  std::vector<int> visible_user_vars() const {
    std::vector<int> out;
    for (auto const& s : scopes_) {
      for (auto const& v : s.vars) {
        if (q_->vars[static_cast<std::size_t>(v.second)].user) out.push_back(v.second);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // ---------------------------------------------------------------------
  // bind parameters and collections
  // ---------------------------------------------------------------------
  void note_param(std::string const& name) {
    if (std::find(q_->bind_names.begin(), q_->bind_names.end(), name) == q_->bind_names.end()) {
      q_->bind_names.push_back(name);
    }
    used_params_.insert(name);
  }

  Value const* bind_value(std::string const& name) {
    note_param(name);
    if (!opts_.check_bind_vars) return nullptr;
    auto const* v = opts_.bind_vars.get(name);
    if (v == nullptr) defer_bind(1551, format_error(1551, {name}));
    return v;
  }

  // Name of the collection a (data source) bind parameter refers to.
  std::string datasource_param_name(Token const& t, bool datasource) {
    std::string key = datasource ? t.text : t.text;  // "@coll" for @@coll
    auto const* v = bind_value(key);
    if (v == nullptr) return key;  // missing or not checking: keep the parameter name
    if (v->is_string()) return v->str();
    defer_bind(1553, format_error(1553, {key}));
    return key;
  }

  // bound: named by a @@ parameter (checked with the bind parameters).
  std::string resolve_collection(std::string const& name, bool write, bool bound = false) {
    if (!opts_.resolve_collections || opts_.source == nullptr || deferred_bind_) {
      add_collection(name, write);
      return name;
    }
    auto info = opts_.source->collection(name);
    if (!info) {
      QueryError e(1203, "collection or view not found: " + name);
      if (bound && !deferred_bind_) deferred_bind_ = e;
      if (!bound && !deferred_collection_) deferred_collection_ = e;
      add_collection(name, write);
      return name;
    }
    add_collection(info->name, write);
    return info->name;
  }

  void add_collection(std::string const& name, bool write) {
    auto& list = write ? q_->write_collections : q_->collections;
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
    if (write) q_->modification = true;
  }

  // ---------------------------------------------------------------------
  // statements
  // ---------------------------------------------------------------------
  static bool starts_statement(Tok t) {
    switch (t) {
      case Tok::For: case Tok::Let: case Tok::Filter: case Tok::Collect: case Tok::Sort:
      case Tok::Limit: case Tok::Window: case Tok::Remove: case Tok::Insert: case Tok::Update:
      case Tok::Replace: case Tok::Upsert: case Tok::Return:
        return true;
      default:
        return false;
    }
  }

  void parse_block(Block& block, bool subquery) {
    while (true) {
      Tok t = cur().type;
      if (t == Tok::Return) {
        parse_return(block);
        return;
      }
      if (t == Tok::Remove || t == Tok::Insert || t == Tok::Update || t == Tok::Replace ||
          t == Tok::Upsert) {
        parse_write(block);
        // a write may be the final statement
        Tok n = cur().type;
        if (!starts_statement(n)) {
          end_nested();
          return;
        }
        continue;
      }
      switch (t) {
        case Tok::For: parse_for(block); break;
        case Tok::Let: parse_let(block); break;
        case Tok::Filter: parse_filter(block); break;
        case Tok::Collect: parse_collect(block); break;
        case Tok::Sort: parse_sort(block); break;
        case Tok::Limit: parse_limit(block); break;
        case Tok::Window: parse_window(block); break;
        default:
          // expected one of the statement keywords
          syntax_error();
      }
    }
    (void)subquery;
  }

  // CalculationNode for an expression unless it is a plain variable.
  void calc_for(Stmt& s, Node const* e) {
    if (e == nullptr) return;
    if (e->type == NodeType::Var) return;
    if (e->type == NodeType::Subquery) return;  // the SubqueryNode is the producer
    s.calc_ids.push_back(next_id());
  }

  std::string variable_name() {
    if (cur().type != Tok::String) syntax_error({Tok::String});
    std::string name = cur().text;
    advance();
    return name;
  }

  void parse_for(Block& block) {
    advance();  // FOR
    Stmt s;
    s.kind = StmtKind::For;
    std::vector<std::string> names;
    bool destructure = false;
    if (cur().type == Tok::ArrayOpen) {
      // FOR [a, b] IN ... (destructuring)
      advance();
      names.push_back(variable_name());
      while (accept(Tok::Comma)) names.push_back(variable_name());
      expect(Tok::ArrayClose);
      destructure = true;
    } else {
      names.push_back(variable_name());
      while (accept(Tok::Comma)) names.push_back(variable_name());
    }
    if (cur().type != Tok::In) syntax_error({Tok::In});
    advance();
    if (auto graph = parse_graph_source()) {
      parse_graph_for(block, std::move(s), std::move(graph), names);
      return;
    }
    auto src = parse_expression();
    if (names.size() > 1 && !destructure) {
      error_at(1501, "Collections and views FOR loops only allow a single return variable", cur());
    }
    // scope and variables
    scopes_.push_back({ScopeType::For, {}});
    for (auto const& n : names) s.vars.push_back(declare(n));
    s.destructure_array = destructure;
    // SEARCH / OPTIONS
    if (cur().type == Tok::String) {
      std::string qual = cur().text;
      advance();
      auto e = parse_expression();
      if (cur().type == Tok::String) {
        std::string qual2 = cur().text;
        advance();
        auto e2 = parse_expression();
        if (!ieq(qual, "SEARCH") || !ieq(qual2, "OPTIONS")) {
          error_at(1501, "unexpected qualifier '" + qual + "', expecting 'SEARCH' and 'OPTIONS'", cur());
        }
        search_for(s, src.get(), std::move(e), std::move(e2));
      } else if (ieq(qual, "SEARCH")) {
        search_for(s, src.get(), std::move(e), nullptr);
      } else if (!ieq(qual, "OPTIONS")) {
        error_at(1501, "unexpected qualifier '" + qual + "', expecting 'SEARCH' or 'OPTIONS'", cur());
      } else {
        validate_options(e.get());
        s.options = std::move(e);
      }
    }
    if (src->type == NodeType::Collection) {
      s.collection = src->name;
    } else {
      calc_for(s, src.get());
    }
    s.expr = std::move(src);
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  // FOR ... IN src SEARCH expr [OPTIONS opts]: only over a view (ExecutionPlan::fromNodeForView:
  // a collection is 1203, any other operand 4). The FOR's variable takes the scorer calls
  // (BM25(d), TFIDF(d)) that follow it (register_scorer).
  void search_for(Stmt& s, Node const* src, NodePtr expr, NodePtr options) {
    if (src->type != NodeType::Collection) {
      throw QueryError(4, "SEARCH condition used on non-view");
    }
    if (opts_.source != nullptr && opts_.resolve_collections && !opts_.source->is_view(src->name)) {
      throw QueryError(1203, format_error(1203) + ": " + src->name);
    }
    s.search = std::make_shared<SearchSpec>();
    s.search->expr = std::move(expr);
    s.search->options = std::move(options);
    if (!s.vars.empty()) search_vars_[s.vars[0]] = s.search.get();
  }

  // BM25(d [, ...]) / TFIDF(d [, ...]) of a SEARCH FOR's variable: a hidden variable the view's
  // rows set. Other calls (no SEARCH FOR, another operand) stay calls of the function, which
  // fails as arangod's does.
  void register_scorer(Node& call) {
    if (call.name != "BM25" && call.name != "TFIDF") return;
    if (call.kids.empty() || call.kids[0]->type != NodeType::Var) return;
    auto it = search_vars_.find(call.kids[0]->var);
    if (it == search_vars_.end()) return;
    call.var = temp_var("#score" + std::to_string(it->second->scorers.size()));
    it->second->scorers.push_back({call.var, &call});
  }

  // ---------------------------------------------------------------------
  // graph traversals and path searches (the GraphSpec of traversal.hpp)
  // ---------------------------------------------------------------------
  static bool is_direction(Tok t) { return t == Tok::Outbound || t == Tok::Inbound || t == Tok::Any; }
  static EdgeDir direction_of(Tok t) {
    return t == Tok::Outbound ? EdgeDir::Out : t == Tok::Inbound ? EdgeDir::In : EdgeDir::Any;
  }

  // After FOR ... IN: the source of a traversal or path search when a direction follows
  // (directly or after the depth); nullptr (and nothing consumed) otherwise.
  std::shared_ptr<GraphSpec> parse_graph_source() {
    std::size_t saved = pos_;
    auto g = std::make_shared<GraphSpec>();
    if (!is_direction(cur().type)) {
      if (!starts_graph_depth()) return nullptr;
      auto depth = parse_binary(kQuant + 1);  // `1..3 ANY v`: ANY is the direction
      if (!is_direction(cur().type)) {
        pos_ = saved;
        return nullptr;
      }
      if (depth->type == NodeType::Range) {
        g->min_depth = std::move(depth->kids[0]);
        g->max_depth = std::move(depth->kids[1]);
      } else {
        g->min_depth = std::move(depth);  // max_depth nullptr: the same
      }
    }
    g->direction = direction_of(cur().type);
    advance();
    switch (cur().type) {
      case Tok::ShortestPath: g->kind = GraphKind::ShortestPath; break;
      case Tok::KShortestPaths: g->kind = GraphKind::KShortestPaths; break;
      case Tok::KPaths: g->kind = GraphKind::KPaths; break;
      case Tok::AllShortestPaths: g->kind = GraphKind::AllShortestPaths; break;
      default: break;
    }
    if (g->kind != GraphKind::Traversal) advance();
    g->start = parse_expression();
    if (g->kind != GraphKind::Traversal) {
      if (cur().type != Tok::String || !ieq(cur().text, "TO")) syntax_error();
      advance();
      g->target = parse_expression();
    }
    if (accept(Tok::Graph)) {
      Token const& t = cur();
      if (t.type == Tok::QuotedString || t.type == Tok::String) {
        g->graph = t.text;
      } else if (t.type == Tok::Parameter) {
        auto const* v = bind_value(t.text);
        if (v != nullptr && !v->is_string()) defer_bind(1553, format_error(1553, {t.text}));
        g->graph = v != nullptr && v->is_string() ? v->str() : t.text;
      } else {
        syntax_error({Tok::QuotedString, Tok::String, Tok::Parameter});
      }
      advance();
      register_graph_collections(g->graph);
    } else {
      while (true) {
        EdgeDir dir = g->direction;
        if (is_direction(cur().type)) {
          dir = direction_of(cur().type);
          advance();
        }
        Token const& t = cur();
        std::string name;
        if (t.type == Tok::String || t.type == Tok::QuotedString) {
          name = t.text;
        } else if (t.type == Tok::DataSourceParameter || t.type == Tok::Parameter) {
          name = datasource_param_name(t, true);
        } else {
          syntax_error({Tok::String, Tok::QuotedString, Tok::DataSourceParameter});
        }
        advance();
        name = resolve_collection(name, false, t.type == Tok::DataSourceParameter);
        g->edge_collections.emplace_back(dir, name);
        if (!accept(Tok::Comma)) break;
      }
    }
    return g;
  }

  // The depth is a number known at compile time: a literal or a bind parameter.
  bool starts_graph_depth() const {
    switch (cur().type) {
      case Tok::Integer: case Tok::Double: case Tok::Parameter:
        return true;
      default:
        return false;
    }
  }

  // GRAPH g: its collections are read by the query; an unknown graph fails (1924).
  void register_graph_collections(std::string const& name) {
    if (!opts_.resolve_collections || opts_.source == nullptr || deferred_bind_) return;
    auto doc = opts_.source->lookup("_graphs", name);
    if (!doc) throw QueryError(1924, format_error(1924, {name}));
    if (auto const* defs = doc->get("edgeDefinitions"); defs != nullptr && defs->is_array()) {
      for (auto const& d : defs->arr()) {
        if (auto const* c = d.get("collection"); c != nullptr && c->is_string()) {
          add_collection(c->str(), false);
        }
      }
    }
  }

  void parse_graph_for(Block& block, Stmt s, std::shared_ptr<GraphSpec> g,
                       std::vector<std::string> const& names) {
    std::size_t max_vars = g->kind == GraphKind::Traversal      ? 3
                           : g->kind == GraphKind::ShortestPath ? 2
                                                                : 1;
    if (names.size() > max_vars) {
      static char const* const kMessages[] = {
          "Traversals only have one, two or three return variables",
          "SHORTEST_PATH only has one or two return variables",
          "K_SHORTEST_PATHS only has one return variable",
          "K_PATHS only has one return variable",
          "ALL_SHORTEST_PATHS only has one return variable"};
      error_at(1501, kMessages[static_cast<int>(g->kind)], cur());
    }
    scopes_.push_back({ScopeType::For, {}});
    for (auto const& n : names) s.vars.push_back(declare(n));
    if (g->kind == GraphKind::Traversal && cur().type == Tok::String && ieq(cur().text, "PRUNE")) {
      advance();
      if (cur().type == Tok::String && peek().type == Tok::Assign) {
        std::string var = cur().text;
        advance();
        advance();
        g->prune = parse_expression();
        g->prune_var = declare(var);
      } else {
        g->prune = parse_expression();
      }
    }
    if (cur().type == Tok::String && ieq(cur().text, "OPTIONS")) {
      advance();
      auto e = parse_expression();
      validate_options(e.get());
      g->options = std::move(e);
    }
    // a constant start / target is part of the node; anything else is calculated before it
    for (Node const* e : {g->start.get(), g->target.get()}) {
      if (e != nullptr && !e->is_constant()) calc_for(s, e);
    }
    s.graph = std::move(g);
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  void validate_options(Node const* e) {
    if (e->type != NodeType::Object) {
      error_at(1501, "'OPTIONS' have to be an object", cur());
    }
    if (!e->is_constant()) {
      error_at(1575, "'OPTIONS' have to be known at query compile time", cur());
    }
  }

  void parse_let(Block& block) {
    advance();  // LET
    while (true) {
      Stmt s;
      s.kind = StmtKind::Let;
      std::string name = variable_name();
      if (cur().type != Tok::Assign) syntax_error({Tok::Assign});
      advance();
      auto e = parse_expression();
      s.var = declare(name);
      calc_for(s, e.get());
      if (e->type == NodeType::Subquery) {
        s.node_id = e->block->subquery_node_id;
      } else {
        s.node_id = s.calc_ids.empty() ? 0 : s.calc_ids.back();
        if (!s.calc_ids.empty()) s.calc_ids.pop_back();
      }
      s.expr = std::move(e);
      block.stmts.push_back(std::move(s));
      if (!accept(Tok::Comma)) break;
    }
  }

  void parse_filter(Block& block) {
    advance();
    Stmt s;
    s.kind = StmtKind::Filter;
    s.expr = parse_expression();
    calc_for(s, s.expr.get());
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  void parse_sort(Block& block) {
    advance();
    Stmt s;
    s.kind = StmtKind::Sort;
    while (true) {
      SortKey k;
      k.expr = parse_expression();
      calc_for(s, k.expr.get());
      if (accept(Tok::Asc)) {
        k.ascending = literal(Value::boolean(true));
      } else if (accept(Tok::Desc)) {
        k.ascending = literal(Value::boolean(false));
      } else if (is_value_literal(cur().type) || cur().type == Tok::Parameter ||
                 cur().type == Tok::DataSourceParameter) {
        k.ascending = parse_primary();
      } else {
        k.ascending = literal(Value::boolean(true));
      }
      s.sort.push_back(std::move(k));
      if (!accept(Tok::Comma)) break;
    }
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  void parse_limit(Block& block) {
    advance();
    Stmt s;
    s.kind = StmtKind::Limit;
    auto a = parse_expression();
    if (accept(Tok::Comma)) {
      s.offset = std::move(a);
      s.count = parse_expression();
    } else {
      s.offset = literal(Value::integer(0));
      s.count = std::move(a);
    }
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  void parse_return(Block& block) {
    advance();  // RETURN
    Stmt s;
    s.kind = StmtKind::Return;
    if (cur().type == Tok::Distinct) {
      if (scopes_.back().type == ScopeType::Main || scopes_.back().type == ScopeType::Subquery) {
        error_at(1501, "cannot use DISTINCT modifier on top-level query element", peek());
      }
      advance();
      s.distinct = true;
    }
    s.expr = parse_expression();
    calc_for(s, s.expr.get());
    if (s.distinct) s.calc_ids.push_back(next_id());  // CollectNode (distinct)
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
    end_nested();
  }

  // aggregate_function_call / COLLECT
  void parse_collect(Block& block) {
    Token const& collect_tok = cur();
    (void)collect_tok;
    advance();  // COLLECT
    Stmt s;
    s.kind = StmtKind::Collect;
    std::vector<std::pair<std::string, NodePtr>> groups;
    std::vector<std::tuple<std::string, std::string, std::vector<NodePtr>>> aggs;
    std::string into_name, count_name;
    NodePtr into_expr;
    std::vector<std::string> keep_names;
    bool has_into = false, has_keep = false, has_count = false;

    if (cur().type == Tok::With) {
      parse_count_into(count_name);
      has_count = true;
    } else if (cur().type == Tok::Aggregate) {
      parse_aggregates(aggs);
    } else {
      while (true) {
        std::string name = variable_name();
        if (cur().type != Tok::Assign) syntax_error({Tok::Assign});
        advance();
        auto e = parse_expression();
        groups.emplace_back(name, std::move(e));
        if (!accept(Tok::Comma)) break;
      }
      if (cur().type == Tok::With) {
        parse_count_into(count_name);
        has_count = true;
      } else {
        if (cur().type == Tok::Aggregate) parse_aggregates(aggs);
        if (cur().type == Tok::Into) {
          advance();
          into_name = variable_name();
          has_into = true;
          if (accept(Tok::Assign)) into_expr = parse_expression();
        }
        if (aggs.empty() && cur().type == Tok::String && ieq(cur().text, "KEEP")) {
          advance();
          has_keep = true;
          while (true) {
            std::string v = variable_name();
            if (lookup(v) < 0) {
              error_at(1501, "use of unknown variable '" + v + "' for KEEP", cur());
            }
            keep_names.push_back(v);
            if (!accept(Tok::Comma)) break;
          }
          if (!has_into) {
            error_at(1501, "use of 'KEEP' without 'INTO'", cur());
          }
        } else if (aggs.empty() && cur().type == Tok::String && !ieq(cur().text, "OPTIONS") &&
                   peek().type == Tok::String) {
          error_at(1501, "unexpected qualifier '" + cur().text + "', expecting 'KEEP'", cur());
        }
      }
    }
    // OPTIONS
    if (auto o = options_clause()) s.options = std::move(o);
    // variables visible for INTO (before the COLLECT hides them)
    std::vector<int> visible = visible_user_vars();
    // calculation nodes
    for (auto& g : groups) calc_for(s, g.second.get());
    for (auto& a : aggs) {
      for (auto& arg : std::get<2>(a)) calc_for(s, arg.get());
    }
    calc_for(s, into_expr.get());
    // KEEP variables resolve before the scope changes
    std::vector<int> keep_vars;
    for (auto const& k : keep_names) keep_vars.push_back(lookup(k));
    // new scope: hides the FOR variables of the current query level
    bool top = scopes_.back().type == ScopeType::Main || scopes_.back().type == ScopeType::Subquery;
    if (!top) {
      end_nested();
      scopes_.push_back({ScopeType::Collect, {}});
    }
    std::set<std::string> introduced;
    for (auto& g : groups) {
      s.groups.emplace_back(declare(g.first), std::move(g.second));
      introduced.insert(g.first);
    }
    for (auto& a : aggs) {
      Aggregate ag;
      ag.var = declare(std::get<0>(a));
      ag.func = std::get<1>(a);
      ag.args = std::move(std::get<2>(a));
      s.aggregates.push_back(std::move(ag));
    }
    if (has_into) {
      s.into_var = declare(into_name);
      s.into_expr = std::move(into_expr);
      s.into_visible = visible;
    }
    if (has_keep) {
      s.has_keep = true;
      s.keep_vars = keep_vars;
    }
    if (has_count) s.count_var = declare(count_name);
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  void parse_count_into(std::string& count_name) {
    advance();  // WITH
    if (cur().type != Tok::String) syntax_error({Tok::String});
    std::string q = cur().text;
    advance();
    if (cur().type != Tok::Into) syntax_error({Tok::Into});
    advance();
    count_name = variable_name();
    if (!ieq(q, "COUNT")) {
      error_at(1501, "unexpected qualifier '" + q + "', expecting 'COUNT'", cur());
    }
  }

  void parse_aggregates(std::vector<std::tuple<std::string, std::string, std::vector<NodePtr>>>& aggs) {
    advance();  // AGGREGATE
    while (true) {
      std::string name = variable_name();
      if (cur().type != Tok::Assign) syntax_error({Tok::Assign});
      advance();
      // aggregate_function_call: function_name ( args )
      if (cur().type != Tok::String) syntax_error({Tok::String});
      std::string fname = cur().text;
      advance();
      std::vector<NodePtr> args = parse_call_rest(fname);
      std::string uname = upper(fname);
      auto const* def = find_function(uname);
      if (def == nullptr && uname.find("::") == std::string::npos) {
        semantic(1540, format_error(1540, {uname}));
      }
      if (def == nullptr || !is_aggregate_function(uname)) {
        error_at(1574, "unknown aggregate function used", cur());
      }
      aggs.emplace_back(name, uname, std::move(args));
      if (!accept(Tok::Comma)) break;
    }
  }

  void parse_window(Block& block) {
    advance();  // WINDOW
    Stmt s;
    s.kind = StmtKind::Window;
    if (cur().type == Tok::ObjectOpen) {
      s.window_spec = parse_primary();
    } else {
      s.window_range = parse_expression();
      if (cur().type != Tok::With) syntax_error({Tok::With});
      advance();
      if (cur().type != Tok::ObjectOpen) syntax_error({Tok::ObjectOpen});
      s.window_spec = parse_primary();
    }
    if (cur().type != Tok::Aggregate) syntax_error({Tok::Aggregate});
    std::vector<std::tuple<std::string, std::string, std::vector<NodePtr>>> aggs;
    parse_aggregates(aggs);
    // validate spec
    auto const* spec = s.window_spec.get();
    if (spec->keys.empty()) {
      error_at(1501, "At least one WINDOW bound must be specified ('preceding'/'following')", cur());
    }
    std::set<std::string> seen;
    for (auto const& k : spec->keys) {
      if (k != "preceding" && k != "following") {
        error_at(1501, "Invalid WINDOW attribute '" + k +
                           "'; only \"preceding\" and \"following\" are supported", cur());
      }
      if (!seen.insert(k).second) {
        error_at(1501, "WINDOW attribute '" + k + "' is specified multiple times", cur());
      }
    }
    calc_for(s, s.window_range.get());
    for (auto& a : aggs) {
      for (auto& arg : std::get<2>(a)) calc_for(s, arg.get());
    }
    for (auto& a : aggs) {
      Aggregate ag;
      ag.var = declare(std::get<0>(a));
      ag.func = std::get<1>(a);
      ag.args = std::move(std::get<2>(a));
      s.aggregates.push_back(std::move(ag));
    }
    s.node_id = next_id();
    block.stmts.push_back(std::move(s));
  }

  std::string in_collection() {
    if (cur().type != Tok::In && cur().type != Tok::Into) syntax_error();
    advance();
    Tok t = cur().type;
    std::string name;
    if (t == Tok::String || t == Tok::QuotedString) {
      name = cur().text;
      advance();
    } else if (t == Tok::DataSourceParameter) {
      name = datasource_param_name(cur(), true);
      advance();
    } else {
      syntax_error({Tok::String, Tok::QuotedString, Tok::DataSourceParameter});
    }
    return resolve_collection(name, true, t == Tok::DataSourceParameter);
  }

  // An "OPTIONS {...}" clause (COLLECT and the write operations), or nullptr without one.
  NodePtr options_clause() {
    if (cur().type == Tok::String) {
      std::string qual = cur().text;
      advance();
      if (cur().type != Tok::ObjectOpen) syntax_error({Tok::ObjectOpen});
      auto o = parse_primary();
      if (!ieq(qual, "OPTIONS")) {
        error_at(1501, "unexpected qualifier '" + qual + "', expecting 'OPTIONS'", cur());
      }
      validate_options(o.get());
      return o;
    }
    return nullptr;
  }

  void parse_write(Block& block) {
    Tok kind = cur().type;
    advance();
    Stmt s;
    switch (kind) {
      case Tok::Insert: {
        s.kind = StmtKind::Insert;
        s.doc_expr = parse_write_expression();
        s.collection = in_collection();
        s.options = options_clause();
        calc_for(s, s.doc_expr.get());
        break;
      }
      case Tok::Remove: {
        s.kind = StmtKind::Remove;
        s.key_expr = parse_write_expression();
        s.collection = in_collection();
        s.options = options_clause();
        calc_for(s, s.key_expr.get());
        break;
      }
      case Tok::Update:
      case Tok::Replace: {
        s.kind = kind == Tok::Update ? StmtKind::Update : StmtKind::Replace;
        auto first = parse_write_expression();
        if (accept(Tok::With)) {
          s.key_expr = std::move(first);
          s.doc_expr = parse_write_expression();
        } else {
          s.doc_expr = std::move(first);
        }
        s.collection = in_collection();
        s.options = options_clause();
        calc_for(s, s.doc_expr.get());
        calc_for(s, s.key_expr.get());
        break;
      }
      case Tok::Upsert: {
        s.kind = StmtKind::Upsert;
        // search expression: UPSERT FILTER cond / UPSERT {object} / UPSERT @param
        scopes_.push_back({ScopeType::Subquery, {}});
        if (cur().type == Tok::Filter) {
          throw QueryError(1503, "AQL: UPSERT FILTER is not supported by the emulator (while parsing)");
        }
        if (cur().type == Tok::ObjectOpen || cur().type == Tok::Parameter) {
          s.search_expr = parse_primary();
        } else {
          syntax_error({Tok::ObjectOpen, Tok::Parameter, Tok::Filter});
        }
        scopes_.pop_back();
        // OLD is visible in the INSERT / UPDATE expressions
        scopes_.push_back({ScopeType::For, {}});
        s.old_var = declare("OLD", false);
        if (cur().type != Tok::Insert) syntax_error({Tok::Insert});
        advance();
        s.doc_expr = parse_expression();
        if (cur().type == Tok::Update) {
          s.upsert_replace = false;
        } else if (cur().type == Tok::Replace) {
          s.upsert_replace = true;
        } else {
          syntax_error({Tok::Update, Tok::Replace});
        }
        advance();
        s.update_expr = parse_write_expression();
        scopes_.pop_back();
        s.collection = in_collection();
        s.options = options_clause();
        s.calc_ids.push_back(next_id());  // subquery / search
        calc_for(s, s.doc_expr.get());
        calc_for(s, s.update_expr.get());
        break;
      }
      default:
        syntax_error();
    }
    s.node_id = next_id();
    // OLD / NEW become visible after the statement
    if (s.kind == StmtKind::Upsert) {
      scopes_.back().vars.emplace_back("OLD", s.old_var);
      s.new_var = declare("NEW", false);
    } else {
      if (s.kind != StmtKind::Insert) s.old_var = declare("OLD", false);
      if (s.kind == StmtKind::Insert) s.old_var = declare("OLD", false);
      if (s.kind != StmtKind::Remove) s.new_var = declare("NEW", false);
    }
    block.stmts.push_back(std::move(s));
  }

  // ---------------------------------------------------------------------
  // expressions
  // ---------------------------------------------------------------------
  NodePtr literal(Value v) {
    auto n = std::make_unique<Node>();
    n->type = NodeType::Value;
    n->value = std::move(v);
    return n;
  }

  NodePtr make(NodeType t) {
    auto n = std::make_unique<Node>();
    n->type = t;
    n->line = cur().line;
    n->column = cur().column;
    return n;
  }

  static bool is_value_literal(Tok t) {
    return t == Tok::QuotedString || t == Tok::Integer || t == Tok::Double || t == Tok::Null ||
           t == Tok::True || t == Tok::False;
  }

  NodePtr parse_expression() { return parse_binary(kTernary); }

  // The top-level expression of REMOVE / INSERT / UPDATE / REPLACE ends at
  // IN / INTO (the collection clause), not a binary IN operator.
  NodePtr parse_write_expression() {
    bool saved = stop_at_in_;
    stop_at_in_ = true;
    auto e = parse_expression();
    stop_at_in_ = saved;
    return e;
  }

  // Nested contexts (parentheses, arrays, objects, calls) allow IN again.
  template <typename Fn>
  auto nested(Fn&& fn) {
    bool saved = stop_at_in_;
    stop_at_in_ = false;
    auto r = fn();
    stop_at_in_ = saved;
    return r;
  }

  // expression_or_query: a subquery without parentheses (function arguments)
  NodePtr parse_expression_or_query() {
    if (starts_statement(cur().type)) return parse_subquery_body();
    return parse_expression();
  }

  NodePtr parse_subquery_body() {
    auto block = std::make_shared<Block>();
    scopes_.push_back({ScopeType::Subquery, {}});
    block->singleton_id = next_id();
    parse_block(*block, true);
    while (!scopes_.empty() && scopes_.back().type != ScopeType::Subquery) scopes_.pop_back();
    scopes_.pop_back();
    block->subquery_node_id = next_id();
    auto n = make(NodeType::Subquery);
    n->block = std::move(block);
    return n;
  }

  NodePtr binary(NodeType t, Op op, NodePtr l, NodePtr r) {
    auto n = std::make_unique<Node>();
    n->type = t;
    n->op = op;
    n->kids.push_back(std::move(l));
    n->kids.push_back(std::move(r));
    return n;
  }

  NodePtr call(std::string name, NodePtr a, NodePtr b) {
    auto n = std::make_unique<Node>();
    n->type = NodeType::Call;
    n->name = std::move(name);
    n->kids.push_back(std::move(a));
    n->kids.push_back(std::move(b));
    return n;
  }

  NodePtr negate(NodePtr e) {
    auto n = std::make_unique<Node>();
    n->type = NodeType::Unary;
    n->op = Op::Not;
    n->kids.push_back(std::move(e));
    return n;
  }

  static Op compare_op(Tok t) {
    switch (t) {
      case Tok::Eq: return Op::Eq;
      case Tok::Ne: return Op::Ne;
      case Tok::Lt: return Op::Lt;
      case Tok::Le: return Op::Le;
      case Tok::Gt: return Op::Gt;
      case Tok::Ge: return Op::Ge;
      case Tok::In: return Op::In;
      case Tok::NotIn: return Op::NotIn;
      default: return Op::None;
    }
  }

  static int compare_level(Tok t) {
    switch (t) {
      case Tok::Eq: case Tok::Ne: return kEq;
      case Tok::In: case Tok::NotIn: return kIn;
      default: return kCmp;
    }
  }

  // The precedence level of a binary (or ternary) operator token, -1 if it is none.
  static int binary_level(Tok t) {
    switch (t) {
      case Tok::Question: return kTernary;
      case Tok::Or: return kOr;
      case Tok::And: return kAnd;
      case Tok::Any: case Tok::All: case Tok::None: return kQuant;
      case Tok::AtLeast: return kAtLeast;
      case Tok::Eq: case Tok::Ne: case Tok::Like: case Tok::RegexMatch:
      case Tok::RegexNonMatch: return kEq;
      case Tok::In: case Tok::NotIn: case Tok::Not: return kIn;
      case Tok::Lt: case Tok::Gt: case Tok::Le: case Tok::Ge: return kCmp;
      case Tok::Range: return kRange;
      case Tok::Plus: case Tok::Minus: return kAdd;
      case Tok::Times: case Tok::Div: case Tok::Mod: return kMul;
      default: return -1;
    }
  }

  // The operator of a plain binary (comparison or arithmetic) token.
  static Op binary_op(Tok t) {
    switch (t) {
      case Tok::Eq: return Op::Eq;
      case Tok::Ne: return Op::Ne;
      case Tok::In: return Op::In;
      case Tok::NotIn: return Op::NotIn;
      case Tok::Lt: return Op::Lt;
      case Tok::Gt: return Op::Gt;
      case Tok::Le: return Op::Le;
      case Tok::Ge: return Op::Ge;
      case Tok::Plus: return Op::Add;
      case Tok::Minus: return Op::Sub;
      case Tok::Times: return Op::Mul;
      case Tok::Div: return Op::Div;
      case Tok::Mod: return Op::Mod;
      default: return Op::None;
    }
  }

  // ---------------------------------------------------------------------
  // expression nesting (Ast::maxExpressionNesting): every nested expression is parsed by a
  // nested parse_binary(), so its frames are bounded; the depth of the tree it builds
  // (left-deep operator chains and postfix chains included) is counted as it grows, with
  // depth_stack_.back() = the deepest sub-expression met so far in the current frame.
  // ---------------------------------------------------------------------
  static constexpr int kMaxExpressionNesting = 500;
  static constexpr int kMaxPlanNodes = 4000;

  [[noreturn]] void too_much_nesting() { semantic(1524, format_error(1524)); }

  // One level more for the current frame's tree (an operator or postfix node over it).
  void deeper(int& depth) {
    if (++depth > kMaxExpressionNesting) too_much_nesting();
  }

  struct NestingFrame {
    Parser& p;
    explicit NestingFrame(Parser& parser) : p(parser) {
      if (p.depth_stack_.size() >= static_cast<std::size_t>(kMaxExpressionNesting)) {
        p.too_much_nesting();
      }
      p.depth_stack_.push_back(0);
    }
    ~NestingFrame() { p.depth_stack_.pop_back(); }
    NestingFrame(NestingFrame const&) = delete;
    NestingFrame& operator=(NestingFrame const&) = delete;
  };

  // Reports a finished sub-expression's depth to the enclosing frame.
  void report_depth(int depth) {
    if (depth_stack_.size() >= 2) {
      int& outer = depth_stack_[depth_stack_.size() - 2];
      outer = std::max(outer, depth);
    }
  }

  // Precedence climbing: operands joined by operators of at least min_level.
  NodePtr parse_binary(int min_level) {
    NestingFrame frame(*this);
    NodePtr left = parse_unary();
    int depth = depth_stack_.back();
    deeper(depth);
    while (true) {
      Tok t = cur().type;
      if ((t == Tok::In && stop_at_in_) || binary_level(t) < 0 || binary_level(t) < min_level) {
        report_depth(depth);
        return left;
      }
      int level = binary_level(t);
      advance();
      depth_stack_.back() = 0;  // the right-hand side's depth
      switch (t) {
        case Tok::Question:
          left = parse_ternary(std::move(left));
          break;
        case Tok::Or:
          left = binary(NodeType::Or, Op::None, std::move(left), parse_binary(kOr + 1));
          break;
        case Tok::And:
          left = binary(NodeType::And, Op::None, std::move(left), parse_binary(kAnd + 1));
          break;
        case Tok::Any: case Tok::All: case Tok::None:
          left = parse_array_compare(std::move(left),
                                     t == Tok::Any   ? Quantifier::Any
                                     : t == Tok::All ? Quantifier::All
                                                     : Quantifier::NoneOf);
          break;
        case Tok::AtLeast:
          left = parse_at_least(std::move(left));
          break;
        case Tok::Like:
          left = call("LIKE", std::move(left), parse_binary(kEq + 1));
          break;
        case Tok::RegexMatch:
          left = call("REGEX_TEST", std::move(left), parse_binary(kEq + 1));
          break;
        case Tok::RegexNonMatch:
          left = negate(call("REGEX_TEST", std::move(left), parse_binary(kEq + 1)));
          break;
        case Tok::Not:
          left = parse_not_match(std::move(left));
          break;
        case Tok::Range:
          left = binary(NodeType::Range, Op::None, std::move(left), parse_binary(kRange + 1));
          break;
        default:
          left = binary(NodeType::Binary, binary_op(t), std::move(left), parse_binary(level + 1));
          break;
      }
      depth = std::max(depth, depth_stack_.back());
      deeper(depth);
    }
  }

  // cond ? a : b, or cond ?: b (after the '?').
  // (the node takes its position from the token after the expression, as it always has)
  NodePtr parse_ternary(NodePtr cond) {
    if (accept(Tok::Colon)) {
      auto rhs = parse_binary(kTernary);
      auto n = make(NodeType::Ternary);
      n->kids.push_back(std::move(cond));
      n->kids.push_back(std::move(rhs));
      return n;
    }
    auto mid = parse_expression();
    expect(Tok::Colon);
    auto rhs = parse_binary(kTernary);
    auto n = make(NodeType::Ternary);
    n->kids.push_back(std::move(cond));
    n->kids.push_back(std::move(mid));
    n->kids.push_back(std::move(rhs));
    return n;
  }

  // ANY/ALL/NONE (after the quantifier): a comparison operator and its right-hand side.
  NodePtr parse_array_compare(NodePtr left, Quantifier qt) {
    Tok op = cur().type;
    Op o = compare_op(op);
    if (o == Op::None) syntax_error();
    advance();
    auto rhs = parse_binary(compare_level(op) + 1);
    auto n = binary(NodeType::ArrayCmp, o, std::move(left), std::move(rhs));
    n->quantifier = qt;
    return n;
  }

  // AT LEAST (count) op rhs; the count is the node's third kid.
  NodePtr parse_at_least(NodePtr left) {
    expect(Tok::Open);
    auto cnt = parse_expression();
    expect(Tok::Close);
    auto n = parse_array_compare(std::move(left), Quantifier::AtLeast);
    n->kids.push_back(std::move(cnt));
    return n;
  }

  // NOT LIKE, NOT =~, NOT !~ (after the NOT).
  NodePtr parse_not_match(NodePtr left) {
    Tok n2 = cur().type;
    if (n2 == Tok::Like) {
      advance();
      return negate(call("LIKE", std::move(left), parse_binary(kEq + 1)));
    }
    if (n2 == Tok::RegexMatch) {
      advance();
      return negate(call("REGEX_TEST", std::move(left), parse_binary(kEq + 1)));
    }
    if (n2 == Tok::RegexNonMatch) {
      advance();
      return call("REGEX_TEST", std::move(left), parse_binary(kEq + 1));
    }
    syntax_error();
  }

  NodePtr parse_unary() {
    Tok t = cur().type;
    if (t == Tok::Plus || t == Tok::Minus || t == Tok::Not) {
      advance();
      auto operand = parse_binary(kUnary);
      if (t == Tok::Minus && operand->type == NodeType::Value && operand->value.is_number()) {
        // optimizeUnaryOperatorArithmetic
        if (operand->value.is_int() && operand->value.int_value() != INT64_MIN) {
          operand->value = Value::integer(-operand->value.int_value());
        } else {
          operand->value = Value::number(-operand->value.num());
        }
        return operand;
      }
      if (t == Tok::Plus && operand->type == NodeType::Value && operand->value.is_number()) {
        return operand;
      }
      auto n = make(NodeType::Unary);
      n->op = t == Tok::Plus ? Op::Plus : (t == Tok::Minus ? Op::Minus : Op::Not);
      n->kids.push_back(std::move(operand));
      return n;
    }
    return parse_primary();
  }

  // A primary outside any expression (SORT's direction, OPTIONS, WINDOW, SEARCH) gets a
  // nesting frame of its own: its postfix chain counts like an expression's.
  NodePtr parse_primary() {
    if (!depth_stack_.empty()) return parse_primary_in_frame();
    NestingFrame frame(*this);
    return parse_primary_in_frame();
  }

  NodePtr parse_primary_in_frame() {
    Token const& t = cur();
    switch (t.type) {
      case Tok::QuotedString: {
        auto n = literal(Value::string(t.text));
        advance();
        return n;
      }
      case Tok::Integer:
      case Tok::Double: {
        NodePtr n;
        if (t.number_out_of_range) {
          // tokens.ll: a warning (no position in its text), and null
          q_->parse_warnings.emplace_back(1504, "number out of range");
          n = literal(Value());
        } else if (t.type == Tok::Integer && !t.is_double) {
          n = literal(Value::integer(t.int_value));
        } else {
          n = literal(Value::number(t.double_value));
        }
        advance();
        return n;
      }
      case Tok::Null:
        advance();
        return literal(Value());
      case Tok::True:
        advance();
        return literal(Value::boolean(true));
      case Tok::False:
        advance();
        return literal(Value::boolean(false));
      default:
        break;
    }
    return parse_postfix(parse_reference());
  }

  NodePtr parse_reference() {
    Token const& t = cur();
    switch (t.type) {
      case Tok::String: {
        if (peek().type == Tok::Open || peek().type == Tok::Scope) return parse_call();
        std::string name = t.text;
        advance();
        int v = lookup(name);
        if (v < 0 && (name == "CURRENT" || name == "$CURRENT") && !current_.empty()) {
          v = current_.back();
        }
        if (v >= 0) {
          auto n = make(NodeType::Var);
          n->var = v;
          n->name = name;
          return n;
        }
        auto n = make(NodeType::Collection);
        n->name = resolve_collection(name, false);
        return n;
      }
      case Tok::Like: {
        if (peek().type == Tok::Open) return parse_call();
        syntax_error();
      }
      case Tok::Parameter: {
        std::string name = t.text;
        auto const* v = bind_value(name);
        advance();
        auto n = literal(v ? *v : Value());
        n->name = "@" + name;
        return n;
      }
      case Tok::DataSourceParameter: {
        std::string name = datasource_param_name(t, true);
        advance();
        auto n = make(NodeType::Collection);
        n->name = resolve_collection(name, false, true);
        return n;
      }
      case Tok::ArrayOpen: {
        advance();
        auto n = make(NodeType::Array);
        while (cur().type != Tok::ArrayClose) {
          n->kids.push_back(nested([&] { return parse_expression(); }));
          if (!accept(Tok::Comma)) break;
        }
        expect(Tok::ArrayClose);
        return n;
      }
      case Tok::ObjectOpen:
        return nested([&] { return parse_object(); });
      case Tok::Open: {
        advance();
        if (starts_statement(cur().type)) {
          auto n = nested([&] { return parse_subquery_body(); });
          expect(Tok::Close);
          return n;
        }
        auto e = nested([&] { return parse_expression(); });
        expect(Tok::Close);
        if (e->type == NodeType::Expand) {
          auto p = make(NodeType::Passthru);
          p->kids.push_back(std::move(e));
          return p;
        }
        return e;
      }
      default:
        syntax_error();
    }
  }

  NodePtr parse_object() {
    advance();  // {
    auto n = make(NodeType::Object);
    while (cur().type != Tok::ObjectClose) {
      Token const& t = cur();
      if (t.type == Tok::String && peek().type != Tok::Colon) {
        // shorthand { name }
        std::string name = t.text;
        int v = lookup(name);
        if (v < 0) {
          advance();
          error_at(1512, "use of unknown variable '" + name + "' in object literal", cur());
        }
        advance();
        auto ref = make(NodeType::Var);
        ref->var = v;
        ref->name = name;
        n->keys.push_back(name);
        n->key_exprs.push_back(nullptr);
        n->kids.push_back(std::move(ref));
      } else if (t.type == Tok::String || t.type == Tok::QuotedString) {
        std::string name = t.text;
        advance();
        expect(Tok::Colon);
        n->keys.push_back(name);
        n->key_exprs.push_back(nullptr);
        n->kids.push_back(parse_expression());
      } else if (t.type == Tok::Parameter) {
        std::string name = t.text;
        auto const* v = bind_value(name);
        advance();
        expect(Tok::Colon);
        std::string key;
        if (v != nullptr) {
          if (v->is_string()) {
            key = v->str();
          } else {
            defer_bind(1553, format_error(1553, {name}));
          }
        }
        n->keys.push_back(key);
        n->key_exprs.push_back(nullptr);
        n->kids.push_back(parse_expression());
      } else if (t.type == Tok::ArrayOpen) {
        advance();
        auto k = parse_expression();
        expect(Tok::ArrayClose);
        expect(Tok::Colon);
        n->keys.emplace_back();
        n->key_exprs.push_back(std::move(k));
        n->kids.push_back(parse_expression());
      } else if (t.type == Tok::Integer || t.type == Tok::Double) {
        syntax_error();
      } else {
        // keywords are not allowed as unquoted attribute names
        syntax_error();
      }
      if (!accept(Tok::Comma)) break;
    }
    expect(Tok::ObjectClose);
    return n;
  }

  // What follows a function name's first part: further "::name" parts (appended to `fname`),
  // then "( args )". Arguments may be subqueries without parentheses, and allow IN again.
  std::vector<NodePtr> parse_call_rest(std::string& fname) {
    while (cur().type == Tok::Scope) {
      advance();
      if (cur().type != Tok::String) syntax_error({Tok::String});
      fname += "::" + cur().text;
      advance();
    }
    if (cur().type != Tok::Open) syntax_error({Tok::Open, Tok::Scope});
    advance();
    std::vector<NodePtr> args;
    if (cur().type != Tok::Close) {
      while (true) {
        args.push_back(nested([&] { return parse_expression_or_query(); }));
        if (!accept(Tok::Comma)) break;
      }
    }
    expect(Tok::Close);
    return args;
  }

  NodePtr parse_call() {
    std::string fname = cur().type == Tok::Like ? "LIKE" : cur().text;
    Token name_tok = cur();
    advance();
    std::vector<NodePtr> args = parse_call_rest(fname);
    std::string uname = upper(fname);
    auto n = make(NodeType::Call);
    n->line = name_tok.line;
    n->column = name_tok.column;
    if (uname.find("::") != std::string::npos) {
      n->type = NodeType::UserCall;
      n->name = uname;
      n->kids = std::move(args);
      return n;
    }
    auto const* def = find_function(uname);
    if (def == nullptr) {
      semantic(1540, format_error(1540, {uname}));
    }
    int argc = static_cast<int>(args.size());
    if (argc < def->min_args || argc > def->max_args) {
      semantic(1541, format_error(1541, {uname, std::to_string(def->min_args),
                                         std::to_string(def->max_args)}));
    }
    // collection names as arguments
    for (std::size_t i = 0; i < args.size(); ++i) {
      if ((def->collection_name_args >> i) & 1U) {
        if (args[i]->type == NodeType::Collection) {
          auto v = literal(Value::string(args[i]->name));
          args[i] = std::move(v);
        }
      }
    }
    if (def->plan_check != nullptr) plan_check(*def, args);
    n->name = uname;
    n->kids = std::move(args);
    register_scorer(*n);
    return n;
  }

  // A function's plan-time checks (FunctionDef::plan_check): the first error is raised after
  // the collection errors, as arangod's optimizer runs after the collections are opened.
  void plan_check(FunctionDef const& def, std::vector<NodePtr> const& args) {
    if (!opts_.resolve_collections || opts_.source == nullptr || deferred_bind_ || deferred_plan_) {
      return;
    }
    std::vector<Value const*> literals;
    for (auto const& a : args) literals.push_back(a->type == NodeType::Value ? &a->value : nullptr);
    try {
      def.plan_check(*opts_.source, literals);
    } catch (QueryError& e) {
      deferred_plan_ = e;
    }
  }

  Node* find_expansion_sub(Node* e) {
    while (e->ret && e->ret->type == NodeType::Expand) e = e->ret.get();
    return e;
  }

  NodePtr var_ref(int v) {
    auto n = std::make_unique<Node>();
    n->type = NodeType::Var;
    n->var = v;
    return n;
  }

  NodePtr parse_postfix(NodePtr left) {
    while (true) {
      Tok t = cur().type;
      if (t == Tok::Dot || t == Tok::ArrayOpen) deeper(depth_stack_.back());
      if (t == Tok::Dot) {
        advance();
        std::string name;
        if (cur().type == Tok::String) {
          name = cur().text;
          advance();
        } else if (cur().type == Tok::Parameter) {
          auto const* v = bind_value(cur().text);
          if (v != nullptr && !v->is_string() && !v->is_array()) {
            defer_bind(1553, format_error(1553, {cur().text}));
          }
          advance();
          // bound attribute access (string or array path)
          if (v != nullptr && v->is_array()) {
            for (auto const& p : v->arr()) {
              left = attr_access(std::move(left), p.to_string());
            }
            continue;
          }
          name = v ? v->str() : std::string();
        } else {
          syntax_error({Tok::String, Tok::Parameter});
        }
        left = attr_access(std::move(left), name);
        continue;
      }
      if (t == Tok::ArrayOpen) {
        Tok n1 = peek().type;
        if (n1 == Tok::Times || n1 == Tok::Question) {
          advance();  // [
          int levels = 0;
          Tok op = cur().type;
          while (cur().type == op) {
            ++levels;
            advance();
          }
          left = nested([&] { return parse_expansion(std::move(left), levels, op == Tok::Question); });
          continue;
        }
        advance();
        auto idx = nested([&] { return parse_expression(); });
        expect(Tok::ArrayClose);
        if (left->type == NodeType::Expand) {
          Node* sub = find_expansion_sub(left.get());
          NodePtr base = sub->ret ? std::move(sub->ret) : var_ref(sub->iter_var);
          auto n = binary(NodeType::Index, Op::None, std::move(base), std::move(idx));
          sub->ret = std::move(n);
        } else {
          left = binary(NodeType::Index, Op::None, std::move(left), std::move(idx));
        }
        continue;
      }
      return left;
    }
  }

  NodePtr attr_access(NodePtr left, std::string const& name) {
    if (left->type == NodeType::Expand) {
      Node* sub = find_expansion_sub(left.get());
      NodePtr base = sub->ret ? std::move(sub->ret) : var_ref(sub->iter_var);
      auto n = std::make_unique<Node>();
      n->type = NodeType::Attr;
      n->name = name;
      n->kids.push_back(std::move(base));
      sub->ret = std::move(n);
      return left;
    }
    auto n = std::make_unique<Node>();
    n->type = NodeType::Attr;
    n->name = name;
    n->kids.push_back(std::move(left));
    return n;
  }

  NodePtr parse_expansion(NodePtr left, int levels, bool boolean) {
    if (levels > 1 && left->type == NodeType::Expand) {
      auto p = make(NodeType::Passthru);
      p->kids.push_back(std::move(left));
      left = std::move(p);
    }
    auto e = make(NodeType::Expand);
    e->levels = levels;
    e->boolean = boolean;
    e->iter_var = temp_var(std::to_string(q_->vars.size()) + "_");
    Node* attach = nullptr;
    if (left->type == NodeType::Expand) {
      attach = find_expansion_sub(left.get());
      e->input = attach->ret ? std::move(attach->ret) : var_ref(attach->iter_var);
    } else {
      e->input = std::move(left);
    }
    current_.push_back(e->iter_var);
    // optional_array_filter
    if (cur().type == Tok::Filter) {
      advance();
      e->filter = parse_expression();
    } else if (cur().type == Tok::Any || cur().type == Tok::All || cur().type == Tok::None) {
      Quantifier q = cur().type == Tok::Any ? Quantifier::Any
                                            : (cur().type == Tok::All ? Quantifier::All : Quantifier::NoneOf);
      advance();
      expect(Tok::Filter);
      e->filter = parse_expression();
      if (!boolean) {
        error_at(1501, "unexpected quantifier value found for array expansion operation.", cur());
      }
      e->quantifier = q;
    } else if (cur().type == Tok::AtLeast) {
      advance();
      expect(Tok::Open);
      e->quantifier_min = parse_expression();
      expect(Tok::Close);
      expect(Tok::Filter);
      e->filter = parse_expression();
      e->quantifier = Quantifier::AtLeast;
      if (!boolean) {
        error_at(1501, "unexpected quantifier value found for array expansion operation.", cur());
      }
    } else if (cur().type != Tok::Limit && cur().type != Tok::Return &&
               cur().type != Tok::ArrayClose) {
      auto qexpr = parse_expression();
      expect(Tok::Filter);
      e->filter = parse_expression();
      if (!boolean) {
        error_at(1501, "unexpected quantifier value found for array expansion operation.", cur());
      }
      e->quantifier = Quantifier::AtLeast;
      if (qexpr->type == NodeType::Range) {
        e->quantifier_min = std::move(qexpr->kids[0]);
        e->quantifier_max = std::move(qexpr->kids[1]);
      } else {
        e->quantifier_max = literal(Value::integer(-1));  // exactly
        e->quantifier_min = std::move(qexpr);
      }
    }
    if (!boolean) {
      if (accept(Tok::Limit)) {
        auto a = parse_expression();
        if (accept(Tok::Comma)) {
          e->limit_offset = std::move(a);
          e->limit_count = parse_expression();
        } else {
          e->limit_count = std::move(a);
        }
      }
      if (accept(Tok::Return)) e->ret = parse_expression();
    }
    current_.pop_back();
    expect(Tok::ArrayClose);
    if (attach != nullptr) {
      attach->ret = std::move(e);
      return left;
    }
    return e;
  }

  std::string_view text_;
  ParseOptions const& opts_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::unique_ptr<Query> q_;
  std::vector<Scope> scopes_;
  std::vector<int> depth_stack_;  // see parse_binary()
  std::vector<int> current_;
  std::set<std::string> used_params_;
  std::optional<QueryError> deferred_bind_, deferred_collection_, deferred_plan_;
  int next_id_ = 1;
  bool stop_at_in_ = false;
  std::unordered_map<int, SearchSpec*> search_vars_;  // SEARCH FOR variables (register_scorer)
};

}  // namespace

bool Node::is_constant() const {
  switch (type) {
    case NodeType::Value:
      return true;
    case NodeType::Array:
      for (auto const& k : kids) {
        if (!k->is_constant()) return false;
      }
      return true;
    case NodeType::Object:
      for (auto const& k : key_exprs) {
        if (k && !k->is_constant()) return false;
      }
      for (auto const& k : kids) {
        if (!k->is_constant()) return false;
      }
      return true;
    default:
      return false;
  }
}

std::unique_ptr<Query> parse_query(std::string_view text, ParseOptions const& options) {
  // empty / whitespace-only query strings
  bool blank = true;
  for (char c : text) {
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      blank = false;
      break;
    }
  }
  if (blank) throw QueryError(1502, "query is empty");
  Parser p(text, options);
  return p.run();
}

}  // namespace emu::aql
