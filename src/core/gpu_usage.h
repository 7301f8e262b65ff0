#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gpu/slot.h"
#include "store/records.h"

namespace ds01::core {

/// Which free slot to give first.
enum class Strategy {
  kLeastLoaded,  // spread: the physical GPU with the fewest claimed slices first
  kPack,         // fill: the physical GPU with the most claimed slices first
};

/// Who has which slot of the inventory — live or held — as read inside one transaction, and
/// the questions the allocator asks of that: what is free, how loaded each GPU is, how much a
/// user holds.
class GpuUsage {
 public:
  GpuUsage(const std::vector<gpu::Slot>& inventory, std::vector<store::ClaimView> claims);
  GpuUsage(GpuUsage&&) = default;
  GpuUsage(const GpuUsage&) = delete;  // the index points into claims_
  GpuUsage& operator=(const GpuUsage&) = delete;

  /// The claim on `slot` (matched by UUID, its stable identity), or nullptr when it is free.
  const store::ClaimView* ClaimOn(const gpu::Slot& slot) const;
  /// Slices claimed on the physical GPU `gpu_index` (sevenths of a GPU).
  int SlicesClaimedOn(int gpu_index) const;
  /// Slices claimed by every container of `uid`, running or held (sevenths of a GPU).
  int SlicesHeldBy(uid_t uid) const;
  /// The claims of `uid`'s containers, by GPU then slot.
  std::vector<const store::ClaimView*> ClaimsOf(uid_t uid) const;
  /// The free slots that `wanted` accepts, best first under `strategy`: by the load of their
  /// physical GPU (ascending for kLeastLoaded, descending for kPack), then by GPU index, then
  /// in inventory order.
  std::vector<const gpu::Slot*> FreeSlots(
      Strategy strategy, const std::function<bool(const gpu::Slot&)>& wanted) const;
  /// The inventory slot with this id or UUID, or nullptr.
  const gpu::Slot* FindSlot(std::string_view id_or_uuid) const;

  const std::vector<gpu::Slot>& inventory() const { return inventory_; }
  const std::vector<store::ClaimView>& claims() const { return claims_; }

 private:
  const std::vector<gpu::Slot>& inventory_;
  std::vector<store::ClaimView> claims_;
  std::map<std::string, const store::ClaimView*, std::less<>> by_uuid_;
  std::map<int, int> slices_by_gpu_;
};

}  // namespace ds01::core
