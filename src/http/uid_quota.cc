#include "http/uid_quota.h"

#include <utility>

namespace ds01::http {

QuotaTicket::QuotaTicket(QuotaTicket&& other) noexcept
    : quota_(std::move(other.quota_)), uid_(other.uid_) {}

QuotaTicket& QuotaTicket::operator=(QuotaTicket&& other) noexcept {
  if (this != &other) {
    if (quota_) quota_->Give(uid_);
    quota_ = std::move(other.quota_);
    uid_ = other.uid_;
  }
  return *this;
}

QuotaTicket::~QuotaTicket() {
  if (quota_) quota_->Give(uid_);
}

std::shared_ptr<UidQuota> UidQuota::Create(std::size_t total, std::size_t per_uid) {
  return std::shared_ptr<UidQuota>(new UidQuota(total, per_uid));
}

QuotaTicket UidQuota::TryTake(uid_t uid) {
  std::lock_guard lock(mutex_);
  if (total_ >= total_cap_) return {};
  std::size_t& mine = by_uid_[uid];
  if (uid != 0 && mine >= per_uid_cap_) return {};
  ++mine;
  ++total_;
  return QuotaTicket(shared_from_this(), uid);
}

std::size_t UidQuota::held_by(uid_t uid) const {
  std::lock_guard lock(mutex_);
  auto it = by_uid_.find(uid);
  return it == by_uid_.end() ? 0 : it->second;
}

void UidQuota::Give(uid_t uid) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = by_uid_.find(uid);
  if (--it->second == 0) by_uid_.erase(it);
}

}  // namespace ds01::http
