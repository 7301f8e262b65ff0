#include "common/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ds01 {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(FakeClock, StandsStillUntilAdvanced) {
  FakeClock clock;
  const auto start = clock.Now();
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(minutes(15));
  EXPECT_EQ(clock.Now() - start, minutes(15));
}

TEST(FakeClock, StartsAtAFixedReadableInstant) {
  FakeClock clock;
  EXPECT_EQ(clock.Now().time_since_epoch(), seconds(1704067200));
}

TEST(FakeClock, SetJumpsToAnInstant) {
  FakeClock clock;
  const auto later = clock.Now() + std::chrono::hours(24);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
}

TEST(FakeClock, AdvancesFromManyThreadsWithoutLosingTicks) {
  FakeClock clock;
  const auto start = clock.Now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.Advance(seconds(1));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.Now() - start, seconds(4000));
}

TEST(SystemClock, FollowsTheWallClock) {
  SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const auto now = clock.Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now - before, seconds(5));
}

TEST(Clock, IsUsableThroughTheInterface) {
  FakeClock fake;
  const Clock& clock = fake;
  fake.Advance(seconds(90));
  EXPECT_EQ(clock.Now(), FakeClock::DefaultStart() + seconds(90));
}

}  // namespace
}  // namespace ds01
