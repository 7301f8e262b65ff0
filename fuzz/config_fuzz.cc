// The YAML config is read from a file an admin edits: any text must load or be refused with an
// error that names the place, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = ds01::policy::ParseConfig(text, "fuzz.yaml");
  if (!config.ok() && config.error().message.rfind("fuzz.yaml", 0) != 0) __builtin_trap();
  return 0;
}
