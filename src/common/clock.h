#pragma once

#include <atomic>
#include <chrono>

namespace ds01 {

/// The source of wall-clock time, injected wherever time decides something (hold expiry,
/// audit timestamps) so that tests can move time by hand.
class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  /// The current time.
  virtual TimePoint Now() const = 0;
};

/// The real wall clock.
class SystemClock final : public Clock {
 public:
  /// std::chrono::system_clock::now().
  TimePoint Now() const override;
};

/// A clock that stands still until a test moves it; safe to share between threads.
class FakeClock final : public Clock {
 public:
  /// Starts at `start` (by default 2024-01-01T00:00:00Z, a readable fixed instant).
  explicit FakeClock(TimePoint start = DefaultStart());

  /// The time last set or advanced to.
  TimePoint Now() const override;
  /// Moves the time forward by `by` (a negative duration moves it back).
  void Advance(std::chrono::system_clock::duration by);
  /// Sets the time to `to`.
  void Set(TimePoint to);

  /// 2024-01-01T00:00:00Z.
  static TimePoint DefaultStart();

 private:
  std::atomic<std::chrono::system_clock::rep> ticks_;
};

}  // namespace ds01
