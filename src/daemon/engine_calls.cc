#include "daemon/engine_calls.h"

#include <thread>
#include <utility>

namespace ds01::daemon {
namespace {

// The call the current thread runs, if it is one of the EngineCalls' threads.
thread_local std::string* current_key = nullptr;

}  // namespace

EngineCalls::~EngineCalls() { Stop(); }

void EngineCalls::ReleaseKey() {
  if (current_key == nullptr) return;
  std::lock_guard lock(mutex_);
  if (!current_key->empty()) keys_.erase(*current_key);
  current_key->clear();
}

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
  waiting_.Push(uid, Call{uid, std::move(key), std::move(call)});
  StartWhatMayRun();
  return true;
}

void EngineCalls::Stop() {
  {
    // What waits is destroyed outside the lock: its deferred exchanges answer as they go.
    http::UidTurns<Call> dropped;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      std::swap(dropped, waiting_);
    }
  }
  std::unique_lock lock(mutex_);
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
  // Root's calls (admin tools) are held to the total alone.
  auto next =
      waiting_.Take([this](uid_t uid) { return uid == 0 || running_[uid] < limits_.per_uid; });
  if (!next) return false;
  call = std::move(next->second);
  ++running_[call.uid];
  return true;
}

void EngineCalls::Work(Call call) {
  for (;;) {
    current_key = &call.key;
    call.run();
    call.run = nullptr;  // what it holds (its exchange) goes before the next call or the exit
    current_key = nullptr;
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
