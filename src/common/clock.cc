#include "common/clock.h"

namespace ds01 {

Clock::TimePoint SystemClock::Now() const { return std::chrono::system_clock::now(); }

FakeClock::FakeClock(TimePoint start) : ticks_(start.time_since_epoch().count()) {}

Clock::TimePoint FakeClock::Now() const {
  return TimePoint(std::chrono::system_clock::duration(ticks_.load()));
}

void FakeClock::Advance(std::chrono::system_clock::duration by) { ticks_ += by.count(); }

void FakeClock::Set(TimePoint to) { ticks_ = to.time_since_epoch().count(); }

Clock::TimePoint FakeClock::DefaultStart() { return TimePoint(std::chrono::seconds(1704067200)); }

}  // namespace ds01
