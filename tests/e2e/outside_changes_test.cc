// Changes made behind ds01d's back — root using the engine directly, a process that exits on
// its own, a create sent by a ds01d that died — reach its records through the engine's
// events within two seconds.
#include <chrono>

#include "docker/containers.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kPromptly{2};

class OutsideChangesTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override { config.gpu_hold_after_stop = "1h"; }

  // Creates and starts user 1's `name` with one GPU; returns its Docker name.
  std::string RunningWithGpu(const std::string& name, std::string_view image = kBaseImage) {
    CliOk(user(1), {"container-create", name, "--image=" + std::string(image), "--gpu=1"});
    CliOk(user(1), {"container-start", name});
    return DockerName(name, user(1).uid);
  }

  // True once user 1's listing of `name` has `state` and `gpu_state`, polled for 2 s.
  bool SoonListedAs(const std::string& name, const std::string& state,
                    const std::string& gpu_state) {
    return Eventually(
        [&] {
          std::optional<nlohmann::json> listed = Listed(user(1), name);
          return listed.has_value() && listed->value("state", "") == state &&
                 listed->value("gpu_state", "") == gpu_state;
        },
        kPromptly, milliseconds(50));
  }
};

TEST_F(OutsideChangesTest, DockerStopAsRootBecomesAHoldWithinTwoSeconds) {
  std::string docker_name = RunningWithGpu("outside");
  std::vector<std::string> uuids = GpuUuids(Listed(user(1), "outside").value_or(nullptr));
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Stop(docker_name, seconds(1)).ok());
  EXPECT_TRUE(SoonListedAs("outside", "stopped", "held"))
      << "after docker stop: " << Listed(user(1), "outside").value_or(nullptr).dump();
  EXPECT_EQ(GpuUuids(Listed(user(1), "outside").value_or(nullptr)), uuids)
      << "the hold keeps the same GPU";
}

TEST_F(OutsideChangesTest, AProcessThatExitsOnItsOwnBecomesAHold) {
  // The app image's command prints a line and exits.
  RunningWithGpu("oneshot", kAppImage);
  EXPECT_TRUE(SoonListedAs("oneshot", "stopped", "held"))
      << Listed(user(1), "oneshot").value_or(nullptr).dump();
}

TEST_F(OutsideChangesTest, DockerKillAsRootBecomesAHold) {
  std::string docker_name = RunningWithGpu("killed");
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Kill(docker_name).ok());
  EXPECT_TRUE(SoonListedAs("killed", "stopped", "held"))
      << Listed(user(1), "killed").value_or(nullptr).dump();
}

TEST_F(OutsideChangesTest, DockerPauseAndUnpauseAsRootAreSeen) {
  std::string docker_name = RunningWithGpu("frozen");
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Pause(docker_name).ok());
  EXPECT_TRUE(SoonListedAs("frozen", "paused", "allocated"));
  ASSERT_TRUE(containers.Unpause(docker_name).ok());
  EXPECT_TRUE(SoonListedAs("frozen", "running", "allocated"));
}

TEST_F(OutsideChangesTest, DockerRemoveAsRootReleasesTheGpuAtOnce) {
  std::string docker_name = RunningWithGpu("vanished");
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Remove(docker_name, {.force = true, .volumes = false}).ok());
  EXPECT_TRUE(Eventually([&] { return !Listed(user(1), "vanished").has_value(); }, kPromptly,
                         milliseconds(50)))
      << "the record outlived the container";
  nlohmann::json gpus = Gpus(admin());
  for (const auto& gpu : gpus.value("gpus", nlohmann::json::array())) {
    for (const auto& slot : gpu.value("slots", nlohmann::json::array())) {
      EXPECT_FALSE(slot.contains("holder") && slot["holder"].is_object()) << slot.dump();
    }
  }
}

TEST_F(OutsideChangesTest, ADockerStartAsRootOfAStoppedContainerIsSeen) {
  std::string docker_name = RunningWithGpu("revived");
  CliOk(user(1), {"container-stop", "revived", "--time=1"});
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Start(docker_name).ok());
  EXPECT_TRUE(SoonListedAs("revived", "running", "allocated"))
      << Listed(user(1), "revived").value_or(nullptr).dump();
}

// What a ds01d killed during a create leaves behind: its docker create lands in the engine
// after the restarted ds01d reconciled, so no record and no reconcile will ever name it.
TEST_F(OutsideChangesTest, AManagedContainerCreatedWithNoRecordIsAdoptedWithItsGpu) {
  docker::ContainerSpec spec;
  spec.name = DockerName("late", user(1).uid);
  spec.image = std::string(kBaseImage);
  spec.cmd = {"sleep", "3600"};
  spec.labels = {{"ds01.managed", "true"},     {"ds01.uid", std::to_string(user(1).uid)},
                 {"ds01.user", user(1).name},  {"ds01.name", "late"},
                 {"ds01.interface", "atomic"}, {"ds01.gpu.slots", "3"}};
  docker::ContainerApi containers(engine().engine());
  ASSERT_TRUE(containers.Create(spec).ok());
  EXPECT_TRUE(SoonListedAs("late", "stopped", "held"))
      << Listed(user(1), "late").value_or(nullptr).dump();
  CliOk(user(1), {"container-remove", "late"});
  Result<bool> left = engine().Exists(spec.name);
  ASSERT_TRUE(left.ok()) << left.error().ToString();
  EXPECT_FALSE(*left) << "container-remove left the adopted container in the engine";
}

}  // namespace
}  // namespace ds01::e2e
