#include "daemon/scheduler.h"

#include <spdlog/spdlog.h>

namespace ds01::daemon {

Scheduler::~Scheduler() { Stop(); }

Scheduler::JobId Scheduler::Add(std::string name, Work work, Duration min_gap) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(Job{std::move(name), std::move(work), min_gap, Clock::now(), {}});
  return jobs_.size() - 1;
}

void Scheduler::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Wake(JobId job_id) {
  {
    std::lock_guard lock(mutex_);
    Job& job = jobs_.at(job_id);
    const Clock::time_point soonest = std::max(Clock::now(), job.last_run + job.min_gap);
    if (job.due && *job.due <= soonest) return;
    job.due = soonest;
  }
  changed_.notify_all();
}

std::optional<std::pair<Scheduler::JobId, Scheduler::Clock::time_point>> Scheduler::Earliest()
    const {
  std::optional<std::pair<JobId, Clock::time_point>> earliest;
  for (JobId id = 0; id < jobs_.size(); ++id) {
    const auto& due = jobs_[id].due;
    if (due && (!earliest || *due < earliest->second)) earliest = std::pair(id, *due);
  }
  return earliest;
}

void Scheduler::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto next = Earliest();
    if (!next) {
      changed_.wait(lock);
      continue;
    }
    if (next->second > Clock::now()) {
      changed_.wait_until(lock, next->second);
      continue;  // woken, stopped, or due: look again
    }
    Job& job = jobs_[next->first];
    job.due.reset();
    job.last_run = Clock::now();
    Work& work = job.work;  // jobs_ does not change once the thread runs
    lock.unlock();
    const std::optional<Duration> again = work();
    lock.lock();
    if (again) {
      const Clock::time_point at = Clock::now() + *again;
      if (!job.due || at < *job.due) job.due = at;
    }
  }
}

}  // namespace ds01::daemon
