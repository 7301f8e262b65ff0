#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/error.h"
#include "policy/config.h"

namespace ds01::policy {

/// Keeps the daemon's current config: readers take immutable snapshots while a reload swaps
/// in a new one, and a reload that fails leaves the last good config in place.
class ConfigHolder {
 public:
  explicit ConfigHolder(Config initial);

  /// The config in force now; it stays valid and unchanged for as long as the caller holds it.
  std::shared_ptr<const Config> Snapshot() const;

  /// Loads `path` and makes it current; on any error keeps the current config and returns it.
  Status Reload(const std::string& path);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Config> current_;
};

}  // namespace ds01::policy
