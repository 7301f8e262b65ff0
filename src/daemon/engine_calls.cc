#include "daemon/engine_calls.h"

#include <thread>
#include <utility>

namespace ds01::daemon {

EngineCalls::~EngineCalls() { Stop(); }

void EngineCalls::Run(uid_t uid, std::function<void()> call) {
  std::function<void()> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      dropped = std::move(call);  // destroyed outside the lock
    } else {
      auto& queue = waiting_[uid];
      if (queue.empty()) turns_.push_back(uid);
      queue.push_back(std::move(call));
      StartWhatMayRun();
    }
  }
}

void EngineCalls::Stop() {
  std::map<uid_t, std::deque<std::function<void()>>> dropped;
  std::unique_lock lock(mutex_);
  stopping_ = true;
  dropped.swap(waiting_);
  turns_.clear();
  lock.unlock();
  dropped.clear();
  lock.lock();
  idle_.wait(lock, [this] { return threads_ == 0; });
}

void EngineCalls::StartWhatMayRun() {
  uid_t uid = 0;
  std::function<void()> call;
  while (threads_ < limits_.total && TakeNext(uid, call)) {
    ++threads_;
    std::thread([this, uid, call = std::move(call)]() mutable { Work(uid, std::move(call)); })
        .detach();
  }
}

bool EngineCalls::TakeNext(uid_t& uid, std::function<void()>& call) {
  for (auto turn = turns_.begin(); turn != turns_.end(); ++turn) {
    // Root's calls (admin tools, timers) are held to the total alone.
    if (*turn != 0 && running_[*turn] >= limits_.per_uid) continue;
    uid = *turn;
    auto& queue = waiting_[uid];
    call = std::move(queue.front());
    queue.pop_front();
    turns_.erase(turn);
    if (queue.empty()) {
      waiting_.erase(uid);
    } else {
      turns_.push_back(uid);
    }
    ++running_[uid];
    return true;
  }
  return false;
}

void EngineCalls::Work(uid_t uid, std::function<void()> call) {
  for (;;) {
    call();
    call = nullptr;  // what it holds (its exchange) goes before the next call or the exit
    std::lock_guard lock(mutex_);
    if (--running_[uid] == 0) running_.erase(uid);
    if (stopping_ || !TakeNext(uid, call)) {
      --threads_;
      // Notified under the lock: once Stop sees no thread left, none touches this object.
      idle_.notify_all();
      return;
    }
  }
}

}  // namespace ds01::daemon
