#include "core/allocator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/test_support.h"
#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AllocatorTest : public AllocatorFixture {
 protected:
  store::ContainerRecord RecordOf(uid_t uid, const std::string& name) {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto found = store::ContainerTable(*tx).Find(uid, name);
    EXPECT_TRUE(found.ok() && found->has_value()) << name;
    return found.ok() && found->has_value() ? **found : store::ContainerRecord{};
  }

  std::vector<std::string> ClaimedSlots() {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto claims = store::AllocationTable(*tx).ListWithHolders();
    EXPECT_TRUE(claims.ok());
    std::vector<std::string> ids;
    for (const auto& view : *claims) ids.push_back(view.claim.slot_id);
    return ids;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    for (const auto& event : Audit()) actions.push_back(event.action);
    return actions;
  }
};

// --- Requests and limits ---

TEST_F(AllocatorTest, ReservesAContainerTogetherWithAFreeGpu) {
  auto grant = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1}));
  ASSERT_TRUE(grant.ok()) << grant.error().ToString();
  EXPECT_THAT(IdsOf(grant->slots), ElementsAre("0"));
  EXPECT_EQ(grant->slots[0].uuid, "GPU-0");
  const auto record = RecordOf(kAlice, "train");
  EXPECT_EQ(record.id, grant->container_id);
  EXPECT_EQ(record.state, store::ContainerState::kCreating);
  EXPECT_EQ(record.gpu_request, "gpus:1");
  EXPECT_EQ(record.created_at, clock_.Now());
  EXPECT_THAT(ClaimedSlots(), ElementsAre("0"));
}

TEST_F(AllocatorTest, ACpuOnlyContainerTakesNoSlotButCountsAsAContainer) {
  limits_[kAlice].max_containers = 1;
  auto grant = allocator_->Allocate(Ask(kAlice, "notebook", WholeGpus{0}));
  ASSERT_TRUE(grant.ok());
  EXPECT_TRUE(grant->slots.empty());
  EXPECT_TRUE(ClaimedSlots().empty());
  auto second = allocator_->Allocate(Ask(kAlice, "other", WholeGpus{0}));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kLimitExceeded);
}

TEST_F(AllocatorTest, ANameIsTakenOnlyWithinOneUser) {
  Run(kAlice, "train", WholeGpus{0});
  auto again = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{0}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "Container 'train' already exists");
  EXPECT_TRUE(allocator_->Allocate(Ask(kBob, "train", WholeGpus{0})).ok());
}

TEST_F(AllocatorTest, MaxContainersCountsEveryStateIncludingReservations) {
  limits_[kAlice].max_containers = 3;
  limits_[kAlice].max_gpus = 3;
  Run(kAlice, "running", WholeGpus{1});
  Run(kAlice, "stopped", WholeGpus{0});
  ASSERT_TRUE(Stop(kAlice, "stopped").ok());
  ASSERT_TRUE(allocator_->Allocate(Ask(kAlice, "reserved", WholeGpus{0})).ok());

  auto fourth = allocator_->Allocate(Ask(kAlice, "fourth", WholeGpus{1}));
  ASSERT_FALSE(fourth.ok());
  EXPECT_EQ(fourth.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(fourth.error().ToString(),
            "Container limit reached: you have 3 of 3 containers ('reserved', 'running', "
            "'stopped'). Fix: remove a container you no longer need (container-remove NAME)");
  EXPECT_THAT(ClaimedSlots(), ElementsAre("0"));
}

TEST_F(AllocatorTest, MaxGpusRefusalSaysWhatYouHoldAndWhere) {
  limits_[kBob].max_gpus = 2;
  Run(kAlice, "other", WholeGpus{0});
  Run(kBob, "first", WholeGpus{1});
  Run(kBob, "second", WholeGpus{1});
  Run(kAlice, "train", WholeGpus{1});  // GPU 2
  auto more = allocator_->Allocate(Ask(kAlice, "more", WholeGpus{1}));
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(more.error().ToString(),
            "GPU limit reached: you hold 1.0 of 1.0 GPU-equivalents (container 'train' holds "
            "GPU 2). Fix: stop or remove a container, or try again when a GPU is free (gpus shows "
            "which are taken)");
}

TEST_F(AllocatorTest, MaxGpusCountsHoldsOfStoppedContainers) {
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(3));
  auto more = allocator_->Allocate(Ask(kAlice, "more", MigInstance{"1g.10gb"}));
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().message,
            "GPU limit reached: you hold 1.0 of 1.0 GPU-equivalents (container 'train' keeps "
            "GPU 0 for 12m after its stop)");
  EXPECT_THAT(more.error().hint, HasSubstr("remove a stopped container"));
}

TEST_F(AllocatorTest, AMigInstanceWeighsItsSlicesOverSeven) {
  UseInventory(TwoSplitOneWhole());
  // 3/7 + 2/7 + 2/7 is exactly one GPU-equivalent.
  Run(kAlice, "a", MigInstance{"3g.40gb"});
  Run(kAlice, "b", MigInstance{"2g.20gb"});
  limits_[kAlice].max_containers = 4;
  Run(kAlice, "c", MigInstance{"2g.20gb"});
  auto d = allocator_->Allocate(Ask(kAlice, "d", MigInstance{"2g.20gb"}));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.error().message, HasSubstr("you hold 1.0 of 1.0 GPU-equivalents"));
  EXPECT_THAT(d.error().message, HasSubstr("container 'a' holds GPU 0:0 (3g.40gb)"));
}

TEST_F(AllocatorTest, AFractionalLimitAdmitsMigInstancesUpToIt) {
  UseInventory(TwoSplitOneWhole());
  limits_[kAlice].max_gpus = 0.5;
  Run(kAlice, "a", MigInstance{"3g.40gb"});
  auto b = allocator_->Allocate(Ask(kAlice, "b", MigInstance{"2g.20gb"}));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message,
            "GPU limit reached: you hold 0.43 of 0.5 GPU-equivalents (container 'a' holds GPU "
            "0:0 (3g.40gb)) and 'b' asks for 0.29 more");
}

TEST_F(AllocatorTest, MaxGpusPerContainerCapsOneContainer) {
  limits_[kAlice].max_gpus = 4;
  limits_[kAlice].max_gpus_per_container = 1;
  auto two = allocator_->Allocate(Ask(kAlice, "big", WholeGpus{2}));
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(two.error().message,
            "Per-container GPU limit: 'big' asks for 2.0 GPU-equivalents, at most 1.0 per "
            "container");
  limits_[kAlice].max_gpus_per_container = 2;
  auto granted = allocator_->Allocate(Ask(kAlice, "big", WholeGpus{2}));
  ASSERT_TRUE(granted.ok());
  EXPECT_THAT(IdsOf(granted->slots), ElementsAre("0", "1"));
}

TEST_F(AllocatorTest, MaxGpusPerContainerWeighsMigInstancesToo) {
  UseInventory(TwoSplitOneWhole());
  limits_[kAlice].max_gpus_per_container = 0.4;
  auto three = allocator_->Allocate(Ask(kAlice, "a", MigInstance{"3g.40gb"}));
  ASSERT_FALSE(three.ok());
  EXPECT_THAT(three.error().message, HasSubstr("asks for 0.43 GPU-equivalents, at most 0.4"));
  EXPECT_TRUE(allocator_->Allocate(Ask(kAlice, "a", MigInstance{"2g.20gb"})).ok());
}

TEST_F(AllocatorTest, WithoutAllowFullGpuAWholeGpuIsRefusedWithAMigHint) {
  limits_[kAlice].allow_full_gpu = false;
  auto whole = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1}));
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(whole.error().code, ErrorCode::kLimitExceeded);
  EXPECT_THAT(whole.error().message, HasSubstr("allow_full_gpu is off"));
  EXPECT_EQ(whole.error().hint,
            "ask for a MIG profile instead, e.g. --mig=1g.10gb (free now: 1g.10gb ×7)");
  auto named = allocator_->Allocate(Ask(kAlice, "train", NamedSlots{{"3"}}));
  ASSERT_FALSE(named.ok());
  EXPECT_THAT(named.error().message, HasSubstr("allow_full_gpu is off"));
  auto mig = allocator_->Allocate(Ask(kAlice, "train", MigInstance{"1g.10gb"}));
  ASSERT_TRUE(mig.ok());
  EXPECT_THAT(IdsOf(mig->slots), ElementsAre("7:0"));
}

TEST_F(AllocatorTest, NamedSlotsAreGivenExactlyByIdOrUuid) {
  limits_[kAlice].max_gpus = 2;
  limits_[kAlice].max_gpus_per_container = 2;
  auto grant = allocator_->Allocate(Ask(kAlice, "train", NamedSlots{{"5", "MIG-7:3"}}));
  ASSERT_TRUE(grant.ok()) << grant.error().ToString();
  EXPECT_THAT(IdsOf(grant->slots), ElementsAre("5", "7:3"));
  EXPECT_EQ(RecordOf(kAlice, "train").gpu_request, "slots:5,MIG-7:3");
}

TEST_F(AllocatorTest, ANamedSlotSomeoneElseHoldsIsRefused) {
  Run(kBob, "theirs", NamedSlots{{"5"}});
  auto mine = allocator_->Allocate(Ask(kAlice, "train", NamedSlots{{"5"}}));
  ASSERT_FALSE(mine.ok());
  EXPECT_EQ(mine.error().code, ErrorCode::kConflict);
  EXPECT_EQ(mine.error().message, "GPU 5 is allocated to another user's container");
  EXPECT_THAT(mine.error().message, ::testing::Not(HasSubstr("theirs")));
}

TEST_F(AllocatorTest, UnknownSlotsAndProfilesListWhatExists) {
  UseInventory(TwoSplitOneWhole());
  auto slot = allocator_->Allocate(Ask(kAlice, "a", NamedSlots{{"9"}}));
  ASSERT_FALSE(slot.ok());
  EXPECT_EQ(slot.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(slot.error().hint, "name one of: 0:0, 0:1, 0:2, 1:0, 1:1, 1:2, 2");
  auto profile = allocator_->Allocate(Ask(kAlice, "a", MigInstance{"4g.40gb"}));
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.error().ToString(),
            "No MIG profile '4g.40gb' on this server. Fix: ask for one of: 3g.40gb, 2g.20gb");
}

TEST_F(AllocatorTest, NoFreeGpuSaysHowManyAreAllocatedAndHow) {
  for (uid_t uid = 2000; uid < 2007; ++uid) Run(uid, "job", WholeGpus{1});
  ASSERT_TRUE(Stop(2006, "job").ok());
  auto none = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kConflict);
  EXPECT_EQ(none.error().ToString(),
            "No free GPU: 7 of 7 allocated (6 in use, 1 held for stopped containers). Fix: try "
            "again when a GPU is free (gpus shows which are taken), or ask for a MIG profile "
            "that is free now (1g.10gb ×7)");
}

TEST_F(AllocatorTest, NoFreeGpuPointsAtWhatYourOwnStoppedContainersKeep) {
  limits_[kAlice].max_gpus = 3;
  limits_[kAlice].max_gpus_per_container = 2;
  for (uid_t uid = 2000; uid < 2005; ++uid) Run(uid, "job", WholeGpus{1});
  Run(kAlice, "old", WholeGpus{2});  // GPUs 5 and 6
  ASSERT_TRUE(Stop(kAlice, "old").ok());
  auto none = allocator_->Allocate(Ask(kAlice, "new", WholeGpus{1}));
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.error().message,
              HasSubstr("(5 in use, 2 held for stopped containers; yours: container 'old' keeps "
                        "GPU 5, GPU 6 for 15m after its stop)"));
  EXPECT_THAT(none.error().hint, HasSubstr("or remove your stopped 'old' to free what it keeps"));
}

TEST_F(AllocatorTest, NoFreeMigInstanceNamesTheProfile) {
  for (uid_t uid = 2000; uid < 2007; ++uid) Run(uid, "job", MigInstance{"1g.10gb"});
  auto none = allocator_->Allocate(Ask(kAlice, "train", MigInstance{"1g.10gb"}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "No free MIG instance 1g.10gb: 7 of 7 allocated (7 in use, 0 held for stopped "
            "containers)");
}

TEST_F(AllocatorTest, NoGpusAtAllIsSaidPlainly) {
  UseInventory({});
  auto none = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1}));
  ASSERT_FALSE(none.ok());
  // A refusal by the server's state (exit 4), not an unreachable daemon or engine (exit 5).
  EXPECT_EQ(none.error().code, ErrorCode::kConflict);
  EXPECT_THAT(none.error().hint, HasSubstr("--gpu=0"));
  EXPECT_TRUE(allocator_->Allocate(Ask(kAlice, "train", WholeGpus{0})).ok());
}

TEST_F(AllocatorTest, ANegativeCountIsRefused) {
  auto negative = allocator_->Allocate(Ask(kAlice, "train", WholeGpus{-1}));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
}

// --- Strategies ---

TEST_F(AllocatorTest, LeastLoadedSpreadsAcrossPhysicalGpus) {
  UseInventory(TwoSplitOneWhole());
  EXPECT_THAT(Run(kAlice, "a", MigInstance{"2g.20gb"}), ElementsAre("0:1"));
  EXPECT_THAT(Run(kBob, "b", MigInstance{"2g.20gb"}), ElementsAre("1:1"));
  EXPECT_THAT(Run(kCarol, "c", MigInstance{"3g.40gb"}), ElementsAre("0:0"));
  EXPECT_THAT(Run(kAlice, "d", MigInstance{"2g.20gb"}), ElementsAre("1:2"));
}

TEST_F(AllocatorTest, PackFillsTheMostUsedGpuFirst) {
  UseInventory(TwoSplitOneWhole(), AllocatorOptions{.strategy = Strategy::kPack});
  EXPECT_THAT(Run(kAlice, "a", MigInstance{"2g.20gb"}), ElementsAre("0:1"));
  EXPECT_THAT(Run(kBob, "b", MigInstance{"2g.20gb"}), ElementsAre("0:2"));
  EXPECT_THAT(Run(kCarol, "c", MigInstance{"3g.40gb"}), ElementsAre("0:0"));
  EXPECT_THAT(Run(kAlice, "d", MigInstance{"2g.20gb"}), ElementsAre("1:1"));
}

// --- Lifecycle ---

TEST_F(AllocatorTest, ConfirmMarksTheReservationCreated) {
  ASSERT_TRUE(allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1})).ok());
  ASSERT_TRUE(allocator_->Confirm(kAlice, "train", "f00d", "{}").ok());
  const auto record = RecordOf(kAlice, "train");
  EXPECT_EQ(record.state, store::ContainerState::kCreated);
  EXPECT_EQ(record.docker_id, "f00d");
  auto twice = allocator_->Confirm(kAlice, "train", "f00d", "{}");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
}

TEST_F(AllocatorTest, ReleaseRollsBackAReservationAndFreesItsSlots) {
  ASSERT_TRUE(allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1})).ok());
  ASSERT_TRUE(allocator_->Release(kAlice, "train").ok());
  EXPECT_TRUE(ClaimedSlots().empty());
  EXPECT_THAT(Run(kAlice, "train", WholeGpus{1}), ElementsAre("0"));
  auto created = allocator_->Release(kAlice, "train");
  ASSERT_FALSE(created.ok());
  EXPECT_THAT(created.error().hint, HasSubstr("remove it instead"));
}

TEST_F(AllocatorTest, RestartWithinHoldGetsSameSlots) {
  Run(kBob, "first", WholeGpus{1});
  EXPECT_THAT(Run(kAlice, "train", WholeGpus{1}), ElementsAre("1"));
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  EXPECT_EQ(RecordOf(kAlice, "train").state, store::ContainerState::kStopped);
  ASSERT_TRUE(Remove(kBob, "first").ok());  // GPU 0 is free and would come first
  clock_.Advance(minutes(14));

  auto restarted = Start(kAlice, "train");
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  EXPECT_THAT(IdsOf(restarted->slots), ElementsAre("1"));
  EXPECT_FALSE(restarted->reallocated);
  EXPECT_EQ(RecordOf(kAlice, "train").state, store::ContainerState::kRunning);
  auto tx = store_->Read();
  EXPECT_TRUE(store::HoldTable(*tx).List()->empty());
}

TEST_F(AllocatorTest, AHeldSlotIsNotGivenToAnyoneElse) {
  Run(kAlice, "train", NamedSlots{{"3"}});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  auto theirs = allocator_->Allocate(Ask(kBob, "x", NamedSlots{{"3"}}));
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.error().code, ErrorCode::kConflict);
}

TEST_F(AllocatorTest, RestartAfterTheHoldExpiredAllocatesAnew) {
  Run(kAlice, "train", WholeGpus{1});  // GPU 0
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(15));  // the hold ends exactly now
  EXPECT_THAT(Run(kBob, "theirs", WholeGpus{1}), ElementsAre("0"));

  auto restarted = Start(kAlice, "train");
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  EXPECT_THAT(IdsOf(restarted->slots), ElementsAre("1"));
  EXPECT_TRUE(restarted->reallocated);
}

TEST_F(AllocatorTest, RestartAfterTheHoldExpiredCanBeRefusedSpecifically) {
  Run(kAlice, "train", MigInstance{"1g.10gb"});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(16));
  for (uid_t uid = 2000; uid < 2007; ++uid) Run(uid, "job", MigInstance{"1g.10gb"});

  auto restarted = Start(kAlice, "train");
  ASSERT_FALSE(restarted.ok());
  EXPECT_THAT(restarted.error().message, HasSubstr("No free MIG instance 1g.10gb: 7 of 7"));
  EXPECT_EQ(RecordOf(kAlice, "train").state, store::ContainerState::kStopped);
}

TEST_F(AllocatorTest, ZeroHoldReleasesAtOnceNotNever) {
  limits_[kAlice].gpu_hold_after_stop = std::chrono::seconds(0);
  Run(kAlice, "train", NamedSlots{{"4"}});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  EXPECT_TRUE(ClaimedSlots().empty());
  EXPECT_THAT(Run(kBob, "theirs", NamedSlots{{"4"}}), ElementsAre("4"));
}

TEST_F(AllocatorTest, RemoveReleasesAtOnceEvenAHold) {
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  ASSERT_TRUE(Remove(kAlice, "train").ok());
  EXPECT_TRUE(ClaimedSlots().empty());
  auto gone = Start(kAlice, "train");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(AllocatorTest, AllocationFirstExpiresHoldsThatRanOut) {
  limits_[kAlice].gpu_hold_after_stop = minutes(5);
  for (uid_t uid = 2000; uid < 2006; ++uid) Run(uid, "job", WholeGpus{1});
  Run(kAlice, "train", WholeGpus{1});  // GPU 6, the last whole one
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  clock_.Advance(minutes(5));

  EXPECT_THAT(Run(kBob, "theirs", WholeGpus{1}), ElementsAre("6"));
}

TEST_F(AllocatorTest, StateRulesAreEnforced) {
  Run(kAlice, "train", WholeGpus{0});
  auto start = Start(kAlice, "train");
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().message, "Cannot start container train: it is already running");
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  auto stop = Stop(kAlice, "train");
  ASSERT_FALSE(stop.ok());
  EXPECT_EQ(stop.error().message, "Cannot stop container train: it is already stopped");
  EXPECT_EQ(Stop(kAlice, "nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Remove(kBob, "train").error().code, ErrorCode::kNotFound);
}

TEST_F(AllocatorTest, EveryChangeIsAudited) {
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  ASSERT_TRUE(Start(kAlice, "train").ok());
  ASSERT_TRUE(Remove(kAlice, "train").ok());
  EXPECT_THAT(AuditActions(),
              ElementsAre("allocate", "create", "start", "stop", "start", "remove"));
  const auto events = Audit();
  EXPECT_EQ(events[0].actor, "alice");
  EXPECT_EQ(events[0].target, "alice/train");
  EXPECT_EQ(events[0].detail, "GPU 0");
  EXPECT_EQ(events[3].detail, "keeps GPU 0 for 15m");
  EXPECT_EQ(events[4].detail, "GPU 0 (kept from its stop)");
}

TEST_F(AllocatorTest, ARefusalChangesNothing) {
  Run(kAlice, "train", WholeGpus{1});
  const auto before = Audit().size();
  EXPECT_FALSE(allocator_->Allocate(Ask(kAlice, "more", WholeGpus{1})).ok());
  EXPECT_EQ(Audit().size(), before);
  EXPECT_THAT(ClaimedSlots(), ElementsAre("0"));
}

// --- Concurrency ---

TEST_F(AllocatorTest, ThreadsRacingForTheLastGpuGetItOnce) {
  for (uid_t uid = 2000; uid < 2006; ++uid) Run(uid, "job", WholeGpus{1});
  std::atomic<int> granted = 0;
  std::atomic<int> refused = 0;
  std::vector<std::thread> racers;
  for (uid_t uid = 3000; uid < 3008; ++uid) {
    racers.emplace_back([&, uid] {
      auto grant = allocator_->Allocate(Ask(uid, "race", WholeGpus{1}));
      if (grant.ok()) {
        ++granted;
      } else if (grant.error().code == ErrorCode::kConflict) {
        ++refused;
      }
    });
  }
  for (auto& racer : racers) racer.join();
  EXPECT_EQ(granted, 1);
  EXPECT_EQ(refused, 7);
}

TEST_F(AllocatorTest, SeparateStoresRacingOnOneFileNeverExceedALimit) {
  limits_[kAlice].max_gpus = 2;
  limits_[kAlice].max_containers = 16;
  std::atomic<int> granted = 0;
  std::vector<std::thread> racers;
  for (int i = 0; i < 8; ++i) {
    racers.emplace_back([&, i] {
      auto own = store::Store::Open(db_.path());
      ASSERT_TRUE(own.ok());
      Allocator allocator(**own, EightGpusOneSplit(), LimitsFunction(), clock_);
      if (allocator.Allocate(Ask(kAlice, "race" + std::to_string(i), WholeGpus{1})).ok()) {
        ++granted;
      }
    });
  }
  for (auto& racer : racers) racer.join();
  EXPECT_EQ(granted, 2);
  EXPECT_EQ(ClaimedSlots().size(), 2u);
}

}  // namespace
}  // namespace ds01::core
