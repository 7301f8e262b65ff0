#include "common/shell_words.h"

#include <gtest/gtest.h>

namespace ds01 {
namespace {

using Words = std::vector<std::string>;

Words Split(std::string_view text) {
  auto words = SplitShellWords(text);
  EXPECT_TRUE(words.ok()) << words.error().ToString();
  return words.ok() ? *words : Words{};
}

TEST(ShellWordsTest, BlanksSeparateWords) {
  EXPECT_EQ(Split("python  train.py\t--epochs 3\n"),
            (Words{"python", "train.py", "--epochs", "3"}));
  EXPECT_EQ(Split("   "), Words{});
}

TEST(ShellWordsTest, SingleQuotesKeepEverything) {
  EXPECT_EQ(Split(R"(python -c 'print("a b")' \x)"),
            (Words{"python", "-c", R"(print("a b"))", "x"}));
  EXPECT_EQ(Split(R"('a\nb' '$HOME')"), (Words{R"(a\nb)", "$HOME"}));
}

TEST(ShellWordsTest, DoubleQuotesKeepABackslashBeforeOrdinaryCharacters) {
  EXPECT_EQ(Split(R"("a \"b\" \$x \n")"), (Words{R"(a "b" $x \n)"}));
}

TEST(ShellWordsTest, QuotedPartsJoinTheirWordAndEmptyQuotesAreAWord) {
  EXPECT_EQ(Split(R"(--name='my run'-2 "" '')"), (Words{"--name=my run-2", "", ""}));
}

TEST(ShellWordsTest, NothingIsExpanded) {
  EXPECT_EQ(Split("echo $HOME ~ * $(id) `id`"),
            (Words{"echo", "$HOME", "~", "*", "$(id)", "`id`"}));
}

TEST(ShellWordsTest, AnUnfinishedQuoteOrBackslashIsRefused) {
  for (std::string_view text : {"echo 'a", "echo \"a", "echo a\\", "echo \"a\\\""}) {
    auto words = SplitShellWords(text);
    ASSERT_FALSE(words.ok()) << text;
    EXPECT_EQ(words.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(words.error().message.find("ends inside"), std::string::npos);
  }
}

}  // namespace
}  // namespace ds01
