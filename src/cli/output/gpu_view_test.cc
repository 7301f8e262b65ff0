#include "cli/output/gpu_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

api::GpuInventory Inventory(bool simulated) {
  const api::SlotHolder alice{"alice", "my-thesis", api::ContainerState::kRunning, "allocated"};
  return {simulated,
          simulated ? "config /etc/ds01/ds01.yaml" : "nvml",
          {{0,
            "GPU-aaa",
            "A100",
            80ull << 30,
            false,
            {{"0", "GPU-aaa", "", 1.0, 80ull << 30, true, alice}}},
           {1,
            "GPU-bbb",
            "A100",
            80ull << 30,
            true,
            {{"1:0", "MIG-b0", "3g.40gb", 3.0 / 7, 40ull << 30, true, std::nullopt},
             {"1:1", "MIG-b1", "2g.20gb", 2.0 / 7, 20ull << 30, false, std::nullopt}}}},
          ""};
}

std::string Render(const api::GpuInventory& answer, OutputFormat format) {
  std::ostringstream out;
  RenderGpus(out, answer, format);
  return out.str();
}

TEST(RenderGpus, TableShowsTheMigLayoutAndWhoHoldsWhat) {
  EXPECT_EQ(Render(Inventory(false), OutputFormat::kTable),
            "2 GPUs (nvml)\n"
            "GPU   MODEL   MEMORY    SLOT   PROFILE   HOLDER\n"
            "0     A100    80.0GiB   0      whole     alice/my-thesis (running)\n"
            "1     A100    80.0GiB   1:0    3g.40gb   taken\n"
            "                        1:1    2g.20gb   free\n");
}

TEST(RenderGpus, SimulatedGpusAreMarkedAsSuch) {
  std::string table = Render(Inventory(true), OutputFormat::kTable);
  EXPECT_TRUE(table.starts_with("2 GPUs (simulated, config /etc/ds01/ds01.yaml)\n")) << table;
  EXPECT_NE(table.find("0     A100 (simulated)"), std::string::npos) << table;
  EXPECT_NE(table.find("1     A100 (simulated)"), std::string::npos) << table;
}

TEST(RenderGpus, JsonIsTheDaemonsAnswer) {
  EXPECT_EQ(nlohmann::json::parse(Render(Inventory(true), OutputFormat::kJson)),
            nlohmann::json(Inventory(true)));
}

TEST(RenderGpus, SimpleIsOneSlotPerLine) {
  EXPECT_EQ(Render(Inventory(false), OutputFormat::kSimple),
            "0 GPU-aaa alice/my-thesis\n1:0 MIG-b0 taken\n1:1 MIG-b1 free\n");
}

TEST(RenderGpus, NoGpusSaysSo) {
  EXPECT_EQ(Render(api::GpuInventory{false, "nvml", {}, "no NVIDIA driver"}, OutputFormat::kTable),
            "0 GPUs (nvml)\n");
}

}  // namespace
}  // namespace ds01::cli
