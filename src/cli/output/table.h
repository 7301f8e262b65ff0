#pragma once

#include <ostream>
#include <span>
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

/// One row of `cells` with each column padded to its width in `widths` and three spaces apart,
/// without trailing spaces or a newline; a cell wider than its column pushes the rest right. For
/// tables printed a row at a time, whose widths are fixed before the rows are known.
std::string TableRow(const std::vector<std::string>& cells, std::span<const std::size_t> widths);

/// How many columns `text` takes on a terminal: its UTF-8 code points.
std::size_t DisplayWidth(const std::string& text);

}  // namespace ds01::cli
