#pragma once

#include <sys/types.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>

namespace ds01::http {

class UidQuota;

/// One place taken in a UidQuota, given back when the ticket is destroyed. Move-only.
class QuotaTicket {
 public:
  QuotaTicket() = default;
  QuotaTicket(QuotaTicket&& other) noexcept;
  QuotaTicket& operator=(QuotaTicket&& other) noexcept;
  QuotaTicket(const QuotaTicket&) = delete;
  QuotaTicket& operator=(const QuotaTicket&) = delete;
  ~QuotaTicket();

  /// True when it holds a place.
  explicit operator bool() const { return quota_ != nullptr; }

 private:
  friend class UidQuota;
  QuotaTicket(std::shared_ptr<UidQuota> quota, uid_t uid) : quota_(std::move(quota)), uid_(uid) {}

  std::shared_ptr<UidQuota> quota_;
  uid_t uid_ = 0;
};

/// Places (connections, streams) shared by every uid, with a cap per uid so that one user
/// cannot take them all. Root is held only to the total: it can stop ds01d anyway, and the
/// per-uid caps exist to keep users from crowding each other out. Thread-safe.
class UidQuota : public std::enable_shared_from_this<UidQuota> {
 public:
  static std::shared_ptr<UidQuota> Create(std::size_t total, std::size_t per_uid);

  /// A ticket for one place, or an empty one when `uid` or everyone is at the cap.
  QuotaTicket TryTake(uid_t uid);

  std::size_t total_cap() const { return total_cap_; }
  std::size_t per_uid_cap() const { return per_uid_cap_; }
  /// How many places `uid` holds now.
  std::size_t held_by(uid_t uid) const;

 private:
  friend class QuotaTicket;
  UidQuota(std::size_t total, std::size_t per_uid) : total_cap_(total), per_uid_cap_(per_uid) {}
  void Give(uid_t uid);

  const std::size_t total_cap_;
  const std::size_t per_uid_cap_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<uid_t, std::size_t> by_uid_;
};

}  // namespace ds01::http
