#include "gpu/mig_profile.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "gpu/slot.h"

namespace ds01::gpu {
namespace {

constexpr long long kMaxGigabytes = 1 << 20;
constexpr std::string_view kExample = "write a profile such as 3g.40gb: <slices>g.<memory>gb";

Error NotAProfile(std::string_view text, std::string_view why) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "\"" + std::string(text) + "\" is not a MIG profile: " + std::string(why),
                   std::string(kExample));
}

// Reads a decimal number followed by suffix ("3g." → 3) and moves rest past both.
bool TakeNumber(std::string_view& rest, std::string_view suffix, long long& number) {
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (ec != std::errc() || end == rest.data()) return false;
  std::string_view after(end, static_cast<std::size_t>(rest.data() + rest.size() - end));
  if (after.substr(0, suffix.size()) != suffix) return false;
  rest = after.substr(suffix.size());
  return true;
}

bool IsEngineSuffix(std::string_view rest) {
  if (rest.empty()) return true;
  if (rest.front() != '+' && rest.front() != '-') return false;
  return std::all_of(rest.begin() + 1, rest.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
  });
}

}  // namespace

Result<MigProfile> ParseMigProfile(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view rest = lowered;
  MigProfile profile;
  profile.name = lowered;

  long long compute = 0;
  std::string_view probe = rest;
  if (TakeNumber(probe, "c.", compute)) {
    rest = probe;
    profile.compute_instance = true;
  }
  long long gpu_slices = 0;
  long long gigabytes = 0;
  if (!TakeNumber(rest, "g.", gpu_slices) || !TakeNumber(rest, "gb", gigabytes) ||
      !IsEngineSuffix(rest)) {
    return NotAProfile(text, "expected <slices>g.<memory>gb");
  }
  if (gpu_slices < 1 || gpu_slices > kSlicesPerGpu) {
    return NotAProfile(text, "a GPU has 1 to 7 compute slices");
  }
  if (profile.compute_instance && (compute < 1 || compute > gpu_slices)) {
    return NotAProfile(text, "a compute instance has 1 to its GPU instance's slices");
  }
  if (gigabytes < 1 || gigabytes > kMaxGigabytes) {
    return NotAProfile(text, "the memory must be 1gb to 1048576gb");
  }
  profile.gpu_instance_slices = static_cast<int>(gpu_slices);
  profile.slices =
      profile.compute_instance ? static_cast<int>(compute) : profile.gpu_instance_slices;
  profile.memory_bytes = static_cast<unsigned long long>(gigabytes) << 30;
  return profile;
}

Result<MigProfile> MigProfileFromDeviceName(std::string_view device_name) {
  constexpr std::string_view kMarker = " MIG ";
  std::size_t at = device_name.rfind(kMarker);
  if (at == std::string_view::npos) {
    return MakeError(ErrorCode::kProtocol,
                     "MIG device name \"" + std::string(device_name) + "\" names no profile",
                     "update the NVIDIA driver; MIG device names end in \"MIG <profile>\"");
  }
  return ParseMigProfile(device_name.substr(at + kMarker.size()));
}

}  // namespace ds01::gpu
