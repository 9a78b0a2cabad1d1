// Result<T>: the value of a completed call, or the error that ended it.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include <arango/error_base.hpp>
#include <arango/export.hpp>

namespace arango {
inline namespace v1 ARANGO_API {

template <class T>
/// The outcome of a call: its value or the error it failed with (an ArangoError, shared). What a
/// completion callback receives; Future::get() unwraps it, throwing the error as its own type.
class [[nodiscard]] Result {
  static_assert(!std::is_reference_v<T>, "Result<T&> is not supported");

 public:
  using value_type = T;  ///< the value's type

  /// A result holding `value`.
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  /// A failed result; `error` must not be null.
  Result(ErrorPtr error) : state_(std::in_place_index<1>, std::move(error)) { assert(std::get<1>(state_)); }

  /// Whether the call succeeded.
  bool has_value() const noexcept { return state_.index() == 0; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws the error (as its own type) when there is none.
  T& value() & { check(); return std::get<0>(state_); }
  /// The value; throws the error (as its own type) when there is none.
  const T& value() const& { check(); return std::get<0>(state_); }
  /// The value, moved out; throws the error (as its own type) when there is none.
  T&& value() && { check(); return std::get<0>(std::move(state_)); }

  /// The value (as value()); throws the error when there is none.
  T& operator*() & { return value(); }
  /// The value (as value()); throws the error when there is none.
  const T& operator*() const& { return value(); }
  /// The value's members (as value()); throws the error when there is none.
  T* operator->() { return &value(); }
  /// The value's members (as value()); throws the error when there is none.
  const T* operator->() const { return &value(); }

  /// The error; only when !has_value().
  const ArangoError& error() const noexcept { return *std::get<1>(state_); }
  /// The error, shared (to keep or rethrow later with error_ptr()->raise()); only when
  /// !has_value().
  const ErrorPtr& error_ptr() const noexcept { return std::get<1>(state_); }

 private:
  void check() const {
    if (state_.index() == 1) raise_error();
  }
  // Out of line: inlined, GCC 12 at -O2 warns (-Wmaybe-uninitialized) about the error pointer
  // of a Result it saw built with a value, in code that raises only when there is an error.
  [[gnu::noinline, gnu::cold]] void raise_error() const { std::get<1>(state_)->raise(); }
  std::variant<T, ErrorPtr> state_;
};

template <>
/// The outcome of a call that delivers nothing: success, or the error it failed with.
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;  ///< no value
  Result() = default;  ///< A success.
  /// A failed result; `error` must not be null.
  Result(ErrorPtr error) : error_(std::move(error)) { assert(error_); }
  /// Whether the call succeeded.
  bool has_value() const noexcept { return !error_; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Returns on success; throws the error (as its own type) otherwise.
  void value() const {
    if (error_) error_->raise();
  }
  /// The error; only when !has_value().
  const ArangoError& error() const noexcept { return *error_; }
  /// The error, shared; only when !has_value().
  const ErrorPtr& error_ptr() const noexcept { return error_; }

 private:
  ErrorPtr error_;
};

/// A completion callback: receives the call's Result.
template <class T>
using Callback = std::function<void(Result<T>)>;

/// Makes an ErrorPtr holding a new error of type E.
template <class E, class... Args>
ErrorPtr make_error(Args&&... args) {
  return std::make_shared<const E>(std::forward<Args>(args)...);
}

}  // namespace v1
}  // namespace arango
