#include "policy/limits_cache.h"

namespace ds01::policy {

Limits LimitsCache::Of(uid_t uid) const {
  const auto config = config_.Snapshot();
  const Clock::TimePoint now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(uid);
    if (it != entries_.end() && it->second.config == config && now - it->second.at < ttl_) {
      return it->second.limits;
    }
  }
  // Outside the lock: one slow account does not hold up the others'.
  auto identity = users_.Lookup(uid);
  const Identity who = identity.ok() ? *identity : Identity{uid, uid, "", {}};
  const Limits limits = ClampToHost(EffectiveLimits(*config, who), host_);
  std::lock_guard lock(mutex_);
  entries_[uid] = Entry{limits, config, now};
  return limits;
}

}  // namespace ds01::policy
