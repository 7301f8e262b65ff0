#include "cli/output/limits_view.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using State = api::ContainerState;
using testing::MakeCallerLimits;
using testing::MakeContainer;
using testing::MinutesFromStart;

const Clock::TimePoint kNow = MinutesFromStart(0);

// alice's containers: "train" runs on GPU 0; "old" stopped 15 minutes ago and keeps GPU 1 for
// 30 more minutes.
std::vector<api::Container> AlicesContainers() {
  api::Container old = MakeContainer("old", State::kStopped, "1");
  old.stopped_at = MinutesFromStart(-15);
  old.hold_expires_at = MinutesFromStart(30);
  return {MakeContainer("train", State::kRunning, "0"), old};
}

std::string Render(const api::CallerLimits& caller, const std::vector<api::Container>& containers,
                   OutputFormat format) {
  std::ostringstream out;
  RenderLimits(out, caller, containers, format, kNow);
  return out.str();
}

TEST(RenderLimits, TheTableShowsEachLimitBesideItsUseThenEachHold) {
  EXPECT_EQ(Render(MakeCallerLimits(), AlicesContainers(), OutputFormat::kTable),
            "Limits of alice (uid 1001)\n"
            "max_gpus                    2 GPU-equivalents (2 in use)\n"
            "max_gpus_per_container      1\n"
            "allow_full_gpu              yes\n"
            "max_containers              3 (2 in use, 1 running)\n"
            "memory                      32.0GiB per container\n"
            "cpus                        8 per container\n"
            "shm_size                    16.0GiB per container\n"
            "pids_limit                  4096 per container\n"
            "gpu_hold_after_stop         15m\n"
            "container_hold_after_stop   1d 0h\n"
            "idle_timeout                2h 0m\n"
            "max_runtime                 none\n"
            "max_stop_time               5m\n"
            "log_size                    100.0MiB per container\n"
            "\n"
            "CONTAINER   STATE     GPU     GPU HOLD         REMOVED IN\n"
            "train       running   GPU-0   allocated        -\n"
            "old         stopped   GPU-1   held, 30m left   23h 45m\n");
}

TEST(RenderLimits, ZeroHoldsActAtStopAndZeroTimeoutsAreNone) {
  api::CallerLimits caller = MakeCallerLimits();
  caller.limits.gpu_hold_after_stop_seconds = 0;
  caller.limits.container_hold_after_stop_seconds = 0;
  caller.limits.idle_timeout_seconds = 0;
  caller.limits.allow_full_gpu = false;
  caller.limits.max_gpus_per_container = 3.0 / 7;
  const std::string table = Render(caller, {}, OutputFormat::kTable);
  EXPECT_NE(table.find("gpu_hold_after_stop         0s (GPUs freed at stop)\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("container_hold_after_stop   0s (removed at stop)\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("idle_timeout                none\n"), std::string::npos) << table;
  EXPECT_NE(table.find("allow_full_gpu              no (MIG instances only)\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("max_gpus_per_container      0.43\n"), std::string::npos) << table;
}

TEST(RenderLimits, WithNothingHeldTheTableSaysSo) {
  const std::string table = Render(MakeCallerLimits(), {}, OutputFormat::kTable);
  EXPECT_TRUE(
      table.ends_with("log_size                    100.0MiB per container\n"
                      "\n"
                      "Nothing held: no container of yours holds a GPU or waits to be removed.\n"))
      << table;
}

TEST(RenderLimits, AnAdminSeesOnlyTheirOwnHolds) {
  api::CallerLimits caller = MakeCallerLimits();
  caller.admin = true;
  std::vector<api::Container> everyone = AlicesContainers();
  everyone.push_back(MakeContainer("bobs", State::kRunning, "2", {1002, "bob"}));
  const std::string table = Render(caller, everyone, OutputFormat::kTable);
  EXPECT_TRUE(table.starts_with("Limits of alice (uid 1001, admin)\n")) << table;
  EXPECT_EQ(table.find("bobs"), std::string::npos) << table;
}

TEST(HoldingContainers, AreThoseWithGpusAndTheStoppedOnes) {
  api::Container released = MakeContainer("released", State::kStopped, "3");
  released.gpu_state = "none";
  const std::vector<api::Container> containers{
      MakeContainer("paused", State::kPaused, "0"), MakeContainer("cpu-only", State::kRunning, ""),
      MakeContainer("created", State::kCreated, "1"), released,
      MakeContainer("bobs", State::kStopped, "2", {1002, "bob"})};
  std::vector<std::string> names;
  for (const api::Container& container : HoldingContainers(containers, 1001)) {
    names.push_back(container.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"paused", "created", "released"}));
}

TEST(RemovalTime, IsTheStopPlusTheContainerHoldForStoppedContainersOnly) {
  api::Container stopped = MakeContainer("old", State::kStopped, "1");
  stopped.stopped_at = MinutesFromStart(-15);
  EXPECT_EQ(RemovalTime(stopped, std::chrono::hours(1)), MinutesFromStart(45));
  stopped.stopped_at.reset();
  EXPECT_EQ(RemovalTime(stopped, std::chrono::hours(1)), std::nullopt);
  EXPECT_EQ(RemovalTime(MakeContainer("train", State::kRunning), std::chrono::hours(1)),
            std::nullopt);
}

TEST(RenderLimits, JsonIsOneObjectOfLimitsUsageAndHolds) {
  const api::CallerLimits caller = MakeCallerLimits();
  const auto json = nlohmann::json::parse(Render(caller, AlicesContainers(), OutputFormat::kJson));
  EXPECT_EQ(json.size(), 3U) << json.dump(2);
  EXPECT_EQ(json.at("limits"), nlohmann::json(caller.limits));
  EXPECT_EQ(json.at("usage"), nlohmann::json(caller.usage));
  ASSERT_EQ(json.at("holds").size(), 2U);
  EXPECT_EQ(
      json["holds"][0],
      (nlohmann::json{
          {"name", "train"},
          {"state", "running"},
          {"gpu_state", "allocated"},
          {"gpus", {{{"slot", "0"}, {"uuid", "GPU-0"}, {"mig_profile", ""}, {"weight", 1.0}}}},
          {"hold_expires_at", nullptr},
          {"container_hold_expires_at", nullptr}}));
  EXPECT_EQ(json["holds"][1]["gpu_state"], "held");
  EXPECT_EQ(json["holds"][1]["hold_expires_at"], "2024-01-01T00:30:00.000Z");
  EXPECT_EQ(json["holds"][1]["container_hold_expires_at"], "2024-01-01T23:45:00.000Z");
}

TEST(RenderLimits, JsonHoldsAreAnEmptyArrayWhenNothingIsHeld) {
  const auto json = nlohmann::json::parse(Render(MakeCallerLimits(), {}, OutputFormat::kJson));
  EXPECT_EQ(json.at("holds"), nlohmann::json::array());
}

TEST(RenderLimits, SimpleIsKeyValueLinesInWireUnitsThenOneLinePerHold) {
  EXPECT_EQ(Render(MakeCallerLimits(), AlicesContainers(), OutputFormat::kSimple),
            "user alice\n"
            "uid 1001\n"
            "admin false\n"
            "allow_full_gpu true\n"
            "container_hold_after_stop_seconds 86400\n"
            "cpus 8.0\n"
            "gpu_hold_after_stop_seconds 900\n"
            "idle_timeout_seconds 7200\n"
            "log_size_bytes 104857600\n"
            "max_containers 3\n"
            "max_gpus 2.0\n"
            "max_gpus_per_container 1.0\n"
            "max_runtime_seconds 0\n"
            "max_stop_time_seconds 300\n"
            "memory_bytes 34359738368\n"
            "pids_limit 4096\n"
            "shm_size_bytes 17179869184\n"
            "usage_containers 2\n"
            "usage_gpus 2.0\n"
            "usage_running 1\n"
            "hold train running allocated 0 - -\n"
            "hold old stopped held 1 1800 85500\n");
}

}  // namespace
}  // namespace ds01::cli
