#include "store/hold_table.h"

#include <gtest/gtest.h>

#include "store/table_test_support.h"

namespace ds01::store {
namespace {

using HoldTableTest = TableTest;

TEST_F(HoldTableTest, OnlyAStoppedContainerCanBeHeld) {
  const auto running = AddContainer(1000, "running", ContainerState::kRunning);
  auto tx = Write();
  auto held = HoldTable(tx).Put(Hold{running, FromMillis(0), FromMillis(1000)});
  ASSERT_FALSE(held.ok());
  EXPECT_NE(held.error().message.find("stopped container"), std::string::npos);
}

TEST_F(HoldTableTest, AHeldContainerCannotLeaveStoppedWhileTheHoldLasts) {
  const auto id = AddContainer(1000, "train", ContainerState::kStopped);
  auto tx = Write();
  ASSERT_TRUE(HoldTable(tx).Put(Hold{id, FromMillis(0), FromMillis(1000)}).ok());
  ContainerTable containers(tx);
  ContainerRecord record = **containers.Find(1000, "train");
  record.state = ContainerState::kRunning;
  auto restarted = containers.Update(record);
  ASSERT_FALSE(restarted.ok());
  EXPECT_NE(restarted.error().message.find("end the GPU hold"), std::string::npos);
  ASSERT_TRUE(HoldTable(tx).Delete(id).ok());
  EXPECT_TRUE(containers.Update(record).ok());
}

TEST_F(HoldTableTest, ListsTheDueHoldsSoonestFirst) {
  const auto a = AddContainer(1000, "a", ContainerState::kStopped);
  const auto b = AddContainer(1000, "b", ContainerState::kStopped);
  const auto c = AddContainer(1000, "c", ContainerState::kStopped);
  auto tx = Write();
  HoldTable holds(tx);
  ASSERT_TRUE(holds.Put(Hold{a, FromMillis(0), FromMillis(3000)}).ok());
  ASSERT_TRUE(holds.Put(Hold{b, FromMillis(0), FromMillis(1000)}).ok());
  ASSERT_TRUE(holds.Put(Hold{c, FromMillis(0), FromMillis(9000)}).ok());

  auto due = holds.ListDueBy(FromMillis(3000));
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].container_id, b);
  EXPECT_EQ((*due)[1].container_id, a);
  EXPECT_EQ(holds.List()->size(), 3u);
}

TEST_F(HoldTableTest, PutReplacesTheExpiry) {
  const auto id = AddContainer(1000, "train", ContainerState::kStopped);
  auto tx = Write();
  HoldTable holds(tx);
  ASSERT_TRUE(holds.Put(Hold{id, FromMillis(0), FromMillis(1000)}).ok());
  ASSERT_TRUE(holds.Put(Hold{id, FromMillis(500), FromMillis(2000)}).ok());
  auto found = holds.Find(id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->held_since, FromMillis(500));
  EXPECT_EQ((*found)->expires_at, FromMillis(2000));
  ASSERT_TRUE(holds.Delete(id).ok());
  EXPECT_FALSE(holds.Find(id)->has_value());
}

}  // namespace
}  // namespace ds01::store
