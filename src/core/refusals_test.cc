#include "core/refusals.h"

#include <gtest/gtest.h>

namespace ds01::core {
namespace {

TEST(FormatGpus, ShowsAtLeastOneDecimalAndAtMostTwo) {
  EXPECT_EQ(FormatGpus(1.0), "1.0");
  EXPECT_EQ(FormatGpus(0.5), "0.5");
  EXPECT_EQ(FormatGpus(2.25), "2.25");
  EXPECT_EQ(FormatGpus(0.0), "0.0");
  EXPECT_EQ(FormatSlices(1), "0.14");
  EXPECT_EQ(FormatSlices(3), "0.43");
  EXPECT_EQ(FormatSlices(7), "1.0");
  EXPECT_EQ(FormatSlices(10), "1.43");
}

TEST(SlotName, NamesWholeGpusAndMigInstances) {
  EXPECT_EQ(SlotName("2", ""), "GPU 2");
  EXPECT_EQ(SlotName("7:3", "1g.10gb"), "GPU 7:3 (1g.10gb)");
}

TEST(Refusals, ContainerErrorsNameTheContainerAndAFix) {
  EXPECT_EQ(ContainerExists("train").ToString(),
            "Container 'train' already exists. Fix: choose another name, or remove the old one "
            "(container-remove train)");
  EXPECT_EQ(NoSuchContainer("train").code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ds01::core
