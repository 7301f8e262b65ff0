#include "core/container_view.h"

#include <map>
#include <utility>

#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {

std::string_view ContainerView::gpu_state() const {
  if (slots.empty()) return "none";
  return hold_expires_at ? "held" : "allocated";
}

Result<std::vector<ContainerView>> ContainerViews::List(std::optional<uid_t> uid) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  store::ContainerTable containers(*tx);
  auto records = uid ? containers.ListOf(*uid) : containers.List();
  if (!records.ok()) return records.error();
  auto claims = store::AllocationTable(*tx).ListWithHolders();
  if (!claims.ok()) return claims.error();
  std::map<std::int64_t, std::vector<store::ClaimView*>> by_container;
  for (store::ClaimView& view : *claims) by_container[view.claim.container_id].push_back(&view);

  std::vector<ContainerView> views;
  views.reserve(records->size());
  for (store::ContainerRecord& record : *records) {
    ContainerView view;
    const auto it = by_container.find(record.id);
    if (it != by_container.end()) {
      for (store::ClaimView* claim : it->second) {
        view.slots.push_back(std::move(claim->claim));
        view.hold_expires_at = claim->hold_expires_at;
      }
    }
    view.record = std::move(record);
    views.push_back(std::move(view));
  }
  return views;
}

Result<std::optional<ContainerView>> ContainerViews::Find(uid_t uid, std::string_view name) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  auto record = store::ContainerTable(*tx).Find(uid, name);
  if (!record.ok()) return record.error();
  if (!record->has_value()) return std::optional<ContainerView>();
  ContainerView view;
  view.record = std::move(**record);
  auto slots = store::AllocationTable(*tx).ListOf(view.record.id);
  if (!slots.ok()) return slots.error();
  view.slots = std::move(*slots);
  auto hold = store::HoldTable(*tx).Find(view.record.id);
  if (!hold.ok()) return hold.error();
  if (hold->has_value() && !view.slots.empty()) view.hold_expires_at = (*hold)->expires_at;
  return std::optional<ContainerView>(std::move(view));
}

Result<std::optional<uid_t>> ContainerViews::OwnerUid(std::string_view user) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  auto records = store::ContainerTable(*tx).List();
  if (!records.ok()) return records.error();
  for (const store::ContainerRecord& record : *records) {
    if (record.user == user) return std::optional<uid_t>(record.uid);
  }
  return std::optional<uid_t>();
}

}  // namespace ds01::core
