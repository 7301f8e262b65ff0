#include "gpu/nvml.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <utility>

namespace ds01::gpu {
namespace {

// NVML's structs as the library lays them out; declared here because Debian ships no nvml.h.
struct RawMemory {  // nvmlMemory_t
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};
struct RawUtilization {  // nvmlUtilization_t
  unsigned gpu;
  unsigned memory;
};
struct RawProcessV1 {  // nvmlProcessInfo_v1_t, filled by the unversioned process query
  unsigned pid;
  unsigned long long usedGpuMemory;
};
struct RawProcessV2 {  // nvmlProcessInfo_v2_t (= the v3 struct), filled by _v2 and _v3
  unsigned pid;
  unsigned long long usedGpuMemory;
  unsigned gpuInstanceId;
  unsigned computeInstanceId;
};
static_assert(sizeof(RawMemory) == 24 && sizeof(RawUtilization) == 8);
static_assert(sizeof(RawProcessV1) == 16 && sizeof(RawProcessV2) == 24);

// NVML_VALUE_NOT_AVAILABLE, e.g. a process's memory on a MIG device seen without privileges.
constexpr unsigned long long kValueNotAvailable = ~0ull;
constexpr unsigned kInstanceIdNotAvailable = ~0u;
constexpr unsigned kDriverVersionBufferSize = 80;  // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE
constexpr unsigned kDeviceBufferSize = 96;         // NVML_DEVICE_{UUID_V2,NAME_V2}_BUFFER_SIZE
constexpr int kProcessQueryAttempts = 4;
constexpr unsigned kProcessSlack = 8;  // room for processes that start between two queries

// NVML's own texts, for libraries too old to have nvmlErrorString.
const char* BuiltinErrorString(int code) {
  switch (code) {
    case 0:
      return "Success";
    case 1:
      return "Uninitialized";
    case 2:
      return "Invalid Argument";
    case 3:
      return "Not Supported";
    case 4:
      return "Insufficient Permissions";
    case 5:
      return "Already Initialized";
    case 6:
      return "Not Found";
    case 7:
      return "Insufficient Size";
    case 8:
      return "Insufficient External Power";
    case 9:
      return "Driver Not Loaded";
    case 10:
      return "Timeout";
    case 11:
      return "Interrupt request issue";
    case 12:
      return "NVML Shared Library Not Found";
    case 13:
      return "Function Not Found";
    case 14:
      return "Corrupted infoROM";
    case 15:
      return "GPU is lost";
    case 16:
      return "GPU requires restart";
    case 17:
      return "The operating system has blocked the request";
    case 18:
      return "RM has detected an NVML/RM version mismatch";
    case 19:
      return "In use by another client";
    case 20:
      return "Insufficient Memory";
    case 21:
      return "No data";
    default:
      return "Unknown Error";
  }
}

Error Unavailable(const std::string& detail) {
  return MakeError(ErrorCode::kUnavailable, "NVML not available: " + detail,
                   "install and load the NVIDIA driver (nvidia-smi must work), or point "
                   "DS01_NVML_LIBRARY at its libnvidia-ml.so.1; until then GPUs come from the "
                   "config's gpus: list (simulated)");
}

// Binds function pointers to the first of several symbol names a library exports.
class SymbolBinder {
 public:
  explicit SymbolBinder(void* library) : library_(library) {}

  /// Binds fn to the first name the library exports; false (and fn untouched) when none is.
  template <typename Fn>
  bool Find(Fn& fn, std::initializer_list<const char*> newest_first) const {
    for (const char* name : newest_first) {
      if (void* symbol = dlsym(library_, name)) {
        fn = reinterpret_cast<Fn>(symbol);
        return true;
      }
    }
    return false;
  }

  /// Find, remembering the unversioned name of a function the library lacks.
  template <typename Fn>
  void Bind(Fn& fn, std::initializer_list<const char*> newest_first) {
    if (!Find(fn, newest_first)) missing_.emplace_back(*std::prev(newest_first.end()));
  }

  /// The unversioned names of the functions Bind could not find.
  std::vector<std::string> TakeMissing() { return std::move(missing_); }

 private:
  void* library_;
  std::vector<std::string> missing_;
};

template <typename Raw>
NvmlProcess ToProcess(const Raw& raw) {
  NvmlProcess process;
  process.pid = raw.pid;
  if (raw.usedGpuMemory != kValueNotAvailable) process.used_memory_bytes = raw.usedGpuMemory;
  if constexpr (std::is_same_v<Raw, RawProcessV2>) {
    if (raw.gpuInstanceId != kInstanceIdNotAvailable) process.gpu_instance_id = raw.gpuInstanceId;
  }
  return process;
}

// Asks for the process list with a growing buffer while NVML answers "insufficient size".
template <typename Raw, typename Device>
NvmlResult<std::vector<NvmlProcess>> QueryProcesses(int (*query)(Device, unsigned*, void*),
                                                    Device device) {
  std::vector<Raw> buffer(kFirstProcessBufferSize);
  for (int attempt = 0; attempt < kProcessQueryAttempts; ++attempt) {
    unsigned count = static_cast<unsigned>(buffer.size());
    int code = query(device, &count, buffer.data());
    if (code == kNvmlInsufficientSize) {
      buffer.resize(std::max<std::size_t>(count + kProcessSlack, buffer.size() * 2));
      continue;
    }
    if (code != kNvmlSuccess) return {code, {}};
    std::vector<NvmlProcess> processes;
    for (unsigned i = 0; i < std::min<std::size_t>(count, buffer.size()); ++i) {
      processes.push_back(ToProcess(buffer[i]));
    }
    return {kNvmlSuccess, std::move(processes)};
  }
  return {kNvmlInsufficientSize, {}};
}

template <typename Fn, typename... Args>
NvmlResult<std::string> QueryString(Fn* fn, unsigned size, Args... args) {
  if (fn == nullptr) return {kNvmlFunctionNotFound, {}};
  std::vector<char> buffer(size, '\0');
  int code = fn(args..., buffer.data(), size);
  if (code != kNvmlSuccess) return {code, {}};
  return {code, std::string(buffer.data(), strnlen(buffer.data(), size))};
}

}  // namespace

// The bound entry points; null where the library lacks every version of a function.
struct Nvml::Api {
  int (*init)() = nullptr;
  int (*shutdown)() = nullptr;
  const char* (*error_string)(int) = nullptr;
  int (*driver_version)(char*, unsigned) = nullptr;
  int (*device_count)(unsigned*) = nullptr;
  int (*device_by_index)(unsigned, Device*) = nullptr;
  int (*uuid)(Device, char*, unsigned) = nullptr;
  int (*name)(Device, char*, unsigned) = nullptr;
  int (*memory)(Device, RawMemory*) = nullptr;
  int (*utilization)(Device, RawUtilization*) = nullptr;
  int (*mig_mode)(Device, unsigned*, unsigned*) = nullptr;
  int (*max_mig_device_count)(Device, unsigned*) = nullptr;
  int (*mig_device_by_index)(Device, unsigned, Device*) = nullptr;
  int (*gpu_instance_id)(Device, unsigned*) = nullptr;
  int (*processes_v2)(Device, unsigned*, void*) = nullptr;  // _v3 or _v2: RawProcessV2
  int (*processes_v1)(Device, unsigned*, void*) = nullptr;  // unversioned: RawProcessV1

  std::string ErrorText(int code) const {
    const char* text = error_string != nullptr ? error_string(code) : nullptr;
    return text != nullptr ? text : BuiltinErrorString(code);
  }
};

Result<std::shared_ptr<Nvml>> Nvml::Open(const std::string& path) {
  dlerror();
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    return Unavailable(why != nullptr ? std::string(why) : path + ": cannot be loaded");
  }
  auto api = std::make_unique<Api>();
  SymbolBinder required(library);
  required.Bind(api->init, {"nvmlInit_v2", "nvmlInit"});
  required.Bind(api->shutdown, {"nvmlShutdown"});
  required.Bind(api->device_count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  required.Bind(api->device_by_index,
                {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  if (auto lacking = required.TakeMissing(); !lacking.empty()) {
    dlclose(library);
    return Unavailable(
        fmt::format("{} lacks {}: not an NVML library", path, fmt::join(lacking, ", ")));
  }

  SymbolBinder optional(library);
  optional.Bind(api->error_string, {"nvmlErrorString"});
  optional.Bind(api->driver_version, {"nvmlSystemGetDriverVersion"});
  optional.Bind(api->uuid, {"nvmlDeviceGetUUID"});
  optional.Bind(api->name, {"nvmlDeviceGetName"});
  optional.Bind(api->memory, {"nvmlDeviceGetMemoryInfo"});
  optional.Bind(api->utilization, {"nvmlDeviceGetUtilizationRates"});
  optional.Bind(api->mig_mode, {"nvmlDeviceGetMigMode"});
  optional.Bind(api->max_mig_device_count, {"nvmlDeviceGetMaxMigDeviceCount"});
  optional.Bind(api->mig_device_by_index, {"nvmlDeviceGetMigDeviceHandleByIndex"});
  optional.Bind(api->gpu_instance_id, {"nvmlDeviceGetGpuInstanceId"});
  if (!optional.Find(api->processes_v2, {"nvmlDeviceGetComputeRunningProcesses_v3",
                                         "nvmlDeviceGetComputeRunningProcesses_v2"})) {
    optional.Bind(api->processes_v1, {"nvmlDeviceGetComputeRunningProcesses"});
  }

  if (int code = api->init(); code != kNvmlSuccess) {
    std::string why = fmt::format("the driver did not initialise: {} (NVML error {})",
                                  api->ErrorText(code), code);
    dlclose(library);
    return Unavailable(why);
  }
  return std::shared_ptr<Nvml>(new Nvml(path, library, std::move(api), optional.TakeMissing()));
}

Nvml::Nvml(std::string path, void* library, std::unique_ptr<Api> api,
           std::vector<std::string> missing)
    : path_(std::move(path)),
      library_(library),
      api_(std::move(api)),
      missing_(std::move(missing)) {}

Nvml::~Nvml() {
  api_->shutdown();
  dlclose(library_);
}

NvmlResult<std::string> Nvml::DriverVersion() const {
  return QueryString(api_->driver_version, kDriverVersionBufferSize);
}

NvmlResult<unsigned> Nvml::DeviceCount() const {
  NvmlResult<unsigned> result;
  result.code = api_->device_count(&result.value);
  return result;
}

NvmlResult<Nvml::Device> Nvml::DeviceByIndex(unsigned index) const {
  NvmlResult<Device> result;
  result.code = api_->device_by_index(index, &result.value);
  return result;
}

NvmlResult<std::string> Nvml::Uuid(Device device) const {
  return QueryString(api_->uuid, kDeviceBufferSize, device);
}

NvmlResult<std::string> Nvml::Name(Device device) const {
  return QueryString(api_->name, kDeviceBufferSize, device);
}

NvmlResult<NvmlMemory> Nvml::Memory(Device device) const {
  if (api_->memory == nullptr) return {kNvmlFunctionNotFound, {}};
  RawMemory raw{};
  int code = api_->memory(device, &raw);
  return {code, NvmlMemory{raw.total, raw.free, raw.used}};
}

NvmlResult<NvmlUtilization> Nvml::Utilization(Device device) const {
  if (api_->utilization == nullptr) return {kNvmlFunctionNotFound, {}};
  RawUtilization raw{};
  int code = api_->utilization(device, &raw);
  return {code, NvmlUtilization{raw.gpu, raw.memory}};
}

NvmlResult<bool> Nvml::MigEnabled(Device device) const {
  if (api_->mig_mode == nullptr) return {kNvmlFunctionNotFound, false};
  unsigned current = 0;
  unsigned pending = 0;
  int code = api_->mig_mode(device, &current, &pending);
  return {code, code == kNvmlSuccess && current == 1};
}

NvmlResult<unsigned> Nvml::MaxMigDeviceCount(Device device) const {
  if (api_->max_mig_device_count == nullptr) return {kNvmlFunctionNotFound, 0};
  NvmlResult<unsigned> result;
  result.code = api_->max_mig_device_count(device, &result.value);
  return result;
}

NvmlResult<Nvml::Device> Nvml::MigDeviceByIndex(Device gpu, unsigned index) const {
  if (api_->mig_device_by_index == nullptr) return {kNvmlFunctionNotFound, nullptr};
  NvmlResult<Device> result;
  result.code = api_->mig_device_by_index(gpu, index, &result.value);
  return result;
}

NvmlResult<unsigned> Nvml::GpuInstanceId(Device mig_device) const {
  if (api_->gpu_instance_id == nullptr) return {kNvmlFunctionNotFound, 0};
  NvmlResult<unsigned> result;
  result.code = api_->gpu_instance_id(mig_device, &result.value);
  return result;
}

NvmlResult<std::vector<NvmlProcess>> Nvml::ComputeProcesses(Device device) const {
  if (api_->processes_v2 != nullptr)
    return QueryProcesses<RawProcessV2>(api_->processes_v2, device);
  if (api_->processes_v1 != nullptr)
    return QueryProcesses<RawProcessV1>(api_->processes_v1, device);
  return {kNvmlFunctionNotFound, {}};
}

std::string Nvml::ErrorString(int code) const { return api_->ErrorText(code); }

Error Nvml::CallError(std::string_view function, int code) const {
  std::string message =
      fmt::format("{} failed: {} (NVML error {})", function, ErrorString(code), code);
  switch (code) {
    case kNvmlGpuIsLost:
      return MakeError(ErrorCode::kUnavailable, std::move(message),
                       "check the GPU with nvidia-smi; a lost GPU needs a reset or a reboot");
    case kNvmlFunctionNotFound:
    case kNvmlNotSupported:
      return MakeError(ErrorCode::kUnavailable, std::move(message),
                       "update the NVIDIA driver; this feature needs a newer NVML");
    case kNvmlNotFound:
      return MakeError(ErrorCode::kNotFound, std::move(message));
    case 4:  // NVML_ERROR_NO_PERMISSION
      return MakeError(ErrorCode::kPermissionDenied, std::move(message), "run ds01d as root");
    case 10:  // NVML_ERROR_TIMEOUT
      return MakeError(ErrorCode::kTimeout, std::move(message));
    default:
      return MakeError(ErrorCode::kInternal, std::move(message),
                       "check the driver with nvidia-smi and the kernel log (dmesg)");
  }
}

}  // namespace ds01::gpu
