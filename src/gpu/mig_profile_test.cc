#include "gpu/mig_profile.h"

#include <gtest/gtest.h>

namespace ds01::gpu {
namespace {

constexpr unsigned long long kGiB = 1ull << 30;

TEST(ParseMigProfile, ReadsSlicesAndMemoryOfGpuInstanceProfiles) {
  auto profile = ParseMigProfile("3g.40gb");
  ASSERT_TRUE(profile.ok()) << profile.error().ToString();
  EXPECT_EQ(profile->name, "3g.40gb");
  EXPECT_EQ(profile->slices, 3);
  EXPECT_EQ(profile->gpu_instance_slices, 3);
  EXPECT_EQ(profile->memory_bytes, 40 * kGiB);
  EXPECT_FALSE(profile->compute_instance);

  EXPECT_EQ(ParseMigProfile("7g.80gb")->slices, 7);
  EXPECT_EQ(ParseMigProfile("1g.10gb")->memory_bytes, 10 * kGiB);
}

TEST(ParseMigProfile, EngineSuffixesDoNotChangeTheSlices) {
  auto profile = ParseMigProfile("1g.10gb+me");
  ASSERT_TRUE(profile.ok()) << profile.error().ToString();
  EXPECT_EQ(profile->slices, 1);
  EXPECT_EQ(profile->name, "1g.10gb+me");
}

TEST(ParseMigProfile, ComputeInstancesWeighTheirOwnSlices) {
  auto profile = ParseMigProfile("1c.3g.40gb");
  ASSERT_TRUE(profile.ok()) << profile.error().ToString();
  EXPECT_EQ(profile->slices, 1);
  EXPECT_EQ(profile->gpu_instance_slices, 3);
  EXPECT_TRUE(profile->compute_instance);
}

TEST(ParseMigProfile, IsCaseInsensitive) { EXPECT_EQ(ParseMigProfile("3G.40GB")->name, "3g.40gb"); }

TEST(ParseMigProfile, RefusesWhatIsNotAProfileAndSaysWhatOneLooksLike) {
  for (const char* bad :
       {"", "3g", "3g.40", "3g.gb", "0g.10gb", "8g.80gb", "3g.0gb", "4c.3g.40gb", "0c.3g.40gb",
        "3x.40gb", "g.40gb", "3g.40gb junk", "-3g.40gb", "3g.99999999999999999999gb"}) {
    auto profile = ParseMigProfile(bad);
    ASSERT_FALSE(profile.ok()) << bad;
    EXPECT_EQ(profile.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(profile.error().message.find(bad), std::string::npos) << profile.error().message;
    EXPECT_NE(profile.error().hint.find("3g.40gb"), std::string::npos);
  }
}

TEST(MigProfileFromDeviceName, ReadsTheProfileThatEndsTheName) {
  EXPECT_EQ(MigProfileFromDeviceName("NVIDIA A100-SXM4-80GB MIG 3g.40gb")->slices, 3);
  EXPECT_EQ(MigProfileFromDeviceName("NVIDIA H100 80GB HBM3 MIG 1g.10gb")->name, "1g.10gb");
  EXPECT_EQ(MigProfileFromDeviceName("NVIDIA A100-SXM4-40GB MIG 1c.3g.20gb")->slices, 1);
}

TEST(MigProfileFromDeviceName, RefusesANameWithoutAProfile) {
  auto profile = MigProfileFromDeviceName("NVIDIA A100-SXM4-80GB");
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.error().code, ErrorCode::kProtocol);
  EXPECT_NE(profile.error().message.find("NVIDIA A100-SXM4-80GB"), std::string::npos);
}

}  // namespace
}  // namespace ds01::gpu
