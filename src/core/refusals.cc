#include "core/refusals.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "common/units.h"

namespace ds01::core {
namespace {

// Until the queue exists (a later issue), a hint may not send anyone to it.
constexpr std::string_view kWaitHint = "try again when a GPU is free (gpus shows which are taken)";

// "container 'train' holds GPU 2" or "container 'old' keeps GPU 3 for 12m after its stop",
// one entry per container of `uid`.
std::vector<std::string> DescribeHoldings(const GpuUsage& usage, uid_t uid, store::TimePoint now) {
  std::map<std::string, std::vector<const store::ClaimView*>> by_container;
  for (const store::ClaimView* view : usage.ClaimsOf(uid)) {
    by_container[view->container_name].push_back(view);
  }
  std::vector<std::string> entries;
  for (const auto& [name, views] : by_container) {
    std::vector<std::string> slots;
    for (const store::ClaimView* view : views) {
      slots.push_back(SlotName(view->claim.slot_id, view->claim.mig_profile));
    }
    const auto& hold = views.front()->hold_expires_at;
    if (hold) {
      const auto left = std::chrono::duration_cast<std::chrono::seconds>(*hold - now);
      entries.push_back(fmt::format("container '{}' keeps {} for {} after its stop", name,
                                    fmt::join(slots, ", "),
                                    FormatDuration(std::max(left, std::chrono::seconds(0)))));
    } else {
      entries.push_back(fmt::format("container '{}' holds {}", name, fmt::join(slots, ", ")));
    }
  }
  return entries;
}

// Names of `uid`'s stopped containers that keep slots, for "remove it to free them" hints.
std::vector<std::string> HeldContainersOf(const GpuUsage& usage, uid_t uid) {
  std::vector<std::string> names;
  for (const store::ClaimView* view : usage.ClaimsOf(uid)) {
    const std::string quoted = "'" + view->container_name + "'";
    if (view->hold_expires_at && std::find(names.begin(), names.end(), quoted) == names.end()) {
      names.push_back(quoted);
    }
  }
  return names;
}

// "3g.40gb ×1, 1g.10gb ×5": the MIG profiles with a free instance now.
std::string FreeMigProfiles(const GpuUsage& usage) {
  std::map<std::string, int> free;
  for (const gpu::Slot* slot :
       usage.FreeSlots(Strategy::kLeastLoaded, [](const gpu::Slot& s) { return s.is_mig(); })) {
    ++free[slot->mig_profile];
  }
  std::vector<std::string> parts;
  for (const auto& [profile, count] : free) parts.push_back(fmt::format("{} ×{}", profile, count));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<std::string> ProfilesOnServer(const GpuUsage& usage) {
  std::vector<std::string> profiles;
  for (const gpu::Slot& slot : usage.inventory()) {
    if (slot.is_mig() &&
        std::find(profiles.begin(), profiles.end(), slot.mig_profile) == profiles.end()) {
      profiles.push_back(slot.mig_profile);
    }
  }
  return profiles;
}

// How many slots of a kind exist, and how many of them are in use or held.
struct Tally {
  int total = 0;
  int in_use = 0;
  int held = 0;
};

Tally Count(const GpuUsage& usage, const std::function<bool(const gpu::Slot&)>& wanted) {
  Tally tally;
  for (const gpu::Slot& slot : usage.inventory()) {
    if (!wanted(slot)) continue;
    ++tally.total;
    if (const store::ClaimView* claim = usage.ClaimOn(slot)) {
      ++(claim->hold_expires_at ? tally.held : tally.in_use);
    }
  }
  return tally;
}

// "6 in use, 2 held for stopped containers; yours: container 'old' keeps GPU 3 for 12m after
// its stop".
std::string Breakdown(const Tally& tally, const GpuUsage& usage, uid_t uid, store::TimePoint now) {
  std::string text =
      fmt::format("{} in use, {} held for stopped containers", tally.in_use, tally.held);
  const auto mine = DescribeHoldings(usage, uid, now);
  if (!mine.empty()) text += fmt::format("; yours: {}", fmt::join(mine, "; "));
  return text;
}

std::string NoFreeHint(const GpuUsage& usage, uid_t uid) {
  std::string hint(kWaitHint);
  const std::string mig = FreeMigProfiles(usage);
  if (!mig.empty()) hint += ", or ask for a MIG profile that is free now (" + mig + ")";
  const auto held = HeldContainersOf(usage, uid);
  if (!held.empty()) {
    hint += fmt::format(", or remove your stopped {} to free what it keeps", fmt::join(held, ", "));
  }
  return hint;
}

}  // namespace

std::string FormatGpus(double gpus) {
  std::string text = fmt::format("{:.2f}", gpus);
  while (text.back() == '0' && text[text.size() - 2] != '.') text.pop_back();
  return text;
}

std::string FormatSlices(int slices) {
  return FormatGpus(static_cast<double>(slices) / gpu::kSlicesPerGpu);
}

std::string SlotName(std::string_view slot_id, std::string_view mig_profile) {
  if (mig_profile.empty()) return fmt::format("GPU {}", slot_id);
  return fmt::format("GPU {} ({})", slot_id, mig_profile);
}

Error ContainerExists(std::string_view name) {
  return MakeError(
      ErrorCode::kConflict, fmt::format("Container '{}' already exists", name),
      fmt::format("choose another name, or remove the old one (container-remove {})", name));
}

Error NoSuchContainer(std::string_view name) {
  return MakeError(ErrorCode::kNotFound, fmt::format("No container '{}'", name),
                   "list yours with container-list");
}

Error ContainerBusy(std::string_view name) {
  return MakeError(
      ErrorCode::kConflict,
      fmt::format("Container '{}' is busy: an earlier change to it is still under way", name),
      "wait for it to finish (ds01 events --follow shows when), then try again");
}

Error ContainerLimitReached(const std::vector<store::ContainerRecord>& mine, int max_containers) {
  std::vector<std::string> names;
  for (const auto& record : mine) names.push_back("'" + record.name + "'");
  return MakeError(ErrorCode::kLimitExceeded,
                   fmt::format("Container limit reached: you have {} of {} containers ({})",
                               mine.size(), max_containers, fmt::join(names, ", ")),
                   "remove a container you no longer need (container-remove NAME)");
}

Error WholeGpusNotAllowed(const GpuUsage& usage, std::string_view name) {
  const auto profiles = ProfilesOnServer(usage);
  std::string hint;
  if (profiles.empty()) {
    hint = "this server has no MIG instances: ask an admin to allow you whole GPUs";
  } else {
    const std::string free = FreeMigProfiles(usage);
    hint = fmt::format("ask for a MIG profile instead, e.g. --mig={}{}", profiles.front(),
                       free.empty() ? "" : " (free now: " + free + ")");
  }
  return MakeError(ErrorCode::kLimitExceeded,
                   fmt::format("Whole GPUs are not part of your limits, so '{}' cannot have one "
                               "(allow_full_gpu is off)",
                               name),
                   hint);
}

Error PerContainerLimit(std::string_view name, int ask_slices, double max_per_container) {
  return MakeError(ErrorCode::kLimitExceeded,
                   fmt::format("Per-container GPU limit: '{}' asks for {} GPU-equivalents, at most "
                               "{} per container",
                               name, FormatSlices(ask_slices), FormatGpus(max_per_container)),
                   "ask for fewer GPUs (e.g. --gpu=1) or a smaller MIG profile");
}

Error GpuLimitReached(const GpuUsage& usage, uid_t uid, double max_gpus, std::string_view name,
                      int ask_slices, store::TimePoint now) {
  const int held = usage.SlicesHeldBy(uid);
  std::string message = fmt::format("GPU limit reached: you hold {} of {} GPU-equivalents",
                                    FormatSlices(held), FormatGpus(max_gpus));
  const auto holdings = DescribeHoldings(usage, uid, now);
  if (!holdings.empty()) message += fmt::format(" ({})", fmt::join(holdings, "; "));
  if (held < max_gpus * gpu::kSlicesPerGpu - 1e-9) {
    message += fmt::format(" and '{}' asks for {} more", name, FormatSlices(ask_slices));
  }
  const auto mine = usage.ClaimsOf(uid);
  const bool all_held = !mine.empty() && std::all_of(mine.begin(), mine.end(), [](const auto* v) {
    return v->hold_expires_at.has_value();
  });
  std::string hint = all_held ? "remove a stopped container to free what it keeps now, or " +
                                    std::string(kWaitHint)
                              : "stop or remove a container, or " + std::string(kWaitHint);
  return MakeError(ErrorCode::kLimitExceeded, std::move(message), std::move(hint));
}

Error NoFreeGpu(const GpuUsage& usage, uid_t uid, int count, store::TimePoint now) {
  const Tally tally = Count(usage, [](const gpu::Slot& s) { return !s.is_mig(); });
  if (tally.total == 0) {
    const auto profiles = ProfilesOnServer(usage);
    if (profiles.empty()) {
      return MakeError(ErrorCode::kConflict,
                       "This server has no GPUs (NVML found none and the config declares none)",
                       "create a CPU-only container (--gpu=0), or ask an admin to check the GPU "
                       "driver");
    }
    return MakeError(ErrorCode::kConflict,
                     "This server has no whole GPUs: every GPU is split into MIG instances",
                     fmt::format("ask for a MIG profile: {}", fmt::join(profiles, ", ")));
  }
  const int taken = tally.in_use + tally.held;
  const int free = tally.total - taken;
  std::string message = free == 0
                            ? fmt::format("No free GPU: {} of {} allocated", taken, tally.total)
                            : fmt::format("Not enough free GPUs: {} asked for, {} of {} free",
                                          count, free, tally.total);
  message += " (" + Breakdown(tally, usage, uid, now) + ")";
  return MakeError(ErrorCode::kConflict, std::move(message), NoFreeHint(usage, uid));
}

Error NoFreeMigInstance(const GpuUsage& usage, uid_t uid, std::string_view profile,
                        store::TimePoint now) {
  const Tally tally =
      Count(usage, [profile](const gpu::Slot& s) { return s.mig_profile == profile; });
  return MakeError(
      ErrorCode::kConflict,
      fmt::format("No free MIG instance {}: {} of {} allocated ({})", profile,
                  tally.in_use + tally.held, tally.total, Breakdown(tally, usage, uid, now)),
      NoFreeHint(usage, uid));
}

Error UnknownMigProfile(const GpuUsage& usage, std::string_view profile) {
  const auto profiles = ProfilesOnServer(usage);
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("No MIG profile '{}' on this server", profile),
                   profiles.empty() ? std::string("this server has no MIG instances: ask for "
                                                  "whole GPUs (--gpu=N)")
                                    : fmt::format("ask for one of: {}", fmt::join(profiles, ", ")));
}

Error UnknownSlot(const GpuUsage& usage, std::string_view id) {
  std::vector<std::string> ids;
  for (const gpu::Slot& slot : usage.inventory()) ids.push_back(slot.id);
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("No GPU slot '{}' on this server", id),
                   ids.empty() ? std::string("this server has no GPUs")
                               : fmt::format("name one of: {}", fmt::join(ids, ", ")));
}

Error SlotTaken(const gpu::Slot& slot, const store::ClaimView& holder, uid_t uid) {
  const std::string what = SlotName(slot.id, slot.mig_profile);
  if (holder.uid == uid) {
    return MakeError(
        ErrorCode::kConflict,
        fmt::format("{} is already yours: container '{}' {} it", what, holder.container_name,
                    holder.hold_expires_at ? "keeps" : "holds"),
        fmt::format("remove '{}' first, or ask for any free GPU (--gpu=1)", holder.container_name));
  }
  return MakeError(ErrorCode::kConflict,
                   fmt::format("{} is allocated to another user's container", what),
                   "name a free slot (see `gpus`), ask for any free GPU (--gpu=1), or " +
                       std::string(kWaitHint));
}

}  // namespace ds01::core
