#include "policy/identity.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ds01::policy {
namespace {

TEST(IdentityForUid, FindsRootAndItsGroup) {
  auto root = IdentityForUid(0);
  ASSERT_TRUE(root.ok()) << root.error().ToString();
  EXPECT_EQ(root->uid, 0u);
  EXPECT_EQ(root->gid, 0u);
  EXPECT_EQ(root->user, "root");
  EXPECT_NE(std::find(root->groups.begin(), root->groups.end(), "root"), root->groups.end());
}

TEST(IdentityForUid, UnknownUidIsNotFound) {
  auto nobody = IdentityForUid(3999999999u);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(nobody.error().message, "no account has uid 3999999999");
}

TEST(SystemUserDirectory, AgreesWithIdentityForUid) {
  SystemUserDirectory directory;
  auto root = directory.Lookup(0);
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->user, IdentityForUid(0)->user);
}

TEST(FixedUserDirectory, ReturnsWhatWasAdded) {
  FixedUserDirectory directory;
  directory.Add(Identity{1000, 100, "alice", {"users", "ds01-researchers"}});
  auto alice = directory.Lookup(1000);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->user, "alice");
  EXPECT_EQ(alice->gid, 100u);
  EXPECT_EQ(alice->groups, (std::vector<std::string>{"users", "ds01-researchers"}));
  EXPECT_EQ(directory.Lookup(1001).error().code, ErrorCode::kNotFound);
}

TEST(FixedUserDirectory, AddReplacesTheSameUid) {
  FixedUserDirectory directory;
  directory.Add(Identity{1000, 1000, "alice", {}});
  directory.Add(Identity{1000, 1000, "alice2", {}});
  EXPECT_EQ(directory.Lookup(1000)->user, "alice2");
}

}  // namespace
}  // namespace ds01::policy
