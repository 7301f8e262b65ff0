#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ds01::cli {

/// A text table for people: a header row and rows of cells, each column as wide as its widest
/// cell, columns three spaces apart, no trailing spaces.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);

  /// Adds a row; missing cells print empty, extra cells are ignored.
  void AddRow(std::vector<std::string> cells);
  /// True when no row has been added.
  bool empty() const { return rows_.empty(); }

  /// Writes the header (unless every header is empty) and the rows.
  void Render(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// How many columns `text` takes on a terminal: its UTF-8 code points.
std::size_t DisplayWidth(const std::string& text);

}  // namespace ds01::cli
