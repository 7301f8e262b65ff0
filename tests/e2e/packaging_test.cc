// What packaging/ ships must agree with the code: the example config loads, the unit starts
// ds01d with the interface under systemd's notify protocol, and the completion, as
// CMake generates it, covers ds01 and every name src/cli/command_links.txt links to it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/command_links.h"
#include "policy/config.h"

namespace ds01::e2e {
namespace {

std::string ReadPackagingFile(const std::string& name) {
  std::ifstream file(std::string(DS01_PACKAGING_DIR) + "/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(Packaging, TheExampleConfigLoadsAsIs) {
  Result<policy::Config> config =
      policy::LoadConfig(std::string(DS01_PACKAGING_DIR) + "/ds01.yaml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_TRUE(config->gpus.empty()) << "real hosts take their GPUs from NVML";
  EXPECT_EQ(config->workspaces.root, "/home/{user}/workspace");
  EXPECT_FALSE(config->security.allow_privileged);
  EXPECT_TRUE(config->security.run_as_user);
  bool has_admin = false;
  for (const auto& group : config->groups) has_admin = has_admin || group.admin;
  EXPECT_TRUE(has_admin);
}

TEST(Packaging, TheUnitIsANotifyServiceWithItsRuntimeDirectory) {
  std::string unit = ReadPackagingFile("ds01d.service.in");
  for (const char* line : {"Type=notify", "RuntimeDirectory=ds01", "RuntimeDirectoryMode=0755",
                           "StateDirectory=ds01", "ExecReload=/bin/kill -HUP $MAINPID",
                           "ExecStart=@DS01_SBIN_DIR@/ds01d --config /etc/ds01/ds01.yaml --socket "
                           "/run/ds01/ds01.sock --state-dir /var/lib/ds01"}) {
    EXPECT_NE(unit.find(std::string(line) + "\n"), std::string::npos) << "missing: " << line;
  }
}

TEST(Packaging, TheCompletionRegistersDs01AndEveryCommandLink) {
  constexpr std::string_view kRegisters = "complete -F _ds01 ";
  std::ifstream completion(DS01_COMPLETION);
  ASSERT_TRUE(completion.is_open()) << DS01_COMPLETION;
  std::string line;
  while (std::getline(completion, line)) {
    if (line.starts_with(kRegisters)) break;
  }
  ASSERT_TRUE(line.starts_with(kRegisters)) << DS01_COMPLETION << " registers no names";
  std::istringstream words(line.substr(kRegisters.size()));
  std::multiset<std::string> registered;
  for (std::string word; words >> word;) registered.insert(word);
  std::multiset<std::string> expected{"ds01"};
  for (std::string_view name : cli::kCommandLinks) expected.emplace(name);
  EXPECT_EQ(registered, expected);
}

}  // namespace
}  // namespace ds01::e2e
