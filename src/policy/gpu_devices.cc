#include "policy/gpu_devices.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/host_path.h"

namespace ds01::policy {
namespace {

constexpr unsigned kNvidiaMajor = 195;
constexpr unsigned kDrmMajor = 226;

bool NamedLikeAGpu(std::string_view normal, std::string_view dev_dir) {
  if (!IsWithin(normal, dev_dir)) return false;
  const std::string below = RelativeTo(normal, dev_dir);
  return below.starts_with("nvidia") || below == "dri" || below.starts_with("dri/");
}

}  // namespace

GpuDevices::GpuDevices(std::string dev_dir, std::string proc_devices)
    : dev_dir_(std::move(dev_dir)), proc_devices_(std::move(proc_devices)) {}

bool GpuDevices::Reaches(std::string_view path) const {
  auto normal = NormalizePath(path, "device");
  if (normal.ok() && NamedLikeAGpu(*normal, dev_dir_)) return true;
  // Device paths are the host's, not the user's: following their links as root tells nobody
  // anything they could not read in /dev themselves.
  std::error_code error;
  const auto real = std::filesystem::canonical(std::string(path), error);
  if (!error && NamedLikeAGpu(real.string(), dev_dir_)) return true;
  struct stat info {};
  return stat(std::string(path).c_str(), &info) == 0 && S_ISCHR(info.st_mode) &&
         IsGpuMajor(major(info.st_rdev));
}

bool GpuDevices::HostHasAny() const {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dev_dir_, error)) {
    if (NamedLikeAGpu(entry.path().string(), dev_dir_)) return true;
  }
  return false;
}

bool GpuDevices::IsGpuMajor(unsigned device_major) const {
  if (device_major == kNvidiaMajor || device_major == kDrmMajor) return true;
  // nvidia-uvm, nvidia-caps, nvidia-nvswitch … get majors at load time.
  std::ifstream devices(proc_devices_);
  std::string line;
  while (std::getline(devices, line)) {
    std::istringstream fields(line);
    unsigned number = 0;
    std::string name;
    if (fields >> number >> name && number == device_major && name.starts_with("nvidia")) {
      return true;
    }
  }
  return false;
}

}  // namespace ds01::policy
