#include "api/wire_error.h"

#include <array>

#include "api/wire_json.h"

namespace ds01::api {

std::optional<ErrorCode> ParseErrorCode(std::string_view name) {
  static constexpr std::array kCodes = {ErrorCode::kInvalidArgument,  ErrorCode::kNotFound,
                                        ErrorCode::kConflict,         ErrorCode::kLimitExceeded,
                                        ErrorCode::kPermissionDenied, ErrorCode::kUnavailable,
                                        ErrorCode::kTimeout,          ErrorCode::kCancelled,
                                        ErrorCode::kProtocol,         ErrorCode::kInternal};
  for (ErrorCode code : kCodes) {
    if (ErrorCodeName(code) == name) return code;
  }
  return std::nullopt;
}

void to_json(nlohmann::json& json, const ErrorBody& body) {
  json = {{"error",
           {{"code", ErrorCodeName(body.code)}, {"message", body.message}, {"hint", body.hint}}}};
}

void from_json(const nlohmann::json& json, ErrorBody& body) {
  const nlohmann::json& error = json.at("error");
  const std::string code = error.at("code").get<std::string>();
  const auto parsed = ParseErrorCode(code);
  if (!parsed) throw MalformedField("unknown error code " + code);
  body.code = *parsed;
  error.at("message").get_to(body.message);
  error.at("hint").get_to(body.hint);
}

}  // namespace ds01::api
