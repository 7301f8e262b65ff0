#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "policy/config_holder.h"
#include "policy/identity.h"
#include "policy/limits.h"

namespace ds01::policy {

/// Each user's effective limits (their groups' policy, clamped to the host), looked up once and
/// kept until the config is reloaded or `ttl` has passed. The allocator asks inside its write
/// transactions; the account and its groups come from NSS, which may be a slow directory, and a
/// write transaction must never wait on it (callers ask once before they begin, so the answer
/// inside is a lookup here).
class LimitsCache {
 public:
  LimitsCache(const UserDirectory& users, const ConfigHolder& config, HostCapacity host,
              const Clock& clock, std::chrono::seconds ttl = std::chrono::minutes(1))
      : users_(users), config_(config), host_(host), clock_(clock), ttl_(ttl) {}

  /// The limits of `uid`; a uid with no account gets the defaults.
  Limits Of(uid_t uid) const;

 private:
  struct Entry {
    Limits limits;
    std::shared_ptr<const Config> config;  // the config they were worked out from
    Clock::TimePoint at;
  };

  const UserDirectory& users_;
  const ConfigHolder& config_;
  const HostCapacity host_;
  const Clock& clock_;
  const std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  mutable std::map<uid_t, Entry> entries_;
};

}  // namespace ds01::policy
