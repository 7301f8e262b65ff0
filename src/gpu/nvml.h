#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01::gpu {

/// The library NVML ships as; the daemon lets $DS01_NVML_LIBRARY override it.
inline constexpr const char* kNvmlLibrary = "libnvidia-ml.so.1";

/// NVML return codes that ds01 branches on; any other code is only reported.
enum NvmlCode : int {
  kNvmlSuccess = 0,
  kNvmlInvalidArgument = 2,
  kNvmlNotSupported = 3,
  kNvmlNotFound = 6,
  kNvmlInsufficientSize = 7,
  kNvmlFunctionNotFound = 13,
  kNvmlGpuIsLost = 15,
};

/// How many processes the first process query makes room for; longer lists are retried.
inline constexpr unsigned kFirstProcessBufferSize = 16;

/// The outcome of one NVML call: NVML's return code, and the value when it is kNvmlSuccess.
template <typename T>
struct NvmlResult {
  int code = kNvmlSuccess;
  T value{};

  bool ok() const { return code == kNvmlSuccess; }
};

/// nvmlMemory_t, in bytes.
struct NvmlMemory {
  unsigned long long total = 0;
  unsigned long long free = 0;
  unsigned long long used = 0;
};

/// nvmlUtilization_t: percent of the last sample period the GPU / memory was busy.
struct NvmlUtilization {
  unsigned gpu = 0;
  unsigned memory = 0;
};

/// One compute process on a device.
struct NvmlProcess {
  unsigned pid = 0;
  std::optional<unsigned long long> used_memory_bytes;  // unknown where NVML cannot tell
  std::optional<unsigned> gpu_instance_id;              // unknown from the oldest query
};

/// The NVIDIA management library, opened with dlopen and initialised: the NVML functions ds01
/// uses, each bound to the newest symbol the library exports (`_v3`, `_v2`, then unversioned),
/// as go-nvml does. Only init, shutdown, the device count and handle lookup are required; a
/// missing optional symbol makes its calls answer kNvmlFunctionNotFound, which degrades that
/// one feature. Thread-safe: NVML is, and this class holds no mutable state.
class Nvml {
 public:
  /// An opaque device handle (nvmlDevice_t): a whole GPU or a MIG device.
  using Device = struct NvmlDevice*;

  /// Opens and initialises the library at path (a file name or a path, as dlopen takes it).
  /// A missing library or driver is a kUnavailable Error that says GPUs then come from the
  /// config's gpus: list.
  static Result<std::shared_ptr<Nvml>> Open(const std::string& path = kNvmlLibrary);

  /// Shuts NVML down and closes the library.
  ~Nvml();
  Nvml(const Nvml&) = delete;
  Nvml& operator=(const Nvml&) = delete;

  /// The path the library was opened from.
  const std::string& path() const { return path_; }
  /// The optional NVML functions this library lacks (their features are unavailable).
  const std::vector<std::string>& missing_functions() const { return missing_; }

  /// The driver version, e.g. "550.54.14".
  NvmlResult<std::string> DriverVersion() const;
  /// The number of physical GPUs (MIG devices are not counted).
  NvmlResult<unsigned> DeviceCount() const;
  /// The handle of physical GPU index.
  NvmlResult<Device> DeviceByIndex(unsigned index) const;
  /// "GPU-…" for a GPU, "MIG-…" for a MIG device.
  NvmlResult<std::string> Uuid(Device device) const;
  /// The product name; a MIG device's ends in " MIG <profile>".
  NvmlResult<std::string> Name(Device device) const;
  /// Framebuffer memory of a GPU or a MIG device.
  NvmlResult<NvmlMemory> Memory(Device device) const;
  /// Utilisation over the last sample period; kNvmlNotSupported on MIG devices.
  NvmlResult<NvmlUtilization> Utilization(Device device) const;
  /// Whether MIG mode is currently enabled; kNvmlNotSupported where the GPU cannot do MIG.
  NvmlResult<bool> MigEnabled(Device device) const;
  /// How many MIG device indices a GPU has (some may be empty).
  NvmlResult<unsigned> MaxMigDeviceCount(Device device) const;
  /// The MIG device at index on a GPU; kNvmlNotFound (or kNvmlInvalidArgument) where empty.
  NvmlResult<Device> MigDeviceByIndex(Device gpu, unsigned index) const;
  /// The GPU instance id of a MIG device.
  NvmlResult<unsigned> GpuInstanceId(Device mig_device) const;
  /// The compute processes on a device, however many there are.
  NvmlResult<std::vector<NvmlProcess>> ComputeProcesses(Device device) const;

  /// An Error for a failed call: "<function> failed: <NVML's text> (NVML error <code>)".
  Error CallError(std::string_view function, int code) const;
  /// NVML's text for a return code (nvmlErrorString where the library has it).
  std::string ErrorString(int code) const;

 private:
  struct Api;
  Nvml(std::string path, void* library, std::unique_ptr<Api> api, std::vector<std::string> missing);

  std::string path_;
  void* library_;
  std::unique_ptr<Api> api_;
  std::vector<std::string> missing_;
};

}  // namespace ds01::gpu
