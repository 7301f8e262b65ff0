#include "cli/help/help_text.h"

#include <gtest/gtest.h>

#include "cli/commands/registry.h"

namespace ds01::cli {
namespace {

TEST(HelpSection, ReturnsTheLinesBetweenMarkersWithoutTrailingBlankLines) {
  constexpr std::string_view text =
      "==== usage\nUsage: a\n  b\n\n==== info\nFull.\n==== concepts\nIdeas.\n\n";
  EXPECT_EQ(HelpSection(text, "usage"), "Usage: a\n  b");
  EXPECT_EQ(HelpSection(text, "info"), "Full.");
  EXPECT_EQ(HelpSection(text, "concepts"), "Ideas.");
  EXPECT_EQ(HelpSection(text, "guided.before"), "");
}

TEST(HelpSection, ASectionNameMustMatchWhole) {
  constexpr std::string_view text = "==== guided.before_all\nAll.\n==== guided.before\nOne.\n";
  EXPECT_EQ(HelpSection(text, "guided.before"), "One.");
  EXPECT_EQ(HelpSection(text, "guided.before_all"), "All.");
}

TEST(FillPlaceholders, ReplacesKnownKeysAndKeepsOtherBraces) {
  EXPECT_EQ(FillPlaceholders("start {name} now", {{"name", "box"}}), "start box now");
  EXPECT_EQ(FillPlaceholders("{a}{b}{a}", {{"a", "1"}, {"b", "2"}}), "121");
  EXPECT_EQ(FillPlaceholders("json {\"k\": {other}}", {{"name", "x"}}), "json {\"k\": {other}}");
  EXPECT_EQ(FillPlaceholders("open { only", {}), "open { only");
}

TEST(HelpText, EveryCommandHasUsageInfoConceptsAndGuidedSteps) {
  for (const CommandSpec& command : AllCommands()) {
    std::string_view text = HelpText(command.topic);
    ASSERT_FALSE(text.empty()) << command.topic;
    for (const char* section : {"usage", "info", "concepts", "guided.before", "guided.after"}) {
      EXPECT_FALSE(HelpSection(text, section).empty()) << command.topic << " " << section;
    }
    EXPECT_NE(HelpSection(text, "usage").find(command.link), std::string_view::npos)
        << command.topic;
  }
}

TEST(HelpText, Ds01HasItsOwnTexts) {
  for (const char* section : {"usage", "info", "concepts"}) {
    EXPECT_FALSE(HelpSection(HelpText("ds01"), section).empty()) << section;
  }
  EXPECT_TRUE(HelpText("no_such_topic").empty());
}

}  // namespace
}  // namespace ds01::cli
