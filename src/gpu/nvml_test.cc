#include "gpu/nvml.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gpu/fake_gpus_for_test.h"

namespace ds01::gpu {
namespace {

using testing::FakeGpu;
using testing::FakeGpuUuid;
using testing::FakeHost;
using testing::FakeNvmlConfig;
using testing::FakeProcesses;
using testing::FakeSplitA100;
using testing::json;
using testing::kA100;
using testing::kGiB;

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::shared_ptr<Nvml> OpenFake(const char* path = FAKE_NVML_PATH) {
  auto nvml = Nvml::Open(path);
  EXPECT_TRUE(nvml.ok()) << nvml.error().ToString();
  return nvml.ok() ? *nvml : nullptr;
}

TEST(Nvml, MissingLibraryIsAClearErrorNotACrash) {
  auto nvml = Nvml::Open("/nonexistent/libnvidia-ml.so.1");
  ASSERT_FALSE(nvml.ok());
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(nvml.error().message, "NVML not available"));
  EXPECT_TRUE(Contains(nvml.error().message, "cannot open shared object file"));
  EXPECT_TRUE(Contains(nvml.error().hint, "gpus:"));
  EXPECT_TRUE(Contains(nvml.error().hint, "DS01_NVML_LIBRARY"));
}

TEST(Nvml, ALibraryWithoutNvmlIsRefused) {
  auto nvml = Nvml::Open("libm.so.6");
  ASSERT_FALSE(nvml.ok());
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(nvml.error().message, "lacks nvmlInit")) << nvml.error().message;
}

TEST(Nvml, DriverNotLoadedIsAClearError) {
  json host = FakeHost({});
  host["init_error"] = 9;
  FakeNvmlConfig fake(host);
  auto nvml = Nvml::Open(FAKE_NVML_PATH);
  ASSERT_FALSE(nvml.ok());
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(nvml.error().message, "Driver Not Loaded")) << nvml.error().message;
  EXPECT_TRUE(Contains(nvml.error().message, "NVML error 9"));
}

TEST(Nvml, ReadsTheDriverAndItsGpus) {
  FakeNvmlConfig fake(FakeHost({FakeGpu(0), FakeGpu(1)}));
  auto nvml = OpenFake();
  ASSERT_NE(nvml, nullptr);
  EXPECT_EQ(nvml->DriverVersion().value, "550.54.14");
  ASSERT_EQ(nvml->DeviceCount().value, 2u);
  auto second = nvml->DeviceByIndex(1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(nvml->Uuid(second.value).value, FakeGpuUuid(1));
  EXPECT_EQ(nvml->Name(second.value).value, kA100);
  EXPECT_EQ(nvml->Memory(second.value).value.total, 80 * kGiB);
  EXPECT_EQ(nvml->DeviceByIndex(2).code, kNvmlInvalidArgument);
  EXPECT_TRUE(nvml->missing_functions().empty());
}

TEST(Nvml, UsesTheNewestProcessQueryWithInstanceIds) {
  json gpu = FakeGpu(0);
  gpu["processes"] =
      json::array({{{"pid", 4242}, {"used_memory", 3 * kGiB}, {"gpu_instance_id", 5}}});
  FakeNvmlConfig fake(FakeHost({gpu}));
  auto nvml = OpenFake();
  auto processes = nvml->ComputeProcesses(nvml->DeviceByIndex(0).value);
  ASSERT_TRUE(processes.ok());
  ASSERT_EQ(processes.value.size(), 1u);
  EXPECT_EQ(processes.value[0].pid, 4242u);
  EXPECT_EQ(processes.value[0].used_memory_bytes, 3 * kGiB);
  EXPECT_EQ(processes.value[0].gpu_instance_id, 5u);  // only the _v2/_v3 struct carries it
}

TEST(Nvml, ProcessListsLongerThanTheFirstBufferAreReadWhole) {
  const int count = static_cast<int>(kFirstProcessBufferSize) * 2 + 5;
  json gpu = FakeGpu(0);
  gpu["processes"] = FakeProcesses(count, 1000);
  FakeNvmlConfig fake(FakeHost({gpu}));
  for (const char* library : {FAKE_NVML_PATH, FAKE_NVML_LEGACY_PATH}) {
    auto nvml = OpenFake(library);
    auto processes = nvml->ComputeProcesses(nvml->DeviceByIndex(0).value);
    ASSERT_TRUE(processes.ok()) << library;
    ASSERT_EQ(processes.value.size(), static_cast<std::size_t>(count)) << library;
    for (int i = 0; i < count; ++i) {
      EXPECT_EQ(processes.value[i].pid, 1000u + i) << library;
      EXPECT_EQ(processes.value[i].used_memory_bytes, (i + 1) * (1ull << 20)) << library;
    }
  }
}

TEST(Nvml, UnavailableProcessMemoryIsUnknownNotHuge) {
  json gpu = FakeGpu(0);
  gpu["processes"] = json::array({{{"pid", 7}, {"used_memory", nullptr}}});
  FakeNvmlConfig fake(FakeHost({gpu}));
  auto nvml = OpenFake();
  auto processes = nvml->ComputeProcesses(nvml->DeviceByIndex(0).value);
  ASSERT_EQ(processes.value.size(), 1u);
  EXPECT_EQ(processes.value[0].used_memory_bytes, std::nullopt);
}

TEST(Nvml, AnOldDriverLoadsWithUnversionedSymbolsAndLosesOnlyMig) {
  json gpu = FakeGpu(0);
  gpu["processes"] = json::array({{{"pid", 99}, {"used_memory", kGiB}}});
  FakeNvmlConfig fake(FakeHost({gpu}));
  auto nvml = OpenFake(FAKE_NVML_LEGACY_PATH);
  ASSERT_NE(nvml, nullptr);
  const auto& missing = nvml->missing_functions();
  for (const char* function : {"nvmlDeviceGetMigMode", "nvmlErrorString"}) {
    EXPECT_NE(std::find(missing.begin(), missing.end(), function), missing.end()) << function;
  }
  auto device = nvml->DeviceByIndex(0);
  ASSERT_TRUE(device.ok());
  EXPECT_EQ(nvml->MigEnabled(device.value).code, kNvmlFunctionNotFound);
  auto processes = nvml->ComputeProcesses(device.value);  // the short v1 struct
  ASSERT_EQ(processes.value.size(), 1u);
  EXPECT_EQ(processes.value[0].pid, 99u);
  EXPECT_EQ(processes.value[0].used_memory_bytes, kGiB);
  EXPECT_EQ(processes.value[0].gpu_instance_id, std::nullopt);
  EXPECT_EQ(nvml->ErrorString(kNvmlGpuIsLost), "GPU is lost");  // without nvmlErrorString
}

TEST(Nvml, AFunctionTheDriverDoesNotHaveFailsThatCallOnly) {
  json host = FakeHost({FakeGpu(0)});
  host["missing"] = json::array({"nvmlDeviceGetUtilizationRates"});
  FakeNvmlConfig fake(host);
  auto nvml = OpenFake();
  auto device = nvml->DeviceByIndex(0).value;
  EXPECT_EQ(nvml->Utilization(device).code, kNvmlFunctionNotFound);
  EXPECT_TRUE(nvml->Memory(device).ok());
}

TEST(Nvml, ReadsMigDevicesAndTheirInstances) {
  FakeNvmlConfig fake(FakeHost({FakeSplitA100(0)}));
  auto nvml = OpenFake();
  auto gpu = nvml->DeviceByIndex(0).value;
  EXPECT_TRUE(nvml->MigEnabled(gpu).value);
  EXPECT_EQ(nvml->MaxMigDeviceCount(gpu).value, 7u);
  auto mig = nvml->MigDeviceByIndex(gpu, 1);
  ASSERT_TRUE(mig.ok());
  EXPECT_EQ(nvml->Name(mig.value).value, std::string(kA100) + " MIG 2g.20gb");
  EXPECT_EQ(nvml->GpuInstanceId(mig.value).value, 2u);
  EXPECT_EQ(nvml->Utilization(mig.value).code, kNvmlNotSupported);
  EXPECT_EQ(nvml->MigDeviceByIndex(gpu, 3).code, kNvmlNotFound);
}

TEST(Nvml, CallErrorsNameTheFunctionTheCodeAndAFix) {
  FakeNvmlConfig fake(FakeHost({FakeGpu(0)}));
  auto nvml = OpenFake();
  Error lost = nvml->CallError("nvmlDeviceGetUUID", kNvmlGpuIsLost);
  EXPECT_EQ(lost.code, ErrorCode::kUnavailable);
  EXPECT_EQ(lost.message, "nvmlDeviceGetUUID failed: GPU is lost (NVML error 15)");
  EXPECT_TRUE(Contains(lost.hint, "reset"));
}

}  // namespace
}  // namespace ds01::gpu
