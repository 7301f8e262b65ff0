#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "http/uid_turns.h"

namespace ds01::daemon {

/// Runs the handlers of routes that wait on the engine (create, start, stop, remove: a stop
/// may wait out a container's whole grace period) on threads of their own, outside the
/// request workers, so that short requests never queue behind them. At most `per_uid` of one
/// user's calls run at once and `total` of everyone's; more wait their turn, taken by user in
/// rotation. What waits is bounded by the server's connection caps: each waiting call is a
/// connection waiting for its answer. A call names what it changes (a container): a second call
/// for the same thing while the first runs or waits is refused at once, not queued behind it.
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

  /// Runs `call` for `uid` as soon as the limits allow, on a thread of its own; false, with
  /// `call` dropped at once, while another call for the same non-empty `key` runs or waits.
  /// After Stop every call is dropped unrun (a deferred exchange it holds answers 500): true.
  bool Run(uid_t uid, std::string key, std::function<void()> call);
  /// From inside a running call: frees its key now, so that the next call for the same thing
  /// is accepted once this one has answered, even while it still finishes. Elsewhere a no-op.
  void ReleaseKey();
  /// Drops the calls still waiting and waits for those running. Idempotent.
  void Stop();

 private:
  // Starts threads for waiting calls while the limits allow. Under mutex_.
  void StartWhatMayRun();
  struct Call {
    uid_t uid = 0;
    std::string key;
    std::function<void()> run;
  };
  // A thread's life: `call`, then the next waiting call that may run, until none may.
  void Work(Call call);
  // The next waiting call that may run, in user rotation; false when none. Under mutex_.
  bool TakeNext(Call& call);

  const Limits limits_;
  std::mutex mutex_;
  std::condition_variable idle_;
  http::UidTurns<Call> waiting_;
  std::set<std::string> keys_;  // of the calls running or waiting
  std::map<uid_t, std::size_t> running_;
  std::size_t threads_ = 0;
  bool stopping_ = false;
};

}  // namespace ds01::daemon
