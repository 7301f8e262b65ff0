#include "gpu/nvml_inventory.h"

#include <gtest/gtest.h>

#include "gpu/fake_gpus_for_test.h"

namespace ds01::gpu {
namespace {

using testing::FakeGpu;
using testing::FakeGpuUuid;
using testing::FakeHost;
using testing::FakeMigDevice;
using testing::FakeMigGpu;
using testing::FakeMigUuid;
using testing::FakeNvmlConfig;
using testing::FakeSplitA100;
using testing::json;
using testing::kA100;
using testing::kGiB;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

bool AnyNoteContains(const Inventory& inventory, std::string_view part) {
  for (const auto& note : inventory.notes) {
    if (Contains(note, part)) return true;
  }
  return false;
}

std::vector<std::string> SlotIds(const Inventory& inventory) {
  std::vector<std::string> ids;
  for (const Slot& slot : inventory.slots) ids.push_back(slot.id);
  return ids;
}

Inventory ReadFake(const json& host, const char* library = FAKE_NVML_PATH) {
  FakeNvmlConfig fake(host);
  auto nvml = Nvml::Open(library);
  EXPECT_TRUE(nvml.ok()) << nvml.error().ToString();
  if (!nvml.ok()) return {};
  auto inventory = ReadNvmlInventory(**nvml);
  EXPECT_TRUE(inventory.ok()) << inventory.error().ToString();
  return inventory.ok() ? *inventory : Inventory{};
}

TEST(ReadNvmlInventory, EachWholeGpuIsOneSlot) {
  Inventory inventory = ReadFake(FakeHost({FakeGpu(0), FakeGpu(1)}));
  EXPECT_EQ(inventory.source, "nvml 550.54.14");
  EXPECT_FALSE(inventory.simulated);
  EXPECT_TRUE(inventory.reason.empty());
  ASSERT_EQ(SlotIds(inventory), (std::vector<std::string>{"0", "1"}));
  const Slot& slot = inventory.slots[1];
  EXPECT_EQ(slot.uuid, FakeGpuUuid(1));
  EXPECT_EQ(slot.gpu_index, 1);
  EXPECT_EQ(slot.model, kA100);
  EXPECT_EQ(slot.memory_bytes, 80 * kGiB);
  EXPECT_FALSE(slot.is_mig());
  EXPECT_FALSE(slot.simulated);
  EXPECT_DOUBLE_EQ(slot.weight(), 1.0);
  ASSERT_EQ(inventory.gpus.size(), 2u);
  EXPECT_EQ(inventory.gpus[0].uuid, FakeGpuUuid(0));
  EXPECT_FALSE(inventory.gpus[0].mig_enabled);
}

TEST(ReadNvmlInventory, AMigGpuContributesItsInstancesNotItself) {
  Inventory inventory = ReadFake(FakeHost({FakeGpu(0), FakeSplitA100(1)}));
  ASSERT_EQ(SlotIds(inventory), (std::vector<std::string>{"0", "1:0", "1:1", "1:2"}));
  EXPECT_TRUE(inventory.gpus[1].mig_enabled);

  const Slot& big = inventory.slots[1];
  EXPECT_EQ(big.uuid, FakeMigUuid(1, 0));
  EXPECT_EQ(big.gpu_index, 1);
  EXPECT_EQ(big.mig_index, 0);
  EXPECT_EQ(big.model, kA100);
  EXPECT_EQ(big.mig_profile, "3g.40gb");
  EXPECT_EQ(big.slices, 3);
  EXPECT_EQ(big.memory_bytes, 40 * kGiB);
  EXPECT_DOUBLE_EQ(big.weight(), 3.0 / 7);
  EXPECT_EQ(inventory.slots[2].mig_profile, "2g.20gb");
  EXPECT_EQ(inventory.slots[3].slices, 2);
  EXPECT_EQ(inventory.slots[3].uuid, FakeMigUuid(1, 2));
}

TEST(ReadNvmlInventory, EmptyMigIndicesAreSkippedQuietly) {
  json invalid_index = {{"index", 5}, {"error", 2}};  // NVML's other "nothing here" answer
  Inventory inventory = ReadFake(FakeHost({FakeMigGpu(
      0, {FakeMigDevice(0, 0, "4g.40gb", 1), FakeMigDevice(0, 3, "3g.40gb", 2), invalid_index})}));
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0:0", "0:3"}));
  EXPECT_TRUE(inventory.notes.empty()) << inventory.notes.front();
}

TEST(ReadNvmlInventory, ALostGpuIsReportedAndLeftOut) {
  json lost = FakeGpu(1);
  lost["lost"] = true;
  Inventory inventory = ReadFake(FakeHost({FakeGpu(0), lost, FakeGpu(2)}));
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0", "2"}));
  EXPECT_EQ(inventory.gpus.size(), 2u);
  EXPECT_TRUE(AnyNoteContains(inventory, "GPU 1 left out"));
  EXPECT_TRUE(AnyNoteContains(inventory, "GPU is lost (NVML error 15)"));
  EXPECT_TRUE(inventory.reason.empty());
}

TEST(ReadNvmlInventory, OnlyLostGpusGiveAReasonToRefuseGpuRequests) {
  json lost = FakeGpu(0);
  lost["lost"] = true;
  Inventory inventory = ReadFake(FakeHost({lost}));
  EXPECT_TRUE(inventory.slots.empty());
  EXPECT_TRUE(Contains(inventory.reason, "No usable GPUs")) << inventory.reason;
  EXPECT_TRUE(Contains(inventory.reason, "GPU is lost")) << inventory.reason;
}

TEST(ReadNvmlInventory, AMigGpuWithoutInstancesOffersNoSlotsAndSaysHowToFixIt) {
  Inventory inventory = ReadFake(FakeHost({FakeGpu(0), FakeMigGpu(1, {})}));
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0"}));
  EXPECT_TRUE(AnyNoteContains(inventory, "GPU 1 has MIG enabled but no MIG instances"));
  EXPECT_TRUE(AnyNoteContains(inventory, "nvidia-smi mig"));
}

TEST(ReadNvmlInventory, AMigDeviceWhoseNameHasNoProfileIsLeftOut) {
  json odd = FakeMigDevice(0, 1, "2g.20gb", 2);
  odd.erase("profile");
  odd["name"] = "Mystery device";
  Inventory inventory =
      ReadFake(FakeHost({FakeMigGpu(0, {FakeMigDevice(0, 0, "3g.40gb", 1), odd})}));
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0:0"}));
  EXPECT_TRUE(AnyNoteContains(inventory, "MIG device 0:1 left out"));
}

TEST(ReadNvmlInventory, WithoutMigSupportInTheDriverGpusAreWhole) {
  Inventory inventory = ReadFake(FakeHost({FakeSplitA100(0)}), FAKE_NVML_LEGACY_PATH);
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0"}));
  EXPECT_EQ(inventory.source, "nvml 550.54.14");
  EXPECT_TRUE(AnyNoteContains(inventory, "lacks"));
  EXPECT_TRUE(AnyNoteContains(inventory, "nvmlDeviceGetMigMode"));
}

TEST(ReadNvmlInventory, AGpuThatCannotDoMigIsWhole) {
  json old_gpu = FakeGpu(0);
  old_gpu.erase("mig_mode");  // MIG calls answer "not supported"
  Inventory inventory = ReadFake(FakeHost({old_gpu}));
  EXPECT_EQ(SlotIds(inventory), (std::vector<std::string>{"0"}));
  EXPECT_TRUE(inventory.notes.empty());
}

TEST(ReadNvmlInventory, NoGpusIsNotFound) {
  FakeNvmlConfig fake(FakeHost({}));
  auto nvml = Nvml::Open(FAKE_NVML_PATH);
  ASSERT_TRUE(nvml.ok());
  auto inventory = ReadNvmlInventory(**nvml);
  ASSERT_FALSE(inventory.ok());
  EXPECT_EQ(inventory.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(inventory.error().message, "NVML reports no GPUs");
}

}  // namespace
}  // namespace ds01::gpu
