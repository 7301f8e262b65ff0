#pragma once

#include <sys/types.h>

#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "store/records.h"
#include "store/store.h"

namespace ds01::core {

/// A container as the API shows it: its record, the slots it has (live or held) and when
/// its hold ends.
struct ContainerView {
  store::ContainerRecord record;
  std::vector<store::SlotClaim> slots;
  std::optional<store::TimePoint> hold_expires_at;

  /// "allocated" (slots in use), "held" (kept for a stopped container) or "none".
  std::string_view gpu_state() const;
  /// True for a running or paused container: one with processes.
  bool live() const {
    return record.state == store::ContainerState::kRunning ||
           record.state == store::ContainerState::kPaused;
  }
};

/// Reads containers together with their GPUs, each answer from one consistent snapshot; it
/// keeps nothing between calls.
class ContainerViews {
 public:
  explicit ContainerViews(store::Store& store) : store_(store) {}

  /// The containers of `uid`, or everyone's when unset; by uid, then name.
  Result<std::vector<ContainerView>> List(std::optional<uid_t> uid = std::nullopt);
  /// The container `name` of `uid`, or nullopt.
  Result<std::optional<ContainerView>> Find(uid_t uid, std::string_view name);
  /// The uid of the user called `user`, known from their containers; nullopt when they have
  /// none.
  Result<std::optional<uid_t>> OwnerUid(std::string_view user);

 private:
  store::Store& store_;
};

}  // namespace ds01::core
