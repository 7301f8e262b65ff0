#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01 {

/// Splits a command line into words as a POSIX shell would, without expanding anything:
/// blanks separate words; '…' keeps everything literally; "…" keeps everything but a
/// backslash before $, `, ", \ or a newline; a backslash outside quotes keeps the next
/// character. An unterminated quote or a trailing backslash is kInvalidArgument.
Result<std::vector<std::string>> SplitShellWords(std::string_view text);

}  // namespace ds01
