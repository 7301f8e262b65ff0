#include "policy/bind_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ds01::policy {
namespace {

using ::testing::HasSubstr;

WorkspacePolicy Workspaces() {
  WorkspacePolicy workspaces;
  workspaces.root = "/srv/ws/{user}";
  workspaces.shared_readonly = {"/data/shared"};
  return workspaces;
}

TEST(LocateBindSource, FindsTheUsersRootAndThePartBelowIt) {
  auto located = LocateBindSource("/srv/ws/alice/./thesis//data/", Workspaces(), "alice");
  ASSERT_TRUE(located.ok()) << located.error().ToString();
  EXPECT_EQ(located->root, "/srv/ws/alice");
  EXPECT_EQ(located->relative, "thesis/data");
  EXPECT_FALSE(located->shared);

  auto root = LocateBindSource("/srv/ws/alice", Workspaces(), "alice");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->relative, "");
}

TEST(LocateBindSource, FindsASharedRoot) {
  auto located = LocateBindSource("/data/shared/imagenet", Workspaces(), "alice");
  ASSERT_TRUE(located.ok());
  EXPECT_EQ(located->root, "/data/shared");
  EXPECT_EQ(located->relative, "imagenet");
  EXPECT_TRUE(located->shared);
}

TEST(LocateBindSource, GivesOneRefusalForEverythingOutsideTheRoots) {
  // Another user's files, a path that exists, one that does not, and a ".." escape all read the
  // same: the refusal says nothing about what lies there.
  for (const char* outside :
       {"/srv/ws/bob/secrets", "/etc", "/no/such/path", "/srv/ws/alice/../bob", "/srv/ws/alicex"}) {
    auto located = LocateBindSource(outside, Workspaces(), "alice");
    ASSERT_FALSE(located.ok()) << outside;
    EXPECT_EQ(located.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(located.error().message,
              std::string("bind mount of '") + outside +
                  "' refused: it is outside your workspace /srv/ws/alice and the shared roots");
    EXPECT_EQ(located.error().hint,
              "mount a path under /srv/ws/alice, or read-only under /data/shared");
  }
}

TEST(LocateBindSource, RefusesAnAccountNameThatCannotNameAWorkspace) {
  for (const char* user : {"", "..", "a/b"}) {
    auto located = LocateBindSource("/srv/ws/x", Workspaces(), user);
    ASSERT_FALSE(located.ok());
    EXPECT_THAT(located.error().message, HasSubstr("cannot name a workspace"));
  }
}

TEST(CheckBindTarget, AllowsTheUsualPlacesAndTheConfiguredOnes) {
  WorkspacePolicy workspaces = Workspaces();
  for (const char* target : {"/workspace", "/data/x", "/mnt", "/mnt/a/b"}) {
    EXPECT_TRUE(CheckBindTarget(target, workspaces).ok()) << target;
  }
  EXPECT_FALSE(CheckBindTarget("/scratch", workspaces).ok());
  workspaces.bind_targets = {"/scratch"};
  EXPECT_TRUE(CheckBindTarget("/scratch/run1", workspaces).ok());
}

TEST(CheckBindTarget, RefusesSystemPathsAndEscapes) {
  for (const char* target : {"/usr/lib/x86_64-linux-gnu", "/etc", "/", "/dev/shm",
                             "/mnt/../usr/bin", "/workspace/../../etc", "/datax"}) {
    Status checked = CheckBindTarget(target, Workspaces());
    ASSERT_FALSE(checked.ok()) << target;
    EXPECT_EQ(checked.error().code, ErrorCode::kPermissionDenied);
    EXPECT_THAT(checked.error().message,
                HasSubstr("refused: containers get mounts only under /workspace, /data, /mnt"));
  }
  EXPECT_FALSE(CheckBindTarget("mnt", Workspaces()).ok());
}

}  // namespace
}  // namespace ds01::policy
