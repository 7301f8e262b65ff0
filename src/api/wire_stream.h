#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

namespace ds01::api {

/// The line that follows an engine connection ds01d hands over for a container's logs, attach
/// or wait (docs/api.md, "The hand-over"): how to read what comes on it, and how many bytes of
/// it ds01d read already; those bytes come next on the same connection, then it closes.
struct StreamStarted {
  bool chunked = false;  // an answer body in chunks; otherwise it runs until the engine closes
  bool tty = false;      // the container has a terminal: one raw stream; otherwise 8-byte frames
  std::size_t early_bytes = 0;

  bool operator==(const StreamStarted&) const = default;
};

void to_json(nlohmann::json& json, const StreamStarted& started);
void from_json(const nlohmann::json& json, StreamStarted& started);

}  // namespace ds01::api
