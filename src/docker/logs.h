#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ds01::docker {

/// What GET /containers/{id}/logs returns. Times are Unix seconds (fractions allowed).
struct LogsOptions {
  bool stdout_stream = true;
  bool stderr_stream = true;
  bool follow = false;  // keep streaming new output until the container stops, until, or Cancel
  std::optional<double> since;
  std::optional<double> until;
  std::optional<int> tail;  // the last N lines; nullopt = all
  bool timestamps = false;  // prefix each line with its RFC 3339 time
};

/// The logs endpoint's path and query for container `id`.
std::string LogsPath(std::string_view id, const LogsOptions& options);

}  // namespace ds01::docker
