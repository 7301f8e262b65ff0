#pragma once

#include <sys/types.h>

#include <deque>
#include <map>
#include <optional>
#include <utility>

namespace ds01::http {

/// Work waiting per uid, handed out by uid in turn so that one user's many items never starve
/// another's: the next item comes from the first uid in line that may run one now, and that
/// uid goes to the back of the line if it has more. Not thread-safe: the owner locks.
template <typename T>
class UidTurns {
 public:
  /// Queues `item` behind `uid`'s earlier ones.
  void Push(uid_t uid, T item) {
    auto& queue = waiting_[uid];
    if (queue.empty()) turns_.push_back(uid);
    queue.push_back(std::move(item));
  }

  /// The next item of the first uid in line for which `may_run(uid)` holds, with its uid;
  /// nullopt when there is none.
  template <typename MayRun>
  std::optional<std::pair<uid_t, T>> Take(MayRun may_run) {
    for (auto turn = turns_.begin(); turn != turns_.end(); ++turn) {
      const uid_t uid = *turn;
      if (!may_run(uid)) continue;
      auto& queue = waiting_[uid];
      std::pair<uid_t, T> next(uid, std::move(queue.front()));
      queue.pop_front();
      turns_.erase(turn);
      if (queue.empty()) {
        waiting_.erase(uid);
      } else {
        turns_.push_back(uid);  // its next item waits for the other uids' turns
      }
      return next;
    }
    return std::nullopt;
  }

 private:
  std::map<uid_t, std::deque<T>> waiting_;
  std::deque<uid_t> turns_;  // uids with waiting items, in the order they are served
};

}  // namespace ds01::http
