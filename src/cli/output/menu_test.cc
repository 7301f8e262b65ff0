#include "cli/output/menu.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

const std::vector<std::vector<std::string>> kRows{{"alpha", "running"}, {"beta", "paused"}};

TEST(ChooseFromMenu, ShowsNumberedAlignedRowsAndReturnsTheChosenIndex) {
  std::istringstream in("2\n");
  std::ostringstream out;
  auto chosen = ChooseFromMenu(in, out, "Which container to stop?", kRows);
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, 1u);
  EXPECT_EQ(out.str(),
            "Which container to stop?\n"
            "  1)   alpha   running\n"
            "  2)   beta    paused\n"
            "Choose 1-2 (q to cancel): ");
}

TEST(ChooseFromMenu, AsksAgainAfterAnAnswerThatIsNotListed) {
  std::istringstream in("7\nbeta\n 1 \n");
  std::ostringstream out;
  auto chosen = ChooseFromMenu(in, out, "t", kRows);
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, 0u);
  EXPECT_NE(out.str().find("'7' is not one of the numbers above."), std::string::npos);
  EXPECT_NE(out.str().find("'beta' is not one of the numbers above."), std::string::npos);
}

TEST(ChooseFromMenu, GivesUpAfterThreeWrongAnswers) {
  std::istringstream in("0\n3\nx\n1\n");
  std::ostringstream out;
  auto chosen = ChooseFromMenu(in, out, "t", kRows);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().code, ErrorCode::kInvalidArgument);
}

TEST(ChooseFromMenu, QuitAndTheEndOfInputCancel) {
  std::istringstream quit("q\n");
  std::ostringstream out;
  auto quitted = ChooseFromMenu(quit, out, "t", kRows);
  ASSERT_FALSE(quitted.ok());
  EXPECT_EQ(quitted.error().code, ErrorCode::kCancelled);
  std::istringstream ended("");
  auto closed = ChooseFromMenu(ended, out, "t", kRows);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::kCancelled);
}

TEST(Confirm, OnlyYesConfirms) {
  for (const auto& [answer, expected] : std::vector<std::pair<std::string, bool>>{
           {"y\n", true}, {"YES\n", true}, {"n\n", false}, {"\n", false}, {"", false}}) {
    std::istringstream in(answer);
    std::ostringstream out;
    EXPECT_EQ(Confirm(in, out, "Stop box?"), expected) << answer;
    EXPECT_TRUE(out.str().starts_with("Stop box? [y/N] "));
  }
}

TEST(AskLine, ReturnsTheTrimmedAnswerAndCancelsOnNothing) {
  std::istringstream in("  my-box \n");
  std::ostringstream out;
  auto answer = AskLine(in, out, "Name:");
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(*answer, "my-box");
  std::istringstream empty("\n");
  EXPECT_EQ(AskLine(empty, out, "Name:").error().code, ErrorCode::kCancelled);
}

TEST(AskLineOr, AnEmptyAnswerTakesTheFallbackAndTheEndOfInputCancels) {
  std::istringstream empty("\n");
  std::ostringstream out;
  auto taken = AskLineOr(empty, out, "Name", "pytorch");
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(*taken, "pytorch");
  EXPECT_EQ(out.str(), "Name [pytorch]: ");
  std::istringstream typed(" box \n");
  EXPECT_EQ(*AskLineOr(typed, out, "Name", "pytorch"), "box");
  std::istringstream ended("");
  EXPECT_EQ(AskLineOr(ended, out, "Name", "pytorch").error().code, ErrorCode::kCancelled);
  std::istringstream none("\n");
  std::ostringstream bare;
  EXPECT_EQ(AskLineOr(none, bare, "Name", "").error().code, ErrorCode::kCancelled);
  EXPECT_EQ(bare.str(), "Name: ");
}

}  // namespace
}  // namespace ds01::cli
