#include "cli/commands/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

#include "cli/command_links.h"

namespace ds01::cli {
namespace {

TEST(Registry, EveryCommandHasItsOwnLinkNameABindAndASummary) {
  std::set<std::string_view> links;
  for (const CommandSpec& command : AllCommands()) {
    EXPECT_TRUE(links.insert(command.link).second) << command.link;
    EXPECT_NE(command.bind, nullptr) << command.link;
    EXPECT_FALSE(command.summary.empty()) << command.link;
  }
}

// command_links.txt, the names `make install` links to ds01, and the registry never drift.
TEST(Registry, EveryInstalledNameIsACommandOrAGroupListedOnce) {
  std::set<std::string_view> installed;
  for (std::string_view name : kCommandLinks) {
    EXPECT_TRUE(installed.insert(name).second) << name << " is listed twice";
    EXPECT_TRUE(FindByLink(name) != nullptr || IsGroup(name))
        << name << " is installed but names no command and no group";
  }
}

TEST(Registry, EveryCommandButEventsIsInstalledUnderItsLinkName) {
  std::set<std::string_view> installed(kCommandLinks.begin(), kCommandLinks.end());
  for (const CommandSpec& command : AllCommands()) {
    // `ds01 events` only: the name is too general for /usr/bin (docs/cli.md).
    bool should_be_installed = command.link != "events";
    EXPECT_EQ(installed.contains(command.link), should_be_installed)
        << command.link << (should_be_installed ? " is missing from" : " must not be in")
        << " src/cli/command_links.txt";
  }
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
