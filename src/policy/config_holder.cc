#include "policy/config_holder.h"

namespace ds01::policy {

ConfigHolder::ConfigHolder(Config initial)
    : current_(std::make_shared<const Config>(std::move(initial))) {}

std::shared_ptr<const Config> ConfigHolder::Snapshot() const {
  std::lock_guard lock(mutex_);
  return current_;
}

Status ConfigHolder::Reload(const std::string& path) {
  auto loaded = LoadConfig(path);
  if (!loaded.ok()) return std::move(loaded).error();
  auto next = std::make_shared<const Config>(std::move(*loaded));
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  return Ok();
}

}  // namespace ds01::policy
