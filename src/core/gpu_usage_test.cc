#include "core/gpu_usage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/test_support.h"

namespace ds01::core {
namespace {

using ::testing::ElementsAre;

store::ClaimView ClaimOf(const gpu::Slot& slot, uid_t uid, std::string container) {
  store::ClaimView view;
  view.claim.slot_id = slot.id;
  view.claim.slot_uuid = slot.uuid;
  view.claim.gpu_index = slot.gpu_index;
  view.claim.mig_profile = slot.mig_profile;
  view.claim.slices = slot.slices;
  view.uid = uid;
  view.container_name = std::move(container);
  return view;
}

std::vector<std::string> Ids(const std::vector<const gpu::Slot*>& slots) {
  std::vector<std::string> ids;
  for (const gpu::Slot* slot : slots) ids.push_back(slot->id);
  return ids;
}

bool AnySlot(const gpu::Slot&) { return true; }

class GpuUsageTest : public ::testing::Test {
 protected:
  std::vector<gpu::Slot> inventory_ = TwoSplitOneWhole();
};

TEST_F(GpuUsageTest, SumsSlicesPerGpuAndPerUser) {
  const GpuUsage usage(inventory_,
                       {ClaimOf(inventory_[0], 1000, "a"), ClaimOf(inventory_[4], 1000, "b"),
                        ClaimOf(inventory_[6], 1001, "c")});
  EXPECT_EQ(usage.SlicesClaimedOn(0), 3);
  EXPECT_EQ(usage.SlicesClaimedOn(1), 2);
  EXPECT_EQ(usage.SlicesClaimedOn(2), 7);
  EXPECT_EQ(usage.SlicesClaimedOn(9), 0);
  EXPECT_EQ(usage.SlicesHeldBy(1000), 5);
  EXPECT_EQ(usage.SlicesHeldBy(1001), 7);
  EXPECT_EQ(usage.SlicesHeldBy(1002), 0);
  EXPECT_EQ(usage.ClaimsOf(1000).size(), 2u);
}

TEST_F(GpuUsageTest, KnowsWhoHasASlot) {
  const GpuUsage usage(inventory_, {ClaimOf(inventory_[1], 1000, "a")});
  ASSERT_NE(usage.ClaimOn(inventory_[1]), nullptr);
  EXPECT_EQ(usage.ClaimOn(inventory_[1])->container_name, "a");
  EXPECT_EQ(usage.ClaimOn(inventory_[2]), nullptr);
}

TEST_F(GpuUsageTest, RecognisesAClaimByUuidWhenTheSlotsIndexChanged) {
  store::ClaimView old = ClaimOf(inventory_[6], 1000, "a");
  old.claim.slot_id = "5";  // recorded before a reboot renumbered the GPUs
  const GpuUsage usage(inventory_, {old});
  ASSERT_NE(usage.ClaimOn(inventory_[6]), nullptr);
  EXPECT_TRUE(
      usage.FreeSlots(Strategy::kLeastLoaded, [](const gpu::Slot& s) { return !s.is_mig(); })
          .empty());
}

TEST_F(GpuUsageTest, LeastLoadedOrdersFreeSlotsByTheirGpusLoad) {
  const GpuUsage usage(inventory_, {ClaimOf(inventory_[0], 1000, "a")});
  EXPECT_THAT(Ids(usage.FreeSlots(Strategy::kLeastLoaded, AnySlot)),
              ElementsAre("1:0", "1:1", "1:2", "2", "0:1", "0:2"));
}

TEST_F(GpuUsageTest, PackOrdersFreeSlotsBusiestGpuFirst) {
  const GpuUsage usage(inventory_, {ClaimOf(inventory_[0], 1000, "a")});
  EXPECT_THAT(Ids(usage.FreeSlots(Strategy::kPack, AnySlot)),
              ElementsAre("0:1", "0:2", "1:0", "1:1", "1:2", "2"));
}

TEST_F(GpuUsageTest, FreeSlotsHonourTheFilter) {
  const GpuUsage usage(inventory_, {});
  EXPECT_THAT(Ids(usage.FreeSlots(Strategy::kLeastLoaded,
                                  [](const gpu::Slot& s) { return s.mig_profile == "3g.40gb"; })),
              ElementsAre("0:0", "1:0"));
}

TEST_F(GpuUsageTest, FindsSlotsByIdOrUuid) {
  const GpuUsage usage(inventory_, {});
  ASSERT_NE(usage.FindSlot("1:2"), nullptr);
  EXPECT_EQ(usage.FindSlot("MIG-1:2"), usage.FindSlot("1:2"));
  EXPECT_EQ(usage.FindSlot("GPU-2")->id, "2");
  EXPECT_EQ(usage.FindSlot("3"), nullptr);
}

TEST_F(GpuUsageTest, ClaimsOnSlotsThatLeftTheInventoryStillCount) {
  gpu::Slot lost = WholeGpu(5);
  const GpuUsage usage(inventory_, {ClaimOf(lost, 1000, "a")});
  EXPECT_EQ(usage.SlicesHeldBy(1000), 7);
  EXPECT_EQ(usage.FreeSlots(Strategy::kLeastLoaded, AnySlot).size(), inventory_.size());
}

}  // namespace
}  // namespace ds01::core
