#include "core/hold_reaper.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/test_support.h"
#include "store/allocation_table.h"
#include "store/container_table.h"

namespace ds01::core {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;

class HoldReaperTest : public AllocatorFixture {
 protected:
  HoldReaper reaper() { return HoldReaper(*store_, clock_); }

  std::size_t ClaimCount() {
    auto tx = store_->Read();
    return store::AllocationTable(*tx).ListWithHolders()->size();
  }
};

TEST_F(HoldReaperTest, ReleasesOnlyTheHoldsThatHaveRunOut) {
  limits_[kBob].gpu_hold_after_stop = minutes(30);
  Run(kAlice, "short", WholeGpus{1});
  Run(kBob, "long", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "short").ok());
  ASSERT_TRUE(Stop(kBob, "long").ok());
  clock_.Advance(minutes(20));

  auto released = reaper().ExpireHolds();
  ASSERT_TRUE(released.ok()) << released.error().ToString();
  ASSERT_EQ(released->size(), 1u);
  const ReleasedHold& hold = released->front();
  EXPECT_EQ(hold.uid, kAlice);
  EXPECT_EQ(hold.user, "alice");
  EXPECT_EQ(hold.name, "short");
  EXPECT_THAT(hold.slot_ids, ElementsAre("0"));
  EXPECT_EQ(hold.expired_at, FakeClock::DefaultStart() + minutes(15));
  EXPECT_EQ(ClaimCount(), 1u);
}

TEST_F(HoldReaperTest, AHoldEndsAtExactlyItsExpiry) {
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(15) - std::chrono::milliseconds(1));
  EXPECT_TRUE(reaper().ExpireHolds()->empty());
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(reaper().ExpireHolds()->size(), 1u);
  EXPECT_TRUE(reaper().ExpireHolds()->empty());
}

TEST_F(HoldReaperTest, TheContainerStaysStoppedAndRecorded) {
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(15));
  ASSERT_EQ(reaper().ExpireHolds()->size(), 1u);
  EXPECT_EQ(ClaimCount(), 0u);
  auto tx = store_->Read();
  auto record = store::ContainerTable(*tx).Find(kAlice, "train");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->state, store::ContainerState::kStopped);
}

TEST_F(HoldReaperTest, EachExpiryIsAuditedAsTheDaemon) {
  Run(kAlice, "train", NamedSlots{{"7:2"}});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(15));
  ASSERT_EQ(reaper().ExpireHolds()->size(), 1u);
  const auto events = Audit();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().action, "hold-expired");
  EXPECT_EQ(events.back().actor, "ds01d");
  EXPECT_EQ(events.back().uid, 0u);
  EXPECT_EQ(events.back().target, "alice/train");
  EXPECT_EQ(events.back().detail, "freed 7:2");
}

TEST_F(HoldReaperTest, NothingDueMeansNothingWritten) {
  const auto before = Audit().size();
  auto released = reaper().ExpireHolds();
  ASSERT_TRUE(released.ok());
  EXPECT_TRUE(released->empty());
  EXPECT_EQ(Audit().size(), before);
}

}  // namespace
}  // namespace ds01::core
