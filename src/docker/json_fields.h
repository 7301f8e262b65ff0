#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01::docker {

/// Parses an engine response body; malformed JSON is a kProtocol error naming `what`.
Result<nlohmann::json> ParseJson(std::string_view body, std::string_view what);

// Tolerant readers of the engine's JSON: a missing, null or mistyped field gives the empty value,
// since the engine omits fields freely between versions.

/// The string at `key`, or "".
std::string StringField(const nlohmann::json& object, std::string_view key);
/// The integer at `key` (floats truncated), or 0.
std::int64_t IntField(const nlohmann::json& object, std::string_view key);
/// The unsigned integer at `key`, or 0 (negative values give 0).
std::uint64_t UintField(const nlohmann::json& object, std::string_view key);
/// The boolean at `key`, or false.
bool BoolField(const nlohmann::json& object, std::string_view key);
/// The object or array at `key`, or null.
const nlohmann::json& Field(const nlohmann::json& object, std::string_view key);
/// The strings of the array at `key` (non-strings skipped), or {}.
std::vector<std::string> StringListField(const nlohmann::json& object, std::string_view key);
/// The string values of the object at `key` (non-strings skipped), or {}.
std::map<std::string, std::string> StringMapField(const nlohmann::json& object,
                                                  std::string_view key);

}  // namespace ds01::docker
