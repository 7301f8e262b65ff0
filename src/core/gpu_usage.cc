#include "core/gpu_usage.h"

#include <algorithm>

namespace ds01::core {

GpuUsage::GpuUsage(const std::vector<gpu::Slot>& inventory, std::vector<store::ClaimView> claims)
    : inventory_(inventory), claims_(std::move(claims)) {
  for (const store::ClaimView& view : claims_) {
    by_uuid_.emplace(view.claim.slot_uuid, &view);
    slices_by_gpu_[view.claim.gpu_index] += view.claim.slices;
  }
}

const store::ClaimView* GpuUsage::ClaimOn(const gpu::Slot& slot) const {
  const auto it = by_uuid_.find(slot.uuid);
  return it == by_uuid_.end() ? nullptr : it->second;
}

int GpuUsage::SlicesClaimedOn(int gpu_index) const {
  const auto it = slices_by_gpu_.find(gpu_index);
  return it == slices_by_gpu_.end() ? 0 : it->second;
}

int GpuUsage::SlicesHeldBy(uid_t uid) const {
  int slices = 0;
  for (const store::ClaimView& view : claims_) {
    if (view.uid == uid) slices += view.claim.slices;
  }
  return slices;
}

std::vector<const store::ClaimView*> GpuUsage::ClaimsOf(uid_t uid) const {
  std::vector<const store::ClaimView*> mine;
  for (const store::ClaimView& view : claims_) {
    if (view.uid == uid) mine.push_back(&view);
  }
  return mine;
}

std::vector<const gpu::Slot*> GpuUsage::FreeSlots(
    Strategy strategy, const std::function<bool(const gpu::Slot&)>& wanted) const {
  std::vector<const gpu::Slot*> free;
  for (const gpu::Slot& slot : inventory_) {
    if (wanted(slot) && ClaimOn(slot) == nullptr) free.push_back(&slot);
  }
  std::stable_sort(free.begin(), free.end(), [&](const gpu::Slot* a, const gpu::Slot* b) {
    const int load_a = SlicesClaimedOn(a->gpu_index);
    const int load_b = SlicesClaimedOn(b->gpu_index);
    if (load_a != load_b) return strategy == Strategy::kPack ? load_a > load_b : load_a < load_b;
    return a->gpu_index < b->gpu_index;
  });
  return free;
}

const gpu::Slot* GpuUsage::FindSlot(std::string_view id_or_uuid) const {
  for (const gpu::Slot& slot : inventory_) {
    if (slot.id == id_or_uuid || slot.uuid == id_or_uuid) return &slot;
  }
  return nullptr;
}

}  // namespace ds01::core
