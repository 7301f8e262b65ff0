#include "docker/json_fields.h"

#include <string>

namespace ds01::docker {
namespace {

const nlohmann::json& Null() {
  static const nlohmann::json null_value;
  return null_value;
}

}  // namespace

Result<nlohmann::json> ParseJson(std::string_view body, std::string_view what) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    std::string excerpt(body.substr(0, 120));
    return MakeError(
        ErrorCode::kProtocol,
        "The Docker engine sent malformed JSON for " + std::string(what) + ": '" + excerpt + "'",
        "check that the address points at a Docker engine");
  }
  return parsed;
}

const nlohmann::json& Field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return Null();
  auto it = object.find(key);
  return it == object.end() ? Null() : *it;
}

std::string StringField(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::int64_t IntField(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) return static_cast<std::int64_t>(value.get<double>());
  return 0;
}

std::uint64_t UintField(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  std::int64_t signed_value = IntField(object, key);
  return signed_value > 0 ? static_cast<std::uint64_t>(signed_value) : 0;
}

bool BoolField(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Field(object, key);
  return value.is_boolean() && value.get<bool>();
}

std::vector<std::string> StringListField(const nlohmann::json& object, std::string_view key) {
  std::vector<std::string> out;
  const nlohmann::json& value = Field(object, key);
  if (!value.is_array()) return out;
  for (const auto& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::map<std::string, std::string> StringMapField(const nlohmann::json& object,
                                                  std::string_view key) {
  std::map<std::string, std::string> out;
  const nlohmann::json& value = Field(object, key);
  if (!value.is_object()) return out;
  for (const auto& [name, item] : value.items()) {
    if (item.is_string()) out.emplace(name, item.get<std::string>());
  }
  return out;
}

}  // namespace ds01::docker
