#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "core/gpu_usage.h"
#include "gpu/slot.h"
#include "store/records.h"

namespace ds01::core {

// The allocator's refusals: each says what was refused, with the numbers behind it, and a
// hint that names the fix (STYLE.md). Kept apart so the wording is in one place.

/// GPU-equivalents for people: "1.0", "0.43", "1.5" (slices are sevenths of a GPU).
std::string FormatGpus(double gpus);
/// FormatGpus of `slices` sevenths.
std::string FormatSlices(int slices);
/// A slot for people: "GPU 2" for a whole GPU, "GPU 7:3 (1g.10gb)" for a MIG instance.
std::string SlotName(std::string_view slot_id, std::string_view mig_profile);

Error ContainerExists(std::string_view name);
Error NoSuchContainer(std::string_view name);
/// "Container 'train' is busy": a change to it the user asked for is still under way.
Error ContainerBusy(std::string_view name);
Error ContainerLimitReached(const std::vector<store::ContainerRecord>& mine, int max_containers);
Error WholeGpusNotAllowed(const GpuUsage& usage, std::string_view name);
Error PerContainerLimit(std::string_view name, int ask_slices, double max_per_container);
/// "GPU limit reached: you hold 1.0 of 1.0 GPU-equivalents (container 'train' holds GPU 2)".
Error GpuLimitReached(const GpuUsage& usage, uid_t uid, double max_gpus, std::string_view name,
                      int ask_slices, store::TimePoint now);
/// "No free GPU: 8 of 8 allocated (…)"; the ask was for `count` whole GPUs.
Error NoFreeGpu(const GpuUsage& usage, uid_t uid, int count, store::TimePoint now);
/// "No free MIG instance 3g.40gb: 2 of 2 allocated (…)".
Error NoFreeMigInstance(const GpuUsage& usage, uid_t uid, std::string_view profile,
                        store::TimePoint now);
Error UnknownMigProfile(const GpuUsage& usage, std::string_view profile);
Error UnknownSlot(const GpuUsage& usage, std::string_view id);
Error SlotTaken(const gpu::Slot& slot, const store::ClaimView& holder, uid_t uid);

}  // namespace ds01::core
