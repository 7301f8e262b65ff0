#include "cli/output/format.h"

#include <string>

namespace ds01::cli {

Result<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "simple") return OutputFormat::kSimple;
  return MakeError(ErrorCode::kInvalidArgument, "unknown format '" + std::string(text) + "'",
                   "use --format=table, --format=json or --format=simple");
}

}  // namespace ds01::cli
