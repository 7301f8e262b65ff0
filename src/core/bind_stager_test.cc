#include "core/bind_stager.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "policy/test_files.h"

// Runs as root (as every test of the daemon does): it mounts, and opens paths as another uid.
namespace ds01::core {
namespace {

using ::testing::HasSubstr;

constexpr uid_t kAlice = 64101;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

class BindStagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(geteuid(), 0u) << "the stager mounts and changes credentials: run the tests as root";
    ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
    users_.Add(policy::Identity{kAlice, kAlice, "alice", {}});
    workspace_ = dir_.MakeDir("home/alice/workspace");
    dir_.MakeDir("home/alice/workspace/thesis");
    dir_.WriteFile("home/alice/workspace/thesis/notes.txt", "alice's notes");
    dir_.MakeDir("secret");
    dir_.WriteFile("secret/shadow", "root's secret");
    workspaces_.root = dir_.path("home/{user}/workspace");
    workspaces_.shared_readonly = {dir_.MakeDir("shared")};
    dir_.WriteFile("shared/data.txt", "shared data");
  }

  void TearDown() override { stager_.Discard(kAlice, "box"); }

  static std::vector<policy::BindMount> Binds(const std::string& source, bool read_only = false) {
    return {policy::BindMount{source, "/workspace", read_only}};
  }

  Result<StagedBinds> Stage(const std::string& source, bool read_only = false) {
    return stager_.Stage(kAlice, "box", Binds(source, read_only), workspaces_);
  }

  std::string Staged() const { return stager_.StagingPath(kAlice, "box", 0); }

  policy::testing::TempDir dir_;
  policy::FixedUserDirectory users_;
  std::string workspace_;
  policy::WorkspacePolicy workspaces_;
  BindStager stager_{dir_.path("staging"), users_};
};

TEST_F(BindStagerTest, MountsTheSourceAtTheStagingPathUntilReleased) {
  ASSERT_TRUE(stager_.Prepare(kAlice, "box", Binds(workspace_ + "/thesis"), workspaces_).ok());
  EXPECT_TRUE(std::filesystem::is_empty(Staged())) << "a placeholder only, before the start";
  {
    auto staged = Stage(workspace_ + "/thesis");
    ASSERT_TRUE(staged.ok()) << staged.error().ToString();
    EXPECT_EQ(Read(Staged() + "/notes.txt"), "alice's notes");
  }
  EXPECT_TRUE(std::filesystem::is_empty(Staged())) << "unmounted when released";
}

TEST_F(BindStagerTest, AWorkspaceRootReplacedByASymlinkIsRefused) {
  std::filesystem::rename(workspace_, dir_.path("home/alice/old"));
  dir_.Symlink("home/alice/workspace", dir_.path("secret"));
  auto staged = Stage(workspace_);
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(staged.error().message, HasSubstr("is reached through a symlink"));
  EXPECT_THAT(staged.error().hint, HasSubstr("put a real directory at " + workspace_));
  auto below = Stage(workspace_ + "/shadow");
  ASSERT_FALSE(below.ok());
  EXPECT_THAT(below.error().message, HasSubstr("is reached through a symlink"));
}

TEST_F(BindStagerTest, ASourceSwappedForASymlinkAfterPrepareIsRefusedAtStage) {
  ASSERT_TRUE(stager_.Prepare(kAlice, "box", Binds(workspace_ + "/thesis"), workspaces_).ok());
  std::filesystem::remove_all(workspace_ + "/thesis");
  dir_.Symlink("home/alice/workspace/thesis", dir_.path("secret"));
  auto staged = Stage(workspace_ + "/thesis");
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(staged.error().message, HasSubstr("has a symlink in its path"));
  EXPECT_FALSE(std::filesystem::exists(Staged() + "/shadow"));
}

TEST_F(BindStagerTest, ASymlinkHigherUpTheSourceIsRefusedToo) {
  dir_.Symlink("home/alice/workspace/link", dir_.path("home/alice/workspace/thesis"));
  auto staged = Stage(workspace_ + "/link/notes.txt");
  ASSERT_FALSE(staged.ok());
  EXPECT_THAT(staged.error().message, HasSubstr("has a symlink in its path"));
}

TEST_F(BindStagerTest, AMissingSourceIsNotFoundAndNothingIsCreated) {
  auto prepared = stager_.Prepare(kAlice, "box", Binds(workspace_ + "/new/output"), workspaces_);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(prepared.error().message, workspace_ + "/new/output does not exist");
  EXPECT_EQ(prepared.error().hint, "create it first (mkdir -p " + workspace_ + "/new/output)");
  EXPECT_FALSE(std::filesystem::exists(workspace_ + "/new"));
  EXPECT_FALSE(std::filesystem::exists(Staged()));
}

TEST_F(BindStagerTest, SourcesAreOpenedWithTheOwnersPermissionsNotRoots) {
  dir_.MakeDir("home/alice/workspace/roots-only");
  ASSERT_EQ(chmod(dir_.path("home/alice/workspace/roots-only").c_str(), 0700), 0);
  dir_.MakeDir("home/alice/workspace/roots-only/inner");
  auto staged = Stage(workspace_ + "/roots-only/inner");
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(staged.error().message, HasSubstr("You cannot reach"));
  // The thread got root's credentials back: root reaches it.
  EXPECT_TRUE(std::filesystem::exists(dir_.path("home/alice/workspace/roots-only/inner")));
}

TEST_F(BindStagerTest, WhatTheOwnerCannotReadIsNeverMounted) {
  // As a hard link to a file of root's would be, where the kernel lets users make one.
  dir_.WriteFile("home/alice/workspace/shadow-link", "root's secret");
  ASSERT_EQ(chmod((workspace_ + "/shadow-link").c_str(), 0600), 0);
  dir_.MakeDir("home/alice/workspace/locked");
  ASSERT_EQ(chmod((workspace_ + "/locked").c_str(), 0700), 0);
  for (const char* name : {"/shadow-link", "/locked"}) {
    auto staged = Stage(workspace_ + name);
    ASSERT_FALSE(staged.ok()) << name;
    EXPECT_EQ(staged.error().code, ErrorCode::kPermissionDenied);
    EXPECT_THAT(staged.error().message, HasSubstr("You cannot read"));
  }
}

TEST_F(BindStagerTest, SocketsDevicesAndPipesAreNeverMounted) {
  dir_.MakeSocket("home/alice/workspace/docker.sock");
  ASSERT_EQ(mkfifo((workspace_ + "/pipe").c_str(), 0600), 0);
  for (const char* name : {"/docker.sock", "/pipe"}) {
    auto staged = Stage(workspace_ + name);
    ASSERT_FALSE(staged.ok()) << name;
    EXPECT_THAT(staged.error().message, HasSubstr("neither a directory nor a regular file"));
  }
}

TEST_F(BindStagerTest, AFileIsStagedOnAFilePlaceholder) {
  const std::string file = workspace_ + "/thesis/notes.txt";
  ASSERT_TRUE(stager_.Prepare(kAlice, "box", Binds(file), workspaces_).ok());
  EXPECT_TRUE(std::filesystem::is_regular_file(Staged()));
  auto staged = Stage(file);
  ASSERT_TRUE(staged.ok()) << staged.error().ToString();
  EXPECT_EQ(Read(Staged()), "alice's notes");
}

TEST_F(BindStagerTest, ReadOnlyIsReadOnlyAllTheWayDownAndNothingIsSetUid) {
  const std::string inner = dir_.MakeDir("shared/inner");
  ASSERT_EQ(mount("tmpfs", inner.c_str(), "tmpfs", 0, "size=1m"), 0) << std::strerror(errno);
  {
    auto staged = Stage(dir_.path("shared"), true);
    ASSERT_TRUE(staged.ok()) << staged.error().ToString();
    EXPECT_EQ(Read(Staged() + "/data.txt"), "shared data");
    for (const std::string& path : {Staged() + "/new", Staged() + "/inner/new"}) {
      EXPECT_LT(open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600), 0) << path;
      EXPECT_EQ(errno, EROFS) << path;
    }
    struct statvfs flags {};
    ASSERT_EQ(statvfs((Staged() + "/inner").c_str(), &flags), 0);
    EXPECT_TRUE(flags.f_flag & ST_NOSUID);
    EXPECT_TRUE(flags.f_flag & ST_NODEV);
  }
  EXPECT_EQ(umount2(inner.c_str(), MNT_DETACH), 0);
}

TEST_F(BindStagerTest, ASharedRootMountedReadWriteIsRefused) {
  auto staged = Stage(dir_.path("shared"), false);
  ASSERT_FALSE(staged.ok());
  EXPECT_THAT(staged.error().message, HasSubstr("may be mounted read-only only"));
}

TEST_F(BindStagerTest, DiscardNeverDeletesWhatIsMounted) {
  auto staged = Stage(workspace_ + "/thesis");
  ASSERT_TRUE(staged.ok());
  stager_.Discard(kAlice, "box");
  EXPECT_EQ(Read(workspace_ + "/thesis/notes.txt"), "alice's notes");
  EXPECT_FALSE(std::filesystem::exists(Staged()));
  EXPECT_FALSE(std::filesystem::exists(dir_.path("staging/" + std::to_string(kAlice))));
}

TEST_F(BindStagerTest, AMountLeftByACrashIsReplaced) {
  ASSERT_TRUE(stager_.Prepare(kAlice, "box", Binds(workspace_ + "/thesis"), workspaces_).ok());
  ASSERT_EQ(mount(dir_.path("secret").c_str(), Staged().c_str(), nullptr, MS_BIND, nullptr), 0);
  {
    auto staged = Stage(workspace_ + "/thesis");
    ASSERT_TRUE(staged.ok());
    EXPECT_EQ(Read(Staged() + "/notes.txt"), "alice's notes");
    EXPECT_FALSE(std::filesystem::exists(Staged() + "/shadow"));
  }
  EXPECT_TRUE(std::filesystem::is_empty(Staged()));
}

TEST_F(BindStagerTest, AnOwnerWithNoAccountIsRefused) {
  auto staged = stager_.Stage(64999, "box", Binds(workspace_), workspaces_);
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ds01::core
