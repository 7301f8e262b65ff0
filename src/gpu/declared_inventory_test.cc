#include "gpu/declared_inventory.h"

#include <gtest/gtest.h>

namespace ds01::gpu {
namespace {

constexpr unsigned long long kGiB = 1ull << 30;
constexpr const char* kA100 = "NVIDIA A100-SXM4-80GB";

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

GpuSpec A100(std::vector<std::string> mig_profiles = {}) {
  return GpuSpec{kA100, 80 * kGiB, std::move(mig_profiles)};
}

TEST(DeclaredInventory, WholeGpusGetStableSimulatedUuids) {
  auto inventory = DeclaredInventory({A100(), A100()});
  ASSERT_TRUE(inventory.ok()) << inventory.error().ToString();
  EXPECT_TRUE(inventory->simulated);
  EXPECT_EQ(inventory->source, "declared in config (simulated)");
  ASSERT_EQ(inventory->slots.size(), 2u);
  EXPECT_EQ(inventory->slots[0].id, "0");
  EXPECT_EQ(inventory->slots[0].uuid, "GPU-SIM-0000");
  EXPECT_EQ(inventory->slots[1].uuid, "GPU-SIM-0001");
  EXPECT_TRUE(inventory->slots[1].simulated);
  EXPECT_EQ(inventory->slots[1].model, kA100);
  EXPECT_EQ(inventory->slots[1].memory_bytes, 80 * kGiB);
  EXPECT_EQ(inventory->gpus[1].uuid, "GPU-SIM-0001");

  auto again = DeclaredInventory({A100(), A100()});
  EXPECT_EQ(again->slots[1].uuid, inventory->slots[1].uuid);
}

TEST(DeclaredInventory, MigProfilesBecomeSlotsOfTheirGpu) {
  auto inventory = DeclaredInventory({A100(), A100({"3g.40gb", "2g.20gb", "2g.20gb"})});
  ASSERT_TRUE(inventory.ok()) << inventory.error().ToString();
  ASSERT_EQ(inventory->slots.size(), 4u);
  EXPECT_TRUE(inventory->gpus[1].mig_enabled);
  const Slot& big = inventory->slots[1];
  EXPECT_EQ(big.id, "1:0");
  EXPECT_EQ(big.uuid, "MIG-SIM-0001-0000");
  EXPECT_EQ(big.gpu_index, 1);
  EXPECT_EQ(big.mig_index, 0);
  EXPECT_EQ(big.mig_profile, "3g.40gb");
  EXPECT_EQ(big.slices, 3);
  EXPECT_EQ(big.memory_bytes, 40 * kGiB);
  EXPECT_TRUE(big.simulated);
  EXPECT_EQ(inventory->slots[3].id, "1:2");
  EXPECT_EQ(inventory->slots[3].uuid, "MIG-SIM-0001-0002");
}

TEST(DeclaredInventory, SevenSlicesFillAGpuExactly) {
  auto inventory = DeclaredInventory(
      {A100({"1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb"})});
  ASSERT_TRUE(inventory.ok()) << inventory.error().ToString();
  EXPECT_EQ(inventory->slots.size(), 7u);
}

TEST(DeclaredInventory, RefusesMoreThanSevenSlicesOnOneGpu) {
  auto inventory = DeclaredInventory({A100(), A100({"4g.40gb", "3g.40gb", "1g.10gb"})});
  ASSERT_FALSE(inventory.ok());
  const Error& error = inventory.error();
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message,
            "gpus[1] (NVIDIA A100-SXM4-80GB): MIG profiles 4g.40gb + 3g.40gb + 1g.10gb need 8 "
            "compute slices; a GPU has 7");
  EXPECT_TRUE(Contains(error.hint, "gpus[1].mig"));
}

TEST(DeclaredInventory, RefusesAMalformedProfileNamingWhereItIs) {
  auto inventory = DeclaredInventory({A100({"3g.40gb", "9g.40gb"})});
  ASSERT_FALSE(inventory.ok());
  EXPECT_TRUE(Contains(inventory.error().message, "gpus[0].mig[1]"));
  EXPECT_TRUE(Contains(inventory.error().message, "9g.40gb"));
  EXPECT_TRUE(Contains(inventory.error().hint, "3g.40gb"));
}

TEST(DeclaredInventory, RefusesComputeInstanceProfiles) {
  auto inventory = DeclaredInventory({A100({"1c.3g.40gb"})});
  ASSERT_FALSE(inventory.ok());
  EXPECT_TRUE(Contains(inventory.error().message, "compute-instance profile"));
}

TEST(DeclaredInventory, RefusesAProfileLargerThanItsGpu) {
  auto inventory = DeclaredInventory({GpuSpec{"NVIDIA A100-SXM4-40GB", 40 * kGiB, {"7g.80gb"}}});
  ASSERT_FALSE(inventory.ok());
  EXPECT_EQ(inventory.error().message,
            "gpus[0].mig[0]: 7g.80gb needs 80.0GiB but the GPU declares memory: 40.0GiB");
}

TEST(DeclaredInventory, RefusesAGpuWithoutAModel) {
  auto inventory = DeclaredInventory({A100(), GpuSpec{"", 80 * kGiB, {}}});
  ASSERT_FALSE(inventory.ok());
  EXPECT_EQ(inventory.error().message, "gpus[1]: model is missing");
}

}  // namespace
}  // namespace ds01::gpu
