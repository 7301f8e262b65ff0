#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ds01 {

/// What kind of failure an Error is; the daemon maps these to HTTP statuses and
/// the CLI to exit codes (DESIGN.md §8).
enum class ErrorCode {
  kInvalidArgument,   // bad input from a user or a caller
  kNotFound,          // the thing does not exist (or is not visible to the caller)
  kConflict,          // the thing exists or is in a state that forbids the action
  kLimitExceeded,     // a policy limit refuses the request
  kPermissionDenied,  // policy refuses the request outright
  kUnavailable,       // a peer (engine, daemon, NVML) cannot be reached
  kTimeout,           // a deadline passed
  kCancelled,         // the caller cancelled the operation
  kProtocol,          // a peer sent something malformed
  kInternal,          // a bug or an unexpected failure of a dependency
};

/// The stable snake_case name of a code, as used in API error bodies.
std::string_view ErrorCodeName(ErrorCode code);

/// A failure: what happened (message) and what the user can do about it (hint).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string hint;  // without the "Fix: " prefix; empty when there is nothing to suggest

  /// "message. Fix: hint" (or just the message when there is no hint).
  std::string ToString() const;
};

inline Error MakeError(ErrorCode code, std::string message, std::string hint = {}) {
  return Error{code, std::move(message), std::move(hint)};
}

/// Either a value or an Error. Errors are values in ds01 (STYLE.md); exceptions
/// stay inside the boundaries that cannot return.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

/// Success or an Error, for operations with no value.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace ds01

/// Returns the error of a failed Status/Result expression from the enclosing function.
#define DS01_RETURN_IF_ERROR(expr)            \
  do {                                        \
    auto ds01_status_ = (expr);               \
    if (!ds01_status_.ok()) {                 \
      return std::move(ds01_status_).error(); \
    }                                         \
  } while (false)

/// Evaluates `expr` (a Result); on error returns the error from the enclosing function, else
/// declares or assigns `lhs` from its value: DS01_ASSIGN_OR_RETURN(auto tx, store.Write());
#define DS01_ASSIGN_OR_RETURN(lhs, expr) \
  DS01_ASSIGN_OR_RETURN_IMPL(DS01_CONCAT(ds01_result_, __LINE__), lhs, expr)
// `lhs` is a declaration or a variable: it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define DS01_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                               \
  if (!result.ok()) return std::move(result).error(); \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)
#define DS01_CONCAT(a, b) DS01_CONCAT_INNER(a, b)
#define DS01_CONCAT_INNER(a, b) a##b
