#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>

namespace ds01::daemon {

/// Runs the handlers of routes that wait on the engine (create, start, stop, remove: a stop
/// may wait out a container's whole grace period) on threads of their own, outside the
/// request workers, so that short requests never queue behind them. At most `per_uid` of one
/// user's calls run at once and `total` of everyone's; more wait their turn, taken by user in
/// rotation. What waits is bounded by the server's connection caps: each waiting call is a
/// connection waiting for its answer.
class EngineCalls {
 public:
  struct Limits {
    std::size_t per_uid = 4;
    std::size_t total = 32;
  };

  explicit EngineCalls(Limits limits) : limits_(limits) {}
  EngineCalls(const EngineCalls&) = delete;
  EngineCalls& operator=(const EngineCalls&) = delete;
  /// Stops, as Stop does.
  ~EngineCalls();

  /// Runs `call` for `uid` as soon as the limits allow, on a thread of its own. After Stop,
  /// `call` is dropped unrun (a deferred exchange it holds answers 500).
  void Run(uid_t uid, std::function<void()> call);
  /// Drops the calls still waiting and waits for those running. Idempotent.
  void Stop();

 private:
  // Starts threads for waiting calls while the limits allow. Under mutex_.
  void StartWhatMayRun();
  // A thread's life: `call`, then the next waiting call that may run, until none may.
  void Work(uid_t uid, std::function<void()> call);
  // The next waiting call that may run, in user rotation; false when none. Under mutex_.
  bool TakeNext(uid_t& uid, std::function<void()>& call);

  const Limits limits_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::map<uid_t, std::deque<std::function<void()>>> waiting_;
  std::deque<uid_t> turns_;  // users with waiting calls, in the order they get a turn
  std::map<uid_t, std::size_t> running_;
  std::size_t threads_ = 0;
  bool stopping_ = false;
};

}  // namespace ds01::daemon
