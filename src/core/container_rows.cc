#include "core/container_rows.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/units.h"
#include "core/refusals.h"
#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {

std::string_view AuditName(api::Action action) {
  switch (action) {
    case api::Action::kConfirm:
      return "create";
    case api::Action::kRelease:
      return "release";
    case api::Action::kStart:
    case api::Action::kStartOutside:
      return "start";
    case api::Action::kStop:
    case api::Action::kExit:
      return "stop";
    case api::Action::kPause:
    case api::Action::kPauseOutside:
      return "pause";
    case api::Action::kUnpause:
    case api::Action::kUnpauseOutside:
      return "unpause";
    case api::Action::kRemove:
    case api::Action::kRemoveStopping:
    case api::Action::kVanish:
      return "remove";
    case api::Action::kExpire:
      return "container-expired";
    case api::Action::kEnter:
      return "enter";
  }
  return "change";
}

Status ContainerRows::Insert(store::ContainerRecord& record) {
  auto id = store::ContainerTable(tx_).Insert(record);
  if (!id.ok()) return id.error();
  record.id = *id;
  return Ok();
}

Result<std::string> ContainerRows::Apply(store::ContainerRecord& record, api::Action action,
                                         const Actor& actor, std::string detail,
                                         std::string_view audit_action) {
  auto next = api::Transition(record.state, action, record.name);
  if (!next.ok()) return next.error();
  const auto join = [&detail](const std::string& more) {
    if (more.empty()) return;
    detail = detail.empty() ? more : detail + "; " + more;
  };
  if (!next->has_value()) {
    auto freed = ledger_.Free(record.id);
    if (!freed.ok()) return freed.error();
    // Deleting the record deletes its claims and hold with it (ON DELETE CASCADE).
    DS01_RETURN_IF_ERROR(store::ContainerTable(tx_).Delete(record.id));
    if (!freed->empty()) join(fmt::format("freed GPU {}", fmt::join(*freed, ", ")));
  } else {
    const store::ContainerState from = record.state;
    record.state = **next;
    if (record.state == store::ContainerState::kRunning && from != store::ContainerState::kPaused) {
      record.started_at = ledger_.now();
      record.stopped_at.reset();  // seed 000: a start clears the "stopped" timestamp
      DS01_RETURN_IF_ERROR(store::HoldTable(tx_).Delete(record.id));
    }
    if (record.state == store::ContainerState::kStopped) record.stopped_at = ledger_.now();
    DS01_RETURN_IF_ERROR(store::ContainerTable(tx_).Update(record));
    if (record.state == store::ContainerState::kStopped) {
      auto gpus = HoldOrFree(record);
      if (!gpus.ok()) return gpus.error();
      join(*gpus);
    }
  }
  DS01_RETURN_IF_ERROR(ledger_.Audit(actor, audit_action.empty() ? AuditName(action) : audit_action,
                                     record, store::Outcome::kOk, detail));
  return detail;
}

Result<std::string> ContainerRows::HoldOrFree(const store::ContainerRecord& record) {
  auto claims = store::AllocationTable(tx_).ListOf(record.id);
  if (!claims.ok()) return claims.error();
  if (claims->empty()) return std::string();
  std::vector<std::string> names;
  for (const store::SlotClaim& claim : *claims) {
    names.push_back(SlotName(claim.slot_id, claim.mig_profile));
  }
  const auto hold_for = limits_(record.uid).gpu_hold_after_stop;
  if (hold_for <= std::chrono::seconds(0)) {
    auto freed = ledger_.Free(record.id);
    if (!freed.ok()) return freed.error();
    return fmt::format("freed {} at once (gpu_hold_after_stop is 0)", fmt::join(names, ", "));
  }
  DS01_RETURN_IF_ERROR(
      store::HoldTable(tx_).Put(store::Hold{record.id, ledger_.now(), ledger_.now() + hold_for}));
  return fmt::format("keeps {} for {}", fmt::join(names, ", "), FormatDuration(hold_for));
}

Status ContainerRows::RestoreAfterFailedStart(const store::ContainerRecord& before,
                                              const std::optional<store::Hold>& hold,
                                              bool had_slots, const Actor& actor, std::string why) {
  store::ContainerTable containers(tx_);
  auto current = containers.FindById(before.id);
  if (!current.ok()) return current.error();
  if (!current->has_value()) return Ok();
  store::ContainerRecord record = std::move(**current);
  record.state = before.state;
  record.started_at = before.started_at;
  record.stopped_at = before.stopped_at;
  DS01_RETURN_IF_ERROR(containers.Update(record));
  if (!had_slots) {
    auto freed = ledger_.Free(record.id);
    if (!freed.ok()) return freed.error();
  }
  if (hold) DS01_RETURN_IF_ERROR(store::HoldTable(tx_).Put(*hold));
  return ledger_.Audit(actor, "start", record, store::Outcome::kFailed, std::move(why));
}

Status ContainerRows::Amend(const store::ContainerRecord& record) {
  return store::ContainerTable(tx_).Update(record);
}

Status ContainerRows::KeepSpec(const store::ContainerRecord& record, std::string_view spec_record) {
  return store::ContainerTable(tx_).SetSpec(record.id, spec_record);
}

}  // namespace ds01::core
