#include "cli/help/help_text.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kMarker = "==== ";

// The line that starts at `pos` (without its newline) and where the next one starts.
std::pair<std::string_view, std::size_t> LineAt(std::string_view text, std::size_t pos) {
  std::size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) return {text.substr(pos), text.size()};
  return {text.substr(pos, end - pos), end + 1};
}

}  // namespace

std::string_view HelpSection(std::string_view text, std::string_view section) {
  std::size_t pos = 0;
  std::size_t body = std::string_view::npos;
  while (pos < text.size()) {
    auto [line, next] = LineAt(text, pos);
    if (line.starts_with(kMarker)) {
      if (body != std::string_view::npos) {
        text = text.substr(0, pos);
        break;
      }
      if (line.substr(kMarker.size()) == section) body = next;
    }
    pos = next;
  }
  if (body == std::string_view::npos || body > text.size()) return {};
  std::string_view found = text.substr(body);
  while (!found.empty() && (found.back() == '\n' || found.back() == ' ')) found.remove_suffix(1);
  return found;
}

std::string FillPlaceholders(std::string_view text, std::initializer_list<Placeholder> values) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    std::string_view key = text.substr(open + 1, close - open - 1);
    const Placeholder* match = nullptr;
    for (const auto& value : values) {
      if (value.first == key) match = &value;
    }
    if (match) {
      out.append(match->second);
      pos = close + 1;
    } else {
      out.push_back('{');
      pos = open + 1;
    }
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace ds01::cli
