#pragma once

// For the wire types' tests: a trip through the text ds01d sends, and an object's keys.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/wire_json.h"

namespace ds01::api::testing {

/// A time the wire keeps exactly: whole milliseconds.
inline TimePoint Millis(std::int64_t millis) {
  return TimePoint(std::chrono::milliseconds(millis));
}

/// `value` written as ds01d writes it, then read back as the CLI reads it.
template <typename T>
T RoundTrip(const T& value) {
  auto read = FromWire<T>(nlohmann::json::parse(DumpWire(value)));
  EXPECT_TRUE(read.ok()) << read.error().message;
  return read.ok() ? *read : T{};
}

/// The keys of a JSON object, in order (nlohmann keeps them sorted).
inline std::vector<std::string> Keys(const nlohmann::json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

}  // namespace ds01::api::testing
