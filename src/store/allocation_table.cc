#include "store/allocation_table.h"

namespace ds01::store {
namespace {

SlotClaim ReadClaim(const Query& row) {
  SlotClaim claim;
  claim.slot_id = row.Text(0);
  claim.slot_uuid = row.Text(1);
  claim.gpu_index = static_cast<int>(row.Int(2));
  claim.mig_profile = row.Text(3);
  claim.slices = static_cast<int>(row.Int(4));
  claim.container_id = row.Int(5);
  claim.claimed_at = FromMillis(row.Int(6));
  return claim;
}

}  // namespace

Status AllocationTable::Insert(const SlotClaim& c) {
  auto query = db_.Prepare(
      "INSERT INTO allocations (slot_id, slot_uuid, gpu_index, mig_profile, slices, "
      "container_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!query.ok()) return query.error();
  return query
      ->Bind(c.slot_id, c.slot_uuid, c.gpu_index, c.mig_profile, c.slices, c.container_id,
             ToMillis(c.claimed_at))
      .Run();
}

Result<std::vector<ClaimView>> AllocationTable::ListWithHolders() {
  auto query = db_.Prepare(
      "SELECT a.slot_id, a.slot_uuid, a.gpu_index, a.mig_profile, a.slices, a.container_id, "
      "a.claimed_at, c.uid, c.user, c.name, h.expires_at "
      "FROM allocations a JOIN containers c ON c.id = a.container_id "
      "LEFT JOIN holds h ON h.container_id = a.container_id "
      "ORDER BY a.gpu_index, a.slot_id");
  if (!query.ok()) return query.error();
  std::vector<ClaimView> views;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return views;
    ClaimView view;
    view.claim = ReadClaim(*query);
    view.uid = static_cast<uid_t>(query->Int(7));
    view.user = query->Text(8);
    view.container_name = query->Text(9);
    if (auto expires = query->OptionalInt(10)) view.hold_expires_at = FromMillis(*expires);
    views.push_back(std::move(view));
  }
}

Result<std::vector<SlotClaim>> AllocationTable::ListOf(std::int64_t container_id) {
  auto query = db_.Prepare(
      "SELECT slot_id, slot_uuid, gpu_index, mig_profile, slices, container_id, claimed_at "
      "FROM allocations WHERE container_id = ? ORDER BY gpu_index, slot_id");
  if (!query.ok()) return query.error();
  query->Bind(container_id);
  std::vector<SlotClaim> claims;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return claims;
    claims.push_back(ReadClaim(*query));
  }
}

Result<int> AllocationTable::DeleteOf(std::int64_t container_id) {
  auto query = db_.Prepare("DELETE FROM allocations WHERE container_id = ?");
  if (!query.ok()) return query.error();
  DS01_RETURN_IF_ERROR(query->Bind(container_id).Run());
  return db_.Changes();
}

}  // namespace ds01::store
