// The engine's build stream is NDJSON from outside the process: every line must turn into an
// event or a protocol error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "docker/build_progress.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ds01::docker::BuildProgress progress;
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    (void)progress.Feed(input.substr(start, end - start));
    start = end + 1;
  }
  (void)progress.Outcome();
  return 0;
}
