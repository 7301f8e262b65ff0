#include "cli/guide.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

constexpr std::string_view kText =
    "==== usage\nUsage: x\n==== guided.before\nCreating {name} with {gpus}.\n"
    "==== guided.after\nDone.\n";

TEST(Guide, PrintsTheStepsSectionWithItsPlaceholdersFilled) {
  std::ostringstream out;
  Guide guide(&out, kText);
  EXPECT_TRUE(guide.enabled());
  guide.Step("before", {{"name", "box"}, {"gpus", "2 GPUs"}});
  guide.Step("after");
  EXPECT_EQ(out.str(), "Creating box with 2 GPUs.\n\nDone.\n\n");
}

TEST(Guide, StaysSilentWithoutGuided) {
  Guide guide;
  EXPECT_FALSE(guide.enabled());
  guide.Step("before", {{"name", "box"}});
}

TEST(Guide, AStepWithoutTextPrintsNothing) {
  std::ostringstream out;
  Guide guide(&out, kText);
  guide.Step("nonexistent");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace ds01::cli
