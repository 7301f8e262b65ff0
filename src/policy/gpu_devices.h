#pragma once

#include <string>
#include <string_view>

namespace ds01::policy {

/// Knows which device nodes reach a GPU: the NVIDIA ones (/dev/nvidia*, their character
/// major 195 and the majors /proc/devices names nvidia-*) and DRM's (/dev/dri/*, major 226).
/// ds01 hands GPUs out itself, so no container gets one of these any other way.
class GpuDevices {
 public:
  /// Device nodes live under `dev_dir`; the kernel's device list is `proc_devices`.
  explicit GpuDevices(std::string dev_dir = "/dev", std::string proc_devices = "/proc/devices");

  /// True when `path` (a host device path as a request names it) reaches a GPU: by its name,
  /// or by what it is once its symlinks are followed (/dev/char/195:0 is /dev/nvidia0).
  bool Reaches(std::string_view path) const;
  /// True when this host has any GPU device node: a privileged container would see them all.
  bool HostHasAny() const;

 private:
  bool IsGpuMajor(unsigned major) const;

  std::string dev_dir_;
  std::string proc_devices_;
};

}  // namespace ds01::policy
