#include "daemon/engine_calls.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ds01::daemon {
namespace {

using std::chrono::milliseconds;

// Calls that run until released, counting how many run at once per uid.
class Gate {
 public:
  std::function<void()> Call(uid_t uid) {
    return [this, uid] {
      {
        std::unique_lock lock(mutex_);
        ++running_[uid];
        ++started_;
        most_[uid] = std::max(most_[uid], running_[uid]);
        changed_.notify_all();
        changed_.wait(lock, [this] { return open_; });
        --running_[uid];
        ++finished_;
      }
      changed_.notify_all();
    };
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool WaitForStarted(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(2), [&] { return started_ >= n; });
  }
  bool WaitForFinished(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(2), [&] { return finished_ >= n; });
  }
  int started() {
    std::lock_guard lock(mutex_);
    return started_;
  }
  int most(uid_t uid) {
    std::lock_guard lock(mutex_);
    return most_[uid];
  }
  int running(uid_t uid) {
    std::lock_guard lock(mutex_);
    return running_[uid];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uid_t, int> running_;
  std::map<uid_t, int> most_;
  int started_ = 0;
  int finished_ = 0;
  bool open_ = false;
};

TEST(EngineCalls, OneUserRunsAtMostTheirShareAndTheRestWaitTheirTurn) {
  EngineCalls calls(EngineCalls::Limits{2, 8});
  Gate gate;
  for (int i = 0; i < 6; ++i) calls.Run(1000, "", gate.Call(1000));
  ASSERT_TRUE(gate.WaitForStarted(2));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(gate.started(), 2) << "the other four wait";
  calls.Run(1001, "", gate.Call(1001));
  EXPECT_TRUE(gate.WaitForStarted(3)) << "another user's call does not wait behind them";
  EXPECT_EQ(gate.running(1001), 1);
  gate.Open();
  EXPECT_TRUE(gate.WaitForFinished(7)) << "the waiting ones ran once others finished";
  EXPECT_EQ(gate.most(1000), 2);
}

TEST(EngineCalls, EveryoneTogetherRunsAtMostTheTotal) {
  EngineCalls calls(EngineCalls::Limits{4, 3});
  Gate gate;
  for (uid_t uid = 1000; uid < 1006; ++uid) calls.Run(uid, "", gate.Call(uid));
  ASSERT_TRUE(gate.WaitForStarted(3));
  std::this_thread::sleep_for(milliseconds(30));
  EXPECT_EQ(gate.started(), 3);
  gate.Open();
  EXPECT_TRUE(gate.WaitForFinished(6));
}

TEST(EngineCalls, RootIsHeldToTheTotalAlone) {
  EngineCalls calls(EngineCalls::Limits{1, 4});
  Gate gate;
  for (int i = 0; i < 4; ++i) calls.Run(0, "", gate.Call(0));
  EXPECT_TRUE(gate.WaitForStarted(4));
  gate.Open();
  EXPECT_TRUE(gate.WaitForFinished(4));
}

TEST(EngineCalls, StopDropsWhatWaitsAndWaitsForWhatRuns) {
  Gate gate;
  std::atomic<int> dropped{0};
  struct CountsItsEnd {
    std::atomic<int>* count;
    ~CountsItsEnd() { ++*count; }
  };
  auto calls = std::make_unique<EngineCalls>(EngineCalls::Limits{1, 1});
  calls->Run(1000, "", gate.Call(1000));
  ASSERT_TRUE(gate.WaitForStarted(1));
  auto marker = std::make_shared<CountsItsEnd>(&dropped);
  calls->Run(1000, "", [marker] { ADD_FAILURE() << "ran after Stop"; });
  marker.reset();
  std::thread opener([&] {
    std::this_thread::sleep_for(milliseconds(30));
    gate.Open();
  });
  calls->Stop();
  EXPECT_TRUE(gate.WaitForFinished(1)) << "Stop returned only after the running call ended";
  EXPECT_EQ(dropped, 1) << "the waiting call was dropped, and what it held released";
  calls->Run(1000, "", [] { ADD_FAILURE() << "ran after Stop"; });
  opener.join();
}

TEST(EngineCalls, ASecondCallForTheSameKeyIsRefusedAtOnceWhileTheFirstRunsOrWaits) {
  EngineCalls calls(EngineCalls::Limits{1, 8});
  Gate gate;
  ASSERT_TRUE(calls.Run(1000, "1000/a", gate.Call(1000)));
  ASSERT_TRUE(gate.WaitForStarted(1));
  ASSERT_TRUE(calls.Run(1000, "1000/b", gate.Call(1000))) << "waits: one at a time for 1000";
  EXPECT_FALSE(calls.Run(1000, "1000/a", [] { ADD_FAILURE() << "ran while busy"; }));
  EXPECT_FALSE(calls.Run(1000, "1000/b", [] { ADD_FAILURE() << "ran while busy"; }))
      << "a waiting call is as busy as a running one";
  EXPECT_TRUE(calls.Run(1001, "1001/a", gate.Call(1001))) << "keys are the caller's own";
  gate.Open();
  ASSERT_TRUE(gate.WaitForFinished(3));
  calls.Stop();
}

TEST(EngineCalls, ACallThatReleasedItsKeyLetsTheNextInWhileItFinishes) {
  EngineCalls calls(EngineCalls::Limits{4, 8});
  Gate gate;
  std::atomic<bool> released = false;
  ASSERT_TRUE(calls.Run(1000, "1000/a", [&] {
    calls.ReleaseKey();  // as the router does just before the call answers
    released = true;
    gate.Call(1000)();
  }));
  for (int i = 0; i < 200 && !released; ++i) std::this_thread::sleep_for(milliseconds(5));
  ASSERT_TRUE(released);
  ASSERT_TRUE(calls.Run(1000, "1000/a", gate.Call(1000))) << "the first answered: not busy";
  EXPECT_FALSE(calls.Run(1000, "1000/a", [] { ADD_FAILURE() << "ran while busy"; }))
      << "the second holds the key until it answers";
  calls.ReleaseKey();  // outside a call: nothing happens
  gate.Open();
  ASSERT_TRUE(gate.WaitForFinished(2));
  calls.Stop();
}

}  // namespace
}  // namespace ds01::daemon
