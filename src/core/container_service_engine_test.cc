// The container service against the real engine: what it creates is checked with the engine's
// own inspect, and every failure path is checked for leftovers on both sides.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/container_name.h"
#include "core/container_service.h"
#include "core/docker_container_engine.h"
#include "core/test_support.h"
#include "docker/containers.h"
#include "docker/exec.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::core {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using store::ContainerState;
using ::testing::HasSubstr;

constexpr uid_t kUid = 4242;

class ContainerServiceEngineTest : public engine_test::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    std::filesystem::permissions(db_.dir(), std::filesystem::perms::all &
                                                ~std::filesystem::perms::group_write &
                                                ~std::filesystem::perms::others_write);
    users_.Add(policy::Identity{kUid, kUid, "tester", {}});
    home_ = db_.dir() / "home";
    std::filesystem::create_directories(home_ / "tester" / "thesis");
    std::ofstream(home_ / "tester" / "thesis" / "notes.txt") << "notes\n";
    policy::Config config;
    config.images.allowed = {"ds01-test/*"};
    config.workspaces.root = (home_ / "{user}").string();
    config.security.allow_capabilities = true;
    config_ = std::make_unique<policy::ConfigHolder>(std::move(config));
    engine_ = std::make_unique<DockerContainerEngine>(engine());
    std::vector<gpu::Slot> inventory = {WholeGpu(0), WholeGpu(1)};
    LimitsFor limits = [](uid_t) {
      policy::Limits limits;
      limits.max_gpus = 2;
      limits.memory_bytes = 256ull << 20;
      limits.cpus = 1;
      limits.pids_limit = 256;
      limits.shm_size_bytes = 32ull << 20;
      return limits;
    };
    allocator_ = std::make_unique<Allocator>(*store_, inventory, limits, clock_);
    reconciler_ = std::make_unique<Reconciler>(*store_, inventory, limits, clock_,
                                               ReconcilerOptions{seconds(0)});
    stager_ = std::make_unique<BindStager>(db_.dir() / "mounts", users_);
    service_ = std::make_unique<ContainerService>(*store_, *allocator_, *reconciler_, *engine_,
                                                  *stager_, *config_, validator_, limits, clock_);
  }

  // A unique container name, its Docker container (and any replacement) removed after the test.
  std::string Name(std::string_view purpose) {
    std::string name = engine_test::UniqueName(purpose);
    cleanup().Container(DockerName(name, kUid));
    cleanup().Container(DockerName(name, kUid) + "._.next");
    return name;
  }

  CreateParams Params(std::string name) {
    CreateParams params;
    params.name = std::move(name);
    params.image = std::string(engine_test::kBaseImage);
    return params;
  }

  docker::ContainerInspect Inspect(const std::string& name) {
    auto inspect = docker::ContainerApi(engine()).Inspect(DockerName(name, kUid));
    EXPECT_TRUE(inspect.ok()) << inspect.error().ToString();
    return inspect.ok() ? *inspect : docker::ContainerInspect{};
  }

  std::string EnvOf(const docker::ContainerInspect& inspect, const std::string& key) {
    for (const std::string& entry : inspect.env) {
      if (entry.rfind(key + "=", 0) == 0) return entry.substr(key.size() + 1);
    }
    return "<unset>";
  }

  std::optional<ContainerView> Record(const std::string& name) {
    auto found = ContainerViews(*store_).Find(kUid, name);
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::nullopt;
  }

  static policy::Identity Tester() { return {kUid, kUid, "tester", {}}; }
  static Actor TesterActs() { return Actor{kUid, "tester"}; }

  store::TestDatabase db_;
  std::filesystem::path home_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  std::unique_ptr<policy::ConfigHolder> config_;
  policy::RequestValidator validator_{policy::ProtectedSockets{}};
  std::unique_ptr<DockerContainerEngine> engine_;
  std::unique_ptr<Allocator> allocator_;
  std::unique_ptr<Reconciler> reconciler_;
  policy::FixedUserDirectory users_;
  std::unique_ptr<BindStager> stager_;
  std::unique_ptr<ContainerService> service_;
};

TEST_F(ContainerServiceEngineTest, CreateMakesTheContainerWithLabelsEnvUserWorkspaceAndCaps) {
  const std::string name = Name("create");
  CreateParams params = Params(name);
  params.project = "thesis";
  auto view = service_->Create(Tester(), params);
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  ASSERT_EQ(view->slots.size(), 1u);
  const std::string uuid = view->slots[0].slot_uuid;

  docker::ContainerInspect inspect = Inspect(name);
  EXPECT_EQ(inspect.id, view->record.docker_id);
  EXPECT_EQ(inspect.state.status, "created");
  EXPECT_EQ(inspect.labels["ds01.managed"], "true");
  EXPECT_EQ(inspect.labels["ds01.uid"], "4242");
  EXPECT_EQ(inspect.labels["ds01.user"], "tester");
  EXPECT_EQ(inspect.labels["ds01.name"], name);
  EXPECT_EQ(inspect.labels["ds01.project"], "thesis");
  EXPECT_EQ(inspect.labels["ds01.interface"], "atomic");
  EXPECT_EQ(inspect.labels["ds01.gpu.slots"], view->slots[0].slot_id);
  EXPECT_EQ(inspect.labels["ds01.gpu.uuids"], uuid);
  EXPECT_FALSE(inspect.labels["ds01.created_at"].empty());
  EXPECT_EQ(EnvOf(inspect, "NVIDIA_VISIBLE_DEVICES"), uuid);
  EXPECT_EQ(EnvOf(inspect, "CUDA_VISIBLE_DEVICES"), uuid);
  EXPECT_TRUE(inspect.device_requests.empty());
  EXPECT_EQ(inspect.user, "4242:4242");
  EXPECT_TRUE(inspect.binds.empty());
  ASSERT_EQ(inspect.mounts.size(), 1u);
  EXPECT_EQ(inspect.mounts[0].type, "bind");
  EXPECT_EQ(inspect.mounts[0].source, stager_->StagingPath(kUid, name, 0));
  EXPECT_EQ(inspect.mounts[0].target, "/workspace");
  EXPECT_EQ(inspect.working_dir, "/workspace");
  EXPECT_EQ(inspect.memory_bytes, 256ll << 20);
  EXPECT_EQ(inspect.nano_cpus, 1'000'000'000);
  EXPECT_EQ(inspect.pids_limit, 256);
  EXPECT_EQ(inspect.shm_size_bytes, 32ll << 20);
  EXPECT_EQ(inspect.cmd, IdleCommand()) << "the base image has no Cmd";
  EXPECT_EQ(inspect.raw["HostConfig"]["SecurityOpt"],
            nlohmann::json::array({"no-new-privileges:true"}));
}

TEST_F(ContainerServiceEngineTest, IsolationOptionsTheConfigAllowsReachTheContainer) {
  const std::string name = Name("isolation");
  CreateParams params = Params(name);
  params.options.cap_add = {"SYS_PTRACE"};
  params.options.ipc_mode = "shareable";
  auto view = service_->Create(Tester(), params);
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  docker::ContainerInspect inspect = Inspect(name);
  EXPECT_EQ(inspect.raw["HostConfig"]["CapAdd"], nlohmann::json::array({"SYS_PTRACE"}));
  EXPECT_EQ(inspect.raw["HostConfig"]["IpcMode"], "shareable");
  EXPECT_EQ(inspect.raw["HostConfig"]["Privileged"], false);
}

TEST_F(ContainerServiceEngineTest, AFailingDockerCreateUndoesTheAllocation) {
  const std::string name = Name("undo");
  docker::ContainerSpec squatter;
  squatter.name = DockerName(name, kUid);
  squatter.image = std::string(engine_test::kBaseImage);
  squatter.cmd = {"true"};
  ASSERT_TRUE(docker::ContainerApi(engine()).Create(squatter).ok());

  auto failed = service_->Create(Tester(), Params(name));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(Record(name).has_value()) << "no allocation without a container";
  auto views = ContainerViews(*store_).List();
  ASSERT_TRUE(views.ok());
  EXPECT_TRUE(views->empty());
  EXPECT_TRUE(Inspect(name).labels.empty()) << "the squatter is untouched, not relabelled";
}

TEST_F(ContainerServiceEngineTest, StartStopAndARestartInsideTheHoldKeepTheSameSlots) {
  const std::string name = Name("cycle");
  auto created = service_->Create(Tester(), Params(name));
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  auto started = service_->Start(TesterActs(), kUid, name);
  ASSERT_TRUE(started.ok()) << started.error().ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Inspect(name).state.status, "running") << "the idle command keeps it up";

  const auto before = std::chrono::steady_clock::now();
  auto stopped = service_->Stop(TesterActs(), kUid, name, seconds(10));
  ASSERT_TRUE(stopped.ok()) << stopped.error().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - before, seconds(5))
      << "the idle command exits at once on SIGTERM";
  EXPECT_EQ(Inspect(name).state.status, "exited");
  EXPECT_EQ(stopped->gpu_state(), "held");

  clock_.Advance(minutes(5));
  auto restarted = service_->Start(TesterActs(), kUid, name);
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  ASSERT_EQ(restarted->slots.size(), 1u);
  EXPECT_EQ(restarted->slots[0].slot_id, created->slots[0].slot_id);
  EXPECT_EQ(Inspect(name).state.status, "running");

  auto paused = service_->Pause(TesterActs(), kUid, name);
  ASSERT_TRUE(paused.ok()) << paused.error().ToString();
  EXPECT_EQ(engine_test::StatusSoon(engine(), DockerName(name, kUid), "paused"), "paused");
  auto stopped_paused = service_->Stop(TesterActs(), kUid, name, seconds(10));
  ASSERT_TRUE(stopped_paused.ok()) << stopped_paused.error().ToString();
  EXPECT_EQ(Inspect(name).state.status, "exited");
}

TEST_F(ContainerServiceEngineTest, AStartAfterTheHoldExpiredRecreatesTheContainerWithTheNewGpu) {
  const std::string name = Name("regpu");
  const std::string other = Name("taker");
  auto created = service_->Create(Tester(), Params(name));
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(service_->Start(TesterActs(), kUid, name).ok());
  ASSERT_TRUE(service_->Stop(TesterActs(), kUid, name, seconds(5)).ok());
  clock_.Advance(minutes(16));
  ASSERT_TRUE(service_->ExpireDue().ok());
  auto taker = service_->Create(Tester(), Params(other));  // takes the freed GPU 0
  ASSERT_TRUE(taker.ok()) << taker.error().ToString();
  ASSERT_EQ(taker->slots.at(0).slot_id, created->slots.at(0).slot_id);

  auto restarted = service_->Start(TesterActs(), kUid, name);
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  ASSERT_EQ(restarted->slots.size(), 1u);
  const gpu::Slot expected = WholeGpu(1);
  EXPECT_EQ(restarted->slots[0].slot_id, expected.id);
  docker::ContainerInspect inspect = Inspect(name);
  EXPECT_EQ(inspect.id, restarted->record.docker_id);
  EXPECT_NE(inspect.id, created->record.docker_id);
  EXPECT_EQ(inspect.state.status, "running");
  EXPECT_EQ(EnvOf(inspect, "NVIDIA_VISIBLE_DEVICES"), expected.uuid);
  EXPECT_EQ(inspect.labels["ds01.gpu.uuids"], expected.uuid);
  EXPECT_EQ(inspect.labels["ds01.name"], name);
  EXPECT_EQ(inspect.user, "4242:4242");
  EXPECT_EQ(inspect.memory_bytes, 256ll << 20);
  EXPECT_EQ(inspect.raw["HostConfig"]["SecurityOpt"],
            nlohmann::json::array({"no-new-privileges:true"}));
  auto old = docker::ContainerApi(engine()).Inspect(created->record.docker_id);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, ErrorCode::kNotFound);
}

TEST_F(ContainerServiceEngineTest, RemoveFreesTheGpuAndDeletesTheContainerButNotTheWorkspace) {
  const std::string name = Name("remove");
  CreateParams params = Params(name);
  params.project = "thesis";
  ASSERT_TRUE(service_->Create(Tester(), params).ok());
  ASSERT_TRUE(service_->Start(TesterActs(), kUid, name).ok());
  Status refused = service_->Remove(TesterActs(), kUid, name, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "Cannot remove running container " + name + ": stop it first, or use --stop");
  Status removed = service_->Remove(TesterActs(), kUid, name, true);
  ASSERT_TRUE(removed.ok()) << removed.error().ToString();
  EXPECT_FALSE(Record(name).has_value());
  auto gone = docker::ContainerApi(engine()).Inspect(DockerName(name, kUid));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(std::filesystem::exists(home_ / "tester" / "thesis" / "notes.txt"));
}

TEST_F(ContainerServiceEngineTest, TheStartedContainerHasTheWorkspaceThroughItsStagedMountOnly) {
  const std::string name = Name("staged");
  CreateParams params = Params(name);
  params.project = "thesis";
  ASSERT_EQ(chown((home_ / "tester" / "thesis").c_str(), kUid, kUid), 0);
  ASSERT_TRUE(service_->Create(Tester(), params).ok());
  const std::string staged = stager_->StagingPath(kUid, name, 0);
  EXPECT_TRUE(std::filesystem::is_empty(staged)) << "only a placeholder until a start";
  for (int round = 0; round < 2; ++round) {
    auto started = service_->Start(TesterActs(), kUid, name);
    ASSERT_TRUE(started.ok()) << started.error().ToString();
    docker::ExecSpec read;
    read.cmd = {"cat", "/workspace/notes.txt"};
    auto ran = docker::ExecApi(engine()).Run(DockerName(name, kUid), read);
    ASSERT_TRUE(ran.ok()) << ran.error().ToString();
    EXPECT_EQ(ran->out, "notes\n");
    docker::ExecSpec write;
    write.cmd = {"sh", "-c", "echo from-container > /workspace/out.txt"};
    auto wrote = docker::ExecApi(engine()).Run(DockerName(name, kUid), write);
    ASSERT_TRUE(wrote.ok());
    EXPECT_EQ(wrote->exit_code, 0) << wrote->err;
    EXPECT_TRUE(std::filesystem::is_empty(staged)) << "the host keeps no mount after the start";
    ASSERT_TRUE(service_->Stop(TesterActs(), kUid, name, seconds(5)).ok());
  }
  std::ifstream out(home_ / "tester" / "thesis" / "out.txt");
  std::string line;
  std::getline(out, line);
  EXPECT_EQ(line, "from-container");
}

TEST_F(ContainerServiceEngineTest, ReconcileFollowsAContainerStoppedOutsideDs01) {
  const std::string name = Name("outside");
  ASSERT_TRUE(service_->Create(Tester(), Params(name)).ok());
  ASSERT_TRUE(service_->Start(TesterActs(), kUid, name).ok());
  ASSERT_TRUE(docker::ContainerApi(engine()).Stop(DockerName(name, kUid), seconds(5)).ok());
  auto report = service_->Reconcile();
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  auto after = Record(name);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->record.state, ContainerState::kStopped);
  EXPECT_EQ(after->gpu_state(), "held");
}

}  // namespace
}  // namespace ds01::core
