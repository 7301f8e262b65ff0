#include "daemon/engine_calls.h"

#include <thread>
#include <utility>

namespace ds01::daemon {

EngineCalls::~EngineCalls() { Stop(); }

bool EngineCalls::Run(uid_t uid, std::string key, std::function<void()> call) {
  std::function<void()> dropped;  // destroyed outside the lock
  std::lock_guard lock(mutex_);
  if (stopping_) {
    dropped = std::move(call);
    return true;
  }
  if (!key.empty() && !keys_.insert(key).second) {
    dropped = std::move(call);
    return false;
  }
  auto& queue = waiting_[uid];
  if (queue.empty()) turns_.push_back(uid);
  queue.push_back(Call{uid, std::move(key), std::move(call)});
  StartWhatMayRun();
  return true;
}

void EngineCalls::Stop() {
  std::map<uid_t, std::deque<Call>> dropped;
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
  Call call;
  while (threads_ < limits_.total && TakeNext(call)) {
    ++threads_;
    std::thread([this, call = std::move(call)]() mutable { Work(std::move(call)); }).detach();
  }
}

bool EngineCalls::TakeNext(Call& call) {
  for (auto turn = turns_.begin(); turn != turns_.end(); ++turn) {
    // Root's calls (admin tools) are held to the total alone.
    if (*turn != 0 && running_[*turn] >= limits_.per_uid) continue;
    const uid_t uid = *turn;
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

void EngineCalls::Work(Call call) {
  for (;;) {
    call.run();
    call.run = nullptr;  // what it holds (its exchange) goes before the next call or the exit
    std::lock_guard lock(mutex_);
    if (--running_[call.uid] == 0) running_.erase(call.uid);
    if (!call.key.empty()) keys_.erase(call.key);
    if (stopping_ || !TakeNext(call)) {
      --threads_;
      // Notified under the lock: once Stop sees no thread left, none touches this object.
      idle_.notify_all();
      return;
    }
  }
}

}  // namespace ds01::daemon
