#include "cli/output/table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

TEST(Table, ColumnsAreAsWideAsTheirWidestCellAndThreeSpacesApart) {
  Table table({"NAME", "STATUS", "GPU"});
  table.AddRow({"my-thesis", "running", "0"});
  table.AddRow({"x", "stopped", "1,2"});
  std::ostringstream out;
  table.Render(out);
  EXPECT_EQ(out.str(),
            "NAME        STATUS    GPU\n"
            "my-thesis   running   0\n"
            "x           stopped   1,2\n");
}

TEST(Table, LinesCarryNoTrailingSpacesAndMissingCellsAreEmpty) {
  Table table({"A", "B", "C"});
  table.AddRow({"long-value"});
  std::ostringstream out;
  table.Render(out);
  EXPECT_EQ(out.str(), "A            B   C\nlong-value\n");
}

TEST(Table, AllEmptyHeadersPrintNoHeaderLine) {
  Table table({"", ""});
  table.AddRow({"1)", "box"});
  std::ostringstream out;
  table.Render(out);
  EXPECT_EQ(out.str(), "1)   box\n");
}

TEST(TableRow, PadsToFixedWidthsAndLetsAWideCellPushTheRestRight) {
  const std::vector<std::size_t> widths{4, 2, 9};
  EXPECT_EQ(TableRow({"a", "b", "c"}, widths), "a      b    c");
  EXPECT_EQ(TableRow({"toolong", "b", ""}, widths), "toolong   b");
  EXPECT_EQ(TableRow({"café", "x"}, widths), "café   x");
}

TEST(DisplayWidth, CountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("café"), 4u);
  EXPECT_EQ(DisplayWidth("—"), 1u);
}

}  // namespace
}  // namespace ds01::cli
