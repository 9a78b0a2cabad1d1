// Graph API (the seed's arangoasync.graph.Graph): the part that reaches a graph's vertex and
// edge collections. The rest of the seed's Graph class is not built yet (see README).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <arango/async.hpp>
#include <arango/collection.hpp>
#include <arango/detail/ops_graph.hpp>
#include <arango/executor.hpp>
#include <arango/export.hpp>
#include <arango/types.hpp>

namespace arango {
inline namespace ARANGO_API v1 {

/// A named graph. Taking one makes no request.
template <class Executor = DefaultApiExecutor>
class Graph : public CallSettings<Graph<Executor>> {
  friend class CallSettings<Graph<Executor>>;

 public:
  Graph(Executor executor, std::string name) : executor_(std::move(executor)), name_(std::move(name)) {}

  const std::string& name() const noexcept { return name_; }
  const std::string& db_name() const { return executor_.db_name(); }
  std::string_view context() const noexcept { return executor_.context(); }

  /// GraphProperties. GraphPropertiesError.
  template <class Token = UseFuture>
  auto properties(Token&& token = {}) const {
    return executor_.run(detail::ops::graph_properties(name_), std::forward<Token>(token));
  }
  /// A vertex collection of this graph (no request; documents decoded as T).
  template <class T = Json>
  VertexCollection<T, Executor> vertex_collection(std::string name) const {
    return VertexCollection<T, Executor>(executor_, name_, std::move(name));
  }
  /// An edge collection of this graph (no request; documents decoded as T).
  template <class T = Json>
  EdgeCollection<T, Executor> edge_collection(std::string name) const {
    return EdgeCollection<T, Executor>(executor_, name_, std::move(name));
  }

 private:
  Executor executor_;
  std::string name_;
};

}  // namespace v1
}  // namespace arango
