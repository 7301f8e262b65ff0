#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::gpu {

/// A MIG profile as NVIDIA names it: "3g.40gb" is a GPU instance of 3 compute slices with 40 GB
/// of memory; "1c.3g.40gb" is a compute instance of 1 slice inside such a GPU instance. A
/// suffix for extra engines ("1g.10gb+me") does not change the slices.
struct MigProfile {
  std::string name;                     // as written, lower-cased: "3g.40gb"
  int slices = 0;                       // compute slices it computes on: its weight is slices/7
  int gpu_instance_slices = 0;          // slices of the GPU instance it lives in
  unsigned long long memory_bytes = 0;  // the "40gb", read as GiB
  bool compute_instance = false;        // "1c.3g.40gb": shares its GPU instance's memory
};

/// Parses "3g.40gb", "1c.3g.40gb" or "1g.10gb+me": 1 to 7 slices and a memory size in gb.
Result<MigProfile> ParseMigProfile(std::string_view text);

/// The profile that ends a MIG device's name: "NVIDIA A100-SXM4-80GB MIG 3g.40gb" → 3g.40gb.
Result<MigProfile> MigProfileFromDeviceName(std::string_view device_name);

}  // namespace ds01::gpu
