#include "cli/commands/registry.h"

#include <gtest/gtest.h>

#include <set>

namespace ds01::cli {
namespace {

TEST(Registry, HasTheIssuesCommandsEachUnderOneLinkName) {
  std::set<std::string_view> links;
  for (const CommandSpec& command : AllCommands()) {
    EXPECT_TRUE(links.insert(command.link).second) << command.link;
    EXPECT_NE(command.bind, nullptr) << command.link;
    EXPECT_FALSE(command.summary.empty()) << command.link;
  }
  EXPECT_EQ(links, (std::set<std::string_view>{
                       "container-create", "container-start", "container-stop", "container-pause",
                       "container-unpause", "container-remove", "container-list", "container-stats",
                       "gpus", "check-limits", "events", "container-run", "container-attach",
                       "container-exec", "project-init", "container-deploy", "container-retire",
                       "image-list", "image-delete"}));
}

TEST(Registry, FindsCommandsByLinkAndByWords) {
  EXPECT_EQ(FindByLink("container-stop"), FindByWords("container", "stop"));
  EXPECT_NE(FindByLink("gpus"), nullptr);
  EXPECT_EQ(FindByLink("gpus"), FindByWords("", "gpus"));
  EXPECT_EQ(FindByLink("container-launch"), nullptr);
  EXPECT_EQ(FindByWords("container", "gpus"), nullptr);
  EXPECT_EQ(FindByLink("check-limits"), FindByWords("check", "limits"));
  EXPECT_EQ(FindByLink("image-delete"), FindByWords("image", "delete"));
  EXPECT_TRUE(IsGroup("image"));
  EXPECT_TRUE(IsGroup("container"));
  EXPECT_FALSE(IsGroup("gpus"));
  EXPECT_FALSE(IsGroup(""));
}

TEST(Registry, TheCommandListAlignsSummaries) {
  std::string list = CommandList();
  EXPECT_NE(list.find("  container create     Create a container"), std::string::npos) << list;
  EXPECT_NE(list.find("  gpus                 Show the GPUs"), std::string::npos) << list;
  EXPECT_EQ(CommandNames().substr(0, 34), "container-create, container-start,");
}

}  // namespace
}  // namespace ds01::cli
