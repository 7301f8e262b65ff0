#include "docker/logs.h"

#include <cstdio>

#include "docker/api_path.h"

namespace ds01::docker {
namespace {

// Unix seconds as the engine reads them: "1700000000" or "1700000000.250000000".
std::string FormatUnixSeconds(double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9f", seconds);
  std::string out(text);
  out.erase(out.find_last_not_of('0') + 1);
  if (out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

std::string LogsPath(std::string_view id, const LogsOptions& options) {
  ApiPath path("/containers");
  path.Segment(id).Then("logs");
  path.Flag("stdout", options.stdout_stream).Flag("stderr", options.stderr_stream);
  path.Flag("follow", options.follow).Flag("timestamps", options.timestamps);
  if (options.since) path.Add("since", FormatUnixSeconds(*options.since));
  if (options.until) path.Add("until", FormatUnixSeconds(*options.until));
  path.Add("tail", options.tail ? std::to_string(*options.tail) : std::string("all"));
  return path.str();
}

}  // namespace ds01::docker
