#include "daemon/expiry_timer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ds01::daemon {
namespace {

// After a failed sweep (the database or the engine unavailable), try again this soon.
constexpr std::chrono::seconds kRetry{10};

}  // namespace

ExpiryTimer::~ExpiryTimer() { Stop(); }

void ExpiryTimer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ExpiryTimer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ExpiryTimer::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void ExpiryTimer::Run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    std::chrono::system_clock::duration sleep = longest_sleep_;
    Status swept = service_.ExpireDue();
    auto next = service_.NextDeadline();
    if (!swept.ok() || !next.ok()) {
      spdlog::warn("expiry sweep failed: {}",
                   (!swept.ok() ? swept.error() : next.error()).ToString());
      sleep = kRetry;
    } else if (next->has_value()) {
      sleep = std::clamp<std::chrono::system_clock::duration>(
          **next - clock_.Now(), std::chrono::milliseconds(1), longest_sleep_);
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, sleep, [this] { return woken_ || stopping_; });
  }
}

}  // namespace ds01::daemon
