#include "cli/commands/gpus.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::TestSession;

const json kInventory{{"simulated", true},
                      {"source", "config"},
                      {"gpus",
                       {{{"index", 0},
                         {"model", "A100"},
                         {"memory_bytes", 1 << 30},
                         {"mig", false},
                         {"slots", {{{"slot", "0"}, {"uuid", "GPU-0"}, {"mig_profile", ""}}}}}}}};

TEST(GpusFlags, TakeAFormat) {
  GpusOptions options;
  ArgSpec spec("gpus");
  DeclareGpus(spec, options);
  ASSERT_TRUE(spec.Parse({"--format=simple"}).ok());
  EXPECT_EQ(options.format, OutputFormat::kSimple);
  EXPECT_FALSE(spec.Parse({"NAME"}).ok());
}

TEST(RunGpus, ShowsTheInventoryMarkedSimulated) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/gpus", kInventory);
  ASSERT_TRUE(RunGpus(t.session, {}).ok());
  EXPECT_EQ(t.out.str(),
            "1 GPU (simulated, config)\n"
            "GPU   MODEL              MEMORY   SLOT   PROFILE   HOLDER\n"
            "0     A100 (simulated)   1.0GiB   0      whole     free\n");
}

TEST(RunGpus, JsonPassesTheAnswerThrough) {
  TestSession t;
  t.daemon.Answer("GET", "/v1/gpus", kInventory);
  GpusOptions options;
  options.format = OutputFormat::kJson;
  ASSERT_TRUE(RunGpus(t.session, options).ok());
  EXPECT_EQ(json::parse(t.out.str()), kInventory);
}

}  // namespace
}  // namespace ds01::cli
