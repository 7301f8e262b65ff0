#include "daemon/caller.h"

#include <gtest/gtest.h>

#include "core/refusals.h"
#include "store/container_table.h"
#include "store/test_database.h"

namespace ds01::daemon {
namespace {

class AuthoriserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users_.Add({1000, 1000, "alice", {"alice"}});
    users_.Add({1001, 1001, "bob", {"bob"}});
    users_.Add({1002, 1002, "carol", {"carol", "ds01-admins"}});
    users_.Add({0, 0, "root", {"root"}});
    policy::Config config;
    policy::GroupPolicy admins;
    admins.name = "admin";
    admins.unix_group = "ds01-admins";
    admins.admin = true;
    config.groups.push_back(admins);
    config_ = std::make_unique<policy::ConfigHolder>(std::move(config));
    authoriser_ = std::make_unique<Authoriser>(users_, *config_);
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    auto tx = store_->Write();
    ASSERT_TRUE(tx.ok());
    store::ContainerRecord record;
    record.uid = 1000;
    record.user = "alice";
    record.name = "train";
    record.state = store::ContainerState::kCreated;
    ASSERT_TRUE(store::ContainerTable(*tx).Insert(record).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  Caller Identify(uid_t uid) {
    auto caller = authoriser_->Identify(http::PeerCredentials{uid, uid, 1});
    EXPECT_TRUE(caller.ok()) << caller.error().ToString();
    return caller.ok() ? *caller : Caller{};
  }

  store::TestDatabase db_;
  std::unique_ptr<store::Store> store_;
  policy::FixedUserDirectory users_;
  std::unique_ptr<policy::ConfigHolder> config_;
  std::unique_ptr<Authoriser> authoriser_;
};

TEST_F(AuthoriserTest, TheKernelsUidNamesTheCallerAndTheConfigMakesAdmins) {
  EXPECT_EQ(Identify(1000).identity.user, "alice");
  EXPECT_FALSE(Identify(1000).admin);
  EXPECT_TRUE(Identify(1002).admin) << "carol is in the admin group's Unix group";
  EXPECT_TRUE(Identify(0).admin) << "root runs the engine anyway";
  auto stranger = authoriser_->Identify(http::PeerCredentials{4321, 4321, 1});
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(AuthoriserTest, UsersAddressTheirOwnContainersOnly) {
  core::ContainerViews views(*store_);
  auto own = authoriser_->OwnerOf(Identify(1000), std::nullopt, "train", views);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(*own, 1000u);
  auto self_named = authoriser_->OwnerOf(Identify(1000), "alice", "train", views);
  ASSERT_TRUE(self_named.ok());
  EXPECT_EQ(*self_named, 1000u);
}

TEST_F(AuthoriserTest, NamingAnotherOwnerIsNotFoundForUsersExactlyAsAMissingContainer) {
  core::ContainerViews views(*store_);
  auto theirs = authoriser_->OwnerOf(Identify(1001), "alice", "train", views);
  ASSERT_FALSE(theirs.ok());
  auto missing = core::NoSuchContainer("train");
  EXPECT_EQ(theirs.error().code, missing.code);
  EXPECT_EQ(theirs.error().message, missing.message);
  EXPECT_EQ(theirs.error().hint, missing.hint);
}

TEST_F(AuthoriserTest, AdminsAddressAnyonesContainerWithOwner) {
  core::ContainerViews views(*store_);
  auto alices = authoriser_->OwnerOf(Identify(1002), "alice", "train", views);
  ASSERT_TRUE(alices.ok());
  EXPECT_EQ(*alices, 1000u);
  auto nobody = authoriser_->OwnerOf(Identify(1002), "nobody", "train", views);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
}

TEST_F(AuthoriserTest, ListingsShowUsersTheirOwnAndAdminsEveryone) {
  core::ContainerViews views(*store_);
  auto mine = authoriser_->ListScope(Identify(1001), std::nullopt, views);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(*mine, std::optional<uid_t>(1001));
  EXPECT_FALSE(authoriser_->ListScope(Identify(1001), "alice", views).ok());
  auto everyone = authoriser_->ListScope(Identify(1002), std::nullopt, views);
  ASSERT_TRUE(everyone.ok());
  EXPECT_EQ(*everyone, std::nullopt);
  auto alices = authoriser_->ListScope(Identify(1002), "alice", views);
  ASSERT_TRUE(alices.ok());
  EXPECT_EQ(*alices, std::optional<uid_t>(1000));
}

}  // namespace
}  // namespace ds01::daemon
