#include "cli/commands/gpus.h"

#include <gtest/gtest.h>

#include "api/wire_gpus.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

const api::GpuInventory kInventory{
    true,
    "config",
    {{0, "GPU-0", "A100", 1 << 30, false, {{"0", "GPU-0", "", 1.0, 1 << 30, false, std::nullopt}}}},
    ""};

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
  EXPECT_EQ(nlohmann::json::parse(t.out.str()), nlohmann::json(kInventory));
}

}  // namespace
}  // namespace ds01::cli
