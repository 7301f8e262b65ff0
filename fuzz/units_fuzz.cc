// Durations and sizes come from config files and flags: any text must parse or fail cleanly,
// and whatever parses must format without trouble.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/units.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto duration = ds01::ParseDuration(text); duration.ok()) {
    if (duration->count() < 0) __builtin_trap();
    (void)ds01::FormatDuration(*duration);
  }
  if (auto bytes = ds01::ParseSize(text); bytes.ok()) (void)ds01::FormatSize(*bytes);
  return 0;
}
