#include "tests/stress/invariants.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::stress {
namespace {

int SlicesAllowed(double gpus) {
  return static_cast<int>(std::floor(gpus * gpu::kSlicesPerGpu + 1e-6));
}

std::vector<std::string> RawChecks(store::Connection& db) {
  std::vector<std::string> problems;
  auto fk = db.Prepare("PRAGMA foreign_key_check");
  if (!fk.ok()) {
    problems.push_back("PRAGMA foreign_key_check failed: " + fk.error().message);
  } else if (auto row = fk->Step(); !row.ok() || *row) {
    problems.push_back("a row breaks a foreign key (" + fk->Text(0) + ")");
  }
  auto twice =
      db.Prepare("SELECT slot_id, count(*) FROM allocations GROUP BY slot_id HAVING count(*) > 1");
  if (twice.ok()) {
    while (true) {
      auto row = twice->Step();
      if (!row.ok() || !*row) break;
      problems.push_back(fmt::format("slot {} is claimed {} times", twice->Text(0), twice->Int(1)));
    }
  }
  auto orphans = db.Prepare(
      "SELECT count(*) FROM allocations WHERE container_id NOT IN (SELECT id FROM containers)");
  if (orphans.ok() && orphans->Step().ok() && orphans->Int(0) != 0) {
    problems.push_back(fmt::format("{} claims belong to no container", orphans->Int(0)));
  }
  return problems;
}

// Whether `claims` are exactly what `ask` asked for.
bool Matches(const core::GpuAsk& ask, const std::vector<store::SlotClaim>& claims,
             const std::vector<gpu::Slot>& inventory) {
  if (const auto* whole = std::get_if<core::WholeGpus>(&ask)) {
    int count = 0;
    for (const auto& claim : claims) count += claim.mig_profile.empty() ? 1 : 0;
    return count == whole->count && claims.size() == static_cast<std::size_t>(whole->count);
  }
  if (const auto* mig = std::get_if<core::MigInstance>(&ask)) {
    return claims.size() == 1 && claims[0].mig_profile == mig->profile;
  }
  std::set<std::string> wanted;
  for (const std::string& id : std::get<core::NamedSlots>(ask).ids) {
    for (const gpu::Slot& slot : inventory) {
      if (slot.id == id || slot.uuid == id) wanted.insert(slot.id);
    }
  }
  std::set<std::string> got;
  for (const auto& claim : claims) got.insert(claim.slot_id);
  return got == wanted && got.size() == std::get<core::NamedSlots>(ask).ids.size();
}

}  // namespace

std::vector<std::string> CheckIntegrity(store::Store& store) {
  auto tx = store.Read();
  if (!tx.ok()) return {"cannot begin a read: " + tx.error().ToString()};
  auto check = tx->connection().Prepare("PRAGMA integrity_check");
  if (!check.ok()) return {"PRAGMA integrity_check failed: " + check.error().message};
  std::vector<std::string> problems;
  while (true) {
    auto row = check->Step();
    if (!row.ok() || !*row) break;
    if (check->Text(0) != "ok") problems.push_back("integrity_check: " + check->Text(0));
  }
  return problems;
}

std::vector<std::string> CheckInvariants(store::Store& store,
                                         const std::vector<gpu::Slot>& inventory,
                                         const core::LimitsFor& limits) {
  auto tx = store.Read();
  if (!tx.ok()) return {"cannot begin a read: " + tx.error().ToString()};
  std::vector<std::string> problems = RawChecks(tx->connection());
  auto containers = store::ContainerTable(*tx).List();
  auto claims = store::AllocationTable(*tx).ListWithHolders();
  auto holds = store::HoldTable(*tx).List();
  if (!containers.ok() || !claims.ok() || !holds.ok()) {
    problems.push_back("cannot read the state");
    return problems;
  }

  std::map<std::string, const gpu::Slot*> slots;
  for (const gpu::Slot& slot : inventory) slots[slot.id] = &slot;
  std::map<std::int64_t, std::vector<store::SlotClaim>> by_container;
  std::map<int, int> slices_by_gpu;
  for (const store::ClaimView& view : *claims) {
    const store::SlotClaim& claim = view.claim;
    by_container[claim.container_id].push_back(claim);
    slices_by_gpu[claim.gpu_index] += claim.slices;
    const auto it = slots.find(claim.slot_id);
    if (it == slots.end()) {
      problems.push_back("claim on unknown slot " + claim.slot_id);
    } else if (it->second->uuid != claim.slot_uuid || it->second->slices != claim.slices ||
               it->second->gpu_index != claim.gpu_index ||
               it->second->mig_profile != claim.mig_profile) {
      problems.push_back("claim on " + claim.slot_id + " misdescribes the slot");
    }
  }
  for (const auto& [gpu_index, slices] : slices_by_gpu) {
    if (slices > gpu::kSlicesPerGpu) {
      problems.push_back(fmt::format("GPU {} has {} slices claimed", gpu_index, slices));
    }
  }
  std::set<std::int64_t> held;
  for (const store::Hold& hold : *holds) held.insert(hold.container_id);

  struct UserTotals {
    int containers = 0;
    int slices = 0;
  };
  std::map<uid_t, UserTotals> users;
  for (const store::ContainerRecord& record : *containers) {
    const policy::Limits limit = limits(record.uid);
    const auto& mine = by_container[record.id];
    int slices = 0;
    for (const auto& claim : mine) {
      slices += claim.slices;
      if (claim.mig_profile.empty() && !limit.allow_full_gpu) {
        problems.push_back(fmt::format("{}/{} has whole GPU {} without allow_full_gpu", record.user,
                                       record.name, claim.slot_id));
      }
    }
    users[record.uid].containers += 1;
    users[record.uid].slices += slices;
    if (slices > SlicesAllowed(limit.max_gpus_per_container)) {
      problems.push_back(fmt::format("{}/{} holds {} slices, over its per-container limit",
                                     record.user, record.name, slices));
    }
    auto ask = core::DecodeGpuAsk(record.gpu_request);
    if (!ask.ok()) {
      problems.push_back(fmt::format("{}/{} has a bad request '{}'", record.user, record.name,
                                     record.gpu_request));
      continue;
    }
    const bool is_held = held.contains(record.id);
    const bool stopped = record.state == store::ContainerState::kStopped;
    if (is_held && (!stopped || mine.empty())) {
      problems.push_back(fmt::format("{}/{} has a hold while {} with {} slots", record.user,
                                     record.name, store::ContainerStateName(record.state),
                                     mine.size()));
    }
    const bool must_match = !stopped || is_held;
    if (must_match && !Matches(*ask, mine, inventory)) {
      problems.push_back(fmt::format("{}/{} ({}) holds {} slots for request '{}'", record.user,
                                     record.name, store::ContainerStateName(record.state),
                                     mine.size(), record.gpu_request));
    }
    if (!must_match && !mine.empty()) {
      problems.push_back(fmt::format("{}/{} is stopped without a hold but keeps {} slots",
                                     record.user, record.name, mine.size()));
    }
  }
  for (const auto& [uid, totals] : users) {
    const policy::Limits limit = limits(uid);
    if (totals.slices > SlicesAllowed(limit.max_gpus)) {
      problems.push_back(fmt::format("uid {} holds {} slices, over max_gpus {}", uid, totals.slices,
                                     limit.max_gpus));
    }
    if (totals.containers > limit.max_containers) {
      problems.push_back(fmt::format("uid {} has {} containers, over max_containers {}", uid,
                                     totals.containers, limit.max_containers));
    }
  }
  return problems;
}

}  // namespace ds01::stress
