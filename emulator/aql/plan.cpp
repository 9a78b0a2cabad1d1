#include "aql/plan.hpp"

#include <optional>
#include <set>
#include <string>

#include "aql/eval.hpp"
#include "aql/vector.hpp"

namespace emu::aql {

namespace {

char const* op_name(Op op) {
  switch (op) {
    case Op::Plus: return "unary plus";
    case Op::Minus: return "unary minus";
    case Op::Not: return "unary not";
    case Op::Add: return "plus";
    case Op::Sub: return "minus";
    case Op::Mul: return "times";
    case Op::Div: return "division";
    case Op::Mod: return "modulus";
    case Op::Eq: return "compare ==";
    case Op::Ne: return "compare !=";
    case Op::Lt: return "compare <";
    case Op::Le: return "compare <=";
    case Op::Gt: return "compare >";
    case Op::Ge: return "compare >=";
    case Op::In: return "compare in";
    case Op::NotIn: return "compare not in";
    default: return "no-op";
  }
}

struct AstWriter {
  Query const& q;
  bool with_ids;  // plan expressions carry typeID

  void value(JsonWriter& w, Value const& v) {
    w.begin_object().kv("type", "value");
    std::string j = v.json();
    w.key("value").raw(j);
    w.end_object();
  }

  void ref(JsonWriter& w, int var) {
    w.begin_object()
        .kv("type", "reference")
        .kv("name", q.vars[static_cast<std::size_t>(var)].name)
        .kv("id", var)
        .kv("subqueryReference", false)
        .end_object();
  }

  void variable(JsonWriter& w, int var) {
    w.begin_object()
        .kv("type", "variable")
        .kv("name", q.vars[static_cast<std::size_t>(var)].name)
        .kv("id", var)
        .end_object();
  }

  void sub(JsonWriter& w, char const* type, std::initializer_list<Node const*> kids) {
    w.begin_object().kv("type", type).key("subNodes").begin_array();
    for (auto const* k : kids) {
      if (k) expr(w, *k);
    }
    w.end_array().end_object();
  }

  void expr(JsonWriter& w, Node const& n) {
    switch (n.type) {
      case NodeType::Value:
        value(w, n.value);
        return;
      case NodeType::Var:
        ref(w, n.var);
        return;
      case NodeType::Collection:
        w.begin_object().kv("type", "collection").kv("name", n.name).end_object();
        return;
      case NodeType::Array:
        w.begin_object().kv("type", "array").key("subNodes").begin_array();
        for (auto const& k : n.kids) expr(w, *k);
        w.end_array().end_object();
        return;
      case NodeType::Object:
        w.begin_object().kv("type", "object").key("subNodes").begin_array();
        for (std::size_t i = 0; i < n.kids.size(); ++i) {
          w.begin_object().kv("type", "object element").kv("name", n.keys[i]).key("subNodes").begin_array();
          expr(w, *n.kids[i]);
          w.end_array().end_object();
        }
        w.end_array().end_object();
        return;
      case NodeType::Attr:
        w.begin_object().kv("type", "attribute access").kv("name", n.name).key("subNodes").begin_array();
        expr(w, *n.kids[0]);
        w.end_array().end_object();
        return;
      case NodeType::Index:
        sub(w, "indexed access", {n.kids[0].get(), n.kids[1].get()});
        return;
      case NodeType::Unary:
        sub(w, op_name(n.op), {n.kids[0].get()});
        return;
      case NodeType::Binary:
        sub(w, op_name(n.op), {n.kids[0].get(), n.kids[1].get()});
        return;
      case NodeType::And:
        sub(w, "logical and", {n.kids[0].get(), n.kids[1].get()});
        return;
      case NodeType::Or:
        sub(w, "logical or", {n.kids[0].get(), n.kids[1].get()});
        return;
      case NodeType::Ternary:
        if (n.kids.size() == 2) {
          sub(w, "ternary", {n.kids[0].get(), n.kids[1].get()});
        } else {
          sub(w, "ternary", {n.kids[0].get(), n.kids[1].get(), n.kids[2].get()});
        }
        return;
      case NodeType::Range:
        sub(w, "range", {n.kids[0].get(), n.kids[1].get()});
        return;
      case NodeType::Call:
      case NodeType::UserCall: {
        w.begin_object()
            .kv("type", n.type == NodeType::Call ? "function call" : "user function call")
            .kv("name", n.name)
            .key("subNodes")
            .begin_array();
        w.begin_object().kv("type", "array").key("subNodes").begin_array();
        for (auto const& k : n.kids) expr(w, *k);
        w.end_array().end_object();
        w.end_array().end_object();
        return;
      }
      case NodeType::Subquery:
        w.begin_object().kv("type", "subquery").key("subNodes").begin_array();
        block(w, *n.block);
        w.end_array().end_object();
        return;
      case NodeType::Expand: {
        w.begin_object().kv("type", "expansion").kv("levels", n.levels).key("subNodes").begin_array();
        w.begin_object().kv("type", "iterator").key("subNodes").begin_array();
        variable(w, n.iter_var);
        expr(w, *n.input);
        w.end_array().end_object();
        if (n.ret) expr(w, *n.ret); else ref(w, n.iter_var);
        if (n.filter) expr(w, *n.filter); else w.begin_object().kv("type", "no-op").end_object();
        w.begin_object().kv("type", "no-op").end_object();
        w.begin_object().kv("type", "no-op").end_object();
        w.end_array().end_object();
        return;
      }
      case NodeType::ArrayCmp: {
        std::string t = std::string("array ") + op_name(n.op);
        sub(w, t.c_str(), {n.kids[0].get(), n.kids[1].get()});
        return;
      }
      case NodeType::Passthru:
        expr(w, *n.kids[0]);
        return;
    }
  }

  void block(JsonWriter& w, Block const& b) {
    for (auto const& s : b.stmts) stmt(w, s);
  }

  void stmt(JsonWriter& w, Stmt const& s) {
    switch (s.kind) {
      case StmtKind::For: {
        w.begin_object().kv("type", "for").key("subNodes").begin_array();
        variable(w, s.vars[0]);
        if (s.expr) expr(w, *s.expr);
        w.begin_object().kv("type", "no-op").end_object();
        w.end_array().end_object();
        return;
      }
      case StmtKind::Let:
        w.begin_object().kv("type", "let").key("subNodes").begin_array();
        variable(w, s.var);
        expr(w, *s.expr);
        w.end_array().end_object();
        return;
      case StmtKind::Filter:
        w.begin_object().kv("type", "filter").key("subNodes").begin_array();
        expr(w, *s.expr);
        w.end_array().end_object();
        return;
      case StmtKind::Return:
        w.begin_object().kv("type", "return").key("subNodes").begin_array();
        expr(w, *s.expr);
        w.end_array().end_object();
        return;
      case StmtKind::Limit:
        w.begin_object().kv("type", "limit").key("subNodes").begin_array();
        expr(w, *s.offset);
        expr(w, *s.count);
        w.end_array().end_object();
        return;
      case StmtKind::Sort:
        w.begin_object().kv("type", "sort").key("subNodes").begin_array();
        w.begin_object().kv("type", "array").key("subNodes").begin_array();
        for (auto const& k : s.sort) {
          w.begin_object().kv("type", "sort element").key("subNodes").begin_array();
          expr(w, *k.expr);
          expr(w, *k.ascending);
          w.end_array().end_object();
        }
        w.end_array().end_object();
        w.end_array().end_object();
        return;
      case StmtKind::Collect:
        w.begin_object().kv("type", "collect").key("subNodes").begin_array();
        for (auto const& g : s.groups) {
          w.begin_object().kv("type", "assign").key("subNodes").begin_array();
          variable(w, g.first);
          expr(w, *g.second);
          w.end_array().end_object();
        }
        w.end_array().end_object();
        return;
      default: {
        char const* t = s.kind == StmtKind::Insert ? "insert"
                        : s.kind == StmtKind::Update ? "update"
                        : s.kind == StmtKind::Replace ? "replace"
                        : s.kind == StmtKind::Remove ? "remove"
                        : s.kind == StmtKind::Upsert ? "upsert" : "window";
        w.begin_object().kv("type", t).key("subNodes").begin_array();
        if (s.key_expr) expr(w, *s.key_expr);
        if (s.doc_expr) expr(w, *s.doc_expr);
        if (!s.collection.empty()) {
          w.begin_object().kv("type", "collection").kv("name", s.collection).end_object();
        }
        w.end_array().end_object();
        return;
      }
    }
  }
};

void out_var(JsonWriter& w, Query const& q, int var) {
  w.begin_object()
      .kv("id", var)
      .kv("name", q.vars[static_cast<std::size_t>(var)].name)
      .kv("isFullDocumentFromCollection", false)
      .end_object();
}

}  // namespace

void write_ast(JsonWriter& w, Query const& q) {
  AstWriter a{q, false};
  w.begin_array();
  w.begin_object().kv("type", "root").key("subNodes").begin_array();
  a.block(w, q.main);
  w.end_array().end_object();
  w.end_array();
}

void write_plan(JsonWriter& w, Query const& q, DataSource* source) {
  AstWriter a{q, true};
  w.begin_object();
  w.key("nodes").begin_array();
  w.begin_object()
      .kv("type", "SingletonNode")
      .key("dependencies").begin_array().end_array()
      .kv("id", 1)
      .kv("estimatedCost", 1)
      .kv("estimatedNrItems", 1)
      .key("bindParameterVariables").begin_object().end_object()
      .end_object();
  int prev = 1;
  double cost = 1;
  std::set<std::size_t> replaced;  // statements a vector search answers (aql/vector.hpp)
  bool vector_search = false;
  for (std::size_t i = 0; i < q.main.stmts.size(); ++i) {
    auto const& s = q.main.stmts[i];
    if (replaced.count(i) != 0) continue;
    std::optional<VectorSearch> vs;
    if (source != nullptr && s.kind == StmtKind::For) vs = match_vector_search(q.main, i, *source);
    if (vs) {
      vector_search = true;
      replaced.insert(vs->replaced.begin(), vs->replaced.end());
      cost += 1;
      w.begin_object().kv("type", "EnumerateNearVectorNode");
      w.key("dependencies").begin_array().int64(prev).end_array();
      w.kv("id", s.node_id).kv("estimatedCost", cost).kv("estimatedNrItems", 1);
      w.key("documentOutVariable");
      out_var(w, q, s.vars[0]);
      w.kv("collection", s.collection);
      w.key("index").begin_object().kv("name", vs->index.name).kv("type", "vector");
      w.key("fields").begin_array().string(vs->index.field).end_array().end_object();
      w.end_object();
      prev = s.node_id;
      continue;
    }
    for (int id : s.calc_ids) {
      cost += 1;
      w.begin_object().kv("type", "CalculationNode").key("dependencies").begin_array().int64(prev).end_array();
      w.kv("id", id).kv("estimatedCost", cost).kv("estimatedNrItems", 1).end_object();
      prev = id;
    }
    if (s.node_id == 0) continue;
    cost += 1;
    w.begin_object().kv("type", node_type_name(s));
    w.key("dependencies").begin_array().int64(prev).end_array();
    w.kv("id", s.node_id).kv("estimatedCost", cost).kv("estimatedNrItems", 1);
    if (s.kind == StmtKind::For) {
      w.key("outVariable");
      out_var(w, q, s.vars[0]);
      if (!s.collection.empty()) w.kv("collection", s.collection);
    } else if (s.kind == StmtKind::Let) {
      w.key("expression");
      a.expr(w, *s.expr);
      w.key("outVariable");
      out_var(w, q, s.var);
    } else if (s.kind == StmtKind::Return) {
      w.kv("count", true);
    } else if (!s.collection.empty()) {
      w.kv("collection", s.collection);
    }
    w.end_object();
    prev = s.node_id;
  }
  w.end_array();
  w.key("rules").begin_array();
  if (vector_search) w.string("use-vector-index");
  w.end_array();
  w.kv("asyncPrefetchNodes", 0);
  w.kv("estimatedCost", cost).kv("estimatedNrItems", 1);
  w.key("collections").begin_array();
  for (auto const& c : q.collections) {
    bool written = false;
    for (auto const& wc : q.write_collections) written = written || wc == c;
    if (!written) w.begin_object().kv("name", c).kv("type", "read").end_object();
  }
  for (auto const& c : q.write_collections) w.begin_object().kv("name", c).kv("type", "write").end_object();
  w.end_array();
  w.key("variables").begin_array();
  for (std::size_t i = q.vars.size(); i-- > 0;) out_var(w, q, static_cast<int>(i));
  w.end_array();
  w.kv("isModificationQuery", q.modification);
  w.end_object();
}

}  // namespace emu::aql
