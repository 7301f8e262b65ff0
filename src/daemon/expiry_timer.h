#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "core/container_service.h"

namespace ds01::daemon {

/// The daemon's one timer thread (no cron): it sleeps until the next GPU hold or stopped
/// container is due, lets the container service expire what is due, and sleeps again. Wake()
/// makes it look again at once, after any change of state or of the config.
class ExpiryTimer {
 public:
  /// `longest_sleep` bounds each sleep, so that a wall-clock jump is noticed in time.
  ExpiryTimer(core::ContainerService& service, const Clock& clock,
              std::chrono::seconds longest_sleep = std::chrono::minutes(5))
      : service_(service), clock_(clock), longest_sleep_(longest_sleep) {}
  ExpiryTimer(const ExpiryTimer&) = delete;
  ExpiryTimer& operator=(const ExpiryTimer&) = delete;
  /// Stops, as Stop does.
  ~ExpiryTimer();

  /// Starts the thread.
  void Start();
  /// Ends the thread after the sweep under way, if any. Idempotent.
  void Stop();
  /// Makes the thread recompute its deadline now.
  void Wake();

 private:
  void Run();

  core::ContainerService& service_;
  const Clock& clock_;
  const std::chrono::seconds longest_sleep_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ds01::daemon
