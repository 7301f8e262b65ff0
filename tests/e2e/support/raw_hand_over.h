#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "tests/e2e/support/process.h"

namespace ds01::e2e {

/// ds01's side of a hand-over (logs, wait, attach) done by hand, as a script or an attacker
/// would: the upgraded request on a connection of the user's, the go-ahead byte, the descriptor
/// and its line.
struct RawHandOver {
  int control = -1;  // the connection to ds01d
  int engine = -1;   // the handed-over engine connection; -1 when none came
  std::string head;  // ds01d's answer head (101, or the refusal)
  nlohmann::json line;
  std::string early;

  RawHandOver() = default;
  RawHandOver(const RawHandOver&) = delete;
  RawHandOver& operator=(const RawHandOver&) = delete;
  ~RawHandOver();

  /// Reads the engine connection to its end (or until `limit` bytes), after the early bytes;
  /// each wait for more is at most 20 s.
  std::string ReadEngine(std::size_t limit = std::string::npos);
};

/// Sends `method target` to ds01d at `socket_path` as `as`, upgraded to `protocol`
/// ("ds01-logs"), and takes the hand-over by hand; when `go_ahead` is false the client never
/// says it read the 101 (and gets nothing). What fails along the way is a test failure, with
/// what came so far in the result.
std::unique_ptr<RawHandOver> OpenRawHandOver(const Credentials& as, const std::string& socket_path,
                                             std::string_view method, const std::string& target,
                                             std::string_view protocol, bool go_ahead = true);

}  // namespace ds01::e2e
