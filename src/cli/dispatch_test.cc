#include "cli/dispatch.h"

#include <gtest/gtest.h>

#include "cli/commands/registry.h"

namespace ds01::cli {
namespace {

using Args = std::vector<std::string>;

TEST(Resolve, ALinkNameRunsItsCommandWithEveryArgument) {
  auto invocation = Resolve("/usr/local/bin/container-create", {"box", "--gpu=2"});
  ASSERT_TRUE(invocation.ok());
  EXPECT_EQ(invocation->kind, Invocation::Kind::kCommand);
  EXPECT_EQ(invocation->command->link, "container-create");
  EXPECT_EQ(invocation->display, "container-create");
  EXPECT_EQ(invocation->args, (Args{"box", "--gpu=2"}));
}

TEST(Resolve, Ds01WithGroupAndVerbIsTheCanonicalForm) {
  auto invocation = Resolve("ds01", {"container", "stop", "box", "--time=5"});
  ASSERT_TRUE(invocation.ok());
  EXPECT_EQ(invocation->command->link, "container-stop");
  EXPECT_EQ(invocation->display, "ds01 container stop");
  EXPECT_EQ(invocation->args, (Args{"box", "--time=5"}));
}

TEST(Resolve, Ds01AcceptsTheLinkNameAsItsFirstArgument) {
  auto invocation = Resolve("/usr/bin/ds01", {"container-list", "--all"});
  ASSERT_TRUE(invocation.ok());
  EXPECT_EQ(invocation->command->link, "container-list");
  EXPECT_EQ(invocation->args, (Args{"--all"}));
}

TEST(Resolve, GpusIsOneWord) {
  auto invocation = Resolve("ds01", {"gpus", "--format=json"});
  ASSERT_TRUE(invocation.ok());
  EXPECT_EQ(invocation->command->link, "gpus");
  EXPECT_EQ(invocation->args, (Args{"--format=json"}));
  auto linked = Resolve("/usr/local/bin/gpus", {});
  ASSERT_TRUE(linked.ok());
  EXPECT_EQ(linked->command->link, "gpus");
}

TEST(Resolve, EveryCommandIsReachableByLinkAndByWords) {
  for (const CommandSpec& command : AllCommands()) {
    auto by_link = Resolve(std::string("/bin/") + std::string(command.link), {});
    ASSERT_TRUE(by_link.ok()) << command.link;
    EXPECT_EQ(by_link->command, &command);
    Args words;
    if (!command.group.empty()) words.emplace_back(command.group);
    words.emplace_back(command.verb);
    auto by_words = Resolve("ds01", words);
    ASSERT_TRUE(by_words.ok()) << command.link;
    EXPECT_EQ(by_words->command, &command);
    EXPECT_TRUE(by_words->args.empty());
  }
}

TEST(Resolve, AnUnknownCommandIsAUsageErrorListingTheCommands) {
  auto invocation = Resolve("ds01", {"frobnicate"});
  ASSERT_FALSE(invocation.ok());
  EXPECT_EQ(invocation.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(invocation.error().message, "unknown command 'frobnicate'");
  for (const CommandSpec& command : AllCommands()) {
    EXPECT_NE(invocation.error().hint.find(command.link), std::string::npos) << command.link;
  }
}

TEST(Resolve, AnUnknownVerbOfAGroupIsAUsageError) {
  auto invocation = Resolve("ds01", {"container", "explode"});
  ASSERT_FALSE(invocation.ok());
  EXPECT_EQ(invocation.error().message, "unknown command 'ds01 container explode'");
  auto bare = Resolve("ds01", {"container"});
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, ErrorCode::kInvalidArgument);
}

TEST(Resolve, NoCommandIsAUsageError) {
  auto invocation = Resolve("ds01", {});
  ASSERT_FALSE(invocation.ok());
  EXPECT_EQ(invocation.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(invocation.error().message, "no command given");
}

TEST(Resolve, Ds01AnswersHelpInfoConceptsAndVersionItself) {
  EXPECT_EQ(Resolve("ds01", {"--help"})->kind, Invocation::Kind::kHelp);
  EXPECT_EQ(Resolve("ds01", {"-h"})->kind, Invocation::Kind::kHelp);
  EXPECT_EQ(Resolve("ds01", {"--info"})->kind, Invocation::Kind::kInfo);
  EXPECT_EQ(Resolve("ds01", {"--concepts"})->kind, Invocation::Kind::kConcepts);
  EXPECT_EQ(Resolve("ds01", {"--version"})->kind, Invocation::Kind::kVersion);
}

TEST(Resolve, UnderALinkNameHelpBelongsToTheCommand) {
  auto invocation = Resolve("container-start", {"--help"});
  ASSERT_TRUE(invocation.ok());
  EXPECT_EQ(invocation->kind, Invocation::Kind::kCommand);
  EXPECT_EQ(invocation->command->link, "container-start");
}

}  // namespace
}  // namespace ds01::cli
