#include "daemon/change_feed.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/wire_event.h"
#include "store/audit_log.h"

namespace ds01::daemon {
namespace {

constexpr int kBatch = 500;

// "alice/train" → {"alice", "train"}: how the audit trail names a container.
std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target) {
  const auto slash = target.find('/');
  if (slash == std::string_view::npos) return {target, {}};
  return {target.substr(0, slash), target.substr(slash + 1)};
}

}  // namespace

bool MaySee(const Viewer& viewer, const store::AuditEvent& event) {
  const std::string_view owner = SplitTarget(event.target).first;
  if (!viewer.admin) return owner == viewer.user;
  return !viewer.owner || owner == *viewer.owner;
}

std::string EventLine(const store::AuditEvent& event) {
  const auto [owner, container] = SplitTarget(event.target);
  const api::Event line{event.id,
                        event.at,
                        event.actor,
                        event.action,
                        std::string(owner),
                        std::string(container),
                        std::string(store::OutcomeName(event.outcome)),
                        event.detail};
  return api::DumpWire(line) + "\n";
}

ChangeFeed::~ChangeFeed() { Stop(); }

Status ChangeFeed::Start() {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  auto last = store::AuditLog(*tx).LastId();
  if (!last.ok()) return last.error();
  {
    std::lock_guard lock(mutex_);
    last_id_ = *last;
  }
  thread_ = std::thread([this] { Run(); });
  return Ok();
}

void ChangeFeed::Stop() {
  {
    std::lock_guard lock(wake_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  woken_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (Follower& follower : followers_) follower.stream->End();
  followers_.clear();
}

void ChangeFeed::Notify() {
  {
    std::lock_guard lock(wake_mutex_);
    pending_ = true;
  }
  woken_.notify_one();
}

std::size_t ChangeFeed::follower_count() const {
  std::lock_guard lock(mutex_);
  return followers_.size();
}

Status ChangeFeed::Follow(std::shared_ptr<http::Stream> stream, Viewer viewer,
                          std::optional<store::TimePoint> since, bool follow) {
  std::lock_guard lock(mutex_);
  Follower follower{std::move(stream), std::move(viewer)};
  if (stopped_) {
    follower.stream->End();
    return Ok();
  }
  if (since) {
    auto before = IdBefore(*since);
    if (!before.ok()) return before.error();
    auto open = Replay(follower, std::max(*before, last_id_ - kMaxReplay), last_id_);
    if (!open.ok()) return open.error();
    if (!*open) return Ok();
  }
  if (follow) {
    followers_.push_back(std::move(follower));
  } else {
    follower.stream->End();
  }
  return Ok();
}

Result<std::int64_t> ChangeFeed::IdBefore(store::TimePoint since) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  return store::AuditLog(*tx).IdBefore(since);
}

Result<std::vector<store::AuditEvent>> ChangeFeed::EventsAfter(std::int64_t id) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  return store::AuditLog(*tx).ListAfter(id, kBatch);
}

Result<bool> ChangeFeed::Replay(const Follower& follower, std::int64_t after_id,
                                std::int64_t up_to) {
  while (after_id < up_to) {
    DS01_ASSIGN_OR_RETURN(const std::vector<store::AuditEvent> events, EventsAfter(after_id));
    if (events.empty()) break;
    for (const store::AuditEvent& event : events) {
      if (event.id > up_to) return true;
      if (MaySee(follower.viewer, event) && !follower.stream->Send(EventLine(event))) return false;
    }
    after_id = events.back().id;
  }
  return true;
}

void ChangeFeed::Run() {
  while (true) {
    {
      std::unique_lock wake(wake_mutex_);
      woken_.wait(wake, [this] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    std::lock_guard lock(mutex_);
    Status published = Publish();
    if (!published.ok()) spdlog::warn("change feed: {}", published.error().ToString());
  }
}

Status ChangeFeed::Publish() {
  while (true) {
    DS01_ASSIGN_OR_RETURN(const std::vector<store::AuditEvent> events, EventsAfter(last_id_));
    if (events.empty()) return Ok();
    for (const store::AuditEvent& event : events) {
      const std::string line = EventLine(event);
      std::erase_if(followers_, [&](const Follower& follower) {
        return MaySee(follower.viewer, event) ? !follower.stream->Send(line)
                                              : !follower.stream->open();
      });
      last_id_ = event.id;
    }
  }
}

}  // namespace ds01::daemon
