#include "cli/output/table.h"

#include <algorithm>

namespace ds01::cli {
namespace {

constexpr std::size_t kGap = 3;

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void Table::Render(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  bool has_header = false;
  for (std::size_t column = 0; column < headers_.size(); ++column) {
    widths[column] = DisplayWidth(headers_[column]);
    has_header = has_header || !headers_[column].empty();
  }
  for (const auto& row : rows_) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], DisplayWidth(row[column]));
    }
  }
  if (has_header) out << TableRow(headers_, widths) << '\n';
  for (const auto& row : rows_) out << TableRow(row, widths) << '\n';
}

std::string TableRow(const std::vector<std::string>& cells, std::span<const std::size_t> widths) {
  std::string line;
  for (std::size_t column = 0; column < cells.size() && column < widths.size(); ++column) {
    const std::string& cell = cells[column];
    line += cell;
    if (column + 1 < widths.size()) {
      line.append(widths[column] - std::min(widths[column], DisplayWidth(cell)) + kGap, ' ');
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::size_t DisplayWidth(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace ds01::cli
