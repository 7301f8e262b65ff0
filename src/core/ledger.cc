#include "core/ledger.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/refusals.h"
#include "store/allocation_table.h"
#include "store/audit_log.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {

std::string AuditTarget(const store::ContainerRecord& record) {
  return record.user + "/" + record.name;
}

std::string DescribeSlots(const std::vector<gpu::Slot>& slots) {
  if (slots.empty()) return "no GPU";
  std::vector<std::string> names;
  for (const gpu::Slot& slot : slots) names.push_back(SlotName(slot.id, slot.mig_profile));
  return fmt::format("{}", fmt::join(names, ", "));
}

Status Ledger::Claim(std::int64_t container_id, const std::vector<gpu::Slot>& slots) {
  store::AllocationTable allocations(tx_);
  for (const gpu::Slot& slot : slots) {
    DS01_RETURN_IF_ERROR(allocations.Insert(store::SlotClaim{
        slot.id, slot.uuid, slot.gpu_index, slot.mig_profile, slot.slices, container_id, now_}));
  }
  return Ok();
}

Result<std::vector<std::string>> Ledger::Free(std::int64_t container_id) {
  store::AllocationTable allocations(tx_);
  auto claims = allocations.ListOf(container_id);
  if (!claims.ok()) return claims.error();
  std::vector<std::string> freed;
  for (const store::SlotClaim& claim : *claims) freed.push_back(claim.slot_id);
  if (!freed.empty()) {
    auto deleted = allocations.DeleteOf(container_id);
    if (!deleted.ok()) return deleted.error();
  }
  DS01_RETURN_IF_ERROR(store::HoldTable(tx_).Delete(container_id));
  return freed;
}

Result<std::vector<ReleasedHold>> Ledger::ExpireDueHolds() {
  auto due = store::HoldTable(tx_).ListDueBy(now_);
  if (!due.ok()) return due.error();
  std::vector<ReleasedHold> released;
  store::ContainerTable containers(tx_);
  for (const store::Hold& hold : *due) {
    auto record = containers.FindById(hold.container_id);
    if (!record.ok()) return record.error();
    if (!record->has_value()) continue;  // the foreign key makes this unreachable
    auto freed = Free(hold.container_id);
    if (!freed.ok()) return freed.error();
    const store::ContainerRecord& r = **record;
    DS01_RETURN_IF_ERROR(Audit(Actor::Daemon(), "hold-expired", r, store::Outcome::kOk,
                               fmt::format("freed {}", fmt::join(*freed, ", "))));
    released.push_back(ReleasedHold{r.uid, r.user, r.name, std::move(*freed), hold.expires_at});
  }
  return released;
}

Status Ledger::Audit(const Actor& actor, std::string_view action,
                     const store::ContainerRecord& record, store::Outcome outcome,
                     std::string detail) {
  auto appended = store::AuditLog(tx_).Append(
      store::AuditEvent{0, now_, actor.uid, actor.name, std::string(action), AuditTarget(record),
                        outcome, std::move(detail)});
  if (!appended.ok()) return appended.error();
  return Ok();
}

}  // namespace ds01::core
