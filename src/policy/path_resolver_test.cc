#include "policy/path_resolver.h"

#include <gtest/gtest.h>

#include "policy/test_files.h"

namespace ds01::policy {
namespace {

class ResolvePathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto base = ResolvePath(dir_.path());
    ASSERT_TRUE(base.ok());
    base_ = *base;
    dir_.MakeDir("ws/sub");
    dir_.MakeDir("outside/deep");
    dir_.WriteFile("ws/file.txt", "x");
  }

  std::string Resolve(const std::string& relative) {
    auto resolved = ResolvePath(base_ + "/" + relative);
    EXPECT_TRUE(resolved.ok()) << relative << ": " << resolved.error().ToString();
    return resolved.ok() ? *resolved : "";
  }

  testing::TempDir dir_;
  std::string base_;
};

TEST_F(ResolvePathTest, ExistingPathResolvesToItself) {
  EXPECT_EQ(Resolve("ws/sub"), base_ + "/ws/sub");
  EXPECT_EQ(Resolve("ws/file.txt"), base_ + "/ws/file.txt");
  EXPECT_EQ(*ResolvePath("/"), "/");
}

TEST_F(ResolvePathTest, CleansDotsAndRepeatedSlashes) {
  EXPECT_EQ(Resolve("ws//./sub/"), base_ + "/ws/sub");
  EXPECT_EQ(Resolve("ws/sub/../sub"), base_ + "/ws/sub");
  EXPECT_EQ(Resolve("ws/../outside"), base_ + "/outside");
  EXPECT_EQ(*ResolvePath("/../../.."), "/");
}

TEST_F(ResolvePathTest, FollowsAbsoluteAndRelativeSymlinks) {
  dir_.Symlink("ws/abs", base_ + "/outside/deep");
  dir_.Symlink("ws/rel", "../outside");
  EXPECT_EQ(Resolve("ws/abs"), base_ + "/outside/deep");
  EXPECT_EQ(Resolve("ws/rel/deep"), base_ + "/outside/deep");
}

TEST_F(ResolvePathTest, DotDotAfterASymlinkLeavesTheSymlinksTarget) {
  dir_.Symlink("ws/link", base_ + "/outside/deep");
  // As the kernel does: ws/link/.. is outside, not ws.
  EXPECT_EQ(Resolve("ws/link/.."), base_ + "/outside");
}

TEST_F(ResolvePathTest, MissingPartIsKeptBelowTheResolvedParent) {
  dir_.Symlink("ws/link", base_ + "/outside");
  EXPECT_EQ(Resolve("ws/new/dir"), base_ + "/ws/new/dir");
  EXPECT_EQ(Resolve("ws/link/new/dir"), base_ + "/outside/new/dir");
  EXPECT_EQ(Resolve("ws/new/../../outside/x"), base_ + "/outside/x");
}

TEST_F(ResolvePathTest, ComingBackFromAMissingPartStillFollowsSymlinks) {
  dir_.Symlink("ws/link", base_ + "/outside");
  EXPECT_EQ(Resolve("ws/missing/../link"), base_ + "/outside");
}

TEST_F(ResolvePathTest, DanglingSymlinkResolvesToWhereItPoints) {
  dir_.Symlink("ws/dangling", base_ + "/outside/not-yet");
  EXPECT_EQ(Resolve("ws/dangling"), base_ + "/outside/not-yet");
  EXPECT_EQ(Resolve("ws/dangling/x"), base_ + "/outside/not-yet/x");
}

TEST_F(ResolvePathTest, RefusesSymlinkLoops) {
  dir_.Symlink("ws/a", "b");
  dir_.Symlink("ws/b", "a");
  auto resolved = ResolvePath(base_ + "/ws/a");
  ASSERT_FALSE(resolved.ok());
  EXPECT_EQ(resolved.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(resolved.error().message.find("too many levels of symlinks"), std::string::npos);
}

TEST_F(ResolvePathTest, RefusesAFileUsedAsADirectory) {
  auto resolved = ResolvePath(base_ + "/ws/file.txt/x");
  ASSERT_FALSE(resolved.ok());
  EXPECT_NE(resolved.error().message.find("is not a directory"), std::string::npos);
}

TEST(ResolvePath, RefusesRelativePaths) {
  for (const char* path : {"", "relative", "./x"}) {
    auto resolved = ResolvePath(path);
    ASSERT_FALSE(resolved.ok()) << path;
    EXPECT_NE(resolved.error().message.find("not an absolute path"), std::string::npos);
  }
}

TEST(IsWithin, ComparesWholeComponents) {
  EXPECT_TRUE(IsWithin("/home/alice", "/home/alice"));
  EXPECT_TRUE(IsWithin("/home/alice/x", "/home/alice"));
  EXPECT_FALSE(IsWithin("/home/alice2", "/home/alice"));
  EXPECT_FALSE(IsWithin("/home", "/home/alice"));
  EXPECT_TRUE(IsWithin("/anything", "/"));
}

}  // namespace
}  // namespace ds01::policy
