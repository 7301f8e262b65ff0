#include "gpu/sampler.h"

#include <gtest/gtest.h>

#include "gpu/declared_inventory.h"
#include "gpu/fake_gpus_for_test.h"

namespace ds01::gpu {
namespace {

using testing::FakeGpu;
using testing::FakeHost;
using testing::FakeMigDevice;
using testing::FakeMigGpu;
using testing::FakeMigUuid;
using testing::FakeNvmlConfig;
using testing::FakeProcesses;
using testing::json;
using testing::kGiB;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

json BusyGpu(int index, unsigned gpu_percent, unsigned memory_percent) {
  json gpu = FakeGpu(index);
  gpu["utilization"] = {{"gpu", gpu_percent}, {"memory", memory_percent}};
  gpu["memory_used"] = 30 * kGiB;
  gpu["processes"] = json::array({{{"pid", 4242}, {"used_memory", 30 * kGiB}}});
  return gpu;
}

// A GPU split 4g.40gb (GPU instance 1) + 3g.40gb (GPU instance 2), one process in each.
json BusyMigGpu(int index) {
  json first = FakeMigDevice(index, 0, "4g.40gb", 1);
  first["memory_used"] = 10 * kGiB;
  first["processes"] = json::array({{{"pid", 100}, {"used_memory", 10 * kGiB}}});
  json second = FakeMigDevice(index, 1, "3g.40gb", 2);
  second["processes"] = json::array({{{"pid", 200}, {"used_memory", kGiB}}});
  return FakeMigGpu(index, {first, second});
}

// Loads the fake host and keeps its description open for rewriting.
class SamplerTest : public ::testing::Test {
 protected:
  GpuSampler Load(const json& host) {
    fake_ = std::make_unique<FakeNvmlConfig>(host);
    auto loaded = LoadInventory(FAKE_NVML_PATH, {});
    EXPECT_TRUE(loaded.ok()) << loaded.error().ToString();
    EXPECT_NE(loaded->nvml, nullptr);
    return GpuSampler(*loaded);
  }

  std::unique_ptr<FakeNvmlConfig> fake_;
};

TEST_F(SamplerTest, ReadsUtilisationMemoryAndProcessesOfWholeGpus) {
  GpuSampler sampler = Load(FakeHost({FakeGpu(0), BusyGpu(1, 87, 40)}));
  UsageSnapshot snapshot = sampler.Sample();
  ASSERT_EQ(snapshot.gpus.size(), 2u);
  ASSERT_EQ(snapshot.slots.size(), 2u);
  const UsageSample& busy = snapshot.slots[1];
  EXPECT_EQ(busy.id, "1");
  EXPECT_TRUE(busy.error.empty()) << busy.error;
  EXPECT_EQ(busy.gpu_percent, 87u);
  EXPECT_EQ(busy.memory_busy_percent, 40u);
  EXPECT_EQ(busy.memory_used_bytes, 30 * kGiB);
  EXPECT_EQ(busy.memory_total_bytes, 80 * kGiB);
  ASSERT_TRUE(busy.processes.has_value());
  ASSERT_EQ(busy.processes->size(), 1u);
  EXPECT_EQ((*busy.processes)[0].pid, 4242u);
  EXPECT_EQ((*busy.processes)[0].used_memory_bytes, 30 * kGiB);

  const UsageSample& idle = snapshot.slots[0];
  EXPECT_EQ(idle.gpu_percent, 0u);  // measured zero, not unknown
  ASSERT_TRUE(idle.processes.has_value());
  EXPECT_TRUE(idle.processes->empty());
  EXPECT_EQ(snapshot.gpus[1].gpu_percent, 87u);
}

TEST_F(SamplerTest, SeesUtilisationChangeBetweenTwoSamples) {
  GpuSampler sampler = Load(FakeHost({BusyGpu(0, 5, 1)}));
  EXPECT_EQ(sampler.Sample().slots[0].gpu_percent, 5u);
  fake_->Write(FakeHost({BusyGpu(0, 99, 60)}));
  UsageSample later = sampler.Sample().slots[0];
  EXPECT_EQ(later.gpu_percent, 99u);
  EXPECT_EQ(later.memory_busy_percent, 60u);
}

TEST_F(SamplerTest, ProcessListsLongerThanTheFirstBufferAreComplete) {
  json gpu = FakeGpu(0);
  gpu["processes"] = FakeProcesses(3 * static_cast<int>(kFirstProcessBufferSize), 5000);
  GpuSampler sampler = Load(FakeHost({gpu}));
  UsageSample sample = sampler.Sample().slots[0];
  ASSERT_TRUE(sample.processes.has_value());
  ASSERT_EQ(sample.processes->size(), 3 * kFirstProcessBufferSize);
  EXPECT_EQ(sample.processes->back().pid, 5000u + 3 * kFirstProcessBufferSize - 1);
}

TEST_F(SamplerTest, MigSlotsHaveMemoryAndProcessesButUnknownUtilisation) {
  GpuSampler sampler = Load(FakeHost({BusyMigGpu(0)}));
  UsageSnapshot snapshot = sampler.Sample();
  ASSERT_EQ(snapshot.slots.size(), 2u);
  const UsageSample& first = snapshot.slots[0];
  EXPECT_EQ(first.id, "0:0");
  EXPECT_TRUE(first.error.empty()) << first.error;
  EXPECT_EQ(first.gpu_percent, std::nullopt);
  EXPECT_EQ(first.memory_busy_percent, std::nullopt);
  EXPECT_EQ(first.memory_used_bytes, 10 * kGiB);
  EXPECT_EQ(first.memory_total_bytes, 40 * kGiB);
  ASSERT_TRUE(first.processes.has_value());
  ASSERT_EQ(first.processes->size(), 1u);
  EXPECT_EQ((*first.processes)[0].pid, 100u);

  const UsageSample& gpu = snapshot.gpus[0];  // the parent sees every instance's processes
  EXPECT_EQ(gpu.gpu_percent, std::nullopt);
  ASSERT_TRUE(gpu.processes.has_value());
  EXPECT_EQ(gpu.processes->size(), 2u);
}

TEST_F(SamplerTest, MigProcessesComeFromTheParentWhereTheInstanceCannotListThem) {
  json host = FakeHost({BusyMigGpu(0)});
  host["gpus"][0]["mig"][1]["processes_error"] = kNvmlNotSupported;
  GpuSampler sampler = Load(host);
  UsageSample second = sampler.Sample().slots[1];
  ASSERT_TRUE(second.processes.has_value());
  ASSERT_EQ(second.processes->size(), 1u);
  EXPECT_EQ((*second.processes)[0].pid, 200u);
  EXPECT_EQ((*second.processes)[0].used_memory_bytes, kGiB);
}

TEST_F(SamplerTest, AMissingUtilisationFunctionLeavesOnlyUtilisationUnknown) {
  json host = FakeHost({BusyGpu(0, 50, 50)});
  GpuSampler sampler = Load(host);
  host["missing"] = json::array({"nvmlDeviceGetUtilizationRates"});
  fake_->Write(host);
  UsageSample sample = sampler.Sample().slots[0];
  EXPECT_TRUE(sample.error.empty()) << sample.error;
  EXPECT_EQ(sample.gpu_percent, std::nullopt);
  EXPECT_EQ(sample.memory_used_bytes, 30 * kGiB);
  EXPECT_TRUE(sample.processes.has_value());
}

TEST_F(SamplerTest, AGpuLostAfterLoadingIsAnErrorInItsSampleOnly) {
  json host = FakeHost({BusyGpu(0, 10, 10), BusyGpu(1, 20, 20)});
  GpuSampler sampler = Load(host);
  host["gpus"][0]["lost"] = true;
  fake_->Write(host);
  UsageSnapshot snapshot = sampler.Sample();
  EXPECT_TRUE(Contains(snapshot.slots[0].error, "GPU is lost")) << snapshot.slots[0].error;
  EXPECT_EQ(snapshot.slots[0].gpu_percent, std::nullopt);
  EXPECT_EQ(snapshot.slots[0].memory_used_bytes, std::nullopt);
  EXPECT_TRUE(snapshot.slots[1].error.empty());
  EXPECT_EQ(snapshot.slots[1].gpu_percent, 20u);
}

TEST_F(SamplerTest, AChangedMigLayoutIsReportedNotMisread) {
  json host = FakeHost({BusyMigGpu(0)});
  GpuSampler sampler = Load(host);
  host["gpus"][0]["mig"][0]["uuid"] = FakeMigUuid(0, 9);  // instance re-created
  host["gpus"][0]["mig"][1]["error"] = kNvmlNotFound;     // instance destroyed
  fake_->Write(host);
  UsageSnapshot snapshot = sampler.Sample();
  EXPECT_TRUE(Contains(snapshot.slots[0].error, "out of date")) << snapshot.slots[0].error;
  EXPECT_EQ(snapshot.slots[0].memory_used_bytes, std::nullopt);
  EXPECT_TRUE(Contains(snapshot.slots[1].error, "Not Found")) << snapshot.slots[1].error;
}

TEST(GpuSampler, ASimulatedInventoryReadsAsUnknown) {
  auto inventory = DeclaredInventory({{"NVIDIA A100-SXM4-80GB", 80 * kGiB, {}},
                                      {"NVIDIA A100-SXM4-80GB", 80 * kGiB, {"3g.40gb"}}});
  ASSERT_TRUE(inventory.ok());
  GpuSampler sampler(nullptr, *inventory);
  UsageSnapshot snapshot = sampler.Sample();
  ASSERT_EQ(snapshot.slots.size(), 2u);
  EXPECT_EQ(snapshot.gpus.size(), 2u);
  for (const UsageSample& sample : snapshot.slots) {
    EXPECT_FALSE(sample.id.empty());
    EXPECT_TRUE(sample.error.empty());
    EXPECT_EQ(sample.gpu_percent, std::nullopt);
    EXPECT_EQ(sample.memory_used_bytes, std::nullopt);
    EXPECT_EQ(sample.processes, std::nullopt);
  }
}

}  // namespace
}  // namespace ds01::gpu
