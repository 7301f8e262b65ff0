#include "cli/output/menu.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "cli/output/table.h"

namespace ds01::cli {
namespace {

constexpr int kAttempts = 3;

std::string Trimmed(std::string text) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

std::string Lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Result<std::size_t> ChooseFromMenu(std::istream& in, std::ostream& out, std::string_view title,
                                   const std::vector<std::vector<std::string>>& rows) {
  std::size_t columns = 0;
  for (const auto& row : rows) columns = std::max(columns, row.size());
  Table table(std::vector<std::string>(columns + 1));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::string> cells{"  " + std::to_string(i + 1) + ")"};
    cells.insert(cells.end(), rows[i].begin(), rows[i].end());
    table.AddRow(std::move(cells));
  }
  out << title << '\n';
  table.Render(out);
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    out << "Choose 1-" << rows.size() << " (q to cancel): " << std::flush;
    std::string line;
    if (!std::getline(in, line)) {
      out << '\n';
      return MakeError(ErrorCode::kCancelled, "nothing chosen: the input ended");
    }
    std::string answer = Lowered(Trimmed(line));
    if (answer == "q" || answer == "quit") {
      return MakeError(ErrorCode::kCancelled, "nothing chosen");
    }
    std::size_t number = 0;
    auto [end, ec] = std::from_chars(answer.data(), answer.data() + answer.size(), number);
    if (ec == std::errc() && end == answer.data() + answer.size() && number >= 1 &&
        number <= rows.size()) {
      return number - 1;
    }
    out << "'" << Trimmed(line) << "' is not one of the numbers above.\n";
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "no valid choice after " + std::to_string(kAttempts) + " answers",
                   "type one of the numbers shown, or give the NAME on the command line");
}

Result<std::string> AskLine(std::istream& in, std::ostream& out, std::string_view question) {
  out << question << ' ' << std::flush;
  std::string line;
  if (!std::getline(in, line)) {
    out << '\n';
    return MakeError(ErrorCode::kCancelled, "nothing given: the input ended");
  }
  std::string answer = Trimmed(line);
  if (answer.empty()) return MakeError(ErrorCode::kCancelled, "nothing given");
  return answer;
}

Result<std::string> AskLineOr(std::istream& in, std::ostream& out, std::string_view question,
                              std::string_view fallback) {
  if (fallback.empty()) return AskLine(in, out, std::string(question) + ":");
  auto answer = AskLine(in, out, std::string(question) + " [" + std::string(fallback) + "]:");
  if (!answer.ok() && in) return std::string(fallback);
  return answer;
}

bool Confirm(std::istream& in, std::ostream& out, std::string_view question) {
  out << question << " [y/N] " << std::flush;
  std::string line;
  if (!std::getline(in, line)) {
    out << '\n';
    return false;
  }
  std::string answer = Lowered(Trimmed(line));
  return answer == "y" || answer == "yes";
}

}  // namespace ds01::cli
