#include "gpu/inventory.h"

#include <gtest/gtest.h>

#include "gpu/fake_gpus_for_test.h"

namespace ds01::gpu {
namespace {

using testing::FakeGpu;
using testing::FakeGpuUuid;
using testing::FakeHost;
using testing::FakeNvmlConfig;
using testing::json;
using testing::kGiB;

constexpr const char* kNoLibrary = "/nonexistent/libnvidia-ml.so.1";

const std::vector<GpuSpec> kDeclared = {
    {"NVIDIA A100-SXM4-80GB", 80 * kGiB, {}},
    {"NVIDIA A100-SXM4-80GB", 80 * kGiB, {"3g.40gb", "2g.20gb", "2g.20gb"}}};

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(LoadInventory, PrefersNvmlWhenItReportsGpus) {
  FakeNvmlConfig fake(FakeHost({FakeGpu(0)}));
  auto loaded = LoadInventory(FAKE_NVML_PATH, kDeclared);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_NE(loaded->nvml, nullptr);
  EXPECT_EQ(loaded->inventory.source, "nvml 550.54.14");
  EXPECT_FALSE(loaded->inventory.simulated);
  ASSERT_EQ(loaded->inventory.slots.size(), 1u);
  EXPECT_EQ(loaded->inventory.slots[0].uuid, FakeGpuUuid(0));
  ASSERT_EQ(loaded->inventory.notes.size(), 1u);
  EXPECT_TRUE(Contains(loaded->inventory.notes[0], "gpus: list is ignored"));
}

TEST(LoadInventory, FallsBackToTheDeclaredGpusWithoutNvml) {
  auto loaded = LoadInventory(kNoLibrary, kDeclared);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->nvml, nullptr);
  EXPECT_TRUE(loaded->inventory.simulated);
  EXPECT_EQ(loaded->inventory.source, "declared in config (simulated)");
  EXPECT_EQ(loaded->inventory.slots.size(), 4u);
  ASSERT_FALSE(loaded->inventory.notes.empty());
  EXPECT_TRUE(Contains(loaded->inventory.notes[0], "NVML not available"));
}

TEST(LoadInventory, FallsBackToTheDeclaredGpusWhenNvmlReportsNone) {
  FakeNvmlConfig fake(FakeHost({}));
  auto loaded = LoadInventory(FAKE_NVML_PATH, kDeclared);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_TRUE(loaded->inventory.simulated);
  EXPECT_EQ(loaded->nvml, nullptr);
  EXPECT_TRUE(Contains(loaded->inventory.notes[0], "NVML reports no GPUs"));
}

TEST(LoadInventory, WithNeitherThereAreNoGpusAndAReasonToRefuseRequests) {
  auto loaded = LoadInventory(kNoLibrary, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->nvml, nullptr);
  EXPECT_TRUE(loaded->inventory.slots.empty());
  EXPECT_EQ(loaded->inventory.source, "none");
  EXPECT_EQ(loaded->inventory.reason,
            "No GPUs on this host: NVML is not available and the config declares no gpus:");
  EXPECT_TRUE(Contains(loaded->inventory.notes[0], "cannot open shared object file"));
}

TEST(LoadInventory, ADriverThatDoesNotInitialiseCountsAsNoNvml) {
  json host = FakeHost({FakeGpu(0)});
  host["init_error"] = 9;
  FakeNvmlConfig fake(host);
  auto loaded = LoadInventory(FAKE_NVML_PATH, kDeclared);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_TRUE(loaded->inventory.simulated);
  EXPECT_TRUE(Contains(loaded->inventory.notes[0], "Driver Not Loaded"));
}

TEST(LoadInventory, AnInvalidDeclaredListFailsWhenItIsNeeded) {
  auto loaded = LoadInventory(kNoLibrary, {{"NVIDIA A100-SXM4-80GB", 80 * kGiB, {"8g.80gb"}}});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(loaded.error().message, "gpus[0].mig[0]"));
}

TEST(Inventory, FindsSlotsByIdAndByUuid) {
  auto loaded = LoadInventory(kNoLibrary, kDeclared);
  ASSERT_TRUE(loaded.ok());
  const Inventory& inventory = loaded->inventory;
  ASSERT_NE(inventory.FindSlot("1:2"), nullptr);
  EXPECT_EQ(inventory.FindSlot("1:2")->uuid, "MIG-SIM-0001-0002");
  EXPECT_EQ(inventory.FindSlot("1"), nullptr);  // a MIG GPU is not itself a slot
  ASSERT_NE(inventory.FindSlotByUuid("GPU-SIM-0000"), nullptr);
  EXPECT_EQ(inventory.FindSlotByUuid("GPU-SIM-0000")->id, "0");
  EXPECT_EQ(inventory.FindSlotByUuid("GPU-nope"), nullptr);
}

}  // namespace
}  // namespace ds01::gpu
