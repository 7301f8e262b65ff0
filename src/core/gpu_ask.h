#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"

namespace ds01::core {

/// `count` whole GPUs (`--gpu=N`); zero is a CPU-only container. Whole GPUs are given only
/// to users whose limits allow them (allow_full_gpu); others are told to ask for a MIG
/// profile instead — N never silently turns into MIG slices.
struct WholeGpus {
  int count = 0;
};

/// One MIG instance of `profile`, e.g. "3g.40gb".
struct MigInstance {
  std::string profile;
};

/// Exactly these slots, by gpu::Slot id ("2", "7:3") or UUID.
struct NamedSlots {
  std::vector<std::string> ids;
};

/// What a container asks for in GPUs.
using GpuAsk = std::variant<WholeGpus, MigInstance, NamedSlots>;

/// The stored form of an ask, kept with the container so that a restart after its hold has
/// expired can ask again: "" (no GPU), "gpus:2", "mig:3g.40gb", "slots:0,7:3".
std::string EncodeGpuAsk(const GpuAsk& ask);
/// The ask a stored form names; kInvalidArgument for anything EncodeGpuAsk does not write.
Result<GpuAsk> DecodeGpuAsk(std::string_view text);
/// The ask for people: "no GPU", "2 GPUs", "a 3g.40gb MIG instance", "GPUs 0, 7:3".
std::string DescribeGpuAsk(const GpuAsk& ask);
/// Checks an ask's shape (a count of at least 0, a profile, distinct named slots).
Status ValidateGpuAsk(const GpuAsk& ask);

}  // namespace ds01::core
