#pragma once

#include <string_view>

#include "common/error.h"

namespace ds01::cli {

/// How a listing command prints: a table for people, the daemon's JSON objects, or one item a
/// line for scripts.
enum class OutputFormat { kTable, kJson, kSimple };

/// Parses --format's value: "table", "json" or "simple"; a usage error names the three.
Result<OutputFormat> ParseOutputFormat(std::string_view text);

}  // namespace ds01::cli
