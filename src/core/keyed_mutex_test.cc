#include "core/keyed_mutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace ds01::core {
namespace {

TEST(KeyedMutex, WorkOnOneKeyIsSerialised) {
  KeyedMutex locks;
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto lock = locks.Acquire("1000/train");
      most = std::max(most.load(), ++inside);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      --inside;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(most, 1);
}

TEST(KeyedMutex, DifferentKeysDoNotWaitForEachOther) {
  KeyedMutex locks;
  auto held = locks.Acquire("1000/train");
  std::atomic<bool> other_done{false};
  std::thread other([&] {
    auto lock = locks.Acquire("1001/train");
    other_done = true;
  });
  other.join();  // would hang if keys shared a lock
  EXPECT_TRUE(other_done);
}

TEST(KeyedMutex, TryAcquireAnswersAtOnceWhileTheKeyIsHeld) {
  KeyedMutex locks;
  {
    auto held = locks.Acquire("1000/train");
    EXPECT_FALSE(locks.TryAcquire("1000/train").has_value());
    EXPECT_TRUE(locks.TryAcquire("1000/other").has_value());
  }
  auto taken = locks.TryAcquire("1000/train");
  ASSERT_TRUE(taken.has_value()) << "free again once released";
  std::atomic<bool> waited{false};
  std::thread waiter([&] {
    auto lock = locks.Acquire("1000/train");
    waited = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(waited) << "a lock TryAcquire took is held like any other";
  taken.reset();
  waiter.join();
  EXPECT_TRUE(waited);
}

}  // namespace
}  // namespace ds01::core
