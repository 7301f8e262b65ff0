#include "cli/output/gpu_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

using nlohmann::json;

json Inventory(bool simulated) {
  return {
      {"simulated", simulated},
      {"source", simulated ? "config /etc/ds01/ds01.yaml" : "nvml"},
      {"gpus",
       {{{"index", 0},
         {"model", "A100"},
         {"memory_bytes", 80ull << 30},
         {"mig", false},
         {"slots",
          {{{"slot", "0"},
            {"uuid", "GPU-aaa"},
            {"mig_profile", ""},
            {"weight", 1.0},
            {"holder", {{"user", "alice"}, {"container", "my-thesis"}, {"state", "running"}}}}}}},
        {{"index", 1},
         {"model", "A100"},
         {"memory_bytes", 80ull << 30},
         {"mig", true},
         {"slots",
          {{{"slot", "1:0"}, {"uuid", "MIG-b0"}, {"mig_profile", "3g.40gb"}, {"taken", true}},
           {{"slot", "1:1"}, {"uuid", "MIG-b1"}, {"mig_profile", "2g.20gb"}}}}}}}};
}

std::string Render(const json& answer, OutputFormat format) {
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
  EXPECT_EQ(json::parse(Render(Inventory(true), OutputFormat::kJson)), Inventory(true));
}

TEST(RenderGpus, SimpleIsOneSlotPerLine) {
  EXPECT_EQ(Render(Inventory(false), OutputFormat::kSimple),
            "0 GPU-aaa alice/my-thesis\n1:0 MIG-b0 taken\n1:1 MIG-b1 free\n");
}

TEST(RenderGpus, NoGpusSaysSo) {
  EXPECT_EQ(Render(json{{"simulated", false}, {"source", "nvml"}, {"gpus", json::array()}},
                   OutputFormat::kTable),
            "0 GPUs (nvml)\n");
}

}  // namespace
}  // namespace ds01::cli
