#include "daemon/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace ds01::daemon {
namespace {

using std::chrono::milliseconds;

// Waits up to two seconds for `condition`.
template <typename Condition>
bool Eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return condition();
}

TEST(Scheduler, RunsEveryJobOnceAtStartThenWhenWoken) {
  Scheduler scheduler;
  std::atomic<int> runs{0};
  const auto job = scheduler.Add("count", [&]() -> std::optional<milliseconds> {
    ++runs;
    return std::nullopt;
  });
  scheduler.Start();
  ASSERT_TRUE(Eventually([&] { return runs == 1; }));
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(runs, 1) << "a job that asks for no next run waits to be woken";
  scheduler.Wake(job);
  EXPECT_TRUE(Eventually([&] { return runs == 2; }));
}

TEST(Scheduler, AJobRunsAgainAfterTheWaitItAsksFor) {
  Scheduler scheduler;
  std::atomic<int> runs{0};
  scheduler.Add("tick", [&]() -> std::optional<milliseconds> {
    ++runs;
    return milliseconds(10);
  });
  scheduler.Start();
  EXPECT_TRUE(Eventually([&] { return runs >= 5; }));
}

TEST(Scheduler, JobsNeverRunAtTheSameTime) {
  Scheduler scheduler;
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> runs{0};
  const auto work = [&]() -> std::optional<milliseconds> {
    if (++inside > 1) ++overlaps;
    std::this_thread::sleep_for(milliseconds(2));
    --inside;
    ++runs;
    return milliseconds(1);
  };
  scheduler.Add("a", work);
  scheduler.Add("b", work);
  scheduler.Add("c", work);
  scheduler.Start();
  ASSERT_TRUE(Eventually([&] { return runs >= 30; }));
  EXPECT_EQ(overlaps, 0);
}

TEST(Scheduler, AStormOfWakesCostsOneRunPerGap) {
  Scheduler scheduler;
  std::atomic<int> runs{0};
  const auto job = scheduler.Add(
      "repair",
      [&]() -> std::optional<milliseconds> {
        ++runs;
        return std::nullopt;
      },
      milliseconds(200));
  scheduler.Start();
  ASSERT_TRUE(Eventually([&] { return runs == 1; }));
  for (int i = 0; i < 1000; ++i) scheduler.Wake(job);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(runs, 1) << "woken inside its gap: it waits for the gap's end";
  EXPECT_TRUE(Eventually([&] { return runs == 2; }));
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(runs, 2) << "a thousand wakes, one run";
}

TEST(Scheduler, AWakeDuringARunRunsTheJobAgainAfterIt) {
  Scheduler scheduler;
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  Scheduler::JobId job = 0;
  job = scheduler.Add("slow", [&]() -> std::optional<milliseconds> {
    if (++runs == 1) {
      while (!release) std::this_thread::sleep_for(milliseconds(1));
    }
    return std::nullopt;
  });
  scheduler.Start();
  ASSERT_TRUE(Eventually([&] { return runs == 1; }));
  scheduler.Wake(job);  // what it is working on may already be stale
  release = true;
  EXPECT_TRUE(Eventually([&] { return runs == 2; }));
}

TEST(Scheduler, StopWaitsForTheRunUnderWayAndIsIdempotent) {
  Scheduler scheduler;
  std::atomic<bool> finished{false};
  std::atomic<bool> started{false};
  scheduler.Add("slow", [&]() -> std::optional<milliseconds> {
    started = true;
    std::this_thread::sleep_for(milliseconds(50));
    finished = true;
    return milliseconds(0);
  });
  scheduler.Start();
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  scheduler.Stop();
  EXPECT_TRUE(finished);
  scheduler.Stop();
}

}  // namespace
}  // namespace ds01::daemon
