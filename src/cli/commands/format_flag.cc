#include "cli/commands/format_flag.h"

#include <string>

namespace ds01::cli {

void DeclareFormat(ArgSpec& args, OutputFormat& format) {
  args.Option("--format", "table|json|simple", [&format](const std::string& value) -> Status {
    auto parsed = ParseOutputFormat(value);
    if (!parsed.ok()) return std::move(parsed).error();
    format = *parsed;
    return Ok();
  });
}

}  // namespace ds01::cli
