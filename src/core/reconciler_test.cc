#include "core/reconciler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/test_support.h"
#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

EngineContainer Managed(std::string docker_id, uid_t uid, std::string user, std::string name,
                        std::string slots, bool running) {
  EngineContainer c;
  c.docker_id = std::move(docker_id);
  c.running = running;
  c.labels = {{"ds01.managed", "true"},
              {"ds01.uid", std::to_string(uid)},
              {"ds01.user", std::move(user)},
              {"ds01.name", std::move(name)},
              {"ds01.project", "thesis"},
              {"ds01.interface", "atomic"},
              {"ds01.gpu.slots", std::move(slots)}};
  return c;
}

class ReconcilerTest : public AllocatorFixture {
 protected:
  Result<ReconcileReport> Reconcile(const std::vector<EngineContainer>& engine) {
    Reconciler reconciler(*store_, EightGpusOneSplit(), LimitsFunction(), clock_);
    return reconciler.Reconcile(engine);
  }

  std::optional<store::ContainerRecord> RecordOf(uid_t uid, const std::string& name) {
    auto tx = store_->Read();
    auto found = store::ContainerTable(*tx).Find(uid, name);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::nullopt;
  }

  // "slot→user/container" for every claim.
  std::vector<std::string> Claims() {
    auto tx = store_->Read();
    auto views = store::AllocationTable(*tx).ListWithHolders();
    EXPECT_TRUE(views.ok());
    std::vector<std::string> claims;
    for (const auto& view : *views) {
      claims.push_back(view.claim.slot_id + "->" + view.user + "/" + view.container_name);
    }
    return claims;
  }

  std::size_t HoldCount() {
    auto tx = store_->Read();
    return store::HoldTable(*tx).List()->size();
  }
};

TEST_F(ReconcilerTest, AdoptsARunningContainerTheDatabaseLacksWithItsSlots) {
  auto report = Reconcile({Managed("c0ffee", kAlice, "alice", "train", "3,7:1", true)});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  ASSERT_EQ(report->adopted.size(), 1u);
  EXPECT_EQ(report->adopted[0].name, "train");
  EXPECT_EQ(report->adopted[0].detail, "GPU 3, GPU 7:1 (1g.10gb)");
  EXPECT_TRUE(report->conflicts.empty());
  const auto record = RecordOf(kAlice, "train");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, store::ContainerState::kRunning);
  EXPECT_EQ(record->docker_id, "c0ffee");
  EXPECT_EQ(record->project, "thesis");
  EXPECT_EQ(record->gpu_request, "slots:3,7:1");
  EXPECT_THAT(Claims(), ElementsAre("3->alice/train", "7:1->alice/train"));
}

TEST_F(ReconcilerTest, AdoptsAStoppedContainerWithAFreshHold) {
  auto report = Reconcile({Managed("c0ffee", kAlice, "alice", "train", "3", false)});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(RecordOf(kAlice, "train")->state, store::ContainerState::kStopped);
  EXPECT_THAT(Claims(), ElementsAre("3->alice/train"));
  EXPECT_EQ(HoldCount(), 1u);
  clock_.Advance(minutes(15));
  EXPECT_THAT(Run(kBob, "theirs", NamedSlots{{"3"}}), ElementsAre("3"));
}

TEST_F(ReconcilerTest, ReportsAConflictInsteadOfGivingASlotTwice) {
  Run(kBob, "theirs", NamedSlots{{"3"}});
  auto report = Reconcile({Managed("b0b", kBob, "bob", "theirs", "3", true),
                           Managed("c0ffee", kAlice, "alice", "train", "3,4", true)});
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].name, "train");
  EXPECT_EQ(report->conflicts[0].detail,
            "its label names GPU 3, which bob/theirs holds: not given twice");
  EXPECT_THAT(Claims(), ElementsAre("3->bob/theirs", "4->alice/train"));
  const auto events = Audit();
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const store::AuditEvent& e) {
    return e.action == "adopt" && e.outcome == store::Outcome::kConflict;
  }));
}

TEST_F(ReconcilerTest, ASlotOutsideTheInventoryIsAConflict) {
  auto report = Reconcile({Managed("c0ffee", kAlice, "alice", "train", "12", true)});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_THAT(report->conflicts[0].detail, HasSubstr("not in the inventory"));
  EXPECT_TRUE(Claims().empty());
}

TEST_F(ReconcilerTest, ReleasesRecordsNoContainerBacks) {
  Run(kAlice, "gone", WholeGpus{1});
  Run(kBob, "here", WholeGpus{1});
  auto report = Reconcile({Managed("docker-here", kBob, "bob", "here", "1", true)});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->released.size(), 1u);
  EXPECT_EQ(report->released[0].name, "gone");
  EXPECT_EQ(report->released[0].detail, "no container backs it; freed GPU 0");
  EXPECT_FALSE(RecordOf(kAlice, "gone").has_value());
  EXPECT_THAT(Claims(), ElementsAre("1->bob/here"));
}

TEST_F(ReconcilerTest, AYoungReservationMayStillBeInFlight) {
  ASSERT_TRUE(allocator_->Allocate(Ask(kAlice, "creating", WholeGpus{1})).ok());
  clock_.Advance(minutes(1));
  auto early = Reconcile({});
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->clean());
  EXPECT_TRUE(RecordOf(kAlice, "creating").has_value());

  clock_.Advance(minutes(2));
  auto late = Reconcile({});
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->released.size(), 1u);
  EXPECT_TRUE(Claims().empty());
}

TEST_F(ReconcilerTest, AReservationWhoseContainerAppearedIsConfirmed) {
  ASSERT_TRUE(allocator_->Allocate(Ask(kAlice, "train", WholeGpus{1})).ok());
  auto report = Reconcile({Managed("abc", kAlice, "alice", "train", "0", false)});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->updated.size(), 1u);
  EXPECT_EQ(report->updated[0].detail, "docker id abc, creating -> created");
  const auto record = RecordOf(kAlice, "train");
  EXPECT_EQ(record->state, store::ContainerState::kCreated);
  EXPECT_EQ(record->docker_id, "abc");
  EXPECT_THAT(Claims(), ElementsAre("0->alice/train"));
}

TEST_F(ReconcilerTest, FollowsAStopTheDaemonMissed) {
  Run(kAlice, "train", WholeGpus{1});
  auto report = Reconcile({Managed("docker-train", kAlice, "alice", "train", "0", false)});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->updated.size(), 1u);
  EXPECT_EQ(report->updated[0].detail, "running -> stopped; keeps GPU 0 for 15m");
  EXPECT_EQ(RecordOf(kAlice, "train")->state, store::ContainerState::kStopped);
  EXPECT_EQ(HoldCount(), 1u);
}

TEST_F(ReconcilerTest, FollowsAStartTheDaemonMissedAndReclaimsFreeSlots) {
  limits_[kAlice].gpu_hold_after_stop = std::chrono::seconds(0);
  Run(kAlice, "train", WholeGpus{1});
  ASSERT_TRUE(Stop(kAlice, "train").ok());
  ASSERT_TRUE(Claims().empty());
  auto report = Reconcile({Managed("docker-train", kAlice, "alice", "train", "0", true)});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->updated.size(), 1u);
  EXPECT_EQ(report->updated[0].detail, "re-recorded GPU 0, stopped -> running");
  EXPECT_THAT(Claims(), ElementsAre("0->alice/train"));
}

TEST_F(ReconcilerTest, SkipsContainersWhoseLabelsCannotBeTrusted) {
  EngineContainer unmanaged = Managed("u1", kAlice, "alice", "x", "", true);
  unmanaged.labels.erase("ds01.managed");
  EngineContainer bad_uid = Managed("u2", kAlice, "alice", "y", "", true);
  bad_uid.labels["ds01.uid"] = "root";
  EngineContainer no_name = Managed("u3", kAlice, "alice", "z", "", true);
  no_name.labels.erase("ds01.name");
  auto report = Reconcile({unmanaged, bad_uid, no_name});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->skipped.size(), 3u);
  EXPECT_THAT(report->skipped[1].detail, HasSubstr("label ds01.uid 'root' is not a uid"));
  EXPECT_TRUE(report->adopted.empty());
}

TEST_F(ReconcilerTest, TwoEngineContainersWithOneNameAreNotBothAdopted) {
  auto report = Reconcile({Managed("one", kAlice, "alice", "train", "1", true),
                           Managed("two", kAlice, "alice", "train", "2", true)});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->adopted.size(), 1u);
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_THAT(Claims(), ElementsAre("1->alice/train"));
}

TEST_F(ReconcilerTest, ASecondPassFindsNothingToDo) {
  Run(kBob, "here", WholeGpus{1});
  const std::vector<EngineContainer> engine = {
      Managed("docker-here", kBob, "bob", "here", "0", true),
      Managed("c0ffee", kAlice, "alice", "train", "3", true)};
  ASSERT_TRUE(Reconcile(engine).ok());
  auto again = Reconcile(engine);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->clean());
}

}  // namespace
}  // namespace ds01::core
