#include "cli/output/fields.h"

namespace ds01::cli {
namespace {

const nlohmann::json* Find(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::string TextField(const nlohmann::json& object, std::string_view key) {
  const auto* value = Find(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

std::optional<double> NumberField(const nlohmann::json& object, std::string_view key) {
  const auto* value = Find(object, key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

bool BoolField(const nlohmann::json& object, std::string_view key) {
  const auto* value = Find(object, key);
  return value && value->is_boolean() && value->get<bool>();
}

const nlohmann::json& ObjectField(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto* value = Find(object, key);
  return value && value->is_object() ? *value : kEmpty;
}

const nlohmann::json& ArrayField(const nlohmann::json& object, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const auto* value = Find(object, key);
  return value && value->is_array() ? *value : kEmpty;
}

}  // namespace ds01::cli
