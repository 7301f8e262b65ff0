// What packaging/ ships must agree with the code: the example config loads, and the unit
// starts ds01d with the interface under systemd's notify protocol.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

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

TEST(Packaging, TheCompletionCoversEveryCommandName) {
  std::string completion = ReadPackagingFile("ds01.bash-completion");
  std::size_t registered = completion.find("complete -F _ds01 ");
  ASSERT_NE(registered, std::string::npos);
  completion.erase(0, registered);
  for (const char* name : {"ds01",
                           "container-create",
                           "container-start",
                           "container-stop",
                           "container-pause",
                           "container-unpause",
                           "container-remove",
                           "container-list",
                           "container-stats",
                           "gpus",
                           "check-limits",
                           "container-attach",
                           "container-run",
                           "container-exec",
                           "project-init",
                           "project",
                           "container-deploy",
                           "container-retire",
                           "container",
                           "image-list",
                           "image-delete"}) {
    EXPECT_NE(completion.find(std::string(" ") + name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace ds01::e2e
