// A project's .dockerignore is user input: any text must parse or fail cleanly, and the rules
// must answer for any path.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "docker/build_context.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find('\0');
  std::string_view rules_text = input.substr(0, split);
  std::string_view path = split == std::string_view::npos ? "a/b/c" : input.substr(split + 1);
  auto rules = ds01::docker::IgnoreRules::Parse(rules_text);
  if (rules.ok()) (void)rules->Excludes(path);
  return 0;
}
