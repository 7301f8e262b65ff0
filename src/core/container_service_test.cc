#include "core/container_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <thread>
#include <tuple>

#include "core/fake_container_engine_for_test.h"
#include "core/managed_labels.h"
#include "core/test_support.h"
#include "store/audit_log.h"

namespace ds01::core {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using store::ContainerState;
using ::testing::HasSubstr;

constexpr std::string_view kImage = "ds01-test/base:latest";

docker::Event EventOf(const std::string& docker_id, std::string action, uid_t uid, std::string name,
                      Clock::TimePoint at) {
  docker::Event event;
  event.type = "container";
  event.action = std::move(action);
  event.actor_id = docker_id;
  ManagedLabels labels;  // the engine's attributes carry the container's labels
  labels.uid = uid;
  labels.user = "owner";
  labels.name = std::move(name);
  WriteLabels(labels, event.attributes);
  event.time_nano =
      std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  return event;
}

std::string Env(const FakeContainerEngine::Container& c, const std::string& key) {
  const auto it = c.spec.env.find(key);
  return it == c.spec.env.end() ? "<unset>" : it->second;
}

class ContainerServiceTest : public ::testing::Test {
 protected:
  static constexpr uid_t kAlice = 1000;
  static constexpr uid_t kBob = 1001;
  static constexpr uid_t kCarol = 1002;  // an admin: the service trusts the router on that

  void SetUp() override {
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    // The stager opens binds as their owner: the directories above must let alice through.
    std::filesystem::permissions(db_.dir(), std::filesystem::perms::all &
                                                ~std::filesystem::perms::group_write &
                                                ~std::filesystem::perms::others_write);
    users_.Add(Alice());
    users_.Add(Bob());
    workspaces_ = db_.dir() / "home";
    std::filesystem::create_directories(workspaces_ / "alice" / "thesis");
    std::filesystem::create_directories(workspaces_ / "bob");
    policy::Config config;
    config.images.allowed = {"ds01-test/*"};
    config.workspaces.root = (workspaces_ / "{user}").string();
    config_ = std::make_unique<policy::ConfigHolder>(std::move(config));
    engine_.AddImage(std::string(kImage), false);
    engine_.AddImage("ds01-1000/thesis:latest", true);
    Build(GpuExposure::kEnvironment);
  }

  void Build(GpuExposure exposure) {
    std::vector<gpu::Slot> inventory = {WholeGpu(0), WholeGpu(1), WholeGpu(2), WholeGpu(3)};
    LimitsFor limits = [this](uid_t uid) {
      const auto it = limits_.find(uid);
      return it == limits_.end() ? policy::Limits{} : it->second;
    };
    allocator_ = std::make_unique<Allocator>(*store_, inventory, limits, clock_);
    reconciler_ = std::make_unique<Reconciler>(*store_, inventory, limits, clock_,
                                               ReconcilerOptions{std::chrono::seconds(0)});
    service_ = std::make_unique<ContainerService>(
        *store_, *allocator_, *reconciler_, engine_, stager_, *config_, validator_, limits, clock_,
        ContainerServiceOptions{exposure, [this] { ++changes_; }});
  }

  static policy::Identity Alice() { return {kAlice, kAlice, "alice", {"alice"}}; }
  static policy::Identity Bob() { return {kBob, kBob, "bob", {"bob"}}; }
  static Actor AliceActs() { return Actor{kAlice, "alice"}; }

  static CreateParams Params(std::string name, int gpus = 1) {
    CreateParams params;
    params.name = std::move(name);
    params.image = std::string(kImage);
    params.gpus = WholeGpus{gpus};
    return params;
  }

  ContainerView CreateOk(const policy::Identity& who, CreateParams params) {
    auto view = service_->Create(who, params);
    EXPECT_TRUE(view.ok()) << view.error().ToString();
    return view.ok() ? *view : ContainerView{};
  }

  FakeContainerEngine::Container EngineSide(std::string_view name, uid_t uid = kAlice) {
    auto found = engine_.Find(std::string(name) + "._." + std::to_string(uid));
    EXPECT_TRUE(found.has_value()) << "the engine has no container " << name;
    return found.value_or(FakeContainerEngine::Container{});
  }

  std::vector<std::string> SlotIdsOf(const ContainerView& view) {
    std::vector<std::string> ids;
    for (const auto& slot : view.slots) ids.push_back(slot.slot_id);
    return ids;
  }

  std::optional<ContainerView> Record(uid_t uid, std::string_view name) {
    auto found = ContainerViews(*store_).Find(uid, name);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::nullopt;
  }

  std::vector<store::AuditEvent> Audit() {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    if (!tx.ok()) return {};
    auto events = store::AuditLog(*tx).ListAfter(0, 1000);
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<store::AuditEvent>{};
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    for (const auto& event : Audit()) actions.push_back(event.action);
    return actions;
  }

  store::TestDatabase db_;
  std::filesystem::path workspaces_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  std::map<uid_t, policy::Limits> limits_;
  std::unique_ptr<policy::ConfigHolder> config_;
  policy::RequestValidator validator_{
      policy::ProtectedSockets{"/tmp/engine.sock", "/tmp/ds01.sock"}};
  FakeContainerEngine engine_;
  policy::FixedUserDirectory users_;
  BindStager stager_{db_.dir() / "mounts", users_};
  std::unique_ptr<Allocator> allocator_;
  std::unique_ptr<Reconciler> reconciler_;
  std::unique_ptr<ContainerService> service_;
  std::atomic<int> changes_{0};
};

TEST_F(ContainerServiceTest, CreateGivesTheEngineContainerItsNameLabelsGpuUserAndCaps) {
  policy::Limits limits;
  limits.memory_bytes = 512ull << 20;
  limits.cpus = 1.5;
  limits.pids_limit = 512;
  limits.shm_size_bytes = 64ull << 20;
  limits_[kAlice] = limits;
  ContainerView view = CreateOk(Alice(), Params("train"));

  EXPECT_EQ(view.record.state, ContainerState::kCreated);
  ASSERT_EQ(view.slots.size(), 1u);
  EXPECT_EQ(view.gpu_state(), "allocated");
  const std::string uuid = view.slots[0].slot_uuid;
  auto container = EngineSide("train");
  EXPECT_EQ(container.status, "created");
  EXPECT_EQ(engine_.IdOf("train._.1000"), view.record.docker_id);
  const auto& labels = container.spec.labels;
  EXPECT_EQ(labels.at("ds01.managed"), "true");
  EXPECT_EQ(labels.at("ds01.uid"), "1000");
  EXPECT_EQ(labels.at("ds01.user"), "alice");
  EXPECT_EQ(labels.at("ds01.name"), "train");
  EXPECT_EQ(labels.at("ds01.interface"), "atomic");
  EXPECT_EQ(labels.at("ds01.gpu.slots"), view.slots[0].slot_id);
  EXPECT_EQ(labels.at("ds01.gpu.uuids"), uuid);
  EXPECT_EQ(labels.at("ds01.created_at"), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(Env(container, "NVIDIA_VISIBLE_DEVICES"), uuid);
  EXPECT_EQ(Env(container, "CUDA_VISIBLE_DEVICES"), uuid);
  EXPECT_TRUE(container.spec.device_requests.empty());
  EXPECT_EQ(container.spec.user, "1000:1000");
  EXPECT_EQ(container.spec.memory_bytes, 512ll << 20);
  EXPECT_EQ(container.spec.memory_swap_bytes, 512ll << 20);
  EXPECT_EQ(container.spec.nano_cpus, 1'500'000'000);
  EXPECT_EQ(container.spec.pids_limit, 512);
  EXPECT_EQ(container.spec.shm_size_bytes, 64ll << 20);
  EXPECT_EQ(container.spec.cmd, IdleCommand()) << "the image names no command";
  EXPECT_GT(changes_, 0);
}

TEST_F(ContainerServiceTest, AUserSuppliedGpuVisibilityIsOverridden) {
  CreateParams params = Params("train");
  params.options.env = {
      {"NVIDIA_VISIBLE_DEVICES", "all"}, {"CUDA_VISIBLE_DEVICES", "0,1,2,3"}, {"MODE", "fast"}};
  ContainerView view = CreateOk(Alice(), params);
  auto container = EngineSide("train");
  EXPECT_EQ(Env(container, "NVIDIA_VISIBLE_DEVICES"), view.slots.at(0).slot_uuid);
  EXPECT_EQ(Env(container, "CUDA_VISIBLE_DEVICES"), view.slots.at(0).slot_uuid);
  EXPECT_EQ(Env(container, "MODE"), "fast");
}

TEST_F(ContainerServiceTest, WithAnNvidiaRuntimeGpusComeAsADeviceRequestByUuid) {
  Build(GpuExposure::kDeviceRequests);
  ContainerView view = CreateOk(Alice(), Params("train"));
  auto container = EngineSide("train");
  ASSERT_EQ(container.spec.device_requests.size(), 1u);
  const auto& request = container.spec.device_requests[0];
  EXPECT_EQ(request.driver, "nvidia");
  EXPECT_EQ(request.device_ids, std::vector<std::string>{view.slots.at(0).slot_uuid});
  EXPECT_EQ(request.capabilities, (std::vector<std::vector<std::string>>{{"gpu"}}));
  EXPECT_EQ(Env(container, "CUDA_VISIBLE_DEVICES"), "<unset>");
}

TEST_F(ContainerServiceTest, RealGpusWithoutAnNvidiaRuntimeAreRefusedButCpuOnlyWorks) {
  Build(GpuExposure::kUnavailable);
  auto refused = service_->Create(Alice(), Params("train"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(refused.error().message, HasSubstr("no NVIDIA runtime"));
  EXPECT_FALSE(Record(kAlice, "train").has_value());
  ContainerView cpu = CreateOk(Alice(), Params("cpu", 0));
  EXPECT_EQ(Env(EngineSide("cpu"), "NVIDIA_VISIBLE_DEVICES"), "void");
}

TEST_F(ContainerServiceTest, AFailingDockerCreateUndoesTheAllocation) {
  engine_.FailNext("create", MakeError(ErrorCode::kInternal, "disk full"));
  auto failed = service_->Create(Alice(), Params("train"));
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.error().message, HasSubstr("disk full"));
  EXPECT_FALSE(Record(kAlice, "train").has_value()) << "no record without a container";
  EXPECT_EQ(engine_.size(), 0u);
  EXPECT_THAT(AuditActions(), ::testing::ElementsAre("allocate", "release"));
  // The GPU went back: Alice's limit of one GPU lets her have it again.
  ContainerView again = CreateOk(Alice(), Params("train"));
  EXPECT_EQ(again.slots.size(), 1u);
}

TEST_F(ContainerServiceTest, AForeignContainerWithTheDockerNameIsAConflictAndUndone) {
  docker::ContainerSpec foreign;
  foreign.name = "train._.1000";
  engine_.Put(foreign, "created");
  auto failed = service_->Create(Alice(), Params("train"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_THAT(failed.error().message, HasSubstr("train._.1000"));
  EXPECT_FALSE(Record(kAlice, "train").has_value());
}

TEST_F(ContainerServiceTest, AMissingImageIsNotFoundAndLeavesNoReservation) {
  CreateParams params = Params("thesis2");
  params.image.clear();
  params.project = "nothing-built";
  std::filesystem::create_directories(workspaces_ / "alice" / "nothing-built");
  auto failed = service_->Create(Alice(), params);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(failed.error().message, HasSubstr("ds01-1000/nothing-built:latest"));
  EXPECT_THAT(
      failed.error().hint,
      HasSubstr(
          "project launch nothing-built; or build it alone with: image-create nothing-built"));
  EXPECT_FALSE(Record(kAlice, "thesis2").has_value());
}

TEST_F(ContainerServiceTest, WithoutAnImageTheLimitsAreCheckedBeforeTheImage) {
  ContainerView first = CreateOk(Alice(), Params("one"));
  CreateParams params = Params("two");
  params.image.clear();
  auto refused = service_->Create(Alice(), params);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_THAT(refused.error().message, HasSubstr("GPU limit reached"));
}

TEST_F(ContainerServiceTest, PolicyRefusalsHappenBeforeAnythingIsReserved) {
  CreateParams privileged = Params("root");
  privileged.options.privileged = true;
  auto refused = service_->Create(Alice(), privileged);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);

  CreateParams spoofed = Params("spoof");
  spoofed.options.labels = {{"ds01.user", "root"}};
  refused = service_->Create(Alice(), spoofed);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("ds01."));

  CreateParams outside = Params("etc");
  outside.workspace = "/etc";
  refused = service_->Create(Alice(), outside);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(refused.error().message, HasSubstr("/etc"));

  CreateParams bad_name = Params("Bad/Name");
  refused = service_->Create(Alice(), bad_name);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);

  EXPECT_TRUE(AuditActions().empty()) << "nothing was allocated";
  EXPECT_EQ(engine_.size(), 0u);
}

TEST_F(ContainerServiceTest, AProjectMountsItsDirectoryAtWorkspaceAndNamesItsImage) {
  CreateParams params = Params("thesis");
  params.image.clear();
  params.project = "thesis";
  ContainerView view = CreateOk(Alice(), params);
  EXPECT_EQ(view.record.image, "ds01-1000/thesis:latest");
  EXPECT_EQ(view.record.project, "thesis");
  auto container = EngineSide("thesis");
  EXPECT_EQ(container.spec.image, "ds01-1000/thesis:latest");
  EXPECT_EQ(container.spec.labels.at("ds01.project"), "thesis");
  ASSERT_EQ(container.spec.mounts.size(), 1u);
  EXPECT_EQ(container.spec.mounts[0].source, stager_.StagingPath(kAlice, "thesis", 0));
  EXPECT_EQ(container.spec.mounts[0].target, "/workspace");
  EXPECT_EQ(ReadLabels(container.spec.labels)->binds.at(0).source,
            (workspaces_ / "alice" / "thesis").string());
  EXPECT_EQ(container.spec.working_dir, "/workspace");
  EXPECT_TRUE(container.spec.cmd.empty()) << "the project image names its own command";
}

TEST_F(ContainerServiceTest, AProjectSwappedForASymlinkAfterCreateIsRefusedAtStart) {
  CreateParams params = Params("thesis");
  params.project = "thesis";
  CreateOk(Alice(), params);
  std::filesystem::remove_all(workspaces_ / "alice" / "thesis");
  std::filesystem::create_symlink(workspaces_ / "bob", workspaces_ / "alice" / "thesis");
  auto started = service_->Start(AliceActs(), kAlice, "thesis");
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(started.error().message, HasSubstr("has a symlink in its path"));
  EXPECT_EQ(EngineSide("thesis").status, "created") << "the engine was never asked to start it";
  EXPECT_EQ(Record(kAlice, "thesis")->record.state, ContainerState::kCreated);
  EXPECT_EQ(Record(kAlice, "thesis")->slots.size(), 1u) << "the GPU stays the container's";
}

TEST_F(ContainerServiceTest, AContainerWithPathBindsFromAnOlderDs01IsNeverStarted) {
  ContainerView created = CreateOk(Alice(), Params("old"));
  docker::ContainerSpec spec = EngineSide("old").spec;
  spec.binds = {(workspaces_ / "alice").string() + ":/workspace:rw"};
  engine_.Erase(created.record.docker_id);
  engine_.Put(spec, "created");  // as the older ds01 made it
  ASSERT_TRUE(service_->Reconcile().ok());
  auto started = service_->Start(AliceActs(), kAlice, "old");
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(started.error().hint, HasSubstr("container-remove old"));
  auto engine_side = engine_.Find(spec.name);
  ASSERT_TRUE(engine_side.has_value());
  EXPECT_EQ(engine_side->status, "created");
}

TEST_F(ContainerServiceTest, RemoveTakesTheStagingPathsAway) {
  CreateParams params = Params("thesis");
  params.project = "thesis";
  CreateOk(Alice(), params);
  const std::filesystem::path staged = stager_.StagingPath(kAlice, "thesis", 0);
  EXPECT_TRUE(std::filesystem::is_directory(staged));
  ASSERT_TRUE(service_->Remove(AliceActs(), kAlice, "thesis", false).ok());
  EXPECT_FALSE(std::filesystem::exists(staged.parent_path()));
  EXPECT_TRUE(std::filesystem::exists(workspaces_ / "alice" / "thesis")) << "workspace untouched";
}

TEST_F(ContainerServiceTest, AMissingProjectDirectoryIsRefusedWithTheFix) {
  CreateParams params = Params("ghost");
  params.project = "ghost";
  auto refused = service_->Create(Alice(), params);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(refused.error().hint, HasSubstr("mkdir -p"));
}

TEST_F(ContainerServiceTest, AWorkspaceOutsideTheUsersRootIsRefused) {
  CreateParams params = Params("peek");
  params.workspace = (workspaces_ / "bob").string();
  auto refused = service_->Create(Alice(), params);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(refused.error().message, HasSubstr("outside your workspace"));
}

TEST_F(ContainerServiceTest, StopHoldsTheGpuAndARestartInsideTheHoldKeepsTheSameOne) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  auto started = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_TRUE(started.ok()) << started.error().ToString();
  EXPECT_EQ(started->record.state, ContainerState::kRunning);
  EXPECT_EQ(EngineSide("train").status, "running");

  auto stopped = service_->Stop(AliceActs(), kAlice, "train", seconds(1));
  ASSERT_TRUE(stopped.ok()) << stopped.error().ToString();
  EXPECT_EQ(stopped->record.state, ContainerState::kStopped);
  EXPECT_EQ(stopped->gpu_state(), "held");
  ASSERT_TRUE(stopped->hold_expires_at.has_value());
  EXPECT_EQ(*stopped->hold_expires_at, clock_.Now() + minutes(15));
  EXPECT_EQ(EngineSide("train").status, "exited");
  EXPECT_EQ(stopped->record.stopped_at, clock_.Now());

  clock_.Advance(minutes(10));
  auto restarted = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  EXPECT_FALSE(restarted->record.stopped_at.has_value()) << "a start clears the stop time";
  EXPECT_EQ(SlotIdsOf(*restarted), SlotIdsOf(created));
  EXPECT_EQ(restarted->gpu_state(), "allocated");
  EXPECT_EQ(restarted->record.docker_id, created.record.docker_id) << "not recreated";
}

TEST_F(ContainerServiceTest, AStartAfterTheHoldExpiredRecreatesTheContainerWithItsNewGpu) {
  CreateParams params = Params("train");
  params.options.memory_bytes = 1ull << 30;
  params.options.shm_size_bytes = 256ull << 20;
  params.options.env = {{"SEED", "7"}};
  params.options.labels = {{"team", "vision"}};
  ContainerView created = CreateOk(Alice(), params);
  ASSERT_EQ(SlotIdsOf(created), std::vector<std::string>{"0"});
  const docker::ContainerSpec first = EngineSide("train").spec;
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", seconds(1)).ok());
  clock_.Advance(minutes(16));
  ASSERT_TRUE(service_->ExpireDue().ok());
  ContainerView bobs = CreateOk(Bob(), Params("other"));
  ASSERT_EQ(SlotIdsOf(bobs), std::vector<std::string>{"0"}) << "the freed GPU went to Bob";

  auto restarted = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  ASSERT_EQ(restarted->slots.size(), 1u);
  EXPECT_NE(restarted->slots[0].slot_id, "0");
  EXPECT_NE(restarted->record.docker_id, created.record.docker_id);
  EXPECT_FALSE(engine_.Find(created.record.docker_id).has_value()) << "the old one is gone";
  auto container = EngineSide("train");
  EXPECT_EQ(container.status, "running");
  EXPECT_EQ(Env(container, "NVIDIA_VISIBLE_DEVICES"), restarted->slots[0].slot_uuid);
  EXPECT_EQ(container.spec.labels.at("ds01.gpu.slots"), restarted->slots[0].slot_id);
  EXPECT_EQ(container.spec.labels.at("ds01.name"), "train");
  EXPECT_EQ(container.spec.cmd, IdleCommand());
  EXPECT_EQ(container.spec.user, "1000:1000");
  EXPECT_EQ(container.spec.security_opt, std::vector<std::string>{"no-new-privileges:true"});
  EXPECT_EQ(engine_.size(), 2u) << "Alice's and Bob's, nothing left over";

  // Made again from the stored request: nothing but its GPUs differs.
  docker::ContainerSpec gpus_undone = container.spec;
  gpus_undone.env = first.env;
  gpus_undone.labels = first.labels;
  gpus_undone.device_requests = first.device_requests;
  EXPECT_EQ(gpus_undone, first);
}

TEST_F(ContainerServiceTest, ASecondChangeWhileAStopIsUnderWayIsAnsweredBusyAtOnce) {
  CreateOk(Alice(), Params("train"));
  CreateOk(Alice(), Params("other", 0));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "other").ok());
  std::promise<void> release;
  std::promise<void> stalled;
  engine_.StallNext("stop", [&] {
    stalled.set_value();
    release.get_future().wait();
  });
  auto stopping = std::async(std::launch::async, [&] {
    return service_->Stop(AliceActs(), kAlice, "train", seconds(30));
  });
  stalled.get_future().wait();

  const auto began = std::chrono::steady_clock::now();
  auto again = service_->Stop(AliceActs(), kAlice, "train", seconds(1));
  auto removed = service_->Remove(AliceActs(), kAlice, "train", true);
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(500));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_THAT(again.error().message, ::testing::HasSubstr("'train' is busy"));
  EXPECT_THAT(again.error().hint, ::testing::HasSubstr("ds01 events --follow"));
  EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(service_->Stop(AliceActs(), kAlice, "other", seconds(1)).ok())
      << "another container of the same user is not busy";
  EXPECT_EQ(service_->Stop(AliceActs(), kBob, "train", seconds(1)).error().code,
            ErrorCode::kNotFound)
      << "Bob's own 'train' (he has none) is not Alice's";

  release.set_value();
  auto stopped = stopping.get();
  ASSERT_TRUE(stopped.ok()) << stopped.error().ToString();
  EXPECT_EQ(stopped->record.state, store::ContainerState::kStopped);
  EXPECT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok()) << "not busy once it ended";
}

TEST_F(ContainerServiceTest, AContainerWithNoStoredRequestIsNotRecreatedAndKeepsItsRecord) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", seconds(1)).ok());
  clock_.Advance(minutes(16));
  ASSERT_TRUE(service_->ExpireDue().ok());
  CreateOk(Bob(), Params("other"));
  {
    // As a container made before schema version 2 is.
    auto tx = store_->Write();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->connection().Exec("UPDATE containers SET spec = ''").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto refused = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("older ds01"));
  EXPECT_THAT(refused.error().hint, ::testing::HasSubstr("container-remove train"));
  auto view = ContainerViews(*store_).Find(kAlice, "train");
  ASSERT_TRUE(view.ok() && view->has_value());
  EXPECT_EQ((*view)->record.state, store::ContainerState::kStopped);
  EXPECT_TRUE((*view)->slots.empty()) << "the GPU it was given back is freed again";
  EXPECT_EQ(EngineSide("train").status, "exited");
}

TEST_F(ContainerServiceTest, AStartRefusedByTheAllocatorAfterTheHoldExpiredChangesNothing) {
  limits_[kBob].max_gpus = 4;
  limits_[kBob].max_gpus_per_container = 4;
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", seconds(1)).ok());
  clock_.Advance(minutes(16));
  CreateOk(Bob(), Params("everything", 4));
  auto refused = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_THAT(refused.error().message, HasSubstr("No free GPU"));
  EXPECT_EQ(Record(kAlice, "train")->record.state, ContainerState::kStopped);
  EXPECT_EQ(EngineSide("train").status, "exited");
}

TEST_F(ContainerServiceTest, AFailedEngineStartRestoresTheStateAndTheHold) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  auto stopped = service_->Stop(AliceActs(), kAlice, "train", seconds(1));
  ASSERT_TRUE(stopped.ok());
  engine_.FailNext("start", MakeError(ErrorCode::kInternal, "oci runtime error"));
  auto failed = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.error().message, HasSubstr("oci runtime error"));
  auto after = Record(kAlice, "train");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.state, ContainerState::kStopped);
  EXPECT_EQ(after->gpu_state(), "held");
  EXPECT_EQ(after->hold_expires_at, stopped->hold_expires_at);
}

TEST_F(ContainerServiceTest, RefusedTransitionsSayWhyAndNameTheFix) {
  CreateOk(Alice(), Params("train"));
  auto pause_created = service_->Pause(AliceActs(), kAlice, "train");
  ASSERT_FALSE(pause_created.ok());
  EXPECT_EQ(pause_created.error().code, ErrorCode::kConflict);
  EXPECT_EQ(pause_created.error().message,
            "Cannot pause container train: it is created, not running");
  EXPECT_THAT(pause_created.error().hint, HasSubstr("container-start train"));

  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  auto start_running = service_->Start(AliceActs(), kAlice, "train");
  ASSERT_FALSE(start_running.ok());
  EXPECT_EQ(start_running.error().message, "Cannot start container train: it is already running");

  auto unpause_running = service_->Unpause(AliceActs(), kAlice, "train");
  ASSERT_FALSE(unpause_running.ok());
  EXPECT_FALSE(unpause_running.error().hint.empty());

  Status remove_running = service_->Remove(AliceActs(), kAlice, "train", false);
  ASSERT_FALSE(remove_running.ok());
  EXPECT_EQ(remove_running.error().code, ErrorCode::kConflict);
  EXPECT_EQ(remove_running.error().message,
            "Cannot remove running container train: stop it first, or use --stop");
  EXPECT_EQ(EngineSide("train").status, "running") << "a refused remove changes nothing";

  auto missing = service_->Stop(AliceActs(), kAlice, "nope", std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ContainerServiceTest, PauseKeepsTheGpuWithNoTimeoutAndUnpauseResumes) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  auto paused = service_->Pause(AliceActs(), kAlice, "train");
  ASSERT_TRUE(paused.ok()) << paused.error().ToString();
  EXPECT_EQ(paused->record.state, ContainerState::kPaused);
  EXPECT_EQ(EngineSide("train").status, "paused");
  clock_.Advance(std::chrono::hours(48));
  ASSERT_TRUE(service_->ExpireDue().ok());
  auto still = Record(kAlice, "train");
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->gpu_state(), "allocated");
  EXPECT_EQ(SlotIdsOf(*still), SlotIdsOf(created));

  auto resumed = service_->Unpause(AliceActs(), kAlice, "train");
  ASSERT_TRUE(resumed.ok()) << resumed.error().ToString();
  EXPECT_EQ(resumed->record.state, ContainerState::kRunning);
  EXPECT_EQ(EngineSide("train").status, "running");
}

TEST_F(ContainerServiceTest, RemoveWithStopFreesTheGpuAtOnce) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  Status removed = service_->Remove(AliceActs(), kAlice, "train", true);
  ASSERT_TRUE(removed.ok()) << removed.error().ToString();
  EXPECT_FALSE(Record(kAlice, "train").has_value());
  EXPECT_EQ(engine_.size(), 0u);
  CreateOk(Alice(), Params("next"));  // the one GPU of her limit is free again
}

TEST_F(ContainerServiceTest, APruneRemovesAStoppedContainerFreesItsHeldGpuAndSaysSo) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", std::nullopt).ok());
  ASSERT_EQ(Record(kAlice, "train")->gpu_state(), "held");
  Status pruned = service_->Prune(AliceActs(), kAlice, "train", PruneAsk{clock_.Now()});
  ASSERT_TRUE(pruned.ok()) << pruned.error().ToString();
  EXPECT_FALSE(Record(kAlice, "train").has_value());
  EXPECT_EQ(engine_.size(), 0u);
  EXPECT_EQ(Audit().back().action, "remove");
  EXPECT_EQ(Audit().back().detail, "pruned; freed GPU 0");
  CreateOk(Alice(), Params("next"));  // the one GPU of her limit is free again
}

// The prune chose the container while it was stopped; by the time its turn comes it runs again,
// or has stopped again too recently: it stays, and nothing of it changes.
TEST_F(ContainerServiceTest, APruneKeepsAContainerStartedOrStoppedAgainSinceItWasChosen) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", std::nullopt).ok());
  clock_.Advance(minutes(90));
  const PruneAsk hour{clock_.Now(), std::chrono::hours(1)};
  ASSERT_TRUE(PruneCheck(Record(kAlice, "train")->record, hour).ok()) << "chosen";

  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  Status running = service_->Prune(AliceActs(), kAlice, "train", hour);
  ASSERT_FALSE(running.ok());
  EXPECT_EQ(running.error().message, "it is running now");
  EXPECT_EQ(EngineSide("train").status, "running");

  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", std::nullopt).ok());
  Status recent = service_->Prune(AliceActs(), kAlice, "train", hour);
  ASSERT_FALSE(recent.ok());
  EXPECT_EQ(recent.error().message, "it stopped less than 1h 0m ago");
  EXPECT_TRUE(Record(kAlice, "train").has_value());
}

// ds01's record says stopped, but the engine runs it (a docker start by root whose event has not
// been followed yet): the engine's own refusal keeps it.
TEST_F(ContainerServiceTest, APruneNeverForcesTheEngineToRemoveAContainerThatRuns) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  engine_.SetStatus(created.record.docker_id, "running");
  Status pruned = service_->Prune(AliceActs(), kAlice, "train", PruneAsk{clock_.Now()});
  ASSERT_FALSE(pruned.ok());
  EXPECT_THAT(pruned.error().message, HasSubstr("You cannot remove a running container"));
  EXPECT_EQ(EngineSide("train").status, "running");
  EXPECT_TRUE(Record(kAlice, "train").has_value());
}

TEST_F(ContainerServiceTest, AnAdminsActionOnAnotherUsersContainerIsAuditedUnderTheAdmin) {
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(Actor{0, "root"}, kAlice, "train").ok());
  const auto events = Audit();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().actor, "root");
  EXPECT_EQ(events.back().action, "start");
  EXPECT_EQ(events.back().target, "alice/train");
}

// Every audit row as (actor, action, detail): who did what, as the issue asks, row by row.
std::vector<std::tuple<std::string, std::string, std::string>> Rows(
    const std::vector<store::AuditEvent>& events) {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  for (const auto& event : events) rows.emplace_back(event.actor, event.action, event.detail);
  return rows;
}

TEST_F(ContainerServiceTest, AnExitReportedByTheEngineIsAStopByDs01dThatHoldsTheGpu) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  clock_.Advance(seconds(5));
  engine_.SetStatus(created.record.docker_id, "exited", 3);
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "die", kAlice, "train", clock_.Now()))
          .ok());
  auto after = Record(kAlice, "train");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.state, ContainerState::kStopped);
  EXPECT_EQ(after->gpu_state(), "held");
  EXPECT_THAT(
      Rows(Audit()),
      ::testing::ElementsAre(
          std::tuple{"alice", "allocate", "GPU 0"},
          std::tuple{"alice", "create", "docker id " + created.record.docker_id},
          std::tuple{"alice", "start", "GPU 0"},
          std::tuple{"ds01d", "stop", "its process exited with code 3; keeps GPU 0 for 15m"}));
}

TEST_F(ContainerServiceTest, AnAdminsStopIsAuditedAsTheAdminsOnce) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(Actor{kCarol, "carol"}, kAlice, "train", std::nullopt).ok());
  EXPECT_THAT(
      Rows(Audit()),
      ::testing::ElementsAre(std::tuple{"alice", "allocate", "GPU 0"},
                             std::tuple{"alice", "create", "docker id " + created.record.docker_id},
                             std::tuple{"alice", "start", "GPU 0"},
                             std::tuple{"carol", "stop", "keeps GPU 0 for 15m"}));
  const auto events = Audit();
  EXPECT_EQ(events.back().uid, kCarol) << "the row names the admin's uid, not the owner's";
  EXPECT_EQ(events.back().target, "alice/train");
}

TEST_F(ContainerServiceTest, TheAuditTakesAnExitCodeFromTheEngineNeverFromALabel) {
  CreateParams params = Params("train");
  params.options.labels = {{"exitCode", "0 (all fine, nothing to see)"}};
  ContainerView created = CreateOk(Alice(), params);
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  clock_.Advance(seconds(5));
  engine_.SetStatus(created.record.docker_id, "exited", 137);
  docker::Event died = EventOf(created.record.docker_id, "die", kAlice, "train", clock_.Now());
  died.attributes["exitCode"] = "0 (all fine, nothing to see)";  // the label, mixed in
  ASSERT_TRUE(service_->Follow(died).ok());
  const auto events = Audit();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().detail, "its process exited with code 137; keeps GPU 0 for 15m");
}

TEST_F(ContainerServiceTest, AStopTimeAboveTheLimitIsRefusedBeforeTheEngineIsAsked) {
  limits_[kAlice].max_stop_time = std::chrono::minutes(5);
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  auto refused = service_->Stop(AliceActs(), kAlice, "train", std::chrono::hours(1000000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(refused.error().message,
            "A stop time of 3600000000s is above the limit of 300s (max_stop_time)");
  EXPECT_EQ(refused.error().hint, "ask for at most --time=300");
  EXPECT_EQ(EngineSide("train").status, "running");
  EXPECT_TRUE(service_->Stop(AliceActs(), kAlice, "train", std::chrono::seconds(300)).ok());
}

TEST_F(ContainerServiceTest, TheLogIsKeptToTheLimit) {
  limits_[kAlice].log_size_bytes = 20ull << 20;
  CreateOk(Alice(), Params("train"));
  const auto& log = EngineSide("train").spec.log_config;
  ASSERT_TRUE(log.has_value());
  EXPECT_EQ(log->type, "json-file");
  EXPECT_EQ(log->options.at("max-size"), std::to_string(10ull << 20));
  EXPECT_EQ(log->options.at("max-file"), "2");
}

TEST_F(ContainerServiceTest, EventsThatAreStaleOrAboutAnotherContainerChangeNothing) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  const Clock::TimePoint before_start = clock_.Now();
  clock_.Advance(seconds(5));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "die", kAlice, "train", before_start))
          .ok());
  ASSERT_TRUE(service_->Follow(EventOf("someone-else", "die", kAlice, "train", clock_.Now())).ok());
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "die", kBob, "train", clock_.Now())).ok());
  EXPECT_EQ(Record(kAlice, "train")->record.state, ContainerState::kRunning);
}

TEST_F(ContainerServiceTest, PauseAndUnpauseOutsideDs01AreFollowed) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  const std::string& id = created.record.docker_id;
  ASSERT_TRUE(service_->Follow(EventOf(id, "pause", kAlice, "train", clock_.Now())).ok());
  EXPECT_EQ(Record(kAlice, "train")->record.state, ContainerState::kPaused);
  ASSERT_TRUE(service_->Follow(EventOf(id, "unpause", kAlice, "train", clock_.Now())).ok());
  EXPECT_EQ(Record(kAlice, "train")->record.state, ContainerState::kRunning);
}

TEST_F(ContainerServiceTest, ADestroyReportedByTheEngineReleasesTheGpu) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  engine_.Erase(created.record.docker_id);
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "destroy", kAlice, "train", clock_.Now()))
          .ok());
  EXPECT_FALSE(Record(kAlice, "train").has_value());
  CreateOk(Alice(), Params("again"));  // her one GPU is free
}

TEST_F(ContainerServiceTest, TheEnginesRemovalOfARunAtItsExitIsAuditedAsSuch) {
  CreateParams params = Params("once");
  params.options.auto_remove = true;
  ContainerView created = CreateOk(Alice(), params);
  EXPECT_TRUE(engine_.Find(created.record.docker_id)->spec.auto_remove);
  engine_.Erase(created.record.docker_id);
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "destroy", kAlice, "once", clock_.Now()))
          .ok());
  EXPECT_FALSE(Record(kAlice, "once").has_value());
  EXPECT_EQ(Audit().back().action, "auto-remove");
  EXPECT_EQ(Audit().back().detail, "removed by the engine at its exit, as --rm asked; freed GPU 0");
}

TEST_F(ContainerServiceTest, AStartOutsideDs01IsReconciledWithTheLabelledGpu) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  engine_.SetStatus(created.record.docker_id, "running");
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "start", kAlice, "train", clock_.Now()))
          .ok());
  auto after = Record(kAlice, "train");
  EXPECT_EQ(after->record.state, ContainerState::kRunning);
  EXPECT_EQ(SlotIdsOf(*after), SlotIdsOf(created));
}

TEST_F(ContainerServiceTest, ACreateWithNoRecordIsAdoptedWithItsLabelledGpu) {
  docker::ContainerSpec spec;
  spec.name = "late._." + std::to_string(kAlice);
  spec.image = "busybox";
  spec.labels = {{"ds01.managed", "true"},
                 {"ds01.uid", std::to_string(kAlice)},
                 {"ds01.user", "alice"},
                 {"ds01.name", "late"},
                 {"ds01.gpu.slots", "1"}};
  auto id = engine_.Create(spec);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(service_->Follow(EventOf(*id, "create", kAlice, "late", clock_.Now())).ok());
  auto adopted = Record(kAlice, "late");
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(adopted->record.docker_id, *id);
  EXPECT_EQ(SlotIdsOf(*adopted), std::vector<std::string>{"1"});
}

TEST_F(ContainerServiceTest, TheCreateEventOfItsOwnContainerChangesNothing) {
  ContainerView created = CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(
      service_->Follow(EventOf(created.record.docker_id, "create", kAlice, "train", clock_.Now()))
          .ok());
  auto after = Record(kAlice, "train");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.state, created.record.state);
  EXPECT_EQ(after->record.id, created.record.id);
  EXPECT_EQ(SlotIdsOf(*after), SlotIdsOf(created));
}

TEST_F(ContainerServiceTest, StoppedContainersAreRemovedAfterTheirContainerHold) {
  limits_[kAlice].container_hold_after_stop = std::chrono::hours(1);
  limits_[kAlice].gpu_hold_after_stop = minutes(10);
  CreateOk(Alice(), Params("train"));
  ASSERT_TRUE(service_->Start(AliceActs(), kAlice, "train").ok());
  ASSERT_TRUE(service_->Stop(AliceActs(), kAlice, "train", seconds(1)).ok());
  auto next = service_->NextDeadline();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, clock_.Now() + minutes(10)) << "the GPU hold ends first";

  clock_.Advance(minutes(11));
  ASSERT_TRUE(service_->ExpireDue().ok());
  EXPECT_EQ(Record(kAlice, "train")->gpu_state(), "none");
  next = service_->NextDeadline();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, clock_.Now() + minutes(49)) << "then the container itself";

  clock_.Advance(minutes(50));
  ASSERT_TRUE(service_->ExpireDue().ok());
  EXPECT_FALSE(Record(kAlice, "train").has_value());
  EXPECT_EQ(engine_.size(), 0u);
  EXPECT_THAT(AuditActions(), ::testing::IsSupersetOf({"hold-expired", "container-expired"}));
  next = service_->NextDeadline();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

TEST_F(ContainerServiceTest, ReconcileAdoptsALabelledContainerTheRecordsLack) {
  docker::ContainerSpec orphan;
  orphan.name = "lost._.1000";
  orphan.labels = {{"ds01.managed", "true"},
                   {"ds01.uid", "1000"},
                   {"ds01.user", "alice"},
                   {"ds01.name", "lost"},
                   {"ds01.gpu.slots", "2"}};
  engine_.Put(orphan, "running");
  auto report = service_->Reconcile();
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->adopted.size(), 1u);
  auto adopted = Record(kAlice, "lost");
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(adopted->record.state, ContainerState::kRunning);
  EXPECT_EQ(SlotIdsOf(*adopted), std::vector<std::string>{"2"});
}

TEST_F(ContainerServiceTest, ConcurrentCreatesNeverShareAGpu) {
  constexpr int kUsers = 8;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int i = 0; i < kUsers * 3; ++i) {
    threads.emplace_back([&, i] {
      const uid_t uid = 2000 + i % kUsers;
      policy::Identity who{uid, uid, "user" + std::to_string(uid), {}};
      if (service_->Create(who, Params("c" + std::to_string(i))).ok()) ++created;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created, 4) << "four GPUs, one each";
  auto views = ContainerViews(*store_).List();
  ASSERT_TRUE(views.ok());
  std::set<std::string> uuids;
  for (const auto& view : *views) {
    for (const auto& slot : view.slots) EXPECT_TRUE(uuids.insert(slot.slot_uuid).second);
  }
  EXPECT_EQ(uuids.size(), 4u);
  EXPECT_EQ(engine_.size(), 4u) << "no container without a record";
}

}  // namespace
}  // namespace ds01::core
