#include "cli/output/container_view.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::ContainerJson;

const Clock::TimePoint kNow = FakeClock::DefaultStart();

std::string Render(const json& containers, OutputFormat format, uid_t viewer = 1001) {
  std::ostringstream out;
  RenderContainers(out, containers, format, kNow, viewer);
  return out.str();
}

TEST(RenderContainers, TableShowsTheSeedsColumns) {
  json held = ContainerJson("experiment", "stopped", "1");
  held["hold_expires_at"] = "2024-01-01T00:12:00Z";
  std::string table =
      Render(json::array({ContainerJson("my-thesis", "running"), held}), OutputFormat::kTable);
  EXPECT_EQ(table,
            "NAME         STATUS    IMAGE                         GPU                      UPTIME\n"
            "my-thesis    running   ds01-1001/my-thesis:latest    GPU-0                    2h 15m\n"
            "experiment   stopped   ds01-1001/experiment:latest   GPU-1 (held, 12m left)   -\n"
            "GPUs are simulated: declared in the ds01d config, not detected.\n");
}

TEST(RenderContainers, AnOwnerColumnAppearsWhenOthersContainersAreListed) {
  json containers = json::array(
      {ContainerJson("mine", "running"), ContainerJson("theirs", "created", "1", {1002, "bob"})});
  std::string table = Render(containers, OutputFormat::kTable);
  EXPECT_TRUE(table.starts_with("NAME     OWNER   STATUS")) << table;
  EXPECT_NE(table.find("theirs   bob     created"), std::string::npos) << table;
  std::string own = Render(json::array({ContainerJson("mine", "running")}), OutputFormat::kTable);
  EXPECT_EQ(own.find("OWNER"), std::string::npos);
}

TEST(RenderContainers, JsonIsTheDaemonsObjectsAsAnArray) {
  json containers = json::array({ContainerJson("a", "running"), ContainerJson("b", "created")});
  json printed = json::parse(Render(containers, OutputFormat::kJson));
  EXPECT_EQ(printed, containers);
  EXPECT_EQ(json::parse(Render(json::array(), OutputFormat::kJson)), json::array());
}

TEST(RenderContainers, SimpleIsOneNamePerLine) {
  json containers = json::array({ContainerJson("a", "running"), ContainerJson("b", "created")});
  EXPECT_EQ(Render(containers, OutputFormat::kSimple), "a\nb\n");
}

TEST(RenderContainers, NoSimulatedLineForRealGpus) {
  json real = ContainerJson("a", "running");
  real["simulated_gpus"] = false;
  EXPECT_EQ(Render(json::array({real}), OutputFormat::kTable).find("simulated"), std::string::npos);
}

TEST(GpuCell, ShowsSlotsHoldsAndNothing) {
  json two = ContainerJson("a", "running");
  two["gpus"].push_back({{"slot", "3:1"}, {"uuid", "MIG-x"}, {"mig_profile", "1g.10gb"}});
  EXPECT_EQ(GpuCell(two, kNow), "GPU-0,GPU-3:1");
  EXPECT_EQ(GpuCell(ContainerJson("a", "running", ""), kNow), "-");
  json released = ContainerJson("a", "stopped");
  released["gpu_state"] = "none";
  EXPECT_EQ(GpuCell(released, kNow), "-");
  EXPECT_EQ(GpuCell(ContainerJson("a", "stopped"), kNow), "GPU-0 (held)");
}

TEST(UptimeCell, CountsFromTheStartForRunningAndPausedOnly) {
  EXPECT_EQ(UptimeCell(ContainerJson("a", "running"), kNow), "2h 15m");
  EXPECT_EQ(UptimeCell(ContainerJson("a", "paused"), kNow), "2h 15m");
  EXPECT_EQ(UptimeCell(ContainerJson("a", "created"), kNow), "-");
  EXPECT_EQ(UptimeCell(ContainerJson("a", "stopped"), kNow), "-");
  json just_started = ContainerJson("a", "running");
  just_started["started_at"] = "2023-12-31T23:59:15Z";
  EXPECT_EQ(UptimeCell(just_started, kNow), "45s");
  json garbled = ContainerJson("a", "running");
  garbled["started_at"] = 17;
  EXPECT_EQ(UptimeCell(garbled, kNow), "-");
}

TEST(GpuSummary, NamesTheSlotsAndWhetherTheyAreSimulated) {
  EXPECT_EQ(GpuSummary(ContainerJson("a", "created", "2")), "(GPU 2, simulated)");
  EXPECT_EQ(GpuSummary(ContainerJson("a", "created", "")), "(no GPU)");
  json mig = ContainerJson("a", "created", "1:0");
  mig["gpus"][0]["mig_profile"] = "3g.40gb";
  mig["simulated_gpus"] = false;
  EXPECT_EQ(GpuSummary(mig), "(GPU 1:0 3g.40gb)");
}

TEST(HoldSummary, SaysHowLongTheGpuIsHeld) {
  json held = ContainerJson("a", "stopped", "2");
  held["hold_expires_at"] = "2024-01-01T00:15:00Z";
  EXPECT_EQ(HoldSummary(held, kNow), "GPU 2 held for 15m");
  held["gpu_state"] = "none";
  EXPECT_EQ(HoldSummary(held, kNow), "no GPU held");
}

TEST(OwnerName, FallsBackToTheUid) {
  json anonymous = ContainerJson("a", "running");
  anonymous["owner"].erase("user");
  EXPECT_EQ(OwnerName(anonymous), "uid 1001");
  EXPECT_EQ(OwnerName(ContainerJson("a", "running")), "alice");
}

}  // namespace
}  // namespace ds01::cli
