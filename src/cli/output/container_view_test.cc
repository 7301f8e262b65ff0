#include "cli/output/container_view.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::MakeContainer;
using testing::MinutesFromStart;
using State = api::ContainerState;

const Clock::TimePoint kNow = FakeClock::DefaultStart();

std::string Render(const std::vector<api::Container>& containers, OutputFormat format,
                   uid_t viewer = 1001) {
  std::ostringstream out;
  RenderContainers(out, containers, format, kNow, viewer);
  return out.str();
}

TEST(RenderContainers, TableShowsTheSeedsColumns) {
  api::Container held = MakeContainer("experiment", State::kStopped, "1");
  held.hold_expires_at = MinutesFromStart(12);
  std::string table =
      Render({MakeContainer("my-thesis", State::kRunning), held}, OutputFormat::kTable);
  EXPECT_EQ(table,
            "NAME         STATUS    IMAGE                         GPU                      UPTIME\n"
            "my-thesis    running   ds01-1001/my-thesis:latest    GPU-0                    2h 15m\n"
            "experiment   stopped   ds01-1001/experiment:latest   GPU-1 (held, 12m left)   -\n"
            "GPUs are simulated: declared in the ds01d config, not detected.\n");
}

TEST(RenderContainers, AnOwnerColumnAppearsWhenOthersContainersAreListed) {
  std::string table = Render({MakeContainer("mine", State::kRunning),
                              MakeContainer("theirs", State::kCreated, "1", {1002, "bob"})},
                             OutputFormat::kTable);
  EXPECT_TRUE(table.starts_with("NAME     OWNER   STATUS")) << table;
  EXPECT_NE(table.find("theirs   bob     created"), std::string::npos) << table;
  std::string own = Render({MakeContainer("mine", State::kRunning)}, OutputFormat::kTable);
  EXPECT_EQ(own.find("OWNER"), std::string::npos);
}

TEST(RenderContainers, JsonIsTheDaemonsObjectsAsAnArray) {
  const std::vector<api::Container> containers{MakeContainer("a", State::kRunning),
                                               MakeContainer("b", State::kCreated)};
  EXPECT_EQ(nlohmann::json::parse(Render(containers, OutputFormat::kJson)),
            nlohmann::json(containers));
  EXPECT_EQ(nlohmann::json::parse(Render({}, OutputFormat::kJson)), nlohmann::json::array());
}

TEST(RenderContainers, SimpleIsOneNamePerLine) {
  EXPECT_EQ(Render({MakeContainer("a", State::kRunning), MakeContainer("b", State::kCreated)},
                   OutputFormat::kSimple),
            "a\nb\n");
}

TEST(RenderContainers, NoSimulatedLineForRealGpus) {
  api::Container real = MakeContainer("a", State::kRunning);
  real.simulated_gpus = false;
  EXPECT_EQ(Render({real}, OutputFormat::kTable).find("simulated"), std::string::npos);
}

TEST(GpuCell, ShowsSlotsHoldsAndNothing) {
  api::Container two = MakeContainer("a", State::kRunning);
  two.gpus.push_back({"3:1", "MIG-x", "1g.10gb", 1.0 / 7});
  EXPECT_EQ(GpuCell(two, kNow), "GPU-0,GPU-3:1");
  EXPECT_EQ(GpuCell(MakeContainer("a", State::kRunning, ""), kNow), "-");
  api::Container released = MakeContainer("a", State::kStopped);
  released.gpu_state = "none";
  EXPECT_EQ(GpuCell(released, kNow), "-");
  EXPECT_EQ(GpuCell(MakeContainer("a", State::kStopped), kNow), "GPU-0 (held)");
}

TEST(UptimeCell, CountsFromTheStartForRunningAndPausedOnly) {
  EXPECT_EQ(UptimeCell(MakeContainer("a", State::kRunning), kNow), "2h 15m");
  EXPECT_EQ(UptimeCell(MakeContainer("a", State::kPaused), kNow), "2h 15m");
  EXPECT_EQ(UptimeCell(MakeContainer("a", State::kCreated), kNow), "-");
  EXPECT_EQ(UptimeCell(MakeContainer("a", State::kStopped), kNow), "-");
  api::Container just_started = MakeContainer("a", State::kRunning);
  just_started.started_at = kNow - std::chrono::seconds(45);
  EXPECT_EQ(UptimeCell(just_started, kNow), "45s");
  api::Container unknown = MakeContainer("a", State::kRunning);
  unknown.started_at.reset();
  EXPECT_EQ(UptimeCell(unknown, kNow), "-");
}

TEST(GpuSummary, NamesTheSlotsAndWhetherTheyAreSimulated) {
  EXPECT_EQ(GpuSummary(MakeContainer("a", State::kCreated, "2")), "(GPU 2, simulated)");
  EXPECT_EQ(GpuSummary(MakeContainer("a", State::kCreated, "")), "(no GPU)");
  api::Container mig = MakeContainer("a", State::kCreated, "1:0");
  mig.gpus[0].mig_profile = "3g.40gb";
  mig.simulated_gpus = false;
  EXPECT_EQ(GpuSummary(mig), "(GPU 1:0 3g.40gb)");
}

TEST(HoldSummary, SaysHowLongTheGpuIsHeld) {
  api::Container held = MakeContainer("a", State::kStopped, "2");
  held.hold_expires_at = MinutesFromStart(15);
  EXPECT_EQ(HoldSummary(held, kNow), "GPU 2 held for 15m");
  held.gpu_state = "none";
  EXPECT_EQ(HoldSummary(held, kNow), "no GPU held");
}

TEST(OwnerName, FallsBackToTheUid) {
  api::Container anonymous = MakeContainer("a", State::kRunning);
  anonymous.owner.user.clear();
  EXPECT_EQ(OwnerName(anonymous), "uid 1001");
  EXPECT_EQ(OwnerName(MakeContainer("a", State::kRunning)), "alice");
}

}  // namespace
}  // namespace ds01::cli
