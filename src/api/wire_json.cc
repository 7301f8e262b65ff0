#include "api/wire_json.h"

#include "common/rfc3339.h"

namespace ds01::api {

Error MalformedObject(std::string_view why) {
  // nlohmann's messages start with "[json.exception.type_error.302] ": not for people.
  if (why.starts_with('[') && why.find("] ") != std::string_view::npos) {
    why.remove_prefix(why.find("] ") + 2);
  }
  return MakeError(ErrorCode::kProtocol, std::string(why));
}

std::string DumpWire(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void to_json(nlohmann::json& json, ContainerState state) { json = ContainerStateName(state); }

void from_json(const nlohmann::json& json, ContainerState& state) {
  const auto parsed = ParseContainerState(json.get<std::string>());
  if (!parsed) throw MalformedField("unknown container state " + json.dump());
  state = *parsed;
}

nlohmann::json TimeJson(TimePoint time) { return FormatRfc3339(time); }

nlohmann::json TimeJson(const std::optional<TimePoint>& time) {
  return time ? TimeJson(*time) : nlohmann::json(nullptr);
}

TimePoint TimeAt(const nlohmann::json& object, std::string_view key) {
  const std::string text = object.at(key).get<std::string>();
  const auto time = ParseRfc3339(text);
  if (!time) throw MalformedField(std::string(key) + " is not an RFC 3339 time: " + text);
  return *time;
}

std::optional<TimePoint> OptionalTimeAt(const nlohmann::json& object, std::string_view key) {
  if (object.at(key).is_null()) return std::nullopt;
  return TimeAt(object, key);
}

}  // namespace ds01::api
