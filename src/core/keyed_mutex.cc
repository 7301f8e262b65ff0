#include "core/keyed_mutex.h"

#include <utility>

namespace ds01::core {

KeyedMutex::Lock::Lock(KeyedMutex& owner, std::string key) : owner_(owner), key_(std::move(key)) {
  std::unique_lock lock(owner_.mutex_);
  Entry& entry = owner_.entries_[key_];
  ++entry.waiting;
  owner_.released_.wait(lock, [&entry] { return !entry.held; });
  --entry.waiting;
  entry.held = true;
}

KeyedMutex::Lock::Lock(KeyedMutex& owner, std::string key, std::adopt_lock_t)
    : owner_(owner), key_(std::move(key)) {}

std::optional<KeyedMutex::Lock> KeyedMutex::TryAcquire(std::string key) {
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[key];
    if (entry.held) return std::nullopt;
    entry.held = true;
  }
  return std::optional<Lock>(std::in_place, *this, std::move(key), std::adopt_lock);
}

KeyedMutex::Lock::~Lock() {
  {
    std::lock_guard lock(owner_.mutex_);
    const auto it = owner_.entries_.find(key_);
    it->second.held = false;
    if (it->second.waiting == 0) owner_.entries_.erase(it);
  }
  owner_.released_.notify_all();
}

}  // namespace ds01::core
