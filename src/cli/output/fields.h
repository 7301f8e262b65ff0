#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ds01::cli {

/// The string at `key` of a daemon object; empty when absent or not a string.
std::string TextField(const nlohmann::json& object, std::string_view key);

/// The number at `key` of a daemon object; nothing when absent, null or not a number.
std::optional<double> NumberField(const nlohmann::json& object, std::string_view key);

/// The boolean at `key` of a daemon object; false when absent or not a boolean.
bool BoolField(const nlohmann::json& object, std::string_view key);

/// The object at `key` of a daemon object; an empty object when absent or not an object.
const nlohmann::json& ObjectField(const nlohmann::json& object, std::string_view key);

/// The array at `key` of a daemon object; an empty array when absent or not an array.
const nlohmann::json& ArrayField(const nlohmann::json& object, std::string_view key);

}  // namespace ds01::cli
