// Seed 002's state model, walked by a real user against ds01d and the real engine with
// simulated GPUs: created → running ⇄ paused, running → stopped (GPU held) → running or
// released, → removed (GPU freed at once, workspace files kept).
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "docker/exec.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kHold{5};

class LifecycleTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override { config.gpu_hold_after_stop = "5s"; }

  // Creates `name` for user 1 from the base image with one GPU and returns its listing.
  nlohmann::json CreateWithGpu(std::string_view name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"container-create", std::string(name),
                                     "--image=" + std::string(kBaseImage), "--gpu=1"};
    args.insert(args.end(), extra.begin(), extra.end());
    CliOk(user(1), args);
    return Listed(user(1), name).value_or(nullptr);
  }

  // The engine's State.Status of user 1's container.
  std::string EngineStatus(std::string_view name) {
    Result<docker::ContainerInspect> inspect = InspectOf(user(1), name);
    return inspect.ok() ? inspect->state.status : "absent";
  }

  // The uuid of the GPU slot whose holder is `container`, from GET /v1/gpus as `who`.
  std::optional<std::string> SlotHeldBy(const TestUser& who, std::string_view container) {
    nlohmann::json gpus = Gpus(who);
    if (!gpus.is_object()) return std::nullopt;
    for (const auto& gpu : gpus.value("gpus", nlohmann::json::array())) {
      for (const auto& slot : gpu.value("slots", nlohmann::json::array())) {
        if (slot.contains("holder") && slot["holder"].is_object() &&
            slot["holder"].value("container", "") == container) {
          return slot.value("uuid", "");
        }
      }
    }
    return std::nullopt;
  }
};

TEST_F(LifecycleTest, CreateAllocatesAGpuAndTheEngineContainerCarriesIt) {
  nlohmann::json listed = CreateWithGpu("life");
  ASSERT_TRUE(listed.is_object()) << "container-list --all does not show 'life'";
  EXPECT_EQ(listed.value("state", ""), "created");
  EXPECT_EQ(listed.value("gpu_state", ""), "allocated");
  std::vector<std::string> uuids = GpuUuids(listed);
  ASSERT_EQ(uuids.size(), 1u) << listed.dump();
  const std::string& uuid = uuids[0];
  EXPECT_EQ(uuid.rfind("GPU-", 0), 0u) << uuid;
  EXPECT_TRUE(listed.value("simulated_gpus", false)) << listed.dump();

  Result<docker::ContainerInspect> inspect = InspectOf(user(1), "life");
  ASSERT_TRUE(inspect.ok()) << "the engine has no " << DockerName("life", user(1).uid) << ": "
                            << inspect.error().ToString();
  EXPECT_EQ(inspect->state.status, "created");
  EXPECT_EQ(inspect->labels["ds01.managed"], "true");
  EXPECT_EQ(inspect->labels["ds01.uid"], std::to_string(user(1).uid));
  EXPECT_EQ(inspect->labels["ds01.user"], user(1).name);
  EXPECT_EQ(inspect->labels["ds01.name"], "life");
  EXPECT_EQ(SplitList(inspect->labels["ds01.gpu.uuids"]), uuids);
  EXPECT_EQ(EnvValue(*inspect, "NVIDIA_VISIBLE_DEVICES"), uuid);
  EXPECT_EQ(EnvValue(*inspect, "CUDA_VISIBLE_DEVICES"), uuid);
  EXPECT_TRUE(inspect->device_requests.empty()) << "simulated GPUs get no device request";
  EXPECT_EQ(inspect->user, std::to_string(user(1).uid) + ":" + std::to_string(user(1).gid));
  EXPECT_EQ(inspect->memory_bytes, 512ll << 20) << "memory capped at the limit";
  EXPECT_EQ(inspect->nano_cpus, 1'000'000'000ll) << "CPUs capped at the limit";
  EXPECT_EQ(inspect->pids_limit, 512);
  EXPECT_EQ(SlotHeldBy(user(1), "life"), uuid) << "gpus shows the user's own holding";
}

TEST_F(LifecycleTest, PauseKeepsTheGpuWithNoTimeoutAndUnpauseResumes) {
  std::vector<std::string> uuids = GpuUuids(CreateWithGpu("life"));
  ASSERT_EQ(uuids.size(), 1u);
  CliOk(user(1), {"container-start", "life"});
  EXPECT_EQ(EngineStatus("life"), "running");
  EXPECT_EQ(Listed(user(1), "life").value_or(nullptr).value("state", ""), "running");

  CliOk(user(1), {"container-pause", "life"});
  // The engine records a pause a moment after it answers (engine_test::StatusSoon).
  EXPECT_TRUE(
      Eventually([&] { return EngineStatus("life") == "paused"; }, seconds(2), milliseconds(10)))
      << EngineStatus("life");
  std::this_thread::sleep_for(kHold + seconds(1));  // past the stop hold: pause has none
  std::optional<nlohmann::json> paused = Listed(user(1), "life");
  ASSERT_TRUE(paused.has_value());
  EXPECT_EQ(paused->value("state", ""), "paused");
  EXPECT_EQ(paused->value("gpu_state", ""), "allocated");
  EXPECT_EQ(GpuUuids(*paused), uuids);

  CliOk(user(1), {"container-unpause", "life"});
  EXPECT_TRUE(
      Eventually([&] { return EngineStatus("life") == "running"; }, seconds(2), milliseconds(10)))
      << EngineStatus("life");
  std::optional<nlohmann::json> resumed = Listed(user(1), "life");
  ASSERT_TRUE(resumed.has_value());
  EXPECT_EQ(resumed->value("state", ""), "running");
  EXPECT_EQ(GpuUuids(*resumed), uuids);
}

TEST_F(LifecycleTest, StopHoldsTheGpuAndARestartInsideTheHoldGetsTheSameOne) {
  std::vector<std::string> uuids = GpuUuids(CreateWithGpu("life"));
  ASSERT_EQ(uuids.size(), 1u);
  CliOk(user(1), {"container-start", "life"});
  Result<docker::ContainerInspect> before = InspectOf(user(1), "life");
  ASSERT_TRUE(before.ok());

  CliOk(user(1), {"container-stop", "life", "--time=1"});
  EXPECT_EQ(EngineStatus("life"), "exited");
  std::optional<nlohmann::json> stopped = Listed(user(1), "life");
  ASSERT_TRUE(stopped.has_value());
  EXPECT_EQ(stopped->value("state", ""), "stopped");
  EXPECT_EQ(stopped->value("gpu_state", ""), "held");
  EXPECT_TRUE(stopped->contains("hold_expires_at") && stopped->at("hold_expires_at").is_string())
      << stopped->dump();
  EXPECT_EQ(GpuUuids(*stopped), uuids);
  EXPECT_EQ(SlotHeldBy(user(1), "life"), uuids[0]) << "the held GPU is still the user's";
  ProcessResult gpus = CliOk(user(1), {"gpus"});
  EXPECT_NE(gpus.out.find("life"), std::string::npos) << "gpus names the holder\n" << gpus.out;

  // Another user asking now gets some other GPU: the held one is not free.
  CliOk(user(2), {"container-create", "other", "--image=" + std::string(kBaseImage), "--gpu=1"});
  std::optional<nlohmann::json> other = Listed(user(2), "other");
  ASSERT_TRUE(other.has_value());
  ASSERT_EQ(GpuUuids(*other).size(), 1u);
  EXPECT_NE(GpuUuids(*other)[0], uuids[0]);

  CliOk(user(1), {"container-start", "life"});
  std::optional<nlohmann::json> restarted = Listed(user(1), "life");
  ASSERT_TRUE(restarted.has_value());
  EXPECT_EQ(restarted->value("state", ""), "running");
  EXPECT_EQ(restarted->value("gpu_state", ""), "allocated");
  EXPECT_EQ(GpuUuids(*restarted), uuids);
  Result<docker::ContainerInspect> after = InspectOf(user(1), "life");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state.status, "running");
  EXPECT_EQ(EnvValue(*after, "NVIDIA_VISIBLE_DEVICES"), uuids[0]);
  EXPECT_EQ(after->labels["ds01.gpu.uuids"], before->labels["ds01.gpu.uuids"]);
}

TEST_F(LifecycleTest, TheHoldExpiresAndReleasesTheGpuThenStartAllocatesAgain) {
  std::vector<std::string> uuids = GpuUuids(CreateWithGpu("life"));
  ASSERT_EQ(uuids.size(), 1u);
  CliOk(user(1), {"container-start", "life"});
  CliOk(user(1), {"container-stop", "life", "--time=1"});
  auto stopped_at = std::chrono::steady_clock::now();

  bool released = Eventually(
      [&] {
        std::optional<nlohmann::json> listed = Listed(user(1), "life");
        return listed.has_value() && listed->value("gpu_state", "") == "none";
      },
      kHold + seconds(5), milliseconds(250));
  auto waited = std::chrono::steady_clock::now() - stopped_at;
  ASSERT_TRUE(released) << "the hold did not end within " << (kHold + seconds(5)).count() << " s";
  EXPECT_GE(waited, kHold - seconds(1)) << "released before gpu_hold_after_stop passed";
  std::optional<nlohmann::json> listed = Listed(user(1), "life");
  ASSERT_TRUE(listed.has_value()) << "the stopped container itself stays";
  EXPECT_EQ(listed->value("state", ""), "stopped");
  EXPECT_TRUE(GpuUuids(*listed).empty()) << listed->dump();
  EXPECT_EQ(SlotHeldBy(user(1), "life"), std::nullopt) << "no slot is held for it any more";

  CliOk(user(1), {"container-start", "life"});
  std::optional<nlohmann::json> again = Listed(user(1), "life");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->value("state", ""), "running");
  EXPECT_EQ(again->value("gpu_state", ""), "allocated");
  std::vector<std::string> now = GpuUuids(*again);
  ASSERT_EQ(now.size(), 1u);
  Result<docker::ContainerInspect> inspect = InspectOf(user(1), "life");
  ASSERT_TRUE(inspect.ok()) << inspect.error().ToString();
  EXPECT_EQ(inspect->state.status, "running");
  EXPECT_EQ(EnvValue(*inspect, "NVIDIA_VISIBLE_DEVICES"), now[0])
      << "the container sees the GPU its record names";
  EXPECT_EQ(SplitList(inspect->labels["ds01.gpu.uuids"]), now);
}

TEST_F(LifecycleTest, RemoveFreesTheGpuAtOnceAndKeepsTheWorkspaceFiles) {
  std::string project_dir = user(1).workspace + "/thesis";
  ProcessSpec prepare;
  prepare.path = "/bin/sh";
  prepare.argv = {"sh", "-c",
                  "mkdir -p '" + project_dir + "' && echo notes > '" + project_dir + "/notes.txt'"};
  prepare.as = user(1).credentials();
  Result<ProcessResult> prepared = RunProcess(prepare);
  ASSERT_TRUE(prepared.ok() && prepared->exit_code == 0);

  std::vector<std::string> uuids = GpuUuids(CreateWithGpu("thesis", {"--project=thesis"}));
  ASSERT_EQ(uuids.size(), 1u);
  CliOk(user(1), {"container-start", "thesis"});
  Result<docker::ContainerInspect> inspect = InspectOf(user(1), "thesis");
  ASSERT_TRUE(inspect.ok());
  docker::ExecApi exec(engine().engine());
  docker::ExecSpec command;
  command.cmd = {"sh", "-c", "cat /workspace/notes.txt && id -u > /workspace/inside"};
  Result<docker::ExecResult> inside = exec.Run(inspect->id, command);
  ASSERT_TRUE(inside.ok()) << inside.error().ToString();
  EXPECT_EQ(inside->exit_code, 0) << inside->err;
  EXPECT_EQ(inside->out, "notes\n") << "the project workspace is mounted at /workspace";

  CliOk(user(1), {"container-remove", "thesis", "--stop"});
  EXPECT_EQ(SlotHeldBy(user(1), "thesis"), std::nullopt) << "freed at once, not after the hold";
  EXPECT_FALSE(Listed(user(1), "thesis").has_value());
  Result<bool> exists = engine().Exists(DockerName("thesis", user(1).uid));
  ASSERT_TRUE(exists.ok());
  EXPECT_FALSE(*exists) << "the engine's container is gone";

  std::ifstream notes(project_dir + "/notes.txt");
  std::string text;
  std::getline(notes, text);
  EXPECT_EQ(text, "notes") << "workspace files survive container-remove";
  struct stat info {};
  ASSERT_EQ(stat((project_dir + "/inside").c_str(), &info), 0) << "written from inside";
  EXPECT_EQ(info.st_uid, user(1).uid) << "the container's process ran as the user";
}

TEST_F(LifecycleTest, RemovingARunningContainerIsRefusedWithTheFix) {
  CreateWithGpu("busy");
  CliOk(user(1), {"container-start", "busy"});
  ProcessResult refused = Cli(user(1), {"container-remove", "busy"});
  EXPECT_EQ(refused.exit_code, 4) << refused.Describe();
  EXPECT_NE(refused.err.find("Cannot remove running container busy: stop it first, or use --stop"),
            std::string::npos)
      << refused.Describe();
  EXPECT_EQ(EngineStatus("busy"), "running") << "a refused remove changes nothing";
  EXPECT_EQ(Listed(user(1), "busy").value_or(nullptr).value("gpu_state", ""), "allocated");
}

TEST_F(LifecycleTest, TheCanonicalFormWalksTheSameStates) {
  CliOk(user(1),
        {"ds01", "container", "create", "canon", "--image=" + std::string(kBaseImage), "--gpu=0"});
  EXPECT_EQ(EngineStatus("canon"), "created");
  CliOk(user(1), {"ds01", "container", "start", "canon"});
  EXPECT_EQ(EngineStatus("canon"), "running");
  CliOk(user(1), {"ds01", "container", "stop", "canon", "--time=1"});
  EXPECT_EQ(EngineStatus("canon"), "exited");
  std::optional<nlohmann::json> listed = Listed(user(1), "canon");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->value("gpu_state", ""), "none") << "a CPU-only container holds no GPU";
  CliOk(user(1), {"ds01", "container", "remove", "canon"});
  EXPECT_EQ(EngineStatus("canon"), "absent");
}

}  // namespace
}  // namespace ds01::e2e
