#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::api {

/// The body of every failed request: {"error": {"code", "message", "hint"}}, the code as
/// ErrorCodeName spells it ("limit_exceeded").
struct ErrorBody {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string hint;  // empty when there is nothing to suggest

  bool operator==(const ErrorBody&) const = default;
};

/// The code ErrorCodeName spells `name`, or nothing for a name it never writes.
std::optional<ErrorCode> ParseErrorCode(std::string_view name);

void to_json(nlohmann::json& json, const ErrorBody& body);
void from_json(const nlohmann::json& json, ErrorBody& body);

}  // namespace ds01::api
