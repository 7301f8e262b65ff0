#include "api/names.h"

#include <fmt/format.h>

namespace ds01::api {
namespace {

constexpr std::size_t kMaxNameLength = 63;

bool Allowed(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return !first && (c == '_' || c == '.' || c == '-');
}

Status ValidateName(std::string_view what, std::string_view name) {
  const std::string hint = fmt::format(
      "use lowercase letters, digits, '_', '.' and '-', starting with a letter or digit, at most "
      "{} characters (e.g. my-thesis)",
      kMaxNameLength);
  if (name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, fmt::format("The {} name is empty", what), hint);
  }
  if (name.size() > kMaxNameLength) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("The {} name '{}' is longer than {} characters", what, name, kMaxNameLength),
        hint);
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!Allowed(name[i], i == 0)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("The {} name '{}' is not allowed: '{}' at position {}", what,
                                   name, name[i], i + 1),
                       hint);
    }
  }
  if (name.find("._.") != std::string_view::npos) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("The {} name '{}' contains '._.', which ds01 reserves", what, name),
        "choose a name without '._.'");
  }
  return Ok();
}

}  // namespace

Status ValidateContainerName(std::string_view name) { return ValidateName("container", name); }

Status ValidateProjectName(std::string_view project) { return ValidateName("project", project); }

}  // namespace ds01::api
