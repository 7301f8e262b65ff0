#include "daemon/workspace_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>

#include "store/test_database.h"

namespace ds01::daemon {
namespace {

using ::testing::HasSubstr;

std::string Warnings(const std::vector<LayoutFinding>& findings) {
  std::string text;
  for (const LayoutFinding& finding : findings) {
    if (finding.warning) text += finding.text + "\n";
  }
  return text;
}

class WorkspaceCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = dir_.dir().string();
    std::filesystem::create_directories(base_ + "/srv/workspaces");
    std::filesystem::create_directories(base_ + "/real/home");
    ASSERT_EQ(chmod((base_ + "/srv/workspaces").c_str(), 0755), 0);
  }

  store::TestDatabase dir_;
  std::string base_;
};

TEST_F(WorkspaceCheckTest, ARootInARootOwnedDirectoryHasNoLayoutWarning) {
  policy::WorkspacePolicy workspaces;
  workspaces.root = base_ + "/srv/workspaces/{user}";
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, false, false)),
              ::testing::Not(HasSubstr("workspace root")));
}

TEST_F(WorkspaceCheckTest, ARootInsideTheUsersOwnDirectoryIsWarnedAbout) {
  policy::WorkspacePolicy workspaces;
  workspaces.root = base_ + "/home/{user}/workspace";
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, false, false)),
              HasSubstr("its parent " + base_ + "/home/{user} is the user's own"));
}

TEST_F(WorkspaceCheckTest, AParentOthersCanWriteIsWarnedAbout) {
  ASSERT_EQ(chmod((base_ + "/srv/workspaces").c_str(), 0777), 0);
  policy::WorkspacePolicy workspaces;
  workspaces.root = base_ + "/srv/workspaces/{user}";
  workspaces.shared_readonly = {base_ + "/srv/workspaces/shared"};
  const std::string warnings = Warnings(CheckWorkspaceLayout(workspaces, false, false));
  EXPECT_THAT(warnings, HasSubstr("mode 0777"));
  EXPECT_THAT(warnings, HasSubstr("shared root " + base_ + "/srv/workspaces/shared"));
}

TEST_F(WorkspaceCheckTest, ASymlinkInTheFixedPartIsWarnedAbout) {
  std::filesystem::create_directory_symlink(base_ + "/real/home", base_ + "/home");
  policy::WorkspacePolicy workspaces;
  workspaces.root = base_ + "/home/{user}/workspace";
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, false, false)),
              HasSubstr(base_ + "/home is a symlink"));
}

TEST_F(WorkspaceCheckTest, RootContainersOnASetUidFilesystemAreWarnedAboutUnlessRemapped) {
  policy::WorkspacePolicy workspaces;
  workspaces.root = base_ + "/srv/workspaces/{user}";
  struct statvfs flags {};
  ASSERT_EQ(statvfs(base_.c_str(), &flags), 0);
  if ((flags.f_flag & ST_NOSUID) && (flags.f_flag & ST_NODEV)) {
    EXPECT_EQ(Warnings(CheckWorkspaceLayout(workspaces, true, false)), "");
    return;
  }
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, true, false)),
              HasSubstr("set-uid program"));
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, true, true)),
              ::testing::Not(HasSubstr("set-uid program")));
  EXPECT_THAT(Warnings(CheckWorkspaceLayout(workspaces, false, false)),
              HasSubstr("not mounted nosuid,nodev"));
}

}  // namespace
}  // namespace ds01::daemon
