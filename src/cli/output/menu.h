#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01::cli {

/// Shows `title` and `rows` numbered from 1 (aligned as a table), then reads the choice from
/// `in` and returns the chosen row's index. "q" or the end of input is kCancelled; three answers
/// that are not a listed number are kInvalidArgument. Never waits once `in` has ended.
Result<std::size_t> ChooseFromMenu(std::istream& in, std::ostream& out, std::string_view title,
                                   const std::vector<std::vector<std::string>>& rows);

/// Asks `question` and reads one line, trimmed; kCancelled when it is empty or the input ends.
Result<std::string> AskLine(std::istream& in, std::ostream& out, std::string_view question);

/// Asks `question` with "[fallback]" and reads one line, trimmed: an empty answer is `fallback`.
/// With no fallback an empty answer is kCancelled, as is the end of the input.
Result<std::string> AskLineOr(std::istream& in, std::ostream& out, std::string_view question,
                              std::string_view fallback);

/// Asks `question` with " [y/N] " and reads one line: true only for "y" or "yes".
bool Confirm(std::istream& in, std::ostream& out, std::string_view question);

}  // namespace ds01::cli
