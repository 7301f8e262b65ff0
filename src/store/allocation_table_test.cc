#include "store/allocation_table.h"

#include <gtest/gtest.h>

#include "store/hold_table.h"
#include "store/table_test_support.h"

namespace ds01::store {
namespace {

using AllocationTableTest = TableTest;

SlotClaim Whole(int gpu, std::int64_t container_id) {
  return SlotClaim{std::to_string(gpu), "GPU-" + std::to_string(gpu), gpu, "", 7,
                   container_id,        FromMillis(1'700'000'000'000)};
}

SlotClaim Mig(int gpu, int instance, int slices, std::int64_t container_id) {
  const std::string id = std::to_string(gpu) + ":" + std::to_string(instance);
  return SlotClaim{id,
                   "MIG-" + id,
                   gpu,
                   std::to_string(slices) + "g.10gb",
                   slices,
                   container_id,
                   FromMillis(1'700'000'000'000)};
}

TEST_F(AllocationTableTest, ASlotIsNeverClaimedTwice) {
  const auto train = AddContainer(1000, "train");
  const auto other = AddContainer(1001, "other");
  auto tx = Write();
  AllocationTable allocations(tx);
  ASSERT_TRUE(allocations.Insert(Whole(2, train)).ok());
  for (std::int64_t id : {train, other}) {
    auto twice = allocations.Insert(Whole(2, id));
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  }
}

TEST_F(AllocationTableTest, ASlotIsKnownByItsUuidWhateverItsIndex) {
  const auto train = AddContainer(1000, "train");
  const auto other = AddContainer(1001, "other");
  auto tx = Write();
  AllocationTable allocations(tx);
  ASSERT_TRUE(allocations.Insert(Whole(2, train)).ok());
  SlotClaim renumbered = Whole(2, other);
  renumbered.slot_id = "3";
  auto twice = allocations.Insert(renumbered);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
}

TEST_F(AllocationTableTest, AClaimNeedsARecordedContainer) {
  auto tx = Write();
  auto orphan = AllocationTable(tx).Insert(Whole(0, 999));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kConflict);
  EXPECT_NE(orphan.error().message.find("FOREIGN KEY"), std::string::npos);
}

TEST_F(AllocationTableTest, ASlotWeighsOneToSevenSlices) {
  const auto train = AddContainer(1000, "train");
  auto tx = Write();
  auto heavy = AllocationTable(tx).Insert(Mig(7, 0, 8, train));
  ASSERT_FALSE(heavy.ok());
  EXPECT_NE(heavy.error().message.find("CHECK"), std::string::npos);
}

TEST_F(AllocationTableTest, ListsClaimsWithTheirHoldersAndHolds) {
  const auto train = AddContainer(1000, "train");
  const auto parked = AddContainer(1001, "parked", ContainerState::kStopped);
  auto tx = Write();
  AllocationTable allocations(tx);
  ASSERT_TRUE(allocations.Insert(Mig(7, 3, 1, train)).ok());
  ASSERT_TRUE(allocations.Insert(Whole(1, parked)).ok());
  ASSERT_TRUE(HoldTable(tx).Put(Hold{parked, FromMillis(0), FromMillis(5000)}).ok());

  auto views = allocations.ListWithHolders();
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 2u);
  const ClaimView& first = (*views)[0];
  EXPECT_EQ(first.claim.slot_id, "1");
  EXPECT_EQ(first.uid, 1001u);
  EXPECT_EQ(first.container_name, "parked");
  EXPECT_EQ(first.hold_expires_at, FromMillis(5000));
  const ClaimView& second = (*views)[1];
  EXPECT_EQ(second.claim.slot_id, "7:3");
  EXPECT_EQ(second.claim.mig_profile, "1g.10gb");
  EXPECT_EQ(second.claim.slices, 1);
  EXPECT_EQ(second.user, "user1000");
  EXPECT_EQ(second.hold_expires_at, std::nullopt);
}

TEST_F(AllocationTableTest, DeleteOfFreesOneContainersSlotsOnly) {
  const auto train = AddContainer(1000, "train");
  const auto other = AddContainer(1001, "other");
  auto tx = Write();
  AllocationTable allocations(tx);
  ASSERT_TRUE(allocations.Insert(Whole(0, train)).ok());
  ASSERT_TRUE(allocations.Insert(Whole(1, train)).ok());
  ASSERT_TRUE(allocations.Insert(Whole(2, other)).ok());
  EXPECT_EQ(*allocations.DeleteOf(train), 2);
  EXPECT_TRUE(allocations.ListOf(train)->empty());
  ASSERT_EQ(allocations.ListOf(other)->size(), 1u);
  EXPECT_TRUE(allocations.Insert(Whole(0, other)).ok());
}

}  // namespace
}  // namespace ds01::store
