#include "core/gpu_ask.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

TEST(GpuAsk, RoundTripsThroughItsStoredForm) {
  for (const GpuAsk& ask : {GpuAsk(WholeGpus{0}), GpuAsk(WholeGpus{3}),
                            GpuAsk(MigInstance{"3g.40gb"}), GpuAsk(NamedSlots{{"0", "7:3"}})}) {
    const std::string stored = EncodeGpuAsk(ask);
    auto decoded = DecodeGpuAsk(stored);
    ASSERT_TRUE(decoded.ok()) << stored;
    EXPECT_EQ(EncodeGpuAsk(*decoded), stored);
    EXPECT_EQ(decoded->index(), ask.index()) << stored;
  }
}

TEST(GpuAsk, StoredFormsReadPlainly) {
  EXPECT_EQ(EncodeGpuAsk(WholeGpus{0}), "");
  EXPECT_EQ(EncodeGpuAsk(WholeGpus{2}), "gpus:2");
  EXPECT_EQ(EncodeGpuAsk(MigInstance{"1g.10gb"}), "mig:1g.10gb");
  EXPECT_EQ(EncodeGpuAsk(NamedSlots{{"0", "7:3"}}), "slots:0,7:3");
}

TEST(GpuAsk, RefusesStoredFormsItNeverWrites) {
  for (const char* bad : {"gpus", "gpus:", "gpus:x", "gpus:-1", "mig:", "slots:", "slots:0,,1",
                          "slots:1,1", "cpus:2"}) {
    auto decoded = DecodeGpuAsk(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(GpuAsk, DescribesItselfForPeople) {
  EXPECT_EQ(DescribeGpuAsk(WholeGpus{0}), "no GPU");
  EXPECT_EQ(DescribeGpuAsk(WholeGpus{1}), "1 GPU");
  EXPECT_EQ(DescribeGpuAsk(WholeGpus{2}), "2 GPUs");
  EXPECT_EQ(DescribeGpuAsk(MigInstance{"3g.40gb"}), "a 3g.40gb MIG instance");
  EXPECT_EQ(DescribeGpuAsk(NamedSlots{{"2"}}), "GPU 2");
  EXPECT_EQ(DescribeGpuAsk(NamedSlots{{"0", "7:3"}}), "GPUs 0, 7:3");
}

TEST(GpuAsk, ValidationNamesTheFix) {
  EXPECT_TRUE(ValidateGpuAsk(WholeGpus{0}).ok());
  auto negative = ValidateGpuAsk(WholeGpus{-2});
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().hint.find("--gpu=1"), std::string::npos);
  EXPECT_FALSE(ValidateGpuAsk(MigInstance{""}).ok());
  EXPECT_FALSE(ValidateGpuAsk(NamedSlots{{}}).ok());
  EXPECT_FALSE(ValidateGpuAsk(NamedSlots{{"3", "3"}}).ok());
}

}  // namespace
}  // namespace ds01::core
