#include "store/container_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/allocation_table.h"
#include "store/hold_table.h"
#include "store/table_test_support.h"

namespace ds01::store {
namespace {

using ContainerTableTest = TableTest;

TEST_F(ContainerTableTest, StoresEveryField) {
  ContainerRecord record = Record(1000, "train", ContainerState::kStopped);
  record.docker_id = "abc123";
  record.project = "thesis";
  record.image = "ds01-1000/thesis:latest";
  record.interface = "orchestration";
  record.gpu_request = "gpus:2";
  record.started_at = FromMillis(1'700'000'100'000);
  record.stopped_at = FromMillis(1'700'000'200'000);
  auto tx = Write();
  ContainerTable containers(tx);
  auto id = containers.Insert(record);
  ASSERT_TRUE(id.ok());

  auto found = containers.Find(1000, "train");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  const ContainerRecord& got = **found;
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.user, "user1000");
  EXPECT_EQ(got.state, ContainerState::kStopped);
  EXPECT_EQ(got.docker_id, "abc123");
  EXPECT_EQ(got.project, "thesis");
  EXPECT_EQ(got.image, "ds01-1000/thesis:latest");
  EXPECT_EQ(got.interface, "orchestration");
  EXPECT_EQ(got.gpu_request, "gpus:2");
  EXPECT_EQ(got.created_at, record.created_at);
  EXPECT_EQ(got.started_at, record.started_at);
  EXPECT_EQ(got.stopped_at, record.stopped_at);
  auto by_id = containers.FindById(*id);
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->name, "train");
  EXPECT_FALSE(containers.FindById(*id + 1)->has_value());
}

TEST_F(ContainerTableTest, ANameIsUniquePerUserOnly) {
  AddContainer(1000, "train");
  AddContainer(1001, "train");
  auto tx = Write();
  auto again = ContainerTable(tx).Insert(Record(1000, "train", ContainerState::kCreating));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(ContainerTableTest, CountsAndFindsByOwner) {
  AddContainer(1000, "train");
  AddContainer(1000, "eval");
  AddContainer(1001, "train");
  auto tx = Write();
  ContainerTable containers(tx);
  EXPECT_EQ(*containers.CountOf(1000), 2);
  EXPECT_EQ(*containers.CountOf(1002), 0);
  EXPECT_TRUE(*containers.Exists(1000, "eval"));
  EXPECT_FALSE(*containers.Exists(1001, "eval"));
}

TEST_F(ContainerTableTest, IdsAreDistinctAndUnordered) {
  std::vector<std::int64_t> ids;
  auto tx = Write();
  ContainerTable containers(tx);
  for (int i = 0; i < 64; ++i) {
    auto id = containers.Insert(Record(1000, "c" + std::to_string(i), ContainerState::kCreating));
    ASSERT_TRUE(id.ok());
    EXPECT_GT(*id, 0);
    ids.push_back(*id);
  }
  // max + 1 ids would come out sorted; random ones do so with odds of 1 in 64!.
  EXPECT_FALSE(std::is_sorted(ids.begin(), ids.end()));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST_F(ContainerTableTest, ListsByUserAndByName) {
  AddContainer(1001, "zeta");
  AddContainer(1000, "beta");
  AddContainer(1000, "alpha");
  auto tx = Write();
  ContainerTable containers(tx);
  auto mine = containers.ListOf(1000);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].name, "alpha");
  EXPECT_EQ((*mine)[1].name, "beta");
  auto all = containers.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].name, "zeta");
}

TEST_F(ContainerTableTest, UpdateChangesStateAndTimes) {
  AddContainer(1000, "train", ContainerState::kCreating);
  auto tx = Write();
  ContainerTable containers(tx);
  ContainerRecord record = **containers.Find(1000, "train");
  record.state = ContainerState::kRunning;
  record.docker_id = "f00d";
  record.started_at = FromMillis(1'700'000'500'000);
  ASSERT_TRUE(containers.Update(record).ok());
  const ContainerRecord got = **containers.Find(1000, "train");
  EXPECT_EQ(got.state, ContainerState::kRunning);
  EXPECT_EQ(got.docker_id, "f00d");
  EXPECT_EQ(got.started_at, record.started_at);
  EXPECT_EQ(got.stopped_at, std::nullopt);
}

TEST_F(ContainerTableTest, UpdatingAForgottenContainerIsNotFound) {
  auto tx = Write();
  ContainerRecord ghost = Record(1000, "ghost", ContainerState::kRunning);
  ghost.id = 4242;
  auto updated = ContainerTable(tx).Update(ghost);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
}

TEST_F(ContainerTableTest, KeepsTheSpecAContainerWasMadeFromApartFromItsRecord) {
  const auto id = AddContainer(1000, "train", ContainerState::kCreated);
  auto tx = Write();
  ContainerTable containers(tx);
  EXPECT_EQ(*containers.SpecOf(id), "");
  ASSERT_TRUE(containers.SetSpec(id, R"({"image":"busybox"})").ok());
  EXPECT_EQ(*containers.SpecOf(id), R"({"image":"busybox"})");
  ContainerRecord record = **containers.Find(1000, "train");
  record.state = ContainerState::kRunning;
  ASSERT_TRUE(containers.Update(record).ok());
  EXPECT_EQ(*containers.SpecOf(id), R"({"image":"busybox"})") << "an update keeps the spec";
  EXPECT_EQ(containers.SpecOf(id + 1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(containers.SetSpec(id + 1, "{}").error().code, ErrorCode::kNotFound);
}

TEST_F(ContainerTableTest, DeletingAContainerFreesItsSlotsAndHold) {
  const auto id = AddContainer(1000, "train", ContainerState::kStopped);
  auto tx = Write();
  ASSERT_TRUE(
      AllocationTable(tx).Insert(SlotClaim{"2", "GPU-2", 2, "", 7, id, FromMillis(0)}).ok());
  ASSERT_TRUE(HoldTable(tx).Put(Hold{id, FromMillis(0), FromMillis(1000)}).ok());
  ASSERT_TRUE(ContainerTable(tx).Delete(id).ok());
  EXPECT_TRUE(AllocationTable(tx).ListWithHolders()->empty());
  EXPECT_TRUE(HoldTable(tx).List()->empty());
}

TEST_F(ContainerTableTest, UnknownStatesAreRefusedBySchema) {
  auto tx = Write();
  auto bad = tx.connection().Exec(
      "INSERT INTO containers (uid, user, name, state, created_at) "
      "VALUES (1, 'u', 'n', 'exploded', 0)");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace ds01::store
