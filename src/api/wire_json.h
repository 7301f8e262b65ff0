#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "api/lifecycle.h"
#include "common/error.h"

// What every wire type (api/wire_*.h) shares: times as RFC 3339 strings, the container state's
// spelling, fields that are left out when unset, and the one place where a malformed object
// stops being an exception and becomes an Error.
namespace ds01::api {

using TimePoint = std::chrono::system_clock::time_point;

/// A value a wire type's from_json cannot read (a time that is not RFC 3339, an unknown state);
/// nlohmann's own exceptions cover missing keys and wrong types.
class MalformedField : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// kProtocol: `json` is not the object a wire type expected. The message is only what is wrong
/// in it ("key 'name' not found"); who reads it says whose object it was.
Error MalformedObject(std::string_view why);

/// `json` read as the wire type T, or MalformedObject naming what in it does not fit. The
/// from_json functions throw; this is where that ends.
template <typename T>
Result<T> FromWire(const nlohmann::json& json) {
  try {
    return json.get<T>();
  } catch (const nlohmann::json::exception& e) {
    return MalformedObject(e.what());
  } catch (const MalformedField& e) {
    return MalformedObject(e.what());
  }
}

/// `json` as text, invalid UTF-8 replaced rather than thrown on: how ds01d sends its answers.
std::string DumpWire(const nlohmann::json& json);

/// "running" and the other states of api/lifecycle.h, as the wire spells them.
void to_json(nlohmann::json& json, ContainerState state);
void from_json(const nlohmann::json& json, ContainerState& state);

/// A time as RFC 3339 with milliseconds.
nlohmann::json TimeJson(TimePoint time);
/// A time as RFC 3339, or null when there is none.
nlohmann::json TimeJson(const std::optional<TimePoint>& time);
/// The time at `key` of `object`; MalformedField when it is not RFC 3339.
TimePoint TimeAt(const nlohmann::json& object, std::string_view key);
/// The time at `key` of `object`, nothing when it is null.
std::optional<TimePoint> OptionalTimeAt(const nlohmann::json& object, std::string_view key);

/// Sets `key` of `object` to `value` when there is one; a field the wire leaves out when unset.
template <typename T>
void PutIfSet(nlohmann::json& object, std::string_view key, const std::optional<T>& value) {
  if (value) object[std::string(key)] = *value;
}

/// The value at `key` of `object`, nothing when it is absent or null.
template <typename T>
std::optional<T> OptionalAt(const nlohmann::json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return it->template get<T>();
}

}  // namespace ds01::api
