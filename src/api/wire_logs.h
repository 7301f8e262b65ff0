#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

namespace ds01::api {

/// The line that follows the engine connection ds01d hands over for GET
/// /v1/containers/{name}/logs (docs/api.md, "Logs"): how to read the engine's answer body on
/// it, and how many bytes of that body ds01d read with the answer's head; those bytes come
/// next on the same connection, then it closes.
struct LogsStarted {
  bool chunked = false;  // the body is in chunks; otherwise it runs until the engine closes
  bool tty = false;      // the container has a terminal: one raw stream; otherwise 8-byte frames
  std::size_t early_bytes = 0;

  bool operator==(const LogsStarted&) const = default;
};

void to_json(nlohmann::json& json, const LogsStarted& started);
void from_json(const nlohmann::json& json, LogsStarted& started);

}  // namespace ds01::api
